"""Findings arranged for reading: grouped by table, figures as text, explanations attached.

Used by the findings page and by the check_final_accounts command; numbers go through accounts.formatting.
"""

import hashlib
import re
from dataclasses import dataclass

from ..formatting import yuan_amount
from .engine import SEVERITY_ORDER, Severity

TABLE_NUMBER = re.compile(r"^表(\d+)$")


def figure_text(value, unit):
    """Return a finding's figure as text: “15,686,000.00 元”, “168.42%”, “17 个”; "" for None."""
    if value is None:
        return ""
    if unit == "元":
        return f"{yuan_amount(value)} 元"
    if unit == "%":
        return f"{value}%"
    return f"{value} {unit}"


def document_anchor(finding):
    """Return the id of the finding's first cell on the disclosure page, or of its table; "" for other places.

    A printed cell's id is its address's anchor (“cell-general_budget_expenditure-2080101-2”), the same
    the document template gives the cell; a whole table's is “table-5”.
    """
    if not finding.cells:
        return ""
    if finding.cells[0].is_printed_cell:
        return finding.cells[0].anchor
    match = TABLE_NUMBER.match(finding.table)
    return f"table-{match[1]}" if match else ""


def finding_id(rule_id, target):
    """Return a stable HTML id for the finding (rule_id, target), the same in every request."""
    digest = hashlib.sha1(target.encode()).hexdigest()[:10]
    return "finding-" + re.sub(r"[^0-9A-Za-z]+", "-", rule_id) + "-" + digest


@dataclass(frozen=True)
class FindingRow:
    """A finding with its figures as text, its link target and its explanation (or None)."""

    finding: object
    expected: str
    actual: str
    difference: str
    anchor: str
    explanation: object = None

    @property
    def needs_explanation(self):
        return self.finding.severity == Severity.WARNING

    @property
    def severity_label(self):
        return Severity(self.finding.severity).label

    @property
    def id(self):
        """Return an HTML id unique on the page for this finding."""
        return finding_id(self.finding.rule_id, self.finding.target)


@dataclass(frozen=True)
class FindingGroup:
    table: str
    rows: tuple
    title: str = ""

    @property
    def heading(self):
        return f"{self.table} {self.title}" if self.title else self.table


def _group_key(table):
    match = TABLE_NUMBER.match(table)
    return (0, int(match[1]), "") if match else (1, 0, table)


def group_findings(findings, explanations=None, titles=None):
    """Return FindingGroups by table (表1 … 表9, then other places), rows by severity then rule order.

    `explanations` maps (rule id, target) to an Explanation; `titles` maps a table number to its title.
    """
    explanations, titles = explanations or {}, titles or {}
    groups = {}
    for order, finding in enumerate(findings):
        difference = finding.difference
        row = FindingRow(
            finding=finding,
            expected=figure_text(finding.expected, finding.unit),
            actual=figure_text(finding.actual, finding.unit),
            difference=figure_text(difference, finding.unit) if difference is not None else "",
            anchor=document_anchor(finding),
            explanation=explanations.get((finding.rule_id, finding.target)),
        )
        groups.setdefault(finding.table or "其他", []).append(
            (SEVERITY_ORDER.get(finding.severity, 3), order, row)
        )
    return [
        FindingGroup(
            table,
            tuple(row for _s, _o, row in sorted(rows, key=lambda item: item[:2])),
            titles.get(_group_key(table)[1], "") if TABLE_NUMBER.match(table) else "",
        )
        for table, rows in sorted(groups.items(), key=lambda item: _group_key(item[0]))
    ]


@dataclass(frozen=True)
class SeverityCount:
    severity: str
    label: str
    count: int


def severity_counts(findings):
    """Return a SeverityCount for error, warning and notice, in that order."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[Severity(finding.severity)] += 1
    return [SeverityCount(str(severity), str(severity.label), count) for severity, count in counts.items()]
