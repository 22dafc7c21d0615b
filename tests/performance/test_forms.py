"""The amounts of the self-evaluation form follow the grids' input policy."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from performance.forms import AmountField


def test_full_width_digits_are_read_as_digits():
    assert AmountField(unit="wanyuan").clean("４．８３６") == Decimal("48360.00")


def test_an_exponent_is_refused():
    with pytest.raises(ValidationError) as error:
        AmountField(unit="yuan").clean("1e5")
    assert error.value.messages == ["金额“1e5”含科学计数法，请输入完整的数字。"]
