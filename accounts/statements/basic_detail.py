"""表6 一般公共预算财政拨款基本支出决算明细表: side-by-side blocks of economic subjects.

The national format prints three blocks (人员经费 | 公用经费 302 | 公用经费 310), 上海 two (301, 303 |
302, 310); the format's layout lists them.
"""

from decimal import Decimal
from itertools import zip_longest

from .structures import Cell, HeaderCell, Row, Statement

ZERO = Decimal("0.00")


def _block_lines(facts, categories, sections):
    """Return (code, name, 元, is_category) lines of one block, categories followed by their 款.

    The 款 listed are the format's, as printed; a 款 with an amount that the format does not list is
    appended after its category's list rather than dropped.
    """
    lines = []
    for category in categories:
        listed = list(sections.get(category, []))
        extra = sorted(code for code in facts.basic_detail if code[:3] == category and code not in listed)
        codes = listed + extra
        total = sum((facts.basic_detail.get(code, ZERO) for code in codes), ZERO)
        subject = facts.economic_subjects.get(category)
        lines.append((category, subject.name if subject else "", total, True))
        for code in codes:
            subject = facts.economic_subjects.get(code)
            lines.append((code, subject.name if subject else "", facts.basic_detail.get(code, ZERO), False))
    return lines


def build_basic_expenditure_detail(facts):
    """表6: 人员经费 (301, 303) and 公用经费 (302, 310) by economic 款, with the two totals."""
    table = facts.tables["basic_expenditure_detail"]
    layout = table.layout
    blocks = [_block_lines(facts, block["categories"], layout["sections"]) for block in layout["blocks"]]
    group_totals = {}
    for block, lines in zip(layout["blocks"], blocks, strict=True):
        group_totals[block["group"]] = group_totals.get(block["group"], ZERO) + sum(
            (amount for _c, _n, amount, is_category in lines if is_category), ZERO
        )
    rows = []
    for line_number, parts in enumerate(zip_longest(*blocks), start=1):
        cells = []
        for part in parts:
            if part is None:
                cells += [Cell(text="", role="code"), Cell(text="", role="name"), Cell(text="")]
                continue
            code, name, amount, _is_category = part
            cells += [
                Cell(text=code, role="code", code=code),
                Cell(text=name, role="name", code=code),
                Cell(value=amount, key="economic", code=code, line=line_number),
            ]
        rows.append(Row(cells=tuple(cells), kind="line"))
    labels = layout["total_labels"]
    personnel_span = 3 * sum(1 for b in layout["blocks"] if b["group"] == "personnel")
    operating_span = 3 * sum(1 for b in layout["blocks"] if b["group"] == "operating")
    rows.append(
        Row(
            cells=(
                Cell(text=labels["personnel"], role="label", colspan=personnel_span - 1),
                Cell(value=group_totals.get("personnel", ZERO), key="personnel_total"),
                Cell(text=labels["operating"], role="label", colspan=operating_span - 1),
                Cell(value=group_totals.get("operating", ZERO), key="operating_total"),
            ),
            kind="total",
        )
    )
    # The national table heads its blocks 人员经费 | 公用经费; 上海 prints no such row (no group_labels).
    group_labels = layout.get("group_labels")
    first = []
    for block in layout["blocks"]:
        if first and first[-1][0] == block["group"]:
            first[-1] = (block["group"], first[-1][1] + 3)
        else:
            first.append((block["group"], 3))
    code_label = layout.get("code_label", "经济分类科目")
    columns = tuple(
        h
        for _ in layout["blocks"]
        for h in (HeaderCell(code_label), HeaderCell("科目名称"), HeaderCell("决算数"))
    )
    if group_labels:
        header = (tuple(HeaderCell(group_labels[group], colspan=span) for group, span in first), columns)
    else:
        header = (columns,)
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header,
        rows=tuple(rows),
        notes=tuple(table.notes),
        wide=True,
        column_count=3 * len(layout["blocks"]),
    )
