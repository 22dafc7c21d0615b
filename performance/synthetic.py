"""The department-wide self-evaluation of a generated final account (accounts.synthetic, through its hook).

A format that requires the department-wide 绩效自评表 (C3) makes a final account without one incomplete, and
`accounts` cannot create it: the synthetic province asks this app through `register_synthetic_extension`.
The table is the one a department files with nothing to correct: its 执行数, 基本支出总额 and 项目支出总额
are 表5's (R41), read by the rule engine from the same facts as the findings; its 预算数 is the 一般公共预算
year-start budget, never below the 执行数 (执行率 ≤ 100 %, as the generated budgets cover the spending);
its scores are left to be computed (no stated score, so nothing overrides the rule).
"""

from decimal import Decimal

from django.db.models import Q

from accounts.rules.engine import Context
from accounts.statements import build_statements, load_facts_many

from .entry import STATEMENT_TOTALS
from .models import Evaluation

ZERO = Decimal("0.00")


def department_wide_evaluation(final_account, facts):
    """Return the unsaved department-wide Evaluation of `final_account` whose figures are those of `facts`."""
    context = Context(facts, build_statements(facts))
    totals = {field: context.quantity(name).value or ZERO for field, name in STATEMENT_TOTALS.items()}
    budget = facts.budget_total if facts.budget_total is not None else totals["executed"]
    return Evaluation(
        final_account=final_account,
        scope=Evaluation.Scope.DEPARTMENT,
        position=0,
        budget=max(budget, totals["executed"]),
        **totals,
    )


def add_department_wide_evaluations(final_accounts):
    """Give each of `final_accounts` that has none its department-wide self-evaluation; return how many.

    The tables are written with one bulk insert (no change record: generated figures have no history), in a
    constant number of queries whatever the number of final accounts. A final account that already has a
    department-wide table, or another table in its place (position 0), is left as it is.
    """
    final_accounts = list(final_accounts)
    taken = set(
        Evaluation.objects.filter(
            Q(scope=Evaluation.Scope.DEPARTMENT) | Q(position=0), final_account__in=final_accounts
        ).values_list("final_account_id", flat=True)
    )
    pending = [fa for fa in final_accounts if fa.pk not in taken]
    if not pending:
        return 0
    facts = load_facts_many(pending)
    rows = [department_wide_evaluation(fa, facts[fa.pk]) for fa in pending]
    Evaluation.objects.bulk_create(rows)
    return len(rows)
