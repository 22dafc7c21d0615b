"""The closed vocabularies of the final accounts: income sources, funds, kinds, named figures.

Labels are the official wording of the tables; the order of each enum is the order the tables print.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomeSource(models.TextChoices):
    """The eight income rows of 表1 (行次 1–8)."""

    GENERAL_BUDGET = "general_budget", _("一般公共预算财政拨款收入")
    GOVERNMENT_FUND = "government_fund", _("政府性基金预算财政拨款收入")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算财政拨款收入")
    SUPERIOR_SUBSIDY = "superior_subsidy", _("上级补助收入")
    PUBLIC_SERVICE = "public_service", _("事业收入")
    BUSINESS = "business", _("经营收入")
    AFFILIATE_REMITTANCE = "affiliate_remittance", _("附属单位上缴收入")
    OTHER = "other", _("其他收入")


# The three appropriation sources; their sum is 财政拨款收入 (表2 栏2).
APPROPRIATION_SOURCES = (
    IncomeSource.GENERAL_BUDGET,
    IncomeSource.GOVERNMENT_FUND,
    IncomeSource.STATE_CAPITAL,
)


class Fund(models.TextChoices):
    """资金性质: the three appropriations and everything else."""

    GENERAL_BUDGET = "general_budget", _("一般公共预算财政拨款")
    GOVERNMENT_FUND = "government_fund", _("政府性基金预算财政拨款")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算财政拨款")
    NON_APPROPRIATION = "non_appropriation", _("其他资金")


APPROPRIATION_FUNDS = (Fund.GENERAL_BUDGET, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL)


class ExpenditureKind(models.TextChoices):
    """支出类型: the columns of 表3."""

    BASIC = "basic", _("基本支出")
    PROJECT = "project", _("项目支出")
    REMITTANCE = "remittance", _("上缴上级支出")
    BUSINESS = "business", _("经营支出")
    AFFILIATE_SUBSIDY = "affiliate_subsidy", _("对附属单位补助支出")


class OfficialExpenseItem(models.TextChoices):
    """The items of 三公经费 (表9)."""

    OUTBOUND_TRAVEL = "outbound_travel", _("因公出国（境）费")
    VEHICLE_PURCHASE = "vehicle_purchase", _("公务用车购置费")
    VEHICLE_OPERATION = "vehicle_operation", _("公务用车运行维护费")
    RECEPTION = "reception", _("公务接待费")


class StatedFigure(models.TextChoices):
    """Amounts stated once per final account outside the functional-subject facts (元)."""

    NON_APPROPRIATION_SURPLUS_USED = "non_appropriation_surplus_used", _("使用非财政拨款结余")
    SURPLUS_DISTRIBUTION = "surplus_distribution", _("结余分配")
    OPERATING_COSTS = "operating_costs", _("机关运行经费")
    RECEPTION_DOMESTIC = "reception_domestic", _("国内公务接待费")
    RECEPTION_FOREIGN = "reception_foreign", _("外事接待费")
    PROCUREMENT_GOODS = "procurement_goods", _("政府采购货物支出")
    PROCUREMENT_WORKS = "procurement_works", _("政府采购工程支出")
    PROCUREMENT_SERVICES = "procurement_services", _("政府采购服务支出")
    PROCUREMENT_GOODS_SME = "procurement_goods_sme", _("货物采购授予中小企业合同金额")
    PROCUREMENT_WORKS_SME = "procurement_works_sme", _("工程采购授予中小企业合同金额")
    PROCUREMENT_SERVICES_SME = "procurement_services_sme", _("服务采购授予中小企业合同金额")
    PROCUREMENT_SMALL_MICRO = "procurement_small_micro", _("授予小微企业合同金额")


class StatedCount(models.TextChoices):
    """Counts stated once per final account: 三公 groups and people, vehicles, equipment."""

    OUTBOUND_GROUPS = "outbound_groups", _("因公出国（境）团组数")
    OUTBOUND_PEOPLE = "outbound_people", _("因公出国（境）人次")
    VEHICLES_PURCHASED = "vehicles_purchased", _("购置公务用车数")
    VEHICLES_HELD = "vehicles_held", _("公务用车保有量")
    DOMESTIC_RECEPTION_GROUPS = "domestic_reception_groups", _("国内公务接待团组数")
    DOMESTIC_RECEPTION_PEOPLE = "domestic_reception_people", _("国内公务接待人次")
    FOREIGN_RECEPTION_GROUPS = "foreign_reception_groups", _("外事接待团组数")
    FOREIGN_RECEPTION_PEOPLE = "foreign_reception_people", _("外事接待人次")
    # 国有资产占用: vehicles by kind (情况说明 十二).
    ASSET_VEHICLES_LEADER = "asset_vehicles_leader", _("主要负责人用车")
    ASSET_VEHICLES_CONFIDENTIAL = "asset_vehicles_confidential", _("机要通信用车")
    ASSET_VEHICLES_EMERGENCY = "asset_vehicles_emergency", _("应急保障用车")
    ASSET_VEHICLES_LAW_ENFORCEMENT = "asset_vehicles_law_enforcement", _("执法执勤用车")
    ASSET_VEHICLES_SPECIAL = "asset_vehicles_special", _("特种专业技术用车")
    ASSET_VEHICLES_RETIREE_SERVICE = "asset_vehicles_retiree_service", _("离退休干部服务用车")
    ASSET_VEHICLES_OTHER = "asset_vehicles_other", _("其他用车")
    ASSET_EQUIPMENT_OVER_1M = "asset_equipment_over_1m", _("单价100万元（含）以上设备")


ASSET_VEHICLE_COUNTS = tuple(c for c in StatedCount if c.value.startswith("asset_vehicles_"))


class NamedFigure(models.TextChoices):
    """Figures compared year over year; last year's value is stored under the same name.

    A year-over-year sentence compares the same named figure of both years, never 总计 with 本年合计.
    """

    INCOME_TOTAL = "income_total", _("本年收入合计")
    EXPENDITURE_TOTAL = "expenditure_total", _("本年支出合计")
    GRAND_TOTAL = "grand_total", _("收入支出总计")
    APPROPRIATION_INCOME_TOTAL = "appropriation_income_total", _("财政拨款本年收入合计")
    APPROPRIATION_EXPENDITURE_TOTAL = "appropriation_expenditure_total", _("财政拨款本年支出合计")
    APPROPRIATION_GRAND_TOTAL = "appropriation_grand_total", _("财政拨款收入支出总计")
    GENERAL_BUDGET_INCOME = "general_budget_income", _("一般公共预算财政拨款收入")
    GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure", _("一般公共预算财政拨款支出")
    OFFICIAL_EXPENSES_TOTAL = "official_expenses_total", _("“三公”经费支出")
    RECEPTION = "reception", _("公务接待费")
    OPERATING_COSTS = "operating_costs", _("机关运行经费")


class FreeTextKey(models.TextChoices):
    """The places in the disclosure where the department writes its own words."""

    MAIN_FUNCTIONS = "main_functions", _("部门主要职能")
    UNIT_COMPOSITION = "unit_composition", _("部门决算单位构成")
    TOTAL_CHANGE_REASON = "total_change_reason", _("收入支出总计变动原因")
    INCOME_CHANGE_REASON = "income_change_reason", _("收入变动原因")
    EXPENDITURE_CHANGE_REASON = "expenditure_change_reason", _("支出变动原因")
    APPROPRIATION_CHANGE_REASON = "appropriation_change_reason", _("财政拨款收支变动原因")
    GENERAL_BUDGET_CHANGE_REASON = "general_budget_change_reason", _("一般公共预算财政拨款支出变动原因")
    CATEGORY_USE = "category_use", _("类级支出主要用途")
    PROJECT_OUTCOMES = "project_outcomes", _("项目支出主要用途及成效")
    SUBJECT_REASON = "subject_reason", _("项级科目决算与预算差异原因")
    OFFICIAL_EXPENSES_BUDGET_REASON = "official_expenses_budget_reason", _("“三公”经费决算数与预算数差异原因")
    OFFICIAL_EXPENSES_CHANGE_REASON = "official_expenses_change_reason", _("“三公”经费较上年变动原因")
    RECEPTION_USE = "reception_use", _("公务接待费主要用途")
    OPERATING_COSTS_CHANGE_REASON = "operating_costs_change_reason", _("机关运行经费变动原因")
    ASSETS_NOTE = "assets_note", _("国有资产占用情况补充说明")
    PERFORMANCE_MANAGEMENT = "performance_management", _("预算绩效管理工作开展情况")
    KEY_WORK = "key_work", _("重点工作完成情况")


# Free texts written per subject: CATEGORY_USE per 类, SUBJECT_REASON per 项.
PER_SUBJECT_TEXTS = (FreeTextKey.CATEGORY_USE, FreeTextKey.SUBJECT_REASON)
