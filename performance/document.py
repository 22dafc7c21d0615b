"""The performance parts of the disclosure: 情况说明 十三 and 第六部分 附件, as finished structures.

PerformanceConfig.ready() registers `summary_section` and `attachments_section` with the document's section
registry. Both read the evaluations with their whole tree prefetched (six queries whatever their number,
loaded once per document)
and hand the templates rows, cells and sentences with every figure already formatted through
accounts.formatting: 万元 amounts, percentages and scores are not computed in templates.

涉密 projects count in 十三 (number and funds of the projects evaluated) but neither their tables nor
their names are published.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from accounts.choices import FreeTextKey
from accounts.document import paragraphs
from accounts.document.sections import SectionContent
from accounts.formatting import chinese_numeral, sentence_amount, share_percent, table_amount
from accounts.statements import build_statements

from .models import Evaluation
from .queries import evaluations_for_scoring
from .scoring import execution_rate_percent, score_evaluation

ZERO = Decimal("0")
GENERAL_BUDGET_EXPENDITURE = "general_budget_expenditure"  # 表5
COLUMNS = 7  # 年度绩效目标, 一级指标, 二级指标, 三级指标, 年初目标值 (A), 实际完成值 (B), 得分
CHECKED, UNCHECKED = "☑", "☐"

# Printed under every table, as the official form has them.
NOTES = (
    "预算执行情况口径：预算数为调整后财政资金总额（包括上年结余结转），执行数为资金使用单位财政资金实际支出数。",
    "定量指标完成数汇总原则：绝对值直接累加计算，相对值按照资金额度加权平均计算。定量指标计分原则：正向指标（即目标值为"
    "≥X，得分=权重*B/A），反向指标（即目标值为≤X，得分=权重*A/B），得分不得突破权重总额。定量指标先汇总完成数，"
    "再计算得分。",
    "定性指标计分原则：达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差三档，分别按照该指标对应分值"
    "区间100-80%（含80%）、80-50%（含50%）、50-0%合理确定分值。汇总时，以资金额度为权重，对分值进行加权平均计算。",
    "基于经济性和必要性等因素考虑，满意度指标暂可不作为必评指标。",
)


def points(value):
    """Return a score as the tables print it: “16”, “0.5”; "" for None."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def weighted(label, weight):
    """Return “产出指标（40 分）”, or the label alone when no weight is printed."""
    return label if weight is None else f"{label}（{points(weight)}分）"


def wanyuan(yuan):
    return f"{sentence_amount(yuan)}万元"


