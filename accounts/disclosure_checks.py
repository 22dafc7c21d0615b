"""Checking a disclosure made elsewhere (a PDF with a text layer, a workbook) without saving anything.

`check_document` recognises the year, department and format a document prints, reads it into a
throwaway final account inside a transaction that is always rolled back, and runs the rules a
document can be checked by (`document_rules`) over the facts it gives, its printed narrative among them
(rules/printed_texts.py). What it returns is plain data: the findings in the shape
`check_final_accounts --format json` prints, and the problems that kept a table or page from being read.

A bureau checks many at once: `documents_of` unpacks an upload (ZIPs checked before they are inflated),
`start_disclosure_check` stores the documents and starts a job, and `check_batch` (the job's work) checks
each, deletes the uploads and leaves a report: per document, a summary table, XLSX and CSV.
"""

import csv
import io
import re
import uuid
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.urls import reverse

from . import jobs
from .final_accounts import format_and_edition, formats_for, region_name
from .importing import reading
from .importing.applying import ImportRefused, apply_import
from .importing.recognising import TITLE_ROWS, recognise, sheet_department, sheet_year
from .models import Department, FinalAccount, FinanceBureau, Job, ReportFormat, ReportTable
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


def check_document(data, filename="", *, bureau=None):
    """Read the disclosure `data` (bytes) and check it; save nothing. Return a DocumentCheck.

    The year is the one its table titles print, the department the one its “部门：” lines name, the
    format the one (of `bureau`'s region first, then of any region with a format for the year) whose
    tables it prints. Never raises for a bad file: what cannot be read is a problem of the result.
    """
    check = DocumentCheck(filename=filename)
    try:
        grids = reading.open_document(data)
    except reading.WorkbookError as error:
        check.problems.append(str(error))
        return check
    except Exception as error:  # noqa: BLE001 — a reader's failure on odd bytes is this file's problem only
        check.problems.append(f"无法读取文件（{type(error).__name__}）。")
        return check
    years = Counter(year for grid in grids if (year := _grid_year(grid)) is not None)
    if not years and grids.year:
        years[grids.year] += 1  # a PDF's cover
    if not years and (match := FILENAME_YEAR.search(filename)):
        years[int(match.group(1))] += 1
    departments = Counter(name for grid in grids if (name := sheet_department(grid)))
    check.department = departments.most_common(1)[0][0] if departments else grids.department
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
    if not any(figure.value for figure in result.figures):
        # A template (placeholders where figures go) or a file of empty tables: nothing to check, and
        # its placeholders are not slips.
        check.problems.append("文件中的报表没有任何金额，是未填写的模板或空表，未核对。")
        return
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
# (R28), the department's own texts (C1, C2) and its self-evaluation (C3, C4: kept as printed, not read
# as tables). A document's tables do not carry them, and its narrative is checked by the text rules:
# their findings would only say that these were not entered.
NOT_IN_DOCUMENTS = frozenset(
    (
        "P2",
        "P4",
        "P5",
        "P6",
        "P7",
        "Y1",
        "Y2",
        "S1",
        "S2",
        "S3",
        "S4",
        "S5",
        "R27",
        "R28",
        "C1",
        "C2",
        "C3",
        "C4",
    )
)


def document_rules():
    """Return the registered rules a document's tables and narrative can be checked by."""
    return [rule for rule in registered_rules() if rule.id not in NOT_IN_DOCUMENTS]


# A batch a bureau uploads: PDFs or workbooks, one by one or in ZIP files. A disclosure PDF is a few
# hundred KB to a few MB; a district's year is a few dozen of them.
MAX_DOCUMENTS = 100
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_BATCH_BYTES = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100  # PDFs and workbooks are compressed already: a member inflating more is a bomb
DOCUMENT_SUFFIXES = (".pdf", ".xlsx")


class BatchError(Exception):
    """The upload as a whole cannot be taken; the message says why, in Chinese."""


@dataclass(frozen=True)
class Upload:
    """One document of a batch, or a line of the report for a file that is no document (`problem`)."""

    name: str
    data: bytes = b""
    problem: str = ""


