"""The working copy round trip: totals are formulas over the inputs, computed alike by Excel's kin and the importer."""

import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from accounts import editing
from accounts.addresses import Address
from accounts.exporting import WORKING, XLSX_CONTENT_TYPE, build_workbook
from accounts.importing import prepare_import
from accounts.importing.working_copy import SHEET_NAME, cell_positions, first_body_row
from accounts.models import FinalAccount
from accounts.rules import check_final_account
from accounts.rules.engine import Severity
from accounts.statements import build_statements, load_facts


@pytest.fixture
def account_in_yuan(db):
    """The demo's figures as an account kept in 元: no printed 万元 cells, every total what its parts give."""
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    final_account = FinalAccount.objects.select_related("department__bureau").get(
        department__slug="hrss", year=2022
    )
    final_account.printed_cells.all().delete()
    final_account.provenance = FinalAccount.Provenance.YUAN
    final_account.save(update_fields=["provenance"])
    return final_account


def row_of(sheet, code):
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == code)


def saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_one_detail_edited_in_the_working_copy_imports_as_exactly_that_change(account_in_yuan):
    workbook = load_workbook(io.BytesIO(build_workbook(account_in_yuan, copy=WORKING)))
    assert workbook[SHEET_NAME].sheet_state == "hidden"
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    # 栏2 基本支出 of an item is an input; the item's 栏1 (over 栏2–栏6), the 类 208 and 表1 are formulas.
    assert isinstance(sheet.cell(row=row, column=6).value, (int, float))
    assert sheet.cell(row=row, column=5).value == f"=F{row}+G{row}+H{row}+I{row}+J{row}"
    assert str(sheet.cell(row=row_of(sheet, "208"), column=6).value).startswith("=")
    summary = workbook["表1"]
    line_1 = next(r for r in range(1, summary.max_row + 1) if summary.cell(row=r, column=2).value == 1)
    assert str(summary.cell(row=line_1, column=3).value).startswith("='表4'!")
    sheet.cell(row=row, column=6).value = Decimal(str(sheet.cell(row=row, column=6).value)) + 100
    result = prepare_import(account_in_yuan, saved(workbook), filename="working.xlsx")
    assert [str(p) for p in result.errors] == []
    assert [(str(c.address), c.old, c.new) for c in result.changes if c.address != editing.PROVENANCE] == [
        ("expenditure|2080101|non_appropriation|basic", "0.00", "100.00")
    ]
    imported = sorted((f.rule_id, str(f.target)) for f in result.findings if f.severity == Severity.ERROR)
    # No I1 (printed totals against details) nor R8; R5 (表1 no longer balances: 100 元 more spent from
    # nothing) is what the same edit in the grid gives too.
    assert [rule for rule, _target in imported if rule in ("I1", "R5", "R8")] == ["R5"]
    editing.set_expenditure(
        account_in_yuan, code="2080101", fund="non_appropriation", kind="basic", amount="100", by=None
    )
    in_the_grid = sorted(
        (f.rule_id, str(f.target))
        for f in check_final_account(account_in_yuan)
        if f.severity == Severity.ERROR
    )
    assert imported == in_the_grid


def test_a_three_public_budget_edited_in_the_working_copy_is_one_change_and_no_finding(account_in_yuan):
    statement = build_statements(load_facts(account_in_yuan))["official_expenses"]
    wanted = Address("official", ("vehicle_operation", "budget"))
    row, column = next(
        place
        for cell, place in cell_positions(statement, first_body_row(statement))
        if statement.address(cell).behind() == wanted
    )
    workbook = load_workbook(io.BytesIO(build_workbook(account_in_yuan, copy=WORKING)))
    sheet = workbook[statement.label]
    old = Decimal(str(sheet.cell(row=row, column=column).value or 0))
    sheet.cell(row=row, column=column).value = old + 100
    result = prepare_import(account_in_yuan, saved(workbook), filename="working.xlsx")
    assert [str(p) for p in result.errors] == []
    assert [
        (str(c.address), Decimal(c.new) - Decimal(c.old))
        for c in result.changes
        if c.address != editing.PROVENANCE
    ] == [("official|vehicle_operation|budget", Decimal("100.00"))]
    assert [f.rule_id for f in result.findings if f.rule_id in ("I1", "R5", "R8")] == []


def test_a_formula_typed_into_an_input_cell_is_still_refused(account_in_yuan):
    workbook = load_workbook(io.BytesIO(build_workbook(account_in_yuan, copy=WORKING)))
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    sheet.cell(row=row, column=6).value = "=1+1"
    result = prepare_import(account_in_yuan, saved(workbook), filename="working.xlsx")
    assert [(p.sheet, p.cell) for p in result.errors if "公式" in str(p)] == [("表3", f"F{row}")]


