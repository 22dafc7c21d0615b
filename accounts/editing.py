"""Fact editing: the only way figures and texts change, each change recorded.

`apply_changes` takes {Address: new value} and, in one transaction, locks the final account, validates
every value (refusing them all with a message per address when one is wrong), writes the facts with bulk
queries and records a FigureChange for each value that changed, named by its address and its Chinese
label. `replace_table_facts` is what an import does: the facts the nine tables determine become those of
the workbook, through the same code. The grid, the importer, the carry-over to next year and the demo all
write through these two; the `set_*` functions are one-fact shorthands over `apply_changes`.

A zero amount removes a fact kept only when non-zero (income, expenditure, 表6 details; balances and 三公
when both halves are zero): absence and zero mean the same in the tables. Budgets, stated figures,
counts and prior-year figures keep a zero: there a blank (None) differs from zero (`Address.nullable`).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from . import inputs
from .addresses import Address, AddressError, Area, register_area
from .choices import ExpenditureKind, FreeTextKey, Fund, IncomeSource, NamedFigure, OfficialExpenseItem
from .choices import StatedCount as StatedCountKey
from .choices import StatedFigure as StatedFigureKey
from .models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    EconomicSubject,
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    FreeText,
    FunctionalSubject,
    IncomeFact,
    OfficialExpense,
    PrintedCell,
    PriorYearFigure,
    StatedCount,
    StatedFigure,
)

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
TEN_THOUSAND = Decimal("10000")
MAX_YUAN = Decimal("9999999999999999.99")  # DecimalField(max_digits=18, decimal_places=2)

# Entry units: 元 to the cent, or 万元 with up to six decimals (so that nothing is lost: 0.000001 万元 = 0.01 元).
UNIT_DECIMALS = {"yuan": 2, "wanyuan": 6}
UNIT_LABELS = {"yuan": "元", "wanyuan": "万元"}

EDITABLE_STATUSES = {FinalAccount.Status.DRAFT, FinalAccount.Status.RETURNED}

# The stated figures 表1 prints (行28, 行59): an import replaces these and leaves the others alone.
TABLE_STATED_FIGURES = (StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED, StatedFigureKey.SURPLUS_DISTRIBUTION)
# The areas whose facts the nine tables determine (with the two stated figures above).
TABLE_AREAS = ("income", "expenditure", "balance", "detail", "official")

# Settings of a final account that are recorded like figures: where its figures came from, the unit they
# are entered in. Their changes are named by these addresses in the change record.
register_area(
    Area(
        "account",
        1,
        lambda p: p[0] in ("provenance", "entry_unit"),
        lambda p, n, t: "数据来源" if p[0] == "provenance" else "录入单位",
        value_type=lambda p: "text",
    )
)
PROVENANCE = Address("account", ("provenance",))
ENTRY_UNIT = Address("account", ("entry_unit",))


def parse_amount(value, *, unit="yuan", allow_negative=False):
    """Return the amount in 元 as a Decimal with two places, or raise ValidationError naming the value.

    Accepts Decimal, int or text as `inputs.parse_amount` does (thousands separators, full-width
    digits, surrounding blanks; a blank is zero). Floats are refused: they cannot hold 元 exactly.
    """
    if isinstance(value, float):
        raise ValidationError(f"金额 {value!r} 是浮点数，请以文本或 Decimal 提供。", code="float")
    amount, _note = inputs.parse_amount(value)
    if amount is None:
        return ZERO
    text = f"{amount:f}"
    scale = TEN_THOUSAND if unit == "wanyuan" else 1
    # Checked first: quantizing a figure beyond the decimal context's 28 digits raises InvalidOperation.
    if abs(amount) * scale > MAX_YUAN:
        raise ValidationError(f"金额 {text} {UNIT_LABELS[unit]}超出可存储的范围。", code="too_large")
    decimals = UNIT_DECIMALS[unit]
    if -amount.as_tuple().exponent > decimals and amount != amount.quantize(Decimal(1).scaleb(-decimals)):
        raise ValidationError(
            f"金额 {text} {UNIT_LABELS[unit]}的小数位超过 {decimals} 位。", code="too_many_decimals"
        )
    if amount < 0 and not allow_negative:
        raise ValidationError(f"金额 {text} {UNIT_LABELS[unit]}不能为负数。", code="negative")
    return (amount * scale).quantize(CENT) + 0


def parse_count(value):
    """Return a count as an int, None for a blank, or raise ValidationError naming the value."""
    if value is None or isinstance(value, int) and not isinstance(value, bool):
        count = value
    else:
        text = str(value).strip()
        if text == "":
            return None
        # int() would take “1_000” and digits of every script; a count is ASCII digits (full-width
        # converted), like an amount.
        digits = text.translate(inputs.FULL_WIDTH)
        unsigned = digits[1:] if digits[:1] in ("-", "+") else digits
        if not (unsigned.isascii() and unsigned.isdigit()) or len(unsigned) > inputs.MAX_INTEGER_DIGITS:
            raise ValidationError(f"“{value}”不是有效的数量（须为整数）。", code="invalid")
        count = int(digits)
    if count is not None and count < 0:
        raise ValidationError(f"数量 {count} 不能为负数。", code="negative")
    return count


def parse_value(address, value, *, unit="yuan"):
    """Return the typed value `value` gives the figure at `address`, or raise ValidationError.

    Amounts (in `unit`) become Decimal 元, counts int, texts stripped text; a blank amount or count is
    None (for a figure kept only when non-zero, the same as zero).
    """
    value_type = address.value_type
    if value_type == "text":
        text = "" if value is None else str(value).strip()
        kind = "free_text" if address.area == "text" else "short"
        return inputs.check_text(text, kind=kind, label="内容")
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    if value_type == "count":
        return parse_count(value)
    return parse_amount(value, unit=unit)


def value_text(address, value):
    """Return a value of the figure at `address` as the change record and snapshots write it.

    Amounts as 元 with two places; an absent figure kept only when non-zero is “0.00”, any other absent
    value is blank.
    """
    if address.value_type == "text":
        return value or ""
    if value is None:
        return "0.00" if address.value_type == "amount" and not address.nullable else ""
    return str(value)


def ensure_editable(final_account):
    """Lock `final_account` (select_for_update) and return it, or raise ValidationError when it is locked."""
    fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
    if fa.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"{fa} 状态为“{fa.get_status_display()}”，数据已锁定，不能修改。", code="locked"
        )
    return fa


class ChangesRefused(ValidationError):
    """Changes of which some cannot be made; nothing was saved.

    `refused` maps each refused Address to the reason, which names the value (“金额 -5 元不能为负数。”): what
    an entry grid shows at the cell. The error's messages name the address's label too.
    """

    def __init__(self, refused, labels, unknown_subjects=None):
        self.refused = dict(refused)
        # {Address: (scheme, code)} of the refusals for a code the edition lacks: an entry grid asks for
        # the subject's name and keeps it pending (accounts.editions.add_pending_subject), then saves again.
        self.unknown_subjects = dict(unknown_subjects or {})
        super().__init__(
            {
                address: [ValidationError(f"{labels.get(address) or address}：{message}", code="refused")]
                for address, message in self.refused.items()
            }
        )


@dataclass(frozen=True)
class Change:
    """One value that changes: its address, its Chinese label, the old and the new value as text."""

    address: Address
    label: str
    old: str
    new: str


def describe_change(address, old, new, names=None):
    """Return the Change of the figure at `address` from `old` to `new` (typed values), None when equal."""
    old_text, new_text = value_text(address, old), value_text(address, new)
    if old_text == new_text:
        return None
    return Change(address, _label(address, names), old_text, new_text)


def _label(address, names=None):
    try:
        return address.label(names=names)
    except (ValueError, KeyError, IndexError, AttributeError):  # parts that name nothing: as written
        return str(address)


# --- The stored rows behind each area of addresses ---------------------------------------------------


@dataclass(frozen=True)
class FactKind:
    """How the facts of one area are stored: the model, the columns naming a row and those holding values.

    `keys` are read with values_list (subjects by code); `halves` names the address's last part for each
    value column of a paired row (balances, 三公, prior-year figures), empty for a single value.
    """

    area: str
    model: type
    keys: tuple
    values: tuple
    halves: tuple = ()

    def parts(self, key):
        """Return the address parts (without the half) of a row read as `key`."""
        if self.area == "budget":
            kind, code = key
            return ("subject", code) if code else (("kind", kind) if kind else ("total", ""))
        return tuple("" if part is None else part for part in key)

    def addresses(self, parts):
        """Return the addresses of the values of the row named by `parts`, one per value column."""
        if self.halves:
            return tuple(Address(self.area, (*parts, half)) for half in self.halves)
        return (Address(self.area, parts),)

    def row_parts(self, address):
        return address.parts[:-1] if self.halves else address.parts

    def kept(self, values):
        """Return True when a row holding `values` is stored, False when it is removed."""
        match self.area:
            case "income" | "expenditure" | "detail" | "balance" | "official":
                return any(value for value in values)
            case "text":
                return bool(values[0])
            case _:  # budget, stated, count, prior: a blank removes, a zero is kept
                return values[0] is not None

    def fields(self, parts, functional, economic):
        """Return the model fields (besides final_account) of a new row named by `parts`."""
        match self.area:
            case "income":
                return {"subject_id": functional[parts[0]], "source": parts[1]}
            case "expenditure":
                return {"subject_id": functional[parts[0]], "fund": parts[1], "kind": parts[2]}
            case "balance":
                return {"fund": parts[0], "subject_id": functional[parts[1]] if parts[1] else None}
            case "detail":
                return {"subject_id": economic[parts[0]]}
            case "budget":
                scope, value = parts
                return {
                    "kind": value if scope == "kind" else "",
                    "subject_id": functional[value] if scope == "subject" else None,
                }
            case "text":
                return {"key": parts[0], "subject_id": functional[parts[1]] if parts[1] else None}
            case _:  # official, stated, count, prior
                return {self.keys[0]: parts[0]}


FACT_KINDS = {
    kind.area: kind
    for kind in (
        FactKind("income", IncomeFact, ("subject__code", "source"), ("amount",)),
        FactKind("expenditure", ExpenditureFact, ("subject__code", "fund", "kind"), ("amount",)),
        FactKind(
            "balance", Balance, ("fund", "subject__code"), ("opening", "closing"), ("opening", "closing")
        ),
        FactKind("detail", BasicExpenditureDetail, ("subject__code",), ("amount",)),
        FactKind("official", OfficialExpense, ("item",), ("budget", "actual"), ("budget", "actual")),
        FactKind("budget", Budget, ("kind", "subject__code"), ("amount",)),
        FactKind("stated", StatedFigure, ("key",), ("amount",)),
        FactKind("count", StatedCount, ("key",), ("count",)),
        FactKind("prior", PriorYearFigure, ("key",), ("amount", "source"), ("amount", "source")),
        FactKind("text", FreeText, ("key", "subject__code"), ("text",)),
    )
}


@dataclass
class StoredRow:
    pk: int
    values: tuple


def _read_rows(final_account, areas):
    """Return {(area, parts): StoredRow} of every stored row of `areas`: one query per area."""
    rows = {}
    for area in areas:
        kind = FACT_KINDS[area]
        width = len(kind.keys)
        for pk, *row in kind.model.objects.filter(final_account=final_account).values_list(
            "pk", *kind.keys, *kind.values
        ):
            rows[(area, kind.parts(tuple(row[:width])))] = StoredRow(pk, tuple(row[width:]))
    return rows


def _values_of_rows(rows):
    values = {}
    for (area, parts), row in rows.items():
        for address, value in zip(FACT_KINDS[area].addresses(parts), row.values, strict=True):
            values[address] = value
    return values


def stored_values(final_account, addresses=None):
    """Return {Address: stored value} of the figures at `addresses` (every stored figure without them).

    Reads one query per area of the addresses, whatever their number. Absent figures are left out.
    """
    if addresses is None:
        areas = tuple(FACT_KINDS)
    else:
        areas = tuple(sorted({address.area for address in addresses if address.area in FACT_KINDS}))
    values = _values_of_rows(_read_rows(final_account, areas))
    if addresses is None:
        return values
    wanted = set(addresses)
    return {address: value for address, value in values.items() if address in wanted}


def current_value(address, values):
    """Return the value of the figure at `address` in `values` ({Address: value}), its empty value when absent.

    Empty is "" for a text, None for anything else.
    """
    default = "" if address.value_type == "text" else None
    return values.get(address, default)


def _subject_of(address):
    """Return (scheme, code, item only) of the subject an address of a fact names, or None."""
    p = address.parts
    match address.area:
        case "income" | "expenditure":
            return ("functional", p[0], True)
        case "balance":
            return ("functional", p[1], True) if p[1] else None
        case "detail":
            return ("economic", p[0], True)
        case "budget":
            return ("functional", p[1], True) if p[0] == "subject" else None
        case "text":
            return ("functional", p[1], False) if p[1] else None
    return None


@dataclass
class _Subjects:
    functional: dict  # code → pk
    economic: dict  # code → pk
    names: dict  # code → name, both schemes (their codes never coincide: 2xx against 3xx/5xx)
    problems: dict  # (scheme, code, item only) → message
    unknown: set = None  # (scheme, code, item only) of the codes the edition lacks


def _resolve_subjects(final_account, wanted):
    """Return the _Subjects of `wanted` {(scheme, code, item only)}: one query per scheme."""
    subjects = _Subjects({}, {}, {}, {}, set())
    edition = final_account.edition
    functional_codes = {code for scheme, code, _ in wanted if scheme == "functional"}
    economic_codes = {code for scheme, code, _ in wanted if scheme == "economic"}
    found = {}
    # The edition's subjects and those pending for this final account alone (accounts.editions); the
    # edition's wins should both exist for a moment.
    for scheme, model, codes in (
        ("functional", FunctionalSubject, functional_codes),
        ("economic", EconomicSubject, economic_codes),
    ):
        if codes:
            for pk, code, name, pending in (
                model.all_objects.of_final_account(final_account)
                .filter(code__in=codes)
                .order_by("-pending_for_id")
                .values_list("pk", "code", "name", "pending_for_id")
            ):
                if (scheme, code) not in found or pending is None:
                    found[(scheme, code)] = (pk, name)
    levels = {3: "类", 5: "款", 7: "项"}
    for scheme, code, item_only in wanted:
        hit = found.get((scheme, code))
        if hit is None:
            subjects.unknown.add((scheme, code, item_only))
            subjects.problems[(scheme, code, item_only)] = (
                f"科目编码 {code} 不在 {edition} 年版《政府收支分类科目》中。"
                if scheme == "functional"
                else f"经济分类科目编码 {code} 不在 {edition} 年版科目中。"
            )
            continue
        pk, name = hit
        subjects.names[code] = name
        if scheme == "functional":
            if item_only and len(code) != 7:
                subjects.problems[(scheme, code, item_only)] = (
                    f"科目 {code} {name} 是{levels[len(code)]}级科目，此处需要项级科目（7 位编码）。"
                )
            subjects.functional[code] = pk
        else:
            if len(code) != 5:
                subjects.problems[(scheme, code, item_only)] = (
                    f"经济分类科目 {code} {name} 是类级科目，此处需要款级科目（5 位编码）。"
                )
            subjects.economic[code] = pk
    return subjects


def functional_subject(final_account, code, *, item_only=True):
    """Return the functional subject `code` of the final account's edition, or raise ValidationError."""
    wanted = ("functional", str(code).strip(), item_only)
    subjects = _resolve_subjects(final_account, {wanted})
    if wanted in subjects.problems:
        raise ValidationError(subjects.problems[wanted], code="unknown_subject")
    return FunctionalSubject.all_objects.get(pk=subjects.functional[wanted[1]])


