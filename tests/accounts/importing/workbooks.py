"""Changing the reference workbook the way real workbooks differ from it, for the importer's tests."""

import io

from openpyxl import load_workbook

from .conftest import REFERENCE_WORKBOOK


def edited(edit, data=None):
    """Return the bytes of the reference workbook (or `data`) after `edit(workbook)`."""
    workbook = load_workbook(io.BytesIO(data or REFERENCE_WORKBOOK.read_bytes()))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def unmerge_at(worksheet, coordinate):
    """Unmerge the merged range starting at `coordinate`, if any."""
    for merged in list(worksheet.merged_cells.ranges):
        if merged.coord.split(":")[0] == coordinate:
            worksheet.unmerge_cells(merged.coord)


def row_of(worksheet, column, value):
    """Return the number of the first row whose cell in `column` holds `value`."""
    for row in worksheet.iter_rows(min_col=column, max_col=column):
        if row[0].value == value:
            return row[0].row
    raise LookupError(value)
