"""What performance registers with accounts when it loads: its links and the stylesheet of its sections."""

import re

from django.urls import reverse

from accounts.document.pdf import stylesheets
from accounts.open_data.caching import clear_caches
from accounts.views.links import Link
from tests.accounts.portal.conftest import enter_clean_figures, publish

DOCUMENT_STYLESHEETS = [
    "/static/css/document.css",
    "/static/css/performance.css",
    "/static/css/document-screen.css",
]


def document_stylesheets(html):
    """Return the stylesheets a page links, from document.css to document-screen.css."""
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', html)
    start = links.index("/static/css/document.css")
    return links[start : links.index("/static/css/document-screen.css") + 1]


def test_the_workspace_links_each_final_account_to_its_self_evaluations(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get(reverse("accounts:workspace"))
    [row] = response.context["departments"][0]["accounts"]
    expected = f"/performance/final-accounts/{final_account.pk}/"
    assert row["links"] == [Link(label="绩效自评", url=expected)]
    assert f'<a href="{expected}">绩效自评</a>' in response.content.decode()


def test_the_case_page_links_to_the_self_evaluations(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get("/review/dongxihu/hrss/2022/")
    expected = f"/performance/final-accounts/{final_account.pk}/"
    assert response.context["links"] == [Link(label="绩效自评", url=expected)]
    assert f'<a href="{expected}">绩效自评</a>' in response.content.decode()


def test_the_draft_page_links_the_stylesheet_of_the_self_evaluations(client, final_account, accountant):
    client.force_login(accountant)
    html = client.get("/preview/dongxihu/hrss/2022/").content.decode()
    assert document_stylesheets(html) == DOCUMENT_STYLESHEETS


def test_the_published_page_links_the_stylesheet_of_the_self_evaluations(client, final_account):
    publish(enter_clean_figures(final_account, "100.00"))
    clear_caches()  # pages are kept in memory under content hashes that repeat from test to test
    html = client.get("/dongxihu/hrss/2022/").content.decode()
    clear_caches()
    assert document_stylesheets(html) == DOCUMENT_STYLESHEETS


def test_the_pdf_takes_the_stylesheet_of_the_self_evaluations_before_print_css():
    assert stylesheets() == ("css/document.css", "css/performance.css", "css/print.css")
