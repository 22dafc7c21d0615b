"""The 上海 layout for the importer's tests: a format built from the national one by the format contract,
and workbooks printed in that layout (from the 上海 2024 template) with the reference disclosure's figures.

The format: tables renumbered (三公 at 表7, 政府性基金 表8, 国有资本经营 表9), no 行次 or 栏次
(`line_numbers` false), 三公 in (预算数, 决算数) pairs, 24 类 (no 债务还本支出 or 债务付息支出), 合计 where
上海 prints it for 小计. The internal 行次 of 表1/表4 are renumbered for 24 类 rows.

The workbook: a heading above each table and no 部门 line; 表1/表4 labelled rows without 行次; codes
split over 类/款/项 (表2, 表5) or in one cell (表3); the 合计 row first (表2, 表3) or last (表5); 表6 in two
blocks with codes split over 类/款; 三公 in pairs with letter-spaced headers; amounts typed as text
without separators (表2, 表3) or as numbers; a printed 0.00; rows printed with no amounts. `expected`
records, for every amount cell written, the address and value the import must read from it.
"""

import copy
import io
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from openpyxl import Workbook

from accounts.addresses import printed_cell
from accounts.formatting import chinese_numeral
from accounts.models import FinalAccount
from accounts.reference_data import load_report_format

NATIONAL = Path(settings.BASE_DIR) / "accounts" / "data" / "formats" / "national-2022.json"
DEBT_CATEGORIES = ("231", "232")  # 债务还本支出, 债务付息支出: not among the 上海 template's 24 类
TEN_THOUSAND = Decimal("10000")
NUMBERS = {
    "income_expenditure_summary": 1,
    "income": 2,
    "expenditure": 3,
    "appropriation_summary": 4,
    "general_budget_expenditure": 5,
    "basic_expenditure_detail": 6,
    "official_expenses": 7,
    "government_fund": 8,
    "state_capital": 9,
}


def shanghai_format_data(*, variant="", debt_categories=False):
    """Return the 上海 format (24 类, or with `debt_categories` 26) as the contract's JSON data, from the
    national 2022 format."""
    data = copy.deepcopy(json.loads(NATIONAL.read_text(encoding="utf-8")))
    data.update(
        region="shanghai",
        variant=variant,
        name="2022 年度部门决算公开格式（上海）",
        source="上海 2024 部门决算模板",
        line_numbers=False,
    )
    if debt_categories:
        for table in data["tables"]:
            table["number"] = NUMBERS[table["kind"]]
            if table["kind"] == "official_expenses":
                table["layout"]["arrangement"] = "pairs"
        return data
    rows = [row for row in data["category_rows"] if row["code"] not in DEBT_CATEGORIES]
    for position, row in enumerate(rows, start=1):
        row.update(position=position, summary_line=29 + position, appropriation_line=30 + position)
    data["category_rows"] = rows
    for table in data["tables"]:
        table["number"] = NUMBERS[table["kind"]]
        layout = table["layout"]
        if table["kind"] == "income_expenditure_summary":
            layout.update(
                income_total=25,
                non_appropriation_surplus_used=26,
                opening_balance=27,
                income_blank=[28],
                income_grand_total=29,
                expenditure_total=54,
                surplus_distribution=55,
                closing_balance=56,
                expenditure_blank=[57],
                expenditure_grand_total=58,
            )
        elif table["kind"] == "appropriation_summary":
            layout.update(
                income_total=25,
                opening_balance=26,
                opening_balance_lines={"general_budget": 27, "government_fund": 28, "state_capital": 29},
                income_grand_total=30,
                expenditure_total=55,
                closing_balance=56,
                expenditure_blank=[57, 58, 59],
                expenditure_grand_total=60,
            )
            layout["columns"][0]["label"] = "合计"
        elif table["kind"] == "basic_expenditure_detail":
            table["title"] = "一般公共预算财政拨款基本支出决算表"
        elif table["kind"] == "official_expenses":
            layout["arrangement"] = "pairs"
        elif table["kind"] in ("general_budget_expenditure", "government_fund"):
            for column in layout["columns"]:
                if column["label"] == "小计":
                    column["label"] = "合计"
    return data


