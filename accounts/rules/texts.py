"""Figures the accountant writes in free texts, matched against what the facts and statements give.

Every free text of the account (FreeTextKey, per subject where it applies) is split into sentences, and
each figure written with a unit is checked:

- amounts in 万元 (N1, warning when unmatched): against every amount the account gives — each cell of
  each statement (subtotals and totals included), every fact not in a table (年初预算, stated figures,
  balances, last year's figures), the year-over-year changes of the named figures, budget minus actual
  (总额, 基本/项目, per subject, per 三公 item) and the 政府采购 totals — within 0.005 万元
  (tolerances “narrative_amount”).
- percentages (N2, warning when unmatched): against the shares, rates and changes the disclosure states —
  a cell over its table's 合计 in the same column or over its row's 合计; 表1/表4 lines over 本年收入合计 /
  本年支出合计; 表5 合计 over 表3 合计; 表6 款 over 人员/公用经费合计 and over 表5 基本支出; 完成率
  (表5 over 年初预算 in total, by kind and per subject; 表9 决算 over 预算 per column); 增长率 of each
  named figure; 政府采购 shares — and against the ratio of any two figures written in the same sentence
  (“完成全年考核目标任务 10000 人的 168.42%” is consistent in itself), within 0.01 percentage points, or
  half a unit of the last written decimal when fewer than two are written (tolerances “narrative_percent”).
- counts (个, 人, 人次, 家, 件, 辆 … N3): the account holds only a few counts (三公 团组/人次, vehicles,
  equipment); most counts in these texts are outcomes (“城镇新增就业 16842 人”) that no fact can confirm.
  A count equal to a stated count passes; the others are listed in one notice per text, for the
  reviewer to read, needing no explanation. Warnings for them would bury the findings that matter under
  dozens of explanations of achievements.

Figures written as approximations (“约”, “近”, “超过”, “余”, “多”: “60 余人”), changes in 个百分点, and
amounts in 亿元 or 元 (outcome totals, unit standards such as “40 元/人”) are not matched: the disclosure
states its own figures in 万元.
"""

import re
from bisect import bisect_left
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import attrgetter

from ..addresses import SUBJECT_KINDS, Address
from ..choices import FreeTextKey, OfficialExpenseItem
from ..choices import StatedFigure as StatedFigureKey
from .quantities import NAMED_FIGURE_QUANTITIES, TABLE_KINDS
from .tolerances import TOLERANCES

ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")

COUNT_UNITS = "人次|个(?!百分点)|人|次|家|件|辆|台|场|张|名|所|起|户|批|篇|项"
FIGURE = re.compile(
    r"(?P<approx>约|近|超过)?\s*(?<![\d.])(?P<number>\d+(?:\.\d+)?)\s*(?P<more>余|多)?\s*"
    rf"(?P<unit>万元|%|％|(?P<scale>万)?(?:{COUNT_UNITS}))"
)
VALUE = attrgetter("value")
SENTENCE_END = re.compile(r"(?<=[。；;！？!?\n])")


@lru_cache(maxsize=4096)
def sentences(text):
    """Return the sentences of `text`, split after 。；！？ and line breaks, stripped, without empty ones."""
    return tuple(part.strip() for part in SENTENCE_END.split(text) if part.strip())


# Texts change rarely between checks (the entry screens check on every save): their figures are cached.
@lru_cache(maxsize=16384)
def figures(sentence):
    """Return (raw text, kind, value, decimals) of each exact figure in `sentence`.

    kind is "amount" (value in 元), "percent" (value in percent) or "count"; approximations are skipped.
    """
    found = []
    for match in FIGURE.finditer(sentence):
        if match["approx"] or match["more"]:
            continue
        try:
            number = Decimal(match["number"])
        except InvalidOperation:
            continue
        decimals = len(match["number"].partition(".")[2])
        unit = match["unit"]
        raw = f"{match['number']}{unit}"
        if unit == "万元":
            found.append((raw, "amount", (number * TEN_THOUSAND).quantize(CENT), decimals))
        elif unit in ("%", "％"):
            found.append((raw, "percent", number, decimals))
        else:
            found.append((raw, "count", number * (TEN_THOUSAND if match["scale"] else 1), decimals))
    return tuple(found)


def _within(sorted_values, value, allowance):
    index = bisect_left(sorted_values, value - allowance)
    return index < len(sorted_values) and sorted_values[index] <= value + allowance


