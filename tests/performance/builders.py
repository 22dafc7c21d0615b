"""Builders of self-evaluation rows with obvious defaults (kept here until tests/builders.py takes them)."""

from decimal import Decimal

from performance.models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory


def make_evaluation(final_account, *, position=1, scope=Evaluation.Scope.PROJECT, name="测试项目", budget="100.00",
                    executed="80.00", **fields):
    if scope == Evaluation.Scope.DEPARTMENT:
        name = ""
    return Evaluation.objects.create(
        final_account=final_account, position=position, scope=scope, name=name, budget=Decimal(budget),
        executed=Decimal(executed), **fields,
    )


def make_goal(evaluation, *, position=1, weight="80", name=""):
    return Goal.objects.create(
        evaluation=evaluation, position=position, name=name, weight=None if weight is None else Decimal(weight)
    )


def make_category(goal, *, kind=IndicatorCategory.Kind.OUTPUT, position=1, weight=None):
    return IndicatorCategory.objects.create(
        goal=goal, kind=kind, position=position, weight=None if weight is None else Decimal(weight)
    )


def make_subcategory(category, *, kind=IndicatorSubcategory.Kind.QUANTITY, position=1, **fields):
    return IndicatorSubcategory.objects.create(category=category, kind=kind, position=position, **fields)


def make_indicator(subcategory, *, position=1, name="指标", **fields):
    return Indicator.objects.create(subcategory=subcategory, position=position, name=name, **fields)
