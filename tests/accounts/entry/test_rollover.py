from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.models import Balance, FigureChange, FinalAccount, FreeText, PriorYearFigure
from accounts.reference_data import load_functional_subjects
from accounts.rollover import create_final_account, next_year, refresh_carried_figures
from accounts.rules import check_final_account, check_final_accounts
from tests.builders import make_department, make_final_account


@pytest.fixture
def last_year(department, accountant):
    previous = make_final_account(department, year=2022, entry_unit="wanyuan")
    editing.set_income(previous, code="2080101", source="general_budget", amount="1000", by=accountant)
    editing.set_income(previous, code="2080106", source="government_fund", amount="300", by=accountant)
    editing.set_expenditure(
        previous, code="2080101", fund="general_budget", kind="basic", amount="900", by=accountant
    )
    editing.set_expenditure(
        previous, code="2080106", fund="government_fund", kind="project", amount="100", by=accountant
    )
    editing.set_balance(previous, fund="general_budget", opening="50", closing="150", by=accountant)
    editing.set_balance(
        previous, fund="government_fund", code="2080106", opening="0", closing="200", by=accountant
    )
    editing.set_free_text(
        previous, key="main_functions", text="负责全区人力资源和社会保障工作。", by=accountant
    )
    editing.set_free_text(previous, key="key_work", text="2022 年的重点工作。", by=accountant)
    return previous


def test_next_year_is_the_year_after_the_latest(department, last_year):
    assert next_year(department) == 2023


def test_create_final_account_carries_balances_prior_figures_and_texts(department, accountant, last_year):
    result = create_final_account(department, year=2023, by=accountant)
    new = result.final_account
    assert (
        new.year,
        new.status,
        new.edition,
        new.report_format.year,
        new.entry_unit,
        result.previous,
        result.dropped_codes,
    ) == (2023, "draft", 2022, 2022, "wanyuan", last_year, ())
    assert sorted(
        Balance.objects.filter(final_account=new).values_list("fund", "subject__code", "opening", "closing")
    ) == [
        ("general_budget", None, Decimal("150.00"), Decimal("0.00")),
        ("government_fund", "2080106", Decimal("200.00"), Decimal("0.00")),
    ]
    source = "2022年度部门决算（系统内数据）"
    assert dict(PriorYearFigure.objects.filter(final_account=new).values_list("key", "amount")) == {
        "income_total": Decimal("1300.00"),
        "expenditure_total": Decimal("1000.00"),
        "grand_total": Decimal("1350.00"),
        "appropriation_income_total": Decimal("1300.00"),
        "appropriation_expenditure_total": Decimal("1000.00"),
        "appropriation_grand_total": Decimal("1350.00"),
        "general_budget_income": Decimal("1000.00"),
        "general_budget_expenditure": Decimal("900.00"),
        "official_expenses_total": Decimal("0.00"),
        "reception": Decimal("0.00"),
        "operating_costs": Decimal("0.00"),
    }
    assert set(PriorYearFigure.objects.filter(final_account=new).values_list("source", flat=True)) == {source}
    assert list(FreeText.objects.filter(final_account=new).values_list("key", "text")) == [
        ("main_functions", "负责全区人力资源和社会保障工作。")
    ]
    assert set(FigureChange.objects.filter(final_account=new).values_list("user", flat=True)) == {
        accountant.pk
    }
    opening = FigureChange.objects.get(final_account=new, address="balance|government_fund|2080106|opening")
    assert (opening.field, opening.old_value, opening.new_value) == (
        "年初结转和结余/政府性基金预算财政拨款/2080106 就业管理事务",
        "0.00",
        "200.00",
    )


def test_create_final_account_leaves_out_subjects_the_new_edition_lacks(department, accountant, last_year):
    load_functional_subjects(
        2023,
        [
            {"code": "208", "name": "社会保障和就业支出", "parent": ""},
            {"code": "20801", "name": "人力资源和社会保障管理事务", "parent": "208"},
            {"code": "2080101", "name": "行政运行", "parent": "20801"},
        ],
    )
    result = create_final_account(department, year=2023, by=accountant)
    assert (result.final_account.edition, result.dropped_codes) == (2023, ("2080106",))
    assert list(
        Balance.objects.filter(final_account=result.final_account).values_list(
            "fund", "subject__code", "opening"
        )
    ) == [("general_budget", None, Decimal("150.00"))]


def test_create_final_account_without_last_year_starts_empty(department, accountant):
    result = create_final_account(department, year=2022, by=accountant)
    assert (result.previous, result.final_account.entry_unit) == (None, "yuan")
    assert FigureChange.objects.filter(final_account=result.final_account).count() == 0


def test_create_final_account_refuses_a_year_that_exists(department, accountant, last_year):
    with pytest.raises(ValidationError) as excinfo:
        create_final_account(department, year=2022, by=accountant)
    assert excinfo.value.messages == ["区人社局 2022 年度的决算已存在。"]
    assert FinalAccount.objects.count() == 1


def test_create_final_account_needs_a_loaded_edition(department, accountant):
    with pytest.raises(ValidationError) as excinfo:
        create_final_account(department, year=2019, by=accountant)
    assert excinfo.value.messages == ["没有 2019 年或更早的《政府收支分类科目》，请先载入科目。"]


# --- Last year corrected after this year's was created: rule P7 and its remedy ---------------------


def p7(final_account):
    return [
        (f.message, f.expected, f.actual) for f in check_final_account(final_account) if f.rule_id == "P7"
    ]


