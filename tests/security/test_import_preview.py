"""Import confirm is bound to the preview: a stale or foreign preview is refused, never applied.

Before: preview X, upload Y in another tab, confirm the first, and Y was applied (the session named
only the latest upload). Unapplied uploads stayed in media/imports/ for ever.
"""

import io
import os
import time
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from accounts.models import IncomeFact
from accounts.statements import load_facts
from tests.accounts.importing.conftest import REFERENCE_WORKBOOK
from tests.accounts.importing.workbooks import edited
from tests.builders import make_accountant

UPLOAD_URL = "/import/dongxihu/hrss/2022/"
APPLY_URL = "/import/dongxihu/hrss/2022/apply/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STALE = "这份预览已失效（之后又上传了其他工作簿，或已导入、已过期），未导入任何数据。请重新上传。"


def upload(client, data):
    return client.post(UPLOAD_URL, {"workbook": SimpleUploadedFile("book.xlsx", data, content_type=XLSX)})


def doubled_income(workbook):
    """The reference workbook with 表1's first income figure changed (a second, different upload)."""
    sheet = workbook["表1"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == 16734300 or cell.value == 1673.43:
                cell.value = cell.value * 2
                return


@pytest.fixture
def signed_in(client, accountant, final_account):
    client.force_login(accountant)
    return client


def test_confirming_a_preview_after_another_upload_applies_nothing(signed_in, final_account):
    first = upload(signed_in, REFERENCE_WORKBOOK.read_bytes())
    token_of_first = first.context["preview_token"]
    second = upload(signed_in, edited(doubled_income))  # another tab
    assert second.context["preview_token"] != token_of_first
    response = signed_in.post(APPLY_URL, {"preview": token_of_first})
    assert (response.status_code, response.url) == (302, UPLOAD_URL)
    assert [str(m) for m in response.wsgi_request._messages] == [STALE]
    assert not IncomeFact.objects.filter(final_account=final_account).exists()
    # The preview shown last is the one that applies.
    assert signed_in.post(APPLY_URL, {"preview": second.context["preview_token"]}).status_code == 302
    assert IncomeFact.objects.filter(final_account=final_account).exists()


def test_a_confirm_without_a_token_or_with_a_forged_one_applies_nothing(signed_in, final_account):
    token = upload(signed_in, REFERENCE_WORKBOOK.read_bytes()).context["preview_token"]
    for posted in ({}, {"preview": token[:-2] + "xx"}, {"preview": "e30:forged:token"}):
        assert signed_in.post(APPLY_URL, posted).url == UPLOAD_URL
    assert not IncomeFact.objects.filter(final_account=final_account).exists()
    signed_in.post(APPLY_URL, {"preview": token})
    assert load_facts(final_account).income[("2080101", "general_budget")] == Decimal("16734300.00")


def test_a_preview_of_another_user_is_refused(signed_in, final_account, department):
    token = upload(signed_in, REFERENCE_WORKBOOK.read_bytes()).context["preview_token"]
    colleague = Client()
    colleague.force_login(make_accountant(department, username="colleague"))
    upload(colleague, edited(doubled_income))
    assert colleague.post(APPLY_URL, {"preview": token}).url == UPLOAD_URL
    assert not IncomeFact.objects.filter(final_account=final_account).exists()


def test_a_stored_upload_altered_after_its_preview_is_refused(signed_in, final_account):
    token = upload(signed_in, REFERENCE_WORKBOOK.read_bytes()).context["preview_token"]
    name = signed_in.session[f"import-upload-{final_account.pk}"]["name"]
    with default_storage.open(name, "wb") as handle:
        handle.write(edited(doubled_income))
    assert signed_in.post(APPLY_URL, {"preview": token}).url == UPLOAD_URL
    assert not IncomeFact.objects.filter(final_account=final_account).exists()


def test_unapplied_uploads_are_removed_after_a_day(signed_in, final_account):
    upload(signed_in, REFERENCE_WORKBOOK.read_bytes())
    [recent] = default_storage.listdir("imports")[1]
    two_days_ago = time.time() - 2 * 24 * 3600
    for orphan in ("imports/closed-tab.xlsx", "imports/expired-session.xlsx"):
        default_storage.save(orphan, SimpleUploadedFile("o", b"x"))
        os.utime(default_storage.path(orphan), (two_days_ago, two_days_ago))
    output = io.StringIO()
    call_command("remove_stale_imports", stdout=output)
    assert output.getvalue() == "已删除 2 个超过 24 小时未导入的工作簿。\n"
    assert default_storage.listdir("imports")[1] == [recent]