def amount_candidates(context):
    """Return the sorted amounts (元, absolute) a text may cite: cells, facts, changes, differences."""
    facts, values = context.facts, set()
    for kind in context.statements:
        # Cells are non-negative facts summed (P1 reports any that is not); no abs() needed here.
        values.update(map(VALUE, context.amount_cells(kind)))
    if facts.budget_total is not None:
        values.add(facts.budget_total)
    values.update(facts.budget_by_kind.values())
    values.update(facts.budget_by_subject.values())
    values.update(facts.stated_figures.values())
    values.update(amount for amount, _source in facts.prior_year.values())
    for opening, closing in facts.balances.values():
        values.update((opening, closing))
    for budget, actual in facts.official_expenses.values():
        values.update((budget, actual, abs(budget - actual)))
    for current, prior in _changes(context):
        values.add(abs(current - prior))
    for actual, budget in _completions(context):
        values.add(abs(budget - actual))
    stated = facts.stated_figures
    values.add(sum((stated.get(k, ZERO) for k in PROCUREMENT), ZERO))
    values.add(sum((stated.get(k, ZERO) for k in PROCUREMENT_SME), ZERO))
    return sorted(values)


PROCUREMENT = (
    StatedFigureKey.PROCUREMENT_GOODS,
    StatedFigureKey.PROCUREMENT_WORKS,
    StatedFigureKey.PROCUREMENT_SERVICES,
)
PROCUREMENT_SME = (
    StatedFigureKey.PROCUREMENT_GOODS_SME,
    StatedFigureKey.PROCUREMENT_WORKS_SME,
    StatedFigureKey.PROCUREMENT_SERVICES_SME,
)


def _value(context, name):
    try:
        return context.quantity(name).value
    except LookupError:
        return None


def _changes(context):
    """(current, prior) of each named figure with a prior-year value."""
    for key, name in NAMED_FIGURE_QUANTITIES.items():
        if key in context.facts.prior_year:
            current = _value(context, name)
            if current is not None:
                yield current, context.facts.prior_year[key][0]


def _completions(context):
    """(actual, budget) pairs of 完成率: 表5 against 年初预算 and 表9 决算 against 预算."""
    facts = context.facts
    pairs = [
        ("T5.total.c1", facts.budget_total),
        ("T5.total.c2", facts.budget_by_kind.get("basic")),
        ("T5.total.c3", facts.budget_by_kind.get("project")),
    ]
    pairs += [(f"T5.{code}.c1", amount) for code, amount in facts.budget_by_subject.items()]
    for actual_name, budget in pairs:
        actual = _value(context, actual_name)
        if budget is not None and actual is not None:
            yield actual, budget
    for key in ("total", "vehicles", *(item.value for item in OfficialExpenseItem)):
        actual, budget = _value(context, f"T9.actual_{key}"), _value(context, f"T9.budget_{key}")
        if actual is not None and budget is not None:
            yield actual, budget


def percent_candidates(context):
    """Return the sorted percentages (part/whole × 100) a text may cite; see the module docstring."""
    pairs = []
    for kind in SUBJECT_KINDS:
        statement = context.statements.get(kind)
        if statement is None:
            continue
        # A cell over the 合计 row of its column, and over its own row's 合计 column (key "total").
        rows = [
            {cell.key: cell.value for cell in row.cells if cell.value is not None} for row in statement.rows
        ]
        total_row = rows[0] if rows else {}
        for row in rows:
            for key, value in row.items():
                pairs.append((value, total_row.get(key)))
                pairs.append((value, row.get("total")))
    for table, totals in (
        ("T1", ("T1.income_total", "T1.expenditure_total")),
        ("T4", ("T4.income_total", "T4.expenditure_total.c2", "T4.expenditure_total.c3")),
    ):
        statement = context.statements.get(TABLE_KINDS[table])
        if statement is None:
            continue
        denominators = [_value(context, name) for name in totals]
        for cell in context.amount_cells(statement.kind):
            pairs.extend((cell.value, denominator) for denominator in denominators)
    t6 = context.statements.get(TABLE_KINDS["T6"])
    if t6 is not None:
        denominators = [
            _value(context, name) for name in ("T6.personnel_total", "T6.operating_total", "T5.total.c2")
        ]
        for cell in context.amount_cells(t6.kind):
            pairs.extend((cell.value, denominator) for denominator in denominators)
    pairs.append((_value(context, "T5.total.c1"), _value(context, "T3.total.c1")))
    pairs.extend(_completions(context))
    pairs.extend((current - prior, prior) for current, prior in _changes(context))
    stated = context.facts.stated_figures
    procurement = sum((stated.get(k, ZERO) for k in PROCUREMENT), ZERO)
    sme = sum((stated.get(k, ZERO) for k in PROCUREMENT_SME), ZERO)
    small_micro = stated.get(StatedFigureKey.PROCUREMENT_SMALL_MICRO, ZERO)
    pairs += [(sme, procurement), (small_micro, sme), (small_micro, procurement)]
    pairs += [(stated.get(k, ZERO), procurement) for k in PROCUREMENT]
    pairs += [
        (stated.get(part, ZERO), stated.get(whole, ZERO))
        for part, whole in zip(PROCUREMENT_SME, PROCUREMENT, strict=True)
    ]
    pairs = {(abs(part), whole) for part, whole in pairs if part and whole}
    return sorted({part * HUNDRED / whole for part, whole in pairs} | {Decimal(0)})


