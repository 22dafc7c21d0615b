"""Open data in bulk: every published amount of a year (all bureaus, or one bureau and those below it)
in one long table, one row per printed cell, for researchers.

Rows are the downloads' cell records (accounts.open_data.downloads) with the department in front:
exact 元 as text in CSV and as numbers in XLSX, 万元 for reading, and whether the figure is the one
the department printed. Read from the current versions' frozen statements only.
"""

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .disclosure import version_statements
from .downloads import CSV_HEADER, YUAN_FORMAT, _StampedZipFile, cell_records
from .frozen import LayoutMissing, TamperedFile
from .public_json import public_json

HEADER = ("财政局", "部门", "部门代码", "年度", "版本", *CSV_HEADER)
LINE, COLUMN = HEADER.index("行次"), HEADER.index("栏次")
YUAN, WANYUAN = HEADER.index("金额（元）"), HEADER.index("金额（万元）")
MAX_WIDTH = 60


def bulk_records(versions):
    """Yield one tuple per amount cell of every version's frozen statements, in HEADER's order.

    A version whose files fail their check (or whose layout is not frozen yet) is left out: its
    tables are not served anywhere else either.
    """
    for version in versions:
        department = version.final_account.department
        try:
            statements = version_statements(version)
        except (TamperedFile, LayoutMissing):
            continue
        first = (department.bureau.name, department.name, department.slug, version.final_account.year)
        for record in cell_records(statements):
            yield (*first, version.number, *record)


def bulk_csv(versions):
    """Return the CSV bytes (UTF-8 with BOM, as the per-version downloads) of `versions`' cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(bulk_records(versions))
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(text):
    """Columns a text takes in a spreadsheet: CJK characters count two."""
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def bulk_xlsx(versions, *, title, created):
    """Return an XLSX workbook of `versions`' cells: one long sheet, numbers as numbers.

    行次 and 栏次 are integers, amounts numbers (元 exact to the fen, 万元 as printed), the header row
    repeats on every printed page, pages are landscape and one page wide, columns as wide as their
    longest text (within MAX_WIDTH).
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "数据"
    sheet.append(HEADER)
    widths = [_display_width(text) for text in HEADER]
    for record in bulk_records(versions):
        row = list(record)
        for index in (LINE, COLUMN):
            row[index] = int(row[index]) if row[index].isdigit() else (row[index] or None)
        row[YUAN], row[WANYUAN] = Decimal(row[YUAN]), Decimal(row[WANYUAN])
        sheet.append(row)
        for index, value in enumerate(record):
            widths[index] = max(widths[index], _display_width(str(value)))
    for cell in sheet[1]:
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    for column in (YUAN + 1, WANYUAN + 1):
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = YUAN_FORMAT if column == YUAN + 1 else "#,##0.00####"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = title
    created = created.astimezone(datetime.UTC).replace(tzinfo=None, microsecond=0)
    workbook.properties.created = workbook.properties.modified = created
    workbook.properties.title = title
    buffer = io.BytesIO()
    ExcelWriter(workbook, _StampedZipFile(buffer, created)).save()
    return buffer.getvalue()


def json_member(version):
    """The name of `version`'s JSON in the archive: bureau/department/year-v<number>.json (slugs)."""
    department = version.final_account.department
    return f"{department.bureau.slug}/{department.slug}/{version.final_account.year}-v{version.number}.json"


def bulk_json_zip(versions, *, created):
    """Return a ZIP of every one of `versions`' public JSON, byte for byte as each version serves it.

    One member per version (json_member); a version whose file fails its check is left out, as it is
    served nowhere else. Every member carries `created` as its time, so the archive is the same bytes
    until a version is added.
    """
    buffer = io.BytesIO()
    created = created.astimezone(datetime.UTC).replace(tzinfo=None)
    with _StampedZipFile(buffer, created) as archive:
        for version in versions:
            try:
                data = public_json(version)[0]
            except TamperedFile:
                continue
            archive.writestr(json_member(version), data)
    return buffer.getvalue()


def content_disposition(filename, fallback):
    """Return a Content-Disposition for `filename` (Chinese) with an ASCII `fallback` (RFC 6266)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
