"""The tables with one row per functional subject: 表2, 表3, 表5, 表7, 表8 (national numbers)."""

from collections import defaultdict
from decimal import Decimal

from ..choices import APPROPRIATION_SOURCES, ExpenditureKind, Fund, IncomeSource
from .structures import Statement
from .subject_tree import subject_header, subject_rows

ZERO = Decimal("0.00")
SPENDING_KEYS = {"total", "basic", "project"}


def empty_sentence(table, facts):
    """Return the table's empty-table sentence with {department} (full name) and {year} filled in.

    上海 names the department: “说明：{department}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。”;
    so does the national format: “注：{department}无政府性基金预算财政拨款收入、支出及结转和结余，故本表无数据。”
    """
    sentence = table.empty_sentence
    if "{" not in sentence:
        return sentence
    if facts.final_account is None:  # a layout with no final account (an empty template): 本部门
        return sentence.replace("{department}", "本部门").replace("{year}", "本")
    return sentence.replace("{department}", facts.department_name).replace(
        "{year}", str(facts.final_account.year)
    )


def _statement(table, header_rows, rows, facts, *, empty_possible=False):
    is_empty = empty_possible and all(
        cell.value == ZERO for row in rows for cell in row.cells if cell.is_amount
    )
    if table.layout.get("total_row") == "last":  # 上海 表5 prints its 合计 under the subjects
        rows = (*rows[1:], rows[0])
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header_rows,
        rows=rows,
        notes=tuple(table.notes),
        empty_sentence=empty_sentence(table, facts) if is_empty else "",
        is_empty=is_empty,
        column_count=2 + len(table.layout["columns"]),
    )


def _header(table, facts, group_label_key="group_label"):
    columns = table.layout["columns"]
    return subject_header(
        columns,
        group_label=table.layout.get(group_label_key),
        group_keys=SPENDING_KEYS,
        line_numbers=facts.line_numbers,
        item_heading=table.layout.get("item_heading", ""),
    )


def build_income(facts):
    """表2 收入决算表: income by subject; 财政拨款收入 is the sum of the three appropriation sources."""
    table = facts.tables["income"]
    items = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (code, source), amount in facts.income.items():
        items[code]["total"] += amount
        items[code]["appropriation" if source in APPROPRIATION_SOURCES else source] += amount
    columns = table.layout["columns"]
    return _statement(table, _header(table, facts), subject_rows(items, columns, facts.subject_name), facts)


def build_expenditure(facts):
    """表3 支出决算表: expenditure of every fund by subject and kind."""
    table = facts.tables["expenditure"]
    items = defaultdict(lambda: defaultdict(lambda: ZERO))
    for (code, _fund, kind), amount in facts.expenditure.items():
        items[code]["total"] += amount
        items[code][kind] += amount
    columns = table.layout["columns"]
    return _statement(table, _header(table, facts), subject_rows(items, columns, facts.subject_name), facts)


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
    return _statement(table, _header(table, facts), subject_rows(items, columns, facts.subject_name), facts)


def _fund_table(facts, kind, fund, source):
    """A fund's table by item subject: its spending by kind and, where the layout has those columns,
    its 年初/年末结转和结余 (`opening`, `closing`) and 本年收入 (`income`).

    The national 表8 prints 国有资本经营 spending only; 上海 表9 prints it like 政府性基金 (表7).
    """
    table = facts.tables[kind]
    columns = table.layout["columns"]
    keys = {c["key"] for c in columns}
    items = _fund_spending(facts, fund)
    if "income" in keys:
        for (code, income_source), amount in facts.income.items():
            if income_source == source:
                items[code]["income"] += amount
    if keys & {"opening", "closing"}:
        for code, (opening, closing) in facts.fund_balances(fund).items():
            if code:
                items[code]["opening"] += opening
                items[code]["closing"] += closing
    # The spanning header over 合计/基本支出/项目支出 is “本年支出” (named so in either key).
    label_key = "expenditure_label" if "expenditure_label" in table.layout else "group_label"
    return _statement(
        table,
        _header(table, facts, label_key),
        subject_rows(items, columns, facts.subject_name),
        facts,
        empty_possible=True,
    )


def build_state_capital(facts):
    """表8 国有资本经营预算财政拨款支出决算表 (上海 表9 收入支出决算表)."""
    return _fund_table(facts, "state_capital", Fund.STATE_CAPITAL, IncomeSource.STATE_CAPITAL)


def build_government_fund(facts):
    """表7 政府性基金预算财政拨款收入支出决算表: balances, income and spending per item subject."""
    return _fund_table(facts, "government_fund", Fund.GOVERNMENT_FUND, IncomeSource.GOVERNMENT_FUND)
