"""The accountant's entry screens: grids of facts laid out like the official tables, and saving them.

A screen holds one or more grids. Every input cell has a *name* that says which fact it sets
(“income|2080101|general_budget”, “balance|government_fund|2080101|closing”, “text|key_work|”), the value
it shows in the final account's entry unit, and *tags*; every subtotal cell sums the inputs carrying all of
its tags (“g:expenditure c:20801 k:general_budget:basic” is the 款 20801 of one column), which is how the
grid script recomputes 款, 类, 合计 and the derived figures as the accountant types, and how this module
computes them on the server.

Saving (`save_cells`) reads every posted name as an Address, saves the readable cells with one
accounts.editing.apply_changes (which records each change) and returns a message for each cell it did not
save. Each posted cell carries the
value it was loaded with; when that differs from the stored value someone else has saved the cell since,
and the cell is refused with that person's name and value rather than silently overwritten.
"""

from .cells import (
    UNIT_DECIMALS,
    UNIT_LABELS,
    Derived,
    Grid,
    GridRow,
    Input,
    Screen,
    Static,
    Sum,
    TextField,
    entry_total,
    entry_value,
    row_id,
)
from .findings import FindingLink, ScreenFindings, cell_location, findings_of, screen_findings
from .saving import SaveResult, findings_with_unsaved, save_cells, set_entry_unit
from .screens import SCREENS, EntryData, build_screen, load_entry, search_subjects, subject_rows_for

__all__ = [
    "SCREENS",
    "UNIT_DECIMALS",
    "UNIT_LABELS",
    "Derived",
    "EntryData",
    "FindingLink",
    "Grid",
    "GridRow",
    "Input",
    "SaveResult",
    "Screen",
    "ScreenFindings",
    "Static",
    "Sum",
    "TextField",
    "build_screen",
    "cell_location",
    "entry_total",
    "entry_value",
    "findings_of",
    "findings_with_unsaved",
    "load_entry",
    "row_id",
    "save_cells",
    "screen_findings",
    "search_subjects",
    "set_entry_unit",
    "subject_rows_for",
]
