import io

import pytest
from django.core.management import call_command

from accounts.models import FinalAccount


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)
