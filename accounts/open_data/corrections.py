"""What a correction changed: a published version against the one it replaced, as readers see them.

Both versions are read from their frozen files only. Cells are the printed tables' amount cells
(accounts.open_data.downloads.cell_records), matched by table, 行次, 栏次, code and column key and shown
in 万元 as the tables print them; texts are the department's own texts, compared character by
character (Chinese has no spaces between words).
"""

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal

from .. import formatting
from ..addresses import Address
from ..models import PublishedVersion
from .disclosure import version_statements
from .downloads import cell_records
from .frozen import LayoutMissing, TamperedFile, frozen_bytes


@dataclass(frozen=True)
class CellChange:
    """A printed amount that differs: where it is, and 万元 before and after ("—" where not printed)."""

    table: str  # “表3 支出决算表”
    item: str
    column: str
    old: str
    new: str
    difference: str


@dataclass(frozen=True)
class TextChange:
    """A text of the department that differs, as runs: ("equal" | "delete" | "insert", text)."""

    label: str
    segments: tuple


@dataclass(frozen=True)
class Correction:
    previous: PublishedVersion
    cells: tuple
    texts: tuple


def _cells(version):
    return {
        record[0:6]: record for record in cell_records(version_statements(version))
    }  # (表, 标题, 行次, 栏次, code, key)


def _texts(version):
    facts = json.loads(frozen_bytes(version, "json"))["facts"]
    return {(row["key"], row["subject"] or ""): row["text"] for row in facts.get("free_texts", [])}


def _wanyuan(record):
    return "—" if record is None else formatting.table_amount(Decimal(record[9])) or "0.00"


def _segments(old, new):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(("delete", old[i1:i2]))
        if j2 > j1:
            segments.append(("insert", new[j1:j2]))
    return tuple(segments)


def correction_of(version):
    """Return the Correction `version` made to the version before it, or None for a first version
    (or when either version's files fail their check: nothing of them is served then)."""
    if version.number <= 1:  # a first version replaced nothing: no query
        return None
    previous = (
        PublishedVersion.objects.filter(final_account_id=version.final_account_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None
    try:
        before, after = _cells(previous), _cells(version)
        old_texts, new_texts = _texts(previous), _texts(version)
    except (TamperedFile, LayoutMissing):
        return None
    cells = []
    for key in sorted(set(before) | set(after), key=lambda k: (k[0][1:].zfill(3), *k[1:])):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old[9] == new[9]:
            continue
        record = new or old
        difference = Decimal(new[9] if new else 0) - Decimal(old[9] if old else 0)
        cells.append(
            CellChange(
                table=f"{record[0]} {record[1]}",
                item=record[6],
                column=record[7],
                old=_wanyuan(old),
                new=_wanyuan(new),
                difference=("+" if difference > 0 else "") + f"{formatting.to_wanyuan(difference):,.2f}",
            )
        )
    texts = [
        TextChange(
            Address("text", key).label(),
            _segments(old_texts.get(key, ""), new_texts.get(key, "")),
        )
        for key in sorted(set(old_texts) | set(new_texts))
        if old_texts.get(key, "") != new_texts.get(key, "")
    ]
    return Correction(previous=previous, cells=tuple(cells), texts=tuple(texts))


__all__ = ["CellChange", "Correction", "TextChange", "correction_of"]
