"""The blank workbook users fill in and import: the format's tables in the official layout, one per sheet.

Each sheet has the title (“2022年度收入支出决算总表（表1）”), the 部门/单位 line, the printed headers with
their merged cells and 栏次, the fixed rows (表1/表4 lines with 行次, 表6's economic subjects, the 合计
rows) and the notes. The layout is taken from the statements built over no facts, so the template and
the published tables cannot drift apart; the subject tables get the printed 类/款/项 code columns. The
same writer fills the layout with a final account's statements in 万元 (`build_workbook`).
"""

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from .. import formatting
from ..addresses import SUBJECT_KINDS
from ..models import CategoryRow, EconomicSubject, ReportTable
from ..statements import build_statements
from ..statements.facts import Facts
from ..statements.structures import HeaderCell

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "data" / "templates"
AMOUNT_FORMAT = "#,##0.00"
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
BLANK_SUBJECT_ROWS = 20


def template_path(report_format):
    return TEMPLATES_DIR / f"final-accounts-template-{report_format.year}.xlsx"


def empty_facts(report_format):
    """Return Facts with the format's tables and no figures, for building empty statements."""
    tables = {t.kind: t for t in ReportTable.objects.filter(report_format=report_format)}
    return Facts(
        final_account=None,
        tables=tables,
        category_rows=list(CategoryRow.objects.filter(report_format=report_format).order_by("position")),
        income={},
        expenditure={},
        balances={},
        basic_detail={},
        economic_subjects={
            s.code: s for s in EconomicSubject.objects.filter(edition=report_format.year).order_by("code")
        },
        official_expenses={},
        budget_total=None,
        budget_by_kind={},
        budget_by_subject={},
        stated_figures={},
        stated_counts={},
        prior_year={},
        free_texts={},
    )


def subject_header_rows(table):
    """Header rows of a subject table as printed: 项目 / 功能分类科目编码 (类 款 项) / 科目名称, columns, 栏次."""
    layout = table.layout
    columns = layout["columns"]
    group_label = layout.get("group_label") or layout.get("expenditure_label")
    grouped = [c for c in columns if c["key"] in ("total", "basic", "project")] if group_label else []
    first, second = (
        [HeaderCell("项目", colspan=4)],
        [HeaderCell("功能分类科目编码", colspan=3), HeaderCell("科目名称")],
    )
    group_started = False
    for column in columns:
        if column in grouped:
            if not group_started:
                first.append(HeaderCell(group_label, colspan=len(grouped)))
                group_started = True
            second.append(HeaderCell(column["label"]))
        else:
            first.append(HeaderCell(column["label"], rowspan=2))
    third = [HeaderCell("类"), HeaderCell("款"), HeaderCell("项"), HeaderCell("栏次")]
    third += [HeaderCell(str(c["number"])) for c in columns]
    return (tuple(first), tuple(second), tuple(third))


def statement_body_rows(statement, *, filled=False):
    """Body rows of a built statement: text cells as text (行次 as numbers), amounts blank or printed."""
    rows = []
    for row in statement.rows:
        cells = []
        for cell in row.cells:
            if cell.is_amount:
                cells.append(printed_amount(cell) if filled else None)
            elif cell.role == "line" and cell.text.isdigit():
                cells.append(int(cell.text))
            else:
                text = str(cell.text) or None  # labels may be lazy translations
                cells.append((text, cell.colspan) if cell.colspan > 1 else text)
        rows.append(cells)
    return rows


def place_header(worksheet, first_row, header_rows):
    """Write header rows with their spans (merging cells) from `first_row`; return the next free row."""
    occupied = set()
    row = first_row
    for header_row in header_rows:
        column = 1
        for header in header_row:
            while (row, column) in occupied:
                column += 1
            worksheet.cell(
                row=row, column=column, value=int(header.text) if header.text.isdigit() else header.text
            )
            for r in range(row, row + header.rowspan):
                for c in range(column, column + header.colspan):
                    occupied.add((r, c))
                    worksheet.cell(row=r, column=c).border = BORDER
                    worksheet.cell(row=r, column=c).alignment = CENTER
            if header.rowspan > 1 or header.colspan > 1:
                worksheet.merge_cells(
                    start_row=row,
                    start_column=column,
                    end_row=row + header.rowspan - 1,
                    end_column=column + header.colspan - 1,
                )
            column += header.colspan
        row += 1
    return max([row] + [r + 1 for r, _c in occupied])


def place_body(worksheet, first_row, rows, amount_columns):
    """Write body rows; a cell is a value, None, or (value, colspan). Return the next free row."""
    row = first_row
    for cells in rows:
        column = 1
        for spec in cells:
            value, span = spec if isinstance(spec, tuple) else (spec, 1)
            target = worksheet.cell(row=row, column=column, value=value)
            for c in range(column, column + span):
                worksheet.cell(row=row, column=c).border = BORDER
            if column in amount_columns:
                target.number_format = AMOUNT_FORMAT
            if span > 1:
                worksheet.merge_cells(
                    start_row=row, start_column=column, end_row=row, end_column=column + span - 1
                )
            column += span
        row += 1
    return row


def write_table(
    worksheet,
    *,
    heading,
    department,
    unit_label,
    header_rows,
    rows,
    notes,
    width,
    amount_columns=(),
    sentence="",
):
    """Write one table in the official layout: title, 部门/单位 line, headers, body, notes."""
    worksheet.cell(row=1, column=1, value=heading).font = Font(bold=True, size=14)
    worksheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    worksheet.cell(row=2, column=1, value=f"部门：{department}")
    worksheet.cell(row=2, column=width, value=f"单位：{unit_label}")
    next_row = place_header(worksheet, 3, header_rows)
    next_row = place_body(worksheet, next_row, rows, set(amount_columns))
    for note in notes:
        worksheet.cell(row=next_row, column=1, value=note)
        next_row += 1
    if sentence:
        worksheet.cell(row=next_row + 1, column=1, value=sentence)
    for column in range(1, width + 1):
        worksheet.column_dimensions[get_column_letter(column)].width = 14
    return next_row


def amount_columns_of(statement):
    """Sheet columns (1-based) holding amounts, as statement_body_rows lays the rows out."""
    columns = set()
    for row in statement.rows:
        column = 1
        for cell in row.cells:
            if cell.is_amount:
                columns.add(column)
            column += cell.colspan
    return columns


def sheet_name(statement):
    return statement.label


def build_template(report_format):
    """Return the blank template workbook (bytes) of `report_format`."""
    return build_workbook(report_format)


def build_workbook(report_format, *, facts=None, department=""):
    """Return a workbook (bytes) of the format's tables in the official layout: blank, or with the
    statements built from `facts`, in 万元 as the tables print them (zero cells blank).
    """
    filled = facts is not None
    facts = facts if filled else empty_facts(report_format)
    statements = build_statements(facts)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind, statement in statements.items():
        worksheet = workbook.create_sheet(sheet_name(statement))
        heading = f"{report_format.year}年度{statement.title}（{statement.label}）"
        if kind in SUBJECT_KINDS:
            width = 4 + len(facts.tables[kind].layout["columns"])
            header_rows = subject_header_rows(facts.tables[kind])
            rows = (
                subject_rows(statement)
                if filled
                else (
                    [[("合计", 4)] + [None] * (width - 4)]
                    + [[None] * width for _ in range(BLANK_SUBJECT_ROWS)]
                )
            )
            amounts = set(range(5, width + 1))
        else:
            width = statement.column_count
            header_rows = statement.header_rows
            rows = statement_body_rows(statement, filled=filled)
            amounts = amount_columns_of(statement)
        write_table(
            worksheet,
            heading=heading,
            department=department,
            unit_label="万元",
            header_rows=header_rows,
            rows=rows,
            notes=statement.notes,
            width=width,
            amount_columns=amounts,
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def printed_amount(cell):
    """Return a cell's figure as the tables print it: 万元 rounded half-up, None (blank) for zero."""
    return formatting.to_wanyuan(cell.value) if cell.value else None


def subject_rows(statement):
    """Body rows of a built subject table: 合计, then each subject with its code merged over 类/款/项."""
    rows = []
    for row in statement.rows:
        amounts = [printed_amount(cell) for cell in row.cells if cell.is_amount]
        if row.kind == "total":
            rows.append([None, None, None, "合计", *amounts])
        else:
            name = next(cell.text for cell in row.cells if cell.role == "name")
            rows.append([(row.code, 3), name, *amounts])
    return rows


def save_template(report_format):
    """Write the blank template of `report_format` under accounts/data/templates/; return its path.

    The shipped file is regenerated so (a test checks it matches what the format gives):
    python manage.py shell -c "from accounts.models import ReportFormat; from accounts.importing.template
    import save_template; save_template(ReportFormat.objects.get(year=2022, region='national'))"
    """
    path = template_path(report_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_template(report_format))
    return path
