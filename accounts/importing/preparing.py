"""An import up to, not including, saving: read, recognise, parse, check codes, infer, compare, check.

`prepare_import` is the dry run and the preview; `applying.apply_import` runs it again inside its
transaction and saves what it found only when it found no error.
"""

import copy
from dataclasses import replace

from ..addresses import DETAIL_KIND, SUBJECT_KINDS
from ..editing import EDITABLE_STATUSES, PROVENANCE, TABLE_STATED_FIGURES, changes_to_tables, table_values
from ..editions import pending_group
from ..models import EconomicSubject, FinalAccount, FunctionalSubject
from ..rules.engine import evaluate
from ..rules.registry import registered_loaders
from ..statements import build_statements, load_facts
from ..statements.facts import SubjectInfo
from . import printed  # noqa: F401 — registers the rules I1 and I2 that compare printed cells
from .inference import infer_facts
from .parsing import parse_table
from .pdf import one_problem
from .reading import WorkbookError, open_document
from .recognising import recognise
from .results import ImportResult, NewSubject, Problem
from .variants import recognise_variant
from .working_copy import kept_provenance, recognise_working_copy, released_figures

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
        grids = open_document(data)
    except WorkbookError as error:
        result.errors.append(Problem(str(error)))
        return result
    result.printed_texts = list(grids.texts)
    result.notices += [Problem(problem) for problem in grids.problems]
    from_pdf = grids.source == "pdf"
    grids, working = recognise_working_copy(grids)
    if working is not None:
        result.notices.append(Problem(working_copy_notice(working, final_account)))
    base = load_facts(final_account)
    variant = recognise_variant(final_account, grids)
    if variant is not None:
        result.report_format, tables, category_rows = variant
        base = replace(base, tables=tables, category_rows=category_rows)
        result.notices.append(
            Problem(
                f"工作簿按格式“{result.report_format.name}”{f'（{result.report_format.variant}）' if result.report_format.variant else ''}"
                f"印制（表1 的类级科目与之相符），按该格式导入；导入后本部门决算使用该格式。"
            )
        )
    found, errors, notices, warnings = recognise(
        grids, base.tables, final_account.department, final_account.year
    )
    result.errors += errors
    result.notices += notices
    result.warnings += warnings
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
    blank_statements = build_statements(empty, printed=False)
    valid_addresses = {address for s in blank_statements.values() for address in s.cells_by_address()}
    for kind, (grid, title_row, unit) in sorted(found.items(), key=lambda item: base.tables[item[0]].number):
        parsed = parse_table(
            base.tables[kind],
            grid,
            title_row,
            unit,
            valid_addresses=valid_addresses,
            economic_codes=set(base.economic_subjects),
            statement=blank_statements[kind],
        )
        result.tables[kind] = parsed
        result.errors += one_problem(parsed, grid) if from_pdf else parsed.problems
    if result.errors:
        return result
    result.figures = [figure for table in result.tables.values() for figure in table.figures]
    subjects = check_subjects(result)
    economic = check_economic_subjects(result, base.economic_subjects)
    if result.errors:
        return result
    facts, problems = infer_facts(result.tables)
    result.errors += problems
    if result.errors:
        return result
    result.facts = facts
    result.provenance = kept_provenance(working, final_account) or (
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
        economic_subjects=dict(sorted((base.economic_subjects | economic).items())),
        printed_cells=result.figures,
    )
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    if kept_provenance(working, final_account):
        # Its own working copy of figures from 万元 tables: the printed totals above an edited figure
        # are released, as the grid releases them.
        changes = import_changes(base, preview, final_account)
        result.figures = released_figures(preview, result.figures, changes)
        preview = replace(preview, printed_cells=result.figures)
    result.findings = evaluate(preview, build_statements(preview), extra=extra)
    result.changes = import_changes(base, preview, final_account)
    if result.provenance != final_account.provenance and all(c.address == PROVENANCE for c in result.changes):
        # An import that changes no figure (a working copy exported and read back) keeps the account's
        # provenance: its figures still come from where they came from.
        result.provenance = preview_account.provenance = final_account.provenance
        result.findings = evaluate(preview, build_statements(preview), extra=extra)
        result.changes = []
    return result


def working_copy_notice(working, final_account):
    """The notice naming the working copy's origin; a working copy of another final account is said so."""
    text = f"工作簿是本系统导出的工作底稿（{working.department} {working.year} 年度，导出于 {working.exported_at}）：只读取明细（输入）单元格，合计、小计等公式单元格由明细重新计算。"
    if working.final_account_id != str(final_account.pk):
        text += f"注意：它不是从 {final_account} 导出的，请确认导入对象无误。"
    return text


