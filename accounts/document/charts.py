"""图1–图4 as SVG made on the server, so that screen and PDF show the same picture.

Geometry (bar heights, pie angles) is computed in float from the Decimal figures: it only places
shapes; every number written on a chart comes from accounts.formatting.
"""

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from html import escape

from ..choices import APPROPRIATION_SOURCES, ExpenditureKind, IncomeSource, NamedFigure
from ..formatting import sentence_amount, share_percent

FONT = "Noto Sans CJK SC, Noto Serif CJK SC, sans-serif"
COLOURS = ("#8b1a1a", "#d08a3c", "#4d7ea8", "#6b9c5a", "#8a6fb0", "#b5b5b5", "#c65a7a", "#3c9c9c")
ZERO = Decimal("0")


@dataclass(frozen=True)
class Chart:
    key: str
    number: int
    title: str
    svg: str
    description: str  # text alternative with every figure

    @property
    def label(self):
        return f"图{self.number}：{self.title}"


def _text(x, y, content, *, size=13, anchor="middle", weight="normal", fill="#1a1a1a"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}">{escape(content)}</text>'
    )


def bar_chart(key, number, title, groups, series):
    """Grouped bars: `groups` are (label, [values per series]) — e.g. years; `series` the bar names.

    A group with no known value (last year's figures not provided) is left out: the chart shows what
    is known and never prints system wording such as "not provided".
    """
    groups = [(label, values) for label, values in groups if any(v is not None for v in values)]
    width, height, top, bottom, left = 560, 300, 30, 60, 40
    plot_height = height - top - bottom
    largest = max((v for _label, values in groups for v in values if v is not None), default=ZERO) or Decimal(
        1
    )
    group_width = (width - left * 2) / max(len(groups), 1)
    bar_width = min(70, group_width / (len(series) + 1))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - left}" y2="{top + plot_height}" stroke="#555"/>',
    ]
    for g, (label, values) in enumerate(groups):
        x0 = left + g * group_width + (group_width - bar_width * len(series)) / 2
        for s, value in enumerate(values):
            x = x0 + s * bar_width
            if value is None:
                continue
            h = float(value / largest) * (plot_height - 20)
            y = top + plot_height - h
            parts.append(
                f'<rect x="{x + 4:.1f}" y="{y:.1f}" width="{bar_width - 8:.1f}" height="{h:.1f}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"/>'
            )
            parts.append(_text(x + bar_width / 2, y - 5, sentence_amount(value), size=11))
        parts.append(_text(left + g * group_width + group_width / 2, top + plot_height + 20, label))
    legend_x = left
    for s, name in enumerate(series):
        parts.append(
            f'<rect x="{legend_x}" y="{height - 22}" width="12" height="12" fill="{COLOURS[s % len(COLOURS)]}"/>'
        )
        parts.append(_text(legend_x + 18, height - 11, name, size=12, anchor="start"))
        legend_x += 40 + 14 * len(name)
    parts.append("</svg>")
    description = (
        "；".join(
            f"{label}"
            + "，".join(
                f"{name}{sentence_amount(v)}万元"
                for name, v in zip(series, values, strict=True)
                if v is not None
            )
            for label, values in groups
        )
        + "。"
    )
    return Chart(key, number, title, "".join(parts), description)


def pie_chart(key, number, title, slices):
    """A pie with a legend: `slices` are (label, value); zero slices are left out."""
    slices = [(label, value) for label, value in slices if value]
    total = sum((v for _l, v in slices), ZERO)
    width, height, cx, cy, r = 560, 260, 130, 130, 105
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}">'
    ]
    if total == ZERO:
        parts.append(_text(width / 2, height / 2, "无数据"))
    elif len(slices) == 1:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{COLOURS[0]}"/>')
    else:
        angle = -math.pi / 2
        for i, (_label, value) in enumerate(slices):
            sweep = float(value / total) * 2 * math.pi
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            angle += sweep
            x2, y2 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
                f'fill="{COLOURS[i % len(COLOURS)]}" stroke="#fff" stroke-width="1"/>'
            )
    for i, (label, value) in enumerate(slices):
        y = 40 + i * 26
        parts.append(
            f'<rect x="270" y="{y - 12}" width="14" height="14" fill="{COLOURS[i % len(COLOURS)]}"/>'
        )
        parts.append(
            _text(
                292,
                y,
                f"{label} {sentence_amount(value)}万元 {share_percent(value, total)}",
                size=13,
                anchor="start",
            )
        )
    parts.append("</svg>")
    description = "；".join(
        f"{label}{sentence_amount(v)}万元，占{share_percent(v, total)}" for label, v in slices
    )
    return Chart(key, number, title, "".join(parts), (description or "无数据") + "。")


def says_something(slices):
    """A pie of fewer than two non-zero slices (one slice of 100 %, or nothing) says nothing."""
    return sum(1 for _label, value in slices if value) >= 2


def build_charts(facts, statements):
    """Return the charts keyed by the narrative's figure keys, numbered 图1, 图2, … in order.

    A pie that says nothing (a single 100 % slice) is left out and the charts after it are numbered
    on; the narrative prints no figure for a key that is missing.
    """
    year = facts.final_account.year
    t1 = statements["income_expenditure_summary"]
    t3 = statements["expenditure"]
    t4 = statements["appropriation_summary"]
    prior = {key: value for key, (value, _source) in facts.prior_year.items()}

    def years(current_income, current_expenditure, key):
        # Last year's 总计 is one named figure for both sides (收入总计 = 支出总计 in a balanced table).
        last = prior.get(key)
        return [(f"{year - 1}年度", [last, last]), (f"{year}年度", [current_income, current_expenditure])]

    by_source = facts.income_by_source()
    income_slices = [("财政拨款收入", sum((by_source.get(s, ZERO) for s in APPROPRIATION_SOURCES), ZERO))]
    income_slices += [(source.label, by_source.get(source, ZERO)) for source in list(IncomeSource)[3:]]
    expenditure_slices = [(kind.label, t3.value(code="", key=kind.value)) for kind in ExpenditureKind]
    charts = [
        bar_chart(
            "totals",
            1,
            "收、支决算总计变动情况",
            years(
                t1.value(key="grand_total", column=1),
                t1.value(key="grand_total", column=2),
                NamedFigure.GRAND_TOTAL,
            ),
            ["收入总计", "支出总计"],
        ),
        says_something(income_slices) and pie_chart("income_structure", 2, "收入决算结构", income_slices),
        says_something(expenditure_slices)
        and pie_chart("expenditure_structure", 3, "支出决算结构", expenditure_slices),
        bar_chart(
            "appropriation_totals",
            4,
            "财政拨款收、支决算总计变动情况",
            years(
                t4.value(key="grand_total", column=1),
                t4.value(key="grand_total", column=2),
                NamedFigure.APPROPRIATION_GRAND_TOTAL,
            ),
            ["财政拨款收入总计", "财政拨款支出总计"],
        ),
    ]
    kept = [chart for chart in charts if chart]
    return {chart.key: replace(chart, number=number) for number, chart in enumerate(kept, start=1)}
