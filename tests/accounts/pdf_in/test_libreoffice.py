"""A second producer: the 上海-layout workbooks of the as-printed import, printed to PDF by LibreOffice
(headless), read back cell for cell, whether their tables are ruled or printed without rules."""

import io

import pytest
from openpyxl import load_workbook

from accounts.importing import prepare_import
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
