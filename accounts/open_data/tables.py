"""Sortable comparison tables (django-tables2) over the rows of accounts.open_data.comparison.

Amounts are kept in 元 for sorting and shown in 万元 through accounts.formatting; a figure a final
account does not state shows as “—”.
"""

import django_tables2 as tables
from django.utils.html import format_html

from .. import formatting


class AmountColumn(tables.Column):
    """An amount in 元, shown in 万元 with separators (blank for zero, as the official tables print)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "amount"}, "th": {"class": "amount"}})
        kwargs.setdefault("default", "—")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.table_amount(value)


class RatioColumn(tables.Column):
    """A ratio shown as a percentage with two decimals."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "amount"}, "th": {"class": "amount"}})
        kwargs.setdefault("default", "—")
        super().__init__(*args, **kwargs)

    def render(self, value):
        return formatting.ratio_percent(value)


class _FiguresTable(tables.Table):
    expenditure_total = AmountColumn(verbose_name="本年支出合计")
    basic = AmountColumn(verbose_name="基本支出")
    project = AmountColumn(verbose_name="项目支出")
    basic_share = RatioColumn(verbose_name="基本支出占比")
    project_share = RatioColumn(verbose_name="项目支出占比")
    official_budget = AmountColumn(verbose_name="“三公”经费预算数")
    official_actual = AmountColumn(verbose_name="“三公”经费决算数")
    official_rate = RatioColumn(verbose_name="“三公”决算占预算")
    reception_actual = AmountColumn(verbose_name="其中：公务接待费")
    operating_costs = AmountColumn(verbose_name="机关运行经费")
    general_budget = AmountColumn(verbose_name="一般公共预算财政拨款支出")
    year_start_budget = AmountColumn(verbose_name="年初预算数")
    completion_rate = RatioColumn(verbose_name="预算完成率")

    class Meta:
        attrs = {"class": "list-table comparison-table"}
        orderable = True
        empty_text = "没有已公开的部门决算。"


class DepartmentComparisonTable(_FiguresTable):
    """A bureau's departments in one year, one row per current version."""

    department = tables.Column(verbose_name="部门")

    class Meta(_FiguresTable.Meta):
        sequence = ("department", "...")

    def render_department(self, value, record):
        return format_html('<a href="{}">{}</a>', record["url"], value)


class DepartmentYearsTable(_FiguresTable):
    """One department, one row per published year."""

    year = tables.Column(verbose_name="年度")

    class Meta(_FiguresTable.Meta):
        sequence = ("year", "...")

    def render_year(self, value, record):
        return format_html('<a href="{}">{}年度</a>', record["url"], value)


class ChosenComparisonTable(_FiguresTable):
    """Chosen departments over chosen years, one row per department and year."""

    department = tables.Column(verbose_name="部门")
    year = tables.Column(verbose_name="年度")

    class Meta(_FiguresTable.Meta):
        sequence = ("department", "year", "...")
        empty_text = "所选部门在所选年度没有已公开的部门决算。"

    def render_year(self, value, record):
        return format_html('<a href="{}">{}年度</a>', record["url"], value)


class BureauYearsTable(_FiguresTable):
    """A bureau's figures summed per year over its departments' current versions."""

    year = tables.Column(verbose_name="年度")
    departments = tables.Column(verbose_name="部门数", attrs={"td": {"class": "amount"}})

    class Meta(_FiguresTable.Meta):
        sequence = ("year", "departments", "...")
