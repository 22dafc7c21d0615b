"""Comparisons of published figures: a bureau's departments in one year, and years side by side.

Rows are plain dicts (元 as Decimal, ratios as Decimal fractions) for the sortable tables, the charts
and the CSV downloads; nothing here formats a number (accounts.formatting does, on display).
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from .. import formatting
from .queries import METRICS, metric_values, published_final_accounts, yearly_metric_sums

# Derived ratios: (name, label, numerator, denominator).
RATIOS = (
    ("basic_share", "基本支出占比", "basic", "expenditure_total"),
    ("project_share", "项目支出占比", "project", "expenditure_total"),
    ("official_rate", "“三公”经费决算数占预算数", "official_actual", "official_budget"),
    # 完成率 as 情况说明 五 states it: 一般公共预算财政拨款支出决算数 ÷ 年初预算数.
    ("completion_rate", "一般公共预算支出预算完成率", "general_budget", "year_start_budget"),
)


def _ratio(values, numerator, denominator):
    part, whole = values.get(numerator), values.get(denominator)
    if part is None or not whole:
        return None
    return part / whole


def _with_ratios(values):
    row = dict(values)
    for name, _label, numerator, denominator in RATIOS:
        row[name] = _ratio(values, numerator, denominator)
    return row


def department_comparison(bureau_ids, year):
    """Return one row per current version of `year` in the bureaus `bureau_ids` (two queries)."""
    versions = list(published_final_accounts(year=year, bureau_ids=bureau_ids))
    values = metric_values([v.pk for v in versions])
    rows = []
    for version in versions:
        final_account = version.final_account
        rows.append(
            {
                "department": final_account.department.name,
                "bureau": final_account.department.bureau.name,
                "year": final_account.year,
                "version": version.number,
                "url": final_account.get_absolute_url(),
                **_with_ratios(values.get(version.pk, {})),
            }
        )
    return rows


def department_years(department):
    """Return one row per year of `department`'s published final accounts, the latest first (two queries)."""
    versions = list(published_final_accounts(department=department))
    values = metric_values([v.pk for v in versions])
    return [
        {
            "department": department.name,
            "bureau": department.bureau.name,
            "year": v.final_account.year,
            "version": v.number,
            "url": v.final_account.get_absolute_url(),
            **_with_ratios(values.get(v.pk, {})),
        }
        for v in versions
    ]


def chosen_comparison(bureau_ids, departments, years):
    """Return one row per current version of the chosen `departments` (ids) in the chosen `years`,
    within the bureaus `bureau_ids`: by department, then year, the latest first (two queries)."""
    versions = list(
        published_final_accounts(bureau_ids=bureau_ids)
        .filter(final_account__department_id__in=departments, final_account__year__in=years)
        .order_by(
            "final_account__department__bureau__name",
            "final_account__department__name",
            "-final_account__year",
        )
    )
    values = metric_values([v.pk for v in versions])
    return [
        {
            "department": v.final_account.department.name,
            "short_name": v.final_account.department.short_name or v.final_account.department.name,
            "bureau": v.final_account.department.bureau.name,
            "year": v.final_account.year,
            "version": v.number,
            "url": v.final_account.get_absolute_url(),
            **_with_ratios(values.get(v.pk, {})),
        }
        for v in versions
    ]


def bureau_years(bureau_ids):
    """Return one row per year of the figures summed over the bureaus' current versions (two queries)."""
    versions = published_final_accounts(bureau_ids=bureau_ids)
    counts = {}
    for year in versions.values_list("final_account__year", flat=True):
        counts[year] = counts.get(year, 0) + 1
    sums = yearly_metric_sums(versions.values("pk"))
    return [
        {"year": year, "departments": counts[year], **_with_ratios(sums.get(year, {}))}
        for year in sorted(counts, reverse=True)
    ]


def columns(*, first):
    """Return [(key, label)] of a comparison CSV: the `first` columns, every metric (元), every ratio."""
    return [
        *first,
        *((m.name, f"{m.label}（元）") for m in METRICS),
        *((n, label) for n, label, _a, _b in RATIOS),
    ]


def comparison_csv(rows, column_list):
    """Return CSV bytes (UTF-8 with BOM): amounts in exact 元, ratios as percentages with two decimals."""
    ratio_names = {name for name, *_ in RATIOS}
    amount_names = {metric.name for metric in METRICS}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _key, label in column_list])
    for row in rows:
        line = []
        for key, _label in column_list:
            value = row.get(key)
            if value is None:
                line.append("")
            elif key in ratio_names:
                line.append(formatting.ratio_percent(value))
            elif key in amount_names:
                line.append(formatting.exact_yuan(value))
            else:
                line.append(str(value))
        writer.writerow(line)
    return buffer.getvalue().encode("utf-8-sig")


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart: its label, segments (x, width, css class, value) and total."""

    label: str
    y: int
    segments: tuple
    text: str


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart drawn as SVG by the template; every coordinate computed here."""

    title: str
    legend: tuple  # (css class, label)
    bars: tuple
    width: int
    height: int
    label_width: int


def stacked_bar_chart(
    rows, *, title, label_key, series, total_key, bar_height=22, width=720, label_width=220
):
    """Return a BarChart of `rows`: one bar per row, stacked from `series` [(key, label)], scaled to the largest total."""
    largest = max((row.get(total_key) or Decimal("0") for row in rows), default=Decimal("0"))
    plot = width - label_width - 110
    bars = []
    for index, row in enumerate(rows):
        x, segments = Decimal(label_width), []
        for number, (key, _label) in enumerate(series):
            value = row.get(key) or Decimal("0")
            length = (Decimal(plot) * value / largest) if largest else Decimal("0")
            segments.append((f"{x:.1f}", f"{length:.1f}", f"series-{number}", value))
            x += length
        total = row.get(total_key)
        bars.append(
            Bar(
                label=str(row[label_key]),
                y=index * (bar_height + 8) + 8,
                segments=tuple(segments),
                text="—" if total is None else f"{formatting.sentence_amount(total)}万元",
            )
        )
    return BarChart(
        title=title,
        legend=tuple((f"series-{n}", label) for n, (_key, label) in enumerate(series)),
        bars=tuple(bars),
        width=width,
        height=len(bars) * (bar_height + 8) + 16,
        label_width=label_width,
    )
