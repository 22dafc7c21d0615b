"""Comparing two versions of a final account, as a reviewer reads them.

A point to compare is a submission (its snapshot, taken when it was submitted), a published version
(its frozen JSON) or the live figures. Figures are named by address and shown by their Chinese label
(place, subject with its name, column), amounts in the account's entry unit with thousands separators
and the difference; texts are compared character by character (Chinese has no spaces between words),
the removed and inserted runs marked. Fields of other apps' registered address areas (the
self-evaluation's) are compared through the change record between the two points in time.
"""

import difflib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from . import editing
from .addresses import FACT_AREAS, Address, address_of
from .formatting import to_wanyuan, yuan_amount
from .models import FigureChange, FinalAccount, PublishedVersion, Transition
from .publishing import read_verified

Status = FinalAccount.Status
LIVE = "live"


@dataclass(frozen=True)
class Point:
    """A state of a final account that can be compared: a submission, a published version, or live."""

    key: str  # “s<transition id>”, “p<version number>” or “live”
    label: str
    at: object  # when it was taken (None for the live figures: now)
    version: int


def points_of(final_account):
    """Return the comparable points of `final_account`, oldest first, the live figures last."""
    submissions = final_account.transitions.filter(
        to_status=Status.SUBMITTED, snapshot__isnull=False
    ).order_by("at", "id")
    published = {
        step.version: step.at
        for step in final_account.transitions.filter(to_status=Status.PUBLISHED).order_by("at", "id")
    }
    points = []
    counts = {}
    for step in submissions.only("id", "version", "at"):
        counts[step.version] = counts.get(step.version, 0) + 1
        at = timezone.localtime(step.at)
        points.append(
            Point(
                f"s{step.pk}",
                f"第{step.version}版第{counts[step.version]}次报送（{at:%Y-%m-%d %H:%M}）",
                step.at,
                step.version,
            )
        )
    for number, published_at in final_account.published_versions.values_list("number", "published_at"):
        at = published.get(number, published_at)
        label = f"已公开的第{number}版（{timezone.localdate(published_at):%Y-%m-%d}）"
        points.append(Point(f"p{number}", label, at, number))
    points.sort(key=lambda point: point.at)
    label = f"当前数据（第{final_account.version}版，{final_account.get_status_display()}）"
    points.append(Point(LIVE, label, None, final_account.version))
    return points


def default_pair(final_account):
    """Return the (old, new) points a reviewer compares first, or None when there is nothing to compare.

    The last two submissions of the current version (a resubmission); for a correction, the version it
    corrects against its latest submission (or the live figures before it is submitted).
    """
    points = points_of(final_account)
    current = [p for p in points if p.key.startswith("s") and p.version == final_account.version]
    if len(current) >= 2:
        return current[-2], current[-1]
    previous = next((p for p in points if p.key == f"p{final_account.version - 1}"), None)
    if previous is not None:
        return previous, current[-1] if current else points[-1]
    return None


def find_point(final_account, key):
    """Return the Point of `final_account` named `key`, or None."""
    return next((point for point in points_of(final_account) if point.key == key), None)


def values_at(final_account, point):
    """Return {address text: value text} of the figures and texts at `point`."""
    if point.key == LIVE:  # as accounts.workflow.snapshot records a submission
        return {
            str(address): editing.value_text(address, value)
            for address, value in editing.stored_values(final_account).items()
        }
    if point.key.startswith("s"):
        return Transition.objects.get(final_account=final_account, pk=int(point.key[1:])).snapshot or {}
    version = PublishedVersion.objects.get(final_account=final_account, number=int(point.key[1:]))
    return values_of_facts_data(json.loads(read_verified(version, "json"))["facts"])


def values_of_facts_data(facts):
    """Return {address text: value text} of the facts a version's JSON freezes (publishing.facts_as_data)."""
    values = {}

    def put(area, parts, value):
        address = Address(area, tuple(parts))
        amount = None if value is None else (value if address.value_type == "text" else Decimal(value))
        values[str(address)] = editing.value_text(address, amount)

    for row in facts.get("income", []):
        put("income", (row["subject"], row["source"]), row["amount"])
    for row in facts.get("expenditure", []):
        put("expenditure", (row["subject"], row["fund"], row["kind"]), row["amount"])
    for row in facts.get("balances", []):
        for half in ("opening", "closing"):
            put("balance", (row["fund"], row["subject"] or "", half), row[half])
    for row in facts.get("basic_expenditure_detail", []):
        put("detail", (row["subject"],), row["amount"])
    for row in facts.get("official_expenses", []):
        for half in ("budget", "actual"):
            put("official", (row["item"], half), row[half])
    budgets = facts.get("budgets", {})
    if budgets.get("total") is not None:
        put("budget", ("total", ""), budgets["total"])
    for kind, amount in budgets.get("by_kind", {}).items():
        put("budget", ("kind", kind), amount)
    for code, amount in budgets.get("by_subject", {}).items():
        put("budget", ("subject", code), amount)
    for key, amount in facts.get("stated_figures", {}).items():
        put("stated", (key,), amount)
    for key, count in facts.get("stated_counts", {}).items():
        address = Address("count", (key,))
        values[str(address)] = "" if count is None else str(count)
    for key, pair in facts.get("prior_year_figures", {}).items():
        put("prior", (key, "amount"), pair["amount"])
        values[str(Address("prior", (key, "source")))] = pair["source"] or ""
    for row in facts.get("free_texts", []):
        put("text", (row["key"], row["subject"] or ""), row["text"])
    return values


