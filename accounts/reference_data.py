"""Loading of reference data: classification subjects of an edition and report formats.

Files ship with the project under accounts/data/: the subjects of the editions 2022–2025 known from
published documents (each edition marked partial), and report formats. A bureau's complete list is
loaded with accounts.editions (`manage.py load_edition`, or the admin). A file that names an unknown parent, a malformed code or a code of the wrong level
is refused as a whole, with the code named.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from .format_schema import validate_format
from .models import CategoryRow, EconomicSubject, Edition, FunctionalSubject, ReportFormat, ReportTable

DATA_DIR = Path(__file__).resolve().parent / "data"
FUNCTIONAL_LENGTHS = {3: None, 5: 3, 7: 5}  # code length → parent code length
ECONOMIC_LENGTHS = {3: None, 5: 3}


def default_functional_file(edition):
    return DATA_DIR / f"functional_subjects_{edition}.csv"


def default_economic_file(edition):
    return DATA_DIR / f"economic_subjects_{edition}.csv"


def shipped_editions():
    """Return the years of the editions shipped with the project (a functional subjects file each)."""
    return sorted(int(path.stem.rsplit("_", 1)[1]) for path in DATA_DIR.glob("functional_subjects_*.csv"))


def _record_edition(edition):
    # A list loaded here holds the subjects known from published documents: the edition is partial
    # until a bureau loads the ministry's whole list (accounts.editions), which says otherwise.
    Edition.objects.get_or_create(year=edition, defaults={"partial": True, "source": "项目自带"})


def load_shipped_editions():
    """Load the subjects of every shipped edition; return [(year, functional, economic)] loaded.

    An edition a bureau loaded whole (not partial) is left as it is: the shipped lists would only
    restore names the bureau's file changed.
    """
    complete = set(Edition.objects.filter(partial=False).values_list("year", flat=True))
    loaded = []
    for year in shipped_editions():
        if year in complete:
            continue
        functional = load_functional_subjects(year, read_csv(default_functional_file(year)))
        economic = load_economic_subjects(year, read_csv(default_economic_file(year)))
        loaded.append((year, functional, economic))
    return loaded


def default_format_file(year, region="national"):
    return DATA_DIR / "formats" / f"{region}-{year}.json"


def read_csv(path):
    """Return the rows of a UTF-8 CSV file (a byte-order mark is tolerated) as dicts."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _validate_rows(rows, lengths, existing_codes, kind):
    errors = []
    codes = {}
    for number, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip()
        name = (row.get("name") or "").strip()
        parent = (row.get("parent") or "").strip()
        if not code.isdigit() or len(code) not in lengths:
            errors.append(
                f"第 {number} 行：{kind}科目编码“{code}”格式不正确（须为 {'/'.join(map(str, lengths))} 位数字）。"
            )
            continue
        if not name:
            errors.append(f"第 {number} 行：科目 {code} 缺少名称。")
        expected_parent = code[: lengths[len(code)]] if lengths[len(code)] else ""
        if parent != expected_parent:
            errors.append(
                f"第 {number} 行：科目 {code} 的上级科目应为“{expected_parent}”，文件中为“{parent}”。"
            )
        if code in codes:
            errors.append(f"第 {number} 行：科目编码 {code} 重复。")
        codes[code] = row
    for code in codes:
        parent = code[: lengths[len(code)]] if lengths[len(code)] else ""
        if parent and parent not in codes and parent not in existing_codes:
            errors.append(f"科目 {code} 的上级科目 {parent} 既不在文件中，也不在已有科目中。")
    if errors:
        raise ValidationError(errors)
    return codes


@transaction.atomic
def load_functional_subjects(edition, rows):
    """Create or update the functional subjects of `edition` from rows (code, name, parent, explanation).

    Return the number of subjects written.
    """
    existing = dict(FunctionalSubject.objects.filter(edition=edition).values_list("code", "pk"))
    codes = _validate_rows(rows, FUNCTIONAL_LENGTHS, existing, "功能分类")
    _record_edition(edition)
    by_code = {}
    for code in sorted(codes, key=lambda c: (len(c), c)):
        row = codes[code]
        parent_code = code[: FUNCTIONAL_LENGTHS[len(code)]] if FUNCTIONAL_LENGTHS[len(code)] else None
        parent = by_code.get(parent_code) or (
            FunctionalSubject.objects.get(edition=edition, code=parent_code) if parent_code else None
        )
        defaults = {"name": row["name"].strip(), "parent": parent}
        if (row.get("explanation") or "").strip():
            defaults["explanation"] = row["explanation"].strip()
        subject, _ = FunctionalSubject.objects.update_or_create(edition=edition, code=code, defaults=defaults)
        by_code[code] = subject
    return len(by_code)


