"""Entry screens of the self-evaluations: a list per final account and one tree form per table.

Accountants of the department edit while the final account is a draft or returned: the figures, and the
structure (tables on the list, rows in the tree form); reviewers of its bureau read. Anyone else gets a 404
(the lookups go through performance.queries); an accountant of a locked final account is told why nothing
changes. Scores are suggested live: the form posts itself to the preview view, which scores the unsaved
input and runs R39–R41 on it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.editing import EDITABLE_STATUSES
from accounts.formatting import sentence_amount, share_percent, table_amount

from .editing import (
    EVALUATION,
    add_evaluation,
    add_row,
    apply_changes,
    locked_message,
    remove_evaluation,
    remove_row,
    save_evaluation,
    tree_nodes,
)
from .entry import (
    check_and_total,
    check_evaluations,
    entry_rows,
    findings_by_key,
    header_groups,
    preview_payload,
    row_structure,
    row_title,
)
from .forms import EvaluationEntry, NewEvaluationForm, RemoveEvaluationForm, StructureAction
from .models import Evaluation, Indicator, node_key
from .queries import (
    evaluations_editable_by,
    evaluations_for_scoring,
    evaluations_kept_by,
    evaluations_visible_to,
    final_accounts_kept_by,
    final_accounts_with_evaluations_visible_to,
)
from .rules import evaluation_label, points
from .scoring import score_evaluation


def evaluation_list(request, pk):
    """The self-evaluations of one final account with their figures, totals and number of findings."""
    final_account = get_object_or_404(
        final_accounts_with_evaluations_visible_to(request.user).select_related("department__bureau"), pk=pk
    )
    return _render_list(request, final_account, NewEvaluationForm())


def _render_list(request, final_account, new_form, *, status=200):
    scores = [score_evaluation(evaluation) for evaluation in evaluations_for_scoring(final_account)]
    findings = check_evaluations(final_account, scores)
    rows = []
    for score in scores:
        evaluation = score.evaluation
        by_key, _general = findings_by_key(evaluation, findings)
        rows.append(
            {
                "evaluation": evaluation,
                "label": evaluation_label(evaluation),
                "budget": table_amount(evaluation.budget),
                "executed": table_amount(evaluation.executed),
                "rate": share_percent(evaluation.executed, evaluation.budget) or "—",
                # A new table has no stated total until it is typed in.
                "stated_total": "—" if evaluation.stated_total is None else points(evaluation.stated_total),
                "suggested_total": points(score.suggested_total),
                "findings": sum(len(found) for found in by_key.values()),
            }
        )
    return render(
        request,
        "performance/evaluation_list.html",
        {
            "final_account": final_account,
            "rows": rows,
            "new_form": new_form,
            "has_department_wide": any(row["evaluation"].is_department_wide for row in rows),
            "can_edit": final_accounts_kept_by(request.user)
            .filter(pk=final_account.pk, status__in=EDITABLE_STATUSES)
            .exists(),
        },
        status=status,
    )


@require_POST
def evaluation_create(request, pk):
    """Add a project's table (by name) or the department-wide table, and open it; the list again on refusal."""
    final_account = get_object_or_404(
        final_accounts_kept_by(request.user).select_related("department__bureau"), pk=pk
    )
    form = NewEvaluationForm(request.POST)
    if form.is_valid():
        try:
            evaluation = add_evaluation(
                final_account,
                scope=form.cleaned_data["scope"],
                name=form.cleaned_data["name"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"已新增{evaluation_label(evaluation)}绩效自评表，请填写预算数、执行数和各项指标。"
            )
            return redirect("performance:evaluation-detail", pk=evaluation.pk)
    return _render_list(request, final_account, form, status=400)


@require_http_methods(["GET", "POST"])
def evaluation_delete(request, pk):
    """Ask before removing a table with everything in it (GET), remove it (POST) and go back to the list."""
    evaluation = get_object_or_404(
        evaluations_kept_by(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    final_account = evaluation.final_account
    if final_account.status not in EDITABLE_STATUSES:
        messages.error(request, locked_message(final_account))
        return redirect("performance:evaluation-list", pk=final_account.pk)
    form = RemoveEvaluationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            remove_evaluation(evaluation, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"已删除{evaluation_label(evaluation)}绩效自评表。")
        return redirect("performance:evaluation-list", pk=final_account.pk)
    return render(
        request,
        "performance/evaluation_delete.html",
        {
            "evaluation": evaluation,
            "final_account": final_account,
            "label": evaluation_label(evaluation),
            "form": form,
            "goals": evaluation.goals.count(),
            "indicators": Indicator.objects.filter(
                subcategory__category__goal__evaluation=evaluation
            ).count(),
            "budget": sentence_amount(evaluation.budget),
            "executed": sentence_amount(evaluation.executed),
        },
        status=400 if form.is_bound else 200,
    )


def _load(evaluation):
    """Return (the evaluation with its tree, the scores of all evaluations of its final account)."""
    evaluations = list(evaluations_for_scoring(evaluation.final_account))
    loaded = next(e for e in evaluations if e.pk == evaluation.pk)
    loaded.final_account = evaluation.final_account
    return loaded, evaluations


def _scores(evaluations):
    return [score_evaluation(evaluation) for evaluation in evaluations]


def _render_entry(request, evaluation, evaluations, entry, *, can_edit, structure_errors=(), status=200):
    scores = _scores(evaluations)
    score = next(s for s in scores if s.evaluation is evaluation)
    findings, totals = check_and_total(evaluation.final_account, scores)
    by_key, general = findings_by_key(evaluation, findings)
    return render(
        request,
        "performance/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "final_account": evaluation.final_account,
            "label": evaluation_label(evaluation),
            "entry": entry,
            "header_groups": header_groups(entry, score, by_key, totals),
            "rows": entry_rows(entry, score, by_key, editable=can_edit),
            "general_findings": general,
            "form_errors": [
                *structure_errors,
                *(message for found in entry.errors().values() for message in found),
            ]
            if entry.header.is_bound
            else [],
            "goal_structure": row_structure(entry, evaluation) if can_edit else None,
            "can_edit": can_edit,
        },
        status=status,
    )


def evaluation_detail(request, pk):
    """One 自评表 as a tree form: editable for the department's accountants, read-only for reviewers."""
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    can_edit = evaluations_editable_by(request.user).filter(pk=pk).exists()
    evaluation, evaluations = _load(evaluation)
    entry = EvaluationEntry(evaluation, disabled=not can_edit)
    return _render_entry(request, evaluation, evaluations, entry, can_edit=can_edit)


class StructureRefused(Exception):
    """performance.editing refused the row to add or remove: raised inside the transaction, it undoes the save."""

    def __init__(self, reasons):
        super().__init__(*reasons)
        self.reasons = reasons


@require_POST
def evaluation_update(request, pk):
    """Save the tree form through performance.editing, and add or remove the row of the button pressed.

    Both happen in one transaction, so that typed work is never lost to a structure button and a refused
    addition or removal saves nothing either; the page then opens at the row concerned. When the form has
    errors, nothing is saved, added or removed: the form comes back with the errors.
    """
    evaluation = get_object_or_404(
        evaluations_kept_by(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    if evaluation.final_account.status not in EDITABLE_STATUSES:
        messages.error(request, locked_message(evaluation.final_account))
        return redirect("performance:evaluation-detail", pk=evaluation.pk)
    evaluation, evaluations = _load(evaluation)
    entry = EvaluationEntry(evaluation, request.POST)
    structure_errors = []
    try:
        action = StructureAction.from_post(request.POST)
    except ValidationError as error:
        action, structure_errors = None, error.messages
    if entry.is_valid() and not structure_errors:
        try:
            with transaction.atomic():
                changes, conflicts = save_evaluation(
                    evaluation,
                    changes=entry.changes(),
                    originals=entry.originals(),
                    subjects=entry.subjects(),
                    by=request.user,
                    reason=entry.reason,
                )
                done = None
                if action is not None:
                    done = _apply_structure(evaluation, action, by=request.user, reason=entry.reason)
        except StructureRefused as refused:
            structure_errors = [f"{_verb(action)}未执行：{reason}" for reason in refused.reasons]
        except ValidationError as error:
            entry.add_errors(error)
        else:
            saved = f"已保存 {len(changes)} 处修改。" if changes else "没有修改。"
            messages.success(
                request, saved if done is None else (f"{saved}{done[1]}" if changes else done[1])
            )
            # A field someone else saved meanwhile is refused, with who and what (never silently reverted).
            for fields in conflicts.values():
                for message in fields.values():
                    messages.warning(request, message)
            url = reverse("performance:evaluation-detail", args=[evaluation.pk])
            if done is not None:
                url += f"#row-{done[0]}"
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                # performance.js adds and removes rows without a page reload: it fetches this page itself.
                return JsonResponse({"location": url})
            return redirect(url)
    if action is not None and not structure_errors:
        structure_errors = [f"{_verb(action)}未执行：表中有错误，请改正后再试。"]
    # Score what was typed, so that the suggestions beside the errors match the input.
    apply_changes(evaluation, entry.changes())
    return _render_entry(
        request, evaluation, evaluations, entry, can_edit=True, structure_errors=structure_errors, status=400
    )


def _verb(action):
    return "新增" if action.action == "add" else "删除"


def _apply_structure(evaluation, action, *, by, reason):
    """Add or remove the row of `action`; return (the key of the row to show, what was done).

    Raises StructureRefused with the reasons of performance.editing.
    """
    try:
        if action.action == "add":
            row = add_row(
                evaluation,
                action.key,
                kind=action.kind,
                name=action.name,
                label=action.label,
                by=by,
                reason=reason,
            )
            return node_key(row), f"已新增{row_title(row)}。"
        removed = tree_nodes(evaluation).get(action.key)
        parent = remove_row(evaluation, action.key, by=by, reason=reason)
    except ValidationError as error:
        raise StructureRefused(error.messages) from error
    anchor = EVALUATION if isinstance(parent, Evaluation) else node_key(parent)
    return anchor, f"已删除{row_title(removed)}。"


@require_POST
def evaluation_preview(request, pk):
    """Score the unsaved input and run R39–R41 on it: the live suggestions and warnings of the form (JSON)."""
    evaluation = get_object_or_404(
        evaluations_editable_by(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    evaluation, evaluations = _load(evaluation)
    entry = EvaluationEntry(evaluation, request.POST)
    entry.is_valid()
    apply_changes(evaluation, entry.changes())
    scores = _scores(evaluations)
    score = next(s for s in scores if s.evaluation is evaluation)
    findings, totals = check_and_total(evaluation.final_account, scores)
    by_key, general = findings_by_key(evaluation, findings)
    return JsonResponse(
        preview_payload(entry, score, by_key, general, totals), json_dumps_params={"ensure_ascii": False}
    )
