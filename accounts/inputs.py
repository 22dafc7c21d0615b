"""The one input policy: which characters and which amounts the site accepts, wherever they enter.

Forms, JSON bodies, workbooks and query strings all pass through here (the middleware
`config.middleware.InputPolicyMiddleware` for query strings and bodies, `editing.parse_value` for every
figure and text that is saved), so that a value refused in one place is refused in all of them.

Text: control characters are refused (NUL would reach PostgreSQL, which refuses it with a 500; the
others are invisible and have no place in a disclosure). Tab, line feed and carriage return are
allowed: they are how a multi-line text is typed. Each kind of text has a length limit
(`TEXT_LIMITS`), shown in the form (maxlength) and enforced here.

Amounts: ASCII digits, thousands separators and one decimal point, with a sign. Full-width digits (what
a Chinese input method types) are converted, with a note the screen shows. Exponents, `_`, digits of
other scripts, NaN and infinities, and values beyond what a DecimalField(18, 2) holds are refused with a
Chinese message; −0 is 0.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Length limits per kind of text, in characters. The longest free text of the reference disclosure
# (the main functions of a department) is about 1,500 characters; the limits leave room several times
# over while keeping a page's render to a fraction of a second.
TEXT_LIMITS = {
    "free_text": 10_000,  # the texts of 情况说明 (main functions, reasons, explanations)
    "reason": 2_000,  # reasons for a return, an approval, a correction; review comments
    "query": 1_000,  # each value of a query string (search boxes, filters, `next`)
    "short": 200,  # names and other one-line texts
}

# What an amount may hold once full-width characters are converted and separators removed.
AMOUNT_PATTERN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
# What a Chinese input method types for an amount: full-width digits, point, separator, signs, space.
FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋\u3000", "0123456789.,-+ ")
FULL_WIDTH_DIGITS = re.compile("[０-９]")
SEPARATORS = re.compile("[,，]")
GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]*)?", re.ASCII)
# A DecimalField(max_digits=18, decimal_places=2) holds 16 digits before the point; 万元 with six
# decimals needs 12. A longer text is refused before Decimal sees it (no decimal.Overflow, no
# quadratic work on a million digits).
MAX_INTEGER_DIGITS = 16
MAX_AMOUNT_CHARACTERS = 40


def refused_character(text):
    """Return the first control character in `text` (a str), or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.group() if match else None


def character_message(character):
    return f"输入中含有不允许的控制字符（U+{ord(character):04X}），请删除后重试。"


def check_text(text, *, kind="free_text", label="文字"):
    """Return `text` unchanged, or raise ValidationError (a control character, or longer than its kind allows)."""
    character = refused_character(text)
    if character is not None:
        raise ValidationError(f"{label}：{character_message(character)}", code="control_character")
    limit = TEXT_LIMITS[kind]
    if len(text) > limit:
        raise ValidationError(
            f"{label}共 {len(text)} 字，超过上限 {limit} 字，请精简后重试。",
            code="too_long",
            params={"limit": limit},
        )
    return text


def _refuse_foreign_notation(shown, text):
    """Refuse, naming what is wrong, the notations Python would read but a typed amount never has."""
    if re.search(r"[0-9.][eE]", text):
        raise ValidationError(f"金额“{shown}”含科学计数法，请输入完整的数字。", code="exponent")
    if "_" in text:
        raise ValidationError(f"金额“{shown}”含下划线，请只用数字、逗号和小数点。", code="underscore")
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise ValidationError(f"金额“{shown}”含非阿拉伯数字，请用 0–9 输入。", code="script")


def parse_amount(value):
    """Return (Decimal, note) for an amount typed or read from a workbook; (None, "") for a blank.

    `note` is "" unless the text was converted (full-width digits); then it says how it was read. The
    Decimal is the value as written (no unit applied, no rounding), never −0. Raises ValidationError
    with a Chinese message for anything else.
    """
    if value is None:
        return None, ""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError(f"金额 {value!r} 不是有效的数值，请以文本或 Decimal 提供。", code="invalid")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValidationError(f"“{value}”不是有效的金额。", code="invalid")
        return _in_range(value, str(value)), ""
    raw = str(value)
    text = raw.strip()
    if text == "":
        return None, ""
    if len(text) > MAX_AMOUNT_CHARACTERS:
        raise ValidationError(f"金额“{text[:20]}…”过长，不是有效的金额。", code="too_large")
    note = ""
    if FULL_WIDTH_DIGITS.search(text):
        converted = text.translate(FULL_WIDTH)
        note = f"全角数字“{text}”已按“{converted}”读取。"
        text = converted
    else:
        text = text.translate(FULL_WIDTH)
    _refuse_foreign_notation(raw.strip(), text)
    # Separators only between groups of three digits before the point: “1234,56” (a decimal comma)
    # or “1,2,3” is a typing error, not 123456 or 123.
    if SEPARATORS.search(text) and not GROUPED.fullmatch(text):
        raise ValidationError(f"“{raw.strip()}”不是有效的金额。", code="invalid")
    plain = SEPARATORS.sub("", text)
    if not AMOUNT_PATTERN.fullmatch(plain):
        raise ValidationError(f"“{raw.strip()}”不是有效的金额。", code="invalid")
    integer_digits = plain.lstrip("+-").split(".")[0].lstrip("0")
    if len(integer_digits) > MAX_INTEGER_DIGITS:
        raise ValidationError(f"金额 {raw.strip()} 超出可存储的范围。", code="too_large")
    return _in_range(Decimal(plain), raw.strip()), note


def _in_range(amount, shown):
    # adjusted() is the exponent of the leading digit: 16 digits before the point is 15.
    if amount and amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise ValidationError(f"金额 {shown} 超出可存储的范围。", code="too_large")
    if amount.as_tuple().exponent < -MAX_AMOUNT_CHARACTERS:
        raise ValidationError(f"金额 {shown} 的小数位过多。", code="too_many_decimals")
    return amount.copy_abs() if amount == 0 else amount


class DecimalField(forms.DecimalField):
    """Django's DecimalField under this policy, for numbers that are not 元 amounts (scores, targets).

    Decimal() alone takes “1_000”, “1e3” and digits of every script (“١٢٣”); this field reads the text
    with parse_amount first (full-width digits converted), then applies DecimalField's own checks.
    """

    def to_python(self, value):
        if isinstance(value, str) and value.strip() not in self.empty_values:
            value, _note = parse_amount(value)
        return super().to_python(value)
