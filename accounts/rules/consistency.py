"""Consistency of figures stated outside the tables: last year's figures, 三公 details, counts, 政府采购.

Y<n>: last year's named figures against each other. They are typed in once from last year's disclosure;
a part above its whole cannot be true (Y1), and two figures that are one quantity this year and differ last
year print two different year-over-year changes for what the reader takes to be one figure (Y2).

S<n>: stated figures against the tables and against each other: 公务接待费 and its 国内/外事 parts (S1),
counts against the spending they go with (S2), vehicles held dropping to none (S3), 机关运行经费 against
表6 公用经费 by unit type (S4), 政府采购 parts against their wholes (S5).
"""

from decimal import Decimal

from ..addresses import Address
from ..choices import ASSET_VEHICLE_COUNTS, NamedFigure, StatedCount, StatedFigure
from ..formatting import ratio_percent, sentence_amount
from ..models import Unit
from .quantities import NAMED_FIGURE_QUANTITIES, has_quantity

ZERO = Decimal("0.00")
N = NamedFigure

# Part ≤ whole among the named figures (表1/表4 lines, 三公): true of every year's figures. Each part
# is compared with the nearest of its wholes that was entered.
PRIOR_WHOLES = {
    N.GENERAL_BUDGET_INCOME: (N.APPROPRIATION_INCOME_TOTAL, N.INCOME_TOTAL, N.GRAND_TOTAL),
    N.APPROPRIATION_INCOME_TOTAL: (N.INCOME_TOTAL, N.APPROPRIATION_GRAND_TOTAL, N.GRAND_TOTAL),
    N.INCOME_TOTAL: (N.GRAND_TOTAL,),
    N.GENERAL_BUDGET_EXPENDITURE: (N.APPROPRIATION_EXPENDITURE_TOTAL, N.EXPENDITURE_TOTAL, N.GRAND_TOTAL),
    N.APPROPRIATION_EXPENDITURE_TOTAL: (N.EXPENDITURE_TOTAL, N.APPROPRIATION_GRAND_TOTAL, N.GRAND_TOTAL),
    N.EXPENDITURE_TOTAL: (N.GRAND_TOTAL,),
    N.APPROPRIATION_GRAND_TOTAL: (N.GRAND_TOTAL,),
    N.RECEPTION: (N.OFFICIAL_EXPENSES_TOTAL,),
}
# (part, whole, the same pair on the other side): when last year's other side shows the part was the
# whole (all income was appropriation), last year's figures of this side should be equal as well.
PRIOR_SAME = (
    (N.APPROPRIATION_EXPENDITURE_TOTAL, N.EXPENDITURE_TOTAL, (N.APPROPRIATION_INCOME_TOTAL, N.INCOME_TOTAL)),
    (
        N.GENERAL_BUDGET_EXPENDITURE,
        N.APPROPRIATION_EXPENDITURE_TOTAL,
        (N.GENERAL_BUDGET_INCOME, N.APPROPRIATION_INCOME_TOTAL),
    ),
    (N.APPROPRIATION_INCOME_TOTAL, N.INCOME_TOTAL, (N.APPROPRIATION_EXPENDITURE_TOTAL, N.EXPENDITURE_TOTAL)),
    (
        N.GENERAL_BUDGET_INCOME,
        N.APPROPRIATION_INCOME_TOTAL,
        (N.GENERAL_BUDGET_EXPENDITURE, N.APPROPRIATION_EXPENDITURE_TOTAL),
    ),
)


def wan(yuan):
    return f"{sentence_amount(yuan)}万元"


def prior_cell(key):
    return Address("prior", (key.value, "amount"))


def prior_parts_within_wholes(context, rule):
    """Y1: last year's part figure is not above last year's whole (一般公共预算 ≤ 财政拨款 ≤ 本年合计 ≤ 总计)."""
    prior = context.facts.prior_year
    for part, wholes in PRIOR_WHOLES.items():
        whole = next((whole for whole in wholes if whole in prior), None)
        if part not in prior or whole is None:
            continue
        part_value, whole_value = prior[part][0], prior[whole][0]
        if part_value <= whole_value:
            continue
        yield context.finding(
            rule,
            cells=(prior_cell(part), prior_cell(whole)),
            expected=whole_value,
            actual=part_value,
            message=(
                f"上年数“{part.label}”{wan(part_value)}大于其所属的上年数“{whole.label}”{wan(whole_value)}"
            ),
        )


