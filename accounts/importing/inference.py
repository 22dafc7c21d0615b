"""From printed tables to facts: which printed cells determine which fact, and when they cannot.

The facts are kept at their finest level (DESIGN §2), so every fact comes from an item-level (项) row
or from a cell no other table derives; every other printed cell (款/类 rows, 合计, 表1 and 表4, the
totals of 表6 and 表9) is only compared with what the facts give (rule P1). The rules, per item subject:

Income (表2, 表4, 表7)
  I1 上级补助收入, 事业收入, 经营收入, 附属单位上缴收入, 其他收入 = 表2 栏3–7.
  I2 政府性基金预算财政拨款收入 = 表7 栏2 (本年收入).
  I3 the rest of 表2 栏2 (财政拨款收入 − I2) is 一般公共预算财政拨款收入; it is 国有资本经营预算财政拨款
     收入 instead when 表4 行3 has an amount and 行1 has none. When 表4 prints both, the printed tables do
     not say how each subject's 财政拨款收入 divides between them, and the import is refused.
Expenditure (表3, 表5, 表7, 表8), by kind:
  E1 一般公共预算财政拨款 基本/项目支出 = 表5 栏2/栏3.
  E2 政府性基金预算财政拨款 基本/项目支出 = 表7 栏4/栏5.
  E3 国有资本经营预算财政拨款 基本/项目支出 = 表8 栏2/栏3.
  E4 其他资金 基本/项目支出 = 表3 栏2/栏3 − E1 − E2 − E3 (of the same kind).
  E5 上缴上级支出, 经营支出, 对附属单位补助支出 = 表3 栏4/栏5/栏6, all 其他资金: the appropriation
     tables print only basic and project spending.
Balances (表1, 表4, 表7):
  B1 一般公共预算 年初 = 表4 行29, 年末 = 表4 行60 栏3; 国有资本经营预算 年初 = 表4 行31, 年末 = 行60 栏5.
  B2 政府性基金 per item subject: 年初 = 表7 栏1, 年末 = 表7 栏6.
  B3 其他资金 年初 = 表1 行29 − B1 − B2 年初; 年末 = 表1 行60 − B1 − B2 年末.
Other figures:
  S1 使用非财政拨款结余 = 表1 行28; 结余分配 = 表1 行59.
  D1 基本支出明细 per economic 款 = 表6 (类 rows and the two 合计 are compared only).
  T1 三公 budget/actual: 因公出国（境）费 = 表9 栏2/栏8, 公务用车购置费 = 栏4/栏10, 公务用车运行维护费 =
     栏5/栏11, 公务接待费 = 栏6/栏12.
A fact that would be negative (E4, B3, I3) is refused with the cells it comes from, as is a 类 or 款 row
with an amount but no item rows under it (the item-level fact is then unknown).
"""

from collections import defaultdict
from decimal import Decimal

from .. import formatting
from ..addresses import SUBJECT_KINDS, Address, printed_cell
from ..choices import ExpenditureKind, Fund, IncomeSource, OfficialExpenseItem
from ..choices import StatedFigure as StatedFigureKey
from ..rules.tolerances import TOLERANCES
from .results import ImportedFacts, Problem

ZERO = Decimal("0.00")
APPROPRIATION_KINDS = (ExpenditureKind.BASIC, ExpenditureKind.PROJECT)
FUND_TABLES = (
    (Fund.GENERAL_BUDGET, "general_budget_expenditure"),
    (Fund.GOVERNMENT_FUND, "government_fund"),
    (Fund.STATE_CAPITAL, "state_capital"),
)


def shown(value, unit):
    """Return an amount for a message, in the unit the sheet uses."""
    if unit == "yuan":
        return f"{formatting.yuan_amount(value)} 元"
    return f"{formatting.to_wanyuan(value):,.2f} 万元"


