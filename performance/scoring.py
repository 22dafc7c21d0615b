"""Scores of a 绩效自评表, computed by the fixed rules printed under every table (备注 1–4).

备注 1: 预算数 (A) is the adjusted total of fiscal funds including carry-over; 执行数 (B) is what was paid.
备注 2: a quantitative indicator scores weight × B/A when 正向 (target ≥ X) and weight × A/B when 反向
        (target ≤ X), never more than its weight; absolute figures are added up before scoring.
备注 3: a qualitative indicator scores within 100–80 % (80 % included), 80–50 % (50 % included) or 50–0 %
        of its weight, as it achieved, partly achieved or did not achieve its target.
备注 4: satisfaction indicators may be left out.

The functions are pure: they read rows already fetched (performance.queries.evaluations_for_scoring
prefetches the whole tree), query nothing and store nothing, and compute in Decimal only.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory

ZERO = Decimal("0")
ONE = Decimal("1")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
EXECUTION_WEIGHT = Decimal("20")

# 备注 3: the share of the weight each band allows, and whether the band's upper end is included.
BANDS = {
    Indicator.Achievement.ACHIEVED: (Decimal("0.8"), ONE, True),
    Indicator.Achievement.PARTLY: (Decimal("0.5"), Decimal("0.8"), False),
    Indicator.Achievement.NOT_ACHIEVED: (ZERO, Decimal("0.5"), False),
}


def execution_rate(budget, executed):
    """Return the execution rate B/A (备注 1) as an unrounded ratio, or None when the budget A is zero."""
    if not budget:
        return None
    return Decimal(executed) / Decimal(budget)


def execution_rate_percent(budget, executed, places=0):
    """Return B/A in per cent, rounded half up to `places` decimals, or None when A is zero.

    The tables print the rate as whole per cent (“86%”, some as “75.00%”), 情况说明 十三 with two
    decimals (“86.44%”); a printed rate is right when it equals this at the decimals it shows.
    """
    if not budget:
        return None
    percent = Decimal(executed) * HUNDRED / Decimal(budget)
    return percent.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def execution_score(budget, executed, weight=EXECUTION_WEIGHT):
    """Return the execution-rate score weight × B/A, capped at the weight, in whole points.

    The column is headed “得分 (20 分*执行率)” and the tables print whole points, rounded half up from
    the exact rate: 73.47 of 85 → 17.29 → 17; 2.34 of 2.35 → 19.91 → 20; 612.8 of 776 → 15.79 → 16.
    None when the budget A is zero.
    """
    if not budget:
        return None
    score = (Decimal(weight) * Decimal(executed) / Decimal(budget)).quantize(ONE, rounding=ROUND_HALF_UP)
    return min(score, Decimal(weight))


def quantitative_ratio(target, actual, direction):
    """Return the share of the weight a quantitative indicator earns (备注 2), between 0 and 1.

    正向: B/A; 反向: A/B (an actual of zero meets any ≤ target in full). Capped at 1, since the score
    “不得突破权重总额”. None when the ratio is undefined: a missing figure, a negative one, or a 正向
    target of zero.
    """
    if target is None or actual is None or target < 0 or actual < 0:
        return None
    if direction == Indicator.Direction.POSITIVE:
        if target == 0:
            return None
        ratio = Decimal(actual) / Decimal(target)
    elif direction == Indicator.Direction.NEGATIVE:
        ratio = ONE if actual == 0 else Decimal(target) / Decimal(actual)
    else:
        return None
    return min(ratio, ONE)


def quantitative_score(weight, target, actual, direction):
    """Return weight × B/A (正向) or weight × A/B (反向), capped at the weight, rounded half up to 0.01.

    None when the weight is unknown or the ratio undefined (see quantitative_ratio).
    """
    ratio = quantitative_ratio(target, actual, direction)
    if weight is None or ratio is None:
        return None
    return (Decimal(weight) * ratio).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    """The scores 备注 3 allows a qualitative indicator: low ≤ score < high (≤ high when closed)."""

    low: Decimal
    high: Decimal
    closed: bool

    def __contains__(self, score):
        return self.low <= score <= self.high if self.closed else self.low <= score < self.high


def qualitative_band(weight, achievement):
    """Return the Band of scores for a qualitative indicator of this weight and achievement (备注 3).

    达成 100–80 % of the weight (80 % included), 部分达成 80–50 % (50 % included), 未达成 50–0 %.
    None when the weight or the achievement is unknown.
    """
    if weight is None or achievement not in BANDS:
        return None
    low, high, closed = BANDS[achievement]
    weight = Decimal(weight)
    return Band(low=(weight * low).quantize(CENT), high=(weight * high).quantize(CENT), closed=closed)


@dataclass(frozen=True)
class IndicatorScore:
    """One 三级指标 with its weight (printed or implied), computed score or band, and stated score."""

    indicator: Indicator
    weight: Decimal | None
    weight_is_implied: bool
    computed: Decimal | None
    band: Band | None

    @property
    def stated(self):
        return self.indicator.stated_score

    @property
    def suggested(self):
        """The computed score where there is one, else the stated score."""
        return self.computed if self.computed is not None else self.stated


@dataclass(frozen=True)
class Subtotal:
    """The scores of the indicators under one goal, 一级指标 or 二级指标, against its weight."""

    node: Goal | IndicatorCategory | IndicatorSubcategory
    weight: Decimal | None
    stated: Decimal
    suggested: Decimal

    @property
    def exceeds_weight(self):
        return self.weight is not None and self.stated > self.weight


@dataclass(frozen=True)
class EvaluationScore:
    """Everything computable about one 自评表, next to what it states."""

    evaluation: Evaluation
    execution_rate: Decimal | None
    execution_score: Decimal | None
    indicators: tuple[IndicatorScore, ...]
    goals: tuple[Subtotal, ...]
    categories: tuple[Subtotal, ...]
    subcategories: tuple[Subtotal, ...] = ()

    @property
    def stated_sum(self):
        """The stated execution score plus every stated indicator score: what the stated total should be."""
        return (self.evaluation.stated_execution_score or ZERO) + _sum(s.stated for s in self.indicators)

    @property
    def effective_execution_score(self):
        """The execution score in effect: the stated one where stated (an override), else the computed one."""
        stated = self.evaluation.stated_execution_score
        if stated is not None:
            return stated
        return self.execution_score if self.execution_score is not None else ZERO

    @property
    def effective_total(self):
        """The total in effect when none is stated: each score as stated where stated, else as computed.

        So that a 总分 left blank follows every score typed or corrected, instead of a typed total that
        one correction makes wrong.
        """
        return self.effective_execution_score + _sum(
            (s.stated if s.stated is not None else s.computed) for s in self.indicators
        )

    @property
    def overrides(self):
        """Return [(place, stated, computed)] of the stated scores that differ from the rule's."""
        found = []
        evaluation = self.evaluation
        if (
            evaluation.stated_execution_score is not None
            and self.execution_score is not None
            and evaluation.stated_execution_score != self.execution_score
        ):
            found.append(("执行率得分", evaluation.stated_execution_score, self.execution_score))
        for score in self.indicators:
            if score.stated is not None and score.computed is not None and score.stated != score.computed:
                found.append((score.indicator.name, score.stated, score.computed))
        if evaluation.stated_total is not None and evaluation.stated_total != self.effective_total:
            found.append(("总分", evaluation.stated_total, self.effective_total))
        return found

    @property
    def suggested_total(self):
        """The computed execution score plus every suggested indicator score."""
        execution = self.execution_score
        if execution is None:
            execution = self.evaluation.stated_execution_score or ZERO
        return execution + _sum(s.suggested for s in self.indicators)


