import io

import pytest
from django.core.management import call_command

from accounts.document import build_document, pdf
from accounts.models import FinalAccount


def render(final_account):
    """The PDF the product renders for `final_account` (through the run's cache of rendered PDFs)."""
    return pdf.render_pdf(build_document(final_account), draft=not final_account.is_published)


def editable(final_account):
    """Let an import into `final_account` be prepared whatever its status (its figures stay as they are)."""
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.DRAFT)
    final_account.refresh_from_db()
    return final_account


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau", "report_format").get(
        department__slug="hrss", year=2022
    )


from tests.accounts.importing.conftest import draft, reference_workbook  # noqa: E402, F401 — fixtures
