"""Rules over imported tables: each printed cell against what the facts give, each printed name against
the edition (I1, I2).

An import keeps every printed amount cell (PrintedCell), derived ones included, because a printed
table can disagree with itself or with another table (表1 行27 against 表2's items): the facts hold one
figure per item, the statements built from them hold the figures that follow, and every printed cell
that differs is a finding. For figures from 万元 tables a difference within the rounding of the parts
beneath (k × 0.005 万元, at least 0.01 万元) is what the official note “本套报表金额单位转换时可能存在
尾数误差” excuses: a notice, and the printed figure is the one published (accounts.statements.printed).
"""

from decimal import Decimal

from .. import editing, formatting
from ..addresses import DETAIL_KIND, SUBJECT_KINDS, printed_cell
from ..models import FigureChange, FinalAccount, PrintedCell
from ..rules.engine import Rule, Severity
from ..rules.registry import register
from ..statements import build_statements, load_facts
from ..statements.printed import facts_marked, with_figures
from .recognising import squeeze

ZERO = Decimal("0.00")
# A printed cell compared with what the facts give is at least two rounded figures: one printed step
# (100 元) under the “comparison” tolerance for 万元 provenance, nothing for 元.
COMPARED_FIGURES = 2


def wanyuan(value):
    return f"{formatting.to_wanyuan(value):,.2f} 万元"


def yuan(value):
    return f"{value:,.2f} 元"


def sheet_place(printed, *, of_label=False):
    """“（工作表“表1” C33）” when the printed record still knows its sheet cell (an import preview)."""
    sheet = getattr(printed, "sheet", "")
    cell = getattr(printed, "label_cell" if of_label else "cell", "") or getattr(printed, "cell", "")
    return f"（工作表“{sheet}” {cell}）" if sheet else ""


def printed_figures_match(context, rule):
    """I1: every printed amount cell equals the cell the facts give at its address.

    The statements show printed cells as printed, so the comparison is with the statements built from
    the facts alone. From 万元 tables, a printed cell may differ from what its parts give by the rounding
    of each part: k × 0.005 万元 for the k item-level figures beneath it (at least one printed step),
    a notice, never an error; the department's printed figure is the one published.
    """
    printed_cells = getattr(context.facts, "printed_cells", ())
    if not printed_cells:
        return
    derived_statements = build_statements(context.facts, printed=False)
    # Figures speak the unit the tables were kept in: 元 for a file (or grid) in 元.
    final_account = context.facts.final_account
    in_yuan = final_account is not None and final_account.provenance == FinalAccount.Provenance.YUAN
    index, parts = {}, {}
    for statement in derived_statements.values():
        index.update(statement.cells_by_address())
    for statement in build_statements(
        facts_marked(context.facts, lambda address: True), printed=False
    ).values():
        parts.update({address: abs(cell.value) for address, cell in statement.cells_by_address().items()})
    for printed in printed_cells:
        address = printed.address
        if address is None or address.table_kind not in derived_statements:
            continue
        cell = index.get(address)
        derived = cell.value if cell is not None else ZERO
        value = ZERO if printed.value is None else printed.value
        difference = value - derived
        if difference == ZERO:
            continue
        count = max(int(parts.get(address, ZERO)), COMPARED_FIGURES)
        allowance, rounding = context.allowance(rule, count)
        within = abs(difference) <= allowance
        label = context.label(address)
        shown = yuan if in_yuan else wanyuan
        yield context.finding(
            rule,
            cells=(address,),
            expected=derived,
            actual=value,
            target=label,
            severity=Severity.NOTICE if within and rounding else None,
            message=f"{rule.message}（尾数误差）" if within and rounding else None,
            sentence=(
                f"{label} 印制为 {shown(value)}，由明细计算为 {shown(derived)}，"
                f"相差 {shown(difference)}{sheet_place(printed)}。"
            ),
        )


def printed_names_match(context, rule):
    """I2: every printed subject name is the name the edition gives the code (表2/3/5/7/8, 表6)."""
    seen = set()
    for printed in getattr(context.facts, "printed_cells", ()):
        if printed.address is None:
            continue
        kind, code, label = printed.address.table_kind, printed.address.code, printed.label
        if (
            not code
            or not label
            or (kind, code) in seen
            or (kind not in SUBJECT_KINDS and kind != DETAIL_KIND)
        ):
            continue
        seen.add((kind, code))
        if kind == DETAIL_KIND:
            subject = context.facts.economic_subjects.get(code)
            name = subject.name if subject is not None else ""
        else:
            name = context.facts.subject_name(code)
        if not name or squeeze(label) == squeeze(name):
            continue
        row = printed_cell(kind, code=code)
        table = row.heading(tables=context.tables)
        edition = context.final_account.edition
        yield context.finding(
            rule,
            cells=(row,),
            target=f"{context.label(row)}/名称",
            unit="",
            sentence=(
                f"{table} 科目 {code} 印制为“{label}”，{edition} 年版科目名称为“{name}”{sheet_place(printed, of_label=True)}；"
                "公开的表格使用科目版本的名称。"
            ),
        )


PRINTED_FIGURES = register(
    Rule(
        "I1",
        "印制数与由明细计算的数不一致",
        Severity.ERROR,
        printed_figures_match,
        tolerance="comparison",
        source="DESIGN §2：以印制表格导入时，逐一比对印制数与由事实计算的数",
    )
)
PRINTED_NAMES = register(
    Rule(
        "I2",
        "印制的科目名称与本年度科目名称不一致",
        Severity.NOTICE,
        printed_names_match,
        source="rules.md R16：科目名称应与本年度《政府收支分类科目》一致",
    )
)


RELEASED_REASON = "明细数据变动，该印制数改为由明细计算"


def release_printed_cells(final_account, changes, *, by):
    """Drop the printed cells above the facts `changes` changed; record each as a change of its cell.

    A printed total is published as printed until a fact beneath it changes (DESIGN §2 (b)); then it,
    and every printed cell above that fact, shows what the facts give. Which cells a change reaches is
    found by building the tables from the changed facts alone (each 1, every other fact 0). Queries: none
    unless the figures come from 万元 tables; then one, and with printed cells loading the facts, one
    delete and one insert.
    """
    changed = {change.address for change in changes if change.address.is_fact}
    # Only figures from 万元 tables are published as printed (accounts.statements.printed).
    if final_account.provenance != FinalAccount.Provenance.WANYUAN_TABLES or not changed:
        return
    if not PrintedCell.objects.filter(final_account=final_account).exists():
        return
    facts = load_facts(final_account)
    reached = build_statements(
        facts_marked(with_figures(facts, changed), changed.__contains__), printed=False
    )
    above = {
        address for s in reached.values() for address, cell in s.cells_by_address().items() if cell.value
    }
    released = [p for p in facts.printed_cells if p.address in above]
    if not released:
        return
    derived = {}
    for statement in build_statements(facts, printed=False).values():
        derived.update(statement.cells_by_address())
    PrintedCell.objects.filter(
        final_account=final_account, address__in=[str(p.address) for p in released]
    ).delete()
    tables = {kind: table.number for kind, table in facts.tables.items()}
    FigureChange.objects.bulk_create(
        FigureChange(
            final_account=final_account,
            user=by,
            address=str(p.address),
            field=p.address.label(tables=tables)[:200],
            old_value="" if p.value is None else str(p.value),
            new_value=str(derived[p.address].value) if p.address in derived else "",
            reason=RELEASED_REASON,
        )
        for p in released
    )


editing.on_figures_changed(release_printed_cells)
