"""Import of the official tables from an Excel workbook (.xlsx): one sheet per table, found by title.

reading (safe opening) → recognising (which sheet is which table, in which unit) → parsing (printed
cells in 元) → inference (facts, or the reason the tables do not determine them) → preparing (the dry
run: facts, changes and the rule engine's findings, I1/I2 comparing the printed cells among them) →
applying (one transaction, or nothing). template builds the blank workbook users download.
"""

from .applying import ImportRefused, apply_import
from .preparing import prepare_import
from .reading import MAX_FILE_BYTES, WorkbookError, read_upload

__all__ = [
    "MAX_FILE_BYTES",
    "ImportRefused",
    "WorkbookError",
    "apply_import",
    "prepare_import",
    "read_upload",
]
