"""The entry screens: grids laid out like the official tables, with their subtotals and derived figures."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from .. import editing
from ..addresses import Address
from ..choices import (
    APPROPRIATION_SOURCES,
    ASSET_VEHICLE_COUNTS,
    PER_SUBJECT_TEXTS,
    ExpenditureKind,
    FreeTextKey,
    Fund,
    IncomeSource,
    NamedFigure,
    OfficialExpenseItem,
)
from ..choices import StatedCount as StatedCountKey
from ..choices import StatedFigure as StatedFigureKey
from ..models import ExpenditureFact, FinalAccount, FunctionalSubject, IncomeFact
from ..statements import build_statements, load_facts
from ..statements.structures import HeaderCell
from .cells import (
    UNIT_LABELS,
    Derived,
    Grid,
    GridRow,
    Input,
    Screen,
    Static,
    Sum,
    TextField,
    count_value,
    entry_total,
    entry_value,
    row_id,
)

ZERO = Decimal("0.00")


# --- What the entry screens read -------------------------------------------------------------------


@dataclass
class EntryData:
    """The facts of a final account and the item subjects its grids list, with names from its edition.

    Item subjects are those with a figure or a text this year, and those last year's final account of the
    department had income or spending under (carried over, so they are never retyped).
    """

    final_account: object
    facts: object
    previous: object
    names: dict  # functional code → name (items and their 款/类)
    item_codes: tuple
    carried_codes: frozenset
    dropped_codes: tuple  # last year's codes that the edition lacks
    pending_codes: frozenset = frozenset()  # codes pending confirmation for this final account

    @property
    def unit(self):
        return self.final_account.entry_unit


def previous_final_account(final_account):
    """Return last year's final account of the same department, or None."""
    return FinalAccount.objects.filter(
        department_id=final_account.department_id, year=final_account.year - 1
    ).first()


def item_codes_of(final_account):
    """Return the item codes `final_account` has income or spending under (one query)."""
    income = IncomeFact.objects.filter(final_account=final_account).values_list("subject__code", flat=True)
    spending = ExpenditureFact.objects.filter(final_account=final_account).values_list(
        "subject__code", flat=True
    )
    return set(income.union(spending))


def load_entry(final_account, facts=None):
    """Return the EntryData of `final_account` in a constant number of queries."""
    facts = facts or load_facts(final_account)
    previous = previous_final_account(final_account)
    carried = item_codes_of(previous) if previous is not None else set()
    own = {c for c, _ in facts.income} | {c for c, _, _ in facts.expenditure} | set(facts.budget_by_subject)
    own |= {c for _, c in facts.balances if c} | {c for _, c in facts.free_texts if len(c) == 7}
    wanted = own | carried
    prefixes = wanted | {c[:5] for c in wanted} | {c[:3] for c in wanted}
    prefixes |= {c for _, c in facts.free_texts if c}
    names, pending = subject_names(final_account, prefixes)
    items = tuple(sorted(code for code in wanted if code in names and len(code) == 7))
    return EntryData(
        final_account=final_account,
        facts=facts,
        previous=previous,
        names=names,
        item_codes=items,
        carried_codes=frozenset(code for code in carried if code in names),
        dropped_codes=tuple(sorted(code for code in carried if code not in names)),
        pending_codes=pending,
    )


def subject_names(final_account, codes):
    """Return ({code: name}, frozenset of pending codes) of the functional `codes` `final_account` may use:
    its edition's, and those pending for it alone (the edition's wins should both exist). One query."""
    names, pending = {}, set()
    for code, name, pending_for in (
        FunctionalSubject.all_objects.of_final_account(final_account)
        .filter(code__in=codes)
        .order_by("-pending_for_id")
        .values_list("code", "name", "pending_for_id")
    ):
        if code not in names or pending_for is None:
            names[code] = name
            if pending_for is None:
                pending.discard(code)
            else:
                pending.add(code)
    return names, frozenset(pending)


# --- Building grids --------------------------------------------------------------------------------


def subject_tags(grid_key, code):
    return f"g:{grid_key} c:{code[:3]} c:{code[:5]} c:{code}"


def amount_input(name, yuan, label, tags, unit):
    return Input(name=name, value=entry_value(yuan, unit), label=label, tags=tags, amount=yuan)


