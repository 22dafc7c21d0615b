"""The synthetic province gets the department-wide self-evaluation its format requires, through the hook."""

from decimal import Decimal

import pytest

from accounts.models import FinalAccount
from accounts.rules import check_final_accounts
from accounts.rules.engine import Context
from accounts.statements import build_statements, load_facts
from accounts.synthetic import SYNTHETIC_EXTENSIONS, generate_province
from performance.models import Evaluation
from performance.synthetic import add_department_wide_evaluations
from tests.builders import make_bureau, make_department, make_final_account

pytestmark = pytest.mark.django_db


def generated():
    return list(
        FinalAccount.objects.filter(department__bureau__slug__startswith="syn")
        .select_related("department__bureau")
        .order_by("department__bureau__slug", "department__slug", "year")
    )


def table_five(final_account):
    facts = load_facts(final_account)
    context = Context(facts, build_statements(facts))
    return tuple(context.quantity(f"T5.total.c{column}").value for column in (1, 2, 3)), facts.budget_total


def test_performance_registers_its_synthetic_self_evaluation():
    assert add_department_wide_evaluations in SYNTHETIC_EXTENSIONS


def test_each_generated_account_has_a_department_wide_self_evaluation_and_no_finding():
    province = generate_province(bureaus=1, departments=2, years=2, seed=5, inconsistent=0)
    accounts = generated()
    assert province.final_accounts == len(accounts) == 4
    evaluations = {e.final_account_id: e for e in Evaluation.objects.filter(final_account__in=accounts)}
    assert sorted(evaluations) == sorted(fa.pk for fa in accounts)
    for fa in accounts:
        evaluation = evaluations[fa.pk]
        (executed, basic, project), budget = table_five(fa)
        assert (evaluation.scope, evaluation.position) == ("department", 0)
        assert (evaluation.executed, evaluation.basic_expenditure, evaluation.project_expenditure) == (
            executed,
            basic,
            project,
        )
        assert executed > 0
        assert evaluation.budget == max(budget, executed)
        assert (evaluation.stated_execution_score, evaluation.stated_total) == (None, None)
    assert check_final_accounts(accounts) == {fa.pk: [] for fa in accounts}


def test_an_account_with_a_department_wide_table_keeps_it():
    final_account = make_final_account()
    assert add_department_wide_evaluations([final_account]) == 1
    evaluation = Evaluation.objects.get(final_account=final_account)
    assert (evaluation.budget, evaluation.executed, evaluation.basic_expenditure) == (
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert add_department_wide_evaluations([final_account]) == 0
    assert Evaluation.objects.filter(final_account=final_account).count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_the_hook_takes_a_constant_number_of_queries(django_assert_num_queries, count):
    bureau = make_bureau()
    accounts = [
        make_final_account(make_department(bureau, slug=f"d{n}", name=f"测试部门{n}", short_name=f"部门{n}"))
        for n in range(count)
    ]
    for fa in accounts:
        fa.report_format  # noqa: B018  the format is read with the account, as the generator has it
    with django_assert_num_queries(16):
        assert add_department_wide_evaluations(accounts) == count
