"""The grid's endpoint that keeps a code the edition lacks pending for the final account."""

import json

import pytest

from accounts.models import FunctionalSubject

pytestmark = pytest.mark.django_db

URL = "/entry/dongxihu/hrss/2022/pending-subjects/"


def post(client, body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_an_accountant_keeps_a_code_pending_with_its_name(client, accountant, final_account):
    client.force_login(accountant)
    response = post(client, {"code": "2050202", "name": "小学教育"})
    assert response.status_code == 200
    assert response.json() == {
        "code": "2050202",
        "name": "小学教育",
        "pending": True,
        "chain": [
            {"code": "205", "name": "教育支出", "pending": False},
            {"code": "20502", "name": "普通教育", "pending": False},
            {"code": "2050202", "name": "小学教育", "pending": True},
        ],
    }
    assert FunctionalSubject.all_objects.get(code="2050202").pending_for_id == final_account.pk


def test_the_names_of_missing_parents_are_asked_for(client, accountant, final_account):
    client.force_login(accountant)
    response = post(client, {"code": "2059901", "name": "某项"})
    assert (response.status_code, response.json()) == (
        400,
        {
            "message": "科目 2059901 的上级科目 20599 也不在 2022 年版中，请同时填写其名称。",
            "missing": ["20599"],
        },
    )
    response = post(client, {"code": "2059901", "name": "某项", "parents": {"20599": "其他教育支出"}})
    assert [row["code"] for row in response.json()["chain"]] == ["205", "20599", "2059901"]


def test_a_malformed_body_or_code_is_a_clear_error(client, accountant, final_account):
    client.force_login(accountant)
    response = client.post(URL, "not json", content_type="application/json")
    assert (response.status_code, response.json()["message"]) == (400, "请求格式不正确。")
    response = post(client, {"code": "20X", "name": "某"})
    assert (response.status_code, response.json()["message"]) == (
        400,
        "功能分类科目编码“20X”格式不正确（须为 3、5 或 7 位数字）。",
    )


@pytest.mark.parametrize("persona", ["other_department_accountant", "reviewer"])
def test_others_get_a_404(client, request, persona, final_account):
    client.force_login(request.getfixturevalue(persona))
    assert post(client, {"code": "2050202", "name": "小学教育"}).status_code == 404
    assert FunctionalSubject.all_objects.filter(code="2050202").exists() is False
