"""The read-only JSON API: pagination, published versions only, 404 for anything else."""

import hashlib

import pytest

from accounts import editing, workflow
from tests.builders import make_bureau, make_department, make_final_account

from .conftest import enter_clean_figures, publish, published_departments

API = "/api/v1/"


def test_final_accounts_are_paginated(client, district):
    published_departments(district, 3)
    first = client.get(API + "final-accounts/", {"page_size": 2}).json()
    assert (first["count"], first["page"], first["pages"], first["previous"]) == (3, 1, 2, None)
    assert [r["department"] for r in first["results"]] == ["hrss", "health"]
    assert first["next"] == "http://testserver/api/v1/final-accounts/?page_size=2&page=2"
    second = client.get(first["next"]).json()
    assert [r["department"] for r in second["results"]] == ["finance"]
    assert (second["next"], second["previous"]) == (
        None,
        "http://testserver/api/v1/final-accounts/?page_size=2&page=1",
    )
    assert client.get(API + "final-accounts/", {"page_size": 2, "page": 3}).status_code == 404
    assert client.get(API + "final-accounts/", {"page_size": 0}).status_code == 400
    assert client.get(API + "final-accounts/", {"page_size": 201}).status_code == 400
    assert client.get(API + "final-accounts/", {"year": "x"}).json() == {"detail": "参数 year 须为整数。"}


def test_final_account_list_item(client, district):
    version = published_departments(district, 1)[0]
    item = client.get(API + "final-accounts/", {"year": 2022, "bureau": "wuhan"}).json()["results"][0]
    public_json = hashlib.sha256(client.get("/dongxihu/hrss/2022/v1/json/").content).hexdigest()
    assert (
        public_json != version.json_sha256
    )  # the frozen file keeps the checks' findings; readers do not get them
    assert item == {
        "bureau": "dongxihu",
        "bureau_name": "东西湖区财政局",
        "department": "hrss",
        "department_name": "武汉市东西湖区人力资源和社会保障局",
        "year": 2022,
        "version": 1,
        "published_at": version.published_at.isoformat(),
        "correction_reason": "",
        "unit": "元",
        "sha256": {"html": version.html_sha256, "pdf": version.pdf_sha256, "json": public_json},
        "url": "http://testserver/api/v1/final-accounts/dongxihu/hrss/2022/",
        "version_url": "http://testserver/api/v1/final-accounts/dongxihu/hrss/2022/v1/",
        "page_url": "http://testserver/dongxihu/hrss/2022/",
        "pdf_url": "http://testserver/dongxihu/hrss/2022/v1/pdf/",
        "json_url": "http://testserver/dongxihu/hrss/2022/v1/json/",
        "csv_url": "http://testserver/dongxihu/hrss/2022/v1/tables.csv",
        "xlsx_url": "http://testserver/dongxihu/hrss/2022/v1/tables.xlsx",
    }
    assert client.get(API + "final-accounts/", {"year": 2021}).json()["count"] == 0


def test_statements_and_facts_of_a_version(client, district):
    published_departments(district, 1)
    statements = client.get(API + "final-accounts/dongxihu/hrss/2022/v1/statements/").json()
    assert (statements["version"], statements["unit"]) == (1, "元")
    table1 = statements["statements"][0]
    assert (table1["number"], table1["title"]) == (1, "收入支出决算总表")
    total = next(c for row in table1["rows"] for c in row["cells"] if c["key"] == "income_total")
    assert total == {
        "value": "1000.00",
        "text": "",
        "line": 27,
        "column": 1,
        "key": "income_total",
        "code": "",
        "colspan": 1,
        "role": "",
    }
    assert table1["header_rows"][2] == [
        {"text": "栏次", "colspan": 2, "rowspan": 1},
        {"text": "1", "colspan": 1, "rowspan": 1},
        {"text": "栏次", "colspan": 2, "rowspan": 1},
        {"text": "2", "colspan": 1, "rowspan": 1},
    ]
    assert table1["notes"][1] == "2. 本套报表金额单位转换时可能存在尾数误差。"
    facts = client.get(API + "final-accounts/dongxihu/hrss/2022/facts/").json()
    assert facts["facts"]["expenditure"] == [
        {"subject": "2080101", "fund": "general_budget", "kind": "basic", "amount": "1000.00"}
    ]
    assert "findings" not in facts and facts["explanations"] == []


