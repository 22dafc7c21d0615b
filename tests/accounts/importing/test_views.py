"""The import pages: upload, preview, apply, template download; only the department's accountants get in."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from accounts.importing import MAX_FILE_BYTES
from accounts.models import FigureChange, FunctionalSubject, IncomeFact
from accounts.statements import load_facts

from .test_layouts import renamed_subject
from .workbooks import edited

UPLOAD_URL = "/import/dongxihu/hrss/2022/"
PREVIEW_URL = "/import/dongxihu/hrss/2022/preview/"
APPLY_URL = "/import/dongxihu/hrss/2022/apply/"
FINDINGS_URL = "/review/dongxihu/hrss/2022/findings/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_file(data, name="reference.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


@pytest.fixture
def signed_in(client, accountant, final_account):
    client.force_login(accountant)
    return client


def test_the_upload_page_offers_the_form_and_the_template(signed_in):
    response = signed_in.get(UPLOAD_URL)
    assert response.status_code == 200
    assert response.context["form"].fields["workbook"].label == "工作簿（.xlsx）或公开的 PDF（.pdf）"
    assert response.context["template_url"] == "/import/template-2022.xlsx"


def test_uploading_previews_the_changes_and_findings_and_saves_nothing(
    signed_in, final_account, reference_workbook
):
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(reference_workbook)})
    assert response.status_code == 200
    assert response.context["result"].errors == []
    assert len(response.context["changes"]) == 73
    assert response.context["changes"][0].field == "收入/2050399 其他职业教育支出/一般公共预算财政拨款收入"
    assert (response.context["changes"][0].old, response.context["changes"][0].new) == (
        "0.00",
        "3,950,000.00",
    )
    rows = [
        (row.finding.rule_id, row.cells)
        for row in response.context["findings"]
        if row.finding.rule_id == "I2"
    ]
    assert rows == [("I2", "表2/2210202")]
    assert "表2 科目 2210202 印制为“房租补贴”" in response.content.decode()
    assert IncomeFact.objects.filter(final_account=final_account).count() == 0


def test_applying_imports_the_uploaded_workbook(signed_in, final_account, accountant, reference_workbook):
    uploaded = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(reference_workbook)})
    token = {"preview": uploaded.context["preview_token"]}
    response = signed_in.post(APPLY_URL, token, follow=True)
    # The findings (the reference leaves errors in this account), not the public address (a 404 before
    # publication), saying what changed.
    assert response.redirect_chain == [(FINDINGS_URL, 302)]
    assert response.status_code == 200
    message = str(next(iter(response.context["messages"])))
    assert message.startswith(
        "已从“reference.xlsx”导入 2022年度区人社局部门决算，数据变动等 72 项（元）："
        "收入/2050399 其他职业教育支出/一般公共预算财政拨款收入：0.00 → 3,950,000.00；"
    )
    # The workbook's one error, and the content the format requires beside the tables (3 texts, C1;
    # the department-wide self-evaluation, C3).
    assert message.endswith("审核发现 5 个错误，请逐条处理。")
    assert load_facts(final_account).income[("2080101", "general_budget")] == Decimal("16734300.00")
    assert FigureChange.objects.filter(final_account=final_account, user=accountant).count() == 73
    assert signed_in.post(APPLY_URL, token).url == UPLOAD_URL  # the stored upload is used once


def test_a_workbook_with_errors_shows_them_and_offers_no_apply(signed_in, final_account):
    broken = edited(lambda workbook: workbook.remove(workbook["表9"]))
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(broken)})
    assert [str(e) for e in response.context["result"].errors] == [
        "缺少表9 财政拨款“三公”经费支出决算表：没有哪张工作表的标题是它。"
    ]
    assert APPLY_URL not in response.content.decode()
    assert signed_in.post(APPLY_URL).url == UPLOAD_URL  # no previewed upload to apply
    assert IncomeFact.objects.filter(final_account=final_account).count() == 0


def test_an_oversized_upload_is_refused_by_the_form(signed_in, final_account):
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(b"PK" + b"\0" * MAX_FILE_BYTES)})
    assert response.status_code == 400
    assert response.context["form"].errors == {"workbook": ["文件大小 5.0 MB 超过上限 5 MB。"]}


def test_a_file_that_is_not_xlsx_or_pdf_is_refused_by_the_form(signed_in):
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(b"a,b\n1,2\n", name="tables.csv")})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "workbook": ["请上传 .xlsx 工作簿（Excel 2007 及以后的格式）或公开的 .pdf 文件。"]
    }


def test_a_pdf_over_its_own_limit_is_refused_by_the_form(signed_in, final_account):
    response = signed_in.post(
        UPLOAD_URL,
        {"workbook": workbook_file(b"%PDF-" + b"\0" * (20 * 1024 * 1024), name="2022年度部门决算.pdf")},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"workbook": ["文件大小 20.0 MB 超过上限 20 MB。"]}


def test_a_reference_data_administrator_may_accept_unknown_subjects(signed_in, accountant, final_account):
    accountant.user_permissions.add(Permission.objects.get(codename="add_functionalsubject"))
    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(edited(renamed_subject))})
    assert response.context["can_accept_subjects"] is True
    token = response.context["preview_token"]
    response = signed_in.post(PREVIEW_URL, {"accept_new_subjects": "1", "preview": token})
    assert response.context["result"].errors == []
    assert [(s.code, s.name) for s in response.context["result"].new_subjects] == [
        ("2080198", "人才服务支出")
    ]
    signed_in.post(APPLY_URL, {"accept_new_subjects": "1", "preview": response.context["preview_token"]})
    assert FunctionalSubject.objects.get(edition=2022, code="2080198").name == "人才服务支出"


def test_an_accountant_without_the_permission_cannot_accept_unknown_subjects(signed_in, final_account):
    uploaded = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(edited(renamed_subject))})
    response = signed_in.post(
        APPLY_URL, {"accept_new_subjects": "1", "preview": uploaded.context["preview_token"]}
    )
    assert response.status_code == 302
    # Kept pending for this final account alone, not added to the edition.
    assert FunctionalSubject.objects.filter(code="2080198").exists() is False
    pending = FunctionalSubject.all_objects.get(code="2080198")
    assert (pending.name, pending.pending_for_id) == ("人才服务支出", final_account.pk)


@pytest.mark.parametrize("persona", ["other_department_accountant", "reviewer"])
def test_outsiders_get_a_404(client, final_account, persona, request, reference_workbook):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(UPLOAD_URL).status_code == 404
    assert client.post(UPLOAD_URL, {"workbook": workbook_file(reference_workbook)}).status_code == 404
    assert client.post(PREVIEW_URL).status_code == 404
    assert client.post(APPLY_URL).status_code == 404
    assert IncomeFact.objects.filter(final_account=final_account).count() == 0


def test_the_blank_template_downloads(signed_in):
    response = signed_in.get("/import/template-2022.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="final-accounts-template-2022.xlsx"'
    assert len(load_workbook(io.BytesIO(response.content)).worksheets) == 9


def test_a_template_of_a_year_without_a_format_is_a_404(signed_in):
    assert signed_in.get("/import/template-2031.xlsx").status_code == 404


def test_an_upload_without_the_csrf_token_is_refused(accountant, final_account, reference_workbook):
    client = Client(enforce_csrf_checks=True)
    client.force_login(accountant)
    response = client.post(UPLOAD_URL, {"workbook": workbook_file(reference_workbook)})
    assert response.status_code == 403
    assert IncomeFact.objects.filter(final_account=final_account).count() == 0


def test_the_preview_warns_of_a_workbook_titled_for_another_year(signed_in):
    def retitle(workbook):
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows(max_row=3):
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("2022年度"):
                        cell.value = cell.value.replace("2022年度", "2021年度")

    response = signed_in.post(UPLOAD_URL, {"workbook": workbook_file(edited(retitle))})
    page = response.content.decode()
    assert "请注意：工作簿可能不是这份决算的（9）" in page
    assert "表1 的标题是 2021 年度，而导入对象是 2022 年度决算，请确认文件无误。" in page
