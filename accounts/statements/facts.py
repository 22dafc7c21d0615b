"""Loading the facts of one final account in a small, constant number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

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
                amount for (code, f, k), amount in self.expenditure.items()
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
        return {c: v for (f, c), v in self.balances.items() if f == Fund.GOVERNMENT_FUND}


def load_facts(final_account):
    """Return the Facts of `final_account`: fifteen queries whatever the number of subjects."""
    report_format_id = final_account.report_format_id
    tables = {t.kind: t for t in ReportTable.objects.filter(report_format_id=report_format_id)}
    category_rows = list(CategoryRow.objects.filter(report_format_id=report_format_id).order_by("position"))
    income = {
        (r["subject__code"], r["source"]): r["amount"]
        for r in IncomeFact.objects.filter(final_account=final_account).values("subject__code", "source", "amount")
    }
    expenditure = {
        (r["subject__code"], r["fund"], r["kind"]): r["amount"]
        for r in ExpenditureFact.objects.filter(final_account=final_account).values(
            "subject__code", "fund", "kind", "amount"
        )
    }
    balances = {
        (r["fund"], r["subject__code"] or ""): (r["opening"], r["closing"])
        for r in Balance.objects.filter(final_account=final_account).values(
            "fund", "subject__code", "opening", "closing"
        )
    }
    basic_detail = dict(
        BasicExpenditureDetail.objects.filter(final_account=final_account).values_list("subject__code", "amount")
    )
    economic_subjects = {
        s.code: s for s in EconomicSubject.objects.filter(edition=final_account.edition).order_by("code")
    }
    official_expenses = {
        item: (budget, actual)
        for item, budget, actual in OfficialExpense.objects.filter(final_account=final_account).values_list(
            "item", "budget", "actual"
        )
    }
    budget_total, budget_by_kind, budget_by_subject = None, {}, {}
    for kind, code, amount in Budget.objects.filter(final_account=final_account).values_list(
        "kind", "subject__code", "amount"
    ):
        if code:
            budget_by_subject[code] = amount
        elif kind:
            budget_by_kind[kind] = amount
        else:
            budget_total = amount
    stated_figures = dict(StatedFigure.objects.filter(final_account=final_account).values_list("key", "amount"))
    stated_counts = dict(StatedCount.objects.filter(final_account=final_account).values_list("key", "count"))
    prior_year = {
        key: (amount, source)
        for key, amount, source in PriorYearFigure.objects.filter(final_account=final_account).values_list(
            "key", "amount", "source"
        )
    }
    free_texts = {
        (key, code or ""): text
        for key, code, text in FreeText.objects.filter(final_account=final_account).values_list(
            "key", "subject__code", "text"
        )
    }
    printed_cells = list(
        PrintedCell.objects.filter(final_account=final_account)
        .order_by("id")
        .values_list("table_kind", "address", "line", "column", "code", "label", "value", named=True)
    )
    codes = {code for code, _ in income} | {code for code, _, _ in expenditure} | set(budget_by_subject)
    codes |= {code for _, code in balances if code} | {code for _, code in free_texts if code}
    # Printed subject rows name their codes too (the name rule compares them with the edition).
    codes |= {cell.code for cell in printed_cells if len(cell.code) in (3, 5, 7) and cell.table_kind != "basic_expenditure_detail"}
    wanted = codes | {c[:5] for c in codes} | {c[:3] for c in codes}
    subjects = {
        code: SubjectInfo(code, name, explanation)
        for code, name, explanation in FunctionalSubject.objects.filter(
            edition=final_account.edition, code__in=wanted
        ).values_list("code", "name", "explanation")
    }
    return Facts(
        final_account=final_account, tables=tables, category_rows=category_rows, income=income,
        expenditure=expenditure, balances=balances, basic_detail=basic_detail,
        economic_subjects=economic_subjects, official_expenses=official_expenses, budget_total=budget_total,
        budget_by_kind=budget_by_kind, budget_by_subject=budget_by_subject, stated_figures=stated_figures,
        stated_counts=stated_counts, prior_year=prior_year, free_texts=free_texts, subjects=subjects,
        printed_cells=printed_cells,
    )
