"""The bureau at a glance: departments by status, findings by rule, the internal 汇总, assignments."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from accounts import bureau_overview, editing, workflow
from accounts.models import SubmissionDeadline
from tests.builders import (
    fill_required_content,
    make_accountant,
    make_department,
    make_final_account,
    make_reviewer,
)

from .conftest import SIGN_OFF

OVERVIEW = "/review/overview/"


def clean(final_account, amount):
    """Fill `final_account` so that every rule passes, with `amount` 元 of 2080101 basic spending (and the
    content its format requires)."""
    editing.set_income(final_account, code="2080101", source="general_budget", amount=amount, by=None)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount=amount, by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount=amount, by=None)
    editing.set_budget(final_account, amount=amount, by=None)
    editing.set_budget(final_account, code="2080101", amount=amount, by=None)
    return fill_required_content(final_account)


def make_departments(bureau, count):
    """`count` departments with a submitted final account each (1000.00 元, 2000.00 元, …)."""
    accounts = []
    for index in range(1, count + 1):
        department = make_department(bureau, slug=f"dept{index}", name=f"测试部门{index}")
        accountant = make_accountant(department, f"accountant{index}")
        fa = clean(make_final_account(department), f"{index * 1000}.00")
        workflow.submit(fa, by=accountant, **SIGN_OFF)
        accounts.append(fa)
    return accounts


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_overview_page_queries_do_not_grow_with_departments(
    client, bureau, reviewer, item_count, django_assert_num_queries
):
    make_departments(bureau, item_count)
    SubmissionDeadline.objects.create(bureau=bureau, year=2022, due_on=datetime.date(2023, 2, 28))
    client.force_login(reviewer)
    # 35: the findings by rule read the self-evaluations with their goals (two prefetches, whatever
    # the number of departments).
    with django_assert_num_queries(35):
        response = client.get(OVERVIEW)
    assert [row.status_label for row in response.context["overview"].rows] == ["已报送"] * item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_internal_summary_queries_do_not_grow_with_departments(
    bureau, item_count, django_assert_num_queries
):
    make_departments(bureau, item_count)
    with django_assert_num_queries(4):
        [summary] = bureau_overview.internal_summary(bureau, 2022)
    expected = Decimal(sum(index * 1000 for index in range(1, item_count + 1)))
    [category, total] = summary.rows
    assert (category.code, category.name, category.expenditure, category.basic, category.project) == (
        "208",
        "社会保障和就业支出",
        expected,
        expected,
        Decimal("0.00"),
    )
    assert (total.name, total.income, total.appropriation) == ("合计", expected, expected)


def test_overdue_departments_come_first_and_drafts_are_not_summed(client, bureau, department, reviewer):
    make_departments(bureau, 1)
    clean(make_final_account(department), "500.00")  # 区人社局, still a draft after the deadline
    SubmissionDeadline.objects.create(bureau=bureau, year=2022, due_on=datetime.date(2023, 2, 28))
    make_department(bureau, slug="idle", name="未开始的部门")
    view = bureau_overview.overview(bureau, 2022, today=datetime.date(2023, 3, 15))
    assert [(row.department.name, row.status_label, row.overdue) for row in view.rows] == [
        ("武汉市东西湖区人力资源和社会保障局", "草稿", True),
        ("未开始的部门", "未开始", True),
        ("测试部门1", "已报送", False),
    ]
    [summary] = bureau_overview.internal_summary(bureau, 2022)
    assert [d.name for d in summary.departments] == ["测试部门1"]
    assert summary.rows[-1].expenditure == Decimal("1000.00")

    client.force_login(reviewer)
    workbook = load_workbook(io.BytesIO(client.get(OVERVIEW + "summary.xlsx?year=2022").content))
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "2022年度东西湖区财政局部门决算内部汇总（未公开，仅供审核使用）"
    assert [cell.value for cell in sheet[5]] == [
        "208",
        "社会保障和就业支出",
        Decimal("1000"),
        Decimal("1000"),
        Decimal("1000"),
        Decimal("1000"),
        Decimal("0"),
    ]


def test_findings_are_counted_by_rule_across_the_bureau(bureau, department):
    fa = clean(make_final_account(department), "1000.00")
    editing.set_basic_detail(fa, code="30101", amount="900.00", by=None)  # 表5 基本支出 ≠ 表6: R23
    view = bureau_overview.overview(bureau, 2022)
    assert [(rule.rule_id, rule.findings, rule.departments) for rule in view.rules] == [("R23", 1, 1)]


def test_assigned_departments_come_first_in_the_queue(client, bureau, reviewer):
    first, second = make_departments(bureau, 2)
    colleague = make_reviewer(bureau, "erin")
    bureau_overview.assign_department(second.department, reviewer_id=reviewer.pk, by=colleague)
    bureau_overview.assign_department(first.department, reviewer_id=colleague.pk, by=colleague)
    client.force_login(reviewer)
    records = client.get("/review/").context["table"].data.data
    assert [(r["final_account"].department.name, r["mine"]) for r in records] == [
        ("测试部门2", True),
        ("测试部门1", False),
    ]
    accountant = first.department.memberships.get().user
    with pytest.raises(ValidationError) as refused:
        bureau_overview.assign_department(first.department, reviewer_id=accountant.pk, by=None)
    assert refused.value.messages == ["只能分配给本财政局的审核人员。"]


def test_the_overview_is_a_404_for_someone_who_reviews_no_bureau(client, accountant):
    client.force_login(accountant)
    assert client.get(OVERVIEW).status_code == 404
    assert client.get(OVERVIEW + "summary.xlsx").status_code == 404
