"""The 绩效自评 checks (rules.md R39–R41), registered into the accounts rule engine by PerformanceConfig.ready().

R39 is the execution part of every table (执行率 and its score, 备注 1), R40 the scored tree and the total
(备注 2–3), R41 the figures the tables share with the final account. Each formula reads the scores that
`load_evaluation_scores` fetched once per check (six queries whatever the number of tables) and yields
findings; nothing here queries. Scores are in 分, rates in %, amounts in 元.

A check needs the stated figure it checks: a blank stated score or rate is not a finding (the entry screen
suggests the computed one), and an indicator whose weight is not printed cannot be scored, only its zero
questioned.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from accounts.addresses import Address
from accounts.formatting import yuan_amount
from accounts.rules.engine import Quantity, Rule, Severity
from accounts.rules.registry import register_quantity_source, register_text_source
from accounts.rules.texts import HeldQuantity

from .addresses import AREA, EVALUATION, TABLE
from .models import Goal, node_key
from .queries import evaluations_for_scoring, evaluations_for_scoring_many
from .scoring import HUNDRED, execution_rate_percent, quantitative_ratio, score_evaluation

LOADER = "evaluation_scores"
ZERO = Decimal("0")
CENT = Decimal("0.01")
TEN_THOUSAND = Decimal("10000")
ERROR, WARNING, NOTICE = Severity.ERROR, Severity.WARNING, Severity.NOTICE


def load_evaluation_scores(final_account):
    """Return the EvaluationScore of every self-evaluation of `final_account`, 涉密 ones included."""
    return tuple(score_evaluation(evaluation) for evaluation in evaluations_for_scoring(final_account))


def load_evaluation_scores_many(final_accounts):
    """Return {final account id: load_evaluation_scores(final account)} in six queries (bulk checks)."""
    scores = {fa.pk: [] for fa in final_accounts}
    for evaluation in evaluations_for_scoring_many(final_accounts):
        scores[evaluation.final_account_id].append(score_evaluation(evaluation))
    return {pk: tuple(found) for pk, found in scores.items()}


def _scores(context):
    return context.extra.get(LOADER) or ()


# --- Where a finding is -----------------------------------------------------------------------------


def evaluation_label(evaluation):
    """Return how a reader finds the table: “部门整体”, or the project's name."""
    return "部门整体" if evaluation.is_department_wide else f"项目“{evaluation.name}”"


def node_label(node):
    """Return “年度绩效目标2“稳步提高社会保障水平””, “产出指标”, “可持续影响指标” or the indicator's name."""
    if isinstance(node, Goal):
        return f"年度绩效目标{node.position}" + (f"“{node.name}”" if node.name else "")
    return str(node)


def ref(context, evaluation, what, *, code):
    """Return the Address of `what` in the table of `evaluation`, named in `context` for the labels.

    `code` names the field in the entry screen (“execution_score”, “indicator-12”), so that a finding can
    be shown next to it; the label (“绩效自评表/部门整体/执行率得分”) is what a reader finds in the
    printed table.
    """
    node, field = (code, "") if "-" in code else (EVALUATION, code)
    address = Address(AREA, (str(evaluation.pk), node, field))
    context.names[str(address)] = f"{evaluation_label(evaluation)}/{what}"
    return address


def points(value):
    """Return a score as printed: “14”, “0.5”, “13.35”."""
    value = Decimal(value)
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yuan(value):
    # Findings show exact 元: a 万元 figure rounded to two places (4.836 → 4.84) would not divide to the rate.
    return f"{yuan_amount(value)}元"


def parse_percent(text):
    """Return the number of a printed rate (“75.00%” → Decimal("75.00")), or None when it is not one."""
    text = (text or "").strip().rstrip("%％").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# --- R39: 执行率 and its score (备注 1) ------------------------------------------------------------


