"""Workflow transitions of a final account (DESIGN.md §5).

draft → submitted → approved → published; submitted → returned (editable like a draft) → submitted;
submitted → draft (withdrawn before any review); published → draft of the next version (a correction).

Each transition is one atomic function `(final_account, *, by, …)`: it re-reads the row with
select_for_update, checks the transition is allowed and that `by` may make it, saves with
update_fields and writes a Transition row (who, when, why). Figures are locked outside draft and
returned by accounts.editing.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import editions, inputs, publishing
from .comments import add_comment, comment_address, comment_location, open_threads
from .models import Explanation, FinalAccount, ReviewComment, Transition
from .notifications import notify_transition
from .queries import final_accounts_for

# Comments on a final account are part of its review; their functions live in accounts.comments.
__all__ = ["add_comment", "comment_address", "comment_location"]

Status = FinalAccount.Status
logger = logging.getLogger(__name__)

ALLOWED_TRANSITIONS = {
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.SUBMITTED),
    "withdraw": ({Status.SUBMITTED}, Status.DRAFT),
    "return": ({Status.SUBMITTED}, Status.RETURNED),
    "approve": ({Status.SUBMITTED}, Status.APPROVED),
    "publish": ({Status.APPROVED}, Status.PUBLISHED),
    "correct": ({Status.PUBLISHED}, Status.DRAFT),
}

ACTION_LABELS = {
    "submit": "报送",
    "withdraw": "撤回",
    "return": "退回修改",
    "approve": "审核通过",
    "publish": "公开",
    "correct": "发起更正",
}


class SubmissionRefused(ValidationError):
    """Submission refused because of error findings or warnings without a written explanation."""

    def __init__(self, errors, unexplained):
        self.errors_found = errors
        self.unexplained = unexplained
        lines = [f"{f.rule_id} {f.message}（{f.target}）" for f in errors]
        lines += [f"{f.rule_id} {f.message}（{f.target}）：请填写说明" for f in unexplained]
        super().__init__(
            [f"不能报送：尚有 {len(errors)} 个错误、{len(unexplained)} 个未说明的警告。", *lines],
            code="refused",
        )


def _locked(final_account, action, by):
    """Re-read the row for update, check the transition and the actor; return the locked row."""
    fa = (
        FinalAccount.objects.select_for_update().select_related("department__bureau").get(pk=final_account.pk)
    )
    allowed_from, _to = ALLOWED_TRANSITIONS[action]
    if fa.status not in allowed_from:
        raise ValidationError(
            f"{fa} 当前状态为“{fa.get_status_display()}”，不能{ACTION_LABELS[action]}。", code="transition"
        )
    if by is not None and not final_accounts_for(by, action).filter(pk=fa.pk).exists():
        raise PermissionDenied(f"{by} may not {action} {fa}")
    return fa


def _move(fa, action, by, *, reason="", **fields):
    inputs.check_text(reason or "", kind="reason", label="意见或原因")
    _allowed, to_status = ALLOWED_TRANSITIONS[action]
    from_status = fa.status
    fa.status = to_status
    fa.save(update_fields=["status", "updated_at"])
    step = Transition.objects.create(
        final_account=fa,
        version=fa.version,
        from_status=from_status,
        to_status=to_status,
        by=by,
        reason=reason,
        **fields,
    )
    transaction.on_commit(lambda: notify_transition(step))
    return step


def open_findings(final_account):
    """Return (errors, warnings without a written explanation) of the current facts."""
    from .rules.engine import Severity, check_final_account

    findings = check_final_account(final_account)
    explained = {
        (rule_id, target)
        for rule_id, target in Explanation.objects.filter(final_account=final_account)
        .exclude(text="")
        .values_list("rule_id", "target")
    }
    errors = [f for f in findings if f.severity == Severity.ERROR]
    unexplained = [
        f for f in findings if f.severity == Severity.WARNING and (f.rule_id, f.target) not in explained
    ]
    return errors, unexplained


@transaction.atomic
def submit(final_account, *, by, head_name, head_signed_on, reason=""):
    """Submit a draft or returned final account for review.

    Refused (SubmissionRefused, listing them) while error findings remain or a warning has no written
    explanation. Records the department head's sign-off (单位主要负责人签批) and a snapshot of the data,
    so that a resubmission can show what changed.
    """
    fa = _locked(final_account, "submit", by)
    head_name = inputs.check_text((head_name or "").strip(), kind="short", label="单位主要负责人")
    if not head_name or not head_signed_on:
        raise ValidationError("报送须有单位主要负责人签批：请填写姓名和签批日期。", code="sign_off")
    if isinstance(head_signed_on, str):
        try:
            head_signed_on = datetime.date.fromisoformat(head_signed_on)
        except ValueError:
            raise ValidationError(f"签批日期“{head_signed_on}”无效。", code="sign_off") from None
    errors, unexplained = open_findings(fa)
    if errors or unexplained:
        raise SubmissionRefused(errors, unexplained)
    return _move(
        fa,
        "submit",
        by,
        reason=reason,
        head_name=head_name,
        head_signed_on=head_signed_on,
        snapshot=snapshot(fa),
    )


@transaction.atomic
def withdraw(final_account, *, by, reason=""):
    """Withdraw a submission nobody has reviewed yet (no comment since it was submitted)."""
    fa = _locked(final_account, "withdraw", by)
    submitted = fa.transitions.filter(to_status=Status.SUBMITTED).order_by("-at", "-id").first()
    if submitted and ReviewComment.objects.filter(final_account=fa, created_at__gte=submitted.at).exists():
        raise ValidationError("审核人员已开始审核（已有审核意见），不能撤回。", code="reviewed")
    return _move(fa, "withdraw", by, reason=reason)


@transaction.atomic
def return_for_revision(final_account, *, by, reason):
    """Return a submitted final account to the department with the reviewer's comments."""
    if not (reason or "").strip():
        raise ValidationError("退回时须填写退回意见。", code="reason_required")
    fa = _locked(final_account, "return", by)
    return _move(fa, "return", by, reason=reason.strip())


