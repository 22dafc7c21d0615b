"""Set-based reads of self-evaluations, and who may see or edit them. Views look evaluations up through these."""

from django.db.models import Q

from accounts.editing import EDITABLE_STATUSES
from accounts.models import FinalAccount, Membership

from .models import Evaluation

TREE = ("subjects", "goals__categories__subcategories__indicators")


def evaluations_for_scoring(final_account):
    """Return the evaluations of a final account in printed order, with their whole tree prefetched.

    Six queries whatever the number of tables, so that performance.scoring can read the rows without
    querying.
    """
    return Evaluation.objects.for_final_account(final_account).prefetch_related(*TREE)


def evaluations_for_scoring_many(final_accounts):
    """Return the evaluations of several final accounts, as `evaluations_for_scoring` does: six queries."""
    return Evaluation.objects.filter(final_account__in=[fa.pk for fa in final_accounts]).prefetch_related(
        *TREE
    )


def _accountant_of(user):
    return Q(department__memberships__user=user, department__memberships__role=Membership.Role.ACCOUNTANT)


def _reviewer_of(user):
    return Q(
        department__bureau__memberships__user=user,
        department__bureau__memberships__role=Membership.Role.REVIEWER,
    )


def final_accounts_with_evaluations_visible_to(user):
    """Return the final accounts whose self-evaluations `user` may open in the entry screens.

    The department's accountants and the reviewers of its bureau; administrators see all. The public reads
    the evaluations in the published document only.
    """
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    if user.is_superuser:
        return FinalAccount.objects.all()
    return FinalAccount.objects.filter(
        pk__in=FinalAccount.objects.filter(_accountant_of(user) | _reviewer_of(user)).values("pk")
    )


def evaluations_visible_to(user):
    """Return the evaluations `user` may view (see final_accounts_with_evaluations_visible_to)."""
    return Evaluation.objects.filter(
        final_account__in=final_accounts_with_evaluations_visible_to(user).values("pk")
    )


def evaluations_editable_by(user):
    """Return the evaluations `user` may edit: their department's, while its final account is a draft or returned.

    Only the department's accountants edit; reviewers and administrators read.
    """
    if not user.is_authenticated:
        return Evaluation.objects.none()
    accounts = FinalAccount.objects.filter(_accountant_of(user), status__in=EDITABLE_STATUSES).values("pk")
    return Evaluation.objects.filter(final_account__in=accounts)


def final_accounts_kept_by(user):
    """Return the final accounts whose self-evaluations `user` keeps: their departments', whatever the status.

    The screens that change tables look final accounts up here, so that anyone else gets a 404 while an
    accountant of a submitted or published account is told by performance.editing why nothing can change.
    """
    if not user.is_authenticated:
        return FinalAccount.objects.none()
    return FinalAccount.objects.filter(pk__in=FinalAccount.objects.filter(_accountant_of(user)).values("pk"))


def evaluations_kept_by(user):
    """Return the evaluations of the final accounts `user` keeps (see final_accounts_kept_by)."""
    return Evaluation.objects.filter(final_account__in=final_accounts_kept_by(user).values("pk"))