def rounding_only(remainder, units, cells):
    """Whether a negative `remainder` (a total less the parts printed beside it) comes only from printing
    in 万元: each of the `cells` figures is rounded to 0.01 万元, so up to k × 50 元 apart (the engine's
    tolerance "rounding"). Such a remainder is nothing left over, not a negative amount."""
    return "wanyuan" in units and -remainder <= TOLERANCES["rounding"].allowance(cells)


class Printed:
    """Lookup of printed figures by table kind and address; a cell not printed reads as zero."""

    def __init__(self, tables):
        self.tables = tables
        self.figures = {f.address: f for t in tables.values() for f in t.figures}

    def figure(self, kind, **address_parts):
        return self.figures.get(printed_cell(kind, **address_parts))

    def value(self, kind, **address_parts):
        figure = self.figure(kind, **address_parts)
        return figure.value if figure else ZERO

    def column_numbers(self, kind):
        """{column key: 栏次} of a subject table."""
        return {c["key"]: c["number"] for c in self.tables[kind].layout["columns"]}

    def items(self, kind):
        """{item code: {column key: 元}} of the 7-digit rows of a subject table."""
        numbers = {number: key for key, number in self.column_numbers(kind).items()}
        items = defaultdict(dict)
        for figure in self.tables[kind].figures:
            if len(figure.code) == 7:
                items[figure.code][numbers[figure.column]] = figure.value
        return items

    def where(self, kind, **address_parts):
        """“表5/2080101/栏2（工作表“X” C12）” for a message."""
        figure = self.figure(kind, **address_parts)
        text = printed_cell(kind, **address_parts).label(tables={kind: self.tables[kind].number})
        if figure is not None:
            text += f"（工作表“{figure.sheet}” {figure.cell}）"
        return text


def infer_facts(tables):
    """Return (ImportedFacts, problems) from the ParsedTables of every kind of the format."""
    printed = Printed(tables)
    facts, problems = ImportedFacts(), []
    unit_of = {kind: table.unit for kind, table in tables.items()}
    problems += unattributed_rows(tables)
    infer_income(printed, facts, problems, unit_of)
    infer_expenditure(printed, facts, problems, unit_of)
    infer_balances(printed, facts, problems, unit_of)
    infer_other(printed, facts, tables)
    return facts, problems


def unattributed_rows(tables):
    """Refuse 类/款 rows with an amount and no item rows under them: their item facts are unknown."""
    problems = []
    for kind in SUBJECT_KINDS:
        table = tables[kind]
        items = {f.code for f in table.figures if len(f.code) == 7}
        reported = set()
        for figure in table.figures:
            code = figure.code
            if code and len(code) < 7 and figure.value and code not in reported:
                if not any(item.startswith(code) for item in items):
                    reported.add(code)
                    problems.append(
                        Problem(
                            f"表{table.number} 科目 {code} 有金额，但表中没有它的项级科目，无法确定各项级科目的数额。",
                            sheet=figure.sheet,
                            cell=figure.cell,
                        )
                    )
    return problems


