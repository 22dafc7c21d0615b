"""The long work that runs in a worker (`manage.py db_worker`), one task per kind of Job.

Each task takes the job's id and hands its work to `jobs.run_job`, which claims the job, keeps its
heartbeat and records the outcome. The work reports its steps in Chinese for the page that shows them.
"""

import shutil
import tempfile
from pathlib import Path

from django.tasks import task
from django.test import RequestFactory
from django.urls import reverse

from . import workflow
from .bulk_checks import check_in_bulk
from .jobs import Outcome, register_task, run_job
from .models import FinalAccount, Job, PublishedVersion
from .queries import final_accounts_reviewed_by


def _address(final_account):
    department = final_account.department
    return {"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year}


def publish(job, progress):
    """Freeze and publish the job's final account; the account changes state only at the very end."""
    progress.report(10, "正在生成网页、PDF 和数据文件")
    # workflow.publish renders first, then records the version, its files and the new status in one
    # transaction: a worker killed before that commit leaves the account approved and no version.
    version = workflow.publish(job.final_account, by=job.owner)
    return Outcome(
        step=f"已公开第{version.number}版",
        url=reverse("accounts:version", kwargs={**_address(job.final_account), "number": version.number}),
    )


def draft_pdf(job, progress):
    """Render the live document of the job's final account as a PDF marked as a draft."""
    from .document import build_document
    from .document.pdf import render_pdf

    final_account = job.final_account
    progress.report(10, "正在整理草稿内容")
    document = build_document(final_account)
    progress.report(30, "正在排版 PDF")
    pdf = render_pdf(document, draft=True)
    address = _address(final_account)
    filename = f"{address['year']}-{address['bureau']}-{address['department']}-draft.pdf"
    return Outcome(step="草稿 PDF 已生成", file=progress.store_file(filename, pdf), filename=filename)


def summary_pdf(job, progress):
    """Render and store the 汇总 PDF of the job's bureau and year (served from storage from then on)."""
    from .open_data.summary import build_summary
    from .open_data.summary import summary_pdf as render_summary_pdf

    progress.report(10, "正在汇总各部门已公开的数据")
    summary = build_summary(job.bureau, job.params["year"])
    progress.report(30, f"正在排版汇总 PDF（{len(summary.versions)} 个部门）")
    render_summary_pdf(summary)
    return Outcome(
        step="汇总 PDF 已生成",
        url=reverse("accounts:summary-pdf", kwargs={"bureau": job.bureau.slug, "year": job.params["year"]}),
    )


def bulk_check(job, progress):
    """Check every final account the job's owner reviews under its bureau (and year); a CSV of findings."""
    from .open_data.queries import bureau_tree

    scope = final_accounts_reviewed_by(job.owner).filter(
        department__bureau_id__in=bureau_tree().descendant_ids(job.bureau)
    )
    if job.params.get("year"):
        scope = scope.filter(year=job.params["year"])
    accounts = list(
        FinalAccount.objects.filter(pk__in=scope.values("pk"))
        .select_related("department__bureau", "report_format")
        .order_by("department__bureau__slug", "department__slug", "year")
    )
    progress.report(5, f"共 {len(accounts)} 份部门决算，开始审核")

    def report(done, total):
        progress.report(5 + 90 * done // max(total, 1), f"已审核 {done} / {total} 份部门决算")

    data, counts = check_in_bulk(accounts, report=report)
    year = job.params.get("year") or "all"
    filename = f"checks-{job.bureau.slug}-{year}.csv"
    return Outcome(
        step=f"已审核 {counts['accounts']} 份部门决算，其中 {counts['with_errors']} 份存在错误",
        file=progress.store_file(filename, data),
        filename=filename,
        summary=counts,
    )


def site_export(job, progress):
    """Export every published version as static files (export_published), packed as one zip."""
    from .open_data.export import export_published

    final_account_ids = list(
        PublishedVersion.objects.order_by("final_account_id")
        .values_list("final_account_id", flat=True)
        .distinct()
    )
    chunk = max(1, len(final_account_ids) // 20)
    with tempfile.TemporaryDirectory(prefix="juesuan-export-") as directory:
        root = Path(directory) / "site"
        root.mkdir()
        versions = 0
        for start in range(0, len(final_account_ids), chunk):
            ids = final_account_ids[start : start + chunk]
            result = export_published(root, request_factory=RequestFactory(), final_accounts=ids)
            versions += result.versions
            done, total = min(start + chunk, len(final_account_ids)), len(final_account_ids)
            progress.report(5 + 85 * done // max(total, 1), f"已导出 {done} / {total} 份部门决算")
        progress.report(92, "正在打包")
        archive = shutil.make_archive(str(Path(directory) / "export"), "zip", root)
        data = Path(archive).read_bytes()
    filename = "juesuan-public-site.zip"
    return Outcome(
        step=f"已导出 {versions} 个公开版本",
        file=progress.store_file(filename, data),
        filename=filename,
        summary={"versions": versions, "bytes": len(data)},
    )


# One task per kind; `takes_context` gives each the id of its own task result, which the job must
# still name for the task to run (a retried job names its new task).
@task(takes_context=True)
def publish_final_account(context, job_id):
    return run_job(job_id, context.task_result.id, publish)


@task(takes_context=True)
def render_draft_pdf(context, job_id):
    return run_job(job_id, context.task_result.id, draft_pdf)


@task(takes_context=True)
def render_summary_pdf(context, job_id):
    return run_job(job_id, context.task_result.id, summary_pdf)


@task(takes_context=True)
def check_final_accounts_in_bulk(context, job_id):
    return run_job(job_id, context.task_result.id, bulk_check)


@task(takes_context=True)
def export_public_site(context, job_id):
    return run_job(job_id, context.task_result.id, site_export)


TASK_OF_KIND = {
    Job.Kind.PUBLISH: publish_final_account,
    Job.Kind.DRAFT_PDF: render_draft_pdf,
    Job.Kind.SUMMARY_PDF: render_summary_pdf,
    Job.Kind.BULK_CHECK: check_final_accounts_in_bulk,
    Job.Kind.SITE_EXPORT: export_public_site,
}
for _kind, _task in TASK_OF_KIND.items():
    register_task(_kind, _task)
