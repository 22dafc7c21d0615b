"""Which variant of its year's and region's format a workbook prints (24 or 26 类 rows, for example).

A region may publish variants of one year's format (ReportFormat rows of one year and region with
different `variant`). The variant is recognised by the 类 rows 表1 prints: the one whose 类 rows are
exactly those printed, or else the one printing most of them and lacking fewest.
"""

from collections import defaultdict

from ..final_accounts import formats_for
from ..models import CategoryRow, ReportTable
from .parsing import row_keys
from .recognising import recognise_sheet

SUMMARY = "income_expenditure_summary"


def printed_categories(grids, tables):
    """Return the keys of the row labels printed on the sheet of 表1 (every text cell), or None."""
    titles = {kind: table.title for kind, table in tables.items()}
    for grid in grids:
        kind, _row, _named = recognise_sheet(grid, titles)
        if kind == SUMMARY:
            return {row_keys(value)[0] for value in grid.cells.values() if isinstance(value, str)}
    return None


def recognise_variant(final_account, grids):
    """Return (report format, its tables by kind, its 类 rows) the workbook prints, or None for the account's.

    None when the account's format has no other variant, or when the account's format fits best.
    Queries: one for the variants, and with several, one for their tables and one for their 类 rows.
    """
    current = final_account.report_format
    variants = [f for f in formats_for(final_account.year, current.region) if f.pk != current.pk]
    if not variants:
        return None
    candidates = [current, *variants]
    tables, categories = defaultdict(dict), defaultdict(list)
    for table in ReportTable.objects.filter(report_format__in=candidates):
        tables[table.report_format_id][table.kind] = table
    for row in CategoryRow.objects.filter(report_format__in=candidates).order_by(
        "report_format_id", "position"
    ):
        categories[row.report_format_id].append(row)
    printed = printed_categories(grids, tables[current.pk])
    if printed is None:
        return None

    def fit(report_format):
        names = {row_keys(row.name)[0] for row in categories[report_format.pk]}
        return (len(names & printed), -len(names - printed))

    best = max(candidates, key=fit)
    if best.pk == current.pk or fit(best) == fit(current):
        return None
    return best, tables[best.pk], categories[best.pk]
