"""Safe opening of an uploaded .xlsx workbook into plain grids of cell values.

An upload is untrusted: its size is checked before anything is opened, the zip container is checked
(member count, declared uncompressed sizes, compression ratio) before openpyxl sees it, the workbook is
opened read-only, and rows are read up to a limit. Formulas are kept as such (data_only=False) so that
the importer can refuse them with their cell: a cached formula result is whatever the last program to
save the file computed, not a figure anyone typed.
"""

import io
import math
import re
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser

from ..inputs import character_message, refused_character

MAX_FILE_BYTES = 5 * 1024 * 1024
# A workbook of the nine tables is about 30 KB zipped and 300 KB unzipped. openpyxl parses a whole sheet
# when it lacks a <dimension> element (about a second per 8 MB), so the limit also bounds that work.
MAX_UNCOMPRESSED_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 200
# XML compresses about tenfold; a member over 1 MB that compresses more than 200-fold is a bomb.
MAX_RATIO = 200
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_SHEETS = 50
MAX_ROWS = 2000
# The widest official table (表4, 表9) has 13 columns; cells beyond this column are not read.
MAX_COLUMNS = 40
# The longest text of an official table is a note of a few hundred characters.
MAX_CELL_CHARACTERS = 2000
# Reading the nine tables takes a fraction of a second; a file that takes longer is refused, not waited on.
MAX_READ_SECONDS = 10

XLSX_REQUIRED_MEMBER = "xl/workbook.xml"


class WorkbookError(Exception):
    """The file cannot be read as a workbook; the message says why, in Chinese, for the user."""


@dataclass
class SheetGrid:
    """The non-empty cells of one sheet: (row, column) → value, 1-based like Excel.

    Values are text (stripped), int, or Decimal (numbers Excel stores as floating point, read to the 15
    significant digits Excel itself keeps). `formulas` lists the cells holding a formula.
    """

    name: str
    cells: dict = field(default_factory=dict)
    formulas: list = field(default_factory=list)  # (coordinate, formula text)
    max_row: int = 0
    # For a grid read from a PDF: row → the 1-based page it was printed on (empty for a workbook).
    pages: dict = field(default_factory=dict)

    def value(self, row, column):
        return self.cells.get((row, column))

    def rows(self):
        """Return {row: {column: value}} of every non-empty row, in row order."""
        grouped = {}
        for (r, c), v in sorted(self.cells.items()):
            grouped.setdefault(r, {})[c] = v
        return grouped


def coordinate(row, column):
    """Return the Excel address of a cell (“C12”)."""
    return f"{get_column_letter(column)}{row}"


def read_upload(upload, limit=MAX_FILE_BYTES):
    """Return the bytes of an uploaded file (Django UploadedFile or binary file), refusing any over `limit`."""
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise WorkbookError(too_large_message(size, limit))
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise WorkbookError(too_large_message(len(data), limit))
    return data


def too_large_message(size, limit=MAX_FILE_BYTES):
    return f"文件大小 {size / 1024 / 1024:.1f} MB 超过上限 {limit // 1024 // 1024} MB。"


def check_zip(data):
    """Raise WorkbookError unless `data` is a zip container of sane size, as an .xlsx file is."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(too_large_message(len(data)))
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(
            "文件不是 .xlsx 工作簿（Excel 2007 及以后的格式）。旧版 .xls、CSV 或加密的工作簿请另存为 .xlsx 后导入。"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookError(f"文件已损坏，无法作为 .xlsx 工作簿打开（{error}）。") from None
    if len(members) > MAX_MEMBERS:
        raise WorkbookError(f"工作簿内含 {len(members)} 个部件，超过上限 {MAX_MEMBERS}，不像是报表工作簿。")
    names = {member.filename for member in members}
    if XLSX_REQUIRED_MEMBER not in names:
        raise WorkbookError("文件是压缩包，但不是 .xlsx 工作簿（缺少 xl/workbook.xml）。")
    # zipfile stops decompressing a member at its declared size (and then checks the CRC), so the
    # declared sizes bound what openpyxl can inflate.
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookError(
            f"工作簿解压后共 {total / 1024 / 1024:.1f} MB，超过上限 {MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB，"
            "可能是压缩炸弹，已拒绝。"
        )
    for member in members:
        if member.file_size >= RATIO_CHECK_FROM_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            raise WorkbookError(
                f"工作簿部件 {member.filename} 的压缩比超过 {MAX_RATIO}:1，可能是压缩炸弹，已拒绝。"
            )


FLOAT_DIGITS = ".15g"  # Excel keeps 15 significant digits
NUMBER_ERROR = "#NUM!"  # what Excel shows for a number it cannot hold
TEXT_BLANK = re.compile(r"^\s*$")


def cell_value(value):
    """Return a cell value as text, int or Decimal; None for blank. Floats never leave this function."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            # A number beyond floating point (one written near the limit reads back as inf) or NaN: shown
            # as Excel shows it, so that it is refused as unreadable rather than taken for a figure.
            return NUMBER_ERROR
        return Decimal(format(value, FLOAT_DIGITS))
    if isinstance(value, str):
        text = value.strip()
        return text or None
    # Dates, times and other typed values: kept as their text so that an amount cell holding one is
    # refused with what it shows.
    return str(value)


