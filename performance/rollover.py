"""Last year's self-evaluations offered to a new year's final account (registered with accounts.rollover).

A department evaluates mostly the same projects with the same goals and indicators every year: the new
draft receives every table of last year's final account with its structure (goals, 一级/二级/三级指标),
weights and targets (年初目标值, its number, unit and direction), and the project's header (name, unit,
category, subjects the new edition still has). This year's values stay empty: budget and executed amount
0, no actual values, no achievement, no stated scores, no texts of the year (outcomes, deviations,
measures). The accountant removes what the department no longer evaluates.
"""

from decimal import Decimal

from accounts.models import FigureChange, FunctionalSubject

from .editing import _structure_label, _table_name, node_address
from .models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory
from .queries import evaluations_for_scoring

ZERO = Decimal("0.00")
# The header fields that describe the table rather than the year.
CARRIED_HEADER = (
    "scope",
    "position",
    "reporting_unit",
    "name",
    "short_name",
    "supervising_department",
    "implementing_unit",
    "project_category",
    "project_nature",
    "project_type",
    "is_confidential",
    "execution_weight",
)
CARRIED_INDICATOR = ("position", "name", "weight", "target_text", "target_value", "unit", "direction")


def _copy(row, fields, **extra):
    return type(row)(**{field: getattr(row, field) for field in fields}, **extra)


def carry_over_evaluations(previous, final_account, *, by):
    """Give `final_account` the self-evaluations of `previous` (last year's): structure and targets, no values.

    Writes with one bulk insert per level of the tree and one for the subjects, in a constant number of
    queries whatever the number of tables and indicators; records one FigureChange per table added.
    Called by accounts.rollover.create_final_account inside its transaction (the new draft is not yet
    visible to anyone else).
    """
    old = list(evaluations_for_scoring(previous))
    if not old:
        return
    evaluations = Evaluation.objects.bulk_create(
        [_copy(e, CARRIED_HEADER, final_account=final_account, budget=ZERO, executed=ZERO) for e in old]
    )
    goals = Goal.objects.bulk_create(
        [
            _copy(goal, ("position", "name", "weight"), evaluation=new)
            for e, new in zip(old, evaluations, strict=True)
            for goal in e.goals.all()
        ]
    )
    old_goals = [goal for e in old for goal in e.goals.all()]
    categories = IndicatorCategory.objects.bulk_create(
        [
            _copy(category, ("position", "kind", "weight"), goal=new)
            for goal, new in zip(old_goals, goals, strict=True)
            for category in goal.categories.all()
        ]
    )
    old_categories = [category for goal in old_goals for category in goal.categories.all()]
    subcategories = IndicatorSubcategory.objects.bulk_create(
        [
            _copy(subcategory, ("position", "kind", "label", "weight"), category=new)
            for category, new in zip(old_categories, categories, strict=True)
            for subcategory in category.subcategories.all()
        ]
    )
    old_subcategories = [sub for category in old_categories for sub in category.subcategories.all()]
    Indicator.objects.bulk_create(
        [
            _copy(indicator, CARRIED_INDICATOR, subcategory=new)
            for subcategory, new in zip(old_subcategories, subcategories, strict=True)
            for indicator in subcategory.indicators.all()
        ]
    )
    codes = {subject.code for e in old for subject in e.subjects.all()}
    subjects = dict(
        FunctionalSubject.objects.filter(edition=final_account.edition, code__in=codes).values_list(
            "code", "pk"
        )
    )
    Through = Evaluation.subjects.through
    Through.objects.bulk_create(
        [
            Through(evaluation_id=new.pk, functionalsubject_id=subjects[subject.code])
            for e, new in zip(old, evaluations, strict=True)
            for subject in e.subjects.all()
            if subject.code in subjects
        ]
    )
    FigureChange.objects.bulk_create(
        [
            FigureChange(
                final_account=final_account,
                user=by,
                address=str(node_address(new, new)),
                field=_structure_label(new, "新增"),
                old_value="",
                new_value=_table_name(new),
                reason=f"由 {previous.year} 年度结转（结构和目标值，不含本年数）",
            )
            for new in evaluations
        ]
    )
