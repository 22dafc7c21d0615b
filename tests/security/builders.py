"""Builders of published final accounts for the security and reliability tests."""

import datetime

from accounts import editing, workflow
from tests.builders import fill_required_content

SIGN_OFF = {"head_name": "张局长", "head_signed_on": datetime.date(2023, 3, 1)}


def fill_clean(final_account):
    """Figures that every rule passes: one item subject, its budget, its 表6 detail, and the content the
    format requires (as tests/accounts/workflow)."""
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000.00", by=None)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000.00", by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount="1000.00", by=None)
    editing.set_budget(final_account, amount="1000.00", by=None)
    editing.set_budget(final_account, code="2080101", amount="1000.00", by=None)
    fill_required_content(final_account)


def publish(final_account, *, accountant, reviewer):
    """Take a clean final account from draft to published; return its PublishedVersion."""
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    return workflow.publish(final_account, by=reviewer)
