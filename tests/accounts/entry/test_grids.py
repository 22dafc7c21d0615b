import pytest
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.addresses import Address
from accounts.entry import (
    Input,
    Sum,
    build_screen,
    cell_location,
    findings_of,
    load_entry,
    screen_findings,
    search_subjects,
    subject_rows_for,
)
from accounts.entry.findings import FormatPlaces
from accounts.statements import load_facts
from tests.builders import make_final_account


def rows_of(screen, grid_key):
    grid = next(grid for grid in screen.grids if grid.key == grid_key)
    return [
        (
            row.kind,
            row.code,
            row.name,
            tuple(
                ("in", cell.name, cell.value)
                if isinstance(cell, Input)
                else ("sum", cell.value)
                if isinstance(cell, Sum)
                else ("static", cell.text)
                for cell in row.cells
            ),
        )
        for row in grid.rows
    ]


def test_expenditure_grid_rolls_items_up_to_section_category_and_total(final_account, accountant):
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000", by=accountant
    )
    editing.set_expenditure(
        final_account,
        code="2080102",
        fund="non_appropriation",
        kind="remittance",
        amount="250.5",
        by=accountant,
    )
    screen = build_screen(load_entry(final_account), "expenditure")
    rows = rows_of(screen, "expenditure")
    assert [(kind, code) for kind, code, _name, _cells in rows] == [
        ("total", ""),
        ("category", "208"),
        ("section", "20801"),
        ("item", "2080101"),
        ("item", "2080102"),
    ]
    # 11 columns (一般公共预算, 政府性基金, 国有资本经营: 基本/项目; 其他资金: five kinds) and the row total.
    total = [cell for cell in rows[0][3]]
    assert total == [
        ("sum", "1,000.00"),
        *[("sum", "")] * 7,
        ("sum", "250.50"),
        ("sum", ""),
        ("sum", ""),
        ("sum", "1,250.50"),
    ]
    assert rows[2][3] == tuple(total)
    assert rows[3][3][0] == ("in", "expenditure|2080101|general_budget|basic", "1000.00")
    assert rows[4][3][8] == ("in", "expenditure|2080102|non_appropriation|remittance", "250.50")
    assert [(d.label, d.sum.value) for d in screen.derived[:3]] == [
        ("表1 本年支出合计（行58）", "1,250.50"),
        ("表3 基本支出", "1,000.00"),
        ("表3 项目支出", ""),
    ]


def test_grid_shows_wanyuan_exactly_when_that_is_the_entry_unit(final_account, accountant):
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="16734300.01", by=accountant
    )
    final_account.entry_unit = "wanyuan"
    rows = rows_of(build_screen(load_entry(final_account), "income"), "income")
    assert rows[3][3][0] == ("in", "income|2080101|general_budget", "1673.430001")
    assert rows[0][3][0] == ("sum", "1,673.430001")


def test_grid_lists_last_years_subjects_without_their_figures(department, accountant):
    previous = make_final_account(department, year=2022)
    editing.set_income(previous, code="2050399", source="general_budget", amount="5", by=accountant)
    editing.set_expenditure(
        previous, code="2101101", fund="general_budget", kind="basic", amount="5", by=accountant
    )
    current = make_final_account(department, year=2023)
    editing.set_income(current, code="2080101", source="other", amount="9", by=accountant)
    data = load_entry(current)
    assert (data.item_codes, data.carried_codes, data.previous) == (
        ("2050399", "2080101", "2101101"),
        frozenset({"2050399", "2101101"}),
        previous,
    )
    rows = rows_of(build_screen(data, "income"), "income")
    assert [(code, cells[0]) for kind, code, _n, cells in rows if kind == "item"] == [
        ("2050399", ("in", "income|2050399|general_budget", "")),
        ("2080101", ("in", "income|2080101|general_budget", "")),
        ("2101101", ("in", "income|2101101|general_budget", "")),
    ]


def test_subject_rows_for_an_added_subject_include_its_parents(final_account):
    rows = subject_rows_for(load_entry(final_account), "income", "income", "2080505")
    assert [(row.kind, row.code, row.name, row.id) for row in rows] == [
        ("category", "208", "社会保障和就业支出", "r-income-208"),
        ("section", "20805", "行政事业单位养老支出", "r-income-20805"),
        ("item", "2080505", "机关事业单位基本养老保险缴费支出", "r-income-2080505"),
    ]


