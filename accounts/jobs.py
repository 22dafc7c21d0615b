"""Jobs: long work run as tasks, with the progress and result shown to whoever started it (DESIGN.md §6).

A view calls `start_job`, which records a Job and enqueues its task (accounts.tasks) in one
transaction, then shows the job's page. A worker (`manage.py db_worker`, on any machine) runs the task:
`run_job` claims the job, reports progress with a Chinese step text, beats a heartbeat from a thread of
its own while the work runs, and records the result or the error.

- Dedupe: at most one job per dedupe key is open (a partial unique constraint); starting the same work
  again returns the job already open.
- Dead workers: django-tasks-db leaves the task of a killed worker "running" for ever. A job whose
  heartbeat is older than JOB_STALE_SECONDS is marked failed by `sweep_stale_jobs` (run whenever jobs
  are read and before one is started), and may be retried.
- A retried job gets a new task; a task that finds its job no longer waiting for it does nothing.
"""

import dataclasses
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from .models import Job
from .queries import final_accounts_for

logger = logging.getLogger(__name__)
State = Job.State

QUEUED_STEP = "排队等待后台进程"


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What finished work leaves for the person who asked: a step text, a link, a file, a summary."""

    step: str = "已完成"
    url: str = ""
    file: str = ""
    filename: str = ""
    summary: dict = dataclasses.field(default_factory=dict)


class JobAbandoned(Exception):
    """The job was marked failed (its heartbeat looked stale) or retried while this task ran."""


def jobs_visible_to(user):
    """Return the jobs `user` may follow: their own, and the publications of final accounts they manage."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    managed = final_accounts_for(user, "manage").values("pk")
    return Job.objects.filter(Q(owner=user) | Q(kind=Job.Kind.PUBLISH, final_account__in=managed))


def jobs_retriable_by(user):
    """Return the jobs `user` may start again: their own, and publications they may publish themselves."""
    if not user.is_authenticated:
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    publishable = final_accounts_for(user, "publish").values("pk")
    return Job.objects.filter(Q(owner=user) | Q(kind=Job.Kind.PUBLISH, final_account__in=publishable))


def start_job(kind, *, key, title, owner=None, final_account=None, bureau=None, params=None):
    """Record a job and enqueue its task; return (job, created).

    When a job with the same dedupe `key` is already open, return it instead (created False): one
    request never starts the same work twice, however many arrive at once.
    """
    sweep_stale_jobs(dedupe_key=key)  # a job of a dead worker must not block the work for ever
    for _attempt in range(3):
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    kind=kind,
                    dedupe_key=key,
                    title=title,
                    owner=owner if owner is not None and owner.is_authenticated else None,
                    final_account=final_account,
                    bureau=bureau,
                    params=params or {},
                    step=QUEUED_STEP,
                )
                _enqueue(job)
            return job, True
        except IntegrityError:
            existing = Job.objects.filter(dedupe_key=key, state__in=Job.OPEN_STATES).first()
            if existing is not None:
                return existing, False
            # The open job finished between the refused insert and the lookup: try again.
    raise RuntimeError(f"could not start or find the job {key}")


# The task that runs each kind of job, registered by accounts.tasks (which runs this module's run_job)
# when the app loads, so that this module need not import the work it schedules.
_TASKS = {}


def register_task(kind, task):
    """Make `task` (a django.tasks Task taking the job's pk) the one that runs jobs of `kind`."""
    _TASKS[kind] = task


def _enqueue(job):
    """Enqueue the task of `job` in the current transaction (the task row commits with the job's)."""
    result = _TASKS[job.kind].enqueue(job.pk)
    job.task_result_id = result.id
    job.save(update_fields=["task_result_id"])


@transaction.atomic
def retry_job(job, *, by):
    """Start a failed job again with a new task, on behalf of `by`; return the job now open.

    When the same work was started again meanwhile, return that job instead.
    """
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.state != State.FAILED:
        raise ValidationError("只有失败的任务可以重试。", code="not_failed")
    for name, value in {
        "state": State.QUEUED,
        "owner": by,
        "progress": 0,
        "step": QUEUED_STEP,
        "error": "",
        "attempts": job.attempts + 1,
        "started_at": None,
        "heartbeat_at": None,
        "finished_at": None,
        "result_url": "",
        "result_file": "",
        "result_filename": "",
        "result": {},
    }.items():
        setattr(job, name, value)
    try:
        with transaction.atomic():
            job.save()
            _enqueue(job)
    except IntegrityError:
        return Job.objects.get(dedupe_key=job.dedupe_key, state__in=Job.OPEN_STATES)
    return job


