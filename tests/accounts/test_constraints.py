"""Database constraints hold even for writes that bypass the domain functions."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Department, FunctionalSubject, IncomeFact, Membership, Unit
from tests.builders import make_department, make_user


def test_department_slug_reused_within_a_bureau_is_refused(bureau, department):
    duplicate = Department(bureau=bureau, slug="hrss", name="另一个部门")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["该财政局下已有使用此标识的部门。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_department_slug_may_repeat_in_another_bureau(department):
    from tests.builders import make_bureau

    other = make_department(make_bureau(slug="caidian", name="蔡甸区财政局"))
    assert other.slug == department.slug


def test_duplicate_income_fact_is_refused(final_account):
    subject = FunctionalSubject.objects.get(edition=2022, code="2080101")
    IncomeFact.objects.create(final_account=final_account, subject=subject, source="general_budget", amount=1)
    duplicate = IncomeFact(final_account=final_account, subject=subject, source="general_budget", amount=2)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["该科目该收入来源的金额已录入。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_negative_amount_is_refused_by_the_database(final_account):
    subject = FunctionalSubject.objects.get(edition=2022, code="2080101")
    fact = IncomeFact(
        final_account=final_account, subject=subject, source="general_budget", amount=Decimal("-1")
    )
    with pytest.raises(ValidationError) as excinfo:
        fact.full_clean()
    assert excinfo.value.messages == ["金额不能为负数。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        fact.save()


def test_three_decimal_places_fail_model_validation(final_account):
    subject = FunctionalSubject.objects.get(edition=2022, code="2080101")
    fact = IncomeFact(
        final_account=final_account, subject=subject, source="general_budget", amount=Decimal("1.005")
    )
    with pytest.raises(ValidationError) as excinfo:
        fact.full_clean()
    assert excinfo.value.message_dict == {"amount": ["确认小数不超过 2 位."]}


def test_membership_must_match_its_role(department, bureau):
    user = make_user("erin")
    wrong = Membership(user=user, role=Membership.Role.ACCOUNTANT, bureau=bureau)
    with pytest.raises(ValidationError) as excinfo:
        wrong.full_clean()
    assert excinfo.value.messages == ["部门会计须属于一个部门，审核人员须属于一个财政局。"]
    with pytest.raises(IntegrityError), transaction.atomic():
        wrong.save()


@pytest.mark.django_db
def test_functional_subject_code_must_have_three_five_or_seven_digits():
    subject = FunctionalSubject(edition=2022, code="2081", name="错误")
    with pytest.raises(ValidationError) as excinfo:
        subject.full_clean()
    assert excinfo.value.messages == ["功能分类科目编码须为 3、5 或 7 位数字。"]


def test_unit_types_are_the_three_official_ones():
    assert [label for _, label in Unit.Type.choices] == ["行政单位", "参照公务员法管理事业单位", "事业单位"]
