"""The nine official tables, each built by one pure function from the facts of a final account."""

from .basic_detail import build_basic_expenditure_detail
from .by_subject import (
    build_expenditure,
    build_general_budget_expenditure,
    build_government_fund,
    build_income,
    build_state_capital,
)
from .facts import Facts, load_facts, load_facts_many
from .official_expenses import build_official_expenses
from .printed import facts_marked, overlay_printed
from .structures import Cell, HeaderCell, Row, Statement
from .summary import build_appropriation_summary, build_income_expenditure_summary

BUILDERS = {
    "income_expenditure_summary": build_income_expenditure_summary,
    "income": build_income,
    "expenditure": build_expenditure,
    "appropriation_summary": build_appropriation_summary,
    "general_budget_expenditure": build_general_budget_expenditure,
    "basic_expenditure_detail": build_basic_expenditure_detail,
    "government_fund": build_government_fund,
    "state_capital": build_state_capital,
    "official_expenses": build_official_expenses,
}


def build_statements(facts, *, printed=True):
    """Return the format's tables built from `facts`, keyed by kind, in the format's order (表1 … 表9).

    Cells the department printed show the figures as printed (statements.printed); with
    `printed=False`, every cell is what the facts give (what the printed cells are checked against).
    """
    tables = sorted(facts.tables.values(), key=lambda table: table.number)
    statements = {table.kind: BUILDERS[table.kind](facts) for table in tables}
    if not printed:
        return statements

    def part_counts():
        # Every figure marked 1: each cell then counts the item-level figures beneath it.
        marked = facts_marked(facts, lambda address: True)
        counts = {}
        for table in tables:
            cells = BUILDERS[table.kind](marked).cells_by_address()
            counts.update({address: int(abs(cell.value)) for address, cell in cells.items()})
        return counts

    return overlay_printed(statements, facts, part_counts)


def build_statements_for(final_account):
    """Load the facts of `final_account` and build all its tables."""
    return build_statements(load_facts(final_account))


__all__ = [
    "BUILDERS",
    "Cell",
    "Facts",
    "HeaderCell",
    "Row",
    "Statement",
    "build_statements",
    "build_statements_for",
    "load_facts",
    "load_facts_many",
]
