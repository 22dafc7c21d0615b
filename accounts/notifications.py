"""What needs a user's attention, on the web, and by e-mail.

Mail goes through Django's mail framework. Comments are always mailed: through the configured mailer
when EMAIL_NOTIFICATIONS is on, otherwise to the console, so that a development server shows what
would have been sent. Status changes are mailed only when EMAIL_NOTIFICATIONS is on.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, send_mass_mail
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.db.models import Count, F, Q
from django.urls import reverse

from .models import FinalAccount, Membership, ReviewerAssignment

logger = logging.getLogger(__name__)
Status = FinalAccount.Status


@dataclass(frozen=True)
class AttentionItem:
    final_account: object
    message: str
    url: str


def case_url(final_account):
    department = final_account.department
    return reverse(
        "accounts:case",
        kwargs={"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year},
    )


def attention_items(user):
    """Return what waits for `user`: returned drafts for accountants, submissions for reviewers."""
    if not user.is_authenticated:
        return []
    accountant = Q(
        department__memberships__user=user, department__memberships__role=Membership.Role.ACCOUNTANT
    )
    reviewer = Q(
        department__bureau__memberships__user=user,
        department__bureau__memberships__role=Membership.Role.REVIEWER,
    )
    wanted = (accountant & Q(status=Status.RETURNED)) | (
        reviewer & Q(status__in=[Status.SUBMITTED, Status.APPROVED])
    )
    accounts = (
        FinalAccount.objects.filter(wanted).select_related("department__bureau").distinct().order_by("-year")
    )
    messages = {
        Status.RETURNED: "已被退回，请按审核意见修改后重新报送",
        Status.SUBMITTED: "已报送，等待审核",
        Status.APPROVED: "已审核通过，等待公开",
    }
    items = [AttentionItem(fa, f"{fa}{messages[fa.status]}", case_url(fa)) for fa in accounts]
    # Open comment threads on the current version, for both sides: one query, counted per account.
    threads = (
        FinalAccount.objects.filter(accountant | reviewer)
        .filter(comments__parent=None, comments__resolved_at=None, comments__version=F("version"))
        .annotate(open_threads=Count("comments", distinct=True))
        .select_related("department__bureau")
        .order_by("-year", "department__name")
    )
    items += [
        AttentionItem(fa, f"{fa}有 {fa.open_threads} 条审核意见未解决", case_url(fa) + "#comments-heading")
        for fa in threads
    ]
    return items


def _send(subject, body, recipients, final_account):
    """Send one message to `recipients`; a mail server that is down must not undo what was done."""
    if not recipients:
        return 0
    try:
        if getattr(settings, "EMAIL_NOTIFICATIONS", False):
            return send_mass_mail([(subject, body, None, recipients)])
        return ConsoleBackend().send_messages([EmailMessage(subject, body, to=recipients)])
    except OSError as error:
        logger.error("notification mail for %s failed: %s", final_account, error)
        return 0


def _emails(memberships):
    return sorted({m.user.email for m in memberships.select_related("user") if m.user.email})


def notify_transition(transition):
    """E-mail the people concerned by a transition, when EMAIL_NOTIFICATIONS is on; never fails the caller."""
    if not getattr(settings, "EMAIL_NOTIFICATIONS", False):
        return 0
    fa = transition.final_account
    if transition.to_status in (Status.SUBMITTED, Status.APPROVED):
        members = Membership.objects.filter(bureau=fa.department.bureau, role=Membership.Role.REVIEWER)
    else:
        members = Membership.objects.filter(department=fa.department, role=Membership.Role.ACCOUNTANT)
    subject = f"[决算公开] {fa}：{transition.get_to_status_display()}"
    body = f"{fa} 状态变为“{transition.get_to_status_display()}”。\n{transition.reason}\n"
    return _send(subject, body, _emails(members), fa)


def notify_comment(comment):
    """E-mail a new comment or reply to the other side; never fails the caller.

    A reviewer's comment goes to the department's accountants, an accountant's to the bureau's reviewers
    (the department's assigned reviewer alone when it has one); a reply also goes to everyone who wrote
    in the thread. The author never receives their own comment.
    """
    fa = comment.final_account
    department = fa.department
    author = comment.author
    reviewers = Membership.objects.filter(bureau=department.bureau, role=Membership.Role.REVIEWER)
    accountants = Membership.objects.filter(department=department, role=Membership.Role.ACCOUNTANT)
    if author is not None and reviewers.filter(user=author).exists():
        recipients = set(_emails(accountants))
    else:
        assigned = ReviewerAssignment.objects.filter(department=department).values("reviewer")
        recipients = set(_emails(reviewers.filter(user__in=assigned) if assigned.exists() else reviewers))
    thread = comment.parent or comment
    if comment.parent_id is not None:
        writers = thread.replies.exclude(author=None).values_list("author__email", flat=True)
        recipients |= {email for email in (thread.author.email if thread.author else "", *writers) if email}
    if author is not None and author.email:
        recipients.discard(author.email)
    url = case_url(fa) + f"#comment-{thread.pk}"
    kind = "回复了审核意见" if comment.parent_id else "提出了审核意见"
    who = (author.get_full_name() or author.username) if author is not None else "系统"
    subject = f"[决算公开] {fa}：{who}{kind}"
    body = f"{who}{kind}：\n\n{comment.text}\n\n查看并回复：{url}\n"
    return _send(subject, body, sorted(recipients), fa)
