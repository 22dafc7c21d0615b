"""Complete before submit, the self-evaluation part: C3 (the department-wide table) and C4 (tables filled in)."""

from decimal import Decimal

import pytest

from accounts.models import FinalAccount, ReportFormat
from accounts.rules import check_final_account
from accounts.rules.completeness import NATIONAL_REQUIRED_CONTENT
from performance.editing import add_evaluation, update_evaluation


@pytest.fixture
def required(final_account):
    ReportFormat.objects.filter(pk=final_account.report_format_id).update(
        document={"required_content": NATIONAL_REQUIRED_CONTENT}
    )
    return FinalAccount.objects.get(pk=final_account.pk)


def found(final_account):
    return [
        (f.rule_id, f.severity, f.target, f.message)
        for f in check_final_account(final_account)
        if f.rule_id in ("C3", "C4")
    ]


def test_a_missing_department_wide_self_evaluation_is_an_error(required):
    assert found(required) == [
        ("C3", "error", "部门整体绩效自评表", "缺少部门整体绩效自评表（第六部分 附件）")
    ]


def test_a_table_left_empty_is_a_warning_until_filled_in(required, accountant):
    evaluation = add_evaluation(required, scope="department", by=accountant)
    assert found(required) == [
        (
            "C4",
            "warning",
            "绩效自评表/部门整体/预算数",
            "部门整体绩效自评表未填写预算数和执行数；不再评价的项目请删除该表。",
        )
    ]
    update_evaluation(
        evaluation,
        changes={"evaluation": {"budget": Decimal("100.00"), "executed": Decimal("90.00")}},
        by=accountant,
    )
    assert found(required) == []


def test_nothing_is_required_by_a_format_that_says_nothing(final_account):
    ReportFormat.objects.filter(pk=final_account.report_format_id).update(document={})
    assert found(FinalAccount.objects.get(pk=final_account.pk)) == []
