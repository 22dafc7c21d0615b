"""Reading each recognised sheet into printed figures (元), by the kind of table it holds.

Columns are found by their 栏次 (the row of column numbers under the headers) and, where a sheet prints
none, by the header text of the format (subject tables) or by their place next to 行次 (表1, 表4).
Headers may be merged or spread over several rows; blank rows are skipped; the notes under a table
(“注：…”, “1栏各行=…”) end it. A subject code may sit in one cell (“2080101”, possibly merged over the
类/款/项 columns) or be split over 类/款/项 columns (“208” “01” “01”, the 类 and 款 parts possibly only
on the row that opens them). Amounts are read as the sheet's unit says and become 元.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from ..addresses import DETAIL_TOTALS, OFFICIAL_ITEMS, SUMMARY_KINDS, printed_cell
from ..editing import parse_amount
from .reading import coordinate
from .recognising import DEPARTMENT_LINE, UNIT, squeeze
from .results import ParsedTable, PrintedFigure, Problem, SubjectRow

ZERO = Decimal("0.00")
HEADER_ROWS = 12  # header rows searched below the title
TOTAL_NAMES = {"合计", "总计"}
CODE_AND_NAME = re.compile(r"^([0-9]{3}|[0-9]{5}|[0-9]{7})\s+(\S.*)$")
DIGITS = re.compile(r"^[0-9]+$")
# The lookbehind starts a match only at the first digit of a run: without it, a long run of digits not
# followed by 行/栏 is scanned again from each of its digits (quadratic: 60,000 digits took 6 s).
NOTE = re.compile(r"^注|(?<![0-9])[0-9]+(?:行|栏)(?:各行)?[=＝—－-]")
FUNCTIONAL_CODE_LENGTHS = (3, 5, 7)
ECONOMIC_CODE_LENGTHS = (3, 5)
MAX_PROBLEMS_PER_KIND = 20
MAX_COLUMNS_READ = 10_000  # beyond every sheet column
ADDRESS_PARTS = ("line", "column", "code", "key")
# Some documents print a dash for nothing.
DASHES = re.compile(r"[-－—–―]+")


def digits(value):
    """Return the digits of a cell holding a non-negative whole number (2080101, "2080101"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value >= 0 else None
    if isinstance(value, Decimal):
        if value >= 0 and value == value.to_integral_value():
            return str(int(value))
        return None
    if isinstance(value, str) and DIGITS.match(value.strip()):
        return value.strip()
    return None


def is_note(cells):
    return any(isinstance(v, str) and NOTE.search(squeeze(v)) for v in cells.values())


def is_amount_like(value):
    if isinstance(value, (int, Decimal)):
        return True
    return isinstance(value, str) and re.fullmatch(r"-?[0-9,，]*\.?[0-9]+", squeeze(value)) is not None


class SheetReader:
    """The helpers every table parser uses: the sheet, its unit, and the problems found so far."""

    def __init__(self, table, grid, title_row, unit):
        self.grid = grid
        self.rows = grid.rows()
        self.title_row = title_row
        self.unit = unit
        self.parsed = ParsedTable(
            kind=table.kind,
            number=table.number,
            title=table.title,
            sheet=grid.name,
            unit=unit,
            layout=table.layout,
        )
        self.table = table

    def problem(self, message, row=None, column=None):
        cell = coordinate(row, column) if row and column else ""
        self.parsed.problems.append(Problem(message, sheet=self.grid.name, cell=cell))

    def amount(self, row, column):
        """Return the amount in 元 of a cell (blank is zero), or None after recording why it is unreadable."""
        value = self.grid.value(row, column)
        if value is None:
            return ZERO
        text = value if isinstance(value, str) else str(value)
        try:
            return parse_amount(text, unit=self.unit)
        except ValidationError as error:
            self.problem(error.messages[0], row, column)
            return None

    def figure(self, sheet_row, sheet_column, **fields):
        """Record the printed figure of a sheet cell at the table address given by `fields`.

        A blank cell (or one printing only a dash) is recorded as blank, reading as zero, so that a
        printed “0.00” stays apart from it.
        """
        printed = self.grid.value(sheet_row, sheet_column)
        blank = printed is None or (
            isinstance(printed, str) and DASHES.fullmatch(squeeze(printed)) is not None
        )
        value = ZERO if blank else self.amount(sheet_row, sheet_column)
        if value is None:
            return
        kind = self.parsed.kind
        self.parsed.figures.append(
            PrintedFigure(
                table_kind=kind,
                address=printed_cell(kind, **{k: v for k, v in fields.items() if k in ADDRESS_PARTS}),
                value=value,
                sheet=self.grid.name,
                cell=coordinate(sheet_row, sheet_column),
                blank=blank,
                **fields,
            )
        )

    def body_rows(self, after):
        """Yield (row, cells) below `after` until the notes under the table."""
        for row, cells in self.rows.items():
            if row <= after:
                continue
            if is_note(cells):
                return
            yield row, cells

    def column_numbers(self, count):
        """Return (row, {sheet column: 栏次}) of the 栏次 row printing 1…count left to right, or (None, {})."""
        for row in range(self.title_row + 1, self.title_row + HEADER_ROWS + 1):
            cells = self.rows.get(row, {})
            numbers = [(c, digits(v)) for c, v in sorted(cells.items())]
            numbers = [(c, int(d)) for c, d in numbers if d is not None and len(d) <= 2]
            if [n for _, n in numbers] == list(range(1, count + 1)):
                return row, dict(numbers)
        return None, {}

    def header_cells(self, last_row):
        """Return {(row, column): squeezed text} of the text cells between the title and `last_row`."""
        return {
            (r, c): squeeze(v)
            for (r, c), v in self.grid.cells.items()
            if self.title_row < r <= last_row and isinstance(v, str)
        }


def parse_table(table, grid, title_row, unit, *, valid_addresses, economic_codes, statement=None):
    """Return the ParsedTable of `grid`, which holds `table` (a ReportTable).

    `statement` is the table as the format builds it (from no facts): its row labels are how 表1/表4
    printed without 行次 are read.
    """
    reader = SheetReader(table, grid, title_row, unit)
    if grid.formulas:
        for cell, formula in grid.formulas[:MAX_PROBLEMS_PER_KIND]:
            reader.parsed.problems.append(
                Problem(
                    f"单元格是公式（{formula}），不是数值。请把公式替换为数值（选择性粘贴为“值”）后再导入。",
                    sheet=grid.name,
                    cell=cell,
                )
            )
        if len(grid.formulas) > MAX_PROBLEMS_PER_KIND:
            reader.problem(f"另有 {len(grid.formulas) - MAX_PROBLEMS_PER_KIND} 个公式单元格未逐一列出。")
        return reader.parsed
    if table.kind in SUMMARY_KINDS:
        parse_summary(reader, valid_addresses, statement)
    elif table.kind == "basic_expenditure_detail":
        parse_basic_detail(reader, economic_codes)
    elif table.kind == "official_expenses":
        parse_official_expenses(reader)
    else:
        parse_subject_table(reader)
    return reader.parsed


# — 表2, 表3, 表5, 表7, 表8: one row per functional subject —


def parse_subject_table(reader):
    columns = reader.table.layout["columns"]
    numbers_row, column_map = reader.column_numbers(len(columns))
    if numbers_row is None:
        header_end, column_map = columns_by_header(reader, columns)
        if header_end is None:
            return
    else:
        header_end = numbers_row
    first_amount = min(column_map)
    header = reader.header_cells(header_end)
    split_columns = {
        text: c for (_r, c), text in header.items() if text in ("类", "款", "项") and c < first_amount
    }
    seen_codes, totals = {}, []
    last = {3: "", 5: ""}
    for row, cells in reader.body_rows(header_end):
        labels = {c: v for c, v in cells.items() if c < first_amount}
        stray = {c: v for c, v in cells.items() if c >= first_amount and c not in column_map}
        for column, value in stray.items():
            if is_amount_like(value):
                reader.problem(f"“{value}”不在任何栏目之下，无法判断属于哪一栏。", row, column)
        has_amounts = any(cells.get(c) is not None for c in column_map)
        code, name, name_cell, code_cell = subject_code(reader, row, labels, split_columns, last)
        if code is False:
            continue
        if code:
            if code in seen_codes:
                reader.problem(f"科目 {code} 重复出现（另见 {seen_codes[code]}）。", row, code_cell)
                continue
            seen_codes[code] = coordinate(row, code_cell)
            last[3] = code[:3]
            if len(code) >= 5:
                last[5] = code[:5]
            reader.parsed.subject_rows.append(
                SubjectRow(reader.parsed.kind, code, name, reader.grid.name, coordinate(row, code_cell))
            )
        elif squeeze(name) in TOTAL_NAMES:
            if totals:
                reader.problem(f"合计行重复出现（另见第 {totals[0]} 行）。", row, min(labels))
                continue
            totals.append(row)
        elif has_amounts:
            first = min(c for c in column_map if cells.get(c) is not None)
            reader.problem("这一行有金额，但既没有科目编码，也不是合计行。", row, first)
            continue
        else:
            continue
        label_cell = coordinate(row, name_cell) if name_cell else ""
        for column, number in sorted(column_map.items(), key=lambda item: item[1]):
            reader.figure(row, column, column=number, code=code, label=name[:200], label_cell=label_cell)


# — Headers read by their text —

# The two words a format may print for the total column of a group (本年支出 小计 / 合计).
SUBTOTAL_WORDS = ("小计", "合计")


def header_text(text):
    """Return header text compared by its words: blanks (letter spacing, wrapping) out, brackets full-width."""
    return squeeze(text).replace("(", "（").replace(")", "）")


def is_figure_like(value):
    """Whether a cell looks like a figure or a subject code rather than header text or a 栏次."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, Decimal)):
        return value >= 100 or value != int(value) or value < 0
    text = squeeze(value)
    return bool(re.fullmatch(r"[0-9]{3,}", text)) or (
        "." in text and re.fullmatch(r"-?[0-9,，]*\.[0-9]+", text) is not None
    )


# Headers over the code and name columns. A 合计 printed at or left of them names the 合计 row; right of
# them, a column (本年支出 合计).
LABEL_HEADERS = {"项目", "科目名称", "功能分类科目编码", "功能分类科目", "科目编码", "类", "款", "项"}


def first_body_row(reader):
    """Return the first row under the title holding a figure, a subject code or the 合计 row's label."""
    label_limit = max(
        (
            c
            for (_r, c), text in reader.header_cells(reader.title_row + HEADER_ROWS).items()
            if text in LABEL_HEADERS
        ),
        default=0,
    )
    return next(
        (
            r
            for r, cells in reader.rows.items()
            if r > reader.title_row
            and (
                any(is_figure_like(v) for v in cells.values())
                or any(
                    c <= label_limit and isinstance(v, str) and squeeze(v) in TOTAL_NAMES
                    for c, v in cells.items()
                )
            )
        ),
        None,
    )


def column_texts(reader, last_row):
    """Return {sheet column: [header texts from top to bottom]} between the title and `last_row`."""
    texts = {}
    for (_r, c), text in sorted(reader.header_cells(last_row).items()):
        texts.setdefault(c, []).append(header_text(text))
    return texts


def header_candidates(texts):
    """The texts a column's header may be read as: its lowest text, then with the texts above it joined.

    A group heading stands above its first column only (“本年支出” over “合计”), and a long header may be
    wrapped over rows (“年初结转和” “结余”).
    """
    return ["".join(texts[-n:]) for n in range(1, len(texts) + 1)]


def wanted_labels(columns):
    """Return {header text: 栏次} of a format's columns, 小计 and 合计 standing for each other."""
    wanted = {}
    for column in columns:
        label = header_text(column["label"])
        wanted[label] = column["number"]
        if label in SUBTOTAL_WORDS:
            for word in SUBTOTAL_WORDS:
                wanted.setdefault(word, column["number"])
    return wanted


def match_columns(texts, columns, *, only=None):
    """Return {sheet column: 栏次} of the sheet columns whose header names one of the format's `columns`."""
    wanted = wanted_labels(columns)
    found = {}
    for column in sorted(texts):
        if only is not None and column not in only:
            continue
        for candidate in header_candidates(texts[column]):
            number = wanted.get(candidate)
            if number is not None and number not in found.values():
                found[column] = number
                break
    return found


def columns_by_header(reader, columns):
    """Return (the last header row, {sheet column: 栏次}) of a table printed without 栏次, or (None, {}).

    The header is what stands between the title and the first figure or code; each column of the format
    must be found by its label there, or the table is refused naming the columns not found: nothing is
    read by position.
    """
    first = first_body_row(reader)
    if first is None:
        # Nothing printed under the headers: read the headers down to the notes.
        first = next(
            (r for r, cells in reader.rows.items() if r > reader.title_row and is_note(cells)),
            reader.title_row + HEADER_ROWS + 1,
        )
    texts = column_texts(reader, first - 1)
    column_map = match_columns(texts, columns)
    missing = [col["label"] for col in columns if col["number"] not in column_map.values()]
    if missing:
        reader.problem(f"表{reader.table.number} 找不到栏目：{'、'.join(missing)}（没有栏次行可据以定位）。")
        return None, {}
    return first - 1, column_map


def subject_code(reader, row, labels, split_columns, last):
    """Return (code, name, name column, code column) of a subject table row.

    The code is "" for a row without one and False after recording a problem.
    """
    parts, names, name_cell = {}, [], None
    for column, value in sorted(labels.items()):
        d = digits(value)
        if d is not None:
            parts[column] = d
            continue
        match = CODE_AND_NAME.match(str(value).strip())
        if match:
            parts[column] = match.group(1)
            value = match.group(2)
        names.append(str(value).strip())
        name_cell = name_cell or column
    name = "".join(names) if len(names) > 1 and all(len(n) == 1 for n in names) else " ".join(names)
    if not parts:
        return "", name, name_cell, None
    if len(parts) == 1:
        (part,) = parts.values()
        if len(part) in FUNCTIONAL_CODE_LENGTHS:
            return part, name, name_cell, min(parts)
    code = split_code(parts, split_columns, last)
    if code is None:
        shown = " ".join(parts[c] for c in sorted(parts))
        reader.problem(f"无法识别科目编码“{shown}”（应为 3、5 或 7 位，或按类/款/项分列）。", row, min(parts))
        return False, name, name_cell, min(parts)
    return code, name, name_cell, min(parts)


def split_code(parts, split_columns, last):
    """Return the code of a row whose code is split over 类/款/项 columns, or None."""
    ordered = [parts[c] for c in sorted(parts)]
    if not split_columns:
        joined = "".join(ordered)
        if [len(p) for p in ordered] in ([3, 2], [3, 2, 2]):
            return joined
        return None
    category = parts.get(split_columns.get("类"))
    section = parts.get(split_columns.get("款"))
    item = parts.get(split_columns.get("项"))
    if len(parts) != sum(p is not None for p in (category, section, item)):
        return None
    if category is not None and len(category) != 3:
        return None
    if section is not None:
        section = section.zfill(2)
    if item is not None:
        item = item.zfill(2)
    if any(p is not None and len(p) != 2 for p in (section, item)):
        return None
    if item is not None:
        prefix = (category or last[3]) + section if section is not None else last[5]
        return prefix + item if len(prefix) == 5 else None
    if section is not None:
        prefix = category or last[3]
        return prefix + section if len(prefix) == 3 else None
    return category


# — 表1, 表4: two sides, rows by 行次 —


def parse_summary(reader, valid_addresses, statement=None):
    """Read 表1/表4 by their 行次 columns, or, where none is printed, by their row labels."""
    kind, layout = reader.parsed.kind, reader.table.layout
    if kind == "income_expenditure_summary":
        income_numbers, expenditure_numbers = [layout["income_column"]], [layout["expenditure_column"]]
    else:
        income_numbers, expenditure_numbers = (
            [layout["income_column"]],
            [c["number"] for c in layout["columns"]],
        )
    count = len(income_numbers) + len(expenditure_numbers)
    numbers_row, column_map = reader.column_numbers(count)
    header = reader.header_cells(reader.title_row + HEADER_ROWS)
    line_header = sorted({(r, c) for (r, c), text in header.items() if text == "行次"}, key=lambda rc: rc[1])
    line_columns = sorted({c for _r, c in line_header})
    if not line_columns and statement is not None:
        parse_summary_by_labels(reader, statement, valid_addresses)
        return
    if len(line_columns) != 2:
        reader.problem(f"表{reader.table.number} 应有收入、支出两个“行次”列，找到 {len(line_columns)} 个。")
        return
    left, right = line_columns
    if numbers_row is None:
        column_map = {left + 1: income_numbers[0]}
        column_map |= {right + 1 + i: number for i, number in enumerate(expenditure_numbers)}
    income_columns = {c: n for c, n in column_map.items() if n in income_numbers and c < right}
    expenditure_columns = {c: n for c, n in column_map.items() if n in expenditure_numbers and c > right}
    if (
        sorted(income_columns.values()) != income_numbers
        or sorted(expenditure_columns.values()) != expenditure_numbers
    ):
        reader.problem(
            f"表{reader.table.number} 的栏次与格式不符：收入方应为栏 {income_numbers}，支出方应为栏 {expenditure_numbers}。"
        )
        return
    # The body starts at the first row printing a 行次; what lies above it is header (sub-headers included).
    header_end = max([numbers_row or 0] + [r for r, _c in line_header])
    first_line = next(
        (
            r
            for r, cells in reader.rows.items()
            if r > header_end and (digits(cells.get(left)) or digits(cells.get(right)))
        ),
        None,
    )
    if first_line is not None:
        header_end = first_line - 1
    seen = {}
    for row, cells in reader.body_rows(header_end):
        for line_column, amount_columns, label_range in (
            (left, income_columns, range(1, left)),
            (right, expenditure_columns, range(left + 1, right)),
        ):
            line_text = digits(cells.get(line_column))
            label = "".join(
                str(cells[c])
                for c in label_range
                if c in cells
                and c not in income_columns
                and isinstance(cells[c], str)
                and not is_amount_like(cells[c])
            )
            if line_text is None:
                for column in amount_columns:
                    if cells.get(column) is not None:
                        reader.problem(f"“{cells[column]}”所在行没有行次，无法判断是哪一行。", row, column)
                continue
            line = int(line_text)
            if line in seen:
                reader.problem(f"行次 {line} 重复出现（另见 {seen[line]}）。", row, line_column)
                continue
            seen[line] = coordinate(row, line_column)
            for column, number in sorted(amount_columns.items(), key=lambda item: item[1]):
                if printed_cell(kind, line=line, column=number) in valid_addresses:
                    reader.figure(row, column, line=line, column=number, label=label[:200])
                elif cells.get(column) is not None:
                    amount = reader.amount(row, column)
                    if amount:
                        reader.problem(
                            f"行次 {line} 栏 {number} 不是填列金额的单元格，却有金额“{cells[column]}”。",
                            row,
                            column,
                        )


# Row labels compared by their words: the numbering (“一、”, “（一）”), blanks and bracketed additions
# (“使用非财政拨款结余（含专用结余）”) set aside; a second, looser key also sets aside “财政拨款” and a final
# “收入”, which regions print or leave out (“年初财政拨款结转和结余”, “一般公共预算财政拨款收入”).
NUMBERING = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．)）])"
)
BRACKETED = re.compile(r"[（(][^（()）]*[)）]")


