"""Single-row invariants of self-evaluations hold in the database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from performance.models import Evaluation, Indicator, IndicatorSubcategory
from tests.performance.builders import (
    make_category,
    make_evaluation,
    make_goal,
    make_indicator,
    make_subcategory,
)


def assert_refused(row, message):
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert excinfo.value.messages == [message]
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


@pytest.fixture
def subcategory(final_account):
    return make_subcategory(make_category(make_goal(make_evaluation(final_account))))


def test_project_evaluation_without_a_name_is_refused(final_account):
    evaluation = Evaluation(
        final_account=final_account,
        position=1,
        scope=Evaluation.Scope.PROJECT,
        budget=Decimal("1.00"),
        executed=Decimal("1.00"),
    )
    assert_refused(evaluation, "项目绩效自评表须填写项目名称；部门整体绩效自评表不填项目信息。")


def test_department_wide_evaluation_with_project_fields_is_refused(final_account):
    evaluation = Evaluation(
        final_account=final_account,
        position=0,
        scope=Evaluation.Scope.DEPARTMENT,
        is_confidential=True,
        budget=Decimal("1.00"),
        executed=Decimal("1.00"),
    )
    assert_refused(evaluation, "项目绩效自评表须填写项目名称；部门整体绩效自评表不填项目信息。")


def test_second_department_wide_evaluation_is_refused(final_account):
    make_evaluation(final_account, position=0, scope=Evaluation.Scope.DEPARTMENT)
    second = Evaluation(
        final_account=final_account,
        position=1,
        scope=Evaluation.Scope.DEPARTMENT,
        budget=Decimal("1.00"),
        executed=Decimal("1.00"),
    )
    assert_refused(second, "每个部门决算只有一张部门整体绩效自评表。")


def test_repeated_position_is_refused(final_account):
    make_evaluation(final_account, position=1)
    duplicate = Evaluation(
        final_account=final_account,
        position=1,
        scope=Evaluation.Scope.PROJECT,
        name="另一个项目",
        budget=Decimal("1.00"),
        executed=Decimal("1.00"),
    )
    assert_refused(duplicate, "该部门决算中已有此序号的绩效自评表。")


def test_negative_executed_amount_is_refused(final_account):
    evaluation = Evaluation(
        final_account=final_account,
        position=1,
        scope=Evaluation.Scope.PROJECT,
        name="项目",
        budget=Decimal("1.00"),
        executed=Decimal("-0.01"),
    )
    assert_refused(evaluation, "不能为负数。")


def test_expenditure_totals_on_a_project_evaluation_are_refused(final_account):
    evaluation = Evaluation(
        final_account=final_account,
        position=1,
        scope=Evaluation.Scope.PROJECT,
        name="项目",
        budget=Decimal("1.00"),
        executed=Decimal("1.00"),
        basic_expenditure=Decimal("1.00"),
    )
    assert_refused(evaluation, "基本支出总额和项目支出总额只在部门整体绩效自评表中填写。")


def test_publishable_evaluations_leave_out_confidential_projects(final_account):
    open_project = make_evaluation(final_account, position=1, name="公开项目")
    make_evaluation(final_account, position=2, name="涉密项目", is_confidential=True)
    assert list(Evaluation.objects.for_final_account(final_account).publishable()) == [open_project]


def test_quantitative_indicator_without_direction_is_refused(subcategory):
    indicator = Indicator(
        subcategory=subcategory, position=1, name="日常招聘活动", target_value=Decimal("12")
    )
    assert_refused(indicator, "定量指标须填写指标方向；定性指标不填数值、单位和方向。")


def test_actual_value_without_target_value_is_refused(subcategory):
    indicator = Indicator(
        subcategory=subcategory, position=1, name="日常招聘活动", actual_value=Decimal("27")
    )
    assert_refused(indicator, "填写完成值数值须同时填写目标值数值。")


def test_repeated_indicator_position_is_refused(subcategory):
    make_indicator(subcategory, position=1)
    assert_refused(
        Indicator(subcategory=subcategory, position=1, name="另一个指标"),
        "该二级指标中已有此序号的三级指标。",
    )


def test_other_subcategory_without_label_is_refused(subcategory):
    other = IndicatorSubcategory(
        category=subcategory.category, position=2, kind=IndicatorSubcategory.Kind.OTHER
    )
    assert_refused(other, "二级指标为“其他”时须填写表中名称。")


def test_stated_score_above_weight_is_stored_for_the_checks_to_find(subcategory):
    indicator = make_indicator(subcategory, weight=Decimal("1.00"), stated_score=Decimal("2.00"))
    indicator.full_clean()
    assert indicator.stated_score == Decimal("2.00")
