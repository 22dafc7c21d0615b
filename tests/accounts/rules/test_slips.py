"""The slips careful readers find in published disclosures, one class at a time, with the reference
disclosure's own figures where it has them: prior-year figures (Y), stated figures (S), text hygiene
(H), figures in texts against the quantity they name (N4) and percentages at the wrong precision (N5)."""

from decimal import Decimal

import pytest

from accounts import editing
from accounts.models import FinalAccount
from accounts.rules import check_final_account
from accounts.rules.registry import rule
from tests.builders import make_final_account

from .builders import findings_of, loaded, summary

WAN = {"by": None, "unit": "wanyuan"}
NEW_RULES = ["Y1", "Y2", "S1", "S2", "S3", "S4", "S5", "H1", "H2", "H3", "H4", "N4", "N5"]


def yuan(wanyuan):
    return Decimal(wanyuan) * 10000


def cells(finding):
    return list(finding.labels)


@pytest.mark.parametrize("rule_id", NEW_RULES)
def test_a_consistent_account_passes_each_new_rule(consistent, rule_id):
    assert findings_of(rule_id, *loaded(consistent)) == []


# --- Y: last year's figures ------------------------------------------------------------------------


def reference_prior_year(final_account, *, expenditure_total="3401.9"):
    """2022 东西湖区人社局: all 12341.98 万元 spent from 一般公共预算; last year's figures as stored."""
    editing.set_income(final_account, code="2080101", source="general_budget", amount="12341.98", **WAN)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="12341.98", **WAN
    )
    for key, amount in (
        ("income_total", "3395.5"),
        ("appropriation_income_total", "3395.5"),
        ("general_budget_income", "3395.5"),
        ("expenditure_total", expenditure_total),
        ("appropriation_expenditure_total", "3395.5"),
        ("general_budget_expenditure", "3395.5"),
    ):
        editing.set_prior_year_figure(
            final_account, key=key, amount=amount, source="2021 年度决算公开", **WAN
        )
    return final_account


def test_y1_a_prior_year_part_above_its_whole_is_an_error(consistent):
    editing.set_prior_year_figure(
        consistent, key="general_budget_income", amount="1450", source="2021 年度决算公开 表1", **WAN
    )
    found = findings_of("Y1", *loaded(consistent))
    assert summary(found) == [("Y1", "error", "上年数/一般公共预算财政拨款收入", yuan("1400"), yuan("1450"))]
    assert cells(found[0]) == ["上年数/一般公共预算财政拨款收入", "上年数/本年收入合计"]
    assert (
        found[0].message
        == "上年数“一般公共预算财政拨款收入”1450.00万元大于其所属的上年数“本年收入合计”1400.00万元"
    )


def test_y1_prior_year_parts_within_their_wholes_pass(consistent):
    editing.set_prior_year_figure(
        consistent, key="general_budget_income", amount="1400", source="2021 年度决算公开 表1", **WAN
    )
    assert findings_of("Y1", *loaded(consistent)) == []


def test_y2_figures_equal_this_year_that_differ_last_year(final_account):
    reference_prior_year(final_account)
    found = findings_of("Y2", *loaded(final_account))
    assert summary(found) == [
        ("Y2", "warning", "上年数/本年支出合计=财政拨款本年支出合计", yuan("3395.5"), yuan("3401.9"))
    ]
    assert cells(found[0]) == ["上年数/本年支出合计", "上年数/财政拨款本年支出合计"]
    assert found[0].message == (
        "上年数“本年支出合计”3401.90万元与“财政拨款本年支出合计”3395.50万元不一致：本年两者均为12341.98万元，"
        "上年“本年收入合计”与“财政拨款本年收入合计”均为3395.50万元，两处较上年增减将不一致"
        "（+8940.08万元，262.80%；+8946.48万元，263.48%），请核对上年数"
    )


def test_y2_prior_year_figures_that_agree_pass(final_account):
    reference_prior_year(final_account, expenditure_total="3395.5")
    assert findings_of("Y2", *loaded(final_account)) == []


def test_y2_last_year_with_other_income_may_have_spent_it(final_account):
    reference_prior_year(final_account)
    editing.set_prior_year_figure(final_account, key="income_total", amount="3401.9", source="2021", **WAN)
    assert findings_of("Y2", *loaded(final_account)) == []


# --- S: stated figures -----------------------------------------------------------------------------


