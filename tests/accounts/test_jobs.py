"""Jobs: long work started by a request, run by the (real, in-process) worker, followed on its page."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts import jobs, workflow
from accounts.models import FinalAccount, Job, PublishedVersion
from tests.builders import make_bureau, make_reviewer
from tests.security.builders import SIGN_OFF, fill_clean
from tests.workers import run_queued_tasks

CASE = "/review/dongxihu/hrss/2022/"
Status = FinalAccount.Status


@pytest.fixture
def approved(final_account, accountant, reviewer):
    fill_clean(final_account)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    final_account.refresh_from_db()
    return final_account


def publish_job(client, reviewer):
    client.force_login(reviewer)
    response = client.post(CASE + "publish/")
    job = Job.objects.get(kind=Job.Kind.PUBLISH)
    assert (response.status_code, response.headers["Location"]) == (302, f"/jobs/{job.pk}/")
    return job


def test_publishing_answers_with_a_queued_job_and_the_worker_publishes(client, approved, reviewer):
    job = publish_job(client, reviewer)
    assert (PublishedVersion.objects.count(), approved.status) == (0, Status.APPROVED)
    assert client.get(f"/jobs/{job.pk}/status/").json() == {
        "id": job.pk,
        "state": "queued",
        "state_label": "排队中",
        "open": True,
        "progress": 0,
        "step": "排队等待后台进程",
        "error": "",
        "result_url": "",
        "file_url": "",
    }
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<script src="/static/js/jobs.js" defer></script>' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "排队等待后台进程" in page

    run_queued_tasks()
    job.refresh_from_db()
    approved.refresh_from_db()
    assert (job.state, job.progress, job.step, job.result_url) == (
        Job.State.SUCCEEDED,
        100,
        "已公开第1版",
        "/dongxihu/hrss/2022/v1/",
    )
    assert approved.status == Status.PUBLISHED
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "SUCCESSFUL"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "jobs.js" not in page  # an ended job's page no longer updates itself
    assert '<a href="/dongxihu/hrss/2022/v1/">查看结果</a>' in page
    assert f'href="/jobs/{job.pk}/"' in client.get("/jobs/").content.decode()


def test_asking_again_while_publishing_shows_the_open_job(client, approved, reviewer):
    first = publish_job(client, reviewer)
    other = make_reviewer(approved.department.bureau, "erin")
    client.force_login(other)
    response = client.post(CASE + "publish/", follow=True)
    assert response.redirect_chain == [(f"/jobs/{first.pk}/", 302)]
    assert "同样的工作已在进行中，以下是它的进度。" in response.content.decode()
    assert Job.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    case = client.get(CASE).content.decode()
    assert f'<a href="/jobs/{first.pk}/">查看进度</a>' in case


def test_the_database_refuses_two_open_jobs_with_one_key(db):
    Job.objects.create(kind=Job.Kind.SITE_EXPORT, dedupe_key="k", title="t")
    Job.objects.create(kind=Job.Kind.SITE_EXPORT, dedupe_key="k", title="t", state=Job.State.FAILED)
    with pytest.raises(IntegrityError):
        Job.objects.create(kind=Job.Kind.SITE_EXPORT, dedupe_key="k", title="t", state=Job.State.RUNNING)


def test_publishing_what_is_not_approved_starts_nothing(client, final_account, reviewer):
    client.force_login(reviewer)
    response = client.post(CASE + "publish/", follow=True)
    assert response.redirect_chain == [(CASE, 302)]
    assert "当前状态为“草稿”，不能公开。" in response.content.decode()
    assert Job.objects.count() == 0


def stale(job, settings):
    """Make `job` look like its worker died mid-task: running, silent for longer than allowed."""
    long_ago = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    DBTaskResult.objects.filter(id=job.task_result_id).update(status="RUNNING")


def test_a_silent_job_is_failed_on_reading_its_page_and_retried(client, approved, reviewer, settings):
    job = publish_job(client, reviewer)
    stale(job, settings)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert job.error == (
        "后台任务进程已超过 60 秒没有报告进度（进程可能已中断或重启），任务已标记为失败。"
        "未完成的工作没有生效，可以重试。"
    )
    assert job.error in page and "重试</button>" in page
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    run_queued_tasks()  # nothing is queued: the lost task is not run again by itself
    assert PublishedVersion.objects.count() == 0

    old_task = job.task_result_id
    response = client.post(f"/jobs/{job.pk}/retry/")
    assert response.headers["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (Job.State.QUEUED, 2, "")
    assert job.task_result_id != old_task
    run_queued_tasks()
    job.refresh_from_db()
    approved.refresh_from_db()
    assert (job.state, job.step, approved.status) == (Job.State.SUCCEEDED, "已公开第1版", Status.PUBLISHED)
    assert PublishedVersion.objects.count() == 1


def test_a_silent_job_does_not_block_starting_the_work_again(client, approved, reviewer, settings):
    job = publish_job(client, reviewer)
    stale(job, settings)
    client.post(CASE + "publish/")
    assert list(Job.objects.values_list("state", flat=True).order_by("pk")) == ["failed", "queued"]


def test_a_task_its_job_no_longer_names_does_nothing(approved, reviewer):
    job, created = jobs.start_job(
        Job.Kind.PUBLISH, key="publish-it", title="t", owner=reviewer, final_account=approved
    )
    assert created is True
    assert jobs.run_job(job.pk, "another-task", lambda job, progress: 1 / 0) is None
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED


def test_an_error_fails_the_job_with_its_reason(approved, reviewer):
    job, _created = jobs.start_job(
        Job.Kind.PUBLISH, key="publish-it", title="t", owner=reviewer, final_account=approved
    )
    with pytest.raises(ZeroDivisionError):
        jobs.run_job(job.pk, job.task_result_id, lambda job, progress: 1 / 0)
    job.refresh_from_db()
    assert (job.state, job.error) == (
        Job.State.FAILED,
        "处理失败（ZeroDivisionError），未完成的工作没有生效。请重试或联系系统管理员。",
    )


def test_outsiders_get_a_404_for_jobs(client, approved, reviewer, accountant, other_bureau_reviewer):
    job = publish_job(client, reviewer)
    run_queued_tasks()
    client.force_login(other_bureau_reviewer)
    for url in (f"/jobs/{job.pk}/", f"/jobs/{job.pk}/status/", f"/jobs/{job.pk}/file/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404
    assert f"/jobs/{job.pk}/" not in client.get("/jobs/").content.decode()
    client.force_login(accountant)  # of the department: may follow its publication, not start it again
    assert client.get(f"/jobs/{job.pk}/").status_code == 200
    assert client.post(f"/jobs/{job.pk}/retry/").status_code == 404
    client.logout()
    assert client.get(f"/jobs/{job.pk}/").headers["Location"].startswith("/login/")


def test_a_bulk_check_lists_every_finding_of_the_bureau_as_csv(client, approved, final_account, reviewer):
    client.force_login(reviewer)
    assert "东西湖区财政局" in client.get("/review/checks/").content.decode()
    response = client.post("/review/checks/", {"bureau": approved.department.bureau.pk, "year": 2022})
    job = Job.objects.get(kind=Job.Kind.BULK_CHECK)
    assert response.headers["Location"] == f"/jobs/{job.pk}/"
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.state, job.step, job.result) == (
        Job.State.SUCCEEDED,
        "已审核 1 份部门决算，其中 0 份存在错误",
        {"accounts": 1, "with_errors": 0, "error": 0, "warning": 0, "notice": 0},
    )
    download = client.get(f"/jobs/{job.pk}/file/")
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows == [
        ["部门", "部门决算", "年度", "状态", "规则", "级别", "位置", "问题", "应为", "实际", "差额"],
        ["dongxihu/hrss", approved.department.name, "2022", "已审核", "", "", "", "无", "", "", ""],
    ]


def test_a_bulk_check_is_only_for_reviewers_of_the_bureau(
    client, approved, accountant, other_bureau_reviewer
):
    client.force_login(accountant)
    assert client.get("/review/checks/").status_code == 404
    assert "批量审核部门决算" not in client.get("/jobs/").content.decode()
    client.force_login(other_bureau_reviewer)
    response = client.post("/review/checks/", {"bureau": approved.department.bureau.pk})
    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert Job.objects.count() == 0


def test_administrators_export_the_public_site_as_a_zip(client, approved, reviewer, django_user_model):
    workflow.publish(approved, by=reviewer)
    client.force_login(reviewer)
    assert client.post("/jobs/export/").status_code == 404
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "pw-long-enough-1")
    client.force_login(admin)
    response = client.post("/jobs/export/")
    job = Job.objects.get(kind=Job.Kind.SITE_EXPORT)
    assert response.headers["Location"] == f"/jobs/{job.pk}/"
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.state, job.step) == (Job.State.SUCCEEDED, "已导出 1 个公开版本")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)))
    names = set(archive.namelist())
    assert {
        "dongxihu/hrss/2022/v1/index.html",
        "dongxihu/hrss/2022/pdf/index.pdf",
        "nginx.conf.example",
    } <= names


def test_the_draft_pdf_job_of_each_member_is_their_own(client, approved, accountant, reviewer):
    client.force_login(accountant)
    client.post("/preview/dongxihu/hrss/2022/pdf/")
    client.post("/preview/dongxihu/hrss/2022/pdf/")
    client.force_login(reviewer)
    client.post("/preview/dongxihu/hrss/2022/pdf/")
    assert sorted(Job.objects.values_list("owner__username", flat=True)) == ["alice", "charlie"]
    assert (
        client.get("/preview/dongxihu/hrss/2022/pdf/").headers["Location"] == "/preview/dongxihu/hrss/2022/"
    )


def test_reviewers_of_a_bureau_without_accounts_may_check_it_all_the_same(client, db):
    client.force_login(make_reviewer(make_bureau(slug="hanyang", name="汉阳区财政局"), "frank"))
    assert "汉阳区财政局" in client.get("/review/checks/").content.decode()
    assert "批量审核部门决算" in client.get("/jobs/").content.decode()


def test_a_job_no_worker_takes_says_so_after_a_minute(client, approved, reviewer):
    job = publish_job(client, reviewer)
    hint = "任务已排队一分多钟：后台进程可能都在忙，或者没有运行。"
    assert hint not in client.get(f"/jobs/{job.pk}/").content.decode()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert hint in client.get(f"/jobs/{job.pk}/").content.decode()