def execution_scores_match(context, rule):
    """R39: the stated 执行率得分 is weight × B/A, rounded half up to whole points, at most the weight."""
    for score in _scores(context):
        evaluation = score.evaluation
        stated, computed = evaluation.stated_execution_score, score.execution_score
        if stated is None or computed is None or stated == computed:
            continue
        raw = (evaluation.execution_weight * evaluation.executed / evaluation.budget).quantize(
            CENT, ROUND_HALF_UP
        )
        rate = execution_rate_percent(evaluation.budget, evaluation.executed, 2)
        yield context.finding(
            rule,
            cells=(ref(context, evaluation, "执行率得分", code="execution_score"),),
            expected=computed,
            actual=stated,
            unit="分",
            message=(
                f"{evaluation_label(evaluation)}：执行数{yuan(evaluation.executed)}÷预算数"
                f"{yuan(evaluation.budget)}＝{rate}%，{points(evaluation.execution_weight)}分×{rate}%＝"
                f"{points(raw)}分，执行率得分应为{points(computed)}分，填报{points(stated)}分"
            ),
        )


def execution_rates_match(context, rule):
    """R39.1: the stated 执行率, at the decimals it shows, is B/A rounded half up.

    “75.00%” shows two decimals, so it must be B/A to two decimals (74.55%), not the whole per cent
    padded with zeros; “99%” must be B/A rounded, not cut (99.57% → 100%).
    """
    for score in _scores(context):
        evaluation = score.evaluation
        text = evaluation.stated_execution_rate.strip()
        if not text or not evaluation.budget:
            continue
        cell = ref(context, evaluation, "执行率", code="execution_rate")
        stated = parse_percent(text)
        if stated is None:
            yield context.finding(
                rule, cells=(cell,), message=f"{evaluation_label(evaluation)}：执行率“{text}”不是百分比"
            )
            continue
        places = max(0, -stated.as_tuple().exponent)
        expected = execution_rate_percent(evaluation.budget, evaluation.executed, places)
        exact = execution_rate_percent(evaluation.budget, evaluation.executed, 2)
        base = (
            f"{evaluation_label(evaluation)}：执行数{yuan(evaluation.executed)}÷预算数"
            f"{yuan(evaluation.budget)}＝{exact}%，"
        )
        if stated == expected:
            if places < 2 and stated != exact:
                # Right at its own precision, but the document writes rates with two decimals (情况说明
                # 五(三) and 十三 print 79.89 % where this table prints 80 %): a display-only difference.
                yield context.finding(
                    rule,
                    cells=(cell,),
                    expected=exact,
                    actual=stated,
                    unit="%",
                    severity=NOTICE,
                    message=base + f"执行率“{text}”未保留两位小数，按文件中百分比的精度应为{exact}%",
                )
            continue
        whole = execution_rate_percent(evaluation.budget, evaluation.executed, 0)
        step = Decimal(1).scaleb(-places)
        if places and stated == whole:
            # Rounded to whole per cent and padded with zeros: the printed precision claims more than
            # the figure has; wrong by less than a whole per cent, so a reason, not a block.
            detail = f"执行率显示{places}位小数“{text}”，应为{expected}%（取整后补零，精度不符）"
            severity = WARNING
        elif abs(stated - expected) == step and abs(stated - Decimal(exact)) < step:
            # Cut instead of rounded (99.57 % shown as 99 %): a display-only difference.
            detail = f"执行率“{text}”按所示精度四舍五入应为{expected}%（仅为舍入差异）"
            severity = NOTICE
        else:
            detail = f"执行率“{text}”按所示精度应为{expected}%"
            severity = None
        yield context.finding(
            rule,
            cells=(cell,),
            expected=expected,
            actual=stated,
            unit="%",
            severity=severity,
            message=base + detail,
        )


def executed_within_budget(context, rule):
    """R39.2: the executed amount B is not above the budget A (a rate above 100 % needs a reason)."""
    for score in _scores(context):
        evaluation = score.evaluation
        if evaluation.executed <= evaluation.budget:
            continue
        yield context.finding(
            rule,
            cells=(
                ref(context, evaluation, "执行数", code="executed"),
                ref(context, evaluation, "预算数", code="budget"),
            ),
            expected=evaluation.budget,
            actual=evaluation.executed,
            message=(
                f"{evaluation_label(evaluation)}：执行数{yuan(evaluation.executed)}超过预算数"
                f"{yuan(evaluation.budget)}"
            ),
        )


# --- R40: the scored tree and the total (备注 2–3) -------------------------------------------------


