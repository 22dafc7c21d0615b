from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

# 功能分类: 类 = 3 digits, 款 = 5, 项 = 7. 经济分类: 类 = 3, 款 = 5.
FUNCTIONAL_LEVELS = {3: "category", 5: "section", 7: "item"}
ECONOMIC_LEVELS = {3: "category", 5: "section"}
LEVEL_NAMES = {"category": "类", "section": "款", "item": "项"}


class Edition(models.Model):
    """An edition of 《政府收支分类科目》: the subjects of one fiscal year, and whether the list is whole.

    The subjects themselves carry the edition's year; this row says where they came from. A partial
    edition holds only the subjects seen in published documents, not the ministry's whole list: the
    admin says so until a bureau loads its own file.
    """

    year = models.PositiveSmallIntegerField(_("版本年度"), unique=True)
    partial = models.BooleanField(
        _("不完整"),
        default=True,
        help_text=_("只含已见于公开文件的科目，并非财政部印发的完整科目表。"),
    )
    source = models.CharField(_("来源"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("科目版本")
        verbose_name_plural = _("科目版本")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年版《政府收支分类科目》"


class SubjectQuerySet(models.QuerySet):
    def of_final_account(self, final_account):
        """The subjects `final_account` may use: its edition's, and those pending for it alone."""
        return self.filter(edition=final_account.edition).filter(
            Q(pending_for__isnull=True) | Q(pending_for=final_account)
        )

    def pending(self):
        return self.filter(pending_for__isnull=False)


class ConfirmedSubjectManager(models.Manager.from_queryset(SubjectQuerySet)):
    """The subjects of the editions: a subject pending confirmation belongs to one final account only,
    so every query by edition leaves it out unless it asks for it (`all_objects`)."""

    def get_queryset(self):
        return super().get_queryset().filter(pending_for__isnull=True)


def delete_pending_subjects(collector, field, sub_objs, using):
    """on_delete of `pending_for`: a final account's pending subjects go with it, with the facts naming them.

    Those facts are the account's own (a pending subject belongs to no one else) and go with it anyway;
    they, and a pending 项 under a pending 款, protect the subjects, so they are deleted first, here.
    """
    model = sub_objs.model
    pks = list(sub_objs.values_list("pk", flat=True))
    for relation in model._meta.related_objects:
        if relation.related_model is not model and relation.on_delete is models.PROTECT:
            relation.related_model._base_manager.using(using).filter(
                **{f"{relation.field.name}__in": pks}
            ).delete()
    for length in (7, 5, 3):  # items, then 款, then 类
        model._base_manager.using(using).filter(pk__in=pks).annotate(n=Length("code")).filter(
            n=length
        ).delete()


def _pending_field():
    return models.ForeignKey(
        "accounts.FinalAccount",
        verbose_name=_("待确认（所属部门决算）"),
        null=True,
        blank=True,
        on_delete=delete_pending_subjects,
        related_name="+",
        help_text=_(
            "版本中没有、由部门决算录入或导入的科目：在审核人员或管理员确认或改为已有科目前，只属于该部门决算。"
        ),
    )


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
    pending_for = _pending_field()

    objects = ConfirmedSubjectManager()
    all_objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("功能分类科目")
        verbose_name_plural = _("功能分类科目")
        ordering = ["edition", "code"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                condition=Q(pending_for__isnull=True),
                name="functional_subject_unique_code",
                violation_error_message=_("该版本中已有此科目编码。"),
            ),
            models.UniqueConstraint(
                fields=["edition", "code", "pending_for"],
                name="functional_subject_unique_pending_code",
                violation_error_message=_("该部门决算已有此待确认科目。"),
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
    def is_pending(self):
        return self.pending_for_id is not None

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
    pending_for = _pending_field()

    objects = ConfirmedSubjectManager()
    all_objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("经济分类科目")
        verbose_name_plural = _("经济分类科目")
        ordering = ["edition", "code"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"],
                condition=Q(pending_for__isnull=True),
                name="economic_subject_unique_code",
                violation_error_message=_("该版本中已有此科目编码。"),
            ),
            models.UniqueConstraint(
                fields=["edition", "code", "pending_for"],
                name="economic_subject_unique_pending_code",
                violation_error_message=_("该部门决算已有此待确认科目。"),
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
    def is_pending(self):
        return self.pending_for_id is not None

    @property
    def level(self):
        return ECONOMIC_LEVELS[len(self.code)]

    @property
    def is_section(self):
        return len(self.code) == 5
