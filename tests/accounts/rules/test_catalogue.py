"""Each rule of the catalogue passes on consistent data and fails on data that breaks it.

In-table and most inter-table identities hold by construction for entered facts, so their failing
cases replace one cell of a built statement, as a printed (imported) table would differ.
"""

import dataclasses
from decimal import Decimal

import pytest

from accounts import editing
from accounts.models import FinalAccount, FunctionalSubject, Unit
from accounts.rules import evaluate
from accounts.rules.registry import registered_rules

from .builders import WAN, findings_of, loaded, replaced, summary

W = Decimal("10000")  # 元 per 万元


def yuan(wanyuan):
    return Decimal(wanyuan) * W


def test_a_consistent_account_passes_every_rule(consistent):
    facts, statements = loaded(consistent)
    assert evaluate(facts, statements, extra={"unit_types": ["administrative"]}) == []


def test_every_catalogue_rule_has_an_id_a_chinese_message_and_a_known_tolerance():
    from accounts.rules.catalogue import CATALOGUE
    from accounts.rules.tolerances import TOLERANCES

    rules = registered_rules()[: len(CATALOGUE)]
    assert rules == CATALOGUE
    assert [r.id for r in rules] == [
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
        "R6",
        "R7",
        "R8",
        "R9",
        "R10",
        "R11",
        "R12",
        "R13",
        "R14",
        "R15",
        "R16",
        "F1",
        "R17",
        "R18",
        "R19",
        "R20",
        "R21",
        "R22",
        "R23",
        "R24",
        "R25",
        "R25.1",
        "R26",
        "R27",
        "R28",
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
        "P6",
        "P7",
        "Y1",
        "Y2",
        "S1",
        "S2",
        "S3",
        "S4",
        "S5",
        "H1",
        "H2",
        "H3",
        "H4",
        "N1",
        "N2",
        "N3",
        "N4",
        "N5",
    ]
    assert all(r.tolerance in TOLERANCES or r.tolerance == "comparison" for r in rules) is True
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in r.message) for r in rules) is True


# --- In-table identities over a replaced (printed) cell: (rule, table kind, address, 万元, findings) ---

T1, T2, T3, T4, T5 = (
    "income_expenditure_summary",
    "income",
    "expenditure",
    "appropriation_summary",
    "general_budget_expenditure",
)

REPLACED_CELLS = [
    ("R1", T1, {"line": 27}, "1499", [("表1/行27/栏1", "1500", "1499")]),
    ("R2", T1, {"line": 31}, "1514", [("表1/行31/栏1", "1515", "1514")]),
    ("R3", T1, {"line": 58}, "1399", [("表1/行58/栏2", "1400", "1399")]),
    ("R4", T1, {"line": 62}, "1516", [("表1/行62/栏2", "1515", "1516")]),
    ("R5", T1, {"line": 62}, "1516", [("表1/行31/栏1", "1516", "1515")]),
    ("R6", T2, {"code": "2080101", "column": 1}, "1201", [("表2/2080101/栏1", "1200", "1201")]),
    ("R7", T3, {"code": "2080101", "column": 1}, "1099", [("表3/2080101/栏1", "1100", "1099")]),
    ("R8", T4, {"line": 27}, "1299", [("表4/行27/栏1", "1300", "1299"), ("表4/行32/栏1", "1309", "1310")]),
    ("R9", T4, {"line": 40, "column": 2}, "951", [("表4/行40/栏2", "950", "951")]),
    ("R10", T5, {"code": "2080101", "column": 1}, "949", [("表5/2080101/栏1", "950", "949")]),
    (
        "R14",
        T3,
        {"code": "208", "column": 1},
        "1101",
        [("表3/合计/栏1", "1401", "1400"), ("表3/208/栏1", "1100", "1101")],
    ),
    ("R17", T2, {"code": "", "column": 2}, "1299", [("表1/行1/栏1", "1299", "1300")]),
    ("R18", T1, {"code": "208", "key": "category"}, "1099", [("表1/行39/栏2", "1100", "1099")]),
    ("R19", T4, {"line": 1}, "999", [("表4/行1/栏1", "1300", "999")]),
    ("R20", T4, {"line": 40, "column": 3}, "949", [("表4/行40/栏3", "950", "949")]),
    ("R22", "state_capital", {"code": "", "column": 1}, "1", [("表4/行59/栏5", "1", "0")]),
    ("R24", T5, {"code": "2080101", "column": 2}, "800", [("表5/2080101/栏2", "750", "800")]),
    ("R25", T4, {"line": 28}, "16", [("表4/行28/栏1", "15", "16")]),
]


