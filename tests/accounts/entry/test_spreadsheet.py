"""The server side of the spreadsheet-like grids: findings over unsaved figures, the input policy of
amounts, and the deadline on the workspace."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import comments, editing
from accounts.entry import findings_of, findings_with_unsaved, save_cells
from accounts.entry.amounts import read_amount_text
from accounts.models import (
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    IncomeFact,
    ReportFormat,
    SubmissionDeadline,
)
from accounts.statements import load_facts
from accounts.views.workspace import deadline_text


def check_url(final_account):
    return reverse(
        "accounts:entry-check",
        kwargs={"bureau": "dongxihu", "department": "hrss", "year": final_account.year},
    )


def keys(findings):
    return sorted((f.rule_id, f.target, f.severity) for f in findings)


SPENT = {"name": "expenditure|2080101|general_budget|basic", "value": "150", "original": ""}


def test_findings_with_unsaved_are_those_a_save_would_give_and_nothing_is_kept(final_account, accountant):
    stored = keys(findings_of(load_facts(final_account)))
    _facts, unsaved, result = findings_with_unsaved(final_account, [SPENT], by=accountant)
    assert (ExpenditureFact.objects.count(), FigureChange.objects.count(), result.errors) == (0, 0, {})
    save_cells(final_account, [SPENT], by=accountant)
    saved = keys(findings_of(load_facts(final_account)))
    assert keys(unsaved) == saved
    assert saved != stored


def test_check_view_answers_the_findings_of_unsaved_figures(client, final_account, accountant):
    # Figures only: a format that requires no texts or self-evaluation (C1–C4 are tested on their own).
    ReportFormat.objects.filter(pk=final_account.report_format_id).update(document={})
    final_account = FinalAccount.objects.get(pk=final_account.pk)
    client.force_login(accountant)
    response = client.post(
        check_url(final_account),
        data=json.dumps({"screen": "expenditure", "cells": [SPENT]}),
        content_type="application/json",
    )
    data = response.json()
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="150", by=accountant
    )
    rules = sorted({f.rule_id for f in findings_of(load_facts(final_account))})
    assert (response.status_code, data["errors"], data["notes"]) == (200, {}, {})
    assert sorted(set(re.findall(r'data-rule="([^"]+)"', data["findings_html"]))) == rules


def test_check_view_names_unreadable_cells_and_converted_digits(client, final_account, accountant):
    client.force_login(accountant)
    cells = [
        {"name": "income|2080101|general_budget", "value": "1e5"},
        {"name": "income|2080102|general_budget", "value": "１２３４５"},
    ]
    response = client.post(
        check_url(final_account),
        data=json.dumps({"screen": "income", "cells": cells}),
        content_type="application/json",
    )
    assert response.json()["errors"] == {
        "income|2080101|general_budget": "金额“1e5”含科学计数法，请输入完整的数字。"
    }
    assert response.json()["notes"] == {
        "income|2080102|general_budget": "已将全角字符“１２３４５”转换为“12345”。"
    }
    assert IncomeFact.objects.count() == 0


def test_check_view_refuses_a_malformed_request(client, final_account, accountant):
    client.force_login(accountant)
    response = client.post(check_url(final_account), data="[1]", content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"message": "请求格式不正确。"})


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("１２３４５", ("12345", "已将全角字符“１２３４５”转换为“12345”。")),
        ("１，２３４．５０", ("1,234.50", "已将全角字符“１，２３４．５０”转换为“1,234.50”。")),
        (" 1,234.50 ", ("1,234.50", "")),
        ("", ("", "")),
    ],
)
def test_read_amount_text_converts_full_width_digits_with_a_note(typed, expected):
    assert read_amount_text(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e5", "金额“1e5”含科学计数法，请输入完整的数字。"),
        ("1E-2", "金额“1E-2”含科学计数法，请输入完整的数字。"),
        ("1_000", "金额“1_000”含下划线，请只用数字、逗号和小数点。"),
        ("١٢٣", "金额“١٢٣”含非阿拉伯数字，请用 0–9 输入。"),
    ],
)
def test_read_amount_text_refuses_exponents_underscores_and_other_scripts(typed, message):
    with pytest.raises(ValidationError) as error:
        read_amount_text(typed)
    assert error.value.messages == [message]


def test_save_converts_full_width_digits_and_refuses_exponents(final_account, accountant):
    result = save_cells(
        final_account,
        [
            {"name": "income|2080101|general_budget", "value": "１２３４５", "original": ""},
            {"name": "income|2080102|general_budget", "value": "1e5", "original": ""},
        ],
        by=accountant,
    )
    assert (result.saved, result.errors, result.notes) == (
        {"income|2080101|general_budget": "12345.00"},
        {"income|2080102|general_budget": "金额“1e5”含科学计数法，请输入完整的数字。"},
        {"income|2080101|general_budget": "已将全角字符“１２３４５”转换为“12345”。"},
    )
    assert list(IncomeFact.objects.values_list("subject__code", "amount")) == [("2080101", 12345)]


@pytest.mark.parametrize(
    ("due_on", "text"),
    [
        (datetime.date(2023, 3, 31), "报送截止 2023年3月31日，还剩 12 天"),
        (datetime.date(2023, 3, 19), "报送截止 2023年3月19日，今天截止"),
        (datetime.date(2023, 3, 16), "报送截止 2023年3月16日，已逾期 3 天"),
        (None, ""),
    ],
)
def test_deadline_text_counts_the_days_left(due_on, text):
    assert deadline_text(due_on, datetime.date(2023, 3, 19)) == text


def test_workspace_shows_the_deadline_and_days_left(client, final_account, accountant):
    due_on = timezone.localdate() + datetime.timedelta(days=10)
    SubmissionDeadline.objects.create(bureau=final_account.department.bureau, year=2022, due_on=due_on)
    client.force_login(accountant)
    response = client.get(reverse("accounts:workspace"))
    [row] = response.context["departments"][0]["accounts"]
    expected = f"报送截止 {due_on.year}年{due_on.month}月{due_on.day}日，还剩 10 天"
    assert (row["deadline"], row["overdue"]) == (expected, False)
    assert f'<td class="deadline">{expected}</td>' in response.content.decode()


def test_workspace_counts_the_open_comment_threads(client, final_account, accountant, reviewer):
    thread = comments.add_comment(final_account, by=reviewer, text="请核对表5 本年支出。")
    comments.add_comment(final_account, by=reviewer, text="第六部分附件请补齐。")
    comments.reply_to_comment(thread, by=accountant, text="已核对。")
    comments.resolve_comment(thread, by=reviewer)
    client.force_login(accountant)
    response = client.get(reverse("accounts:workspace"))
    [row] = response.context["departments"][0]["accounts"]
    # Two threads, one resolved; the reply is not a thread of its own.
    assert row["open_comments"] == 1
    assert f'<a href="{row["case_url"]}#comments">1</a>' in response.content.decode()