def subject_names(final_account, addresses):
    """Return {code: name} of the subjects `addresses` name, for their labels: one query per scheme."""
    wanted = {_subject_of(address) for address in addresses if address.is_fact}
    return _resolve_subjects(final_account, {subject for subject in wanted if subject is not None}).names


# --- Changing figures ----------------------------------------------------------------------------------


@transaction.atomic
def apply_changes(final_account, changes, *, by, reason="", unit=None):
    """Set the figures and texts `changes` names and return {Address: the value now stored}.

    `changes` maps each Address of a stored figure to its new value: an amount (text or Decimal, in
    `unit`: 元 or 万元, the final account's entry unit by default), a count, a text, or None to remove it.
    The other half of a paired figure (年初/年末 of a balance, 预算数/决算数 of a 三公 item, a prior-year
    figure's amount and source) keeps its stored value.

    Effects: locks the final account (select_for_update) and refuses it unless it is a draft or returned
    (ValidationError “…数据已锁定，不能修改。”); validates every change first and raises ChangesRefused,
    saving nothing, with a message per refused address (unknown address or subject, unreadable or negative
    amount, a prior-year figure without its source); then writes with one bulk insert, one bulk update and
    one delete per kind of fact, and records one FigureChange per value that changed (address, label,
    old and new value, `by`, `reason`); then tells the listeners of `on_figures_changed`. Queries: a
    constant number, whatever the number of changes.
    """
    fa = ensure_editable(final_account)
    result, records = _apply(fa, changes, by=by, reason=reason, unit=unit or fa.entry_unit)
    for listener in _CHANGE_LISTENERS:
        listener(fa, records, by=by)
    return result