def subject_rows(
    grid_key, codes, names, columns, make_input, *, total_label="合计", row_total=True, pending=frozenset()
):
    """Return the 合计 row, then 类 and 款 subtotal rows and an input row per item code, in code order.

    `columns` are (column key, label); `make_input(code, column key, label)` returns the Input of a cell;
    rows of `pending` codes are marked as pending confirmation.
    """

    def sums(prefix, row_label):
        base = f"g:{grid_key}" + (f" c:{prefix}" if prefix else "")
        cells = [Sum(tags=f"{base} k:{key}", label=f"{row_label} · {label}") for key, label in columns]
        if row_total:
            cells.append(Sum(tags=base, label=f"{row_label} · 合计"))
        return tuple(cells)

    rows = [GridRow("total", "", total_label, sums("", total_label), row_id(grid_key, ""))]
    shown = set()
    for code in codes:
        for prefix, kind in ((code[:3], "category"), (code[:5], "section")):
            if prefix not in shown:
                shown.add(prefix)
                name = names.get(prefix, "")
                rows.append(
                    GridRow(
                        kind,
                        prefix,
                        name,
                        sums(prefix, f"{prefix} {name}"),
                        row_id(grid_key, prefix),
                        pending=prefix in pending,
                    )
                )
        name = names.get(code, "")
        cells = [make_input(code, key, f"{code} {name} · {label}") for key, label in columns]
        if row_total:
            cells.append(Sum(tags=f"g:{grid_key} c:{code}", label=f"{code} {name} · 合计"))
        rows.append(
            GridRow("item", code, name, tuple(cells), row_id(grid_key, code), pending=code in pending)
        )
    return rows


def subject_header(columns, *, groups=None, total=True):
    """Header rows of a subject grid; `groups` maps a column key to a spanning group label."""
    groups = groups or {}
    if not groups:
        first = [
            HeaderCell("科目编码"),
            HeaderCell("科目名称"),
            *(HeaderCell(label) for _k, label in columns),
        ]
        if total:
            first.append(HeaderCell("合计"))
        return (tuple(first),)
    first = [HeaderCell("科目编码", rowspan=2), HeaderCell("科目名称", rowspan=2)]
    second = []
    index = 0
    while index < len(columns):
        key, label = columns[index]
        group = groups.get(key)
        if group is None:
            first.append(HeaderCell(label, rowspan=2))
            index += 1
            continue
        span = 0
        while index + span < len(columns) and groups.get(columns[index + span][0]) == group:
            second.append(HeaderCell(columns[index + span][1]))
            span += 1
        first.append(HeaderCell(group, colspan=span))
        index += span
    if total:
        first.append(HeaderCell("合计", rowspan=2))
    return (tuple(first), tuple(second))


def income_screen(data):
    unit, facts = data.unit, data.facts
    groups = {s.value: "财政拨款收入" for s in APPROPRIATION_SOURCES}
    columns = [
        (s.value, str(s.label).removesuffix("收入") if s.value in groups else str(s.label))
        for s in IncomeSource
    ]

    def make(code, source, label):
        tags = f"{subject_tags('income', code)} k:{source} src:{source}"
        if source in groups:
            tags += " src:appropriation"
        return amount_input(
            str(Address("income", (code, source))), facts.income.get((code, source)), label, tags, unit
        )

    grid = Grid(
        key="income",
        title="收入（表2、表1 行1–8）",
        add_subjects=True,
        header_rows=subject_header(columns, groups=groups),
        rows=tuple(
            subject_rows("income", data.item_codes, data.names, columns, make, pending=data.pending_codes)
        ),
        note="按项级科目、收入来源填列；政府性基金预算财政拨款收入同时进入表7 本年收入。",
    )
    derived = (
        Derived("表1 本年收入合计（行27）", Sum("g:income", label="本年收入合计")),
        Derived("表2 财政拨款收入（栏2）", Sum("g:income src:appropriation", label="财政拨款收入")),
        *(
            Derived(f"表1 {source.label}", Sum(f"g:income src:{source.value}", label=source.label))
            for source in IncomeSource
        ),
    )
    return Screen("income", "收入", grids=(grid,), derived=derived)


EXPENDITURE_COLUMNS = (
    *(
        (fund, kind)
        for fund in (Fund.GENERAL_BUDGET, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL)
        for kind in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT)
    ),
    *((Fund.NON_APPROPRIATION, kind) for kind in ExpenditureKind),
)