def score_indicator(indicator, weight, *, weight_is_implied=False):
    """Return the IndicatorScore of one indicator given its weight (printed or implied)."""
    computed = band = None
    if indicator.is_quantitative:
        computed = quantitative_score(
            weight, indicator.target_value, indicator.actual_value, indicator.direction
        )
    if computed is None:
        band = qualitative_band(weight, indicator.achievement)
    return IndicatorScore(
        indicator=indicator, weight=weight, weight_is_implied=weight_is_implied, computed=computed, band=band
    )


def score_evaluation(evaluation):
    """Return the EvaluationScore of an evaluation whose tree is prefetched.

    An indicator without a printed weight takes the weight of the nearest printed node above it of which
    it is the only indicator: “效益指标 (30 分)” over a single indicator gives that indicator 30. Where an
    indicator shares its node, its weight stays unknown; the stated score is never read as a weight.
    """
    indicators, goals, categories, subcategories = [], [], [], []
    for goal in evaluation.goals.all():
        goal_scores = []
        goal_indicators = [
            i for c in goal.categories.all() for s in c.subcategories.all() for i in s.indicators.all()
        ]
        for category in goal.categories.all():
            category_indicators = [i for s in category.subcategories.all() for i in s.indicators.all()]
            category_scores = []
            for subcategory in category.subcategories.all():
                subcategory_scores = []
                for indicator in subcategory.indicators.all():
                    weight, implied = _resolve_weight(
                        indicator.weight,
                        (
                            (subcategory.weight, len(subcategory.indicators.all())),
                            (category.weight, len(category_indicators)),
                            (goal.weight, len(goal_indicators)),
                        ),
                    )
                    subcategory_scores.append(score_indicator(indicator, weight, weight_is_implied=implied))
                # Only a printed 二级指标 weight is a limit: “可持续影响指标（10 分）”.
                subcategories.append(_subtotal(subcategory, subcategory.weight, subcategory_scores))
                category_scores.extend(subcategory_scores)
            category_weight, _ = _resolve_weight(
                category.weight, ((goal.weight, len(goal.categories.all())),)
            )
            categories.append(_subtotal(category, category_weight, category_scores))
            goal_scores.extend(category_scores)
        goals.append(_subtotal(goal, goal.weight, goal_scores))
        indicators.extend(goal_scores)
    return EvaluationScore(
        evaluation=evaluation,
        execution_rate=execution_rate(evaluation.budget, evaluation.executed),
        execution_score=execution_score(evaluation.budget, evaluation.executed, evaluation.execution_weight),
        indicators=tuple(indicators),
        goals=tuple(goals),
        categories=tuple(categories),
        subcategories=tuple(subcategories),
    )


def _resolve_weight(own, ancestors):
    """Return (weight, implied): the own weight, else that of the nearest ancestor it is the sole child of.

    `ancestors` lists (weight, number of indicators or children under it) from the nearest upwards.
    """
    if own is not None:
        return own, False
    for weight, children in ancestors:
        if children != 1:
            break
        if weight is not None:
            return weight, True
    return None, False


def _subtotal(node, weight, scores):
    return Subtotal(
        node=node,
        weight=weight,
        stated=_sum(s.stated for s in scores),
        suggested=_sum(s.suggested for s in scores),
    )


def _sum(values):
    return sum((v for v in values if v is not None), ZERO)
