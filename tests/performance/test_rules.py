"""The 绩效自评 rules R39–R41: registered into the accounts engine, a passing and a failing case each, and
exactly the printed mistakes of the reference disclosure on the demo."""

from decimal import Decimal

import pytest

from accounts import editing
from accounts.models import FinalAccount, FunctionalSubject
from accounts.rules import Severity, check_final_account, evaluate, registered_rules
from accounts.rules.registry import registered_loaders, rule
from accounts.statements import build_statements, load_facts
from performance.models import Evaluation, Indicator, IndicatorCategory, IndicatorSubcategory
from performance.rules import LOADER, RULES, load_evaluation_scores
from tests.performance.builders import (
    make_category,
    make_evaluation,
    make_goal,
    make_indicator,
    make_scored_project,
    make_subcategory,
)

D = Decimal
WAN = {"by": None, "unit": "wanyuan"}
IDS = [
    "R39",
    "R39.1",
    "R39.2",
    "R40",
    "R40.1",
    "R40.2",
    "R40.3",
    "R40.4",
    "R41",
    "R41.1",
    "R41.2",
    "R40.5",
    "R40.6",
    "R40.7",
    "R40.8",
]


def findings(final_account, rule_id):
    """Return (rule id, severity, target, expected, actual, message) of one rule over `final_account`."""
    facts = load_facts(final_account)
    found = evaluate(
        facts,
        build_statements(facts),
        extra={LOADER: load_evaluation_scores(final_account)},
        rules=[rule(rule_id)],
    )
    return [(f.rule_id, str(f.severity), f.target, f.expected, f.actual, f.message) for f in found]


def brief(found):
    return [
        (rule_id, severity, target, expected, actual)
        for rule_id, severity, target, expected, actual, _m in found
    ]


def test_the_rules_and_their_loader_are_registered_after_the_catalogue():
    ids = [r.id for r in registered_rules()]
    assert [i for i in ids if i in IDS] == IDS
    assert ids.index("R39") > ids.index("R1")
    assert [r.id for r in RULES] == IDS
    assert registered_loaders()[LOADER] is load_evaluation_scores


@pytest.mark.parametrize("rule_id", IDS)
def test_a_consistent_project_passes_every_rule(final_account, rule_id):
    spend(final_account)
    paid_from(make_scored_project(final_account), "2080101")
    assert findings(final_account, rule_id) == []


def test_no_evaluation_means_no_finding(final_account):
    assert [f for f in check_final_account(final_account) if f.rule_id in IDS] == []


# --- R39 ---------------------------------------------------------------------------------------------


def test_r39_a_stated_execution_score_that_differs_from_weight_times_rate(final_account):
    make_scored_project(final_account, stated_execution_score=D("17"), stated_total=D("90"))
    assert findings(final_account, "R39") == [
        (
            "R39",
            "error",
            "绩效自评表/项目“职业培训”/执行率得分",
            D("16"),
            D("17.00"),
            "项目“职业培训”：执行数800,000.00元÷预算数1,000,000.00元＝80.00%，20分×80.00%＝16分，执行率得分应为16分，填报17分",
        )
    ]


def test_r39_1_a_rate_at_two_decimals_passes(final_account):
    make_scored_project(final_account, executed="795500.00", stated_execution_rate="79.55%")
    assert findings(final_account, "R39.1") == []


@pytest.mark.parametrize("stated", ["80%", "79.6%"])
def test_r39_1_a_rate_rounded_at_fewer_decimals_is_a_precision_notice(final_account, stated):
    # 情况说明 五(三) prints 79.89 % where the 部门整体 table prints 80 %: right at its own precision,
    # short of the document's two decimals.
    make_scored_project(final_account, executed="795500.00", stated_execution_rate=stated)
    assert findings(final_account, "R39.1") == [
        (
            "R39.1",
            "notice",
            "绩效自评表/项目“职业培训”/执行率",
            D("79.55"),
            D(stated.rstrip("%")),
            "项目“职业培训”：执行数795,500.00元÷预算数1,000,000.00元＝79.55%，"
            f"执行率“{stated}”未保留两位小数，按文件中百分比的精度应为79.55%",
        )
    ]


