"""The entry screens of one final account: grids, saving, subjects, findings, history, Excel copies.

Every view looks the final account up among those the user keeps the accounts of (editable ones for
anything that changes), so anyone else gets a 404. The screens themselves are also shown, read-only, once
the final account is submitted, and to the reviewers of its bureau; every POST still needs an editable one.
"""

import json
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_POST

from .. import entry
from ..comments import entry_markers
from ..exporting import COPIES, XLSX_CONTENT_TYPE, build_workbook, workbook_filename
from ..models import Explanation, FigureChange, FinalAccount
from ..queries import final_accounts_editable_by, final_accounts_kept_by, final_accounts_reviewed_by
from ..rules.engine import Severity
from ..rules.explanations import save_explanation, save_rule_explanation
from ..rules.presentation import figure_text
from ..rules.registry import rule as registered_rule
from ..statements import load_facts


def _lookup(queryset, bureau, department, year):
    return get_object_or_404(
        queryset.select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def _editable(request, bureau, department, year):
    return _lookup(final_accounts_editable_by(request.user), bureau, department, year)


def _kept(request, bureau, department, year):
    return _lookup(final_accounts_kept_by(request.user), bureau, department, year)


def _readable(request, bureau, department, year):
    # Accountants see their own grids whatever the status; reviewers see those of their bureau.
    # `may_edit` says, in the same query, whether the user may change them.
    editable = final_accounts_editable_by(request.user).filter(pk=OuterRef("pk"))
    readable = FinalAccount.objects.filter(
        Q(pk__in=final_accounts_kept_by(request.user).values("pk"))
        | Q(pk__in=final_accounts_reviewed_by(request.user).values("pk"))
    )
    return _lookup(readable.annotate(may_edit=Exists(editable)), bureau, department, year)


def _kwargs(final_account):
    return {
        "bureau": final_account.department.bureau.slug,
        "department": final_account.department.slug,
        "year": final_account.year,
    }


def screen_url(final_account, key):
    return reverse("accounts:entry-screen", kwargs={**_kwargs(final_account), "screen": key})


def _screen_key(screen):
    if screen not in entry.SCREENS:
        raise Http404("没有这个录入页面。")
    return screen


def _findings_context(final_account, facts, screen, findings=None):
    if findings is None:
        findings = entry.findings_of(facts)
    explanations = {
        (rule_id, target): text
        for rule_id, target, text in Explanation.objects.filter(final_account=final_account).values_list(
            "rule_id", "target", "text"
        )
    }
    panel = entry.screen_findings(
        findings, explanations, screen, facts, lambda key: screen_url(final_account, key)
    )
    rows = [
        {
            "link": row,
            "expected": figure_text(row.finding.expected, row.finding.unit),
            "actual": figure_text(row.finding.actual, row.finding.unit),
        }
        for row in panel.rows
    ]
    return {
        "panel": panel,
        "finding_rows": rows,
        "rule_groups": rule_groups(findings, explanations),
        "screen_key": screen,
    }


def rule_groups(findings, explanations):
    """Return [(rule id, message, number of warnings, number unexplained)] of rules with several warnings."""
    groups = {}
    for finding in findings:
        if finding.severity != Severity.WARNING:
            continue
        rule_id, _message, count, open_count = groups.get(finding.rule_id, (finding.rule_id, "", 0, 0))
        explained = bool(explanations.get((finding.rule_id, finding.target)))
        groups[finding.rule_id] = (
            rule_id,
            rule_message(finding.rule_id),
            count + 1,
            open_count + (not explained),
        )
    return [group for group in groups.values() if group[2] > 1]


def rule_message(rule_id):
    try:
        return registered_rule(rule_id).message
    except KeyError:
        return ""


def _urls(final_account):
    kwargs = _kwargs(final_account)
    names = (
        "save",
        "check",
        "subjects",
        "subject-rows",
        "pending-subject",
        "explain",
        "explain-rule",
        "unit",
        "history",
        "export-working",
        "export-publication",
    )
    urls = {name.replace("-", "_"): reverse(f"accounts:entry-{name}", kwargs=kwargs) for name in names}
    urls["preview"] = reverse("accounts:preview", kwargs=kwargs)
    urls["findings"] = reverse("accounts:findings", kwargs=kwargs)
    urls["import"] = reverse("accounts:import-upload", kwargs=kwargs)
    urls["prior_year"] = reverse("accounts:prior-year-upload", kwargs=kwargs)
    urls["workspace"] = reverse("accounts:workspace")
    return urls


@require_GET
def entry_home(request, bureau, department, year):
    """The first entry screen."""
    final_account = _readable(request, bureau, department, year)
    return redirect(screen_url(final_account, "income"))


@require_GET
def screen(request, bureau, department, year, screen):
    """One entry screen: its grids, the figures derived from them, and the findings about them.

    Read-only (no input can be changed, nothing is posted) unless the user may edit the final account.
    """
    final_account = _readable(request, bureau, department, year)
    read_only = not final_account.may_edit
    key = _screen_key(screen)
    data = entry.load_entry(final_account)
    return render(
        request,
        "accounts/entry.html",
        {
            "final_account": final_account,
            "screen": entry.build_screen(data, key),
            "screens": [(k, title, screen_url(final_account, k)) for k, (title, _b) in entry.SCREENS.items()],
            "unit_label": entry.UNIT_LABELS[data.unit],
            "unit": data.unit,
            "units": FinalAccount.EntryUnit.choices,
            "decimals": entry.UNIT_DECIMALS[data.unit],
            "urls": _urls(final_account),
            "carried_from": data.previous,
            "dropped_codes": data.dropped_codes,
            "read_only": read_only,
            "comment_markers": entry_markers(final_account),
            **_findings_context(final_account, data.facts, key),
        },
    )


def _findings_html(request, final_account, screen, facts=None, findings=None):
    facts = facts or load_facts(final_account)
    return render_to_string(
        "accounts/entry.html#findings",
        {
            "final_account": final_account,
            "urls": _urls(final_account),
            **_findings_context(final_account, facts, screen, findings),
        },
        request=request,
    )


def _json_body(request):
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


@require_POST
def save(request, bureau, department, year):
    """Save the changed cells of a screen (JSON); answer what became of each cell and the new findings."""
    final_account = _editable(request, bureau, department, year)
    body = _json_body(request)
    if body is None or not isinstance(body.get("cells"), list):
        return JsonResponse({"message": "请求格式不正确。"}, status=400)
    screen = body.get("screen") if body.get("screen") in entry.SCREENS else "income"
    cells = [cell for cell in body["cells"] if isinstance(cell, dict)]
    result = entry.save_cells(final_account, cells, by=request.user)
    final_account.refresh_from_db()
    return JsonResponse(
        {
            "saved": result.saved,
            "errors": result.errors,
            "conflicts": {
                name: {"message": message, "current": current}
                for name, (message, current) in result.conflicts.items()
            },
            "notes": result.notes,
            "message": save_message(result),
            "findings_html": _findings_html(request, final_account, screen),
        }
    )


@require_POST
def check(request, bureau, department, year):
    """The screen's findings as if its unsaved cells were saved (JSON); nothing is stored.

    The grid posts its changed cells as it does to save them, a moment after the accountant stops
    typing; the answer also names the cells that cannot be read and the full-width digits converted.
    """
    final_account = _editable(request, bureau, department, year)
    body = _json_body(request)
    if body is None or not isinstance(body.get("cells"), list):
        return JsonResponse({"message": "请求格式不正确。"}, status=400)
    screen = body.get("screen") if body.get("screen") in entry.SCREENS else "income"
    cells = [cell for cell in body["cells"] if isinstance(cell, dict)]
    facts, findings, result = entry.findings_with_unsaved(final_account, cells, by=request.user)
    return JsonResponse(
        {
            "errors": result.errors,
            "notes": result.notes,
            "findings_html": _findings_html(request, final_account, screen, facts, findings),
        }
    )


def save_message(result):
    parts = [f"已保存 {len(result.saved)} 个单元格"]
    if result.errors:
        parts.append(f"{len(result.errors)} 个无法识别，未保存")
    if result.conflicts:
        parts.append(f"{len(result.conflicts)} 个已被他人修改，未保存")
    return "；".join(parts) + "。"


@require_GET
def subjects(request, bureau, department, year):
    """Item subjects of the edition matching a code prefix or a part of the name (JSON)."""
    final_account = _editable(request, bureau, department, year)
    return JsonResponse({"subjects": entry.search_subjects(final_account, request.GET.get("q", ""))})


@require_GET
def subject_rows(request, bureau, department, year):
    """The grid rows of one added item subject, with its 类 and 款 rows (JSON of HTML rows)."""
    final_account = _editable(request, bureau, department, year)
    screen = _screen_key(request.GET.get("screen", ""))
    code = request.GET.get("code", "").strip().split(" ")[0]
    data = entry.load_entry(final_account)
    try:
        rows = entry.subject_rows_for(data, screen, request.GET.get("grid", ""), code)
    except ValidationError as error:
        answer = {"message": error.messages[0]}
        if error.code == "not_in_edition":
            # The grid asks for the name (and those of a missing 款 and 类) and keeps the code pending.
            answer.update(unknown=error.params["unknown"], missing=error.params["missing"])
        return JsonResponse(answer, status=400)
    return JsonResponse(
        {
            "rows": [
                {
                    "id": row.id,
                    "code": row.code,
                    "kind": row.kind,
                    "html": render_to_string(
                        "accounts/entry.html#row", {"row": row, "grid_label_columns": 2}, request=request
                    ),
                }
                for row in rows
            ]
        }
    )


@require_POST
def explain(request, bureau, department, year):
    """Store the written explanation of a warning; answer the screen's findings again (JSON)."""
    final_account = _editable(request, bureau, department, year)
    body = _json_body(request) or {}
    screen = body.get("screen") if body.get("screen") in entry.SCREENS else "income"
    try:
        save_explanation(
            final_account,
            rule_id=str(body.get("rule_id", "")),
            target=str(body.get("target", "")),
            text=str(body.get("text", "")),
            by=request.user,
        )
    except ValidationError as error:
        return JsonResponse({"message": "说明未保存：" + "；".join(error.messages)}, status=400)
    return JsonResponse(
        {"message": "说明已保存。", "findings_html": _findings_html(request, final_account, screen)}
    )


@require_POST
def explain_rule(request, bureau, department, year):
    """Explain every warning of one rule with one text.

    Answers JSON to the entry screen (a JSON body) and redirects back to the findings page otherwise (the
    form of accounts/explain_rule_form.html), with the result as a message.
    """
    final_account = _editable(request, bureau, department, year)
    body = _json_body(request) if request.content_type == "application/json" else None
    data = body if body is not None else request.POST
    screen = data.get("screen") if data.get("screen") in entry.SCREENS else "income"
    try:
        count = save_rule_explanation(
            final_account,
            rule_id=str(data.get("rule_id", "")),
            text=str(data.get("text", "")),
            by=request.user,
        )
    except ValidationError as error:
        message, status = "说明未保存：" + "；".join(error.messages), 400
    else:
        message, status = f"已一并说明规则 {data.get('rule_id')} 的 {count} 条警告。", 200
    if body is None:
        (messages.success if status == 200 else messages.error)(request, message)
        return redirect(reverse("accounts:findings", kwargs=_kwargs(final_account)))
    return JsonResponse(
        {"message": message, "findings_html": _findings_html(request, final_account, screen)}, status=status
    )


@require_POST
def set_unit(request, bureau, department, year):
    """Change the unit the figures are entered in (元 or 万元); figures stay as they are in 元."""
    final_account = _editable(request, bureau, department, year)
    try:
        final_account = entry.set_entry_unit(final_account, request.POST.get("unit", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"录入单位已改为{final_account.get_entry_unit_display()}。")
    back = request.POST.get("screen", "income")
    return redirect(screen_url(final_account, back if back in entry.SCREENS else "income"))


@require_GET
def history(request, bureau, department, year):
    """Every recorded change of the final account: who, when, what, old and new value, newest first."""
    final_account = _kept(request, bureau, department, year)
    changes = (
        FigureChange.objects.filter(final_account=final_account).select_related("user").order_by("-at", "-id")
    )
    query = request.GET.get("q", "").strip()
    if query:
        changes = changes.filter(field__contains=query)
    page = Paginator(changes, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/entry_history.html",
        {
            "final_account": final_account,
            "page": page,
            "query": query,
            "workspace_url": reverse("accounts:workspace"),
        },
    )


@require_GET
def export(request, bureau, department, year, copy):
    """The final account as an .xlsx workbook: the working copy in 元 or the publication copy in 万元."""
    final_account = _kept(request, bureau, department, year)
    if copy not in COPIES:
        raise Http404("没有这种工作簿。")
    response = HttpResponse(build_workbook(final_account, copy=copy), content_type=XLSX_CONTENT_TYPE)
    filename = workbook_filename(final_account, copy)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


PREFIX = "entry/<slug:bureau>/<slug:department>/<int:year>/"

urlpatterns = [
    path(PREFIX, entry_home, name="entry"),
    path(PREFIX + "save/", save, name="entry-save"),
    path(PREFIX + "check/", check, name="entry-check"),
    path(PREFIX + "subjects/", subjects, name="entry-subjects"),
    path(PREFIX + "subject-rows/", subject_rows, name="entry-subject-rows"),
    path(PREFIX + "explain/", explain, name="entry-explain"),
    path(PREFIX + "explain-rule/", explain_rule, name="entry-explain-rule"),
    path(PREFIX + "unit/", set_unit, name="entry-unit"),
    path(PREFIX + "history/", history, name="entry-history"),
    path(PREFIX + "export/working.xlsx", export, {"copy": "working"}, name="entry-export-working"),
    path(
        PREFIX + "export/publication.xlsx", export, {"copy": "publication"}, name="entry-export-publication"
    ),
    path(PREFIX + "<slug:screen>/", screen, name="entry-screen"),
]
