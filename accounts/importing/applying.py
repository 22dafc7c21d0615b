"""Saving an import: all of it in one transaction, or nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..choices import StatedFigure as StatedFigureKey
from ..models import (
    Balance,
    BasicExpenditureDetail,
    EconomicSubject,
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    FunctionalSubject,
    IncomeFact,
    OfficialExpense,
    PrintedCell,
    ReportFormat,
    StatedFigure,
)
from ..reference_data import load_functional_subjects
from .preparing import TABLE_STATED_FIGURES, prepare_import


class ImportRefused(Exception):
    """The workbook has errors; `result` lists them. Nothing was saved."""

    def __init__(self, result):
        super().__init__("；".join(str(problem) for problem in result.errors[:3]))
        self.result = result


@transaction.atomic
def apply_import(final_account, data, *, by, filename="", accept_new_subjects=False):
    """Import the workbook `data` (bytes) into the draft `final_account`; return the ImportResult.

    Locks the final account, prepares the import again (the preview may be stale), and raises
    ImportRefused, saving nothing, if it has any error. Otherwise it replaces the facts the tables
    determine (income, expenditure, balances, 表6 details, 三公, 表1's 使用非财政拨款结余 and 结余分配),
    stores every printed cell, sets the provenance by the sheets' unit, creates the accepted new
    subjects, and records each changed figure as a FigureChange by `by`. Budgets, counts, texts and
    other stated figures are not in the nine tables and are left as they are.
    """
    locked = (
        FinalAccount.objects.select_for_update()
        .select_related("department__bureau", "report_format")
        .get(pk=final_account.pk)
    )
    result = prepare_import(locked, data, filename=filename, accept_new_subjects=accept_new_subjects)
    if result.errors:
        raise ImportRefused(result)
    if result.new_subjects:
        load_functional_subjects(
            locked.edition,
            [
                {"code": s.code, "name": s.name, "parent": s.parent_code, "explanation": ""}
                for s in result.new_subjects
            ],
        )
    write_facts(locked, result)
    reason = f"由 Excel 报表导入（{filename}）" if filename else "由 Excel 报表导入"
    FigureChange.objects.bulk_create(
        FigureChange(
            final_account=locked,
            user=by,
            field=change.field[:200],
            old_value=change.old,
            new_value=change.new,
            reason=reason[:200],
        )
        for change in result.changes
    )
    if locked.provenance != result.provenance:
        locked.provenance = result.provenance
        locked.save(update_fields=["provenance", "updated_at"])
    final_account.provenance = locked.provenance
    return result


def write_facts(final_account, result):
    """Replace the table facts and printed cells of `final_account` by those of `result` (bulk writes)."""
    facts = result.facts
    codes = {code for code, _ in facts.income} | {code for code, _, _ in facts.expenditure}
    codes |= {code for _, code in facts.balances if code}
    functional = dict(
        FunctionalSubject.objects.filter(edition=final_account.edition, code__in=codes).values_list(
            "code", "pk"
        )
    )
    economic = dict(
        EconomicSubject.objects.filter(
            edition=final_account.edition, code__in=facts.basic_detail
        ).values_list("code", "pk")
    )
    for model in (IncomeFact, ExpenditureFact, Balance, BasicExpenditureDetail, OfficialExpense, PrintedCell):
        model.objects.filter(final_account=final_account).delete()
    StatedFigure.objects.filter(final_account=final_account, key__in=TABLE_STATED_FIGURES).delete()
    IncomeFact.objects.bulk_create(
        IncomeFact(final_account=final_account, subject_id=functional[code], source=source, amount=amount)
        for (code, source), amount in facts.income.items()
    )
    ExpenditureFact.objects.bulk_create(
        ExpenditureFact(
            final_account=final_account, subject_id=functional[code], fund=fund, kind=kind, amount=amount
        )
        for (code, fund, kind), amount in facts.expenditure.items()
    )
    Balance.objects.bulk_create(
        Balance(
            final_account=final_account,
            fund=fund,
            subject_id=functional[code] if code else None,
            opening=opening,
            closing=closing,
        )
        for (fund, code), (opening, closing) in facts.balances.items()
    )
    BasicExpenditureDetail.objects.bulk_create(
        BasicExpenditureDetail(final_account=final_account, subject_id=economic[code], amount=amount)
        for code, amount in facts.basic_detail.items()
    )
    OfficialExpense.objects.bulk_create(
        OfficialExpense(final_account=final_account, item=item, budget=budget, actual=actual)
        for item, (budget, actual) in facts.official_expenses.items()
    )
    StatedFigure.objects.bulk_create(
        StatedFigure(final_account=final_account, key=StatedFigureKey(key), amount=amount)
        for key, amount in facts.stated_figures.items()
    )
    PrintedCell.objects.bulk_create(
        PrintedCell(
            final_account=final_account,
            table_kind=figure.table_kind,
            address=figure.address,
            line=figure.line,
            column=figure.column,
            code=figure.code,
            label=figure.label[:200],
            value=figure.value,
        )
        for figure in result.figures
    )


def draft_final_account(department, year):
    """Return (the final account of `department` for `year`, created): an existing one, or a new draft.

    A new one uses the format of the year for the bureau's region and the edition of the year; without
    such a format it raises ValidationError.
    """
    existing = (
        FinalAccount.objects.select_related("department__bureau", "report_format")
        .filter(department=department, year=year)
        .first()
    )
    if existing is not None:
        return existing, False
    report_format = ReportFormat.objects.filter(year=year, region=department.bureau.region).first()
    if report_format is None:
        raise ValidationError(
            f"没有 {year} 年“{department.bureau.region}”地区的报表格式，请先加载参考数据。", code="no_format"
        )
    final_account = FinalAccount.objects.create(
        department=department,
        year=year,
        edition=year,
        report_format=report_format,
        status=FinalAccount.Status.DRAFT,
    )
    return final_account, True