_CHANGE_LISTENERS = []


def on_figures_changed(listener):
    """Call `listener(final_account, changes, by=…)` after `apply_changes` has written and recorded changes.

    In the same transaction, with the final account locked: the importer drops the printed cells whose
    facts beneath changed (accounts.importing.printed). An import itself (`replace_table_facts`) replaces
    the printed cells and calls no listener.
    """
    if listener not in _CHANGE_LISTENERS:
        _CHANGE_LISTENERS.append(listener)
    return listener


def _apply(fa, changes, *, by, reason, unit, rows=None):
    """Validate and write `changes` to the locked `fa`; return ({Address: value now stored}, the Changes).

    `rows` are the stored rows already read (`_read_rows`) by a caller that needed them.
    """
    # FigureChange.reason holds 200 characters; longer would be a database error (a 500).
    inputs.check_text(reason or "", kind="short", label="修改原因")
    refused, wanted_subjects = {}, {}
    for address in changes:
        if not isinstance(address, Address) or address.area not in FACT_KINDS:
            refused[address] = f"无法识别的位置“{address}”。"
        elif len(address.parts) == address.spec.arity:
            subject = _subject_of(address)
            if subject is not None and subject[1].isdigit():
                wanted_subjects[address] = subject
    subjects = _resolve_subjects(fa, set(wanted_subjects.values()))
    parsed = {}
    for address, value in changes.items():
        if address in refused:
            continue
        if wanted_subjects.get(address) in subjects.problems:
            refused[address] = subjects.problems[wanted_subjects[address]]
            continue
        try:
            address.validate()
            parsed[address] = parse_value(address, value, unit=unit)
        except AddressError:
            refused[address] = f"无法识别的位置“{address}”。"
        except ValidationError as error:
            refused[address] = error.messages[0]

    areas = sorted({address.area for address in parsed})
    if rows is None:
        rows = _read_rows(fa, areas)
    # The values of each touched row once changed: the halves given, the stored ones for the others.
    touched = {}
    for address, value in parsed.items():
        kind = FACT_KINDS[address.area]
        key = (address.area, kind.row_parts(address))
        if key not in touched:
            stored = rows.get(key)
            touched[key] = list(stored.values) if stored else [None] * len(kind.values)
        touched[key][kind.halves.index(address.parts[-1]) if kind.halves else 0] = value
    for (area, parts), values in touched.items():
        if area == "prior":
            refused |= _prior_problems(parts, values, parsed)
    if refused:
        unknown = {
            address: wanted_subjects[address][:2]
            for address in refused
            if wanted_subjects.get(address) in subjects.unknown
        }
        raise ChangesRefused(
            refused, {address: _label(address, subjects.names) for address in refused}, unknown
        )

    records, result = [], {}
    creates, updates, deletes = defaultdict(list), defaultdict(list), defaultdict(list)
    for (area, parts), values in touched.items():
        kind = FACT_KINDS[area]
        if area in ("balance", "official"):
            values = [ZERO if value is None else value for value in values]
        kept = kind.kept(values)
        stored = rows.get((area, parts))
        old = stored.values if stored else (None,) * len(values)
        new = tuple(values) if kept else (None,) * len(values)
        for address, old_value, new_value in zip(kind.addresses(parts), old, new, strict=True):
            if address in parsed:
                result[address] = new_value
            change = describe_change(address, old_value, new_value, subjects.names)
            if change is not None:
                records.append(change)
        if stored is None:
            if kept:
                fields = kind.fields(parts, subjects.functional, subjects.economic)
                creates[area].append(
                    kind.model(final_account=fa, **fields, **dict(zip(kind.values, new, strict=True)))
                )
        elif not kept:
            deletes[area].append(stored.pk)
        elif new != tuple(stored.values):
            updates[area].append(kind.model(pk=stored.pk, **dict(zip(kind.values, new, strict=True))))
    for area in areas:
        model = FACT_KINDS[area].model
        if deletes[area]:
            model.objects.filter(pk__in=deletes[area]).delete()
        if updates[area]:
            model.objects.bulk_update(updates[area], fields=list(FACT_KINDS[area].values))
        if creates[area]:
            model.objects.bulk_create(creates[area])
    _record(fa, records, by=by, reason=reason)
    return result, records


