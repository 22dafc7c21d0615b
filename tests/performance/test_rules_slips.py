"""Self-evaluation slips beyond the subtotals (R40.5–R40.8), and the self-evaluation's texts and values
read by the accounts text rules (N1, N4) through the registry, with the reference disclosure's figures."""

from decimal import Decimal

import pytest

from accounts import editing
from accounts.rules import evaluate
from accounts.rules.registry import rule
from accounts.statements import build_statements, load_facts
from performance.models import Indicator, IndicatorCategory, IndicatorSubcategory
from performance.rules import LOADER, load_evaluation_scores
from tests.performance.builders import (
    make_category,
    make_evaluation,
    make_goal,
    make_indicator,
    make_scored_project,
    make_subcategory,
)

D = Decimal
K = IndicatorCategory.Kind
S = IndicatorSubcategory.Kind


def findings(final_account, rule_id):
    facts = load_facts(final_account)
    return evaluate(
        facts,
        build_statements(facts),
        extra={LOADER: load_evaluation_scores(final_account), "unit_types": ["administrative"]},
        rules=[rule(rule_id)],
    )


def brief(found):
    return [(f.rule_id, str(f.severity), f.target, f.expected, f.actual) for f in found]


@pytest.mark.parametrize("rule_id", ["R40.5", "R40.6", "R40.7", "R40.8", "N4"])
def test_a_consistent_project_passes_the_new_rules(final_account, rule_id):
    make_scored_project(final_account, improvement_measures="2023 年将提前筹划培训工作。")
    assert findings(final_account, rule_id) == []


# --- R40.5: weights nest ---------------------------------------------------------------------------


def talent_goal(final_account, *, sustainability_label="可持续影响指标（10 分）", weight=None):
    """部门整体 年度绩效目标 3 “加强人才人事工作” (20 分), as the reference prints it."""
    evaluation = make_evaluation(final_account, scope="department", budget="154482700", executed="123419800")
    goal = make_goal(evaluation, weight="20", name="加强人才人事工作")
    output = make_subcategory(make_category(goal), kind=S.QUALITY)
    for position, score in enumerate(("1", "0.5", "0", "0.5", "0.5", "0.5", "0.5", "0.5", "0"), start=1):
        make_indicator(output, position=position, name=f"产出{position}", stated_score=D(score))
    effect = make_category(goal, kind=K.EFFECT, position=2)
    social = make_subcategory(effect, kind=S.SOCIAL)
    for position in (1, 2, 3):
        make_indicator(social, position=position, name=f"社会效益{position}", stated_score=D("2"))
    sustainability = make_subcategory(
        effect, kind=S.SUSTAINABILITY, position=2, label=sustainability_label, weight=weight
    )
    make_indicator(sustainability, name="促进就业", stated_score=D("1"))
    satisfaction = make_subcategory(make_category(goal, kind=K.SATISFACTION, position=3), kind=S.SATISFACTION)
    make_indicator(satisfaction, name="服务对象满意度", stated_score=D("5"))
    return evaluation


def test_r40_5_a_weight_in_a_label_that_does_not_fit_its_goal(final_account):
    # 产出 4 + 社会效益 6 + 满意度 5 already scored, and “可持续影响指标（10 分）”: at least 25 of 20.
    talent_goal(final_account)
    found = findings(final_account, "R40.5")
    assert brief(found) == [
        ("R40.5", "error", "绩效自评表/部门整体/年度绩效目标1“加强人才人事工作”", D("20.00"), D("25.00"))
    ]
    assert found[0].labels == ("绩效自评表/部门整体/年度绩效目标1“加强人才人事工作”",)
    assert found[0].message == (
        "部门整体：年度绩效目标1“加强人才人事工作”分值20分，其下各项所列分值或已得分合计至少25分"
        "（产出指标4分、效益指标16分、满意度指标5分），分值层层不相容"
    )


def test_r40_5_the_same_weight_in_the_weight_field(final_account):
    talent_goal(final_account, sustainability_label="", weight=D("10"))
    assert brief(findings(final_account, "R40.5"))[0][3:] == (D("20.00"), D("25.00"))


def test_r40_5_weights_that_nest_pass(final_account):
    talent_goal(final_account, sustainability_label="可持续影响指标（2 分）")
    assert findings(final_account, "R40.5") == []


# --- R40.6: partial achievement scored as full -------------------------------------------------------


def call_centre(final_account, *, connected="80", score="8"):
    """项目“电话咨询劳务外包服务费”: 产出指标 (40 分), five indicators without printed weights."""
    evaluation = make_evaluation(
        final_account, name="电话咨询劳务外包服务费", budget="500000", executed="296200"
    )
    goal = make_goal(evaluation, weight="80")
    output = make_category(goal, weight="40")
    quantity = make_subcategory(output)
    for position, name in ((1, "坐席人员"), (2, "业务系统")):
        make_indicator(quantity, position=position, name=name, stated_score=D("8"))
    quality = make_subcategory(output, kind=S.QUALITY, position=2)
    make_indicator(
        quality,
        name="话务高效运转",
        target_text="电话接通率 100%",
        actual_text=f"电话接通率 {connected}%，回访率 100%",
        target_value=D("100"),
        actual_value=D(connected),
        unit="%",
        direction=Indicator.Direction.POSITIVE,
        stated_score=D(score),
    )
    timeliness = make_subcategory(output, kind=S.TIMELINESS, position=3)
    for position, name in ((1, "话务中心异常情况发现时间"), (2, "话务中心处置时间")):
        make_indicator(timeliness, position=position, name=name, stated_score=D("8"))
    return evaluation


