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

import dataclasses
import re
from bisect import bisect_left
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache
from operator import attrgetter

from ..addresses import SUBJECT_KINDS, Address
from ..choices import FreeTextKey, OfficialExpenseItem
from ..choices import StatedFigure as StatedFigureKey
from .printed_texts import (
    change_rates,
    completion_quantity,
    item_of,
    item_quantity,
    listed_items,
    official_quantity,
    printed_places,
    section_quantities,
    share_quantity,
)
from .quantities import NAMED_FIGURE_QUANTITIES, TABLE_KINDS
from .registry import registered_quantity_sources, registered_text_sources
from .tolerances import TOLERANCES, comparison_tolerance

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
    """Return (raw text, kind, value, decimals, unit, start, end) of each figure in `sentence`.

    kind is "amount" (value in 元), "percent" (value in percent) or "count" (value in `unit`, “万人”
    scaled to 人); unit is "元", "%" or the count's unit without 万, and None for approximations
    (“约”, “余”), which are kept only so that the words before the next figure start after them.
    """
    found = []
    for match in FIGURE.finditer(sentence):
        try:
            number = Decimal(match["number"])
        except InvalidOperation:
            continue
        decimals = len(match["number"].partition(".")[2])
        unit = match["unit"]
        raw = f"{match['number']}{unit}"
        approximate = bool(match["approx"] or match["more"])
        if unit == "万元":
            kind, value, base = "amount", (number * TEN_THOUSAND).quantize(CENT), "元"
        elif unit in ("%", "％"):
            kind, value, base = "percent", number, "%"
        else:
            kind, value = "count", number * (TEN_THOUSAND if match["scale"] else 1)
            base = unit[1:] if match["scale"] else unit
        found.append((raw, kind, value, decimals, None if approximate else base, match.start(), match.end()))
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


@dataclasses.dataclass(frozen=True)
class HeldQuantity:
    """A figure a text may name by its words: the names it goes by, its kind and unit, its values.

    `kind` is "amount" (values in 元), "percent" or "count" (values in `unit`: 人, 人次, 个 …); `values`
    are every figure a text may cite of it (a target and an actual value, a budget and an executed
    amount, this year, last year and the change). `cell` is its Address.
    """

    names: tuple
    kind: str
    unit: str
    values: tuple
    cell: object
    label: str


def account_quantities(context):
    """Return the HeldQuantity of the account's own named figures: subjects, named, stated figures and counts."""
    facts, held = context.facts, []
    budgets = facts.budget_by_subject
    # A subject's figures in 表5 (一般公共预算) and 表3 (all funds), with its 年初预算 and the difference.
    subjects = {}
    for table in ("T5", "T3"):
        statement = context.statements.get(TABLE_KINDS[table])
        if statement is None:
            continue
        for row in statement.rows:
            if not row.code or row.kind not in ("category", "section", "item"):
                continue
            cells = [cell for cell in row.cells if cell.value is not None]
            if not cells:
                continue
            values, _cell = subjects.setdefault(row.code, ([], statement.address(cells[0])))
            values.extend(cell.value for cell in cells)
            if row.code in budgets and table == "T5":
                values += [budgets[row.code], abs(budgets[row.code] - cells[0].value)]
    for code, (values, cell) in subjects.items():
        name = facts.subject_name(code)
        if name and len(name) >= 4:
            held.append(HeldQuantity((name,), "amount", "元", tuple(values), cell, name))
    for key, name in NAMED_FIGURE_QUANTITIES.items():
        current = _value(context, name)
        if current is None:
            continue
        values = [current]
        if key in facts.prior_year:
            prior = facts.prior_year[key][0]
            values += [prior, abs(current - prior)]
        label = str(key.label)
        names = tuple(dict.fromkeys((label, label.replace("“", "").replace("”", ""))))
        held.append(
            HeldQuantity(names, "amount", "元", tuple(values), context.quantity(name).cells[0], label)
        )
    for key, amount in facts.stated_figures.items():
        label = str(StatedFigureKey(key).label)
        held.append(HeldQuantity((label,), "amount", "元", (amount,), Address("stated", (key,)), label))
    return held


