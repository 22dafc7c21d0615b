"""第三部分 情况说明 一–十二, generated from the facts in the official wording.

Every amount, share and change comes from the facts and the built statements through
accounts.formatting (sentence style: 万元 with two decimals, no separators; percentages with two
decimals), so the text cannot disagree with the tables. The department's own words (reasons, uses,
outcomes) are woven in where the format asks for them. 十三 comes from the section registry.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ..choices import (
    APPROPRIATION_SOURCES,
    ASSET_VEHICLE_COUNTS,
    ExpenditureKind,
    FreeTextKey,
    IncomeSource,
    NamedFigure,
    OfficialExpenseItem,
    StatedCount,
    StatedFigure,
)
from ..formatting import chinese_numeral, sentence_amount, share_percent
from ..formatting import ratio_percent as percent

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Block:
    """A heading, a paragraph or a figure of the narrative."""

    kind: str  # "heading", "paragraph", "item", "figure"
    text: str = ""
    figure: object = None  # the Chart, for kind "figure"


@dataclass(frozen=True)
class NarrativeSection:
    """A section of 第三部分. `number` and `title` are the national ones; `key` is how a format's
    outline names it (accounts/document/outline.py picks, orders, nests, numbers and titles them)."""

    number: int
    title: str
    blocks: tuple = field(default_factory=tuple)
    slot: str = ""  # a registry slot that supplies the content instead
    key: str = ""

    @property
    def heading(self):
        return f"{chinese_numeral(self.number)}、{self.title}"


def amount(yuan):
    return f"{sentence_amount(yuan)}万元"


def reason(text, lead="主要原因是"):
    """Append the department's reason as a sentence, or nothing when it wrote none."""
    text = (text or "").strip()
    if not text:
        return ""
    if not text.endswith(("。", "；", "！")):
        text += "。"
    return f"{lead}{text}"


def year_over_year(facts, key, current):
    """Compare `current` with last year's value of the same named figure, naming it.

    Where last year's figure is unknown there is no comparison to state: "" (the official template
    leaves the sentence out rather than publish that a figure was not provided).
    """
    label = NamedFigure(key).label
    prior_year = facts.final_account.year - 1
    prior = facts.prior_year.get(key)
    if prior is None:
        return ""
    prior_amount = prior[0]
    change = current - prior_amount
    if change == ZERO:
        return f"与{prior_year}年度相比，{label}持平。"
    direction, trend = ("增加", "增长") if change > 0 else ("减少", "下降")
    if prior_amount == ZERO:
        return f"与{prior_year}年度相比，{label}{direction}{amount(abs(change))}（上年为0，无增长率）。"
    rate = percent(abs(change) / prior_amount)
    return f"与{prior_year}年度相比，{label}{direction}{amount(abs(change))}，{trend}{rate}。"


def _figure(charts, key):
    """The figure block of chart `key`, or none when the chart was left out (it would say nothing)."""
    chart = charts.get(key)
    return (Block("figure", figure=chart),) if chart else ()


def _joined(*sentences):
    """Join comparison sentences into one: the second drops its repeated "与…年度相比，"."""
    sentences = [s for s in sentences if s]
    if not sentences:
        return ""
    first, *rest = sentences
    text = first.rstrip("。")
    for sentence in rest:
        text += "；" + sentence.split("，", 1)[-1].rstrip("。") if sentence.startswith("与") else sentence
    return text + "。"


def share(part, whole):
    return share_percent(part, whole) or "—"