@dataclass(frozen=True)
class Segment:
    """A run of text in a compared text: kept (“equal”), removed (“delete”) or added (“insert”)."""

    op: str
    text: str


@dataclass(frozen=True)
class ChangedFigure:
    """One figure or text that differs between the two points, ready to show."""

    address: str
    heading: str  # the table or other place: “支出”, “年初预算”, “文字说明”, “绩效自评”
    item: str  # the row: subject code and name, or the field
    column: str  # the column within the row, "" when the row has one value
    old: str
    new: str
    difference: str  # amounts only: new − old, signed
    is_text: bool
    segments: tuple = ()  # texts only: the word-level difference


@dataclass(frozen=True)
class Comparison:
    old: Point
    new: Point
    unit: str
    figures: tuple  # ChangedFigure, the account's own figures
    evaluation: tuple  # ChangedFigure, other apps' fields (self-evaluation)


def _amount_text(value, unit):
    if value is None:
        return ""
    return f"{to_wanyuan(value):,.2f}" if unit == FinalAccount.EntryUnit.WANYUAN else yuan_amount(value)


def _decimal(text):
    try:
        return Decimal(text) if text not in ("", None) else None
    except InvalidOperation:
        return None


def text_segments(old, new):
    """Return the Segments turning `old` into `new`, compared character by character."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", old[i1:i2]))
            continue
        if i2 > i1:
            segments.append(Segment("delete", old[i1:i2]))
        if j2 > j1:
            segments.append(Segment("insert", new[j1:j2]))
    return tuple(segments)


def _split_label(label):
    parts = label.split("/")
    return parts[0], parts[1] if len(parts) > 1 else "", "/".join(parts[2:])


def _changed(key, address, label, old, new, unit):
    heading, item, column = _split_label(label)
    is_amount = address is not None and address.value_type == "amount" and _decimal(old or "0") is not None
    if is_amount and _decimal(new or "0") is not None:
        old_value, new_value = _decimal(old), _decimal(new)
        difference = (new_value or Decimal("0")) - (old_value or Decimal("0"))
        sign = "+" if difference > 0 else ""
        return ChangedFigure(
            key,
            heading,
            item,
            column,
            _amount_text(old_value, unit),
            _amount_text(new_value, unit),
            sign + _amount_text(difference, unit),
            False,
        )
    is_text = address is None or address.value_type == "text"
    return ChangedFigure(
        key,
        heading,
        item,
        column,
        old or "",
        new or "",
        "",
        is_text,
        text_segments(old or "", new or "") if is_text else (),
    )


def compare(final_account, old, new):
    """Return the Comparison of `final_account` between the points `old` and `new`."""
    old, new = sorted((old, new), key=lambda point: (point.at is None, point.at or 0))
    before, after = values_at(final_account, old), values_at(final_account, new)
    changed = [key for key in set(before) | set(after) if before.get(key, "") != after.get(key, "")]
    addresses = {key: address_of(key) for key in changed}
    unit = final_account.entry_unit
    numbers = dict(final_account.report_format.tables.values_list("kind", "number"))
    names = editing.subject_names(final_account, [a for a in addresses.values() if a is not None])
    figures = [
        _changed(
            key,
            addresses[key],
            key if addresses[key] is None else addresses[key].label(names=names, tables=numbers),
            before.get(key, ""),
            after.get(key, ""),
            unit,
        )
        for key in sorted(changed, key=lambda key: (addresses[key] is None, key))
    ]
    return Comparison(
        old=old,
        new=new,
        unit=FinalAccount.EntryUnit(unit).label,
        figures=tuple(figures),
        evaluation=tuple(_other_changes(final_account, old, new, unit)),
    )


def _other_changes(final_account, old, new, unit):
    """Return the ChangedFigures of other apps' fields between the two points, from the change record.

    The first recorded old value and the last new value of each field between the two moments.
    """
    changes = FigureChange.objects.filter(final_account=final_account).exclude(address="")
    for area in (*FACT_AREAS, "account", "cell", "table", "subject"):
        changes = changes.exclude(address__startswith=f"{area}|")
    if old.at is not None:
        changes = changes.filter(at__gt=old.at)
    if new.at is not None:
        changes = changes.filter(at__lte=new.at)
    first, last = {}, {}
    for change in changes.order_by("at", "id").only("address", "field", "old_value", "new_value"):
        first.setdefault(change.address, change)
        last[change.address] = change
    result = []
    for key in sorted(first):
        old_value, new_value = first[key].old_value, last[key].new_value
        if old_value == new_value:
            continue
        address = address_of(key)
        label = address.label() if address is not None else last[key].field
        result.append(_changed(key, address, label, old_value, new_value, unit))
    return result