def infer_income(printed, facts, problems, unit_of):
    income_numbers = printed.column_numbers("income")
    fund_income = printed.items("government_fund")
    summary = printed.tables["appropriation_summary"].layout
    lines, column = summary["income_lines"], summary["income_column"]
    general_printed = printed.value("appropriation_summary", line=lines["general_budget"], column=column)
    capital_printed = printed.value("appropriation_summary", line=lines["state_capital"], column=column)
    remainder_source = IncomeSource.GENERAL_BUDGET
    if capital_printed and not general_printed:
        remainder_source = IncomeSource.STATE_CAPITAL
    sources = [IncomeSource(key) for key in income_numbers if key in IncomeSource.values]
    items = printed.items("income")
    unit = unit_of["income"]
    undetermined = []
    for code in sorted(set(items) | set(fund_income)):
        values = items.get(code, {})
        for source in sources:
            if values.get(source.value):
                facts.income[(code, source.value)] = values[source.value]
        appropriation = values.get("appropriation", ZERO)
        government_fund = fund_income.get(code, {}).get("income", ZERO)
        if government_fund:
            facts.income[(code, IncomeSource.GOVERNMENT_FUND.value)] = government_fund
        remainder = appropriation - government_fund
        if remainder < ZERO:
            problems.append(
                Problem(
                    f"科目 {code} 的政府性基金本年收入（{printed.where('government_fund', code=code, column=fund_column(printed, 'income'))}，"
                    f"{shown(government_fund, unit)}）大于{printed.where('income', code=code, column=income_numbers['appropriation'])} "
                    f"的财政拨款收入 {shown(appropriation, unit)}：其余财政拨款收入将为负数。",
                )
            )
        elif remainder and general_printed and capital_printed:
            undetermined.append(code)
        elif remainder:
            facts.income[(code, remainder_source.value)] = remainder
    if undetermined:
        problems.append(
            Problem(
                f"{printed.where('appropriation_summary', line=lines['general_budget'], column=column)}与"
                f"{printed.where('appropriation_summary', line=lines['state_capital'], column=column)}都有金额，"
                f"而表2 按科目只印财政拨款收入合计：科目 {'、'.join(undetermined[:10])}"
                f"{' 等' if len(undetermined) > 10 else ''}的财政拨款收入属于一般公共预算还是国有资本经营预算，"
                "印制的表格不能确定。请改为按元逐项录入收入。",
            )
        )


def fund_column(printed, key):
    return printed.column_numbers("government_fund")[key]


def infer_expenditure(printed, facts, problems, unit_of):
    by_fund = {fund: printed.items(kind) for fund, kind in FUND_TABLES}
    all_items = printed.items("expenditure")
    numbers = printed.column_numbers("expenditure")
    unit = unit_of["expenditure"]
    codes = set(all_items)
    for items in by_fund.values():
        codes |= set(items)
    for code in sorted(codes):
        values = all_items.get(code, {})
        for kind in ExpenditureKind:
            total = values.get(kind.value, ZERO)
            if kind not in APPROPRIATION_KINDS:
                if total:
                    facts.expenditure[(code, Fund.NON_APPROPRIATION.value, kind.value)] = total
                continue
            appropriated = ZERO
            for fund, _table_kind in FUND_TABLES:
                amount = by_fund[fund].get(code, {}).get(kind.value, ZERO)
                if amount:
                    facts.expenditure[(code, fund.value, kind.value)] = amount
                    appropriated += amount
            other = total - appropriated
            funded = [fund for fund, _ in FUND_TABLES if by_fund[fund].get(code, {}).get(kind.value)]
            units = {unit, *(unit_of[table_kind] for fund, table_kind in FUND_TABLES if fund in funded)}
            if other < ZERO and rounding_only(other, units, len(funded) + 1):
                other = ZERO
            if other < ZERO:
                parts = [
                    f"{printed.where(table_kind, code=code, column=printed.column_numbers(table_kind)[kind.value])} "
                    f"{shown(by_fund[fund].get(code, {}).get(kind.value, ZERO), unit)}"
                    for fund, table_kind in FUND_TABLES
                    if by_fund[fund].get(code, {}).get(kind.value)
                ]
                problems.append(
                    Problem(
                        f"科目 {code} {kind.label}：财政拨款支出（{'；'.join(parts)}）合计大于"
                        f"{printed.where('expenditure', code=code, column=numbers[kind.value])} 的 {shown(total, unit)}，"
                        "其他资金支出将为负数。",
                    )
                )
            elif other:
                facts.expenditure[(code, Fund.NON_APPROPRIATION.value, kind.value)] = other


