"""Entry screens of the self-evaluations: a list per final account and one tree form per table.

Accountants of the department edit while the final account is a draft or returned; reviewers of its bureau
read. Anyone else gets a 404 (the lookups go through performance.queries). Scores are suggested live: the
form posts itself to the preview view, which scores the unsaved input and runs R39–R41 on it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.formatting import share_percent, table_amount

from .editing import apply_changes, update_evaluation
from .entry import check_evaluations, entry_rows, findings_by_key, header_groups, preview_payload
from .forms import EvaluationEntry
from .queries import (
    evaluations_editable_by,
    evaluations_for_scoring,
    evaluations_visible_to,
    final_accounts_with_evaluations_visible_to,
)
from .rules import evaluation_label, points
from .scoring import score_evaluation


def evaluation_list(request, pk):
    """The self-evaluations of one final account with their figures, totals and number of findings."""
    final_account = get_object_or_404(
        final_accounts_with_evaluations_visible_to(request.user).select_related("department__bureau"), pk=pk
    )
    scores = [score_evaluation(evaluation) for evaluation in evaluations_for_scoring(final_account)]
    findings = check_evaluations(final_account, scores)
    rows = []
    for score in scores:
        evaluation = score.evaluation
        by_key, _general = findings_by_key(evaluation, findings)
        rows.append({
            "evaluation": evaluation, "label": evaluation_label(evaluation),
            "budget": table_amount(evaluation.budget), "executed": table_amount(evaluation.executed),
            "rate": share_percent(evaluation.executed, evaluation.budget) or "—",
            "stated_total": points(evaluation.stated_total), "suggested_total": points(score.suggested_total),
            "findings": sum(len(found) for found in by_key.values()),
        })
    return render(request, "performance/evaluation_list.html", {
        "final_account": final_account, "rows": rows,
        "can_edit": evaluations_editable_by(request.user).filter(final_account=final_account).exists(),
    })


def _load(evaluation):
    """Return (the evaluation with its tree, the scores of all evaluations of its final account)."""
    evaluations = list(evaluations_for_scoring(evaluation.final_account))
    loaded = next(e for e in evaluations if e.pk == evaluation.pk)
    loaded.final_account = evaluation.final_account
    return loaded, evaluations


def _scores(evaluations):
    return [score_evaluation(evaluation) for evaluation in evaluations]


def _render_entry(request, evaluation, evaluations, entry, *, can_edit, status=200):
    scores = _scores(evaluations)
    score = next(s for s in scores if s.evaluation is evaluation)
    by_key, general = findings_by_key(evaluation, check_evaluations(evaluation.final_account, scores))
    return render(request, "performance/evaluation_detail.html", {
        "evaluation": evaluation, "final_account": evaluation.final_account, "label": evaluation_label(evaluation),
        "entry": entry, "header_groups": header_groups(entry, score, by_key),
        "rows": entry_rows(entry, score, by_key), "general_findings": general,
        "form_errors": [message for found in entry.errors().values() for message in found]
        if entry.header.is_bound else [],
        "can_edit": can_edit,
    }, status=status)


def evaluation_detail(request, pk):
    """One 自评表 as a tree form: editable for the department's accountants, read-only for reviewers."""
    evaluation = get_object_or_404(
        evaluations_visible_to(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    can_edit = evaluations_editable_by(request.user).filter(pk=pk).exists()
    evaluation, evaluations = _load(evaluation)
    entry = EvaluationEntry(evaluation, disabled=not can_edit)
    return _render_entry(request, evaluation, evaluations, entry, can_edit=can_edit)


@require_POST
def evaluation_update(request, pk):
    """Save the tree form through performance.editing; show it again with the errors when it fails."""
    evaluation = get_object_or_404(
        evaluations_editable_by(request.user).select_related("final_account__department__bureau"), pk=pk
    )
    evaluation, evaluations = _load(evaluation)
    entry = EvaluationEntry(evaluation, request.POST)
    if entry.is_valid():
        try:
            changes = update_evaluation(evaluation, changes=entry.changes(), subjects=entry.subjects(),
                                        by=request.user, reason=entry.reason)
        except ValidationError as error:
            entry.add_errors(error)
        else:
            messages.success(request, f"已保存 {len(changes)} 处修改。" if changes else "没有修改。")
            return redirect("performance:evaluation-detail", pk=evaluation.pk)
    # Score what was typed, so that the suggestions beside the errors match the input.
    apply_changes(evaluation, entry.changes())
    return _render_entry(request, evaluation, evaluations, entry, can_edit=True, status=400)


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
    by_key, general = findings_by_key(evaluation, check_evaluations(evaluation.final_account, scores))
    return JsonResponse(preview_payload(entry, score, by_key, general), json_dumps_params={"ensure_ascii": False})

