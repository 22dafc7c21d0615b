"""The printed layout of a format's tables (headers, fixed rows, spans), built over no figures.

The layout is built by the statement builders from *empty* facts of a format: reference data only
(the format's tables and 类 rows, the edition's subject names), never a final account's figures. It
serves what belongs to a format rather than to one published version: the 汇总, whose summed amounts
are placed into it, and the data dictionary. A published version never reads it: its statements are
frozen whole. Versions frozen before that get, once, a supplementary layout file made here from the
format they were published with (`freeze_missing_layouts`).
"""

import json
from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from .. import publishing
from ..choices import ExpenditureKind, Fund, IncomeSource
from ..models import CategoryRow, EconomicSubject, FunctionalSubject, PublishedVersion, ReportTable
from ..statements import build_statements
from ..statements.facts import Facts, SubjectInfo
from ..statements.structures import statement_as_data

ZERO = Decimal("0.00")

# 表6 numbers its rows by position in three side-by-side blocks, not by an official 行次, and a
# department's unlisted 款 shift the positions: its cells are addressed by code and key alone.
POSITIONAL_LINES = frozenset({"basic_expenditure_detail"})

# Where an item subject's placeholder goes so that the builder prints its row in that table only.
SUBJECT_TABLE_PLACEHOLDERS = {
    "income": lambda facts, code: facts.income.setdefault((code, IncomeSource.OTHER.value), ZERO),
    "expenditure": lambda facts, code: facts.expenditure.setdefault(
        (code, Fund.NON_APPROPRIATION.value, ExpenditureKind.BASIC.value), ZERO
    ),
    # 表5 prints a row for every subject with a year-start budget: the one placeholder no other table reads.
    "general_budget_expenditure": lambda facts, code: facts.budget_by_subject.setdefault(code, ZERO),
    "state_capital": lambda facts, code: facts.expenditure.setdefault(
        (code, Fund.STATE_CAPITAL.value, ExpenditureKind.BASIC.value), ZERO
    ),
    "government_fund": lambda facts, code: facts.balances.setdefault(
        (Fund.GOVERNMENT_FUND.value, code), (ZERO, ZERO)
    ),
}


class LayoutMismatch(Exception):
    """Summed amounts have an address that the printed layout has no cell for."""


def address(table_kind, line, column, code, key):
    """Return the address of an amount within its table (position-free for 表6)."""
    return (None if table_kind in POSITIONAL_LINES else line, column, code, key)


def skeleton_facts(report_format_id, edition, *, codes=None):
    """Return facts with no figures, only the format's layout and the subject names.

    `codes` maps a table kind to the item or 款 codes its rows must list (all amounts zero).
    Five queries.
    """
    codes = codes or {}
    tables = {t.kind: t for t in ReportTable.objects.filter(report_format_id=report_format_id)}
    category_rows = list(CategoryRow.objects.filter(report_format_id=report_format_id).order_by("position"))
    economic_subjects = {s.code: s for s in EconomicSubject.objects.filter(edition=edition).order_by("code")}
    functional = {
        code for kind, listed in codes.items() if kind != "basic_expenditure_detail" for code in listed
    }
    wanted = functional | {c[:5] for c in functional} | {c[:3] for c in functional}
    subjects = {
        code: SubjectInfo(code, name)
        for code, name in FunctionalSubject.objects.filter(edition=edition, code__in=wanted).values_list(
            "code", "name"
        )
    }
    facts = Facts(
        final_account=None,
        tables=tables,
        category_rows=category_rows,
        income={},
        expenditure={},
        balances={},
        basic_detail={},
        economic_subjects=economic_subjects,
        official_expenses={},
        budget_total=None,
        budget_by_kind={},
        budget_by_subject={},
        stated_figures={},
        stated_counts={},
        prior_year={},
        free_texts={},
        subjects=subjects,
    )
    for kind, listed in codes.items():
        for code in listed:
            if kind == "basic_expenditure_detail" and len(code) == 5:
                facts.basic_detail.setdefault(code, ZERO)
            elif kind in SUBJECT_TABLE_PLACEHOLDERS and len(code) == 7:
                SUBJECT_TABLE_PLACEHOLDERS[kind](facts, code)
    return facts


def skeleton_statements(report_format_id, edition, *, codes=None):
    """Return the format's tables, in order, with every amount zero: the layout to fill."""
    return build_statements(skeleton_facts(report_format_id, edition, codes=codes))


def filled_statements(skeletons, sums):
    """Return the `skeletons` with their amounts taken from `sums` ({table kind: {address: 元}}).

    Raises LayoutMismatch when an amount has no cell to go to: nothing is dropped silently.
    """
    filled = []
    for kind, skeleton in skeletons.items():
        values = sums.get(kind, {})
        placed = set()
        rows = []
        for row in skeleton.rows:
            cells = []
            for cell in row.cells:
                if cell.is_amount:
                    where = address(kind, cell.line, cell.column, cell.code, cell.key)
                    placed.add(where)
                    cell = replace(cell, value=values.get(where, ZERO))
                cells.append(cell)
            rows.append(replace(row, cells=tuple(cells)))
        unplaced = {where: value for where, value in values.items() if where not in placed and value != ZERO}
        if unplaced:
            raise LayoutMismatch(f"{skeleton.label}: no cell for {sorted(unplaced, key=str)[:5]}")
        is_empty = skeleton.is_empty and all(
            cell.value == ZERO for row in rows for cell in row.cells if cell.is_amount
        )
        filled.append(
            replace(
                skeleton,
                rows=tuple(rows),
                is_empty=is_empty,
                empty_sentence=skeleton.empty_sentence if is_empty else "",
            )
        )
    return tuple(filled)


