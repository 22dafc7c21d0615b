from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# A final account in one of these states, or with a published version, holds its format fixed.
FROZEN_STATUSES = ("submitted", "approved", "published")
IN_USE_MESSAGE = (
    "报表格式“%(name)s”（第 %(version)s 版）已被已报送、已审核或已公开的决算使用，不能修改；"
    "请复制为新版本后修改，再把草稿改用新版本。"
)


class ReportFormat(models.Model):
    """The official disclosure of one year and region: its tables, rows and columns, and the document.

    Real documents of one year and region differ (24 or 26 类 in 表1/表4): each such difference is a
    `variant` ("" is the region's usual one). A format in use is never edited in place: editing makes a
    new `version`, so a published final account keeps the format it was made with.
    """

    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.CharField(_("地区"), max_length=30, default="national")
    variant = models.CharField(
        _("变体"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("同一年度、地区的不同版式，空为通用版式。"),
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    line_numbers = models.BooleanField(
        _("印制行次、栏次"), default=True, help_text=_("表1、表4 的行次和各表的栏次是否印制。")
    )
    document = models.JSONField(
        _("文档结构"),
        default=dict,
        blank=True,
        help_text=_("封面、各部分及情况说明各节的顺序、编号与标题。"),
    )
    labels = models.JSONField(
        _("行标签"),
        default=dict,
        blank=True,
        help_text=_(
            '固定行标签的替换，如 {"non_appropriation_surplus_used": "使用非财政拨款结余（含专用结余）"}。'
        ),
    )
    source = models.TextField(_("依据"), blank=True, help_text=_("本格式所依据的文件或模板。"))

    class Meta:
        verbose_name = _("报表格式")
        verbose_name_plural = _("报表格式")
        ordering = ["-year", "region", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "region", "variant", "version"],
                name="report_format_unique_year_region_variant_version",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.refuse_if_in_use()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.refuse_if_in_use()
        return super().delete(*args, **kwargs)

    def clean(self):
        # The admin edits a format in use as a copy (formats_admin), flagged by `edit_as_new_version`.
        if not getattr(self, "edit_as_new_version", False):
            self.refuse_if_in_use()

    def is_in_use(self):
        """Return whether a submitted, approved or published final account uses this format.

        Such a format is read-only: changing it would change what was submitted or published.
        """
        if self.pk is None:
            return False
        return (
            self.final_accounts.filter(
                models.Q(status__in=FROZEN_STATUSES) | models.Q(published_versions__isnull=False)
            )
            .distinct()
            .exists()
        )

    def refuse_if_in_use(self):
        """Raise ValidationError (in Chinese) when this format is in use and so read-only."""
        if self.is_in_use():
            raise ValidationError(
                IN_USE_MESSAGE, code="format_in_use", params={"name": self.name, "version": self.version}
            )


class FormatPartMixin:
    """Tables and 类 rows of a format in use are read-only, like the format itself."""

    def save(self, *args, **kwargs):
        self.report_format.refuse_if_in_use()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.report_format.refuse_if_in_use()
        return super().delete(*args, **kwargs)


class ReportTable(FormatPartMixin, models.Model):
    """One table of a format: its number (表N), official title, notes and column 栏次.

    `kind` names the builder that computes the table; `number` is where the format prints it
    (上海 puts 三公 at 表7, the national format at 表9).
    """

    class Kind(models.TextChoices):
        INCOME_EXPENDITURE_SUMMARY = "income_expenditure_summary", _("收入支出决算总表")
        INCOME = "income", _("收入决算表")
        EXPENDITURE = "expenditure", _("支出决算表")
        APPROPRIATION_SUMMARY = "appropriation_summary", _("财政拨款收入支出决算总表")
        GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure", _("一般公共预算财政拨款支出决算表")
        BASIC_EXPENDITURE_DETAIL = "basic_expenditure_detail", _("一般公共预算财政拨款基本支出决算明细表")
        GOVERNMENT_FUND = "government_fund", _("政府性基金预算财政拨款收入支出决算表")
        STATE_CAPITAL = "state_capital", _("国有资本经营预算财政拨款支出决算表")
        OFFICIAL_EXPENSES = "official_expenses", _("财政拨款“三公”经费支出决算表")

    report_format = models.ForeignKey(
        ReportFormat, verbose_name=_("报表格式"), on_delete=models.CASCADE, related_name="tables"
    )
    kind = models.CharField(_("表类型"), max_length=40, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("表号"))
    title = models.CharField(_("标题"), max_length=100)
    notes = models.JSONField(_("表注"), default=list, blank=True, help_text=_("表下注释，每行一条。"))
    empty_sentence = models.CharField(
        _("无数据说明"),
        max_length=200,
        blank=True,
        help_text=_("本表无数据时表下的说明，如“本部门无政府性基金收支。”"),
    )
    layout = models.JSONField(
        _("版式"),
        default=dict,
        blank=True,
        help_text=_("列的栏次与表头文字、固定行的行次，由对应的表生成器读取。"),
    )

    class Meta:
        verbose_name = _("报表")
        verbose_name_plural = _("报表")
        ordering = ["report_format", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report_format", "kind"], name="report_table_unique_kind"),
            models.UniqueConstraint(fields=["report_format", "number"], name="report_table_unique_number"),
        ]

    def __str__(self):
        return f"表{self.number} {self.title}"


class CategoryRow(FormatPartMixin, models.Model):
    """A 类 row printed in 表1 and 表4, with its 行次 in each.

    The format, not the edition, decides which 类 the summary tables list and in what order.
    """

    report_format = models.ForeignKey(
        ReportFormat, verbose_name=_("报表格式"), on_delete=models.CASCADE, related_name="category_rows"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    code = models.CharField(_("类级科目编码"), max_length=3)
    name = models.CharField(_("名称"), max_length=100)
    summary_line = models.PositiveSmallIntegerField(_("表1 行次"))
    appropriation_line = models.PositiveSmallIntegerField(_("表4 行次"))

    class Meta:
        verbose_name = _("类级行")
        verbose_name_plural = _("类级行")
        ordering = ["report_format", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report_format", "position"], name="category_row_unique_position"
            ),
            models.UniqueConstraint(fields=["report_format", "code"], name="category_row_unique_code"),
        ]

    def __str__(self):
        return f"{self.position} {self.name}"


class FormatChange(models.Model):
    """A final account moved from one format (version or variant) to another: who, when, why."""

    final_account = models.ForeignKey(
        "accounts.FinalAccount",
        verbose_name=_("部门决算"),
        on_delete=models.CASCADE,
        related_name="format_changes",
    )
    old_format = models.ForeignKey(
        ReportFormat, verbose_name=_("原格式"), on_delete=models.PROTECT, related_name="+"
    )
    new_format = models.ForeignKey(
        ReportFormat, verbose_name=_("新格式"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=200)

    class Meta:
        verbose_name = _("格式变更")
        verbose_name_plural = _("格式变更")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.final_account}：{self.old_format} → {self.new_format}"