def row_keys(text):
    """Return the (strict, loose) keys of a printed row label."""
    key = BRACKETED.sub("", NUMBERING.sub("", squeeze(text)))
    loose = key.replace("财政拨款", "").removesuffix("收入")
    return key, loose


def summary_sides(statement):
    """Return the two sides of a built 表1/表4: [(keys, 行次, label)] in printed order, and their 栏次."""
    sides, numbers = ([], []), ([], [])
    for row in statement.rows:
        side = -1
        for cell in row.cells:
            if cell.role == "label":
                side += 1
                if cell.text:
                    sides[side].append((row_keys(cell.text), cell.line, cell.text))
            elif cell.is_amount and side >= 0 and cell.column not in numbers[side]:
                numbers[side].append(cell.column)
    return sides, numbers


class LabelMatcher:
    """Match the printed labels of one side to the format's rows, in order (表4 prints “一般公共预算财政拨款”
    as an income row and again under 年初结转和结余: the first unused row at or after the last one matched)."""

    def __init__(self, entries):
        self.entries = entries
        self.used = set()
        self.position = 0

    def known(self, text):
        key, loose = row_keys(text)
        return any(key == k or loose == lk for (k, lk), _line, _label in self.entries)

    def match(self, text):
        key, loose = row_keys(text)
        for strict in (True, False):
            order = list(range(self.position, len(self.entries))) + list(range(self.position))
            for index in order:
                (k, lk), line, _label = self.entries[index]
                if index not in self.used and (key == k if strict else loose == lk):
                    self.used.add(index)
                    self.position = index + 1
                    return line
        return None


