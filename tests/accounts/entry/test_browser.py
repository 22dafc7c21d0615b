"""The accountant's whole path in a real browser: Playwright driving Debian's Chromium.

Sign in as the demo accountant, create 2023 from the published 2022, type a figure and watch its
subtotal and a check change without a reload, paste a block copied from Excel, save, and find the
figures in the draft preview. Screenshots are kept under artifacts/ (not committed).
"""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from accounts import demo
from accounts.entry import findings_of
from accounts.models import FinalAccount, IncomeFact
from accounts.reference_data import load_shipped_reference_data
from accounts.rules.presentation import figure_text
from accounts.statements import load_facts
from tests.browser import CHROMIUM_ARGS

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test still talks to the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        browser.close()
        # Queries made while Playwright runs use a connection of their own; close it, or the test
        # database cannot be dropped at the end of the session.
        connections.close_all()
        assert errors == []


@pytest.fixture
def demo_data(transactional_db):
    # A transactional test empties the database when it ends: it loads what it needs itself, and runs
    # after every test that uses the session's reference data (pytest-django orders them so).
    load_shipped_reference_data(2022)
    demo.load_demo()


def sum_cell(page, row_id, index=0):
    return page.locator(f"#{row_id} td.sum").nth(index)


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_accountant_enters_a_new_final_account_in_the_browser(live_server, demo_data, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/login/?next=/workspace/")
    page.fill("#id_username", "kuaiji")
    page.fill("#id_password", demo.PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("工作台")
    page.screenshot(path=ARTIFACTS / "browser-1-workspace.png", full_page=True)

    page.click("text=新建 2023 年度决算")
    expect(page).to_have_url(f"{live_server.url}/entry/dongxihu/hrss/2023/income/")
    final_account = FinalAccount.objects.get(year=2023)
    # Last year's subjects are listed, empty: carried over, not retyped.
    expect(page.locator("#c-income-2080101-general_budget")).to_have_value("")

    # A marker on the window survives only if the page is never reloaded.
    page.evaluate("window.notReloaded = true")
    before = page.locator("#entry-findings").inner_text()
    page.click("#c-income-2080101-general_budget")
    page.keyboard.type("1234567.89")
    expect(sum_cell(page, "r-income-20801")).to_have_text("1,234,567.89")
    expect(sum_cell(page, "r-income-total", 8)).to_have_text("1,234,567.89")  # the row total column
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "c-income-2080102-general_budget"

    # A block of two rows and two columns copied from Excel (tab-separated, CRLF) lands at the cursor.
    page.click("#c-income-2080106-general_budget")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.setData("text/plain", "1,000.00\\t200\\r\\n300\\t400.5\\r\\n");
        document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                                         cancelable: true}));
    }""")
    expect(page.locator("#c-income-2080109-government_fund")).to_have_value("400.50")
    expect(sum_cell(page, "r-income-20801")).to_have_text("1,235,867.89")
    page.screenshot(path=ARTIFACTS / "browser-2-typed.png", full_page=False)

    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_contain_text("已保存 5 个单元格")
    assert page.evaluate("window.notReloaded") is True
    assert sorted(
        IncomeFact.objects.filter(final_account=final_account).values_list(
            "subject__code", "source", "amount"
        )
    ) == [
        ("2080101", "general_budget", Decimal("1234567.89")),
        ("2080106", "general_budget", Decimal("1000.00")),
        ("2080106", "government_fund", Decimal("200.00")),
        ("2080109", "general_budget", Decimal("300.00")),
        ("2080109", "government_fund", Decimal("400.50")),
    ]
    # The check beside the grid is the one the rules give now, without a reload.
    r5 = next(f for f in findings_of(load_facts(final_account)) if f.rule_id == "R5")
    panel = page.locator("#entry-findings")
    expect(panel).to_contain_text(
        f"应为 {figure_text(r5.expected, '元')}；实际 {figure_text(r5.actual, '元')}"
    )
    assert panel.inner_text() != before
    expect(page.locator("#c-income-2080109-government_fund")).to_have_value("400.50")
    page.screenshot(path=ARTIFACTS / "browser-3-saved.png", full_page=False)

    # An unreadable cell is marked with its reason; nothing else is lost.
    page.click("#c-income-2080102-general_budget")
    page.keyboard.type("12.345")
    page.click(".save-button")
    expect(page.locator("#c-income-2080102-general_budget-message")).to_have_text(
        "金额 12.345 元的小数位超过 2 位。"
    )
    page.screenshot(path=ARTIFACTS / "browser-4-bad-input.png", full_page=False)

    page.click("text=预览全文（草稿）")
    expect(page.locator(".draft-banner")).to_contain_text("草稿预览")
    row = page.locator("#table-2 tr", has_text="2080101")
    expect(row).to_contain_text("123.46")  # 1,234,567.89 元 in 万元
    expect(page.locator("#table-2 tr", has_text="2080109")).to_contain_text("0.07")  # 300 + 400.50 元
    page.locator("#table-2").screenshot(path=ARTIFACTS / "browser-5-preview.png")
