"""A workbook printed in the 上海 layout, imported into an account of the shipped 上海 2024 format."""

from decimal import Decimal

from accounts.final_accounts import create_final_account, use_format
from accounts.importing import apply_import, prepare_import
from accounts.models import ReportFormat
from accounts.reference_data import load_shipped_formats
from accounts.statements import build_statements_for
from tests.builders import make_department

from .shanghai import shanghai_workbook


def test_the_shipped_shanghai_format_reads_a_workbook_in_its_layout(bureau, draft, reference_workbook):
    reference = prepare_import(draft, reference_workbook)
    load_shipped_formats()
    bureau.region = "shanghai"
    bureau.save(update_fields=["region"])
    account = create_final_account(make_department(bureau, slug="shanghai", name="上海市测试局"), 2024)
    data, _expected = shanghai_workbook(reference.figures, state_capital_balances=True)
    result = prepare_import(account, data)
    assert [str(e) for e in result.errors] == []
    assert result.facts == reference.facts
    # Applied, the account publishes what the workbook printed, in the 上海 table order.
    apply_import(account, data, by=None)
    statements = build_statements_for(account)
    t1 = statements["income_expenditure_summary"]
    assert (t1.cell(key="income_total").value, t1.cell(key="income_total").role) == (
        Decimal("123419800.00"),
        "printed",
    )
    assert statements["official_expenses"].number == 7
    assert statements["state_capital"].number == 9


def test_a_draft_moved_to_a_variant_of_other_lines_releases_its_printed_summary_cells(
    bureau, draft, reference_workbook
):
    reference = prepare_import(draft, reference_workbook)
    load_shipped_formats()
    bureau.region = "shanghai"
    bureau.save(update_fields=["region"])
    account = create_final_account(make_department(bureau, slug="shanghai", name="上海市测试局"), 2024)
    data, _expected = shanghai_workbook(reference.figures, state_capital_balances=True)
    apply_import(account, data, by=None)
    variant = ReportFormat.objects.get(region="shanghai", year=2024, variant="26类")
    use_format(account, variant, by=None, reason="按 26 类版式公开")
    statements = build_statements_for(account)
    # 表1's printed cells were addressed by the 24 类 lines: released, the totals derived again.
    t1 = statements["income_expenditure_summary"]
    assert (t1.cell(key="income_total").value, t1.cell(key="income_total").role) == (
        Decimal("123419900.00"),
        "",
    )
    assert [cell.code for cell in t1.amount_cells() if cell.key == "category"][-3:] == ["231", "232", "234"]
    # 表5's are addressed by subject code and stay as printed.
    assert statements["general_budget_expenditure"].cell(code="20801", column=1).role == "printed"
