"""The builders on small, hand-made facts: roll-ups, budgets-only rows, unlisted 类, query counts."""

from decimal import Decimal

import pytest

from accounts import editing
from accounts.statements import build_statements, build_statements_for, load_facts

ITEM_CODES = ["2080101", "2080505", "2101101"]


def spend(final_account, code, amount, *, fund="general_budget", kind="basic"):
    editing.set_expenditure(final_account, code=code, fund=fund, kind=kind, amount=amount, by=None)


@pytest.mark.parametrize("item_count", [1, 3])
def test_building_all_nine_tables_takes_a_constant_number_of_queries(
    final_account, django_assert_num_queries, item_count
):
    for code in ITEM_CODES[:item_count]:
        spend(final_account, code, "100.00")
        editing.set_income(final_account, code=code, source="general_budget", amount="100.00", by=None)
        editing.set_budget(final_account, code=code, amount="120.00", by=None)
    editing.set_basic_detail(final_account, code="30101", amount="50.00", by=None)
    with django_assert_num_queries(15):
        statements = build_statements_for(final_account)
    assert len(statements) == 9


def test_sections_categories_and_total_are_sums_of_items(final_account):
    spend(final_account, "2080101", "100.10")
    spend(final_account, "2080101", "50.05", kind="project")
    spend(final_account, "2080505", "20.00")
    spend(final_account, "2101101", "3.33")
    t3 = build_statements(load_facts(final_account))["expenditure"]
    assert t3.value(code="", key="total") == Decimal("173.48")
    assert t3.value(code="208", key="total") == Decimal("170.15")
    assert t3.value(code="20801", key="basic") == Decimal("100.10")
    assert t3.value(code="20805", key="basic") == Decimal("20.00")
    assert t3.value(code="2080101", key="project") == Decimal("50.05")
    assert [row.code for row in t3.rows] == [
        "",
        "208",
        "20801",
        "2080101",
        "20805",
        "2080505",
        "210",
        "21011",
        "2101101",
    ]


def test_a_subject_with_a_budget_but_no_spending_keeps_its_row_in_table_5(final_account):
    spend(final_account, "2080101", "100.00")
    editing.set_budget(final_account, code="2080505", amount="80.00", by=None)
    t5 = build_statements(load_facts(final_account))["general_budget_expenditure"]
    assert [row.code for row in t5.rows] == ["", "208", "20801", "2080101", "20805", "2080505"]
    assert t5.value(code="2080505", key="total") == Decimal("0.00")
    t3 = build_statements(load_facts(final_account))["expenditure"]
    assert [row.code for row in t3.rows] == ["", "208", "20801", "2080101"]


def test_table_1_totals_and_balances(final_account):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000.00", by=None)
    editing.set_income(final_account, code="2080101", source="public_service", amount="200.00", by=None)
    spend(final_account, "2080101", "900.00")
    spend(final_account, "2080101", "150.00", fund="non_appropriation")
    editing.set_balance(final_account, fund="general_budget", opening="10.00", closing="110.00", by=None)
    editing.set_balance(final_account, fund="non_appropriation", opening="5.00", closing="55.00", by=None)
    editing.set_stated_figure(final_account, key="non_appropriation_surplus_used", amount="0.00", by=None)
    t1 = build_statements(load_facts(final_account))["income_expenditure_summary"]
    assert t1.value(line=1, column=1) == Decimal("1000.00")
    assert t1.value(line=5, column=1) == Decimal("200.00")
    assert t1.value(line=27, column=1) == Decimal("1200.00")
    assert t1.value(line=29, column=1) == Decimal("15.00")
    assert t1.value(line=31, column=1) == Decimal("1215.00")
    assert t1.value(line=39, column=2) == Decimal("1050.00")
    assert t1.value(line=58, column=2) == Decimal("1050.00")
    assert t1.value(line=60, column=2) == Decimal("165.00")
    assert t1.value(line=62, column=2) == Decimal("1215.00")
    t4 = build_statements(load_facts(final_account))["appropriation_summary"]
    assert t4.value(line=27, column=1) == Decimal("1000.00")
    assert t4.value(line=28, column=1) == Decimal("10.00")
    assert t4.value(line=29, column=1) == Decimal("10.00")
    assert t4.value(line=40, column=2) == Decimal("900.00")
    assert t4.value(line=40, column=3) == Decimal("900.00")
    assert t4.value(line=60, column=3) == Decimal("110.00")
    assert t4.value(line=64, column=2) == Decimal("1010.00")


def test_spending_under_a_category_the_format_does_not_list_still_counts_in_the_total(final_account):
    # 203 国防支出 is listed; every spending counts in 本年支出合计 whether or not its 类 has a row.
    spend(final_account, "2030699", "7.00")
    spend(final_account, "2080101", "3.00")
    t1 = build_statements(load_facts(final_account))["income_expenditure_summary"]
    assert t1.value(line=34, column=2) == Decimal("7.00")
    assert t1.value(line=58, column=2) == Decimal("10.00")


def test_government_fund_table_carries_balances_income_and_spending_per_subject(final_account):
    from accounts.models import FunctionalSubject

    FunctionalSubject.objects.create(
        edition=2022,
        code="2296002",
        name="用于社会福利的彩票公益金支出",
        parent=FunctionalSubject.objects.create(
            edition=2022,
            code="22960",
            name="彩票公益金安排的支出",
            parent=FunctionalSubject.objects.get(edition=2022, code="229"),
        ),
    )
    editing.set_income(final_account, code="2296002", source="government_fund", amount="30.00", by=None)
    spend(final_account, "2296002", "25.00", fund="government_fund", kind="project")
    editing.set_balance(
        final_account, fund="government_fund", code="2296002", opening="4.00", closing="9.00", by=None
    )
    t7 = build_statements(load_facts(final_account))["government_fund"]
    assert t7.is_empty is False
    assert t7.empty_sentence == ""
    assert [t7.value(code="2296002", column=n) for n in range(1, 7)] == [
        Decimal("4.00"),
        Decimal("30.00"),
        Decimal("25.00"),
        Decimal("0.00"),
        Decimal("25.00"),
        Decimal("9.00"),
    ]


def test_table_9_adds_vehicle_items_and_totals(final_account):
    editing.set_official_expense(
        final_account, item="vehicle_purchase", budget="30.00", actual="28.00", by=None
    )
    editing.set_official_expense(
        final_account, item="vehicle_operation", budget="5.00", actual="6.00", by=None
    )
    editing.set_official_expense(final_account, item="reception", budget="2.00", actual="1.00", by=None)
    t9 = build_statements(load_facts(final_account))["official_expenses"]
    assert [t9.value(column=n) for n in range(1, 13)] == [
        Decimal(v)
        for v in (
            "37.00",
            "0.00",
            "35.00",
            "30.00",
            "5.00",
            "2.00",
            "35.00",
            "0.00",
            "34.00",
            "28.00",
            "6.00",
            "1.00",
        )
    ]