class OpenCommentsNotConfirmed(ValidationError):
    """Approval asked while review comments are unresolved, without confirming it."""

    def __init__(self, count):
        self.count = count
        super().__init__(
            f"尚有 {count} 条审核意见未解决：请先解决，或确认在意见未解决的情况下审核通过。",
            code="open_comments",
        )


@transaction.atomic
def approve(final_account, *, by, reason="", confirm_open_comments=False):
    """Approve a submitted final account; its figures stay locked.

    While threads of comments on the version are unresolved, approval is refused
    (OpenCommentsNotConfirmed) unless `confirm_open_comments`; the transition's reason then records
    how many were open when the reviewer confirmed.
    """
    fa = _locked(final_account, "approve", by)
    unresolved = open_threads(fa).count()
    if unresolved and not confirm_open_comments:
        raise OpenCommentsNotConfirmed(unresolved)
    if unresolved:
        note = f"（经确认，在 {unresolved} 条审核意见未解决的情况下审核通过）"
        reason = f"{reason.strip()}{note}" if reason.strip() else note
    return _move(fa, "approve", by, reason=reason)


def refuse_pending_subjects(final_account):
    """Raise ValidationError (code "pending_subjects") while a subject is pending for `final_account`."""
    pending = editions.pending_subjects(final_account)
    if pending:
        codes = "、".join(f"{s.code} {s.name}" for s in pending[:10])
        raise ValidationError(
            f"不能公开：尚有 {len(pending)} 个待确认科目（{codes}），请先确认纳入科目版本或改为已有科目。",
            code="pending_subjects",
        )


def refuse_unexplained_warnings(final_account):
    """Raise ValidationError (code "unexplained_warnings") while a warning has no written explanation.

    What is published carries the department's explanation of every warning, in its own words, next
    to the figure it explains; a warning left unexplained (the rules may have changed since
    submission) would publish a question the department never answered, so the reviewer returns the
    account for an explanation first. Notices stay internal and never block.
    """
    _errors, unexplained = open_findings(final_account)
    if unexplained:
        lines = [
            f"不能公开：尚有 {len(unexplained)} 个警告没有部门的书面说明。请退回部门补充说明后再公开。",
            *(f"{f.rule_id} {f.message}（{f.target}）" for f in unexplained),
        ]
        raise ValidationError([ValidationError(line, code="unexplained_warnings") for line in lines])


