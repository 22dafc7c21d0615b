"""A code the edition lacks, typed in a grid, in a real browser: the grid asks for its name (and that of a
款 the edition lacks too), keeps it pending for the final account, and the row stays, marked, after saving
and reloading; rule K1 tells the reviewer."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import FunctionalSubject, IncomeFact
from tests.accounts.entry.test_grid_browser import balanced, page, sign_in  # noqa: F401

SCREEN = "/entry/dongxihu/hrss/2022/income/"


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_a_code_the_edition_lacks_is_kept_pending_from_the_grid(live_server, balanced, page):  # noqa: F811
    sign_in(page, live_server, "alice", SCREEN)
    box = page.locator('.add-subject[data-grid="income"]')

    # 2050202: 205 and 20502 are in the 2022 edition, the item is not; only its own name is asked for.
    box.locator(".add-subject-input").fill("2050202")
    box.locator(".add-subject-button").click()
    expect(box.locator(".add-subject-pending")).to_contain_text("科目编码 2050202 不在 2022 年版")
    expect(box.locator("input.pending-name")).to_have_count(1)
    # An empty name is refused on the spot.
    box.locator(".add-pending-button").click()
    expect(box.locator(".add-subject-pending")).to_contain_text("请填写科目 2050202 的名称。")
    page.fill("#pending-income-2050202", "小学教育")
    box.locator(".add-pending-button").click()
    row = page.locator("#r-income-2050202")
    expect(row).to_contain_text("小学教育")
    expect(row.locator(".pending-mark")).to_have_text("待确认科目")
    expect(box.locator(".add-subject-message").first).to_contain_text("已添加待确认科目 2050202 小学教育")
    assert FunctionalSubject.all_objects.get(code="2050202").pending_for_id == balanced.pk

    # 2059901: its 款 20599 is missing too, so both names are asked for, and Enter keeps them.
    box.locator(".add-subject-input").fill("2059901")
    box.locator(".add-subject-button").click()
    expect(box.locator("input.pending-name")).to_have_count(2)
    page.fill("#pending-income-2059901", "某项教育支出")
    page.fill("#pending-income-20599", "其他教育支出")
    page.press("#pending-income-20599", "Enter")
    expect(page.locator("#r-income-20599 .pending-mark")).to_have_text("待确认科目")
    expect(page.locator("#r-income-2059901 .pending-mark")).to_have_text("待确认科目")

    # Figures typed under the pending code are saved as any other.
    page.click("#c-income-2050202-general_budget")
    page.keyboard.type("1500")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_contain_text("已保存 1 个单元格")
    assert IncomeFact.objects.get(subject__code="2050202").amount == Decimal("1500.00")

    # After a reload the row is still there, still marked, and K1 names the pending subjects.
    page.reload()
    expect(page.locator("#c-income-2050202-general_budget")).to_have_value("1,500.00")
    expect(page.locator("#r-income-2050202 .pending-mark")).to_have_text("待确认科目")
    k1 = page.locator('#entry-findings li[data-rule="K1"]')
    expect(k1.first).to_be_attached()
    assert sorted(FunctionalSubject.all_objects.filter(pending_for=balanced).values_list("code", "name")) == [
        ("2050202", "小学教育"),
        ("20599", "其他教育支出"),
        ("2059901", "某项教育支出"),
    ]
