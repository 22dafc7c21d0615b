"""The printed 情况说明 of a disclosure read from a document, checked by the free-text rules (N2, N4, N5, H1–H4).

A disclosure made elsewhere prints its own narrative, and nothing guarantees it agrees with its tables
as a generated narrative does. The reader keeps each printed section as a PrintedText (heading, text,
page); disclosure_checks passes them as `context.extra["printed_texts"]`, and the text source below
hands the sections 一–十二 to the text rules, each named by an Address “printed|<page>|<heading>” so that a
finding quotes its sentence, names its section and page, and names the table cell it contradicts.

In these sections the official wording names its figures, and the words mean one cell each: 收入总计 is
表1's 总计 (行31), never its 本年收入合计; “占本年收入”, “占…%” after an amount is that amount's share of the
section's whole; “完成年初预算的 X%” is the sentence's 决算 over its 预算; 说明九's “预算为/支出决算为” are
the 三公 table's cells of the item the sentence starts with, and 五(三)'s “支出决算为” is 表5's cell of
the 项 whose path the sentence before writes. `section_quantities`, `share_quantity`,
`completion_quantity`, `official_quantity` and `item_quantity` say which, for texts.checked_figures;
`listed_items` checks 说明六's lists of 款 against 表6. A phrase not listed here is left to the generic
matching: not recognising a phrase is better than a false finding.

What a document cannot give is not reported: amounts and counts no table holds (outcomes, 年初预算 of a
项, last year's figures the document alone does not print) are no findings here, and 十三 and the other
parts (functions, key work) are not read, their figures being outcomes.
"""

import re
from decimal import Decimal

from ..addresses import Address, Area, register_area
from ..choices import ExpenditureKind, IncomeSource
from .registry import register_text_source

LOADER = "printed_texts"  # the key of context.extra holding the PrintedTexts of a document
HUNDRED = Decimal("100")
# 说明九's names of the 三公 table's 决算 columns (its 公务用车 column sums 购置 and 运行维护).
OFFICIAL_ITEMS = {
    "因公出国（境）费": "outbound_travel",
    "因公出国(境)费": "outbound_travel",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}

register_area(
    Area(
        "printed",
        2,
        lambda p: (p[0] == "" or p[0].isdigit()) and bool(p[1].strip()),
        lambda p, n, t: f"情况说明{f'（第{p[0]}页）' if p[0] else ''}/{p[1]}",
        value_type=lambda p: "text",
    )
)

# Section headings, most specific first: 五 and 六 also contain 支出决算, 四 also 收入支出决算总体.
SECTIONS = (
    ("official_expenses", re.compile(r"三公")),
    ("operating_costs", re.compile(r"机关运行经费")),
    ("procurement", re.compile(r"政府采购")),
    ("assets", re.compile(r"国有资产")),
    ("government_fund", re.compile(r"政府性基金")),
    ("state_capital", re.compile(r"国有资本经营")),
    ("basic", re.compile(r"一般公共预算财政拨款基本支出")),
    ("general_budget", re.compile(r"一般公共预算财政拨款支出")),
    ("appropriation_overview", re.compile(r"财政拨款收入支出决算总体")),
    ("overview", re.compile(r"收入支出决算总体")),
    ("income", re.compile(r"收入决算情况")),
    ("expenditure", re.compile(r"支出决算情况")),
)
SUBSECTION = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[)）]")
SPACES = re.compile(r"\s+")


def section_of(heading):
    """Return the key of the 情况说明 section `heading` titles (“overview” … “assets”), or None."""
    squeezed = SPACES.sub("", heading or "")
    for key, pattern in SECTIONS:
        if pattern.search(squeezed):
            return key
    return None


def printed_places(context):
    """Return [(Address, text, section key)] of the printed sections 一–十二 in `context.extra`.

    A subsection whose heading names no section (“（二）结构情况”) belongs to the section before it;
    passages of other parts (functions, 十三, key work) are left out. Cached per evaluation.
    """
    cached = context.extra.get("_printed_places")
    if cached is not None:
        return cached
    places, current = [], None
    for printed in context.extra.get(LOADER) or ():
        heading = SPACES.sub(" ", (printed.heading or "").replace("|", "｜")).strip() or "（无标题）"
        section = section_of(heading)
        if section is None and SUBSECTION.match(heading):
            section = current
        current = section
        if section is None or not (printed.text or "").strip():
            continue
        page = "" if printed.page is None else str(printed.page)
        places.append((Address("printed", (page, heading)), printed.text, section))
    context.extra["_printed_places"] = places
    return places


