"""表9 财政拨款“三公”经费支出决算表: budget and actual of the three (four) items in one row."""

from decimal import Decimal

from ..choices import OfficialExpenseItem
from .structures import Cell, HeaderCell, Row, Statement

ZERO = Decimal("0.00")


def build_official_expenses(facts):
    """表9: columns 1–6 预算数, 7–12 决算数 (合计, 出国, 车辆小计, 购置, 运行, 接待)."""
    table = facts.tables["official_expenses"]
    layout = table.layout

    def amounts(index):
        get = {item: facts.official_expenses.get(item, (ZERO, ZERO))[index] for item in OfficialExpenseItem}
        vehicles = get[OfficialExpenseItem.VEHICLE_PURCHASE] + get[OfficialExpenseItem.VEHICLE_OPERATION]
        outbound, reception = get[OfficialExpenseItem.OUTBOUND_TRAVEL], get[OfficialExpenseItem.RECEPTION]
        return [
            ("total", outbound + vehicles + reception),
            ("outbound_travel", outbound),
            ("vehicles", vehicles),
            ("vehicle_purchase", get[OfficialExpenseItem.VEHICLE_PURCHASE]),
            ("vehicle_operation", get[OfficialExpenseItem.VEHICLE_OPERATION]),
            ("reception", reception),
        ]

    cells = [
        Cell(value=value, column=offset + i, key=f"{prefix}_{key}")
        for prefix, offset, index in (("budget", 1, 0), ("actual", 7, 1))
        for i, (key, value) in enumerate(amounts(index))
    ]
    half = (
        HeaderCell("合计", rowspan=2),
        HeaderCell("因公出国（境）费", rowspan=2),
        HeaderCell("公务用车购置及运行维护费", colspan=3),
        HeaderCell("公务接待费", rowspan=2),
    )
    vehicles = (HeaderCell("小计"), HeaderCell("公务用车购置费"), HeaderCell("公务用车运行维护费"))
    header = (
        (
            HeaderCell(layout.get("budget_label", "预算数"), colspan=6),
            HeaderCell(layout.get("actual_label", "决算数"), colspan=6),
        ),
        half + half,
        vehicles + vehicles,
        tuple(HeaderCell(str(n)) for n in range(1, 13)),
    )
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header,
        rows=(Row(cells=tuple(cells), kind="line"),),
        notes=tuple(table.notes),
        wide=True,
        column_count=12,
    )
