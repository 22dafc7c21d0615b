"""Open data in bulk: one long file per year and per bureau, one row per printed cell, amounts exact."""

import csv
import io
from decimal import Decimal
from urllib.parse import quote

from openpyxl import load_workbook

from accounts.models import PublishedCell
from accounts.publishing import BUDGETS, STATED_FIGURES

from .conftest import published_departments


def printed_cells(versions):
    """{(department slug, 表 kind's 行次/栏次/code/key): 元} of the versions' printed cells."""
    cells = PublishedCell.objects.filter(version__in=versions).exclude(
        table_kind__in=[STATED_FIGURES, BUDGETS]
    )
    return cells


def test_csv_of_a_bureau_has_one_row_per_printed_cell_with_exact_amounts(client, city, district):
    versions = published_departments(district, 3)
    response = client.get("/open-data/dongxihu/2022.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = printed_cells(versions)
    assert len(rows) == cells.count()
    assert {row["部门代码"] for row in rows} == {"hrss", "finance", "health"}
    by_department = {}
    for row in rows:
        by_department.setdefault(row["部门代码"], Decimal(0))
        by_department[row["部门代码"]] += Decimal(row["金额（元）"])
    for version in versions:
        expected = sum(c.value for c in cells.filter(version=version))
        assert by_department[version.final_account.department.slug] == expected
    hrss_total = [
        r for r in rows if r["部门代码"] == "hrss" and r["项目"] == "行政运行" and r["表号"] == "表3"
    ]
    assert hrss_total and hrss_total[0]["金额（元）"] == "1000.00" and hrss_total[0]["金额（万元）"] == "0.10"
    assert rows[0]["财政局"] == "东西湖区财政局" and rows[0]["年度"] == "2022" and rows[0]["版本"] == "1"
    assert {row["印制数"] for row in rows} <= {"是", "否"}
    # The city's file includes its district's departments; another year has none.
    assert (
        len(
            list(csv.reader(io.StringIO(client.get("/open-data/wuhan/2022.csv").content.decode("utf-8-sig"))))
        )
        == len(rows) + 1
    )
    assert client.get("/open-data/dongxihu/2021.csv").status_code == 404
    assert client.get("/open-data/nowhere/2022.csv").status_code == 404


def test_file_names_are_chinese_with_an_ascii_fallback(client, district):
    published_departments(district, 1)
    response = client.get("/open-data/dongxihu/2022.xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="2022-dongxihu-open-data.xlsx"; '
        f"filename*=UTF-8''{quote('2022年度东西湖区财政局部门决算公开数据.xlsx')}"
    )
    assert client.get("/open-data/2022.csv")["Content-Disposition"].startswith(
        'attachment; filename="2022-all-open-data.csv"; filename*=UTF-8'
    )


def test_xlsx_has_numbers_widths_and_print_titles(client, district):
    versions = published_departments(district, 2)
    workbook = load_workbook(io.BytesIO(client.get("/open-data/2022.xlsx").content))
    sheet = workbook["数据"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["财政局", "部门", "部门代码", "年度", "版本"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == printed_cells(versions).count()
    line, column, yuan = header.index("行次"), header.index("栏次"), header.index("金额（元）")
    for index in (line, column):  # numbers where the table numbers them, empty elsewhere
        assert {type(row[index]) for row in rows} <= {int, type(None)}
        assert any(isinstance(row[index], int) for row in rows)
    assert sum(Decimal(str(row[yuan])) for row in rows) == sum(c.value for c in printed_cells(versions))
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.freeze_panes == "A2"
    widths = {sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOPQ"}
    assert len(widths) > 3 and max(widths) <= 60
    assert sheet.column_dimensions["B"].width >= len("武汉市东西湖区人力资源和社会保障局") * 2


def test_zip_holds_every_version_json_byte_for_byte(client, city, district):
    import zipfile

    from accounts import workflow

    versions = published_departments(district, 2)
    final_account = versions[0].final_account
    accountant = final_account.department.memberships.get().user
    reviewer = final_account.department.bureau.memberships.order_by("pk").first().user
    workflow.open_correction(final_account, by=accountant, reason="更正表1")
    workflow.submit(final_account, by=accountant, head_name="张局长", head_signed_on="2023-03-02")
    workflow.approve(final_account, by=reviewer)
    workflow.publish(final_account, by=reviewer)

    response = client.get("/open-data/dongxihu/2022-json.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="2022-dongxihu-versions-json.zip"; '
        f"filename*=UTF-8''{quote('2022年度东西湖区财政局部门决算公开版本JSON.zip')}"
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "dongxihu/finance/2022-v1.json",
        "dongxihu/hrss/2022-v1.json",
        "dongxihu/hrss/2022-v2.json",
    ]
    downloads = {
        "dongxihu/hrss/2022-v1.json": "/dongxihu/hrss/2022/v1/json/",
        "dongxihu/hrss/2022-v2.json": "/dongxihu/hrss/2022/v2/json/",
        "dongxihu/finance/2022-v1.json": "/dongxihu/finance/2022/v1/json/",
    }
    for member, url in downloads.items():
        assert archive.read(member) == client.get(url).content, member
    # The city's archive holds its district's versions; the whole year's too; the same bytes again.
    assert sorted(
        zipfile.ZipFile(io.BytesIO(client.get("/open-data/wuhan/2022-json.zip").content)).namelist()
    ) == (sorted(archive.namelist()))
    assert client.get("/open-data/2022-json.zip").content == client.get("/open-data/2022-json.zip").content
    assert client.get("/open-data/dongxihu/2021-json.zip").status_code == 404
    assert client.get("/open-data/nowhere/2022-json.zip").status_code == 404
