"""One address per figure: the small value that names every stored figure or text and every printed cell.

An `Address` is an area and its parts, printed and parsed in one text syntax, the parts joined by "|":

- stored figures and texts, one area per kind of fact (the names the entry grids post):
  ``income|2080101|general_budget`` (item subject, income source), ``expenditure|2080101|general_budget|basic``
  (item subject, fund, kind), ``balance|government_fund|2080101|opening`` (fund, item subject or "",
  opening or closing), ``detail|30217`` (表6 economic 款), ``official|reception|actual`` (三公 item, budget
  or actual), ``budget|total|``, ``budget|kind|basic``, ``budget|subject|2080101`` (年初预算),
  ``stated|operating_costs``, ``count|vehicles_held``, ``prior|income_total|amount`` (or ``|source``),
  ``text|subject_reason|2080101`` (a free text, per subject for some keys);
- a printed cell of an official table: ``cell|<table kind>|<place>|<栏次>``, the place being ``r27``
  (行次, 表1/表4; a 类 the format does not list, which has no 行次, by its code), a subject code or
  ``total`` (the 合计 row of a subject table), an economic code or ``personnel_total``/``operating_total``
  (表6), or the cell's key (表9, ``actual_reception``);
- a whole official table, for findings about it (a missing note under an empty table): ``table|<kind>``;
- a subject itself, for findings about the classification: ``subject|functional|2080101``;
- areas other apps register (`register_area`): `performance` names its self-evaluation fields so.

The address gives the HTML anchor of the figure (`anchor`), its Chinese label (`label`, e.g.
“表5/2080101/栏2” or “收入/2080101 行政运行/一般公共预算财政拨款收入”: the table or other place first, its
`heading`, then the place within, joined by "/"), the fact behind a printed cell
(`behind`), and what kind of value it holds (`value_type`, `nullable`). Nothing else converts between
naming schemes: statements, entry grids, findings, imports' printed cells, published cells, comments,
explanations, snapshots and the change record store and show addresses.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .choices import (
    ExpenditureKind,
    FreeTextKey,
    Fund,
    IncomeSource,
    NamedFigure,
    OfficialExpenseItem,
)
from .choices import StatedCount as StatedCountKey
from .choices import StatedFigure as StatedFigureKey

SEPARATOR = "|"

# The official tables by kind, with the number the national format prints them at; a format may print
# them elsewhere (上海 puts 三公 at 表7), so labels take the format's numbers where known.
NATIONAL_TABLE_NUMBERS = {
    "income_expenditure_summary": 1,
    "income": 2,
    "expenditure": 3,
    "appropriation_summary": 4,
    "general_budget_expenditure": 5,
    "basic_expenditure_detail": 6,
    "government_fund": 7,
    "state_capital": 8,
    "official_expenses": 9,
}
SUMMARY_KINDS = ("income_expenditure_summary", "appropriation_summary")
SUBJECT_KINDS = ("income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital")
DETAIL_KIND = "basic_expenditure_detail"
OFFICIAL_KIND = "official_expenses"
TOTAL = "total"
DETAIL_TOTALS = {"personnel_total": "人员经费合计", "operating_total": "公用经费合计"}
# 表9 prints these six amounts twice: 栏1–6 预算数 (keys “budget_…”), 栏7–12 决算数 (“actual_…”).
OFFICIAL_ITEMS = (
    "total",
    "outbound_travel",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
)
# The fund whose spending a subject table shows by kind (表3 sums every fund).
FUND_OF_KIND = {
    "general_budget_expenditure": Fund.GENERAL_BUDGET,
    "government_fund": Fund.GOVERNMENT_FUND,
    "state_capital": Fund.STATE_CAPITAL,
}

# The income source of the fund tables that print 本年收入 by item subject.
FUND_TABLE_SOURCES = {
    "government_fund": IncomeSource.GOVERNMENT_FUND,
    "state_capital": IncomeSource.STATE_CAPITAL,
}


class AddressError(ValueError):
    """A text that is not an address, or an address whose parts are not valid."""


def validate_address(text):
    """Raise ValidationError unless `text` is an address (the validator of model fields holding one)."""
    try:
        Address.parse(text)
    except AddressError as error:
        raise ValidationError(str(error), code="invalid_address") from None


def _code(text, lengths=(3, 5, 7)):
    return text.isdigit() and len(text) in lengths


def _optional_code(text):
    return text == "" or _code(text)


@dataclass(frozen=True)
class Area:
    """What an area's parts are: how many, which are valid, the label, and the kind of value held.

    `label(parts, names, tables)` returns the Chinese label; `names` maps subject codes to names and
    `tables` maps table kinds to the numbers a format prints them at (both optional).
    `value_type` is "amount", "count" or "text" (by the last part where it depends on it);
    `nullable` is True where a blank differs from zero (a budget not drawn up, a figure not stated).
    """

    name: str
    arity: int
    valid: Callable[[tuple], bool]
    label: Callable[[tuple, dict, dict], str]
    value_type: Callable[[tuple], str] = lambda parts: "amount"
    nullable: bool = False


_AREAS: dict[str, Area] = {}


def register_area(area):
    """Add an area of addresses (an app's own figures, e.g. the self-evaluation's); return it."""
    if area.name in _AREAS and _AREAS[area.name] != area:
        raise ValueError(f"address area {area.name!r} is already registered")
    _AREAS[area.name] = area
    return area


def _subject(code, names):
    name = (names or {}).get(code, "")
    return f"{code} {name}" if name else code


def _table(kind, tables):
    number = (tables or {}).get(kind) or NATIONAL_TABLE_NUMBERS.get(kind)
    return f"表{number}" if number else kind


def _cell_label(parts, names, tables):
    kind, place, column = parts
    if place.startswith("r") and place[1:].isdigit():
        where = f"行{place[1:]}"
    elif place == TOTAL:
        where = "合计"
    elif kind == OFFICIAL_KIND:
        where = ""  # 表9 has a single row: the 栏次 says it all
    else:
        where = DETAIL_TOTALS.get(place, place)
    return "/".join(p for p in (_table(kind, tables), where, f"栏{column}" if column else "") if p)


def _valid_cell(parts):
    kind, place, column = parts
    return (
        kind in NATIONAL_TABLE_NUMBERS
        and (column == "" or column.isdigit())
        and (
            (
                kind in SUMMARY_KINDS
                and ((place.startswith("r") and place[1:].isdigit()) or _code(place, (3,)))
            )
            or (kind in SUBJECT_KINDS and (place == TOTAL or _code(place)))
            or (kind == DETAIL_KIND and (_code(place, (3, 5)) or place in DETAIL_TOTALS))
            or (kind == OFFICIAL_KIND and place.replace("_", "").isalpha())
        )
    )


def _budget_label(parts, names, tables):
    scope, value = parts
    if scope == "total":
        return "年初预算/合计"
    if scope == "kind":
        return f"年初预算/{ExpenditureKind(value).label}"
    return f"年初预算/{_subject(value, names)}"


def _text_label(parts, names, tables):
    # “文字说明/项目支出变动原因 2080101 行政运行”: the text and its subject are one place, as the entry
    # screen titles them (and as explanations of findings about a text have always been keyed).
    key, code = parts
    label = FreeTextKey(key).label if key in FreeTextKey.values else key
    return f"文字说明/{label}" + (f" {_subject(code, names)}" if code else "")


def _balance_label(parts, names, tables):
    fund, code, side = parts
    where = f"/{_subject(code, names)}" if code else ""
    return f"{'年初' if side == 'opening' else '年末'}结转和结余/{Fund(fund).label}{where}"


for _area in (
    Area(
        "income",
        2,
        lambda p: _code(p[0], (7,)) and p[1] in IncomeSource.values,
        lambda p, n, t: f"收入/{_subject(p[0], n)}/{IncomeSource(p[1]).label}",
    ),
    Area(
        "expenditure",
        3,
        lambda p: _code(p[0], (7,)) and p[1] in Fund.values and p[2] in ExpenditureKind.values,
        lambda p, n, t: f"支出/{_subject(p[0], n)}/{Fund(p[1]).label}/{ExpenditureKind(p[2]).label}",
    ),
    Area(
        "balance",
        3,
        lambda p: (
            p[0] in Fund.values and (p[1] == "" or _code(p[1], (7,))) and p[2] in ("opening", "closing")
        ),
        _balance_label,
    ),
    Area("detail", 1, lambda p: _code(p[0], (5,)), lambda p, n, t: f"基本支出明细/{_subject(p[0], n)}"),
    Area(
        "official",
        2,
        lambda p: p[0] in OfficialExpenseItem.values and p[1] in ("budget", "actual"),
        lambda p, n, t: (
            f"“三公”经费/{OfficialExpenseItem(p[0]).label}/{'预算数' if p[1] == 'budget' else '决算数'}"
        ),
    ),
    Area(
        "budget",
        2,
        lambda p: (
            (p[0] == "total" and p[1] == "")
            or (p[0] == "kind" and p[1] in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT))
            or (p[0] == "subject" and _code(p[1], (7,)))
        ),
        _budget_label,
        nullable=True,
    ),
    Area(
        "stated",
        1,
        lambda p: p[0] in StatedFigureKey.values,
        lambda p, n, t: f"其他填报金额/{StatedFigureKey(p[0]).label}",
        nullable=True,
    ),
    Area(
        "count",
        1,
        lambda p: p[0] in StatedCountKey.values,
        lambda p, n, t: f"其他填报数量/{StatedCountKey(p[0]).label}",
        value_type=lambda p: "count",
        nullable=True,
    ),
    Area(
        "prior",
        2,
        lambda p: p[0] in NamedFigure.values and p[1] in ("amount", "source"),
        lambda p, n, t: f"上年数/{NamedFigure(p[0]).label}" + ("/来源" if p[1] == "source" else ""),
        value_type=lambda p: "text" if p[1] == "source" else "amount",
        nullable=True,
    ),
    Area(
        "text",
        2,
        lambda p: p[0] in FreeTextKey.values and _optional_code(p[1]),
        _text_label,
        value_type=lambda p: "text",
    ),
    Area("cell", 3, _valid_cell, _cell_label),
    Area("table", 1, lambda p: p[0] in NATIONAL_TABLE_NUMBERS, lambda p, n, t: _table(p[0], t)),
    Area(
        "subject",
        2,
        lambda p: (p[0] == "functional" and _code(p[1])) or (p[0] == "economic" and _code(p[1], (3, 5))),
        lambda p, n, t: f"{'功能' if p[0] == 'functional' else '经济'}分类科目/{p[1]}",
    ),
):
    register_area(_area)

# Areas of stored figures that accounts.editing writes (the others are printed cells and subjects).
FACT_AREAS = (
    "income",
    "expenditure",
    "balance",
    "detail",
    "official",
    "budget",
    "stated",
    "count",
    "prior",
    "text",
)


@dataclass(frozen=True, order=True)
class Address:
    """The name of one stored figure or text, or of one printed cell (see the module docstring)."""

    area: str
    parts: tuple[str, ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "parts", tuple("" if part is None else str(part) for part in self.parts))

    def __str__(self):
        return SEPARATOR.join((self.area, *self.parts))

    @classmethod
    def parse(cls, text):
        """Return the Address written as `text`, or raise AddressError."""
        area, *parts = str(text).split(SEPARATOR)
        address = cls(area, tuple(parts))
        address.validate()
        return address

    @classmethod
    def of(cls, area, *parts):
        """Return the valid Address of `area` with `parts`, or raise AddressError."""
        address = cls(area, parts)
        address.validate()
        return address

    def validate(self):
        spec = _AREAS.get(self.area)
        if spec is None or len(self.parts) != spec.arity or not spec.valid(self.parts):
            raise AddressError(f"无法识别的位置“{self}”。")
        return self

    @property
    def spec(self):
        return _AREAS[self.area]

    @property
    def is_fact(self):
        return self.area in FACT_AREAS

    @property
    def is_printed_cell(self):
        return self.area == "cell"

    @property
    def table_kind(self):
        """Return the statement kind of a printed cell or a whole table, "" for any other address."""
        return self.parts[0] if self.area in ("cell", "table") else ""

    @property
    def code(self):
        """Return the subject code the address names (functional, or economic in 表6 and “detail”), else ""."""
        if self.area == "cell":
            return self.parts[1] if self.parts[1].isdigit() else ""
        if self.area in ("income", "expenditure", "detail"):
            return self.parts[0]
        if self.area in ("balance", "budget", "text", "subject"):
            return self.parts[1] if self.parts[1].isdigit() else ""
        return ""

    @property
    def value_type(self):
        return self.spec.value_type(self.parts)

    @property
    def nullable(self):
        return self.spec.nullable

    @property
    def anchor(self):
        """Return the HTML id of the figure: a document cell “cell-…”, an entry input “c-…”."""
        if self.is_printed_cell:
            return "-".join(part for part in ("cell", *self.parts) if part)
        return "-".join(("c", self.area, *self.parts))

    def label(self, *, names=None, tables=None):
        """Return the Chinese label: “表5/2080101/栏2”, “收入/2080101 行政运行/一般公共预算财政拨款收入”.

        `names` maps subject codes to names, `tables` table kinds to the format's numbers.
        """
        return self.spec.label(self.parts, names or {}, tables or {})

    def heading(self, *, tables=None):
        """Return the first part of the label: the table (“表5”) or other place (“年初预算”) named."""
        return self.label(tables=tables).partition("/")[0]

    def with_last(self, part):
        """Return the address with its last part replaced (the other half of a pair: opening/closing)."""
        return Address(self.area, (*self.parts[:-1], part))

    @property
    def fact_key(self):
        """Return the address of the whole stored row for paired figures (both halves), else itself."""
        if self.area in ("balance", "official", "prior"):
            return Address(self.area, (*self.parts[:-1], ""))
        return self

    def behind(self, column_keys=None):
        """Return the stored figure a printed cell shows when it shows exactly one, else None.

        表2 and 表7 show an item's income by source; 表5, 表7, 表8 an item's spending of one fund by kind;
        表7 an item's government-fund balances (上海 表9 its state-capital ones); 表6 an economic 款;
        表9 a 三公 item's budget or actual.
        `column_keys` maps table kinds to {栏次: column key} as the format prints them (`column_keys_of`);
        without it only the cells that name their figure by their place (表6, 表9) are resolved.
        """
        if not self.is_printed_cell:
            return self if self.is_fact else None
        kind, place, column = self.parts
        column_key = (column_keys or {}).get(kind, {}).get(column, "")
        if kind in SUBJECT_KINDS and _code(place, (7,)):
            if kind == "income" and column_key in IncomeSource.values:
                return Address("income", (place, column_key))
            # 表7 (and 上海 表9, 国有资本经营 收入支出) print a fund's income and balances per item.
            if kind in FUND_TABLE_SOURCES and column_key == "income":
                return Address("income", (place, FUND_TABLE_SOURCES[kind].value))
            if kind in FUND_TABLE_SOURCES and column_key in ("opening", "closing"):
                return Address("balance", (FUND_OF_KIND[kind].value, place, column_key))
            if kind in FUND_OF_KIND and column_key in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
                return Address("expenditure", (place, FUND_OF_KIND[kind].value, column_key))
        if kind == DETAIL_KIND and _code(place, (5,)):
            return Address("detail", (place,))
        if kind == OFFICIAL_KIND:
            half, _, item = place.partition("_")
            if half in ("budget", "actual") and item in OfficialExpenseItem.values:
                return Address("official", (item, half))
        return None


def column_keys_of(tables):
    """Return {table kind: {栏次 as text: column key}} of a format's tables (kind → ReportTable)."""
    return {
        kind: {str(column["number"]): column["key"] for column in table.layout.get("columns", [])}
        for kind, table in tables.items()
    }


