"""Loading the facts of final accounts in a small, constant number of queries."""

from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from ..addresses import SUBJECT_KINDS, address_of
from ..choices import Fund
from ..models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    CategoryRow,
    EconomicSubject,
    ExpenditureFact,
    FreeText,
    FunctionalSubject,
    IncomeFact,
    OfficialExpense,
    PrintedCell,
    PriorYearFigure,
    ReportTable,
    StatedCount,
    StatedFigure,
)

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SubjectInfo:
    code: str
    name: str
    explanation: str = ""
    pending: bool = False  # a subject the edition lacks, pending confirmation for this final account


@dataclass
class Facts:
    """Everything the statements, sentences and checks of one final account read, keyed by codes."""

    final_account: object
    tables: dict  # ReportTable.kind → ReportTable
    category_rows: list  # CategoryRow, in the format's order
    income: dict  # (item code, source) → 元
    expenditure: dict  # (item code, fund, kind) → 元
    balances: dict  # (fund, item code or "") → (opening, closing)
    basic_detail: dict  # economic 款 code → 元
    economic_subjects: dict  # code → EconomicSubject, in code order
    official_expenses: dict  # item → (budget, actual)
    budget_total: Decimal | None
    budget_by_kind: dict  # kind → 元
    budget_by_subject: dict  # item code → 元
    stated_figures: dict  # StatedFigure key → 元
    stated_counts: dict  # StatedCount key → int
    prior_year: dict  # NamedFigure key → (元, source)
    free_texts: dict  # (FreeTextKey, code or "") → text
    subjects: dict = field(default_factory=dict)  # functional code → SubjectInfo (items and their parents)
    # Figures as printed in imported tables (PrintedCell rows), compared with the built statements.
    printed_cells: list = field(default_factory=list)
    # The ReportFormat the tables belong to (read with them): whether 行次/栏次 print, the outline.
    report_format: object = None

    def subject_name(self, code):
        info = self.subjects.get(code)
        return info.name if info else ""

    def free_text(self, key, code=""):
        return self.free_texts.get((key, code), "")

    def income_by_source(self):
        totals = defaultdict(lambda: ZERO)
        for (_code, source), amount in self.income.items():
            totals[source] += amount
        return totals

    def expenditure_where(self, *, fund=None, kind=None, prefix=""):
        """Return the sum of expenditure facts matching fund, kind and a subject-code prefix."""
        return sum(
            (
                amount
                for (code, f, k), amount in self.expenditure.items()
                if (fund is None or f == fund) and (kind is None or k == kind) and code.startswith(prefix)
            ),
            ZERO,
        )

    def opening_total(self, funds=None):
        return sum((o for (f, _c), (o, _cl) in self.balances.items() if funds is None or f in funds), ZERO)

    def closing_total(self, funds=None):
        return sum((cl for (f, _c), (_o, cl) in self.balances.items() if funds is None or f in funds), ZERO)

    def government_fund_balances(self):
        """(item code or "") → (opening, closing) of 政府性基金."""
        return self.fund_balances(Fund.GOVERNMENT_FUND)

    def fund_balances(self, fund):
        """(item code or "") → (opening, closing) of `fund`.

        政府性基金 (表7) and, where the format prints 国有资本经营 收入支出 (上海 表9), 国有资本经营 balances
        are stored per item subject; the other funds' in total ("").
        """
        return {c: v for (f, c), v in self.balances.items() if f == fund}

    @property
    def line_numbers(self):
        """Whether the format prints 行次 and 栏次 (the national format does, 上海 does not)."""
        return self.report_format.line_numbers if self.report_format is not None else True

    @property
    def department_name(self):
        return self.final_account.department.name


def load_facts(final_account):
    """Return the Facts of `final_account`: fifteen queries whatever the number of subjects."""
    return load_facts_many([final_account])[final_account.pk]


# A printed cell as the rules read it (accounts.importing.printed): its Address (None for a stored text
# that names no cell), the printed row label and the value.
PrintedFigure = namedtuple("PrintedFigure", ["address", "label", "value"])


