"""The blank template download answers for a region and variant: the user's own, or the one asked for."""

import io

import pytest
from openpyxl import load_workbook

from tests.builders import make_accountant, make_bureau, make_department, make_reviewer, make_user

from .conftest import load_region

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def testregion(db):
    return load_region(), load_region(variant="24类")


@pytest.fixture
def huangpu(testregion):
    bureau = make_bureau(slug="huangpu", name="黄浦区财政局")
    bureau.region = "testregion"
    bureau.save()
    return bureau


def summary_labels(response):
    """Return the labels of the expenditure side of 表1 (column D) of a downloaded template."""
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_col=4, max_col=4, values_only=True) if row[0]]


def sheets(response):
    """Return the title line (row 1) of each sheet of a downloaded template."""
    assert (response.status_code, response["Content-Type"]) == (200, XLSX)
    workbook = load_workbook(io.BytesIO(response.content))
    return [sheet["A1"].value for sheet in workbook.worksheets]


def test_a_user_of_no_bureau_gets_the_national_format_as_before(client, testregion):
    client.force_login(make_user("someone"))
    response = client.get("/import/template-2022.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="final-accounts-template-2022.xlsx"'
    assert len(sheets(response)) == 9


def test_a_reviewer_gets_the_region_of_the_bureau(client, huangpu):
    client.force_login(make_reviewer(huangpu, "charlie"))
    response = client.get("/import/template-2022.xlsx")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="final-accounts-template-2022-testregion.xlsx"'
    )
    assert sheets(response)[6:] == [
        "2022年度财政拨款“三公”经费支出决算表（表7）",
        "2022年度政府性基金预算财政拨款收入支出决算表（表8）",
        "2022年度国有资本经营预算财政拨款支出决算表（表9）",
    ]
    assert sheets(client.get("/import/template-2022.xlsx?region=national"))[6] == (
        "2022年度政府性基金预算财政拨款收入支出决算表（表7）"
    )


def test_an_accountant_gets_the_variant_of_the_department(client, huangpu):
    department = make_department(
        huangpu, slug="planning", name="上海市黄浦区规划和自然资源局", short_name="区规划资源局"
    )
    department.format_variant = "24类"
    department.save()
    client.force_login(make_accountant(department, "alice"))
    response = client.get("/import/template-2022.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''final-accounts-template-2022-testregion-24%E7%B1%BB.xlsx"
    )
    labels = summary_labels(response)
    assert labels[-5:] == [
        "二十四、抗疫特别国债安排的支出",
        "本年支出合计",
        "结余分配",
        "年末结转和结余",
        "总计",
    ]
    assert summary_labels(client.get("/import/template-2022/testregion/24类.xlsx")) == labels
    assert summary_labels(client.get("/import/template-2022.xlsx?region=testregion&variant=24类")) == labels
    usual = summary_labels(client.get("/import/template-2022.xlsx?region=testregion&variant="))
    assert (len(usual) - len(labels), labels[-5], usual[-7]) == (
        2,
        "二十四、抗疫特别国债安排的支出",
        "二十四、债务还本支出",
    )


def test_the_query_and_the_path_choose_a_region(client, testregion):
    client.force_login(make_user("someone"))
    by_query = client.get("/import/template-2022.xlsx?region=testregion")
    by_path = client.get("/import/template-2022/testregion.xlsx")
    assert sheets(by_query) == sheets(by_path)
    assert summary_labels(by_query) == summary_labels(by_path)
    assert (
        by_query["Content-Disposition"]
        == 'attachment; filename="final-accounts-template-2022-testregion.xlsx"'
    )


def test_a_missing_format_is_a_chinese_404_naming_what_exists(client, testregion):
    client.force_login(make_user("someone"))
    response = client.get("/import/template-2023.xlsx?region=testregion")
    assert response.status_code == 404
    assert response.context["regions"] == []
    assert response.context["years"] == [2022]
    content = response.content.decode()
    assert "<h1>没有 2023 年地区“testregion”变体“通用”的报表格式</h1>" in content
    assert "<p>2023 年还没有任何地区的报表格式。</p>" in content
    assert "<p>地区“testregion”有这些年度的格式：2022。</p>" in content

    response = client.get("/import/template-2022/testregion/26类.xlsx")
    assert response.status_code == 404
    assert "<p>2022 年地区“testregion”有这些变体：24类、通用。</p>" in response.content.decode()
    assert "<p>2022 年有这些地区的格式：national、testregion。</p>" in response.content.decode()


def test_an_unknown_region_is_a_404_not_an_error(client, db):
    client.force_login(make_user("someone"))
    response = client.get("/import/template-2022.xlsx?region=%3Cscript%3E")
    assert response.status_code == 404
    assert "<h1>没有 2022 年地区“&lt;script&gt;”变体“通用”的报表格式</h1>" in response.content.decode()
