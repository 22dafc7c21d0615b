"""Chosen departments over chosen years: the public page and its CSV, with the published figures."""

import csv
import io

from accounts.models import Department
from tests.builders import make_final_account

from .conftest import enter_clean_figures, publish, published_departments

URL = "/compare/dongxihu/chosen/"


def test_chosen_departments_over_chosen_years(client, city, district):
    published_departments(district, 3)
    hrss = Department.objects.get(slug="hrss")
    publish(enter_clean_figures(make_final_account(hrss, year=2021), "500.00"))
    chosen = {"d": ["dongxihu/hrss", "dongxihu/health"], "y": ["2021", "2022"]}

    page = client.get(URL, chosen).content.decode()
    assert "<h1>东西湖区财政局：选定部门的历年比较</h1>" in page
    assert 'value="dongxihu/hrss" checked' in page and 'value="dongxihu/finance">' in page
    assert 'value="2021" checked' in page
    assert '<a href="/dongxihu/hrss/2021/">2021年度</a>' in page
    assert "武汉市东西湖区财政局机关" not in page.split("<table")[1]
    assert ">区人社局 2021</text>" in page and ">区卫健局 2022</text>" in page  # the chart's bars

    rows = list(csv.reader(io.StringIO(client.get(URL + "csv/", chosen).content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["财政局", "部门", "年度", "版本", "本年收入合计（元）", "本年支出合计（元）"]
    assert [row[1:6] for row in rows[1:]] == [
        ["武汉市东西湖区人力资源和社会保障局", "2022", "1", "1000.00", "1000.00"],
        ["武汉市东西湖区人力资源和社会保障局", "2021", "1", "500.00", "500.00"],
        ["武汉市东西湖区卫生健康局", "2022", "1", "3000.00", "3000.00"],
    ]
    only_2021 = client.get(URL + "csv/", {"d": chosen["d"], "y": "2021"}).content.decode("utf-8-sig")
    assert [row[1:3] for row in csv.reader(io.StringIO(only_2021))][1:] == [
        ["武汉市东西湖区人力资源和社会保障局", "2021"]
    ]
    # The city's page offers its district's departments too.
    assert 'value="dongxihu/health"' in client.get("/compare/wuhan/chosen/").content.decode()


def test_choices_that_name_nothing_are_explained_in_chinese(client, district):
    published_departments(district, 1)
    response = client.get(URL, {"d": ["dongxihu/nowhere"], "y": ["abc", "1999"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "没有已公开决算的部门“dongxihu/nowhere”。" in page
    assert "没有已公开决算的年度“abc”。" in page and "没有已公开决算的年度“1999”。" in page
    assert "请至少选择一个部门和一个年度。" in page
    assert client.get(URL).status_code == 200
    assert client.get("/compare/nowhere/chosen/").status_code == 404