def correct_last_year(last_year, accountant):
    """Last year's published account is corrected: more income, a larger closing balance, published again."""
    FinalAccount.objects.filter(pk=last_year.pk).update(status="draft")
    editing.set_income(last_year, code="2080101", source="general_budget", amount="1100", by=accountant)
    editing.set_balance(last_year, fund="general_budget", opening="50", closing="250", by=accountant)
    FinalAccount.objects.filter(pk=last_year.pk).update(status="published")


@pytest.fixture
def this_year(department, accountant, last_year):
    FinalAccount.objects.filter(pk=last_year.pk).update(status="published")
    return create_final_account(department, year=2023, by=accountant).final_account


def test_this_years_carried_figures_agree_with_last_years_as_created(this_year):
    assert p7(this_year) == []


def test_a_correction_of_last_year_is_found_in_the_opening_balances_and_the_prior_year_figures(
    this_year, last_year, accountant
):
    correct_last_year(last_year, accountant)
    assert p7(this_year) == [
        (
            "一般公共预算财政拨款年初结转和结余应等于上年度决算的年末结转和结余",
            Decimal("250.00"),
            Decimal("150.00"),
        ),
        ("上年数“本年收入合计”应等于上年度决算的数字", Decimal("1400.00"), Decimal("1300.00")),
        ("上年数“收入支出总计”应等于上年度决算的数字", Decimal("1450.00"), Decimal("1350.00")),
        ("上年数“财政拨款本年收入合计”应等于上年度决算的数字", Decimal("1400.00"), Decimal("1300.00")),
        ("上年数“财政拨款收入支出总计”应等于上年度决算的数字", Decimal("1450.00"), Decimal("1350.00")),
        ("上年数“一般公共预算财政拨款收入”应等于上年度决算的数字", Decimal("1100.00"), Decimal("1000.00")),
    ]
    # The bulk check (the province benchmark's, check_final_accounts --all) finds the same.
    assert [
        (f.message, f.expected, f.actual)
        for f in check_final_accounts([this_year])[this_year.pk]
        if f.rule_id == "P7"
    ] == p7(this_year)


def test_a_correction_in_progress_is_not_compared(this_year, last_year, accountant):
    correct_last_year(last_year, accountant)
    FinalAccount.objects.filter(pk=last_year.pk).update(status="draft")
    assert p7(this_year) == []


def test_the_carried_figures_are_taken_again_keeping_this_years_closing_balances(
    this_year, last_year, accountant
):
    editing.set_balance(this_year, fund="general_budget", opening="150", closing="80", by=accountant)
    correct_last_year(last_year, accountant)
    assert refresh_carried_figures(this_year, by=accountant) == 6
    assert p7(this_year) == []
    assert Balance.objects.filter(final_account=this_year, fund="general_budget").values_list(
        "opening", "closing"
    ).get() == (Decimal("250.00"), Decimal("80.00"))
    assert PriorYearFigure.objects.get(final_account=this_year, key="income_total").amount == Decimal(
        "1400.00"
    )
    assert set(
        FigureChange.objects.filter(final_account=this_year, user=accountant)
        .exclude(reason="")
        .values_list("reason", flat=True)
    ) == {"按更正后的上年度决算更新年初结转和结余", "按更正后的上年度决算更新上年数"}
    assert refresh_carried_figures(this_year, by=accountant) == 0


def test_taking_the_carried_figures_again_is_refused_while_locked_or_without_last_year(
    this_year, bureau, accountant
):
    FinalAccount.objects.filter(pk=this_year.pk).update(status="submitted")
    with pytest.raises(ValidationError) as excinfo:
        refresh_carried_figures(this_year, by=accountant)
    assert excinfo.value.messages == ["2023年度区人社局部门决算 状态为“已报送”，数据已锁定，不能修改。"]
    first = create_final_account(
        make_department(bureau, slug="finance", name="区财政局机关", short_name="财政局机关"),
        year=2022,
        by=accountant,
    ).final_account
    with pytest.raises(ValidationError) as excinfo:
        refresh_carried_figures(first, by=accountant)
    assert excinfo.value.messages == ["系统内没有 2021 年度的决算，上年数请按上年公开的决算填写。"]


def test_the_findings_page_offers_the_remedy_to_the_accountant(
    client, this_year, last_year, accountant, reviewer
):
    correct_last_year(last_year, accountant)
    url = "/review/dongxihu/hrss/2023/findings/"
    client.force_login(accountant)
    assert "按上年度决算更新年初结转和结余、上年数" in client.get(url).content.decode()
    response = client.post(url + "carry-over/", follow=True)
    assert "已按上年度决算更新 6 个数字" in response.content.decode()
    assert p7(this_year) == []
    client.force_login(reviewer)  # reviewers read the findings; the figures are the department's
    assert "按上年度决算更新" not in client.get(url).content.decode()
    assert client.post(url + "carry-over/").status_code == 404


def test_the_entry_screens_show_the_disagreement_beside_their_grids(client, this_year, last_year, accountant):
    correct_last_year(last_year, accountant)
    client.force_login(accountant)
    balances = client.get("/entry/dongxihu/hrss/2023/balances/").content.decode()
    assert "一般公共预算财政拨款年初结转和结余应等于上年度决算的年末结转和结余" in balances
    other = client.get("/entry/dongxihu/hrss/2023/other/").content.decode()
    assert "上年数“本年收入合计”应等于上年度决算的数字" in other