@transaction.atomic
def load_economic_subjects(edition, rows):
    """Create or update the economic subjects of `edition` from rows (code, name, parent, group)."""
    existing = dict(EconomicSubject.objects.filter(edition=edition).values_list("code", "pk"))
    codes = _validate_rows(rows, ECONOMIC_LENGTHS, existing, "经济分类")
    groups = {choice.value for choice in EconomicSubject.Group}
    bad = [code for code, row in codes.items() if (row.get("group") or "").strip() not in groups]
    if bad:
        raise ValidationError([f"经济分类科目 {code} 的分组须为 personnel 或 operating。" for code in bad])
    _record_edition(edition)
    by_code = {}
    for code in sorted(codes, key=lambda c: (len(c), c)):
        row = codes[code]
        parent_code = code[:3] if len(code) == 5 else None
        parent = by_code.get(parent_code) or (
            EconomicSubject.objects.get(edition=edition, code=parent_code) if parent_code else None
        )
        subject, _ = EconomicSubject.objects.update_or_create(
            edition=edition,
            code=code,
            defaults={"name": row["name"].strip(), "parent": parent, "group": row["group"].strip()},
        )
        by_code[code] = subject
    return len(by_code)


def format_data(report_format):
    """Return a format as the data of its file (without year, region, variant and version)."""
    return {
        "name": report_format.name,
        "source": report_format.source,
        "line_numbers": report_format.line_numbers,
        "labels": report_format.labels,
        "document": report_format.document,
        "category_rows": [
            {
                "position": row.position,
                "code": row.code,
                "name": row.name,
                "summary_line": row.summary_line,
                "appropriation_line": row.appropriation_line,
            }
            for row in report_format.category_rows.order_by("position")
        ],
        "tables": [
            {
                "kind": table.kind,
                "number": table.number,
                "title": table.title,
                "notes": table.notes,
                "empty_sentence": table.empty_sentence,
                "layout": table.layout,
            }
            for table in report_format.tables.order_by("number")
        ],
    }


def _content(data):
    """Return a format file's data in the shape of `format_data`, defaults filled, parts in order."""
    return {
        "name": data["name"],
        "source": data.get("source", ""),
        "line_numbers": data.get("line_numbers", True),
        "labels": data.get("labels", {}),
        "document": data.get("document", {}),
        "category_rows": sorted(
            (
                {key: row[key] for key in ("position", "code", "name", "summary_line", "appropriation_line")}
                for row in data["category_rows"]
            ),
            key=lambda row: row["position"],
        ),
        "tables": sorted(
            (
                {
                    "kind": table["kind"],
                    "number": table["number"],
                    "title": table["title"],
                    "notes": table.get("notes", []),
                    "empty_sentence": table.get("empty_sentence", ""),
                    "layout": table.get("layout", {}),
                }
                for table in data["tables"]
            ),
            key=lambda table: table["number"],
        ),
    }


def _write_format(report_format, content):
    """Write `content` (see `_content`) into `report_format`, replacing its tables and 类 rows."""
    for field in ("name", "source", "line_numbers", "labels", "document"):
        setattr(report_format, field, content[field])
    report_format.save()
    # Queryset deletes and bulk creates skip the parts' own read-only guard: the format's save above
    # has just refused a format in use.
    ReportTable.objects.filter(report_format=report_format).delete()
    CategoryRow.objects.filter(report_format=report_format).delete()
    ReportTable.objects.bulk_create(
        ReportTable(report_format=report_format, **table) for table in content["tables"]
    )
    CategoryRow.objects.bulk_create(
        CategoryRow(report_format=report_format, **row) for row in content["category_rows"]
    )
    return report_format


