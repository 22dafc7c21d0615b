"""The findings page and the written explanations: members of the department and bureau only."""

import pytest
from django.urls import reverse

from accounts import editing
from accounts.models import Explanation, FigureChange, FinalAccount
from accounts.rules.presentation import finding_id

from .builders import WAN

TARGET = "表5/2101101/栏1"


def url(final_account, name="accounts:findings"):
    return reverse(
        name,
        kwargs={
            "bureau": final_account.department.bureau.slug,
            "department": final_account.department.slug,
            "year": final_account.year,
        },
    )


@pytest.fixture
def warned(consistent):
    """The consistent account with one warning: 2101101 has spending but no year-start budget (P5)."""
    editing.set_budget(consistent, code="2101101", amount=None, by=None)
    return consistent


def test_an_accountant_sees_findings_grouped_by_table_with_a_box_for_each_warning(client, warned, accountant):
    editing.set_official_expense(warned, item="reception", budget="50", actual="55", **WAN)
    editing.set_stated_figure(warned, key="reception_domestic", amount="55", **WAN)
    client.force_login(accountant)
    response = client.get(url(warned))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [
        (group.table, [(row.finding.rule_id, row.finding.target) for row in group.rows]) for group in groups
    ] == [
        ("表5", [("P5", TARGET)]),
        ("表9", [("P3", "表9/栏12")]),
    ]
    assert [(c.severity, c.count) for c in response.context["counts"]] == [
        ("error", 0),
        ("warning", 2),
        ("notice", 0),
    ]
    assert response.context["can_explain"] is True
    content = response.content.decode()
    # The link lands on the cell of the draft disclosure (the findings are of the live figures; an
    # unpublished account has no public page), whose id is the cell's address's anchor.
    assert (
        f'<a href="/preview{warned.get_absolute_url()}#cell-general_budget_expenditure-2101101-1">{TARGET}</a>'
        in content
    )
    assert f'<textarea id="{finding_id("P5", TARGET)}-text" name="text"' in content
    assert "项级科目 2101101 行政单位医疗 有支出但未填报年初预算" in content
    assert [group.heading for group in groups] == [
        "表5 一般公共预算财政拨款支出决算表",
        "表9 财政拨款“三公”经费支出决算表",
    ]


def test_an_accountant_writes_an_explanation_that_the_reviewer_reads(client, warned, accountant, reviewer):
    client.force_login(accountant)
    response = client.post(
        url(warned, "accounts:finding-explain"),
        {"rule_id": "P5", "target": TARGET, "text": "年初预算在其他科目中安排，年中调剂。"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{url(warned)}#{finding_id('P5', TARGET)}"
    explanation = Explanation.objects.get(final_account=warned)
    assert (explanation.rule_id, explanation.target, explanation.text, explanation.author) == (
        "P5",
        TARGET,
        "年初预算在其他科目中安排，年中调剂。",
        accountant,
    )
    change = FigureChange.objects.filter(final_account=warned).order_by("-id").first()
    assert (change.field, change.old_value, change.new_value, change.user) == (
        f"审核说明 P5 {TARGET}",
        "",
        "年初预算在其他科目中安排，年中调剂。",
        accountant,
    )
    client.force_login(reviewer)
    response = client.get(url(warned))
    assert response.context["can_explain"] is False
    row = response.context["groups"][0].rows[0]
    assert row.explanation == explanation
    assert "年初预算在其他科目中安排，年中调剂。" in response.content.decode()
    assert "<textarea" not in response.content.decode()


def test_a_blank_explanation_removes_it(client, warned, accountant):
    client.force_login(accountant)
    client.post(url(warned, "accounts:finding-explain"), {"rule_id": "P5", "target": TARGET, "text": "原因"})
    client.post(url(warned, "accounts:finding-explain"), {"rule_id": "P5", "target": TARGET, "text": "  "})
    assert Explanation.objects.filter(final_account=warned).exists() is False


def test_only_a_current_warning_can_be_explained(client, warned, accountant):
    client.force_login(accountant)
    response = client.post(
        url(warned, "accounts:finding-explain"),
        {"rule_id": "P5", "target": "表5/2080101/栏1", "text": "说明"},
        follow=True,
    )
    assert Explanation.objects.filter(final_account=warned).exists() is False
    assert [str(m) for m in response.context["messages"]] == [
        "说明未保存：该警告已不存在，无需说明；请刷新审核结果。"
    ]


def test_explanations_are_locked_once_submitted(client, warned, accountant):
    FinalAccount.objects.filter(pk=warned.pk).update(status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    assert client.get(url(warned)).context["can_explain"] is False
    response = client.post(
        url(warned, "accounts:finding-explain"),
        {"rule_id": "P5", "target": TARGET, "text": "说明"},
        follow=True,
    )
    assert Explanation.objects.filter(final_account=warned).exists() is False
    assert [str(m) for m in response.context["messages"]] == [
        f"说明未保存：{warned} 状态为“已报送”，不能修改审核说明。",
    ]


def test_a_reviewer_cannot_write_explanations(client, warned, reviewer):
    client.force_login(reviewer)
    response = client.post(
        url(warned, "accounts:finding-explain"), {"rule_id": "P5", "target": TARGET, "text": "x"}
    )
    assert response.status_code == 404
    assert Explanation.objects.exists() is False


@pytest.mark.parametrize("persona", ["other_department_accountant", "other_bureau_reviewer"])
def test_outsiders_get_a_404(client, warned, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(warned)).status_code == 404
    assert (
        client.post(
            url(warned, "accounts:finding-explain"), {"rule_id": "P5", "target": TARGET, "text": "x"}
        ).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, warned):
    response = client.get(url(warned))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_explaining_needs_post(client, warned, accountant):
    client.force_login(accountant)
    assert client.get(url(warned, "accounts:finding-explain")).status_code == 405


ITEM_CODES = ["2080101", "2080505", "2101101"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_findings_page_takes_a_constant_number_of_queries(
    client, final_account, accountant, django_assert_num_queries, item_count
):
    for code in ITEM_CODES[:item_count]:
        editing.set_expenditure(
            final_account, code=code, fund="general_budget", kind="basic", amount="100", **WAN
        )
    client.force_login(accountant)
    client.post(
        url(final_account, "accounts:finding-explain"),
        {"rule_id": "P5", "target": "表5/2080101/栏1", "text": "说明"},
    )
    with django_assert_num_queries(24):
        response = client.get(url(final_account))
    # 其他 and 文字说明: what the format requires and the account lacks (C3; C1, C2).
    assert [group.table for group in response.context["groups"]] == ["表1", "表4", "表5", "其他", "文字说明"]