def load_facts_many(final_accounts):
    """Return {final account id: Facts} of `final_accounts` in fifteen queries, however many accounts.

    Every query of `load_facts` is run once for all of them (`final_account_id IN …`) and its rows are
    grouped by final account; report formats and editions they share are read once. Rows come in
    insertion order within each final account. The lists of ids grow with the accounts: callers
    checking a whole province pass them in chunks of a few hundred.
    """
    final_accounts = list(final_accounts)
    ids = [fa.pk for fa in final_accounts]
    format_ids = {fa.report_format_id for fa in final_accounts}
    editions = {fa.edition for fa in final_accounts}
    tables, category_rows = defaultdict(dict), defaultdict(list)
    formats = {}
    for table in ReportTable.objects.filter(report_format_id__in=format_ids).select_related("report_format"):
        tables[table.report_format_id][table.kind] = table
        formats[table.report_format_id] = table.report_format
    for row in CategoryRow.objects.filter(report_format_id__in=format_ids).order_by(
        "report_format_id", "position"
    ):
        category_rows[row.report_format_id].append(row)

    def rows(model, *fields):
        grouped = defaultdict(list)
        for row in (
            model.objects.filter(final_account_id__in=ids)
            .order_by("final_account_id", "id")
            .values_list("final_account_id", *fields)
        ):
            grouped[row[0]].append(row[1:])
        return grouped

    income = rows(IncomeFact, "subject__code", "source", "amount")
    expenditure = rows(ExpenditureFact, "subject__code", "fund", "kind", "amount")
    balances = rows(Balance, "fund", "subject__code", "opening", "closing")
    basic_detail = rows(BasicExpenditureDetail, "subject__code", "amount")
    economic_subjects = defaultdict(dict)
    # The editions' subjects, and those pending for one of these final accounts (kept apart below).
    pending_economic = defaultdict(dict)
    for subject in (
        EconomicSubject.all_objects.filter(edition__in=editions)
        .filter(Q(pending_for__isnull=True) | Q(pending_for_id__in=ids))
        .order_by("edition", "code")
    ):
        if subject.pending_for_id is None:
            economic_subjects[subject.edition][subject.code] = subject
        else:
            pending_economic[subject.pending_for_id][subject.code] = subject
    official_expenses = rows(OfficialExpense, "item", "budget", "actual")
    budgets = rows(Budget, "kind", "subject__code", "amount")
    stated_figures = rows(StatedFigure, "key", "amount")
    stated_counts = rows(StatedCount, "key", "count")
    prior_year = rows(PriorYearFigure, "key", "amount", "source")
    free_texts = rows(FreeText, "key", "subject__code", "text")
    printed_cells = rows(PrintedCell, "address", "label", "value")

    loaded, wanted = {}, defaultdict(set)
    for fa in final_accounts:
        pk = fa.pk
        budget_total, budget_by_kind, budget_by_subject = None, {}, {}
        for kind, code, amount in budgets[pk]:
            if code:
                budget_by_subject[code] = amount
            elif kind:
                budget_by_kind[kind] = amount
            else:
                budget_total = amount
        facts = Facts(
            final_account=fa,
            tables=dict(tables[fa.report_format_id]),
            report_format=formats.get(fa.report_format_id),
            category_rows=list(category_rows[fa.report_format_id]),
            income={(code, source): amount for code, source, amount in income[pk]},
            expenditure={(code, fund, kind): amount for code, fund, kind, amount in expenditure[pk]},
            balances={
                (fund, code or ""): (opening, closing) for fund, code, opening, closing in balances[pk]
            },
            basic_detail=dict(basic_detail[pk]),
            economic_subjects=dict(
                sorted((economic_subjects[fa.edition] | pending_economic[pk]).items())
                if pending_economic[pk]
                else economic_subjects[fa.edition]
            ),
            official_expenses={item: (budget, actual) for item, budget, actual in official_expenses[pk]},
            budget_total=budget_total,
            budget_by_kind=budget_by_kind,
            budget_by_subject=budget_by_subject,
            stated_figures=dict(stated_figures[pk]),
            stated_counts=dict(stated_counts[pk]),
            prior_year={key: (amount, source) for key, amount, source in prior_year[pk]},
            free_texts={(key, code or ""): text for key, code, text in free_texts[pk]},
            printed_cells=[
                PrintedFigure(address_of(address), label, value)
                for address, label, value in printed_cells[pk]
            ],
        )
        loaded[pk] = facts
        wanted[fa.edition] |= _subject_codes(facts)
    names, pending = defaultdict(dict), defaultdict(dict)
    codes = set().union(*wanted.values()) if wanted else set()
    for edition, code, name, explanation, pending_for in (
        FunctionalSubject.all_objects.filter(edition__in=editions, code__in=codes)
        .filter(Q(pending_for__isnull=True) | Q(pending_for_id__in=ids))
        .values_list("edition", "code", "name", "explanation", "pending_for_id")
    ):
        if code in wanted[edition]:
            if pending_for is None:
                names[edition][code] = SubjectInfo(code, name, explanation)
            else:
                pending[pending_for][code] = SubjectInfo(code, name, explanation, pending=True)
    for fa in final_accounts:
        facts = loaded[fa.pk]
        mine = _subject_codes(facts)
        known = names[fa.edition] | {c: i for c, i in pending[fa.pk].items() if c not in names[fa.edition]}
        facts.subjects = {code: info for code, info in known.items() if code in mine}
    return loaded


def _subject_codes(facts):
    """Return the functional codes whose names the facts need: their item codes with each 款 and 类."""
    codes = {code for code, _ in facts.income} | {code for code, _, _ in facts.expenditure}
    codes |= set(facts.budget_by_subject)
    codes |= {code for _, code in facts.balances if code} | {code for _, code in facts.free_texts if code}
    # Printed subject rows name their codes too (the name rule compares them with the edition).
    codes |= {
        cell.address.code
        for cell in facts.printed_cells
        if cell.address is not None and cell.address.table_kind in SUBJECT_KINDS and cell.address.code
    }
    return codes | {c[:5] for c in codes} | {c[:3] for c in codes}
