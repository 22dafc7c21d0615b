"""Last year's figures from last year's workbook, as an accountant would take them, in a real browser:
from the entry page to the upload, the preview and the confirmation, back to the grid that holds them."""

import pytest
from playwright.sync_api import expect

from accounts.models import PriorYearFigure
from accounts.reference_data import load_shipped_reference_data
from tests.accounts.entry.test_grid_browser import page, sign_in  # noqa: F401
from tests.builders import make_accountant, make_department, make_final_account

from .conftest import REFERENCE_WORKBOOK


@pytest.fixture
def account_2023(transactional_db):
    load_shipped_reference_data(2022)
    department = make_department()
    make_accountant(department)
    return make_final_account(department, year=2023)


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_an_accountant_takes_last_years_figures_from_last_years_workbook(live_server, account_2023, page):  # noqa: F811
    sign_in(page, live_server, "alice", "/entry/dongxihu/hrss/2023/income/")
    page.click("text=从上年决算工作簿或公开的 PDF 填入上年数")
    expect(page.locator("h1")).to_have_text("从上年决算填入上年数：2023年度区人社局部门决算")

    # A file of another kind is refused by name, nothing set.
    page.set_input_files(
        "#id_workbook", files=[{"name": "figures.csv", "mimeType": "text/csv", "buffer": b"a,b"}]
    )
    page.click("text=上传并预览")
    expect(page.locator(".errorlist")).to_have_text(
        "请上传 .xlsx 工作簿（Excel 2007 及以后的格式）或公开的 .pdf 文件。"
    )

    page.set_input_files("#id_workbook", str(REFERENCE_WORKBOOK))
    page.click("text=上传并预览")
    row = page.locator("table.prior-year-preview tr", has_text="本年收入合计").first
    expect(row).to_contain_text("123,419,800.00")
    expect(row).to_contain_text("12,341.98")
    assert PriorYearFigure.objects.filter(final_account=account_2023).count() == 0

    page.click("text=确认填入上年数")
    page.wait_for_url(f"{live_server.url}/entry/dongxihu/hrss/2023/other/")
    expect(page.locator(".messages")).to_contain_text(
        "已从“reference-2022-dongxihu-hrss.xlsx”填入 2022 年度的"
    )
    expect(page.locator("#c-prior-income_total-amount")).to_have_value("123,419,800.00")
    expect(page.locator("#c-prior-income_total-source")).to_have_value(
        "2022年度部门决算工作簿“reference-2022-dongxihu-hrss.xlsx”（印制数）"
    )