def totals_add_up(context, rule):
    """R40: the stated 总分 is the stated 执行率得分 plus every stated indicator score."""
    for score in _scores(context):
        evaluation = score.evaluation
        if evaluation.stated_total is None or evaluation.stated_total == score.stated_sum:
            continue
        execution = evaluation.stated_execution_score or ZERO
        yield context.finding(
            rule,
            cells=(ref(context, evaluation, "总分", code="total"),),
            expected=score.stated_sum,
            actual=evaluation.stated_total,
            unit="分",
            message=(
                f"{evaluation_label(evaluation)}：执行率得分{points(execution)}分＋各三级指标得分"
                f"{points(score.stated_sum - execution)}分＝{points(score.stated_sum)}分，"
                f"填报总分{points(evaluation.stated_total)}分"
            ),
        )


def subtotals_within_weights(context, rule):
    """R40.1: the scores under each 年度绩效目标, 一级指标 and 二级指标 add up to no more than its weight."""
    for score in _scores(context):
        evaluation = score.evaluation
        for subtotal in (*score.goals, *score.categories, *score.subcategories):
            if not subtotal.exceeds_weight:
                continue
            what = node_label(subtotal.node)
            yield context.finding(
                rule,
                cells=(ref(context, evaluation, what, code=node_key(subtotal.node)),),
                expected=subtotal.weight,
                actual=subtotal.stated,
                unit="分",
                message=(
                    f"{evaluation_label(evaluation)}：{what}分值{points(subtotal.weight)}分，所属三级指标得分合计"
                    f"{points(subtotal.stated)}分，超出{points(subtotal.stated - subtotal.weight)}分"
                ),
            )


def quantitative_scores_match(context, rule):
    """R40.2: a quantitative indicator scores weight × B/A (正向) or weight × A/B (反向), capped (备注 2).

    With a known weight the stated score must be that, or that rounded to whole or tenth points as the
    tables print them. With an unprinted weight only a zero can be judged: when B/A is above zero, so is
    the score.
    """
    for score in _scores(context):
        evaluation = score.evaluation
        for indicator_score in score.indicators:
            indicator, stated = indicator_score.indicator, indicator_score.stated
            if not indicator.is_quantitative or stated is None:
                continue
            ratio = quantitative_ratio(indicator.target_value, indicator.actual_value, indicator.direction)
            if ratio is None:
                continue
            cell = ref(context, evaluation, indicator.name, code=node_key(indicator))
            figures = _quantitative_figures(indicator, ratio)
            computed = indicator_score.computed
            if computed is not None:
                if stated in _printed_roundings(computed):
                    continue
                yield context.finding(
                    rule,
                    cells=(cell,),
                    expected=computed,
                    actual=stated,
                    unit="分",
                    message=(
                        f"{evaluation_label(evaluation)}：“{indicator.name}”{figures}，得分应为"
                        f"{points(indicator_score.weight)}分×{_percent(ratio)}＝{points(computed)}分，"
                        f"填报{points(stated)}分"
                    ),
                )
            elif stated == ZERO and ratio > ZERO:
                yield context.finding(
                    rule,
                    cells=(cell,),
                    actual=stated,
                    unit="分",
                    message=(
                        f"{evaluation_label(evaluation)}：“{indicator.name}”{figures}，得分应为权重×"
                        f"{_percent(ratio)}，大于0分，填报0分"
                    ),
                )


def _quantitative_figures(indicator, ratio):
    unit = indicator.unit
    target, actual = f"{points(indicator.target_value)}{unit}", f"{points(indicator.actual_value)}{unit}"
    if indicator.direction == indicator.Direction.POSITIVE:
        return f"完成值{actual}÷目标值{target}（正向）＝{_percent(ratio)}"
    return f"目标值{target}÷完成值{actual}（反向）＝{_percent(ratio)}"


def _percent(ratio):
    return f"{points((ratio * HUNDRED).quantize(CENT, ROUND_HALF_UP))}%"


def _printed_roundings(computed):
    return {
        computed,
        computed.quantize(Decimal("0.1"), ROUND_HALF_UP),
        computed.quantize(Decimal("1"), ROUND_HALF_UP),
    }