def open_workbook(data):
    """Return the SheetGrids of the .xlsx workbook in `data` (bytes), or raise WorkbookError."""
    check_zip(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ParseError, InvalidFileException …)
        raise WorkbookError(f"无法读取工作簿：{type(error).__name__}（{error}）。") from None
    try:
        if len(workbook.sheetnames) > MAX_SHEETS:
            raise WorkbookError(f"工作簿有 {len(workbook.sheetnames)} 张工作表，超过上限 {MAX_SHEETS}。")
        deadline = time.monotonic() + MAX_READ_SECONDS
        return [read_sheet(workbook[name], deadline=deadline) for name in workbook.sheetnames]
    except WorkbookError:
        raise
    except Exception as error:
        raise WorkbookError(f"无法读取工作簿：{type(error).__name__}（{error}）。") from None
    finally:
        workbook.close()


def sheet_rows(worksheet):
    """Yield (row number, [cell dict]) for each row the sheet's XML holds, and only those.

    openpyxl's iter_rows trusts the declared <dimension> (rows below it are silently left out) and
    yields an empty row for every row number missing in between: a sheet without a dimension and one
    `<row r="20000000"/>` made it walk twenty million rows. Its parser, used here directly, yields the
    rows written in the file, so the work is bounded by the file's (checked) size.
    """
    workbook = worksheet.parent
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        yield from parser.parse()


def read_sheet(worksheet, *, deadline=None):
    """Return the SheetGrid of `worksheet`, refusing a sheet with a value below row MAX_ROWS.

    Also refused: a cell longer than MAX_CELL_CHARACTERS or holding a control character (the input
    policy, accounts/inputs.py), and a workbook still being read at `deadline` (time.monotonic()).
    """
    grid = SheetGrid(name=worksheet.title)
    if not hasattr(worksheet, "iter_rows"):  # a chartsheet holds no cells
        return grid
    for row_number, row in sheet_rows(worksheet):
        if deadline is not None and time.monotonic() > deadline:
            raise WorkbookError(
                f"读取工作表“{grid.name}”超过 {MAX_READ_SECONDS} 秒，工作簿过于复杂，已拒绝。"
            )
        for cell in row:
            column_number, raw = cell["column"], cell["value"]
            if raw is None or column_number > MAX_COLUMNS:
                continue
            if row_number > MAX_ROWS:
                raise WorkbookError(
                    f"工作表“{grid.name}”在第 {row_number} 行仍有内容，超过每张表 {MAX_ROWS} 行的上限。"
                )
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARACTERS:
                raise WorkbookError(
                    f"工作表“{grid.name}”的单元格 {coordinate(row_number, column_number)} 有 {len(raw)} 个字符，"
                    f"超过每格 {MAX_CELL_CHARACTERS} 个字符的上限。"
                )
            character = refused_character(raw) if isinstance(raw, str) else None
            if character is not None:
                raise WorkbookError(
                    f"工作表“{grid.name}”的单元格 {coordinate(row_number, column_number)}："
                    f"{character_message(character)}"
                )
            if cell.get("data_type") == "f":
                text = raw if isinstance(raw, str) else getattr(raw, "text", None) or str(raw)
                grid.formulas.append((coordinate(row_number, column_number), text))
                continue
            value = cell_value(raw)
            if value is not None:
                grid.cells[(row_number, column_number)] = value
                grid.max_row = max(grid.max_row, row_number)
    return grid


class Grids(list):
    """The SheetGrids of an uploaded document, with what a PDF gives besides its tables.

    `source` is "xlsx" or "pdf"; for a PDF, `texts` holds its printed texts (PrintedText, in order),
    `year` and `department` what its cover and 部门 lines name, and `problems` the pages that could not
    be read (Chinese messages naming the page).
    """

    source = "xlsx"
    texts = ()
    year = None
    department = ""
    problems = ()
    pages = 0


def open_document(data):
    """Return the Grids of an uploaded .xlsx workbook or disclosure PDF (bytes), or raise WorkbookError.

    Anything that is not a PDF is opened as a workbook, and refused as one (“文件不是 .xlsx 工作簿…”).
    """
    from .pdf import is_pdf, read_pdf

    if not is_pdf(data):
        return Grids(open_workbook(data))
    document = read_pdf(data)
    grids = Grids(document.grids)
    grids.source = "pdf"
    grids.texts = document.texts
    grids.year, grids.department = document.year, document.department
    grids.problems = document.problems
    grids.pages = document.pages
    refuse_template(grids)
    return grids


def refuse_template(grids):
    """Raise WorkbookError when the PDF's grids are a blank template's: one message, naming its format."""
    from .pdf_formats import format_label, is_template, recognise_format

    if not is_template(grids, grids.texts):
        return
    report_format, found = recognise_format(grids, grids.year)
    named = f"{format_label(report_format)}的" if report_format is not None else ""
    raise WorkbookError(
        f"这份 PDF 是{named}部门决算模板：只印有表头和占位符（如“XX局”“XXX万元”），"
        f"{len(found)} 张表中没有任何数字，没有可导入或检查的决算数据。"
    )