def expenditure_screen(data):
    unit, facts = data.unit, data.facts
    # The appropriation tables (表5, 表7, 表8) print basic and project spending only; another kind from an
    # appropriation fund gets its column only where a figure exists, so that nothing is hidden.
    pairs = list(EXPENDITURE_COLUMNS)
    pairs += sorted(
        {(Fund(f), ExpenditureKind(k)) for _c, f, k in facts.expenditure} - set(pairs),
        key=lambda pair: (list(Fund).index(pair[0]), list(ExpenditureKind).index(pair[1])),
    )
    pairs.sort(key=lambda pair: list(Fund).index(pair[0]))
    columns = [(f"{fund.value}:{kind.value}", kind.label) for fund, kind in pairs]
    groups = {f"{fund.value}:{kind.value}": fund.label for fund, kind in pairs}

    def make(code, key, label):
        fund, kind = key.split(":")
        tags = f"{subject_tags('expenditure', code)} k:{key} f:{fund} kind:{kind}"
        return amount_input(
            str(Address("expenditure", (code, fund, kind))),
            facts.expenditure.get((code, fund, kind)),
            label,
            tags,
            unit,
        )

    grid = Grid(
        key="expenditure",
        title="支出（表3、表5、表7、表8）",
        add_subjects=True,
        header_rows=subject_header(columns, groups=groups),
        rows=tuple(
            subject_rows(
                "expenditure", data.item_codes, data.names, columns, make, pending=data.pending_codes
            )
        ),
        note="按项级科目、资金性质、支出类型填列；表3 为各资金之和，表5、表7、表8 为对应财政拨款的基本、项目支出。",
    )
    derived = [Derived("表1 本年支出合计（行58）", Sum("g:expenditure", label="本年支出合计"))]
    derived += [
        Derived(f"表3 {kind.label}", Sum(f"g:expenditure kind:{kind.value}", label=f"表3 {kind.label}"))
        for kind in ExpenditureKind
    ]
    for fund, table in (
        (Fund.GENERAL_BUDGET, "表5"),
        (Fund.GOVERNMENT_FUND, "表7"),
        (Fund.STATE_CAPITAL, "表8"),
    ):
        derived.append(
            Derived(
                f"{table} {fund.label}支出", Sum(f"g:expenditure f:{fund.value}", label=f"{fund.label}支出")
            )
        )
    derived.append(
        Derived("其他资金支出", Sum(f"g:expenditure f:{Fund.NON_APPROPRIATION.value}", label="其他资金支出"))
    )
    return Screen("expenditure", "支出", grids=(grid,), derived=tuple(derived))