def qualitative_scores_within_bands(context, rule):
    """R40.3: a qualitative indicator with a stated achievement scores within its band (备注 3)."""
    for score in _scores(context):
        evaluation = score.evaluation
        for indicator_score in score.indicators:
            band, stated = indicator_score.band, indicator_score.stated
            if band is None or stated is None or stated in band:
                continue
            indicator = indicator_score.indicator
            upper = "（含）" if band.closed else "（不含）"
            yield context.finding(
                rule,
                cells=(ref(context, evaluation, indicator.name, code=node_key(indicator)),),
                actual=stated,
                unit="分",
                message=(
                    f"{evaluation_label(evaluation)}：“{indicator.name}”{indicator.get_achievement_display()}，"
                    f"分值{points(indicator_score.weight)}分，得分应在{points(band.low)}分（含）至"
                    f"{points(band.high)}分{upper}之间，填报{points(stated)}分"
                ),
            )


def weights_add_up(context, rule):
    """R40.4: 执行率 and the 年度绩效目标 weigh 100 in all; printed 一级指标 weights fill their goal.

    When every 一级指标 of a goal prints a weight they must add up to the goal's weight; when some do
    not, the printed ones must leave room for the others.
    """
    for score in _scores(context):
        evaluation = score.evaluation
        goals = [subtotal.node for subtotal in score.goals]
        if goals and all(goal.weight is not None for goal in goals):
            total = evaluation.execution_weight + sum(goal.weight for goal in goals)
            if total != HUNDRED:
                yield context.finding(
                    rule,
                    cells=(ref(context, evaluation, "分值合计", code="weights"),),
                    expected=HUNDRED,
                    actual=total,
                    unit="分",
                    message=(
                        f"{evaluation_label(evaluation)}：执行率分值{points(evaluation.execution_weight)}分与各年度"
                        f"绩效目标分值合计{points(total)}分，应为100分"
                    ),
                )
        for goal in goals:
            categories = list(goal.categories.all())
            printed = [category.weight for category in categories if category.weight is not None]
            if goal.weight is None or not printed:
                continue
            total = sum(printed, ZERO)
            complete = len(printed) == len(categories)
            if total == goal.weight or (not complete and total < goal.weight):
                continue
            what = node_label(goal)
            yield context.finding(
                rule,
                cells=(ref(context, evaluation, what, code=node_key(goal)),),
                expected=goal.weight,
                actual=total,
                unit="分",
                message=(
                    f"{evaluation_label(evaluation)}：{what}分值{points(goal.weight)}分，所列一级指标分值合计"
                    f"{points(total)}分" + ("，两者应相等" if complete else "，已超出")
                ),
            )


# --- R41: figures shared with the final account ----------------------------------------------------


def department_wide_matches_statements(context, rule):
    """R41: the 部门整体 table's 基本支出总额, 项目支出总额 and 执行数 are those of 表5 (一般公共预算财政拨款).

    The self-evaluation covers fiscal funds (备注 1) and 情况说明 十三 reads them against 表5; its 执行数
    is the sum of the two totals it prints.
    """
    for score in _scores(context):
        evaluation = score.evaluation
        if not evaluation.is_department_wide:
            continue
        stated = {
            "基本支出总额": ("basic_expenditure", evaluation.basic_expenditure, "T5.total.c2"),
            "项目支出总额": ("project_expenditure", evaluation.project_expenditure, "T5.total.c3"),
            "执行数": ("executed", evaluation.executed, "T5.total.c1"),
        }
        for what, (code, value, quantity) in stated.items():
            if value is None:
                continue
            finding = context.compare(
                rule,
                [Quantity(value, (ref(context, evaluation, what, code=code),), 1)],
                "=",
                [context.quantity(quantity)],
                message=f"{evaluation_label(evaluation)}：{what}应等于{_statement_place(context, quantity)}",
            )
            if finding is not None:
                yield finding
        if evaluation.basic_expenditure is not None and evaluation.project_expenditure is not None:
            finding = context.compare(
                rule,
                [Quantity(evaluation.executed, (ref(context, evaluation, "执行数", code="executed"),), 1)],
                "=",
                [
                    Quantity(
                        evaluation.basic_expenditure,
                        (ref(context, evaluation, "基本支出总额", code="basic_expenditure"),),
                        1,
                    ),
                    Quantity(
                        evaluation.project_expenditure,
                        (ref(context, evaluation, "项目支出总额", code="project_expenditure"),),
                        1,
                    ),
                ],
                message=f"{evaluation_label(evaluation)}：执行数应等于基本支出总额与项目支出总额之和",
                target=f"{TABLE}/{evaluation_label(evaluation)}/执行数=基本支出总额+项目支出总额",
            )
            if finding is not None:
                yield finding


