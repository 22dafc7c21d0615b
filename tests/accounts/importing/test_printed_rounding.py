"""Totals printed in 万元 may fall short of the sum of their printed parts by rounding alone."""

from decimal import Decimal

import pytest

from accounts.importing import prepare_import

from .workbooks import edited

pytestmark = pytest.mark.django_db


def opening_balance(amount):
    """The reference workbook with 表1's 年初结转和结余 printed as `amount` 万元 (表4 prints 134.47 财政拨款)."""

    def edit(workbook):
        workbook["表1"]["C34"] = amount

    return edited(edit)


def test_a_total_short_of_its_parts_by_rounding_leaves_nothing_else(draft):
    """134.46 against 134.47 of 财政拨款: two cells rounded to 0.01 万元 may be 100 元 apart."""
    result = prepare_import(draft, opening_balance(134.46))
    assert result.errors == []
    opening, closing = result.facts.balances[("non_appropriation", "")]
    assert (opening, closing) == (Decimal("0.00"), Decimal("4548500.00"))


def test_a_total_short_of_its_parts_beyond_rounding_is_refused(draft):
    result = prepare_import(draft, opening_balance(134.40))
    assert [str(problem) for problem in result.errors] == [
        "年初结转和结余：表1/行29/栏1（工作表“表1” C34） 为 134.40 万元，小于财政拨款年初结转和结余（表4、表7）134.47 万元，"
        "其他资金年初结转和结余将为负数。"
    ]
