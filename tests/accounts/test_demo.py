import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum

from accounts import demo
from accounts.models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    FreeText,
    IncomeFact,
    Membership,
    OfficialExpense,
    PriorYearFigure,
    ReportFormat,
    StatedCount,
    StatedFigure,
)
from accounts.publishing import read_verified

COUNTED = (
    FinalAccount,
    IncomeFact,
    ExpenditureFact,
    Balance,
    BasicExpenditureDetail,
    OfficialExpense,
    Budget,
    StatedFigure,
    StatedCount,
    PriorYearFigure,
    FreeText,
    FigureChange,
    Membership,
    get_user_model(),
)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The demo hashes three passwords per run; the default hasher would make these tests slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo_command(*, publish=False):
    # Publishing renders the PDF (seconds): only the test about publication does it.
    out = io.StringIO()
    call_command("load_demo", *([] if publish else ["--no-publish"]), stdout=out)
    return out.getvalue()


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


SIGN_IN = (
    "登录地址：http://127.0.0.1:8000/login/\n"
    "  kuaiji（区人社局会计）\n"
    "  shenhe（区财政局审核员）\n"
    "  admin（系统管理员）\n"
    "密码均为：juesuan-demo\n"
)


@pytest.mark.django_db
def test_load_demo_creates_exactly_one_published_final_account():
    out = load_demo_command(publish=True)
    assert out == (
        "已创建演示数据：2022年度区人社局部门决算（已公开）。\n已创建用户：kuaiji、shenhe、admin。\n"
        + SIGN_IN
    )
    fa = FinalAccount.objects.get()
    assert (
        fa.department.path,
        fa.department.name,
        fa.department.bureau.name,
        fa.department.bureau.short_name,
    ) == (
        "dongxihu/hrss",
        "武汉市东西湖区人力资源和社会保障局",
        "东西湖区财政局",
        "区财政局",
    )
    assert list(fa.department.units.values_list("name", "unit_type")) == [
        ("武汉市东西湖区人力资源和社会保障局", "administrative")
    ]
    assert (fa.year, fa.edition, fa.status, fa.provenance, fa.disclosure_date) == (
        2022,
        2022,
        FinalAccount.Status.PUBLISHED,
        FinalAccount.Provenance.WANYUAN_TABLES,
        datetime.date(2023, 11, 28),
    )
    assert fa.report_format == ReportFormat.objects.get(year=2022, region="national")
    version = fa.published_versions.get()
    assert (version.number, version.reason, version.published_by) == (1, "", None)
    assert read_verified(version, "pdf")[:5] == b"%PDF-"


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    load_demo_command()
    before = row_counts()
    updated_at = FinalAccount.objects.get().updated_at
    out = load_demo_command()
    assert out == "演示数据已存在：2022年度区人社局部门决算，未作任何修改。\n" + SIGN_IN
    assert row_counts() == before
    assert FinalAccount.objects.get().updated_at == updated_at
    assert before == {
        "FinalAccount": 1,
        "IncomeFact": 19,
        "ExpenditureFact": 20,
        "Balance": 2,
        "BasicExpenditureDetail": 27,
        "OfficialExpense": 1,
        "Budget": 2,
        "StatedFigure": 7,
        "StatedCount": 4,
        "PriorYearFigure": 9,
        "FreeText": 16,
        "FigureChange": 119,  # one per figure and text, a prior-year figure's source its own
        "Membership": 2,
        "User": 3,
    }


