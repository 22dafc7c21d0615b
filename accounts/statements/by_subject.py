"""The tables with one row per functional subject: 表2, 表3, 表5, 表7, 表8."""

from collections import defaultdict
from decimal import Decimal

from ..choices import APPROPRIATION_SOURCES, ExpenditureKind, Fund, IncomeSource
from .structures import Statement
from .subject_tree import subject_header, subject_rows

ZERO = Decimal("0.00")


def _statement(table, header_rows, rows, *, empty_possible=False):
    is_empty = empty_possible and all(
        cell.value == ZERO for row in rows for cell in row.cells if cell.is_amount
    )
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header_rows,
        rows=rows,
        notes=tuple(table.notes),
        empty_sentence=table.empty_sentence if is_empty else "",
        is_empty=is_empty,
        column_count=2 + len(table.layout["columns"]),
    )


def build_income(facts):
    """表2 收入决算表: income by subject; 财政拨款收入 is the sum of the three appropriation sources."""
    table = facts.tables["income"]
    items = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (code, source), amount in facts.income.items():
        items[code]["total"] += amount
        items[code]["appropriation" if source in APPROPRIATION_SOURCES else source] += amount
    columns = table.layout["columns"]
    return _statement(table, subject_header(columns), subject_rows(items, columns, facts.subject_name))


def build_expenditure(facts):
    """表3 支出决算表: expenditure of every fund by subject and kind."""
    table = facts.tables["expenditure"]
    items = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (code, _fund, kind), amount in facts.expenditure.items():
        items[code]["total"] += amount
        items[code][kind] += amount
    columns = table.layout["columns"]
    return _statement(table, subject_header(columns), subject_rows(items, columns, facts.subject_name))


def _fund_spending(facts, fund, *, with_budgets=False):
    items = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (code, f, kind), amount in facts.expenditure.items():
        if f == fund and kind in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
            items[code]["total"] += amount
            items[code][kind] += amount
    if with_budgets:
        # A subject with a year-start budget but no spending still gets its (empty) row.
        for code in facts.budget_by_subject:
            items[code]["total"] += ZERO
    return items


def build_general_budget_expenditure(facts):
    """表5 一般公共预算财政拨款支出决算表: fund 一般公共预算, basic and project."""
    table = facts.tables["general_budget_expenditure"]
    columns = table.layout["columns"]
    items = _fund_spending(facts, Fund.GENERAL_BUDGET, with_budgets=True)
    header = subject_header(
        columns, group_label=table.layout.get("group_label"), group_keys={"total", "basic", "project"}
    )
    return _statement(table, header, subject_rows(items, columns, facts.subject_name))


def build_state_capital(facts):
    """表8 国有资本经营预算财政拨款支出决算表."""
    table = facts.tables["state_capital"]
    columns = table.layout["columns"]
    items = _fund_spending(facts, Fund.STATE_CAPITAL)
    header = subject_header(
        columns, group_label=table.layout.get("group_label"), group_keys={"total", "basic", "project"}
    )
    return _statement(table, header, subject_rows(items, columns, facts.subject_name), empty_possible=True)


def build_government_fund(facts):
    """表7 政府性基金预算财政拨款收入支出决算表: balances, income and spending per item subject."""
    table = facts.tables["government_fund"]
    columns = table.layout["columns"]
    items = _fund_spending(facts, Fund.GOVERNMENT_FUND)
    for (code, source), amount in facts.income.items():
        if source == IncomeSource.GOVERNMENT_FUND:
            items[code]["income"] += amount
    for code, (opening, closing) in facts.government_fund_balances().items():
        if code:
            items[code]["opening"] += opening
            items[code]["closing"] += closing
    header = subject_header(
        columns, group_label=table.layout.get("expenditure_label"), group_keys={"total", "basic", "project"}
    )
    return _statement(table, header, subject_rows(items, columns, facts.subject_name), empty_possible=True)
