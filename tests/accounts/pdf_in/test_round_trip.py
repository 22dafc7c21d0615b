"""A disclosure the product renders, read back from its own PDF: the same figures cell for cell, and no
error or warning the account did not have."""

import pytest

from accounts.importing import prepare_import
from accounts.rules import check_final_account
from accounts.rules.engine import Severity
from accounts.statements import build_statements_for

from .conftest import editable, render


def statement_cells(final_account):
    """{address: value in 元} of every amount cell the account's tables print."""
    return {
        address: cell.value
        for statement in build_statements_for(final_account).values()
        for address, cell in statement.cells_by_address().items()
    }


def serious(findings):
    return {(f.rule_id, str(f.target)) for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)}


def read_back(final_account):
    """Return (the ImportResult of the account's own PDF imported into it, its findings before)."""
    data = render(final_account)
    before = check_final_account(final_account)
    return prepare_import(editable(final_account), data, filename="disclosure.pdf"), before


def assert_round_trip(result, before, final_account):
    assert [str(e) for e in result.errors] == []
    assert [str(w) for w in result.warnings] == []
    read = {figure.address: figure.value for figure in result.figures}
    assert read == statement_cells(final_account)
    assert serious(result.findings) <= serious(before)
    assert result.changes == []


@pytest.mark.slow
def test_the_demo_read_back_from_its_pdf_gives_its_figures_cell_for_cell(demo):
    result, before = read_back(demo)
    assert_round_trip(result, before, demo)
    assert len(result.figures) == 775
    assert [t.number for t in result.tables.values()] == list(range(1, 10))
    # Each table's rows are on the page the contents give for it.
    assert [result.tables[k].sheet for k in result.tables] == [f"第{page}页" for page in range(4, 13)]


@pytest.mark.slow
def test_the_demo_pdf_gives_its_narrative_sections_as_printed_with_their_pages(demo):
    result, _before = read_back(demo)
    headings = [(t.heading, t.page) for t in result.printed_texts]
    assert headings[:4] == [
        ("一、收入支出决算总体情况说明", 13),
        ("二、收入决算情况说明", 13),
        ("三、支出决算情况说明", 13),
        ("四、财政拨款收入支出决算总体情况说明", 14),
    ]
    first = result.printed_texts[0].text
    assert first.startswith("2022年度收入总计12931.30万元，支出总计12931.30万元。")
    # A chart's labels and caption are not the section's text.
    assert "图1" not in first
