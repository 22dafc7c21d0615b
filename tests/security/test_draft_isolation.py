"""No draft data through any public URL, API, export, search or error page.

Every URL pattern of the project is requested, its path parameters filled from a world holding a
published final account whose correction is in progress, another department's draft and next
year's draft; the drafts carry a marker in their figures, texts, explanations, comments and
self-evaluations. Anonymous visitors and a reviewer of another bureau get pages, 404s or a login
redirect — never a 403 that confirms a draft exists, never a 500 — and the marker never appears.
"""

import pytest

from accounts.models import ReviewComment

from .conftest import MARKER, MARKER_AMOUNT
from .crawling import addresses, body_text, uncrawled

# The marker as the pages would print it: text, 元 as stored and with separators, 万元.
MARKER_FORMS = (MARKER, MARKER_AMOUNT, "9,876,543.21", "987.65")
LOGIN_REDIRECTS = ("/login/?next=", "/admin/login/?next=")
ADMIN_INDEX = "/admin/"  # where the admin's logout sends a non-staff user; the index itself asks for a login
# Where /signed-in/ sends a reviewer: their own queue, itself crawled.
OWN_PAGES = ("/review/",)
# Query parameters the search, the lists and the API read, pointed at the drafts: 2080102 is the subject
# only the drafts spend on, DRAFTONLY a part of the marker (a page may echo the query, never the rest).
QUERIES = (
    "?q=2080102&year=2022&bureau=dongxihu&department=draftonly&status=draft",
    "?q=DRAFTONLY&year=2023&department=hrss&page=1",
)


def path_values(world):
    published, draft = world.published, world.draft
    return {
        "bureau": [published.department.bureau.slug],
        "department": [published.department.slug, draft.department.slug],
        "year": [2022, 2023],
        "number": [1, 2],
        "table": [1, 2],
        "screen": ["texts"],
        "region": ["national"],
        "variant": ["26类"],
        "pk": sorted(
            {
                published.pk,
                draft.pk,
                world.next_year.pk,
                *(e.pk for e in world.evaluations),
                # the drafts' comment threads (reply, resolve, reopen)
                *ReviewComment.objects.filter(final_account__in=[draft, world.next_year]).values_list(
                    "pk", flat=True
                ),
            }
        ),
        "rest": ["drafts/dongxihu/draftonly/2022/"],
        # The admin's own parameters: every admin page sends an outsider to the admin login first.
        "content_type_id": [1],
        "object_id": [published.pk],
        "id": [1],
        "url": ["accounts/no-such-page/"],
    }


def leaks(response):
    text = body_text(response)
    return [form for form in MARKER_FORMS if form in text]


def crawl(client, world, method, *, own_pages=()):
    """Return [(method, address, status, problem)] for every response that breaks the rules of an outsider.

    A redirect may lead to a login page, or to one of `own_pages` of a signed-in outsider.
    """
    found = addresses(path_values(world))
    assert uncrawled(found) == []
    problems = []
    for address, endpoint in found:
        with_queries = [address + query for query in QUERIES] if not endpoint.pattern.converters else []
        for url in (address, *with_queries):
            response = getattr(client, method)(url)
            status = response.status_code
            if status == 302:
                location = response.headers["Location"]
                if not (location.startswith(LOGIN_REDIRECTS) or location in (ADMIN_INDEX, *own_pages)):
                    problems.append((method, url, status, f"redirects to {location}"))
            elif status not in (200, 202, 400, 404, 405):  # 202: a public PDF being rendered (a job)
                problems.append((method, url, status, "status"))
            if found_forms := leaks(response):
                problems.append((method, url, status, f"shows {found_forms}"))
    return problems


@pytest.mark.slow  # crawls every address of the site
@pytest.mark.parametrize(
    ("persona", "method"), [("anonymous", "get"), ("anonymous", "post"), ("other_bureau_reviewer", "get")]
)
def test_outsiders_see_no_draft_anywhere(client, world, persona, method, request):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    assert crawl(client, world, method, own_pages=OWN_PAGES if persona != "anonymous" else ()) == []


def test_members_see_the_marker_and_the_public_sees_version_1(client, world, accountant):
    """The crawl is not vacuous: the marker is there for the department's accountant, in its entry screen,
    while the public page keeps serving version 1 and the drafts' addresses are 404s."""
    page = client.get("/dongxihu/hrss/2022/")
    assert (page.status_code, page.context["version"].number, leaks(page)) == (200, 1, [])
    assert [
        client.get(url).status_code
        for url in ("/dongxihu/hrss/2022/v2/", "/dongxihu/draftonly/2022/", "/dongxihu/hrss/2023/")
    ] == [404, 404, 404]
    client.force_login(accountant)
    response = client.get("/entry/dongxihu/hrss/2022/texts/")
    assert (response.status_code, leaks(response)) == (200, [MARKER, "9,876,543.21"])
