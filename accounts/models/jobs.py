from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """A piece of long work run as a task, with the progress and result shown to whoever started it.

    At most one job per dedupe key is open (queued or running) at a time: asking for the same work
    again while it runs returns the job already open (accounts.jobs.start_job).
    """

    class Kind(models.TextChoices):
        PUBLISH = "publish", _("公开")
        DRAFT_PDF = "draft_pdf", _("草稿 PDF")
        SUMMARY_PDF = "summary_pdf", _("汇总 PDF")
        BULK_CHECK = "bulk_check", _("批量审核")
        SITE_EXPORT = "site_export", _("导出公开网站")
        DISCLOSURE_CHECK = "disclosure_check", _("核对已公开文件")

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    OPEN_STATES = (State.QUEUED, State.RUNNING)

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    # What the job is about: a final account (publishing, draft PDF), a bureau (汇总, bulk checks),
    # or nothing (the export of the whole public site); `title` says it in words either way.
    final_account = models.ForeignKey(
        "accounts.FinalAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    bureau = models.ForeignKey(
        "accounts.FinanceBureau", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    title = models.CharField(_("内容"), max_length=200)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    dedupe_key = models.CharField(_("去重键"), max_length=200)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    result_url = models.CharField(_("结果网址"), max_length=500, blank=True)
    result_file = models.CharField(_("结果文件"), max_length=500, blank=True)
    result_filename = models.CharField(_("下载文件名"), max_length=200, blank=True)
    result = models.JSONField(_("结果摘要"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=1)
    task_result_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        constraints = [
            # Two requests racing to start the same work: the second insert fails and finds the first.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(state__in=["queued", "running"]),
                name="one_open_job_per_dedupe_key",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_at_most_100"),
        ]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_created_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES
