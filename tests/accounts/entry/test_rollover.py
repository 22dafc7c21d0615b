from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.models import Balance, FigureChange, FinalAccount, FreeText, PriorYearFigure
from accounts.reference_data import load_functional_subjects
from accounts.rollover import create_final_account, next_year
from tests.builders import make_final_account


@pytest.fixture
def last_year(department, accountant):
    previous = make_final_account(department, year=2022, entry_unit="wanyuan")
    editing.set_income(previous, code="2080101", source="general_budget", amount="1000", by=accountant)
    editing.set_income(previous, code="2080106", source="government_fund", amount="300", by=accountant)
    editing.set_expenditure(previous, code="2080101", fund="general_budget", kind="basic", amount="900",
                            by=accountant)
    editing.set_expenditure(previous, code="2080106", fund="government_fund", kind="project", amount="100",
                            by=accountant)
    editing.set_balance(previous, fund="general_budget", opening="50", closing="150", by=accountant)
    editing.set_balance(previous, fund="government_fund", code="2080106", opening="0", closing="200", by=accountant)
    editing.set_free_text(previous, key="main_functions", text="负责全区人力资源和社会保障工作。", by=accountant)
    editing.set_free_text(previous, key="key_work", text="2022 年的重点工作。", by=accountant)
    return previous


def test_next_year_is_the_year_after_the_latest(department, last_year):
    assert next_year(department) == 2023


def test_create_final_account_carries_balances_prior_figures_and_texts(department, accountant, last_year):
    result = create_final_account(department, year=2023, by=accountant)
    new = result.final_account
    assert (new.year, new.status, new.edition, new.report_format.year, new.entry_unit, result.previous,
            result.dropped_codes) == (2023, "draft", 2022, 2022, "wanyuan", last_year, ())
    assert sorted(Balance.objects.filter(final_account=new).values_list(
        "fund", "subject__code", "opening", "closing")) == [
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
    assert set(FigureChange.objects.filter(final_account=new).values_list("user", flat=True)) == {accountant.pk}


def test_create_final_account_leaves_out_subjects_the_new_edition_lacks(department, accountant, last_year):
    load_functional_subjects(2023, [
        {"code": "208", "name": "社会保障和就业支出", "parent": ""},
        {"code": "20801", "name": "人力资源和社会保障管理事务", "parent": "208"},
        {"code": "2080101", "name": "行政运行", "parent": "20801"},
    ])
    result = create_final_account(department, year=2023, by=accountant)
    assert (result.final_account.edition, result.dropped_codes) == (2023, ("2080106",))
    assert list(Balance.objects.filter(final_account=result.final_account).values_list(
        "fund", "subject__code", "opening")) == [("general_budget", None, Decimal("150.00"))]


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
