"""Cells of the entry grids and amounts as the accountant types them (exact, in the entry unit)."""

from dataclasses import dataclass
from decimal import Decimal

from .. import editing
from ..addresses import Address

ZERO = Decimal("0.00")
TEN_THOUSAND = Decimal("10000")
MICRO = Decimal("0.000001")
UNIT_LABELS = {"yuan": "元", "wanyuan": "万元"}
# Digits after the point of an amount in each entry unit (0.000001 万元 = 0.01 元, so nothing is lost).
UNIT_DECIMALS = editing.UNIT_DECIMALS


def entry_value(yuan, unit):
    """Return an amount in 元 as it is typed in `unit`: exact, no separators; "" for None.

    元 keep two decimals (“16734300.00”); 万元 keep what is needed, at least two (“1673.43”, “0.000123”).
    This is an exact change of unit for an input, not a rounded display: that one is formatting.py's.
    """
    if yuan is None:
        return ""
    if unit == "yuan":
        return f"{yuan:.2f}"
    whole, fraction = f"{(Decimal(yuan) / TEN_THOUSAND).quantize(MICRO):.6f}".split(".")
    return f"{whole}.{fraction.rstrip('0').ljust(2, '0')}"


def entry_total(yuan, unit):
    """Return a subtotal as the grid shows it: `entry_value` with thousands separators; "" for zero."""
    if yuan is None or yuan == ZERO:
        return ""
    whole, fraction = entry_value(yuan, unit).split(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-')):,}.{fraction}"


def count_value(count):
    return "" if count is None else str(count)


# --- Cells -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    """An editable cell: its name (what it sets), the value shown, an accessible label and its tags."""

    name: str
    value: str
    label: str
    tags: str = ""
    kind: str = "amount"  # amount, count, text
    amount: Decimal | int | None = None  # the stored figure, for the server's subtotals
    wide: bool = False

    @property
    def id(self):
        return Address.parse(self.name).anchor

    @property
    def is_input(self):
        return True


@dataclass(frozen=True)
class Sum:
    """A computed cell: the sum of the inputs on the screen that carry every one of its tags."""

    tags: str
    value: str = ""
    label: str = ""
    decimals: int | None = None  # None: the entry unit's; 0 for counts

    @property
    def is_input(self):
        return False


@dataclass(frozen=True)
class Static:
    """A cell that shows saved data only (a name, a code, a figure from another screen)."""

    text: str
    role: str = ""

    @property
    def is_input(self):
        return False


@dataclass(frozen=True)
class GridRow:
    kind: str  # total, category, section, item, line
    code: str
    name: str
    cells: tuple
    id: str = ""
    pending: bool = False  # a subject the edition lacks, kept for this final account until confirmed


@dataclass(frozen=True)
class Grid:
    """One table of inputs; `add_subjects` lets the accountant add item subjects by code or name."""

    key: str
    title: str
    header_rows: tuple
    rows: tuple
    add_subjects: bool = False
    note: str = ""
    label_columns: int = 2  # columns before the first amount: code and name, or one label


@dataclass(frozen=True)
class Derived:
    """A figure of a derived table, recomputed live from the grids of the screen."""

    label: str
    sum: Sum


@dataclass(frozen=True)
class TextField:
    name: str
    label: str
    value: str
    hint: str = ""

    @property
    def id(self):
        return Address.parse(self.name).anchor


@dataclass(frozen=True)
class Screen:
    key: str
    title: str
    grids: tuple = ()
    derived: tuple = ()
    texts: tuple = ()  # (heading, tuple of TextField)
    note: str = ""


def row_id(grid_key, code):
    return f"r-{grid_key}-{code or 'total'}"
