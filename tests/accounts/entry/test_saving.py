from decimal import Decimal

import pytest

from accounts import editing
from accounts.entry import entry_total, entry_value, save_cells, set_entry_unit
from accounts.models import (
    Balance,
    Budget,
    FigureChange,
    FinalAccount,
    FreeText,
    IncomeFact,
    OfficialExpense,
    PriorYearFigure,
    StatedCount,
    StatedFigure,
)
from tests.accounts.test_editing import income_addresses


def cell(name, value, original=""):
    return {"name": name, "value": value, "original": original}


def income(final_account):
    return {
        (f.subject.code, f.source): f.amount for f in IncomeFact.objects.filter(final_account=final_account)
    }


def test_entry_value_is_exact_in_either_unit():
    assert [
        entry_value(Decimal("16734300.00"), "yuan"),
        entry_value(Decimal("16734300.00"), "wanyuan"),
        entry_value(Decimal("1.23"), "wanyuan"),
        entry_value(Decimal("125000.00"), "wanyuan"),
        entry_value(None, "yuan"),
    ] == ["16734300.00", "1673.43", "0.000123", "12.50", ""]


def test_entry_total_separates_thousands_and_leaves_zero_blank():
    assert [
        entry_total(Decimal("16734300.00"), "yuan"),
        entry_total(Decimal("16734300.10"), "wanyuan"),
        entry_total(Decimal("-1234.50"), "yuan"),
        entry_total(Decimal("0.00"), "yuan"),
    ] == ["16,734,300.00", "1,673.43001", "-1,234.50", ""]


def test_save_cells_saves_readable_cells_and_shows_them_as_stored(final_account, accountant):
    result = save_cells(
        final_account,
        [
            cell("income|2080101|general_budget", "1,234.5"),
            cell("expenditure|2080101|general_budget|basic", " 1000 "),
        ],
        by=accountant,
    )
    assert (result.saved, result.errors, result.conflicts) == (
        {"income|2080101|general_budget": "1234.50", "expenditure|2080101|general_budget|basic": "1000.00"},
        {},
        {},
    )
    assert income(final_account) == {("2080101", "general_budget"): Decimal("1234.50")}


def test_save_cells_marks_text_and_saves_the_rest(final_account, accountant):
    result = save_cells(
        final_account,
        [
            cell("income|2080101|general_budget", "abc"),
            cell("income|2080102|general_budget", "5"),
        ],
        by=accountant,
    )
    assert result.errors == {"income|2080101|general_budget": "“abc”不是有效的金额。"}
    assert result.saved == {"income|2080102|general_budget": "5.00"}
    assert income(final_account) == {("2080102", "general_budget"): Decimal("5.00")}


def test_save_cells_marks_too_many_decimals_for_yuan(final_account, accountant):
    result = save_cells(
        final_account,
        [cell("income|2080101|general_budget", "12.345"), cell("income|2080102|general_budget", "12.34")],
        by=accountant,
    )
    assert result.errors == {"income|2080101|general_budget": "金额 12.345 元的小数位超过 2 位。"}
    assert income(final_account) == {("2080102", "general_budget"): Decimal("12.34")}


def test_save_cells_in_wanyuan_keeps_six_decimals_and_refuses_a_seventh(final_account, accountant):
    final_account = set_entry_unit(final_account, "wanyuan", by=accountant)
    result = save_cells(
        final_account,
        [
            cell("income|2080101|general_budget", "1.0000001"),
            cell("income|2080102|general_budget", "1673.430001"),
        ],
        by=accountant,
    )
    assert result.errors == {"income|2080101|general_budget": "金额 1.0000001 万元的小数位超过 6 位。"}
    assert result.saved == {"income|2080102|general_budget": "1673.430001"}
    assert income(final_account) == {("2080102", "general_budget"): Decimal("16734300.01")}


def test_save_cells_refuses_negative_amounts_and_counts(final_account, accountant):
    result = save_cells(
        final_account,
        [
            cell("income|2080101|general_budget", "-5"),
            cell("count|outbound_groups", "-1"),
            cell("count|outbound_people", "1.5"),
            cell("count|vehicles_held", "3"),
        ],
        by=accountant,
    )
    assert result.errors == {
        "income|2080101|general_budget": "金额 -5 元不能为负数。",
        "count|outbound_groups": "数量 -1 不能为负数。",
        "count|outbound_people": "“1.5”不是有效的数量（须为整数）。",
    }
    assert result.saved == {"count|vehicles_held": "3"}
    assert list(StatedCount.objects.values_list("key", "count")) == [("vehicles_held", 3)]


def test_save_cells_names_an_unknown_subject_or_cell(final_account, accountant):
    result = save_cells(
        final_account, [cell("income|2089998|general_budget", "1"), cell("income|x", "1")], by=accountant
    )
    assert result.errors == {
        "income|2089998|general_budget": "科目编码 2089998 不在 2022 年版《政府收支分类科目》中。",
        "income|x": "无法识别的单元格“income|x”。",
    }


