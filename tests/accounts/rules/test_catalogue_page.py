"""The rule catalogue page and its JSON: every registered rule, its severity and the reasoning behind it."""

from accounts.rules import registered_rules
from accounts.rules.guide import REASONS


def test_every_registered_rule_has_its_severity_reasoned():
    assert sorted({r.id for r in registered_rules()} - set(REASONS)) == []


def test_the_catalogue_page_lists_every_rule_for_anyone(client, db):
    response = client.get("/api/rules/")
    assert response.status_code == 200
    content = response.content.decode()
    ids = [r.id for r in registered_rules()]
    assert all(f'<tr id="rule-{rule_id}">' in content for rule_id in ids) is True
    assert (
        "<td>上年数可能确有不同（上年有其他资金），但文字说明中将出现两个不同的增减，须核对或说明。</td>"
        in content
    )


def test_the_api_dictionary_of_rules(client, db):
    body = client.get("/api/v1/rules/").json()
    assert [s["severity"] for s in body["severities"]] == ["error", "warning", "notice"]
    y2 = next(r for r in body["rules"] if r["id"] == "Y2")
    assert y2 == {
        "id": "Y2",
        "message": "本年相等的两个数字，上年数不一致，文字说明中的较上年增减将互相矛盾",
        "severity": "warning",
        "severity_label": "警告",
        "tolerance": "exact",
        "tolerance_name": "精确相等",
        "tolerance_reason": "按元录入的数据没有单位换算，勾稽关系在元上必须精确成立。",
        "source": "情况说明 三与五(一)、二与四的较上年增减",
        "reason": "上年数可能确有不同（上年有其他资金），但文字说明中将出现两个不同的增减，须核对或说明。",
    }
    assert [r["id"] for r in body["rules"]] == [r.id for r in registered_rules()]
    assert client.get("/api/v1/").json()["rules"] == "http://testserver/api/v1/rules/"
