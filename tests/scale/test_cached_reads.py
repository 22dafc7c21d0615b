"""Public reads from the shared cache for every reader, with or without cookies; nothing personal shared.

A published version's bytes do not depend on who reads them: a reader with a CSRF cookie, a returning
visitor's cookie or an expired session gets the very bytes an anonymous reader without cookies gets,
from the shared cache, with at most one query. A signed-in reader gets them with their own header put
in; their header, their CSRF token and draft previews never reach anyone else.
"""

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts import editing, workflow
from accounts.models import FinalAccount
from accounts.open_data.caching import clear_caches
from tests.accounts.portal.conftest import published_departments
from tests.builders import make_bureau, make_user

PAGE = "/dongxihu/hrss/2022/"
PDF = PAGE + "pdf/"
API = "/api/v1/final-accounts/dongxihu/hrss/2022/"
READS = [PAGE, PAGE + "v1/", PDF, PAGE + "json/", API, API + "v1/", API + "v1/facts/", API + "statements/"]
# What browsers of people who are not signed in send: a CSRF cookie (anyone who opened the login
# page), an analytics-style cookie of a returning visitor, a session that has expired.
COOKIES = [
    {settings.CSRF_COOKIE_NAME: "k" * 32},
    {"returning": "1", settings.LANGUAGE_COOKIE_NAME: "zh-hans"},
    {settings.SESSION_COOKIE_NAME: "expiredsessionkeyexpiredsession1"},
]


@pytest.fixture(autouse=True)
def empty_cache():
    clear_caches()
    yield
    clear_caches()


@pytest.fixture
def district(db):
    return make_bureau(
        slug="dongxihu", name="东西湖区财政局", parent=make_bureau(slug="wuhan", name="武汉市财政局")
    )


def _reader(client, cookies):
    client.cookies.clear()
    for name, value in cookies.items():
        client.cookies[name] = value
    return client


def _vary(response):
    return [part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()]


@pytest.mark.parametrize("address", READS)
def test_readers_with_cookies_get_the_same_bytes_from_the_cache(
    client, district, address, django_assert_max_num_queries
):
    published_departments(district, 1)
    first = client.get(address)
    assert first.status_code == 200
    assert "cookie" not in _vary(first)
    for cookies in COOKIES:
        reader = _reader(client, cookies)
        # An expired session is looked for once (not in the cache, then in the database).
        with django_assert_max_num_queries(1 if settings.SESSION_COOKIE_NAME in cookies else 0):
            again = reader.get(address)
        assert (again.status_code, again.content) == (200, first.content)
        assert again["ETag"] == first["ETag"] and again["Cache-Control"] == first["Cache-Control"]
        assert "cookie" not in _vary(again), (address, cookies)
        # Nothing set (no session created, no CSRF cookie); an expired session's cookie is deleted.
        assert all(morsel.value == "" for morsel in again.cookies.values()), again.cookies
        assert again.wsgi_request.session.accessed is (settings.SESSION_COOKIE_NAME in cookies)


def test_a_returning_visitors_stale_session_cookie_is_looked_up_once(
    client, district, django_assert_num_queries
):
    published_departments(district, 1)
    client.get(PAGE)
    reader = _reader(client, {settings.SESSION_COOKIE_NAME: "expiredsessionkeyexpiredsession1"})
    with django_assert_num_queries(1):  # the session, not found
        first = reader.get(PAGE)
    with django_assert_num_queries(0):  # remembered as naming nobody signed in
        again = reader.get(PAGE)
    assert (first.status_code, again.status_code, again.content) == (200, 200, first.content)
    assert again.wsgi_request.session.accessed is False


def test_signing_in_gives_a_key_never_taken_for_an_anonymous_one(client, district):
    """A key remembered as naming nobody signed in is never the key of a session signed in later."""
    published_departments(district, 1)
    client.get("/login/")  # an anonymous session key, if any, is remembered as such on a public read
    client.get(PAGE)
    user = make_user("reader")
    client.force_login(user)
    page = client.get(PAGE)
    assert page["Cache-Control"] == "private, no-cache"
    assert "reader" in page.content.decode()


def test_a_reader_without_a_session_cookie_never_touches_the_session(client, district):
    published_departments(district, 1)
    client.get(PAGE)
    for address in READS:
        response = _reader(client, COOKIES[0]).get(address)
        assert response.wsgi_request.session.accessed is False, address


def _nav(user):
    return render_to_string("account_nav.html", {"user": user}).encode()


def _without_nav(content):
    start = content.index('<nav aria-label="账户"'.encode())
    return content[:start] + content[content.index(b"</nav>", start) :]