def balances_screen(data):
    unit, facts = data.unit, data.facts
    halves = (("opening", "年初结转和结余"), ("closing", "年末结转和结余"))

    def balance_cells(fund, code, row_label):
        values = facts.balances.get((fund.value, code))
        return tuple(
            amount_input(
                str(Address("balance", (fund.value, code, half))),
                values[i] if values else None,
                f"{row_label} · {label}",
                f"g:balances half:{half} f:{fund.value}",
                unit,
            )
            for i, (half, label) in enumerate(halves)
        )

    header = (HeaderCell("资金性质"), *(HeaderCell(label) for _h, label in halves))
    rows = [
        GridRow(
            "total",
            "",
            "合计",
            tuple(Sum(f"g:balances half:{half}", label=f"合计 · {label}") for half, label in halves),
            row_id("balances", ""),
        )
    ]
    for fund in Fund:
        rows.append(
            GridRow(
                "line", "", fund.label, balance_cells(fund, "", fund.label), row_id("balances", fund.value)
            )
        )
    fund_codes = sorted(
        {c for c, s in facts.income if s == IncomeSource.GOVERNMENT_FUND}
        | {c for c, f, _k in facts.expenditure if f == Fund.GOVERNMENT_FUND}
        | {c for f, c in facts.balances if f == Fund.GOVERNMENT_FUND and c}
    )
    fund_codes = [code for code in fund_codes if code in data.names]

    def make(code, half, label):
        values = facts.balances.get((Fund.GOVERNMENT_FUND.value, code))
        return amount_input(
            str(Address("balance", (Fund.GOVERNMENT_FUND.value, code, half))),
            values[0 if half == "opening" else 1] if values else None,
            label,
            f"{subject_tags('fund_balances', code)} k:{half} g:balances half:{half} f:government_fund",
            unit,
        )

    fund_grid = Grid(
        key="fund_balances",
        title="政府性基金结转和结余（按项级科目，表7 栏1、栏6）",
        add_subjects=True,
        header_rows=subject_header(list(halves), total=False),
        rows=tuple(
            subject_rows(
                "fund_balances",
                fund_codes,
                data.names,
                list(halves),
                make,
                row_total=False,
                pending=data.pending_codes,
            )
        ),
    )
    surplus = Grid(
        key="surplus",
        title="使用非财政拨款结余、结余分配（表1 行28、行59）",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("金额")),),
        rows=tuple(
            GridRow(
                "line",
                "",
                key.label,
                (
                    amount_input(
                        str(Address("stated", (key.value,))),
                        facts.stated_figures.get(key.value),
                        key.label,
                        f"g:surplus s:{key.value}",
                        unit,
                    ),
                ),
                row_id("surplus", key.value),
            )
            for key in (StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED, StatedFigureKey.SURPLUS_DISTRIBUTION)
        ),
    )
    derived = (
        Derived("表1 年初结转和结余（行29）", Sum("g:balances half:opening", label="年初结转和结余")),
        Derived("表1 年末结转和结余（行60）", Sum("g:balances half:closing", label="年末结转和结余")),
        *(
            Derived(
                f"表4 年初 {fund.label}",
                Sum(f"g:balances half:opening f:{fund.value}", label=f"年初 {fund.label}"),
            )
            for fund in (Fund.GENERAL_BUDGET, Fund.GOVERNMENT_FUND, Fund.STATE_CAPITAL)
        ),
    )
    grid = Grid(
        key="balances",
        title="结转和结余（按资金性质）",
        header_rows=(header,),
        rows=tuple(rows),
        label_columns=1,
    )
    return Screen(
        "balances",
        "结转和结余",
        grids=(grid, fund_grid, surplus),
        derived=derived,
        note="政府性基金的结转和结余可按资金性质填列合计，或在下表按项级科目填列（表7 按科目列示）。",
    )


def basic_detail_screen(data):
    unit, facts = data.unit, data.facts
    table = facts.tables.get("basic_expenditure_detail")
    layout = table.layout if table else {"blocks": [], "sections": {}, "group_labels": {}}
    economic = facts.economic_subjects
    rows = []
    groups = {}
    for block in layout["blocks"]:
        for category in block["categories"]:
            groups[category] = block["group"]
    # jsonb does not keep key order: the groups come in the order of the blocks (人员经费, 公用经费).
    labels = layout.get("group_labels", {})
    group_labels = {block["group"]: labels.get(block["group"], "") for block in layout["blocks"]}
    for group, label in group_labels.items():
        rows.append(
            GridRow(
                "total",
                "",
                f"{label}合计",
                (Sum(f"g:detail grp:{group}", label=f"{label}合计"),),
                row_id("detail", group),
            )
        )
    for category, group in groups.items():
        listed = list(layout["sections"].get(category, []))
        listed += sorted(code for code in facts.basic_detail if code[:3] == category and code not in listed)
        name = economic[category].name if category in economic else ""
        rows.append(
            GridRow(
                "category",
                category,
                name,
                (Sum(f"g:detail c:{category}", label=f"{category} {name}"),),
                row_id("detail", category),
            )
        )
        for code in listed:
            name = economic[code].name if code in economic else ""
            rows.append(
                GridRow(
                    "item",
                    code,
                    name,
                    (
                        amount_input(
                            str(Address("detail", (code,))),
                            facts.basic_detail.get(code),
                            f"{code} {name}",
                            f"g:detail grp:{group} c:{category} c:{code}",
                            unit,
                        ),
                    ),
                    row_id("detail", code),
                )
            )
    statements = build_statements(facts)
    basic = (
        statements["general_budget_expenditure"].value(key="basic", code="")
        if "general_budget_expenditure" in statements
        else ZERO
    )
    grid = Grid(
        key="detail",
        title="一般公共预算财政拨款基本支出明细（表6）",
        header_rows=((HeaderCell("经济分类科目"), HeaderCell("科目名称"), HeaderCell("决算数")),),
        rows=tuple(rows),
        note=f"人员经费与公用经费之和应等于表5 基本支出（已保存数：{entry_total(basic, unit) or '0'} {UNIT_LABELS[unit]}）。",
    )
    derived = tuple(
        Derived(f"表6 {label}合计", Sum(f"g:detail grp:{group}", label=f"{label}合计"))
        for group, label in group_labels.items()
    ) + (Derived("表6 人员经费与公用经费合计", Sum("g:detail", label="基本支出明细合计")),)
    return Screen("basic-detail", "基本支出明细", grids=(grid,), derived=derived)


