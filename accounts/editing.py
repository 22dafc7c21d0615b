"""Fact-editing functions: the only way figures and texts change, each change recorded.

Every function validates its input into a clear Chinese message naming the offending value
(ValidationError), refuses figures of a locked final account, writes the fact and a FigureChange
row in one transaction. A zero amount removes the fact: absence and zero mean the same in the tables.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

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


def parse_amount(value, *, unit="yuan", allow_negative=False):
    """Return the amount in 元 as a Decimal with two places, or raise ValidationError naming the value.

    Accepts Decimal, int or text (thousands separators and surrounding blanks allowed). Floats are
    refused: they cannot hold 元 exactly.
    """
    if isinstance(value, float):
        raise ValidationError(f"金额 {value!r} 是浮点数，请以文本或 Decimal 提供。", code="float")
    text = str(value).strip().replace(",", "").replace("，", "")
    if text == "":
        return ZERO
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{value}”不是有效的金额。", code="invalid") from None
    if not amount.is_finite():
        raise ValidationError(f"“{value}”不是有效的金额。", code="invalid")
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
    return (amount * scale).quantize(CENT)


def functional_subject(final_account, code, *, item_only=True):
    """Return the functional subject `code` of the final account's edition, or raise ValidationError."""
    code = str(code).strip()
    subject = FunctionalSubject.objects.filter(edition=final_account.edition, code=code).first()
    if subject is None:
        raise ValidationError(
            f"科目编码 {code} 不在 {final_account.edition} 年版《政府收支分类科目》中。",
            code="unknown_subject",
        )
    if item_only and not subject.is_item:
        raise ValidationError(
            f"科目 {subject.code} {subject.name} 是{subject.level_name}级科目，此处需要项级科目（7 位编码）。",
            code="not_item",
        )
    return subject


def economic_subject(final_account, code):
    """Return the economic 款 `code` of the final account's edition, or raise ValidationError."""
    code = str(code).strip()
    subject = EconomicSubject.objects.filter(edition=final_account.edition, code=code).first()
    if subject is None:
        raise ValidationError(
            f"经济分类科目编码 {code} 不在 {final_account.edition} 年版科目中。", code="unknown_subject"
        )
    if not subject.is_section:
        raise ValidationError(
            f"经济分类科目 {subject.code} {subject.name} 是类级科目，此处需要款级科目（5 位编码）。",
            code="not_section",
        )
    return subject


def _choice(enum, value, label):
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(f"{label}“{value}”无效。", code="invalid_choice") from None


def ensure_editable(final_account):
    """Lock `final_account` (select_for_update) and return it, or raise ValidationError when it is locked."""
    fa = FinalAccount.objects.select_for_update().get(pk=final_account.pk)
    if fa.status not in EDITABLE_STATUSES:
        raise ValidationError(
            f"{fa} 状态为“{fa.get_status_display()}”，数据已锁定，不能修改。", code="locked"
        )
    return fa


def _record(final_account, field, old, new, by, reason):
    if str(old) == str(new):
        return
    FigureChange.objects.create(
        final_account=final_account,
        user=by,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        reason=reason,
    )


def _save_amount(model, final_account, lookup, amount, field, by, reason, value_field="amount"):
    """Create, update or (for zero) delete the fact identified by `lookup`, recording the change."""
    existing = model.objects.filter(final_account=final_account, **lookup).first()
    old = getattr(existing, value_field) if existing else ZERO
    if amount == ZERO:
        if existing:
            existing.delete()
    elif existing:
        setattr(existing, value_field, amount)
        existing.save(update_fields=[value_field])
    else:
        model.objects.create(final_account=final_account, **lookup, **{value_field: amount})
    _record(final_account, field, old, amount, by, reason)
    return amount