def cell_address(kind, cell):
    """Return the Address of an amount cell of a built statement of table `kind`."""
    return printed_cell(kind, line=cell.line, column=cell.column, code=cell.code, key=cell.key)


def printed_cell(kind, *, line=None, column=None, code="", key=""):
    """Return the Address of the amount cell of table `kind` at a 行次, 栏次, subject code or key.

    表1/表4 cells are named by 行次 (a 类 the format does not list, by its code), the subject tables' by
    code (the 合计 row “total”), 表6's by economic code or total key, 表9's by key, which its 栏次 gives
    when only that is known (a printed sheet).
    """
    column = "" if column is None else str(column)
    if kind in SUMMARY_KINDS:
        place = f"r{line}" if line else code
    elif kind in SUBJECT_KINDS:
        place = code or TOTAL
    elif kind == DETAIL_KIND:
        place, column = code or key, ""
    elif kind == OFFICIAL_KIND and not key and column.isdigit() and 1 <= int(column) <= 12:
        half, index = divmod(int(column) - 1, len(OFFICIAL_ITEMS))
        place = f"{('budget', 'actual')[half]}_{OFFICIAL_ITEMS[index]}"
    else:
        place = key
    return Address("cell", (kind, place, column))


def parse_label(text, *, tables=None):
    """Return the Address of the printed cell or table labelled `text` (“表5/2080101/栏2”, “表1 行27 栏1”).

    The parts may be separated by “/” or spaces; `tables` maps table kinds to the format's numbers.
    Raise AddressError when `text` names no printed cell (the cell may still not be printed: a subject
    row the table lacks).
    """
    words = str(text).replace("/", " ").split()
    numbers = {**NATIONAL_TABLE_NUMBERS, **(tables or {})}
    kinds = {f"表{number}": kind for kind, number in numbers.items()}
    if not words or words[0] not in kinds:
        raise AddressError(f"无法识别的位置“{text}”：应以表号开头，如“表5/2080101/栏2”。")
    kind, rest = kinds[words[0]], words[1:]
    if not rest:
        return Address.of("table", kind)
    column = ""
    if rest[-1].startswith("栏") and rest[-1][1:].isdigit():
        column, rest = rest[-1][1:], rest[:-1]
    if len(rest) > 1:
        raise AddressError(f"无法识别的位置“{text}”。")
    place = rest[0] if rest else ""
    totals = {label: key for key, label in DETAIL_TOTALS.items()}
    if place.startswith("行") and place[1:].isdigit() and kind in SUMMARY_KINDS:
        address = printed_cell(kind, line=int(place[1:]), column=column)
    elif place == "合计" and kind in SUBJECT_KINDS:
        address = printed_cell(kind, column=column)
    elif place in totals:
        address = printed_cell(kind, key=totals[place])
    elif place.isdigit() and kind != OFFICIAL_KIND:
        address = printed_cell(kind, code=place, column=column)
    elif not place and kind == OFFICIAL_KIND:
        address = printed_cell(kind, column=column)
    else:
        raise AddressError(f"无法识别的位置“{text}”。")
    try:
        return address.validate()
    except AddressError:
        raise AddressError(f"无法识别的位置“{text}”。") from None


def address_of(text):
    """Return the Address written as `text`, or None when it is not one (a legacy free-text label)."""
    try:
        return Address.parse(text)
    except AddressError:
        return None