def official_expenses_screen(data):
    unit, facts = data.unit, data.facts
    halves = (("budget", "预算数"), ("actual", "决算数"))
    rows = [
        GridRow(
            "total",
            "",
            "合计",
            tuple(Sum(f"g:official half:{h}", label=f"合计 · {label}") for h, label in halves),
            row_id("official", ""),
        )
    ]
    for item in OfficialExpenseItem:
        if item == OfficialExpenseItem.VEHICLE_PURCHASE:
            rows.append(
                GridRow(
                    "section",
                    "",
                    "公务用车购置及运行维护费",
                    tuple(
                        Sum(f"g:official half:{h} vehicles", label=f"公务用车购置及运行维护费 · {label}")
                        for h, label in halves
                    ),
                    row_id("official", "vehicles"),
                )
            )
        values = facts.official_expenses.get(item.value)
        tags = (
            "vehicles"
            if item in (OfficialExpenseItem.VEHICLE_PURCHASE, OfficialExpenseItem.VEHICLE_OPERATION)
            else ""
        )
        rows.append(
            GridRow(
                "item",
                "",
                item.label,
                tuple(
                    amount_input(
                        str(Address("official", (item.value, h))),
                        values[i] if values else None,
                        f"{item.label} · {label}",
                        f"g:official half:{h} {tags}".strip(),
                        unit,
                    )
                    for i, (h, label) in enumerate(halves)
                ),
                row_id("official", item.value),
            )
        )
    amounts = Grid(
        key="official",
        title="财政拨款“三公”经费（表9）",
        label_columns=1,
        header_rows=((HeaderCell("项目"), *(HeaderCell(label) for _h, label in halves)),),
        rows=tuple(rows),
    )
    reception = Grid(
        key="reception",
        title="公务接待费构成",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("金额")),),
        rows=tuple(
            GridRow(
                "line",
                "",
                key.label,
                (
                    amount_input(
                        str(Address("stated", (key.value,))),
                        facts.stated_figures.get(key.value),
                        key.label,
                        "g:reception",
                        unit,
                    ),
                ),
                row_id("reception", key.value),
            )
            for key in (StatedFigureKey.RECEPTION_DOMESTIC, StatedFigureKey.RECEPTION_FOREIGN)
        ),
    )
    counts = Grid(
        key="official_counts",
        title="“三公”经费相关数量",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("数量")),),
        rows=tuple(
            count_row("official_counts", key, facts)
            for key in StatedCountKey
            if not key.value.startswith("asset_")
        ),
    )
    derived = (
        Derived("表9 预算数合计（栏1）", Sum("g:official half:budget", label="预算数合计")),
        Derived("表9 决算数合计（栏7）", Sum("g:official half:actual", label="决算数合计")),
        Derived(
            "表9 公务用车购置及运行维护费决算（栏9）",
            Sum("g:official half:actual vehicles", label="公务用车决算"),
        ),
        Derived("国内与外事接待费之和", Sum("g:reception", label="接待费之和")),
    )
    return Screen("official-expenses", "“三公”经费", grids=(amounts, reception, counts), derived=derived)


def count_row(grid_key, key, facts, tags=""):
    count = facts.stated_counts.get(key.value)
    return GridRow(
        "line",
        "",
        key.label,
        (
            Input(
                name=str(Address("count", (key.value,))),
                value=count_value(count),
                label=key.label,
                tags=f"g:{grid_key} {tags}".strip(),
                kind="count",
                amount=count,
            ),
        ),
        row_id(grid_key, key.value),
    )


