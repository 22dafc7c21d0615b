"""Statements as plain data and back: what a published version freezes of each table."""

import json
from decimal import Decimal

from accounts.statements import build_statements, load_facts
from accounts.statements.structures import statement_as_data, statement_from_data


def test_every_table_of_the_demo_comes_back_whole_from_its_data(demo):
    statements = build_statements(load_facts(demo))
    for statement in statements.values():
        data = json.loads(json.dumps(statement_as_data(statement), ensure_ascii=False))
        assert statement_from_data(data) == statement, statement.label


def test_the_data_of_a_table_holds_its_headers_spans_labels_and_notes(demo):
    detail = build_statements(load_facts(demo))["basic_expenditure_detail"]
    data = statement_as_data(detail)
    assert (data["kind"], data["number"], data["title"], data["unit"]) == (
        "basic_expenditure_detail",
        6,
        "一般公共预算财政拨款基本支出决算明细表",
        "元",
    )
    assert data["header_rows"][0] == [
        {"text": "人员经费", "colspan": 3, "rowspan": 1},
        {"text": "公用经费", "colspan": 6, "rowspan": 1},
    ]
    first = data["rows"][0]["cells"][:3]
    assert first == [
        {
            "value": None,
            "text": "301",
            "line": None,
            "column": None,
            "key": "",
            "code": "301",
            "colspan": 1,
            "role": "code",
        },
        {
            "value": None,
            "text": "工资福利支出",
            "line": None,
            "column": None,
            "key": "",
            "code": "301",
            "colspan": 1,
            "role": "name",
        },
        {
            "value": "12766900.00",
            "text": "",
            "line": 1,
            "column": None,
            "key": "economic",
            "code": "301",
            "colspan": 1,
            "role": "printed",  # the demo keeps the reference's printed cells
        },
    ]
    footer = data["rows"][-1]["cells"]
    assert [(c["text"], c["colspan"], c["role"]) for c in footer if c["value"] is None] == [
        ("人员经费合计", 2, "label"),
        ("公用经费合计", 5, "label"),
    ]
    assert data["notes"] == ["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"]
    assert statement_from_data(data).value(code="301", key="economic") == Decimal("12766900.00")