@pytest.mark.parametrize(
    ("rule_id", "kind", "address", "value", "expected"),
    REPLACED_CELLS,
    ids=[case[0] for case in REPLACED_CELLS],
)
def test_identity_rules_report_a_printed_cell_that_breaks_them(
    consistent, rule_id, kind, address, value, expected
):
    facts, statements = loaded(consistent)
    assert findings_of(rule_id, facts, statements) == []
    found = findings_of(rule_id, facts, replaced(statements, kind, yuan(value), **address))
    assert [(f.target, f.expected, f.actual) for f in found] == [
        (target, yuan(e), yuan(a)) for target, e, a in expected
    ]
    assert {str(f.severity) for f in found} == {"error"}


def test_r8_balances_table_4_totals(consistent):
    facts, statements = loaded(consistent)
    found = findings_of("R8", facts, replaced(statements, T4, yuan("1311"), line=64, column=2))
    assert [(f.target, f.expected, f.actual) for f in found] == [
        ("表4/行64/栏2", yuan("1310"), yuan("1311")),
        ("表4/收入总计=支出总计", yuan("1311"), yuan("1310")),
    ]


def test_r11_reports_a_government_fund_row_whose_closing_balance_does_not_follow(final_account):
    subject = FunctionalSubject.objects.create(
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
    editing.set_income(final_account, code=subject.code, source="government_fund", amount="30", **WAN)
    editing.set_expenditure(
        final_account, code=subject.code, fund="government_fund", kind="project", amount="25", **WAN
    )
    editing.set_balance(
        final_account, fund="government_fund", code=subject.code, opening="4", closing="9", **WAN
    )
    facts, statements = loaded(final_account)
    assert findings_of("R11", facts, statements) == []
    editing.set_balance(
        final_account, fund="government_fund", code=subject.code, opening="4", closing="10", **WAN
    )
    found = findings_of("R11", *loaded(final_account))
    assert [(f.target, f.expected, f.actual) for f in found] == [
        (f"表7/{place}/栏6", yuan("34"), yuan("35")) for place in ("合计", "229", "22960", "2296002")
    ]


def test_r12_reports_a_state_capital_row_that_does_not_add_up(consistent):
    facts, statements = loaded(consistent)
    assert findings_of("R12", facts, statements) == []
    found = findings_of("R12", facts, replaced(statements, "state_capital", yuan("2"), code="", column=1))
    assert summary(found) == [("R12", "error", "表8/合计/栏1", Decimal("0.00"), yuan("2"))]


def test_r13_checks_the_totals_of_table_9(consistent):
    facts, statements = loaded(consistent)
    assert findings_of("R13", facts, statements) == []
    found = findings_of("R13", facts, replaced(statements, "official_expenses", yuan("106"), column=7))
    assert summary(found) == [("R13", "error", "表9/栏7", yuan("105"), yuan("106"))]


def test_r15_checks_table_6_categories_and_group_totals(consistent):
    facts, statements = loaded(consistent)
    assert findings_of("R15", facts, statements) == []
    found = findings_of(
        "R15", facts, replaced(statements, "basic_expenditure_detail", yuan("501"), code="301")
    )
    assert [(f.target, f.expected, f.actual) for f in found] == [
        ("表6/301", yuan("500"), yuan("501")),
        ("表6/人员经费合计", yuan("501"), yuan("500")),
    ]


def test_r16_and_f1_report_a_subject_outside_the_edition_and_the_format(consistent):
    FunctionalSubject.objects.create(edition=2022, code="2990101", name="不在版本中的项")
    editing.set_expenditure(
        consistent, code="2990101", fund="non_appropriation", kind="basic", amount="1", **WAN
    )
    facts, statements = loaded(consistent)
    r16 = findings_of("R16", facts, statements)
    assert [(f.target, f.message) for f in r16] == [
        (
            "功能分类科目/2990101",
            "功能分类科目 2990101 不是2022年《政府收支分类科目》中的项级科目（或缺少其类、款）",
        ),
    ]
    f1 = findings_of("F1", facts, statements)
    assert summary(f1) == [("F1", "error", "表1/299", Decimal("0.00"), yuan("1"))]
    assert f1[0].message == "类级科目 299 有支出，但本年报表格式的表1、表4未列示该类"
    assert summary(findings_of("R3", facts, statements)) == [
        ("R3", "error", "表1/行58/栏2", yuan("1400"), yuan("1401")),
    ]


def test_r16_passes_codes_of_the_edition(consistent):
    assert findings_of("R16", *loaded(consistent)) == []
    assert findings_of("F1", *loaded(consistent)) == []


def test_r21_compares_fund_level_government_fund_balances_with_table_7(consistent):
    assert findings_of("R21", *loaded(consistent)) == []
    editing.set_balance(consistent, fund="government_fund", opening="7", closing="7", **WAN)
    found = findings_of("R21", *loaded(consistent))
    assert summary(found) == [
        ("R21", "error", "表4/行30/栏1", Decimal("0.00"), yuan("7")),
        ("R21", "error", "表4/行60/栏4", Decimal("0.00"), yuan("7")),
    ]


def test_r23_basic_spending_must_equal_personnel_plus_operating(consistent):
    assert findings_of("R23", *loaded(consistent)) == []
    editing.set_basic_detail(consistent, code="30101", amount="500.01", **WAN)
    found = findings_of("R23", *loaded(consistent))
    assert summary(found) == [("R23", "error", "表5/合计/栏2", Decimal("9000100.00"), Decimal("9000000.00"))]
    assert found[0].difference == Decimal("-100.00")
    assert found[0].labels == ("表5/合计/栏2", "表6/人员经费合计", "表6/公用经费合计")


def test_r23_within_rounding_is_a_notice_for_wanyuan_provenance(consistent):
    FinalAccount.objects.filter(pk=consistent.pk).update(provenance=FinalAccount.Provenance.WANYUAN_TABLES)
    consistent.refresh_from_db()
    editing.set_basic_detail(consistent, code="30101", amount="500.01", **WAN)
    found = findings_of("R23", *loaded(consistent))
    assert summary(found) == [("R23", "notice", "表5/合计/栏2", Decimal("9000100.00"), Decimal("9000000.00"))]
    assert found[0].message == "表5 基本支出合计应等于表6 人员经费合计与公用经费合计之和（尾数误差）"
    editing.set_basic_detail(consistent, code="30101", amount="500.02", **WAN)
    assert [str(f.severity) for f in findings_of("R23", *loaded(consistent))] == ["error"]


def test_r25_1_each_appropriation_balance_follows_income_and_spending(consistent):
    assert findings_of("R25.1", *loaded(consistent)) == []
    editing.set_balance(consistent, fund="general_budget", opening="10", closing="70", **WAN)
    found = findings_of("R25.1", *loaded(consistent))
    assert summary(found) == [("R25.1", "warning", "表4/行60/栏3", yuan("1310"), yuan("1320"))]
    assert summary(findings_of("R5", *loaded(consistent))) == [
        ("R5", "error", "表1/行31/栏1", yuan("1525"), yuan("1515")),
    ]


def test_r26_table_9_actual_is_at_least_the_basic_spending_of_its_economic_subject(consistent):
    assert findings_of("R26", *loaded(consistent)) == []
    editing.set_basic_detail(consistent, code="30217", amount="46", **WAN)
    assert summary(findings_of("R26", *loaded(consistent))) == [
        ("R26", "error", "表9/栏12", yuan("46"), yuan("45")),
    ]


def test_r27_operating_costs_equal_operating_spending_when_every_unit_is_administrative(consistent):
    editing.set_stated_figure(consistent, key="operating_costs", amount="390", **WAN)
    facts, statements = loaded(consistent)
    found = findings_of("R27", facts, statements)
    assert summary(found) == [("R27", "warning", "其他填报金额/机关运行经费", yuan("400"), yuan("390"))]
    assert findings_of("R27", facts, statements, extra={"unit_types": [Unit.Type.PUBLIC_INSTITUTION]}) == []


def test_r27_reads_the_unit_types_through_its_loader(consistent):
    from accounts.rules import check_final_account
    from accounts.rules.registry import rule

    editing.set_stated_figure(consistent, key="operating_costs", amount="390", **WAN)
    assert [f.rule_id for f in check_final_account(consistent, rules=[rule("R27")])] == ["R27"]
    Unit.objects.filter(department=consistent.department).update(unit_type=Unit.Type.PUBLIC_INSTITUTION)
    assert check_final_account(consistent, rules=[rule("R27")]) == []


def test_r28_an_empty_fund_table_needs_the_formats_sentence(consistent):
    facts, statements = loaded(consistent)
    assert findings_of("R28", facts, statements) == []
    t7 = dataclasses.replace(statements["government_fund"], empty_sentence="")
    found = findings_of("R28", facts, {**statements, "government_fund": t7})
    assert [(f.target, f.message) for f in found] == [
        ("表7/表下说明", "表7无数据，但报表格式未给出表下“无……”说明")
    ]


# --- Plausibility ---------------------------------------------------------------------------------


def test_p1_reports_negative_amounts(consistent):
    facts, statements = loaded(consistent)
    assert findings_of("P1", facts, statements) == []
    facts.budget_by_subject["2101101"] = Decimal("-1.00")
    found = findings_of("P1", facts, replaced(statements, T3, Decimal("-5.00"), code="2101101", column=1))
    # Errors need no explanation, so their targets may name the subject (the label the finding shows).
    assert [(f.target, f.actual) for f in found] == [
        ("表3/2101101/栏1", Decimal("-5.00")),
        ("年初预算/2101101 行政单位医疗", Decimal("-1.00")),
    ]
    assert [str(cell) for f in found for cell in f.cells] == [
        "cell|expenditure|2101101|1",
        "budget|subject|2101101",
    ]


def test_p2_reports_spending_above_the_year_start_budget(consistent):
    assert findings_of("P2", *loaded(consistent)) == []
    editing.set_budget(consistent, amount="1200", **WAN)
    editing.set_budget(consistent, code="2101101", amount="250", **WAN)
    found = findings_of("P2", *loaded(consistent))
    assert summary(found) == [
        ("P2", "warning", "表5/合计/栏1", yuan("1200"), yuan("1250")),
        ("P2", "warning", "表5/2101101/栏1", yuan("250"), yuan("300")),
    ]
    assert (
        found[1].message
        == "一般公共预算财政拨款支出决算数超过年初预算（完成率超过100%）（2101101 行政单位医疗）"
    )


def test_p3_reports_an_official_expense_above_its_budget(consistent):
    assert findings_of("P3", *loaded(consistent)) == []
    editing.set_official_expense(consistent, item="reception", budget="50", actual="55", **WAN)
    assert summary(findings_of("P3", *loaded(consistent))) == [
        ("P3", "warning", "表9/栏12", yuan("50"), yuan("55"))
    ]


def test_p4_a_large_change_needs_a_written_reason(consistent):
    editing.set_prior_year_figure(
        consistent, key="income_total", amount="1000", source="2021 年度决算", **WAN
    )
    assert findings_of("P4", *loaded(consistent)) == []  # 总计变动原因 is written
    editing.set_free_text(consistent, key="total_change_reason", text="", by=None)
    found = findings_of("P4", *loaded(consistent))
    assert summary(found) == [("P4", "warning", "上年数/本年收入合计", yuan("1000"), yuan("1500"))]
    assert found[0].message == "本年收入合计较上年变动50.00%，超过30.00%，未填写变动原因"


def test_p5_reports_an_item_with_spending_but_no_year_start_budget(consistent):
    assert findings_of("P5", *loaded(consistent)) == []
    editing.set_budget(consistent, code="2101101", amount=None, by=None)
    found = findings_of("P5", *loaded(consistent))
    assert summary(found) == [("P5", "warning", "表5/2101101/栏1", None, yuan("300"))]
    assert found[0].message == "项级科目 2101101 行政单位医疗 有支出但未填报年初预算"


def test_p6_budget_details_add_up_to_the_total(consistent):
    assert findings_of("P6", *loaded(consistent)) == []
    editing.set_budget(consistent, kind="basic", amount="960", **WAN)
    editing.set_budget(consistent, code="2101101", amount="340", **WAN)
    assert summary(findings_of("P6", *loaded(consistent))) == [
        ("P6", "error", "年初预算/基本支出", yuan("1400"), yuan("1410")),
        ("P6", "error", "年初预算/项级科目合计", yuan("1400"), yuan("1390")),
    ]


# --- Free texts -----------------------------------------------------------------------------------


def test_n1_reports_an_amount_in_wanyuan_that_matches_no_figure(consistent):
    assert findings_of("N1", *loaded(consistent)) == []
    editing.set_free_text(
        consistent, key="key_work", by=None, text="全年发放补贴612.8万元。其中就业补助资金999.99万元。"
    )
    found = findings_of("N1", *loaded(consistent))
    assert summary(found) == [
        ("N1", "notice", "文字说明/重点工作完成情况/612.8万元", None, yuan("612.8")),
        ("N1", "notice", "文字说明/重点工作完成情况/999.99万元", None, yuan("999.99")),
    ]
    assert found[1].sentence == "其中就业补助资金999.99万元。"
    assert (
        found[1].message
        == "文字说明中的金额999.99万元与报表及填报的任何数字都不符：“其中就业补助资金999.99万元。”"
    )


def test_n1_matches_within_half_a_printed_unit_and_allows_dropped_trailing_zeros(consistent):
    editing.set_free_text(
        consistent,
        key="key_work",
        by=None,
        text="基本支出900万元，一般公共预算财政拨款支出1250.00万元，较预算少150.004万元。",
    )
    assert findings_of("N1", *loaded(consistent)) == []
    editing.set_free_text(consistent, key="key_work", by=None, text="基本支出900.01万元。")
    assert [f.target for f in findings_of("N1", *loaded(consistent))] == [
        "文字说明/重点工作完成情况/900.01万元"
    ]


def test_n2_reports_a_percentage_no_figure_gives(consistent):
    assert findings_of("N2", *loaded(consistent)) == []
    editing.set_free_text(
        consistent,
        key="key_work",
        by=None,
        text="基本支出占72%，完成年初预算的89.29%，占比12.34%。新增就业30人，完成目标任务20人的150%。",
    )
    found = findings_of("N2", *loaded(consistent))
    assert summary(found) == [("N2", "warning", "文字说明/重点工作完成情况/12.34%", None, Decimal("12.34"))]
    assert found[0].unit == "%"


def test_n3_lists_counts_that_match_no_stated_count_in_one_notice(consistent):
    editing.set_stated_count(consistent, key="domestic_reception_groups", count=16, by=None)
    editing.set_free_text(consistent, key="reception_use", by=None, text="全年接待16个团组。")
    assert findings_of("N3", *loaded(consistent)) == []
    editing.set_free_text(
        consistent,
        key="project_outcomes",
        by=None,
        text="全区城镇新增就业16842人，完成目标10000人的168.42%；新发卡44.03万张，约60余人参训。",
    )
    found = findings_of("N3", *loaded(consistent))
    assert summary(found) == [("N3", "notice", "文字说明/项目支出主要用途及成效/数量", None, Decimal("3"))]
    assert found[0].message == (
        "“项目支出主要用途及成效”中的数量16842人、10000人、44.03万张不是填报的数量，系统无法核对（工作成果类数字无需说明）"
    )
    assert findings_of("N2", *loaded(consistent)) == []  # 168.42% = 16842 / 10000, from the same sentence
