"""Builders of self-evaluation rows with obvious defaults (kept here until tests/builders.py takes them)."""

from decimal import Decimal

from performance.models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory


def make_evaluation(
    final_account,
    *,
    position=1,
    scope=Evaluation.Scope.PROJECT,
    name="测试项目",
    budget="100.00",
    executed="80.00",
    **fields,
):
    if scope == Evaluation.Scope.DEPARTMENT:
        name = ""
    return Evaluation.objects.create(
        final_account=final_account,
        position=position,
        scope=scope,
        name=name,
        budget=Decimal(budget),
        executed=Decimal(executed),
        **fields,
    )


def make_goal(evaluation, *, position=1, weight="80", name=""):
    return Goal.objects.create(
        evaluation=evaluation,
        position=position,
        name=name,
        weight=None if weight is None else Decimal(weight),
    )


def make_category(goal, *, kind=IndicatorCategory.Kind.OUTPUT, position=1, weight=None):
    return IndicatorCategory.objects.create(
        goal=goal, kind=kind, position=position, weight=None if weight is None else Decimal(weight)
    )


def make_subcategory(category, *, kind=IndicatorSubcategory.Kind.QUANTITY, position=1, **fields):
    return IndicatorSubcategory.objects.create(category=category, kind=kind, position=position, **fields)


def make_indicator(subcategory, *, position=1, name="指标", **fields):
    return Indicator.objects.create(subcategory=subcategory, position=position, name=name, **fields)


def make_scored_project(final_account, *, position=1, name="职业培训", indicators=1, **fields):
    """A project table every 绩效自评 rule passes, in 元.

    预算 100 万元, 执行 80 万元: 执行率 80%, 执行率得分 16 of 20. 年度绩效目标 (80 分): 产出指标 (50 分) with
    `indicators` (at most 5) quantitative indicators “培训人数n” of 10 分 each (target ≥ 100 人, actual 90 人:
    scored 9); 满意度指标 (30 分) with one qualitative indicator 达成, scored 28 (band 24–30).
    总分 16 + 9 × indicators + 28.
    """
    values = {
        "budget": "1000000.00",
        "executed": "800000.00",
        "stated_execution_rate": "80%",
        "stated_execution_score": Decimal("16"),
        "stated_total": Decimal(44 + 9 * indicators),
        **fields,
    }
    evaluation = make_evaluation(final_account, position=position, name=name, **values)
    goal = make_goal(evaluation, weight="80")
    output = make_subcategory(make_category(goal, weight="50"))
    for number in range(1, indicators + 1):
        make_indicator(
            output,
            position=number,
            name=f"培训人数{number}",
            weight=Decimal("10"),
            target_text="≥100人",
            actual_text="90人",
            target_value=Decimal("100"),
            actual_value=Decimal("90"),
            unit="人",
            direction=Indicator.Direction.POSITIVE,
            stated_score=Decimal("9"),
        )
    satisfaction = make_subcategory(
        make_category(goal, kind=IndicatorCategory.Kind.SATISFACTION, position=2, weight="30"),
        kind=IndicatorSubcategory.Kind.SATISFACTION,
    )
    make_indicator(
        satisfaction,
        name="服务对象满意度",
        weight=Decimal("30"),
        target_text="满意",
        actual_text="满意",
        achievement=Indicator.Achievement.ACHIEVED,
        stated_score=Decimal("28"),
    )
    return evaluation