def _statement_place(context, quantity):
    table = context.quantity(quantity).cells[0].heading(tables=context.tables)
    column = {"c1": "小计", "c2": "基本支出", "c3": "项目支出"}[quantity.rsplit(".", 1)[1]]
    return f"{table} 合计行{column}"


def projects_within_subject_spending(context, rule):
    """R41.1: the projects paid from some item subjects spent no more than those subjects' 项目支出 (表5).

    Projects that share a subject are taken together with all their subjects. Not equality: a subject's
    项目支出 may also pay projects that were not evaluated.
    """
    projects = [s.evaluation for s in _scores(context) if not s.evaluation.is_department_wide]
    for group, codes in _subject_groups(projects):
        spent = [context.quantity(f"T5.{code}.c3") for code in codes]
        executed = [Quantity(p.executed, (ref(context, p, "执行数", code="executed"),), 1) for p in group]
        names = "、".join(f"“{p.name}”" for p in group)
        subjects = "、".join(codes)
        finding = context.compare(
            rule,
            executed,
            "<=",
            spent,
            target=f"{TABLE}/列支科目 {subjects}",
            message=f"项目{names}的执行数合计超过其列支科目 {subjects} 在表5的项目支出",
        )
        if finding is not None:
            yield finding


def _subject_groups(projects):
    """Return (projects, subject codes) for each set of projects linked through shared subjects."""
    groups = []
    for project in projects:
        codes = {subject.code for subject in project.subjects.all()}
        if not codes:
            continue
        merged = [(group, group_codes) for group, group_codes in groups if group_codes & codes]
        for entry in merged:
            groups.remove(entry)
            project_group, group_codes = entry
            codes |= group_codes
        members = [p for group, _codes in merged for p in group] + [project]
        groups.append((sorted(members, key=lambda p: p.position), codes))
    return [(group, sorted(codes)) for group, codes in sorted(groups, key=lambda g: g[0][0].position)]


def projects_within_project_spending(context, rule):
    """R41.2: the evaluated projects spent no more than 表5 项目支出 in all (coverage at most 100 %)."""
    projects = [s.evaluation for s in _scores(context) if not s.evaluation.is_department_wide]
    if not projects:
        return
    executed = [
        Quantity(
            sum((p.executed for p in projects), ZERO),
            (Address(AREA, ("", "", "projects_executed")),),
            len(projects),
        )
    ]
    finding = context.compare(
        rule,
        executed,
        "<=",
        [context.quantity("T5.total.c3")],
        target=f"{TABLE}/项目执行数合计",
        message=f"{len(projects)}个自评项目的执行数合计超过表5 一般公共预算财政拨款项目支出",
    )
    if finding is not None:
        yield finding


# --- R40.5–R40.8: weights nesting, scores against achievement, values, promises ----------------------

WEIGHT_IN_LABEL = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")


def printed_weight(node):
    """Return the weight a node prints: its weight field, or one written in its label (“可持续影响指标（10分）”)."""
    if node.weight is not None:
        return node.weight
    match = WEIGHT_IN_LABEL.search(getattr(node, "label", "") or "")
    return Decimal(match[1]) if match else None


def _children(node):
    if isinstance(node, Goal):
        return list(node.categories.all())
    if hasattr(node, "subcategories"):
        return list(node.subcategories.all())
    return list(node.indicators.all())


def least_weight(node):
    """Return the least weight `node` can have: its printed weight, else what its children need at least.

    An indicator without a printed weight needs at least its stated score (a score never exceeds its
    weight).
    """
    weight = printed_weight(node)
    if weight is not None:
        return weight
    if not hasattr(node, "subcategory_id"):
        return sum((least_weight(child) for child in _children(node)), ZERO)
    return node.stated_score or ZERO


