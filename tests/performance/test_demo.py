"""The twelve 绩效自评表 of the reference disclosure, loaded as printed and scored by 备注 1–3.

Positions: 0 is the 部门整体 table (第六部分 一), 1–11 the project tables (二 (一)–(十一)).
"""

from decimal import Decimal

import pytest

from performance.demo import load_demo_evaluations
from performance.models import Evaluation, Indicator
from performance.queries import evaluations_for_scoring
from performance.scoring import execution_rate_percent, quantitative_ratio, score_evaluation

D = Decimal


@pytest.fixture
def scores(final_account):
    load_demo_evaluations(final_account)
    return {e.position: score_evaluation(e) for e in evaluations_for_scoring(final_account)}


def test_demo_loads_the_twelve_tables_in_printed_order(scores):
    assert [(p, s.evaluation.scope, s.evaluation.name) for p, s in scores.items()] == [
        (0, Evaluation.Scope.DEPARTMENT, ""),
        (1, Evaluation.Scope.PROJECT, "党员培训教育经费"),
        (2, Evaluation.Scope.PROJECT, "就业补助资金"),
        (
            3,
            Evaluation.Scope.PROJECT,
            "行政事业单位改革及人员考录考察考核培训、人才引进考察调配、职称评审经费",
        ),
        (4, Evaluation.Scope.PROJECT, "就业管理经费"),
        (5, Evaluation.Scope.PROJECT, "社会保险经办机构"),
        (6, Evaluation.Scope.PROJECT, "劳动维权工作经费"),
        (7, Evaluation.Scope.PROJECT, "人力资源服务费"),
        (8, Evaluation.Scope.PROJECT, "电话咨询劳务外包服务费"),
        (9, Evaluation.Scope.PROJECT, "支农返汉"),
        (10, Evaluation.Scope.PROJECT, "三支一扶公开招募及上级补助资金发放"),
        (11, Evaluation.Scope.PROJECT, "职教幼教退休教师待遇上级补助"),
    ]


def test_demo_is_idempotent(final_account):
    load_demo_evaluations(final_account)
    load_demo_evaluations(final_account)
    # 75 indicators in the department-wide table, 119 in the eleven project tables.
    assert (Evaluation.objects.count(), Indicator.objects.count()) == (12, 194)


def test_demo_amounts_are_stored_in_yuan(scores):
    assert [(p, s.evaluation.budget, s.evaluation.executed) for p, s in scores.items() if p in (0, 9)] == [
        (0, D("154482700.00"), D("123419800.00")),
        (9, D("48360.00"), D("32280.00")),
    ]
    department_wide = scores[0].evaluation
    assert (department_wide.basic_expenditure, department_wide.project_expenditure) == (
        D("15686000.00"),
        D("107733800.00"),
    )


def test_demo_links_projects_to_the_item_subjects_matching_their_spending(scores):
    assert {p: [s.code for s in score.evaluation.subjects.all()] for p, score in scores.items() if p} == {
        1: [],
        2: [],
        3: [],
        4: ["2080106"],
        5: ["2080109"],
        6: ["2080110"],
        7: [],
        8: [],
        9: ["2082501"],
        10: ["2080199"],
        11: ["2050399"],
    }


def test_execution_rate_score_of_each_table(scores):
    # weight 20 × B/A, rounded half up, capped at 20.
    assert {p: (s.execution_score, s.evaluation.stated_execution_score) for p, s in scores.items()} == {
        0: (D("16"), D("16.00")),  # 12341.98 / 15448.27 → 15.98
        1: (D("20"), D("20.00")),  # 2.34 / 2.35 → 19.91
        2: (D("15"), D("15.00")),  # 7908.22 / 10608 → 14.91
        3: (D("17"), D("17.00")),  # 73.47 / 85 → 17.29
        4: (D("16"), D("16.00")),  # 612.8 / 776 → 15.79
        5: (D("20"), D("20.00")),  # 440.3 / 445 → 19.79
        6: (D("19"), D("19.00")),  # 246.65 / 264 → 18.69
        7: (D("19"), D("19.00")),  # 212.96 / 225 → 18.93
        8: (D("12"), D("12.00")),  # 29.62 / 50 → 11.85
        9: (D("13"), D("14.00")),  # 3.228 / 4.836 → 13.35, printed 14
        10: (D("14"), D("14.00")),  # 294.8 / 425.3 → 13.86
        11: (D("20"), D("20.00")),  # 395 / 395
    }