def test_save_cells_refuses_a_cell_someone_else_changed_and_saves_the_rest(
    final_account, accountant, colleague
):
    save_cells(final_account, [cell("income|2080101|general_budget", "100")], by=colleague)
    result = save_cells(
        final_account,
        [
            cell("income|2080101|general_budget", "200", original=""),
            cell("income|2080102|general_budget", "7", original=""),
        ],
        by=accountant,
    )
    assert result.conflicts == {
        "income|2080101|general_budget": (
            "张三 已将此单元格改为 100.00 元。您的值未保存；再次保存将以您的值覆盖。",
            "100.00",
        )
    }
    assert result.saved == {"income|2080102|general_budget": "7.00"}
    assert income(final_account) == {
        ("2080101", "general_budget"): Decimal("100.00"),
        ("2080102", "general_budget"): Decimal("7.00"),
    }


def test_save_cells_overwrites_once_the_other_value_was_seen(final_account, accountant, colleague):
    save_cells(final_account, [cell("income|2080101|general_budget", "100")], by=colleague)
    result = save_cells(
        final_account, [cell("income|2080101|general_budget", "200", original="100.00")], by=accountant
    )
    assert (result.saved, result.conflicts) == ({"income|2080101|general_budget": "200.00"}, {})
    assert income(final_account) == {("2080101", "general_budget"): Decimal("200.00")}


def test_save_cells_names_the_other_person_for_a_removed_figure(final_account, accountant, colleague):
    save_cells(final_account, [cell("income|2080101|general_budget", "100")], by=accountant)
    save_cells(final_account, [cell("income|2080101|general_budget", "", original="100.00")], by=colleague)
    result = save_cells(
        final_account, [cell("income|2080101|general_budget", "300", original="100.00")], by=accountant
    )
    assert result.conflicts == {
        "income|2080101|general_budget": (
            "张三 已将此单元格改为 空。您的值未保存；再次保存将以您的值覆盖。",
            "",
        )
    }


def test_save_cells_accepts_the_value_someone_else_already_saved(final_account, accountant, colleague):
    save_cells(final_account, [cell("income|2080101|general_budget", "100")], by=colleague)
    result = save_cells(
        final_account, [cell("income|2080101|general_budget", "100.00", original="")], by=accountant
    )
    assert (result.saved, result.conflicts) == ({"income|2080101|general_budget": "100.00"}, {})
    assert FigureChange.objects.filter(user=accountant).count() == 0


def test_save_cells_records_who_when_old_and_new(final_account, accountant, colleague):
    save_cells(final_account, [cell("income|2080101|general_budget", "100")], by=accountant)
    save_cells(
        final_account, [cell("income|2080101|general_budget", "250.5", original="100.00")], by=colleague
    )
    changes = FigureChange.objects.filter(final_account=final_account).order_by("id")
    assert [(c.user.username, c.field, c.old_value, c.new_value) for c in changes] == [
        ("alice", "收入/2080101 行政运行/一般公共预算财政拨款收入", "0.00", "100.00"),
        ("zhangsan", "收入/2080101 行政运行/一般公共预算财政拨款收入", "100.00", "250.50"),
    ]
    assert all(change.at is not None for change in changes)


def test_save_cells_keeps_the_half_of_a_balance_not_posted(final_account, accountant):
    editing.set_balance(final_account, fund="general_budget", opening="10", closing="20", by=accountant)
    result = save_cells(
        final_account, [cell("balance|general_budget||closing", "25", original="20.00")], by=accountant
    )
    assert result.saved == {"balance|general_budget||closing": "25.00"}
    assert list(Balance.objects.values_list("fund", "opening", "closing")) == [
        ("general_budget", Decimal("10.00"), Decimal("25.00"))
    ]


def test_save_cells_tells_a_blank_budget_from_a_zero_one(final_account, accountant):
    editing.set_budget(final_account, code="2080101", amount="50", by=accountant)
    result = save_cells(
        final_account,
        [
            cell("budget|subject|2080101", "", original="50.00"),
            cell("budget|total|", "0", original=""),
        ],
        by=accountant,
    )
    assert result.saved == {"budget|subject|2080101": "", "budget|total|": "0.00"}
    assert list(Budget.objects.values_list("kind", "subject__code", "amount")) == [
        ("", None, Decimal("0.00"))
    ]


def test_save_cells_does_not_take_a_texts_line_breaks_for_a_change(final_account, accountant, colleague):
    editing.set_free_text(final_account, key="key_work", text="第一段\r\n第二段", by=colleague)
    result = save_cells(
        final_account,
        [cell("text|key_work|", "第一段\n第二段\n第三段", original="第一段\n第二段")],
        by=accountant,
    )
    assert (result.saved, result.conflicts) == ({"text|key_work|": "第一段\n第二段\n第三段"}, {})
    assert FreeText.objects.get().text == "第一段\n第二段\n第三段"


