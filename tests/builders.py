"""Plain builders of test data with obvious defaults."""

from django.contrib.auth import get_user_model

from accounts.models import Department, FinalAccount, FinanceBureau, Membership, ReportFormat, Unit


def make_bureau(slug="dongxihu", name="东西湖区财政局", parent=None):
    return FinanceBureau.objects.create(slug=slug, name=name, parent=parent)


def make_department(
    bureau=None, slug="hrss", name="武汉市东西湖区人力资源和社会保障局", short_name="区人社局"
):
    bureau = bureau or make_bureau()
    department = Department.objects.create(bureau=bureau, slug=slug, name=name, short_name=short_name)
    Unit.objects.create(department=department, name=name, unit_type=Unit.Type.ADMINISTRATIVE)
    return department


def make_final_account(department=None, year=2022, **fields):
    department = department or make_department()
    report_format = ReportFormat.objects.get(year=2022, region="national")
    return FinalAccount.objects.create(
        department=department, year=year, edition=2022, report_format=report_format, **fields
    )


def make_user(username="alice", **fields):
    return get_user_model().objects.create_user(username=username, password="correct horse battery", **fields)


def make_accountant(department, username="alice"):
    user = make_user(username)
    Membership.objects.create(user=user, role=Membership.Role.ACCOUNTANT, department=department)
    return user


def make_reviewer(bureau, username="charlie"):
    user = make_user(username)
    Membership.objects.create(user=user, role=Membership.Role.REVIEWER, bureau=bureau)
    return user