# --- 第六部分: the tables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TableCell:
    """One cell of a 自评表: its text (or paragraphs), spans, and whether it is a heading cell."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    role: str = ""  # a CSS hook: "amount", "score", "rate", "text", "goal" …
    paragraphs: tuple = ()


@dataclass(frozen=True)
class TableRow:
    cells: tuple
    kind: str = ""  # "meta", "execution", "goal", "indicator-head", "indicator", "total", "text"


@dataclass(frozen=True)
class TablePiece:
    """Rows of a 自评表 printed as a table of their own, under a header row repeated on each page."""

    head: TableRow | None
    rows: tuple


@dataclass(frozen=True)
class EvaluationTable:
    """One printed 绩效自评表 (摘要版) in the official layout."""

    anchor: str
    heading: str  # “一、…（摘要版）” or “（一）…”, as 第六部分 numbers it
    title: str  # the department-wide table prints its title under the heading; project tables do not
    reporting_unit: str
    rows: tuple
    notes: tuple = NOTES

    @property
    def pieces(self):
        """The rows cut where a goal's indicators start and end, each indicator head a header row.

        A long table continues on the next page; a table repeats only its own header row there, so each
        goal's indicators are a table of their own whose header row (一级指标 … 得分) is printed again on
        every page they continue to. The label 年度绩效目标 that spanned the header row and the indicators
        spans the indicators, under an empty header cell shaded the same: on paper one cell, as before.
        """
        pieces, head, rows, pending = [], None, [], None
        for row in self.rows:
            starts = row.kind == "indicator-head"
            if starts or (head is not None and row.kind != "indicator"):
                if head is not None or rows:
                    pieces.append(TablePiece(head, tuple(rows)))
                head, rows = None, []
            if starts:
                label, *cells = row.cells
                if label.rowspan > 1:  # the label moves down to the cell that spans the indicators
                    head = replace(row, cells=(replace(label, text="", rowspan=1), *cells))
                    pending = replace(label, rowspan=label.rowspan - 1, role="goal-label-rest")
                else:
                    head = row
                continue
            if head is not None and pending is not None:
                row = replace(row, cells=(pending, *row.cells))
                pending = None
            rows.append(row)
        if head is not None or rows:
            pieces.append(TablePiece(head, tuple(rows)))
        return tuple(pieces)


@dataclass(frozen=True)
class Attachments:
    year: int
    department_wide: EvaluationTable | None
    projects_heading: str
    projects: tuple = field(default_factory=tuple)


def th(text, colspan=1, rowspan=1, role=""):
    return TableCell(text=text, colspan=colspan, rowspan=rowspan, header=True, role=role)


def td(text, colspan=1, rowspan=1, role=""):
    return TableCell(text=text, colspan=colspan, rowspan=rowspan, role=role)


def text_cell(text, colspan):
    return TableCell(colspan=colspan, role="text", paragraphs=paragraphs(text))


def build_table(score, *, heading, title, anchor):
    """Return the EvaluationTable of one scored evaluation."""
    evaluation = score.evaluation
    rows = list(_header_rows(evaluation))
    rows.extend(_execution_rows(score))
    department_wide = evaluation.is_department_wide
    indicator_scores = {s.indicator.pk: s for s in score.indicators}
    for goal in evaluation.goals.all():
        if department_wide:
            rows.append(
                TableRow(
                    (
                        th(f"年度绩效目标{goal.position}：{weighted('', goal.weight)}", 2),
                        td(goal.name, COLUMNS - 2, role="goal"),
                    ),
                    kind="goal",
                )
            )
            goal_label = "年度绩效目标"
        else:
            goal_label = weighted("年度绩效目标", goal.weight)
        rows.extend(_indicator_rows(goal, goal_label, indicator_scores))
    total = evaluation.stated_total if evaluation.stated_total is not None else score.effective_total
    rows.append(TableRow((th("总分", 2), td(points(total), COLUMNS - 2, role="score total")), kind="total"))
    rows.append(
        TableRow(
            (th("偏差大或目标未完成原因分析", 2), text_cell(evaluation.deviation_reasons, COLUMNS - 2)),
            kind="text",
        )
    )
    rows.append(
        TableRow(
            (th("改进措施及结果应用方案", 2), text_cell(evaluation.improvement_measures, COLUMNS - 2)),
            kind="text",
        )
    )
    rows.append(
        TableRow(
            (
                th("单位主要负责人签批意见", 2),
                TableCell(colspan=COLUMNS - 2, role="signature", paragraphs=("签名：", "年　月　日")),
            ),
            kind="text",
        )
    )
    return EvaluationTable(
        anchor=anchor,
        heading=heading,
        title=title,
        reporting_unit=evaluation.reporting_unit,
        rows=tuple(rows),
    )


def _header_rows(evaluation):
    if evaluation.is_department_wide:
        yield TableRow((th("单位名称", 2), td(evaluation.reporting_unit, COLUMNS - 2)), kind="meta")
        yield TableRow(
            (
                th("基本支出总额", 2),
                td(table_amount(evaluation.basic_expenditure), 2, role="amount"),
                th("项目支出总额"),
                td(table_amount(evaluation.project_expenditure), 2, role="amount"),
            ),
            kind="meta",
        )
        return
    yield TableRow((th("项目名称", 2), td(evaluation.name, COLUMNS - 2)), kind="meta")
    yield TableRow(
        (
            th("主管部门", 2),
            td(evaluation.supervising_department, 2),
            th("项目实施单位"),
            td(evaluation.implementing_unit, 2),
        ),
        kind="meta",
    )
    for label, choices, value in (
        ("项目类别", Evaluation.ProjectCategory, evaluation.project_category),
        ("项目属性", Evaluation.ProjectNature, evaluation.project_nature),
        ("项目类型", Evaluation.ProjectType, evaluation.project_type),
    ):
        ticks = "　".join(
            f"{number}、{choice.label}{CHECKED if choice == value else UNCHECKED}"
            for number, choice in enumerate(choices, start=1)
        )
        yield TableRow((th(label, 2), td(ticks, COLUMNS - 2, role="choices")), kind="meta")


def _execution_rows(score):
    evaluation = score.evaluation
    rate = evaluation.stated_execution_rate.strip()
    if not rate:
        computed = execution_rate_percent(evaluation.budget, evaluation.executed)
        rate = "" if computed is None else f"{computed}%"
    execution_score = score.effective_execution_score
    weight = points(evaluation.execution_weight)
    yield TableRow(
        (
            th(f"预算执行情况（万元）（{weight}分）", 2, 2),
            th(""),
            th("预算数（A）"),
            th("执行数（B）"),
            th("执行率（B/A）"),
            th(f"得分（{weight}分*执行率）"),
        ),
        kind="execution",
    )
    yield TableRow(
        (
            th("部门整体支出总额" if evaluation.is_department_wide else "年度财政资金总额"),
            td(table_amount(evaluation.budget), role="amount"),
            td(table_amount(evaluation.executed), role="amount"),
            td(rate, role="rate"),
            td(points(execution_score), role="score"),
        ),
        kind="execution",
    )


def _indicator_rows(goal, goal_label, indicator_scores):
    """The indicator tree of one goal, with the rowspans of 年度绩效目标, 一级指标 and 二级指标."""
    leaves = [
        (category, subcategory, indicator)
        for category in goal.categories.all()
        for subcategory in category.subcategories.all()
        for indicator in subcategory.indicators.all()
    ]
    head = (
        th(goal_label, rowspan=1 + len(leaves), role="goal-label"),
        th("一级指标"),
        th("二级指标"),
        th("三级指标"),
        th("年初目标值（A）"),
        th("实际完成值（B）"),
        th("得分"),
    )
    yield TableRow(head, kind="indicator-head")
    seen_categories, seen_subcategories = set(), set()
    for category, subcategory, indicator in leaves:
        cells = []
        if category.pk not in seen_categories:
            seen_categories.add(category.pk)
            span = sum(1 for c, _s, _i in leaves if c.pk == category.pk)
            cells.append(
                th(weighted(category.get_kind_display(), category.weight), rowspan=span, role="category")
            )
        if subcategory.pk not in seen_subcategories:
            seen_subcategories.add(subcategory.pk)
            span = sum(1 for _c, s, _i in leaves if s.pk == subcategory.pk)
            cells.append(th(weighted(str(subcategory), subcategory.weight), rowspan=span, role="subcategory"))
        indicator_score = indicator_scores[indicator.pk]
        stated = indicator.stated_score if indicator.stated_score is not None else indicator_score.computed
        cells += [
            td(weighted(indicator.name, indicator.weight), role="indicator"),
            td(indicator.target_text, role="target"),
            td(indicator.actual_text, role="actual"),
            td(points(stated), role="score"),
        ]
        yield TableRow(tuple(cells), kind="indicator")


def _title_name(evaluation):
    return evaluation.short_name or evaluation.name


def build_attachments(final_account, scores):
    """Return the Attachments (第六部分) of the published evaluations among `scores`."""
    year = final_account.year
    short_name = final_account.department.display_name
    published = [s for s in scores if not s.evaluation.is_confidential]
    department_wide = next((s for s in published if s.evaluation.is_department_wide), None)
    department_table = None
    if department_wide is not None:
        department_table = build_table(
            department_wide,
            heading=f"一、{year}年度{short_name}整体绩效自评表（摘要版）",
            title=f"{year}年度{short_name}整体绩效自评表",
            anchor="self-evaluation-department",
        )
    projects = [s for s in published if not s.evaluation.is_department_wide]
    number = chinese_numeral(2 if department_table else 1)
    return Attachments(
        year=year,
        department_wide=department_table,
        projects_heading=f"{number}、{year}年度项目绩效自评表（摘要版）" if projects else "",
        projects=tuple(
            build_table(
                score,
                heading=f"（{chinese_numeral(n)}）{year}年度{_title_name(score.evaluation)}项目绩效自评表",
                title="",
                anchor=f"self-evaluation-{n}",
            )
            for n, score in enumerate(projects, start=1)
        ),
    )


# --- 情况说明 十三 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "subheading", "paragraph"
    text: str


def build_summary(final_account, facts, scores):
    """Return the blocks of 十三 预算绩效情况说明, every figure from the evaluations and 表5."""
    year = final_account.year
    statements = build_statements(facts)
    t5 = statements.get(GENERAL_BUDGET_EXPENDITURE)
    project_spending = t5.value(code="", key="project") if t5 is not None else None
    projects = [s for s in scores if not s.evaluation.is_department_wide]
    published = [s for s in projects if not s.evaluation.is_confidential]
    confidential = len(projects) - len(published)
    funds = sum((s.evaluation.executed for s in projects), ZERO)

    blocks = [Block("heading", "（一）预算绩效管理工作开展情况")]
    coverage = (
        f"根据预算绩效管理要求，我部门组织对{year}年度一般公共预算项目支出全面开展绩效自评，"
        f"共涉及项目{len(projects)}个"
    )
    if confidential:
        coverage += f"（含涉密项目{confidential}个）"
    coverage += f"，资金{wanyuan(funds)}"
    share = share_percent(funds, project_spending) if project_spending else None
    coverage += f"，占一般公共预算项目支出总额的{share}。" if share else "。"
    blocks.append(Block("paragraph", coverage))
    blocks += [Block("paragraph", p) for p in paragraphs(facts.free_text(FreeTextKey.PERFORMANCE_MANAGEMENT))]

    blocks.append(Block("heading", "（二）部门（单位）整体支出自评结果"))
    department_wide = next((s for s in scores if s.evaluation.is_department_wide), None)
    if department_wide is None:
        blocks.append(Block("paragraph", f"本部门{year}年度未开展部门整体支出绩效自评。"))
    else:
        printed = None
        if t5 is not None:  # DESIGN §2 (c): 十三's department-wide figures are 表5's cells as printed
            printed = {key: t5.value(code="", key=key) for key in ("total", "basic", "project")}
        blocks += _department_wide_blocks(year, department_wide, printed, facts.budget_total)

    blocks.append(Block("heading", "（三）项目支出自评结果"))
    opening = (
        f"我部门在{year}年度部门决算中反映所有项目绩效自评结果（不包括涉密项目），"
        f"共涉及{len(published)}个项目。"
    )
    if confidential:
        opening += f"另有涉密项目{confidential}个，其自评结果不予公开。"
    blocks.append(Block("paragraph", opening))
    for number, score in enumerate(published, start=1):
        blocks.append(Block("paragraph", _project_sentence(number, score)))
    return tuple(blocks)


def _total(score):
    evaluation = score.evaluation
    return evaluation.stated_total if evaluation.stated_total is not None else score.effective_total


def _execution_score(score):
    return score.effective_execution_score


def _rate(evaluation):
    return share_percent(evaluation.executed, evaluation.budget) or "—"


def _department_wide_blocks(year, score, printed=None, budget=None):
    """The department-wide self-evaluation's paragraphs. Its budget, 执行数, 基本支出 and 项目支出 are
    the year-start budget and 表5's 合计 cells as printed (`budget`, `printed`) where known, so that
    they agree with 五 and the tables (DESIGN §2 (c)); else the self-evaluation's own figures."""
    evaluation = score.evaluation
    yield Block("subheading", "1、部门整体绩效目标完成情况")
    budget = evaluation.budget if budget is None else budget
    executed = evaluation.executed if printed is None else printed["total"]
    basic, project = evaluation.basic_expenditure, evaluation.project_expenditure
    if printed is not None:
        basic, project = printed["basic"], printed["project"]
    execution = (
        f"{year}年本部门整体支出预算总额为{wanyuan(budget)}，年末执行数为"
        f"{wanyuan(executed)}，执行率为{share_percent(executed, budget) or '—'}"
    )
    if basic is not None and project is not None:
        execution += (
            f"。其中基本支出{wanyuan(basic)}，占本部门整体支出年末执行数的"
            f"{share_percent(basic, executed) or '—'}；项目支出{wanyuan(project)}，占"
            f"{share_percent(project, executed) or '—'}"
        )
    yield Block("paragraph", execution + "。")
    goals = "；".join(
        f"年度绩效目标{s.node.position}"
        + (f"“{s.node.name}”" if s.node.name else "")
        + (f"（分值{points(s.weight)}分）" if s.weight is not None else "")
        + f"得{points(s.stated)}分"
        for s in score.goals
    )
    result = (
        f"自评得分{points(_total(score))}分，其中执行率得分{points(_execution_score(score))}分"
        f"（分值{points(evaluation.execution_weight)}分）"
    )
    yield Block("paragraph", result + (f"；{goals}。" if goals else "。"))
    yield from (Block("paragraph", p) for p in paragraphs(evaluation.outcomes))
    if evaluation.deviation_reasons.strip():
        yield Block("subheading", "2、存在的问题和原因")
        yield from (Block("paragraph", p) for p in paragraphs(evaluation.deviation_reasons))
    if evaluation.improvement_measures.strip():
        yield Block("subheading", "3、下一步拟改进措施")
        yield from (Block("paragraph", p) for p in paragraphs(evaluation.improvement_measures))