def held_quantities(context):
    """Return the account's HeldQuantities and those the registered sources add (self-evaluation values)."""
    cached = context.extra.get("_held_quantities")
    if cached is None:
        found = account_quantities(context)
        for source in registered_quantity_sources():
            found.extend(source(context))
        # One name, one quantity: a name printed twice (行政运行 under two 类, an indicator in the 部门整体
        # and a project table) may be cited with any of its figures.
        merged = {}
        for quantity in found:
            key = (quantity.names, quantity.kind, quantity.unit)
            if key in merged:
                first = merged[key]
                merged[key] = dataclasses.replace(first, values=first.values + quantity.values)
            else:
                merged[key] = quantity
        cached = list(merged.values())
        context.extra["_held_quantities"] = cached
    return cached


# Words between a quantity's name and its figure that keep the figure the quantity's own.
CONNECTOR = re.compile(
    r"^(?:[:：\s]|为|是|达到?|共计|合计|累计|共|计|实现|完成|决算数?|支出|资金|经费|金额|总额|人数|数量|数)*$"
)
# Words before the name that do not qualify it (“全区城镇新增就业”); anything else makes the figure a part.
LEAD = re.compile(r"^(?:[:：\s“”\"]|全区|全市|全年|本年度?|其中|主要|是|为|共|累计|我局|我区|部门|新增)*$")
CLAUSE_END = re.compile(r"[，,；;。：:、！？!?（(）)]")


def recognised(context, segment, kind, unit, *, quantities=None, lead=LEAD.match):
    """Return the HeldQuantity whose name `segment` (the words before a figure) ends with, or None.

    A name is recognised when it is written just before the figure (only connecting words such as
    “为”, “共计”, “资金” between) and nothing but general words (“全区”; `lead`) before it; a near
    spelling counts (“社保五险扩面净增” names “社保三险扩面净增”) when 80 % of the name's characters
    match in order. The quantity must have the figure's kind and unit. `quantities` are those to look
    among (default: every held quantity).
    """
    segment = segment.strip()
    best = None
    for quantity in held_quantities(context) if quantities is None else quantities:
        if quantity.kind != kind or quantity.unit != unit:
            continue
        for name in quantity.names:
            if len(name) < 4:
                continue
            position = segment.rfind(name)
            if position >= 0:
                start, end = position, position + len(name)
            else:
                tail = segment[-(len(name) + 2) :]
                # Most names share too few characters with the words to be a near spelling: skip the matcher.
                if sum(char in tail for char in name) < Decimal("0.8") * len(name):
                    continue
                matcher = SequenceMatcher(None, name, tail, autojunk=False)
                blocks = [b for b in matcher.get_matching_blocks() if b.size]
                if not blocks or sum(b.size for b in blocks) < Decimal("0.8") * len(name):
                    continue
                offset = len(segment) - len(tail)
                start, end = offset + blocks[0].b, offset + blocks[-1].b + blocks[-1].size
            if not CONNECTOR.match(segment[end:]) or not lead(segment[:start]):
                continue
            rank = (position >= 0, len(name))  # a name written out beats a near spelling
            if best is None or rank > best[0]:
                best = (rank, quantity)
    return best[1] if best else None


@dataclasses.dataclass(frozen=True)
class TextFigure:
    """One figure of one text, checked: what it is, where, and what it was found to be."""

    kind: str
    raw: str
    value: Decimal
    sentence: str
    ref: object
    matched: bool
    quantity: HeldQuantity | None  # the quantity its words name
    own: bool  # in the account's own free texts (not a registered text)
    precise: Decimal | None = (
        None  # a percentage matched only at the precision written: its two-decimal value
    )