def parse_summary_by_labels(reader, statement, valid_addresses):
    """Read 表1/表4 printed without 行次: each row by its label, each column by its header.

    The label columns of the two sides are where the labels of one side only stand (the income
    sources, the 类); the amounts of a side lie right of its label column. A side with one 栏次 reads
    the one column of figures there; 表4's expenditure side reads its columns by their headers.
    """
    kind = reader.parsed.kind
    sides, numbers = summary_sides(statement)
    matchers = [LabelMatcher(entries) for entries in sides]
    only = [
        {k for k, _line, _label in sides[0]} - {k for k, _line, _label in sides[1]},
        {k for k, _line, _label in sides[1]} - {k for k, _line, _label in sides[0]},
    ]
    # Where each side's own labels stand most often is its label column (a header may repeat a label:
    # 表4's “一般公共预算财政拨款” column); the body starts at the first of them.
    seen = ({}, {})
    for row, cells in reader.body_rows(reader.title_row):
        for column, value in cells.items():
            if not isinstance(value, str) or is_amount_like(value):
                continue
            key = row_keys(value)[0]
            for side in (0, 1):
                if any(key == k[0] for k in only[side]):
                    seen[side].setdefault(column, []).append(row)
    label_columns = [max(found, key=lambda c: len(found[c])) if found else None for found in seen]
    first_label_row = min(
        (min(seen[side][column]) for side, column in enumerate(label_columns) if column is not None),
        default=None,
    )
    if None in label_columns or label_columns[0] >= label_columns[1]:
        reader.problem(
            f"表{reader.table.number} 既没有“行次”列，也找不到收入、支出两方的项目名称（如“{sides[0][0][2]}”“{sides[1][0][2]}”）。"
        )
        return
    left, right = label_columns
    body = [(r, cells) for r, cells in reader.body_rows(first_label_row - 1)]
    header_texts = column_texts(reader, first_label_row - 1)
    amount_columns = []
    for side, (low, high) in enumerate(((left, right), (right, MAX_COLUMNS_READ))):
        present = sorted(
            {
                c
                for _r, cells in body
                for c, v in cells.items()
                if low < c < high and v is not None and (is_amount_like(v) or DASHES.fullmatch(squeeze(v)))
            }
        )
        headed = {c for c in header_texts if low < c < high}
        if len(numbers[side]) == 1:
            figures_header = [c for c in headed if header_texts[c][-1] in ("决算数", "金额")]
            columns = figures_header if len(figures_header) == 1 else present
            if len(columns) > 1:
                reader.problem(
                    f"表{reader.table.number} 的{'收入' if side == 0 else '支出'}方有多列金额，找不到“决算数”表头以确定哪一列。",
                    first_label_row,
                    columns[0],
                )
                return
            amount_columns.append({columns[0]: numbers[side][0]} if columns else {})
        else:
            layout_columns = [c for c in reader.table.layout["columns"] if c["number"] in numbers[side]]
            found = match_columns(header_texts, layout_columns, only=headed)
            missing = [c["label"] for c in layout_columns if c["number"] not in found.values()]
            if missing:
                reader.problem(f"表{reader.table.number} 找不到栏目：{'、'.join(missing)}。")
                return
            amount_columns.append(found)
    for row, cells in body:
        texts = {
            c: v
            for c, v in cells.items()
            if isinstance(v, str) and not is_amount_like(v) and not DASHES.fullmatch(squeeze(v))
        }
        for side, (low, high) in enumerate(((left, right), (right, MAX_COLUMNS_READ))):
            columns = amount_columns[side]
            label_cell = next((c for c in sorted(texts) if low <= c < high and c not in columns), None)
            printed = [c for c in columns if cells.get(c) is not None]
            stray = [
                c
                for c, v in cells.items()
                if low < c < high and c not in columns and c != label_cell and is_amount_like(v)
            ]
            for column in stray:
                reader.problem(f"“{cells[column]}”不在任何栏目之下，无法判断属于哪一栏。", row, column)
            if label_cell is None:
                for column in printed:
                    reader.problem(f"“{cells[column]}”所在行没有项目名称，无法判断是哪一行。", row, column)
                continue
            label = str(texts[label_cell]).strip()
            line = matchers[side].match(label)
            if line is None:
                if printed:
                    reader.problem(
                        f"“{label}”不是本格式表{reader.table.number}{'收入' if side == 0 else '支出'}方的项目，其金额无法放入任何一行。",
                        row,
                        label_cell,
                    )
                continue
            for column, number in sorted(columns.items(), key=lambda item: item[1]):
                if printed_cell(kind, line=line, column=number) in valid_addresses:
                    reader.figure(
                        row,
                        column,
                        line=line,
                        column=number,
                        label=label[:200],
                        label_cell=coordinate(row, label_cell),
                    )
                elif cells.get(column) is not None and reader.amount(row, column):
                    reader.problem(
                        f"“{label}”栏 {number} 不是填列金额的单元格，却有金额“{cells[column]}”。", row, column
                    )


