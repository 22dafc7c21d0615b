"""Builders for the rule tests: a small final account every rule passes, and altered statements.

The consistent account (amounts in 万元, entered in 元 provenance):

- income: 2080101 一般公共预算 1000, 2080101 事业收入 200, 2101101 一般公共预算 300 (本年收入合计 1500)
- spending: 2080101 一般公共预算 基本 600 + 项目 350, 2080101 其他资金 基本 150, 2101101 一般公共预算 基本 300
- balances: 一般公共预算 10 → 60 (10 + 1300 − 1250), 其他资金 5 → 55 (5 + 200 − 150)
- 表6: 30101 500, 30201 300, 30212 60, 30217 40 (= 基本支出 900; 公用经费 400 = 机关运行经费)
- 三公: 因公出国 budget 80 actual 60 (2 团组, 6 人次), 公务接待 budget 50 actual 45, all 国内 (10 批次, 80 人次)
- 年初预算: total 1400 = 基本 950 + 项目 450 = 2080101 1050 + 2101101 350
- last year's 本年收入合计 1400; one free text citing 1500万元, 100万元 and 7.14%
"""

import dataclasses

from accounts import editing
from accounts.rules import Context, evaluate
from accounts.rules.registry import rule
from accounts.statements import build_statements, load_facts
from tests.builders import fill_required_content

WAN = {"by": None, "unit": "wanyuan"}


def fill_consistent(final_account):
    fa = final_account
    editing.set_income(fa, code="2080101", source="general_budget", amount="1000", **WAN)
    editing.set_income(fa, code="2080101", source="public_service", amount="200", **WAN)
    editing.set_income(fa, code="2101101", source="general_budget", amount="300", **WAN)
    editing.set_expenditure(fa, code="2080101", fund="general_budget", kind="basic", amount="600", **WAN)
    editing.set_expenditure(fa, code="2080101", fund="general_budget", kind="project", amount="350", **WAN)
    editing.set_expenditure(fa, code="2080101", fund="non_appropriation", kind="basic", amount="150", **WAN)
    editing.set_expenditure(fa, code="2101101", fund="general_budget", kind="basic", amount="300", **WAN)
    editing.set_balance(fa, fund="general_budget", opening="10", closing="60", **WAN)
    editing.set_balance(fa, fund="non_appropriation", opening="5", closing="55", **WAN)
    for code, amount in (("30101", "500"), ("30201", "300"), ("30212", "60"), ("30217", "40")):
        editing.set_basic_detail(fa, code=code, amount=amount, **WAN)
    editing.set_official_expense(fa, item="outbound_travel", budget="80", actual="60", **WAN)
    editing.set_official_expense(fa, item="reception", budget="50", actual="45", **WAN)
    editing.set_stated_figure(fa, key="reception_domestic", amount="45", **WAN)
    for key, count in (
        ("outbound_groups", 2),
        ("outbound_people", 6),
        ("domestic_reception_groups", 10),
        ("domestic_reception_people", 80),
    ):
        editing.set_stated_count(fa, key=key, count=count, by=None)
    editing.set_budget(fa, amount="1400", **WAN)
    editing.set_budget(fa, kind="basic", amount="950", **WAN)
    editing.set_budget(fa, kind="project", amount="450", **WAN)
    editing.set_budget(fa, code="2080101", amount="1050", **WAN)
    editing.set_budget(fa, code="2101101", amount="350", **WAN)
    editing.set_stated_figure(fa, key="operating_costs", amount="400", **WAN)
    editing.set_prior_year_figure(
        fa, key="income_total", amount="1400", source="2021 年度决算公开 表1", **WAN
    )
    fill_required_content(fa)  # what the format requires: its texts and the department-wide self-evaluation
    editing.set_free_text(
        fa,
        key="total_change_reason",
        by=None,
        text="本年收入合计1500万元，比上年增加100万元，增长7.14%。主要原因是新增项目。",
    )
    return fa


def loaded(final_account):
    """Return (facts, statements) of `final_account`."""
    facts = load_facts(final_account)
    return facts, build_statements(facts)


def findings_of(rule_id, facts, statements, extra=None):
    """Return the findings of the one rule `rule_id` over facts and statements."""
    extra = {"unit_types": ["administrative"]} if extra is None else extra
    return evaluate(facts, statements, extra=extra, rules=[rule(rule_id)])


def replaced(statements, kind, value, **address):
    """Return a copy of `statements` where the one amount cell of `kind` at `address` holds `value`.

    Statements built from facts satisfy the in-table identities by construction; a replaced cell stands
    for a figure as printed in an imported table.
    """
    statement = statements[kind]
    target = statement.cell(**address)
    rows = tuple(
        dataclasses.replace(
            row,
            cells=tuple(
                dataclasses.replace(cell, value=value) if cell is target else cell for cell in row.cells
            ),
        )
        for row in statement.rows
    )
    return {**statements, kind: dataclasses.replace(statement, rows=rows)}


def quantity(facts, statements, name):
    return Context(facts=facts, statements=statements).quantity(name)


def summary(findings):
    """Return (rule id, severity, target, expected, actual) of each finding."""
    return [(f.rule_id, str(f.severity), f.target, f.expected, f.actual) for f in findings]