def test_execution_rate_of_each_table_at_two_decimals(scores):
    assert {
        p: (
            execution_rate_percent(s.evaluation.budget, s.evaluation.executed, 2),
            s.evaluation.stated_execution_rate,
        )
        for p, s in scores.items()
    } == {
        0: (D("79.89"), "80%"),
        1: (D("99.57"), "99%"),
        2: (D("74.55"), "75.00%"),
        3: (D("86.44"), "86%"),
        4: (D("78.97"), "79.00%"),
        5: (D("98.94"), "99%"),
        6: (D("93.43"), "93%"),
        7: (D("94.65"), "95.00%"),
        8: (D("59.24"), "59%"),
        9: (D("66.75"), "67%"),
        10: (D("69.32"), "69.00%"),
        11: (D("100.00"), "100%"),
    }


def test_computed_scores_of_quantitative_indicators(scores):
    # Only indicators alone under a printed weight have a known weight; every other weight is unprinted.
    assert [
        (p, s.indicator.name, s.weight, s.computed, s.stated)
        for p, score in scores.items()
        for s in score.indicators
        if s.computed is not None
    ] == [
        (1, "群众满意度", D("10.00"), D("10.00"), D("10.00")),  # ≥ 90% → ≥ 90%
        (2, "城镇登记失业率", D("30.00"), D("30.00"), D("30.00")),  # 反向: 30 × 5 / 1.85, capped
        (2, "群众满意度", D("10.00"), D("10.00"), D("10.00")),
        (6, "社会公众满意度", D("10.00"), D("10.00"), D("10.00")),
        (7, "享受人力资源服务单位数", D("20.00"), D("20.00"), D("20.00")),
        (7, "服务对象总体满意率", D("20.00"), D("20.00"), D("20.00")),
        (8, "各业务科室满意度", D("10.00"), D("10.00"), D("10.00")),
        (9, "公众满意度", D("10.00"), D("10.00"), D("10.00")),
        (10, "服务对象满意度", D("20.00"), D("20.00"), D("20.00")),
        (11, "落实国有企业职教幼教退休教师待遇工作", D("20.00"), D("20.00"), D("20.00")),
        (11, "服务对象满意度", D("20.00"), D("20.00"), D("20.00")),
    ]


def test_weights_implied_for_qualitative_indicators(scores):
    assert [
        (p, s.indicator.name, s.weight, s.stated)
        for p, score in scores.items()
        for s in score.indicators
        if s.weight_is_implied and not s.indicator.is_quantitative
    ] == [
        # 部门整体, 年度绩效目标 3: “可持续影响指标（10 分）” over one indicator, scored 1 for “已完成”.
        (0, "促进就业", D("10.00"), D("1.00")),
        (1, "提高全局党员的政治素质和服务质量", D("30.00"), D("30.00")),
        (9, "加强社会稳定", D("30.00"), D("30.00")),
        (10, "带动就业增长率", D("20.00"), D("20.00")),
    ]


def test_totals_of_each_table(scores):
    # (stated total, stated execution score + Σ stated indicator scores, computed execution score + Σ suggested)
    assert {p: (s.evaluation.stated_total, s.stated_sum, s.suggested_total) for p, s in scores.items()} == {
        0: (D("93.00"), D("93.00"), D("93.00")),
        1: (D("95.00"), D("95.00"), D("95.00")),
        2: (D("95.00"), D("95.00"), D("95.00")),
        3: (D("92.00"), D("92.00"), D("92.00")),
        4: (D("96.00"), D("96.00"), D("96.00")),
        5: (D("100.00"), D("100.00"), D("100.00")),
        6: (D("89.00"), D("89.00"), D("89.00")),
        7: (D("99.00"), D("99.00"), D("99.00")),
        8: (D("92.00"), D("92.00"), D("92.00")),
        9: (D("94.00"), D("94.00"), D("93.00")),  # the execution score computes to 13, not 14
        10: (D("94.00"), D("94.00"), D("94.00")),
        11: (D("100.00"), D("100.00"), D("100.00")),
    }


def test_totals_per_goal_of_the_department_wide_table(scores):
    assert [(s.node.name, s.weight, s.stated) for s in scores[0].goals] == [
        ("全力确保就业局势稳定", D("20.00"), D("18.50")),
        ("稳步提高社会保障水平", D("20.00"), D("30.00")),
        ("加强人才人事工作", D("20.00"), D("16.00")),
        ("确保劳动关系和谐稳定", D("20.00"), D("12.50")),
    ]