def test_s1_reception_without_its_domestic_and_foreign_parts(consistent):
    # 公务接待费 0.36 万元, 其中国内 0 + 外事 0: the draft would read “其中：国内公务接待支出0.00万元”.
    editing.set_official_expense(consistent, item="reception", budget="2", actual="0.36", **WAN)
    editing.set_stated_figure(consistent, key="reception_domestic", amount=None, **WAN)
    found = findings_of("S1", *loaded(consistent))
    assert summary(found) == [
        ("S1", "error", "表9/公务接待费=国内+外事", Decimal("0.00"), Decimal("3600.00"))
    ]
    assert cells(found[0]) == ["表9/栏12", "其他填报金额/国内公务接待费", "其他填报金额/外事接待费"]


def test_s1_reception_equal_to_its_parts_passes(consistent):
    editing.set_official_expense(consistent, item="reception", budget="2", actual="0.35", **WAN)
    editing.set_stated_figure(consistent, key="reception_domestic", amount="0.3", **WAN)
    editing.set_stated_figure(consistent, key="reception_foreign", amount="0.05", **WAN)
    assert findings_of("S1", *loaded(consistent)) == []


def test_s2_a_vehicle_bought_without_purchase_spending_and_the_reverse(consistent):
    editing.set_stated_count(consistent, key="vehicles_purchased", count=1, by=None)
    found = findings_of("S2", *loaded(consistent))
    assert [(f.rule_id, str(f.severity), f.target, f.message) for f in found] == [
        ("S2", "warning", "公务用车购置费/数量", "购置公务用车数1，但公务用车购置费为0")
    ]
    assert cells(found[0]) == ["表9/栏10", "其他填报数量/购置公务用车数"]
    editing.set_stated_count(consistent, key="vehicles_purchased", count=0, by=None)
    editing.set_official_expense(consistent, item="vehicle_purchase", budget="25", actual="24.8", **WAN)
    found = findings_of("S2", *loaded(consistent))
    assert [(f.target, f.actual, f.message) for f in found] == [
        ("公务用车购置费/数量", yuan("24.8"), "公务用车购置费24.80万元，但购置公务用车数0")
    ]


def test_s2_a_vehicle_bought_with_its_spending_passes(consistent):
    editing.set_stated_count(consistent, key="vehicles_purchased", count=1, by=None)
    editing.set_official_expense(consistent, item="vehicle_purchase", budget="25", actual="24.8", **WAN)
    assert findings_of("S2", *loaded(consistent)) == []


def last_year(department, vehicles_held):
    previous = make_final_account(department, year=2021)
    editing.set_stated_count(previous, key="vehicles_held", count=vehicles_held, by=None)
    FinalAccount.objects.filter(pk=previous.pk).update(status=FinalAccount.Status.APPROVED)
    return previous


def s3(final_account):
    return [f for f in check_final_account(final_account, rules=[rule("S3")])]


def test_s3_vehicles_held_dropping_to_none(consistent):
    last_year(consistent.department, 2)
    found = s3(consistent)
    assert [(f.rule_id, str(f.severity), f.expected, f.actual, f.message) for f in found] == [
        (
            "S3",
            "warning",
            Decimal(2),
            Decimal(0),
            "公务用车保有量由上年2辆降为0辆，请核对或说明车辆处置、划转情况",
        )
    ]
    assert cells(found[0]) == ["其他填报数量/公务用车保有量"]


def test_s3_vehicles_still_held_pass(consistent):
    last_year(consistent.department, 2)
    editing.set_stated_count(consistent, key="vehicles_held", count=1, by=None)
    assert s3(consistent) == []


def test_s3_vehicles_held_fewer_than_bought_or_more_than_listed(consistent):
    editing.set_stated_count(consistent, key="vehicles_purchased", count=2, by=None)
    editing.set_stated_count(consistent, key="vehicles_held", count=1, by=None)
    editing.set_stated_count(consistent, key="asset_vehicles_law_enforcement", count=0, by=None)
    found = s3(consistent)
    assert [(f.target, f.expected, f.actual) for f in found] == [
        ("其他填报数量/公务用车保有量≥购置数", Decimal(2), Decimal(1)),
        ("其他填报数量/公务用车保有量≤国有资产车辆", Decimal(0), Decimal(1)),
    ]
    assert cells(found[1]) == ["其他填报数量/公务用车保有量", "其他填报数量/执法执勤用车"]


def test_s4_operating_costs_of_public_institutions_alone(consistent):
    found = findings_of("S4", *loaded(consistent), extra={"unit_types": ["public_institution"]})
    assert summary(found) == [("S4", "warning", "其他填报金额/机关运行经费", Decimal("0.00"), yuan("400"))]