# — 表6: blocks of (经济分类科目, 科目名称, 决算数) side by side —

CODE_HEADERS = {"经济分类科目", "经济分类科目编码", "科目编码"}
NAME_HEADERS = {"科目名称"}
AMOUNT_HEADERS = {"决算数", "金额"}


def parse_basic_detail(reader, economic_codes):
    header = reader.header_cells(reader.title_row + HEADER_ROWS)
    code_cells = sorted((r, c) for (r, c), text in header.items() if text in CODE_HEADERS)
    if not code_cells:
        reader.problem(f"表{reader.table.number} 找不到“经济分类科目”列。")
        return
    header_row = code_cells[0][0]
    # Headers may be wrapped over two rows (“经济分类” above “科目编码”; 类 and 款 under the code heading).
    near = {(r, c): text for (r, c), text in header.items() if header_row - 2 <= r <= header_row + 1}
    code_columns = sorted({c for (r, c), text in near.items() if text in CODE_HEADERS})
    blocks = []
    for i, code_column in enumerate(code_columns):
        end = code_columns[i + 1] if i + 1 < len(code_columns) else 10_000
        in_block = sorted((c, text) for (_r, c), text in near.items() if code_column < c < end)
        name_column = next((c for c, text in in_block if text in NAME_HEADERS), None)
        amount_column = next((c for c, text in in_block if text in AMOUNT_HEADERS), None)
        if name_column is None or amount_column is None:
            reader.problem("“经济分类科目”列右侧找不到“科目名称”或“决算数”列。", header_row, code_column)
            return
        blocks.append((code_column, name_column, amount_column))
    header_words = CODE_HEADERS | NAME_HEADERS | AMOUNT_HEADERS | {"类", "款"}
    header_end = max(r for (r, _c), text in near.items() if text in header_words)
    seen = {}
    last_category = {}
    for row, cells in reader.body_rows(header_end):
        total_labels = {
            c: squeeze(v)
            for c, v in cells.items()
            if isinstance(v, str) and squeeze(v) in DETAIL_TOTALS.values()
        }
        if total_labels:
            parse_detail_totals(reader, row, cells, total_labels)
            continue
        for code_column, name_column, amount_column in blocks:
            parts = [cells.get(c) for c in range(code_column, name_column) if cells.get(c) is not None]
            name = str(cells.get(name_column) or "").strip()
            if not parts:
                if cells.get(amount_column) is not None:
                    reader.problem(
                        f"“{cells[amount_column]}”所在行没有经济分类科目编码。", row, amount_column
                    )
                continue
            code, printed_name = economic_code(parts, last_category.get(code_column, ""))
            name = name or printed_name
            if code is None or len(code) not in ECONOMIC_CODE_LENGTHS:
                shown = " ".join(str(p) for p in parts)
                reader.problem(
                    f"“{shown}”不是经济分类科目编码（应为 3 或 5 位数字，或分列的类、款）。", row, code_column
                )
                continue
            # A code the edition lacks (not in `economic_codes`) is read as any other: its subject row
            # carries the printed name, and preparing keeps it pending or takes it into the edition.
            if code in seen:
                reader.problem(f"经济分类科目 {code} 重复出现（另见 {seen[code]}）。", row, code_column)
                continue
            seen[code] = coordinate(row, code_column)
            last_category[code_column] = code[:3]
            reader.parsed.subject_rows.append(
                SubjectRow(reader.parsed.kind, code, name, reader.grid.name, coordinate(row, code_column))
            )
            reader.figure(
                row,
                amount_column,
                code=code,
                key="economic",
                label=name[:200],
                label_cell=coordinate(row, name_column),
            )


