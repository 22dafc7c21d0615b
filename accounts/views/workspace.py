"""The accountant's workspace: the final accounts of their departments, and creating next year's."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import entry, rollover
from ..editing import EDITABLE_STATUSES
from ..models import Explanation, PublishedVersion, SubmissionDeadline
from ..queries import departments_kept_by, final_accounts_kept_by
from ..rules.engine import Severity
from ..statements import load_facts
from .links import links_for


def deadline_text(due_on, today):
    """Return “报送截止 2024年3月31日，还剩 12 天” (or 今天截止, 已逾期 3 天) for a deadline, "" for none."""
    if due_on is None:
        return ""
    left = (due_on - today).days
    date = f"{due_on.year}年{due_on.month}月{due_on.day}日"
    if left > 0:
        return f"报送截止 {date}，还剩 {left} 天"
    if left == 0:
        return f"报送截止 {date}，今天截止"
    return f"报送截止 {date}，已逾期 {-left} 天"


def account_summary(final_account, explained, due_on=None, today=None):
    """Return what the workspace lists for a final account: counts of errors and unexplained warnings.

    The rules run for the final accounts still being entered (draft, returned) only: what is submitted
    or published no longer changes here, and the findings page shows its findings.
    """
    editable = final_account.status in EDITABLE_STATUSES
    findings = entry.findings_of(load_facts(final_account)) if editable else None
    kwargs = {
        "bureau": final_account.department.bureau.slug,
        "department": final_account.department.slug,
        "year": final_account.year,
    }
    return {
        "final_account": final_account,
        "editable": editable,
        "deadline": deadline_text(due_on, today) if editable else "",
        "overdue": editable and due_on is not None and today > due_on,
        "errors": None if findings is None else sum(1 for f in findings if f.severity == Severity.ERROR),
        "open_warnings": None
        if findings is None
        else sum(
            1 for f in findings if f.severity == Severity.WARNING and (f.rule_id, f.target) not in explained
        ),
        "entry_url": reverse("accounts:entry", kwargs=kwargs),
        "case_url": reverse("accounts:case", kwargs=kwargs),
        "open_comments": getattr(final_account, "open_comments", 0),
        "links": links_for(final_account),
        "preview_url": reverse("accounts:preview", kwargs=kwargs),
        "public_url": final_account.get_absolute_url() if final_account.has_public_version else "",
        "history_url": reverse("accounts:entry-history", kwargs=kwargs),
        "findings_url": reverse("accounts:findings", kwargs=kwargs),
        "working_url": reverse("accounts:entry-export-working", kwargs=kwargs),
        "publication_url": reverse("accounts:entry-export-publication", kwargs=kwargs),
        "import_url": reverse("accounts:import-upload", kwargs=kwargs),
    }


@require_GET
def workspace(request):
    """The final accounts of the user's departments by year, with status and open findings."""
    departments = list(departments_kept_by(request.user).select_related("bureau").order_by("name"))
    accounts = list(
        final_accounts_kept_by(request.user)
        .select_related("department__bureau", "report_format")
        .annotate(
            has_public_version=Exists(PublishedVersion.objects.filter(final_account=OuterRef("pk"))),
            # Open comment threads of the reviewers or the department's own (the case page lists them).
            open_comments=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__resolved_at__isnull=True),
            ),
        )
        .order_by("-year")
    )
    explained = set(
        Explanation.objects.filter(final_account__in=accounts)
        .exclude(text="")
        .values_list("final_account_id", "rule_id", "target")
    )
    deadlines = {
        (bureau, year): due_on
        for bureau, year, due_on in SubmissionDeadline.objects.filter(
            bureau__in={a.department.bureau_id for a in accounts}
        ).values_list("bureau_id", "year", "due_on")
    }
    today = timezone.localdate()
    rows = []
    for department in departments:
        own = [a for a in accounts if a.department_id == department.pk]
        summaries = [
            account_summary(
                a,
                {(r, t) for fa, r, t in explained if fa == a.pk},
                deadlines.get((department.bureau_id, a.year)),
                today,
            )
            for a in own
        ]
        rows.append(
            {
                "department": department,
                "accounts": summaries,
                "next_year": (own[0].year + 1) if own else None,
                "create_url": reverse(
                    "accounts:workspace-create",
                    kwargs={"bureau": department.bureau.slug, "department": department.slug},
                ),
            }
        )
    return render(request, "accounts/workspace.html", {"departments": rows})


@require_POST
def create_final_account(request, bureau, department):
    """Create the next year's final account of a department, carried over from its latest one."""
    department = get_object_or_404(departments_kept_by(request.user), bureau__slug=bureau, slug=department)
    year = rollover.next_year(department)
    if year is None:
        try:
            year = int(request.POST.get("year", ""))
        except ValueError:
            messages.error(request, "请填写年度。")
            return redirect("accounts:workspace")
    try:
        result = rollover.create_final_account(department, year=year, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("accounts:workspace")
    text = f"已创建{result.final_account}。"
    if result.previous is not None:
        text += f"科目、年初结转和结余、上年数已从 {result.previous.year} 年度结转。"
    if result.dropped_codes:
        text += f"以下科目不在 {result.final_account.edition} 年版科目中，未结转：{'、'.join(result.dropped_codes)}。"
    messages.success(request, text)
    return redirect("accounts:entry", bureau=bureau, department=department.slug, year=year)


urlpatterns = [
    path("workspace/", workspace, name="workspace"),
    path("workspace/<slug:bureau>/<slug:department>/create/", create_final_account, name="workspace-create"),
]
