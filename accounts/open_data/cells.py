"""PublishedCell rows: the amounts of a frozen version, copied once from its JSON at publication."""

import json
from decimal import Decimal

from django.db import transaction

from ..choices import StatedFigure
from ..models import PublishedCell, PublishedVersion

STATED_FIGURES = "stated_figures"
BUDGETS = "budgets"


def row_label(cells, index):
    """Return the printed name of the row part that holds cell `index`: the nearest text to its left.

    Texts made of digits only are 行次 or subject codes, not names.
    """
    for cell in reversed(cells[:index]):
        text = (cell.get("text") or "").strip()
        if text and not text.isdigit():
            return text
    return ""


def cell_values(data):
    """Return the PublishedCell fields of a parsed frozen JSON: one dict per amount, in table order.

    Every amount cell of the statements keeps its address; stated figures (机关运行经费, 政府采购 …)
    and year-start budgets, which no table prints, are added under the table kinds "stated_figures"
    and "budgets".
    """
    values, names = [], {}
    for statement in data["statements"]:
        for row in statement["rows"]:
            cells = row["cells"]
            for index, cell in enumerate(cells):
                if cell["value"] is None:
                    continue
                label = row_label(cells, index)
                if cell["code"]:
                    names.setdefault(cell["code"], label)
                values.append(
                    {
                        "table_kind": statement["kind"],
                        "line": cell["line"],
                        "column": cell["column"],
                        "code": cell["code"],
                        "key": cell["key"],
                        "label": label[:200],
                        "value": Decimal(cell["value"]),
                    }
                )
    facts = data["facts"]
    for key, amount in facts["stated_figures"].items():
        if amount is not None:
            label = StatedFigure(key).label if key in StatedFigure.values else key
            values.append(
                {
                    "table_kind": STATED_FIGURES,
                    "line": None,
                    "column": None,
                    "code": "",
                    "key": key,
                    "label": str(label),
                    "value": Decimal(amount),
                }
            )
    budgets = facts["budgets"]
    if budgets["total"] is not None:
        values.append(
            {
                "table_kind": BUDGETS,
                "line": None,
                "column": None,
                "code": "",
                "key": "total",
                "label": "年初预算数",
                "value": Decimal(budgets["total"]),
            }
        )
    for kind, amount in budgets["by_kind"].items():
        values.append(
            {
                "table_kind": BUDGETS,
                "line": None,
                "column": None,
                "code": "",
                "key": kind,
                "label": "年初预算数",
                "value": Decimal(amount),
            }
        )
    for code, amount in budgets["by_subject"].items():
        values.append(
            {
                "table_kind": BUDGETS,
                "line": None,
                "column": None,
                "code": code,
                "key": "subject",
                "label": names.get(code, ""),
                "value": Decimal(amount),
            }
        )
    return values


def record_cells(version, payload):
    """Copy the amounts of the frozen JSON `payload` (bytes) of `version` into PublishedCell rows.

    Called in the transaction that records the version, so that a version never exists without its
    cells; the rows are never updated afterwards.
    """
    data = json.loads(payload)
    return PublishedCell.objects.bulk_create(
        [PublishedCell(version=version, **fields) for fields in cell_values(data)], batch_size=1000
    )


def fill_missing_cells():
    """Record the cells of every published version that has none (published before PublishedCell).

    Reads each version's verified JSON (a tampered file raises TamperedFile). Returns the number of
    versions filled.
    """
    from ..publishing import read_verified

    filled = 0
    for version in PublishedVersion.objects.filter(cells__isnull=True).order_by("pk"):
        payload = read_verified(version, "json")
        with transaction.atomic():
            record_cells(version, payload)
        filled += 1
    return filled
