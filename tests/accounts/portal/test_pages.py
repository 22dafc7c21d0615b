"""Portal pages: browsing by year, bureau and department, search, comparisons, sitemap."""

import csv
import io

import pytest

from tests.builders import make_accountant, make_department

from .conftest import published_departments


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_browse_by_year_bureau_and_department(client, city, district):
    published_departments(district, 2)
    assert "2022年度</a>（2 个部门决算）" in text(client.get("/years/"))
    year = text(client.get("/years/2022/"))
    assert '<span class="parent-bureau">武汉市财政局 › </span>' in year
    assert '<a href="/dongxihu/finance/2022/">武汉市东西湖区财政局机关</a>' in year
    bureaus = text(client.get("/bureaus/"))
    assert bureaus.index("武汉市财政局") < bureaus.index(
        'class="depth-1"><a href="/bureaus/dongxihu/">东西湖区财政局'
    )
    city_page = text(client.get("/bureaus/wuhan/"))
    assert '<a href="/bureaus/dongxihu/">东西湖区财政局</a>' in city_page
    assert "汇总与比较包括下级财政局所属部门。" in city_page
    district_page = text(client.get("/bureaus/dongxihu/"))
    assert '<a href="/bureaus/wuhan/">武汉市财政局</a>' in district_page
    assert '<a href="/summary/dongxihu/2022/">汇总表</a>' in district_page
    department_page = text(client.get("/bureaus/dongxihu/hrss/"))
    assert '<a href="/dongxihu/hrss/2022/">2022年度部门决算</a>' in department_page
    assert '<a href="/dongxihu/hrss/2022/v1/tables.xlsx">XLSX</a>' in department_page


def test_pages_of_unpublished_things_are_404(client, city, district):
    make_accountant(make_department(district, slug="quiet", name="尚未公开的部门"), "quiet")
    for url in [
        "/years/2022/",
        "/bureaus/dongxihu/",
        "/bureaus/dongxihu/quiet/",
        "/compare/dongxihu/2022/",
        "/compare/dongxihu/quiet/",
        "/bureaus/nowhere/",
        "/dongxihu/quiet/2022/tables.csv",
        "/dongxihu/quiet/2022/v1/tables/3.xlsx",
    ]:
        assert client.get(url).status_code == 404, url


def test_search_by_department_name_and_by_subject(client, district):
    published_departments(district, 3)
    by_name = text(client.get("/search/", {"q": "卫生"}))
    assert '<a href="/bureaus/dongxihu/health/">武汉市东西湖区卫生健康局</a>' in by_name
    by_code = text(client.get("/search/", {"q": "2080101"}))
    assert by_code.count("<tr><td>2080101 行政运行</td>") == 2
    assert (
        '<a href="/dongxihu/health/2022/#table-3">武汉市东西湖区卫生健康局</a></td><td>2022</td><td class="amount">0.30</td>'
        in by_code
    )
    by_subject_name = text(client.get("/search/", {"q": "行政运行", "year": "2022"}))
    assert (
        "匹配的科目：2010601 行政运行；2013901 行政运行；2080101 行政运行；2120101 行政运行。"
        in by_subject_name
    )
    assert by_subject_name.count("<tr><td>") == 3
    assert "已公开的部门决算中没有这些科目的支出（2021年度）" in text(
        client.get("/search/", {"q": "2080101", "year": 2021})
    )


def test_comparison_tables_sort_and_download(client, district):
    published_departments(district, 3)
    html = text(client.get("/compare/dongxihu/2022/", {"sort": "expenditure_total"}))
    assert (
        html.index("武汉市东西湖区人力资源和社会保障局")
        < html.index("武汉市东西湖区财政局机关")
        < html.index("武汉市东西湖区卫生健康局")
    )
    assert "本年支出：基本支出与项目支出（万元）" in html
    rows = list(
        csv.reader(io.StringIO(client.get("/compare/dongxihu/2022/csv/").content.decode("utf-8-sig")))
    )
    assert rows[0][:6] == ["财政局", "部门", "年度", "版本", "本年收入合计（元）", "本年支出合计（元）"]
    assert [(r[1], r[5]) for r in rows[1:]] == [
        ("武汉市东西湖区人力资源和社会保障局", "1000.00"),
        ("武汉市东西湖区卫生健康局", "3000.00"),
        ("武汉市东西湖区财政局机关", "2000.00"),
    ]
    years = list(
        csv.reader(io.StringIO(client.get("/compare/dongxihu/years/csv/").content.decode("utf-8-sig")))
    )
    assert years[1][:4] == ["2022", "3", "6000.00", "6000.00"]
    assert "武汉市东西湖区人力资源和社会保障局历年比较" in text(client.get("/compare/dongxihu/hrss/"))
    department_years = list(
        csv.reader(io.StringIO(client.get("/compare/dongxihu/hrss/csv/").content.decode("utf-8-sig")))
    )
    assert [r[:5] for r in department_years] == [
        ["部门", "年度", "版本", "本年收入合计（元）", "本年支出合计（元）"],
        ["武汉市东西湖区人力资源和社会保障局", "2022", "1", "1000.00", "1000.00"],
    ]


def test_sitemap_lists_published_addresses(client, city, district):
    published_departments(district, 1)
    xml = text(client.get("/sitemap.xml"))
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    for url in [
        "/",
        "/years/",
        "/years/2022/",
        "/bureaus/wuhan/",
        "/bureaus/dongxihu/",
        "/bureaus/dongxihu/hrss/",
        "/dongxihu/hrss/2022/",
        "/dongxihu/hrss/2022/v1/",
        "/summary/dongxihu/2022/",
        "/summary/wuhan/2022/",
    ]:
        assert f"<loc>http://testserver{url}</loc>" in xml, url


def test_home_offers_the_portal(client, district):
    published_departments(district, 1)
    html = text(client.get("/"))
    assert '<a href="/years/2022/">2022年度</a>（1 个部门）' in html
    assert '<form class="search-form" method="get" action="/search/" role="search">' in html


@pytest.mark.parametrize("count", [1, 3])
def test_portal_queries_do_not_grow_with_departments(
    client, city, district, count, django_assert_num_queries
):
    published_departments(district, count)
    expected = {
        "/": 4,
        "/years/": 1,
        "/years/2022/": 2,
        "/bureaus/": 2,
        "/bureaus/dongxihu/": 5,
        "/bureaus/dongxihu/hrss/": 4,
        # departments, subjects, spending (2), years; texts: how common each of the term's 6 keys is
        # (5 pairs and the number, then kept in the cache), the candidates, their check, the page
        "/search/?q=2080101": 14,
        "/compare/dongxihu/2022/": 4,
        "/compare/dongxihu/years/": 4,
        "/compare/dongxihu/hrss/": 4,
        "/sitemap.xml": 4,
        "/dongxihu/hrss/2022/": 3,
        "/dongxihu/hrss/2022/tables.csv": 2,
    }
    for url, queries in expected.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200, url
    # A page already rendered for anonymous visitors, seconds ago, costs no query at all.
    with django_assert_num_queries(0):
        assert client.get("/dongxihu/hrss/2022/").status_code == 200
