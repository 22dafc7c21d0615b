"""The scoring rules of 备注 1–3, on literal figures and on evaluations built row by row."""

from decimal import Decimal

import pytest

from performance.models import Indicator, IndicatorCategory, IndicatorSubcategory
from performance.queries import evaluations_for_scoring
from performance.scoring import (
    Band,
    execution_rate,
    execution_rate_percent,
    execution_score,
    qualitative_band,
    quantitative_score,
    score_evaluation,
)
from tests.performance.builders import (
    make_category,
    make_evaluation,
    make_goal,
    make_indicator,
    make_subcategory,
)

GE = Indicator.Direction.POSITIVE
LE = Indicator.Direction.NEGATIVE


@pytest.mark.parametrize(
    ("budget", "executed", "expected"),
    [
        ("85", "73.47", Decimal("17")),  # 17.29
        ("2.35", "2.34", Decimal("20")),  # 19.91
        ("4", "0.1", Decimal("1")),  # exactly 0.5: half up
        ("4", "0.09", Decimal("0")),  # 0.45
        ("100", "120", Decimal("20")),  # over-executed: capped at the weight
        ("100", "0", Decimal("0")),
    ],
)
def test_execution_score_rounds_half_up_to_whole_points_capped_at_the_weight(budget, executed, expected):
    assert execution_score(Decimal(budget), Decimal(executed)) == expected


def test_execution_score_uses_the_weight_given():
    assert execution_score(Decimal("85"), Decimal("73.47"), Decimal("10")) == Decimal("9")


def test_execution_score_and_rate_are_none_without_a_budget():
    assert execution_score(Decimal("0"), Decimal("5")) is None
    assert execution_rate(Decimal("0"), Decimal("5")) is None
    assert execution_rate_percent(Decimal("0"), Decimal("5")) is None


def test_execution_rate_percent_rounds_half_up_at_the_places_asked():
    assert execution_rate_percent(Decimal("85"), Decimal("73.47")) == Decimal("86")
    assert execution_rate_percent(Decimal("85"), Decimal("73.47"), places=2) == Decimal("86.44")
    assert execution_rate_percent(Decimal("8"), Decimal("7")) == Decimal("88")  # 87.5


def test_execution_rate_is_the_exact_ratio():
    assert execution_rate(Decimal("50"), Decimal("29.62")) == Decimal("0.5924")


@pytest.mark.parametrize(
    ("weight", "target", "actual", "direction", "expected"),
    [
        ("10", "80", "59", GE, Decimal("7.38")),  # 7.375, half up
        ("5", "12", "27", GE, Decimal("5.00")),  # exceeded: capped at the weight
        ("30", "5", "1.85", LE, Decimal("30.00")),  # 反向, met
        ("10", "5", "8", LE, Decimal("6.25")),  # 反向, missed: weight × A/B
        ("10", "8", "0", LE, Decimal("10.00")),  # 反向, nothing at all meets any ceiling
        ("10", "100", "0", GE, Decimal("0.00")),
    ],
)
def test_quantitative_score_follows_note_2(weight, target, actual, direction, expected):
    assert quantitative_score(Decimal(weight), Decimal(target), Decimal(actual), direction) == expected


@pytest.mark.parametrize(
    ("weight", "target", "actual", "direction"),
    [
        (None, "12", "27", GE),  # weight unknown
        ("10", "0", "5", GE),  # a 正向 target of zero has no ratio
        ("10", "100", None, GE),  # actual not a number (“已完成”)
        ("10", "100", "80", ""),  # no direction
    ],
)
def test_quantitative_score_is_none_when_it_cannot_be_computed(weight, target, actual, direction):
    weight = None if weight is None else Decimal(weight)
    actual = None if actual is None else Decimal(actual)
    assert quantitative_score(weight, Decimal(target), actual, direction) is None


def test_qualitative_bands_follow_note_3():
    achieved = qualitative_band(Decimal("10"), Indicator.Achievement.ACHIEVED)
    partly = qualitative_band(Decimal("10"), Indicator.Achievement.PARTLY)
    not_achieved = qualitative_band(Decimal("10"), Indicator.Achievement.NOT_ACHIEVED)
    assert (achieved, partly, not_achieved) == (
        Band(low=Decimal("8.00"), high=Decimal("10.00"), closed=True),
        Band(low=Decimal("5.00"), high=Decimal("8.00"), closed=False),
        Band(low=Decimal("0.00"), high=Decimal("5.00"), closed=False),
    )
    # “100-80%（含 80%）、80-50%（含 50%）、50-0%”: 80 % belongs to the upper band, 50 % to the middle one.
    assert [
        Decimal("8") in achieved,
        Decimal("8") in partly,
        Decimal("5") in partly,
        Decimal("5") in not_achieved,
    ] == [True, False, True, False]