def infer_balances(printed, facts, problems, unit_of):
    t1 = printed.tables["income_expenditure_summary"].layout
    t4 = printed.tables["appropriation_summary"].layout
    income_column = t4["income_column"]
    closing_columns = {c["key"]: c["number"] for c in t4["columns"]}
    openings, closings = {}, {}
    for fund in (Fund.GENERAL_BUDGET, Fund.STATE_CAPITAL):
        opening = printed.value(
            "appropriation_summary", line=t4["opening_balance_lines"][fund.value], column=income_column
        )
        closing = printed.value(
            "appropriation_summary", line=t4["closing_balance"], column=closing_columns[fund.value]
        )
        openings[fund], closings[fund] = opening, closing
        if opening or closing:
            facts.balances[(fund.value, "")] = (opening, closing)
    fund_items = printed.items("government_fund")
    for code, values in sorted(fund_items.items()):
        opening, closing = values.get("opening", ZERO), values.get("closing", ZERO)
        if opening or closing:
            facts.balances[(Fund.GOVERNMENT_FUND.value, code)] = (opening, closing)
    appropriation_opening = sum(openings.values(), ZERO) + sum(
        (v.get("opening", ZERO) for v in fund_items.values()), ZERO
    )
    appropriation_closing = sum(closings.values(), ZERO) + sum(
        (v.get("closing", ZERO) for v in fund_items.values()), ZERO
    )
    total_opening = printed.value(
        "income_expenditure_summary", line=t1["opening_balance"], column=t1["income_column"]
    )
    total_closing = printed.value(
        "income_expenditure_summary", line=t1["closing_balance"], column=t1["expenditure_column"]
    )
    unit = unit_of["income_expenditure_summary"]
    appropriated_cells = {
        "年初": sum(1 for v in openings.values() if v)
        + sum(1 for v in fund_items.values() if v.get("opening")),
        "年末": sum(1 for v in closings.values() if v)
        + sum(1 for v in fund_items.values() if v.get("closing")),
    }
    other = {}
    for label, total, appropriated, where in (
        (
            "年初",
            total_opening,
            appropriation_opening,
            printed.where(
                "income_expenditure_summary", line=t1["opening_balance"], column=t1["income_column"]
            ),
        ),
        (
            "年末",
            total_closing,
            appropriation_closing,
            printed.where(
                "income_expenditure_summary", line=t1["closing_balance"], column=t1["expenditure_column"]
            ),
        ),
    ):
        other[label] = total - appropriated
        units = {unit, unit_of["appropriation_summary"], unit_of["government_fund"]}
        if other[label] < ZERO and rounding_only(other[label], units, appropriated_cells[label] + 1):
            other[label] = ZERO
        if other[label] < ZERO:
            problems.append(
                Problem(
                    f"{label}结转和结余：{where} 为 {shown(total, unit)}，小于财政拨款{label}结转和结余"
                    f"（表4、表7）{shown(appropriated, unit)}，其他资金{label}结转和结余将为负数。",
                )
            )
    if other["年初"] >= ZERO and other["年末"] >= ZERO and (other["年初"] or other["年末"]):
        facts.balances[(Fund.NON_APPROPRIATION.value, "")] = (other["年初"], other["年末"])


def infer_other(printed, facts, tables):
    t1 = tables["income_expenditure_summary"].layout
    for key, line, column in (
        (
            StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED,
            t1["non_appropriation_surplus_used"],
            t1["income_column"],
        ),
        (StatedFigureKey.SURPLUS_DISTRIBUTION, t1["surplus_distribution"], t1["expenditure_column"]),
    ):
        value = printed.value("income_expenditure_summary", line=line, column=column)
        if value:
            facts.stated_figures[key.value] = value
    for figure in tables["basic_expenditure_detail"].figures:
        if figure.key == "economic" and len(figure.code) == 5 and figure.value:
            facts.basic_detail[figure.code] = figure.value
    # T1: the 表9 cells that show one item's budget or actual (`Address.behind`); the others are sums.
    official = {}
    for figure in tables["official_expenses"].figures:
        fact = figure.address.behind()
        if fact is not None:
            official[fact] = figure.value
    for item in OfficialExpenseItem:
        budget = official.get(Address("official", (item.value, "budget")), ZERO)
        actual = official.get(Address("official", (item.value, "actual")), ZERO)
        if budget or actual:
            facts.official_expenses[item.value] = (budget, actual)
