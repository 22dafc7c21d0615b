"""Jobs: the list of a user's long work, each job's page (updating itself), retry, result files.

Also the screens that start work which is not about one final account: bulk checks of a bureau or
province (reviewers, administrators) and the export of the public site (administrators).
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import jobs
from ..models import FinanceBureau, Job, Membership

QUEUED_TOO_LONG = 60  # seconds


def _job(request, pk):
    """The job `pk` if the user may follow it, its heartbeat checked first; else a 404."""
    jobs.sweep_stale_jobs(pk=pk)
    return get_object_or_404(jobs.jobs_visible_to(request.user).select_related("owner"), pk=pk)


def job_status_data(job):
    """Return what the job's page shows, as plain data (its JSON endpoint)."""
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": job.get_state_display(),
        "open": job.is_open,
        "progress": job.progress,
        "step": job.step,
        "error": job.error,
        "result_url": job.result_url,
        "file_url": reverse("accounts:job-file", kwargs={"pk": job.pk}) if job.result_file else "",
    }


def job_list(request):
    """The user's jobs, newest first, open ones marked."""
    jobs.sweep_stale_jobs()
    return render(
        request,
        "accounts/job_list.html",
        {
            "jobs": jobs.jobs_visible_to(request.user).select_related("owner")[:100],
            "may_check": bureaus_checked_by(request.user).exists(),
        },
    )


def job_detail(request, pk):
    """A job's progress, step and result; the page updates itself while the job is open."""
    job = _job(request, pk)
    return render(
        request,
        "accounts/job_detail.html",
        {
            "job": job,
            "status": job_status_data(job),
            "retriable": job.state == Job.State.FAILED
            and jobs.jobs_retriable_by(request.user).filter(pk=job.pk).exists(),
            # No worker has taken it for a while: every worker may be busy, or none is running.
            "waiting_long": job.state == Job.State.QUEUED
            and job.created_at < timezone.now() - timedelta(seconds=QUEUED_TOO_LONG),
        },
    )


def job_status(request, pk):
    """A job's progress as JSON, polled by static/js/jobs.js."""
    response = JsonResponse(job_status_data(_job(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def job_retry(request, pk):
    """Start a failed job again (重试)."""
    job = get_object_or_404(jobs.jobs_retriable_by(request.user), pk=pk)
    jobs.sweep_stale_jobs(pk=pk)
    try:
        job = jobs.retry_job(job, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("accounts:job", pk=job.pk)


def job_file(request, pk):
    """The result file of a finished job, for those who may follow it."""
    job = _job(request, pk)
    if job.state != Job.State.SUCCEEDED or not job.result_file:
        raise Http404("没有结果文件。")
    return FileResponse(
        default_storage.open(job.result_file, "rb"), as_attachment=True, filename=job.result_filename
    )


def redirect_to_job(request, job, created):
    """Show a job just asked for; say so when the same work was already under way."""
    if not created:
        messages.info(request, "同样的工作已在进行中，以下是它的进度。")
    if not jobs.jobs_visible_to(request.user).filter(pk=job.pk).exists():
        raise Http404("没有这个任务。")
    return redirect("accounts:job", pk=job.pk)


class BulkCheckForm(forms.Form):
    bureau = forms.ModelChoiceField(label="财政局（含下级财政局）", queryset=FinanceBureau.objects.none())
    year = forms.IntegerField(label="年度（留空为全部年度）", required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = bureaus_checked_by(user).order_by("name")


def bureaus_checked_by(user):
    """Return the bureaus whose final accounts `user` may check in bulk: those they review (all for
    administrators, who may then check a province with every bureau under it)."""
    if user.is_superuser:
        return FinanceBureau.objects.all()
    return FinanceBureau.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.REVIEWER
    ).distinct()


def bulk_check(request):
    """Check every final account the user reviews under a bureau, as a job with a CSV of findings."""
    if not bureaus_checked_by(request.user).exists():
        raise Http404("没有可审核的部门决算。")
    form = BulkCheckForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        bureau, year = form.cleaned_data["bureau"], form.cleaned_data["year"]
        job, created = jobs.start_job(
            Job.Kind.BULK_CHECK,
            key=f"bulk-check:{request.user.pk}:{bureau.pk}:{year or 'all'}",
            title=f"{bureau.name} {f'{year}年度' if year else '全部年度'}部门决算",
            owner=request.user,
            bureau=bureau,
            params={"year": year},
        )
        return redirect_to_job(request, job, created)
    return render(request, "accounts/bulk_check.html", {"form": form})


@require_POST
def site_export(request):
    """Export every published version as static files, packed as a zip (administrators)."""
    if not request.user.is_superuser:
        raise Http404("没有这个页面。")
    job, created = jobs.start_job(
        Job.Kind.SITE_EXPORT, key="site-export", title="全部已公开版本（静态网站）", owner=request.user
    )
    return redirect_to_job(request, job, created)


urlpatterns = [
    path("jobs/", job_list, name="jobs"),
    path("jobs/export/", site_export, name="site-export"),
    path("jobs/<int:pk>/", job_detail, name="job"),
    path("jobs/<int:pk>/status/", job_status, name="job-status"),
    path("jobs/<int:pk>/retry/", job_retry, name="job-retry"),
    path("jobs/<int:pk>/file/", job_file, name="job-file"),
    path("review/checks/", bulk_check, name="bulk-check"),
]
