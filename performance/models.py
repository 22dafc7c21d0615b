"""Self-evaluations (绩效自评) of final accounts. Depends on accounts, never the reverse.

An evaluation is one printed 自评表: department-wide (部门整体) or for one project (项目). Its scored part is a
tree: 年度绩效目标 (Goal) › 一级指标 (IndicatorCategory) › 二级指标 (IndicatorSubcategory) › 三级指标 (Indicator).
A project table prints one unnamed goal, “年度绩效目标 (80 分)”; the department-wide table one goal per
年度绩效目标 with its own weight. Printed scores are stored as stated; every computed score lives in
performance/scoring.py and is never stored.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import FinalAccount, FunctionalSubject


def amount_field(verbose_name, **options):
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=2, **options)


def score_field(verbose_name, **options):
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, **options)


def optional_score_field(verbose_name, help_text=""):
    return score_field(verbose_name, null=True, blank=True, help_text=help_text)


def non_negative(field, name, *, nullable=False):
    condition = Q(**{f"{field}__gte": 0})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=_("不能为负数。"))


def node_key(node):
    """Return the key naming a row of an evaluation's tree in forms and findings: “indicator-12”, “goal-3”."""
    return f"{node._meta.model_name}-{node.pk}"


class EvaluationQuerySet(models.QuerySet):
    def for_final_account(self, final_account):
        return self.filter(final_account=final_account)

    def publishable(self):
        """Evaluations that may be printed: 涉密 projects are left out but still count in the coverage."""
        return self.filter(is_confidential=False)


class Evaluation(models.Model):
    """One 绩效自评表 of a final account: department-wide (整体) or for one project (项目)."""

    class Scope(models.TextChoices):
        DEPARTMENT = "department", _("部门整体")
        PROJECT = "project", _("项目")

    class ProjectCategory(models.TextChoices):
        DEPARTMENT_BUDGET = "department_budget", _("部门预算项目")
        DISTRICT_SPECIAL = "district_special", _("区直专项")

    class ProjectNature(models.TextChoices):
        CONTINUING = "continuing", _("持续性项目")
        NEW = "new", _("新增性项目")

    class ProjectType(models.TextChoices):
        RECURRING = "recurring", _("常年性项目")
        EXTENDED = "extended", _("延续性项目")
        ONE_OFF = "one_off", _("一次性项目")

    final_account = models.ForeignKey(
        FinalAccount, verbose_name=_("部门决算"), on_delete=models.CASCADE, related_name="evaluations"
    )
    scope = models.CharField(_("评价范围"), max_length=20, choices=Scope.choices)
    position = models.PositiveSmallIntegerField(_("序号"), help_text=_("附件中的排列顺序。"))
    reporting_unit = models.CharField(
        _("填报单位"), max_length=100, blank=True, help_text=_("表头“单位名称”，如“人力资源综合科”。")
    )
    # Project fields (项目名称 … 项目类型) stay blank for the department-wide table.
    name = models.CharField(_("项目名称"), max_length=200, blank=True)
    short_name = models.CharField(
        _("表题简称"),
        max_length=200,
        blank=True,
        help_text=_("表题中的项目称谓，与项目名称不同时填写，如“就业管理资金”。"),
    )
    supervising_department = models.CharField(_("主管部门"), max_length=100, blank=True)
    implementing_unit = models.CharField(_("项目实施单位"), max_length=200, blank=True)
    project_category = models.CharField(
        _("项目类别"), max_length=30, blank=True, choices=ProjectCategory.choices
    )
    project_nature = models.CharField(_("项目属性"), max_length=30, blank=True, choices=ProjectNature.choices)
    project_type = models.CharField(_("项目类型"), max_length=30, blank=True, choices=ProjectType.choices)
    subjects = models.ManyToManyField(
        FunctionalSubject,
        verbose_name=_("支出功能分类科目"),
        blank=True,
        related_name="evaluations",
        help_text=_("项目资金列支的项级科目。"),
    )
    is_confidential = models.BooleanField(
        _("涉密项目"), default=False, help_text=_("涉密项目不予公开，但计入自评覆盖的项目个数和资金。")
    )
    # 备注 1: the budget is the adjusted total of fiscal funds including carry-over (调整后财政资金总额，
    # 包括上年结余结转); the executed amount is what the spending unit actually paid out. Both in 元.
    budget = amount_field(_("预算数 A（元）"))
    executed = amount_field(_("执行数 B（元）"))
    execution_weight = score_field(_("执行率分值"), default=20)
    # The department-wide table also prints 基本支出总额 and 项目支出总额 in its header.
    basic_expenditure = amount_field(_("基本支出总额（元）"), null=True, blank=True)
    project_expenditure = amount_field(_("项目支出总额（元）"), null=True, blank=True)
    # As printed, so that checks can find the printed mistakes: “86%”, “75.00%”.
    stated_execution_rate = models.CharField(_("执行率（填报）"), max_length=20, blank=True)
    stated_execution_score = optional_score_field(_("执行率得分（填报）"))
    stated_total = optional_score_field(_("总分（填报）"))
    # 情况说明 十三 quotes it: a project's “主要产出和效益”, the department-wide table's “完成的绩效目标”.
    outcomes = models.TextField(
        _("主要产出和效益"),
        blank=True,
        help_text=_("情况说明十三的自评综述引用：项目的主要产出和效益，或部门整体完成的绩效目标。"),
    )
    deviation_reasons = models.TextField(_("偏差大或目标未完成原因分析"), blank=True)
    improvement_measures = models.TextField(_("改进措施及结果应用方案"), blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效自评表")
        verbose_name_plural = _("绩效自评表")
        ordering = ["final_account", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["final_account", "position"],
                name="evaluation_unique_position",
                violation_error_message=_("该部门决算中已有此序号的绩效自评表。"),
            ),
            models.UniqueConstraint(
                fields=["final_account"],
                condition=Q(scope="department"),
                name="evaluation_unique_department_wide",
                violation_error_message=_("每个部门决算只有一张部门整体绩效自评表。"),
            ),
            models.CheckConstraint(
                condition=(
                    (Q(scope="project") & ~Q(name=""))
                    | Q(
                        scope="department",
                        name="",
                        short_name="",
                        supervising_department="",
                        implementing_unit="",
                        project_category="",
                        project_nature="",
                        project_type="",
                        is_confidential=False,
                    )
                ),
                name="evaluation_project_fields_match_scope",
                violation_error_message=_("项目绩效自评表须填写项目名称；部门整体绩效自评表不填项目信息。"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(scope="department")
                    | Q(basic_expenditure__isnull=True, project_expenditure__isnull=True)
                ),
                name="evaluation_expenditure_totals_department_wide_only",
                violation_error_message=_("基本支出总额和项目支出总额只在部门整体绩效自评表中填写。"),
            ),
            models.CheckConstraint(
                condition=Q(execution_weight__gt=0),
                name="evaluation_execution_weight_positive",
                violation_error_message=_("执行率分值须大于零。"),
            ),
            non_negative("budget", "evaluation_budget_non_negative"),
            non_negative("executed", "evaluation_executed_non_negative"),
            non_negative("basic_expenditure", "evaluation_basic_non_negative", nullable=True),
            non_negative("project_expenditure", "evaluation_project_non_negative", nullable=True),
            non_negative(
                "stated_execution_score", "evaluation_stated_execution_score_non_negative", nullable=True
            ),
            non_negative("stated_total", "evaluation_stated_total_non_negative", nullable=True),
        ]

    def __str__(self):
        if self.scope == self.Scope.DEPARTMENT:
            return f"{self.final_account} · 部门整体绩效自评"
        return f"{self.final_account} · {self.name}"

    @property
    def is_department_wide(self):
        return self.scope == self.Scope.DEPARTMENT