@pytest.mark.django_db
def test_demo_facts_equal_the_printed_figures_in_yuan():
    load_demo_command()
    expenditure = dict(
        ExpenditureFact.objects.filter(
            fund="general_budget", kind="project", subject__code__in=["2080101", "2080705"]
        ).values_list("subject__code", "amount")
    )
    assert expenditure == {"2080101": Decimal("5540000.00"), "2080705": Decimal("28808900.00")}
    assert ExpenditureFact.objects.get(subject__code="2080101", kind="basic").amount == Decimal("11194300.00")
    assert IncomeFact.objects.get(subject__code="2080101").amount == Decimal("16734300.00")
    assert IncomeFact.objects.get(subject__code="2080101").source == "general_budget"
    assert BasicExpenditureDetail.objects.get(subject__code="30217").amount == Decimal("3500.00")
    assert list(Balance.objects.order_by("fund").values_list("fund", "subject", "opening", "closing")) == [
        ("general_budget", None, Decimal("1344700.00"), Decimal("1344700.00")),
        ("non_appropriation", None, Decimal("4548500.00"), Decimal("4548500.00")),
    ]
    assert list(OfficialExpense.objects.values_list("item", "budget", "actual")) == [
        ("reception", Decimal("20000.00"), Decimal("3500.00"))
    ]
    assert set(Budget.objects.values_list("kind", "subject__code", "amount")) == {
        ("", None, Decimal("154482700.00")),
        ("", "2080101", Decimal("17005500.00")),
    }
    assert dict(StatedFigure.objects.values_list("key", "amount")) == {
        "reception_domestic": Decimal("3500.00"),
        "operating_costs": Decimal("1989400.00"),
        "procurement_goods": Decimal("1353500.00"),
        "procurement_services": Decimal("6446500.00"),
        "procurement_goods_sme": Decimal("1353500.00"),
        "procurement_services_sme": Decimal("6446500.00"),
        "procurement_small_micro": Decimal("7800000.00"),
    }
    assert dict(StatedCount.objects.values_list("key", "count")) == {
        "domestic_reception_groups": 16,
        "domestic_reception_people": 111,
        "asset_vehicles_other": 1,
        "asset_equipment_over_1m": 0,
    }


@pytest.mark.django_db
def test_demo_totals_are_the_sums_of_the_printed_items():
    load_demo_command()
    # 表2 项 figures add up to 12,341.99 万元, as 表2's own 合计 row prints; 表1 行27 prints 12,341.98:
    # each printed cell is rounded to 0.01 万元, so the printed total of 表1 is 0.01 below the items.
    assert IncomeFact.objects.aggregate(total=Sum("amount"))["total"] == Decimal("123419900.00")
    by_kind = dict(ExpenditureFact.objects.values_list("kind").annotate(total=Sum("amount")))
    assert by_kind == {"basic": Decimal("15686000.00"), "project": Decimal("107733900.00")}
    by_group = dict(
        BasicExpenditureDetail.objects.values_list("subject__group").annotate(total=Sum("amount"))
    )
    # 表6 人员经费合计 1,369.67 and 公用经费合计 198.94 万元 (together 0.01 above 表5 基本支出 1,568.60).
    assert by_group == {"personnel": Decimal("13696700.00"), "operating": Decimal("1989400.00")}


@pytest.mark.django_db
def test_demo_prior_year_figures_carry_their_source():
    load_demo_command()
    assert dict(PriorYearFigure.objects.values_list("key", "amount")) == {
        "income_total": Decimal("33955000.00"),
        "expenditure_total": Decimal("34019000.00"),
        "appropriation_income_total": Decimal("33955000.00"),
        "appropriation_expenditure_total": Decimal("33955000.00"),
        "general_budget_income": Decimal("33955000.00"),
        "general_budget_expenditure": Decimal("33955000.00"),
        "official_expenses_total": Decimal("1500.00"),
        "reception": Decimal("1500.00"),
        "operating_costs": Decimal("6865100.00"),
    }
    assert PriorYearFigure.objects.get(key="operating_costs").source == (
        "2022 年度决算公开 情况说明十：机关运行经费支出 198.94 万元，比 2021 年度减少 487.57 万元"
    )


