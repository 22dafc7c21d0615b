"""The findings beside an entry screen: those about its tables, each linked to the cell behind it."""

from dataclasses import dataclass

from ..addresses import (
    DETAIL_KIND,
    DETAIL_TOTALS,
    OFFICIAL_KIND,
    SUBJECT_KINDS,
    SUMMARY_KINDS,
    TOTAL,
    column_keys_of,
)
from ..rules.engine import Severity, evaluate
from ..rules.registry import registered_loaders
from ..statements import build_statements
from .cells import row_id

FUNCTIONAL, ECONOMIC = "functional_subject", "economic_subject"

# The places whose findings each screen shows beside its grids: table kinds of printed cells and tables,
# areas of the other addresses (subjects by classification).
SCREEN_PLACES = {
    # A functional subject (K1: pending confirmation) is typed on the income and spending grids.
    "income": {"income", *SUMMARY_KINDS, "government_fund", FUNCTIONAL},
    "expenditure": {*SUBJECT_KINDS, *SUMMARY_KINDS, FUNCTIONAL},
    "balances": {*SUMMARY_KINDS, "government_fund", "balance"},
    "basic-detail": {DETAIL_KIND, "general_budget_expenditure", ECONOMIC},
    "official-expenses": {OFFICIAL_KIND, DETAIL_KIND},
    "budgets": {"budget", "general_budget_expenditure"},
    "other": {"stated", "count", "prior"},
    "texts": {"text"},
}
# The screen where each area of stored figures is entered.
FACT_SCREENS = {
    "income": "income",
    "expenditure": "expenditure",
    "balance": "balances",
    "detail": "basic-detail",
    "official": "official-expenses",
    "budget": "budgets",
    "stated": "other",
    "count": "other",
    "prior": "other",
    "text": "texts",
}


def findings_of(facts):
    """Return the findings of every rule over `facts` (the same as check_final_account, without reloading)."""
    final_account = facts.final_account
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    return evaluate(facts, build_statements(facts), extra=extra)


def place_of(address):
    """Return the place of `address` SCREEN_PLACES lists: its table kind, area or classification."""
    if address.area == "subject":
        return f"{address.parts[0]}_subject"
    return address.table_kind or address.area


def finding_places(finding):
    return {place_of(cell) for cell in finding.cells}


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


@dataclass(frozen=True)
class FormatPlaces:
    """What a format says about its printed cells, to find the entry places behind them.

    `column_keys`: {table kind: {栏次: column key}}; `layouts`: {table kind: layout}; `category_lines`:
    {表1/表4 kind: {行次: 类 code}}.
    """

    column_keys: dict
    layouts: dict
    category_lines: dict

    @classmethod
    def of(cls, facts):
        rows = facts.category_rows
        return cls(
            column_keys_of(facts.tables),
            {kind: table.layout for kind, table in facts.tables.items()},
            {
                "income_expenditure_summary": {row.summary_line: row.code for row in rows},
                "appropriation_summary": {row.appropriation_line: row.code for row in rows},
            },
        )


def screen_findings(findings, explanations, screen_key, facts, screen_url):
    """Return the ScreenFindings of `screen_key`: findings about its tables first, linked to their cells.

    `explanations` maps (rule id, target) to text; `facts` are the account's (its format's tables);
    `screen_url(key)` returns a screen's address.
    """
    format_places = FormatPlaces.of(facts)
    rows, other_errors, other_warnings = [], 0, 0
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    open_warnings = sum(
        1 for f in findings if f.severity == Severity.WARNING and not explanations.get((f.rule_id, f.target))
    )
    for finding in findings:
        if finding_places(finding) & SCREEN_PLACES[screen_key]:
            location = next((cell_location(cell, format_places) for cell in finding.cells), ("", ""))
            target_screen, anchor = location if location[0] else (screen_key, "")
            href = (screen_url(target_screen) if target_screen != screen_key else "") + (
                f"#{anchor}" if anchor else ""
            )
            rows.append(
                FindingLink(
                    finding,
                    href,
                    explanations.get((finding.rule_id, finding.target), ""),
                    " ".join(finding.labels[:3]),
                )
            )
        elif finding.severity == Severity.ERROR:
            other_errors += 1
        elif finding.severity == Severity.WARNING:
            other_warnings += 1
    rows.sort(key=lambda row: {Severity.ERROR: 0, Severity.WARNING: 1}.get(row.finding.severity, 2))
    return ScreenFindings(tuple(rows), other_errors, other_warnings, errors, open_warnings)


def cell_location(address, places):
    """Return (screen key, element id) of the entry input or row behind the Address of a finding, or ("", "").

    A printed cell showing one stored figure (`Address.behind`) leads to that figure's input, whose id is
    the figure's anchor; a sum leads to the row of the screen that adds it up. `places` are the format's
    FormatPlaces.
    """
    column_keys = places.column_keys
    fact = address.behind(column_keys)
    if fact is not None:
        return FACT_SCREENS[fact.area], fact.anchor
    if address.area == "subject" and address.parts[0] == "functional":
        return "expenditure", row_id("expenditure", address.code)
    if address.area == "subject":
        return "basic-detail", row_id("detail", address.code)
    kind = address.table_kind
    if address.area != "cell" or not kind:
        return "", ""
    place, column = address.parts[1], address.parts[2]
    code = "" if place == TOTAL else address.code
    if kind in SUBJECT_KINDS:
        column_key = column_keys.get(kind, {}).get(column, "")
        if kind == "income" or (kind == "government_fund" and column_key == "income"):
            return "income", row_id("income", code)
        if kind == "government_fund" and column_key in ("opening", "closing"):
            return "balances", row_id("fund_balances", code)
        return "expenditure", row_id("expenditure", code)
    if kind in SUMMARY_KINDS:
        line = int(place[1:]) if place.startswith("r") else None
        code = places.category_lines[kind].get(line, code)
        return _summary_location(line, code, places.layouts.get(kind, {}))
    if kind == DETAIL_KIND:
        return "basic-detail", row_id(
            "detail", place.removesuffix("_total") if place in DETAIL_TOTALS else code
        )
    if kind == OFFICIAL_KIND:
        # The sums of 表9: 合计 and 公务用车购置及运行维护费, budget or actual.
        return "official-expenses", row_id("official", "vehicles" if place.endswith("_vehicles") else "")
    return "", ""


def _summary_location(line, code, layout):
    if code:  # a 类 row (or a 类 the format does not list)
        return "expenditure", row_id("expenditure", code)
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
