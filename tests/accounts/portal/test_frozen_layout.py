"""A published version stands alone: its downloads and API answers come from its frozen files only.

Versions frozen before statements kept their layout get it once, in a supplementary layout file.
"""

import csv
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.models import PublishedVersion, ReportTable
from accounts.open_data.caching import clear_caches
from accounts.publishing import TamperedFile, read_verified, sha256
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
    """Change a format's rows in the database: a 行次, a title, a column label, a note.

    The models and the admin refuse to change a format in use (it becomes a new version instead); the
    rows are changed directly here, standing for any way the live format could still change.
    """
    tables = ReportTable.objects.filter(report_format=report_format)
    summary = tables.get(kind="income_expenditure_summary")
    summary.layout["expenditure_total"] = 88
    tables.filter(pk=summary.pk).update(layout=summary.layout)
    expenditure = tables.get(kind="expenditure")
    expenditure.layout["columns"][1]["label"] = "日常运转支出"
    tables.filter(pk=expenditure.pk).update(
        title="支出决算明细表", layout=expenditure.layout, notes=["本表按新口径编制。"]
    )


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
        "否",
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
        "否",
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


def old_style(data):
    """Return frozen data as versions were frozen before statements kept their layout."""
    statements = [
        {
            "kind": s["kind"],
            "number": s["number"],
            "title": s["title"],
            "empty_sentence": s["empty_sentence"],
            "rows": [
                {
                    "kind": row["kind"],
                    "code": row["code"],
                    "cells": [
                        {k: c[k] for k in ("value", "text", "line", "column", "key", "code")}
                        for c in row["cells"]
                    ],
                }
                for row in s["rows"]
            ],
        }
        for s in data["statements"]
    ]
    final_account = {k: v for k, v in data["final_account"].items() if k != "disclosure_date"}
    return {**data, "final_account": final_account, "statements": statements}


@pytest.fixture
def old_version(client, district):
    """A version published whole, then made to look as the old freeze left it: its JSON without the
    statements' header rows, spans and notes. Returns it with what it served when whole."""
    version = published_departments(district, 1)[0]
    whole = answers(client)
    payload = json.dumps(old_style(json.loads(read_verified(version, "json"))), ensure_ascii=False, indent=1)
    payload = payload.encode("utf-8")
    name = default_storage.save(version.json_file.replace("document.json", "old.json"), ContentFile(payload))
    PublishedVersion.objects.filter(pk=version.pk).update(json_file=name, json_sha256=sha256(payload))
    version.refresh_from_db()
    return version, payload, whole


def test_an_old_version_serves_no_table_until_its_layout_is_frozen(client, old_version):
    clear_caches()
    assert {url: client.get(url).status_code for url in [*DOWNLOADS, API_V1 + "statements/"]} == {
        **dict.fromkeys(DOWNLOADS, 503),
        API_V1 + "statements/": 503,
    }
    assert client.get(API_V1 + "statements/").json() == {"detail": "该版本的报表版式尚未补全，暂不提供。"}
    assert client.get(V1).status_code == 200  # the frozen page needs no layout


def test_the_supplementary_layout_restores_what_the_version_served(client, old_version):
    version, payload, whole = old_version
    out = io.StringIO()
    call_command("freeze_published_layouts", stdout=out)
    assert out.getvalue() == f"{version}：已冻结报表版式。\n补全了 1 个公开版本的报表版式。\n"
    version.refresh_from_db()
    layout = read_verified(version, "layout")
    assert (version.layout_file, version.layout_sha256) == (
        "published/dongxihu/hrss/2022/v1/layout.json",
        sha256(layout),
    )
    data = json.loads(layout)
    assert (data["json_sha256"], data["edition"], [s["number"] for s in data["statements"]]) == (
        version.json_sha256,
        2022,
        list(range(1, 10)),
    )
    assert data["statements"][0]["header_rows"][0] == [
        {"text": "收入", "colspan": 3, "rowspan": 1},
        {"text": "支出", "colspan": 3, "rowspan": 1},
    ]
    assert read_verified(version, "json") == payload  # the frozen JSON itself is never rewritten

    served = answers(client)
    assert {url: served[url] for url in DOWNLOADS} == {url: whole[url] for url in DOWNLOADS}
    statements = json.loads(served[API_V1 + "statements/"])["statements"]
    assert statements == json.loads(whole[API_V1 + "statements/"])["statements"]
    detail = json.loads(served[API_V1])
    assert detail["sha256"]["layout"] == version.layout_sha256

    edit_the_format(version.final_account.report_format)
    assert answers(client) == served  # from now on, only frozen files are read

    call_command("freeze_published_layouts", stdout=out)
    assert out.getvalue().endswith("补全了 0 个公开版本的报表版式。\n")
    assert read_verified(version, "layout") == layout


def test_a_tampered_layout_file_is_refused_like_the_others(client, old_version):
    version, _payload, _whole = old_version
    call_command("freeze_published_layouts", stdout=io.StringIO())
    version.refresh_from_db()
    path = default_storage.path(version.layout_file)
    with open(path, "rb") as handle:
        layout = handle.read()
    with open(path, "wb") as handle:
        handle.write(layout.replace(b'"colspan": 3', b'"colspan": 4', 1))
    clear_caches()

    with pytest.raises(TamperedFile):
        read_verified(version, "layout")
    assert client.get(V1 + "tables.csv").status_code == 503
    assert client.get(V1 + "tables.xlsx").status_code == 503
    assert client.get(API_V1 + "statements/").json() == {"detail": "该版本的存储文件校验失败，已停止提供。"}