def documents_of(files):
    """Return the Uploads of uploaded `files` ((name, bytes) pairs), ZIP files unpacked, or raise BatchError.

    A ZIP is checked before it is inflated (members, declared sizes, compression ratio, as
    reading.check_zip checks a workbook); a file inside it that is not a .pdf or .xlsx, or too large,
    becomes one line of the report, not a refusal of the batch.
    """
    uploads = []
    for name, data in files:
        if name.lower().endswith(".zip"):
            uploads += _unpacked(name, data)
        else:
            uploads.append(_document(name, data))
    total = sum(len(upload.data) for upload in uploads)
    if total > MAX_BATCH_BYTES:
        raise BatchError(
            f"文件解压后共 {total / 1024 / 1024:.1f} MB，超过上限 {MAX_BATCH_BYTES // 1024 // 1024} MB。"
        )
    if len(uploads) > MAX_DOCUMENTS:
        raise BatchError(f"共 {len(uploads)} 个文件，超过一次核对的上限 {MAX_DOCUMENTS} 个，请分批上传。")
    if not uploads:
        raise BatchError("没有上传任何文件。")
    return uploads


def _document(name, data):
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        return Upload(name, problem="不是 PDF 或 .xlsx 文件，未核对。")
    if len(data) > MAX_DOCUMENT_BYTES:
        return Upload(
            name,
            problem=f"文件大小 {len(data) / 1024 / 1024:.1f} MB 超过上限 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，未核对。",
        )
    return Upload(name, data)