def checked_figures(context):
    """Yield a TextFigure for every figure of every text.

    `quantity` is the HeldQuantity the figure's words name, or None; `matched` says whether the figure
    is one of that quantity's values or, with no quantity named, any figure the account holds. A
    percentage written with fewer than two decimals that matches only at its own precision (“80%” for
    79.89 %) carries the two-decimal value in `precise`. The printed sections of a document are read
    as printed_texts says: only figures its words name, shares, rates and changes.
    """
    sections = {ref: section for ref, _text, section in printed_places(context)}
    amounts = percents = counts = None
    amount_allowance = TOLERANCES["narrative_amount"].allowance()
    strict = percent_allowance(2)
    places = [(ref, text, True) for _key, _code, text, ref in free_text_places(context.facts)]
    for source in registered_text_sources():
        places.extend((ref, text, ref in sections) for ref, text in source(context) if text and text.strip())
    for ref, text, own in places:
        section = sections.get(ref)
        item = None  # in 五(三): the 项 whose path a sentence before wrote
        for sentence in sentences(text):
            if section == "general_budget":
                item = item_of(context, sentence) or item
            found = figures(sentence)
            previous_end = 0
            part = None  # the amount written last in the sentence, for the share after it
            named = {}  # index of each amount figure → the HeldQuantity its words name, or None
            for index, (raw, kind, value, decimals, unit, start, end) in enumerate(found):
                segment = CLAUSE_END.split(sentence[previous_end:start])[-1]
                previous_end = end
                if unit is None:
                    continue
                exact = False  # the figure is one of the quantity's values, not any ratio of the sentence
                if section is None:
                    quantity = recognised(context, segment, kind, unit)
                else:
                    quantity, exact = printed_quantity(
                        context, section, sentence, found, index, segment, part, named, item
                    )
                    if kind == "amount":
                        part, named[index] = (value, quantity), quantity
                    if quantity is None and kind != "percent":
                        # An amount or count a document's words do not name: an outcome, a budget or last
                        # year's figure, none of which the tables hold. Not the document's slip.
                        continue
                if kind == "amount" and section is not None and quantity is not None:
                    # The same quantity printed one step apart in two tables (表1 12,341.98, 表5
                    # 12,341.99): either is the document's figure (DESIGN §2 (b)).
                    allowance = max(amount_allowance, comparison_tolerance(context.provenance).allowance(2))
                elif kind == "amount":
                    allowance = amount_allowance
                elif kind == "percent":
                    allowance = percent_allowance(decimals)
                else:
                    allowance = count_allowance(raw, decimals)
                if quantity is not None:
                    candidates = sorted(abs(v) for v in quantity.values)
                    if kind == "percent" and not exact:
                        candidates = sorted({*candidates, *_sentence_ratios(found)})
                elif kind == "amount":
                    if amounts is None:
                        amounts = _held_amounts(context)
                    candidates = amounts
                elif kind == "percent":
                    if percents is None:
                        percents = percent_candidates(context)
                    candidates = sorted({*percents, *_sentence_ratios(found)})
                    if section is not None:
                        if amounts is None:
                            amounts = _held_amounts(context)
                        candidates = sorted({*candidates, *change_rates(text, sentence, amounts)})
                else:
                    if counts is None:
                        counts = {"": {Decimal(v) for v in context.facts.stated_counts.values()}}
                        for q in held_quantities(context):
                            if q.kind == "count":
                                counts.setdefault(q.unit, set()).update(abs(v) for v in q.values)
                    candidates = sorted(counts[""] | counts.get(unit, set()))
                matched = _within(candidates, value, allowance)
                precise = None
                if kind == "percent" and matched and decimals < 2 and not _within(candidates, value, strict):
                    nearest = min(candidates, key=lambda candidate: abs(candidate - value))
                    precise = nearest.quantize(CENT, ROUND_HALF_UP)
                elif kind == "percent" and not matched:
                    # Cut instead of rounded (99.57 % written 99 %): a display-only difference.
                    step = Decimal(1).scaleb(-decimals)
                    index = bisect_left(candidates, value)
                    cut = [c for c in candidates[index : index + 3] if value < c < value + step]
                    if cut:
                        matched, precise = True, cut[0].quantize(CENT, ROUND_HALF_UP)
                yield TextFigure(kind, raw, value, sentence, ref, matched, quantity, own, precise)


# Words before a name in a document's narrative that do not qualify it: a number (“1.”, “（一）”), the
# year (“2022年度”) and the department (“上海市XX局2024年度”).
PRINTED_LEAD_WORDS = (
    "全区",
    "全市",
    "全年",
    "本年度?",
    "其中",
    "主要",
    "是",
    "为",
    "共",
    "累计",
    "我局",
    "我区",
    "本?部门",
)
PRINTED_LEAD_PREFIX = re.compile(
    r"^(?:\s*(?:\d+\s*[.、．]|[（(][一二三四五六七八九十\d]+[)）]))?(?:.*?\d{4}\s*年度?)?"
)


