"""The import page takes a published disclosure PDF as it takes a workbook: preview, then apply."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import PrintedCell
from accounts.statements import load_facts
from tests.builders import make_accountant

from .conftest import render


@pytest.mark.slow
def test_the_import_page_previews_and_applies_a_published_pdf(client, draft, demo):
    client.force_login(make_accountant(draft.department))
    upload = SimpleUploadedFile("区人社局2022年度部门决算.pdf", render(demo), content_type="application/pdf")
    response = client.post("/import/dongxihu/import/2022/", {"workbook": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.errors, len(result.figures), len(result.printed_texts)) == ([], 775, 13)
    response = client.post(
        "/import/dongxihu/import/2022/apply/", {"preview": response.context["preview_token"]}
    )
    assert response.status_code == 302
    assert PrintedCell.objects.filter(final_account=draft).count() == 775
    facts = load_facts(draft)
    assert facts.income[("2050399", "general_budget")] == Decimal("3950000.00")
    assert facts.income == load_facts(demo).income
