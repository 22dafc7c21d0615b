"""What the entry screen shows next to the forms: suggested scores, subtotals and the findings of R39–R41.

The same structures serve the first rendering and the live preview (JSON), so that a suggestion typed
against and a suggestion reloaded never differ: both come from performance.scoring and the rules.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP

from accounts.rules.engine import Context, Severity, evaluate
from accounts.statements import build_statements, load_facts

from .addresses import AREA, entry_key
from .editing import addable_kinds, child_rows
from .forms import amount_text
from .models import Evaluation, Goal, IndicatorCategory, IndicatorSubcategory, node_key
from .rules import CENT, LOADER, RULES, node_label, points
from .scoring import HUNDRED, execution_rate_percent, quantitative_ratio

# The header form in groups; each field with the place (address key, suggestion key) shown beside it.
HEADER_GROUPS = (
    (
        "基本信息",
        (
            ("reporting_unit", ""),
            ("name", ""),
            ("short_name", ""),
            ("supervising_department", ""),
            ("implementing_unit", ""),
            ("project_category", ""),
            ("project_nature", ""),
            ("project_type", ""),
            ("is_confidential", ""),
            ("subjects", ""),
        ),
    ),
    (
        "预算执行情况",
        (
            ("budget", "budget"),
            ("executed", "executed"),
            ("basic_expenditure", "basic_expenditure"),
            ("project_expenditure", "project_expenditure"),
            ("execution_weight", "weights"),
            ("stated_execution_rate", "execution_rate"),
            ("stated_execution_score", "execution_score"),
        ),
    ),
    ("总分", (("stated_total", "total"),)),
    ("文字说明", (("outcomes", ""), ("deviation_reasons", ""), ("improvement_measures", ""))),
)


@dataclass(frozen=True)
class Suggestion:
    """A note next to a field (“按备注2：10 分”), and the value a click fills in (or "")."""

    note: str
    fill: str = ""


@dataclass(frozen=True)
class InlineFinding:
    severity: str
    severity_label: str
    message: str

    def as_dict(self):
        return {"severity": self.severity, "severity_label": self.severity_label, "message": self.message}


# What a new row under a row is, by the row's model name.
CHILD_NAMES = {
    "evaluation": "年度绩效目标",
    "goal": "一级指标",
    "indicatorcategory": "二级指标",
    "indicatorsubcategory": "三级指标",
}


@dataclass(frozen=True)
class RowStructure:
    """The buttons of a row that add a row under it or remove it, with what was typed into them last.

    The inputs are named after the row's key (“goal-3-add_kind”), see forms.StructureAction; what was typed
    comes back when the form is shown again with errors.
    """

    child: str  # what a new row under it is (“一级指标”), "" when none can be added
    kinds: tuple  # (value, label) of the kinds the new row may take; empty when it is named instead
    asks_label: bool  # a 二级指标 may be given the table's wording (required for “其他”)
    asks_name: bool  # a goal or a 三级指标 is named
    kind: str
    name: str
    label: str
    removable: bool
    remove_label: str  # what the remove button does: “删除三级指标“培训人数””
    confirm: str  # the question asked before removing


@dataclass(frozen=True)
class EntryRow:
    """One row of the tree form: which node, its form, its suggestion, its findings and its buttons."""

    key: str
    kind: str  # "goal", "category", "subcategory", "indicator"
    label: str
    form: object
    suggestion: Suggestion | None
    findings: tuple
    structure: RowStructure | None = None


def check_evaluations(final_account, scores):
    """Return the findings of R39–R41 over `scores` (every evaluation of the final account, scored)."""
    return check_and_total(final_account, scores)[0]


# The department-wide table's figures that 表5 gives (R41): field → quantity of the rule engine.
STATEMENT_TOTALS = {
    "executed": "T5.total.c1",
    "basic_expenditure": "T5.total.c2",
    "project_expenditure": "T5.total.c3",
}


def check_and_total(final_account, scores):
    """Return (the findings of R39–R41 over `scores`, {field: 表5 figure} for the department-wide table).

    The figures are read by the rule engine from the same facts and statements as the findings.
    """
    facts = load_facts(final_account)
    statements = build_statements(facts)
    context = Context(facts, statements)
    totals = {field: context.quantity(name).value for field, name in STATEMENT_TOTALS.items()}
    return evaluate(facts, statements, extra={LOADER: tuple(scores)}, rules=RULES), totals


def findings_by_key(evaluation, findings):
    """Return ({key: (InlineFinding, …)}, general findings) for the findings touching `evaluation`.

    A finding is shown at the first of its cells that lies in this evaluation; one without any cell in an
    evaluation (the coverage of all projects) is general; findings of other evaluations are left out.
    """
    pk = str(evaluation.pk)
    by_key, general = {}, []
    for finding in findings:
        inline = InlineFinding(finding.severity, Severity(finding.severity).label, finding.message)
        # The cells in one evaluation: evaluation|<id>|<key>; the projects' total has no id.
        cells = [cell for cell in finding.cells if cell.area == AREA and cell.parts[0]]
        mine = [cell for cell in cells if cell.parts[0] == pk]
        if mine:
            by_key.setdefault(entry_key(mine[0]), []).append(inline)
        elif not cells:
            general.append(inline)
    return {key: tuple(found) for key, found in by_key.items()}, tuple(general)


def suggestions(score, totals=None):
    """Return {key: Suggestion} for the header places and every row of one scored evaluation.

    `totals` ({field: 表5 figure}, check_and_total) suggest the department-wide table's 执行数, 基本支出总额
    and 项目支出总额 from the facts; a different figure typed is an override R41 reports.
    """
    evaluation = score.evaluation
    found = {}
    if evaluation.is_department_wide and totals:
        unit = evaluation.final_account.entry_unit
        for field, value in totals.items():
            shown = amount_text(value, unit)
            stated = getattr(evaluation, field)
            if stated == value:
                found[field] = Suggestion("与表5 一致")
            else:
                found[field] = Suggestion(f"按表5：{shown}（点击填入）", shown)
    rate = execution_rate_percent(evaluation.budget, evaluation.executed, 2)
    if rate is not None:
        whole = execution_rate_percent(evaluation.budget, evaluation.executed, 0)
        found["execution_rate"] = Suggestion(f"B/A＝{rate}%，取整{whole}%", f"{whole}%")
    if score.execution_score is not None:
        rule = f"{points(evaluation.execution_weight)}分×执行率＝{points(score.execution_score)}分"
        stated = evaluation.stated_execution_score
        if stated is None:
            note = f"留空即按规则：{rule}"
        elif stated != score.execution_score:
            note = f"已覆盖：按规则 {rule}，填报{points(stated)}分"
        else:
            note = rule
        found["execution_score"] = Suggestion(note, points(score.execution_score))
    # 总分 left blank is computed (performance.scoring.effective_total): the note says what it is now.
    found["total"] = Suggestion(
        f"留空即按各项得分计算：{points(score.effective_total)}分（填写即覆盖）"
        if evaluation.stated_total is None
        else f"已覆盖：按各项得分应为{points(score.effective_total)}分，填报{points(evaluation.stated_total)}分",
        points(score.effective_total),
    )
    for subtotal in (*score.goals, *score.categories, *score.subcategories):
        note = f"得分合计{points(subtotal.stated)}分"
        if subtotal.weight is not None:
            note += f"／分值{points(subtotal.weight)}分"
        found[node_key(subtotal.node)] = Suggestion(note)
    for indicator_score in score.indicators:
        found[node_key(indicator_score.indicator)] = _indicator_suggestion(indicator_score)
    return found


def _indicator_suggestion(indicator_score):
    indicator, weight = indicator_score.indicator, indicator_score.weight
    implied = f"（权重{points(weight)}分取自上级）" if indicator_score.weight_is_implied else ""
    if indicator_score.computed is not None:
        return Suggestion(
            f"按备注2：{points(indicator_score.computed)}分{implied}", points(indicator_score.computed)
        )
    if indicator_score.band is not None:
        band = indicator_score.band
        return Suggestion(f"按备注3：{points(band.low)}–{points(band.high)}分{implied}")
    ratio = quantitative_ratio(indicator.target_value, indicator.actual_value, indicator.direction)
    if indicator.is_quantitative and ratio is not None:
        percent = points((ratio * HUNDRED).quantize(CENT, ROUND_HALF_UP))
        return Suggestion(f"分值×{percent}%（分值未列明）")
    return None


@dataclass(frozen=True)
class HeaderField:
    """A field of the header form, with the place its suggestion and findings belong to."""

    field: object  # the BoundField
    key: str
    suggestion: Suggestion | None
    findings: tuple


def header_groups(entry, score, by_key, totals=None):
    """Return [(legend, [HeaderField])] of the header form, leaving out fields the table does not have."""
    notes = suggestions(score, totals)
    form = entry.header
    return [
        (
            legend,
            [
                HeaderField(form[name], key, notes.get(key), by_key.get(key, ()) if key else ())
                for name, key in fields
                if name in form.fields
            ],
        )
        for legend, fields in HEADER_GROUPS
    ]


def entry_rows(entry, score, by_key, *, editable=False):
    """Return the EntryRows of the tree form in printed order; with their buttons when `editable`."""
    notes = suggestions(score)
    rows = []
    for key, (node, form) in entry.rows.items():
        kind = {
            "goal": "goal",
            "indicatorcategory": "category",
            "indicatorsubcategory": "subcategory",
            "indicator": "indicator",
        }[node._meta.model_name]
        if isinstance(node, Goal):
            label = f"年度绩效目标{node.position}"
        elif kind == "indicator":
            label = ""
        else:
            label = node.get_kind_display()
        rows.append(
            EntryRow(
                key,
                kind,
                label,
                form,
                notes.get(key),
                by_key.get(key, ()),
                row_structure(entry, node) if editable else None,
            )
        )
    return rows


def row_structure(entry, node):
    """Return the RowStructure of a row of `entry`, or of its evaluation (where a department-wide table adds goals).

    A project table has exactly one goal: no goal is added to it, and its goal is not removed. A goal that has
    every kind of 一级指标 takes no more; a 三级指标 takes no row under it.
    """
    department_wide = entry.evaluation.is_department_wide
    key = "evaluation" if isinstance(node, Evaluation) else node_key(node)
    child = CHILD_NAMES.get(node._meta.model_name, "")
    if (
        isinstance(node, Evaluation)
        and not department_wide
        or isinstance(node, Goal)
        and not addable_kinds(node)
    ):
        child = ""
    removable = not isinstance(node, Evaluation) and (department_wide or not isinstance(node, Goal))
    remove_label = f"删除{row_title(node)}" if removable else ""
    below = "及其下的全部指标" if child_rows(node) else ""
    data = entry.header.data
    return RowStructure(
        child=child,
        kinds=tuple((kind.value, kind.label) for kind in addable_kinds(node)),
        asks_label=isinstance(node, IndicatorCategory),
        asks_name=isinstance(node, Evaluation | IndicatorSubcategory),
        kind=data.get(f"{key}-add_kind", ""),
        name=data.get(f"{key}-add_name", ""),
        label=data.get(f"{key}-add_label", ""),
        removable=removable,
        remove_label=remove_label,
        confirm=f"{remove_label}{below}？删除会记入修改记录。" if removable else "",
    )


def row_title(node):
    """Return how a message names a row: “年度绩效目标2“稳步提高社会保障水平””, “三级指标“培训人数1””."""
    if isinstance(node, Goal):
        return node_label(node)
    return f"{node._meta.verbose_name}“{node_label(node)}”"


def preview_payload(entry, score, by_key, general, totals=None):
    """Return the JSON the live preview sends back: notes, values to fill, findings and form errors."""
    notes = suggestions(score, totals)
    return {
        "notes": {key: suggestion.note for key, suggestion in notes.items() if suggestion},
        "fills": {
            key: suggestion.fill for key, suggestion in notes.items() if suggestion and suggestion.fill
        },
        "findings": {key: [f.as_dict() for f in found] for key, found in by_key.items()},
        "general": [f.as_dict() for f in general],
        "errors": entry.errors(),
    }