def test_r39_1_a_whole_rate_padded_with_zeros_has_the_wrong_precision(final_account):
    make_scored_project(final_account, executed="795500.00", stated_execution_rate="80.00%")
    assert findings(final_account, "R39.1") == [
        (
            "R39.1",
            "warning",
            "绩效自评表/项目“职业培训”/执行率",
            D("79.55"),
            D("80.00"),
            "项目“职业培训”：执行数795,500.00元÷预算数1,000,000.00元＝79.55%，执行率显示2位小数“80.00%”，"
            "应为79.55%（取整后补零，精度不符）",
        )
    ]


def test_r39_1_a_rate_cut_instead_of_rounded(final_account):
    make_scored_project(final_account, executed="795500.00", stated_execution_rate="79%")
    assert brief(findings(final_account, "R39.1")) == [
        ("R39.1", "notice", "绩效自评表/项目“职业培训”/执行率", D("80"), D("79")),
    ]


def test_r39_1_a_rate_that_is_not_a_percentage(final_account):
    make_scored_project(final_account, stated_execution_rate="约八成")
    assert brief(findings(final_account, "R39.1")) == [
        ("R39.1", "error", "绩效自评表/项目“职业培训”/执行率", None, None),
    ]


def test_r39_2_executed_above_budget_is_a_warning(final_account):
    make_scored_project(
        final_account,
        executed="1000000.01",
        stated_execution_rate="",
        stated_execution_score=None,
        stated_total=None,
    )
    assert brief(findings(final_account, "R39.2")) == [
        ("R39.2", "warning", "绩效自评表/项目“职业培训”/执行数", D("1000000.00"), D("1000000.01")),
    ]


# --- R40 ---------------------------------------------------------------------------------------------


def test_r40_a_total_that_is_not_the_sum(final_account):
    make_scored_project(final_account, stated_total=D("90"))
    assert findings(final_account, "R40") == [
        (
            "R40",
            "error",
            "绩效自评表/项目“职业培训”/总分",
            D("53.00"),
            D("90.00"),
            "项目“职业培训”：执行率得分16分＋各三级指标得分37分＝53分，填报总分90分",
        )
    ]


def test_r40_1_scores_above_the_weight_of_their_group(final_account):
    evaluation = make_scored_project(final_account, indicators=5)
    Indicator.objects.filter(subcategory__category__goal__evaluation=evaluation, name="培训人数1").update(
        stated_score=D("15")
    )
    assert brief(findings(final_account, "R40.1")) == [
        ("R40.1", "error", "绩效自评表/项目“职业培训”/产出指标", D("50.00"), D("51.00")),
    ]


def test_r40_1_a_printed_second_level_weight_is_a_limit_too(final_account):
    evaluation = make_evaluation(final_account, stated_total=None)
    goal = make_goal(evaluation, weight="80")
    subcategory = make_subcategory(
        make_category(goal, kind=IndicatorCategory.Kind.EFFECT),
        kind=IndicatorSubcategory.Kind.SOCIAL,
        weight=D("10"),
    )
    make_indicator(subcategory, name="促进就业", stated_score=D("6"))
    make_indicator(subcategory, position=2, name="带动就业", stated_score=D("5"))
    assert brief(findings(final_account, "R40.1")) == [
        ("R40.1", "error", "绩效自评表/项目“测试项目”/社会效益指标", D("10.00"), D("11.00")),
    ]


def test_r40_2_a_quantitative_score_other_than_weight_times_ratio(final_account):
    evaluation = make_scored_project(final_account)
    Indicator.objects.filter(subcategory__category__goal__evaluation=evaluation, name="培训人数1").update(
        stated_score=D("8")
    )
    assert findings(final_account, "R40.2") == [
        (
            "R40.2",
            "error",
            "绩效自评表/项目“职业培训”/培训人数1",
            D("9.00"),
            D("8.00"),
            "项目“职业培训”：“培训人数1”完成值90人÷目标值100人（正向）＝90%，得分应为10分×90%＝9分，填报8分",
        )
    ]


def test_r40_2_a_score_rounded_to_whole_points_passes(final_account):
    evaluation = make_scored_project(final_account)
    Indicator.objects.filter(subcategory__category__goal__evaluation=evaluation, name="培训人数1").update(
        actual_value=D("87"), stated_score=D("9")
    )  # 10 × 0.87 = 8.7 → 9
    assert findings(final_account, "R40.2") == []


