"""Importing tables printed in the 上海 layout, read by their labels and headers, cell for cell."""

from decimal import Decimal

import pytest

from accounts.importing import apply_import, prepare_import
from accounts.models import FinalAccount
from accounts.reference_data import load_report_format
from tests.builders import make_department

from .shanghai import shanghai_account, shanghai_format_data, shanghai_workbook


@pytest.fixture
def reference(draft, reference_workbook):
    """The reference disclosure as imported from its national workbook: its printed figures and facts."""
    return prepare_import(draft, reference_workbook)


@pytest.fixture
def shanghai(bureau):
    return shanghai_account(make_department(bureau, slug="shanghai", name="上海市测试局"))


def read_cells(result):
    return {(f.sheet, f.cell): (str(f.address), f.value, f.blank) for f in result.figures}


def test_a_workbook_in_the_shanghai_layout_is_imported_cell_for_cell(shanghai, reference):
    data, expected = shanghai_workbook(reference.figures)
    result = prepare_import(shanghai, data)
    assert result.errors == []
    assert [(t.sheet, t.number) for t in result.tables.values()] == [
        ("收入支出决算总表", 1),
        ("收入决算表", 2),
        ("支出决算表", 3),
        ("财政拨款收入支出决算总表", 4),
        ("一般公共预算财政拨款支出决算表", 5),
        ("一般公共预算财政拨款基本支出决算表", 6),
        ("财政拨款“三公”经费支出决算表", 7),
        ("政府性基金预算财政拨款收入支出决算表", 8),
        ("国有资本经营预算财政拨款支出决算表", 9),
    ]
    assert read_cells(result) == expected
    assert result.facts == reference.facts


def test_the_shanghai_workbook_keeps_printed_zeros_apart_from_blanks_and_empty_rows(shanghai, reference):
    data, _expected = shanghai_workbook(reference.figures)
    cells = read_cells(prepare_import(shanghai, data))
    # 表1 使用非财政拨款结余 printed “0.00”: a stated zero; 结余分配 beside it left blank.
    assert cells[("收入支出决算总表", "B31")] == (
        "cell|income_expenditure_summary|r26|1",
        Decimal("0.00"),
        False,
    )
    assert cells[("收入支出决算总表", "D31")] == (
        "cell|income_expenditure_summary|r55|2",
        Decimal("0.00"),
        True,
    )
    # 表5 prints 203 / 20306 / 2030699 with no amounts: their rows are kept, every cell blank.
    empty_rows = {
        (address, blank)
        for address, _value, blank in cells.values()
        if address.startswith("cell|general_budget_expenditure|203")
    }
    assert empty_rows == {
        (f"cell|general_budget_expenditure|{code}|{column}", True)
        for code in ("203", "20306", "2030699")
        for column in (1, 2, 3)
    }


def test_swapped_official_expense_headers_move_their_figures(shanghai, reference):
    data, expected = shanghai_workbook(reference.figures, swap=("outbound_travel", "reception"))
    result = prepare_import(shanghai, data)
    assert result.errors == []
    assert read_cells(result) == expected
    # The reference's 公务接待费 (budget 2.00, actual 0.35 万元) now stands under 因公出国（境）费用.
    assert result.facts.official_expenses == {"outbound_travel": (Decimal("20000.00"), Decimal("3500.00"))}


def test_the_variant_the_workbook_prints_is_recognised_and_taken(bureau, reference):
    """The account is in the 26 类 variant; the workbook prints the 24 类 rows of the 上海 template."""
    bureau.region = "shanghai"
    bureau.save(update_fields=["region"])
    usual = load_report_format(shanghai_format_data())
    account = shanghai_account(
        make_department(bureau, slug="variant", name="上海市变体局"), variant="26类", debt_categories=True
    )
    data, expected = shanghai_workbook(reference.figures)
    result = apply_import(account, data, by=None)
    assert [str(n) for n in result.notices] == [
        "工作簿按格式“2022 年度部门决算公开格式（上海）”印制（表1 的类级科目与之相符），按该格式导入；"
        "导入后本部门决算使用该格式。"
    ]
    assert read_cells(result) == expected
    assert FinalAccount.objects.get(pk=account.pk).report_format == usual