def test_save_cells_refuses_every_cell_of_a_locked_final_account(final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    result = save_cells(final_account, [cell("income|2080101|general_budget", "1")], by=accountant)
    assert result.errors == {
        "income|2080101|general_budget": "2022年度区人社局部门决算 状态为“已报送”，数据已锁定，不能修改。"
    }
    assert IncomeFact.objects.count() == 0


def test_set_entry_unit_changes_no_figure_and_is_recorded(final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100", by=accountant)
    set_entry_unit(final_account, "wanyuan", by=accountant)
    final_account.refresh_from_db()
    assert final_account.entry_unit == "wanyuan"
    assert income(final_account) == {("2080101", "general_budget"): Decimal("100.00")}
    change = FigureChange.objects.filter(final_account=final_account).first()
    assert (change.user, change.address, change.field, change.old_value, change.new_value) == (
        accountant,
        "account|entry_unit",
        "录入单位",
        "元",
        "万元",
    )


def test_save_cells_finds_who_changed_a_cell_by_its_address(final_account, accountant, colleague):
    save_cells(final_account, [cell("balance|general_budget||closing", "20")], by=colleague)
    save_cells(final_account, [cell("balance|general_budget||opening", "5")], by=accountant)
    result = save_cells(
        final_account, [cell("balance|general_budget||closing", "30", original="")], by=accountant
    )
    assert result.conflicts == {
        "balance|general_budget||closing": (
            "张三 已将此单元格改为 20.00 元。您的值未保存；再次保存将以您的值覆盖。",
            "20.00",
        )
    }


def test_save_cells_names_the_import_or_the_system_for_a_change_without_a_user(final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="7", by=None)
    result = save_cells(final_account, [cell("income|2080101|general_budget", "8")], by=accountant)
    assert result.conflicts["income|2080101|general_budget"][0] == (
        "导入或系统 已将此单元格改为 7.00 元。您的值未保存；再次保存将以您的值覆盖。"
    )


def test_save_cells_saves_both_halves_of_pairs_and_blanks_nullable_figures(final_account, accountant):
    editing.set_stated_figure(final_account, key="operating_costs", amount="30", by=accountant)
    result = save_cells(
        final_account,
        [
            cell("official|reception|budget", "30"),
            cell("official|reception|actual", "25"),
            cell("prior|income_total|amount", "800"),
            cell("prior|income_total|source", "2021年度部门决算公开"),
            cell("stated|operating_costs", "", original="30.00"),
        ],
        by=accountant,
    )
    assert (result.errors, result.conflicts) == ({}, {})
    assert result.saved == {
        "official|reception|budget": "30.00",
        "official|reception|actual": "25.00",
        "prior|income_total|amount": "800.00",
        "prior|income_total|source": "2021年度部门决算公开",
        "stated|operating_costs": "",
    }
    assert list(OfficialExpense.objects.values_list("budget", "actual")) == [
        (Decimal("30.00"), Decimal("25.00"))
    ]
    assert list(PriorYearFigure.objects.values_list("amount", "source")) == [
        (Decimal("800.00"), "2021年度部门决算公开")
    ]
    assert StatedFigure.objects.exists() is False


def test_save_cells_names_a_prior_year_figure_without_its_source(final_account, accountant):
    result = save_cells(final_account, [cell("prior|income_total|amount", "800")], by=accountant)
    assert result.errors == {"prior|income_total|amount": "请注明上年数“本年收入合计”的来源。"}
    assert PriorYearFigure.objects.exists() is False


def test_save_cells_refuses_a_printed_cell_as_an_input(final_account, accountant):
    result = save_cells(final_account, [cell("cell|income_expenditure_summary|r27|1", "1")], by=accountant)
    assert result.errors == {
        "cell|income_expenditure_summary|r27|1": "无法识别的单元格“cell|income_expenditure_summary|r27|1”。"
    }


@pytest.mark.parametrize("count", [10, 100])
def test_saving_a_pasted_block_takes_the_same_queries_for_10_or_100_cells(
    final_account, accountant, django_assert_num_queries, count
):
    addresses = income_addresses(count)
    editing.apply_changes(final_account, dict.fromkeys(addresses[::2], "10"), by=accountant)
    cells = [
        cell(str(address), "" if index % 4 == 0 else "20", original="10.00" if index % 2 == 0 else "")
        for index, address in enumerate(addresses)
    ]
    # save_cells: a savepoint and its release, the lock, the stored figures of the one kind posted;
    # apply_changes: a savepoint and its release, the lock, the subjects, the stored figures again,
    # a delete, an update and an insert, the change record's insert.
    with django_assert_num_queries(13):
        result = save_cells(final_account, cells, by=accountant)
    assert (len(result.saved), result.errors, result.conflicts) == (count, {}, {})
    assert IncomeFact.objects.filter(final_account=final_account).count() == count - len(addresses[::4])