def printed_text_source(context):
    """The text source of the printed sections: (Address, text) each."""
    return [(ref, text) for ref, text, _section in printed_places(context)]


register_text_source(LOADER, printed_text_source)


def _cell(context, kind, **address):
    """Return (value, Address) of the one cell of table `kind` matching `address`, or None."""
    statement = context.statements.get(kind)
    if statement is None:
        return None
    cells = context.cells_where(kind, **address)
    if len(cells) != 1:
        return None
    return cells[0].value, statement.address(cells[0])


def _named(context, names, label, *places):
    """A HeldQuantity of the cells `places` ((kind, address) pairs) that exist, called `names`; or None."""
    from .texts import HeldQuantity

    found = [cell for kind, address in places if (cell := _cell(context, kind, **address)) is not None]
    if not found:
        return None
    values = tuple(dict.fromkeys(value for value, _address in found))
    return HeldQuantity(tuple(names), "amount", "元", values, found[0][1], label)


T1, T3, T4, T5, T6, T9 = (
    "income_expenditure_summary",
    "expenditure",
    "appropriation_summary",
    "general_budget_expenditure",
    "basic_expenditure_detail",
    "official_expenses",
)
INCOME_TOTAL = ((T1, {"key": "income_total"}),)
# 说明三 and the shares of 五 read 本年支出合计 from 表3 (DESIGN §2 (c)); 表1 prints the same figure.
EXPENDITURE_TOTAL = ((T3, {"code": "", "key": "total"}), (T1, {"key": "expenditure_total"}))
GENERAL_BUDGET_TOTAL = ((T5, {"code": "", "key": "total"}),)
OFFICIAL_TOTAL = ((T9, {"key": "actual_total"}),)
APPROPRIATION_SOURCES = (
    IncomeSource.GENERAL_BUDGET,
    IncomeSource.GOVERNMENT_FUND,
    IncomeSource.STATE_CAPITAL,
)


def _section_names(section):
    """Return [(names, label, places)] of the figures the section's official wording names."""
    if section == "overview":
        return [
            (("收入总计",), "表1 收入总计", ((T1, {"key": "grand_total", "column": 1}),)),
            (("支出总计",), "表1 支出总计", ((T1, {"key": "grand_total", "column": 2}),)),
        ]
    if section == "income":
        named = [(("收入合计", "本年收入合计", "本年收入"), "表1 本年收入合计", INCOME_TOTAL)]
        named += [
            ((str(source.label),), f"表1 {source.label}", ((T1, {"key": source.value}),))
            for source in IncomeSource
            if source not in APPROPRIATION_SOURCES
        ]
        return named
    if section == "expenditure":
        named = [(("支出合计", "本年支出合计", "本年支出"), "表3 本年支出合计", EXPENDITURE_TOTAL)]
        for kind in ExpenditureKind:
            named.append(((str(kind.label),), f"表3 {kind.label}", ((T3, {"code": "", "key": kind.value}),)))
        return named
    if section == "appropriation_overview":
        named = [
            (
                ("财政拨款收入总计", "收入总计"),
                "表4 收入总计",
                ((T4, {"key": "grand_total", "column": 1}),),
            ),
            (
                ("财政拨款支出总计", "支出总计"),
                "表4 支出总计",
                ((T4, {"key": "grand_total", "column": 2}),),
            ),
        ]
        named += [
            ((str(source.label),), f"表4 {source.label}", ((T4, {"key": source.value, "column": 1}),))
            for source in APPROPRIATION_SOURCES
        ]
        return named
    if section == "general_budget":
        return [
            (("一般公共预算财政拨款支出",), "表5 合计", GENERAL_BUDGET_TOTAL),
            (("基本支出",), "表5 基本支出", ((T5, {"code": "", "key": "basic"}),)),
            (("项目支出",), "表5 项目支出", ((T5, {"code": "", "key": "project"}),)),
        ]
    if section == "basic":
        return [
            (
                ("一般公共预算财政拨款基本支出", "基本支出"),
                "表5 基本支出",
                ((T5, {"code": "", "key": "basic"}),),
            ),
            (("人员经费", "人员经费合计"), "表6 人员经费合计", ((T6, {"key": "personnel_total"}),)),
            (("公用经费", "公用经费合计"), "表6 公用经费合计", ((T6, {"key": "operating_total"}),)),
        ]
    if section == "official_expenses":
        return [
            ((name,), f"“三公”经费表 {name}决算数", ((T9, {"key": f"actual_{key}"}),))
            for name, key in OFFICIAL_ITEMS.items()
        ]
    return []


