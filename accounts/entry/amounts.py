"""How a typed amount or count is read before editing parses it: the one input policy of the grids.

Full-width digits (what a Chinese input method types: “１２３４５”) are taken as ASCII digits, with a
note the grid shows beside the cell, so that nothing is changed silently. An exponent (“1e5”), an
underscore (“1_000”, which Python's Decimal would accept) or digits of another script are refused
with a Chinese message: a figure copied from somewhere unexpected is shown, never guessed at.
"""

from .. import inputs


def read_amount_text(text):
    """Return (text with ASCII digits, note) for a typed amount or count, or raise ValidationError.

    The note is "" unless full-width characters were converted. The returned text still carries its
    separators: accounts.editing parses it (and refuses anything else that is not a number).
    """
    raw = "" if text is None else str(text)
    converted = raw.translate(inputs.FULL_WIDTH)
    note = f"已将全角字符“{raw.strip()}”转换为“{converted.strip()}”。" if converted != raw else ""
    stripped = converted.strip()
    if stripped == "":
        return "", note
    # The one input policy decides what is an amount (accounts.inputs): exponents, underscores, other
    # scripts, misplaced separators and out-of-range values are refused there, with its message.
    inputs.parse_amount(stripped)
    return stripped, note