def test_a_total_formula_edited_into_something_else_is_refused(account_in_yuan):
    workbook = load_workbook(io.BytesIO(build_workbook(account_in_yuan, copy=WORKING)))
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    sheet.cell(row=row, column=5).value = f"=F{row}*2"
    result = prepare_import(account_in_yuan, saved(workbook), filename="working.xlsx")
    assert [(p.sheet, p.cell) for p in result.errors if "公式" in str(p)] == [("表3", f"E{row}")]


def statement_figures(final_account):
    """{(sheet, row, column): Decimal} of every amount cell as the statements give it."""
    figures = {}
    for statement in build_statements(load_facts(final_account)).values():
        for cell, (row, column) in cell_positions(statement, first_body_row(statement)):
            figures[(statement.label, row, column)] = cell.value
    return figures


def recalculated_differences(data, figures, tmp_path):
    """Recalculate `data` in LibreOffice and return the cells that differ from `figures`."""
    # openpyxl keeps the formulas and drops every cached value: LibreOffice must compute them all.
    tmp_path.mkdir()
    source = tmp_path / "stripped.xlsx"
    source.write_bytes(saved(load_workbook(io.BytesIO(data))))
    out = tmp_path / "out"
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    workbook = load_workbook(Path(out / "stripped.xlsx"), data_only=True)
    differences = []
    for (sheet, row, column), expected in figures.items():
        value = workbook[sheet].cell(row=row, column=column).value
        shown = Decimal(str(value)).quantize(Decimal("0.01")) if value is not None else Decimal("0.00")
        if shown != expected:
            differences.append((sheet, row, column, shown, expected))
    return differences


@pytest.mark.slow  # runs LibreOffice
def test_libreoffice_computes_the_statements_figures_from_the_formulas(account_in_yuan, tmp_path):
    figures = statement_figures(account_in_yuan)
    data = build_workbook(account_in_yuan, copy=WORKING)
    formulas = sum(
        1
        for sheet in load_workbook(io.BytesIO(data))
        for row in sheet.iter_rows()
        for c in row
        if c.data_type == "f"
    )
    assert formulas > 100
    assert recalculated_differences(data, figures, tmp_path / "good") == []
    # A formula that leaves out one part: the recalculation catches it.
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    sheet.cell(row=row, column=5).value = f"=F{row}"
    broken = recalculated_differences(saved(workbook), figures, tmp_path / "broken")
    assert [(s, r, c) for s, r, c, _shown, _expected in broken][:1] == [("表3", row, 5)]


def test_findings_on_a_working_copy_speak_its_unit(account_in_yuan):
    workbook = load_workbook(io.BytesIO(build_workbook(account_in_yuan, copy=WORKING)))
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    # A figure typed over an item's total formula is a printed figure like any other.
    sheet.cell(row=row, column=5).value = 100
    result = prepare_import(account_in_yuan, saved(workbook), filename="working.xlsx")
    expected = load_facts(account_in_yuan).expenditure
    item_total = sum(v for (code, _fund, _kind), v in expected.items() if code == "2080101")
    sentences = [f.sentence for f in result.findings if f.rule_id == "I1"]
    assert sentences == [
        f"表3/2080101/栏1 印制为 100.00 元，由明细计算为 {item_total:,.2f} 元，"
        f"相差 {100 - item_total:,.2f} 元（工作表“表3” E{row}）。"
    ]


def test_confirming_an_unchanged_working_copy_says_nothing_changed(client, final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000", by=accountant)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000", by=accountant
    )
    client.force_login(accountant)
    workbook = load_workbook(io.BytesIO(build_workbook(final_account, copy=WORKING)))
    sheet = workbook["表3"]
    row = row_of(sheet, "2080101")
    sheet.cell(row=row, column=6).value = 1000
    upload = SimpleUploadedFile("working.xlsx", saved(workbook), content_type=XLSX_CONTENT_TYPE)
    uploaded = client.post("/import/dongxihu/hrss/2022/", {"workbook": upload})
    response = client.post(
        "/import/dongxihu/hrss/2022/apply/", {"preview": uploaded.context["preview_token"]}, follow=True
    )
    # A two-figure account still has errors (texts, counts): the findings page, never the public address.
    assert response.redirect_chain == [("/review/dongxihu/hrss/2022/findings/", 302)]
    message = str(next(iter(response.context["messages"])))
    assert message.startswith("已从“working.xlsx”导入 2022年度区人社局部门决算：数据没有变动。审核发现 ")
