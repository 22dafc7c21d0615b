"""Saving the posted cells of an entry screen through accounts.editing, refusing silent overwrites."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import editing
from ..addresses import Address, AddressError
from ..editing import EDITABLE_STATUSES, current_value, parse_value
from ..models import FigureChange, FinalAccount
from ..statements import load_facts
from .amounts import read_amount_text
from .cells import UNIT_LABELS, count_value, entry_value
from .findings import findings_of

ZERO = Decimal("0.00")


def read_cell(address, raw, unit):
    """Return (the typed value of a posted cell as editing stores it, a note), or raise ValidationError.

    Amounts and counts are read by the grids' input policy first (accounts.entry.amounts): the note
    says when full-width digits were converted.
    """
    note = ""
    if address.value_type in ("amount", "count") and isinstance(raw, str):
        raw, note = read_amount_text(raw)
    return parse_value(address, raw, unit=unit), note


def parse_cell_value(address, raw, unit):
    """Return the typed value of a posted cell (as editing stores it), or raise ValidationError."""
    return read_cell(address, raw, unit)[0]


def same(address, left, right):
    """Return True when two values of the cell mean the same: for facts kept only when non-zero, blank is 0."""
    if not address.nullable and address.value_type == "amount":
        return (left or ZERO) == (right or ZERO)
    if address.value_type == "text":
        # Browsers post a textarea's line breaks as CRLF or LF; the text is the same either way.
        return normal_text(left) == normal_text(right)
    return left == right


def normal_text(text):
    return str(text or "").replace("\r\n", "\n").strip() if isinstance(text, str) or text is None else text


def shown_value(address, value, unit):
    """Return a cell's value as its input shows it."""
    if address.value_type == "text":
        return value or ""
    if address.value_type == "count":
        return count_value(value)
    if value is None or (not address.nullable and value == ZERO):
        return ""
    return entry_value(value, unit)


@dataclass
class SaveResult:
    """What became of each posted cell: saved (with the value it now shows), unreadable, or refused."""

    saved: dict = field(default_factory=dict)  # name → value shown
    errors: dict = field(default_factory=dict)  # name → message
    conflicts: dict = field(default_factory=dict)  # name → (message, value shown now)
    notes: dict = field(default_factory=dict)  # name → what was converted (full-width digits)

    @property
    def ok(self):
        return not self.errors and not self.conflicts


def cell_address(name):
    """Return the Address of a posted cell name, or raise ValidationError: only stored figures are inputs."""
    try:
        address = Address.parse(name)
    except AddressError:
        address = None
    if address is None or not address.is_fact:
        raise ValidationError(f"无法识别的单元格“{name}”。", code="unknown_cell")
    return address


def save_cells(final_account, cells, *, by):
    """Save the posted `cells` of an entry screen and return a SaveResult.

    `cells` is a list of {"name", "value", "original"} in the final account's entry unit, each name an
    Address. A cell whose value cannot be read is reported with the reason and not saved; a cell whose
    `original` is not what is stored any more was saved by someone else meanwhile and is refused, naming
    them and their value (posting it again with that value as original overwrites it knowingly). Every
    other cell is saved by one accounts.editing.apply_changes, which records the changes; a cell it
    refuses (an unknown subject …) is reported and the others are saved. Queries: a constant number,
    however many cells are posted.
    """
    result = SaveResult()
    with transaction.atomic():
        # One writer per final account at a time: the comparison with `original` and the write must not
        # interleave with another save of the same final account.
        fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
        unit = fa.entry_unit
        if fa.status not in EDITABLE_STATUSES:
            message = f"{fa} 状态为“{fa.get_status_display()}”，数据已锁定，不能修改。"
            for cell in cells:
                result.errors[str(cell.get("name"))] = message
            return result
        posted = {}
        for cell in cells:
            name = str(cell.get("name", ""))
            try:
                address = cell_address(name)
                value, note = read_cell(address, cell.get("value", ""), unit)
                posted[address] = (name, value, cell)
                if note:
                    result.notes[name] = note
            except ValidationError as error:
                result.errors[name] = error.messages[0]
        stored = editing.stored_values(fa, posted)
        accepted, conflicts = {}, {}
        for address, (name, value, cell) in posted.items():
            current = current_value(address, stored)
            try:
                original = parse_cell_value(address, cell.get("original", ""), unit)
            except ValidationError:
                original = object()  # an original the server never showed: treat as changed meanwhile
            if same(address, value, current):
                result.saved[name] = shown_value(address, current, unit)
            elif not same(address, original, current):
                conflicts[address] = current
            else:
                accepted[address] = value
        for address, message in conflict_messages(fa, conflicts, unit).items():
            name = posted[address][0]
            result.conflicts[name] = (message, shown_value(address, conflicts[address], unit))
        # A refused cell (an unknown subject …) is reported and the others are saved: each attempt refuses
        # at least one more, and nothing is written until none is refused.
        while accepted:
            try:
                # The values were read in the entry unit above: they are 元 now.
                saved = editing.apply_changes(fa, accepted, by=by, unit="yuan")
            except editing.ChangesRefused as refusal:
                for address, message in refusal.refused.items():
                    result.errors[posted[address][0]] = message
                    accepted.pop(address, None)
                continue
            for address, value in saved.items():
                result.saved[posted[address][0]] = shown_value(address, value, unit)
            break
    return result


