"""The self-evaluation part of “complete before submit”, registered into the accounts rule engine.

A format that requires a department-wide self-evaluation (accounts.rules.completeness, the format's
`required_content.department_self_evaluation`) makes its absence an error (C3), and a table whose budget
and executed amount are both still 0 (carried over from last year and never filled in) a warning (C4).
"""

from decimal import Decimal

from accounts.rules.completeness import requirements
from accounts.rules.engine import Rule, Severity

from .rules import _scores, evaluation_label, ref

ZERO = Decimal("0")


def department_self_evaluation(context, rule):
    if not requirements(context).get("department_self_evaluation"):
        return
    if not any(score.evaluation.is_department_wide for score in _scores(context)):
        yield context.finding(rule, target="部门整体绩效自评表")


def filled_in(context, rule):
    if not requirements(context).get("department_self_evaluation"):
        return
    for score in _scores(context):
        evaluation = score.evaluation
        if evaluation.budget == ZERO and evaluation.executed == ZERO:
            yield context.finding(
                rule,
                cells=[ref(context, evaluation, "预算数", code="budget")],
                message=f"{evaluation_label(evaluation)}绩效自评表未填写预算数和执行数；不再评价的项目请删除该表。",
            )


RULES = (
    Rule(
        "C3",
        "缺少部门整体绩效自评表（第六部分 附件）",
        Severity.ERROR,
        department_self_evaluation,
        source="报表格式 required_content.department_self_evaluation",
    ),
    Rule(
        "C4",
        "绩效自评表未填写预算数和执行数",
        Severity.WARNING,
        filled_in,
        source="报表格式 required_content.department_self_evaluation",
    ),
)