def test_a_signed_in_reader_gets_the_shared_page_with_their_own_header(client, district):
    version = published_departments(district, 1)[0]
    anonymous = client.get(PAGE)
    reviewer = version.final_account.department.bureau.memberships.get().user
    reviewer.first_name = "审核员甲"
    reviewer.save()
    client.force_login(reviewer)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-cache" and not page.has_header("ETag")
    text = page.content.decode()
    header = text[text.index('<header class="site-header"') : text.index("</header>")]
    assert "审核员甲" in header and "退出" in header and "工作台" in header
    assert 'name="csrfmiddlewaretoken"' in header and "登录" not in header
    # Everything but the header's account navigation is the anonymous reader's bytes.
    assert _without_nav(page.content) == _without_nav(anonymous.content)
    assert _nav(AnonymousUser()) in anonymous.content and _nav(AnonymousUser()) not in page.content


def test_a_signed_in_readers_header_never_reaches_anyone_else(client, district):
    version = published_departments(district, 1)[0]
    reviewer = version.final_account.department.bureau.memberships.get().user
    reviewer.first_name = "审核员甲"
    reviewer.save()
    client.force_login(reviewer)  # the reviewer reads first: the cache is empty
    for address in (PAGE, PAGE + "v1/"):
        assert "审核员甲" in client.get(address).content.decode()
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    for cookies in [{}, *COOKIES]:
        for address in (PAGE, PAGE + "v1/"):
            text = _reader(client, cookies).get(address).content.decode()
            assert "审核员甲" not in text and "退出" not in text and "csrfmiddlewaretoken" not in text
            assert token not in text
            assert f'<a href="{resolve_url(settings.LOGIN_URL)}">登录</a>' in text


def test_drafts_and_previews_are_never_cached_nor_served_to_others(client, district):
    version = published_departments(district, 1)[0]
    final_account = FinalAccount.objects.get(pk=version.final_account_id)
    accountant = final_account.department.memberships.get().user
    published = client.get(PAGE).content
    workflow.open_correction(final_account, by=accountant, reason="更正表1")
    editing.set_budget(final_account, amount="7777777.00", by=accountant)
    client.force_login(accountant)
    preview = client.get("/preview/dongxihu/hrss/2022/")
    assert preview.status_code == 200 and "草稿预览" in preview.content.decode()
    assert "public" not in preview.get("Cache-Control", "")
    # The member's own public page is still the published version, header aside.
    assert "草稿预览" not in client.get(PAGE).content.decode()
    for cookies in [{}, *COOKIES]:
        reader = _reader(client, cookies)
        assert reader.get(PAGE).content == published
        answer = reader.get("/preview/dongxihu/hrss/2022/")
        assert answer.status_code == 302 and answer["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_cached_page_and_api_answer_run_no_query(client, district, django_assert_num_queries):
    published_departments(district, 1)
    for address in READS:
        client.get(address)
    with django_assert_num_queries(0):
        for address in READS:
            assert _reader(client, COOKIES[0]).get(address).status_code == 200


def test_a_signed_in_reader_costs_at_most_the_user_and_the_versions(
    client, district, django_assert_max_num_queries
):
    version = published_departments(district, 1)[0]
    client.get(PAGE)
    client.force_login(make_user("reader"))
    client.get(PAGE)
    with django_assert_max_num_queries(3):  # the session, the user, and a fresh look at the versions
        page = client.get(PAGE)
    assert page.status_code == 200 and version.html_sha256 in page.content.decode()


def test_a_signed_in_reader_with_a_message_waiting_sees_it_and_nobody_else_does(client, district):
    version = published_departments(district, 1)[0]
    anonymous = client.get(PAGE).content
    client.force_login(version.final_account.department.bureau.memberships.get().user)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, "已公开第1版。")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    page = client.get(PAGE)
    assert page["Cache-Control"] == "private, no-cache"
    assert "已公开第1版。" in page.content.decode()
    assert "已公开第1版。" not in client.get(PAGE).content.decode()  # shown once
    client.logout()
    assert client.get(PAGE).content == anonymous


def test_a_query_string_of_ones_own_makes_no_new_cache_entry(client, district, django_assert_num_queries):
    published_departments(district, 1)
    first = client.get(API + "v1/facts/")
    with django_assert_num_queries(0):
        for n in range(3):
            again = client.get(API + f"v1/facts/?n={n}")
            assert (again.status_code, again.content) == (200, first.content)


def test_the_former_behaviour_kept_for_measuring_sends_readers_with_cookies_past_the_cache(
    client, district, settings, django_assert_num_queries
):
    published_departments(district, 1)
    for address in (PAGE, API):
        client.get(address)
    settings.PUBLIC_CACHE_WITH_COOKIES = False
    with CaptureQueriesContext(connection) as queries:
        for address in (PAGE, API):
            assert _reader(client, COOKIES[0]).get(address).status_code == 200
    assert len(queries.captured_queries) >= 4  # the versions looked up and loaded for each
    with django_assert_num_queries(0):
        for address in (PAGE, API):
            assert _reader(client, {}).get(address).status_code == 200
