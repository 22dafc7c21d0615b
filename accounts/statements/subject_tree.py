"""Roll item-level (项) amounts up to 款, 类 and 合计, in the code order the tables print."""

from decimal import Decimal

from .structures import Cell, Row

ZERO = Decimal("0.00")
KIND_BY_LENGTH = {3: "category", 5: "section", 7: "item"}


def subject_rows(items, columns, subject_name, *, total_label="合计"):
    """Return the 合计 row and the 类/款/项 rows for `items`.

    `items` maps an item code to {column key: 元}; `columns` is the format's column list
    ({"key", "number"}); every 款, 类 and the 合计 is the sum of the items below it.
    """
    keys = [c["key"] for c in columns]
    totals = {}
    for code, values in items.items():
        for prefix in (code[:3], code[:5], code, ""):
            bucket = totals.setdefault(prefix, dict.fromkeys(keys, ZERO))
            for key in keys:
                bucket[key] += values.get(key, ZERO)

    def amount_cells(code):
        return tuple(
            Cell(value=totals.get(code, {}).get(c["key"], ZERO), column=c["number"], key=c["key"], code=code)
            for c in columns
        )

    rows = [
        Row(
            cells=(Cell(text="", role="code"), Cell(text=total_label, role="name"), *amount_cells("")),
            kind="total",
        )
    ]
    for code in sorted(c for c in totals if c):
        rows.append(
            Row(
                cells=(
                    Cell(text=code, role="code", code=code),
                    Cell(text=subject_name(code), role="name", code=code),
                    *amount_cells(code),
                ),
                kind=KIND_BY_LENGTH[len(code)],
                code=code,
            )
        )
    return tuple(rows)


def subject_header(columns, *, group_label=None, group_keys=None, line_numbers=True, item_heading=""):
    """Return header rows for a subject table: 科目编码 / 科目名称, the columns, and the 栏次 row.

    With `group_label`, the columns in `group_keys` sit under one spanning header (e.g. 本年支出).
    Without `line_numbers` (a format that prints no 栏次, 上海) the 栏次 row is left out. With
    `item_heading` (上海 “项目”), that heading spans 科目编码 and 科目名称, printed in the row below it.
    """
    from .structures import HeaderCell

    numbers = (HeaderCell("类 款 项"), HeaderCell("栏次"), *(HeaderCell(str(c["number"])) for c in columns))
    subject = (HeaderCell("功能分类科目编码"), HeaderCell("科目名称"))
    if not group_label and not item_heading:
        first = (*subject, *(HeaderCell(c["label"]) for c in columns))
        return (first, numbers) if line_numbers else (first,)
    if item_heading:
        first, second = [HeaderCell(item_heading, colspan=2)], list(subject)
    else:
        first, second = [HeaderCell(h.text, rowspan=2) for h in subject], []
    grouped = [c for c in columns if c["key"] in (group_keys or ())] if group_label else []
    group_started = False
    for c in columns:
        if c in grouped:
            if not group_started:
                first.append(HeaderCell(group_label, colspan=len(grouped)))
                group_started = True
            second.append(HeaderCell(c["label"]))
        else:
            first.append(HeaderCell(c["label"], rowspan=2))
    if not line_numbers:
        return (tuple(first), tuple(second))
    return (tuple(first), tuple(second), numbers)
