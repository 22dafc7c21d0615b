"""A working copy of an account whose figures came from 万元 tables (the demo, as the reference printed it):
edited in Excel and imported, it stays an account of 万元 tables, and its printed totals give no I1."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts import editing
from accounts.exporting import WORKING, build_workbook
from accounts.importing import apply_import, prepare_import
from accounts.importing.working_copy import SHEET_NAME
from accounts.models import FinalAccount
from accounts.rules import check_final_account
from accounts.rules.engine import Severity

WANYUAN = FinalAccount.Provenance.WANYUAN_TABLES


@pytest.fixture
def demo(db):
    """The demo's account: its figures are the reference's 万元 tables, 775 printed cells."""
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


def edited_copy(final_account, edit):
    workbook = load_workbook(io.BytesIO(build_workbook(final_account, copy=WORKING)))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row_of(sheet, code):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == code)


def add_to_basic_spending(workbook):
    # 表3 2080101 行政运行, 栏2 基本支出: 11,194,300 元 (1,119.43 万元) becomes 11,195,300 元.
    sheet = workbook["表3"]
    cell = sheet.cell(row=row_of(sheet, "2080101"), column=6)
    assert cell.value == 11194300
    cell.value = 11195300


def errors(findings):
    return sorted((f.rule_id, str(f.target)) for f in findings if f.severity == Severity.ERROR)


def test_the_working_copy_names_where_the_figures_came_from(demo):
    assert demo.provenance == WANYUAN
    sheet = load_workbook(io.BytesIO(build_workbook(demo, copy=WORKING)))[SHEET_NAME]
    assert [row for row in sheet.iter_rows(values_only=True) if row[0] == "来源"] == [
        ("来源", "wanyuan_tables", None)
    ]


def test_an_edited_working_copy_of_wanyuan_tables_keeps_them_and_gives_no_i1(demo):
    before = errors(check_final_account(demo))
    assert [rule for rule, _ in before if rule == "I1"] == []
    result = prepare_import(demo, edited_copy(demo, add_to_basic_spending), filename="working.xlsx")
    assert [str(p) for p in result.errors] == []
    assert result.provenance == WANYUAN
    assert [(str(c.address), c.old, c.new) for c in result.changes] == [
        ("expenditure|2080101|non_appropriation|basic", "0.00", "1000.00")
    ]
    imported = errors(result.findings)
    assert [rule for rule, _ in imported if rule == "I1"] == []
    # Exactly what the same edit in the grid gives (which releases the printed totals above it too).
    editing.set_expenditure(
        demo, code="2080101", fund="non_appropriation", kind="basic", amount="1000", by=None
    )
    assert imported == errors(check_final_account(demo))


def test_applying_the_edited_working_copy_keeps_the_account_in_wanyuan_tables(demo):
    spending_total = "cell|income_expenditure_summary|r58|2"  # 表1 本年支出合计, above the edited figure
    income_total = "cell|income_expenditure_summary|r27|1"  # 表1 本年收入合计, not above it
    before = {str(p.address): p.value for p in demo.printed_cells.all()}
    assert (before[income_total], before[spending_total]) == (
        Decimal("123419800.00"),
        Decimal("123419800.00"),
    )
    apply_import(demo, edited_copy(demo, add_to_basic_spending), by=None, filename="working.xlsx")
    demo.refresh_from_db()
    assert demo.provenance == WANYUAN
    assert [f for f in check_final_account(demo) if f.rule_id == "I1" and f.severity == Severity.ERROR] == []
    # The printed totals above the edited figure are released and show what the figures give; the others
    # stay as the department printed them.
    after = {str(p.address): p.value for p in demo.printed_cells.all()}
    assert after[income_total] == Decimal("123419800.00")
    assert spending_total not in after
    assert len(after) < len(before)
