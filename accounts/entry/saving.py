"""Saving the posted cells of an entry screen through accounts.editing, refusing silent overwrites."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import editing
from ..choices import ExpenditureKind, FreeTextKey, Fund, IncomeSource, NamedFigure, OfficialExpenseItem
from ..choices import StatedCount as StatedCountKey
from ..choices import StatedFigure as StatedFigureKey
from ..editing import EDITABLE_STATUSES, parse_amount
from ..models import EconomicSubject, FigureChange, FinalAccount, FunctionalSubject
from ..statements import load_facts
from .cells import UNIT_LABELS, count_value, entry_value

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CellSpec:
    """What a posted cell name sets: its area and the parts naming the fact and the half of it."""

    name: str
    area: str
    parts: tuple

    @property
    def value_type(self):
        if self.area == "count":
            return "count"
        if self.area == "text" or (self.area == "prior" and self.parts[1] == "source"):
            return "text"
        return "amount"

    @property
    def nullable(self):
        """True where a blank differs from zero (a budget not drawn up, a figure not stated)."""
        return self.area in ("budget", "stated", "count", "prior")


AREA_ARITY = {
    "income": 2,
    "expenditure": 3,
    "balance": 3,
    "detail": 1,
    "official": 2,
    "count": 1,
    "stated": 1,
    "budget": 2,
    "prior": 2,
    "text": 2,
}


def parse_cell_name(name):
    """Return the CellSpec of a posted cell name, or raise ValidationError."""
    area, *parts = str(name).split("|")
    if AREA_ARITY.get(area) != len(parts):
        raise ValidationError(f"无法识别的单元格“{name}”。", code="unknown_cell")
    checks = {
        "income": lambda p: p[0].isdigit() and p[1] in IncomeSource.values,
        "expenditure": lambda p: p[0].isdigit() and p[1] in Fund.values and p[2] in ExpenditureKind.values,
        "balance": lambda p: (
            p[0] in Fund.values and (p[1] == "" or p[1].isdigit()) and p[2] in ("opening", "closing")
        ),
        "detail": lambda p: p[0].isdigit(),
        "official": lambda p: p[0] in OfficialExpenseItem.values and p[1] in ("budget", "actual"),
        "count": lambda p: p[0] in StatedCountKey.values,
        "stated": lambda p: p[0] in StatedFigureKey.values,
        "budget": lambda p: (
            (p[0] == "total" and p[1] == "")
            or (p[0] == "kind" and p[1] in ("basic", "project"))
            or (p[0] == "subject" and p[1].isdigit())
        ),
        "prior": lambda p: p[0] in NamedFigure.values and p[1] in ("amount", "source"),
        "text": lambda p: p[0] in FreeTextKey.values and (p[1] == "" or p[1].isdigit()),
    }
    if not checks[area](parts):
        raise ValidationError(f"无法识别的单元格“{name}”。", code="unknown_cell")
    return CellSpec(name=name, area=area, parts=tuple(parts))


def stored_value(spec, facts):
    """Return the stored value of a cell: Decimal 元, int, text, or None where nothing is stored."""
    p = spec.parts
    match spec.area:
        case "income":
            return facts.income.get((p[0], p[1]))
        case "expenditure":
            return facts.expenditure.get((p[0], p[1], p[2]))
        case "balance":
            pair = facts.balances.get((p[0], p[1]))
            return None if pair is None else pair[0 if p[2] == "opening" else 1]
        case "detail":
            return facts.basic_detail.get(p[0])
        case "official":
            pair = facts.official_expenses.get(p[0])
            return None if pair is None else pair[0 if p[1] == "budget" else 1]
        case "count":
            return facts.stated_counts.get(p[0])
        case "stated":
            return facts.stated_figures.get(p[0])
        case "budget":
            if p[0] == "total":
                return facts.budget_total
            if p[0] == "kind":
                return facts.budget_by_kind.get(p[1])
            return facts.budget_by_subject.get(p[1])
        case "prior":
            pair = facts.prior_year.get(p[0])
            if pair is None:
                return None if p[1] == "amount" else ""
            return pair[0] if p[1] == "amount" else pair[1]
        case "text":
            return facts.free_texts.get((p[0], p[1]), "")


def parse_count(value):
    text = str(value).strip()
    if text == "":
        return None
    try:
        count = int(text)
    except ValueError:
        raise ValidationError(f"“{value}”不是有效的数量（须为整数）。", code="invalid") from None
    if count < 0:
        raise ValidationError(f"数量 {count} 不能为负数。", code="negative")
    return count


def parse_cell_value(spec, raw, unit):
    """Return the typed value of a posted cell in the terms of `stored_value`, or raise ValidationError."""
    if spec.value_type == "text":
        return str(raw).strip()
    if spec.value_type == "count":
        return parse_count(raw)
    if spec.nullable and str(raw).strip() == "":
        return None
    return parse_amount(raw, unit=unit)


def same(spec, left, right):
    """Return True when two values of the cell mean the same: for facts kept only when non-zero, blank is 0."""
    if not spec.nullable and spec.value_type == "amount":
        return (left or ZERO) == (right or ZERO)
    if spec.value_type == "text":
        # Browsers post a textarea's line breaks as CRLF or LF; the text is the same either way.
        return normal_text(left) == normal_text(right)
    return left == right


def normal_text(text):
    return str(text or "").replace("\r\n", "\n").strip() if isinstance(text, str) or text is None else text


def shown_value(spec, value, unit):
    """Return a cell's value as its input shows it."""
    if spec.value_type == "text":
        return value or ""
    if spec.value_type == "count":
        return count_value(value)
    if value is None or (not spec.nullable and value == ZERO):
        return ""
    return entry_value(value, unit)


