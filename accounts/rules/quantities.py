"""Named quantities: the figures rules are written over, resolved from the statements and the facts.

A name is a dotted path:

- ``T<n>.<part>…`` — one cell of a statement, or the sum of several. ``T<n>`` is the table's number in
  the national format, which names its kind (T1 收入支出决算总表 … T9 “三公”经费表) whatever number the
  account's format prints (上海 puts 三公 at 表7); findings show the format's own number. Parts:
  ``r27`` 行次 27; ``c2`` 栏次 2; ``@income_grand_total`` the 行次 the format's layout gives that name;
  ``total`` the 合计 row of a subject table; a 3/5/7-digit subject code (a missing subject row is 0);
  ``*`` every cell matching the other parts (summed); any other word a cell key (``income_total``,
  ``personnel_total``, ``actual_reception``).
  Examples: ``T1.income_total``, ``T1.@income_grand_total``, ``T4.expenditure_total.c3``,
  ``T5.total.c2``, ``T5.2080101.c1``, ``T6.30217``, ``T6.personnel_total``, ``T1.category.*``.
- ``budget.total``, ``budget.basic``, ``budget.project``, ``budget.<item code>`` — 年初预算 (absent: error).
- ``stated.<StatedFigure key>`` — an amount stated once (absent: 0).
- ``prior.<NamedFigure key>`` — last year's figure (absent: error).
"""

from decimal import Decimal

from ..addresses import NATIONAL_TABLE_NUMBERS, Address, printed_cell
from ..choices import ExpenditureKind, NamedFigure
from ..choices import StatedFigure as StatedFigureKey
from .engine import Quantity

ZERO = Decimal("0.00")

# “T5” names 一般公共预算财政拨款支出决算表 by its number in the national format, whatever the account's.
TABLE_KINDS = {f"T{number}": kind for kind, number in NATIONAL_TABLE_NUMBERS.items()}
# The quantity each named figure (compared year over year) is, this year.
NAMED_FIGURE_QUANTITIES = {
    NamedFigure.INCOME_TOTAL: "T1.income_total",
    NamedFigure.EXPENDITURE_TOTAL: "T1.expenditure_total",
    NamedFigure.GRAND_TOTAL: "T1.@income_grand_total",
    NamedFigure.APPROPRIATION_INCOME_TOTAL: "T4.income_total",
    NamedFigure.APPROPRIATION_EXPENDITURE_TOTAL: "T4.expenditure_total.c2",
    NamedFigure.APPROPRIATION_GRAND_TOTAL: "T4.@income_grand_total",
    NamedFigure.GENERAL_BUDGET_INCOME: "T1.general_budget",
    NamedFigure.GENERAL_BUDGET_EXPENDITURE: "T5.total.c1",
    NamedFigure.OFFICIAL_EXPENSES_TOTAL: "T9.actual_total",
    NamedFigure.RECEPTION: "T9.actual_reception",
    NamedFigure.OPERATING_COSTS: "stated.operating_costs",
}


def cell_quantity(statement, cell):
    """A statement cell as a quantity; a printed 万元 cell carries the rounding of every part beneath it."""
    return Quantity(cell.value, ((statement, cell),), cell.parts if cell.role == "printed" else 1)


def resolve(context, name):
    """Return the Quantity called `name`, or raise LookupError naming it."""
    head, _, rest = name.partition(".")
    if head in TABLE_KINDS:
        return _resolve_cells(context, TABLE_KINDS[head], rest.split(".") if rest else [], name)
    if head == "budget":
        return _resolve_budget(context.facts, rest, name)
    if head == "stated":
        key = StatedFigureKey(rest)
        value = context.facts.stated_figures.get(key, ZERO)
        return Quantity(value, (Address("stated", (key.value,)),), 1)
    if head == "prior":
        key = NamedFigure(rest)
        if key not in context.facts.prior_year:
            raise LookupError(f"{name}: 未填报上年数")
        value, _source = context.facts.prior_year[key]
        return Quantity(value, (Address("prior", (key.value, "amount")),), 1)
    raise LookupError(f"unknown quantity {name!r}")


def _resolve_cells(context, kind, parts, name):
    statement = context.statements.get(kind)
    if statement is None:
        raise LookupError(f"{name}: 报表格式中没有该表")
    address, many = {}, False
    for part in parts:
        if part == "*":
            many = True
        elif part == "total":
            address["code"] = ""
        elif part.startswith("@"):
            table = context.facts.tables[kind]
            address["line"] = table.layout[part[1:]]
        elif part[0] == "r" and part[1:].isdigit():
            address["line"] = int(part[1:])
        elif part[0] == "c" and part[1:].isdigit():
            address["column"] = int(part[1:])
        elif part.isdigit():
            address["code"] = part
        else:
            address["key"] = part
    cells = context.cells_where(kind, **address)
    if many:
        return Quantity(
            sum((cell.value for cell in cells), ZERO),
            tuple((statement, cell) for cell in cells),
            len(cells),
        )
    if len(cells) == 1:
        return cell_quantity(statement, cells[0])
    if not cells and address.get("code"):
        # A subject row the table does not print counts as 0; the finding names where it would be.
        missing = printed_cell(kind, code=address["code"], column=address.get("column"))
        return Quantity(ZERO, (missing,), 1)
    raise LookupError(f"{name}: {len(cells)} 个单元格符合")


def _resolve_budget(facts, part, name):
    if part == "total":
        value, address = facts.budget_total, Address("budget", ("total", ""))
    elif part in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
        value, address = facts.budget_by_kind.get(part), Address("budget", ("kind", part))
    else:
        value, address = facts.budget_by_subject.get(part), Address("budget", ("subject", part))
    if value is None:
        raise LookupError(f"{name}: 未填报年初预算")
    return Quantity(value, (address,), 1)


def has_quantity(context, name):
    """Return True when `name` resolves (e.g. a budget or a prior-year figure has been entered)."""
    try:
        context.quantity(name)
    except LookupError:
        return False
    return True
