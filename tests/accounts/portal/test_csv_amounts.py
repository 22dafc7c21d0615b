"""Every 元 column of every public CSV holds exact 元 with two decimals, on PostgreSQL and on SQLite.

SQLite returns a sum without its scale (3000.5 for 3000.50); the CSV writers format the amounts.
"""

import csv
import io
import re

from tests.builders import make_department, make_final_account

from .conftest import enter_clean_figures, publish

TWO_DECIMALS = re.compile(r"-?\d+\.\d\d")


def csv_rows(response):
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def yuan_values(rows):
    """Return every value of the columns headed “…（元）”, blanks left out, and check there are some."""
    columns = [index for index, heading in enumerate(rows[0]) if heading.endswith("（元）")]
    assert columns, rows[0]
    values = [row[index] for row in rows[1:] for index in columns if row[index] != ""]
    assert values
    return values


def test_every_yuan_column_of_every_csv_has_exactly_two_decimals(client, district):
    for slug, name, amount, code in [
        ("hrss", "武汉市东西湖区人力资源和社会保障局", "1000.50", "2080101"),
        ("finance", "武汉市东西湖区财政局机关", "2000.00", "2010601"),
    ]:
        department = make_department(district, slug=slug, name=name, short_name=name[6:])
        publish(enter_clean_figures(make_final_account(department), amount, code=code))

    version = csv_rows(client.get("/dongxihu/hrss/2022/tables.csv"))
    summary = csv_rows(client.get("/summary/dongxihu/2022/tables.csv"))
    departments = csv_rows(client.get("/compare/dongxihu/2022/csv/"))
    years = csv_rows(client.get("/compare/dongxihu/years/csv/"))
    department_years = csv_rows(client.get("/compare/dongxihu/hrss/csv/"))
    for rows in (version, summary, departments, years, department_years):
        assert [value for value in yuan_values(rows) if not TWO_DECIMALS.fullmatch(value)] == []

    def income_total(rows):
        return next(row[-2:] for row in rows if row[0] == "表1" and row[5] == "income_total")

    assert income_total(version) == ["1000.50", "0.10"]
    assert income_total(summary) == ["3000.50", "0.30"]
    assert [row[1:6] for row in departments[1:]] == [
        ["武汉市东西湖区人力资源和社会保障局", "2022", "1", "1000.50", "1000.50"],
        ["武汉市东西湖区财政局机关", "2022", "1", "2000.00", "2000.00"],
    ]
    assert years[1][:6] == ["2022", "2", "3000.50", "3000.50", "3000.50", "0.00"]
    assert department_years[1][:5] == [
        "武汉市东西湖区人力资源和社会保障局",
        "2022",
        "1",
        "1000.50",
        "1000.50",
    ]