def test_s4_operating_costs_of_mixed_units_above_operating_spending(consistent):
    editing.set_stated_figure(consistent, key="operating_costs", amount="450", **WAN)
    extra = {"unit_types": ["administrative", "public_institution"]}
    found = findings_of("S4", *loaded(consistent), extra=extra)
    assert summary(found) == [("S4", "warning", "其他填报金额/机关运行经费", yuan("400"), yuan("450"))]
    assert cells(found[0]) == ["其他填报金额/机关运行经费", "表6/公用经费合计"]


def test_s4_operating_costs_within_operating_spending_of_mixed_units_pass(consistent):
    editing.set_stated_figure(consistent, key="operating_costs", amount="300", **WAN)
    extra = {"unit_types": ["administrative", "public_institution"]}
    assert findings_of("S4", *loaded(consistent), extra=extra) == []


def test_s5_procurement_awarded_to_smes_above_the_procurement(consistent):
    # 情况说明 十一: 货物 135.35 万元, 授予中小企业 135.35; here 140 is typed for the SMEs.
    editing.set_stated_figure(consistent, key="procurement_goods", amount="135.35", **WAN)
    editing.set_stated_figure(consistent, key="procurement_goods_sme", amount="140", **WAN)
    found = findings_of("S5", *loaded(consistent))
    assert summary(found) == [
        ("S5", "error", "其他填报金额/货物采购授予中小企业合同金额", yuan("135.35"), yuan("140"))
    ]
    assert cells(found[0]) == ["其他填报金额/货物采购授予中小企业合同金额", "其他填报金额/政府采购货物支出"]


def test_s5_reference_procurement_passes(consistent):
    for key, amount in (
        ("procurement_goods", "135.35"),
        ("procurement_services", "644.65"),
        ("procurement_goods_sme", "135.35"),
        ("procurement_services_sme", "644.65"),
        ("procurement_small_micro", "780"),
    ):
        editing.set_stated_figure(consistent, key=key, amount=amount, **WAN)
    assert findings_of("S5", *loaded(consistent)) == []


# --- H: text hygiene -------------------------------------------------------------------------------


def hygiene(final_account, rule_id, key, text):
    editing.set_free_text(final_account, key=key, by=None, text=text)
    return findings_of(rule_id, *loaded(final_account))


@pytest.mark.parametrize(
    ("text", "residue"),
    [
        ("与2021年度相比，收入合计增加8946.48万元，增长(下降)263.48%。", "增长(下降)"),
        ("XX年度收入合计增加。", "XX"),
        ("具体情况（略）。", "（略）"),
        ("主要原因：待填写。", "待填写"),
        ("收入合计增加/减少8946.48万元。", "增加/减少"),
        ("主要原因是（说明增减变化原因）。", "（说明增减变化原因）"),
    ],
)
def test_h1_template_residue(consistent, text, residue):
    found = hygiene(consistent, "H1", "income_change_reason", text)
    assert [(f.rule_id, str(f.severity), f.target) for f in found] == [
        ("H1", "error", f"文字说明/收入变动原因/{residue}")
    ]
    assert cells(found[0]) == ["文字说明/收入变动原因"]
    assert found[0].sentence == text


def test_h1_finished_text_passes(consistent):
    text = "与2021年度相比，收入合计增加8946.48万元，增长263.48%。"
    assert hygiene(consistent, "H1", "income_change_reason", text) == []


def test_h2_a_word_written_twice(consistent):
    found = hygiene(consistent, "H2", "reception_use", "主要用于接待接待来访国家工作人员。")
    assert [(f.rule_id, str(f.severity), f.target, f.message) for f in found] == [
        (
            "H2",
            "warning",
            "文字说明/公务接待费主要用途/接待接待",
            "文字中“接待”重复：“接待接待”，见“主要用于接待接待来访国家工作人员。”",
        )
    ]


@pytest.mark.parametrize(
    ("text", "repeated"), [("主要用于的的接待。", "的的"), ("主要用于接待，，严格执行标准。", "，，")]
)
def test_h2_a_particle_or_a_punctuation_mark_written_twice(consistent, text, repeated):
    found = hygiene(consistent, "H2", "reception_use", text)
    assert [(f.rule_id, f.target) for f in found] == [("H2", f"文字说明/公务接待费主要用途/{repeated}")]