def test_r40_2_a_zero_for_a_partly_met_target_of_unprinted_weight(final_account):
    evaluation = make_evaluation(final_account, stated_total=None)
    subcategory = make_subcategory(make_category(make_goal(evaluation, weight="20")))
    make_indicator(
        subcategory,
        name="招聘协管员",
        target_value=D("80"),
        actual_value=D("59"),
        unit="名",
        direction=Indicator.Direction.POSITIVE,
        stated_score=D("0"),
    )
    make_indicator(
        subcategory,
        position=2,
        name="巡查企业",
        target_value=D("2000"),
        actual_value=D("4825"),
        unit="家",
        direction=Indicator.Direction.POSITIVE,
        stated_score=D("1"),
    )
    assert findings(final_account, "R40.2") == [
        (
            "R40.2",
            "error",
            "绩效自评表/项目“测试项目”/招聘协管员",
            None,
            D("0.00"),
            "项目“测试项目”：“招聘协管员”完成值59名÷目标值80名（正向）＝73.75%，得分应为权重×73.75%，大于0分，填报0分",
        )
    ]


def test_r40_3_a_qualitative_score_outside_its_band(final_account):
    evaluation = make_scored_project(final_account, stated_total=D("49"))
    Indicator.objects.filter(
        subcategory__category__goal__evaluation=evaluation, name="服务对象满意度"
    ).update(stated_score=D("24"), achievement=Indicator.Achievement.PARTLY)
    assert findings(final_account, "R40.3") == [
        (
            "R40.3",
            "error",
            "绩效自评表/项目“职业培训”/服务对象满意度",
            None,
            D("24.00"),
            "项目“职业培训”：“服务对象满意度”部分达成预期指标并具有一定效果，分值30分，得分应在15分（含）至24分（不含）之间，"
            "填报24分",
        )
    ]


def test_r40_4_weights_that_do_not_make_100(final_account):
    evaluation = make_scored_project(final_account)
    evaluation.goals.update(weight=D("70"))
    assert brief(findings(final_account, "R40.4")) == [
        ("R40.4", "error", "绩效自评表/项目“职业培训”/分值合计", D("100"), D("90.00")),
        ("R40.4", "error", "绩效自评表/项目“职业培训”/年度绩效目标1", D("70.00"), D("80.00")),
    ]


# --- R41 ---------------------------------------------------------------------------------------------


def department_wide(final_account, *, basic, project, executed=None):
    executed = executed if executed is not None else str(D(basic) + D(project))
    return make_evaluation(
        final_account,
        position=0,
        scope=Evaluation.Scope.DEPARTMENT,
        budget="20000000",
        executed=executed,
        basic_expenditure=D(basic),
        project_expenditure=D(project),
    )


def spend(final_account, code="2080101", basic="600", project="350"):
    editing.set_expenditure(
        final_account, code=code, fund="general_budget", kind="basic", amount=basic, **WAN
    )
    editing.set_expenditure(
        final_account, code=code, fund="general_budget", kind="project", amount=project, **WAN
    )


def test_r41_department_wide_totals_equal_to_table_5_pass(final_account):
    spend(final_account)
    department_wide(final_account, basic="6000000", project="3500000")
    assert findings(final_account, "R41") == []


def test_r41_department_wide_totals_that_differ_from_table_5(final_account):
    spend(final_account)
    department_wide(final_account, basic="6000000", project="3400000")
    assert brief(findings(final_account, "R41")) == [
        ("R41", "error", "绩效自评表/部门整体/项目支出总额", D("3500000.00"), D("3400000.00")),
        ("R41", "error", "绩效自评表/部门整体/执行数", D("9500000.00"), D("9400000.00")),
    ]


def test_r41_executed_that_is_not_basic_plus_project(final_account):
    spend(final_account)
    department_wide(final_account, basic="6000000", project="3500000", executed="9600000")
    assert brief(findings(final_account, "R41")) == [
        ("R41", "error", "绩效自评表/部门整体/执行数", D("9500000.00"), D("9600000.00")),
        (
            "R41",
            "error",
            "绩效自评表/部门整体/执行数=基本支出总额+项目支出总额",
            D("9500000.00"),
            D("9600000.00"),
        ),
    ]


