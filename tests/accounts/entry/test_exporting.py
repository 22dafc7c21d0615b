import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts import editing
from accounts.exporting import PUBLICATION, WORKING, build_workbook, workbook_filename
from accounts.importing import apply_import, prepare_import
from accounts.models import FigureChange, FinalAccount
from accounts.rules import check_final_account
from accounts.statements import load_facts


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


def table_facts(facts):
    return (
        facts.income,
        facts.expenditure,
        facts.balances,
        facts.basic_detail,
        facts.official_expenses,
        facts.stated_figures,
        facts.budget_total,
        facts.budget_by_subject,
        facts.free_texts,
    )


def test_working_copy_of_the_demo_imports_back_with_every_figure_unchanged(demo):
    accountant = demo.department.memberships.get().user
    before = table_facts(load_facts(demo))
    changes_before = FigureChange.objects.filter(final_account=demo).count()
    data = build_workbook(demo, copy=WORKING)
    result = prepare_import(demo, data, filename="working.xlsx")
    assert [str(p) for p in result.errors] == []
    assert [str(p)[:14] for p in result.notices] == ["工作簿是本系统导出的工作底稿"]
    assert [(c.label, c.old, c.new) for c in result.changes if c.address != editing.PROVENANCE] == []
    # The working copy prints what the demo publishes, the reference's printed totals: the same
    # rounding notices as the demo's own.
    assert [(f.rule_id, f.target) for f in result.findings if f.rule_id in ("I1", "I2")] == [
        (f.rule_id, f.target) for f in check_final_account(demo) if f.rule_id in ("I1", "I2")
    ]
    apply_import(demo, data, by=accountant, filename="working.xlsx")
    assert table_facts(load_facts(demo)) == before
    assert (
        FigureChange.objects.filter(final_account=demo).exclude(address="account|provenance").count()
        == changes_before
    )


def test_working_copy_of_the_demo_imports_back_with_no_change_at_all(demo):
    result = prepare_import(demo, build_workbook(demo, copy=WORKING), filename="working.xlsx")
    assert ([str(p) for p in result.errors], result.changes) == ([], [])


def test_working_copy_edited_in_excel_imports_the_edit(final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000", by=accountant)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000", by=accountant
    )
    workbook = load_workbook(io.BytesIO(build_workbook(final_account, copy=WORKING)))
    sheet = workbook["表3"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "2080101")
    # Columns: code over 类/款/项 (1–3), name (4), 栏1 本年支出合计 (5), 栏2 基本支出 (6), 栏3 项目支出 (7).
    # 栏1 is a formula over the row (栏2–栏6): only the input 栏3 is typed.
    assert sheet.cell(row=row, column=5).value == f"=F{row}+G{row}+H{row}+I{row}+J{row}"
    sheet.cell(row=row, column=7).value = 150
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = prepare_import(final_account, buffer.getvalue())
    assert [str(problem) for problem in result.errors] == []
    assert [(str(c.address), c.label, c.old, c.new) for c in result.changes] == [
        (
            "expenditure|2080101|non_appropriation|project",
            "支出/2080101 行政运行/其他资金/项目支出",
            "0.00",
            "150.00",
        ),
    ]


def test_working_copy_prints_exact_yuan_and_publication_copy_rounded_wanyuan(final_account, accountant):
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="16734300.05", by=accountant
    )
    # data_only: the working copy's 表1 reads 表2 by formula; the cached value is what Excel shows.
    working = load_workbook(io.BytesIO(build_workbook(final_account, copy=WORKING)), data_only=True)["表1"]
    publication = load_workbook(io.BytesIO(build_workbook(final_account, copy=PUBLICATION)))["表1"]
    assert (working["A1"].value, working["F2"].value, publication["F2"].value) == (
        "2022年度收入支出决算总表（表1）",
        "单位：元",
        "单位：万元",
    )
    # 表1 行1 一般公共预算财政拨款收入, 栏1.
    line_1 = next(r for r in range(1, working.max_row + 1) if working.cell(row=r, column=2).value == 1)
    assert Decimal(str(working.cell(row=line_1, column=3).value)) == Decimal("16734300.05")
    assert Decimal(str(publication.cell(row=line_1, column=3).value)) == Decimal("1673.43")
    assert working.cell(row=line_1, column=3).number_format == "#,##0.00;-#,##0.00;"


def test_workbook_filename_names_the_copy(final_account):
    assert (workbook_filename(final_account, WORKING), workbook_filename(final_account, PUBLICATION)) == (
        "2022-dongxihu-hrss-工作底稿-元.xlsx",
        "2022-dongxihu-hrss-公开版-万元.xlsx",
    )
