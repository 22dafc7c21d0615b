"""A disclosure the product renders, read back from its own PDF: the same figures cell for cell, and no
error or warning the account did not have."""

import pytest

from accounts.final_accounts import _release_lined_printed_cells
from accounts.formatting import to_wanyuan
from accounts.importing import prepare_import
from accounts.models import FinalAccount
from accounts.reference_data import load_report_format, read_format_file, shipped_format_files
from accounts.rules import check_final_account
from accounts.rules.engine import Severity
from accounts.statements import build_statements_for
from accounts.synthetic import generate_province

from .conftest import editable, render

TEN_THOUSAND = 10000


def comparable(address):
    """A cell's address as compared here. 三公 cells by their key alone: the statements number them by
    the national 栏次 whatever the arrangement, the importer by the 栏次 of the arrangement printed."""
    if address.parts[0] == "official_expenses":
        return address.parts[:2]
    return address


def statement_cells(final_account):
    """{address: value in 元 as printed (in 万元, to the cent)} of every amount cell of the account's tables."""
    return {
        comparable(address): to_wanyuan(cell.value) * TEN_THOUSAND
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


def assert_round_trip(result, before, final_account, *, unchanged=True):
    assert [str(e) for e in result.errors] == []
    assert [str(w) for w in result.warnings] == []
    read = {comparable(figure.address): figure.value for figure in result.figures}
    assert read == statement_cells(final_account)
    assert len(read) == len(result.figures)
    assert serious(result.findings) <= serious(before)
    if unchanged:
        assert result.changes == []


def in_format(final_account, stem):
    """The account laid out in the shipped format `stem` (its printed 表1/表4 cells released when the
    format's lines differ, as `use_format` does)."""
    path = next(path for path in shipped_format_files() if path.stem == stem)
    report_format = load_report_format(read_format_file(path))
    old = final_account.report_format
    FinalAccount.objects.filter(pk=final_account.pk).update(report_format=report_format)
    _release_lined_printed_cells(final_account, old, report_format)
    final_account.refresh_from_db()
    return final_account


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
    assert result.errors == []
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


@pytest.mark.slow
@pytest.mark.parametrize(
    "stem",
    [
        "national-2023",
        "national-2024",
        "national-2025",
        "shanghai-2024",
        "shanghai-2024-26类",
    ],
)
def test_the_demo_in_each_shipped_format_reads_back_cell_for_cell(demo, stem):
    final_account = in_format(demo, stem)
    result, before = read_back(final_account)
    assert_round_trip(result, before, final_account)
    assert result.report_format is None  # the variant printed is the account's own


@pytest.mark.slow
def test_a_synthetic_account_reads_back_as_printed(db):
    generate_province(bureaus=1, departments=1, years=1, prefix="pdf", seed=3, inconsistent=0)
    final_account = FinalAccount.objects.select_related("report_format").get(department__bureau__slug="pdf")
    assert final_account.provenance == FinalAccount.Provenance.YUAN
    result, before = read_back(final_account)
    # Its figures are typed in 元 and printed in 万元: read back, they are the printed 万元 figures.
    assert_round_trip(result, before, final_account, unchanged=False)
    assert result.provenance == FinalAccount.Provenance.WANYUAN_TABLES
