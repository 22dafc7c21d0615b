"""The grids as a spreadsheet, in a real browser (Playwright driving Debian's Chromium).

Undo of a paste, Esc on a cell left earlier (its value kept), arrows between cells, a finding appearing
beside the grid without saving, full-width digits converted with a note, an exponent refused, and the
read-only grids of a submitted final account and of the bureau's reviewer.
"""

from decimal import Decimal

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from accounts import editing
from accounts.models import FinalAccount, IncomeFact
from accounts.reference_data import load_shipped_reference_data
from tests.browser import CHROMIUM_ARGS
from tests.builders import make_accountant, make_department, make_final_account, make_reviewer

PASSWORD = "correct horse battery"
SCREEN = "/entry/dongxihu/hrss/2022/income/"
ITEMS = ("2080101", "2080102", "2080106")


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test still talks to the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield page
        browser.close()
        # Queries made while Playwright runs use a connection of their own; close it, or the test
        # database cannot be dropped at the end of the session.
        connections.close_all()
        assert errors == []


@pytest.fixture
def balanced(transactional_db):
    """A draft whose three income rows are spent in full: 表1 balances, so R5 is silent until typed."""
    load_shipped_reference_data(2022)
    department = make_department()
    final_account = make_final_account(department)
    accountant = make_accountant(department)
    for code in ITEMS:
        editing.set_income(final_account, code=code, source="general_budget", amount="10", by=accountant)
        editing.set_expenditure(
            final_account, code=code, fund="general_budget", kind="basic", amount="10", by=accountant
        )
    return final_account


def sign_in(page, live_server, username, path):
    page.goto(f"{live_server.url}/login/?next={path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{path}")


def cell(code, source="general_budget"):
    return f"#c-income-{code}-{source}"


def active_id(page):
    return page.evaluate("document.activeElement.id")