def percent_allowance(decimals):
    """Return the allowance of a percentage written with `decimals` decimals (see tolerances)."""
    tolerance = TOLERANCES["narrative_percent"].allowance()
    return max(tolerance, Decimal(5) / Decimal(10) ** (decimals + 1))


def free_text_places(facts):
    """Return (key, code, text, Address) of each free text of the account, in the order of FreeTextKey."""
    order = {key: index for index, key in enumerate(FreeTextKey)}
    places = []
    for (key, code), text in sorted(
        facts.free_texts.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1])
    ):
        if not text.strip():
            continue
        places.append((key, code, text, Address("text", (key, code))))
    return places


def checked_figures(context):
    """Yield (figure kind, raw, value, sentence, Address, matched) for every figure of every free text."""
    amounts = percents = None
    counts = set(context.facts.stated_counts.values())
    amount_allowance = TOLERANCES["narrative_amount"].allowance()
    for _key, _code, text, ref in free_text_places(context.facts):
        for sentence in sentences(text):
            found = figures(sentence)
            for raw, kind, value, decimals in found:
                if kind == "amount":
                    if amounts is None:
                        amounts = amount_candidates(context)
                    matched = _within(amounts, value, amount_allowance)
                elif kind == "percent":
                    allowance = percent_allowance(decimals)
                    matched = _same_sentence_ratio(found, value, allowance)
                    if not matched:
                        if percents is None:
                            percents = percent_candidates(context)
                        matched = _within(percents, value, allowance)
                else:
                    matched = value in counts
                yield kind, raw, value, sentence, ref, matched


def _same_sentence_ratio(found, percent, allowance):
    numbers = [value for _raw, kind, value, _d in found if kind != "percent"]
    return any(
        abs(a * HUNDRED / b - percent) <= allowance
        for i, a in enumerate(numbers)
        for j, b in enumerate(numbers)
        if b and i != j
    )


MESSAGES = {
    "amount": ("N1", "文字说明中的金额{raw}与报表及填报的任何数字都不符：“{sentence}”"),
    "percent": ("N2", "文字说明中的百分比{raw}无法由报表数字算得：“{sentence}”"),
    "count": ("N3", "“{place}”中的数量{raw}不是填报的数量，系统无法核对（工作成果类数字无需说明）"),
}
UNITS = {"amount": "元", "percent": "%", "count": "个"}


def unmatched_figures(kind):
    """Return the formula of rule N1 or N2: one finding per unmatched figure of `kind` in each text."""

    def formula(context, rule):
        seen = set()
        for figure_kind, raw, value, sentence, ref, matched in _cached_figures(context):
            if figure_kind != kind or matched:
                continue
            target = f"{context.label(ref)}/{raw}"
            if target in seen:
                continue
            seen.add(target)
            yield context.finding(
                rule,
                cells=(ref,),
                actual=value,
                target=target,
                sentence=sentence,
                unit=UNITS[kind],
                message=MESSAGES[kind][1].format(raw=raw, sentence=sentence),
            )

    formula.__name__ = f"unmatched_{kind}_figures"
    return formula


def unmatched_counts(context, rule):
    """N3: one notice per free text listing its counts that match no stated count (mostly outcomes)."""
    by_text = {}
    for figure_kind, raw, _value, sentence, ref, matched in _cached_figures(context):
        if figure_kind == "count" and not matched:
            raws, sentences_ = by_text.setdefault(ref, ([], []))
            if raw not in raws:
                raws.append(raw)
            if sentence not in sentences_:
                sentences_.append(sentence)
    for ref, (raws, sentences_) in by_text.items():
        label = context.label(ref)
        yield context.finding(
            rule,
            cells=(ref,),
            actual=Decimal(len(raws)),
            target=f"{label}/数量",
            sentence=sentences_[0],
            unit="个",
            # The text's own name, without the heading “文字说明”.
            message=MESSAGES["count"][1].format(raw="、".join(raws), place=label.partition("/")[2]),
        )


def _cached_figures(context):
    # N1, N2 and N3 read the same extraction; do it once per evaluation.
    cached = context.extra.get("_text_figures")
    if cached is None:
        cached = list(checked_figures(context))
        context.extra["_text_figures"] = cached
    return cached
