"""What needs a user's attention, on the web, and by e-mail when mail is configured."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse

from .models import FinalAccount, Membership

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
    return [AttentionItem(fa, f"{fa}{messages[fa.status]}", case_url(fa)) for fa in accounts]


def notify_transition(transition):
    """E-mail the people concerned by a transition, when EMAIL_NOTIFICATIONS is on; never fails the caller."""
    if not getattr(settings, "EMAIL_NOTIFICATIONS", False):
        return 0
    fa = transition.final_account
    if transition.to_status in (Status.SUBMITTED, Status.APPROVED):
        members = Membership.objects.filter(bureau=fa.department.bureau, role=Membership.Role.REVIEWER)
    else:
        members = Membership.objects.filter(department=fa.department, role=Membership.Role.ACCOUNTANT)
    recipients = sorted({m.user.email for m in members.select_related("user") if m.user.email})
    if not recipients:
        return 0
    subject = f"[决算公开] {fa}：{transition.get_to_status_display()}"
    body = f"{fa} 状态变为“{transition.get_to_status_display()}”。\n{transition.reason}\n"
    try:
        return send_mass_mail([(subject, body, None, recipients)], fail_silently=False)
    except OSError as error:  # a mail server that is down must not undo the transition
        logger.error("notification mail for %s failed: %s", fa, error)
        return 0