class Goal(models.Model):
    """A 年度绩效目标 with its weight; a project table has one unnamed goal (80 分)."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("绩效自评表"), on_delete=models.CASCADE, related_name="goals"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("年度绩效目标"), max_length=200, blank=True)
    weight = optional_score_field(_("分值"))

    class Meta:
        verbose_name = _("年度绩效目标")
        verbose_name_plural = _("年度绩效目标")
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "position"],
                name="goal_unique_position",
                violation_error_message=_("该绩效自评表中已有此序号的年度绩效目标。"),
            ),
            non_negative("weight", "goal_weight_non_negative", nullable=True),
        ]

    def __str__(self):
        return self.name or f"年度绩效目标 {self.position}"


class IndicatorCategory(models.Model):
    """A 一级指标 (产出、效益、满意度 …) of a goal, with its printed weight (“产出指标 (40 分)”)."""

    class Kind(models.TextChoices):
        OUTPUT = "output", _("产出指标")
        COST = "cost", _("成本指标")
        EFFECT = "effect", _("效益指标")
        SATISFACTION = "satisfaction", _("满意度指标")

    goal = models.ForeignKey(
        Goal, verbose_name=_("年度绩效目标"), on_delete=models.CASCADE, related_name="categories"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("一级指标"), max_length=20, choices=Kind.choices)
    weight = optional_score_field(_("分值"))

    class Meta:
        verbose_name = _("一级指标")
        verbose_name_plural = _("一级指标")
        ordering = ["goal", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "position"],
                name="indicator_category_unique_position",
                violation_error_message=_("该年度绩效目标中已有此序号的一级指标。"),
            ),
            models.UniqueConstraint(
                fields=["goal", "kind"],
                name="indicator_category_unique_kind",
                violation_error_message=_("该年度绩效目标中已有此一级指标。"),
            ),
            non_negative("weight", "indicator_category_weight_non_negative", nullable=True),
        ]

    def __str__(self):
        return self.get_kind_display()


class IndicatorSubcategory(models.Model):
    """A 二级指标 (数量、质量、时效、成本、社会效益 …) of a 一级指标."""

    class Kind(models.TextChoices):
        QUANTITY = "quantity", _("数量指标")
        QUALITY = "quality", _("质量指标")
        TIMELINESS = "timeliness", _("时效指标")
        COST = "cost", _("成本指标")
        ECONOMIC = "economic", _("经济效益指标")
        SOCIAL = "social", _("社会效益指标")
        ECOLOGICAL = "ecological", _("生态效益指标")
        SUSTAINABILITY = "sustainability", _("可持续影响指标")
        SATISFACTION = "satisfaction", _("服务对象满意度指标")
        OTHER = "other", _("其他")

    category = models.ForeignKey(
        IndicatorCategory, verbose_name=_("一级指标"), on_delete=models.CASCADE, related_name="subcategories"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("二级指标"), max_length=20, choices=Kind.choices)
    # Tables print their own wording at times (“群众满意度指标”, “话务接通率”).
    label = models.CharField(
        _("表中名称"), max_length=100, blank=True, help_text=_("表中文字与二级指标名称不同时填写。")
    )
    weight = optional_score_field(_("分值"))

    class Meta:
        verbose_name = _("二级指标")
        verbose_name_plural = _("二级指标")
        ordering = ["category", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "position"],
                name="indicator_subcategory_unique_position",
                violation_error_message=_("该一级指标中已有此序号的二级指标。"),
            ),
            models.CheckConstraint(
                condition=~Q(kind="other") | ~Q(label=""),
                name="indicator_subcategory_other_has_label",
                violation_error_message=_("二级指标为“其他”时须填写表中名称。"),
            ),
            non_negative("weight", "indicator_subcategory_weight_non_negative", nullable=True),
        ]

    def __str__(self):
        return self.label or self.get_kind_display()


class Indicator(models.Model):
    """A 三级指标: target (A) and actual (B) as printed, numbers where quantitative, and the stated score.

    An indicator is quantitative (备注 2) when its target has a number: then it has a direction, 正向
    (target ≥ X) or 反向 (target ≤ X). The printed texts stay as printed; the numbers are read from them.
    """

    class Direction(models.TextChoices):
        POSITIVE = "positive", _("正向（≥）")
        NEGATIVE = "negative", _("反向（≤）")

    class Achievement(models.TextChoices):
        # The three bands of 备注 3, for qualitative indicators.
        ACHIEVED = "achieved", _("达成预期指标")
        PARTLY = "partly", _("部分达成预期指标并具有一定效果")
        NOT_ACHIEVED = "not_achieved", _("未达成预期指标且效果较差")

    subcategory = models.ForeignKey(
        IndicatorSubcategory, verbose_name=_("二级指标"), on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("三级指标"), max_length=200)
    weight = optional_score_field(_("分值"), help_text=_("表中未列明分值时留空。"))
    target_text = models.CharField(_("年初目标值（A）"), max_length=200, blank=True)
    actual_text = models.CharField(_("实际完成值（B）"), max_length=300, blank=True)
    target_value = models.DecimalField(
        _("目标值数值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    actual_value = models.DecimalField(
        _("完成值数值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    direction = models.CharField(_("指标方向"), max_length=20, blank=True, choices=Direction.choices)
    achievement = models.CharField(
        _("定性指标完成程度"), max_length=20, blank=True, choices=Achievement.choices
    )
    stated_score = optional_score_field(_("得分（填报）"))

    class Meta:
        verbose_name = _("三级指标")
        verbose_name_plural = _("三级指标")
        ordering = ["subcategory", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["subcategory", "position"],
                name="indicator_unique_position",
                violation_error_message=_("该二级指标中已有此序号的三级指标。"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(target_value__isnull=True, direction="", unit="")
                    | (Q(target_value__isnull=False) & ~Q(direction=""))
                ),
                name="indicator_quantitative_has_direction",
                violation_error_message=_("定量指标须填写指标方向；定性指标不填数值、单位和方向。"),
            ),
            models.CheckConstraint(
                condition=Q(actual_value__isnull=True) | Q(target_value__isnull=False),
                name="indicator_actual_value_needs_target_value",
                violation_error_message=_("填写完成值数值须同时填写目标值数值。"),
            ),
            non_negative("weight", "indicator_weight_non_negative", nullable=True),
            non_negative("stated_score", "indicator_stated_score_non_negative", nullable=True),
        ]

    def __str__(self):
        return self.name

    @property
    def is_quantitative(self):
        return self.target_value is not None
