"""Saving an import: all of it in one transaction, or nothing."""

from django.db import transaction

from .. import editing, editions, final_accounts
from ..models import EconomicSubject, FinalAccount, PrintedCell
from ..reference_data import load_economic_subjects, load_functional_subjects
from .preparing import prepare_import


class ImportRefused(Exception):
    """The workbook has errors; `result` lists them. Nothing was saved."""

    def __init__(self, result):
        super().__init__("；".join(str(problem) for problem in result.errors[:3]))
        self.result = result


@transaction.atomic
def apply_import(final_account, data, *, by, filename="", accept_new_subjects=False):
    """Import the workbook `data` (bytes) into the draft `final_account`; return the ImportResult.

    Locks the final account, prepares the import again (the preview may be stale), and raises
    ImportRefused, saving nothing, if it has any error. Otherwise it creates the accepted new subjects
    and hands the facts the tables determine (income, expenditure, balances, 表6 details, 三公, 表1's
    使用非财政拨款结余 and 结余分配), the printed cells and the provenance by the sheets' unit to
    accounts.editing.replace_table_facts, which records each changed figure as a FigureChange by `by`.
    Budgets, counts, texts and other stated figures are not in the nine tables and are left as they are.
    """
    locked = (
        FinalAccount.objects.select_for_update()
        .select_related("department__bureau", "report_format")
        .get(pk=final_account.pk)
    )
    result = prepare_import(locked, data, filename=filename, accept_new_subjects=accept_new_subjects)
    if result.errors:
        raise ImportRefused(result)
    functional = [s for s in result.new_subjects if editions.kind_of_code(s.code) == "functional"]
    economic = [s for s in result.new_subjects if editions.kind_of_code(s.code) == "economic"]
    if result.accept_new_subjects:
        if functional:
            load_functional_subjects(
                locked.edition,
                [
                    {"code": s.code, "name": s.name, "parent": s.parent_code, "explanation": ""}
                    for s in functional
                ],
            )
        if economic:
            # The group of a new 款 is its 类's (the edition's or the workbook's new one).
            groups = {}
            for subject in sorted(economic, key=lambda s: len(s.code)):
                parent = (
                    groups.get(subject.parent_code)
                    or EconomicSubject.objects.filter(
                        edition=locked.edition, code=subject.parent_code
                    ).first()
                )
                groups[subject.code] = editions.pending_group(subject.code, parent)
            load_economic_subjects(
                locked.edition,
                [
                    {"code": s.code, "name": s.name, "parent": s.parent_code, "group": groups[s.code]}
                    for s in economic
                ],
            )
    else:
        # Codes the edition lacks: pending for this final account until its reviewer settles them.
        if functional:
            editions.add_pending_subjects(locked, {s.code: s.name for s in functional})
        if economic:
            editions.add_pending_subjects(locked, {s.code: s.name for s in economic}, kind="economic")
    reason = f"由 Excel 报表导入（{filename}）" if filename else "由 Excel 报表导入"
    if result.report_format is not None:
        # The workbook prints another variant of the account's format (24 类 rather than 26): the
        # account takes it first (the move is recorded), so that the printed cells, read in that
        # variant's lines, are stored for it and its tables are printed as the department printed them.
        final_accounts.use_format(locked, result.report_format, by=by, reason=reason + "：工作簿所印为此版式")
        final_account.report_format = result.report_format
    editing.replace_table_facts(
        locked,
        result.facts,
        printed_cells(result.figures),
        provenance=result.provenance,
        by=by,
        reason=reason,
    )
    final_account.provenance = result.provenance
    return result


def printed_cells(figures):
    """Return the unsaved PrintedCell rows of the printed figures of an import."""
    return [
        PrintedCell(
            table_kind=figure.table_kind,
            address=figure.address,
            line=figure.line,
            column=figure.column,
            code=figure.code,
            label=figure.label[:200],
            value=None if figure.blank else figure.value,
        )
        for figure in figures
    ]


def draft_final_account(department, year):
    """Return (the final account of `department` for `year`, created): an existing one, or a new draft.

    A new one takes its format and edition as every new final account does (final_accounts), and
    without a format for the year it raises ValidationError.
    """
    existing = (
        FinalAccount.objects.select_related("department__bureau", "report_format")
        .filter(department=department, year=year)
        .first()
    )
    if existing is not None:
        return existing, False
    return final_accounts.create_final_account(department, year), True