def check_subjects(result):
    """Return {code: SubjectInfo} of the printed functional codes and their parents; record unknown codes.

    A code the edition lacks does not stop the import: it is kept as a subject pending confirmation for
    this final account (a notice says so), or, when new subjects are accepted, added to the edition with
    the workbook's name. Either way it needs a name and a parent the edition or the workbook knows.
    """
    rows = [row for kind in SUBJECT_KINDS for row in result.tables[kind].subject_rows]
    codes = {row.code for row in rows}
    wanted = codes | {c[:5] for c in codes if len(c) == 7} | {c[:3] for c in codes}
    final_account = result.final_account
    edition = final_account.edition
    subjects = {}
    # The edition's subjects, and those already pending for this final account (a second import).
    for code, name, explanation, pending_for in (
        FunctionalSubject.all_objects.of_final_account(final_account)
        .filter(code__in=wanted)
        .order_by("-pending_for_id")
        .values_list("code", "name", "explanation", "pending_for_id")
    ):
        if code not in subjects or pending_for is None:
            subjects[code] = SubjectInfo(code, name, explanation, pending=pending_for is not None)
    new = {}
    for row in rows:
        if row.code not in subjects and row.code not in new:
            new[row.code] = NewSubject(row.code, row.name, row.sheet, row.cell)
    if not new:
        return subjects
    result.new_subjects = sorted(new.values(), key=lambda s: s.code)
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
        subjects[subject.code] = SubjectInfo(
            subject.code, subject.name, pending=not result.accept_new_subjects
        )
    if not result.accept_new_subjects:
        for subject in result.new_subjects[:MAX_LISTED]:
            result.notices.append(
                Problem(
                    f"科目编码 {subject.code}（“{subject.name}”）不在 {edition} 年版《政府收支分类科目》中，"
                    "将作为本决算的待确认科目保存；审核人员确认纳入科目版本或改为已有科目后方可公开。",
                    sheet=subject.sheet,
                    cell=subject.cell,
                )
            )
    return subjects


def check_economic_subjects(result, known):
    """Return {code: unsaved EconomicSubject} of the 表6 codes the edition lacks; record them as new subjects.

    As `check_subjects` does for functional codes: a 款 (or 类) the edition lacks is kept pending for
    this final account (a notice says so), or, when new subjects are accepted, added to the edition with
    the workbook's name. Its 类 must be in the edition or printed in the workbook; its group (人员经费 or
    公用经费) is its 类's. `known` are the economic subjects the account may use ({code: EconomicSubject}).
    """
    detail = result.tables.get(DETAIL_KIND)
    rows = detail.subject_rows if detail is not None else []
    final_account = result.final_account
    edition = final_account.edition
    new = {}
    for row in rows:
        if row.code not in known and row.code not in new:
            new[row.code] = NewSubject(row.code, row.name, row.sheet, row.cell)
    subjects = {}
    for subject in sorted(new.values(), key=lambda s: (len(s.code), s.code)):
        parent_code = subject.parent_code
        parent = known.get(parent_code) or subjects.get(parent_code)
        if not subject.name:
            result.errors.append(
                Problem(f"新经济分类科目 {subject.code} 没有名称，无法新增。", subject.sheet, subject.cell)
            )
        if parent_code and parent is None:
            result.errors.append(
                Problem(
                    f"新经济分类科目 {subject.code} 的上级科目 {parent_code} 既不在 {edition} 年版科目中，"
                    "工作簿中也没有它的行，无法新增。",
                    subject.sheet,
                    subject.cell,
                )
            )
            continue
        subjects[subject.code] = EconomicSubject(
            edition=edition,
            code=subject.code,
            name=subject.name[:100],
            parent=parent,
            group=pending_group(subject.code, parent),
            pending_for=None if result.accept_new_subjects else final_account,
        )
        if not result.accept_new_subjects and len(subjects) <= MAX_LISTED:
            result.notices.append(
                Problem(
                    f"经济分类科目编码 {subject.code}（“{subject.name}”）不在 {edition} 年版科目中，"
                    "将作为本决算的待确认科目保存；审核人员确认纳入科目版本或改为已有科目后方可公开。",
                    sheet=subject.sheet,
                    cell=subject.cell,
                )
            )
    result.new_subjects += sorted(new.values(), key=lambda s: s.code)
    return subjects


def import_changes(before, after, final_account):
    """Return the editing.Changes the import of the facts `after` makes to `before`: what it will record.

    Listed by accounts.editing, the same way `replace_table_facts` records them, labels naming subjects
    as the edition (or, for a new subject, the workbook) names them.
    """
    names = {code: info.name for code, info in (before.subjects | after.subjects).items()}
    economic = before.economic_subjects | after.economic_subjects
    names |= {code: subject.name for code, subject in economic.items()}
    provenance = tuple(
        str(FinalAccount.Provenance(fa.provenance).label) for fa in (final_account, after.final_account)
    )
    return changes_to_tables(before, table_values(after), names=names, provenance=provenance)