def shanghai_account(department, *, variant="", debt_categories=False):
    """Return a draft 2022 final account of `department` in the 上海 format (loaded for the test)."""
    report_format = load_report_format(shanghai_format_data(variant=variant, debt_categories=debt_categories))
    return FinalAccount.objects.create(
        department=department, year=2022, edition=2022, report_format=report_format
    )


class PrintedWorkbook:
    """A workbook being written in the 上海 layout; `expected` maps (sheet, cell) to (address, 元, blank)."""

    def __init__(self, figures):
        # The reference's printed figures (an import's PrintedFigures), by their national address.
        self.figures = {f.address: f for f in figures}
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.expected = {}
        self.sheet = None
        self.rows = {}

    def start(self, title, kind, heading=True):
        self.sheet = self.workbook.create_sheet(title)
        self.kind = kind
        if heading:
            self.row(["上海市测试局2022年度部门决算表"])
        self.row([title])
        self.row([None, None, None, None, "单位：万元"])

    def row(self, values):
        """Write `values` on the next row; return its number."""
        self.rows[self.sheet.title] = row = self.rows.get(self.sheet.title, 0) + 1
        for column, value in enumerate(values, start=1):
            if value is not None:
                self.sheet.cell(row=row, column=column, value=value)
        return row

    def amount(self, row, column, national, address, *, as_text=False, zero_printed=False):
        """Write the reference figure at `national` in sheet cell (row, column), expected at `address`."""
        figure = self.figures.get(national)
        value = figure.value if figure is not None else Decimal("0.00")
        blank = value == 0 and not zero_printed
        cell = self.sheet.cell(row=row, column=column)
        if not blank:
            wanyuan = value / TEN_THOUSAND
            cell.value = f"{wanyuan:.2f}" if as_text or zero_printed else wanyuan
        self.expected[(self.sheet.title, cell.coordinate)] = (str(address), value, blank)

    def bytes(self):
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def category_rows(data):
    return data["category_rows"]


def national_lines():
    data = json.loads(NATIONAL.read_text(encoding="utf-8"))
    return {table["kind"]: table["layout"] for table in data["tables"]}, {
        row["code"]: row for row in data["category_rows"]
    }