def section_quantities(context, section):
    """Return the HeldQuantities the words of `section` name (“收入总计” in 一 is 表1's 总计). Cached."""
    cache = context.extra.setdefault("_section_quantities", {})
    if section not in cache:
        found = [_named(context, names, label, *places) for names, label, places in _section_names(section)]
        if section == "income":
            found.append(_appropriation_income(context))
        cache[section] = [quantity for quantity in found if quantity is not None]
    return cache[section]


def _appropriation_income(context):
    """财政拨款收入 as 说明二 writes it: 表1's three appropriation sources (行1–3) together."""
    from .texts import HeldQuantity

    cells = [_cell(context, T1, key=source.value) for source in APPROPRIATION_SOURCES]
    cells = [cell for cell in cells if cell is not None]
    if not cells:
        return None
    total = sum((value for value, _address in cells), Decimal("0.00"))
    return HeldQuantity(("财政拨款收入",), "amount", "元", (total,), cells[0][1], "表1 财政拨款收入（行1–3）")


# “占本年收入合计的”, “占本年支出”, a bare “占” — the whole of a share, by the words after 占.
SHARE = re.compile(r"^占(?P<whole>[^，。；、]*?)(?:的)?(?:比重|比例)?(?:为)?$")
SHARE_WHOLES = {
    "本年收入": INCOME_TOTAL,
    "本年收入合计": INCOME_TOTAL,
    "收入合计": INCOME_TOTAL,
    "本年支出": EXPENDITURE_TOTAL,
    "本年支出合计": EXPENDITURE_TOTAL,
    "支出合计": EXPENDITURE_TOTAL,
    "一般公共预算财政拨款支出": GENERAL_BUDGET_TOTAL,
}
# A bare “占 X%” is a share of the whole the section is about (五(二): each 类 of 表5's 合计).
BARE_WHOLES = {
    "income": INCOME_TOTAL,
    "expenditure": EXPENDITURE_TOTAL,
    "general_budget": GENERAL_BUDGET_TOTAL,
    "official_expenses": OFFICIAL_TOTAL,
}


def share_quantity(context, section, segment, part):
    """Return the percent HeldQuantity a share (“占本年收入 X%”) must equal, or None when not recognised.

    `part` is (written value in 元, HeldQuantity or None) of the amount written just before the share
    in its sentence. The share may be of the written amount or of the figure its words name (a slip in
    the amount is the amount's finding, not the share's too).
    """
    from .texts import HeldQuantity

    match = SHARE.match(segment.strip())
    if match is None or part is None:
        return None
    whole_words = match["whole"].strip()
    places = SHARE_WHOLES.get(whole_words) if whole_words else BARE_WHOLES.get(section)
    if places is None:
        return None
    whole = _named(context, (), "", *places)
    if whole is None:
        return None
    written, named = part
    parts = {written, *(named.values if named is not None else ())}
    values = tuple(sorted({p * HUNDRED / w for p in parts for w in whole.values if w}, key=lambda v: abs(v)))
    if not values:
        return None
    label = f"{named.label if named is not None else '所写金额'}占{whole_words or '合计'}的比重"
    return HeldQuantity((), "percent", "%", values, (named or whole).cell, label)