def budgets_screen(data):
    unit, facts = data.unit, data.facts
    rows = [
        GridRow(
            "line",
            "",
            "年初预算合计",
            (
                amount_input(
                    str(Address("budget", ("total", ""))),
                    facts.budget_total,
                    "年初预算合计",
                    "g:budget_total",
                    unit,
                ),
            ),
            row_id("budget_totals", "total"),
        )
    ]
    for kind in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
        rows.append(
            GridRow(
                "line",
                "",
                kind.label,
                (
                    amount_input(
                        str(Address("budget", ("kind", kind.value))),
                        facts.budget_by_kind.get(kind.value),
                        f"年初预算 · {kind.label}",
                        f"g:budget_kinds k:{kind.value}",
                        unit,
                    ),
                ),
                row_id("budget_totals", kind.value),
            )
        )
    rows.append(
        GridRow(
            "total",
            "",
            "基本支出与项目支出之和",
            (Sum("g:budget_kinds", label="基本支出与项目支出之和"),),
            row_id("budget_totals", "kinds"),
        )
    )
    totals = Grid(
        key="budget_totals",
        title="一般公共预算财政拨款年初预算",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("年初预算")),),
        rows=tuple(rows),
        note="未填为“未编制预算”，填 0 为“预算为零”，两者不同。",
    )
    spending = defaultdict(lambda: ZERO)
    for (code, fund, _kind), amount in facts.expenditure.items():
        if fund == Fund.GENERAL_BUDGET:
            spending[code] += amount

    def make(code, key, label):
        return amount_input(
            str(Address("budget", ("subject", code))),
            facts.budget_by_subject.get(code),
            label,
            f"{subject_tags('budget_subjects', code)} k:{key}",
            unit,
        )

    rows = subject_rows(
        "budget_subjects",
        data.item_codes,
        data.names,
        [("budget", "年初预算")],
        make,
        row_total=False,
        pending=data.pending_codes,
    )
    rows = [
        GridRow(
            row.kind,
            row.code,
            row.name,
            (*row.cells, Static(entry_total(spending_of(spending, row.code), unit), role="amount")),
            row.id,
            pending=row.pending,
        )
        for row in rows
    ]
    subjects = Grid(
        key="budget_subjects",
        title="按项级科目的年初预算（情况说明 五）",
        add_subjects=True,
        header_rows=(
            (
                HeaderCell("科目编码"),
                HeaderCell("科目名称"),
                HeaderCell("年初预算"),
                HeaderCell("表5 决算数（已保存）"),
            ),
        ),
        rows=tuple(rows),
    )
    derived = (
        Derived("按科目年初预算合计", Sum("g:budget_subjects", label="按科目年初预算合计")),
        Derived("基本支出与项目支出之和", Sum("g:budget_kinds", label="基本支出与项目支出之和")),
    )
    return Screen("budgets", "年初预算", grids=(totals, subjects), derived=derived)


def spending_of(spending, prefix):
    return sum((amount for code, amount in spending.items() if code.startswith(prefix)), ZERO)


