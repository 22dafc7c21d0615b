"""A second producer: the 上海-layout workbooks of the as-printed import, printed to PDF by LibreOffice
(headless), read back cell for cell, whether their tables are ruled or printed without rules."""

import io

import pytest
from openpyxl import load_workbook

from accounts.importing import prepare_import
from accounts.importing.reading import open_document
from tests.accounts.importing.shanghai import shanghai_account, shanghai_workbook
from tests.builders import make_department

from .printing import SOFFICE, printable, to_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here; CI installs it"),
]


@pytest.fixture
def reference(draft, reference_workbook):
    return prepare_import(draft, reference_workbook)


@pytest.fixture
def shanghai(bureau):
    return shanghai_account(make_department(bureau, slug="shanghai", name="上海市测试局"))


def by_address(figures):
    return sorted((str(f.address), f.value, f.blank) for f in figures)


def sheet_names(data):
    return load_workbook(io.BytesIO(data), read_only=True).sheetnames


@pytest.mark.parametrize("ruled", ["odd", "even"])
def test_a_libreoffice_pdf_of_the_shanghai_workbook_is_read_cell_for_cell(shanghai, reference, ruled):
    data, expected = shanghai_workbook(reference.figures)
    names = sheet_names(data)
    # Every table once ruled and once printed without rules, over the two runs.
    chosen = names[0::2] if ruled == "odd" else names[1::2]
    result = prepare_import(shanghai, to_pdf(printable(data, ruled=chosen, wrap=True)), filename="上海.pdf")
    assert [str(e) for e in result.errors] == []
    assert [t.number for t in result.tables.values()] == list(range(1, 10))
    assert by_address(result.figures) == sorted(expected.values())
    assert result.facts == reference.facts


def test_wrapped_names_and_tables_over_two_pages_are_read_as_the_workbook(shanghai, reference):
    """Narrow name columns wrap names over up to three lines inside their cells (the code and amounts on
    the last line); 表3 (ruled) and 表5 (unruled) continue over pages, their header rows printed again."""
    data, expected = shanghai_workbook(reference.figures)
    narrow = {"一般公共预算财政拨款支出决算表": {"D": 12}, "支出决算表": {"B": 12, "C": 8}}
    printed = to_pdf(printable(data, ruled=["支出决算表"], widths=narrow, wrap=True, titles=True))
    result = prepare_import(shanghai, printed, filename="上海.pdf")
    assert [str(e) for e in result.errors] == []
    assert by_address(result.figures) == sorted(expected.values())
    from_workbook = prepare_import(shanghai, data)
    for kind in ("expenditure", "general_budget_expenditure"):
        assert [(s.code, s.name) for s in result.tables[kind].subject_rows] == [
            (s.code, s.name) for s in from_workbook.tables[kind].subject_rows
        ]
    grids = {grid.name: sorted(set(grid.pages.values())) for grid in open_document(printed)}
    assert grids[result.tables["expenditure"].sheet] == [3, 4]
    assert grids[result.tables["general_budget_expenditure"].sheet] == [6, 7, 8]