# The statuses in which a reviewer or administrator may settle a pending subject (accounts.editions):
# anything not yet published.
SETTLING_STATUSES = EDITABLE_STATUSES | {FinalAccount.Status.SUBMITTED, FinalAccount.Status.APPROVED}


@transaction.atomic
def move_subject_figures(final_account, scheme, old_code, new_code, *, by, reason=""):
    """Move every figure and text naming subject `old_code` to `new_code`; return the Changes recorded.

    What mapping a pending subject to a code of the edition does (accounts.editions). Amounts are added
    to those `new_code` already holds (each half of a paired figure alike); a text moves unless
    `new_code` has one. Unlike `apply_changes`, a submitted or approved final account may be changed
    (its reviewer settles its subjects); a published one may not. Written and recorded as by
    `apply_changes`.
    """
    fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
    if fa.status not in SETTLING_STATUSES:
        raise ValidationError(
            f"{fa} 状态为“{fa.get_status_display()}”，数据已锁定，不能修改。", code="locked"
        )
    areas = ("detail",) if scheme == "economic" else ("income", "expenditure", "balance", "budget", "text")
    rows = _read_rows(fa, areas)
    values = _values_of_rows(rows)
    changes = {}
    for address, value in values.items():
        subject = _subject_of(address)
        if subject is None or subject[:2] != (scheme, old_code):
            continue
        parts = list(address.parts)
        parts[parts.index(old_code)] = new_code
        target = Address(address.area, tuple(parts))
        current = changes.get(target, values.get(target))
        if address.value_type == "text":
            moved = current or value
        elif value is None:
            moved = current
        else:
            moved = (current or ZERO) + value
        changes[address] = None if address.value_type != "text" else ""
        changes[target] = moved
    if not changes:
        return []
    return _apply(fa, changes, by=by, reason=reason, unit="yuan", rows=rows)[1]