def test_r40_6_eighty_per_cent_scored_like_the_full_indicators(final_account):
    call_centre(final_account)
    found = findings(final_account, "R40.6")
    assert brief(found) == [
        ("R40.6", "error", "绩效自评表/项目“电话咨询劳务外包服务费”/话务高效运转", None, D("8.00"))
    ]
    assert found[0].message == (
        "项目“电话咨询劳务外包服务费”：“话务高效运转”完成值80%÷目标值100%（正向）＝80%，得分8分须权重至少"
        "9.38分，而产出指标分值40分中其余指标已需32分：未达目标却按满分计"
    )


def test_r40_6_a_score_in_proportion_passes(final_account):
    # 8 × 80 % = 6.4: the indicator's weight can be 8 like its siblings.
    call_centre(final_account, score="6.4")
    assert findings(final_account, "R40.6") == []


def test_r40_6_the_target_reached_passes(final_account):
    call_centre(final_account, connected="100")
    assert findings(final_account, "R40.6") == []


# --- R40.7: an actual value of another kind ----------------------------------------------------------


def cost_indicator(final_account, actual_text):
    evaluation = make_evaluation(final_account, name="三支一扶公开招募及上级补助资金发放")
    cost = make_subcategory(make_category(make_goal(evaluation)), kind=S.COST)
    make_indicator(
        cost,
        name="生活补贴人均成本",
        target_text="32000元/人",
        actual_text=actual_text,
        target_value=D("32000"),
        unit="元/人",
        direction=Indicator.Direction.NEGATIVE,
        stated_score=D("10"),
    )


@pytest.mark.parametrize(("actual_text", "kind"), [("十二月份", "时间"), ("95%", "百分比")])
def test_r40_7_a_month_or_a_rate_given_as_a_cost_per_person(final_account, actual_text, kind):
    cost_indicator(final_account, actual_text)
    found = findings(final_account, "R40.7")
    assert brief(found) == [
        (
            "R40.7",
            "warning",
            "绩效自评表/项目“三支一扶公开招募及上级补助资金发放”/生活补贴人均成本",
            None,
            None,
        )
    ]
    assert found[0].message == (
        "项目“三支一扶公开招募及上级补助资金发放”：“生活补贴人均成本”目标值“32000元/人”是金额，"
        f"实际完成值“{actual_text}”却是{kind}，不是该指标的取值"
    )


@pytest.mark.parametrize("actual_text", ["31500元/人", "已完成"])
def test_r40_7_a_cost_or_a_plain_word_passes(final_account, actual_text):
    cost_indicator(final_account, actual_text)
    assert findings(final_account, "R40.7") == []


# --- R40.8: improvements promised for a past year ----------------------------------------------------


def test_r40_8_an_improvement_promised_for_the_evaluated_year(final_account):
    text = "2022 年将严格培训话务中心人员，使其业务素质提升，提高电话接通率。"
    make_scored_project(final_account, improvement_measures=text)
    found = findings(final_account, "R40.8")
    assert brief(found) == [("R40.8", "warning", "绩效自评表/项目“职业培训”/改进措施/2022 年", None, None)]
    assert found[0].labels == ("绩效自评表/项目“职业培训”/改进措施及结果应用方案",)
    assert found[0].sentence == text


@pytest.mark.parametrize(
    "text",
    [
        "2023 年 2 月 1 日，已通过政府购买服务方式提供劳动保障监察服务人员 77 人。",
        "严格按照 2022 年要求核算，下年度提高预算精确度。",
    ],
)
def test_r40_8_work_done_early_next_year_or_a_past_requirement_passes(final_account, text):
    make_scored_project(final_account, improvement_measures=text)
    assert findings(final_account, "R40.8") == []


# --- The self-evaluation's texts and values in the accounts text rules -------------------------------


def employment_fund(final_account, outcomes):
    evaluation = make_evaluation(
        final_account, name="就业补助资金", budget="106080000", executed="79082200", outcomes=outcomes
    )
    quantity = make_subcategory(make_category(make_goal(evaluation)))
    make_indicator(
        quantity,
        name="城镇新增就业",
        target_text="全年完成 12000 人",
        actual_text="16551 人",
        target_value=D("12000"),
        actual_value=D("16551"),
        unit="人",
        direction=Indicator.Direction.POSITIVE,
        stated_score=D("10"),
    )
    return evaluation


def test_n4_a_text_figure_against_the_indicator_it_names(final_account):
    employment_fund(final_account, "全区城镇新增就业16842人，完成全年考核目标任务10000人的168.42%。")
    found = findings(final_account, "N4")
    assert brief(found) == [
        ("N4", "warning", "绩效自评表/项目“就业补助资金”/自评综述/16842人", None, D("16842"))
    ]
    assert found[0].labels == (
        "绩效自评表/项目“就业补助资金”/自评综述",
        "绩效自评表/项目“就业补助资金”/城镇新增就业",
    )
    assert found[0].message == (
        "文字中“16842人”所指的“项目“就业补助资金”指标“城镇新增就业”完成值、目标值”为16551人、12000人，"
        "两者不符：“全区城镇新增就业16842人，完成全年考核目标任务10000人的168.42%。”"
    )


def test_n4_the_indicator_actual_value_in_the_text_passes(final_account):
    employment_fund(final_account, "全区城镇新增就业16551人。")
    assert findings(final_account, "N4") == []


def test_n1_a_project_executed_amount_in_the_account_text_passes(final_account):
    # 十三: “项目支出主要用于就业资金7908.22万元” is the project's 执行数.
    employment_fund(final_account, "")
    editing.set_free_text(
        final_account, key="project_outcomes", by=None, text="项目支出主要用于就业资金7908.22万元。"
    )
    assert findings(final_account, "N1") == []
    assert findings(final_account, "N4") == []