def build_narrative(facts, statements, charts, explanations=()):
    """Return the sections 一–十三 of 第三部分 for the facts, their statements and the charts.

    `explanations` are the department's written explanations of warnings as (target, text): those of
    a 表5 item's cell are printed with that item in 五(三), in the department's words.
    """
    fa = facts.final_account
    year = fa.year
    name = fa.department.display_name
    t1 = statements["income_expenditure_summary"]
    t3 = statements["expenditure"]
    t4 = statements["appropriation_summary"]
    t5 = statements["general_budget_expenditure"]
    t6 = statements["basic_expenditure_detail"]
    text = facts.free_text

    income_total = t1.value(key="income_total")
    # 说明三 and the shares of 五 read 本年支出合计 from 表3, the table 说明三 explains (DESIGN §2 (c)).
    expenditure_total = t3.value(code="", key="total")
    sections = []

    # 一 收入支出决算总体情况: 表1 总计 (行31 / 行62), never 本年合计. The change is stated against
    # last year's 总计 where known; otherwise against last year's 本年收入合计 and 本年支出合计, each
    # named and each as 表1 prints it (DESIGN §2 (c): 说明一 ← 表1), so that 一 compares wherever 二
    # and 三 do; the department's reason follows the change.
    income_grand = t1.value(key="grand_total", column=1)
    expenditure_grand = t1.value(key="grand_total", column=2)
    if NamedFigure.GRAND_TOTAL in facts.prior_year:
        change = year_over_year(facts, NamedFigure.GRAND_TOTAL, income_grand)
    else:
        change = _joined(
            year_over_year(facts, NamedFigure.INCOME_TOTAL, income_total),
            year_over_year(facts, NamedFigure.EXPENDITURE_TOTAL, t1.value(key="expenditure_total")),
        )
    blocks = [
        Block(
            "paragraph",
            (
                f"{year}年度收入总计{amount(income_grand)}，支出总计{amount(expenditure_grand)}。"
                + change
                + (reason(text(FreeTextKey.TOTAL_CHANGE_REASON)) if change else "")
            ),
        ),
        *_figure(charts, "totals"),
    ]
    sections.append(NarrativeSection(1, "收入支出决算总体情况说明", tuple(blocks), key="overview"))

    # 二 收入决算: 本年收入合计 and each source with its share, as 表1 prints them.
    by_source = {source: t1.value(key=source.value) for source in IncomeSource}
    appropriation = sum((by_source.get(s, ZERO) for s in APPROPRIATION_SOURCES), ZERO)
    parts = [f"财政拨款收入{amount(appropriation)}，占本年收入{share(appropriation, income_total)}"]
    for source in list(IncomeSource)[3:]:
        value = by_source.get(source, ZERO)
        if value:
            parts.append(f"{source.label}{amount(value)}，占本年收入{share(value, income_total)}")
    sections.append(
        NarrativeSection(
            2,
            "收入决算情况说明",
            (
                Block(
                    "paragraph",
                    f"{year}年度收入合计{amount(income_total)}。"
                    + year_over_year(facts, NamedFigure.INCOME_TOTAL, income_total)
                    + reason(text(FreeTextKey.INCOME_CHANGE_REASON))
                    + "其中："
                    + "；".join(parts)
                    + "。",
                ),
                *_figure(charts, "income_structure"),
            ),
            key="income",
        )
    )

    # 三 支出决算: 本年支出合计 and each kind with its share (表3).
    parts = []
    for kind in ExpenditureKind:
        value = t3.value(code="", key=kind.value)
        if value or kind in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
            parts.append(f"{kind.label}{amount(value)}，占本年支出{share(value, expenditure_total)}")
    sections.append(
        NarrativeSection(
            3,
            "支出决算情况说明",
            (
                Block(
                    "paragraph",
                    f"{year}年度支出合计{amount(expenditure_total)}。"
                    + year_over_year(facts, NamedFigure.EXPENDITURE_TOTAL, expenditure_total)
                    + reason(text(FreeTextKey.EXPENDITURE_CHANGE_REASON))
                    + "其中："
                    + "；".join(parts)
                    + "。",
                ),
                *_figure(charts, "expenditure_structure"),
            ),
            key="expenditure",
        )
    )

    # 四 财政拨款收入支出决算总体情况: 表4 总计 (行32 / 行64).
    appropriation_grand = t4.value(key="grand_total", column=1)
    appropriation_expenditure_grand = t4.value(key="grand_total", column=2)
    # The appropriation income of each budget as 表4 prints it (行1–3).
    general_income = t4.value(key=IncomeSource.GENERAL_BUDGET.value, column=1)
    fund_income = [
        f"{IncomeSource(s).label}{amount(t4.value(key=s.value, column=1))}" for s in APPROPRIATION_SOURCES[1:]
    ]
    sections.append(
        NarrativeSection(
            4,
            "财政拨款收入支出决算总体情况说明",
            (
                Block(
                    "paragraph",
                    f"{year}年度财政拨款收入总计{amount(appropriation_grand)}，支出总计{amount(appropriation_expenditure_grand)}。"
                    + year_over_year(facts, NamedFigure.APPROPRIATION_GRAND_TOTAL, appropriation_grand)
                    + (
                        reason(text(FreeTextKey.APPROPRIATION_CHANGE_REASON))
                        if NamedFigure.APPROPRIATION_GRAND_TOTAL in facts.prior_year
                        else ""
                    ),
                ),
                Block(
                    "paragraph",
                    f"{year}年度财政拨款收入中，一般公共预算财政拨款收入{amount(general_income)}。"
                    + year_over_year(facts, NamedFigure.GENERAL_BUDGET_INCOME, general_income)
                    + reason(text(FreeTextKey.APPROPRIATION_CHANGE_REASON))
                    + "；".join(fund_income)
                    + "。",
                ),
                *_figure(charts, "appropriation_totals"),
            ),
            key="appropriation_overview",
        )
    )

    sections.append(
        NarrativeSection(
            5,
            "一般公共预算财政拨款支出决算情况说明",
            tuple(_general_budget_blocks(facts, t5, expenditure_total, explanations)),
            key="general_budget",
        )
    )
    sections.append(
        NarrativeSection(
            6, "一般公共预算财政拨款基本支出决算情况说明", tuple(_basic_blocks(facts, t5, t6)), key="basic"
        )
    )

    # 七 / 八: the official sentence when empty.
    t7, t8 = statements["government_fund"], statements["state_capital"]
    if t7.is_empty:
        seven = "本部门当年无政府性基金预算财政拨款收入支出。"
    else:
        seven = (
            f"{year}年度政府性基金预算财政拨款年初结转和结余{amount(t7.value(code='', key='opening'))}，"
            f"本年收入{amount(t7.value(code='', key='income'))}，本年支出{amount(t7.value(code='', key='total'))}，"
            f"年末结转和结余{amount(t7.value(code='', key='closing'))}。"
        )
    sections.append(
        NarrativeSection(
            7,
            "政府性基金预算财政拨款收入支出决算情况说明",
            (Block("paragraph", seven),),
            key="government_fund",
        )
    )
    if t8.is_empty:
        eight = "本部门当年无国有资本经营预算财政拨款支出。"
    else:
        eight = f"{year}年度国有资本经营预算财政拨款支出{amount(t8.value(code='', key='total'))}。"
    sections.append(
        NarrativeSection(
            8, "国有资本经营预算财政拨款支出决算情况说明", (Block("paragraph", eight),), key="state_capital"
        )
    )

    sections.append(
        NarrativeSection(
            9,
            "财政拨款“三公”经费支出决算情况说明",
            tuple(_official_expense_blocks(facts, statements["official_expenses"])),
            key="official_expenses",
        )
    )

    operating = facts.stated_figures.get(StatedFigure.OPERATING_COSTS)
    # A figure the department did not provide leaves its sentence out (the heading stays).
    ten = ()
    if operating is not None:
        ten = (
            Block(
                "paragraph",
                f"{year}年度{name}机关运行经费支出{amount(operating)}。"
                + year_over_year(facts, NamedFigure.OPERATING_COSTS, operating)
                + reason(text(FreeTextKey.OPERATING_COSTS_CHANGE_REASON)),
            ),
        )
    sections.append(NarrativeSection(10, "机关运行经费支出说明", ten, key="operating_costs"))
    sections.append(
        NarrativeSection(
            11, "政府采购支出说明", (Block("paragraph", _procurement_sentence(facts)),), key="procurement"
        )
    )
    sections.append(
        NarrativeSection(
            12, "国有资产占用情况说明", (Block("paragraph", _assets_sentence(facts)),), key="assets"
        )
    )
    sections.append(NarrativeSection(13, "预算绩效情况说明", slot="performance_summary", key="performance"))
    return sections


