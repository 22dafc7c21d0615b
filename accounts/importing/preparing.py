"""An import up to, not including, saving: read, recognise, parse, check codes, infer, compare, check.

`prepare_import` is the dry run and the preview; `applying.apply_import` runs it again inside its
transaction and saves what it found only when it found no error.
"""

import copy
from dataclasses import replace
from decimal import Decimal

from ..addresses import SUBJECT_KINDS
from ..choices import ExpenditureKind, Fund, IncomeSource, OfficialExpenseItem
from ..choices import StatedFigure as StatedFigureKey
from ..editing import EDITABLE_STATUSES
from ..models import FinalAccount, FunctionalSubject
from ..rules.engine import evaluate
from ..rules.registry import registered_loaders
from ..statements import build_statements, load_facts
from ..statements.facts import SubjectInfo
from . import printed  # noqa: F401 — registers the rules I1 and I2 that compare printed cells
from .inference import infer_facts
from .parsing import parse_table
from .reading import WorkbookError, open_workbook
from .recognising import recognise
from .results import Change, ImportResult, NewSubject, Problem

ZERO = Decimal("0.00")
# The stated figures 表1 prints (行28, 行59); an import replaces these and leaves the others alone.
TABLE_STATED_FIGURES = (StatedFigureKey.NON_APPROPRIATION_SURPLUS_USED, StatedFigureKey.SURPLUS_DISTRIBUTION)
MAX_LISTED = 50


def prepare_import(final_account, data, *, filename="", accept_new_subjects=False):
    """Return the ImportResult of importing the workbook `data` (bytes) into `final_account`; save nothing.

    With `accept_new_subjects`, subject codes the edition lacks are taken with the workbook's names
    (applying creates them); without it they are errors. Queries: load_facts, one for the subject
    names, the rule engine's loaders; none per row.
    """
    result = ImportResult(
        final_account=final_account, filename=filename, accept_new_subjects=accept_new_subjects
    )
    if final_account.status not in EDITABLE_STATUSES:
        result.errors.append(
            Problem(f"{final_account} 状态为“{final_account.get_status_display()}”，数据已锁定，不能导入。")
        )
        return result
    try:
        grids = open_workbook(data)
    except WorkbookError as error:
        result.errors.append(Problem(str(error)))
        return result
    base = load_facts(final_account)
    found, errors, notices = recognise(grids, base.tables, final_account.department)
    result.errors += errors
    result.notices += notices
    empty = replace(
        base,
        income={},
        expenditure={},
        balances={},
        basic_detail={},
        official_expenses={},
        budget_by_subject={},
        stated_figures={},
        printed_cells=[],
    )
    valid_addresses = {address for s in build_statements(empty).values() for address in s.cells_by_address()}
    for kind, (grid, title_row, unit) in sorted(found.items(), key=lambda item: base.tables[item[0]].number):
        parsed = parse_table(
            base.tables[kind],
            grid,
            title_row,
            unit,
            valid_addresses=valid_addresses,
            economic_codes=set(base.economic_subjects),
        )
        result.tables[kind] = parsed
        result.errors += parsed.problems
    if result.errors:
        return result
    result.figures = [figure for table in result.tables.values() for figure in table.figures]
    subjects = check_subjects(result)
    if result.errors:
        return result
    facts, problems = infer_facts(result.tables)
    result.errors += problems
    if result.errors:
        return result
    result.facts = facts
    result.provenance = (
        FinalAccount.Provenance.WANYUAN_TABLES if "wanyuan" in result.units else FinalAccount.Provenance.YUAN
    )
    preview_account = copy.copy(final_account)
    preview_account.provenance = result.provenance
    stated = {k: v for k, v in base.stated_figures.items() if k not in TABLE_STATED_FIGURES}
    preview = replace(
        base,
        final_account=preview_account,
        income=facts.income,
        expenditure=facts.expenditure,
        balances=facts.balances,
        basic_detail=facts.basic_detail,
        official_expenses=facts.official_expenses,
        stated_figures=stated | facts.stated_figures,
        subjects=base.subjects | subjects,
        printed_cells=result.figures,
    )
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    result.findings = evaluate(preview, build_statements(preview), extra=extra)
    result.changes = changes_between(base, preview, final_account)
    if result.provenance != final_account.provenance and all(c.field == "数据来源" for c in result.changes):
        # An import that changes no figure (a working copy exported and read back) keeps the account's
        # provenance: its figures still come from where they came from.
        result.provenance = preview_account.provenance = final_account.provenance
        result.findings = evaluate(preview, build_statements(preview), extra=extra)
        result.changes = []
    return result