def weights_nest(context, rule):
    """R40.5: 三级 within 二级 within 一级 within the goal: what a node's children need fits its weight.

    A child needs its printed weight (in the weight field or in its label), or, without one, the sum of
    what its own children need; an indicator without a printed weight needs at least its stated score.
    Where the stated scores alone exceed the weight, R40.1 reports it.
    """
    for score in _scores(context):
        evaluation = score.evaluation
        subtotals = {id(s.node): s for s in (*score.goals, *score.categories, *score.subcategories)}
        for goal in evaluation.goals.all():
            for node in (
                goal,
                *goal.categories.all(),
                *(s for c in goal.categories.all() for s in c.subcategories.all()),
            ):
                weight = printed_weight(node)
                if weight is None:
                    continue
                children = _children(node)
                subtotal = subtotals.get(id(node))
                if subtotal is not None and subtotal.exceeds_weight:
                    continue  # the scores alone exceed the weight: R40.1
                needed = sum((least_weight(child) for child in children), ZERO)
                if needed <= weight:
                    continue
                what = node_label(node)
                parts = "、".join(f"{node_label(c)}{points(least_weight(c))}分" for c in children)
                yield context.finding(
                    rule,
                    cells=(ref(context, evaluation, what, code=node_key(node)),),
                    expected=weight,
                    actual=needed,
                    unit="分",
                    message=(
                        f"{evaluation_label(evaluation)}：{what}分值{points(weight)}分，其下各项所列分值或已得分合计至少"
                        f"{points(needed)}分（{parts}），分值层层不相容"
                    ),
                )


def _half_step(score):
    places = max(0, -Decimal(score).normalize().as_tuple().exponent)
    return Decimal(5) / Decimal(10) ** (places + 1)


def partial_achievement_full_marks(context, rule):
    """R40.6: a quantitative indicator below its target scores no more than weight × B/A, even unprinted.

    Without a printed weight the weight is at least (score − rounding) ÷ B/A; with what the others under
    the nearest printed weight need, that must fit the printed weight (“话务高效运转” 80 % scored 8 of a
    40-point 产出指标 whose five indicators all scored 8).
    """
    for score in _scores(context):
        evaluation = score.evaluation
        for goal in evaluation.goals.all():
            for category in goal.categories.all():
                for subcategory in category.subcategories.all():
                    for indicator in subcategory.indicators.all():
                        if indicator.weight is not None or not indicator.is_quantitative:
                            continue
                        stated = indicator.stated_score
                        ratio = quantitative_ratio(
                            indicator.target_value, indicator.actual_value, indicator.direction
                        )
                        if not stated or ratio is None or not ZERO < ratio < 1:
                            continue
                        for node in (subcategory, category, goal):
                            if printed_weight(node) is not None:
                                break
                        else:
                            continue
                        weight = printed_weight(node)
                        others = least_weight_without(node, indicator)
                        needed = (stated - _half_step(stated)) / ratio
                        if others + needed <= weight:
                            continue
                        yield context.finding(
                            rule,
                            cells=(ref(context, evaluation, indicator.name, code=node_key(indicator)),),
                            actual=stated,
                            unit="分",
                            message=(
                                f"{evaluation_label(evaluation)}：“{indicator.name}”"
                                f"{_quantitative_figures(indicator, ratio)}，得分{points(stated)}分须权重至少"
                                f"{points(needed.quantize(CENT, ROUND_HALF_UP))}分，而{node_label(node)}分值"
                                f"{points(weight)}分中其余指标已需{points(others)}分：未达目标却按满分计"
                            ),
                        )


def least_weight_without(node, indicator):
    """Return what the children of `node` need at least, leaving `indicator` out."""
    if node is indicator:
        return ZERO
    if hasattr(node, "subcategory_id"):
        return least_weight(node)
    total = ZERO
    for child in _children(node):
        if _contains(child, indicator):
            total += least_weight_without(child, indicator)
        else:
            total += least_weight(child)
    return total


def _contains(node, indicator):
    if node is indicator or (hasattr(node, "subcategory_id") and node.pk == indicator.pk):
        return True
    if hasattr(node, "subcategory_id"):
        return False
    return any(_contains(child, indicator) for child in _children(node))


UNIT_KINDS = (
    ("money", re.compile(r"元")),
    ("percent", re.compile(r"%|％|百分")),
    ("time", re.compile(r"^(?:年|月|日|天|小时|分钟|周|工作日|个月|次/月)$")),
)
TIME_VALUE = re.compile(
    r"^\s*(?:\d{4}\s*年)?\s*(?:[一二三四五六七八九十]+|\d{1,2})\s*月份?(?:底|末|前|中旬|上旬|下旬)?\s*$"
    r"|^\s*\d{4}\s*年(?:底|末|内)?\s*(?:前|完成)?\s*$|^\s*\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?\s*$"
)
NUMBER_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(万元|元/人|元|%|％|[\u4e00-\u9fff/]{1,3})?")


