from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts import editing
from accounts.addresses import Address
from accounts.choices import ExpenditureKind, Fund, IncomeSource
from accounts.models import (
    Balance,
    Budget,
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    FunctionalSubject,
    IncomeFact,
    OfficialExpense,
    PriorYearFigure,
    StatedCount,
    StatedFigure,
)


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
    assert (change.address, change.field) == (
        "income|2080101|general_budget",
        "收入/2080101 行政运行/一般公共预算财政拨款收入",
    )


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
    assert messages(excinfo) == [
        "收入/2089998/一般公共预算财政拨款收入：科目编码 2089998 不在 2022 年版《政府收支分类科目》中。"
    ]


def test_category_subject_is_refused_where_an_item_is_required(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_expenditure(
            final_account, code="208", fund="general_budget", kind="basic", amount="1", by=accountant
        )
    assert messages(excinfo) == [
        "支出/208 社会保障和就业支出/一般公共预算财政拨款/基本支出："
        "科目 208 社会保障和就业支出 是类级科目，此处需要项级科目（7 位编码）。"
    ]


def test_section_subject_is_refused_where_an_item_is_required(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="20801", source="general_budget", amount="1", by=accountant)
    assert messages(excinfo) == [
        "收入/20801 人力资源和社会保障管理事务/一般公共预算财政拨款收入："
        "科目 20801 人力资源和社会保障管理事务 是款级科目，此处需要项级科目（7 位编码）。"
    ]


def test_negative_amount_is_refused_with_the_value(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount="-5.00", by=accountant
        )
    assert messages(excinfo) == ["收入/2080101 行政运行/一般公共预算财政拨款收入：金额 -5.00 元不能为负数。"]
    assert IncomeFact.objects.count() == 0


def test_more_than_two_decimals_is_refused_with_the_value(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount="12.345", by=accountant
        )
    assert messages(excinfo) == [
        "收入/2080101 行政运行/一般公共预算财政拨款收入：金额 12.345 元的小数位超过 2 位。"
    ]


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
    assert messages(excinfo) == [
        "收入/2080101 行政运行/一般公共预算财政拨款收入：金额 1.1234567 万元的小数位超过 6 位。"
    ]


@pytest.mark.parametrize("value", ["abc", "1.2.3", "NaN", "Infinity", "12元"])
def test_non_numbers_are_refused_with_the_value(final_account, accountant, value):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(
            final_account, code="2080101", source="general_budget", amount=value, by=accountant
        )
    assert messages(excinfo) == [f"收入/2080101 行政运行/一般公共预算财政拨款收入：“{value}”不是有效的金额。"]


def test_floats_are_refused(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_income(final_account, code="2080101", source="general_budget", amount=0.1, by=accountant)
    assert messages(excinfo) == [
        "收入/2080101 行政运行/一般公共预算财政拨款收入：金额 0.1 是浮点数，请以文本或 Decimal 提供。"
    ]


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
    assert messages(excinfo) == [
        "基本支出明细/301 工资福利支出：经济分类科目 301 工资福利支出 是类级科目，此处需要款级科目（5 位编码）。"
    ]


def test_stated_count_refuses_negative_and_text(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_stated_count(final_account, key="domestic_reception_groups", count="-1", by=accountant)
    assert messages(excinfo) == ["其他填报数量/国内公务接待团组数：数量 -1 不能为负数。"]
    with pytest.raises(ValidationError) as excinfo:
        editing.set_stated_count(final_account, key="domestic_reception_groups", count="十六", by=accountant)
    assert messages(excinfo) == ["其他填报数量/国内公务接待团组数：“十六”不是有效的数量（须为整数）。"]


def test_prior_year_figure_requires_its_source(final_account, accountant):
    with pytest.raises(ValidationError) as excinfo:
        editing.set_prior_year_figure(
            final_account, key="income_total", amount="1", source=" ", by=accountant
        )
    assert messages(excinfo) == ["上年数/本年收入合计/来源：请注明上年数“本年收入合计”的来源。"]


# --- apply_changes: many figures at once, keyed by address ---------------------------------------------


def at(text):
    return Address.parse(text)


def history(final_account):
    return [
        (c.address, c.field, c.old_value, c.new_value)
        for c in FigureChange.objects.filter(final_account=final_account).order_by("id")
    ]


def test_apply_changes_writes_every_kind_of_figure_and_records_each(final_account, accountant):
    result = editing.apply_changes(
        final_account,
        {
            at("income|2080101|general_budget"): "1000",
            at("expenditure|2080101|general_budget|basic"): "900.50",
            at("balance|general_budget||closing"): "99.50",
            at("detail|30101"): "900.50",
            at("official|reception|actual"): "12",
            at("budget|subject|2080101"): "0",
            at("stated|operating_costs"): "30",
            at("count|vehicles_held"): "2",
            at("prior|income_total|amount"): "800",
            at("prior|income_total|source"): "2021年度部门决算公开 表1",
            at("text|category_use|208"): "  用于社会保障。 ",
        },
        by=accountant,
    )
    assert result[at("balance|general_budget||closing")] == Decimal("99.50")
    assert result[at("count|vehicles_held")] == 2
    assert result[at("text|category_use|208")] == "用于社会保障。"
    assert list(Balance.objects.values_list("fund", "subject", "opening", "closing")) == [
        ("general_budget", None, Decimal("0.00"), Decimal("99.50"))
    ]
    assert list(OfficialExpense.objects.values_list("item", "budget", "actual")) == [
        ("reception", Decimal("0.00"), Decimal("12.00"))
    ]
    assert list(Budget.objects.values_list("subject__code", "amount")) == [("2080101", Decimal("0.00"))]
    assert history(final_account) == [
        (
            "income|2080101|general_budget",
            "收入/2080101 行政运行/一般公共预算财政拨款收入",
            "0.00",
            "1000.00",
        ),
        (
            "expenditure|2080101|general_budget|basic",
            "支出/2080101 行政运行/一般公共预算财政拨款/基本支出",
            "0.00",
            "900.50",
        ),
        ("balance|general_budget||closing", "年末结转和结余/一般公共预算财政拨款", "0.00", "99.50"),
        ("detail|30101", "基本支出明细/30101 基本工资", "0.00", "900.50"),
        ("official|reception|actual", "“三公”经费/公务接待费/决算数", "0.00", "12.00"),
        ("budget|subject|2080101", "年初预算/2080101 行政运行", "", "0.00"),
        ("stated|operating_costs", "其他填报金额/机关运行经费", "", "30.00"),
        ("count|vehicles_held", "其他填报数量/公务用车保有量", "", "2"),
        ("prior|income_total|amount", "上年数/本年收入合计", "", "800.00"),
        ("prior|income_total|source", "上年数/本年收入合计/来源", "", "2021年度部门决算公开 表1"),
        ("text|category_use|208", "文字说明/类级支出主要用途 208 社会保障和就业支出", "", "用于社会保障。"),
    ]


def test_apply_changes_in_the_entry_unit_by_default(final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(entry_unit="wanyuan")
    editing.apply_changes(final_account, {at("income|2080101|general_budget"): "1673.43"}, by=accountant)
    assert IncomeFact.objects.get().amount == Decimal("16734300.00")


def test_apply_changes_keeps_the_half_of_a_pair_not_given(final_account, accountant):
    editing.set_balance(final_account, fund="general_budget", opening="10", closing="20", by=accountant)
    editing.set_official_expense(final_account, item="reception", budget="30", actual="25", by=accountant)
    editing.set_prior_year_figure(
        final_account, key="income_total", amount="5", source="上年公开", by=accountant
    )
    editing.apply_changes(
        final_account,
        {
            at("balance|general_budget||opening"): "11",
            at("official|reception|actual"): "26",
            at("prior|income_total|amount"): "6",
        },
        by=accountant,
    )
    assert list(Balance.objects.values_list("opening", "closing")) == [(Decimal("11.00"), Decimal("20.00"))]
    assert list(OfficialExpense.objects.values_list("budget", "actual")) == [
        (Decimal("30.00"), Decimal("26.00"))
    ]
    assert list(PriorYearFigure.objects.values_list("amount", "source")) == [(Decimal("6.00"), "上年公开")]


def test_apply_changes_removes_zeros_only_where_blank_and_zero_mean_the_same(final_account, accountant):
    changes = {
        at("income|2080101|general_budget"): "100",
        at("balance|general_budget||opening"): "10",
        at("budget|total|"): "100",
        at("stated|operating_costs"): "30",
        at("count|vehicles_held"): "2",
    }
    editing.apply_changes(final_account, changes, by=accountant)
    editing.apply_changes(final_account, dict.fromkeys(changes, "0"), by=accountant)
    assert (IncomeFact.objects.count(), Balance.objects.count()) == (0, 0)
    assert list(Budget.objects.values_list("amount", flat=True)) == [Decimal("0.00")]
    assert list(StatedFigure.objects.values_list("amount", flat=True)) == [Decimal("0.00")]
    assert list(StatedCount.objects.values_list("count", flat=True)) == [0]
    editing.apply_changes(final_account, dict.fromkeys(changes), by=accountant)
    assert (Budget.objects.count(), StatedFigure.objects.count(), StatedCount.objects.count()) == (0, 0, 0)
    assert history(final_account)[-3:] == [
        ("budget|total|", "年初预算/合计", "0.00", ""),
        ("stated|operating_costs", "其他填报金额/机关运行经费", "0.00", ""),
        ("count|vehicles_held", "其他填报数量/公务用车保有量", "0", ""),
    ]


def test_apply_changes_records_only_values_that_change(final_account, accountant):
    editing.apply_changes(final_account, {at("income|2080101|general_budget"): "100"}, by=accountant)
    editing.apply_changes(
        final_account,
        {at("income|2080101|general_budget"): "100.00", at("income|2080102|general_budget"): ""},
        by=accountant,
    )
    assert len(history(final_account)) == 1


def test_apply_changes_refuses_them_all_naming_each_bad_one(final_account, accountant):
    with pytest.raises(editing.ChangesRefused) as excinfo:
        editing.apply_changes(
            final_account,
            {
                at("income|2080101|general_budget"): "100",
                at("income|2080102|general_budget"): "-1",
                Address("income", ("2089998", "general_budget")): "1",
                Address("income", ("x",)): "1",
                at("prior|income_total|amount"): "1",
            },
            by=accountant,
        )
    assert excinfo.value.refused == {
        at("income|2080102|general_budget"): "金额 -1 元不能为负数。",
        Address(
            "income", ("2089998", "general_budget")
        ): "科目编码 2089998 不在 2022 年版《政府收支分类科目》中。",
        Address("income", ("x",)): "无法识别的位置“income|x”。",
        at("prior|income_total|amount"): "请注明上年数“本年收入合计”的来源。",
    }
    assert sorted(excinfo.value.messages) == sorted(
        [
            "收入/2080102 一般行政管理事务/一般公共预算财政拨款收入：金额 -1 元不能为负数。",
            "收入/2089998/一般公共预算财政拨款收入：科目编码 2089998 不在 2022 年版《政府收支分类科目》中。",
            "income|x：无法识别的位置“income|x”。",
            "上年数/本年收入合计：请注明上年数“本年收入合计”的来源。",
        ]
    )
    assert (IncomeFact.objects.count(), FigureChange.objects.count()) == (0, 0)


def test_apply_changes_refuses_a_printed_cell(final_account, accountant):
    with pytest.raises(editing.ChangesRefused) as excinfo:
        editing.apply_changes(
            final_account, {at("cell|income_expenditure_summary|r27|1"): "1"}, by=accountant
        )
    assert excinfo.value.refused == {
        at("cell|income_expenditure_summary|r27|1"): "无法识别的位置“cell|income_expenditure_summary|r27|1”。"
    }


def test_apply_changes_refuses_a_source_without_its_amount(final_account, accountant):
    with pytest.raises(editing.ChangesRefused) as excinfo:
        editing.apply_changes(final_account, {at("prior|income_total|source"): "上年公开"}, by=accountant)
    assert excinfo.value.refused == {
        at("prior|income_total|source"): "请同时填写上年数“本年收入合计”的金额。"
    }


def test_blanking_a_prior_year_amount_removes_it_with_its_source(final_account, accountant):
    editing.set_prior_year_figure(
        final_account, key="income_total", amount="5", source="上年公开", by=accountant
    )
    editing.apply_changes(final_account, {at("prior|income_total|amount"): ""}, by=accountant)
    assert PriorYearFigure.objects.count() == 0
    assert history(final_account)[-2:] == [
        ("prior|income_total|amount", "上年数/本年收入合计", "5.00", ""),
        ("prior|income_total|source", "上年数/本年收入合计/来源", "上年公开", ""),
    ]


def test_apply_changes_refuses_a_locked_final_account(final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.APPROVED)
    with pytest.raises(ValidationError) as excinfo:
        editing.apply_changes(final_account, {at("income|2080101|general_budget"): "1"}, by=accountant)
    assert (excinfo.value.code, messages(excinfo)) == (
        "locked",
        ["2022年度区人社局部门决算 状态为“已审核”，数据已锁定，不能修改。"],
    )


def income_addresses(count):
    """Return `count` income addresses: the item subjects of the edition by each income source."""
    codes = FunctionalSubject.objects.filter(edition=2022, code__regex=r"^[0-9]{7}$").order_by("code")
    pairs = [
        (code, source) for source in IncomeSource.values for code in codes.values_list("code", flat=True)
    ]
    return [Address("income", pair) for pair in pairs[:count]]


@pytest.mark.parametrize("count", [10, 100])
def test_apply_changes_takes_the_same_queries_for_10_or_100_changes(
    final_account, accountant, django_assert_num_queries, count
):
    incomes = income_addresses(count)
    balances = [
        Address("balance", ("government_fund", a.parts[0], "closing")) for a in incomes[: count // 10 * 2]
    ]
    # Half the figures exist: the changes create, update and remove some of each kind touched.
    editing.apply_changes(
        final_account,
        dict.fromkeys(incomes[::2], "10") | {a.with_last("opening"): "5" for a in balances[::2]},
        by=accountant,
    )
    changes = {address: "0" if index % 4 == 0 else "20" for index, address in enumerate(incomes)}
    changes |= dict.fromkeys(balances, "7")
    # A savepoint and its release, the lock, the subjects, a read per kind (2), income's delete, update
    # and insert, the balances' update and insert, the change record's insert.
    with django_assert_num_queries(12):
        editing.apply_changes(final_account, changes, by=accountant)
    assert IncomeFact.objects.count() == count - len(incomes[::4])
    assert Balance.objects.count() == len(balances)
    before = len(incomes[::2]) + len(balances[::2])
    assert FigureChange.objects.count() == before + count + len(balances)  # every value given changed