def test_r41_a_difference_of_one_printed_cent_is_a_rounding_notice_for_wanyuan_tables(final_account):
    FinalAccount.objects.filter(pk=final_account.pk).update(provenance=FinalAccount.Provenance.WANYUAN_TABLES)
    final_account.refresh_from_db()
    spend(final_account)
    department_wide(final_account, basic="6000000", project="3499900", executed="9500000")
    assert brief(findings(final_account, "R41")) == [
        ("R41", "notice", "绩效自评表/部门整体/项目支出总额", D("3500000.00"), D("3499900.00")),
        (
            "R41",
            "notice",
            "绩效自评表/部门整体/执行数=基本支出总额+项目支出总额",
            D("9499900.00"),
            D("9500000.00"),
        ),
    ]


def paid_from(evaluation, *codes):
    evaluation.subjects.set(FunctionalSubject.objects.filter(edition=2022, code__in=codes))


@pytest.mark.parametrize("executed", ["3500000.00", "3000000.00"])
def test_r41_1_projects_within_their_subjects_project_spending_pass(final_account, executed):
    spend(final_account)
    paid_from(make_scored_project(final_account, executed=executed, stated_execution_rate=""), "2080101")
    assert findings(final_account, "R41.1") == []


def test_r41_1_projects_sharing_a_subject_that_spent_more_than_it(final_account):
    spend(final_account)
    spend(final_account, code="2101101", basic="0", project="20")
    first = make_scored_project(final_account, executed="3000000", stated_execution_rate="")
    second = make_scored_project(final_account, position=2, name="就业援助", executed="800000")
    alone = make_scored_project(final_account, position=3, name="医疗补助", executed="200000")
    paid_from(first, "2080101")
    paid_from(second, "2080101", "2101101")
    paid_from(alone, "2101101")
    # The three share subjects: 3000000 + 800000 + 200000 = 4000000 > 3500000 + 200000.
    assert findings(final_account, "R41.1") == [
        (
            "R41.1",
            "error",
            "绩效自评表/列支科目 2080101、2101101",
            D("3700000.00"),
            D("4000000.00"),
            "项目“职业培训”、“就业援助”、“医疗补助”的执行数合计超过其列支科目 2080101、2101101 在表5的项目支出",
        )
    ]


def test_r41_2_projects_spending_more_than_all_project_spending(final_account):
    spend(final_account, project="100")
    make_scored_project(final_account, executed="800000")
    make_scored_project(
        final_account,
        position=2,
        name="就业援助",
        executed="300000",
        stated_execution_rate="",
        stated_execution_score=None,
        stated_total=None,
    )
    assert brief(findings(final_account, "R41.2")) == [
        ("R41.2", "error", "绩效自评表/项目执行数合计", D("1000000.00"), D("1100000.00")),
    ]


# --- The reference disclosure ------------------------------------------------------------------------


