"""The case page of a final account (status, actions, comments, changes, history) and the review queue."""

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from .. import comments, comparison, jobs, workflow
from ..document.sections import COMMENT_SECTIONS
from ..models import (
    Explanation,
    FigureChange,
    FinalAccount,
    Job,
    Membership,
    ReviewerAssignment,
    SubmissionDeadline,
)
from ..queries import final_accounts_for, final_accounts_reviewed_by
from ..tables import ReviewQueueTable
from .jobs import redirect_to_job
from .links import links_for

Status = FinalAccount.Status
User = get_user_model()
CASE = "review/<slug:bureau>/<slug:department>/<int:year>/"


def _lookup(request, action, bureau, department, year):
    """The final account at this address on which the user may take `action`, else a 404."""
    return get_object_or_404(
        final_accounts_for(request.user, action).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def _deadline(final_account):
    return SubmissionDeadline.objects.filter(
        bureau=final_account.department.bureau, year=final_account.year
    ).first()


def _is_overdue(final_account, deadline, today):
    return bool(
        deadline and today > deadline.due_on and final_account.status in (Status.DRAFT, Status.RETURNED)
    )


def case(request, bureau, department, year):
    """Status, the actions this user may take, comments, changes since the last submission, history."""
    final_account = _lookup(request, "manage", bureau, department, year)
    available = [
        (action, workflow.ACTION_LABELS[action])
        for action, (allowed_from, _to) in workflow.ALLOWED_TRANSITIONS.items()
        if final_account.status in allowed_from
        and final_accounts_for(request.user, action).filter(pk=final_account.pk).exists()
    ]
    deadline = _deadline(final_account)
    signed = final_account.transitions.filter(to_status=Status.SUBMITTED).select_related("by").first()
    threads = comments.threads_of(final_account)
    return render(
        request,
        "accounts/case.html",
        {
            "final_account": final_account,
            "address": {"bureau": bureau, "department": department, "year": year},
            "links": links_for(final_account),
            "available": available,
            "threads": threads,
            "open_threads": sum(1 for thread in threads if thread.is_open),
            "comment_sections": COMMENT_SECTIONS,
            "selected_address": request.GET.get("address", "")[:100],
            "comparison": comparison.default_pair(final_account),
            "transitions": final_account.transitions.select_related("by")[:50],
            "versions": final_account.published_versions.order_by("-number"),
            "deadline": deadline,
            "overdue": _is_overdue(final_account, deadline, timezone.localdate()),
            "signed": signed,
            "today": timezone.localdate(),
            "open_jobs": jobs.jobs_visible_to(request.user).filter(
                final_account=final_account, state__in=Job.OPEN_STATES
            ),
        },
    )


def _act(request, action, bureau, department, year, run):
    final_account = _lookup(request, action, bureau, department, year)
    try:
        run(final_account)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        messages.error(request, "您无权进行此操作。")
    else:
        messages.success(request, f"已{workflow.ACTION_LABELS.get(action, '保存')}。")
    return redirect("accounts:case", bureau=bureau, department=department, year=year)


@require_POST
def submit(request, bureau, department, year):
    return _act(
        request,
        "submit",
        bureau,
        department,
        year,
        lambda fa: workflow.submit(
            fa,
            by=request.user,
            head_name=request.POST.get("head_name", ""),
            head_signed_on=request.POST.get("head_signed_on", ""),
            reason=request.POST.get("reason", ""),
        ),
    )


@require_POST
def withdraw(request, bureau, department, year):
    return _act(
        request,
        "withdraw",
        bureau,
        department,
        year,
        lambda fa: workflow.withdraw(fa, by=request.user, reason=request.POST.get("reason", "")),
    )


@require_POST
def return_for_revision(request, bureau, department, year):
    return _act(
        request,
        "return",
        bureau,
        department,
        year,
        lambda fa: workflow.return_for_revision(fa, by=request.user, reason=request.POST.get("reason", "")),
    )


def _what_goes_out(final_account):
    """Return what approving or publishing `final_account` carries: findings, explanations, threads."""
    from ..rules.engine import Severity, check_final_account

    found = check_final_account(final_account)
    explanations = {
        (e.rule_id, e.target): e.text for e in Explanation.objects.filter(final_account=final_account)
    }
    warnings = [
        (finding, explanations.get((finding.rule_id, finding.target), ""))
        for finding in found
        if finding.severity == Severity.WARNING
    ]
    threads = comments.threads_of(final_account)
    return {
        "errors": [finding for finding in found if finding.severity == Severity.ERROR],
        "warnings": warnings,
        "unexplained_count": sum(1 for _finding, explanation in warnings if not explanation.strip()),
        "notices": sum(1 for finding in found if finding.severity == Severity.NOTICE),
        "open_threads": [thread for thread in threads if thread.is_open],
        "resolved_threads": sum(1 for thread in threads if not thread.is_open),
    }


@require_http_methods(["GET", "POST"])
def approve(request, bureau, department, year):
    """GET: what approving means, the open comments, and a confirmation; POST: approve."""
    if request.method == "POST":
        return _act(
            request,
            "approve",
            bureau,
            department,
            year,
            lambda fa: workflow.approve(
                fa,
                by=request.user,
                reason=request.POST.get("reason", ""),
                confirm_open_comments=request.POST.get("confirm_open_comments") == "on",
            ),
        )
    final_account = _lookup(request, "approve", bureau, department, year)
    return render(
        request,
        "accounts/case_confirm.html",
        {
            "final_account": final_account,
            "action": "approve",
            "address": {"bureau": bureau, "department": department, "year": year},
            "allowed": final_account.status in workflow.ALLOWED_TRANSITIONS["approve"][0],
            **_what_goes_out(final_account),
        },
    )


@require_http_methods(["GET", "POST"])
def publish(request, bureau, department, year):
    """GET: what becomes public, and a confirmation. POST: start publishing as a job; show its page.

    Rendering takes seconds (a large text much longer): the worker freezes the version and changes the
    status in one transaction at the end; until then the account stays approved, and asking again
    shows the job already under way. The reviewer may leave the page meanwhile.
    """
    final_account = _lookup(request, "publish", bureau, department, year)
    if request.method != "POST":
        previous = final_account.published_versions.order_by("-number").first()
        correction = (
            final_account.transitions.filter(to_status=Status.DRAFT, from_status=Status.PUBLISHED)
            .order_by("-at", "-id")
            .first()
        )
        return render(
            request,
            "accounts/case_confirm.html",
            {
                "final_account": final_account,
                "action": "publish",
                "address": {"bureau": bureau, "department": department, "year": year},
                "allowed": final_account.status == Status.APPROVED,
                "previous": previous,
                "correction_reason": correction.reason if correction and final_account.version > 1 else "",
                **_what_goes_out(final_account),
            },
        )
    if final_account.status != Status.APPROVED:
        messages.error(
            request, f"{final_account} 当前状态为“{final_account.get_status_display()}”，不能公开。"
        )
        return redirect("accounts:case", bureau=bureau, department=department, year=year)
    try:
        workflow.refuse_unexplained_warnings(final_account)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
        return redirect("accounts:case", bureau=bureau, department=department, year=year)
    job, created = jobs.start_job(
        Job.Kind.PUBLISH,
        key=f"publish:{final_account.pk}:v{final_account.version}",
        title=f"{final_account}（第{final_account.version}版）",
        owner=request.user,
        final_account=final_account,
    )
    return redirect_to_job(request, job, created)


@require_POST
def correct(request, bureau, department, year):
    return _act(
        request,
        "correct",
        bureau,
        department,
        year,
        lambda fa: workflow.open_correction(fa, by=request.user, reason=request.POST.get("reason", "")),
    )


@require_POST
def comment(request, bureau, department, year):
    """Open a comment thread; back to it on the case page, or to the form with the reason it was refused."""
    final_account = _lookup(request, "comment", bureau, department, year)
    url = reverse("accounts:case", kwargs={"bureau": bureau, "department": department, "year": year})
    try:
        thread = comments.add_comment(
            final_account,
            by=request.user,
            text=request.POST.get("text", ""),
            address=request.POST.get("address", ""),
            section=request.POST.get("section", ""),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{url}?{urlencode({'address': request.POST.get('address', '')[:100]})}#comment-form")
    except PermissionDenied:
        messages.error(request, "您无权进行此操作。")
        return redirect(url)
    messages.success(request, "已添加意见。")
    return redirect(f"{url}#comment-{thread.pk}")


def audit_csv(request, bureau, department, year):
    """Every figure and text change and every transition of the final account, as CSV."""
    final_account = _lookup(request, "manage", bureau, department, year)
    rows = [
        (change.at, change.user, "修改", change.field, change.old_value, change.new_value, change.reason)
        for change in FigureChange.objects.filter(final_account=final_account).select_related("user")
    ]
    rows += [
        (
            step.at,
            step.by,
            "流程",
            f"第{step.version}版 {step.get_from_status_display()} → {step.get_to_status_display()}",
            "",
            "",
            step.reason,
        )
        for step in final_account.transitions.select_related("by")
    ]
    rows.sort(key=lambda row: row[0])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{year}-{bureau}-{department}-audit.csv"'
    response.write("\ufeff")  # so that Excel opens the UTF-8 file as such
    writer = csv.writer(response)
    writer.writerow(["时间", "操作人", "类型", "项目", "原值", "新值", "原因"])
    for at, user, kind, field, old, new, reason in rows:
        writer.writerow(
            [
                timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"),
                user or "系统",
                kind,
                *(spreadsheet_safe(text) for text in (field, old, new, reason)),
            ]
        )
    return response


def spreadsheet_safe(text):
    """Keep typed text from running as a formula when the CSV is opened in Excel (“=HYPERLINK(…)”)."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def queue(request):
    """The review queue of the bureaus the user reviews: finding counts, deadlines, overdue highlighted."""
    accounts = list(
        final_accounts_reviewed_by(request.user)
        .select_related("department__bureau")
        .order_by("-year", "department__name")
    )
    deadlines = {
        (d.bureau_id, d.year): d
        for d in SubmissionDeadline.objects.filter(bureau_id__in={fa.department.bureau_id for fa in accounts})
    }
    assigned = dict(
        ReviewerAssignment.objects.filter(
            department_id__in={fa.department_id for fa in accounts}
        ).values_list("department_id", "reviewer_id")
    )
    reviewers = {user.pk: user for user in User.objects.filter(pk__in=set(assigned.values()))}
    today = timezone.localdate()
    order = {
        status: index
        for index, status in enumerate(
            [Status.SUBMITTED, Status.APPROVED, Status.RETURNED, Status.DRAFT, Status.PUBLISHED]
        )
    }
    records = []
    for fa in accounts:
        errors, unexplained = workflow.open_findings(fa)
        deadline = deadlines.get((fa.department.bureau_id, fa.year))
        records.append(
            {
                "final_account": fa,
                "errors": len(errors),
                "unexplained": len(unexplained),
                "due_on": deadline.due_on if deadline else None,
                "overdue": _is_overdue(fa, deadline, today),
                "status_order": order[fa.status],
                "reviewer": reviewers.get(assigned.get(fa.department_id)),
                "mine": assigned.get(fa.department_id) == request.user.pk,
                "mine_order": 0 if assigned.get(fa.department_id) == request.user.pk else 1,
            }
        )
    # The departments assigned to this reviewer come first ("mine"), then by what waits for review.
    table = ReviewQueueTable(
        sorted(
            records, key=lambda r: (r["mine_order"], r["status_order"], r["final_account"].department.name)
        )
    )
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "accounts/review_queue.html", {"table": table})


def after_sign_in(request):
    """Send a user where their work is: accountants to the workspace, reviewers to the review queue."""
    roles = set(request.user.memberships.values_list("role", flat=True))
    if Membership.Role.ACCOUNTANT in roles:
        return redirect("accounts:workspace")
    if Membership.Role.REVIEWER in roles:
        return redirect("accounts:review-queue")
    if request.user.is_superuser:
        return redirect("admin:index")
    return redirect("accounts:home")


urlpatterns = [
    path("signed-in/", after_sign_in, name="after-sign-in"),
    path("review/", queue, name="review-queue"),
    path(CASE, case, name="case"),
    path(CASE + "submit/", submit, name="case-submit"),
    path(CASE + "withdraw/", withdraw, name="case-withdraw"),
    path(CASE + "return/", return_for_revision, name="case-return"),
    path(CASE + "approve/", approve, name="case-approve"),
    path(CASE + "publish/", publish, name="case-publish"),
    path(CASE + "correct/", correct, name="case-correct"),
    path(CASE + "comment/", comment, name="case-comment"),
    path(CASE + "audit.csv", audit_csv, name="case-audit"),
]