def other_screen(data):
    unit, facts = data.unit, data.facts

    def stated_row(grid_key, key, tags=""):
        return GridRow(
            "line",
            "",
            key.label,
            (
                amount_input(
                    str(Address("stated", (key.value,))),
                    facts.stated_figures.get(key.value),
                    key.label,
                    f"g:{grid_key} {tags}".strip(),
                    unit,
                ),
            ),
            row_id(grid_key, key.value),
        )

    operating = Grid(
        key="operating",
        title="机关运行经费（情况说明 九）",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("金额")),),
        rows=(stated_row("operating", StatedFigureKey.OPERATING_COSTS),),
    )
    procurement_rows = [
        GridRow(
            "total",
            "",
            "政府采购支出合计",
            (
                Sum("g:procurement k:total", label="政府采购支出合计"),
                Sum("g:procurement k:sme", label="授予中小企业合同金额合计"),
            ),
            row_id("procurement", ""),
        )
    ]
    for total, sme, label in (
        (StatedFigureKey.PROCUREMENT_GOODS, StatedFigureKey.PROCUREMENT_GOODS_SME, "货物"),
        (StatedFigureKey.PROCUREMENT_WORKS, StatedFigureKey.PROCUREMENT_WORKS_SME, "工程"),
        (StatedFigureKey.PROCUREMENT_SERVICES, StatedFigureKey.PROCUREMENT_SERVICES_SME, "服务"),
    ):
        procurement_rows.append(
            GridRow(
                "line",
                "",
                label,
                (
                    amount_input(
                        str(Address("stated", (total.value,))),
                        facts.stated_figures.get(total.value),
                        total.label,
                        "g:procurement k:total",
                        unit,
                    ),
                    amount_input(
                        str(Address("stated", (sme.value,))),
                        facts.stated_figures.get(sme.value),
                        sme.label,
                        "g:procurement k:sme",
                        unit,
                    ),
                ),
                row_id("procurement", total.value),
            )
        )
    small = StatedFigureKey.PROCUREMENT_SMALL_MICRO
    procurement_rows.append(
        GridRow(
            "line",
            "",
            small.label,
            (
                Static(""),
                amount_input(
                    str(Address("stated", (small.value,))),
                    facts.stated_figures.get(small.value),
                    small.label,
                    "g:small_micro",
                    unit,
                ),
            ),
            row_id("procurement", small.value),
        )
    )
    procurement = Grid(
        key="procurement",
        title="政府采购（情况说明 十一）",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("采购支出"), HeaderCell("授予中小企业合同金额")),),
        rows=tuple(procurement_rows),
    )
    asset_rows = [
        GridRow(
            "total",
            "",
            "车辆合计",
            (Sum("g:assets vehicles", label="车辆合计", decimals=0),),
            row_id("assets", ""),
        )
    ]
    asset_rows += [count_row("assets", key, facts, "vehicles") for key in ASSET_VEHICLE_COUNTS]
    asset_rows.append(count_row("assets", StatedCountKey.ASSET_EQUIPMENT_OVER_1M, facts))
    assets = Grid(
        key="assets",
        title="国有资产占用（情况说明 十二）",
        label_columns=1,
        header_rows=((HeaderCell("项目"), HeaderCell("数量")),),
        rows=tuple(asset_rows),
    )
    grids = [operating, procurement, assets]
    if data.previous is None:
        rows = []
        for key in NamedFigure:
            amount, source = facts.prior_year.get(key.value, (None, ""))
            rows.append(
                GridRow(
                    "line",
                    "",
                    key.label,
                    (
                        amount_input(
                            str(Address("prior", (key.value, "amount"))),
                            amount,
                            f"上年 {key.label}",
                            "g:prior",
                            unit,
                        ),
                        Input(
                            name=str(Address("prior", (key.value, "source"))),
                            value=source,
                            label=f"上年 {key.label} · 来源",
                            kind="text",
                            wide=True,
                        ),
                    ),
                    row_id("prior", key.value),
                )
            )
        grids.append(
            Grid(
                key="prior",
                title="上年数（系统中没有上年度决算时填列）",
                label_columns=1,
                header_rows=((HeaderCell("指标"), HeaderCell("上年数"), HeaderCell("来源")),),
                rows=tuple(rows),
                note="来源例如：2021 年度部门决算公开 表1 第27行。",
            )
        )
    note = ""
    if data.previous is not None:
        note = f"上年数取自系统中的 {data.previous.year} 年度部门决算，无需录入。"
    return Screen(
        "other",
        "其他数据",
        grids=tuple(grids),
        note=note,
        derived=(
            Derived("政府采购支出合计", Sum("g:procurement k:total", label="政府采购支出合计")),
            Derived("车辆合计", Sum("g:assets vehicles", label="车辆合计", decimals=0)),
        ),
    )


GENERAL_TEXTS = tuple(key for key in FreeTextKey if key not in PER_SUBJECT_TEXTS)


def texts_screen(data):
    facts, unit = data.facts, data.unit
    general = tuple(
        TextField(str(Address("text", (key.value, ""))), key.label, facts.free_texts.get((key.value, ""), ""))
        for key in GENERAL_TEXTS
    )
    categories = sorted({code[:3] for code in data.item_codes})
    uses = tuple(
        TextField(
            str(Address("text", (FreeTextKey.CATEGORY_USE.value, code))),
            f"{code} {data.names.get(code, '')}",
            facts.free_texts.get((FreeTextKey.CATEGORY_USE.value, code), ""),
        )
        for code in categories
    )
    spending = defaultdict(lambda: ZERO)
    for (code, fund, _kind), amount in facts.expenditure.items():
        if fund == Fund.GENERAL_BUDGET:
            spending[code] += amount
    reasons = []
    for code in data.item_codes:
        budget = facts.budget_by_subject.get(code)
        hint = f"年初预算 {entry_total(budget, unit) or '未填'}，决算 {entry_total(spending.get(code), unit) or '0'}（{UNIT_LABELS[unit]}）"
        reasons.append(
            TextField(
                str(Address("text", (FreeTextKey.SUBJECT_REASON.value, code))),
                f"{code} {data.names.get(code, '')}",
                facts.free_texts.get((FreeTextKey.SUBJECT_REASON.value, code), ""),
                hint,
            )
        )
    return Screen(
        "texts",
        "文字说明",
        texts=(
            ("部门概况与情况说明", general),
            ("类级支出主要用途（情况说明 五）", uses),
            ("项级科目决算与预算差异原因（情况说明 五）", tuple(reasons)),
        ),
    )