def test_subject_rows_for_refuses_a_section_code(final_account):
    with pytest.raises(ValidationError) as excinfo:
        subject_rows_for(load_entry(final_account), "income", "income", "20805")
    assert excinfo.value.messages == [
        "科目 20805 行政事业单位养老支出 是款级科目，此处需要项级科目（7 位编码）。"
    ]


def test_search_subjects_by_code_prefix_and_by_name(final_account):
    assert search_subjects(final_account, "208010") == [
        {"code": "2080101", "name": "行政运行"},
        {"code": "2080102", "name": "一般行政管理事务"},
        {"code": "2080106", "name": "就业管理事务"},
        {"code": "2080109", "name": "社会保险经办机构"},
    ]
    assert search_subjects(final_account, "离退休") == [
        {"code": "2080501", "name": "行政单位离退休"},
        {"code": "2080502", "name": "事业单位离退休"},
    ]
    assert search_subjects(final_account, "  ") == []


def test_basic_detail_grid_follows_the_format_and_sums_the_groups(final_account, accountant):
    editing.set_basic_detail(final_account, code="30101", amount="100", by=accountant)
    editing.set_basic_detail(final_account, code="30201", amount="20", by=accountant)
    screen = build_screen(load_entry(final_account), "basic-detail")
    rows = rows_of(screen, "detail")
    assert rows[:4] == [
        ("total", "", "人员经费合计", (("sum", "100.00"),)),
        ("total", "", "公用经费合计", (("sum", "20.00"),)),
        ("category", "301", "工资福利支出", (("sum", "100.00"),)),
        ("item", "30101", "基本工资", (("in", "detail|30101", "100.00"),)),
    ]


@pytest.mark.parametrize(
    ("address", "location"),
    [
        (
            "cell|general_budget_expenditure|2080101|2",
            ("expenditure", "c-expenditure-2080101-general_budget-basic"),
        ),
        ("cell|general_budget_expenditure|20801|2", ("expenditure", "r-expenditure-20801")),
        ("cell|general_budget_expenditure|total|1", ("expenditure", "r-expenditure-total")),
        ("cell|government_fund|2080101|6", ("balances", "c-balance-government_fund-2080101-closing")),
        ("cell|income|2080101|2", ("income", "r-income-2080101")),
        ("cell|income|2080101|4", ("income", "c-income-2080101-public_service")),
        ("cell|income_expenditure_summary|r29|1", ("balances", "r-balances-total")),
        ("cell|income_expenditure_summary|r27|1", ("income", "r-income-total")),
        # 行32 of 表1 is the format's first 类 row (201).
        ("cell|income_expenditure_summary|r32|2", ("expenditure", "r-expenditure-201")),
        ("cell|income_expenditure_summary|208|", ("expenditure", "r-expenditure-208")),
        ("cell|basic_expenditure_detail|30217|", ("basic-detail", "c-detail-30217")),
        ("cell|basic_expenditure_detail|operating_total|", ("basic-detail", "r-detail-operating")),
        ("cell|official_expenses|actual_reception|12", ("official-expenses", "c-official-reception-actual")),
        ("cell|official_expenses|budget_vehicles|3", ("official-expenses", "r-official-vehicles")),
        ("budget|subject|2080101", ("budgets", "c-budget-subject-2080101")),
        ("budget|total|", ("budgets", "c-budget-total-")),
        ("stated|operating_costs", ("other", "c-stated-operating_costs")),
        ("text|key_work|", ("texts", "c-text-key_work-")),
        ("subject|functional|2080101", ("expenditure", "r-expenditure-2080101")),
        ("table|government_fund", ("", "")),
    ],
)
def test_cell_location_finds_the_entry_cell_behind_a_finding(final_account, address, location):
    places = FormatPlaces.of(load_facts(final_account))
    assert cell_location(Address.parse(address), places) == location


def test_screen_findings_show_the_screens_findings_linked_to_their_cells(final_account, accountant):
    editing.set_budget(final_account, code="2080101", amount="100", by=accountant)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="150", by=accountant
    )
    facts = load_facts(final_account)
    findings = findings_of(facts)
    panel = screen_findings(findings, {}, "budgets", facts, lambda key: f"/{key}/")
    over_budget = [row for row in panel.rows if row.finding.rule_id == "P2"]
    assert [(row.finding.severity, row.href, row.explanation) for row in over_budget] == [
        ("warning", "/expenditure/#r-expenditure-2080101", ""),
    ]
    assert panel.errors == sum(1 for f in findings if f.severity == "error")
