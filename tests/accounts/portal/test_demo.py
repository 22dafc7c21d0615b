"""Every download format, the API, search and comparison against the demo's published figures."""

import csv
import hashlib
import io
import json
from decimal import Decimal

from openpyxl import load_workbook

from accounts.models import PublishedCell
from accounts.open_data.public_json import public_data
from accounts.publishing import json_bytes, read_verified

PUBLIC = "/dongxihu/hrss/2022/"
CSV_HEADER = [
    "表号",
    "表名",
    "行次",
    "栏次",
    "科目编码",
    "键",
    "项目",
    "栏目",
    "印制数",
    "金额（元）",
    "金额（万元）",
]


def csv_rows(response):
    assert response.content[:3] == b"\xef\xbb\xbf"  # the BOM that makes Excel read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_demo_downloads_carry_the_published_figures(client, demo):
    version = demo.published_versions.get()
    # Every amount cell of the tables (with 表5's three rows printed empty) and the figures no table prints.
    assert PublishedCell.objects.filter(version=version).count() == 784

    rows = csv_rows(client.get(PUBLIC + "v1/tables.csv"))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + 775
    by_address = {(r[0], r[2], r[3], r[4], r[5]): r for r in rows[1:]}
    assert by_address[("表1", "1", "1", "", "general_budget")] == [
        "表1",
        "收入支出决算总表",
        "1",
        "1",
        "",
        "general_budget",
        "一、一般公共预算财政拨款收入",
        "收入 / 决算数",
        "是",
        "123419800.00",
        "12341.98",
    ]
    # 本年收入合计 as the reference prints it, one cent under its 项.
    assert by_address[("表1", "27", "1", "", "income_total")][-3:] == ["是", "123419800.00", "12341.98"]
    assert by_address[("表3", "", "1", "2080705", "total")] == [
        "表3",
        "支出决算表",
        "",
        "1",
        "2080705",
        "total",
        "公益性岗位补贴",
        "本年支出合计",
        "是",
        "28808900.00",
        "2880.89",
    ]
    assert by_address[("表6", "", "", "30101", "economic")][-5:] == [
        "基本工资",
        "人员经费 / 决算数",
        "是",
        "2696900.00",
        "269.69",
    ]
    assert by_address[("表9", "", "12", "", "actual_reception")][-3:] == ["是", "3500.00", "0.35"]
    one_table = csv_rows(client.get(PUBLIC + "v1/tables/3.csv"))
    assert one_table[1:] == [row for row in rows[1:] if row[0] == "表3"]

    workbook = load_workbook(io.BytesIO(client.get(PUBLIC + "v1/tables.xlsx").content))
    assert workbook.sheetnames == [f"表{n}（{unit}）" for unit in ("元", "万元") for n in range(1, 10)]
    yuan, wanyuan = workbook["表1（元）"], workbook["表1（万元）"]
    assert yuan["A1"].value == "收入支出决算总表（表1）"
    assert [c.value for c in yuan[6]] == [
        "一、一般公共预算财政拨款收入",
        "1",
        123419800,
        "一、一般公共服务支出",
        "32",
        0,
    ]
    assert [c.value for c in wanyuan[6]][:3] == ["一、一般公共预算财政拨款收入", "1", 12341.98]
    assert Decimal(str(yuan["C32"].value)) == Decimal("123419800")  # 本年收入合计, 行次 27
    assert yuan["A32"].value == "本年收入合计"
    table3 = load_workbook(io.BytesIO(client.get(PUBLIC + "v1/tables/3.xlsx").content))
    assert table3.sheetnames == ["表3（元）", "表3（万元）"]
    row = next(r for r in table3["表3（元）"].iter_rows(values_only=True) if r[0] == "2080705")
    assert row == ("2080705", "公益性岗位补贴", 28808900, 0, 28808900, 0, 0, 0)

    frozen = client.get(PUBLIC + "v1/json/")
    assert frozen.content == json_bytes(public_data(json.loads(read_verified(version, "json"))))
    data = json.loads(frozen.content)
    assert data["final_account"]["version"] == 1
    assert data["final_account"]["unit"] == "元"
    assert data["facts"]["stated_figures"]["operating_costs"] == "1989400.00"
    assert data["statements"][0]["rows"][0]["cells"][2] == {
        "value": "123419800.00",
        "text": "",
        "line": 1,
        "column": 1,
        "key": "general_budget",
        "code": "",
        "colspan": 1,
        "role": "printed",
    }
    # The demo's version stands alone: its statements are frozen with their layout, no file supplements it.
    assert version.layout_file == ""
    table1 = data["statements"][0]
    assert table1["header_rows"][0] == [
        {"text": "收入", "colspan": 3, "rowspan": 1},
        {"text": "支出", "colspan": 3, "rowspan": 1},
    ]
    assert [c["text"] for c in table1["rows"][0]["cells"][:2]] == ["一、一般公共预算财政拨款收入", "1"]
    assert [c["role"] for c in table1["rows"][0]["cells"][:2]] == ["label", "line"]
    assert (table1["unit"], data["final_account"]["disclosure_date"]) == ("元", "2023-11-28")

    detail = client.get("/api/v1/final-accounts/dongxihu/hrss/2022/").json()
    public_json = hashlib.sha256(client.get("/dongxihu/hrss/2022/v1/json/").content).hexdigest()
    assert (detail["version"], detail["unit"], detail["sha256"]["json"]) == (1, "元", public_json)
    statements = client.get("/api/v1/final-accounts/dongxihu/hrss/2022/v1/statements/").json()
    assert statements["statements"] == data["statements"]
    facts = client.get("/api/v1/final-accounts/dongxihu/hrss/2022/v1/facts/").json()
    assert facts["facts"]["budgets"] == {
        "total": "154482700.00",
        "by_kind": {},
        "by_subject": {"2080101": "17005500.00"},
    }

    # The demo's version was published with 28 warnings the department never explained: served, the
    # page shows none of them, nor the checks' wording or rule ids (only the department's words are
    # published).
    page = client.get(PUBLIC).content.decode()
    for word in (
        "审核提示",
        "未填写说明",
        "未填报",
        "有支出但未填报年初预算",
        "（P5）",
        "部门对有关数字的说明",
    ):
        assert word not in page


def test_demo_search_and_comparison_show_published_figures(client, demo):
    html = client.get("/search/", {"q": "2080705"}).content.decode()
    assert "2080705 公益性岗位补贴" in html
    assert '<td class="amount">2,880.89</td>' in html

    rows = csv_rows(client.get("/compare/dongxihu/2022/csv/"))
    header = rows[0]
    values = dict(zip(header, rows[1], strict=True))
    assert (
        values["部门"],
        values["本年支出合计（元）"],
        values["基本支出（元）"],
        values["项目支出（元）"],
    ) == (
        "武汉市东西湖区人力资源和社会保障局",
        "123419900.00",
        "15686000.00",
        "107733900.00",
    )
    assert (values["基本支出占比"], values["项目支出占比"]) == ("12.71%", "87.29%")
    assert (
        values["“三公”经费预算数（元）"],
        values["“三公”经费决算数（元）"],
        values["“三公”经费决算数占预算数"],
    ) == (
        "20000.00",
        "3500.00",
        "17.50%",
    )
    assert values["机关运行经费（元）"] == "1989400.00"
    assert (values["一般公共预算年初预算数（元）"], values["一般公共预算支出预算完成率"]) == (
        "154482700.00",
        "79.89%",
    )