@transaction.atomic
def set_income(final_account, *, code, source, amount, by, unit="yuan", reason=""):
    """Set the income of item subject `code` from `source`; return the amount in 元."""
    source = _choice(IncomeSource, source, "收入来源")
    subject = functional_subject(final_account, code)
    amount = parse_amount(amount, unit=unit)
    fa = ensure_editable(final_account)
    field = f"收入 {subject.code} {subject.name} · {source.label}"
    return _save_amount(IncomeFact, fa, {"subject": subject, "source": source}, amount, field, by, reason)


@transaction.atomic
def set_expenditure(final_account, *, code, fund, kind, amount, by, unit="yuan", reason=""):
    """Set the expenditure of item subject `code` from `fund` of `kind`; return the amount in 元."""
    fund = _choice(Fund, fund, "资金性质")
    kind = _choice(ExpenditureKind, kind, "支出类型")
    subject = functional_subject(final_account, code)
    amount = parse_amount(amount, unit=unit)
    fa = ensure_editable(final_account)
    field = f"支出 {subject.code} {subject.name} · {fund.label} · {kind.label}"
    return _save_amount(
        ExpenditureFact, fa, {"subject": subject, "fund": fund, "kind": kind}, amount, field, by, reason
    )


@transaction.atomic
def set_balance(final_account, *, fund, opening, closing, by, code=None, unit="yuan", reason=""):
    """Set the opening and closing balance of `fund` (per item subject `code` where given)."""
    fund = _choice(Fund, fund, "资金性质")
    subject = functional_subject(final_account, code) if code else None
    opening = parse_amount(opening, unit=unit)
    closing = parse_amount(closing, unit=unit)
    fa = ensure_editable(final_account)
    label = f"结转和结余 {fund.label}" + (f" {subject.code} {subject.name}" if subject else "")
    existing = Balance.objects.filter(final_account=fa, fund=fund, subject=subject).first()
    old = (existing.opening, existing.closing) if existing else (ZERO, ZERO)
    if opening == ZERO and closing == ZERO:
        if existing:
            existing.delete()
    elif existing:
        existing.opening, existing.closing = opening, closing
        existing.save(update_fields=["opening", "closing"])
    else:
        Balance.objects.create(final_account=fa, fund=fund, subject=subject, opening=opening, closing=closing)
    _record(fa, f"{label} · 年初", old[0], opening, by, reason)
    _record(fa, f"{label} · 年末", old[1], closing, by, reason)
    return opening, closing


@transaction.atomic
def set_basic_detail(final_account, *, code, amount, by, unit="yuan", reason=""):
    """Set the 一般公共预算财政拨款基本支出 of economic 款 `code` (表6)."""
    subject = economic_subject(final_account, code)
    amount = parse_amount(amount, unit=unit)
    fa = ensure_editable(final_account)
    field = f"基本支出明细 {subject.code} {subject.name}"
    return _save_amount(BasicExpenditureDetail, fa, {"subject": subject}, amount, field, by, reason)


@transaction.atomic
def set_official_expense(final_account, *, item, budget, actual, by, unit="yuan", reason=""):
    """Set budget and actual of one 三公 item (表9)."""
    item = _choice(OfficialExpenseItem, item, "“三公”经费项目")
    budget = parse_amount(budget, unit=unit)
    actual = parse_amount(actual, unit=unit)
    fa = ensure_editable(final_account)
    existing = OfficialExpense.objects.filter(final_account=fa, item=item).first()
    old = (existing.budget, existing.actual) if existing else (ZERO, ZERO)
    if budget == ZERO and actual == ZERO:
        if existing:
            existing.delete()
    elif existing:
        existing.budget, existing.actual = budget, actual
        existing.save(update_fields=["budget", "actual"])
    else:
        OfficialExpense.objects.create(final_account=fa, item=item, budget=budget, actual=actual)
    _record(fa, f"“三公”经费 {item.label} · 预算数", old[0], budget, by, reason)
    _record(fa, f"“三公”经费 {item.label} · 决算数", old[1], actual, by, reason)
    return budget, actual