def supplementary_layout(version, data):
    """Return the supplementary layout of a `version` whose frozen `data` lacks its statements' layout.

    Made from the format the version was published with, as the public downloads showed it until
    statements were frozen whole: each table's header rows, notes and width, and for each frozen row
    its cells' spans (those of the format's row of the same kind and cell count that spans columns)
    and roles (those of the format's row of the same kind, code and cell count, or kind and count).
    """
    final_account = version.final_account
    codes = {
        s["kind"]: {row["code"] for row in s["rows"] if row["code"]}
        for s in data["statements"]
        if s["kind"] in SUBJECT_TABLE_PLACEHOLDERS or s["kind"] == "basic_expenditure_detail"
    }
    skeletons = skeleton_statements(final_account.report_format_id, final_account.edition, codes=codes)
    statements = []
    for frozen in data["statements"]:
        skeleton = skeletons.get(frozen["kind"])
        laid = statement_as_data(skeleton) if skeleton else {}
        spans, roles = _row_shapes(laid.get("rows", []))
        rows = []
        for row in frozen["rows"]:
            count = len(row["cells"])
            widths = spans.get((row["kind"], count), [1] * count)
            kinds = roles.get((row["kind"], row["code"], count)) or roles.get(
                (row["kind"], count), [""] * count
            )
            rows.append([{"colspan": w, "role": r} for w, r in zip(widths, kinds, strict=True)])
        statements.append(
            {
                "kind": frozen["kind"],
                "number": frozen["number"],
                "header_rows": laid.get("header_rows", []),
                "rows": rows,
                "notes": laid.get("notes", []),
                "wide": laid.get("wide", False),
                "column_count": laid.get("column_count", 0),
            }
        )
    report_format = final_account.report_format
    return {
        "json_sha256": version.json_sha256,
        "report_format": {"id": report_format.pk, "year": report_format.year, "region": report_format.region},
        "edition": final_account.edition,
        "statements": statements,
    }


def _row_shapes(rows):
    """Return {(row kind, cell count): spans} of the rows that span columns, and the rows' roles by
    (kind, code, count) and (kind, count): the first row of each wins."""
    spans, roles = {}, {}
    for row in rows:
        count = len(row["cells"])
        widths = [cell["colspan"] for cell in row["cells"]]
        if any(width > 1 for width in widths):
            spans.setdefault((row["kind"], count), widths)
        kinds = [cell["role"] for cell in row["cells"]]
        roles.setdefault((row["kind"], row["code"], count), kinds)
        roles.setdefault((row["kind"], count), kinds)
    return spans, roles


def freeze_missing_layouts():
    """Store a supplementary layout for every version whose frozen JSON lacks its statements' layout.

    Reads the verified JSON of each version without a layout file (a tampered file raises
    TamperedFile); versions frozen whole are left as they are. Returns the versions given a layout.
    """
    done = []
    versions = PublishedVersion.objects.filter(layout_file="").select_related(
        "final_account__department__bureau", "final_account__report_format"
    )
    for version in versions.order_by("pk"):
        data = json.loads(publishing.read_verified(version, "json"))
        if not publishing.is_laid_out(data):
            publishing.store_layout(version, supplementary_layout(version, data))
            done.append(version)
    return done


def column_headings(statement):
    """Return {(栏次, key): heading} and {address: heading} of the amount cells of a laid-out statement.

    The heading joins the header texts above a cell's grid column, top to bottom (“收入 / 决算数”),
    leaving out 栏次 numbers.
    """
    grid = defaultdict(list)
    occupied = set()
    for r, header_row in enumerate(statement.header_rows):
        column = 0
        for header in header_row:
            while (r, column) in occupied:
                column += 1
            for dr in range(header.rowspan):
                for dc in range(header.colspan):
                    occupied.add((r + dr, column + dc))
                    text = "".join(header.text.split())
                    if (
                        text
                        and not text.isdigit()
                        and text not in ("栏次", "类款项")
                        and text not in grid[column + dc]
                    ):
                        grid[column + dc].append(text)
            column += header.colspan
    by_column, by_address = {}, {}
    for row in statement.rows:
        position = 0
        for cell in row.cells:
            if cell.is_amount:
                heading = " / ".join(grid.get(position, []))
                by_column.setdefault((cell.column, cell.key), heading)
                by_address[address(statement.kind, cell.line, cell.column, cell.code, cell.key)] = heading
            position += cell.colspan
    return by_column, by_address


def row_label(row, index):
    """Return the printed name of the part of `row` that holds cell `index` (nearest text to its left)."""
    for cell in reversed(row.cells[:index]):
        text = cell.text.strip()
        if text and not text.isdigit():
            return text
    return ""
