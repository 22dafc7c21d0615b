"""The findings (审核结果) of a final account, for its accountants and its bureau's reviewers."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from ..editing import EDITABLE_STATUSES
from ..models import FinalAccount
from ..queries import final_accounts_explainable_by, final_accounts_of_member
from ..rollover import refresh_carried_figures
from ..rules import check_final_account
from ..rules.explanations import MAX_LENGTH, explanations_of, save_explanation
from ..rules.presentation import finding_id, group_findings, severity_counts


class ExplanationForm(forms.Form):
    rule_id = forms.CharField(max_length=20, widget=forms.HiddenInput)
    target = forms.CharField(max_length=200, widget=forms.HiddenInput)
    text = forms.CharField(label="书面说明", max_length=MAX_LENGTH, required=False, widget=forms.Textarea)


def _lookup(queryset, bureau, department, year):
    return get_object_or_404(
        queryset.select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def findings(request, bureau, department, year):
    """Every finding of the rules, grouped by table, each warning with its written explanation."""
    # Whether last year's account is in the system, in the same query (the page offers to take last
    # year's figures from last year's workbook when it is not).
    last_year = FinalAccount.objects.filter(department=OuterRef("department"), year=OuterRef("year") - 1)
    final_account = _lookup(
        final_accounts_of_member(request.user).annotate(has_last_year=Exists(last_year)),
        bureau,
        department,
        year,
    )
    found = check_final_account(final_account)
    titles = dict(final_account.report_format.tables.values_list("number", "title"))
    groups = group_findings(found, explanations_of(final_account), titles)
    can_explain = (
        final_account.status in EDITABLE_STATUSES
        and final_accounts_explainable_by(request.user).filter(pk=final_account.pk).exists()
    )
    return render(
        request,
        "accounts/findings.html",
        {
            "final_account": final_account,
            "groups": groups,
            "counts": severity_counts(found),
            "explained": sum(
                1 for group in groups for row in group.rows if row.needs_explanation and row.explanation
            ),
            "can_explain": can_explain,
            "offer_carry_over": can_explain and any(finding.rule_id == "P7" for finding in found),
            # Last year not in the system: its figures can be taken from last year's workbook or PDF.
            "prior_year_url": reverse(
                "accounts:prior-year-upload",
                kwargs={"bureau": bureau, "department": department, "year": year},
            )
            if can_explain and not final_account.has_last_year
            else "",
            # The findings are of the live figures: they are read against the draft, which is also the
            # only document an unpublished account has (its public address is a 404).
            "disclosure_url": reverse(
                "accounts:preview", kwargs={"bureau": bureau, "department": department, "year": year}
            ),
            "draft_url": reverse(
                "accounts:case-draft", kwargs={"bureau": bureau, "department": department, "year": year}
            ),
            "explain_url": reverse(
                "accounts:finding-explain", kwargs={"bureau": bureau, "department": department, "year": year}
            ),
            "carry_over_url": reverse(
                "accounts:finding-carry-over",
                kwargs={"bureau": bureau, "department": department, "year": year},
            ),
        },
    )


@require_POST
def explain_finding(request, bureau, department, year):
    """Store the accountant's written explanation of one warning, then go back to it."""
    final_account = _lookup(final_accounts_explainable_by(request.user), bureau, department, year)
    form = ExplanationForm(request.POST)
    url = reverse("accounts:findings", kwargs={"bureau": bureau, "department": department, "year": year})
    if not form.is_valid():
        messages.error(
            request, "说明未保存：" + "；".join(e for errors in form.errors.values() for e in errors)
        )
        return redirect(url)
    data = form.cleaned_data
    try:
        save_explanation(
            final_account, rule_id=data["rule_id"], target=data["target"], text=data["text"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, "说明未保存：" + "；".join(error.messages))
        return redirect(url)
    messages.success(request, "说明已保存。" if data["text"].strip() else "说明已删除。")
    return redirect(f"{url}#{finding_id(data['rule_id'], data['target'])}")


@require_POST
def carry_over(request, bureau, department, year):
    """Take last year's closing balances and named figures again (rule P7's remedy), then show the findings."""
    final_account = _lookup(final_accounts_explainable_by(request.user), bureau, department, year)
    url = reverse("accounts:findings", kwargs={"bureau": bureau, "department": department, "year": year})
    try:
        changed = refresh_carried_figures(final_account, by=request.user)
    except ValidationError as error:
        messages.error(request, "未更新：" + "；".join(error.messages))
    else:
        messages.success(
            request,
            f"已按上年度决算更新 {changed} 个数字，修改记录可在“修改记录”中查看。"
            if changed
            else "年初结转和结余、上年数已与上年度决算一致，没有需要更新的数字。",
        )
    return redirect(url)


urlpatterns = [
    path("review/<slug:bureau>/<slug:department>/<int:year>/findings/", findings, name="findings"),
    path(
        "review/<slug:bureau>/<slug:department>/<int:year>/findings/explain/",
        explain_finding,
        name="finding-explain",
    ),
    path(
        "review/<slug:bureau>/<slug:department>/<int:year>/findings/carry-over/",
        carry_over,
        name="finding-carry-over",
    ),
]