def test_the_demo_reports_exactly_the_printed_mistakes_of_the_reference(demo):
    found = [f for f in check_final_account(demo) if f.rule_id in IDS]
    assert [(f.rule_id, str(f.severity), f.target, f.expected, f.actual) for f in found] == [
        # (九) 支农返汉: 20 × 3.228 / 4.836 = 13.35 → 13, printed 14.
        ("R39", "error", "绩效自评表/项目“支农返汉”/执行率得分", D("13"), D("14.00")),
        # Four rates are whole per cents padded to “.00”: a precision they do not have (warnings).
        ("R39.1", "warning", "绩效自评表/项目“就业补助资金”/执行率", D("74.55"), D("75.00")),
        ("R39.1", "warning", "绩效自评表/项目“就业管理经费”/执行率", D("78.97"), D("79.00")),
        ("R39.1", "warning", "绩效自评表/项目“人力资源服务费”/执行率", D("94.65"), D("95.00")),
        (
            "R39.1",
            "warning",
            "绩效自评表/项目“三支一扶公开招募及上级补助资金发放”/执行率",
            D("69.32"),
            D("69.00"),
        ),
        # Whole per cents where 情况说明 五(三) and 十三 print two decimals (79.89 % against “80%”), and
        # 2.34 / 2.35 = 99.57 % cut to 99 %: display-only differences (notices).
        ("R39.1", "notice", "绩效自评表/部门整体/执行率", D("79.89"), D("80")),
        ("R39.1", "notice", "绩效自评表/项目“党员培训教育经费”/执行率", D("100"), D("99")),
        (
            "R39.1",
            "notice",
            "绩效自评表/项目“行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费”/执行率",
            D("86.44"),
            D("86"),
        ),
        ("R39.1", "notice", "绩效自评表/项目“社会保险经办机构”/执行率", D("98.94"), D("99")),
        ("R39.1", "notice", "绩效自评表/项目“劳动维权工作经费”/执行率", D("93.43"), D("93")),
        ("R39.1", "notice", "绩效自评表/项目“电话咨询劳务外包服务费”/执行率", D("59.24"), D("59")),
        ("R39.1", "notice", "绩效自评表/项目“支农返汉”/执行率", D("66.75"), D("67")),
        # 部门整体: 年度绩效目标 2 is worth 20, its indicators are scored 30.
        ("R40.1", "error", "绩效自评表/部门整体/年度绩效目标2“稳步提高社会保障水平”", D("20.00"), D("30.00")),
        # 59 of 80 协管员, 3188.53 of 5000 万 and 47 of 70 户 each score 0, in both tables that print them.
        ("R40.2", "error", "绩效自评表/部门整体/招聘劳动保障监察协管员", None, D("0.00")),
        ("R40.2", "error", "绩效自评表/部门整体/退农民工工资保证金", None, D("0.00")),
        ("R40.2", "error", "绩效自评表/部门整体/退农民工工资保证金户数", None, D("0.00")),
        ("R40.2", "error", "绩效自评表/项目“劳动维权工作经费”/招聘劳动保障监察协管员", None, D("0.00")),
        ("R40.2", "error", "绩效自评表/项目“劳动维权工作经费”/退农民工工资保证金", None, D("0.00")),
        ("R40.2", "error", "绩效自评表/项目“劳动维权工作经费”/退农民工工资保证金户数", None, D("0.00")),
        # The table prints 项目支出总额 10773.38 and 执行数 12341.98, 表5 10773.39 and 12341.99: 尾数误差.
        ("R41", "notice", "绩效自评表/部门整体/项目支出总额", D("107733900.00"), D("107733800.00")),
        ("R41", "notice", "绩效自评表/部门整体/执行数", D("123419900.00"), D("123419800.00")),
        # 年度绩效目标 3 (20 分): “可持续影响指标（10 分）” beside 产出 4, 社会效益 6 and 满意度 5 already scored.
        ("R40.5", "error", "绩效自评表/部门整体/年度绩效目标3“加强人才人事工作”", D("20.00"), D("25.00")),
        # 电话接通率 80 % of its 100 % target scored 8, like the four full indicators of the 40-point 产出指标.
        ("R40.6", "error", "绩效自评表/项目“电话咨询劳务外包服务费”/话务高效运转", None, D("8.00")),
        # 生活补贴人均成本 32000 元/人: actual value “十二月份”.
        (
            "R40.7",
            "warning",
            "绩效自评表/项目“三支一扶公开招募及上级补助资金发放”/生活补贴人均成本",
            None,
            None,
        ),
        # “2022 年将严格培训话务中心人员” in the 2022 evaluation, written in 2023.
        ("R40.8", "warning", "绩效自评表/项目“电话咨询劳务外包服务费”/改进措施/2022 年", None, None),
    ]


def test_the_demo_finding_of_the_execution_score_gives_the_figures(demo):
    found = next(f for f in check_final_account(demo) if f.rule_id == "R39")
    assert found.message == (
        "项目“支农返汉”：执行数32,280.00元÷预算数48,360.00元＝66.75%，20分×66.75%＝13.35分，执行率得分应为13分，填报14分"
    )
    assert (found.unit, found.difference) == ("分", D("1.00"))


@pytest.mark.parametrize("item_count", [1, 3])
def test_loading_the_scores_takes_six_queries_whatever_the_number_of_tables(
    final_account, django_assert_num_queries, item_count
):
    for position in range(1, item_count + 1):
        make_scored_project(final_account, position=position, name=f"项目{position}", indicators=item_count)
    with django_assert_num_queries(6):
        scores = load_evaluation_scores(final_account)
    assert len(scores) == item_count
    assert [s.indicators[0].computed for s in scores] == [D("9.00")] * item_count


def test_rules_run_from_the_check_command_over_the_loaded_scores(final_account):
    spend(final_account)
    make_scored_project(final_account, stated_total=D("90"))
    assert [(f.rule_id, f.severity) for f in check_final_account(final_account) if f.rule_id in IDS] == [
        ("R40", Severity.ERROR),
    ]