@dataclass
class SaveResult:
    """What became of each posted cell: saved (with the value it now shows), unreadable, or refused."""

    saved: dict = field(default_factory=dict)  # name → value shown
    errors: dict = field(default_factory=dict)  # name → message
    conflicts: dict = field(default_factory=dict)  # name → (message, value shown now)

    @property
    def ok(self):
        return not self.errors and not self.conflicts


def save_cells(final_account, cells, *, by):
    """Save the posted `cells` of an entry screen and return a SaveResult.

    `cells` is a list of {"name", "value", "original"} in the final account's entry unit. A cell whose
    value cannot be read is reported with the reason and not saved; a cell whose `original` is not what
    is stored any more was saved by someone else meanwhile and is refused, naming them and their value
    (posting it again with that value as original overwrites it knowingly). Every other cell is saved
    through accounts.editing, which records the change.
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
        facts = load_facts(fa)
        accepted = {}
        for cell in cells:
            name = str(cell.get("name", ""))
            try:
                spec = parse_cell_name(name)
                value = parse_cell_value(spec, cell.get("value", ""), unit)
            except ValidationError as error:
                result.errors[name] = error.messages[0]
                continue
            current = stored_value(spec, facts)
            try:
                original = parse_cell_value(spec, cell.get("original", ""), unit)
            except ValidationError:
                original = object()  # an original the server never showed: treat as changed meanwhile
            if same(spec, value, current):
                result.saved[name] = shown_value(spec, current, unit)
                continue
            if not same(spec, original, current):
                result.conflicts[name] = (
                    conflict_message(fa, spec, current, unit),
                    shown_value(spec, current, unit),
                )
                continue
            accepted[spec] = value
        for group, specs in group_by_fact(accepted).items():
            try:
                apply(fa, group, {spec: accepted[spec] for spec in specs}, facts, unit, by)
            except ValidationError as error:
                for spec in specs:
                    result.errors[spec.name] = error.messages[0]
                continue
            for spec in specs:
                result.saved[spec.name] = shown_value(spec, accepted[spec], unit)
    return result


def group_by_fact(accepted):
    """Group cells that one editing call sets together (opening and closing, budget and actual)."""
    groups = defaultdict(list)
    for spec in accepted:
        if spec.area in ("balance", "official", "prior"):
            key = (spec.area, *spec.parts[:-1])
        else:
            key = (spec.area, *spec.parts)
        groups[key].append(spec)
    return groups


def apply(fa, group, values, facts, unit, by):
    """Write one fact through accounts.editing; halves not posted keep their stored value."""
    area, *parts = group

    def half(name_suffix, default):
        for spec, value in values.items():
            if spec.parts[-1] == name_suffix:
                return value
        return default

    def stored(suffix):
        spec = CellSpec("", area, (*parts, suffix))
        return stored_value(spec, facts)

    match area:
        case "income":
            editing.set_income(fa, code=parts[0], source=parts[1], amount=next(iter(values.values())), by=by)
        case "expenditure":
            editing.set_expenditure(
                fa, code=parts[0], fund=parts[1], kind=parts[2], amount=next(iter(values.values())), by=by
            )
        case "balance":
            editing.set_balance(
                fa,
                fund=parts[0],
                code=parts[1] or None,
                opening=half("opening", stored("opening") or ZERO),
                closing=half("closing", stored("closing") or ZERO),
                by=by,
            )
        case "detail":
            editing.set_basic_detail(fa, code=parts[0], amount=next(iter(values.values())), by=by)
        case "official":
            editing.set_official_expense(
                fa,
                item=parts[0],
                budget=half("budget", stored("budget") or ZERO),
                actual=half("actual", stored("actual") or ZERO),
                by=by,
            )
        case "count":
            editing.set_stated_count(fa, key=parts[0], count=next(iter(values.values())) or 0, by=by)
        case "stated":
            editing.set_stated_figure(fa, key=parts[0], amount=next(iter(values.values())) or ZERO, by=by)
        case "budget":
            amount = next(iter(values.values()))
            if parts[0] == "total":
                editing.set_budget(fa, amount=amount, by=by)
            elif parts[0] == "kind":
                editing.set_budget(fa, kind=parts[1], amount=amount, by=by)
            else:
                editing.set_budget(fa, code=parts[1], amount=amount, by=by)
        case "prior":
            editing.set_prior_year_figure(
                fa,
                key=parts[0],
                amount=half("amount", stored("amount")) or ZERO,
                source=half("source", stored("source")),
                by=by,
            )
        case "text":
            editing.set_free_text(
                fa, key=parts[0], code=parts[1] or None, text=next(iter(values.values())), by=by
            )


def field_label(fa, spec):
    """Return the FigureChange.field accounts.editing writes for this cell (to find who changed it)."""
    p = spec.parts

    def functional(code):
        subject = FunctionalSubject.objects.filter(edition=fa.edition, code=code).first()
        return f"{code} {subject.name}" if subject else code

    match spec.area:
        case "income":
            return f"收入 {functional(p[0])} · {IncomeSource(p[1]).label}"
        case "expenditure":
            return f"支出 {functional(p[0])} · {Fund(p[1]).label} · {ExpenditureKind(p[2]).label}"
        case "balance":
            label = f"结转和结余 {Fund(p[0]).label}" + (f" {functional(p[1])}" if p[1] else "")
            return f"{label} · {'年初' if p[2] == 'opening' else '年末'}"
        case "detail":
            subject = EconomicSubject.objects.filter(edition=fa.edition, code=p[0]).first()
            return f"基本支出明细 {p[0]} {subject.name if subject else ''}"
        case "official":
            return (
                f"“三公”经费 {OfficialExpenseItem(p[0]).label} · {'预算数' if p[1] == 'budget' else '决算数'}"
            )
        case "count":
            return str(StatedCountKey(p[0]).label)
        case "stated":
            return str(StatedFigureKey(p[0]).label)
        case "budget":
            scope = {"total": "合计", "kind": ExpenditureKind(p[1]).label if p[0] == "kind" else ""}.get(p[0])
            return f"年初预算 {scope or functional(p[1])}"
        case "prior":
            return f"上年数 {NamedFigure(p[0]).label}"
        case "text":
            return f"文字说明 {FreeTextKey(p[0]).label}" + (f" {functional(p[1])}" if p[1] else "")


def conflict_message(fa, spec, current, unit):
    """Return “张三 已将此单元格改为 X”: who saved the cell last and what it holds now."""
    change = (
        FigureChange.objects.filter(final_account=fa, field=field_label(fa, spec))
        .select_related("user")
        .order_by("-at", "-id")
        .first()
    )
    who = "他人"
    if change is not None and change.user is not None:
        who = change.user.get_full_name() or change.user.get_username()
    elif change is not None:
        who = "导入或系统"
    shown = shown_value(spec, current, unit)
    if spec.value_type == "amount" and shown:
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
    FigureChange.objects.create(
        final_account=fa, user=by, field="录入单位", old_value=old, new_value=unit.label
    )
    fa.entry_unit = unit
    return fa
