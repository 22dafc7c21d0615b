"""The facts of a final account: each figure once, at the finest level it exists, in 元.

Every table, subtotal, total and sentence is computed from these rows; nothing derived is stored.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..choices import ExpenditureKind, FreeTextKey, Fund, IncomeSource, NamedFigure, OfficialExpenseItem
from ..choices import StatedCount as StatedCountKey
from ..choices import StatedFigure as StatedFigureKey
from .final_account import FinalAccount
from .subjects import EconomicSubject, FunctionalSubject

ZERO = Decimal("0.00")


def amount_field(verbose_name=_("金额（元）")):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, default=ZERO)


def non_negative(field, name):
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}), name=name, violation_error_message=_("金额不能为负数。")
    )


class IncomeFact(models.Model):
    """Income of one item-level (项) functional subject from one source (表1 行1–8, 表2)."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="income_facts")
    subject = models.ForeignKey(FunctionalSubject, verbose_name=_("功能分类科目"), on_delete=models.PROTECT)
    source = models.CharField(_("收入来源"), max_length=30, choices=IncomeSource.choices)
    amount = amount_field()

    class Meta:
        verbose_name = _("收入")
        verbose_name_plural = _("收入")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "subject", "source"],
                name="income_fact_unique",
                violation_error_message=_("该科目该收入来源的金额已录入。"),
            ),
            non_negative("amount", "income_fact_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_source_display()} · {self.amount}"


class ExpenditureFact(models.Model):
    """Expenditure of one item-level subject from one fund, of one kind (表3, 表5, 表7, 表8)."""

    final_account = models.ForeignKey(
        FinalAccount, on_delete=models.CASCADE, related_name="expenditure_facts"
    )
    subject = models.ForeignKey(FunctionalSubject, verbose_name=_("功能分类科目"), on_delete=models.PROTECT)
    fund = models.CharField(_("资金性质"), max_length=30, choices=Fund.choices)
    kind = models.CharField(_("支出类型"), max_length=30, choices=ExpenditureKind.choices)
    amount = amount_field()

    class Meta:
        verbose_name = _("支出")
        verbose_name_plural = _("支出")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "subject", "fund", "kind"],
                name="expenditure_fact_unique",
                violation_error_message=_("该科目该资金性质、支出类型的金额已录入。"),
            ),
            non_negative("amount", "expenditure_fact_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.subject} · {self.get_fund_display()} · {self.get_kind_display()} · {self.amount}"


class Balance(models.Model):
    """Opening and closing 结转和结余 of one fund; per item subject for 政府性基金 (表7)."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="balances")
    fund = models.CharField(_("资金性质"), max_length=30, choices=Fund.choices)
    subject = models.ForeignKey(
        FunctionalSubject, verbose_name=_("功能分类科目"), null=True, blank=True, on_delete=models.PROTECT
    )
    opening = amount_field(_("年初结转和结余（元）"))
    closing = amount_field(_("年末结转和结余（元）"))

    class Meta:
        verbose_name = _("结转和结余")
        verbose_name_plural = _("结转和结余")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "fund"],
                condition=Q(subject__isnull=True),
                name="balance_unique_fund",
                violation_error_message=_("该资金性质的结转和结余已录入。"),
            ),
            models.UniqueConstraint(
                fields=["final_account", "fund", "subject"],
                condition=Q(subject__isnull=False),
                name="balance_unique_fund_subject",
                violation_error_message=_("该资金性质、该科目的结转和结余已录入。"),
            ),
            non_negative("opening", "balance_opening_non_negative"),
            non_negative("closing", "balance_closing_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_fund_display()} {self.subject or ''} {self.opening} → {self.closing}"


class BasicExpenditureDetail(models.Model):
    """一般公共预算财政拨款基本支出 by economic 款 (表6)."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="basic_details")
    subject = models.ForeignKey(EconomicSubject, verbose_name=_("经济分类科目"), on_delete=models.PROTECT)
    amount = amount_field()

    class Meta:
        verbose_name = _("基本支出明细")
        verbose_name_plural = _("基本支出明细")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "subject"],
                name="basic_detail_unique",
                violation_error_message=_("该经济分类科目的金额已录入。"),
            ),
            non_negative("amount", "basic_detail_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.subject} · {self.amount}"


class OfficialExpense(models.Model):
    """Budget and actual of one 三公 item (表9)."""

    final_account = models.ForeignKey(
        FinalAccount, on_delete=models.CASCADE, related_name="official_expenses"
    )
    item = models.CharField(_("项目"), max_length=30, choices=OfficialExpenseItem.choices)
    budget = amount_field(_("预算数（元）"))
    actual = amount_field(_("决算数（元）"))

    class Meta:
        verbose_name = _("“三公”经费")
        verbose_name_plural = _("“三公”经费")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "item"],
                name="official_expense_unique",
                violation_error_message=_("该“三公”经费项目已录入。"),
            ),
            non_negative("budget", "official_expense_budget_non_negative"),
            non_negative("actual", "official_expense_actual_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_item_display()} {self.budget} / {self.actual}"


class Budget(models.Model):
    """Year-start budget (年初预算) of 一般公共预算: in total, by kind, or for one item subject."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="budgets")
    kind = models.CharField(
        _("支出类型"),
        max_length=30,
        blank=True,
        default="",
        choices=[
            (ExpenditureKind.BASIC, ExpenditureKind.BASIC.label),
            (ExpenditureKind.PROJECT, ExpenditureKind.PROJECT.label),
        ],
    )
    subject = models.ForeignKey(
        FunctionalSubject, verbose_name=_("功能分类科目"), null=True, blank=True, on_delete=models.PROTECT
    )
    amount = amount_field(_("年初预算（元）"))

    class Meta:
        verbose_name = _("年初预算")
        verbose_name_plural = _("年初预算")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="") | Q(subject__isnull=True),
                name="budget_kind_or_subject",
                violation_error_message=_("年初预算按支出类型或按科目填列，不能同时指定。"),
            ),
            models.UniqueConstraint(
                fields=["final_account"],
                condition=Q(kind="", subject__isnull=True),
                name="budget_unique_total",
                violation_error_message=_("年初预算总额已录入。"),
            ),
            models.UniqueConstraint(
                fields=["final_account", "kind"],
                condition=~Q(kind="") & Q(subject__isnull=True),
                name="budget_unique_kind",
                violation_error_message=_("该支出类型的年初预算已录入。"),
            ),
            models.UniqueConstraint(
                fields=["final_account", "subject"],
                condition=Q(subject__isnull=False),
                name="budget_unique_subject",
                violation_error_message=_("该科目的年初预算已录入。"),
            ),
            non_negative("amount", "budget_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.subject or self.get_kind_display() or '合计'} {self.amount}"


class StatedFigure(models.Model):
    """An amount stated once per final account (机关运行经费, 政府采购, 结余分配 …)."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="stated_figures")
    key = models.CharField(_("项目"), max_length=40, choices=StatedFigureKey.choices)
    amount = amount_field()

    class Meta:
        verbose_name = _("其他填报金额")
        verbose_name_plural = _("其他填报金额")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "key"],
                name="stated_figure_unique",
                violation_error_message=_("该项目已录入。"),
            ),
            non_negative("amount", "stated_figure_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_key_display()} {self.amount}"


class StatedCount(models.Model):
    """A count stated once per final account (接待团组、人次, 车辆 …)."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="stated_counts")
    key = models.CharField(_("项目"), max_length=40, choices=StatedCountKey.choices)
    count = models.PositiveIntegerField(_("数量"), default=0)

    class Meta:
        verbose_name = _("其他填报数量")
        verbose_name_plural = _("其他填报数量")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "key"],
                name="stated_count_unique",
                violation_error_message=_("该项目已录入。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_key_display()} {self.count}"


class PriorYearFigure(models.Model):
    """Last year's value of a named figure, entered once with where it came from.

    Used only when last year's final account is not in the system.
    """

    final_account = models.ForeignKey(
        FinalAccount, on_delete=models.CASCADE, related_name="prior_year_figures"
    )
    key = models.CharField(_("指标"), max_length=40, choices=NamedFigure.choices)
    amount = amount_field(_("上年数（元）"))
    source = models.CharField(
        _("来源"), max_length=200, help_text=_("例如：2021 年度部门决算公开 表1 第27行。")
    )

    class Meta:
        verbose_name = _("上年数")
        verbose_name_plural = _("上年数")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "key"],
                name="prior_year_figure_unique",
                violation_error_message=_("该指标的上年数已录入。"),
            ),
            non_negative("amount", "prior_year_figure_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.get_key_display()} {self.amount}"


class FreeText(models.Model):
    """Words the department writes: functions, reasons, outcomes; some per subject."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="free_texts")
    key = models.CharField(_("位置"), max_length=40, choices=FreeTextKey.choices)
    subject = models.ForeignKey(
        FunctionalSubject, verbose_name=_("功能分类科目"), null=True, blank=True, on_delete=models.PROTECT
    )
    text = models.TextField(_("内容"), blank=True)

    class Meta:
        verbose_name = _("文字说明")
        verbose_name_plural = _("文字说明")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "key"],
                condition=Q(subject__isnull=True),
                name="free_text_unique",
                violation_error_message=_("该位置的文字说明已录入。"),
            ),
            models.UniqueConstraint(
                fields=["final_account", "key", "subject"],
                condition=Q(subject__isnull=False),
                name="free_text_unique_subject",
                violation_error_message=_("该科目的文字说明已录入。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_key_display()} {self.subject or ''}"