def test_qualitative_band_needs_weight_and_achievement():
    assert qualitative_band(None, Indicator.Achievement.ACHIEVED) is None
    assert qualitative_band(Decimal("10"), "") is None


@pytest.fixture
def evaluation(final_account):
    """产出指标 (40) with two indicators of unknown weight; 效益指标 (30) with one, scored 6 of 8 people."""
    evaluation = make_evaluation(
        final_account,
        budget="85.00",
        executed="73.47",
        stated_execution_score=Decimal("17"),
        stated_total=Decimal("93"),
    )
    goal = make_goal(evaluation, weight="80")
    output = make_subcategory(make_category(goal, weight="40"))
    make_indicator(
        output,
        position=1,
        name="日常招聘活动",
        stated_score=Decimal("20"),
        target_value=Decimal("12"),
        actual_value=Decimal("27"),
        direction=GE,
    )
    make_indicator(output, position=2, name="充分就业社区评审", stated_score=Decimal("20"))
    effect = make_subcategory(
        make_category(goal, kind=IndicatorCategory.Kind.EFFECT, position=2, weight="30"),
        kind=IndicatorSubcategory.Kind.SOCIAL,
    )
    make_indicator(
        effect,
        name="培训人数",
        stated_score=Decimal("30"),
        target_value=Decimal("8"),
        actual_value=Decimal("6"),
        direction=GE,
    )
    return evaluation


def test_score_evaluation_gives_a_sole_indicator_the_weight_of_its_category(evaluation):
    score = score_evaluation(evaluations_for_scoring(evaluation.final_account).get())
    assert [
        (s.indicator.name, s.weight, s.weight_is_implied, s.computed, s.stated) for s in score.indicators
    ] == [
        ("日常招聘活动", None, False, None, Decimal("20.00")),
        ("充分就业社区评审", None, False, None, Decimal("20.00")),
        ("培训人数", Decimal("30.00"), True, Decimal("22.50"), Decimal("30.00")),
    ]


def test_score_evaluation_totals_per_category_goal_and_table(evaluation):
    score = score_evaluation(evaluations_for_scoring(evaluation.final_account).get())
    assert [
        (s.node.get_kind_display(), s.weight, s.stated, s.suggested, s.exceeds_weight)
        for s in score.categories
    ] == [
        ("产出指标", Decimal("40.00"), Decimal("40.00"), Decimal("40.00"), False),
        ("效益指标", Decimal("30.00"), Decimal("30.00"), Decimal("22.50"), False),
    ]
    assert [(s.weight, s.stated, s.suggested) for s in score.goals] == [
        (Decimal("80.00"), Decimal("70.00"), Decimal("62.50"))
    ]
    assert (score.execution_rate, score.execution_score) == (
        Decimal("0.8643529411764705882352941176"),
        Decimal("17"),
    )
    assert (score.stated_sum, score.suggested_total) == (Decimal("87.00"), Decimal("79.50"))


def test_goal_stated_above_its_weight_exceeds_it(final_account):
    goal = make_goal(make_evaluation(final_account), weight="20")
    subcategory = make_subcategory(make_category(goal))
    make_indicator(subcategory, position=1, stated_score=Decimal("15"))
    make_indicator(subcategory, position=2, stated_score=Decimal("15"))
    score = score_evaluation(evaluations_for_scoring(final_account).get())
    assert [(s.stated, s.exceeds_weight) for s in score.goals] == [(Decimal("30.00"), True)]


@pytest.mark.parametrize("item_count", [1, 3])
def test_scoring_all_evaluations_of_a_final_account_takes_six_queries(
    final_account, django_assert_num_queries, item_count
):
    for position in range(1, item_count + 1):
        goal = make_goal(make_evaluation(final_account, position=position, name=f"项目{position}"))
        for kind_position, kind in enumerate(IndicatorCategory.Kind, start=1):
            subcategory = make_subcategory(make_category(goal, kind=kind, position=kind_position))
            make_indicator(subcategory, stated_score=Decimal("1"))
    with django_assert_num_queries(6):
        scores = [score_evaluation(e) for e in evaluations_for_scoring(final_account)]
    assert [s.stated_sum for s in scores] == [Decimal("4.00")] * item_count
