"""One figure, one address: the statement, the findings, an import's printed cell, the entry input and the
document all name 表5 2080101 栏2 of the reference demo (行政运行 基本支出, 1,119.43 万元) the same way."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from accounts.addresses import Address, column_keys_of
from accounts.document import build_document
from accounts.entry import build_screen, cell_location, load_entry
from accounts.entry.findings import FormatPlaces
from accounts.importing import apply_import, prepare_import
from accounts.models import FinalAccount, PrintedCell
from accounts.statements import build_statements, load_facts
from tests.accounts.rules.builders import findings_of, replaced
from tests.builders import make_department, make_final_account

from .importing.conftest import REFERENCE_WORKBOOK

ADDRESS = Address.parse("cell|general_budget_expenditure|2080101|2")
BASIC = Decimal("11194300.00")  # 1,119.43 万元


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


def test_the_statement_cell_has_the_address(demo):
    statement = build_statements(load_facts(demo))["general_budget_expenditure"]
    cell = statement.cell(code="2080101", column=2)
    assert (statement.address(cell), cell.value) == (ADDRESS, BASIC)
    assert statement.cells_by_address()[ADDRESS] is cell
    assert ADDRESS.label() == "表5/2080101/栏2"


def test_a_finding_names_the_cell_by_the_address_and_its_label(demo):
    facts = load_facts(demo)
    statements = replaced(
        build_statements(facts), "general_budget_expenditure", BASIC + 1, code="2080101", column=2
    )
    (finding,) = findings_of("R10", facts, statements)
    assert ADDRESS in finding.cells
    assert finding.labels[finding.cells.index(ADDRESS)] == "表5/2080101/栏2"
    assert str(ADDRESS) in finding.as_dict()["addresses"]


def test_the_document_cell_has_the_address_anchor(demo):
    html = render_to_string("accounts/document/body.html", {"document": build_document(demo)})
    assert ADDRESS.anchor == "cell-general_budget_expenditure-2080101-2"
    assert re.search(rf'<td class="amount" id="{ADDRESS.anchor}">([^<]*)</td>', html)[1] == "1,119.43"


def test_the_entry_input_behind_the_cell_has_the_fact_anchor(demo):
    data = load_entry(demo)
    fact = ADDRESS.behind(column_keys_of(data.facts.tables))
    assert (str(fact), fact.anchor) == (
        "expenditure|2080101|general_budget|basic",
        "c-expenditure-2080101-general_budget-basic",
    )
    screen = build_screen(data, "expenditure")
    inputs = {
        cell.name: cell
        for grid in screen.grids
        for row in grid.rows
        for cell in row.cells
        if getattr(cell, "name", "") == str(fact)
    }
    assert (inputs[str(fact)].id, inputs[str(fact)].amount) == (fact.anchor, BASIC)
    assert cell_location(ADDRESS, FormatPlaces.of(data.facts)) == ("expenditure", fact.anchor)


def test_the_imported_printed_cell_has_the_address(bureau):
    draft = make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )
    workbook = REFERENCE_WORKBOOK.read_bytes()
    (figure,) = [f for f in prepare_import(draft, workbook).figures if f.address == ADDRESS]
    assert (figure.sheet, figure.cell, figure.value) == ("表5", "F15", BASIC)
    apply_import(draft, workbook, by=None)
    stored = PrintedCell.objects.get(final_account=draft, address=str(ADDRESS))
    assert (stored.value, stored.label) == (BASIC, "行政运行")
    assert [cell.address for cell in load_facts(draft).printed_cells if cell.address == ADDRESS] == [ADDRESS]