def write_summary(book, data):
    """表1 收入支出决算总表 as 上海 prints it: labels, no 行次, one 决算数 column a side."""
    national, national_categories = national_lines()
    layout = next(t["layout"] for t in data["tables"] if t["kind"] == "income_expenditure_summary")
    kind = "income_expenditure_summary"
    book.start("收入支出决算总表", kind)
    book.row(["收入", None, "支出"])
    book.row(["项 目", "决算数", "项 目", "决算数"])
    sources = list(layout["income_lines"].items())
    labels = [
        "一般公共预算财政拨款收入",
        "政府性基金预算财政拨款收入",
        "国有资本经营预算财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    categories = category_rows(data)
    for index, category in enumerate(categories):
        left = None
        if index < len(sources):
            left = f"{chinese_numeral(index + 1)}、{labels[index]}"
        row = book.row([left, None, f"{chinese_numeral(category['position'])}、{category['name']}"])
        if left:
            line = sources[index][1]
            book.amount(
                row, 2, printed_cell(kind, line=line, column=1), printed_cell(kind, line=line, column=1)
            )
        national_line = national_categories[category["code"]]["summary_line"]
        book.amount(
            row,
            4,
            printed_cell(kind, line=national_line, column=2),
            printed_cell(kind, line=category["summary_line"], column=2),
            as_text=True,
        )
    for left, left_key, right, right_key in (
        ("本年收入合计", "income_total", "本年支出合计", "expenditure_total"),
        ("使用非财政拨款结余", "non_appropriation_surplus_used", "结余分配", "surplus_distribution"),
        ("年初结转和结余", "opening_balance", "年末结转和结余", "closing_balance"),
        ("总计", "income_grand_total", "总计", "expenditure_grand_total"),
    ):
        row = book.row([left, None, right])
        book.amount(
            row,
            2,
            printed_cell(kind, line=national[kind][left_key], column=1),
            printed_cell(kind, line=layout[left_key], column=1),
            zero_printed=left_key == "non_appropriation_surplus_used",
        )
        book.amount(
            row,
            4,
            printed_cell(kind, line=national[kind][right_key], column=2),
            printed_cell(kind, line=layout[right_key], column=2),
        )
    book.row(["注：本表反映部门本年度的总收支和年末结转结余情况。"])


def write_appropriation_summary(book, data):
    """表4 财政拨款收入支出决算总表 as 上海 prints it: labels, wrapped fund headers under 决算数."""
    national, national_categories = national_lines()
    kind = "appropriation_summary"
    layout = next(t["layout"] for t in data["tables"] if t["kind"] == kind)
    book.start("财政拨款收入支出决算总表", kind)
    book.row(["收入", None, "支出"])
    book.row(
        [
            "项目",
            "决算数",
            "项目",
            "合计",
            "一般公共\n预算财政\n拨款",
            "政府性基\n金预算财\n政拨款",
            "国有资本\n经营预算\n财政拨款",
        ]
    )
    funds = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]

    def expenditure(row, national_line, line):
        for column, number in zip(range(4, 8), range(2, 6), strict=True):
            book.amount(
                row,
                column,
                printed_cell(kind, line=national_line, column=number),
                printed_cell(kind, line=line, column=number),
            )

    for index, category in enumerate(category_rows(data)):
        left = f"{chinese_numeral(index + 1)}、{funds[index]}" if index < 3 else None
        row = book.row([left, None, f"{chinese_numeral(category['position'])}、{category['name']}"])
        if left:
            book.amount(
                row,
                2,
                printed_cell(kind, line=index + 1, column=1),
                printed_cell(kind, line=index + 1, column=1),
            )
        expenditure(
            row, national_categories[category["code"]]["appropriation_line"], category["appropriation_line"]
        )
    row = book.row(["本年收入合计", None, "本年支出合计"])
    book.amount(
        row,
        2,
        printed_cell(kind, line=national[kind]["income_total"], column=1),
        printed_cell(kind, line=layout["income_total"], column=1),
    )
    expenditure(row, national[kind]["expenditure_total"], layout["expenditure_total"])
    row = book.row(["年初财政拨款结转和结余", None, "年末财政拨款结转和结余"])
    book.amount(
        row,
        2,
        printed_cell(kind, line=national[kind]["opening_balance"], column=1),
        printed_cell(kind, line=layout["opening_balance"], column=1),
    )
    expenditure(row, national[kind]["closing_balance"], layout["closing_balance"])
    for index, fund in enumerate(("general_budget", "government_fund", "state_capital")):
        row = book.row([f"{chinese_numeral(index + 1)}、{funds[index]}"])
        book.amount(
            row,
            2,
            printed_cell(kind, line=national[kind]["opening_balance_lines"][fund], column=1),
            printed_cell(kind, line=layout["opening_balance_lines"][fund], column=1),
        )
    row = book.row(["总计", None, "总计"])
    book.amount(
        row,
        2,
        printed_cell(kind, line=national[kind]["income_grand_total"], column=1),
        printed_cell(kind, line=layout["income_grand_total"], column=1),
    )
    expenditure(row, national[kind]["expenditure_grand_total"], layout["expenditure_grand_total"])
    book.row(["注：本表反映部门本年度财政拨款总收支和结转结余情况。"])


