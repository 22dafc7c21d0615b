"""Display of amounts: the only place where 元 become 万元, get rounded, separated or turned into text.

Facts and every computation stay in exact 元. Each displayed 万元 cell is rounded half-up on its own, so a
displayed total can differ by 0.01 from the sum of its displayed parts (the official note
“本套报表金额单位转换时可能存在尾数误差” says so under the tables).
"""

from decimal import ROUND_HALF_UP, Decimal

TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0")


def to_wanyuan(yuan):
    """Return the 万元 figure of an amount in 元, rounded half-up to two decimals."""
    return (Decimal(yuan) / TEN_THOUSAND).quantize(CENT, rounding=ROUND_HALF_UP)


def table_amount(yuan):
    """Return a table cell: 万元 with thousands separators and two decimals; blank for zero.

    The official tables leave zero cells blank.
    """
    if yuan is None or yuan == ZERO:
        return ""
    return f"{to_wanyuan(yuan):,.2f}"


def sentence_amount(yuan):
    """Return an amount for a sentence: 万元 with two decimals and no separators (“12931.31”)."""
    return f"{to_wanyuan(yuan or ZERO):.2f}"


def ratio_percent(ratio):
    """Return a ratio (0.1271) as a percentage with two decimals (“12.71%”)."""
    return f"{(Decimal(ratio) * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP):.2f}%"


def share_percent(part, whole):
    """Return part/whole as a percentage with two decimals, or None when the whole is zero."""
    if not whole:
        return None
    return ratio_percent(Decimal(part) / Decimal(whole))


def exact_yuan(yuan):
    """Return an amount in 元 for a data file: two decimals, no separators (“6000.00”).

    SQLite returns a sum without its scale (6000 for 6000.00); PostgreSQL keeps it. Both print alike.
    """
    return f"{Decimal(yuan).quantize(CENT, rounding=ROUND_HALF_UP):f}"


def yuan_amount(yuan):
    """Return an amount in 元 with thousands separators and two decimals (“16,734,300.00”)."""
    return f"{Decimal(yuan or ZERO):,.2f}"


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number):
    """Return 1–99 in Chinese numerals as the tables number their rows (一, 十, 十一, 二十六)."""
    if not 0 < number < 100:
        raise ValueError(f"{number} is outside 1–99")
    tens, ones = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十"
    if ones:
        text += CHINESE_DIGITS[ones]
    return text