def printed_quantity(context, section, sentence, found, index, segment, part, named, item=None):
    """Return (HeldQuantity or None, exact) of the figure `found[index]` of a document's `section`.

    A percentage is a share (“占本年收入 X%”) of the amount before it, or a completion rate, matched
    exactly; an amount is named by the section's official words (“收入总计”), or by a subject or named
    figure as in the account's own texts.
    """
    kind, unit = found[index][1], found[index][4]
    if kind == "percent":
        quantity = share_quantity(context, section, segment, part) or completion_quantity(
            sentence, found, index, named
        )
        return quantity, quantity is not None
    if kind != "amount":
        return None, False
    if section == "official_expenses":
        quantity = official_quantity(context, sentence, segment)
        if quantity is not None:
            return quantity, False
    if section == "general_budget":
        quantity = item_quantity(context, item, segment)
        if quantity is not None:
            return quantity, False
    lead = _printed_lead(context)
    quantity = recognised(
        context, segment, kind, unit, quantities=section_quantities(context, section), lead=lead
    )
    quantity = quantity or recognised(context, segment, kind, unit, lead=lead)
    if quantity is not None and not _held_by_document(context, quantity.cell):
        # A figure the system keeps beside the tables (机关运行经费) that the document did not give.
        return None, False
    return quantity, False


def _held_by_document(context, cell):
    """Return True when `cell` is a table's cell, or a stated figure the account holds."""
    if cell is None or cell.area == "cell":
        return True
    return cell.area == "stated" and cell.parts[0] in context.facts.stated_figures


def _printed_lead(context):
    """Return the `lead` of recognised() for a document: its numbering, year and department first."""
    cached = context.extra.get("_printed_lead")
    if cached is None:
        department = getattr(context.final_account, "department", None)
        names = {getattr(department, "name", ""), getattr(department, "short_name", "") or ""}
        words = "|".join([*(re.escape(name) for name in names if name), *PRINTED_LEAD_WORDS])
        pattern = re.compile(rf"^(?:[:：\s“”\"]|{words})*$")

        def cached(text):
            return pattern.match(PRINTED_LEAD_PREFIX.sub("", text, count=1))

        context.extra["_printed_lead"] = cached
    return cached


def _held_amounts(context):
    """Return every amount the account gives (元, sorted): its cells, facts and named quantities."""
    return sorted(
        set(amount_candidates(context))
        | {abs(v) for q in held_quantities(context) if q.kind == "amount" for v in q.values}
    )


def count_allowance(raw, decimals):
    """Half a unit of the last written decimal of a count (2.85万人: 50 人); exact for whole counts."""
    if "万" not in raw:
        return Decimal(0) if not decimals else Decimal(5) / Decimal(10) ** (decimals + 1)
    return TEN_THOUSAND * Decimal(5) / Decimal(10) ** (decimals + 1)


def _sentence_ratios(found):
    """Return the ratios (×100) of any two non-percentage figures of one sentence (“10000人的168.42%”)."""
    numbers = [figure[2] for figure in found if figure[1] != "percent"]
    return {a * HUNDRED / b for i, a in enumerate(numbers) for j, b in enumerate(numbers) if b and i != j}


MESSAGES = {
    "amount": ("N1", "文字说明中的金额{raw}与报表及填报的任何数字都不符：“{sentence}”"),
    "percent": ("N2", "文字说明中的百分比{raw}无法由报表数字算得：“{sentence}”"),
    "count": ("N3", "“{place}”中的数量{raw}不是填报的数量，系统无法核对（工作成果类数字无需说明）"),
}
UNITS = {"amount": "元", "percent": "%", "count": "个"}


