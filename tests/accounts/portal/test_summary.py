"""汇总: a bureau's nine tables summed over its departments' current published versions."""

import csv
import io
from collections import Counter
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from accounts import editing, workflow
from accounts.models import Job
from accounts.open_data.disclosure import version_statements
from accounts.open_data.layout import address
from accounts.open_data.summary import build_summary
from tests.builders import make_bureau, make_department, make_final_account
from tests.workers import run_queued_tasks

from .conftest import enter_clean_figures, publish, published_departments


def amounts(statements):
    """{(table kind, address): 元} of every amount cell of `statements`."""
    return {
        (s.kind, address(s.kind, c.line, c.column, c.code, c.key)): c.value
        for s in statements
        for row in s.rows
        for c in row.cells
        if c.is_amount
    }


def test_summary_is_the_sum_of_three_departments_statements(district):
    versions = published_departments(district, 3)
    summary = build_summary(district, 2022)
    expected = Counter()
    for version in versions:
        expected.update(amounts(version_statements(version)))
    summed = amounts(summary.statements)
    assert {where: value for where, value in summed.items() if value} == {
        where: value for where, value in expected.items() if value
    }
    assert set(expected) <= set(summed)
    by_table = {s.kind: s for s in summary.statements}
    assert by_table["income_expenditure_summary"].value(key="income_total") == Decimal("6000.00")
    assert by_table["expenditure"].value(code="2080101", key="total") == Decimal("4000.00")
    assert by_table["expenditure"].value(code="2010601", key="total") == Decimal("2000.00")
    assert by_table["expenditure"].value(code="", key="total") == Decimal("6000.00")
    assert by_table["general_budget_expenditure"].value(code="208", key="basic") == Decimal("4000.00")
    assert by_table["basic_expenditure_detail"].value(code="30101", key="economic") == Decimal("6000.00")
    assert [row.code for row in by_table["expenditure"].rows] == [
        "",
        "201",
        "20106",
        "2010601",
        "208",
        "20801",
        "2080101",
    ]
    assert [v.final_account.department.slug for v in summary.versions] == ["hrss", "health", "finance"]


def test_summary_includes_child_bureaus_and_only_current_versions(city, district):
    published_departments(district, 2)
    other_district = make_bureau(slug="caidian", name="蔡甸区财政局", parent=city)
    department = make_department(
        other_district, slug="hrss", name="武汉市蔡甸区人力资源和社会保障局", short_name="蔡甸人社"
    )
    final_account = enter_clean_figures(make_final_account(department), "500.00")
    publish(final_account)
    accountant = final_account.department.memberships.get().user
    workflow.open_correction(final_account, by=accountant, reason="更正表3")
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="99999.00", by=accountant
    )

    summary = build_summary(city, 2022)
    totals = {s.kind: s for s in summary.statements}["income_expenditure_summary"]
    assert totals.value(key="income_total") == Decimal("3500.00")  # 1000 + 2000 + 500 as published
    assert [b.slug for b in summary.child_bureaus] == ["dongxihu", "caidian"]
    assert build_summary(district, 2022).statements[0].value(key="income_total") == Decimal("3000.00")


def test_summary_page_and_downloads(client, district):
    published_departments(district, 3)
    page = client.get("/summary/dongxihu/2022/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "2022年度东西湖区财政局部门决算汇总" in html
    assert "本汇总为下列 3 个部门已公开决算现行版本的九张报表逐格相加" in html
    assert page["Cache-Control"] == "public, max-age=0, s-maxage=300"

    rows = list(
        csv.reader(io.StringIO(client.get("/summary/dongxihu/2022/tables.csv").content.decode("utf-8-sig")))
    )
    income_total = next(r for r in rows if r[0] == "表1" and r[5] == "income_total")
    assert income_total[-2:] == ["6000.00", "0.60"]
    workbook = load_workbook(io.BytesIO(client.get("/summary/dongxihu/2022/tables.xlsx").content))
    assert workbook["表1（元）"]["A2"].value == "东西湖区财政局（汇总）　金额单位：元"
    assert workbook["表1（元）"]["C32"].value == 6000
    pending = client.get("/summary/dongxihu/2022/pdf/")
    job = Job.objects.get(kind=Job.Kind.SUMMARY_PDF)
    assert (pending.status_code, pending["Cache-Control"]) == (202, "no-store")
    assert f'<meta http-equiv="refresh" content="3; url=/summary/dongxihu/2022/pdf/?job={job.pk}">' in (
        pending.content.decode()
    )
    assert client.get(f"/summary/dongxihu/2022/pdf/?job={job.pk}").status_code == 202
    assert Job.objects.count() == 1  # the page reloading itself starts nothing more
    run_queued_tasks()
    pdf = client.get(f"/summary/dongxihu/2022/pdf/?job={job.pk}")
    assert (pdf.status_code, pdf["Content-Type"], pdf.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_summary_of_a_bureau_without_publications_is_a_404(client, district):
    department = make_department(district)
    enter_clean_figures(make_final_account(department), "1000.00")
    assert client.get("/summary/dongxihu/2022/").status_code == 404
    assert client.get("/summary/dongxihu/2021/").status_code == 404
    assert client.get("/summary/nowhere/2022/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_summary_queries_do_not_grow_with_departments(client, district, count, django_assert_num_queries):
    published_departments(district, count)
    with django_assert_num_queries(7):
        build_summary(district, 2022)
    with django_assert_num_queries(9):
        assert client.get("/summary/dongxihu/2022/").status_code == 200
