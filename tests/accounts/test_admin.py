"""Organisations and reference data are edited in the admin; figures and statuses are not."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.models import Department, FinalAccount, FinanceBureau, IncomeFact


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery")
    client.force_login(admin)
    return client


@pytest.fixture
def income(final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100.00", by=accountant)
    return IncomeFact.objects.get()


def test_fact_change_form_is_read_only(admin_client, income):
    response = admin_client.get(f"/admin/accounts/incomefact/{income.pk}/change/")
    assert response.status_code == 200
    assert b'name="amount"' not in response.content


def test_posting_a_fact_change_through_the_admin_changes_nothing(admin_client, income):
    response = admin_client.post(
        f"/admin/accounts/incomefact/{income.pk}/change/",
        {
            "final_account": income.final_account_id,
            "subject": income.subject_id,
            "source": "general_budget",
            "amount": "999.00",
        },
    )
    assert response.status_code == 403
    income.refresh_from_db()
    assert income.amount == Decimal("100.00")


def test_adding_and_deleting_facts_through_the_admin_is_refused(admin_client, income):
    assert admin_client.get("/admin/accounts/incomefact/add/").status_code == 403
    assert (
        admin_client.post(f"/admin/accounts/incomefact/{income.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert IncomeFact.objects.count() == 1


def test_final_account_status_cannot_be_changed_through_the_admin(admin_client, final_account):
    response = admin_client.post(
        f"/admin/accounts/finalaccount/{final_account.pk}/change/", {"status": "published"}
    )
    assert response.status_code == 403
    final_account.refresh_from_db()
    assert final_account.status == FinalAccount.Status.DRAFT


def test_departments_are_edited_in_the_admin(admin_client, department):
    response = admin_client.get(f"/admin/accounts/department/{department.pk}/change/")
    assert response.status_code == 200
    assert b'name="slug"' in response.content


def test_a_reference_data_administrator_can_add_a_missing_subject(admin_client):
    from accounts.models import FunctionalSubject

    parent = FunctionalSubject.objects.get(edition=2022, code="20801")
    response = admin_client.post(
        "/admin/accounts/functionalsubject/add/",
        {
            "edition": "2022",
            "code": "2080112",
            "name": "劳动人事争议调解仲裁",
            "parent": parent.pk,
            "explanation": "",
        },
    )
    assert response.status_code == 302
    assert FunctionalSubject.objects.get(edition=2022, code="2080112").parent == parent


@pytest.mark.parametrize("slug", ["review", "api", "years", "static"])
def test_a_bureau_cannot_take_a_word_of_the_site_s_addresses(admin_client, slug):
    response = admin_client.post(
        "/admin/accounts/financebureau/add/",
        {
            "name": "审核区财政局",
            "short_name": "",
            "slug": slug,
            "region": "national",
        },
    )
    assert response.status_code == 200
    assert (
        f"标识“{slug}”是本站页面地址（/{slug}/）的一部分，不能用作财政局标识，请换一个。"
        in response.content.decode()
    )
    assert not FinanceBureau.objects.filter(slug=slug).exists()


def test_a_department_cannot_take_a_word_that_follows_a_bureau_in_addresses(bureau):
    # /compare/<bureau>/years/ compares a bureau's years; a department "years" would never be reached.
    with pytest.raises(ValidationError) as excinfo:
        Department(bureau=bureau, slug="years", name="年度局").full_clean()
    assert excinfo.value.messages == ["标识“years”是本站页面地址的一部分，不能用作部门标识，请换一个。"]
    Department(bureau=bureau, slug="review", name="复核局").full_clean()  # /dongxihu/review/… is free


def test_a_department_is_created_with_its_accountant_inline(admin_client, bureau, django_user_model):
    alice = django_user_model.objects.create_user("alice", password="correct horse battery")
    response = admin_client.post(
        "/admin/accounts/department/add/",
        {
            "bureau": bureau.pk,
            "name": "武汉市东西湖区医疗保障局",
            "short_name": "区医保局",
            "slug": "medical",
            "units-TOTAL_FORMS": "0",
            "units-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-user": alice.pk,
            "reviewer_assignment-TOTAL_FORMS": "0",
            "reviewer_assignment-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    department = Department.objects.get(slug="medical")
    assert list(department.memberships.values_list("user__username", "role", "bureau")) == [
        ("alice", "accountant", None)
    ]


def test_the_admin_speaks_chinese_and_groups_models_by_task(admin_client, department):
    response = admin_client.get("/admin/")
    html = response.content.decode()
    assert "<title>系统管理 | 决算公开平台</title>" in html
    assert "决算公开平台管理" in html
    sections = [app["name"] for app in response.context["app_list"]]
    assert sections[:3] == ["机构与人员", "报表格式与科目版本", "报送期限"]
    assert "登录保护" in sections
    assert "Axes" not in html and "Django 管理" not in html
    [people] = [app for app in response.context["app_list"] if app["name"] == "机构与人员"]
    assert [model["object_name"] for model in people["models"]] == [
        "FinanceBureau",
        "Department",
        "Membership",
        "ReviewerAssignment",
        "User",
        "Group",
    ]
    form = admin_client.get(f"/admin/accounts/department/{department.pk}/change/").content.decode()
    assert "- 请选择 -" in form
    assert "- Select an option -" not in form