def conflict_messages(fa, conflicts, unit):
    """Return {address: “张三 已将此单元格改为 X”} for `conflicts` ({address: value stored now}): who saved
    each cell last and what it holds now. One query, whatever the number of cells."""
    if not conflicts:
        return {}
    last = {}
    for change in (
        FigureChange.objects.filter(final_account=fa, address__in=[str(a) for a in conflicts])
        .select_related("user")
        .order_by("-at", "-id")
    ):
        last.setdefault(change.address, change)
    return {
        address: conflict_message(last.get(str(address)), address, current, unit)
        for address, current in conflicts.items()
    }


def conflict_message(change, address, current, unit):
    """Return “张三 已将此单元格改为 X”: who saved the cell last (`change`, found by address) and its value now."""
    who = "他人"
    if change is not None and change.user is not None:
        who = change.user.get_full_name() or change.user.get_username()
    elif change is not None:
        who = "导入或系统"
    shown = shown_value(address, current, unit)
    if address.value_type == "amount" and shown:
        shown = f"{shown} {UNIT_LABELS[unit]}"
    return f"{who} 已将此单元格改为 {shown or '空'}。您的值未保存；再次保存将以您的值覆盖。"


@transaction.atomic
def set_entry_unit(final_account, unit, *, by):
    """Set the unit (元 or 万元) the figures of `final_account` are entered in; figures stay in 元."""
    try:
        unit = FinalAccount.EntryUnit(unit)
    except ValueError:
        raise ValidationError(f"录入单位“{unit}”无效。", code="invalid_unit") from None
    fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
    if fa.status not in EDITABLE_STATUSES:
        raise ValidationError(f"{fa} 状态为“{fa.get_status_display()}”，不能修改。", code="locked")
    if fa.entry_unit == unit:
        return fa
    old = FinalAccount.EntryUnit(fa.entry_unit).label
    FinalAccount.objects.filter(pk=fa.pk).update(entry_unit=unit)
    editing.record_setting(fa, editing.ENTRY_UNIT, old, unit.label, by=by)
    fa.entry_unit = unit
    return fa


def findings_with_unsaved(final_account, cells, *, by):
    """Return (facts, findings, SaveResult) of `final_account` as if the posted `cells` were saved.

    The one rule engine runs over the stored facts with the grid's unsaved values: they are written by
    accounts.editing.apply_changes inside a transaction that is then rolled back, so the checks see
    exactly what a save would store (units, removals, subjects) and nothing is kept or recorded.
    Unreadable cells are left out and reported in the SaveResult's errors, with its notes; nothing is
    checked for conflicts (nothing is saved). A final account that is not editable is checked as stored.
    """
    result = SaveResult()
    with transaction.atomic():
        fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
        changes = {}
        if fa.status in EDITABLE_STATUSES:
            for cell in cells:
                name = str(cell.get("name", ""))
                try:
                    address = cell_address(name)
                    changes[address], note = read_cell(address, cell.get("value", ""), fa.entry_unit)
                except ValidationError as error:
                    result.errors[name] = error.messages[0]
                    continue
                if note:
                    result.notes[name] = note
        while changes:
            try:
                editing.apply_changes(fa, changes, by=by, unit="yuan")
            except editing.ChangesRefused as refusal:
                for address, message in refusal.refused.items():
                    result.errors[str(address)] = message
                    changes.pop(address, None)
                continue
            break
        facts = load_facts(fa)
        findings = findings_of(facts)
        transaction.set_rollback(True)
    return facts, findings, result