def _unpacked(name, data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return [Upload(name, problem="ZIP 文件已损坏，无法解压。")]
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
        if len(members) > MAX_DOCUMENTS:
            raise BatchError(f"{name} 内含 {len(members)} 个文件，超过上限 {MAX_DOCUMENTS} 个，请分批上传。")
        declared = sum(member.file_size for member in members)
        if declared > MAX_BATCH_BYTES:
            raise BatchError(
                f"{name} 解压后共 {declared / 1024 / 1024:.1f} MB，超过上限 {MAX_BATCH_BYTES // 1024 // 1024} MB。"
            )
        uploads = []
        for member in members:
            member_name = f"{name}/{member.filename}"
            if member.file_size > MAX_DOCUMENT_BYTES:
                uploads.append(Upload(member_name, problem="文件过大，未核对。"))
            elif member.file_size > 1024 * 1024 and member.file_size > MAX_ZIP_RATIO * max(
                member.compress_size, 1
            ):
                uploads.append(
                    Upload(member_name, problem=f"压缩比超过 {MAX_ZIP_RATIO}:1，可能是压缩炸弹，未解压。")
                )
            elif not member.filename.lower().endswith(DOCUMENT_SUFFIXES):
                uploads.append(Upload(member_name, problem="不是 PDF 或 .xlsx 文件，未核对。"))
            else:
                try:
                    # zipfile stops at the declared size and checks the CRC: the size bounds the work.
                    uploads.append(Upload(member_name, archive.read(member)))
                except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
                    uploads.append(Upload(member_name, problem="无法解压（文件损坏或已加密）。"))
    return uploads


def _hidden(path):
    # Archives made on a Mac carry __MACOSX/._name shadows of every file.
    return path.startswith("__MACOSX/") or path.rsplit("/", 1)[-1].startswith(".")


def start_disclosure_check(bureau, uploads, *, by):
    """Store the batch's documents and start the job that checks them; return (job, created)."""
    token = uuid.uuid4().hex
    files = []
    for index, upload in enumerate(uploads):
        entry = {"name": upload.name, "problem": upload.problem, "path": ""}
        if not upload.problem:
            entry["path"] = default_storage.save(
                f"disclosure-checks/{token}/{index}.bin", ContentFile(upload.data)
            )
        files.append(entry)
    return jobs.start_job(
        Job.Kind.DISCLOSURE_CHECK,
        key=f"disclosure-check:{token}",
        title=f"{bureau.name}：{len(uploads)} 个文件",
        owner=by,
        bureau=bureau,
        params={"files": files},
    )


def check_batch(job, progress):
    """The work of a disclosure-check job: check each stored document, report, delete the uploads."""
    files = job.params.get("files", [])
    documents = []
    try:
        for done, entry in enumerate(files):
            progress.report(
                5 + 85 * done // max(len(files), 1), f"正在核对 {entry['name']}（{done + 1} / {len(files)}）"
            )
            if entry["problem"]:
                documents.append(DocumentCheck(filename=entry["name"], problems=[entry["problem"]]))
                continue
            with default_storage.open(entry["path"], "rb") as stored:
                data = stored.read()
            try:
                documents.append(check_document(data, entry["name"], bureau=job.bureau))
            except Exception as error:  # noqa: BLE001 — one unreadable document must not stop the batch
                documents.append(
                    DocumentCheck(
                        filename=entry["name"], problems=[f"核对时出错（{type(error).__name__}），未能核对。"]
                    )
                )
    finally:
        for entry in files:
            if entry["path"]:
                default_storage.delete(entry["path"])
    progress.report(92, "正在生成汇总表")
    filename = f"disclosure-checks-{job.pk}.xlsx"
    stored = progress.store_file(filename, report_xlsx(documents))
    checked = [d for d in documents if d.checked]
    return jobs.Outcome(
        step=f"已核对 {len(checked)} / {len(documents)} 个文件",
        url=reverse("accounts:disclosure-check-report", kwargs={"pk": job.pk}),
        file=stored,
        filename=filename,
        summary={"documents": [document.as_dict() for document in documents]},
    )


SUMMARY_HEADER = ("文件", "部门", "年度", "格式", "错误", "警告", "提示", "无法读取")
FINDING_HEADER = (
    "文件",
    "部门",
    "年度",
    "级别",
    "规则",
    "位置",
    "说明",
    "应为",
    "实际",
    "差额",
    "单位",
    "原文",
)


def summary_rows(documents):
    """Return the summary table of a batch: one row per document (dicts as DocumentCheck.as_dict gives)."""
    rows = []
    for document in documents:
        counts = document["counts"]
        rows.append(
            (
                document["file"],
                document["department"],
                document["year"] or "",
                document["format"],
                counts.get("error", 0),
                counts.get("warning", 0),
                counts.get("notice", 0),
                "；".join(document["problems"]),
            )
        )
    return rows


def finding_rows(documents):
    """Return one row per finding (and per problem) of a batch's documents."""
    labels = {str(severity): str(severity.label) for severity in Severity}
    rows = []
    for document in documents:
        lead = (document["file"], document["department"], document["year"] or "")
        for problem in document["problems"]:
            rows.append((*lead, "无法读取", "", "", problem, "", "", "", "", ""))
        for finding in document["findings"]:
            rows.append(
                (
                    *lead,
                    labels.get(finding["severity"], finding["severity"]),
                    finding["rule_id"],
                    "；".join(finding["cells"]),
                    finding["message"],
                    finding["expected"] or "",
                    finding["actual"] or "",
                    finding["difference"] or "",
                    finding["unit"],
                    finding["sentence"],
                )
            )
    return rows


def report_xlsx(documents):
    """Return the .xlsx of a batch: a summary sheet (one row per document) and a sheet of findings."""
    from openpyxl import Workbook

    entries = [
        document.as_dict() if isinstance(document, DocumentCheck) else document for document in documents
    ]
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(SUMMARY_HEADER)
    for row in summary_rows(entries):
        summary.append(row)
    findings = book.create_sheet("问题清单")
    findings.append(FINDING_HEADER)
    for row in finding_rows(entries):
        findings.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_csv(documents):
    """Return the findings of a batch as CSV (UTF-8 with BOM, which Excel opens as UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FINDING_HEADER)
    writer.writerows(finding_rows(documents))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@task(takes_context=True)
def check_disclosures(context, job_id):
    return jobs.run_job(job_id, context.task_result.id, check_batch)


jobs.register_task(Job.Kind.DISCLOSURE_CHECK, check_disclosures)