def unit_kind(unit):
    """Return "money", "percent", "time" or "count" for an indicator's unit; "" when it has none."""
    unit = (unit or "").strip()
    if not unit:
        return ""
    for kind, pattern in UNIT_KINDS:
        if pattern.search(unit) if kind != "time" else pattern.match(unit):
            return kind
    return "count"


def actual_values_fit(context, rule):
    """R40.7: the actual value (B) is a value of the indicator: a month is not a cost per person.

    Judged only when B reads as a date or month, or as a figure with a unit of another kind (元 against
    %); words such as “已完成” say nothing about the kind and pass.
    """
    for score in _scores(context):
        evaluation = score.evaluation
        for indicator_score in score.indicators:
            indicator = indicator_score.indicator
            expected = unit_kind(indicator.unit)
            actual_text = (indicator.actual_text or "").strip()
            if not expected or not actual_text or expected == "time":
                continue
            if TIME_VALUE.match(actual_text):
                found = "time"
            else:
                units = [m[1] for m in NUMBER_UNIT.finditer(actual_text) if m[1]]
                kinds = {unit_kind(u) for u in units}
                if not kinds or expected in kinds or kinds == {"count"}:
                    continue
                found = sorted(kinds)[0]
            names = {"money": "金额", "percent": "百分比", "time": "时间", "count": "数量"}
            yield context.finding(
                rule,
                cells=(ref(context, evaluation, indicator.name, code=node_key(indicator)),),
                message=(
                    f"{evaluation_label(evaluation)}：“{indicator.name}”目标值“{indicator.target_text}”是"
                    f"{names[expected]}，实际完成值“{actual_text}”却是{names[found]}，不是该指标的取值"
                ),
            )


PROMISE = re.compile(r"将|计划|拟|争取|力争|预计|准备")
YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[，,]?\s*已)")


def improvements_look_ahead(context, rule):
    """R40.8: 改进措施 promise work in a year not yet past when the evaluation is written (the year after)."""
    year = context.final_account.year
    for score in _scores(context):
        evaluation = score.evaluation
        for sentence in re.split(r"(?<=[。；;！？\n])", evaluation.improvement_measures or ""):
            for match in YEAR_IN_TEXT.finditer(sentence):
                if int(match[1]) > year or not PROMISE.search(sentence[match.end() : match.end() + 6]):
                    continue
                yield context.finding(
                    rule,
                    cells=(ref(context, evaluation, "改进措施及结果应用方案", code="improvement_measures"),),
                    target=f"{TABLE}/{evaluation_label(evaluation)}/改进措施/{match[0]}",
                    sentence=sentence.strip(),
                    message=(
                        f"{evaluation_label(evaluation)}：改进措施写明在{match[0]}开展工作，但{year}年度自评时该年"
                        f"已过：“{sentence.strip()}”"
                    ),
                )


# --- What the accounts text rules read from here ----------------------------------------------------


def evaluation_texts(context):
    """Yield (Address, text) of each self-evaluation's 综述, 偏差原因 and 改进措施 (for N1–N4, H1–H4)."""
    fields = (
        ("outcomes", "自评综述"),
        ("deviation_reasons", "偏差大或目标未完成原因分析"),
        ("improvement_measures", "改进措施及结果应用方案"),
    )
    for score in _scores(context):
        evaluation = score.evaluation
        for field, what in fields:
            text = getattr(evaluation, field)
            if text and text.strip():
                yield ref(context, evaluation, what, code=field), text


def _held(unit, values):
    if unit in ("万元", "元"):
        scale = TEN_THOUSAND if unit == "万元" else Decimal(1)
        return "amount", "元", tuple(v * scale for v in values)
    if unit in ("%", "％"):
        return "percent", "%", values
    if unit.startswith("万") and len(unit) > 1:
        return "count", unit[1:], tuple(v * TEN_THOUSAND for v in values)
    return "count", unit, values