def economic_code(parts, category):
    """Return (code, name printed with it) of 表6 code cells: “30101”; “301” “01” over 类 and 款 (the 类
    possibly only on its own row); or the code and name in one cell (“30207邮电费”). None when unreadable."""
    if len(parts) == 1:
        value = parts[0]
        code = digits(value)
        if code is not None:
            if len(code) == 2 and category:
                return category + code, ""
            return code, ""
        match = re.match(r"^([0-9]{3}|[0-9]{5})\s*(\D.*)$", str(value).strip())
        if match:
            return match.group(1), match.group(2).strip()
        return None, ""
    codes = [digits(p) for p in parts]
    if len(codes) == 2 and codes[0] is not None and codes[1] is not None:
        if len(codes[0]) == 3 and len(codes[1]) <= 2:
            return codes[0] + codes[1].zfill(2), ""
    return None, ""


def parse_detail_totals(reader, row, cells, total_labels):
    """Read 人员经费合计 / 公用经费合计: each amount is the first figure right of its label."""
    keys = {label: key for key, label in DETAIL_TOTALS.items()}
    starts = sorted(total_labels)
    for i, column in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else 10_000
        amount_column = next((c for c in sorted(cells) if column < c < end and cells[c] is not None), None)
        if amount_column is None:
            continue
        reader.figure(row, amount_column, key=keys[total_labels[column]], label=total_labels[column])


