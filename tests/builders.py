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


# Words for each text a format requires (complete before submit): no figure in them, so that no rule
# compares them with the tables.
REQUIRED_TEXT = "本年度各项工作按计划完成，情况如实说明。"


def fill_required_content(final_account):
    """Write what the final account's format requires, after its figures: each required and expected text,
    and the department-wide self-evaluation (执行数, 基本 and 项目 from 表5) when the format asks for it.
    """
    from accounts import editing
    from accounts.rules.completeness import required_content
    from performance.synthetic import add_department_wide_evaluations

    required = required_content(final_account)
    for key in (*required.get("texts", ()), *required.get("expected_texts", ())):
        editing.set_free_text(final_account, key=key, text=REQUIRED_TEXT, by=None)
    if required.get("department_self_evaluation"):
        add_department_wide_evaluations([final_account])
    return final_account


def follow_table_five(final_account, *, by=None):
    """Bring the department-wide self-evaluation in line with 表5 after the figures changed (R41), as the
    accountant does in its form; return the changes recorded."""
    from accounts.statements import load_facts
    from performance.editing import EVALUATION, update_evaluation
    from performance.models import Evaluation
    from performance.synthetic import department_wide_evaluation

    evaluation = Evaluation.objects.get(final_account=final_account, scope=Evaluation.Scope.DEPARTMENT)
    figures = department_wide_evaluation(final_account, load_facts(final_account))
    fields = ("budget", "executed", "basic_expenditure", "project_expenditure")
    return update_evaluation(
        evaluation, changes={EVALUATION: {field: getattr(figures, field) for field in fields}}, by=by
    )