@transaction.atomic
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
    subject = functional_subject(final_account, code) if code else None
    new = None if amount is None else parse_amount(amount, unit=unit)
    fa = ensure_editable(final_account)
    existing = Budget.objects.filter(final_account=fa, kind=kind or "", subject=subject).first()
    old = existing.amount if existing else None
    if new is None:
        if existing:
            existing.delete()
    elif existing:
        existing.amount = new
        existing.save(update_fields=["amount"])
    else:
        Budget.objects.create(final_account=fa, kind=kind or "", subject=subject, amount=new)
    scope = f"{subject.code} {subject.name}" if subject else (kind.label if kind else "合计")
    _record(fa, f"年初预算 {scope}", old, new, by, reason)
    return new


@transaction.atomic
def set_stated_figure(final_account, *, key, amount, by, unit="yuan", reason=""):
    """Set an amount stated once per final account (机关运行经费, 政府采购 …)."""
    key = _choice(StatedFigureKey, key, "项目")
    amount = parse_amount(amount, unit=unit)
    fa = ensure_editable(final_account)
    existing = StatedFigure.objects.filter(final_account=fa, key=key).first()
    old = existing.amount if existing else None
    if existing:
        existing.amount = amount
        existing.save(update_fields=["amount"])
    else:
        StatedFigure.objects.create(final_account=fa, key=key, amount=amount)
    _record(fa, key.label, old, amount, by, reason)
    return amount


@transaction.atomic
def set_stated_count(final_account, *, key, count, by, reason=""):
    """Set a count stated once per final account (接待人次, 车辆数 …)."""
    key = _choice(StatedCountKey, key, "项目")
    try:
        count = int(str(count).strip())
    except ValueError:
        raise ValidationError(f"“{count}”不是有效的数量（须为整数）。", code="invalid") from None
    if count < 0:
        raise ValidationError(f"数量 {count} 不能为负数。", code="negative")
    fa = ensure_editable(final_account)
    existing = StatedCount.objects.filter(final_account=fa, key=key).first()
    old = existing.count if existing else None
    if existing:
        existing.count = count
        existing.save(update_fields=["count"])
    else:
        StatedCount.objects.create(final_account=fa, key=key, count=count)
    _record(fa, key.label, old, count, by, reason)
    return count


@transaction.atomic
def set_prior_year_figure(final_account, *, key, amount, source, by, unit="yuan", reason=""):
    """Set last year's value of a named figure, with where it was read."""
    key = _choice(NamedFigure, key, "指标")
    amount = parse_amount(amount, unit=unit)
    if not str(source).strip():
        raise ValidationError(f"请注明上年数“{key.label}”的来源。", code="source_required")
    fa = ensure_editable(final_account)
    existing = PriorYearFigure.objects.filter(final_account=fa, key=key).first()
    old = existing.amount if existing else None
    if existing:
        existing.amount, existing.source = amount, source
        existing.save(update_fields=["amount", "source"])
    else:
        PriorYearFigure.objects.create(final_account=fa, key=key, amount=amount, source=source)
    _record(fa, f"上年数 {key.label}", old, amount, by, reason)
    return amount


@transaction.atomic
def set_free_text(final_account, *, key, text, by, code=None, reason=""):
    """Set a free text of the disclosure (per subject for the per-subject keys)."""
    key = _choice(FreeTextKey, key, "文字说明位置")
    subject = functional_subject(final_account, code, item_only=False) if code else None
    text = str(text).strip()
    fa = ensure_editable(final_account)
    existing = FreeText.objects.filter(final_account=fa, key=key, subject=subject).first()
    old = existing.text if existing else ""
    if not text:
        if existing:
            existing.delete()
    elif existing:
        existing.text = text
        existing.save(update_fields=["text"])
    else:
        FreeText.objects.create(final_account=fa, key=key, subject=subject, text=text)
    label = f"文字说明 {key.label}" + (f" {subject.code} {subject.name}" if subject else "")
    _record(fa, label, old, text, by, reason)
    return text