# — 三公 (表9 national, 表7 上海): one row, each column a (预算数 or 决算数, item) pair —

OFFICIAL_ITEM_HEADERS = {
    "合计": "total",
    "因公出国（境）费": "outbound_travel",
    "因公出国（境）费用": "outbound_travel",
    "公务用车购置及运行维护费": "vehicles",
    "公务用车购置费": "vehicle_purchase",
    "购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}
OFFICIAL_HALF_HEADERS = {"预算数": "budget", "预算": "budget", "决算数": "actual", "决算": "actual"}


def official_column(half, item):
    """Return the 栏次 the statement gives (预算数 or 决算数, item): the national numbering, whatever the
    arrangement the format prints (statements/official_expenses.py) — 栏1–6 预算数, then 栏7–12 决算数, items
    in OFFICIAL_ITEMS order."""
    return ("budget", "actual").index(half) * len(OFFICIAL_ITEMS) + OFFICIAL_ITEMS.index(item) + 1


def printed_official_column(layout, number):
    """Return the statement's 栏次 of the printed 栏次 `number`: "pairs" (上海) print one (预算数, 决算数)
    pair per item, item by item (栏1 合计预算数, 栏2 合计决算数, 栏3 出国预算数 …)."""
    if layout.get("arrangement") != "pairs":
        return number
    index, half = divmod(number - 1, 2)
    return half * len(OFFICIAL_ITEMS) + index + 1


def header_paths(reader, last_row):
    """Return {sheet column: [header texts from top to bottom]} with merged headings carried right.

    A merged heading holds its text in its first column only: each header row's text stands over the
    columns to its right up to the next text of that row, within the heading above it.
    """
    rows = {}
    for (r, c), text in reader.header_cells(last_row).items():
        if UNIT.search(text) or DEPARTMENT_LINE.match(text):
            continue  # the unit and department lines stand above the headers, not over any column
        rows.setdefault(r, {})[c] = header_text(text)
    if not rows:
        return {}
    width = max(c for cells in rows.values() for c in cells)
    paths = {c: [] for c in range(1, width + 1)}
    start = dict.fromkeys(paths, 1)
    for r in sorted(rows):
        cells = rows[r]
        for c in paths:
            owner = max((k for k in cells if start[c] <= k <= c), default=None)
            if owner is not None:
                paths[c].append(cells[owner])
                start[c] = owner
    return paths


def official_place(path):
    """Return (half, item) a 三公 column's header path names, or None."""
    halves = {OFFICIAL_HALF_HEADERS[t] for t in path if t in OFFICIAL_HALF_HEADERS}
    items = [OFFICIAL_ITEM_HEADERS[t] for t in path if t in OFFICIAL_ITEM_HEADERS]
    if "小计" in path and "vehicles" in items:
        items.append("vehicles")
    if len(halves) != 1 or not items:
        return None
    return halves.pop(), items[-1]


def parse_official_expenses(reader):
    """Read the 三公 row by its headers: whatever the arrangement (blocks or pairs), each figure goes to
    the (预算数/决算数, item) its column's headers name; a 栏次 row is used only where headers name nothing."""
    layout = reader.table.layout
    # The headers are the rows between the title and the first row with a number (栏次 or figures).
    first_number = next(
        (
            r
            for r, cells in reader.rows.items()
            if r > reader.title_row and any(map(is_amount_like, cells.values()))
        ),
        reader.title_row + HEADER_ROWS + 1,
    )
    header_end = first_number - 1
    column_map = {}
    if any(text in OFFICIAL_HALF_HEADERS for text in reader.header_cells(header_end).values()):
        numbers_row, _numbers = reader.column_numbers(12)
        paths = header_paths(reader, header_end)
        places = {}
        for column, path in sorted(paths.items()):
            place = official_place(path)
            if place is None:
                continue
            if place in places:
                reader.problem(
                    f"表{reader.table.number} 的栏目“{'/'.join(path)}”与 {get_column_letter(places[place])} 列的栏目相同，"
                    "无法判断各列的数属于哪一栏。",
                    header_end,
                    column,
                )
                return
            places[place] = column
        column_map = {column: official_column(*place) for place, column in places.items()}
        header_end = max(header_end, numbers_row or 0)
    if not column_map:
        numbers_row, column_map = reader.column_numbers(12)
        column_map = {
            column: printed_official_column(layout, number) for column, number in column_map.items()
        }
        if numbers_row is None:
            reader.problem(
                f"表{reader.table.number} 找不到“预算数”“决算数”及各项目的表头，也没有栏次行（1–12）。"
            )
            return
        header_end = numbers_row
    data_rows = [
        (row, cells)
        for row, cells in reader.body_rows(header_end)
        if any(is_amount_like(v) for v in cells.values())
    ]
    if not data_rows:
        return  # nothing printed: every figure is zero, as the facts will be
    row, cells = data_rows[0]
    for column, value in sorted(cells.items()):
        if column not in column_map and is_amount_like(value):
            reader.problem(f"“{value}”不在任何栏目之下，无法判断属于哪一栏。", row, column)
    for extra_row, extra_cells in data_rows[1:]:
        first = min(c for c, v in extra_cells.items() if is_amount_like(v))
        reader.problem(f"表{reader.table.number} 只有一行数据，这一行多出来了。", extra_row, first)
    for column, number in sorted(column_map.items(), key=lambda item: item[1]):
        half, index = divmod(number - 1, len(OFFICIAL_ITEMS))
        key = f"{('budget', 'actual')[half]}_{OFFICIAL_ITEMS[index]}"
        reader.figure(row, column, column=number, key=key)