# “完成年初预算的 X%”, “为预算数的 X%”, “预算完成率为 X%”: the sentence's 决算 over its 预算.
COMPLETION = re.compile(r"(?:完成(?:年初)?预算(?:数)?的|为(?:年初)?预算(?:数)?的|预算完成率为?|完成率为?)$")
BUDGET_WORDS = re.compile(r"(?:年初)?预算(?:数)?为?$")
ACTUAL_WORDS = re.compile(r"(?:支出)?决算(?:数)?为?$|执行数为?$")


def completion_quantity(sentence, found, index, named):
    """Return the percent HeldQuantity of a completion rate written as the figure `found[index]`, or None.

    Recognised only where the sentence writes a 预算 and a 决算 amount before the rate, each named so
    (“预算为2万元，支出决算为0.35万元，完成预算的17.5%”); the rate must be their ratio, of the amounts as
    written or of the table cells their words name (`named`: figure index → HeldQuantity or None), so
    that a slip in an amount is the amount's finding and not the rate's too.
    """
    from .texts import CLAUSE_END, HeldQuantity

    start = found[index][5]
    segment = CLAUSE_END.split(sentence[:start])[-1].strip()
    if not COMPLETION.search(segment) or segment.startswith("较"):
        return None
    budget = actual = None
    previous_end = 0
    for position, figure in enumerate(found[:index]):
        words = CLAUSE_END.split(sentence[previous_end : figure[5]])[-1].strip()
        previous_end = figure[6]
        if figure[1] != "amount":
            continue
        quantity = named.get(position)
        values = {figure[2], *((quantity.values[0],) if quantity is not None else ())}
        if ACTUAL_WORDS.search(words):
            actual = values
        elif BUDGET_WORDS.search(words):
            budget = values
    if not budget or not actual:
        return None
    rates = {a * HUNDRED / b for a in actual for b in budget if b}
    if not rates:
        return None
    return HeldQuantity((), "percent", "%", tuple(sorted(rates)), None, "所写决算数占预算数的比例")


# 说明九 names its subject once, at the start of a sentence (“3. 公务接待费预算为…，支出决算为…”).
OFFICIAL_SUBJECT = re.compile(
    r"^\s*(?:\d+\s*[.、．]\s*)?(?:\d{4}\s*年度?)?\s*(?P<name>“三公”经费财政拨款支出|\"三公\"经费财政拨款支出|"
    r"因公出国[（(]境[)）]费|公务用车购置及运行维护费|公务接待费)"
)


def official_quantity(context, sentence, segment):
    """Return the HeldQuantity of the 三公 table a figure of 说明九 names by “预算为”/“支出决算为”, or None."""
    match = OFFICIAL_SUBJECT.match(sentence)
    if match is None:
        return None
    name = match["name"]
    key = "total" if "三公" in name else OFFICIAL_ITEMS.get(name.replace("(", "（").replace(")", "）"))
    words = segment.strip()
    if words.endswith(("预算为", "预算数为")) and not words.endswith("年初预算为"):
        half, what = "budget", "预算数"
    elif words.endswith(("决算为", "决算数为")):
        half, what = "actual", "决算数"
    else:
        return None
    return _named(context, (), f"“三公”经费表 {name}{what}", (T9, {"key": f"{half}_{key}"}))


CHANGE = re.compile(r"(?:增加|减少|增长|下降|变动|持平)$")
DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d.%％])")


def is_change(segment):
    """Return True when `segment` (the words before a figure) states a change against last year."""
    return bool(CHANGE.search(segment.strip()))


def change_rates(text, sentence, held=()):
    """Return the growth rates (×100) a change written in `text` implies: change over last year's figure.

    Last year's figure is the current one less the change (or plus, for a decrease): any two amounts of
    the passage, and any number of the sentence written without its unit (“支出增加8940.08，增长262.8%”);
    or a change the sentence writes against any amount the tables hold (`held`, 元), for a passage that
    names the current figure without writing it (“本年收入合计增加8946.48万元，增长263.48%”).
    """
    from .texts import figures, sentences

    amounts = {f[2] / 10000 for s in sentences(text) for f in figures(s) if f[1] == "amount"}
    amounts |= {Decimal(number) for number in DECIMAL.findall(sentence)}
    rates = set()
    for change in amounts:
        for current in amounts:
            for prior in (current - change, current + change):
                if change and prior > 0:
                    rates.add(change * HUNDRED / prior)
    written = {f[2] / 10000 for f in figures(sentence) if f[1] == "amount"}
    for change in written:
        for current in held:
            current = current / 10000
            for prior in (current - change, current + change):
                if change and prior > 0:
                    rates.add(change * HUNDRED / prior)
    return rates


