"""财政拨款“三公”经费支出决算表 (national 表9, 上海 表7): budget and actual of the items in one row.

The national format prints a 预算数 block of six columns, then a 决算数 block (`"arrangement":
"blocks"`); 上海 prints one (预算数, 决算数) pair per item, item by item (`"pairs"`). Either way a cell
keeps its key and its national 栏次 (预算数 1–6, 决算数 7–12), so its address names the same figure
whatever the order it is printed in.
"""

from decimal import Decimal

from ..choices import OfficialExpenseItem
from .structures import Cell, HeaderCell, Row, Statement

ZERO = Decimal("0.00")


def build_official_expenses(facts):
    """三公: columns 1–6 预算数, 7–12 决算数 (合计, 出国, 车辆小计, 购置, 运行, 接待)."""
    table = facts.tables["official_expenses"]
    layout = table.layout
    budget_label = layout.get("budget_label", "预算数")
    actual_label = layout.get("actual_label", "决算数")

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

    halves = {
        prefix: [
            Cell(value=value, column=offset + i, key=f"{prefix}_{key}")
            for i, (key, value) in enumerate(amounts(index))
        ]
        for prefix, offset, index in (("budget", 1, 0), ("actual", 7, 1))
    }
    labels = layout.get("item_labels", {})
    total = HeaderCell(labels.get("total", "合计"), rowspan=2)
    outbound = HeaderCell(labels.get("outbound_travel", "因公出国（境）费"), rowspan=2)
    reception = HeaderCell(labels.get("reception", "公务接待费"), rowspan=2)
    vehicles_label = labels.get("vehicles_group", "公务用车购置及运行维护费")
    vehicle_items = (
        labels.get("vehicles", "小计"),
        labels.get("vehicle_purchase", "公务用车购置费"),
        labels.get("vehicle_operation", "公务用车运行维护费"),
    )
    if layout.get("arrangement") == "pairs":
        cells = [cell for pair in zip(halves["budget"], halves["actual"], strict=True) for cell in pair]

        def widened(cell):
            return HeaderCell(cell.text, colspan=2, rowspan=cell.rowspan)

        group = ((HeaderCell(layout["group_label"], colspan=12),),) if layout.get("group_label") else ()
        header = (
            *group,
            (widened(total), widened(outbound), HeaderCell(vehicles_label, colspan=6), widened(reception)),
            tuple(HeaderCell(text, colspan=2) for text in vehicle_items),
            tuple(HeaderCell(text) for _ in range(6) for text in (budget_label, actual_label)),
        )
    else:
        cells = halves["budget"] + halves["actual"]
        half = (total, outbound, HeaderCell(vehicles_label, colspan=3), reception)
        vehicles = tuple(HeaderCell(text) for text in vehicle_items)
        header = (
            (HeaderCell(budget_label, colspan=6), HeaderCell(actual_label, colspan=6)),
            half + half,
            vehicles + vehicles,
            *((tuple(HeaderCell(str(n)) for n in range(1, 13)),) if facts.line_numbers else ()),
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
