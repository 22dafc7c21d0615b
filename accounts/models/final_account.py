from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .formats import ReportFormat
from .organisation import Department


class FinalAccountQuerySet(models.QuerySet):
    def published(self):
        """Final accounts with at least one published version (the public sees those versions only)."""
        return self.filter(published_versions__isnull=False).distinct()

    def for_year(self, year):
        return self.filter(year=year)


class FinalAccount(models.Model):
    """One department's final accounts for one fiscal year: what is drafted, reviewed and published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        APPROVED = "approved", _("已审核")
        PUBLISHED = "published", _("已公开")

    class Provenance(models.TextChoices):
        # Figures typed in 元 are exact; figures taken from printed 万元 tables carry up to
        # ±0.005 万元 per cell, so their 0.01 differences are rounding notices, not errors.
        YUAN = "yuan", _("按元录入")
        WANYUAN_TABLES = "wanyuan_tables", _("由万元报表导入")

    class EntryUnit(models.TextChoices):
        # Figures are stored in 元 either way; 万元 is entered with up to six decimals so that nothing is lost.
        YUAN = "yuan", _("元")
        WANYUAN = "wanyuan", _("万元")

    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.PROTECT, related_name="final_accounts"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    provenance = models.CharField(
        _("数据来源"), max_length=20, choices=Provenance.choices, default=Provenance.YUAN
    )
    entry_unit = models.CharField(
        _("录入单位"),
        max_length=10,
        choices=EntryUnit.choices,
        default=EntryUnit.YUAN,
        help_text=_("录入表格中金额的单位；数据一律按元保存。"),
    )
    report_format = models.ForeignKey(
        ReportFormat, verbose_name=_("报表格式"), on_delete=models.PROTECT, related_name="final_accounts"
    )
    edition = models.PositiveSmallIntegerField(
        _("科目版本"), help_text=_("所用《政府收支分类科目》的年度，通常等于决算年度。")
    )
    disclosure_date = models.DateField(_("公开日期"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(
        _("版本"), default=1, help_text=_("正在编制或审核的版本；公开后更正时加一。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FinalAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("部门决算")
        verbose_name_plural = _("部门决算")
        ordering = ["department", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year"],
                name="final_account_unique_department_year",
                violation_error_message=_("该部门该年度的决算已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.year}年度{self.department.display_name}部门决算"

    def get_absolute_url(self):
        return reverse(
            "accounts:disclosure",
            kwargs={
                "bureau": self.department.bureau.slug,
                "department": self.department.slug,
                "year": self.year,
            },
        )

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED
