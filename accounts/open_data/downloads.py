"""CSV and XLSX downloads of laid-out statements (a version's frozen tables, or a 汇总).

CSV is data: one line per amount cell with its full address, the exact amount in 元 and, for
reading, the same amount in 万元 (rounded half-up by accounts.formatting), and whether it is the
figure as the department printed it (“印制数”: its 万元 × 10,000); UTF-8 with a byte-order
mark so that Excel opens it as UTF-8. XLSX is the printed table: for each table one sheet in exact
元 and one in 万元, with the official headers and merged cells. Both are made from the statements
alone, and the same statements give the same bytes (the workbook carries the time it is given, not
the time it is written).
"""

import csv
import datetime
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .. import formatting
from .layout import POSITIONAL_LINES, column_headings, row_label

CSV_HEADER = (
    "表号",
    "表名",
    "行次",
    "栏次",
    "科目编码",
    "键",
    "项目",
    "栏目",
    "印制数",
    "金额（元）",
    "金额（万元）",
)
# A cell published as the department printed it (万元 × 10,000 in 元), rather than computed from the facts.
PRINTED_ROLE = "printed"
YUAN_FORMAT = "#,##0.00"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def cell_records(statements):
    """Yield one tuple per amount cell of `statements`, in CSV_HEADER's order (amounts as text)."""
    for statement in statements:
        by_column, by_address = column_headings(statement)
        for row in statement.rows:
            for index, cell in enumerate(row.cells):
                if not cell.is_amount:
                    continue
                line = None if statement.kind in POSITIONAL_LINES else cell.line
                where = (line, cell.column, cell.code, cell.key)
                heading = by_address.get(where) or by_column.get((cell.column, cell.key), "")
                yield (
                    f"表{statement.number}",
                    statement.title,
                    "" if line is None else str(line),
                    "" if cell.column is None else str(cell.column),
                    cell.code,
                    cell.key,
                    row_label(row, index),
                    heading,
                    "是" if cell.role == PRINTED_ROLE else "否",
                    formatting.exact_yuan(cell.value),
                    str(formatting.to_wanyuan(cell.value)),
                )


def statements_csv(statements):
    """Return the CSV bytes (UTF-8 with BOM) of every amount cell of `statements`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(cell_records(statements))
    return buffer.getvalue().encode("utf-8-sig")


def statements_xlsx(statements, *, subtitle, created):
    """Return an XLSX workbook of `statements` as printed: a 元 sheet, then a 万元 sheet of each.

    `subtitle` names whose tables they are (a department, or a bureau's 汇总); `created` (an aware
    datetime, e.g. the version's publication) is the workbook's creation and modification time.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    for unit in ("元", "万元"):
        for statement in statements:
            _write_sheet(
                workbook.create_sheet(f"{statement.label}（{unit}）"), statement, subtitle=subtitle, unit=unit
            )
    created = created.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)  # core.xml is UTC
    workbook.properties.created = workbook.properties.modified = created
    buffer = io.BytesIO()
    # openpyxl's save_workbook stamps the workbook and every zip entry with the current time.
    ExcelWriter(workbook, _StampedZipFile(buffer, created)).save()
    return buffer.getvalue()


class _StampedZipFile(zipfile.ZipFile):
    """A zip archive being written whose every entry carries one given time instead of the clock's."""

    def __init__(self, file, stamp):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.date_time = max(stamp, datetime.datetime(1980, 1, 1)).timetuple()[:6]  # zip's epoch

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=self.date_time)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        with open(filename, "rb") as handle:
            self.writestr(arcname or str(filename), handle.read())


def _write_sheet(sheet, statement, *, subtitle, unit):
    widths = [sum(cell.colspan for cell in row.cells) for row in statement.rows]
    if statement.header_rows:
        widths.append(sum(header.colspan for header in statement.header_rows[0]))
    width = max(widths or [1])
    sheet.cell(row=1, column=1, value=f"{statement.title}（{statement.label}）").font = Font(
        bold=True, size=14
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=2, column=1, value=f"{subtitle}　金额单位：{unit}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    row_number = 3
    occupied = set()
    for header_row in statement.header_rows:
        column = 1
        for header in header_row:
            while (row_number, column) in occupied:
                column += 1
            target = sheet.cell(row=row_number, column=column, value=str(header.text))
            target.font, target.alignment = (
                Font(bold=True),
                Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
            for dr in range(header.rowspan):
                for dc in range(header.colspan):
                    occupied.add((row_number + dr, column + dc))
                    sheet.cell(row=row_number + dr, column=column + dc).border = BORDER
            if header.rowspan > 1 or header.colspan > 1:
                sheet.merge_cells(
                    start_row=row_number,
                    start_column=column,
                    end_row=row_number + header.rowspan - 1,
                    end_column=column + header.colspan - 1,
                )
            column += header.colspan
        row_number += 1
    row_number = max([row_number] + [r + 1 for r, _c in occupied])
    for row in statement.rows:
        column = 1
        for cell in row.cells:
            target = sheet.cell(row=row_number, column=column)
            if cell.is_amount:
                target.value = cell.value if unit == "元" else formatting.to_wanyuan(cell.value)
                target.number_format = YUAN_FORMAT
            else:
                target.value = str(cell.text) or None
            target.border = BORDER
            if row.kind in ("total", "category"):
                target.font = Font(bold=True)
            if cell.colspan > 1:
                sheet.merge_cells(
                    start_row=row_number,
                    start_column=column,
                    end_row=row_number,
                    end_column=column + cell.colspan - 1,
                )
            column += cell.colspan
        row_number += 1
    if statement.empty_sentence:
        sheet.cell(row=row_number, column=1, value=statement.empty_sentence)
        row_number += 1
    for note in statement.notes:
        sheet.cell(row=row_number, column=1, value=note)
        row_number += 1
    for column in range(1, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.freeze_panes = sheet.cell(row=3 + len(statement.header_rows), column=1)