@pytest.mark.django_db
def test_demo_free_texts_are_the_printed_texts():
    load_demo_command()
    texts = {
        (key, code): text for key, code, text in FreeText.objects.values_list("key", "subject__code", "text")
    }
    assert sorted(texts) == sorted(
        [
            ("main_functions", None),
            ("unit_composition", None),
            ("total_change_reason", None),
            ("appropriation_change_reason", None),
            ("general_budget_change_reason", None),
            ("project_outcomes", None),
            ("official_expenses_budget_reason", None),
            ("official_expenses_change_reason", None),
            ("reception_use", None),
            ("operating_costs_change_reason", None),
            ("assets_note", None),
            ("key_work", None),
            ("category_use", "205"),
            ("category_use", "208"),
            ("category_use", "210"),
            ("category_use", "221"),
        ]
    )
    functions = texts[("main_functions", None)].split("\n")
    assert (len(functions), functions[0], functions[-1]) == (
        6,
        "加大政策扶持，扩大和稳定就业；",
        "加强党的建设，系统行风建设不断推进。",
    )
    assert (
        texts[("general_budget_change_reason", None)]
        == (
            "就业补助资金、人力资源服务费2021年未纳入我部门预算，自2022年起纳入我部门预算。"  # typesetting blanks mended
        )
    )
    assert texts[("category_use", "210")] == "用于职工医保和公务员医疗补助缴费。"
    assert texts[("assets_note", None)] == "属于历史遗留问题。"
    outcomes = texts[("project_outcomes", None)]
    assert outcomes.startswith("项目支出主要用于就业资金7908.22万元") is True
    assert outcomes.endswith("主要成效：完成职教幼教退休人员的生活补贴代发工作。") is True
    paragraphs = texts[("key_work", None)].split("\n\n")
    # Headings 一 and 二 stand on their own line; 三 to 七 begin their paragraph.
    assert (len(paragraphs), paragraphs[0], paragraphs[2]) == (
        9,
        "一、强力推动稳就业保民生工作。",
        "二、建成投入使用人力资源市场。",
    )
    assert paragraphs[-1].startswith("七、确保劳动关系和谐稳定。") is True
    assert FreeText.objects.filter(key="subject_reason").exists() is False


@pytest.mark.django_db
def test_demo_changes_are_recorded_without_a_user():
    load_demo_command()
    change = FigureChange.objects.get(address="income|2080705|general_budget")
    assert (change.user, change.field, change.old_value, change.new_value) == (
        None,
        "收入/2080705 公益性岗位补贴/一般公共预算财政拨款收入",
        "0.00",
        "28808900.00",
    )
    assert FigureChange.objects.exclude(user=None).exists() is False


@pytest.mark.django_db
def test_demo_users_can_sign_in_with_their_roles(client):
    load_demo_command()
    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.first_name, u.is_staff, u.is_superuser) for u in users] == [
        ("admin", "系统管理员", True, True),
        ("kuaiji", "区人社局会计", False, False),
        ("shenhe", "区财政局审核员", False, False),
    ]
    assert sorted(
        Membership.objects.values_list("user__username", "role", "department__slug", "bureau__slug")
    ) == [("kuaiji", "accountant", "hrss", None), ("shenhe", "reviewer", None, "dongxihu")]
    for username in ("kuaiji", "shenhe", "admin"):
        response = client.post("/login/", {"username": username, "password": "juesuan-demo"})
        assert (response.status_code, response.headers["Location"]) == (302, "/signed-in/")
        assert client.get("/").context["user"].username == username
        client.post("/logout/")


@pytest.mark.django_db
def test_demo_extensions_run_once_on_the_new_draft(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [])
    seen = []

    @demo.register_demo_extension
    def record(final_account):
        seen.append((final_account.pk, FinalAccount.objects.get(pk=final_account.pk).status))

    demo.register_demo_extension(record)
    first = demo.load_demo()
    second = demo.load_demo()
    assert (first.created, second.created, second.final_account) == (True, False, first.final_account)
    assert seen == [(first.final_account.pk, FinalAccount.Status.DRAFT)]


@pytest.mark.django_db
def test_a_failing_extension_leaves_nothing_behind(monkeypatch):
    def fail(final_account):
        raise RuntimeError("extension failed")

    monkeypatch.setattr(demo, "DEMO_EXTENSIONS", [fail])
    with pytest.raises(RuntimeError):
        demo.load_demo()
    assert set(row_counts().values()) == {0}


@pytest.mark.django_db
def test_load_demo_without_the_report_format_names_the_missing_step():
    ReportFormat.objects.filter(year=2022, region="national").delete()
    with pytest.raises(CommandError) as excinfo:
        load_demo_command()
    assert str(excinfo.value) == (
        "没有全国通用 2022 年或更早的报表格式，请先运行 python manage.py load_reference_data 载入。"
    )
