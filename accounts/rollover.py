"""Creating next year's final account from last year's, so that nothing is typed twice.

What carries over: the item subjects (the entry grids list last year's subjects, see entry.load_entry),
the opening balances (this year's 年初结转和结余 is last year's 年末), last year's named figures for the
year-over-year sentences (computed from last year's facts, never retyped), the entry unit, and the two
texts that describe the department rather than the year (主要职能, 单位构成).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from . import editing
from .choices import FreeTextKey, NamedFigure
from .models import FinalAccount, FunctionalSubject, ReportFormat
from .rules.engine import Context
from .rules.quantities import NAMED_FIGURE_QUANTITIES
from .statements import build_statements, load_facts

CARRIED_TEXTS = (FreeTextKey.MAIN_FUNCTIONS, FreeTextKey.UNIT_COMPOSITION)


@dataclass(frozen=True)
class Rollover:
    """The new final account, and last year's subject codes its edition lacks (not carried over)."""

    final_account: FinalAccount
    previous: FinalAccount | None
    dropped_codes: tuple = ()


def edition_for(year):
    """Return the newest edition of the subjects not later than `year` (the year's own when it is loaded)."""
    edition = (
        FunctionalSubject.objects.filter(edition__lte=year).order_by("-edition").values_list("edition", flat=True)
        .first()
    )
    if edition is None:
        raise ValidationError(f"没有 {year} 年或更早的《政府收支分类科目》，请先载入科目。", code="no_edition")
    return edition


def report_format_for(year, region):
    """Return the newest report format of `region` not later than `year`."""
    report_format = ReportFormat.objects.filter(year__lte=year, region=region).order_by("-year").first()
    if report_format is None:
        raise ValidationError(f"没有地区“{region}” {year} 年或更早的报表格式，请先载入报表格式。", code="no_format")
    return report_format


def next_year(department):
    """Return the year of the final account to create next for `department`: the year after its latest."""
    latest = FinalAccount.objects.filter(department=department).order_by("-year").values_list("year", flat=True).first()
    return None if latest is None else latest + 1


@transaction.atomic
def create_final_account(department, *, year, by):
    """Create the draft final account of `department` for `year`, carried over from last year's if any.

    The edition and report format are the newest loaded for the year. Opening balances are last year's
    closing balances, per fund and, for 政府性基金, per item subject the new edition still has; last year's
    named figures (本年收入合计 …) are stored as this year's prior-year figures, with last year's final
    account as their source. Every figure is written through accounts.editing, so each is recorded.
    Return a Rollover. Raise ValidationError when the year already exists or reference data is missing.
    """
    if FinalAccount.objects.filter(department=department, year=year).exists():
        raise ValidationError(f"{department.display_name} {year} 年度的决算已存在。", code="exists")
    previous = FinalAccount.objects.filter(department=department, year=year - 1).first()
    final_account = FinalAccount.objects.create(
        department=department, year=year, edition=edition_for(year),
        report_format=report_format_for(year, department.bureau.region),
        entry_unit=previous.entry_unit if previous else FinalAccount.EntryUnit.YUAN,
    )
    if previous is None:
        return Rollover(final_account=final_account, previous=None)
    facts = load_facts(previous)
    codes = {code for _fund, code in facts.balances if code}
    codes |= {code for code, _ in facts.income} | {code for code, _, _ in facts.expenditure}
    known = set(
        FunctionalSubject.objects.filter(edition=final_account.edition, code__in=codes).values_list("code", flat=True)
    )
    for (fund, code), (_opening, closing) in sorted(facts.balances.items()):
        if closing and (not code or code in known):
            editing.set_balance(final_account, fund=fund, code=code or None, opening=closing, closing="0", by=by)
    context = Context(facts=facts, statements=build_statements(facts))
    source = f"{previous.year}年度部门决算（系统内数据）"
    for key in NamedFigure:
        try:
            amount = context.quantity(NAMED_FIGURE_QUANTITIES[key]).value
        except LookupError:
            continue  # last year's format lacks the table: leave the figure to be entered
        editing.set_prior_year_figure(final_account, key=key, amount=amount, source=source, by=by)
    for key in CARRIED_TEXTS:
        text = facts.free_text(key)
        if text:
            editing.set_free_text(final_account, key=key, text=text, by=by)
    return Rollover(final_account=final_account, previous=previous, dropped_codes=tuple(sorted(codes - known)))