def _item_explanations(t5, explanations):
    """The department's explanations of 表5's item cells, by item code (targets like "表5/2050399/栏1")."""
    by_code = {}
    for target, text in explanations:
        table, _, rest = target.partition("/")
        code = rest.partition("/")[0]
        if table == t5.label and code.isdigit() and len(code) == 7:
            by_code.setdefault(code, []).append(text.strip())
    return by_code


def _general_budget_blocks(facts, t5, expenditure_total, explanations=()):
    """五 (一) 总体, (二) 结构 by 类, (三) 具体: budget, final figure, completion and every 项."""
    year = facts.final_account.year
    total = t5.value(code="", key="total")
    text = facts.free_text
    yield Block("heading", "（一）一般公共预算财政拨款支出决算总体情况")
    yield Block(
        "paragraph",
        f"{year}年度一般公共预算财政拨款支出{amount(total)}，占本年支出合计的{share(total, expenditure_total)}。"
        + year_over_year(facts, NamedFigure.GENERAL_BUDGET_EXPENDITURE, total)
        + reason(text(FreeTextKey.GENERAL_BUDGET_CHANGE_REASON)),
    )

    yield Block("heading", "（二）一般公共预算财政拨款支出决算结构情况")
    categories = sorted(
        (row for row in t5.rows if row.kind == "category" and t5.value(code=row.code, key="total")),
        key=lambda row: (-t5.value(code=row.code, key="total"), row.code),
    )
    yield Block("paragraph", f"{year}年度一般公共预算财政拨款支出{amount(total)}，主要用于以下方面：")
    for number, row in enumerate(categories, start=1):
        value = t5.value(code=row.code, key="total")
        use = (text(FreeTextKey.CATEGORY_USE, row.code) or "").strip()
        yield Block(
            "item",
            f"{number}. {facts.subject_name(row.code)}{amount(value)}，占{share(value, total)}。"
            + (f"主要是{use}" if use else "")
            + ("" if not use or use.endswith("。") else "。"),
        )

    yield Block("heading", "（三）一般公共预算财政拨款支出决算具体情况")
    basic = t5.value(code="", key="basic")
    project = t5.value(code="", key="project")
    if facts.budget_total is None:
        opening = f"{year}年度一般公共预算财政拨款支出决算为{amount(total)}。"
    elif facts.budget_total == ZERO:
        opening = f"{year}年度一般公共预算财政拨款支出年初预算为0万元，支出决算为{amount(total)}。"
    else:
        opening = (
            f"{year}年度一般公共预算财政拨款支出年初预算为{amount(facts.budget_total)}，支出决算为{amount(total)}，"
            f"完成年初预算的{percent(total / facts.budget_total)}。"
        )
    outcomes = (text(FreeTextKey.PROJECT_OUTCOMES) or "").strip()
    yield Block(
        "paragraph", opening + f"其中：基本支出{amount(basic)}，项目支出{amount(project)}。" + outcomes
    )
    explained = _item_explanations(t5, explanations)
    # A 项 printed with no amount and without a budget (a row the department printed empty) has nothing to say.
    items = [
        row
        for row in t5.rows
        if row.kind == "item"
        and (t5.value(code=row.code, key="total") or row.code in facts.budget_by_subject)
    ]
    for number, row in enumerate(items, start=1):
        code = row.code
        value = t5.value(code=code, key="total")
        path = f"{facts.subject_name(code[:3])}(类){facts.subject_name(code[:5])}(款){facts.subject_name(code)}(项)"
        budget = facts.budget_by_subject.get(code)
        if budget is None:
            # No year-start budget was given for this 项: state the final figure alone.
            figures = f"支出决算为{amount(value)}。"
        elif budget == ZERO:
            figures = f"年初预算为0万元，支出决算为{amount(value)}。"
        else:
            figures = f"年初预算为{amount(budget)}，支出决算为{amount(value)}，完成年初预算的{percent(value / budget)}。"
        stated = [(text(FreeTextKey.SUBJECT_REASON, code) or "").strip(), *explained.get(code, ())]
        said = "".join(w if w.endswith(("。", "；", "！")) else w + "。" for w in dict.fromkeys(stated) if w)
        said = reason(said, "说明：")
        yield Block("item", f"{number}. {path}。{figures}{said}")


