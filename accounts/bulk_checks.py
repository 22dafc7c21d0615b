"""Bulk checks: every rule over many final accounts (a bureau, a province), as a CSV of findings."""

import csv
import io

from .rules import Severity, check_final_accounts
from .rules.presentation import figure_text

CHUNK = 200  # accounts checked per set-based pass: the queries do not grow with it, memory does

HEADER = ["部门", "部门决算", "年度", "状态", "规则", "级别", "位置", "问题", "应为", "实际", "差额"]


def check_in_bulk(final_accounts, *, report=None):
    """Check `final_accounts` chunk by chunk; return (CSV bytes, summary counts).

    `report(done, total)` is called after each chunk. The CSV has one row per finding, and one row
    saying 无 for an account without any, so that every account checked is listed.
    """
    final_accounts = list(final_accounts)
    out = io.StringIO()
    out.write("\ufeff")  # so that Excel opens the UTF-8 file as such
    writer = csv.writer(out)
    writer.writerow(HEADER)
    counts = {"accounts": len(final_accounts), "with_errors": 0, "error": 0, "warning": 0, "notice": 0}
    for start in range(0, len(final_accounts), CHUNK):
        chunk = final_accounts[start : start + CHUNK]
        found = check_final_accounts(chunk)
        for final_account in chunk:
            findings = found[final_account.pk]
            first = [
                final_account.department.path,
                final_account.department.name,
                final_account.year,
                final_account.get_status_display(),
            ]
            if not findings:
                writer.writerow([*first, "", "", "", "无", "", "", ""])
            for finding in findings:
                severity = Severity(finding.severity)
                counts[str(severity)] += 1
                writer.writerow(
                    [
                        *first,
                        finding.rule_id,
                        severity.label,
                        _safe(finding.target),
                        _safe(finding.message),
                        figure_text(finding.expected, finding.unit),
                        figure_text(finding.actual, finding.unit),
                        figure_text(finding.difference, finding.unit),
                    ]
                )
            counts["with_errors"] += any(f.severity == Severity.ERROR for f in findings)
        if report is not None:
            report(min(start + CHUNK, len(final_accounts)), len(final_accounts))
    return out.getvalue().encode("utf-8"), counts


def _safe(text):
    """Keep text from running as a formula when the CSV is opened in Excel (“=HYPERLINK(…)”)."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