def test_totals_per_first_level_indicator_of_the_project_tables(scores):
    assert {
        p: [(s.node.get_kind_display(), s.weight, s.stated) for s in score.categories]
        for p, score in scores.items()
        if p in (1, 5, 6)
    } == {
        1: [
            ("产出指标", D("40.00"), D("35.00")),
            ("效益指标", D("30.00"), D("30.00")),
            ("满意度指标", D("10.00"), D("10.00")),
        ],
        5: [
            ("产出指标", D("50.00"), D("50.00")),
            ("效益指标", D("20.00"), D("20.00")),
            ("满意度指标", D("10.00"), D("10.00")),
        ],
        6: [
            ("产出指标", D("40.00"), D("30.00")),
            ("效益指标", D("30.00"), D("30.00")),
            ("满意度指标", D("10.00"), D("10.00")),
        ],
    }


def printed_breaches(score):
    """Return where one table's printed figures break 备注 1–3, as (table, place, printed, by the rules)."""
    evaluation, position = score.evaluation, score.evaluation.position
    breaches = []
    # The printed rate, at the decimals it shows, against B/A.
    printed_rate = D(evaluation.stated_execution_rate.rstrip("%"))
    places = -printed_rate.as_tuple().exponent
    rate = execution_rate_percent(evaluation.budget, evaluation.executed, places)
    if rate != printed_rate:
        breaches.append((position, "执行率", evaluation.stated_execution_rate, f"{rate}%"))
    if score.execution_score != evaluation.stated_execution_score:
        breaches.append((position, "执行率得分", evaluation.stated_execution_score, score.execution_score))
    if evaluation.stated_total != score.stated_sum:
        breaches.append((position, "总分", evaluation.stated_total, score.stated_sum))
    weights = sum((g.weight for g in score.goals), evaluation.execution_weight)
    if weights != D("100"):
        breaches.append((position, "分值合计", weights, D("100")))
    for subtotal in (*score.goals, *score.categories):
        if subtotal.exceeds_weight:
            breaches.append((position, str(subtotal.node), subtotal.stated, subtotal.weight))
    for s in score.indicators:
        if s.computed is not None and s.computed != s.stated:
            breaches.append((position, s.indicator.name, s.stated, s.computed))
        if s.band is not None and s.stated not in s.band:
            breaches.append((position, s.indicator.name, s.stated, s.band))
        # Whatever its unprinted weight, weight × B/A is above zero when B is: a 0 breaks 备注 2.
        ratio = quantitative_ratio(s.indicator.target_value, s.indicator.actual_value, s.indicator.direction)
        if s.computed is None and ratio and s.stated == 0:
            breaches.append((position, s.indicator.name, s.stated, "> 0"))
    return breaches


def test_where_the_printed_figures_of_the_reference_break_the_rules(scores):
    assert [b for score in scores.values() for b in printed_breaches(score)] == [
        # 部门整体: 年度绩效目标 2 is worth 20, its indicators are scored 15 + 10 + 5.
        (0, "稳步提高社会保障水平", D("30.00"), D("20.00")),
        # 部门整体, 年度绩效目标 4: 59 of 80 协管员, 3188.53 of 5000 万 and 47 of 70 户 each score 0.
        (0, "招聘劳动保障监察协管员", D("0.00"), "> 0"),
        (0, "退农民工工资保证金", D("0.00"), "> 0"),
        (0, "退农民工工资保证金户数", D("0.00"), "> 0"),
        # (一) 党员培训教育经费: 2.34 / 2.35 = 99.57 %, which rounds to 100 %, not 99 %.
        (1, "执行率", "99%", "100%"),
        # (二) 就业补助资金: 7908.22 / 10608 = 74.55 %, printed as 75.00 %.
        (2, "执行率", "75.00%", "74.55%"),
        # (四) 就业管理经费: 612.8 / 776 = 78.97 %, printed as 79.00 %.
        (4, "执行率", "79.00%", "78.97%"),
        # (六) 劳动维权: the same three indicators as 部门整体 目标 4, each scored 0.
        (6, "招聘劳动保障监察协管员", D("0.00"), "> 0"),
        (6, "退农民工工资保证金", D("0.00"), "> 0"),
        (6, "退农民工工资保证金户数", D("0.00"), "> 0"),
        # (七) 人力资源服务费: 212.96 / 225 = 94.65 %, printed as 95.00 %.
        (7, "执行率", "95.00%", "94.65%"),
        # (九) 支农返汉: 20 × 3.228 / 4.836 = 13.35 → 13, printed 14 (and counted in the total 94).
        (9, "执行率得分", D("14.00"), D("13")),
        # (十) 三支一扶: 294.8 / 425.3 = 69.32 %, printed as 69.00 %.
        (10, "执行率", "69.00%", "69.32%"),
    ]


def test_the_accounts_demo_loads_the_evaluations(db, settings):
    demo = pytest.importorskip("accounts.demo")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = demo.load_demo()
    assert list(result.final_account.evaluations.values_list("position", flat=True)) == list(range(12))