def _change(current, prior):
    change = current - prior
    sign = "+" if change >= ZERO else "-"
    rate = f"，{ratio_percent(change / prior)}" if prior else ""
    return f"{sign}{sentence_amount(abs(change))}万元{rate}"


def prior_figures_agree(context, rule):
    """Y2: figures equal this year, and equal last year by last year's own other side, agree last year."""
    prior = context.facts.prior_year
    for part, whole, (other_part, other_whole) in PRIOR_SAME:
        keys = (part, whole, other_part, other_whole)
        if any(key not in prior for key in keys):
            continue
        names = (NAMED_FIGURE_QUANTITIES[part], NAMED_FIGURE_QUANTITIES[whole])
        if not all(has_quantity(context, name) for name in names):
            continue
        current_part, current_whole = (context.quantity(name).value for name in names)
        prior_part, prior_whole = prior[part][0], prior[whole][0]
        if current_part != current_whole or prior_part == prior_whole:
            continue
        if prior[other_part][0] != prior[other_whole][0]:
            continue  # last year had other money on the other side too: the difference may be real
        yield context.finding(
            rule,
            cells=(prior_cell(whole), prior_cell(part)),
            expected=prior_part,
            actual=prior_whole,
            target=f"上年数/{whole.label}={part.label}",
            message=(
                f"上年数“{whole.label}”{wan(prior_whole)}与“{part.label}”{wan(prior_part)}不一致：本年两者均为"
                f"{wan(current_whole)}，上年“{other_whole.label}”与“{other_part.label}”均为"
                f"{wan(prior[other_whole][0])}，两处较上年增减将不一致（{_change(current_whole, prior_whole)}；"
                f"{_change(current_part, prior_part)}），请核对上年数"
            ),
        )


def reception_parts_add_up(context, rule):
    """S1: 公务接待费 (表9) = 国内公务接待费 + 外事接待费 (情况说明 九(二)3 prints all three)."""
    if not has_quantity(context, "T9.actual_reception"):
        return
    finding = context.compare(
        rule,
        [context.quantity("T9.actual_reception")],
        "=",
        [context.quantity("stated.reception_domestic"), context.quantity("stated.reception_foreign")],
        target="表9/公务接待费=国内+外事",
    )
    if finding is not None:
        yield finding


# (spending quantity, counts that go with it, what is bought or done)
COUNTED_SPENDING = (
    (
        "T9.actual_outbound_travel",
        (StatedCount.OUTBOUND_GROUPS, StatedCount.OUTBOUND_PEOPLE),
        "因公出国（境）费",
    ),
    ("T9.actual_vehicle_purchase", (StatedCount.VEHICLES_PURCHASED,), "公务用车购置费"),
    ("T9.actual_vehicle_operation", (StatedCount.VEHICLES_HELD,), "公务用车运行维护费"),
    (
        "stated.reception_domestic",
        (StatedCount.DOMESTIC_RECEPTION_GROUPS, StatedCount.DOMESTIC_RECEPTION_PEOPLE),
        "国内公务接待费",
    ),
    (
        "stated.reception_foreign",
        (StatedCount.FOREIGN_RECEPTION_GROUPS, StatedCount.FOREIGN_RECEPTION_PEOPLE),
        "外事接待费",
    ),
)


def counts_match_spending(context, rule):
    """S2: spending with no count (车辆购置费 but no vehicle bought) and counts with no spending."""
    counts = context.facts.stated_counts
    for name, keys, what in COUNTED_SPENDING:
        if not has_quantity(context, name):
            continue
        spending = context.quantity(name)
        stated = [(key, counts.get(key, 0) or 0) for key in keys]
        count_cells = tuple(Address("count", (key.value,)) for key in keys)
        described = "、".join(f"{key.label}{value}" for key, value in stated)
        if spending.value > ZERO and all(value == 0 for _key, value in stated):
            message = f"{what}{wan(spending.value)}，但{described}"
        elif spending.value == ZERO and any(value > 0 for _key, value in stated):
            message = f"{described}，但{what}为0"
            if keys[0] == StatedCount.VEHICLES_HELD:
                continue  # vehicles held may run on money other than appropriations
        else:
            continue
        yield context.finding(
            rule,
            cells=spending.cells + count_cells,
            actual=spending.value,
            target=f"{what}/数量",
            message=message,
        )


