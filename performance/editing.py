"""Editing self-evaluations: the only way their figures and texts change, each change recorded.

Like accounts/editing.py for the facts: the final account is locked and must be editable (draft or
returned), every changed field is written with a FigureChange row (who, when, old and new value, reason)
in the same transaction, and a change that breaks a constraint saves nothing.

Changes are given as {node key: {field: value}} with values already parsed (Decimal, str, bool, None):
the key “evaluation” names the table itself, “goal-3”, “indicatorcategory-5”, “indicatorsubcategory-8”
and “indicator-12” the rows of its tree (models.node_key).
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.editing import EDITABLE_STATUSES
from accounts.models import FigureChange, FinalAccount

from .models import node_key
from .queries import evaluations_for_scoring

EVALUATION = "evaluation"
# The fields an entry screen may change, per kind of row; structure (kinds, positions) is not edited here.
EDITABLE_FIELDS = {
    "evaluation": (
        "reporting_unit", "name", "short_name", "supervising_department", "implementing_unit", "project_category",
        "project_nature", "project_type", "is_confidential", "budget", "executed", "execution_weight",
        "basic_expenditure", "project_expenditure", "stated_execution_rate", "stated_execution_score",
        "stated_total", "outcomes", "deviation_reasons", "improvement_measures",
    ),
    "goal": ("name", "weight"),
    "indicatorcategory": ("weight",),
    "indicatorsubcategory": ("label", "weight"),
    "indicator": (
        "name", "weight", "target_text", "actual_text", "target_value", "actual_value", "unit", "direction",
        "achievement", "stated_score",
    ),
}


def tree_nodes(evaluation):
    """Return {node key: row} for the evaluation and every row of its (prefetched) tree, in printed order."""
    nodes = {EVALUATION: evaluation}
    for goal in evaluation.goals.all():
        nodes[node_key(goal)] = goal
        for category in goal.categories.all():
            nodes[node_key(category)] = category
            for subcategory in category.subcategories.all():
                nodes[node_key(subcategory)] = subcategory
                for indicator in subcategory.indicators.all():
                    nodes[node_key(indicator)] = indicator
    return nodes


def apply_changes(evaluation, changes):
    """Set `changes` on the in-memory rows of `evaluation` and return [(row, field, old, new)] that differ.

    Saves nothing: the entry screen's live preview scores the changed rows, update_evaluation saves them.
    Raises ValidationError for a key outside this evaluation or a field that may not be edited.
    """
    nodes = tree_nodes(evaluation)
    applied = []
    for key, fields in changes.items():
        node = nodes.get(key)
        if node is None:
            raise ValidationError(f"“{key}”不是本绩效自评表中的指标。", code="unknown_node")
        allowed = EDITABLE_FIELDS[node._meta.model_name]
        for field, new in fields.items():
            if field not in allowed:
                raise ValidationError(f"“{field}”不能在此修改。", code="not_editable")
            old = getattr(node, field)
            if old == new:
                continue
            setattr(node, field, new)
            applied.append((node, field, old, new))
    return applied


@transaction.atomic
def update_evaluation(evaluation, *, changes, by, subjects=None, reason=""):
    """Apply `changes` to `evaluation` and its tree, recording each changed field; return the FigureChanges.

    `subjects`, when given, is the new set of item subjects (FunctionalSubject) the project is paid from.
    Effects: locks the final account (select_for_update) and refuses it unless it is a draft or returned;
    re-reads the tree inside the lock so that old values are current; validates every changed row
    (constraints included) and raises ValidationError({node key: messages}) without saving anything when
    one fails; saves each changed row with update_fields; writes one FigureChange per changed field.
    """
    final_account = FinalAccount.objects.select_for_update().get(pk=evaluation.final_account_id)
    if final_account.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"{final_account} 状态为“{final_account.get_status_display()}”，绩效自评已锁定，不能修改。", code="locked"
        )
    evaluation = evaluations_for_scoring(final_account).get(pk=evaluation.pk)
    applied = apply_changes(evaluation, changes)
    changed = {}
    for node, field, _old, _new in applied:
        changed.setdefault(node, []).append(field)
    errors = {}
    for node in changed:
        try:
            node.full_clean()
        except ValidationError as error:
            errors[EVALUATION if node is evaluation else node_key(node)] = error.messages
    if errors:
        raise ValidationError(errors)
    for node, fields in changed.items():
        node.save(update_fields=fields)
    records = [
        FigureChange(final_account=final_account, user=by, field=_label(evaluation, node, field),
                     old_value=_text(old), new_value=_text(new), reason=reason)
        for node, field, old, new in applied
    ]
    if subjects is not None:
        old_codes = sorted(subject.code for subject in evaluation.subjects.all())
        new_codes = sorted(subject.code for subject in subjects)
        if old_codes != new_codes:
            evaluation.subjects.set(subjects)
            records.append(FigureChange(
                final_account=final_account, user=by, field=_label(evaluation, evaluation, "subjects"),
                old_value="、".join(old_codes), new_value="、".join(new_codes), reason=reason,
            ))
    return FigureChange.objects.bulk_create(records)


def _label(evaluation, node, field):
    """Return what changed, as the history lists it: “绩效自评 项目“支农返汉” · 公众满意度 · 得分（填报）”."""
    place = "部门整体" if evaluation.is_department_wide else f"项目“{evaluation.name}”"
    if node is not evaluation:
        place += f" · {node}"
    return f"绩效自评 {place} · {node._meta.get_field(field).verbose_name}"[:200]


def _text(value):
    return "" if value is None else str(value)