def _basic_blocks(facts, t5, t6):
    """六: 基本支出 of 表5, 人员经费 and 公用经费 of 表6 with their non-zero economic items."""
    year = facts.final_account.year
    basic = t5.value(code="", key="basic")
    personnel = t6.value(key="personnel_total")
    operating = t6.value(key="operating_total")

    def items(group):
        names = [
            subject.name
            for code, subject in facts.economic_subjects.items()
            if subject.group == group and len(code) == 5 and facts.basic_detail.get(code)
        ]
        return "、".join(names)

    personnel_items = items("personnel")
    operating_items = items("operating")
    yield Block("paragraph", f"{year}年度一般公共预算财政拨款基本支出{amount(basic)}，其中：")
    yield Block(
        "paragraph",
        f"人员经费{amount(personnel)}" + (f"，主要包括：{personnel_items}。" if personnel_items else "。"),
    )
    yield Block(
        "paragraph",
        f"公用经费{amount(operating)}" + (f"，主要包括：{operating_items}。" if operating_items else "。"),
    )


def _official_expense_blocks(facts, table):
    """九: 三公 budget vs actual in total and per item, as the 三公 table prints them, with groups,
    people and vehicles."""
    year = facts.final_account.year

    def cell(half, item):
        return table.value(key=f"{half}_{item}")

    get = {item: (cell("budget", item), cell("actual", item)) for item in OfficialExpenseItem}
    budget, actual = cell("budget", "total"), cell("actual", "total")
    counts = facts.stated_counts
    text = facts.free_text

    def against_budget(b, a):
        if b == ZERO:
            return f"预算为0万元，支出决算为{amount(a)}。"
        return f"预算为{amount(b)}，支出决算为{amount(a)}，完成预算的{percent(a / b)}。"

    yield Block("heading", "（一）“三公”经费财政拨款支出决算总体情况说明")
    sentence = (
        f"{year}年度“三公”经费财政拨款支出"
        + against_budget(budget, actual)
        + year_over_year(facts, NamedFigure.OFFICIAL_EXPENSES_TOTAL, actual)
    )
    if actual != budget:
        lead = "决算数小于预算数的主要原因：" if actual < budget else "决算数大于预算数的主要原因："
        sentence += reason(text(FreeTextKey.OFFICIAL_EXPENSES_BUDGET_REASON), lead)
    sentence += reason(text(FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON), "决算数较上年变动的主要原因：")
    yield Block("paragraph", sentence)

    yield Block("heading", "（二）“三公”经费财政拨款支出决算具体情况说明")
    outbound = get[OfficialExpenseItem.OUTBOUND_TRAVEL]
    yield Block(
        "item",
        "1. 因公出国（境）费"
        + against_budget(*outbound)
        + f"全年安排因公出国（境）团组{counts.get(StatedCount.OUTBOUND_GROUPS, 0)}个，"
        f"累计{counts.get(StatedCount.OUTBOUND_PEOPLE, 0)}人次。",
    )
    purchase = get[OfficialExpenseItem.VEHICLE_PURCHASE]
    operation = get[OfficialExpenseItem.VEHICLE_OPERATION]
    yield Block(
        "item",
        "2. 公务用车购置及运行维护费"
        + against_budget(cell("budget", "vehicles"), cell("actual", "vehicles"))
        + f"其中：公务用车购置费{amount(purchase[1])}，购置公务用车{counts.get(StatedCount.VEHICLES_PURCHASED, 0)}辆；"
        f"公务用车运行维护费{amount(operation[1])}，截至{year}年12月31日公务用车保有量"
        f"{counts.get(StatedCount.VEHICLES_HELD, 0)}辆。",
    )
    reception = get[OfficialExpenseItem.RECEPTION]
    domestic = facts.stated_figures.get(StatedFigure.RECEPTION_DOMESTIC, ZERO)
    foreign = facts.stated_figures.get(StatedFigure.RECEPTION_FOREIGN, ZERO)
    use = (text(FreeTextKey.RECEPTION_USE) or "").strip()
    yield Block(
        "item",
        "3. 公务接待费"
        + against_budget(*reception)
        + year_over_year(facts, NamedFigure.RECEPTION, reception[1])
        + f"其中：国内公务接待支出{amount(domestic)}"
        + (f"，{use.rstrip('。')}" if use else "")
        + f"，全年共接待国内来访团组{counts.get(StatedCount.DOMESTIC_RECEPTION_GROUPS, 0)}个、"
        f"{counts.get(StatedCount.DOMESTIC_RECEPTION_PEOPLE, 0)}人次（不包括陪同人员）；"
        f"外事接待支出{amount(foreign)}，共接待国外来访团组{counts.get(StatedCount.FOREIGN_RECEPTION_GROUPS, 0)}个、"
        f"{counts.get(StatedCount.FOREIGN_RECEPTION_PEOPLE, 0)}人次。",
    )


