"""Printed figures are published as printed (DESIGN §2 (b)–(d)): tables, narrative and JSON state what the
department printed; rounding differences are notices; a printed total stays until a fact under it changes."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts import editing, workflow
from accounts.addresses import Address
from accounts.document import build_document
from accounts.importing import apply_import
from accounts.importing.printed import RELEASED_REASON
from accounts.models import FigureChange, FinalAccount, PrintedCell
from accounts.publishing import read_verified
from accounts.rules import check_final_account
from accounts.statements import build_statements_for, load_facts
from tests.builders import fill_required_content

from .workbooks import edited, row_of

# Rules comparing printed cells: I1 (a printed cell against its parts) and the inter-table identities.
PRINTED_RULES = {"I1", *(f"R{n}" for n in range(17, 27))}


def rounded_differently(workbook):
    """表2 prints 人力资源和社会保障管理事务 3,373.39 and 本年收入合计 12,341.98: 0.02 and 0.01 under the
    3,373.41 and 12,341.99 of their 项, as a department's software may round them (表1 already prints
    12,341.98 and 11,596.63 against 12,341.99 and 11,596.64)."""
    sheet = workbook["表2"]
    row = row_of(sheet, 1, "20801")
    sheet.cell(row=row, column=5).value = 3373.39
    sheet.cell(row=row, column=6).value = 3373.39
    sheet["E6"] = 12341.98


def sentence(document, number):
    section = next(s for s in document.narrative if s.number == number)
    return next(block.text for block in section.blocks if block.kind == "paragraph")


def amount_cell(statement_data, row_index, cell_index):
    cell = statement_data["rows"][row_index]["cells"][cell_index]
    return cell["value"], cell["role"]


def test_a_wanyuan_workbook_is_published_as_printed_and_submittable_with_notices(draft, tmp_path):
    apply_import(draft, edited(rounded_differently), by=None, filename="printed.xlsx")
    statements = build_statements_for(draft)
    t1, t2, t3 = (statements[k] for k in ("income_expenditure_summary", "income", "expenditure"))
    assert (t1.cell(key="income_total").value, t1.cell(key="income_total").role) == (
        Decimal("123419800.00"),
        "printed",
    )
    assert t2.cell(code="", column=1).value == Decimal("123419800.00")
    assert (t2.cell(code="20801", column=1).value, t2.cell(code="20801", column=1).role) == (
        Decimal("33733900.00"),
        "printed",
    )
    assert t3.cell(code="", column=1).value == Decimal("123419900.00")

    document = build_document(draft)
    assert sentence(document, 1).startswith("2022年度收入总计12931.30万元，支出总计12931.30万元。")
    assert sentence(document, 2).startswith("2022年度收入合计12341.98万元。")
    assert sentence(document, 3).startswith("2022年度支出合计12341.99万元。")
    # 五（二） names each 类 with the figure 表5 prints for it.
    section = next(s for s in document.narrative if s.number == 5)
    assert [b.text for b in section.blocks if b.kind == "item"][0].startswith(
        "1. 社会保障和就业支出11596.64万元"
    )

    output = tmp_path / "draft.json"
    call_command(
        "render_disclosure",
        "dongxihu/import",
        "2022",
        "--format",
        "json",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    data = json.loads(output.read_text(encoding="utf-8"))
    by_kind = {s["kind"]: s for s in data["statements"]}
    assert amount_cell(by_kind["income"], 0, 2) == ("123419800.00", "printed")
    row_20801 = next(i for i, row in enumerate(by_kind["income"]["rows"]) if row["code"] == "20801")
    assert amount_cell(by_kind["income"], row_20801, 2) == ("33733900.00", "printed")
    assert amount_cell(by_kind["income_expenditure_summary"], 26, 2) == ("123419800.00", "printed")
    assert data["final_account"]["version"] is None
    assert data["files"]["pdf_sha256"] is None

    # The tables do not split 公务接待费 (0.35 万元) into 国内 and 外事: the department states it (S1).
    editing.apply_changes(
        draft, {Address("stated", ("reception_domestic",)): "3500.00"}, by=None, unit="yuan"
    )
    fill_required_content(draft)  # the texts and self-evaluation the format requires beside the tables
    findings = check_final_account(draft)
    assert [(f.rule_id, f.message) for f in findings if str(f.severity) == "error"] == []
    printed = [f for f in findings if f.rule_id in PRINTED_RULES]
    assert [(f.rule_id, f.target) for f in printed if str(f.severity) != "notice"] == []
    assert ("表2/20801/栏1", Decimal("33734100.00"), Decimal("33733900.00")) in [
        (f.target, f.expected, f.actual) for f in printed if f.rule_id == "I1"
    ]
    # With a year-start budget per 项 and 机关运行经费 (the warnings of P5 and R27 answered), nothing
    # stops the submission.
    spending = {}
    for (code, _fund, _kind), amount in load_facts(draft).expenditure.items():
        spending[code] = spending.get(code, Decimal("0.00")) + amount
    stated = {Address("budget", ("subject", code)): amount for code, amount in spending.items()}
    stated[Address("stated", ("operating_costs",))] = "1989400.00"
    editing.apply_changes(draft, stated, by=None, unit="yuan")
    editing.set_stated_count(draft, key="domestic_reception_groups", count=2, by=None)
    editing.set_stated_count(draft, key="domestic_reception_people", count=15, by=None)
    workflow.submit(draft, by=None, head_name="张三", head_signed_on=datetime.date(2023, 5, 1))
    draft.refresh_from_db()
    assert draft.status == FinalAccount.Status.SUBMITTED
    assert build_statements_for(draft)["income"].cell(code="20801", column=1).value == Decimal("33733900.00")


def test_a_changed_fact_makes_the_printed_totals_above_it_derived(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None)
    editing.apply_changes(
        draft, {Address("income", ("2080101", "general_budget")): "1673.44"}, by=None, unit="wanyuan"
    )
    statements = build_statements_for(draft)
    t1 = statements["income_expenditure_summary"]
    # 本年收入合计 was printed 12,341.98; its 项 now add up to 12,342.00.
    assert (t1.cell(key="income_total").value, t1.cell(key="income_total").role) == (
        Decimal("123420000.00"),
        "",
    )
    # Spending did not change: 表1 本年支出合计 stays as printed.
    assert (t1.cell(key="expenditure_total").value, t1.cell(key="expenditure_total").role) == (
        Decimal("123419800.00"),
        "printed",
    )
    released = {
        (c.field, c.old_value, c.new_value)
        for c in FigureChange.objects.filter(final_account=draft, reason=RELEASED_REASON)
    }
    assert ("表1/行27/栏1", "123419800.00", "123420000.00") in released
    assert ("表2/2080101/栏2", "16734300.00", "16734400.00") in released
    assert not any(field.startswith("表3") for field, _old, _new in released)


def test_render_disclosure_json_is_what_publication_froze(demo_published, tmp_path):
    output = tmp_path / "hrss.json"
    call_command(
        "render_disclosure",
        "dongxihu/hrss",
        "2022",
        "--format",
        "json",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    draft = json.loads(output.read_text(encoding="utf-8"))
    frozen = json.loads(read_verified(demo_published.published_versions.get(), "json"))
    assert draft.keys() == frozen.keys()
    assert draft["statements"] == frozen["statements"]
    assert draft["facts"] == frozen["facts"]


def test_render_disclosure_json_goes_to_standard_output_without_a_file(demo_published):
    out = io.StringIO()
    call_command("render_disclosure", "dongxihu/hrss", "2022", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    t1 = next(s for s in data["statements"] if s["kind"] == "income_expenditure_summary")
    assert t1["number"] == 1
    with pytest.raises(CommandError, match="PDF 须用 --output"):
        call_command("render_disclosure", "dongxihu/hrss", "2022", stdout=io.StringIO())


def test_printed_cells_of_one_quantity_may_differ_by_the_rounding_of_their_parts(draft, reference_workbook):
    apply_import(draft, reference_workbook, by=None)
    # 表5 prints the 类 208 total 0.02 万元 above 表3's 208: each is a sum of its 项 rounded on its own.
    t3_208 = build_statements_for(draft)["expenditure"].cell(code="208", column=1)
    PrintedCell.objects.filter(final_account=draft, address="cell|general_budget_expenditure|208|1").update(
        value=t3_208.value + Decimal("200.00")
    )
    statements = build_statements_for(draft)
    t5_208 = statements["general_budget_expenditure"].cell(code="208", column=1)
    assert (t5_208.value - t3_208.value, t5_208.role) == (Decimal("200.00"), "printed")
    assert t5_208.parts > 2  # the 项 of 208 under it
    r24 = [f for f in check_final_account(draft) if f.rule_id == "R24"]
    # Within k × 0.005 万元: a rounding notice, never an error.
    assert [(str(f.severity), f.target) for f in r24 if "208" in f.target] == [("notice", r24[0].target)]