SCREENS = {
    "income": ("收入", income_screen),
    "expenditure": ("支出", expenditure_screen),
    "balances": ("结转和结余", balances_screen),
    "basic-detail": ("基本支出明细", basic_detail_screen),
    "official-expenses": ("“三公”经费", official_expenses_screen),
    "budgets": ("年初预算", budgets_screen),
    "other": ("其他数据", other_screen),
    "texts": ("文字说明", texts_screen),
}


def build_screen(data, key):
    """Return the Screen `key` of the final account, with every subtotal computed from the saved figures."""
    screen = SCREENS[key][1](data)
    return with_sums(screen, data.unit)


def with_sums(screen, unit):
    """Return `screen` with each Sum's value computed from the inputs that carry its tags."""
    inputs = [
        cell for grid in screen.grids for row in grid.rows for cell in row.cells if isinstance(cell, Input)
    ]
    by_tag = defaultdict(list)
    for cell in inputs:
        tags = frozenset(cell.tags.split())
        for tag in tags:
            by_tag[tag].append((tags, cell))

    def total(sum_cell):
        wanted = sum_cell.tags.split()
        if not wanted:
            return ""
        rarest = min(wanted, key=lambda tag: len(by_tag.get(tag, ())))
        cells = [
            cell
            for tags, cell in by_tag.get(rarest, ())
            if tags.issuperset(wanted) and cell.amount is not None
        ]
        if sum_cell.decimals == 0 or any(cell.kind == "count" for cell in cells):
            value = sum(cell.amount for cell in cells)
            return f"{value:,}" if value else ""
        return entry_total(sum((cell.amount for cell in cells), ZERO), unit)

    def fill(cell):
        return Sum(cell.tags, total(cell), cell.label, cell.decimals) if isinstance(cell, Sum) else cell

    grids = tuple(
        Grid(
            grid.key,
            grid.title,
            grid.header_rows,
            tuple(
                GridRow(r.kind, r.code, r.name, tuple(fill(c) for c in r.cells), r.id, r.pending)
                for r in grid.rows
            ),
            grid.add_subjects,
            grid.note,
            grid.label_columns,
        )
        for grid in screen.grids
    )
    derived = tuple(Derived(d.label, fill(d.sum)) for d in screen.derived)
    return Screen(screen.key, screen.title, grids, derived, screen.texts, screen.note)


def subject_rows_for(data, screen_key, grid_key, code):
    """Return the rows a grid shows for item subject `code` (its 类 and 款 rows, then its own), for adding it.

    Raises ValidationError when the code is not an item subject of the final account's edition.
    """
    chain = [code[:3], code[:5], code]
    names, pending = subject_names(data.final_account, chain)
    if len(code) == 7 and code.isdigit() and code not in names:
        raise ValidationError(
            "科目编码 %(code)s 不在 %(edition)s 年版《政府收支分类科目》中。请填写科目名称，"
            "它将作为待确认科目暂记在本决算下，由审核人员确认。",
            code="not_in_edition",
            params={
                "code": code,
                "edition": data.final_account.edition,
                "unknown": code,
                "missing": [part for part in chain[:2] if part not in names],
            },
        )
    if len(code) != 7 or code not in names:
        editing.functional_subject(data.final_account, code)  # raises the reason (a 类 or 款, malformed)
    data.names.update(names)
    data.pending_codes = data.pending_codes | pending
    data.item_codes = (code,)
    screen = build_screen(data, screen_key)
    grid = next((g for g in screen.grids if g.key == grid_key and g.add_subjects), None)
    if grid is None:
        raise ValidationError(f"表格“{grid_key}”不能添加科目。", code="no_subjects")
    return [row for row in grid.rows if row.kind != "total"]


def search_subjects(final_account, query, *, limit=20):
    """Return up to `limit` item subjects of the edition whose code starts with, or name contains, `query`."""
    query = str(query).strip()
    if not query:
        return []
    subjects = FunctionalSubject.objects.filter(edition=final_account.edition, code__regex=r"^[0-9]{7}$")
    if query.isdigit():
        subjects = subjects.filter(code__startswith=query)
    else:
        subjects = subjects.filter(name__contains=query)
    return list(subjects.order_by("code").values("code", "name")[:limit])
