from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..addresses import validate_address
from .final_account import FinalAccount


class Explanation(models.Model):
    """The department's written explanation of a warning finding, shown to reviewers and published."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="explanations")
    rule_id = models.CharField(_("规则"), max_length=20)
    target = models.CharField(
        _("对象"), max_length=200, blank=True, help_text=_("规则所指的单元格或科目，同一规则多处发现时区分。")
    )
    text = models.TextField(_("说明"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("审核说明")
        verbose_name_plural = _("审核说明")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "rule_id", "target"],
                name="explanation_unique",
                violation_error_message=_("该发现已有说明。"),
            )
        ]

    def __str__(self):
        return f"{self.rule_id} {self.target}"


class PrintedCell(models.Model):
    """A figure as printed in an imported table (元), published as printed and compared with the facts.

    A 万元 figure is kept as its 元 value (× 10,000); the statements show it as printed until a fact
    beneath it changes (accounts.statements.printed).
    """

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="printed_cells")
    table_kind = models.CharField(_("报表"), max_length=40)
    address = models.CharField(
        _("位置"),
        max_length=100,
        validators=[validate_address],
        help_text=_("单元格的地址，例如 “cell|income_expenditure_summary|r27|1”（表1/行27/栏1）。"),
    )
    line = models.PositiveSmallIntegerField(_("行次"), null=True, blank=True)
    column = models.PositiveSmallIntegerField(_("栏次"), null=True, blank=True)
    code = models.CharField(_("科目编码"), max_length=7, blank=True)
    label = models.CharField(_("项目"), max_length=200, blank=True)
    # Null for a cell printed blank, which differs from a printed “0.00” (a stated zero).
    value = models.DecimalField(_("印制数（元）"), max_digits=18, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("报表印制数")
        verbose_name_plural = _("报表印制数")
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "table_kind", "address"],
                name="printed_cell_unique",
                violation_error_message=_("该单元格的印制数已存在。"),
            )
        ]

    def __str__(self):
        return f"{self.table_kind} {self.address} {self.value}"


class ReviewerAssignment(models.Model):
    """The reviewer of a bureau to whom a department's final accounts are assigned ("mine" in the queue)."""

    department = models.OneToOneField(
        "accounts.Department",
        verbose_name=_("部门"),
        on_delete=models.CASCADE,
        related_name="reviewer_assignment",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人员"),
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now=True)

    class Meta:
        verbose_name = _("审核分工")
        verbose_name_plural = _("审核分工")
        ordering = ["department__name"]

    def __str__(self):
        return f"{self.department} → {self.reviewer}"

    def clean(self):
        from .organisation import Membership

        if (
            self.department_id
            and self.reviewer_id
            and not Membership.objects.filter(
                user_id=self.reviewer_id, bureau_id=self.department.bureau_id, role=Membership.Role.REVIEWER
            ).exists()
        ):
            raise ValidationError({"reviewer": _("只能分配给本财政局的审核人员。")})
