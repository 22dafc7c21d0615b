"""Importing the reference disclosure's nine tables as printed: the demo's facts, and every inconsistency."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl.cell.cell import MergedCell

from accounts import editing
from accounts.entry import save_cells
from accounts.importing import ImportRefused, apply_import, prepare_import
from accounts.models import FigureChange, FinalAccount, IncomeFact, PrintedCell
from accounts.rules import check_final_account
from accounts.statements import load_facts
from tests.builders import make_department, make_final_account

from .workbooks import edited

# Every printed cell that differs from what the facts give: 表1/表4 print 12,341.98 where the 项 of
# 表2/表3/表5 add up to 12,341.99, and 11,596.63 where they add up to 11,596.64; the totals follow.
# (target, what the facts give, as printed), in 元; each a 0.01 万元 rounding notice.
PRINTED_DIFFERENCES = [
    ("表1/行1/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表1/行39/栏2", Decimal("115966400.00"), Decimal("115966300.00")),
    ("表1/行27/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表1/行58/栏2", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表1/行31/栏1", Decimal("129313100.00"), Decimal("129313000.00")),
    ("表1/行62/栏2", Decimal("129313100.00"), Decimal("129313000.00")),
    ("表4/行1/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表4/行40/栏2", Decimal("115966400.00"), Decimal("115966300.00")),
    ("表4/行40/栏3", Decimal("115966400.00"), Decimal("115966300.00")),
    ("表4/行27/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表4/行59/栏2", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表4/行59/栏3", Decimal("123419900.00"), Decimal("123419800.00")),
    ("表4/行32/栏1", Decimal("124764600.00"), Decimal("124764500.00")),
    ("表4/行64/栏2", Decimal("124764600.00"), Decimal("124764500.00")),
    ("表4/行64/栏3", Decimal("124764600.00"), Decimal("124764500.00")),
]
NAME_DIFFERENCE = (
    "表2/2210202/名称",
    "表2 科目 2210202 印制为“房租补贴”，2022 年版科目名称为“提租补贴”（工作表“表2” D37）；公开的表格使用科目版本的名称。",
)


def table_facts(facts):
    """The facts the nine tables determine."""
    return {
        "income": facts.income,
        "expenditure": facts.expenditure,
        "balances": facts.balances,
        "basic_detail": facts.basic_detail,
        "official_expenses": facts.official_expenses,
        "stated_figures": {
            k: v
            for k, v in facts.stated_figures.items()
            if k in ("non_appropriation_surplus_used", "surplus_distribution")
        },
    }


def printed_differences(findings):
    return [(f.target, f.expected, f.actual) for f in findings if f.rule_id == "I1"]


def test_importing_the_reference_workbook_gives_the_demo_facts(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None, filename="reference.xlsx")
    call_command("load_demo", stdout=io.StringIO())
    demo = FinalAccount.objects.get(department__slug="hrss", year=2022)
    assert table_facts(load_facts(draft)) == table_facts(load_facts(demo))
    draft.refresh_from_db()
    assert draft.provenance == FinalAccount.Provenance.WANYUAN_TABLES


def test_the_reference_workbook_reports_each_printed_difference_as_a_rounding_notice(
    draft, reference_workbook
):
    result = prepare_import(draft, reference_workbook, filename="reference.xlsx")
    assert result.errors == []
    assert printed_differences(result.findings) == PRINTED_DIFFERENCES
    printed = [f for f in result.findings if f.rule_id == "I1"]
    assert {(f.severity, f.message) for f in printed} == {
        ("notice", "印制数与由明细计算的数不一致（尾数误差）")
    }
    assert [f.difference for f in printed] == [Decimal("-100.00")] * 15
    assert printed[0].sentence == (
        "表1/行1/栏1 印制为 12,341.98 万元，由明细计算为 12,341.99 万元，相差 -0.01 万元（工作表“表1” C6）。"
    )


def test_the_reference_workbook_reports_the_name_table_2_prints_for_2210202(draft, reference_workbook):
    result = prepare_import(draft, reference_workbook)
    names = [(f.target, f.sentence) for f in result.findings if f.rule_id == "I2"]
    assert names == [NAME_DIFFERENCE]


def test_the_reference_workbook_reports_table_6_against_table_5_basic_expenditure(draft, reference_workbook):
    # 表5 合计 栏2 prints 1,568.60; 表6 prints 人员经费 1,369.67 + 公用经费 198.94 = 1,568.61.
    result = prepare_import(draft, reference_workbook)
    basic = [f for f in result.findings if f.rule_id == "R23"]
    assert [(f.severity, list(f.labels), f.actual, f.expected) for f in basic] == [
        (
            "notice",
            ["表5/合计/栏2", "表6/人员经费合计", "表6/公用经费合计"],
            Decimal("15686000.00"),
            Decimal("15686100.00"),
        ),
    ]


def test_the_stored_printed_cells_give_the_same_findings_after_the_import(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None)
    findings = check_final_account(draft)
    assert printed_differences(findings) == PRINTED_DIFFERENCES
    assert [(f.target, f.sentence) for f in findings if f.rule_id == "I2"] == [
        (
            "表2/2210202/名称",
            "表2 科目 2210202 印制为“房租补贴”，2022 年版科目名称为“提租补贴”；公开的表格使用科目版本的名称。",
        )
    ]
    assert PrintedCell.objects.filter(final_account=draft).count() == len(
        prepare_import(draft, reference_workbook).figures
    )


def test_the_reference_workbook_is_read_cell_by_cell(draft, reference_workbook):
    result = prepare_import(draft, reference_workbook)
    assert [(t.sheet, t.number, t.unit, len(t.figures)) for t in result.tables.values()] == [
        ("表1", 1, "wanyuan", 42),
        ("表2", 2, "wanyuan", 224),
        ("表3", 3, "wanyuan", 192),
        ("表4", 4, "wanyuan", 125),
        ("表5", 5, "wanyuan", 105),
        ("表6", 6, "wanyuan", 66),
        ("表7", 7, "wanyuan", 6),
        ("表8", 8, "wanyuan", 3),
        ("表9", 9, "wanyuan", 12),
    ]
    by_cell = {(f.sheet, f.cell): (str(f.address), f.value, f.label) for f in result.figures}
    assert by_cell[("表1", "C32")] == (
        "cell|income_expenditure_summary|r27|1",
        Decimal("123419800.00"),
        "本年收入合计",
    )
    assert by_cell[("表2", "E37")] == ("cell|income|2210202|1", Decimal("258900.00"), "房租补贴")
    assert by_cell[("表6", "F21")] == (
        "cell|basic_expenditure_detail|30217|",
        Decimal("3500.00"),
        "公务接待费",
    )
    assert by_cell[("表6", "C33")] == (
        "cell|basic_expenditure_detail|personnel_total|",
        Decimal("13696700.00"),
        "人员经费合计",
    )
    assert by_cell[("表9", "L7")] == ("cell|official_expenses|actual_reception|12", Decimal("3500.00"), "")


def test_a_dry_run_saves_nothing(draft, reference_workbook):
    result = prepare_import(draft, reference_workbook)
    assert len(result.changes) == 73
    assert IncomeFact.objects.filter(final_account=draft).count() == 0
    assert PrintedCell.objects.filter(final_account=draft).count() == 0
    assert FigureChange.objects.filter(final_account=draft).count() == 0
    draft.refresh_from_db()
    assert draft.provenance == FinalAccount.Provenance.YUAN


def test_an_import_replaces_the_facts_of_the_tables_and_keeps_the_others(
    draft, reference_workbook, accountant
):
    editing.set_income(draft, code="2080101", source="other", amount="500.00", by=None)
    editing.set_budget(draft, amount="1000.00", by=None)
    result = apply_import(draft, reference_workbook, by=accountant, filename="reference.xlsx")
    facts = load_facts(draft)
    assert ("2080101", "other") not in facts.income
    assert facts.income[("2080101", "general_budget")] == Decimal("16734300.00")
    assert facts.budget_total == Decimal("1000.00")
    removed = FigureChange.objects.get(final_account=draft, address="income|2080101|other", user=accountant)
    assert (removed.field, removed.old_value, removed.new_value, removed.reason) == (
        "收入/2080101 行政运行/其他收入",
        "500.00",
        "0.00",
        "由 Excel 报表导入（reference.xlsx）",
    )
    assert FigureChange.objects.filter(final_account=draft, user=accountant).count() == len(result.changes)


def test_a_failed_import_leaves_the_saved_facts_untouched(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None)
    before = table_facts(load_facts(draft))
    changes = FigureChange.objects.filter(final_account=draft).count()
    printed = PrintedCell.objects.filter(final_account=draft).count()
    broken = edited(lambda wb: wb["表2"].__setitem__("E7", "三百九十五"))
    with pytest.raises(ImportRefused) as refused:
        apply_import(draft, broken, by=None)
    assert [str(e) for e in refused.value.result.errors] == ["工作表“表2” E7：“三百九十五”不是有效的金额。"]
    assert table_facts(load_facts(draft)) == before
    assert FigureChange.objects.filter(final_account=draft).count() == changes
    assert PrintedCell.objects.filter(final_account=draft).count() == printed


def test_an_import_into_a_submitted_final_account_is_refused(draft, reference_workbook):
    FinalAccount.objects.filter(pk=draft.pk).update(status=FinalAccount.Status.SUBMITTED)
    draft.refresh_from_db()
    with pytest.raises(ImportRefused) as refused:
        apply_import(draft, reference_workbook, by=None)
    assert [str(e) for e in refused.value.result.errors] == [
        "2022年度区人社局部门决算 状态为“已报送”，数据已锁定，不能导入。"
    ]
    assert IncomeFact.objects.filter(final_account=draft).count() == 0


def test_a_dry_run_takes_as_many_queries_for_one_subject_as_for_nineteen(draft, reference_workbook):
    def one_subject(workbook):
        for title in ("表2", "表3", "表5"):
            sheet = workbook[title]
            for row in sheet.iter_rows(min_row=7):
                if row[0].value and str(row[0].value) not in ("205", "20503", "2050399"):
                    for cell in row:
                        if not isinstance(cell, MergedCell):
                            cell.value = None

    with CaptureQueriesContext(connection) as nineteen:
        prepare_import(draft, reference_workbook)
    with CaptureQueriesContext(connection) as one:
        result = prepare_import(draft, edited(one_subject))
    assert len(result.facts.income) == 1
    assert len(one.captured_queries) == len(nineteen.captured_queries)


def test_an_import_and_a_grid_save_of_the_same_change_record_the_same(draft, reference_workbook, accountant):
    """Both write through accounts.editing: the same address, label, old and new value."""
    twin = make_final_account(make_department(draft.department.bureau, slug="twin", name="孪生部门"))
    for final_account in (draft, twin):
        apply_import(final_account, reference_workbook, by=accountant)
        save_cells(final_account, [cell("income|2080101|general_budget", "1", "16734300.00")], by=accountant)
    # The same change back to what the tables print: by the importer here, through the grid there.
    apply_import(draft, reference_workbook, by=accountant)
    save_cells(twin, [cell("income|2080101|general_budget", "16734300.00", "1.00")], by=accountant)

    def last(final_account):
        change = FigureChange.objects.filter(final_account=final_account).order_by("-id").first()
        return (change.address, change.field, change.old_value, change.new_value)

    assert (
        last(draft)
        == last(twin)
        == (
            "income|2080101|general_budget",
            "收入/2080101 行政运行/一般公共预算财政拨款收入",
            "1.00",
            "16734300.00",
        )
    )
    assert [
        (c.address, c.label, c.old, c.new) for c in prepare_import(twin, reference_workbook).changes
    ] == []


def cell(name, value, original):
    return {"name": name, "value": value, "original": original}
