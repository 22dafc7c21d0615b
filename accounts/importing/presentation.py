"""Findings and changes of an import as lines of text, for the preview page and the command."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .. import formatting
from ..rules.engine import SEVERITY_ORDER, Severity

YUAN, WANYUAN = "元", "万元"


def wanyuan(value):
    return f"{formatting.to_wanyuan(value):,.2f} 万元"


def amount(value, unit=WANYUAN):
    """An amount in 元 as the file printed it: in 元 for a file in 元, else rounded 万元."""
    return f"{value:,.2f} 元" if unit == YUAN else wanyuan(value)


def file_unit(result):
    """The unit the import's file printed its tables in: 元 when every table is in 元."""
    return YUAN if result.units and set(result.units) == {"yuan"} else WANYUAN


def finding_figures(finding, unit=WANYUAN):
    """Return “应为 …，印制/实为 …，相差 …” of a finding with amounts, or ""."""
    if finding.expected is None or finding.actual is None or finding.unit != "元":
        return ""
    return (
        f"应为 {amount(finding.expected, unit)}，实为 {amount(finding.actual, unit)}，"
        f"相差 {amount(finding.difference, unit)}"
    )


def finding_line(finding, unit=WANYUAN):
    """Return one line of text naming the severity, rule, cells, message and figures of `finding`."""
    cells = "、".join(finding.labels)
    text = f"[{Severity(finding.severity).label}] {finding.rule_id} {cells} {finding.message}".replace(
        "  ", " "
    )
    detail = finding.sentence or finding_figures(finding, unit)
    return f"{text}：{detail}" if detail else text


@dataclass(frozen=True)
class FindingRow:
    """A finding arranged for the preview table."""

    finding: object
    severity_label: str
    cells: str
    figures: str


def finding_rows(findings, unit=WANYUAN):
    """Return FindingRows, errors first, then warnings, then notices, each in rule order; figures in `unit`."""
    ordered = sorted(enumerate(findings), key=lambda pair: (SEVERITY_ORDER.get(pair[1].severity, 3), pair[0]))
    return [
        FindingRow(
            finding=finding,
            severity_label=Severity(finding.severity).label,
            cells="、".join(finding.labels),
            figures=finding.sentence or finding_figures(finding, unit),
        )
        for _, finding in ordered
    ]


@dataclass(frozen=True)
class ChangeRow:
    field: str
    old: str
    new: str


def change_rows(changes):
    """Return the changes with amounts shown in 元 with separators (“16,734,300.00”)."""

    def shown(value):
        try:
            return formatting.yuan_amount(Decimal(value))
        except InvalidOperation:
            return value

    return [ChangeRow(change.label, shown(change.old), shown(change.new)) for change in changes]
