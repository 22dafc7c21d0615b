"""Checking disclosures made elsewhere: a reviewer uploads PDFs or workbooks (or ZIPs of them), a job
checks each without saving it, and the report lists each document's findings and a summary table."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from .. import jobs
from ..disclosure_checks import (
    MAX_BATCH_BYTES,
    MAX_DOCUMENTS,
    BatchError,
    documents_of,
    report_csv,
    start_disclosure_check,
    summary_rows,
)
from ..models import Job
from ..rules.presentation import figure_text
from .jobs import bureaus_checked_by, redirect_to_job


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files at once (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.xlsx,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class DisclosureCheckForm(forms.Form):
    bureau = forms.ModelChoiceField(label="核对结果归属的财政局", queryset=None)
    files = MultipleFileField(
        label="部门决算文件",
        help_text=f"PDF 或 .xlsx，可多选，也可上传 ZIP 压缩包；每次最多 {MAX_DOCUMENTS} 个文件，"
        f"合计不超过 {MAX_BATCH_BYTES // 1024 // 1024} MB。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus_checked_by(user).order_by("name")

    def clean_files(self):
        files = self.cleaned_data["files"]
        if sum(upload.size for upload in files) > MAX_BATCH_BYTES:
            raise forms.ValidationError(
                f"上传的文件合计超过 {MAX_BATCH_BYTES // 1024 // 1024} MB，请分批上传。"
            )
        try:
            return documents_of([(upload.name, upload.read()) for upload in files])
        except BatchError as error:
            raise forms.ValidationError(str(error)) from None


def disclosure_check(request):
    """Upload disclosures made elsewhere and start the job that checks them (reviewers)."""
    if not bureaus_checked_by(request.user).exists():
        raise Http404("没有这个页面。")
    form = DisclosureCheckForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        job, created = start_disclosure_check(
            form.cleaned_data["bureau"], form.cleaned_data["files"], by=request.user
        )
        messages.info(request, "文件已上传，正在后台逐个读取和核对。")
        return redirect_to_job(request, job, created)
    return render(request, "accounts/disclosure_check.html", {"form": form})


def _finished_job(request, pk):
    job = get_object_or_404(jobs.jobs_visible_to(request.user).filter(kind=Job.Kind.DISCLOSURE_CHECK), pk=pk)
    if job.state != Job.State.SUCCEEDED:
        return job, redirect("accounts:job", pk=job.pk)
    return job, None


def disclosure_check_report(request, pk):
    """The report of a finished check: a summary table, then each document's findings."""
    job, unfinished = _finished_job(request, pk)
    if unfinished:
        return unfinished
    documents = [
        {**document, "findings": [_shown(finding) for finding in document["findings"]]}
        for document in job.result.get("documents", [])
    ]
    return render(
        request,
        "accounts/disclosure_check_report.html",
        {
            "job": job,
            "documents": documents,
            "summary": list(zip(summary_rows(documents), documents, strict=True)),
        },
    )


def _shown(finding):
    """A finding with its figures as the findings page writes them (“15,686,000.00 元”, “86.67%”)."""
    return {
        **finding,
        **{
            f"{key}_text": figure_text(
                None if finding[key] is None else Decimal(finding[key]), finding["unit"]
            )
            for key in ("expected", "actual")
        },
    }


def disclosure_check_csv(request, pk):
    """The findings of a finished check as CSV."""
    job, unfinished = _finished_job(request, pk)
    if unfinished:
        return unfinished
    response = HttpResponse(
        report_csv(job.result.get("documents", [])), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="disclosure-checks-{job.pk}.csv"'
    return response


urlpatterns = [
    path("review/disclosures/", disclosure_check, name="disclosure-check"),
    path("review/disclosures/<int:pk>/", disclosure_check_report, name="disclosure-check-report"),
    path("review/disclosures/<int:pk>/findings.csv", disclosure_check_csv, name="disclosure-check-csv"),
]
