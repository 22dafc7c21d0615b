"""A code the edition lacks: kept pending for one final account (grid, import), confirmed or mapped by a
reviewer, told by K1, and blocking publication until then."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import editing, editions, workflow
from accounts.addresses import Address
from accounts.entry.saving import save_cells
from accounts.importing import apply_import
from accounts.models import FigureChange, FunctionalSubject, IncomeFact
from accounts.rules import check_final_account
from accounts.statements import build_statements, load_facts
from tests.accounts.importing.test_layouts import renamed_subject
from tests.accounts.importing.workbooks import edited
from tests.accounts.workflow.conftest import SIGN_OFF
from tests.builders import make_department, make_final_account

pytestmark = pytest.mark.django_db

INCOME = Address("income", ("2050202", "general_budget"))


def s1(final_account):
    return [(f.rule_id, f.target, f.message) for f in check_final_account(final_account) if f.rule_id == "K1"]


def test_a_grid_save_of_an_unknown_code_asks_for_its_name_then_keeps_it_pending(final_account, accountant):
    cells = [{"name": str(INCOME), "value": "1,000.00", "original": ""}]
    first = save_cells(final_account, cells, by=accountant)
    assert first.errors == {str(INCOME): "科目编码 2050202 不在 2022 年版《政府收支分类科目》中。"}
    with pytest.raises(editing.ChangesRefused) as excinfo:
        editing.apply_changes(final_account, {INCOME: "1000"}, by=accountant)
    assert excinfo.value.unknown_subjects == {INCOME: ("functional", "2050202")}

    subject = editions.add_pending_subject(final_account, code="2050202", name="小学教育")
    assert (subject.is_pending, subject.parent.code, subject.parent.is_pending) == (True, "20502", False)
    second = save_cells(final_account, cells, by=accountant)
    assert (second.errors, IncomeFact.objects.get(final_account=final_account).amount) == (
        {},
        Decimal("1000.00"),
    )

    facts = load_facts(final_account)
    row = next(r for r in build_statements(facts)["income"].rows if r.code == "2050202")
    assert [c.text for c in row.cells if c.role == "name"] == ["小学教育"]
    assert s1(final_account) == [
        (
            "K1",
            "功能分类科目/2050202",
            "功能分类科目 2050202 小学教育 不在2022年《政府收支分类科目》中，待审核人员或管理员确认纳入科目版本或改为已有科目；确认前不能公开",
        )
    ]
    # The edition itself, and every other final account, still lack it.
    assert FunctionalSubject.objects.filter(edition=2022, code="2050202").exists() is False
    other = make_final_account(make_department(final_account.department.bureau, slug="edu", name="区教育局"))
    with pytest.raises(ValidationError):
        editing.functional_subject(other, "2050202")


def test_a_pending_subject_whose_section_is_missing_too_needs_both_names(final_account):
    with pytest.raises(ValidationError) as excinfo:
        editions.add_pending_subject(final_account, code="2059901", name="某项")
    assert (excinfo.value.code, excinfo.value.params["codes"]) == ("parent_needed", ["20599"])
    subject = editions.add_pending_subject(
        final_account, code="2059901", name="某项", parents={"20599": "其他教育支出"}
    )
    assert [(s.code, s.name) for s in editions.pending_subjects(final_account)] == [
        ("20599", "其他教育支出"),
        ("2059901", "某项"),
    ]
    assert subject.parent.parent.code == "205"


def test_an_import_keeps_an_unknown_code_pending_for_that_final_account(bureau):
    draft = make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )
    apply_import(draft, edited(renamed_subject), by=None)
    pending = FunctionalSubject.all_objects.get(code="2080198")
    assert (pending.name, pending.pending_for_id, pending.parent.code) == ("人才服务支出", draft.pk, "20801")
    assert load_facts(draft).expenditure[("2080198", "general_budget", "project")] == Decimal("2948000.00")
    assert [target for _rule, target, _message in s1(draft)] == ["功能分类科目/2080198"]


def test_a_reviewer_confirms_a_pending_subject_into_the_edition_for_every_account(final_account, reviewer):
    other = make_final_account(make_department(final_account.department.bureau, slug="edu", name="区教育局"))
    for account in (final_account, other):
        editions.add_pending_subject(account, code="2050202", name="小学教育")
        editing.set_income(account, code="2050202", source="general_budget", amount="5.00", by=None)
    pending = FunctionalSubject.all_objects.get(code="2050202", pending_for=final_account)
    confirmed = editions.confirm_pending_subject(pending, by=reviewer)
    assert (confirmed.pk, confirmed.is_pending, confirmed.parent.code) == (pending.pk, False, "20502")
    assert FunctionalSubject.all_objects.filter(code="2050202").count() == 1
    assert sorted(
        IncomeFact.objects.filter(subject=confirmed).values_list("final_account_id", flat=True)
    ) == sorted([final_account.pk, other.pk])
    assert (s1(final_account), s1(other)) == ([], [])
    # Both accounts record who confirmed it, and when, in their change history.
    recorded = FigureChange.objects.filter(address="subject|functional|2050202").order_by("final_account_id")
    assert [(c.final_account_id, c.user, c.field, c.old_value, c.new_value, c.reason) for c in recorded] == [
        (
            account.pk,
            reviewer,
            "功能分类科目/2050202",
            "待确认：2050202 小学教育",
            "已纳入 2022 年版：2050202 小学教育",
            "确认待确认科目",
        )
        for account in sorted((final_account, other), key=lambda a: a.pk)
    ]
    assert all(c.at is not None for c in recorded)


def test_a_confirmation_is_in_the_accounts_history(client, final_account, accountant, reviewer):
    # 20599 and 2059901 both pending: confirming the item confirms its 款, each recorded, by the reviewer.
    subject = editions.add_pending_subject(
        final_account, code="2059901", name="某项教育支出", parents={"20599": "其他教育支出"}
    )
    editions.confirm_pending_subject(subject, by=reviewer, name="其他教育支出项")
    client.force_login(accountant)
    page = client.get("/entry/dongxihu/hrss/2022/history/?q=科目").content.decode()
    assert "待确认：20599 其他教育支出" in page
    assert "已纳入 2022 年版：20599 其他教育支出" in page
    assert "待确认：2059901 某项教育支出" in page
    assert "已纳入 2022 年版：2059901 其他教育支出项" in page
    assert [
        (c.field, c.user) for c in FigureChange.objects.filter(final_account=final_account).order_by("id")
    ] == [("功能分类科目/20599", reviewer), ("功能分类科目/2059901", reviewer)]


def test_someone_else_may_not_confirm(final_account, accountant, other_bureau_reviewer):
    subject = editions.add_pending_subject(final_account, code="2050202", name="小学教育")
    for outsider in (accountant, other_bureau_reviewer):
        with pytest.raises(PermissionDenied):
            editions.confirm_pending_subject(subject, by=outsider)
    assert FunctionalSubject.all_objects.get(pk=subject.pk).is_pending is True


def test_mapping_moves_the_figures_to_an_existing_code_through_editing_and_records_them(
    final_account, accountant, reviewer
):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100.00", by=None)
    editions.add_pending_subject(final_account, code="2080198", name="人才服务支出")
    editing.apply_changes(
        final_account,
        {
            Address("income", ("2080198", "general_budget")): "40.00",
            Address("expenditure", ("2080198", "general_budget", "project")): "40.00",
            Address("text", ("subject_reason", "2080198")): "人才引进补贴",
        },
        by=accountant,
    )
    subject = FunctionalSubject.all_objects.get(code="2080198")
    target = editions.map_pending_subject(subject, "2080101", by=reviewer)
    assert target.code == "2080101"
    facts = load_facts(final_account)
    assert facts.income == {("2080101", "general_budget"): Decimal("140.00")}
    assert facts.expenditure == {("2080101", "general_budget", "project"): Decimal("40.00")}
    assert facts.free_texts == {("subject_reason", "2080101"): "人才引进补贴"}
    assert FunctionalSubject.all_objects.filter(code="2080198").exists() is False
    recorded = FigureChange.objects.filter(user=reviewer).order_by("address")
    assert [(c.address, c.old_value, c.new_value) for c in recorded] == [
        ("expenditure|2080101|general_budget|project", "0.00", "40.00"),
        ("expenditure|2080198|general_budget|project", "40.00", "0.00"),
        ("income|2080101|general_budget", "100.00", "140.00"),
        ("income|2080198|general_budget", "40.00", "0.00"),
        # The mapping itself, shown in the history with the figures it moved.
        ("subject|functional|2080198", "待确认：2080198 人才服务支出", "改为 2080101 行政运行"),
        ("text|subject_reason|2080101", "", "人才引进补贴"),
        ("text|subject_reason|2080198", "人才引进补贴", ""),
    ]
    assert {c.reason for c in recorded} == {"待确认科目 2080198 人才服务支出 改为 2080101 行政运行"}


def test_mapping_to_a_code_the_edition_lacks_or_of_another_level_is_refused(final_account, reviewer):
    subject = editions.add_pending_subject(final_account, code="2080198", name="人才服务支出")
    with pytest.raises(ValidationError) as excinfo:
        editions.map_pending_subject(subject, "2080197", by=reviewer)
    assert excinfo.value.messages == ["科目编码 2080197 不在 2022 年版中，请选择版本中已有的科目。"]
    with pytest.raises(ValidationError) as excinfo:
        editions.map_pending_subject(subject, "20801", by=reviewer)
    assert excinfo.value.messages == ["科目 2080198 与 20801 人力资源和社会保障管理事务 级次不同，不能合并。"]


def test_publication_waits_until_no_subject_is_pending(clean_account, accountant, reviewer):
    editions.add_pending_subject(clean_account, code="2080198", name="人才服务支出")
    editing.move_subject_figures(clean_account, "functional", "2080101", "2080198", by=accountant)
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    with pytest.raises(ValidationError) as excinfo:
        workflow.publish(clean_account, by=reviewer)
    assert excinfo.value.messages == [
        "不能公开：尚有 1 个待确认科目（2080198 人才服务支出），请先确认纳入科目版本或改为已有科目。"
    ]
    assert excinfo.value.code == "pending_subjects"
    # Settled while approved: mapped back, the account publishes.
    editions.map_pending_subject(FunctionalSubject.all_objects.get(code="2080198"), "2080101", by=reviewer)
    version = workflow.publish(clean_account, by=reviewer)
    assert version.number == 1


def test_deleting_a_final_account_removes_its_pending_subjects_with_its_figures(final_account):
    editions.add_pending_subject(
        final_account, code="2059901", name="某项", parents={"20599": "其他教育支出"}
    )
    editing.set_income(final_account, code="2059901", source="general_budget", amount="3.00", by=None)
    final_account.delete()
    assert FunctionalSubject.all_objects.filter(code__startswith="20599").exists() is False
    assert FunctionalSubject.objects.filter(edition=2022, code="20502").exists() is True


def test_a_pending_code_is_found_as_the_accounts_own_subject(final_account):
    editions.add_pending_subject(final_account, code="2050202", name="小学教育")
    subject = editing.functional_subject(final_account, "2050202")
    assert (subject.code, subject.name, subject.pending_for_id) == ("2050202", "小学教育", final_account.pk)