def _project_sentence(number, score):
    evaluation = score.evaluation
    sentence = (
        f"{number}. {evaluation.name}绩效自评综述：项目全年预算数为{wanyuan(evaluation.budget)}，执行数为"
        f"{wanyuan(evaluation.executed)}，完成预算的{_rate(evaluation)}，自评得分{points(_total(score))}分。"
    )
    outcomes = " ".join(paragraphs(evaluation.outcomes))
    if outcomes:
        sentence += f"主要产出和效益是：{outcomes}"
    return sentence


# --- The providers registered with accounts.document.sections --------------------------------------

SCORES_ATTRIBUTE = "_performance_scores"


def scores_for(final_account, facts):
    """Return the scored evaluations of `final_account`, loaded once for both sections of one document.

    The document hands the same Facts to every section provider, so the scores are kept on it: 十三 and
    第六部分 then cost six queries together (one when there is no evaluation), not twice that.
    """
    scores = getattr(facts, SCORES_ATTRIBUTE, None)
    if scores is None:
        scores = tuple(score_evaluation(evaluation) for evaluation in evaluations_for_scoring(final_account))
        setattr(facts, SCORES_ATTRIBUTE, scores)
    return scores


def summary_section(final_account, facts):
    """十三 预算绩效情况说明, or None when the final account has no self-evaluation."""
    scores = scores_for(final_account, facts)
    if not scores:
        return None
    return SectionContent(
        "performance/document/summary.html", {"blocks": build_summary(final_account, facts, scores)}
    )


def attachments_section(final_account, facts):
    """第六部分 附件: every published 绩效自评表, or None when there is none."""
    scores = scores_for(final_account, facts)
    if not any(not s.evaluation.is_confidential for s in scores):
        return None
    return SectionContent(
        "performance/document/attachments.html", {"attachments": build_attachments(final_account, scores)}
    )