def _procurement_sentence(facts):
    """十一: 政府采购 by goods / works / services with the shares awarded to SMEs and small firms."""
    fa = facts.final_account
    figures = facts.stated_figures
    goods = figures.get(StatedFigure.PROCUREMENT_GOODS, ZERO)
    works = figures.get(StatedFigure.PROCUREMENT_WORKS, ZERO)
    services = figures.get(StatedFigure.PROCUREMENT_SERVICES, ZERO)
    total = goods + works + services
    if total == ZERO:
        return f"{fa.year}年度{fa.department.display_name}无政府采购支出。"
    sme_parts = {
        "货物": (figures.get(StatedFigure.PROCUREMENT_GOODS_SME, ZERO), goods),
        "工程": (figures.get(StatedFigure.PROCUREMENT_WORKS_SME, ZERO), works),
        "服务": (figures.get(StatedFigure.PROCUREMENT_SERVICES_SME, ZERO), services),
    }
    sme = sum((part for part, _whole in sme_parts.values()), ZERO)
    small = figures.get(StatedFigure.PROCUREMENT_SMALL_MICRO, ZERO)
    per_kind = "，".join(
        f"{kind}采购授予中小企业合同金额占{kind}支出金额的{share(part, whole)}"
        for kind, (part, whole) in sme_parts.items()
        if whole
    )
    return (
        f"{fa.year}年度{fa.department.display_name}政府采购支出总额{amount(total)}，其中：政府采购货物支出{amount(goods)}、"
        f"政府采购工程支出{amount(works)}、政府采购服务支出{amount(services)}。授予中小企业合同金额{amount(sme)}，"
        f"占政府采购支出总额的{share(sme, total)}，其中：授予小微企业合同金额{amount(small)}，"
        f"占授予中小企业合同金额的{share(small, sme)}；{per_kind}。"
    )


def _assets_sentence(facts):
    """十二: vehicles by kind and equipment of 100万元 or more, at the end of the year."""
    fa = facts.final_account
    counts = facts.stated_counts
    vehicles = {key: counts.get(key, 0) for key in ASSET_VEHICLE_COUNTS}
    total = sum(vehicles.values())
    kinds = "，".join(f"{key.label}{n}辆" for key, n in vehicles.items() if n)
    note = (facts.free_text(FreeTextKey.ASSETS_NOTE) or "").strip()
    sentence = f"截至{fa.year}年12月31日，{fa.department.display_name}共有车辆{total}辆"
    sentence += f"，其中，{kinds}" if kinds else ""
    sentence += "。" if not note else f"，{note}" + ("" if note.endswith("。") else "。")
    sentence += f"单价100万元（含）以上设备{counts.get(StatedCount.ASSET_EQUIPMENT_OVER_1M, 0)}台（套）。"
    return sentence