def subject_codes(book, kind):
    """The codes the reference prints in table `kind`, in code order."""
    return sorted({address.code for address in book.figures if address.table_kind == kind and address.code})


def write_subject_table(book, kind, title, labels, *, split, total_first, as_text, group=None):
    """A subject table: header by text (group heading over its columns), codes split or in one cell."""
    book.start(title, kind)
    count = len(labels)
    code_columns = 3 if split else 1
    first_amount = code_columns + 2
    pad = [None] * (code_columns - 1)
    start, group_label, width = group or (None, None, 0)
    in_group = [group is not None and start <= index < start + width for index in range(count)]
    top, second = ["项目", *pad, None], ["功能分类科目编码", *pad, "科目名称"]
    for index, label in enumerate(labels):
        if in_group[index]:
            top.append(group_label if index == start else None)
            second.append(label)
        else:
            top.append(label)
            second.append(None)
    book.row(top)
    book.row(second)
    if split:
        book.row(["类", "款", "项"])

    def write_row(code):
        name = (
            "合计"
            if not code
            else next(
                (f.label for a, f in book.figures.items() if a.table_kind == kind and a.code == code), ""
            )
        )
        if split:
            parts = [code[:3] or None, code[3:5] or None, code[5:7] or None] if code else [None, None, None]
        else:
            parts = [code or None]
        row = book.row([*parts, name])
        for index in range(count):
            address = printed_cell(kind, code=code, column=index + 1)
            book.amount(row, first_amount + index, address, address, as_text=as_text)

    if total_first:
        write_row("")
    for code in subject_codes(book, kind):
        write_row(code)
    if not total_first:
        write_row("")


