"""Formulas the catalogue writes rules with, besides `engine.Compare`: per-row, hierarchy, row-by-row.

Each is a frozen dataclass the engine calls as `formula(context, rule)`; each yields findings through
`context.compare`, so tolerance and 尾数误差 notices work the same everywhere.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ..addresses import printed_cell
from .engine import Quantity, holds
from .quantities import TABLE_KINDS, cell_quantity

ZERO = Decimal("0.00")
PARENT_LENGTH = {5: 3, 7: 5}


@dataclass(frozen=True)
class All:
    """Several formulas under one rule."""

    formulas: tuple

    def __call__(self, context, rule):
        for formula in self.formulas:
            yield from formula(context, rule)


def all_of(*formulas):
    return All(tuple(formulas))


@dataclass(frozen=True)
class EachRow:
    """For every row of `table` printing all the named 栏次: Σ lhs columns op Σ rhs columns (R6, R7, R9…)."""

    table: str
    lhs: tuple[int, ...]
    rhs: tuple[int, ...]
    op: str = "="

    def __call__(self, context, rule):
        statement = context.statements.get(TABLE_KINDS[self.table])
        if statement is None:
            return
        wanted = (*self.lhs, *self.rhs)
        for row in statement.rows:
            by_column = {
                cell.column: cell for cell in row.cells if cell.is_amount and cell.column is not None
            }
            if not all(column in by_column for column in wanted):
                continue
            if holds(
                sum((by_column[c].value for c in self.lhs), ZERO),
                self.op,
                sum((by_column[c].value for c in self.rhs), ZERO),
            ):
                continue
            finding = context.compare(
                rule,
                [cell_quantity(statement, by_column[c]) for c in self.lhs],
                self.op,
                [cell_quantity(statement, by_column[c]) for c in self.rhs],
            )
            if finding is not None:
                yield finding


@dataclass(frozen=True)
class Hierarchy:
    """In `table`, every 类 = Σ its 款 and every 款 = Σ its 项, per column; with `total`, 合计 = Σ 类 (R14, R15)."""

    table: str
    total: bool = True

    def __call__(self, context, rule):
        statement = context.statements.get(TABLE_KINDS[self.table])
        if statement is None:
            return
        cells = defaultdict(dict)  # code → column (or key) → cell
        for cell in context.amount_cells(statement.kind):
            cells[cell.code][cell.column if cell.column is not None else cell.key] = cell
        children = defaultdict(list)
        for code in cells:
            if len(code) in PARENT_LENGTH:
                children[code[: PARENT_LENGTH[len(code)]]].append(code)
            elif len(code) == 3 and self.total:
                children[""].append(code)
        for parent, codes in children.items():
            if parent not in cells:
                continue
            for column, parent_cell in cells[parent].items():
                parts = [cells[code][column] for code in codes if column in cells[code]]
                if parent_cell.value == sum((cell.value for cell in parts), ZERO):
                    continue
                finding = context.compare(
                    rule,
                    [cell_quantity(statement, parent_cell)],
                    "=",
                    [cell_quantity(statement, cell) for cell in parts],
                )
                if finding is not None:
                    yield finding


@dataclass(frozen=True)
class RowsAgree:
    """For every subject row of either table (codes of `length` digits; all rows with None): lhs op rhs.

    Each side is (table, address), e.g. ("T1", {"key": "category"}) or ("T5", {"key": "total"}); a row
    one table does not print counts as 0, so a 类 the other table lacks is reported (R18, R20, R24).
    """

    lhs: tuple
    rhs: tuple
    op: str = "="
    length: int | None = 3

    def _cells(self, context, side):
        table, address = side
        kind = TABLE_KINDS[table]
        statement = context.statements.get(kind)
        if statement is None:
            return None, {}
        return statement, {
            cell.code: cell
            for cell in context.cells_where(kind, **address)
            if self.length is None or len(cell.code) == self.length
        }

    def __call__(self, context, rule):
        left_statement, left = self._cells(context, self.lhs)
        right_statement, right = self._cells(context, self.rhs)
        if left_statement is None or right_statement is None:
            return
        for code in sorted(set(left) | set(right)):
            if code in left and code in right and holds(left[code].value, self.op, right[code].value):
                continue
            quantities = []
            for statement, cells, side in (
                (left_statement, left, self.lhs),
                (right_statement, right, self.rhs),
            ):
                if code in cells:
                    quantities.append(cell_quantity(statement, cells[code]))
                else:
                    missing = printed_cell(statement.kind, code=code, column=side[1].get("column"))
                    quantities.append(Quantity(ZERO, (missing,), 0))
            finding = context.compare(rule, [quantities[0]], self.op, [quantities[1]])
            if finding is not None:
                yield finding
