"""Every cell of the nine tables of the demo, against the reference disclosure as printed.

The demo facts are the printed 项 figures, and the demo keeps the reference's printed cells: where the
printed tables disagree with what the 项 give (表1 本年收入合计 12,341.98 where the 项 add up to
12,341.99), the tables publish what the department printed (DESIGN §2 (b)).
"""

import pytest

from accounts.formatting import table_amount
from accounts.statements import build_statements_for
from tests import reference_tables as printed

# 表2 prints 2210202 as 房租补贴; the 2022 edition (and 表3/表5 of the same document) name it 提租补贴.
NAMES_FROM_EDITION = {"2210202": "提租补贴"}


@pytest.fixture
def statements(demo):
    return build_statements_for(demo)


def squeeze(text):
    return "".join(text.split())


def side_cells(statement, line):
    """(label, shown amounts) of the side of a two-sided table that holds `line`."""
    for row in statement.rows:
        for start in range(len(row.cells)):
            cell = row.cells[start]
            if cell.role == "label" and cell.line == line:
                rest = [c for c in row.cells[start + 2 :] if c.line == line and c.role in ("", "printed")]
                return squeeze(cell.text), tuple(table_amount(c.value) for c in rest)
    raise LookupError(line)


def test_table_1_every_cell(statements):
    t1 = statements["income_expenditure_summary"]
    expected = {line: (squeeze(label), value) for line, (label, value) in printed.T1_INCOME.items()}
    expected |= {line: (squeeze(label), value) for line, (label, value) in printed.T1_EXPENDITURE.items()}
    actual = {}
    for line in expected:
        label, amounts = side_cells(t1, line)
        actual[line] = (label, amounts[0] if amounts else "")
    assert actual == expected


def test_table_2_every_cell(statements):
    expected = [(code, NAMES_FROM_EDITION.get(code, name), values) for code, name, values in printed.T2]
    assert rows_of(statements["income"]) == expected


def test_table_3_every_cell(statements):
    assert rows_of(statements["expenditure"]) == printed.T3


def test_table_4_every_cell(statements):
    t4 = statements["appropriation_summary"]
    expected_income = {line: (squeeze(label), value) for line, (label, value) in printed.T4_INCOME.items()}
    expected_expenditure = {
        line: (squeeze(label), values) for line, (label, values) in printed.T4_EXPENDITURE.items()
    }
    actual_income = {}
    for line in expected_income:
        label, amounts = side_cells(t4, line)
        actual_income[line] = (label, amounts[0] if amounts else "")
    actual_expenditure = {line: side_cells(t4, line) for line in expected_expenditure}
    # Blank rows 61–63 print no cells; the built table gives them four blank text cells.
    for line in (61, 62, 63):
        actual_expenditure[line] = (actual_expenditure[line][0], ("", "", "", ""))
    assert actual_income == expected_income
    assert actual_expenditure == expected_expenditure


def test_table_5_every_cell(statements):
    # The reference prints 203 国防支出 › 20306 › 2030699 with no figure at all: kept as printed.
    assert rows_of(statements["general_budget_expenditure"]) == printed.T5


def test_table_6_every_cell(statements):
    t6 = statements["basic_expenditure_detail"]
    body = [row for row in t6.rows if row.kind == "line"]
    actual = []
    for row in body:
        blocks = []
        for i in range(0, len(row.cells), 3):
            code, name, amount = row.cells[i : i + 3]
            blocks.append((code.text, name.text, table_amount(amount.value)) if code.text else None)
        actual.append(tuple(blocks))
    assert actual == printed.T6
    totals = {cell.key: table_amount(cell.value) for cell in t6.rows[-1].cells if cell.is_amount}
    assert totals == printed.T6_TOTALS


def test_tables_7_and_8_are_empty_with_the_official_sentence(statements):
    t7, t8 = statements["government_fund"], statements["state_capital"]
    # The national sentence in the usual form, naming the department.
    assert (t7.is_empty, t7.empty_sentence) == (
        True,
        "注：武汉市东西湖区人力资源和社会保障局无政府性基金预算财政拨款收入、支出及结转和结余，故本表无数据。",
    )
    assert (t8.is_empty, t8.empty_sentence) == (
        True,
        "注：武汉市东西湖区人力资源和社会保障局无国有资本经营预算财政拨款支出，故本表无数据。",
    )
    assert [squeeze(c.text) for c in t7.rows[0].cells if not c.is_amount] == ["", "合计"]
    assert [table_amount(c.value) for c in t7.rows[0].cells if c.is_amount] == [""] * 6
    assert [table_amount(c.value) for c in t8.rows[0].cells if c.is_amount] == [""] * 3


def test_table_9_every_cell(statements):
    t9 = statements["official_expenses"]
    assert tuple(table_amount(c.value) for c in t9.rows[0].cells) == printed.T9
    assert [c.column for c in t9.rows[0].cells] == list(range(1, 13))


def test_titles_and_numbers_follow_the_format(statements):
    assert [(s.label, s.title) for s in statements.values()] == [
        ("表1", "收入支出决算总表"),
        ("表2", "收入决算表"),
        ("表3", "支出决算表"),
        ("表4", "财政拨款收入支出决算总表"),
        ("表5", "一般公共预算财政拨款支出决算表"),
        ("表6", "一般公共预算财政拨款基本支出决算明细表"),
        ("表7", "政府性基金预算财政拨款收入支出决算表"),
        ("表8", "国有资本经营预算财政拨款支出决算表"),
        ("表9", "财政拨款“三公”经费支出决算表"),
    ]


def test_table_1_notes_keep_the_rounding_note(statements):
    assert "2. 本套报表金额单位转换时可能存在尾数误差。" in statements["income_expenditure_summary"].notes


def rows_of(statement):
    """(code, name, shown amounts) of a subject table, as printed."""
    result = []
    for row in statement.rows:
        texts = [c for c in row.cells if not c.is_amount]
        amounts = tuple(table_amount(c.value) for c in row.cells if c.is_amount)
        result.append(
            (texts[0].text, squeeze(texts[1].text) if row.kind == "total" else texts[1].text, amounts)
        )
    return result
