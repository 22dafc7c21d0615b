"""The reviewer's desk around a case: the draft to comment on, comment threads, the change history.

Every view looks the final account up among those the user may comment on or manage (its
department's accountants and its bureau's reviewers); anyone else gets a 404. The history is
read-only: it answers GET alone.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import comments, comparison
from ..addresses import AddressError, address_of, column_keys_of, parse_label
from ..bureau_overview import assign_department, internal_summary, summary_workbook
from ..bureau_overview import overview as overview_of
from ..document import build_document
from ..document.sections import COMMENT_SECTIONS, registered_stylesheets
from ..exporting import XLSX_CONTENT_TYPE
from ..models import Department, FigureChange, FinalAccount, FinanceBureau, Membership, ReviewComment
from ..queries import final_accounts_for

CASE = "review/<slug:bureau>/<slug:department>/<int:year>/"


def lookup(request, action, bureau, department, year):
    """The final account at this address on which the user may take `action`, else a 404."""
    return get_object_or_404(
        final_accounts_for(request.user, action).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def case_url(final_account, fragment=""):
    department = final_account.department
    url = reverse(
        "accounts:case",
        kwargs={"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year},
    )
    return f"{url}#{fragment}" if fragment else url


@require_GET
def draft_review(request, bureau, department, year):
    """The live document with every amount cell selectable: pick a cell, write a comment.

    Cells that already carry a thread are marked; the comment is posted to the case page, which
    validates the location again.
    """
    final_account = lookup(request, "comment", bureau, department, year)
    document = build_document(final_account)
    numbers = {statement.kind: statement.number for statement in document.statements}
    cells = {
        address.anchor: address.label(tables=numbers)
        for statement in document.statements
        for address in statement.cells_by_address()
    }
    threads = comments.threads_of(final_account)
    marked = {}
    for thread in threads:
        if thread.anchor and thread.is_open:
            marked.setdefault(thread.anchor, []).append(
                {
                    "location": thread.location,
                    "text": thread.comment.text,
                    "url": f"#comment-{thread.comment.pk}",
                }
            )
    return render(
        request,
        "accounts/draft_review.html",
        {
            "final_account": final_account,
            "document": document,
            "section_stylesheets": registered_stylesheets(),
            "cells": cells,
            "marked": marked,
            "threads": threads,
            "comment_sections": COMMENT_SECTIONS,
            "selected": request.GET.get("address", "")[:100],
            "address": {"bureau": bureau, "department": department, "year": year},
        },
    )


def _thread(request, bureau, department, year, pk):
    final_account = lookup(request, "comment", bureau, department, year)
    thread = get_object_or_404(ReviewComment, final_account=final_account, parent=None, pk=pk)
    return final_account, thread


def _comment_action(request, bureau, department, year, pk, run, done):
    final_account, thread = _thread(request, bureau, department, year, pk)
    try:
        run(thread)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except PermissionDenied:
        messages.error(request, "您无权进行此操作。")
    else:
        messages.success(request, done)
    return redirect(case_url(final_account, f"comment-{thread.pk}"))


@require_POST
def reply(request, bureau, department, year, pk):
    return _comment_action(
        request,
        bureau,
        department,
        year,
        pk,
        lambda thread: comments.reply_to_comment(thread, by=request.user, text=request.POST.get("text", "")),
        "已回复。",
    )


@require_POST
def resolve(request, bureau, department, year, pk):
    return _comment_action(
        request,
        bureau,
        department,
        year,
        pk,
        lambda thread: comments.resolve_comment(thread, by=request.user),
        "已标记为已解决。",
    )


@require_POST
def reopen(request, bureau, department, year, pk):
    return _comment_action(
        request,
        bureau,
        department,
        year,
        pk,
        lambda thread: comments.reopen_comment(thread, by=request.user),
        "已重新打开。",
    )


def _parse_day(text):
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _starts(prefix):
    return Q(address__startswith=prefix)


# The stored figures each official table shows, as conditions on the address of a recorded change.
TABLE_FIGURES = {
    "income_expenditure_summary": _starts("income|")
    | _starts("expenditure|")
    | _starts("balance|")
    | _starts("stated|"),
    "income": _starts("income|"),
    "expenditure": _starts("expenditure|"),
    "appropriation_summary": _starts("income|") | _starts("expenditure|") | _starts("balance|"),
    "general_budget_expenditure": Q(address__startswith="expenditure|", address__contains="|general_budget|")
    | _starts("budget|"),
    "basic_expenditure_detail": _starts("detail|"),
    "government_fund": Q(address__startswith="income|", address__endswith="|government_fund")
    | Q(address__startswith="expenditure|", address__contains="|government_fund|")
    | _starts("balance|government_fund|"),
    "state_capital": Q(address__startswith="expenditure|", address__contains="|state_capital|"),
    "official_expenses": _starts("official|"),
}


def _table_filter(final_account, text):
    """Return the Q selecting the changes of the table `text` names (“表5”), or None when it names none."""
    numbers = dict(final_account.report_format.tables.values_list("kind", "number"))
    try:
        address = parse_label(text, tables=numbers)
    except AddressError:
        return None
    return TABLE_FIGURES.get(address.table_kind) if address.area == "table" else None


def _cell_filter(final_account, text):
    """Return the Q selecting the changes of the figure `text` names (an address, or a printed cell's
    label such as “表5/2080101/栏1”, resolved to the stored figure it shows), or None."""
    numbers = dict(final_account.report_format.tables.values_list("kind", "number"))
    address = address_of(text)
    if address is None:
        try:
            address = parse_label(text, tables=numbers)
        except AddressError:
            return None
    if address.is_printed_cell:
        tables = {table.kind: table for table in final_account.report_format.tables.all()}
        behind = address.behind(column_keys_of(tables))
        if behind is None:
            code = address.code
            return Q(address__contains=f"|{code}|") | Q(address__endswith=f"|{code}") if code else None
        address = behind
    return Q(address=str(address)) | Q(address=str(address.fact_key))


@require_GET
def history(request, bureau, department, year):
    """Every recorded change of figures and texts, filtered by who, when, table and cell; read-only."""
    final_account = lookup(request, "manage", bureau, department, year)
    changes = FigureChange.objects.filter(final_account=final_account).select_related("user")
    filters = {
        key: request.GET.get(key, "").strip()[:100] for key in ("who", "since", "until", "table", "cell")
    }
    problems = []
    if filters["who"]:
        changes = changes.filter(
            Q(user__username__icontains=filters["who"])
            | Q(user__first_name__icontains=filters["who"])
            | Q(user__last_name__icontains=filters["who"])
        )
    for key, lookup_name in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if filters[key]:
            day = _parse_day(filters[key])
            if day is None:
                problems.append(f"日期“{filters[key]}”无效，请按 2023-03-01 的格式填写。")
            else:
                changes = changes.filter(**{lookup_name: day})
    for key, build, example in (
        ("table", _table_filter, "表5"),
        ("cell", _cell_filter, "表5/2080101/栏1"),
    ):
        if filters[key]:
            condition = build(final_account, filters[key])
            if condition is None:
                problems.append(f"无法识别“{filters[key]}”，请按“{example}”的写法填写。")
            else:
                changes = changes.filter(condition)
    page = Paginator(changes.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "accounts/review_history.html",
        {
            "final_account": final_account,
            "page": page,
            "filters": filters,
            "problems": problems,
            "query": query,
            "case_url": case_url(final_account),
            "tables": [
                f"表{number}"
                for number in sorted(final_account.report_format.tables.values_list("number", flat=True))
            ],
        },
    )


@require_GET
def compare(request, bureau, department, year):
    """Any two versions of the final account side by side: changed figures and texts, then self-evaluation."""
    final_account = lookup(request, "manage", bureau, department, year)
    points = comparison.points_of(final_account)
    by_key = {point.key: point for point in points}
    pair = comparison.default_pair(final_account)
    old_key, new_key = request.GET.get("old", ""), request.GET.get("new", "")
    problem = ""
    if old_key or new_key:
        if old_key in by_key and new_key in by_key and old_key != new_key:
            pair = (by_key[old_key], by_key[new_key])
        else:
            problem = "请选择两个不同的版本进行比较。"
            pair = None
    result = comparison.compare(final_account, *pair) if pair else None
    return render(
        request,
        "accounts/compare.html",
        {
            "final_account": final_account,
            "points": points,
            "pair": pair,
            "result": result,
            "problem": problem,
            "case_url": case_url(final_account),
        },
    )


def _opinion(final_account):
    """Return what the 审核意见书 of `final_account` says: its threads and the review decisions."""
    decisions = final_account.transitions.filter(
        version=final_account.version,
        to_status__in=[
            FinalAccount.Status.RETURNED,
            FinalAccount.Status.APPROVED,
            FinalAccount.Status.PUBLISHED,
        ],
    ).select_related("by")
    return {
        "final_account": final_account,
        "threads": comments.threads_of(final_account),
        "decisions": list(decisions.order_by("at", "id")),
        "today": timezone.localdate(),
    }


@require_GET
def opinion(request, bureau, department, year, kind="html"):
    """The 审核意见书: comments and decisions of the current version, as a page, a PDF or a Word file."""
    final_account = lookup(request, "manage", bureau, department, year)
    context = _opinion(final_account)
    stem = f"{year}-{bureau}-{department}-review-opinion"
    if kind == "pdf":
        import weasyprint  # loading pango is slow: only this download needs it

        html = render_to_string("accounts/opinion_print.html", context)
        sheet = weasyprint.CSS(filename=finders.find("css/review-print.css"))
        pdf = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[sheet])
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{stem}.pdf"'
        return response
    if kind == "doc":
        # Word opens an HTML file saved as .doc as a document of its own: the page, without scripts.
        html = render_to_string("accounts/opinion_print.html", {**context, "word": True})
        response = HttpResponse(html.encode("utf-8"), content_type="application/msword")
        response["Content-Disposition"] = f'attachment; filename="{stem}.doc"'
        return response
    kwargs = {"bureau": bureau, "department": department, "year": year}
    return render(
        request,
        "accounts/opinion.html",
        {
            **context,
            "case_url": case_url(final_account),
            "pdf_url": reverse("accounts:case-opinion-pdf", kwargs=kwargs),
            "doc_url": reverse("accounts:case-opinion-doc", kwargs=kwargs),
        },
    )


def _reviewed_bureaus(user):
    if user.is_superuser:
        return FinanceBureau.objects.all()
    return FinanceBureau.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.REVIEWER
    ).distinct()


def _overview_scope(request):
    """Return (bureau, year, bureaus, years) of the overview asked for, among the bureaus the user reviews."""
    bureaus = list(_reviewed_bureaus(request.user).order_by("name"))
    if not bureaus:
        raise Http404("您不是任何财政局的审核人员。")
    wanted = request.GET.get("bureau") or request.POST.get("bureau") or bureaus[0].slug
    bureau = next((b for b in bureaus if b.slug == wanted), None)
    if bureau is None:
        raise Http404("没有这个财政局。")
    years = sorted(
        set(FinalAccount.objects.filter(department__bureau=bureau).values_list("year", flat=True)),
        reverse=True,
    ) or [timezone.localdate().year - 1]
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or years[0])
    except ValueError:
        raise Http404("年度无效。") from None
    return bureau, year, bureaus, years


@require_GET
def bureau_overview(request):
    """The bureau at a glance: departments by status (overdue first), findings by rule, the internal 汇总."""
    bureau, year, bureaus, years = _overview_scope(request)
    return render(
        request,
        "accounts/bureau_overview.html",
        {
            "overview": overview_of(bureau, year),
            "summaries": internal_summary(bureau, year),
            "bureaus": bureaus,
            "years": years,
            "reviewers": Membership.objects.filter(bureau=bureau, role=Membership.Role.REVIEWER)
            .select_related("user")
            .order_by("user__username"),
            "query": urlencode({"bureau": bureau.slug, "year": year}),
        },
    )


@require_GET
def bureau_summary_xlsx(request):
    """The internal 汇总 of the bureau and year as an Excel workbook (in 元, marked internal)."""
    bureau, year, _bureaus, _years = _overview_scope(request)
    data = summary_workbook(bureau, year, internal_summary(bureau, year))
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{year}-{bureau.slug}-internal-summary.xlsx"'
    return response


@require_POST
def assign_reviewer(request):
    """Assign a department of the bureau to one of its reviewers (or to nobody)."""
    bureau, year, _bureaus, _years = _overview_scope(request)
    department = get_object_or_404(Department, bureau=bureau, pk=request.POST.get("department") or 0)
    try:
        assign_department(department, reviewer_id=request.POST.get("reviewer") or None, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已更新{department.name}的审核分工。")
    return redirect(
        f"{reverse('accounts:bureau-overview')}?{urlencode({'bureau': bureau.slug, 'year': year})}"
    )


urlpatterns = [
    path("review/overview/", bureau_overview, name="bureau-overview"),
    path("review/overview/summary.xlsx", bureau_summary_xlsx, name="bureau-summary-xlsx"),
    path("review/overview/assign/", assign_reviewer, name="bureau-assign"),
    path(CASE + "compare/", compare, name="case-compare"),
    path(CASE + "opinion/", opinion, name="case-opinion"),
    path(CASE + "opinion.pdf", opinion, {"kind": "pdf"}, name="case-opinion-pdf"),
    path(CASE + "opinion.doc", opinion, {"kind": "doc"}, name="case-opinion-doc"),
    path(CASE + "draft/", draft_review, name="case-draft"),
    path(CASE + "history/", history, name="case-history"),
    path(CASE + "comments/<int:pk>/reply/", reply, name="comment-reply"),
    path(CASE + "comments/<int:pk>/resolve/", resolve, name="comment-resolve"),
    path(CASE + "comments/<int:pk>/reopen/", reopen, name="comment-reopen"),
]
