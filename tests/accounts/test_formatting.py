from decimal import Decimal

import pytest

from accounts import formatting


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (Decimal("123419900.00"), "12,341.99"),
        (Decimal("5893200.00"), "589.32"),
        (Decimal("3500.00"), "0.35"),
        (Decimal("49.99"), "0.00"),  # not zero, so not blank: rounds down to 0.00
        (Decimal("50.00"), "0.01"),  # half-up
        (Decimal("0.00"), ""),  # the official tables leave zero cells blank
        (None, ""),
    ],
)
def test_table_amount(yuan, shown):
    assert formatting.table_amount(yuan) == shown


def test_sentence_amount_has_two_decimals_and_no_separators():
    assert formatting.sentence_amount(Decimal("129313100.00")) == "12931.31"
    assert formatting.sentence_amount(Decimal("3950000.00")) == "395.00"
    assert formatting.sentence_amount(Decimal("0")) == "0.00"


def test_each_cell_is_rounded_on_its_own():
    parts = [Decimal("50.00"), Decimal("50.00")]  # 0.005 万元 each
    assert [formatting.table_amount(p) for p in parts] == ["0.01", "0.01"]
    assert formatting.table_amount(sum(parts)) == "0.01"


def test_percentages_have_two_decimals():
    assert formatting.share_percent(Decimal("15686000.00"), Decimal("123419900.00")) == "12.71%"
    assert formatting.share_percent(Decimal("1"), Decimal("3")) == "33.33%"
    assert formatting.share_percent(Decimal("1"), Decimal("0")) is None
    assert formatting.ratio_percent(Decimal("1")) == "100.00%"


@pytest.mark.parametrize(
    ("number", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (26, "二十六")]
)
def test_chinese_numerals(number, text):
    assert formatting.chinese_numeral(number) == text