def evaluation_quantities(context):
    """Yield the HeldQuantity of each project (预算数, 执行数) and each quantitative indicator (A, B)."""
    for score in _scores(context):
        evaluation = score.evaluation
        if not evaluation.is_department_wide:
            names = tuple(n for n in (evaluation.name, evaluation.short_name) if n)
            yield HeldQuantity(
                names,
                "amount",
                "元",
                (evaluation.executed, evaluation.budget),
                ref(context, evaluation, "执行数", code="executed"),
                f"项目“{evaluation.name}”执行数、预算数",
            )
        for indicator_score in score.indicators:
            indicator = indicator_score.indicator
            if not indicator.is_quantitative or not indicator.unit:
                continue
            values = [v for v in (indicator.actual_value, indicator.target_value) if v is not None]
            kind, unit, scaled = _held(indicator.unit.strip(), tuple(values))
            yield HeldQuantity(
                (indicator.name,),
                kind,
                unit,
                tuple(v.normalize() for v in scaled),
                ref(context, evaluation, indicator.name, code=node_key(indicator)),
                f"{evaluation_label(evaluation)}指标“{indicator.name}”完成值、目标值",
            )


# Registered on import: PerformanceConfig.ready() imports this module to register the rules.
register_text_source(LOADER, evaluation_texts)
register_quantity_source(LOADER, evaluation_quantities)


RULES = (
    Rule(
        "R39",
        "执行率得分应为分值×执行率（四舍五入取整，不超过分值）",
        ERROR,
        execution_scores_match,
        "exact",
        "rules.md R39；绩效自评表备注1",
    ),
    Rule(
        "R39.1",
        "执行率应为执行数÷预算数，按所示小数位四舍五入",
        ERROR,
        execution_rates_match,
        "exact",
        "rules.md R39",
    ),
    Rule(
        "R39.2",
        "执行数超过预算数（执行率超过100%）",
        WARNING,
        executed_within_budget,
        "exact",
        "rules.md R39",
    ),
    Rule("R40", "总分应等于执行率得分与各三级指标得分之和", ERROR, totals_add_up, "exact", "rules.md R40"),
    Rule(
        "R40.1",
        "各年度绩效目标、一级指标、二级指标的得分合计不应超过其分值",
        ERROR,
        subtotals_within_weights,
        "exact",
        "rules.md R40",
    ),
    Rule(
        "R40.2",
        "定量指标得分应为权重×完成比例（正向B/A，反向A/B），不超过权重",
        ERROR,
        quantitative_scores_match,
        "exact",
        "rules.md R40；绩效自评表备注2",
    ),
    Rule(
        "R40.3",
        "定性指标得分应在其完成程度对应的分值区间内",
        ERROR,
        qualitative_scores_within_bands,
        "exact",
        "绩效自评表备注3",
    ),
    Rule(
        "R40.4",
        "执行率与各年度绩效目标分值合计应为100分，一级指标分值合计应等于其年度绩效目标分值",
        ERROR,
        weights_add_up,
        "exact",
        "rules.md R40",
    ),
    Rule(
        "R41",
        "部门整体绩效自评表的支出总额应与表5 一致",
        ERROR,
        department_wide_matches_statements,
        "comparison",
        "rules.md R41；情况说明 十三",
    ),
    Rule(
        "R41.1",
        "项目执行数不应超过其列支科目在表5的项目支出",
        ERROR,
        projects_within_subject_spending,
        "comparison",
        "rules.md R41",
    ),
    Rule(
        "R41.2",
        "自评项目执行数合计不应超过表5 项目支出",
        ERROR,
        projects_within_project_spending,
        "comparison",
        "rules.md R38、R41",
    ),
    Rule(
        "R40.5",
        "分值应层层相容：三级指标在二级指标内，二级在一级内，一级在年度绩效目标内（含标签中写明的分值）",
        ERROR,
        weights_nest,
        "exact",
        "rules.md R40；绩效自评表",
    ),
    Rule(
        "R40.6",
        "定量指标未达目标，得分却按满分计（分值未列明时由上级分值推得）",
        ERROR,
        partial_achievement_full_marks,
        "exact",
        "rules.md R40；绩效自评表备注2",
    ),
    Rule(
        "R40.7",
        "实际完成值不是该指标的取值（单位或类型不符）",
        WARNING,
        actual_values_fit,
        "exact",
        "绩效自评表",
    ),
    Rule(
        "R40.8",
        "改进措施写明在已过去的年份开展工作",
        WARNING,
        improvements_look_ahead,
        "exact",
        "绩效自评表 改进措施及结果应用方案",
    ),
)
