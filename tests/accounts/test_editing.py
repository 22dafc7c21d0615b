from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.choices import ExpenditureKind, Fund, IncomeSource
from accounts.models import ExpenditureFact, FigureChange, FinalAccount, IncomeFact


def messages(excinfo):
    return excinfo.value.messages


def test_set_income_stores_yuan_and_records_the_change(final_account, accountant):
    editing.set_income(
        final_account,
        code="2080101",
        source=IncomeSource.GENERAL_BUDGET,
        amount="16,734,300.00",
        by=accountant,
    )
    fact = IncomeFact.objects.get(final_account=final_account)
    assert fact.amount == Decimal("16734300.00")
    assert fact.subject.code == "2080101"
    change = FigureChange.objects.get(final_account=final_account)
    assert (change.user, change.old_value, change.new_value) == (accountant, "0.00", "16734300.00")
    assert change.field == "收入 2080101 行政运行 · 一般公共预算财政拨款收入"


def test_set_expenditure_in_wanyuan_keeps_every_cent(final_account, accountant):
    amount = editing.set_expenditure(
        final_account,
        code="2080101",
        fund=Fund.GENERAL_BUDGET,
        kind=ExpenditureKind.BASIC,
        amount="1119.434567",
        unit="wanyuan",
        by=accountant,
    )
    assert amount == Decimal("11194345.67")
    assert ExpenditureFact.objects.get().amount == Decimal("11194345.67")


def test_changing_a_figure_updates_the_row_and_records_old_and_new(final_account, accountant):
    for value in ("100.00", "250.50"):
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount=value, by=accountant
        )
    assert IncomeFact.objects.get().amount == Decimal("250.50")
    latest = FigureChange.objects.first()
    assert (latest.old_value, latest.new_value) == ("100.00", "250.50")


def test_zero_removes_the_fact(final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100", by=accountant)
    editing.set_income(final_account, code="2080101", source="general_budget", amount="0", by=accountant)
    assert IncomeFact.objects.count() == 0


def test_unknown_subject_code_is_refused_with_the_code(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="2089998", source="general_budget", amount="1", by=accountant)
    assert messages(excinfo) == ["科目编码 2089998 不在 2022 年版《政府收支分类科目》中。"]


def test_category_subject_is_refused_where_an_item_is_required(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_expenditure(
            final_account, code="208", fund="general_budget", kind="basic", amount="1", by=accountant
        )
    assert messages(excinfo) == ["科目 208 社会保障和就业支出 是类级科目，此处需要项级科目（7 位编码）。"]


def test_section_subject_is_refused_where_an_item_is_required(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="20801", source="general_budget", amount="1", by=accountant)
    assert messages(excinfo) == [
        "科目 20801 人力资源和社会保障管理事务 是款级科目，此处需要项级科目（7 位编码）。"
    ]


def test_negative_amount_is_refused_with_the_value(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount="-5.00", by=accountant
        )
    assert messages(excinfo) == ["金额 -5.00 元不能为负数。"]
    assert IncomeFact.objects.count() == 0


def test_more_than_two_decimals_is_refused_with_the_value(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount="12.345", by=accountant
        )
    assert messages(excinfo) == ["金额 12.345 元的小数位超过 2 位。"]


def test_more_than_six_decimals_in_wanyuan_is_refused(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account,
            code="2080101",
            source="general_budget",
            amount="1.1234567",
            unit="wanyuan",
            by=accountant,
        )
    assert messages(excinfo) == ["金额 1.1234567 万元的小数位超过 6 位。"]


@pytest.mark.parametrize("value", ["abc", "1.2.3", "NaN", "Infinity", "12元"])
def test_non_numbers_are_refused_with_the_value(final_account, accountant, value):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount=value, by=accountant
        )
    assert messages(excinfo) == [f"“{value}”不是有效的金额。"]


def test_floats_are_refused(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="2080101", source="general_budget", amount=0.1, by=accountant)
    assert messages(excinfo) == ["金额 0.1 是浮点数，请以文本或 Decimal 提供。"]


def test_unknown_income_source_is_refused(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="2080101", source="lottery", amount="1", by=accountant)
    assert messages(excinfo) == ["收入来源“lottery”无效。"]


def test_figures_of_a_published_final_account_are_locked(final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.PUBLISHED)
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="2080101", source="general_budget", amount="1", by=accountant)
    assert messages(excinfo) == ["2022年度区人社局部门决算 状态为“已公开”，数据已锁定，不能修改。"]
    assert IncomeFact.objects.count() == 0


def test_budget_of_zero_is_kept_and_none_removes_it(final_account, accountant):
    editing.set_budget(final_account, code="2080101", amount="0", by=accountant)
    assert final_account.budgets.get().amount == Decimal("0.00")
    editing.set_budget(final_account, code="2080101", amount=None, by=accountant)
    assert final_account.budgets.count() == 0


def test_budget_refuses_kind_and_subject_together(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_budget(final_account, kind="basic", code="2080101", amount="1", by=accountant)
    assert messages(excinfo) == ["年初预算按支出类型或按科目填列，不能同时指定。"]


def test_economic_detail_requires_a_section_code(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_basic_detail(final_account, code="301", amount="1", by=accountant)
    assert messages(excinfo) == ["经济分类科目 301 工资福利支出 是类级科目，此处需要款级科目（5 位编码）。"]


def test_stated_count_refuses_negative_and_text(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_stated_count(final_account, key="domestic_reception_groups", count="-1", by=accountant)
    assert messages(excinfo) == ["数量 -1 不能为负数。"]
    with pytest.raises(ValidationError) as excinfo:
        editing.set_stated_count(final_account, key="domestic_reception_groups", count="十六", by=accountant)
    assert messages(excinfo) == ["“十六”不是有效的数量（须为整数）。"]


def test_prior_year_figure_requires_its_source(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_prior_year_figure(
            final_account, key="income_total", amount="1", source=" ", by=accountant
        )
    assert messages(excinfo) == ["请注明上年数“本年收入合计”的来源。"]
