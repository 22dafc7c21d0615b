"""One input policy (accounts/inputs.py) wherever input enters: control characters and malformed amounts.

Before it, a NUL byte anywhere reached PostgreSQL (a 500) and `1E+1000000` raised decimal.Overflow.
"""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import editing, inputs
from accounts.models import Budget, FigureChange, FreeText, IncomeFact


def entry_url(final_account, name):
    department = final_account.department
    return reverse(
        f"accounts:{name}",
        kwargs={"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year},
    )


def save_cells(client, final_account, cells):
    return client.post(
        entry_url(final_account, "entry-save"),
        data=json.dumps({"screen": "income", "cells": cells}),
        content_type="application/json",
    )


@pytest.mark.parametrize(
    ("text", "amount", "note"),
    [
        ("1,234.50", Decimal("1234.50"), ""),
        ("-1，234，567", Decimal("-1234567"), ""),
        (" 1234 ", Decimal("1234"), ""),
        ("１２３．４", Decimal("123.4"), "全角数字“１２３．４”已按“123.4”读取。"),
        ("-5", Decimal("-5"), ""),
        ("", None, ""),
    ],
)
def test_amounts_accept_ascii_digits_separators_and_full_width_digits_with_a_note(text, amount, note):
    assert inputs.parse_amount(text) == (amount, note)


@pytest.mark.parametrize(
    "text",
    [
        "1E+1000000",
        "1e3",
        "1_000",
        "١٢٣",
        "१२३",
        "NaN",
        "Infinity",
        "-inf",
        "1.2.3",
        "12345678901234567",
        "0x10",
        "1234,56",
        "1,2,3",
        "1,234.5,6",
    ],
)
def test_amounts_refuse_exponents_underscores_other_scripts_non_finite_and_out_of_range(text):
    with pytest.raises(ValidationError) as refused:
        inputs.parse_amount(text)
    assert "金额" in refused.value.messages[0]


def test_minus_zero_is_stored_as_zero(final_account, accountant):
    amount, _note = inputs.parse_amount("-0")
    assert str(amount) == "0"
    assert str(editing.parse_amount("-0.00", allow_negative=True)) == "0.00"
    editing.set_budget(final_account, amount="-0", by=accountant)
    assert str(Budget.objects.get(final_account=final_account).amount) == "0.00"


def test_a_huge_exponent_in_a_grid_is_refused_with_a_message_not_a_500(client, final_account, accountant):
    client.force_login(accountant)
    response = save_cells(
        client,
        final_account,
        [{"name": "income|2080101|general_budget", "value": "1E+1000000", "original": ""}],
    )
    assert response.status_code == 200
    assert response.json()["errors"] == {
        "income|2080101|general_budget": "金额“1E+1000000”含科学计数法，请输入完整的数字。"
    }
    assert not IncomeFact.objects.exists()


def test_a_count_refuses_underscores_and_other_digit_scripts():
    for text in ("1_000", "١٢"):
        with pytest.raises(ValidationError):
            editing.parse_count(text)
    assert editing.parse_count("１２") == 12


def test_a_nul_in_a_search_is_a_chinese_400(client, db):
    response = client.get(reverse("accounts:portal-search"), {"q": "人社\x00"})
    assert response.status_code == 400
    assert "输入中含有不允许的控制字符（U+0000）" in response.content.decode()


def test_a_nul_in_a_form_body_is_a_chinese_400_and_nothing_is_saved(client, final_account, reviewer):
    client.force_login(reviewer)
    response = client.post(
        reverse("accounts:case-comment", kwargs=_address(final_account)),
        {"text": "意见\x00", "address": ""},
    )
    assert response.status_code == 400
    assert "U+0000" in response.content.decode()
    assert not final_account.comments.exists()


def _address(final_account):
    department = final_account.department
    return {"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year}


def test_a_control_character_in_a_json_body_is_refused(client, final_account, accountant):
    client.force_login(accountant)
    response = save_cells(
        client, final_account, [{"name": "text|main_functions|", "value": "职能\x00", "original": ""}]
    )
    assert response.status_code == 400
    assert response.json() == {"error": "输入中含有不允许的控制字符（U+0000），请删除后重试。"}
    assert not FreeText.objects.exists()


def test_text_saved_through_editing_refuses_control_characters_and_keeps_line_breaks(final_account):
    with pytest.raises(ValidationError) as refused:
        editing.set_free_text(final_account, key="main_functions", text="第一段\x1b第二段", by=None)
    assert "U+001B" in refused.value.messages[0]
    assert not FigureChange.objects.exists()
    editing.set_free_text(final_account, key="main_functions", text="第一段\r\n\t第二段", by=None)
    assert FreeText.objects.get().text == "第一段\r\n\t第二段"


def test_an_overlong_query_string_value_is_a_chinese_400(client, db):
    response = client.get(reverse("accounts:portal-search"), {"q": "人" * 1001})
    assert response.status_code == 400
    assert "查询参数超过 1000 个字符，请缩短后重试。" in response.content.decode()
    assert client.get(reverse("accounts:portal-search"), {"q": "人" * 1000}).status_code == 200


@pytest.mark.parametrize(
    ("text", "value"),
    [("80.5", Decimal("80.5")), ("８０", Decimal("80")), ("", None), ("1,000", Decimal("1000"))],
)
def test_the_policy_decimal_field_reads_what_the_policy_accepts(text, value):
    assert inputs.DecimalField(required=False, max_digits=6, decimal_places=2).clean(text) == value


@pytest.mark.parametrize("text", ["1_000", "١٢٣", "1e3", "NaN"])
def test_the_policy_decimal_field_refuses_what_django_alone_takes(text):
    with pytest.raises(ValidationError):
        inputs.DecimalField(max_digits=6, decimal_places=2).clean(text)
