"""Every allowed and refused transition, the submission gate, locked figures, corrections."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import comparison, editing, workflow
from accounts.models import Explanation, FinalAccount, IncomeFact, Transition
from accounts.publishing import read_verified
from tests.builders import follow_table_five

from .conftest import SIGN_OFF

Status = FinalAccount.Status

ALL_ACTIONS = {
    "submit": lambda fa, user: workflow.submit(fa, by=user, **SIGN_OFF),
    "withdraw": lambda fa, user: workflow.withdraw(fa, by=user),
    "return": lambda fa, user: workflow.return_for_revision(fa, by=user, reason="请补充说明"),
    "approve": lambda fa, user: workflow.approve(fa, by=user),
    "correct": lambda fa, user: workflow.open_correction(fa, by=user, reason="更正表6"),
}
ACTOR = {
    "submit": "accountant",
    "withdraw": "accountant",
    "return": "reviewer",
    "approve": "reviewer",
    "correct": "accountant",
}
ALLOWED = {
    Status.DRAFT: {"submit"},
    Status.SUBMITTED: {"withdraw", "return", "approve"},
    Status.RETURNED: {"submit"},
    Status.APPROVED: set(),
    Status.PUBLISHED: {"correct"},
}
TARGET = {
    "submit": Status.SUBMITTED,
    "withdraw": Status.DRAFT,
    "return": Status.RETURNED,
    "approve": Status.APPROVED,
    "correct": Status.DRAFT,
}


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(ALL_ACTIONS))
def test_every_transition_is_allowed_or_refused(clean_account, accountant, reviewer, status, action):
    FinalAccount.objects.filter(pk=clean_account.pk).update(status=status)
    actor = {"accountant": accountant, "reviewer": reviewer}[ACTOR[action]]
    if action in ALLOWED[status]:
        step = ALL_ACTIONS[action](clean_account, actor)
        clean_account.refresh_from_db()
        assert (clean_account.status, step.from_status, step.to_status, step.by) == (
            TARGET[action],
            status,
            TARGET[action],
            actor,
        )
    else:
        with pytest.raises(ValidationError) as excinfo:
            ALL_ACTIONS[action](clean_account, actor)
        assert excinfo.value.code == "transition"
        clean_account.refresh_from_db()
        assert clean_account.status == status
        assert Transition.objects.count() == 0


def test_publish_is_refused_unless_approved(clean_account, reviewer):
    with pytest.raises(ValidationError) as excinfo:
        workflow.publish(clean_account, by=reviewer)
    assert excinfo.value.messages == ["2022年度区人社局部门决算 当前状态为“草稿”，不能公开。"]


@pytest.mark.parametrize("action", ["submit", "withdraw"])
def test_reviewers_cannot_act_for_the_department(clean_account, reviewer, accountant, action):
    if action == "withdraw":
        workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    with pytest.raises(PermissionDenied):
        ALL_ACTIONS[action](clean_account, reviewer)


@pytest.mark.parametrize("action", ["return", "approve"])
def test_accountants_cannot_review(clean_account, accountant, action):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    with pytest.raises(PermissionDenied):
        ALL_ACTIONS[action](clean_account, accountant)


def test_other_bureau_reviewer_cannot_approve(clean_account, accountant, other_bureau_reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    with pytest.raises(PermissionDenied):
        workflow.approve(clean_account, by=other_bureau_reviewer)


def test_submission_records_the_heads_sign_off_and_locks_figures(clean_account, accountant):
    step = workflow.submit(clean_account, by=accountant, head_name="张局长", head_signed_on="2023-03-01")
    assert (step.head_name, step.head_signed_on) == ("张局长", datetime.date(2023, 3, 1))
    assert step.snapshot["income|2080101|general_budget"] == "1000.00"
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(clean_account, code="2080101", source="general_budget", amount="5", by=accountant)
    assert excinfo.value.messages == ["2022年度区人社局部门决算 状态为“已报送”，数据已锁定，不能修改。"]
    assert IncomeFact.objects.get().amount == Decimal("1000.00")


def test_submission_without_sign_off_is_refused(clean_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        workflow.submit(clean_account, by=accountant, head_name=" ", head_signed_on=None)
    assert excinfo.value.messages == ["报送须有单位主要负责人签批：请填写姓名和签批日期。"]


def test_submission_is_refused_while_an_error_finding_remains(clean_account, accountant):
    # 表6 now adds up to 900.00 while 表5 基本支出 is 1000.00 (exact 元 entry): an error.
    editing.set_basic_detail(clean_account, code="30101", amount="900.00", by=accountant)
    with pytest.raises(workflow.SubmissionRefused) as excinfo:
        workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    refused = excinfo.value
    assert [f.rule_id for f in refused.errors_found] == ["R23"]
    assert refused.messages[0] == "不能报送：尚有 1 个错误、0 个未说明的警告。"
    clean_account.refresh_from_db()
    assert clean_account.status == Status.DRAFT


def test_submission_needs_an_explanation_for_each_warning(clean_account, accountant):
    # Spending on an item subject without a year-start budget is a warning.
    editing.set_budget(clean_account, code="2080101", amount=None, by=accountant)
    with pytest.raises(workflow.SubmissionRefused) as excinfo:
        workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    warnings = excinfo.value.unexplained
    assert excinfo.value.errors_found == []
    assert len(warnings) >= 1
    for finding in warnings:
        Explanation.objects.create(
            final_account=clean_account,
            rule_id=finding.rule_id,
            target=finding.target,
            text="年初预算按款编列，未细化到项。",
            author=accountant,
        )
    step = workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    assert step.to_status == Status.SUBMITTED


def test_withdraw_is_refused_once_a_reviewer_has_commented(clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.add_comment(clean_account, by=reviewer, address="表5/2080101/栏1", text="请核对")
    with pytest.raises(ValidationError) as excinfo:
        workflow.withdraw(clean_account, by=accountant)
    assert excinfo.value.messages == ["审核人员已开始审核（已有审核意见），不能撤回。"]


def test_a_comment_names_its_cell_by_address_or_its_section(clean_account, reviewer):
    by_label = workflow.add_comment(clean_account, by=reviewer, address="表5 2080101 栏1", text="请核对")
    by_address = workflow.add_comment(
        clean_account, by=reviewer, address="cell|general_budget_expenditure|2080101|2", text="基本支出"
    )
    on_section = workflow.add_comment(clean_account, by=reviewer, section="第三部分 五", text="请补充原因")
    whole = workflow.add_comment(clean_account, by=reviewer, text="整体意见")
    assert [(c.address, c.target) for c in (by_label, by_address, on_section, whole)] == [
        ("cell|general_budget_expenditure|2080101|1", ""),
        ("cell|general_budget_expenditure|2080101|2", ""),
        ("", "第三部分 五"),
        ("", ""),
    ]
    tables = {"general_budget_expenditure": 5}
    assert [workflow.comment_location(c, tables) for c in (by_label, on_section, whole)] == [
        "表5/2080101/栏1",
        "第三部分 五",
        "",
    ]


@pytest.mark.parametrize(
    ("location", "message"),
    [
        (
            {"address": "表5 9999999 栏9"},
            "表5/9999999/栏9 不是本决算报表中的单元格，请核对表号、科目编码和栏次。",
        ),
        (
            {"address": "行政运行基本支出"},
            "位置“行政运行基本支出”不是报表中的单元格：请按审核结果中的写法填写（如“表5/2080101/栏2”），或选择章节。",
        ),
        ({"section": "情况说明 五"}, "没有“情况说明 五”这一章节，请从列表中选择。"),
        ({"address": "表5/2080101/栏1", "section": "第三部分 五"}, "请只选择单元格或章节之一。"),
    ],
)
def test_a_comment_on_no_cell_of_the_tables_is_refused(clean_account, reviewer, location, message):
    with pytest.raises(ValidationError) as excinfo:
        workflow.add_comment(clean_account, by=reviewer, text="请核对", **location)
    assert excinfo.value.messages == [message]
    assert clean_account.comments.count() == 0


def test_return_requires_a_reason_and_makes_the_draft_editable(clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    with pytest.raises(ValidationError) as excinfo:
        workflow.return_for_revision(clean_account, by=reviewer, reason="  ")
    assert excinfo.value.messages == ["退回时须填写退回意见。"]
    workflow.return_for_revision(clean_account, by=reviewer, reason="表5 与表6 请再核对")
    editing.set_income(
        clean_account, code="2080101", source="general_budget", amount="1000.00", by=accountant
    )
    editing.set_expenditure(
        clean_account, code="2080101", fund="general_budget", kind="basic", amount="1200.00", by=accountant
    )
    editing.set_basic_detail(clean_account, code="30101", amount="1200.00", by=accountant)
    editing.set_income(
        clean_account, code="2080101", source="general_budget", amount="1200.00", by=accountant
    )
    editing.set_budget(clean_account, amount="1200.00", by=accountant)
    editing.set_budget(clean_account, code="2080101", amount="1200.00", by=accountant)
    follow_table_five(clean_account, by=accountant)  # the department-wide self-evaluation (R41)
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    result = comparison.compare(clean_account, *comparison.default_pair(clean_account))
    assert [(f.heading, f.item, f.column, f.old, f.new, f.difference) for f in result.figures] == [
        ("年初预算", "2080101 行政运行", "", "1,000.00", "1,200.00", "+200.00"),
        ("年初预算", "合计", "", "1,000.00", "1,200.00", "+200.00"),
        ("基本支出明细", "30101 基本工资", "", "1,000.00", "1,200.00", "+200.00"),
        ("支出", "2080101 行政运行", "一般公共预算财政拨款/基本支出", "1,000.00", "1,200.00", "+200.00"),
        ("收入", "2080101 行政运行", "一般公共预算财政拨款收入", "1,000.00", "1,200.00", "+200.00"),
    ]


def test_comparison_shows_old_snapshots_keyed_by_labels_as_they_are(clean_account, accountant):
    def submitted(snapshot):
        Transition.objects.create(
            final_account=clean_account,
            version=clean_account.version,
            from_status=Status.DRAFT,
            to_status=Status.SUBMITTED,
            by=accountant,
            head_name="张局长",
            head_signed_on=datetime.date(2023, 3, 1),
            snapshot=snapshot,
        )

    submitted({"收入 2080101 general_budget": "1000.00", "年初预算 合计": "1000.00"})
    submitted({"收入 2080101 general_budget": "1000.00", "income|2080101|general_budget": "1200.00"})
    result = comparison.compare(clean_account, *comparison.default_pair(clean_account))
    assert [(f.heading, f.item, f.column, f.old, f.new, f.difference) for f in result.figures] == [
        ("收入", "2080101 行政运行", "一般公共预算财政拨款收入", "", "1,200.00", "+1,200.00"),
        ("年初预算 合计", "", "", "1000.00", "", ""),
    ]


def test_publish_freezes_a_version_and_a_correction_publishes_version_two(
    clean_account, accountant, reviewer
):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    first = workflow.publish(clean_account, by=reviewer)
    clean_account.refresh_from_db()
    assert (clean_account.status, first.number, first.reason) == (Status.PUBLISHED, 1, "")
    assert read_verified(first, "pdf")[:5] == b"%PDF-"
    assert "2022年度收入支出决算总表（表1）" in read_verified(first, "html").decode()

    with pytest.raises(ValidationError):
        workflow.open_correction(clean_account, by=accountant, reason="")
    workflow.open_correction(clean_account, by=accountant, reason="更正2080101的支出")
    clean_account.refresh_from_db()
    assert (clean_account.status, clean_account.version) == (Status.DRAFT, 2)
    editing.set_free_text(
        clean_account, key="main_functions", text="负责全区人力资源和社会保障工作。", by=accountant
    )
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    second = workflow.publish(clean_account, by=reviewer)
    assert (second.number, second.reason) == (2, "更正2080101的支出")
    assert read_verified(first, "html") != read_verified(second, "html")
    assert [v.number for v in clean_account.published_versions.order_by("number")] == [1, 2]
