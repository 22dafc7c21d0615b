"""The two-sided summary tables: 表1 收入支出决算总表 and 表4 财政拨款收入支出决算总表.

Each printed row pairs an income line (行次 1–31 / 1–32) with an expenditure line (32–62 / 33–64).
The 类 rows come from the report format, in its order; spending under a 类 the format does not list
still counts in 本年支出合计 (and the checks report it), so nothing is silently dropped. A format that
prints no 行次/栏次 (上海) keeps the lines as the cells' places but prints neither column nor row; its
layout may rename fixed rows by key (`labels`, e.g. 使用非财政拨款结余（含专用结余）).
"""

from decimal import Decimal

from ..choices import APPROPRIATION_FUNDS, APPROPRIATION_SOURCES, Fund, IncomeSource
from ..choices import StatedFigure as StatedFigureKey
from ..formatting import chinese_numeral
from .structures import Cell, HeaderCell, Row, Statement

ZERO = Decimal("0.00")


def _line_cells(label, line, line_numbers, code=""):
    """The label cell of a printed line, and its 行次 cell where the format prints 行次."""
    cells = [Cell(text=label, role="label", line=line, code=code)]
    if line_numbers:
        cells.append(Cell(text=str(line) if line else "", role="line", line=line))
    return cells


def _labels(table, facts):
    """Return label(key, default): the format's name of a fixed row, or the usual one.

    The table's layout names its own rows (`labels`); labels the format gives for all its tables
    (a `labels` mapping on the format, where it has one) apply too, the table's first.
    """
    overrides = {**(getattr(facts.report_format, "labels", None) or {}), **table.layout.get("labels", {})}
    return lambda key, default: overrides.get(key, default)


def _side(label, line, values, columns, line_numbers=True):
    """Cells of one side: name, 行次 and one amount per column (None values print as blank text)."""
    cells = _line_cells(label, line, line_numbers)
    for column, key, value in zip(columns, values["keys"], values["amounts"], strict=True):
        cells.append(Cell(value=value, line=line, column=column, key=key))
    return cells


def _pair_rows(income_lines, expenditure_lines):
    rows = []
    for income, expenditure in zip(income_lines, expenditure_lines, strict=True):
        kind = "total" if income[0] == "total" or expenditure[0] == "total" else "line"
        rows.append(Row(cells=(*income[1], *expenditure[1]), kind=kind))
    return tuple(rows)


def build_income_expenditure_summary(facts):
    """表1 收入支出决算总表."""
    table = facts.tables["income_expenditure_summary"]
    layout = table.layout
    income_col, expenditure_col = layout["income_column"], layout["expenditure_column"]
    by_source = facts.income_by_source()
    numbered = facts.line_numbers
    label = _labels(table, facts)

    def one(text, line, key, value, kind="line"):
        return (
            kind,
            _side(label(key, text), line, {"keys": [key], "amounts": [value]}, [income_col], numbered),
        )

    def blank(line, column):
        return ("blank", [*_line_cells("", line, numbered), Cell(text="", line=line, column=column)])

    income_total = sum(by_source.values(), ZERO)
    surplus_used = facts.stated_figures.get(StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED, ZERO)
    opening = facts.opening_total()
    income_lines = [
        one(
            f"{chinese_numeral(i)}、{source.label}",
            layout["income_lines"][source.value],
            source.value,
            by_source.get(source, ZERO),
        )
        for i, source in enumerate(IncomeSource, start=1)
    ]
    income_lines += [blank(line, income_col) for line in range(len(income_lines) + 1, layout["income_total"])]
    income_lines += [
        one("本年收入合计", layout["income_total"], "income_total", income_total, "total"),
        one(
            "使用非财政拨款结余",
            layout["non_appropriation_surplus_used"],
            "non_appropriation_surplus_used",
            surplus_used,
        ),
        one("年初结转和结余", layout["opening_balance"], "opening_balance", opening),
        *(blank(line, income_col) for line in layout["income_blank"]),
        one(
            "总计",
            layout["income_grand_total"],
            "grand_total",
            income_total + surplus_used + opening,
            "total",
        ),
    ]

    def expense(text, line, key, value, kind="line", code=""):
        cells = [
            *_line_cells(text if code else label(key, text), line, numbered, code),
            Cell(value=value, line=line, column=expenditure_col, key=key, code=code),
        ]
        return (kind, cells)

    expenditure_total = facts.expenditure_where()
    distribution = facts.stated_figures.get(StatedFigureKey.SURPLUS_DISTRIBUTION, ZERO)
    closing = facts.closing_total()
    expenditure_lines = [
        expense(
            f"{chinese_numeral(row.position)}、{row.name}",
            row.summary_line,
            "category",
            facts.expenditure_where(prefix=row.code),
            code=row.code,
        )
        for row in facts.category_rows
    ]
    expenditure_lines += [
        expense("本年支出合计", layout["expenditure_total"], "expenditure_total", expenditure_total, "total"),
        expense("结余分配", layout["surplus_distribution"], "surplus_distribution", distribution),
        expense("年末结转和结余", layout["closing_balance"], "closing_balance", closing),
        *(blank(line, expenditure_col) for line in layout["expenditure_blank"]),
        expense(
            "总计",
            layout["expenditure_grand_total"],
            "grand_total",
            expenditure_total + distribution + closing,
            "total",
        ),
    ]
    if numbered:
        header = (
            (HeaderCell("收入", colspan=3), HeaderCell("支出", colspan=3)),
            (
                HeaderCell("项目"),
                HeaderCell("行次"),
                HeaderCell("决算数"),
                HeaderCell("项目"),
                HeaderCell("行次"),
                HeaderCell("决算数"),
            ),
            (
                HeaderCell("栏次", colspan=2),
                HeaderCell(str(income_col)),
                HeaderCell("栏次", colspan=2),
                HeaderCell(str(expenditure_col)),
            ),
        )
    else:
        header = (
            (HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=2)),
            (HeaderCell("项目"), HeaderCell("决算数"), HeaderCell("项目"), HeaderCell("决算数")),
        )
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header,
        rows=_pair_rows(income_lines, expenditure_lines),
        notes=tuple(table.notes),
        column_count=6 if numbered else 4,
    )