def test_h2_single_character_reduplication_passes(consistent):
    assert (
        hygiene(consistent, "H2", "reception_use", "主要用于接待来访国家工作人员，人人满意，常常检查。") == []
    )


def test_h3_an_amount_without_its_unit(consistent):
    found = hygiene(consistent, "H3", "total_change_reason", "支出增加 8940.08，增长262.8%。")
    assert [(f.rule_id, str(f.severity), f.target, f.message) for f in found] == [
        (
            "H3",
            "warning",
            "文字说明/收入支出总计变动原因/8940.08",
            "数字“8940.08”未写单位（元、万元或%）：“支出增加8940.08”",
        )
    ]


def test_h3_amounts_with_units_bare_counts_codes_and_years_pass(consistent):
    text = "支出增加8940.08万元，增长262.8%；三险共净增28522人次，2个项目；列支科目2080101，资金2022，"
    assert hygiene(consistent, "H3", "total_change_reason", text) == []


def test_h4_a_year_after_the_disclosure_year(consistent):
    found = hygiene(consistent, "H4", "key_work", "2025年9月27日人力资源市场正式投入使用。")
    assert [(f.rule_id, str(f.severity), f.target) for f in found] == [
        ("H4", "warning", "文字说明/重点工作完成情况/2025年")
    ]


def test_h4_the_account_year_the_next_and_plans_pass(consistent):
    text = "圆满完成2021年冬季攻坚专项行动；2023年2月1日已补充监察服务人员；力争2025年实现社会保险全覆盖。"
    assert hygiene(consistent, "H4", "key_work", text) == []


# --- N4, N5: figures in texts against what their words name ------------------------------------------


def test_n4_a_subject_named_with_another_figure(consistent):
    # 表5 2101101 行政单位医疗 is 300 万元; the text names it with 310 万元.
    found = hygiene(consistent, "N4", "project_outcomes", "行政单位医疗支出310万元，保障职工医保缴费。")
    assert [(f.rule_id, str(f.severity), f.target, f.actual) for f in found] == [
        ("N4", "warning", "文字说明/项目支出主要用途及成效/310万元", yuan("310"))
    ]
    assert cells(found[0]) == ["文字说明/项目支出主要用途及成效", "表5/2101101/栏1"]
    assert found[0].message.startswith("文字中“310万元”所指的“行政单位医疗”为300万元")


def test_n4_a_subject_named_with_its_figure_passes(consistent):
    assert hygiene(consistent, "N4", "project_outcomes", "行政单位医疗支出300万元，保障职工医保缴费。") == []


def test_n4_a_qualified_name_is_a_part_not_the_subject(consistent):
    # “灵活就业人员社会保险补贴资金3813.57万元” is a part of 社会保险补贴, not the subject's figure.
    text = "拨付退休人员行政单位医疗补助资金10万元。"
    assert hygiene(consistent, "N4", "project_outcomes", text) == []


def test_n5_a_percentage_rounded_to_whole_per_cent(consistent):
    # 表5 1250 of 年初预算 1400: 89.29 %, written “89%” (as 部门整体 prints 80 % for 79.89 %).
    found = hygiene(consistent, "N5", "general_budget_change_reason", "完成年初预算的89%。")
    assert [(f.rule_id, str(f.severity), f.target, f.expected, f.actual) for f in found] == [
        ("N5", "notice", "文字说明/一般公共预算财政拨款支出变动原因/89%", Decimal("89.29"), Decimal("89"))
    ]
    assert found[0].message == "百分比“89%”精度不足：按两位小数应写为89.29%：“完成年初预算的89%。”"


def test_n5_a_percentage_cut_instead_of_rounded(consistent):
    # 表6 30101 500 of 表5 基本支出 900 is 55.56 %, written “55%” (as 99.57 % is written 99 %).
    found = hygiene(consistent, "N5", "general_budget_change_reason", "基本工资占基本支出的55%。")
    assert [(f.rule_id, str(f.severity), f.expected, f.actual, f.message) for f in found] == [
        (
            "N5",
            "notice",
            Decimal("55.56"),
            Decimal("55"),
            "百分比“55%”为55.56%舍去尾数所得，四舍五入后不是所写之数：“基本工资占基本支出的55%。”",
        )
    ]
    assert findings_of("N2", *loaded(consistent)) == []


def test_n5_a_percentage_at_two_decimals_passes(consistent):
    assert hygiene(consistent, "N5", "general_budget_change_reason", "完成年初预算的89.29%。") == []
