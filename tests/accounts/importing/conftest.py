import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.models import FinalAccount
from tests.builders import make_department, make_final_account

REFERENCE_WORKBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "reference-2022-dongxihu-hrss.xlsx"


@pytest.fixture
def reference_workbook():
    """The reference disclosure's nine tables as printed (tests/fixtures/make_reference_workbook.py)."""
    return REFERENCE_WORKBOOK.read_bytes()


@pytest.fixture
def draft(bureau):
    """A draft final account of a department other than the demo's, so that load_demo can run beside it."""
    return make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )


@pytest.fixture
def demo_published(db):
    """The demo's final account, published as version 1 (its PDF rendered once per test run)."""
    call_command("load_demo", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)
