"""Complete before submit: the content the format requires (C1, C2) and explaining a rule's warnings at once."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import editing, workflow
from accounts.models import Explanation, FigureChange, FinalAccount, ReportFormat
from accounts.rules import check_final_account
from accounts.rules.completeness import NATIONAL_REQUIRED_CONTENT
from accounts.rules.explanations import save_rule_explanation

SIGN_OFF = {"head_name": "张局长", "head_signed_on": datetime.date(2023, 3, 1)}
C2_TARGETS = [
    "文字说明/收入支出总计变动原因",
    "文字说明/收入变动原因",
    "文字说明/支出变动原因",
    "文字说明/财政拨款收支变动原因",
    "文字说明/一般公共预算财政拨款支出变动原因",
    "文字说明/“三公”经费决算数与预算数差异原因",
    "文字说明/“三公”经费较上年变动原因",
    "文字说明/机关运行经费变动原因",
    "文字说明/预算绩效管理工作开展情况",
]


@pytest.fixture
def required(final_account):
    """The final account's format requires what the national template does."""
    ReportFormat.objects.filter(pk=final_account.report_format_id).update(
        document={"required_content": NATIONAL_REQUIRED_CONTENT}
    )
    return FinalAccount.objects.get(pk=final_account.pk)


def found(final_account, rule_id):
    return [
        (f.severity, f.target, f.message) for f in check_final_account(final_account) if f.rule_id == rule_id
    ]


def test_a_format_without_requirements_requires_nothing(final_account):
    ReportFormat.objects.filter(pk=final_account.report_format_id).update(document={})
    final_account = FinalAccount.objects.get(pk=final_account.pk)
    assert [f.rule_id for f in check_final_account(final_account) if f.rule_id.startswith("C")] == []


def test_each_blank_required_section_is_an_error(required):
    assert found(required, "C1") == [
        ("error", "文字说明/部门主要职能", "必填内容“部门主要职能”未填写。"),
        ("error", "文字说明/部门决算单位构成", "必填内容“部门决算单位构成”未填写。"),
        ("error", "文字说明/重点工作完成情况", "必填内容“重点工作完成情况”未填写。"),
    ]


def test_a_written_section_is_no_longer_a_finding(required, accountant):
    editing.set_free_text(required, key="main_functions", text="负责全区人社工作。", by=accountant)
    editing.set_free_text(required, key="key_work", text="  ", by=accountant)
    assert [target for _s, target, _m in found(required, "C1")] == [
        "文字说明/部门决算单位构成",
        "文字说明/重点工作完成情况",
    ]


def test_an_empty_key_work_blocks_submission(required, accountant):
    with pytest.raises(workflow.SubmissionRefused) as refusal:
        workflow.submit(required, by=accountant, **SIGN_OFF)
    assert "C1 必填内容“重点工作完成情况”未填写。（文字说明/重点工作完成情况）" in refusal.value.messages
    assert FinalAccount.objects.get().status == FinalAccount.Status.DRAFT


def test_each_blank_expected_explanation_is_a_warning(required):
    assert found(required, "C2") == [
        (
            "warning",
            target,
            f"“{target.removeprefix('文字说明/')}”未填写；如确无需说明的内容，请书面说明理由。",
        )
        for target in C2_TARGETS
    ]


def test_the_warnings_of_one_rule_are_explained_together(required, accountant):
    assert save_rule_explanation(required, rule_id="C2", text="本年无此类变动。", by=accountant) == 9
    assert sorted(Explanation.objects.values_list("rule_id", "target", "text")) == sorted(
        ("C2", target, "本年无此类变动。") for target in C2_TARGETS
    )
    assert FigureChange.objects.filter(reason="同一规则的警告一并说明").count() == 9
    _errors, unexplained = workflow.open_findings(required)
    assert [f for f in unexplained if f.rule_id == "C2"] == []
    # Again with another text: each explanation changes, and only those that change are recorded.
    Explanation.objects.filter(target=C2_TARGETS[0]).update(text="另一说明。")
    assert save_rule_explanation(required, rule_id="C2", text="另一说明。", by=accountant) == 8


@pytest.mark.parametrize(
    ("rule_id", "text", "message"),
    [
        ("C2", " ", "请填写说明。"),
        ("C9", "说明", "该规则已没有警告，无需说明；请刷新审核结果。"),
        ("C1", "说明", "该规则已没有警告，无需说明；请刷新审核结果。"),  # errors are corrected, not explained
    ],
)
def test_a_grouped_explanation_is_refused_without_text_or_warnings(
    required, accountant, rule_id, text, message
):
    with pytest.raises(ValidationError) as error:
        save_rule_explanation(required, rule_id=rule_id, text=text, by=accountant)
    assert (error.value.messages, Explanation.objects.count()) == ([message], 0)


def test_a_grouped_explanation_is_refused_once_submitted(required, accountant):
    FinalAccount.objects.filter(pk=required.pk).update(status=FinalAccount.Status.SUBMITTED)
    with pytest.raises(ValidationError) as error:
        save_rule_explanation(required, rule_id="C2", text="说明", by=accountant)
    assert error.value.messages == ["2022年度区人社局部门决算 状态为“已报送”，不能修改审核说明。"]


def explain_rule_url(final_account):
    return reverse(
        "accounts:entry-explain-rule", kwargs={"bureau": "dongxihu", "department": "hrss", "year": 2022}
    )


def test_the_entry_screen_offers_and_saves_a_grouped_explanation(client, required, accountant):
    client.force_login(accountant)
    screen = client.get(
        reverse(
            "accounts:entry-screen",
            kwargs={"bureau": "dongxihu", "department": "hrss", "year": 2022, "screen": "texts"},
        )
    )
    assert (
        "一并说明规则 C2（情况说明中应有的说明未填写）的全部 9 条警告，其中 9 条尚未说明"
        in screen.content.decode()
    )
    response = client.post(
        explain_rule_url(required),
        data=json.dumps({"screen": "texts", "rule_id": "C2", "text": "本年无变动。"}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["message"]) == (200, "已一并说明规则 C2 的 9 条警告。")
    assert Explanation.objects.filter(rule_id="C2", text="本年无变动。").count() == 9


def test_the_findings_page_form_saves_a_grouped_explanation(client, required, accountant):
    client.force_login(accountant)
    response = client.post(explain_rule_url(required), {"rule_id": "C2", "text": "本年无变动。"})
    assert (response.status_code, response.url) == (302, "/review/dongxihu/hrss/2022/findings/")
    assert Explanation.objects.filter(rule_id="C2").count() == 9


def test_an_outsider_cannot_explain_a_rule(client, required, other_department_accountant):
    client.force_login(other_department_accountant)
    response = client.post(explain_rule_url(required), {"rule_id": "C2", "text": "本年无变动。"})
    assert (response.status_code, Explanation.objects.count()) == (404, 0)
