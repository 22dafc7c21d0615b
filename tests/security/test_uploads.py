"""Upload size and type limits on the view path: the import page and the JSON and form endpoints.

The importer's own limits (tests/accounts/importing/test_hostile_workbooks.py) are checked here through
the upload page as a browser sends them; so are Django's limits on request bodies and field counts,
which must answer 400, never 500.
"""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import editing
from accounts.importing import MAX_FILE_BYTES
from accounts.models import FigureChange, FinalAccount
from accounts.statements import load_facts

UPLOAD_URL = "/import/dongxihu/hrss/2022/"
APPLY_URL = "/import/dongxihu/hrss/2022/apply/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def signed_in(client, accountant, final_account):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100.00", by=None)
    client.force_login(accountant)
    return client


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def unchanged(final_account):
    return (
        load_facts(final_account).income == {("2080101", "general_budget"): Decimal("100.00")}
        and FigureChange.objects.filter(final_account=final_account).count() == 1
    )


def errors_of(response):
    return [str(problem) for problem in response.context["result"].errors]


def test_a_page_disguised_as_a_workbook_is_refused_and_cannot_be_applied(
    signed_in, final_account, media_root
):
    disguised = SimpleUploadedFile(
        "tables.xlsx", b"<html><script>alert(1)</script></html>", content_type=XLSX
    )
    response = signed_in.post(UPLOAD_URL, {"workbook": disguised})
    assert errors_of(response) == [
        "文件不是 .xlsx 工作簿（Excel 2007 及以后的格式）。旧版 .xls、CSV 或加密的工作簿请另存为 .xlsx 后导入。"
    ]
    assert APPLY_URL not in response.content.decode()
    assert signed_in.post(APPLY_URL, {"preview": response.context["preview_token"]}).status_code == 400
    assert unchanged(final_account) is True


def test_a_zip_bomb_is_refused_through_the_upload_page(signed_in, final_account):
    bomb = zipped({"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (30 * 1024 * 1024)})
    response = signed_in.post(
        UPLOAD_URL, {"workbook": SimpleUploadedFile("bomb.xlsx", bomb, content_type=XLSX)}
    )
    assert errors_of(response) == ["工作簿解压后共 30.0 MB，超过上限 10 MB，可能是压缩炸弹，已拒绝。"]
    assert unchanged(final_account) is True


def test_an_upload_far_over_the_limit_is_stopped_and_nothing_is_stored(signed_in, final_account, media_root):
    huge = SimpleUploadedFile("huge.xlsx", b"PK" + b"\0" * (3 * MAX_FILE_BYTES), content_type=XLSX)
    response = signed_in.post(UPLOAD_URL, {"workbook": huge})
    body_size = int(response.wsgi_request.META["CONTENT_LENGTH"])
    assert (response.status_code, body_size > 3 * MAX_FILE_BYTES) == (400, True)
    assert response.context["form"].errors == {
        "workbook": [f"文件大小 {body_size / 1024 / 1024:.1f} MB 超过上限 5 MB。"]
    }
    assert (sorted(media_root.rglob("*")) if media_root.exists() else []) == []
    assert unchanged(final_account) is True


def test_an_upload_into_a_submitted_final_account_is_refused(signed_in, final_account):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    workbook = SimpleUploadedFile(
        "tables.xlsx", zipped({"xl/workbook.xml": "<workbook/>"}), content_type=XLSX
    )
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook})
    assert errors_of(response) == ["2022年度区人社局部门决算 状态为“已报送”，数据已锁定，不能导入。"]


def test_a_request_body_over_the_limit_is_a_400_not_a_500(signed_in, final_account):
    body = json.dumps({"screen": "income", "cells": [{"name": "x" * 1000}] * 6000})
    assert len(body) > 5 * 1024 * 1024
    response = signed_in.post("/entry/dongxihu/hrss/2022/save/", body, content_type="application/json")
    assert response.status_code == 400
    assert unchanged(final_account) is True


def test_a_form_with_too_many_fields_is_a_400_not_a_500(signed_in, final_account):
    response = signed_in.post("/review/dongxihu/hrss/2022/comment/", {f"field{n}": "x" for n in range(1001)})
    assert response.status_code == 400
    assert final_account.comments.count() == 0
