"""A published version stands alone: its downloads and API answers come from its frozen files only."""

import csv
import io
import json

from openpyxl import load_workbook

from accounts.models import ReportTable
from accounts.open_data.caching import clear_caches
from accounts.statements import build_statements, load_facts

from .conftest import published_departments

V1 = "/dongxihu/hrss/2022/v1/"
API_V1 = "/api/v1/final-accounts/dongxihu/hrss/2022/v1/"
DOWNLOADS = [V1 + "tables.csv", V1 + "tables.xlsx", V1 + "tables/3.csv", V1 + "tables/3.xlsx"]
ANSWERS = [*DOWNLOADS, API_V1 + "statements/", API_V1 + "facts/", API_V1, V1 + "json/", V1 + "pdf/"]


def answers(client):
    clear_caches()  # every answer made anew, none from memory
    responses = {url: client.get(url) for url in ANSWERS}
    assert {url: r.status_code for url, r in responses.items()} == dict.fromkeys(ANSWERS, 200)
    return {url: r.content for url, r in responses.items()}


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def edit_the_format(report_format):
    """Change what an administrator may change in a format: a 行次, a title, a column label, a note."""
    tables = ReportTable.objects.filter(report_format=report_format)
    summary = tables.get(kind="income_expenditure_summary")
    summary.layout["expenditure_total"] = 88
    summary.save(update_fields=["layout"])
    expenditure = tables.get(kind="expenditure")
    expenditure.title = "支出决算明细表"
    expenditure.layout["columns"][1]["label"] = "日常运转支出"
    expenditure.notes = ["本表按新口径编制。"]
    expenditure.save(update_fields=["title", "layout", "notes"])


def test_editing_the_format_changes_nothing_a_published_version_serves(client, district):
    version = published_departments(district, 1)[0]
    before = answers(client)

    edit_the_format(version.final_account.report_format)
    live = build_statements(load_facts(version.final_account))
    assert (
        live["expenditure"].title,
        live["income_expenditure_summary"].cell(key="expenditure_total").line,
    ) == (
        "支出决算明细表",
        88,
    )

    assert answers(client) == before
    rows = csv_rows(before[V1 + "tables.csv"])
    by_key = {(r[0], r[4], r[5]): r for r in rows[1:]}
    assert by_key[("表1", "", "expenditure_total")] == [
        "表1",
        "收入支出决算总表",
        "58",
        "2",
        "",
        "expenditure_total",
        "本年支出合计",
        "支出 / 决算数",
        "1000.00",
        "0.10",
    ]
    assert by_key[("表3", "2080101", "basic")] == [
        "表3",
        "支出决算表",
        "",
        "2",
        "2080101",
        "basic",
        "行政运行",
        "基本支出",
        "1000.00",
        "0.10",
    ]
    table3 = load_workbook(io.BytesIO(before[V1 + "tables/3.xlsx"]))["表3（元）"]
    assert (table3["A1"].value, table3["D3"].value) == ("支出决算表（表3）", "基本支出")
    statements = json.loads(before[API_V1 + "statements/"])["statements"]
    assert (statements[2]["title"], statements[2]["notes"]) == (
        "支出决算表",
        ["注：本表反映部门本年度各项支出情况。", "1栏各行=（2+3+4+5+6）栏各行。"],
    )
