"""Plain, frozen structures that every output of a statement uses: HTML, PDF, Excel, CSV, JSON, checks."""

from dataclasses import dataclass, field
from decimal import Decimal

from ..addresses import cell_address


@dataclass(frozen=True)
class HeaderCell:
    """A printed header cell, with its spans."""

    text: str
    colspan: int = 1
    rowspan: int = 1

    @property
    def spaced(self):
        """A two-character header word (收入, 项目, 栏次) is printed spaced out, by the stylesheet: the
        text itself stays the plain word, so that machines read "收入", not "收 入"."""
        return len(self.text) == 2

    @property
    def unbroken(self):
        """A header of a few words (本年收入合计, 功能分类科目编码) is never wrapped inside a word in print."""
        return len(self.text) <= 8


@dataclass(frozen=True)
class Cell:
    """A body cell: an amount in 元 (`value`) or a text (`text`), with its address in the table.

    `line` is the 行次 and `column` the 栏次 where the official table prints them; `key` names what the
    cell holds (“income_total”, “basic”); `code` is the subject code of a subject row.
    """

    value: Decimal | None = None
    text: str = ""
    line: int | None = None
    column: int | None = None
    key: str = ""
    code: str = ""
    colspan: int = 1
    role: str = ""  # "name", "code", "line", "label" for text cells; "" for amounts
    # For a cell showing a printed 万元 figure: how many item-level figures it rounds over (DESIGN §2 (b):
    # it may differ from another printed cell of its quantity by this many × 0.005 万元). Not published.
    parts: int = field(default=1, compare=False)

    @property
    def is_amount(self):
        return self.value is not None


@dataclass(frozen=True)
class Row:
    """A body row. `kind` is total, category (类), section (款), item (项), line or footer."""

    cells: tuple[Cell, ...]
    kind: str = "line"
    code: str = ""


@dataclass(frozen=True)
class Statement:
    """One official table built from the facts."""

    kind: str
    number: int
    title: str
    header_rows: tuple[tuple[HeaderCell, ...], ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    empty_sentence: str = ""
    is_empty: bool = False
    wide: bool = False
    column_count: int = field(default=0)

    @property
    def label(self):
        return f"表{self.number}"

    @property
    def landscape(self):
        """Printed on a landscape page: the wide tables, and those of eight columns or more (表2, 表3,
        表7), whose headers would otherwise wrap inside a word."""
        return self.wide or self.column_count >= 8

    def address(self, cell):
        """Return the Address of one of this statement's amount cells."""
        return cell_address(self.kind, cell)

    @property
    def anchored_rows(self):
        """Return the rows as (row, ((cell, HTML id), …)): an amount cell's id is its address's anchor, "" else."""
        return tuple(
            (row, tuple((cell, self.address(cell).anchor if cell.is_amount else "") for cell in row.cells))
            for row in self.rows
        )

    def cells_by_address(self):
        """Return {Address: cell} of the amount cells."""
        return {self.address(cell): cell for cell in self.amount_cells()}

    def cells(self):
        for row in self.rows:
            yield from row.cells

    def amount_cells(self):
        return (cell for cell in self.cells() if cell.is_amount)

    def cell(self, *, line=None, column=None, code=None, key=None):
        """Return the one amount cell matching every given address part, or raise LookupError."""
        found = [
            cell
            for cell in self.amount_cells()
            if (line is None or cell.line == line)
            and (column is None or cell.column == column)
            and (code is None or cell.code == code)
            and (key is None or cell.key == key)
        ]
        if len(found) != 1:
            raise LookupError(
                f"{self.label}: {len(found)} cells match line={line} column={column} code={code} key={key}"
            )
        return found[0]

    def value(self, **address):
        return self.cell(**address).value


def statement_as_data(statement):
    """Return `statement` as plain JSON-ready data: everything it prints, amounts in 元 as text.

    Header rows with their spans, every row with its cells (addresses, texts, spans, roles), notes and
    the empty-table sentence: a reader needs nothing else, neither the format nor the builders, to
    show or download the table again (`statement_from_data`).
    """
    return {
        "kind": statement.kind,
        "number": statement.number,
        "title": str(statement.title),
        "unit": "元",
        "header_rows": [
            [{"text": str(h.text), "colspan": h.colspan, "rowspan": h.rowspan} for h in header_row]
            for header_row in statement.header_rows
        ],
        "rows": [
            {
                "kind": row.kind,
                "code": row.code,
                "cells": [
                    {
                        "value": None if cell.value is None else str(cell.value),
                        "text": str(cell.text),
                        "line": cell.line,
                        "column": cell.column,
                        "key": cell.key,
                        "code": cell.code,
                        "colspan": cell.colspan,
                        "role": cell.role,
                    }
                    for cell in row.cells
                ],
            }
            for row in statement.rows
        ],
        "notes": [str(note) for note in statement.notes],
        "empty_sentence": str(statement.empty_sentence),
        "is_empty": statement.is_empty,
        "wide": statement.wide,
        "column_count": statement.column_count,
    }


def statement_from_data(data):
    """Return the Statement that `statement_as_data` gave `data` for (amounts back to Decimal)."""
    return Statement(
        kind=data["kind"],
        number=data["number"],
        title=data["title"],
        header_rows=tuple(
            tuple(HeaderCell(h["text"], colspan=h["colspan"], rowspan=h["rowspan"]) for h in header_row)
            for header_row in data["header_rows"]
        ),
        rows=tuple(
            Row(
                cells=tuple(
                    Cell(
                        value=None if c["value"] is None else Decimal(c["value"]),
                        text=c["text"],
                        line=c["line"],
                        column=c["column"],
                        key=c["key"],
                        code=c["code"],
                        colspan=c["colspan"],
                        role=c["role"],
                    )
                    for c in row["cells"]
                ),
                kind=row["kind"],
                code=row["code"],
            )
            for row in data["rows"]
        ),
        notes=tuple(data["notes"]),
        empty_sentence=data["empty_sentence"],
        is_empty=data["is_empty"],
        wide=data["wide"],
        column_count=data["column_count"],
    )