def unmatched_figures(kind):
    """Return the formula of rule N1 or N2: one finding per unmatched figure of `kind` that names no quantity.

    A figure whose words name a held quantity is N4's; the others are compared with every figure the
    account holds. N1 (amounts) is a notice: an amount no table holds is most often an outcome (“降低
    费用9066.7万元”). N2 (percentages in the account's own texts) stays a warning: a share or rate the
    tables cannot give is a slip more often than an outcome; in the self-evaluation's texts it is a notice.
    """

    def formula(context, rule):
        seen = set()
        for figure in _cached_figures(context):
            if figure.kind != kind or figure.matched or figure.quantity is not None:
                continue
            raw, value, sentence, ref, own = figure.raw, figure.value, figure.sentence, figure.ref, figure.own
            target = f"{context.label(ref)}/{raw}"
            # A sentence written in two texts (十三 and the 自评综述) is reported where it comes first.
            if target in seen or (raw, sentence) in seen:
                continue
            seen.update((target, (raw, sentence)))
            yield context.finding(
                rule,
                cells=(ref,),
                actual=value,
                target=target,
                sentence=sentence,
                unit=UNITS[kind],
                severity=None if own else "notice",
                message=MESSAGES[kind][1].format(raw=raw, sentence=sentence),
            )

    formula.__name__ = f"unmatched_{kind}_figures"
    return formula


def contradicting_figures(context, rule):
    """N4: a figure whose words name a held quantity (a subject, a named figure, an indicator) but that is
    none of its values (“城镇新增就业16842人” against the indicator's 16551 人)."""
    seen = set()
    for figure in _cached_figures(context):
        if figure.quantity is None or figure.matched:
            continue
        kind, raw, value, sentence, ref, quantity = (
            figure.kind,
            figure.raw,
            figure.value,
            figure.sentence,
            figure.ref,
            figure.quantity,
        )
        target = f"{context.label(ref)}/{raw}"
        if target in seen:
            continue
        seen.add(target)
        held = "、".join(_figure(kind, quantity.unit, v) for v in quantity.values)
        yield context.finding(
            rule,
            cells=(ref,) if quantity.cell is None else (ref, quantity.cell),
            actual=value,
            expected=quantity.values[0] if len(quantity.values) == 1 else None,
            target=target,
            sentence=sentence,
            unit=UNITS[kind] if kind != "count" else quantity.unit,
            message=f"文字中“{raw}”所指的“{quantity.label}”为{held}，两者不符：“{sentence}”",
        )
    yield from listed_items(context, rule)


def _figure(kind, unit, value):
    if kind == "amount":
        return f"{(value / TEN_THOUSAND).quantize(Decimal('0.0001')).normalize():f}万元"
    if kind == "percent":
        return f"{value.normalize():f}%"
    return f"{value.normalize():f}{unit}"


def unmatched_counts(context, rule):
    """N3: one notice per text listing its counts that name no quantity and match no held count."""
    by_text, seen = {}, set()
    for figure in _cached_figures(context):
        raw, sentence, ref = figure.raw, figure.sentence, figure.ref
        if figure.kind == "count" and not figure.matched and figure.quantity is None:
            if (raw, sentence) in seen:
                continue
            seen.add((raw, sentence))
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


def imprecise_percentages(context, rule):
    """N5: a percentage written with fewer decimals than the document's two (“80%” for 79.89 %), or cut
    instead of rounded (“99%” for 99.57 %): display-only differences, notices.

    Official texts and the public checkers write percentages with two decimals; a rounder figure reads
    as a different one beside the same rate written exactly elsewhere.
    """
    seen = set()
    for figure in _cached_figures(context):
        if figure.precise is None:
            continue
        target = f"{context.label(figure.ref)}/{figure.raw}"
        if target in seen or (figure.raw, figure.sentence) in seen:
            continue
        seen.update((target, (figure.raw, figure.sentence)))
        yield context.finding(
            rule,
            cells=(figure.ref,),
            expected=figure.precise,
            actual=figure.value,
            target=target,
            sentence=figure.sentence,
            unit="%",
            message=(
                f"百分比“{figure.raw}”精度不足：按两位小数应写为{figure.precise}%：“{figure.sentence}”"
                if abs(figure.precise - figure.value)
                <= percent_allowance(len(figure.raw.rstrip("%％").partition(".")[2]))
                else f"百分比“{figure.raw}”为{figure.precise}%舍去尾数所得，四舍五入后不是所写之数：“{figure.sentence}”"
            ),
        )


def _cached_figures(context):
    # N1–N4 read the same extraction; do it once per evaluation.
    cached = context.extra.get("_text_figures")
    if cached is None:
        cached = list(checked_figures(context))
        context.extra["_text_figures"] = cached
    return cached