def publish(final_account, *, by, reason=""):
    """Publish an approved final account: freeze its HTML, PDF and JSON as the next version.

    The version is frozen with today's date as its disclosure date (the cover shows it), and the
    final account's disclosure date becomes that date. Refused (ValidationError, code
    "unexplained_warnings") while a warning has no written explanation of the department. Rendering happens before the transaction; a rendering failure leaves the account approved and
    raises ValidationError (code "render_failed"). A database failure afterwards leaves neither rows
    nor stored files. The version's reason is the reason given when the correction was opened (empty
    for version 1).
    """
    fa = FinalAccount.objects.select_related("department__bureau").get(pk=final_account.pk)
    if fa.status != Status.APPROVED:
        raise ValidationError(f"{fa} 当前状态为“{fa.get_status_display()}”，不能公开。", code="transition")
    refuse_pending_subjects(fa)
    refuse_unexplained_warnings(fa)
    correction = (
        fa.transitions.filter(to_status=Status.DRAFT, from_status=Status.PUBLISHED).order_by("-at").first()
    )
    reason = reason or (correction.reason if correction and fa.version > 1 else "")
    # One moment for the version's time, the final account's disclosure date and the frozen cover.
    published_at = timezone.now()
    published_on = timezone.localdate(published_at)
    try:
        frozen = publishing.freeze(fa, number=fa.version, published_on=published_on, reason=reason)
    except (KeyboardInterrupt, SystemExit):
        # The process is being stopped (a worker's time limit, a shutdown): nothing was stored and the
        # account is still approved; the job records the interruption (jobs.run_job) and may be retried.
        logger.error("rendering %s for publication was interrupted; nothing was published", fa)
        raise
    except Exception as error:
        # Whatever breaks the rendering (a template, a stylesheet, WeasyPrint) must not become a 500:
        # the account stays approved and the reviewer is told; the traceback goes to the log.
        logger.exception("rendering %s for publication failed", fa)
        raise ValidationError(
            f"生成公开文件（网页、PDF、数据）失败，未公开：{type(error).__name__}。请联系系统管理员。",
            code="render_failed",
        ) from error
    with publishing.files_removed_on_failure() as stored, transaction.atomic():
        fa = _locked(fa, "publish", by)
        refuse_pending_subjects(fa)  # again under the lock: one may have been added while rendering
        fa.disclosure_date = published_on
        fa.save(update_fields=["disclosure_date"])
        version = publishing.store_version(
            fa,
            number=fa.version,
            frozen=frozen,
            by=by,
            reason=reason,
            published_at=published_at,
            stored=stored,
        )
        _move(fa, "publish", by, reason=reason)
    return version


@transaction.atomic
def open_correction(final_account, *, by, reason):
    """Open a correction of a published final account: a new draft version with its stated reason.

    The published versions stay as they are; the public keeps seeing them until the correction is
    published in its turn.
    """
    if not (reason or "").strip():
        raise ValidationError("发起更正时须填写更正原因。", code="reason_required")
    fa = _locked(final_account, "correct", by)
    fa.version += 1
    fa.save(update_fields=["version"])
    return _move(fa, "correct", by, reason=reason.strip())


def record_imported_publication(final_account, *, published_on, reason):
    """Record a disclosure that was published outside the system (e.g. the demo's) as version 1.

    No submission gate: the document was already published as it is, mistakes included.
    """
    frozen = publishing.freeze(
        final_account, number=final_account.version, published_on=published_on, reason=reason
    )
    with publishing.files_removed_on_failure() as stored, transaction.atomic():
        fa = (
            FinalAccount.objects.select_for_update()
            .select_related("department__bureau")
            .get(pk=final_account.pk)
        )
        from_status = fa.status
        fa.status = Status.PUBLISHED
        fa.disclosure_date = published_on
        fa.save(update_fields=["status", "disclosure_date", "updated_at"])
        # The version carries the date it was really published, not the date it was loaded.
        published_at = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(9, 0)))
        version = publishing.store_version(
            fa, number=fa.version, frozen=frozen, by=None, reason="", published_at=published_at, stored=stored
        )
        Transition.objects.create(
            final_account=fa,
            version=fa.version,
            from_status=from_status,
            to_status=Status.PUBLISHED,
            by=None,
            reason=reason,
        )
    return version


def snapshot(final_account):
    """Return every figure and text of the final account as {address text: value as text} (元 with two places)."""
    from . import editing

    return {
        str(address): editing.value_text(address, value)
        for address, value in sorted(editing.stored_values(final_account).items())
    }
