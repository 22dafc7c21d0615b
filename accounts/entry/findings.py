"""The findings beside an entry screen: those about its tables, each linked to the cell behind it."""

from dataclasses import dataclass

from ..addresses import Address
from ..choices import Fund, IncomeSource
from ..rules.engine import Severity, evaluate
from ..rules.registry import registered_loaders
from ..statements import build_statements
from .cells import row_id

SUBJECT_TABLE_KINDS = (
    "income",
    "expenditure",
    "general_budget_expenditure",
    "government_fund",
    "state_capital",
)

# The statements and other places whose findings each screen shows beside its grids.
SCREEN_PLACES = {
    "income": {"income", "income_expenditure_summary", "appropriation_summary", "government_fund"},
    "expenditure": set(SUBJECT_TABLE_KINDS)
    | {"income_expenditure_summary", "appropriation_summary", "功能分类科目"},
    "balances": {"income_expenditure_summary", "appropriation_summary", "government_fund", "年初结转和结余"},
    "basic-detail": {"basic_expenditure_detail", "general_budget_expenditure", "经济分类科目"},
    "official-expenses": {"official_expenses", "basic_expenditure_detail"},
    "budgets": {"年初预算", "general_budget_expenditure"},
    "other": {"其他填报金额", "上年数"},
    "texts": {"文字说明"},
}


def findings_of(facts):
    """Return the findings of every rule over `facts` (the same as check_final_account, without reloading)."""
    final_account = facts.final_account
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    return evaluate(facts, build_statements(facts), extra=extra)


def finding_places(finding):
    places = set()
    for cell in finding.cells:
        places.add(cell.kind or cell.table)
    return places


@dataclass(frozen=True)
class ScreenFindings:
    """The findings of one screen, each with a link to its cell, and a count of those of other screens."""

    rows: tuple
    other_errors: int
    other_warnings: int
    errors: int
    open_warnings: int


@dataclass(frozen=True)
class FindingLink:
    finding: object
    href: str
    explanation: str
    place: str

    @property
    def severity_label(self):
        return Severity(self.finding.severity).label

    @property
    def needs_explanation(self):
        return self.finding.severity == Severity.WARNING


def screen_findings(findings, explanations, screen_key, layouts, screen_url):
    """Return the ScreenFindings of `screen_key`: findings about its tables first, linked to their cells.

    `explanations` maps (rule id, target) to text; `screen_url(key)` returns a screen's address.
    """
    rows, other_errors, other_warnings = [], 0, 0
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    open_warnings = sum(
        1 for f in findings if f.severity == Severity.WARNING and not explanations.get((f.rule_id, f.target))
    )
    for finding in findings:
        places = finding_places(finding)
        if places & SCREEN_PLACES[screen_key]:
            location = next((cell_location(cell, layouts) for cell in finding.cells), ("", ""))
            target_screen, anchor = location if location[0] else (screen_key, "")
            href = (screen_url(target_screen) if target_screen != screen_key else "") + (
                f"#{anchor}" if anchor else ""
            )
            rows.append(
                FindingLink(
                    finding,
                    href,
                    explanations.get((finding.rule_id, finding.target), ""),
                    " ".join(str(cell) for cell in finding.cells[:3]),
                )
            )
        elif finding.severity == Severity.ERROR:
            other_errors += 1
        elif finding.severity == Severity.WARNING:
            other_warnings += 1
    rows.sort(key=lambda row: {Severity.ERROR: 0, Severity.WARNING: 1}.get(row.finding.severity, 2))
    return ScreenFindings(tuple(rows), other_errors, other_warnings, errors, open_warnings)


OFFICIAL_COLUMN_ITEMS = {2: "outbound_travel", 4: "vehicle_purchase", 5: "vehicle_operation", 6: "reception"}


def cell_location(ref, layouts):
    """Return (screen key, element id) of the entry cell or row behind a finding's CellRef, or ("", "").

    `layouts` maps statement kinds to their format layouts, to tell what a 行次 of 表1/表4 holds.
    """
    kind, code, column = ref.kind, ref.code, ref.column
    if kind in SUBJECT_TABLE_KINDS:
        keys = {c["number"]: c["key"] for c in layouts.get(kind, {}).get("columns", [])}
        key = keys.get(column, "")
        if kind == "income":
            if len(code) == 7 and key in IncomeSource.values:
                return "income", Address("income", (code, key)).anchor
            return "income", row_id("income", code)
        fund = {
            "general_budget_expenditure": Fund.GENERAL_BUDGET,
            "government_fund": Fund.GOVERNMENT_FUND,
            "state_capital": Fund.STATE_CAPITAL,
        }.get(kind)
        if kind == "government_fund" and key == "income":
            return "income", Address("income", (code, "government_fund")).anchor if len(
                code
            ) == 7 else row_id("income", code)
        if kind == "government_fund" and key in ("opening", "closing"):
            return "balances", Address("balance", ("government_fund", code, key)).anchor if len(
                code
            ) == 7 else row_id("fund_balances", code)
        if fund and len(code) == 7 and key in ("basic", "project"):
            return "expenditure", Address("expenditure", (code, fund.value, key)).anchor
        return "expenditure", row_id("expenditure", code)
    if kind in ("income_expenditure_summary", "appropriation_summary"):
        if code:
            return "expenditure", row_id("expenditure", code)
        layout = layouts.get(kind, {})
        line = ref.line
        if line in layout.get("income_lines", {}).values() or line == layout.get("income_total"):
            return "income", row_id("income", "")
        balance_lines = {
            layout.get("opening_balance"),
            layout.get("closing_balance"),
            *layout.get("opening_balance_lines", {}).values(),
        }
        if line in balance_lines:
            return "balances", row_id("balances", "")
        if line in (layout.get("non_appropriation_surplus_used"), layout.get("surplus_distribution")):
            return "balances", row_id("surplus", "")
        return "expenditure", row_id("expenditure", "")
    if kind == "basic_expenditure_detail":
        if len(code) == 5:
            return "basic-detail", Address("detail", (code,)).anchor
        return "basic-detail", row_id("detail", code or "personnel")
    if kind == "official_expenses":
        if column:
            half, offset = ("budget", 0) if column <= 6 else ("actual", 6)
            item = OFFICIAL_COLUMN_ITEMS.get(column - offset)
            if item:
                return "official-expenses", Address("official", (item, half)).anchor
        return "official-expenses", row_id("official", "")
    if ref.table == "功能分类科目":
        return "expenditure", row_id("expenditure", code)
    if ref.table == "经济分类科目":
        return "basic-detail", Address("detail", (code,)).anchor if len(code) == 5 else row_id("detail", code)
    if ref.table == "年初预算":
        code = code or ref.place
        if len(code) == 7 and code.isdigit():
            return "budgets", Address("budget", ("subject", code)).anchor
        return "budgets", row_id("budget_totals", "total")
    if ref.table in ("其他填报金额", "上年数"):
        return "other", ""
    if ref.table == "文字说明":
        return "texts", ""
    return "", ""
