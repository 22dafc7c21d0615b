import io

import pytest
from django.core.management import call_command

from accounts import editing
from accounts.models import FinalAccount
from tests.performance.builders import make_scored_project


@pytest.fixture
def demo(db):
    """The reference disclosure loaded as a draft, with its twelve self-evaluations."""
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


@pytest.fixture
def project(final_account):
    """The project table “职业培训” that every rule passes, covered by 表5."""
    # 350 万元 of 项目支出 in 表5, so that the project's 80 万元 are covered (R41.2).
    editing.set_expenditure(
        final_account,
        code="2080101",
        fund="general_budget",
        kind="project",
        amount="350",
        by=None,
        unit="wanyuan",
    )
    return make_scored_project(final_account)
