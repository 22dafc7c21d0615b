"""Checking a disclosure made elsewhere (a PDF with a text layer, a workbook) without saving anything.

`check_document` recognises the year, department and format a document prints, reads it into a
throwaway final account inside a transaction that is always rolled back, and runs every rule over the
facts it gives, its printed narrative among them (rules/printed_texts.py). What it returns is plain
data: the findings in the shape `check_final_accounts --format json` prints, and the problems that
kept a table or page from being read.
"""

import re
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from .final_accounts import format_and_edition, formats_for, region_name
from .importing import reading
from .importing.applying import ImportRefused, apply_import
from .importing.recognising import TITLE_ROWS, recognise, sheet_department, sheet_year
from .models import Department, FinalAccount, FinanceBureau, ReportFormat, ReportTable
from .rules import Severity, evaluate
from .rules.printed_texts import LOADER as PRINTED_TEXTS
from .rules.registry import registered_loaders, registered_rules
from .statements import build_statements, load_facts

SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTICE: 2}


@dataclass
class DocumentCheck:
    """What checking one document found: its format, department, year, findings and problems.

    `findings` are Finding.as_dict() entries; `problems` are Chinese sentences, each a table, page or
    file that could not be read. A document with problems and no findings was not checked.
    """

    filename: str
    format_name: str = ""
    region: str = ""
    variant: str = ""
    department: str = ""
    year: int | None = None
    findings: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    printed_texts: int = 0

    @property
    def counts(self):
        counted = Counter(finding["severity"] for finding in self.findings)
        return {str(severity): counted.get(str(severity), 0) for severity in SEVERITY_RANK}

    @property
    def checked(self):
        return self.year is not None and not self.problems

    def as_dict(self):
        """The entry `check_disclosure --format json` prints, in the shape of check_final_accounts'."""
        return {
            "final_account": f"{self.department or '（未识别部门）'}/{self.year or ''}",
            "name": f"{self.department or '（未识别部门）'} {self.year or ''} 年度部门决算".strip(),
            "file": self.filename,
            "format": self.format_name,
            "region": self.region,
            "variant": self.variant,
            "department": self.department,
            "year": self.year,
            "counts": {key: value for key, value in self.counts.items() if value},
            "findings": self.findings,
            "problems": self.problems,
        }


def open_document(data):
    """Return the SheetGrids of `data`: a PDF where the reader of PDFs is present, else an .xlsx workbook."""
    opener = getattr(reading, "open_document", None) or reading.open_workbook
    return opener(data)


def check_document(data, filename="", *, bureau=None):
    """Read the disclosure `data` (bytes) and check it; save nothing. Return a DocumentCheck.

    The year is the one its table titles print, the department the one its “部门：” lines name, the
    format the one (of `bureau`'s region first, then of any region with a format for the year) whose
    tables it prints. Never raises for a bad file: what cannot be read is a problem of the result.
    """
    check = DocumentCheck(filename=filename)
    try:
        grids = open_document(data)
    except reading.WorkbookError as error:
        check.problems.append(str(error))
        return check
    years = Counter(year for grid in grids if (year := _grid_year(grid)) is not None)
    if not years and (match := FILENAME_YEAR.search(filename)):
        years[int(match.group(1))] += 1
    departments = Counter(name for grid in grids if (name := sheet_department(grid)))
    check.department = departments.most_common(1)[0][0] if departments else ""
    if not years:
        check.problems.append("未能从报表标题中识别决算年度（如“2022年度收入支出决算总表”），无法核对。")
        return check
    check.year = years.most_common(1)[0][0]
    report_format = recognised_format(grids, check.year, bureau=bureau)
    if report_format is None:
        check.problems.append(f"没有哪一种 {check.year} 年度的报表格式与文件中的报表标题相符，无法核对。")
        return check
    check.format_name = str(report_format)
    check.region, check.variant = report_format.region, report_format.variant
    with transaction.atomic():
        try:
            _check_in_throwaway_account(check, data, filename, report_format)
        finally:
            transaction.set_rollback(True)
    return check


