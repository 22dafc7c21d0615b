"""Written explanations of warning findings: stored per (final account, rule, target), shown to reviewers."""

from django.core.exceptions import ValidationError
from django.db import transaction

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
