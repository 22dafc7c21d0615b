"""HTTP caching: a version's address is immutable, the current address short-lived, ETags give 304."""

import time

from django.core.cache import cache
from django.core.cache.backends import locmem
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import workflow
from accounts.open_data import caching

from .conftest import published_departments

PUBLIC = "/dongxihu/hrss/2022/"
IMMUTABLE = "public, max-age=31536000, immutable"


def test_version_files_are_immutable_with_their_sha256_as_etag(client, district):
    version = published_departments(district, 1)[0]
    pdf = client.get(PUBLIC + "v1/pdf/")
    assert (pdf["ETag"], pdf["Cache-Control"]) == (f'"{version.pdf_sha256}"', IMMUTABLE)
    assert client.get(PUBLIC + "v1/pdf/", HTTP_IF_NONE_MATCH=f'"{version.pdf_sha256}"').status_code == 304
    frozen = client.get(PUBLIC + "v1/json/")
    assert (frozen["ETag"], frozen["Cache-Control"]) == (f'"{version.json_sha256}-public"', IMMUTABLE)
    table = client.get(PUBLIC + "v1/tables/3.csv")
    assert (table["ETag"], table["Cache-Control"]) == (f'W/"{version.json_sha256}-csv-3"', IMMUTABLE)
    api = client.get("/api/v1/final-accounts/dongxihu/hrss/2022/v1/statements/")
    assert (api["ETag"], api["Cache-Control"]) == (f'"{version.json_sha256}-statements"', IMMUTABLE)


def test_current_addresses_are_short_lived_and_revalidated(client, district):
    version = published_departments(district, 1)[0]
    page = client.get(PUBLIC)
    assert page["Cache-Control"] == "public, max-age=0, s-maxage=300"
    assert page["ETag"] == f'"{version.html_sha256}-{version.json_sha256}-latest-1"'
    again = client.get(PUBLIC, HTTP_IF_NONE_MATCH=page["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    pdf = client.get(PUBLIC + "pdf/")
    assert (pdf["ETag"], pdf["Cache-Control"]) == (
        f'"{version.pdf_sha256}"',
        "public, max-age=0, s-maxage=300",
    )


def test_a_version_page_is_immutable_once_superseded(client, district):
    version = published_departments(district, 1)[0]
    assert client.get(PUBLIC + "v1/")["Cache-Control"] == "public, max-age=0, s-maxage=300"
    final_account = version.final_account
    accountant = final_account.department.memberships.get().user
    reviewer = final_account.department.bureau.memberships.get().user
    workflow.open_correction(final_account, by=accountant, reason="更正表1")
    workflow.submit(final_account, by=accountant, head_name="张局长", head_signed_on="2023-03-02")
    workflow.approve(final_account, by=reviewer)
    workflow.publish(final_account, by=reviewer)
    first = client.get(PUBLIC + "v1/")
    assert first["Cache-Control"] == IMMUTABLE
    assert "已被第2版更正取代" in first.content.decode()
    current = client.get(PUBLIC).content.decode()
    assert "全部版本（2）" in current and "更正原因：更正表1" in current


def test_signed_in_visitors_get_private_pages(client, district):
    version = published_departments(district, 1)[0]
    client.force_login(version.final_account.department.memberships.get().user)
    page = client.get(PUBLIC)
    assert (page["Cache-Control"], page.has_header("ETag")) == ("private, no-cache", False)


def test_anonymous_requests_reuse_the_versions_found_until_a_publication(
    client, district, django_assert_num_queries
):
    published_departments(district, 1)
    page = client.get(PUBLIC)
    with django_assert_num_queries(0):
        assert client.get(PUBLIC).content == page.content
        assert client.get(PUBLIC + "pdf/").status_code == 200
    caching.forget_on_publication()  # what any process publishing does, for every process
    with django_assert_num_queries(1):  # the versions are looked up again; the page is still the same
        assert client.get(PUBLIC).content == page.content
    with django_assert_num_queries(0):
        assert client.get(PUBLIC).content == page.content


def test_the_versions_found_are_reused_for_a_minute_at_most(client, district, monkeypatch):
    published_departments(district, 1)
    client.get(PUBLIC)
    key = "juesuan:stamps:dongxihu:hrss:2022"
    assert cache.get(key)[1][0].number == 1
    later = time.time() + caching.STAMPS_MAX_AGE + 1
    monkeypatch.setattr(locmem.time, "time", lambda: later)
    assert cache.get(key) is None


def test_signed_in_visitors_always_look_up_the_versions(client, district):
    version = published_departments(district, 1)[0]
    client.get(PUBLIC)
    client.force_login(version.final_account.department.memberships.get().user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PUBLIC + "pdf/").status_code == 200
    assert any('"accounts_publishedversion" v' in query["sql"] for query in queries.captured_queries)
