"""How a typed amount or count is read before editing parses it: the one input policy of the grids.

Full-width digits (what a Chinese input method types: “１２３４５”) are taken as ASCII digits, with a
note the grid shows beside the cell, so that nothing is changed silently. An exponent (“1e5”), an
underscore (“1_000”, which Python's Decimal would accept) or digits of another script are refused
with a Chinese message: a figure copied from somewhere unexpected is shown, never guessed at.
"""

import re

from django.core.exceptions import ValidationError

FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－\u3000", "0123456789.,- ")


def read_amount_text(text):
    """Return (text with ASCII digits, note) for a typed amount or count, or raise ValidationError.

    The note is "" unless full-width characters were converted. The returned text still carries its
    separators: accounts.editing parses it (and refuses anything else that is not a number).
    """
    raw = "" if text is None else str(text)
    converted = raw.translate(FULL_WIDTH)
    note = f"已将全角字符“{raw.strip()}”转换为“{converted.strip()}”。" if converted != raw else ""
    stripped = converted.strip()
    if stripped == "":
        return "", note
    if re.search(r"[eE]", stripped):
        raise ValidationError(f"“{raw.strip()}”含科学计数法，请输入完整的数字。", code="exponent")
    if "_" in stripped:
        raise ValidationError(f"“{raw.strip()}”含下划线，请只用数字、逗号和小数点。", code="underscore")
    if any(ch.isdigit() and not ch.isascii() for ch in stripped):
        raise ValidationError(f"“{raw.strip()}”含非阿拉伯数字，请用 0–9 输入。", code="script")
    return stripped, note
