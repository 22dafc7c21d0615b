"""Visibility of final accounts: who may see or edit what. Views look objects up through these."""

from django.db.models import Q

from .editing import EDITABLE_STATUSES
from .models import Department, FinalAccount, Membership


def final_accounts_visible_to(user):
    """Return the final accounts `user` may see: those with a published version, plus their organisations'."""
    published = Q(published_versions__isnull=False)
    if not user.is_authenticated:
        return FinalAccount.objects.filter(published).distinct()
    if user.is_superuser:
        return FinalAccount.objects.all()
    member = Q(department__memberships__user=user) | Q(department__bureau__memberships__user=user)
    return FinalAccount.objects.filter(published | member).distinct()


def final_accounts_of_member(user):
    """Return the final accounts of the departments and bureaus `user` belongs to (drafts included)."""
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    if user.is_superuser:
        return FinalAccount.objects.all()
    member = Q(department__memberships__user=user) | Q(department__bureau__memberships__user=user)
    return FinalAccount.objects.filter(member).distinct()


def final_accounts_explainable_by(user):
    """Return the final accounts whose findings `user` may explain: those of departments they keep accounts for."""
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    return FinalAccount.objects.filter(
        department__memberships__user=user, department__memberships__role=Membership.Role.ACCOUNTANT
    ).distinct()


# Who may take which workflow action: accountants act on their department's final accounts, reviewers
# on their bureau's departments, administrators (superusers) on everything.
ACCOUNTANT_ACTIONS = frozenset({"submit", "withdraw", "correct", "comment", "manage"})
REVIEWER_ACTIONS = frozenset({"return", "approve", "publish", "correct", "comment", "manage"})


def final_accounts_for(user, action):
    """Return the final accounts on which `user` may take `action` (a workflow action, "comment" or "manage")."""
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    if user.is_superuser:
        return FinalAccount.objects.all()
    condition = Q(pk__in=[])
    if action in ACCOUNTANT_ACTIONS:
        condition |= Q(
            department__memberships__user=user, department__memberships__role=Membership.Role.ACCOUNTANT
        )
    if action in REVIEWER_ACTIONS:
        condition |= Q(
            department__bureau__memberships__user=user,
            department__bureau__memberships__role=Membership.Role.REVIEWER,
        )
    return FinalAccount.objects.filter(condition).distinct()


def final_accounts_reviewed_by(user):
    """Return the final accounts of the departments under the bureaus `user` reviews."""
    return final_accounts_for(user, "approve")


def departments_kept_by(user):
    """Return the departments `user` keeps the accounts of (accountant memberships)."""
    if not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.ACCOUNTANT
    ).distinct()


def final_accounts_kept_by(user):
    """Return the final accounts of the departments `user` keeps the accounts of, whatever their status."""
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    return FinalAccount.objects.filter(
        department__memberships__user=user, department__memberships__role=Membership.Role.ACCOUNTANT
    ).distinct()


def final_accounts_editable_by(user):
    """Return the final accounts `user` may enter figures in: their departments' drafts and returned ones."""
    return final_accounts_kept_by(user).filter(status__in=EDITABLE_STATUSES)
