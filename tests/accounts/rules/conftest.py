import io

import pytest
from django.core.management import call_command

from accounts.models import FinalAccount

from .builders import fill_consistent


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


@pytest.fixture
def consistent(final_account):
    """A small draft final account (entered in 元 provenance) that every rule passes."""
    return fill_consistent(final_account)