def _prior_problems(parts, values, parsed):
    """Return {Address: message} of a prior-year figure whose amount and source do not go together.

    An amount needs its source; a source given without an amount has nothing to belong to. Blanking the
    amount alone removes the figure with its source.
    """
    amount, source = values
    amount_address, source_address = FACT_KINDS["prior"].addresses(parts)
    figure = NamedFigure(parts[0]).label
    if amount is not None and not source:
        where = source_address if source_address in parsed else amount_address
        return {where: f"请注明上年数“{figure}”的来源。"}
    if amount is None and source and source_address in parsed:
        return {source_address: f"请同时填写上年数“{figure}”的金额。"}
    return {}


def _record(final_account, changes, *, by, reason=""):
    """Write one FigureChange per Change, in one query."""
    if changes:
        FigureChange.objects.bulk_create(
            FigureChange(
                final_account=final_account,
                user=by,
                address=str(change.address),
                field=change.label[:200],
                old_value=change.old,
                new_value=change.new,
                reason=reason[:200],
            )
            for change in changes
        )


def table_values(facts):
    """Return {Address: value} of the figures the nine tables determine, from `facts`.

    `facts` is a statements.Facts or an importing ImportedFacts: both key income, expenditure, balances,
    表6 details, 三公 and stated figures alike.
    """
    values = {}
    for (code, source), amount in facts.income.items():
        values[Address("income", (code, source))] = amount
    for (code, fund, kind), amount in facts.expenditure.items():
        values[Address("expenditure", (code, fund, kind))] = amount
    for (fund, code), pair in facts.balances.items():
        for half, amount in zip(("opening", "closing"), pair, strict=True):
            values[Address("balance", (fund, code or "", half))] = amount
    for code, amount in facts.basic_detail.items():
        values[Address("detail", (code,))] = amount
    for item, pair in facts.official_expenses.items():
        for half, amount in zip(("budget", "actual"), pair, strict=True):
            values[Address("official", (item, half))] = amount
    for key in TABLE_STATED_FIGURES:
        if key in facts.stated_figures:
            values[Address("stated", (key.value,))] = facts.stated_figures[key]
    return values


