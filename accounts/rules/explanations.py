"""Written explanations of warning findings: stored per (final account, rule, target), shown to reviewers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..editing import EDITABLE_STATUSES
from ..models import Explanation, FigureChange, FinalAccount
from .engine import Severity, check_final_account

MAX_LENGTH = 2000


def explanations_of(final_account):
    """Return the explanations of `final_account` keyed by (rule id, target), authors loaded (one query)."""
    return {
        (explanation.rule_id, explanation.target): explanation
        for explanation in Explanation.objects.filter(final_account=final_account).select_related("author")
    }


@transaction.atomic
def save_explanation(final_account, *, rule_id, target, text, by):
    """Store the explanation of the warning (rule_id, target), or remove it when `text` is blank.

    Only a warning the rules report now can be explained, and only while the final account is a draft
    or returned (what is submitted or published is frozen). The change is recorded as a FigureChange.
    Return the Explanation, or None when removed.
    """
    fa = FinalAccount.objects.select_for_update().select_related("department").get(pk=final_account.pk)
    if fa.status not in EDITABLE_STATUSES:
        raise ValidationError(f"{fa} 状态为“{fa.get_status_display()}”，不能修改审核说明。", code="locked")
    text = str(text).strip()
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"说明不能超过{MAX_LENGTH}字。", code="too_long")
    warnings = {(f.rule_id, f.target) for f in check_final_account(fa) if f.severity == Severity.WARNING}
    if (rule_id, target) not in warnings:
        raise ValidationError("该警告已不存在，无需说明；请刷新审核结果。", code="no_such_warning")
    existing = Explanation.objects.filter(final_account=fa, rule_id=rule_id, target=target).first()
    old = existing.text if existing else ""
    if text == old:
        return existing
    if not text:
        existing.delete()
        explanation = None
    elif existing:
        existing.text, existing.author = text, by
        existing.save(update_fields=["text", "author", "updated_at"])
        explanation = existing
    else:
        explanation = Explanation.objects.create(
            final_account=fa, rule_id=rule_id, target=target, text=text, author=by
        )
    FigureChange.objects.create(
        final_account=fa,
        user=by,
        field=f"审核说明 {rule_id} {target}"[:200],
        old_value=old,
        new_value=text,
    )
    return explanation


@transaction.atomic
def save_rule_explanation(final_account, *, rule_id, text, by):
    """Explain every warning of `rule_id` the rules report now with one `text`; return how many changed.

    For warnings that share a cause (“本年无变动” for each blank explanation, one reason for 32 subjects):
    each (rule, target) keeps its own Explanation, as if explained one by one, so that a warning that goes
    away takes only its own with it. A blank text is refused here (removing is done one by one). Only while
    the final account is a draft or returned; each change is recorded as a FigureChange.
    """
    fa = FinalAccount.objects.select_for_update().select_related("department").get(pk=final_account.pk)
    if fa.status not in EDITABLE_STATUSES:
        raise ValidationError(f"{fa} 状态为“{fa.get_status_display()}”，不能修改审核说明。", code="locked")
    text = str(text).strip()
    if not text:
        raise ValidationError("请填写说明。", code="required")
    if len(text) > MAX_LENGTH:
        raise ValidationError(f"说明不能超过{MAX_LENGTH}字。", code="too_long")
    targets = sorted(
        {f.target for f in check_final_account(fa) if f.severity == Severity.WARNING and f.rule_id == rule_id}
    )
    if not targets:
        raise ValidationError("该规则已没有警告，无需说明；请刷新审核结果。", code="no_such_warning")
    existing = {
        explanation.target: explanation
        for explanation in Explanation.objects.filter(final_account=fa, rule_id=rule_id, target__in=targets)
    }
    creates, updates, records = [], [], []
    for target in targets:
        explanation = existing.get(target)
        old = explanation.text if explanation else ""
        if old == text:
            continue
        if explanation is None:
            creates.append(
                Explanation(final_account=fa, rule_id=rule_id, target=target, text=text, author=by)
            )
        else:
            # bulk_update skips auto_now: the time of the change is set here.
            explanation.text, explanation.author, explanation.updated_at = text, by, timezone.now()
            updates.append(explanation)
        records.append(
            FigureChange(
                final_account=fa,
                user=by,
                field=f"审核说明 {rule_id} {target}"[:200],
                old_value=old,
                new_value=text,
                reason="同一规则的警告一并说明",
            )
        )
    Explanation.objects.bulk_create(creates)
    Explanation.objects.bulk_update(updates, fields=["text", "author", "updated_at"])
    FigureChange.objects.bulk_create(records)
    return len(records)
