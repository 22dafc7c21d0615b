from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..slugs import validate_bureau_slug, validate_department_slug


class FinanceBureau(models.Model):
    """A finance bureau (district, city, province) that reviews and publishes its departments."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    slug = models.SlugField(_("标识"), max_length=50, unique=True, validators=[validate_bureau_slug])
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级财政局"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField(
        _("地区格式"),
        max_length=30,
        default="national",
        help_text=_("选择报表格式的地区标识，例如 national（全国通用）或 shanghai。"),
    )

    class Meta:
        verbose_name = _("财政局")
        verbose_name_plural = _("财政局")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A government department under a bureau, named `<bureau-slug>/<department-slug>` in URLs."""

    bureau = models.ForeignKey(
        FinanceBureau, verbose_name=_("财政局"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    slug = models.SlugField(_("标识"), max_length=50, validators=[validate_department_slug])
    format_variant = models.CharField(
        _("格式变体"),
        max_length=40,
        blank=True,
        default="",
        help_text=_("本部门决算所用的报表格式变体（如“26类”），空为所在地区的通用格式。"),
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["bureau__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "slug"],
                name="department_slug_unique_in_bureau",
                violation_error_message=_("该财政局下已有使用此标识的部门。"),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def path(self):
        return f"{self.bureau.slug}/{self.slug}"


class Unit(models.Model):
    """An accounting unit inside a department (部门决算单位构成)."""

    class Type(models.TextChoices):
        ADMINISTRATIVE = "administrative", _("行政单位")
        CIVIL_SERVICE_MANAGED = "civil_service_managed", _("参照公务员法管理事业单位")
        PUBLIC_INSTITUTION = "public_institution", _("事业单位")

    department = models.ForeignKey(
        Department, verbose_name=_("部门"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("名称"), max_length=100)
    unit_type = models.CharField(_("单位类型"), max_length=30, choices=Type.choices)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["department", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="unit_name_unique_in_department")
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Ties a user to a department (as accountant) or to a bureau (as reviewer)."""

    class Role(models.TextChoices):
        ACCOUNTANT = "accountant", _("部门会计")
        REVIEWER = "reviewer", _("财政局审核人员")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    bureau = models.ForeignKey(
        FinanceBureau,
        verbose_name=_("财政局"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        verbose_name = _("成员")
        verbose_name_plural = _("成员")
        constraints = [
            # An accountant belongs to a department, a reviewer to a bureau: never both, never neither.
            models.CheckConstraint(
                condition=(
                    Q(role="accountant", department__isnull=False, bureau__isnull=True)
                    | Q(role="reviewer", department__isnull=True, bureau__isnull=False)
                ),
                name="membership_role_matches_organisation",
                violation_error_message=_("部门会计须属于一个部门，审核人员须属于一个财政局。"),
            ),
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(department__isnull=False),
                name="membership_unique_department",
            ),
            models.UniqueConstraint(
                fields=["user", "bureau"], condition=Q(bureau__isnull=False), name="membership_unique_bureau"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.department or self.bureau}"
