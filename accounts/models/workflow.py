from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..addresses import validate_address
from .final_account import FinalAccount
from .organisation import FinanceBureau


class Transition(models.Model):
    """One workflow step of a final account: who moved it from which state to which, when and why."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="transitions")
    version = models.PositiveSmallIntegerField(_("版本"))
    from_status = models.CharField(_("原状态"), max_length=20, choices=FinalAccount.Status.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=FinalAccount.Status.choices)
    # PROTECT, as FigureChange.user: who submitted, approved or published stays on the record.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.TextField(_("意见或原因"), blank=True)
    head_name = models.CharField(_("单位主要负责人"), max_length=50, blank=True)
    head_signed_on = models.DateField(_("签批日期"), null=True, blank=True)
    snapshot = models.JSONField(
        _("报送时的数据"),
        null=True,
        blank=True,
        help_text=_("报送时全部数据的快照，用于比较两次报送之间的变化。"),
    )

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_status="submitted") | (~Q(head_name="") & Q(head_signed_on__isnull=False)),
                name="transition_submission_signed",
                violation_error_message=_("报送须有单位主要负责人签批（姓名和日期）。"),
            )
        ]

    def __str__(self):
        return f"{self.final_account} v{self.version}: {self.from_status} → {self.to_status}"


class ReviewComment(models.Model):
    """A reviewer's (or accountant's) comment on a cell or a section of one version of a final account."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="comments")
    version = models.PositiveSmallIntegerField(_("版本"))
    address = models.CharField(
        _("单元格"),
        max_length=100,
        blank=True,
        validators=[validate_address],
        help_text=_(
            "所评数字的地址，例如 “cell|general_budget_expenditure|2080101|1”（表5/2080101/栏1）；"
            "评章节或整体时为空。"
        ),
    )
    target = models.CharField(
        _("章节"),
        max_length=200,
        blank=True,
        help_text=_("所评章节，例如“第三部分 五”；早先的意见在此保留当时填写的位置。"),
    )
    text = models.TextField(_("意见"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    # A thread is its first comment and the replies under it; location and resolution belong to the
    # first comment only (a reply answers the thread, it does not move it or close it).
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所回复的意见"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解决人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审核意见")
        verbose_name_plural = _("审核意见")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parent__isnull=True)
                | (Q(address="") & Q(target="") & Q(resolved_at__isnull=True)),
                name="review_comment_reply_has_no_location",
                violation_error_message=_("回复不另设位置，也不单独标记解决。"),
            )
        ]

    def __str__(self):
        return f"{self.address or self.target}: {self.text[:30]}"

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class PublishedVersion(models.Model):
    """A frozen, published version: HTML, PDF and JSON stored with their SHA-256, never changed.

    Versions frozen before the JSON carried the tables' layout also have a supplementary layout file.
    """

    final_account = models.ForeignKey(
        FinalAccount, on_delete=models.PROTECT, related_name="published_versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    published_at = models.DateTimeField(_("公开时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("公开人"), null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(_("更正原因"), blank=True)
    html_file = models.CharField(_("HTML 文件"), max_length=255)
    html_sha256 = models.CharField(_("HTML SHA-256"), max_length=64)
    pdf_file = models.CharField(_("PDF 文件"), max_length=255)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    json_file = models.CharField(_("JSON 文件"), max_length=255)
    json_sha256 = models.CharField(_("JSON SHA-256"), max_length=64)
    # A version frozen before its JSON carried the tables' header rows, spans and notes gets them in a
    # file of their own, made once from the format it was published with (freeze_published_layouts):
    # its JSON is never rewritten, and no read rebuilds the layout from today's format.
    layout_file = models.CharField(_("版式补充文件"), max_length=255, blank=True)
    layout_sha256 = models.CharField(_("版式补充文件 SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("公开版本")
        verbose_name_plural = _("公开版本")
        ordering = ["final_account", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "number"], name="published_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.final_account} 第{self.number}版"


class SubmissionDeadline(models.Model):
    """The date by which a bureau's departments submit their final accounts of a year."""

    bureau = models.ForeignKey(
        FinanceBureau, verbose_name=_("财政局"), on_delete=models.CASCADE, related_name="deadlines"
    )
    year = models.PositiveSmallIntegerField(_("决算年度"))
    due_on = models.DateField(_("报送截止日期"))

    class Meta:
        verbose_name = _("报送截止日期")
        verbose_name_plural = _("报送截止日期")
        constraints = [models.UniqueConstraint(fields=["bureau", "year"], name="deadline_unique_bureau_year")]

    def __str__(self):
        return f"{self.bureau} {self.year}: {self.due_on}"
