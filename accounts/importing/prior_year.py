"""Last year's figures from last year's workbook, for an account whose previous year is not in the system.

The workbook is read as an import would read it (the same recognising, parsing and inference, nothing
saved), and the figures the narrative compares with (总计, 本年合计, sources, 三公, 机关运行经费 …) are
taken from the tables as printed, by the same rule quantities the carry-over from a previous year in
the system uses (rules.carried), so the two cannot disagree on what “last year's figure” is.
"""

import copy
from dataclasses import dataclass, field, replace

from django.db import transaction

from ..addresses import Address
from ..editing import apply_changes
from ..rules.carried import carried_figures
from ..rules.quantities import NAMED_FIGURE_QUANTITIES
from ..statements import build_statements, load_facts
from .preparing import prepare_import


@dataclass
class PriorYearPreview:
    """What taking last year's figures from a workbook would set: {NamedFigure: 元}, or why it cannot."""

    final_account: object
    filename: str
    figures: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def source(self):
        """Where the figures were read, as PriorYearFigure.source keeps it (at most 200 characters)."""
        name = self.filename if len(self.filename) <= 80 else self.filename[:38] + "…" + self.filename[-38:]
        kind = "公开 PDF" if self.filename.lower().endswith(".pdf") else "工作簿"
        return f"{self.final_account.year - 1}年度部门决算{kind}“{name}”（印制数）"


def prepare_prior_year(final_account, data, *, filename=""):
    """Return the PriorYearPreview of last year's workbook `data` (bytes) for `final_account`; save nothing.

    Codes the edition lacks are read with the workbook's names (last year's edition may differ, and
    only the totals are taken: nothing of them is created).
    """
    preview = PriorYearPreview(final_account=final_account, filename=filename)
    # Read as last year's: a workbook titled with another year than last year (this year's, taken by
    # mistake) is a warning.
    last_year = copy.copy(final_account)
    last_year.year = final_account.year - 1
    result = prepare_import(last_year, data, filename=filename, accept_new_subjects=True)
    preview.errors = list(result.errors)
    preview.warnings = list(result.warnings)
    if result.errors or result.facts is None:
        return preview
    last_year.provenance = result.provenance
    facts = replace(
        load_facts(final_account),
        final_account=last_year,
        income=result.facts.income,
        expenditure=result.facts.expenditure,
        balances=result.facts.balances,
        basic_detail=result.facts.basic_detail,
        official_expenses=result.facts.official_expenses,
        stated_figures=result.facts.stated_figures,
        printed_cells=result.figures,
        prior_year={},
    )
    carried = carried_figures(last_year, facts=facts, statements=build_statements(facts))
    # A figure stated apart from the tables (机关运行经费 in the national format) that the workbook does
    # not print is left to be entered, not taken as 0.
    preview.figures = {
        key: amount
        for key, amount in carried.named.items()
        if not NAMED_FIGURE_QUANTITIES[key].startswith("stated.")
        or NAMED_FIGURE_QUANTITIES[key].removeprefix("stated.") in result.facts.stated_figures
    }
    return preview


@transaction.atomic
def apply_prior_year(final_account, data, *, by, filename=""):
    """Set last year's figures from the workbook; return the PriorYearPreview (nothing set on errors).

    All figures are set together by one accounts.editing.apply_changes (each change recorded), or none:
    a locked final account raises its ValidationError.
    """
    preview = prepare_prior_year(final_account, data, filename=filename)
    if preview.errors or not preview.figures:
        return preview
    changes = {}
    for key, amount in preview.figures.items():
        changes[Address("prior", (key.value, "amount"))] = amount
        changes[Address("prior", (key.value, "source"))] = preview.source
    apply_changes(final_account, changes, by=by, unit="yuan", reason=preview.source)
    return preview