def _is_table_figure(address):
    return address.area in TABLE_AREAS or (
        address.area == "stated" and address.parts[0] in TABLE_STATED_FIGURES
    )


def replacement(stored, wanted):
    """Return {Address: new value} that turns the table figures `stored` into `wanted` ({Address: value}, of
    the figures the tables determine only).

    A stored figure the tables do not give is removed (None), except a stated zero: a table prints zero
    and blank alike.
    """
    changes = {}
    # In the order the tables read: income, expenditure, balances, 表6, 三公, 表1's stated figures.
    order = (*TABLE_AREAS, "stated")
    for address in sorted(set(stored) | set(wanted), key=lambda a: (order.index(a.area), a.parts)):
        old, new = stored.get(address), wanted.get(address)
        if address.area == "stated" and new is None and not old:
            continue
        if value_text(address, old) != value_text(address, new):
            changes[address] = new
    return changes


def changes_to_tables(stored_facts, wanted, *, names=None, provenance=None):
    """Return the Changes an import of the table figures `wanted` ({Address: value}) makes to `stored_facts`.

    What `replace_table_facts` will record, for the preview; with `provenance` (old, new label), the
    change of provenance is listed last.
    """
    stored = table_values(stored_facts)
    changes = [
        describe_change(address, stored.get(address), new, names)
        for address, new in replacement(stored, wanted).items()
    ]
    changes = [change for change in changes if change is not None]
    if provenance and provenance[0] != provenance[1]:
        changes.append(Change(PROVENANCE, _label(PROVENANCE), *provenance))
    return changes