def test_bureaus_and_departments_list_only_what_is_published(client, city, district):
    published_departments(district, 1)
    quiet = make_bureau(slug="caidian", name="蔡甸区财政局", parent=city)
    enter_clean_figures(make_final_account(make_department(quiet, slug="hrss", name="蔡甸区人社局")), "1.00")
    bureaus = client.get(API + "bureaus/").json()
    assert [(b["slug"], b["parent"]) for b in bureaus["results"]] == [("dongxihu", "wuhan"), ("wuhan", None)]
    detail = client.get(API + "bureaus/wuhan/").json()
    assert (detail["ancestors"], detail["children"]) == ([], ["dongxihu"])
    assert client.get(API + "bureaus/caidian/").status_code == 404
    departments = client.get(API + "departments/").json()
    assert [(d["bureau"], d["slug"], d["years"]) for d in departments["results"]] == [
        ("dongxihu", "hrss", [2022])
    ]
    assert client.get(API + "departments/", {"bureau": "caidian"}).status_code == 404


def test_unpublished_and_unknown_addresses_are_404(client, district):
    draft = enter_clean_figures(make_final_account(make_department(district)), "1000.00")
    for url in [
        "final-accounts/dongxihu/hrss/2022/",
        "final-accounts/dongxihu/hrss/2022/statements/",
        "final-accounts/dongxihu/hrss/2022/facts/",
        "final-accounts/dongxihu/hrss/2022/v1/",
        "nothing/here/",
    ]:
        response = client.get(API + url)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json; charset=utf-8")
    publish(draft)
    assert client.get(API + "final-accounts/dongxihu/hrss/2022/v2/").status_code == 404
    assert client.get(API + "final-accounts/dongxihu/hrss/2022/v1/").status_code == 200


def test_a_correction_in_progress_is_not_served(client, district):
    version = published_departments(district, 1)[0]
    final_account = version.final_account
    accountant = final_account.department.memberships.get().user
    workflow.open_correction(final_account, by=accountant, reason="更正表3")
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="98765432.10", by=accountant
    )
    detail = client.get(API + "final-accounts/dongxihu/hrss/2022/").json()
    assert ([v["version"] for v in detail["versions"]], detail["version"]) == ([1], 1)
    assert "98765432.10" not in client.get(API + "final-accounts/dongxihu/hrss/2022/facts/").content.decode()


def test_schema_and_documentation(client, district):
    published_departments(district, 1)
    schema = client.get(API + "schema.json").json()
    assert (schema["openapi"], schema["info"]["version"]) == ("3.1.0", "1")
    assert sorted(schema["paths"]) == [
        "/api/v1/bureaus/",
        "/api/v1/bureaus/{bureau}/",
        "/api/v1/departments/",
        "/api/v1/final-accounts/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/facts/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/statements/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/facts/",
        "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/statements/",
    ]
    docs = client.get("/api/").content.decode()
    assert "curl http://testserver/api/v1/final-accounts/dongxihu/hrss/2022/" in docs
    dictionary = client.get("/api/data-dictionary.csv").content.decode("utf-8-sig").splitlines()
    assert dictionary[0] == "表,表名,行次,栏次,科目编码,键,项目,栏目,单位"
    assert "表1,收入支出决算总表,27,1,,income_total,本年收入合计,收入 / 决算数,元" in dictionary
    assert (
        "表3,支出决算表,,1,<科目编码>,total,每个功能分类科目一行（类 3 位、款 5 位、项 7 位编码），另有合计行（编码为空）,本年支出合计,元"
        in dictionary
    )
    assert "stated_figures,填报金额（表外）,,,,operating_costs,机关运行经费,,元" in dictionary


@pytest.mark.parametrize("count", [1, 3])
def test_api_queries_do_not_grow_with_departments(client, district, count, django_assert_num_queries):
    published_departments(district, count)
    with django_assert_num_queries(2):
        assert client.get(API + "final-accounts/").json()["count"] == count
    with django_assert_num_queries(3):
        assert client.get(API + "departments/").json()["count"] == count
    with django_assert_num_queries(2):
        assert client.get(API + "bureaus/").json()["count"] == 2
