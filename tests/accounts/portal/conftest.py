import io

import pytest
from django.core.management import call_command

from accounts import editing, workflow
from accounts.models import FinalAccount
from accounts.open_data.caching import clear_caches
from tests.accounts.workflow.conftest import SIGN_OFF
from tests.builders import (
    fill_required_content,
    make_accountant,
    make_bureau,
    make_department,
    make_final_account,
    make_reviewer,
)


@pytest.fixture(autouse=True)
def forget_cached_pages():
    # Rendered pages and verified files are kept in memory per process, keyed by content hashes
    # that repeat from test to test: each test starts without them.
    clear_caches()
    yield
    clear_caches()


def enter_clean_figures(final_account, amount, *, code="2080101"):
    """Enter a small final account that every rule passes: one item subject spent in full as budgeted."""
    editing.set_income(final_account, code=code, source="general_budget", amount=amount, by=None)
    editing.set_expenditure(
        final_account, code=code, fund="general_budget", kind="basic", amount=amount, by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount=amount, by=None)
    editing.set_budget(final_account, amount=amount, by=None)
    editing.set_budget(final_account, code=code, amount=amount, by=None)
    return final_account


def publish(final_account):
    """Take a draft through submission, approval and publication; return the PublishedVersion.

    The content the format requires (texts, the department-wide self-evaluation) is written first.
    """
    fill_required_content(final_account)
    bureau = final_account.department.bureau
    accountant = make_accountant(
        final_account.department, f"accountant-{final_account.department.slug}-{final_account.pk}"
    )
    reviewer = make_reviewer(bureau, f"reviewer-{bureau.slug}-{final_account.pk}")
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    return workflow.publish(final_account, by=reviewer)


# Three departments of 东西湖区财政局, with figures that tell them apart when summed.
DEPARTMENTS = [
    ("hrss", "武汉市东西湖区人力资源和社会保障局", "区人社局", "1000.00", "2080101"),
    ("finance", "武汉市东西湖区财政局机关", "财政局机关", "2000.00", "2010601"),
    ("health", "武汉市东西湖区卫生健康局", "区卫健局", "3000.00", "2080101"),
]


def published_departments(bureau, count):
    """Publish the first `count` of DEPARTMENTS under `bureau`; return their PublishedVersions."""
    versions = []
    for slug, name, short_name, amount, code in DEPARTMENTS[:count]:
        department = make_department(bureau, slug=slug, name=name, short_name=short_name)
        versions.append(publish(enter_clean_figures(make_final_account(department), amount, code=code)))
    return versions


@pytest.fixture
def city(db):
    return make_bureau(slug="wuhan", name="武汉市财政局")


@pytest.fixture
def district(city):
    return make_bureau(slug="dongxihu", name="东西湖区财政局", parent=city)


@pytest.fixture
def demo(db):
    """The demo's 2022 final account of 区人社局, published as version 1 (renders its PDF: seconds)."""
    call_command("load_demo", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)
