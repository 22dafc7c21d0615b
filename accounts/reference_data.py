"""Loading of reference data: classification subjects of an edition and report formats.

Files ship with the project under accounts/data/: the subjects of the editions 2022–2025 known from
published documents (each edition marked partial), and report formats. A bureau's complete list is
loaded with accounts.editions (`manage.py load_edition`, or the admin). A file that names an unknown parent, a malformed code or a code of the wrong level
is refused as a whole, with the code named.
"""

import csv
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

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


@transaction.atomic
def load_report_format(data):
    """Create or update a report format (tables and 类 rows) from its JSON description."""
    report_format, _ = ReportFormat.objects.update_or_create(
        year=data["year"],
        region=data.get("region", "national"),
        variant=data.get("variant", ""),
        version=data.get("version", 1),
        defaults={
            "name": data["name"],
            "line_numbers": data.get("line_numbers", True),
            "document": data.get("document", {}),
            "source": data.get("source", ""),
        },
    )
    report_format.tables.all().delete()
    report_format.category_rows.all().delete()
    ReportTable.objects.bulk_create(
        ReportTable(
            report_format=report_format,
            kind=table["kind"],
            number=table["number"],
            title=table["title"],
            notes=table.get("notes", []),
            empty_sentence=table.get("empty_sentence", ""),
            layout=table.get("layout", {}),
        )
        for table in data["tables"]
    )
    CategoryRow.objects.bulk_create(
        CategoryRow(report_format=report_format, **row) for row in data["category_rows"]
    )
    return report_format


def load_shipped_reference_data(edition=2022):
    """Load the subjects and the national format shipped with the project for `edition`."""
    functional = load_functional_subjects(edition, read_csv(default_functional_file(edition)))
    economic = load_economic_subjects(edition, read_csv(default_economic_file(edition)))
    with open(default_format_file(edition), encoding="utf-8") as handle:
        report_format = load_report_format(json.load(handle))
    return functional, economic, report_format
