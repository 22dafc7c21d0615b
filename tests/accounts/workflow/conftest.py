import datetime

import pytest

from accounts import editing
from tests.builders import fill_required_content


@pytest.fixture
def clean_account(final_account):
    """A small final account that every rule passes: one item subject, its budget, its 表6 detail, and the
    content its format requires (texts, the department-wide self-evaluation)."""
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000.00", by=None)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000.00", by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount="1000.00", by=None)
    editing.set_budget(final_account, amount="1000.00", by=None)
    editing.set_budget(final_account, code="2080101", amount="1000.00", by=None)
    return fill_required_content(final_account)


SIGN_OFF = {"head_name": "张局长", "head_signed_on": datetime.date(2023, 3, 1)}
