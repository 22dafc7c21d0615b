"""A new year's final account offers last year's self-evaluations: structure and targets, no values."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.models import FigureChange
from accounts.rollover import create_final_account
from performance.models import Evaluation, Indicator
from performance.queries import evaluations_for_scoring


def structure(evaluation):
    """The carried part of a table: header, goals, 一级/二级/三级指标 with weights and targets."""
    return (
        evaluation.scope,
        evaluation.position,
        evaluation.reporting_unit,
        evaluation.name,
        evaluation.short_name,
        evaluation.project_category,
        evaluation.execution_weight,
        sorted(subject.code for subject in evaluation.subjects.all()),
        [
            (
                goal.position,
                goal.name,
                goal.weight,
                [
                    (
                        category.kind,
                        category.weight,
                        [
                            (
                                sub.kind,
                                sub.label,
                                sub.weight,
                                [
                                    (i.name, i.weight, i.target_text, i.target_value, i.unit, i.direction)
                                    for i in sub.indicators.all()
                                ],
                            )
                            for sub in category.subcategories.all()
                        ],
                    )
                    for category in goal.categories.all()
                ],
            )
            for goal in evaluation.goals.all()
        ],
    )


def values(evaluation):
    """This year's values of a table: all empty on a carried-over table."""
    return (
        evaluation.budget,
        evaluation.executed,
        evaluation.basic_expenditure,
        evaluation.project_expenditure,
        evaluation.stated_execution_rate,
        evaluation.stated_execution_score,
        evaluation.stated_total,
        evaluation.outcomes,
        evaluation.deviation_reasons,
        evaluation.improvement_measures,
    )


EMPTY = (Decimal("0.00"), Decimal("0.00"), None, None, "", None, None, "", "", "")


def test_creating_2023_from_the_demos_2022_offers_its_twelve_self_evaluations(demo):
    accountant = get_user_model().objects.get(username="kuaiji")
    new = create_final_account(demo.department, year=2023, by=accountant).final_account
    last, this = list(evaluations_for_scoring(demo)), list(evaluations_for_scoring(new))
    assert len(this) == 12
    assert [structure(e) for e in this] == [structure(e) for e in last]
    assert [values(e) for e in this] == [EMPTY] * 12
    assert Indicator.objects.filter(subcategory__category__goal__evaluation__final_account=new).count() == 194
    carried = Indicator.objects.filter(subcategory__category__goal__evaluation__final_account=new)
    assert list(carried.exclude(actual_text="", actual_value=None, achievement="", stated_score=None)) == []
    # Targets came along: the 2022 tables print 年初目标值 for every indicator that has one.
    assert (
        carried.exclude(target_text="").count()
        == Indicator.objects.filter(subcategory__category__goal__evaluation__final_account=demo)
        .exclude(target_text="")
        .count()
    )
    assert carried.exclude(target_text="").count() > 150
    # Each table added is recorded, naming where it came from.
    records = FigureChange.objects.filter(
        final_account=new, reason="由 2022 年度结转（结构和目标值，不含本年数）"
    )
    assert sorted(records.values_list("new_value", flat=True)) == sorted(
        "部门整体绩效自评表" if e.scope == Evaluation.Scope.DEPARTMENT else e.name for e in last
    )
    # Last year's tables are untouched.
    assert [values(e) for e in evaluations_for_scoring(demo)] == [values(e) for e in last]


def test_a_first_final_account_has_no_self_evaluations(department, accountant):
    new = create_final_account(department, year=2022, by=accountant).final_account
    assert Evaluation.objects.filter(final_account=new).count() == 0