@dataclass(frozen=True)
class LoadedFormat:
    """What loading a format file did: `outcome` is created, updated, unchanged or new_version."""

    report_format: ReportFormat
    outcome: str

    OUTCOMES = {"created": "已新建", "updated": "已更新", "unchanged": "未变", "new_version": "已建新版本"}

    def __str__(self):
        f = self.report_format
        variant = f" {f.variant}" if f.variant else ""
        return f"报表格式“{f.name}”（{f.region} {f.year}{variant} 第 {f.version} 版）：{self.OUTCOMES[self.outcome]}"


@transaction.atomic
def save_format_version(report_format, data):
    """Save changed `data` for `report_format`: in place when it is not in use, else as a new version.

    A format used by a submitted, approved or published final account is read-only; its changes become
    the next version of its (year, region, variant), which drafts take only when moved to it explicitly
    (final_accounts.use_format). `data` is validated first. Return a LoadedFormat.
    """
    validate_format(
        {
            **data,
            "year": report_format.year,
            "region": report_format.region,
            "variant": report_format.variant,
            "version": report_format.version,
        }
    )
    content = _content(data)
    if content == format_data(report_format):
        return LoadedFormat(report_format, "unchanged")
    if not report_format.is_in_use():
        return LoadedFormat(_write_format(report_format, content), "updated")
    return LoadedFormat(copy_format(report_format, content=content), "new_version")


def copy_format(report_format, *, variant=None, content=None):
    """Create and return a copy of `report_format` as the next version of its variant, or as `variant`.

    `content` (format data) replaces what is copied. The copy is not in use, so it can be edited.
    """
    variant = report_format.variant if variant is None else variant
    siblings = ReportFormat.objects.filter(
        year=report_format.year, region=report_format.region, variant=variant
    )
    version = (siblings.aggregate(top=Max("version"))["top"] or 0) + 1
    new = ReportFormat(year=report_format.year, region=report_format.region, variant=variant, version=version)
    return _write_format(new, content or format_data(report_format))


@transaction.atomic
def load_format_file(data):
    """Create or update a report format (tables and 类 rows) from its file's data; return a LoadedFormat.

    The data is validated against the schema first (format_schema) and refused as a whole, each error
    naming its field. Loading the same file twice changes nothing. A changed file for a version in use
    becomes a new version (see `save_format_version`); when a newer version already holds the file's
    content, nothing changes either.
    """
    validate_format(data)
    key = {
        "year": data["year"],
        "region": data["region"],
        "variant": data.get("variant", ""),
    }
    version = data.get("version", 1)
    content = _content(data)
    versions = list(ReportFormat.objects.filter(**key, version__gte=version).order_by("-version"))
    for existing in versions:
        if format_data(existing) == content:
            return LoadedFormat(existing, "unchanged")
    stated = next((f for f in versions if f.version == version), None)
    if stated is None and not versions:
        return LoadedFormat(_write_format(ReportFormat(**key, version=version), content), "created")
    newest = versions[0]
    if newest == stated and not stated.is_in_use():
        return LoadedFormat(_write_format(stated, content), "updated")
    return LoadedFormat(copy_format(newest, content=content), "new_version")


def load_report_format(data):
    """Load a report format from its file's data (see `load_format_file`) and return it."""
    return load_format_file(data).report_format


def shipped_format_files():
    """Return the format files shipped in accounts/data/formats/, in name order (not the schema)."""
    return sorted(path for path in (DATA_DIR / "formats").glob("*.json") if path.name != "schema.json")


def read_format_file(path):
    """Return the data of a format file, or raise ValidationError naming the file when it is not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{Path(path).name}：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。"
        ) from exc


def load_shipped_formats():
    """Load every format file shipped in accounts/data/formats/; return a LoadedFormat for each.

    A file with errors is refused with the file's name in front of each error, and nothing is loaded.
    """
    loaded = []
    with transaction.atomic():
        for path in shipped_format_files():
            try:
                loaded.append(load_format_file(read_format_file(path)))
            except ValidationError as exc:
                raise ValidationError([f"{path.name}：{message}" for message in exc.messages]) from exc
    return loaded


def load_shipped_reference_data(edition=2022):
    """Load the subjects and the national format shipped with the project for `edition`."""
    functional = load_functional_subjects(edition, read_csv(default_functional_file(edition)))
    economic = load_economic_subjects(edition, read_csv(default_economic_file(edition)))
    with open(default_format_file(edition), encoding="utf-8") as handle:
        report_format = load_report_format(json.load(handle))
    return functional, economic, report_format
