"""No draft or in-correction figure appears in any public response: the public reads frozen versions only."""

import io

from openpyxl import load_workbook

from accounts import editing, workflow
from accounts.publishing import read_verified
from tests.builders import make_department, make_final_account

from .conftest import enter_clean_figures, publish

# Figures that exist only in drafts, in 元 and as the 万元 a page would show.
DRAFT_FIGURES = ["98765432.10", "9876.54", "9,876.54", "12345678.90", "1234.57", "1,234.57"]

PUBLIC_URLS = [
    "/",
    "/years/",
    "/years/2022/",
    "/bureaus/",
    "/bureaus/dongxihu/",
    "/bureaus/dongxihu/hrss/",
    "/search/?q=2080101",
    "/search/?q=2080705",
    "/search/?q=%E4%BA%BA%E7%A4%BE",
    "/compare/dongxihu/2022/",
    "/compare/dongxihu/2022/csv/",
    "/compare/dongxihu/years/",
    "/compare/dongxihu/years/csv/",
    "/compare/dongxihu/hrss/",
    "/compare/dongxihu/hrss/csv/",
    "/summary/dongxihu/2022/",
    "/summary/dongxihu/2022/tables.csv",
    "/sitemap.xml",
    "/dongxihu/hrss/2022/",
    "/dongxihu/hrss/2022/v1/",
    "/dongxihu/hrss/2022/json/",
    "/dongxihu/hrss/2022/tables.csv",
    "/dongxihu/hrss/2022/tables/3.csv",
    "/api/",
    "/api/v1/bureaus/",
    "/api/v1/departments/",
    "/api/v1/final-accounts/",
    "/api/v1/final-accounts/dongxihu/hrss/2022/",
    "/api/v1/final-accounts/dongxihu/hrss/2022/statements/",
    "/api/v1/final-accounts/dongxihu/hrss/2022/facts/",
    "/api/v1/final-accounts/dongxihu/hrss/2022/v1/facts/",
]
DRAFT_ONLY_URLS = [
    "/dongxihu/quiet/2022/",
    "/dongxihu/quiet/2022/json/",
    "/dongxihu/quiet/2022/tables.csv",
    "/bureaus/dongxihu/quiet/",
    "/api/v1/final-accounts/dongxihu/quiet/2022/",
    "/api/v1/final-accounts/dongxihu/quiet/2022/facts/",
    "/compare/dongxihu/quiet/",
]


def test_no_draft_or_correction_figure_reaches_the_public(client, district):
    published = enter_clean_figures(make_final_account(make_department(district)), "1000.00", code="2080705")
    version = publish(published)
    accountant = published.department.memberships.get().user
    workflow.open_correction(published, by=accountant, reason="更正表3")
    editing.set_expenditure(
        published, code="2080705", fund="general_budget", kind="basic", amount="98765432.10", by=accountant
    )
    quiet = make_department(district, slug="quiet", name="武汉市东西湖区人力资源和社会保障局分局")
    enter_clean_figures(make_final_account(quiet), "12345678.90", code="2080101")

    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert [figure for figure in DRAFT_FIGURES if figure in body] == [], url
        assert "武汉市东西湖区人力资源和社会保障局分局" not in body, url
    assert "1000.00" in client.get("/dongxihu/hrss/2022/tables/3.csv").content.decode("utf-8-sig")
    for url in DRAFT_ONLY_URLS:
        assert client.get(url).status_code == 404, url

    assert client.get("/dongxihu/hrss/2022/pdf/").content == read_verified(version, "pdf")
    workbook = load_workbook(io.BytesIO(client.get("/dongxihu/hrss/2022/tables.xlsx").content))
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert {98765432.1, 9876.54, 12345678.9, 1234.57} & values == set()
    assert 1000 in values
