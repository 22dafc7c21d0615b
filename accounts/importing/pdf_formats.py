"""Which shipped format a disclosure PDF prints, and whether it is a blank template.

A PDF from elsewhere comes with no account to say its format: the format is the one whose table titles
the document prints most of, then whose 类 rows its 表1 prints best (24 or 26 类), then the one of the
year the cover names (or the latest before it). A template prints the titles and headers with
placeholders (“XX局”, “XXX万元”) and no figure: it is said so in one message rather than read as a
disclosure whose every cell is missing.
"""

import re
from collections import defaultdict

from ..models import CategoryRow, ReportFormat, ReportTable
from .parsing import row_keys
from .recognising import recognise_sheet

SUMMARY = "income_expenditure_summary"
FIGURE = re.compile(r"^-?[0-9][0-9,]*\.[0-9]+$")
PLACEHOLDER = re.compile(r"X{2,}|Ｘ{2,}|<[^<>]{1,20}>|＜[^＜＞]{1,20}＞")


def current_formats():
    """The latest version of each shipped (year, region, variant)."""
    latest = {}
    for report_format in ReportFormat.objects.order_by("year", "region", "variant", "version"):
        latest[(report_format.year, report_format.region, report_format.variant)] = report_format
    return list(latest.values())


def recognise_format(grids, year=None):
    """Return (report format, {kind: grid}) the grids print best, or (None, {}) when no title is found."""
    formats = current_formats()
    tables, categories = defaultdict(dict), defaultdict(set)
    for table in ReportTable.objects.filter(report_format__in=formats):
        tables[table.report_format_id][table.kind] = table
    for row in CategoryRow.objects.filter(report_format__in=formats):
        categories[row.report_format_id].add(row_keys(row.name)[0])
    best, best_score, best_found = None, None, {}
    for report_format in formats:
        titles = {kind: table.title for kind, table in tables[report_format.pk].items()}
        found = {}
        for grid in grids:
            kind, _row, _named = recognise_sheet(grid, titles)
            if kind is not None and kind not in found:
                found[kind] = grid
        if not found:
            continue
        printed = set()
        if SUMMARY in found:
            printed = {row_keys(v)[0] for v in found[SUMMARY].cells.values() if isinstance(v, str)}
        names = categories[report_format.pk]
        year_fit = (
            0
            if year is None
            else (2 if report_format.year == year else 1 if report_format.year < year else 0)
        )
        score = (
            len(found) - len(set(titles) - set(found)),
            len(names & printed) - len(names - printed),
            year_fit,
            report_format.year if year is None or report_format.year <= year else -report_format.year,
        )
        if best_score is None or score > best_score:
            best, best_score, best_found = report_format, score, found
    return best, best_found


def is_template(grids, texts=()):
    """Whether the document is a blank template: placeholders printed and no figure in any table."""
    values = [v for grid in grids for v in grid.cells.values() if isinstance(v, str)]
    if any(FIGURE.match(v.replace(" ", "")) for v in values):
        return False
    printed = values + [t.heading + t.text for t in texts]
    return any(PLACEHOLDER.search(v) for v in printed)


def format_label(report_format):
    variant = f"（{report_format.variant}）" if report_format.variant else ""
    return f"“{report_format.name}”{variant}"