FILENAME_YEAR = re.compile(r"(?<!\d)(20[0-9]{2})(?!\d)")
YEAR_WORDS = re.compile(r"(?<!\d)(20[0-9]{2})\s*年度")


def _grid_year(grid):
    """Return the year a grid's title rows print (“2022年度…”, “…2022年度部门决算”), or None."""
    for row in range(1, TITLE_ROWS + 1):
        year = sheet_year(grid, row)
        if year is not None:
            return year
    for (row, _column), value in sorted(grid.cells.items()):
        if row > TITLE_ROWS:
            break
        if isinstance(value, str) and (match := YEAR_WORDS.search(value)):
            return int(match.group(1))
    return None


def recognised_format(grids, year, *, bureau=None):
    """Return the ReportFormat (region and variant) of `year` whose tables the grids print best, or None.

    Best: most of its tables found by title, then fewest reading errors; the bureau's region, then the
    national format, win a tie.
    """
    regions = ReportFormat.objects.filter(year__lte=year).values_list("region", flat=True).distinct()
    candidates = [
        report_format for region in sorted(set(regions)) for report_format in formats_for(year, region)
    ]
    if not candidates:
        return None
    tables = {}
    for table in ReportTable.objects.filter(report_format__in=candidates):
        tables.setdefault(table.report_format_id, {})[table.kind] = table
    preferred = bureau.region if bureau is not None else "national"

    def fit(report_format):
        found, errors, _notices, _warnings = recognise(grids, tables.get(report_format.pk, {}))
        return (
            len(found),
            -len(errors),
            report_format.region == preferred,
            report_format.region == "national",
        )

    scored = [(fit(report_format), report_format) for report_format in candidates]
    best_fit, best = max(scored, key=lambda item: item[0])
    return best if best_fit[0] else None


def _check_in_throwaway_account(check, data, filename, report_format):
    """Import into a new department of a new bureau of the format's region and check; the caller rolls back."""
    token = uuid.uuid4().hex[:12]
    bureau = FinanceBureau.objects.create(
        slug=f"check-{token}",
        name=f"{region_name(report_format.region)}（核对用）",
        region=report_format.region,
    )
    name = check.department or "（未识别部门）"
    department = Department.objects.create(
        bureau=bureau, slug=f"doc-{token}", name=name[:100], format_variant=report_format.variant
    )
    try:
        _format, edition = format_and_edition(report_format.region, check.year, report_format.variant)
    except ValidationError as error:
        check.problems += error.messages
        return
    final_account = FinalAccount.objects.create(
        department=department, year=check.year, report_format=report_format, edition=edition
    )
    try:
        result = apply_import(final_account, data, by=None, filename=filename, accept_new_subjects=False)
    except ImportRefused as refused:
        check.problems += [str(problem) for problem in refused.result.errors]
        return
    check.printed_texts = len(result.printed_texts)
    findings = findings_with_texts(final_account, result.printed_texts, rules=document_rules())
    check.findings = [finding.as_dict() for finding in findings]


def findings_with_texts(final_account, printed_texts, *, rules=None):
    """Return the findings of `rules` (default: every rule) over `final_account`, its printed narrative
    `printed_texts` among the texts the text rules read. Queries: load_facts and the registered loaders."""
    facts = load_facts(final_account)
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    extra[PRINTED_TEXTS] = list(printed_texts)
    return evaluate(facts, build_statements(facts), extra=extra, rules=rules)


# Rules about what the system holds beside the nine tables: 年初预算 (P2, P5, P6), last year's figures (P4,
# P7, Y1, Y2), stated figures and counts (S1–S5, R27 with the units' types), the notes under the tables
# (R28) and the department's own texts (C1, C2). A document's tables do not carry them, and its narrative
# is checked by the text rules: their findings would only say that these were not entered.
NOT_IN_DOCUMENTS = frozenset(
    ("P2", "P4", "P5", "P6", "P7", "Y1", "Y2", "S1", "S2", "S3", "S4", "S5", "R27", "R28", "C1", "C2")
)


def document_rules():
    """Return the registered rules a document's tables and narrative can be checked by."""
    return [rule for rule in registered_rules() if rule.id not in NOT_IN_DOCUMENTS]
