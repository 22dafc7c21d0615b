"""The structure buttons in a real browser (Playwright driving Debian's Chromium), under the site's CSP.

Enter in a field saves and never presses a structure button; 删除 asks first (performance.js reads
data-confirm) and removes nothing when the question is dismissed; what was typed is saved with a row added
or removed.
"""

from decimal import Decimal

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from accounts.reference_data import load_shipped_reference_data
from performance.models import Evaluation, Indicator, IndicatorSubcategory, node_key
from tests.browser import CHROMIUM_ARGS
from tests.builders import make_accountant, make_department, make_final_account
from tests.performance.builders import make_scored_project


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test still talks to the database.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000}, locale="zh-CN")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        # A script or style the Content-Security-Policy blocks is reported on the console.
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
def project(transactional_db):
    # A transactional test empties the database when it ends: it loads what it needs itself, and runs
    # after every test that uses the session's reference data (pytest-django orders them so).
    load_shipped_reference_data(2022)
    department = make_department()
    make_accountant(department, "alice")
    return make_scored_project(make_final_account(department), indicators=2)


def stated_total(project):
    return Evaluation.objects.get(pk=project.pk).stated_total


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_rows_are_added_and_removed_in_the_browser_without_losing_typed_work(
    live_server, project, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/login/?next=/performance/{project.pk}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", "correct horse battery")
    page.click("main button[type=submit]")
    expect(page.locator("h1")).to_have_text("项目“职业培训”绩效自评表")
    total = page.locator("input[name=evaluation-stated_total]")

    # Enter in a field saves: the first submit button of the form is 保存, not a structure button.
    total.fill("60")
    total.press("Enter")
    expect(page.locator(".messages")).to_have_text("已保存 1 处修改。")
    assert stated_total(project) == Decimal("60.00")
    assert Indicator.objects.filter(subcategory__category__goal__evaluation=project).count() == 3

    # Rows are added and removed without a page reload (a marker on the window would not survive one).
    page.evaluate("window.notReloaded = true")

    # 删除 asks first; dismissed, nothing is posted.
    first = Indicator.objects.get(name="培训人数1")
    remove = page.locator(f"button[value='remove:{node_key(first)}']")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    total.fill("61")
    remove.click()
    page.wait_for_timeout(300)
    assert questions == ["删除三级指标“培训人数1”？删除会记入修改记录。"]
    assert Indicator.objects.filter(pk=first.pk).exists()
    assert stated_total(project) == Decimal("60.00")

    # Accepted, the row goes and the typed total is saved with it; the page opens at the 二级指标.
    quantity = IndicatorSubcategory.objects.get(category__goal__evaluation=project, kind="quantity")
    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page).to_have_url(f"{live_server.url}/performance/{project.pk}/#row-{node_key(quantity)}")
    expect(page.locator(".messages")).to_have_text("已保存 1 处修改。已删除三级指标“培训人数1”。")
    assert not Indicator.objects.filter(pk=first.pk).exists()
    assert stated_total(project) == Decimal("61.00")

    # A 三级指标 is added by name, with what was typed beside it.
    page.locator("input[name=evaluation-stated_total]").fill("62")
    page.fill(f"input[name={node_key(quantity)}-add_name]", "培训合格率")
    page.click(f"button[value='add:{node_key(quantity)}']")
    expect(page.locator(".messages")).to_have_text("已保存 1 处修改。已新增三级指标“培训合格率”。")
    added = Indicator.objects.get(subcategory=quantity, name="培训合格率")
    expect(page).to_have_url(f"{live_server.url}/performance/{project.pk}/#row-{node_key(added)}")
    expect(page.locator(f"#row-{node_key(added)} input[name={node_key(added)}-name]")).to_have_value(
        "培训合格率"
    )
    assert stated_total(project) == Decimal("62.00")
    assert page.evaluate("window.notReloaded") is True