def sweep_stale_jobs(**filters):
    """Mark failed the running jobs (among `filters`) whose heartbeat is older than JOB_STALE_SECONDS."""
    now = timezone.now()
    seconds = settings.JOB_STALE_SECONDS
    stale = Job.objects.filter(
        state=State.RUNNING, heartbeat_at__lt=now - timedelta(seconds=seconds), **filters
    )
    with transaction.atomic():
        found = list(stale.select_for_update(skip_locked=True).values_list("pk", "task_result_id"))
        if not found:
            return 0
        Job.objects.filter(pk__in=[pk for pk, _task in found]).update(
            state=State.FAILED,
            finished_at=now,
            error=(
                f"后台任务进程已超过 {seconds} 秒没有报告进度（进程可能已中断或重启），任务已标记为失败。"
                "未完成的工作没有生效，可以重试。"
            ),
        )
        _mark_tasks_lost([task for _pk, task in found if task])
    logger.warning("marked %d job(s) failed after %d s without a heartbeat", len(found), seconds)
    return len(found)


def _mark_tasks_lost(task_result_ids):
    """Record the tasks of lost jobs as failed too, where django-tasks-db keeps them "running" for ever."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id__in=task_result_ids, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="accounts.jobs.WorkerLost",
        traceback=f"No heartbeat for {settings.JOB_STALE_SECONDS} s: the worker was lost.",
    )


class Progress:
    """The running job's handle: `report` a step, and check the job is still this task's."""

    def __init__(self, job):
        self.job = job

    def report(self, percent, step):
        """Record progress (0–100) and its step text; raise JobAbandoned if the job is no longer ours."""
        updated = Job.objects.filter(
            pk=self.job.pk, state=State.RUNNING, task_result_id=self.job.task_result_id
        ).update(progress=percent, step=step, heartbeat_at=timezone.now())
        if not updated:
            raise JobAbandoned(f"job {self.job.pk} is no longer running this task")
        self.job.progress, self.job.step = percent, step

    def store_file(self, filename, data):
        """Store a result file of the job; return its storage name."""
        return default_storage.save(f"jobs/{self.job.pk}/{filename}", ContentFile(data))


class Heartbeat(threading.Thread):
    """Beat the job's heartbeat every JOB_HEARTBEAT_SECONDS while its work runs in the main thread.

    Work such as rendering a PDF gives no sign of life for tens of seconds; the thread does, and dies
    with its process, which is what the sweep notices. It never waits for a lock on the job's row
    (skip_locked): a beat skipped is harmless, a beat that blocks the work is not.
    """

    def __init__(self, job_id):
        super().__init__(name=f"job-{job_id}-heartbeat", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    with transaction.atomic():
                        rows = Job.objects.select_for_update(skip_locked=True).filter(
                            pk=self.job_id, state=State.RUNNING
                        )
                        if list(rows.values_list("pk", flat=True)[:1]):
                            rows.update(heartbeat_at=timezone.now())
                except DatabaseError as error:
                    logger.warning("heartbeat of job %s skipped: %s", self.job_id, error)
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self):
        self.stopped.set()
        self.join()


def run_job(job_id, task_result_id, work):
    """Run `work(job, progress) -> Outcome` for the job if it still waits for this task; record the end.

    Called by the tasks in accounts.tasks. Whatever the work raises marks the job failed with a
    Chinese reason (a ValidationError's own messages, else the kind of error) and is raised again,
    so that the task backend records the failure too.
    """
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=State.QUEUED, task_result_id=task_result_id).update(
        state=State.RUNNING, started_at=now, heartbeat_at=now, progress=1, step="已开始"
    )
    if not claimed:
        logger.info("job %s no longer waits for task %s: nothing to do", job_id, task_result_id)
        return None
    job = Job.objects.select_related("owner", "final_account__department__bureau", "bureau").get(pk=job_id)
    heartbeat = Heartbeat(job_id)
    heartbeat.start()
    try:
        outcome = work(job, Progress(job))
    except BaseException as error:
        _fail(job, error)
        raise
    finally:
        heartbeat.stop()
    Job.objects.filter(pk=job_id, task_result_id=task_result_id).update(
        state=State.SUCCEEDED,
        progress=100,
        step=outcome.step,
        result_url=outcome.url,
        result_file=outcome.file,
        result_filename=outcome.filename,
        result=outcome.summary,
        error="",
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    return outcome.step


def _fail(job, error):
    if isinstance(error, ValidationError):
        reason = "；".join(error.messages)
    elif isinstance(error, JobAbandoned):
        return  # the job is someone else's now: leave it as it is
    elif isinstance(error, (KeyboardInterrupt, SystemExit)):
        reason = "后台任务进程被停止，任务未完成，可以重试。"
    else:
        logger.exception("job %s (%s) failed", job.pk, job)
        reason = f"处理失败（{type(error).__name__}），未完成的工作没有生效。请重试或联系系统管理员。"
    Job.objects.filter(pk=job.pk, task_result_id=job.task_result_id).update(
        state=State.FAILED, error=reason, finished_at=timezone.now()
    )