def vehicles_still_held(context, rule):
    """S3: vehicles held fall to none from last year's count (last year's account in the system), are
    fewer than the vehicles bought this year, or more than the vehicles 情况说明 十二 lists by kind."""
    counts = context.facts.stated_counts
    now = counts.get(StatedCount.VEHICLES_HELD) or 0
    held = Address("count", (StatedCount.VEHICLES_HELD.value,))
    carried = context.extra.get("previous_year")
    before = 0 if carried is None else carried.facts.stated_counts.get(StatedCount.VEHICLES_HELD) or 0
    if before > 0 and now == 0:
        yield context.finding(
            rule,
            cells=(held,),
            expected=Decimal(before),
            actual=Decimal(now),
            unit="辆",
            message=f"公务用车保有量由上年{before}辆降为0辆，请核对或说明车辆处置、划转情况",
        )
    bought = counts.get(StatedCount.VEHICLES_PURCHASED) or 0
    if bought > now:
        yield context.finding(
            rule,
            cells=(held, Address("count", (StatedCount.VEHICLES_PURCHASED.value,))),
            expected=Decimal(bought),
            actual=Decimal(now),
            unit="辆",
            target="其他填报数量/公务用车保有量≥购置数",
            message=f"本年购置公务用车{bought}辆，年末公务用车保有量却只有{now}辆",
        )
    by_kind = [key for key in ASSET_VEHICLE_COUNTS if counts.get(key) is not None]
    listed = sum(counts[key] or 0 for key in by_kind)
    if by_kind and now > listed:
        yield context.finding(
            rule,
            cells=(held, *(Address("count", (key.value,)) for key in by_kind)),
            expected=Decimal(listed),
            actual=Decimal(now),
            unit="辆",
            target="其他填报数量/公务用车保有量≤国有资产车辆",
            message=f"公务用车保有量{now}辆，多于国有资产占用情况所列车辆合计{listed}辆",
        )


def operating_costs_by_unit_type(context, rule):
    """S4: 机关运行经费 is only 行政/参公 units' 公用经费: none for 事业 units alone, ≤ 表6 公用经费 when mixed.

    (Departments of 行政/参公 units alone are R27: equal.)
    """
    types = set(context.extra.get("unit_types") or [])
    administrative = {Unit.Type.ADMINISTRATIVE, Unit.Type.CIVIL_SERVICE_MANAGED}
    if not types or types <= administrative:
        return
    costs = context.quantity("stated.operating_costs")
    if not types & administrative:
        if costs.value > ZERO:
            yield context.finding(
                rule,
                cells=costs.cells,
                expected=ZERO,
                actual=costs.value,
                message=f"部门所属单位均为事业单位（非参公），机关运行经费应为0，填报{wan(costs.value)}",
            )
        return
    if not has_quantity(context, "T6.operating_total"):
        return
    finding = context.compare(
        rule,
        [costs],
        "<=",
        [context.quantity("T6.operating_total")],
        message="机关运行经费（行政单位和参公事业单位的日常公用经费）不应大于表6 公用经费合计",
    )
    if finding is not None:
        yield finding


PROCUREMENT_PARTS = (
    (StatedFigure.PROCUREMENT_GOODS_SME, (StatedFigure.PROCUREMENT_GOODS,)),
    (StatedFigure.PROCUREMENT_WORKS_SME, (StatedFigure.PROCUREMENT_WORKS,)),
    (StatedFigure.PROCUREMENT_SERVICES_SME, (StatedFigure.PROCUREMENT_SERVICES,)),
    (
        StatedFigure.PROCUREMENT_SMALL_MICRO,
        (
            StatedFigure.PROCUREMENT_GOODS_SME,
            StatedFigure.PROCUREMENT_WORKS_SME,
            StatedFigure.PROCUREMENT_SERVICES_SME,
        ),
    ),
)


def procurement_parts_within_wholes(context, rule):
    """S5: 授予中小企业 ≤ its kind's 政府采购; 授予小微企业 ≤ 授予中小企业 in all (情况说明 十一)."""
    for part, wholes in PROCUREMENT_PARTS:
        finding = context.compare(
            rule,
            [context.quantity(f"stated.{part.value}")],
            "<=",
            [context.quantity(f"stated.{whole.value}") for whole in wholes],
            message=f"{part.label}不应大于"
            + "、".join(str(whole.label) for whole in wholes)
            + ("之和" if len(wholes) > 1 else ""),
            target=f"其他填报金额/{part.label}",
        )
        if finding is not None:
            yield finding
