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

from ..addresses import DETAIL_TOTALS, SUMMARY_KINDS, printed_cell
from ..editing import parse_amount
from .reading import coordinate
from .recognising import squeeze
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
ADDRESS_PARTS = ("line", "column", "code", "key")


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
        """Record the printed figure of a sheet cell at the table address given by `fields`."""
        value = self.amount(sheet_row, sheet_column)
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


def parse_table(table, grid, title_row, unit, *, valid_addresses, economic_codes):
    """Return the ParsedTable of `grid`, which holds `table` (a ReportTable)."""
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
        parse_summary(reader, valid_addresses)
    elif table.kind == "basic_expenditure_detail":
        parse_basic_detail(reader, economic_codes)
    elif table.kind == "official_expenses":
        parse_official_expenses(reader)
    else:
        parse_subject_table(reader)
    return reader.parsed


# — 表2, 表3, 表5, 表7, 表8: one row per functional subject —


def looks_like_subject_data(cells):
    for column, value in cells.items():
        if column <= 4 and (d := digits(value)) is not None and len(d) in FUNCTIONAL_CODE_LENGTHS:
            return True
        if isinstance(value, str) and squeeze(value) in TOTAL_NAMES:
            return True
    return False


def parse_subject_table(reader):
    columns = reader.table.layout["columns"]
    numbers_row, column_map = reader.column_numbers(len(columns))
    if numbers_row is None:
        first_data = next(
            (
                r
                for r, cells in reader.rows.items()
                if r > reader.title_row and looks_like_subject_data(cells)
            ),
            None,
        )
        if first_data is None:
            reader.problem(f"表{reader.table.number} 既没有栏次行，也找不到合计行或科目行。")
            return
        header = reader.header_cells(first_data - 1)
        leaf = {}
        for (_r, c), text in sorted(header.items()):
            leaf[c] = text  # the lowest header text of each column is its own label
        wanted = {squeeze(col["label"]): col["number"] for col in columns}
        column_map = {c: wanted[text] for c, text in leaf.items() if text in wanted}
        missing = [col["label"] for col in columns if col["number"] not in column_map.values()]
        if missing:
            reader.problem(
                f"表{reader.table.number} 找不到栏目：{'、'.join(missing)}（没有栏次行可据以定位）。"
            )
            return
        header_end = first_data - 1
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
                reader.problem(f"“{value}”不在任何栏次之下，无法判断属于哪一栏。", row, column)
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


def parse_summary(reader, valid_addresses):
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
    row_header = {c: text for (r, c), text in header.items() if r == header_row}
    code_columns = sorted(c for c, text in row_header.items() if text in CODE_HEADERS)
    blocks = []
    for i, code_column in enumerate(code_columns):
        end = code_columns[i + 1] if i + 1 < len(code_columns) else 10_000
        name_column = next(
            (c for c in sorted(row_header) if code_column < c < end and row_header[c] in NAME_HEADERS), None
        )
        amount_column = next(
            (c for c in sorted(row_header) if code_column < c < end and row_header[c] in AMOUNT_HEADERS), None
        )
        if name_column is None or amount_column is None:
            reader.problem("“经济分类科目”列右侧找不到“科目名称”或“决算数”列。", header_row, code_column)
            return
        blocks.append((code_column, name_column, amount_column))
    seen = {}
    for row, cells in reader.body_rows(header_row):
        total_labels = {
            c: squeeze(v)
            for c, v in cells.items()
            if isinstance(v, str) and squeeze(v) in DETAIL_TOTALS.values()
        }
        if total_labels:
            parse_detail_totals(reader, row, cells, total_labels)
            continue
        for code_column, name_column, amount_column in blocks:
            value = cells.get(code_column)
            if value is None:
                if cells.get(amount_column) is not None:
                    reader.problem(
                        f"“{cells[amount_column]}”所在行没有经济分类科目编码。", row, amount_column
                    )
                continue
            code = digits(value)
            if code is None or len(code) not in ECONOMIC_CODE_LENGTHS:
                reader.problem(f"“{value}”不是经济分类科目编码（应为 3 或 5 位数字）。", row, code_column)
                continue
            if code not in economic_codes:
                reader.problem(f"经济分类科目 {code} 不在本年度的科目中。", row, code_column)
                continue
            if code in seen:
                reader.problem(f"经济分类科目 {code} 重复出现（另见 {seen[code]}）。", row, code_column)
                continue
            seen[code] = coordinate(row, code_column)
            name = str(cells.get(name_column) or "").strip()
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


# — 表9: one row of twelve columns —


def parse_official_expenses(reader):
    numbers_row, column_map = reader.column_numbers(12)
    if numbers_row is None:
        header = reader.header_cells(reader.title_row + HEADER_ROWS)
        budget = sorted((r, c) for (r, c), text in header.items() if text == "预算数")
        if not budget:
            reader.problem(f"表{reader.table.number} 既没有栏次行（1–12），也找不到“预算数”表头。")
            return
        # Without 栏次 the twelve columns start under 预算数, in the printed order.
        numbers_row, first = budget[0]
        column_map = {first + i: i + 1 for i in range(12)}
    data_rows = [
        (row, cells)
        for row, cells in reader.body_rows(numbers_row)
        if any(is_amount_like(cells.get(c)) for c in column_map)
    ]
    if not data_rows:
        return  # nothing printed: every figure is zero, as the facts will be
    row, _cells = data_rows[0]
    for extra_row, extra_cells in data_rows[1:]:
        first = min(c for c in column_map if is_amount_like(extra_cells.get(c)))
        reader.problem(f"表{reader.table.number} 只有一行数据，这一行多出来了。", extra_row, first)
    for column, number in sorted(column_map.items(), key=lambda item: item[1]):
        reader.figure(row, column, column=number)