def paste(page, text):
    page.evaluate(
        """(text) => {
        const data = new DataTransfer();
        data.setData("text/plain", text);
        document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                                         cancelable: true}));
    }""",
        text,
    )


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_grid_edits_like_a_spreadsheet(live_server, balanced, page):
    sign_in(page, live_server, "alice", SCREEN)
    page.evaluate("window.notReloaded = true")
    # Inputs show the grouping of the totals.
    expect(page.locator(cell("2080101"))).to_have_value("10.00")
    r5 = page.locator('#entry-findings li[data-rule="R5"]')
    expect(r5).to_have_count(0)

    # Arrows move between cells, whatever the caret.
    page.click(cell("2080101"))
    page.keyboard.press("ArrowDown")
    assert active_id(page) == cell("2080102")[1:]
    page.keyboard.press("ArrowRight")
    assert active_id(page) == cell("2080102", "government_fund")[1:]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert active_id(page) == cell("2080101")[1:]

    # Typing replaces the cell; the figure is grouped when the cell is left; a finding of the server's
    # rules appears beside the grid without saving.
    page.keyboard.type("1234567.8")
    page.keyboard.press("Enter")
    expect(page.locator(cell("2080101"))).to_have_value("1,234,567.80")
    assert active_id(page) == cell("2080102")[1:]
    expect(r5).to_have_count(1)
    assert IncomeFact.objects.get(subject__code="2080101").amount == Decimal("10.00")

    # Esc on a cell left earlier keeps its value; Esc during an edit cancels only that edit.
    page.click(cell("2080101"))
    page.keyboard.press("Escape")
    expect(page.locator(cell("2080101"))).to_have_value("1,234,567.80")
    page.keyboard.type("99")
    expect(page.locator(cell("2080101"))).to_have_value("99")
    page.keyboard.press("Escape")
    expect(page.locator(cell("2080101"))).to_have_value("1,234,567.80")
    # F2 edits the figure in place: the caret is at the end, arrows move it.
    page.keyboard.press("F2")
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    page.keyboard.type("0")
    page.keyboard.press("Enter")
    expect(page.locator(cell("2080101"))).to_have_value("12,345,670.80")

    # A pasted block is taken back by one Ctrl+Z and brought again by Ctrl+Y.
    page.click(cell("2080102"))
    paste(page, "1,000\t200\r\n300\t400.5\r\n")
    expect(page.locator(cell("2080106", "government_fund"))).to_have_value("400.50")
    expect(page.locator("#r-income-total td.sum").nth(8)).to_have_text("12,347,571.30")
    page.keyboard.press("Control+z")
    for selector, value in [
        (cell("2080102"), "10.00"),
        (cell("2080102", "government_fund"), ""),
        (cell("2080106"), "10.00"),
        (cell("2080106", "government_fund"), ""),
    ]:
        expect(page.locator(selector)).to_have_value(value)
    expect(page.locator("#r-income-total td.sum").nth(8)).to_have_text("12,345,690.80")
    page.keyboard.press("Control+y")
    expect(page.locator(cell("2080106"))).to_have_value("300.00")
    # Undo goes on through the typing before the paste.
    page.keyboard.press("Control+z")
    page.keyboard.press("Control+z")
    expect(page.locator(cell("2080101"))).to_have_value("1,234,567.80")

    # Full-width digits are converted, with a note beside the cell; an exponent is refused.
    page.click(cell("2080106"))
    page.keyboard.type("１２３４５")
    page.keyboard.press("Enter")
    expect(page.locator(cell("2080106"))).to_have_value("12,345.00")
    expect(page.locator(f"{cell('2080106')}-message")).to_have_text("已将全角字符“１２３４５”转换为“12345”。")
    page.click(cell("2080102"))
    page.keyboard.type("1e5")
    page.keyboard.press("Enter")
    expect(page.locator(f"{cell('2080102')}-message")).to_have_text(
        "金额“1e5”含科学计数法，请输入完整的数字。"
    )

    # The findings panel folds away and comes back.
    page.click(".findings-toggle")
    expect(page.locator("#entry-findings")).to_be_hidden()
    page.click(".findings-toggle")
    expect(page.locator("#entry-findings")).to_be_visible()

    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_contain_text("已保存 2 个单元格；1 个无法识别，未保存")
    assert sorted(IncomeFact.objects.values_list("subject__code", "source", "amount")) == [
        ("2080101", "general_budget", Decimal("1234567.80")),
        ("2080102", "general_budget", Decimal("10.00")),
        ("2080106", "general_budget", Decimal("12345.00")),
    ]
    assert page.evaluate("window.notReloaded") is True


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_submitted_and_reviewers_grids_are_read_only(live_server, balanced, page):
    FinalAccount.objects.filter(pk=balanced.pk).update(status=FinalAccount.Status.SUBMITTED)
    sign_in(page, live_server, "alice", SCREEN)
    expect(page.locator(".entry-read-only")).to_have_text("只读：本决算状态为“已报送”，数据已锁定。")
    expect(page.locator(".save-button")).to_have_count(0)
    page.click(cell("2080101"))
    page.keyboard.type("5")
    page.keyboard.press("Delete")
    paste(page, "1\t2\r\n3\t4\r\n")
    expect(page.locator(cell("2080101"))).to_have_value("10.00")
    page.keyboard.press("ArrowDown")
    assert active_id(page) == cell("2080102")[1:]

    FinalAccount.objects.filter(pk=balanced.pk).update(status=FinalAccount.Status.DRAFT)
    make_reviewer(balanced.department.bureau)
    page.context.clear_cookies()
    sign_in(page, live_server, "charlie", SCREEN)
    expect(page.locator(".entry-read-only")).to_have_text("只读：本决算由部门填报，您只能查看。")
    expect(page.locator(cell("2080101"))).to_have_attribute("readonly", "")
    assert IncomeFact.objects.filter(amount=Decimal("10.00")).count() == 3
