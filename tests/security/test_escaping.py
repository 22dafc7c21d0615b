"""Stored XSS: what departments and reviewers write is shown as text on every page, frozen file and download.

A free text, a warning's explanation, a review comment and the department's name all hold a script
tag; the final account is published. No HTML or XML response of any route, to anyone, holds the tag
as markup; the pages that show these texts show them escaped; the frozen HTML holds them escaped, the
PDF prints them as text, the JSON carries them as exact strings.
"""

import json
import subprocess

import pytest

from accounts import editing, workflow
from accounts.models import Department
from accounts.publishing import read_verified
from accounts.rules.engine import Severity, check_final_account
from accounts.rules.explanations import save_explanation
from tests.builders import REQUIRED_TEXT, fill_required_content

from .builders import SIGN_OFF
from .crawling import one_address_per_endpoint

PAYLOAD = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
NAME = f"区人社局{PAYLOAD}"


@pytest.fixture
def hostile(final_account, accountant, reviewer):
    """The department's name, a free text, an explanation and a comment hold a script tag; published."""
    Department.objects.filter(pk=final_account.department_id).update(name=NAME, short_name=NAME)
    final_account.refresh_from_db()
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1200.00", by=None)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1200.00", by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount="1200.00", by=None)
    editing.set_budget(final_account, amount="1000.00", by=None)
    editing.set_budget(final_account, code="2080101", amount="1000.00", by=None)
    fill_required_content(final_account)
    editing.set_free_text(final_account, key="main_functions", text=f"职能{PAYLOAD}", by=accountant)
    # Spending over the year-start budget: rule P2 warns, and the warning needs an explanation.
    for warning in (f for f in check_final_account(final_account) if f.severity == Severity.WARNING):
        save_explanation(
            final_account,
            rule_id=warning.rule_id,
            target=warning.target,
            text=f"说明{PAYLOAD}",
            by=accountant,
        )
    workflow.add_comment(final_account, by=reviewer, text=f"意见{PAYLOAD}")
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer, confirm_open_comments=True)
    return workflow.publish(final_account, by=reviewer)


def markup_pages(client, final_account):
    """Return {address: body} of every HTML or XML page the client gets (PDFs are checked on their own)."""
    pages = {}
    for address in one_address_per_endpoint(final_account):
        if address.endswith("pdf/"):
            continue
        response = client.get(address)
        content_type = response.headers.get("Content-Type", "")
        if content_type.startswith(("text/html", "application/xml", "text/xml")):
            pages[address] = response.content.decode()
    return pages


@pytest.mark.slow  # crawls every address of the site
def test_no_page_holds_the_script_tag_as_markup_for_anyone(
    client, hostile, final_account, accountant, reviewer, django_user_model
):
    administrator = django_user_model.objects.create_superuser("root", "root@example.org", "long-pw-123")
    for persona in (None, accountant, reviewer, administrator):
        client.logout()
        if persona is not None:
            client.force_login(persona)
        pages = markup_pages(client, final_account)
        assert len(pages) >= 10
        assert ([address for address, body in pages.items() if PAYLOAD in body], ESCAPED in pages["/"]) == (
            [],
            True,
        )


def test_the_pages_that_show_the_texts_show_them_escaped(client, hostile, accountant, reviewer):
    public = client.get("/dongxihu/hrss/2022/").content.decode()
    assert (f"职能{ESCAPED}" in public, f"说明{ESCAPED}" in public, f"区人社局{ESCAPED}" in public) == (
        True,
        True,
        True,
    )
    client.force_login(reviewer)
    case = client.get("/review/dongxihu/hrss/2022/").content.decode()
    assert (f"意见{ESCAPED}" in case, PAYLOAD in case) == (True, False)
    findings = client.get("/review/dongxihu/hrss/2022/findings/").content.decode()
    assert (f"说明{ESCAPED}" in findings, PAYLOAD in findings) == (True, False)
    # The downloads carry the texts as data, in types no browser runs as a page.
    client.logout()
    assert (
        client.get("/dongxihu/hrss/2022/json/").headers["Content-Type"] == "application/json; charset=utf-8"
    )
    assert client.get("/dongxihu/hrss/2022/pdf/").headers["Content-Type"] == "application/pdf"


def test_the_frozen_files_hold_the_texts_escaped_or_as_data(hostile):
    html = read_verified(hostile, "html").decode()
    assert (PAYLOAD in html, f"职能{ESCAPED}" in html) == (False, True)
    pdf_text = subprocess.run(
        ["pdftotext", "-q", "-", "-"], input=read_verified(hostile, "pdf"), capture_output=True, check=True
    ).stdout.decode()
    assert f"职能{PAYLOAD}" in pdf_text.replace("\n", "")
    data = json.loads(read_verified(hostile, "json"))
    assert data["final_account"]["department_name"] == NAME
    texts = [t["text"] for t in data["facts"]["free_texts"]]
    # 主要职能 as typed, and the eight other texts the format requires.
    assert sorted(texts) == sorted([f"职能{PAYLOAD}", *[REQUIRED_TEXT] * 8])
    assert {e["text"] for e in data["explanations"]} == {f"说明{PAYLOAD}"}
