"""The page that takes last year's figures from last year's workbook: upload, preview, confirm."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.choices import NamedFigure
from accounts.models import FigureChange, PriorYearFigure
from tests.builders import make_final_account

URL = "/import/dongxihu/hrss/2023/prior-year/"
APPLY_URL = "/import/dongxihu/hrss/2023/prior-year/apply/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def account_2023(department):
    """A 2023 account whose department has no 2022 account in the system: last year is unknown."""
    return make_final_account(department, year=2023)


@pytest.fixture
def signed_in(client, accountant, account_2023):
    client.force_login(accountant)
    return client


def upload(client, data, name="2022年度部门决算.xlsx", content_type=XLSX):
    return client.post(URL, {"workbook": SimpleUploadedFile(name, data, content_type=content_type)})


def test_the_entry_and_findings_pages_lead_to_it_while_last_year_is_unknown(signed_in, department):
    link = f'<a href="{URL}">从上年决算工作簿或公开的 PDF 填入上年数</a>'
    assert link in signed_in.get("/entry/dongxihu/hrss/2023/income/").content.decode()
    assert link in signed_in.get("/review/dongxihu/hrss/2023/findings/").content.decode()
    # With last year's account in the system, its figures are carried over instead.
    make_final_account(department, year=2022)
    assert URL not in signed_in.get("/entry/dongxihu/hrss/2023/income/").content.decode()
    assert URL not in signed_in.get("/review/dongxihu/hrss/2023/findings/").content.decode()


def test_the_page_accepts_a_workbook_or_a_pdf(signed_in):
    response = signed_in.get(URL)
    assert response.status_code == 200
    field = response.context["form"].fields["workbook"]
    assert field.label == "上年决算工作簿或公开的 PDF（.xlsx 或 .pdf）"
    assert field.widget.attrs["accept"].startswith(".xlsx,.pdf,")


def test_uploading_previews_last_years_figures_and_sets_nothing(signed_in, account_2023, reference_workbook):
    response = upload(signed_in, reference_workbook)
    assert response.status_code == 200
    assert response.context["preview"].errors == []
    rows = {row["label"]: (row["old"], row["new"], row["wanyuan"]) for row in response.context["rows"]}
    # The reference prints 本年收入合计 and 本年支出合计 12,341.98 万元 (表1); 三公 支出决算 0.35 万元
    # (表9, and 说明九: "支出决算为 0.35 万元").
    assert rows["本年收入合计"] == ("未填", "123,419,800.00", "12,341.98")
    assert rows["本年支出合计"] == ("未填", "123,419,800.00", "12,341.98")
    assert rows["“三公”经费支出"] == ("未填", "3,500.00", "0.35")
    # 机关运行经费 is stated apart from the nine tables, which do not print it: left to be entered.
    assert "机关运行经费" not in rows
    page = response.content.decode()
    assert "来源将记为：2022年度部门决算工作簿“2022年度部门决算.xlsx”（印制数）" in page
    assert "确认填入上年数" in page
    assert PriorYearFigure.objects.filter(final_account=account_2023).count() == 0


def test_confirming_sets_the_previewed_figures_and_records_them(
    signed_in, account_2023, accountant, reference_workbook
):
    preview = upload(signed_in, reference_workbook)
    response = signed_in.post(APPLY_URL, {"preview": preview.context["preview_token"]}, follow=True)
    assert response.redirect_chain == [("/entry/dongxihu/hrss/2023/other/", 302)]
    count = len(preview.context["rows"])
    assert str(next(iter(response.context["messages"]))) == (
        f"已从“2022年度部门决算.xlsx”填入 2022 年度的 {count} 项上年数，情况说明将与之比较。"
    )
    stored = {f.key: (f.amount, f.source) for f in PriorYearFigure.objects.filter(final_account=account_2023)}
    assert len(stored) == count
    assert stored[NamedFigure.INCOME_TOTAL] == (
        Decimal("123419800.00"),
        "2022年度部门决算工作簿“2022年度部门决算.xlsx”（印制数）",
    )
    assert stored[NamedFigure.OFFICIAL_EXPENSES_TOTAL][0] == Decimal("3500.00")
    # Each figure and its source recorded as a change by the accountant.
    assert FigureChange.objects.filter(final_account=account_2023, user=accountant).count() == 2 * count
    # The same token again: the upload is gone, nothing happens twice.
    again = signed_in.post(APPLY_URL, {"preview": preview.context["preview_token"]}, follow=True)
    assert again.redirect_chain == [(URL, 302)]
    assert "这份预览已失效" in str(next(iter(again.context["messages"])))


def test_this_years_workbook_taken_for_last_years_is_a_warning(
    client, accountant, final_account, reference_workbook
):
    # The 2022 account's last year is 2021; the reference is titled 2022.
    client.force_login(accountant)
    response = client.post(
        "/import/dongxihu/hrss/2022/prior-year/",
        {"workbook": SimpleUploadedFile("2021.xlsx", reference_workbook, content_type=XLSX)},
    )
    assert response.status_code == 200
    warnings = [str(w) for w in response.context["preview"].warnings]
    assert warnings and all(
        "的标题是 2022 年度，而导入对象是 2021 年度决算，请确认文件无误。" in w for w in warnings
    )
    assert "请注意" in response.content.decode()


def test_a_preview_replaced_by_a_later_upload_is_refused(signed_in, account_2023, reference_workbook):
    first = upload(signed_in, reference_workbook)
    upload(signed_in, reference_workbook, name="另一个.xlsx")
    response = signed_in.post(APPLY_URL, {"preview": first.context["preview_token"]}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert PriorYearFigure.objects.filter(final_account=account_2023).count() == 0


def test_wrong_files_are_refused_in_chinese_and_set_nothing(signed_in, account_2023):
    response = upload(signed_in, b"a,b\n1,2\n", name="figures.csv", content_type="text/csv")
    assert response.status_code == 400
    assert response.context["form"].errors["workbook"] == [
        "请上传 .xlsx 工作簿（Excel 2007 及以后的格式）或公开的 .pdf 文件。"
    ]
    response = upload(signed_in, b"not a workbook at all")
    assert response.status_code == 400
    errors = [str(problem) for problem in response.context["preview"].errors]
    assert errors == [
        "文件不是 .xlsx 工作簿（Excel 2007 及以后的格式）。旧版 .xls、CSV 或加密的工作簿请另存为 .xlsx 后导入。"
    ]
    assert "确认填入上年数" not in response.content.decode()
    assert PriorYearFigure.objects.filter(final_account=account_2023).count() == 0


@pytest.mark.parametrize("persona", ["other_department_accountant", "reviewer"])
def test_others_get_a_404(client, request, persona, account_2023, reference_workbook):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 404
    assert upload(client, reference_workbook).status_code == 404
