from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# 功能分类: 类 = 3 digits, 款 = 5, 项 = 7. 经济分类: 类 = 3, 款 = 5.
FUNCTIONAL_LEVELS = {3: "category", 5: "section", 7: "item"}
ECONOMIC_LEVELS = {3: "category", 5: "section"}
LEVEL_NAMES = {"category": "类", "section": "款", "item": "项"}


class FunctionalSubject(models.Model):
    """A 支出功能分类科目 (类/款/项) of one edition of 《政府收支分类科目》."""

    edition = models.PositiveSmallIntegerField(_("版本年度"))
    code = models.CharField(_("科目编码"), max_length=7)
    name = models.CharField(_("科目名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    explanation = models.TextField(_("科目说明"), blank=True)

    class Meta:
        verbose_name = _("功能分类科目")
        verbose_name_plural = _("功能分类科目")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="functional_subject_unique_code",
                violation_error_message=_("该版本中已有此科目编码。"),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^([0-9]{3}|[0-9]{5}|[0-9]{7})$"),
                name="functional_subject_code_format",
                violation_error_message=_("功能分类科目编码须为 3、5 或 7 位数字。"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def level(self):
        return FUNCTIONAL_LEVELS[len(self.code)]

    @property
    def level_name(self):
        return LEVEL_NAMES[self.level]

    @property
    def is_item(self):
        return len(self.code) == 7


class EconomicSubject(models.Model):
    """A 部门预算支出经济分类科目 (类/款) of one edition, as used in 表6."""

    class Group(models.TextChoices):
        PERSONNEL = "personnel", _("人员经费")
        OPERATING = "operating", _("公用经费")

    edition = models.PositiveSmallIntegerField(_("版本年度"))
    code = models.CharField(_("科目编码"), max_length=5)
    name = models.CharField(_("科目名称"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级科目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.CharField(_("表6 分组"), max_length=20, choices=Group.choices)

    class Meta:
        verbose_name = _("经济分类科目")
        verbose_name_plural = _("经济分类科目")
        ordering = ["edition", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                name="economic_subject_unique_code",
                violation_error_message=_("该版本中已有此科目编码。"),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^([0-9]{3}|[0-9]{5})$"),
                name="economic_subject_code_format",
                violation_error_message=_("经济分类科目编码须为 3 或 5 位数字。"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def level(self):
        return ECONOMIC_LEVELS[len(self.code)]

    @property
    def is_section(self):
        return len(self.code) == 5