def build_appropriation_summary(facts):
    """表4 财政拨款收入支出决算总表: the three appropriations, spending by 类 × fund."""
    table = facts.tables["appropriation_summary"]
    layout = table.layout
    income_col = layout["income_column"]
    columns = layout["columns"]  # 小计 and the three funds
    by_source = facts.income_by_source()
    fund_of_column = {
        "general_budget": Fund.GENERAL_BUDGET,
        "government_fund": Fund.GOVERNMENT_FUND,
        "state_capital": Fund.STATE_CAPITAL,
    }
    n_expenditure_columns = len(columns)
    numbered = facts.line_numbers
    label = _labels(table, facts)

    def income(text, line, key, value, kind="line"):
        return (
            kind,
            [
                *_line_cells(label(key, text), line, numbered),
                Cell(value=value, line=line, column=income_col, key=key),
            ],
        )

    def income_blank(line):
        return ("blank", [*_line_cells("", line, numbered), Cell(text="", line=line, column=income_col)])

    def expense(text, line, key, by_fund, kind="line", code=""):
        cells = _line_cells(text if code else label(key, text), line, numbered, code)
        for column in columns:
            if column["key"] == "total":
                value = sum(by_fund.values(), ZERO)
            else:
                value = by_fund.get(fund_of_column[column["key"]], ZERO)
            cells.append(Cell(value=value, line=line, column=column["number"], key=key, code=code))
        return (kind, cells)

    def expense_blank(line):
        return (
            "blank",
            [
                *_line_cells("", line, numbered),
                *(Cell(text="", line=line, column=c["number"]) for c in columns),
            ],
        )

    income_total = sum((by_source.get(s, ZERO) for s in APPROPRIATION_SOURCES), ZERO)
    opening_by_fund = {f: facts.opening_total([f]) for f in APPROPRIATION_FUNDS}
    opening = sum(opening_by_fund.values(), ZERO)
    income_lines = [
        income(
            f"{chinese_numeral(i)}、{Fund(source.value).label}",
            layout["income_lines"][source.value],
            source.value,
            by_source.get(source, ZERO),
        )
        for i, source in enumerate(APPROPRIATION_SOURCES, start=1)
    ]
    income_lines += [income_blank(line) for line in range(len(income_lines) + 1, layout["income_total"])]
    income_lines += [
        income("本年收入合计", layout["income_total"], "income_total", income_total, "total"),
        income("年初财政拨款结转和结余", layout["opening_balance"], "opening_balance", opening),
        *(
            income(
                fund.label,
                layout["opening_balance_lines"][fund.value],
                f"opening_{fund.value}",
                opening_by_fund[fund],
            )
            for fund in APPROPRIATION_FUNDS
        ),
        income("总计", layout["income_grand_total"], "grand_total", income_total + opening, "total"),
    ]

    def spending(prefix=""):
        return {f: facts.expenditure_where(fund=f, prefix=prefix) for f in APPROPRIATION_FUNDS}

    total_by_fund = spending()
    closing_by_fund = {f: facts.closing_total([f]) for f in APPROPRIATION_FUNDS}
    expenditure_lines = [
        expense(
            f"{chinese_numeral(row.position)}、{row.name}",
            row.appropriation_line,
            "category",
            spending(row.code),
            code=row.code,
        )
        for row in facts.category_rows
    ]
    expenditure_lines += [
        expense("本年支出合计", layout["expenditure_total"], "expenditure_total", total_by_fund, "total"),
        expense("年末财政拨款结转和结余", layout["closing_balance"], "closing_balance", closing_by_fund),
        *(expense_blank(line) for line in layout["expenditure_blank"]),
        expense(
            "总计",
            layout["expenditure_grand_total"],
            "grand_total",
            {f: total_by_fund[f] + closing_by_fund[f] for f in APPROPRIATION_FUNDS},
            "total",
        ),
    ]
    if numbered:
        header = (
            (HeaderCell("收入", colspan=3), HeaderCell("支出", colspan=2 + n_expenditure_columns)),
            (
                HeaderCell("项目", rowspan=2),
                HeaderCell("行次", rowspan=2),
                HeaderCell("决算数", rowspan=2),
                HeaderCell("项目", rowspan=2),
                HeaderCell("行次", rowspan=2),
                HeaderCell("决算数", colspan=n_expenditure_columns),
            ),
            tuple(HeaderCell(c["label"]) for c in columns),
            (
                HeaderCell("栏次", colspan=2),
                HeaderCell(str(income_col)),
                HeaderCell("栏次", colspan=2),
                *(HeaderCell(str(c["number"])) for c in columns),
            ),
        )
    else:
        header = (
            (HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=1 + n_expenditure_columns)),
            (
                HeaderCell("项目", rowspan=2),
                HeaderCell("决算数", rowspan=2),
                HeaderCell("项目", rowspan=2),
                HeaderCell("决算数", colspan=n_expenditure_columns),
            ),
            tuple(HeaderCell(c["label"]) for c in columns),
        )
    return Statement(
        kind=table.kind,
        number=table.number,
        title=table.title,
        header_rows=header,
        rows=_pair_rows(income_lines, expenditure_lines),
        notes=tuple(table.notes),
        wide=True,
        column_count=(5 if numbered else 3) + n_expenditure_columns,
    )