# 说明六 lists the 款 of each half (“人员经费1369.67万元，主要包括：基本工资、津贴补贴…”).
ITEM_LIST = re.compile(r"(?P<group>人员经费|公用经费)[^。；]*?包括[:：]?(?P<items>[^。；]+)")
GROUPS = {"人员经费": "personnel", "公用经费": "operating"}
BRACKETS = str.maketrans("()", "（）")


def listed_items(context, rule):
    """N4 in 说明六: the 款 a list names that 表6 does not hold under that half, or holds at zero; one
    finding per list.

    Only names written exactly as an economic 款 of the edition are checked (“维修(护)费”); a shortened
    or older name is left alone.
    """
    from .texts import sentences

    facts = context.facts
    by_name = {}
    for code, subject in facts.economic_subjects.items():
        if len(code) == 5:
            by_name.setdefault(subject.name.translate(BRACKETS), []).append(subject)
    for ref, text, section in printed_places(context):
        if section != "basic":
            continue
        for sentence in sentences(text):
            for match in ITEM_LIST.finditer(sentence):
                group = GROUPS[match["group"]]
                empty, other, cells = [], [], []
                for written in re.split(r"[、，,]", match["items"]):
                    name = written.strip().removesuffix("等").translate(BRACKETS)
                    subjects = by_name.get(name)
                    if not subjects or name in empty or name in other:
                        continue
                    subject = next((s for s in subjects if s.group == group), subjects[0])
                    if subject.group == group and facts.basic_detail.get(subject.code):
                        continue
                    (other if subject.group != group else empty).append(name)
                    if (cell := _cell(context, T6, code=subject.code)) is not None:
                        cells.append(cell[1])
                if not empty and not other:
                    continue
                said = []
                if empty:
                    said.append(f"“{'、'.join(empty)}”在表6 中没有支出")
                if other:
                    half = "公用经费" if group == "personnel" else "人员经费"
                    said.append(f"“{'、'.join(other)}”在表6 中属于{half}")
                yield context.finding(
                    rule,
                    cells=(ref, *cells),
                    target=f"{context.label(ref)}/{match['group']}所列科目",
                    sentence=sentence,
                    message=f"说明六列举的{match['group']}中，{'；'.join(said)}：“{sentence}”",
                )


# 五(三) names each 项 by its path, in a sentence of its own, before its figures:
# “1. 社会保障和就业支出(类)人力资源和社会保障管理事务(款)行政运行(项)。年初预算为…，支出决算为…”.
ITEM_PATH = re.compile(
    r"(?P<category>[^\s\d.、()（）。；]+)[(（]类[)）](?P<section>[^()（）。；]+)[(（]款[)）](?P<item>[^()（）。；]+)[(（]项[)）]"
)


def item_of(context, sentence):
    """Return the 7-digit code of the 项 whose path `sentence` writes, or None (unknown or ambiguous)."""
    match = ITEM_PATH.search(sentence)
    if match is None:
        return None
    facts = context.facts
    names = [match[part].strip().translate(BRACKETS) for part in ("category", "section", "item")]

    def name(code):
        return (facts.subject_name(code) or "").translate(BRACKETS)

    codes = [
        code
        for code in facts.subjects
        if len(code) == 7 and [name(code[:3]), name(code[:5]), name(code)] == names
    ]
    return codes[0] if len(codes) == 1 else None


def item_quantity(context, code, segment):
    """Return the HeldQuantity of 表5's 项 `code` a figure after “支出决算为” names, or None."""
    if code is None or not ACTUAL_WORDS.search(segment.strip()):
        return None
    return _named(
        context, (), f"表5 {code} {context.facts.subject_name(code)}", (T5, {"code": code, "key": "total"})
    )
