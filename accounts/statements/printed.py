"""Printed figures published as printed (DESIGN §2 (b)–(d)): one step over the built statements.

A final account imported from printed 万元 tables keeps each printed cell (PrintedCell, by Address).
The statements are built from the facts as always; this step then gives every amount cell that was
printed the value the department printed (its 万元 figure × 10,000 in 元, as the import read it) and
marks it printed (`Cell.role == "printed"`), so that the tables, the sentences that take their figures
from the tables' cells, and the downloads state what the department published. A printed total and
the sum of its printed parts may then differ by the rounding of each part: that is how the department
printed them. Printed cells are dropped, and the totals above become derived again, when a fact
beneath them changes (`accounts.importing.printed.release_printed_cells`).

A printed row the facts leave empty (a subject printed with no amounts, 表5 203 / 20306 / 2030699 in
the reference) is kept: the row is added where the department printed it, its cells as printed.
A printed blank is not a printed figure: the cell keeps what the facts give.
"""

from dataclasses import replace
from decimal import Decimal

from ..addresses import SUBJECT_KINDS, Address
from ..models import FinalAccount
from .structures import Row
from .subject_tree import KIND_BY_LENGTH

ZERO = Decimal("0.00")
ONE = Decimal("1")
PRINTED = "printed"  # the role of an amount cell showing the figure as printed


def is_printed(cell):
    """Whether an amount cell shows a figure as the department printed it."""
    return cell.is_amount and cell.role == PRINTED


def is_blank(printed):
    """Whether a printed cell (a PrintedCell as loaded, or an import's PrintedFigure) was printed blank."""
    return printed.value is None or getattr(printed, "blank", False)


def overlay_printed(statements, facts, part_counts=dict):
    """Return `statements` ({kind: Statement}) with each printed cell as printed; unchanged without any.

    Only for figures imported from printed 万元 tables (DESIGN §2 (b)): tables in 元 print the facts
    themselves, and a printed cell that differs from them is an error to correct, not a figure to publish.
    """
    if not facts.printed_cells or facts.final_account.provenance != FinalAccount.Provenance.WANYUAN_TABLES:
        return statements
    printed = {}
    for cell in facts.printed_cells:
        address = cell.address
        if address is not None and address.table_kind in statements:
            printed[address] = cell
    if not printed:
        return statements
    parts = part_counts()
    result = {}
    for kind, statement in statements.items():
        mine = {address: cell for address, cell in printed.items() if address.table_kind == kind}
        if not mine:
            result[kind] = statement
            continue
        rows = tuple(_printed_row(statement, row, mine, parts) for row in statement.rows)
        if kind in SUBJECT_KINDS:
            rows = _with_printed_rows(statement, rows, mine, facts)
        result[kind] = replace(statement, rows=rows)
    return result


def _printed_row(statement, row, printed, parts):
    cells = tuple(
        replace(cell, value=printed[address].value, role=PRINTED, parts=max(parts.get(address, 1), 1))
        if cell.is_amount
        and (address := statement.address(cell)) in printed
        and not is_blank(printed[address])
        else cell
        for cell in row.cells
    )
    return replace(row, cells=cells)


def _with_printed_rows(statement, rows, printed, facts):
    """Add the subject rows printed with no figure the facts give, in code order, shaped as their peers."""
    present = {row.code for row in rows if row.code}
    missing = sorted({a.code for a in printed if a.code and a.code not in present})
    if not missing:
        return rows
    rows = list(rows)
    for code in missing:
        peer = next((row for row in rows if row.code and len(row.code) == len(code)), None)
        peer = peer or next((row for row in rows if row.code), None) or rows[0]
        name = facts.subject_name(code) or next(
            (cell.label for address, cell in printed.items() if address.code == code and cell.label), ""
        )
        cells = []
        for cell in peer.cells:
            if cell.is_amount:
                address = statement.address(replace(cell, code=code))
                figure = printed.get(address)
                shown = figure is not None and not is_blank(figure)
                cells.append(
                    replace(
                        cell, code=code, value=figure.value if shown else ZERO, role=PRINTED if shown else ""
                    )
                )
            elif cell.role == "code":
                cells.append(replace(cell, text=code, code=code))
            elif cell.role == "name":
                cells.append(replace(cell, text=name, code=code))
            else:
                cells.append(replace(cell, code=code) if cell.code else cell)
        row = Row(cells=tuple(cells), kind=KIND_BY_LENGTH.get(len(code), peer.kind), code=code)
        # Subject rows print in code order (类, its 款, their 项); the 合计 row, first or last, stays put.
        index = next(
            (i for i, other in enumerate(rows) if other.code and other.code > code),
            max((i + 1 for i, other in enumerate(rows) if other.code), default=len(rows)),
        )
        rows.insert(index, row)
    return tuple(rows)


def facts_marked(facts, chosen):
    """Return `facts` with every stored figure 1 where `chosen(address)` and 0 elsewhere, no printed cells.

    Built into statements, each cell then counts the figures beneath it that were chosen: every
    figure for the number of parts under a total (the rounding a printed total may carry), the
    changed figures for the totals a change reaches.
    """

    def mark(area, *parts):
        return ONE if chosen(Address(area, parts)) else ZERO

    return replace(
        facts,
        income={(c, s): mark("income", c, s) for c, s in facts.income},
        expenditure={(c, f, k): mark("expenditure", c, f, k) for c, f, k in facts.expenditure},
        balances={
            (f, c): (mark("balance", f, c, "opening"), mark("balance", f, c, "closing"))
            for f, c in facts.balances
        },
        basic_detail={c: mark("detail", c) for c in facts.basic_detail},
        official_expenses={
            i: (mark("official", i, "budget"), mark("official", i, "actual")) for i in facts.official_expenses
        },
        stated_figures={k: mark("stated", k) for k in facts.stated_figures},
        printed_cells=[],
    )


def with_figures(facts, addresses):
    """Return `facts` with a zero figure at each of `addresses` it lacks (a figure removed by a change)."""
    income, expenditure = dict(facts.income), dict(facts.expenditure)
    balances, detail = dict(facts.balances), dict(facts.basic_detail)
    official, stated = dict(facts.official_expenses), dict(facts.stated_figures)
    for address in addresses:
        parts = address.parts
        if address.area == "income":
            income.setdefault(parts, ZERO)
        elif address.area == "expenditure":
            expenditure.setdefault(parts, ZERO)
        elif address.area == "balance":
            balances.setdefault((parts[0], parts[1]), (ZERO, ZERO))
        elif address.area == "detail":
            detail.setdefault(parts[0], ZERO)
        elif address.area == "official":
            official.setdefault(parts[0], (ZERO, ZERO))
        elif address.area == "stated":
            stated.setdefault(parts[0], ZERO)
    return replace(
        facts,
        income=income,
        expenditure=expenditure,
        balances=balances,
        basic_detail=detail,
        official_expenses=official,
        stated_figures=stated,
    )