def write_basic_detail(book):
    """表6 in two blocks (301, 303 | 302, 310), codes split over 类 and 款, totals at the bottom."""
    kind = "basic_expenditure_detail"
    book.start("一般公共预算财政拨款基本支出决算表", kind)
    book.row(["经济分类科目编码", None, "科目名称", "决算数", "经济分类科目编码", None, "科目名称", "决算数"])
    book.row(["类", "款", None, None, "类", "款", None, None])
    codes = sorted({a.code for a in book.figures if a.table_kind == kind and a.code})
    left = [c for c in codes if c[:3] in ("301", "303")]
    right = [c for c in codes if c[:3] in ("302", "310")]
    for index in range(max(len(left), len(right))):
        row = book.row([])
        for code_list, column in ((left, 1), (right, 5)):
            if index < len(code_list):
                code = code_list[index]
                name = book.figures[printed_cell(kind, code=code)].label
                book.sheet.cell(row=row, column=column, value=code[:3])
                if len(code) == 5:
                    book.sheet.cell(row=row, column=column + 1, value=code[3:])
                book.sheet.cell(row=row, column=column + 2, value=name)
                book.amount(row, column + 3, printed_cell(kind, code=code), printed_cell(kind, code=code))
    row = book.row(["人员经费合计", None, None, None, "公用经费合计"])
    for key, column in (("personnel_total", 4), ("operating_total", 8)):
        book.amount(row, column, printed_cell(kind, key=key), printed_cell(kind, key=key))
    book.row(["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])


OFFICIAL_ORDER = (
    "total",
    "outbound_travel",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
)


def write_official_expenses(book, *, swap=None):
    """三公 as 上海 prints it: one (预算数, 决算数) pair per item, letter-spaced headers.

    `swap` exchanges two item headers (and nothing else): the figures under them then belong to the
    other item.
    """
    kind = "official_expenses"
    book.start("财政拨款“三公”经费支出决算表", kind)
    items = {
        "total": "合计",
        "outbound_travel": "因 公 出 国 （ 境 ） 费 用",
        "vehicles": "小计",
        "vehicle_purchase": "公务用车购置费",
        "vehicle_operation": "公务用车运行维护费",
        "reception": "公务接待费",
    }
    book.row(["财政拨款“三公”经费"])
    # Each item's pair of columns starts at this column (1-based), in the template's order.
    starts = dict(zip(OFFICIAL_ORDER, (1, 3, 5, 7, 9, 11), strict=True))
    header_of = {item: item for item in OFFICIAL_ORDER}
    if swap:
        a, b = swap
        header_of[a], header_of[b] = b, a
    top_items, middle_items = (
        ("total", "outbound_travel", "reception"),
        ("vehicles", "vehicle_purchase", "vehicle_operation"),
    )
    top = [None] * 12
    middle = [None] * 12
    for item in OFFICIAL_ORDER:
        target = top if item in top_items else middle
        target[starts[item] - 1] = items[header_of[item]]
    top[starts["vehicles"] - 1] = "公务用车购置及运行维护费"
    assert all(item in top_items for item in (swap or ())) or all(
        item in middle_items for item in (swap or ())
    )
    book.row(top)
    book.row(middle)
    book.row(["预算数", "决算数"] * 6)
    row = book.row([])
    for item in OFFICIAL_ORDER:
        named = header_of[item]  # the item the headers over these columns name
        for offset, half in enumerate(("budget", "actual")):
            national = printed_cell(kind, column=6 * offset + OFFICIAL_ORDER.index(item) + 1)
            number = 6 * offset + OFFICIAL_ORDER.index(named) + 1  # the statement's (national) 栏次
            book.amount(
                row, starts[item] + offset, national, printed_cell(kind, key=f"{half}_{named}", column=number)
            )
    book.row(["注：本表反映部门本年度“三公”经费支出预决算情况。"])


def write_fund_table(book, kind, title, labels, group):
    write_subject_table(book, kind, title, labels, split=True, total_first=True, as_text=False, group=group)
    book.row(["注：本表反映部门本年度情况。"])
    book.row(["说明：上海市测试局本年度没有相关财政拨款收入和支出，故本表无数据。"])


def shanghai_workbook(figures, *, swap=None, state_capital_balances=False):
    """Return (bytes, expected) of the reference figures printed in the 上海 layout.

    With `state_capital_balances`, 表9 is printed as the shipped 上海 2024 format has it: 国有资本经营
    预算财政拨款收入支出决算表, with balances and income beside the spending.
    """
    data = shanghai_format_data()
    book = PrintedWorkbook(figures)
    write_summary(book, data)
    write_subject_table(
        book,
        "income",
        "收入决算表",
        [
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "附属单位\n上缴收入",
            "其他收入",
        ],
        split=True,
        total_first=True,
        as_text=True,
    )
    write_subject_table(
        book,
        "expenditure",
        "支出决算表",
        ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补\n助支出"],
        split=False,
        total_first=True,
        as_text=True,
    )
    write_appropriation_summary(book, data)
    write_subject_table(
        book,
        "general_budget_expenditure",
        "一般公共预算财政拨款支出决算表",
        ["合计", "基本支出", "项目支出"],
        split=True,
        total_first=False,
        as_text=False,
    )
    write_basic_detail(book)
    write_official_expenses(book, swap=swap)
    write_fund_table(
        book,
        "government_fund",
        "政府性基金预算财政拨款收入支出决算表",
        ["年初结转和\n结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和\n结余"],
        (2, "本年支出", 3),
    )
    if state_capital_balances:
        write_fund_table(
            book,
            "state_capital",
            "国有资本经营预算财政拨款收入支出决算表",
            ["年初结转和\n结余", "本年收入", "合计", "基本支出", "项目支出", "年末结转和\n结余"],
            (2, "本年支出", 3),
        )
    else:
        write_fund_table(
            book,
            "state_capital",
            "国有资本经营预算财政拨款支出决算表",
            ["合计", "基本支出", "项目支出"],
            (0, "本年支出", 3),
        )
    return book.bytes(), book.expected