@transaction.atomic
def replace_table_facts(final_account, facts, printed_cells, *, provenance, by, reason=""):
    """Make the facts the nine tables determine those of `facts` (an ImportedFacts); return the Changes.

    What an import does. Effects: locks the final account and refuses it unless it is a draft or returned;
    sets income, expenditure, balances, 表6 details, 三公 and 表1's 使用非财政拨款结余 and 结余分配 to those of
    `facts` through the same writing and recording as `apply_changes` (a figure the tables no longer give
    is removed, a stated zero left blank stays); replaces the printed cells by `printed_cells` (unsaved
    PrintedCell rows); sets the provenance, recorded as a change of “数据来源”. Budgets, counts, texts and
    other stated figures are left as they are.
    """
    fa = ensure_editable(final_account)
    rows = _read_rows(fa, (*TABLE_AREAS, "stated"))
    stored = {address: value for address, value in _values_of_rows(rows).items() if _is_table_figure(address)}
    changes = replacement(stored, table_values(facts))
    _result, records = _apply(fa, changes, by=by, reason=reason, unit="yuan", rows=rows)
    PrintedCell.objects.filter(final_account=fa).delete()
    for cell in printed_cells:
        cell.final_account = fa
    PrintedCell.objects.bulk_create(printed_cells)
    if fa.provenance != provenance:
        old = FinalAccount.Provenance(fa.provenance).label
        fa.provenance = provenance
        fa.save(update_fields=["provenance", "updated_at"])
        records.append(Change(PROVENANCE, _label(PROVENANCE), old, FinalAccount.Provenance(provenance).label))
        _record(fa, records[-1:], by=by, reason=reason)
    return records


def record_setting(final_account, address, old, new, *, by, reason=""):
    """Record the change of a setting of the final account (`ENTRY_UNIT`, `PROVENANCE`) from `old` to `new`."""
    _record(final_account, [Change(address, _label(address), str(old), str(new))], by=by, reason=reason)


# --- One fact at a time: shorthands over apply_changes ---------------------------------------------------


def _choice(enum, value, label):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(f"{label}“{value}”无效。", code="invalid_choice") from None


def _set(final_account, values, *, by, unit, reason):
    result = apply_changes(final_account, values, by=by, reason=reason, unit=unit)
    return [result[address] for address in values]


def set_income(final_account, *, code, source, amount, by, unit="yuan", reason=""):
    """Set the income of item subject `code` from `source`; return the amount in 元."""
    source = _choice(IncomeSource, source, "收入来源")
    address = Address("income", (str(code).strip(), source.value))
    return _set(final_account, {address: amount}, by=by, unit=unit, reason=reason)[0] or ZERO


