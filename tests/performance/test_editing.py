"""performance.editing: changes go through one function that locks, validates and records every field."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.addresses import Address
from accounts.models import FigureChange, FinalAccount, FunctionalSubject
from performance.editing import add_row, apply_changes, remove_row, update_evaluation
from performance.models import Evaluation, Indicator, node_key
from performance.queries import evaluations_for_scoring
from tests.performance.builders import make_scored_project

D = Decimal


def indicator_named(evaluation, name):
    return Indicator.objects.get(subcategory__category__goal__evaluation=evaluation, name=name)


def history(final_account):
    return [
        (c.field, c.old_value, c.new_value, c.user.username if c.user else None, c.reason)
        for c in FigureChange.objects.filter(final_account=final_account).order_by("id")
    ]


def test_update_records_every_changed_field(final_account, accountant):
    evaluation = make_scored_project(final_account)
    indicator = indicator_named(evaluation, "培训人数1")
    update_evaluation(
        evaluation,
        by=accountant,
        reason="按备注2更正",
        changes={
            "evaluation": {
                "stated_execution_score": D("15"),
                "stated_total": D("52"),
                "budget": D("1000000.00"),
            },
            node_key(indicator): {"stated_score": D("9"), "actual_text": "91人", "actual_value": D("91")},
        },
    )
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 执行率得分（填报）", "16.00", "15", "alice", "按备注2更正"),
        ("绩效自评 项目“职业培训” · 总分（填报）", "53.00", "52", "alice", "按备注2更正"),
        ("绩效自评 项目“职业培训” · 培训人数1 · 实际完成值（B）", "90人", "91人", "alice", "按备注2更正"),
        ("绩效自评 项目“职业培训” · 培训人数1 · 完成值数值", "90.0000", "91", "alice", "按备注2更正"),
    ]
    evaluation.refresh_from_db()
    indicator.refresh_from_db()
    assert (evaluation.stated_execution_score, evaluation.stated_total) == (D("15.00"), D("52.00"))
    assert (indicator.actual_text, indicator.actual_value) == ("91人", D("91.0000"))


def test_update_records_the_subjects_a_project_is_paid_from(final_account, accountant):
    evaluation = make_scored_project(final_account)
    subjects = list(FunctionalSubject.objects.filter(edition=2022, code__in=["2080106", "2080101"]))
    update_evaluation(evaluation, by=accountant, changes={}, subjects=subjects)
    assert sorted(evaluation.subjects.values_list("code", flat=True)) == ["2080101", "2080106"]
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 支出功能分类科目", "", "2080101、2080106", "alice", ""),
    ]


@pytest.mark.parametrize("status", [FinalAccount.Status.DRAFT, FinalAccount.Status.RETURNED])
def test_update_is_allowed_while_the_final_account_is_editable(final_account, accountant, status):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=status)
    evaluation = make_scored_project(final_account)
    update_evaluation(evaluation, by=accountant, changes={"evaluation": {"stated_total": D("54")}})
    assert Evaluation.objects.get(pk=evaluation.pk).stated_total == D("54.00")


@pytest.mark.parametrize(
    "status", [FinalAccount.Status.SUBMITTED, FinalAccount.Status.APPROVED, FinalAccount.Status.PUBLISHED]
)
def test_update_is_refused_once_the_final_account_is_locked(final_account, accountant, status):
    evaluation = make_scored_project(final_account)
    FinalAccount.objects.filter(pk=final_account.pk).update(status=status)
    with pytest.raises(ValidationError) as error:
        update_evaluation(evaluation, by=accountant, changes={"evaluation": {"stated_total": D("54")}})
    assert error.value.code == "locked"
    assert Evaluation.objects.get(pk=evaluation.pk).stated_total == D("53.00")
    assert history(final_account) == []


def test_a_row_of_another_evaluation_is_refused(final_account, accountant):
    evaluation = make_scored_project(final_account)
    other = make_scored_project(final_account, position=2, name="其他项目")
    with pytest.raises(ValidationError) as error:
        update_evaluation(
            evaluation,
            by=accountant,
            changes={node_key(indicator_named(other, "培训人数1")): {"stated_score": D("1")}},
        )
    assert error.value.code == "unknown_node"
    assert indicator_named(other, "培训人数1").stated_score == D("9.00")


def test_a_field_outside_the_editable_ones_is_refused(final_account, accountant):
    evaluation = make_scored_project(final_account)
    with pytest.raises(ValidationError) as error:
        update_evaluation(evaluation, by=accountant, changes={"evaluation": {"final_account_id": 99}})
    assert error.value.code == "not_editable"


def test_a_change_that_breaks_a_constraint_saves_nothing(final_account, accountant):
    evaluation = make_scored_project(final_account)
    qualitative = indicator_named(evaluation, "服务对象满意度")
    with pytest.raises(ValidationError) as error:
        update_evaluation(
            evaluation,
            by=accountant,
            changes={
                "evaluation": {"stated_total": D("54")},
                # A number without a direction breaks indicator_quantitative_has_direction.
                node_key(qualitative): {"target_value": D("90")},
            },
        )
    assert error.value.message_dict == {
        node_key(qualitative): ["定量指标须填写指标方向；定性指标不填数值、单位和方向。"]
    }
    assert Evaluation.objects.get(pk=evaluation.pk).stated_total == D("53.00")
    assert history(final_account) == []


def test_apply_changes_sets_rows_in_memory_only(final_account):
    evaluation = evaluations_for_scoring(final_account).get(pk=make_scored_project(final_account).pk)
    applied = apply_changes(
        evaluation, {"evaluation": {"stated_total": D("53"), "stated_execution_score": D("15")}}
    )
    assert [(field, old, new) for _node, field, old, new in applied] == [
        ("stated_execution_score", D("16.00"), D("15")),
    ]
    assert Evaluation.objects.get(pk=evaluation.pk).stated_execution_score == D("16.00")


def addresses(final_account):
    return [
        (c.address, c.field) for c in FigureChange.objects.filter(final_account=final_account).order_by("id")
    ]


def test_every_change_is_recorded_with_its_address(final_account, accountant):
    evaluation = make_scored_project(final_account)
    indicator = indicator_named(evaluation, "培训人数1")
    subjects = list(FunctionalSubject.objects.filter(edition=2022, code="2080101"))
    update_evaluation(
        evaluation,
        by=accountant,
        changes={"evaluation": {"stated_total": D("52")}, node_key(indicator): {"stated_score": D("8")}},
        subjects=subjects,
    )
    row = add_row(evaluation, node_key(indicator.subcategory), by=accountant, name="培训人数2")
    remove_row(evaluation, node_key(row), by=accountant)
    e, i = evaluation.pk, indicator.pk
    assert addresses(final_account) == [
        (f"evaluation|{e}|evaluation|stated_total", "绩效自评 项目“职业培训” · 总分（填报）"),
        (f"evaluation|{e}|indicator-{i}|stated_score", "绩效自评 项目“职业培训” · 培训人数1 · 得分（填报）"),
        (f"evaluation|{e}|evaluation|subjects", "绩效自评 项目“职业培训” · 支出功能分类科目"),
        (f"evaluation|{e}|indicator-{row.pk}|", "绩效自评 项目“职业培训” · 数量指标 · 新增三级指标"),
        (f"evaluation|{e}|indicator-{row.pk}|", "绩效自评 项目“职业培训” · 数量指标 · 删除三级指标"),
    ]
    # The address is valid in the area performance registers, and labelled without names by its keys.
    assert Address.parse(f"evaluation|{e}|indicator-{i}|stated_score").label() == (
        f"绩效自评 自评表{e} · indicator-{i} · 得分（填报）"
    )