def check_subjects(result):
    """Return {code: SubjectInfo} of the printed functional codes and their parents; record unknown codes.

    An unknown code is an error unless new subjects are accepted, and then it still needs a parent
    the edition or the workbook knows.
    """
    rows = [row for kind in SUBJECT_KINDS for row in result.tables[kind].subject_rows]
    codes = {row.code for row in rows}
    wanted = codes | {c[:5] for c in codes if len(c) == 7} | {c[:3] for c in codes}
    edition = result.final_account.edition
    subjects = {
        code: SubjectInfo(code, name, explanation)
        for code, name, explanation in FunctionalSubject.objects.filter(
            edition=edition, code__in=wanted
        ).values_list("code", "name", "explanation")
    }
    new = {}
    for row in rows:
        if row.code not in subjects and row.code not in new:
            new[row.code] = NewSubject(row.code, row.name, row.sheet, row.cell)
    if not new:
        return subjects
    result.new_subjects = sorted(new.values(), key=lambda s: s.code)
    if not result.accept_new_subjects:
        for subject in result.new_subjects[:MAX_LISTED]:
            result.errors.append(
                Problem(
                    f"科目编码 {subject.code}（“{subject.name}”）不在 {edition} 年版《政府收支分类科目》中。"
                    "请更正编码，或由参考数据管理员在预览中确认按工作簿中的名称新增该科目。",
                    sheet=subject.sheet,
                    cell=subject.cell,
                )
            )
        return subjects
    for subject in result.new_subjects:
        parent = subject.parent_code
        if not subject.name:
            result.errors.append(
                Problem(f"新科目 {subject.code} 没有名称，无法新增。", subject.sheet, subject.cell)
            )
        if parent and parent not in subjects and parent not in new:
            result.errors.append(
                Problem(
                    f"新科目 {subject.code} 的上级科目 {parent} 既不在 {edition} 年版科目中，工作簿中也没有它的行，无法新增。",
                    subject.sheet,
                    subject.cell,
                )
            )
        subjects[subject.code] = SubjectInfo(subject.code, subject.name)
    return subjects


def changes_between(before, after, final_account):
    """Return the Changes (field, old, new) from the facts `before` to the facts `after`, in 元."""

    def subject(code):
        return f"{code} {after.subject_name(code) or before.subject_name(code)}".strip()

    def economic(code):
        found = after.economic_subjects.get(code)
        return f"{code} {found.name}" if found else code

    changes = []

    def compare(label, old, new):
        if old != new:
            changes.append(Change(label, str(old), str(new)))

    for code, source in sorted(set(before.income) | set(after.income)):
        compare(
            f"收入 {subject(code)} · {IncomeSource(source).label}",
            before.income.get((code, source), ZERO),
            after.income.get((code, source), ZERO),
        )
    for code, fund, kind in sorted(set(before.expenditure) | set(after.expenditure)):
        compare(
            f"支出 {subject(code)} · {Fund(fund).label} · {ExpenditureKind(kind).label}",
            before.expenditure.get((code, fund, kind), ZERO),
            after.expenditure.get((code, fund, kind), ZERO),
        )
    for fund, code in sorted(set(before.balances) | set(after.balances)):
        label = f"结转和结余 {Fund(fund).label}" + (f" {subject(code)}" if code else "")
        old = before.balances.get((fund, code), (ZERO, ZERO))
        new = after.balances.get((fund, code), (ZERO, ZERO))
        compare(f"{label} · 年初", old[0], new[0])
        compare(f"{label} · 年末", old[1], new[1])
    for code in sorted(set(before.basic_detail) | set(after.basic_detail)):
        compare(
            f"基本支出明细 {economic(code)}",
            before.basic_detail.get(code, ZERO),
            after.basic_detail.get(code, ZERO),
        )
    for item in sorted(set(before.official_expenses) | set(after.official_expenses)):
        old = before.official_expenses.get(item, (ZERO, ZERO))
        new = after.official_expenses.get(item, (ZERO, ZERO))
        label = OfficialExpenseItem(item).label
        compare(f"“三公”经费 {label} · 预算数", old[0], new[0])
        compare(f"“三公”经费 {label} · 决算数", old[1], new[1])
    for key in TABLE_STATED_FIGURES:
        compare(str(key.label), before.stated_figures.get(key, ZERO), after.stated_figures.get(key, ZERO))
    if final_account.provenance != after.final_account.provenance:
        changes.append(
            Change(
                "数据来源",
                str(FinalAccount.Provenance(final_account.provenance).label),
                str(FinalAccount.Provenance(after.final_account.provenance).label),
            )
        )
    return changes