def set_expenditure(final_account, *, code, fund, kind, amount, by, unit="yuan", reason=""):
    """Set the expenditure of item subject `code` from `fund` of `kind`; return the amount in 元."""
    fund = _choice(Fund, fund, "资金性质")
    kind = _choice(ExpenditureKind, kind, "支出类型")
    address = Address("expenditure", (str(code).strip(), fund.value, kind.value))
    return _set(final_account, {address: amount}, by=by, unit=unit, reason=reason)[0] or ZERO


def set_balance(final_account, *, fund, opening, closing, by, code=None, unit="yuan", reason=""):
    """Set the opening and closing balance of `fund` (per item subject `code` where given)."""
    fund = _choice(Fund, fund, "资金性质")
    parts = (fund.value, str(code or "").strip())
    values = {
        Address("balance", (*parts, "opening")): opening,
        Address("balance", (*parts, "closing")): closing,
    }
    return tuple(_set(final_account, values, by=by, unit=unit, reason=reason))


def set_basic_detail(final_account, *, code, amount, by, unit="yuan", reason=""):
    """Set the 一般公共预算财政拨款基本支出 of economic 款 `code` (表6)."""
    address = Address("detail", (str(code).strip(),))
    return _set(final_account, {address: amount}, by=by, unit=unit, reason=reason)[0] or ZERO


def set_official_expense(final_account, *, item, budget, actual, by, unit="yuan", reason=""):
    """Set budget and actual of one 三公 item (表9)."""
    item = _choice(OfficialExpenseItem, item, "“三公”经费项目")
    values = {
        Address("official", (item.value, "budget")): budget,
        Address("official", (item.value, "actual")): actual,
    }
    return tuple(_set(final_account, values, by=by, unit=unit, reason=reason))


def set_budget(final_account, *, amount, by, kind="", code=None, unit="yuan", reason=""):
    """Set a year-start budget: the total, a kind's (基本/项目), or an item subject's.

    Unlike spending, a budget of zero is kept: a stated zero budget differs from a missing one.
    Pass amount=None to remove the budget.
    """
    if kind:
        kind = _choice(ExpenditureKind, kind, "支出类型")
        if kind not in (ExpenditureKind.BASIC, ExpenditureKind.PROJECT):
            raise ValidationError(
                f"年初预算只按基本支出、项目支出填列，不按“{kind.label}”。", code="invalid_kind"
            )
    if kind and code:
        raise ValidationError("年初预算按支出类型或按科目填列，不能同时指定。", code="kind_and_subject")
    if code:
        address = Address("budget", ("subject", str(code).strip()))
    elif kind:
        address = Address("budget", ("kind", kind.value))
    else:
        address = Address("budget", ("total", ""))
    return _set(final_account, {address: amount}, by=by, unit=unit, reason=reason)[0]


def set_stated_figure(final_account, *, key, amount, by, unit="yuan", reason=""):
    """Set an amount stated once per final account (机关运行经费, 政府采购 …); None removes it."""
    key = _choice(StatedFigureKey, key, "项目")
    return _set(final_account, {Address("stated", (key.value,)): amount}, by=by, unit=unit, reason=reason)[0]


def set_stated_count(final_account, *, key, count, by, reason=""):
    """Set a count stated once per final account (接待人次, 车辆数 …); None removes it."""
    key = _choice(StatedCountKey, key, "项目")
    return _set(final_account, {Address("count", (key.value,)): count}, by=by, unit="yuan", reason=reason)[0]


def set_prior_year_figure(final_account, *, key, amount, source, by, unit="yuan", reason=""):
    """Set last year's value of a named figure, with where it was read."""
    key = _choice(NamedFigure, key, "指标")
    values = {
        Address("prior", (key.value, "amount")): amount,
        Address("prior", (key.value, "source")): source,
    }
    return _set(final_account, values, by=by, unit=unit, reason=reason)[0]


def set_free_text(final_account, *, key, text, by, code=None, reason=""):
    """Set a free text of the disclosure (per subject for the per-subject keys)."""
    key = _choice(FreeTextKey, key, "文字说明位置")
    address = Address("text", (key.value, str(code or "").strip()))
    return _set(final_account, {address: text}, by=by, unit="yuan", reason=reason)[0]
