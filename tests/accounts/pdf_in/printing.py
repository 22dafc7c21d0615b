"""Workbooks printed to PDF by LibreOffice (headless): a second producer of disclosure PDFs.

`printable` lays a workbook out for paper as a department's staff would before printing it: each
column as wide as its longest text, landscape, each sheet one page wide; `ruled` sheets get thin
borders on every cell of their tables, the others are printed without rules (read by word positions).
"""

import io
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
THIN = Side(style="thin")


def text_width(value):
    """The width of a cell's text in Excel's character units (a CJK character counts two)."""
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def printable(data, *, ruled=(), widths=None, wrap=False, titles=False):
    """Return the workbook `data` (bytes) laid out for printing.

    `ruled`: names of sheets whose tables get borders. `widths`: {sheet: {column letter: width}} to
    narrow a column (its long names then wrap inside their cells when `wrap`). `titles`: the header
    rows are printed again at the top of each page a table continues on.
    """
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        longest = {}
        table_start = None
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                # A title or note spans the sheet: it sets no column's width.
                if len(str(cell.value)) < 30:
                    longest[cell.column] = max(longest.get(cell.column, 0), text_width(cell.value))
                if table_start is None and cell.row > 2:
                    table_start = cell.row
        for column, width in longest.items():
            sheet.column_dimensions[get_column_letter(column)].width = max(width + 3, 8)
        for letter, width in (widths or {}).get(sheet.title, {}).items():
            sheet.column_dimensions[letter].width = width
        if titles and table_start:
            first_figure = next(
                (
                    row[0].row
                    for row in sheet.iter_rows(min_row=table_start)
                    if any(
                        isinstance(c.value, (int, float))
                        or str(c.value or "").replace(".", "").isdigit()
                        or c.value == "合计"
                        for c in row
                    )
                ),
                None,
            )
            if first_figure and first_figure > table_start + 1:
                sheet.print_title_rows = f"{table_start + 1}:{first_figure - 1}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        if wrap:
            for row in sheet.iter_rows():
                lines = 1
                for cell in row:
                    if isinstance(cell.value, str) and len(cell.value) < 30:
                        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
                        width = sheet.column_dimensions[get_column_letter(cell.column)].width or 8
                        parts = cell.value.split("\n")
                        lines = max(
                            lines, sum(math.ceil(text_width(part) / max(width - 1, 1)) for part in parts)
                        )
                if lines > 1:
                    sheet.row_dimensions[row[0].row].height = 15 * lines
        if sheet.title in ruled:
            last = max(longest, default=1)
            for row in sheet.iter_rows(min_row=table_start or 1):
                values = [c.value for c in row]
                text = "".join(str(v) for v in values if v is not None)
                if text.startswith(("注", "说明")):
                    break
                for cell in row[:last]:
                    cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(data):
    """Return the PDF LibreOffice prints of the workbook `data` (bytes)."""
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "workbook.xlsx"
        source.write_bytes(data)
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{directory}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                directory,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (Path(directory) / "workbook.pdf").read_bytes()
