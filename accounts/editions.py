"""Editions of 《政府收支分类科目》: a bureau's file read, compared with the previous edition and applied;
and the subjects a final account uses that its edition lacks, pending until confirmed or mapped.

The ministry issues the classification every year as a workbook (科目编码, 科目名称, 说明); a bureau loads
it whole for a year. `read_edition_file` reads such a workbook (.xlsx) or a CSV (UTF-8 or GB18030) and
finds its columns by their header text (see HEADERS and docs/editions.md); `compare_edition` lists what it
adds, renames and retires against another edition; `apply_edition` makes an edition's subjects those of
the file in a constant number of queries. Nothing is written when any row is wrong: every problem is
named with its row.

A code the edition lacks never stops an accountant: `add_pending_subject` keeps it as a subject pending
confirmation for that final account alone (`pending_for`), its figures held as any other. A reviewer of
the account's bureau or an administrator then confirms it into the edition (`confirm_pending_subject`)
or maps it to a code the edition has (`map_pending_subject`, which moves its figures through
accounts.editing, recorded). Until then a finding (P1) tells the reviewer and publication is refused.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from . import editing
from .addresses import Address
from .models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    EconomicSubject,
    Edition,
    ExpenditureFact,
    FinalAccount,
    FreeText,
    FunctionalSubject,
    IncomeFact,
)
from .queries import final_accounts_for

KINDS = {"functional": FunctionalSubject, "economic": EconomicSubject}
KIND_LABELS = {"functional": "功能分类", "economic": "经济分类"}
# Code length → the length of its parent's code (None: a 类).
PARENT_LENGTHS = {"functional": {3: None, 5: 3, 7: 5}, "economic": {3: None, 5: 3}}
# The facts that name a subject, per kind: a subject they name cannot be retired.
FACT_MODELS = {
    "functional": (IncomeFact, ExpenditureFact, Balance, Budget, FreeText),
    "economic": (BasicExpenditureDetail,),
}
# 表6 groups 301 工资福利支出 and 303 对个人和家庭的补助 as 人员经费, the rest as 公用经费 (and the
# 政府预算 经济分类 501/509 alike); a file may say otherwise in a 分组 column.
PERSONNEL_CATEGORIES = {"301", "303", "501", "509"}

# Bounds: a whole edition has about 1,500 项 (some 3,000 rows with 类 and 款); a file ten times that is
# not an edition. The limits keep reading a hostile upload to a second or two.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 30000
MAX_COLUMNS = 30
HEADER_ROWS = 30  # the header is looked for in the first rows (a title may come first)
MAX_LISTED_ERRORS = 100

# Header texts, compared without blanks and asterisks; the first found wins. Split codes: 类/款/项.
HEADERS = {
    "code": ("科目编码", "科目代码", "编码", "代码", "code"),
    "name": ("科目名称", "名称", "name"),
    "explanation": ("科目说明", "说明", "备注", "注释", "explanation"),
    "group": ("表6分组", "分组", "经费类型", "group"),
}
SPLIT_HEADERS = ("类", "款", "项")
GROUP_VALUES = {
    "人员经费": EconomicSubject.Group.PERSONNEL,
    "personnel": EconomicSubject.Group.PERSONNEL,
    "公用经费": EconomicSubject.Group.OPERATING,
    "operating": EconomicSubject.Group.OPERATING,
}
BLANKS = re.compile(r"[\s\u3000*＊]+")


@dataclass(frozen=True)
class SubjectLine:
    """One subject as a file gives it, with the row it was read from."""

    row: int
    code: str
    name: str
    explanation: str = ""
    group: str = ""

    @property
    def level(self):
        return {3: "类", 5: "款", 7: "项"}[len(self.code)]


@dataclass
class EditionFile:
    """The subjects of one kind read from a bureau's file, and how its columns were found."""

    kind: str
    lines: list  # SubjectLine, in the file's order
    layout: str  # Chinese: which columns were read

    @property
    def codes(self):
        return {line.code: line for line in self.lines}


@dataclass
class EditionChanges:
    """What a file changes in an edition: subjects added, renamed, retired; those left as they are."""

    kind: str
    year: int
    base: int | None  # the edition compared with
    added: list = field(default_factory=list)  # SubjectLine
    renamed: list = field(default_factory=list)  # (code, old name, new name)
    retired: list = field(default_factory=list)  # (code, name)
    kept_in_use: list = field(default_factory=list)  # (code, name): retired by the file, still used
    explained: int = 0  # explanations (or 表6 groups) changed
    unchanged: int = 0


# --- Reading a bureau's file ---------------------------------------------------------------------------


def read_edition_file(data, *, filename="", kind=None):
    """Return the EditionFile in `data` (bytes of an .xlsx workbook or a CSV), or raise ValidationError.

    `kind` ("functional" or "economic") is inferred from the codes when not given (2… 功能分类,
    3…/5… 经济分类). Every problem is listed with its row: missing columns, malformed or duplicate
    codes, a subject whose parent the file lacks, a code without a name.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            f"文件大小 {len(data) / 1024 / 1024:.1f} MB 超过上限 {MAX_FILE_BYTES // 1024 // 1024} MB。",
            code="too_large",
        )
    if data[:2] == b"PK":
        rows = _workbook_rows(data)
    elif filename.lower().endswith((".xls", ".et")) or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ValidationError(
            "不支持旧版 .xls 工作簿，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后上传。", code="old_format"
        )
    else:
        rows = _csv_rows(data)
    header_row, columns = _find_header(rows)
    lines, errors = _read_lines(rows, header_row, columns)
    if not lines and not errors:
        raise ValidationError("文件的表头下没有任何科目行。", code="empty")
    kind = kind or _infer_kind(lines)
    errors += _check_lines(lines, kind)
    if errors:
        listed = errors[:MAX_LISTED_ERRORS]
        if len(errors) > MAX_LISTED_ERRORS:
            listed.append(f"……另有 {len(errors) - MAX_LISTED_ERRORS} 处错误未列出。")
        raise ValidationError(listed, code="invalid")
    return EditionFile(kind=kind, lines=lines, layout=_layout_text(header_row, columns))


def _workbook_rows(data):
    """Return [(row number, [cell values])] of the first sheet that has a header, read-only."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError("文件已损坏，无法作为 .xlsx 工作簿打开。", code="unreadable") from None
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise ValidationError("工作簿解压后过大，不像是科目表，已拒绝。", code="too_large")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds (KeyError, ParseError, InvalidFileException …)
        raise ValidationError(f"无法读取工作簿：{type(error).__name__}。", code="unreadable") from None
    try:
        first = None
        for worksheet in workbook.worksheets:
            rows = []
            for number, values in enumerate(
                worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
            ):
                if number > MAX_ROWS + HEADER_ROWS:
                    raise ValidationError(
                        f"工作表“{worksheet.title}”超过 {MAX_ROWS} 行，不像是一个年度的科目表。",
                        code="too_long",
                    )
                rows.append((number, list(values)))
            if first is None:
                first = rows
            try:
                _find_header(rows)
            except ValidationError:
                continue
            return rows
        return first or []
    finally:
        workbook.close()


def _csv_rows(data):
    """Return [(line number, [cells])] of a CSV in UTF-8 (with or without BOM) or GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError("无法识别文件的编码：CSV 须为 UTF-8 或 GB18030（GBK）编码。", code="encoding")
    if "\x00" in text:
        raise ValidationError("文件不是 CSV 文本，也不是 .xlsx 工作簿。", code="not_text")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for number, cells in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if number > MAX_ROWS + HEADER_ROWS:
            raise ValidationError(f"文件超过 {MAX_ROWS} 行，不像是一个年度的科目表。", code="too_long")
        rows.append((number, cells[:MAX_COLUMNS]))
    return rows


def _header_text(value):
    return BLANKS.sub("", str(value or "")).lower()


def _find_header(rows):
    """Return (header row number, {role: column index or (类, 款, 项) indexes}), or raise ValidationError."""
    for number, values in rows[:HEADER_ROWS]:
        texts = [_header_text(value) for value in values]
        columns = {}
        for role, names in HEADERS.items():
            for name in names:
                hits = [i for i, text in enumerate(texts) if text == name]
                if not hits and role in ("code", "name"):
                    # “功能分类科目编码”, “经济分类科目名称”: a longer header ending in the expected word.
                    hits = [i for i, text in enumerate(texts) if text.endswith(name) and len(text) <= 12]
                if hits:
                    columns[role] = hits[0]
                    break
        split = tuple(texts.index(name) if name in texts else None for name in SPLIT_HEADERS)
        if "code" not in columns and split[0] is not None and split[1] is not None:
            columns["split"] = split
        if "name" in columns and ("code" in columns or "split" in columns):
            return number, columns
    raise ValidationError(
        "找不到表头：文件的前 30 行中须有一行含“科目编码”（或“编码”“代码”，或分列的“类”“款”“项”）"
        "和“科目名称”（或“名称”）两列；“说明”（或“备注”）列可选。",
        code="columns",
    )


def _layout_text(header_row, columns):
    def letter(index):
        return get_column_letter(index + 1)

    if "split" in columns:
        parts = [
            f"{name} {letter(i)} 列"
            for name, i in zip(SPLIT_HEADERS, columns["split"], strict=True)
            if i is not None
        ]
        code = "编码分列（" + "、".join(parts) + "）"
    else:
        code = f"编码 {letter(columns['code'])} 列"
    text = f"表头在第 {header_row} 行；{code}，名称 {letter(columns['name'])} 列"
    if "explanation" in columns:
        text += f"，说明 {letter(columns['explanation'])} 列"
    if "group" in columns:
        text += f"，分组 {letter(columns['group'])} 列"
    return text + "。"


def _cell_text(value):
    """Return a cell as text: integers written as numbers (2050202.0 → “2050202”), blanks stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().strip("\u3000").lstrip("'").strip()


def _code_of(values, columns):
    """Return the code of a row: one cell, or 类/款/项 cells (“205” “02” “01”, or each written whole)."""

    def cell(index):
        return BLANKS.sub("", _cell_text(values[index])) if index is not None and index < len(values) else ""

    if "code" in columns:
        return cell(columns["code"])
    code = ""
    for part, (whole, short) in zip(
        (cell(i) for i in columns["split"]), ((3, 3), (5, 2), (7, 2)), strict=True
    ):
        if not part:
            break
        if len(part) == whole and part.startswith(code):
            code = part
        elif len(part) == short and part.isdigit():
            code += part
        else:
            return code + part  # malformed: reported with what was read
    return code


def _read_lines(rows, header_row, columns):
    lines, errors = [], []
    for number, values in rows:
        if number <= header_row:
            continue

        def text(role, values=values):
            index = columns.get(role)
            return _cell_text(values[index]) if index is not None and index < len(values) else ""

        code, name = _code_of(values, columns), BLANKS.sub(" ", text("name")).strip()
        if not code:
            continue  # a blank row, or a heading or note without a code
        if not name:
            errors.append(f"第 {number} 行：科目编码 {code} 缺少名称。")
            continue
        lines.append(SubjectLine(number, code, name, text("explanation"), text("group")))
    return lines, errors


def _infer_kind(lines):
    firsts = {line.code[:1] for line in lines}
    if firsts and firsts <= {"3", "5"}:
        return "economic"
    if firsts and firsts <= {"2"}:
        return "functional"
    raise ValidationError(
        "无法判断是功能分类还是经济分类科目：支出功能分类编码以 2 开头，经济分类编码以 3 或 5 开头。"
        "请分开上传，或指明科目类别。",
        code="kind",
    )


def _check_lines(lines, kind):
    lengths = PARENT_LENGTHS[kind]
    label = KIND_LABELS[kind]
    allowed = "3、5 或 7" if kind == "functional" else "3 或 5"
    errors, seen = [], {}
    for line in lines:
        code = line.code
        if not code.isdigit() or len(code) not in lengths:
            errors.append(f"第 {line.row} 行：{label}科目编码“{code}”格式不正确（须为 {allowed} 位数字）。")
            continue
        if kind == "functional" and not code.startswith("2"):
            errors.append(f"第 {line.row} 行：科目编码 {code} 不是支出功能分类科目（应以 2 开头）。")
            continue
        if kind == "economic" and code[0] not in "35":
            errors.append(f"第 {line.row} 行：科目编码 {code} 不是支出经济分类科目（应以 3 或 5 开头）。")
            continue
        if code in seen:
            errors.append(f"第 {line.row} 行：科目编码 {code} 重复（第 {seen[code]} 行已有）。")
            continue
        if kind == "economic" and line.group and line.group not in GROUP_VALUES:
            errors.append(f"第 {line.row} 行：分组“{line.group}”无效（须为 人员经费 或 公用经费）。")
        seen[code] = line.row
    for line in lines:
        code = line.code
        parent_length = lengths.get(len(code)) if code.isdigit() else None
        if parent_length and code in seen and seen[code] == line.row and code[:parent_length] not in seen:
            errors.append(f"第 {line.row} 行：科目 {code} 的上级科目 {code[:parent_length]} 不在文件中。")
    return errors


# --- Comparing and applying ----------------------------------------------------------------------------


def previous_edition(year, kind="functional"):
    """Return the newest edition before `year` that has subjects of `kind`, or None."""
    return (
        KINDS[kind]
        .objects.filter(edition__lt=year)
        .order_by("-edition")
        .values_list("edition", flat=True)
        .first()
    )


def _subjects(kind, year):
    """Return {code: (pk, name, explanation or group)} of the confirmed subjects of an edition: one query."""
    model = KINDS[kind]
    third = "explanation" if kind == "functional" else "group"
    return {
        code: (pk, name, other)
        for pk, code, name, other in model.objects.filter(edition=year).values_list(
            "pk", "code", "name", third
        )
    }


def _group_of(line, base):
    if line.group:
        return GROUP_VALUES[line.group]
    if line.code in base:
        return base[line.code][2]
    return (
        EconomicSubject.Group.PERSONNEL
        if line.code[:3] in PERSONNEL_CATEGORIES
        else EconomicSubject.Group.OPERATING
    )


def _diff(edition_file, existing, *, year, base):
    changes = EditionChanges(kind=edition_file.kind, year=year, base=base)
    wanted = edition_file.codes
    for code, line in wanted.items():
        if code not in existing:
            changes.added.append(line)
            continue
        _pk, name, other = existing[code]
        if name != line.name:
            changes.renamed.append((code, name, line.name))
        elif (edition_file.kind == "functional" and line.explanation and line.explanation != other) or (
            edition_file.kind == "economic" and _group_of(line, existing) != other
        ):
            changes.explained += 1
        else:
            changes.unchanged += 1
    changes.retired = sorted((code, row[1]) for code, row in existing.items() if code not in wanted)
    return changes


def compare_edition(edition_file, year, *, base=None):
    """Return the EditionChanges of `edition_file` against edition `base` (by default the newest before
    `year`; none: everything is added). Two queries."""
    base = base if base is not None else previous_edition(year, edition_file.kind)
    existing = _subjects(edition_file.kind, base) if base is not None else {}
    return _diff(edition_file, existing, year=year, base=base)


def _in_use(kind, pks):
    """Return the pks among `pks` that a fact names: one query per kind of fact."""
    used = set()
    for model in FACT_MODELS[kind]:
        used |= set(model.objects.filter(subject_id__in=pks).values_list("subject_id", flat=True).distinct())
    return used


@transaction.atomic
def apply_edition(edition_file, year, *, partial=False, source=""):
    """Make the subjects of `edition_file`'s kind in edition `year` those of the file; return its
    EditionChanges against what the edition held.

    Effects: creates the Edition of `year` when missing and records `partial` and `source`; creates the
    subjects the file adds (one bulk insert per level, parents first), renames and re-explains those it
    changes (one bulk update), and deletes those it leaves out unless a final account's figures name
    them (those, and their 款 and 类, are kept and listed in `kept_in_use`). Subjects pending for a final
    account are left to their reviewers. A constant number of queries, whatever the file's length.
    """
    kind = edition_file.kind
    model = KINDS[kind]
    edition, _created = Edition.objects.select_for_update().get_or_create(year=year)
    existing = _subjects(kind, year)
    changes = _diff(edition_file, existing, year=year, base=year)
    pks = {code: row[0] for code, row in existing.items()}
    for length in sorted(PARENT_LENGTHS[kind]):
        parent_length = PARENT_LENGTHS[kind][length]
        new = [
            model(
                edition=year,
                code=line.code,
                name=line.name,
                parent_id=pks[line.code[:parent_length]] if parent_length else None,
                **(
                    {"explanation": line.explanation}
                    if kind == "functional"
                    else {"group": _group_of(line, existing)}
                ),
            )
            for line in changes.added
            if len(line.code) == length
        ]
        for subject in model.objects.bulk_create(new, batch_size=1000):
            pks[subject.code] = subject.pk
    updated = []
    for code, line in edition_file.codes.items():
        if code not in existing:
            continue
        _pk, name, other = existing[code]
        if kind == "functional":
            explanation = line.explanation or other
            if (name, other) != (line.name, explanation):
                updated.append(model(pk=pks[code], name=line.name, explanation=explanation))
        else:
            group = _group_of(line, existing)
            if (name, other) != (line.name, group):
                updated.append(model(pk=pks[code], name=line.name, group=group))
    if updated:
        fields = ["name", "explanation"] if kind == "functional" else ["name", "group"]
        model.objects.bulk_update(updated, fields=fields, batch_size=1000)
    if changes.retired:
        retired = {code for code, _name in changes.retired}
        retired_pks = [pks[code] for code in retired]
        used_pks = _in_use(kind, retired_pks)
        # A subject pending for a final account under a retired 款 or 类 keeps it too.
        used_pks |= set(
            model.all_objects.pending().filter(parent_id__in=retired_pks).values_list("parent_id", flat=True)
        )
        kept = {code for code in retired if pks[code] in used_pks}
        kept |= {code[:length] for code in kept for length in (3, 5) if len(code) > length}
        kept &= retired
        changes.kept_in_use = [(code, name) for code, name in changes.retired if code in kept]
        changes.retired = [(code, name) for code, name in changes.retired if code not in kept]
        # Items first, then 款, then 类: a parent is protected while a child names it.
        for length in sorted(PARENT_LENGTHS[kind], reverse=True):
            doomed = [pks[code] for code, _name in changes.retired if len(code) == length]
            if doomed:
                model.objects.filter(pk__in=doomed).delete()
    edition.partial = partial
    edition.source = (source or edition.source)[:200]
    edition.save(update_fields=["partial", "source", "updated_at"])
    return changes


@transaction.atomic
def copy_edition(from_year, to_year, *, kinds=("functional", "economic")):
    """Give edition `to_year` every subject of `from_year` it lacks; return the number of subjects added.

    How a new edition starts before the bureau's file for it arrives: the Edition of `to_year` takes the
    partial mark of `from_year`'s.
    """
    source = Edition.objects.filter(year=from_year).first()
    if source is None and not FunctionalSubject.objects.filter(edition=from_year).exists():
        raise ValidationError(f"没有 {from_year} 年版科目，无法复制。", code="no_edition")
    if from_year == to_year:
        raise ValidationError("新版本年度须与原版本不同。", code="same_year")
    edition, _created = Edition.objects.get_or_create(year=to_year)
    edition.partial = source.partial if source else True
    edition.source = f"复制自 {from_year} 年版"
    edition.save(update_fields=["partial", "source", "updated_at"])
    added = 0
    for kind in kinds:
        base = _subjects(kind, from_year)
        third = "explanation" if kind == "functional" else "group"
        lines = [
            SubjectLine(0, code, name, **{third: other}) for code, (_pk, name, other) in sorted(base.items())
        ]
        if not lines:
            continue
        existing = _subjects(kind, to_year)
        missing = [line for line in lines if line.code not in existing]
        if missing:
            kept = [
                SubjectLine(0, code, name, **{third: other}) for code, (_pk, name, other) in existing.items()
            ]
            changes = apply_edition(
                EditionFile(kind, kept + missing, "复制"),
                to_year,
                partial=edition.partial,
                source=edition.source,
            )
            added += len(changes.added)
    return added


# --- Subjects pending confirmation -----------------------------------------------------------------------


def kind_of_code(code):
    """Return "functional" or "economic" for a subject code by its first digit."""
    return "functional" if str(code).startswith("2") else "economic"


def add_pending_subject(final_account, *, code, name, kind=None, parents=None):
    """Return the subject `code` of `final_account`: the edition's, or one pending for this account alone.

    What an entry grid calls when an accountant types a code the edition lacks and then its name, and
    what an import does for each such code. `parents` gives {code: name} of the 款 and 类 the edition
    lacks too; without their names a ValidationError (code "parent_needed", params["codes"]) says which
    are wanted. A name given again for a code already pending renames it. The account must be editable.
    """
    code, name = str(code or "").strip(), BLANKS.sub(" ", str(name or "")).strip()
    kind = kind or kind_of_code(code)
    model = KINDS[kind]
    lengths = PARENT_LENGTHS[kind]
    if not code.isdigit() or len(code) not in lengths:
        allowed = "3、5 或 7" if kind == "functional" else "3 或 5"
        raise ValidationError(
            f"{KIND_LABELS[kind]}科目编码“{code}”格式不正确（须为 {allowed} 位数字）。", code="malformed"
        )
    if final_account.status not in editing.EDITABLE_STATUSES:
        raise ValidationError(
            f"{final_account} 状态为“{final_account.get_status_display()}”，数据已锁定，不能新增科目。",
            code="locked",
        )
    chain = [code[:length] for length in sorted(lengths) if length <= len(code)]
    found = {s.code: s for s in model.all_objects.of_final_account(final_account).filter(code__in=chain)}
    if code in found and not found[code].is_pending:
        return found[code]
    if not name:
        raise ValidationError(f"请填写科目 {code} 的名称。", code="name_needed")
    if len(name) > 100:
        raise ValidationError(f"科目名称不能超过 100 个字（现为 {len(name)} 个）。", code="name_too_long")
    parents = {key: BLANKS.sub(" ", str(value or "")).strip() for key, value in (parents or {}).items()}
    missing = [part for part in chain[:-1] if part not in found and not parents.get(part)]
    if missing:
        raise ValidationError(
            "科目 %(code)s 的上级科目 %(missing)s 也不在 %(edition)s 年版中，请同时填写其名称。",
            code="parent_needed",
            params={
                "code": code,
                "missing": "、".join(missing),
                "edition": final_account.edition,
                "codes": missing,
            },
        )
    names = {**{part: parents[part] for part in chain[:-1] if part not in found}, code: name}
    parent = None
    with transaction.atomic():
        for part in chain:
            subject = found.get(part)
            if subject is None:
                fields = {"name": names[part], "parent": parent}
                if kind == "economic":
                    fields["group"] = pending_group(part, parent)
                subject = model.all_objects.create(
                    edition=final_account.edition, code=part, pending_for=final_account, **fields
                )
            elif subject.is_pending and subject.name != names.get(part, subject.name):
                subject.name = names[part]
                subject.save(update_fields=["name"])
            parent = subject
    return parent


def add_pending_subjects(final_account, names, *, kind="functional"):
    """Keep the codes of `names` ({code: name}) the edition lacks as subjects pending for `final_account`.

    What an import does with the codes its workbook prints that the edition lacks; each code's 款 and 类
    must be in the edition, pending already, or among `names`. One query to read, one insert per level.
    """
    model = KINDS[kind]
    lengths = PARENT_LENGTHS[kind]
    wanted = set(names) | {code[:length] for code in names for length in lengths if length < len(code)}
    found = {}
    for subject in (
        model.all_objects.of_final_account(final_account).filter(code__in=wanted).order_by("-pending_for_id")
    ):
        if subject.code not in found or not subject.is_pending:
            found[subject.code] = subject
    for length in sorted(lengths):
        parent_length = lengths[length]
        new = []
        for code in sorted(code for code in names if len(code) == length and code not in found):
            parent = found.get(code[:parent_length]) if parent_length else None
            if parent_length and parent is None:
                raise ValidationError(
                    f"科目 {code} 的上级科目 {code[:parent_length]} 不在 {final_account.edition} 年版中。",
                    code="parent_needed",
                )
            fields = {"explanation": ""} if kind == "functional" else {"group": pending_group(code, parent)}
            new.append(
                model(
                    edition=final_account.edition,
                    code=code,
                    name=names[code][:100],
                    parent=parent,
                    pending_for=final_account,
                    **fields,
                )
            )
        for subject in model.all_objects.bulk_create(new):
            found[subject.code] = subject
    return [found[code] for code in sorted(names)]


def pending_group(code, parent):
    """The 表6 group (人员经费 or 公用经费) of an economic code the edition lacks: its 类's, else by 类 code."""
    if parent is not None:
        return parent.group
    return (
        EconomicSubject.Group.PERSONNEL
        if code[:3] in PERSONNEL_CATEGORIES
        else EconomicSubject.Group.OPERATING
    )


def pending_subjects(final_account):
    """Return the subjects pending for `final_account`, functional then economic, by code: two queries."""
    return [
        subject
        for model in (FunctionalSubject, EconomicSubject)
        for subject in model.all_objects.filter(pending_for=final_account).order_by("code")
    ]


def may_settle(user, final_account):
    """Return True when `user` may confirm or map the subjects pending for `final_account`: a reviewer
    of its bureau, or an administrator of the classification subjects."""
    if user is None:
        return True  # the system itself (commands, a bureau loading its edition)
    if user.has_perm("accounts.change_functionalsubject"):
        return True
    return final_accounts_for(user, "approve").filter(pk=final_account.pk).exists()


def _check_settler(subject, by):
    if subject.pending_for_id is None:
        raise ValidationError(f"科目 {subject.code} {subject.name} 不是待确认科目。", code="not_pending")
    final_account = FinalAccount.objects.get(pk=subject.pending_for_id)
    if not may_settle(by, final_account):
        raise PermissionDenied(f"{by} may not settle the subjects of {final_account}")
    return final_account


def _repoint(kind, from_pk, to_pk):
    """Point the facts of subject `from_pk` at `to_pk` (the same code: no figure changes)."""
    for model in FACT_MODELS[kind]:
        model.objects.filter(subject_id=from_pk).update(subject_id=to_pk)


@transaction.atomic
def confirm_pending_subject(subject, *, by, name=None, _recorded_by=None):
    """Confirm the pending `subject` into its edition (with its pending 款 and 类); return the confirmed one.

    The edition then has the code for every final account: the same code pending for other accounts is
    merged into it (their facts point at it; the code stays, so no figure changes). When the edition has
    the code already (a bureau loaded its file since), the pending subject merges into the edition's.
    Each final account the code was pending for records the confirmation (who, when, the name) in its
    change history.
    """
    kind = "functional" if isinstance(subject, FunctionalSubject) else "economic"
    model = KINDS[kind]
    subject = model.all_objects.select_for_update().get(pk=subject.pk)
    _check_settler(subject, by)
    recorder = _recorded_by or by
    pending_name = subject.name
    accounts = [subject.pending_for_id]
    if name:
        subject.name = BLANKS.sub(" ", name).strip()[:100]
    parent = None
    if subject.parent_id is not None:
        parent = model.all_objects.get(pk=subject.parent_id)
        if parent.is_pending:
            parent = confirm_pending_subject(parent, by=None, _recorded_by=recorder)
    confirmed = model.objects.filter(edition=subject.edition, code=subject.code).first()
    if confirmed is None:
        subject.pending_for = None
        subject.parent = parent
        subject.save(update_fields=["pending_for", "parent", "name"])
        confirmed = subject
        Edition.objects.get_or_create(year=subject.edition)
    others = dict(
        model.all_objects.pending()
        .filter(edition=subject.edition, code=subject.code)
        .exclude(pk=confirmed.pk)
        .values_list("pk", "pending_for_id")
    )
    for other in others:
        _repoint(kind, other, confirmed.pk)
        model.all_objects.filter(parent_id=other).update(parent_id=confirmed.pk)
    model.all_objects.filter(pk__in=others).delete()
    address = Address("subject", (kind, subject.code))
    for final_account in FinalAccount.objects.filter(pk__in=[*accounts, *others.values()]):
        editing.record_setting(
            final_account,
            address,
            f"待确认：{subject.code} {pending_name}",
            f"已纳入 {subject.edition} 年版：{confirmed.code} {confirmed.name}",
            by=recorder,
            reason="确认待确认科目",
        )
    return confirmed


@transaction.atomic
def map_pending_subject(subject, target_code, *, by, reason=""):
    """Move the figures of the pending `subject` to `target_code` of its edition, then remove it.

    Through accounts.editing (each changed figure recorded as a FigureChange by `by`): the figures of the
    pending code are added to those the target already holds. Pending 款 and 类 left without children
    go too. Returns the target subject.
    """
    kind = "functional" if isinstance(subject, FunctionalSubject) else "economic"
    model = KINDS[kind]
    subject = model.all_objects.select_for_update().get(pk=subject.pk)
    final_account = _check_settler(subject, by)
    target_code = str(target_code or "").strip()
    target = model.objects.filter(edition=subject.edition, code=target_code).first()
    if target is None:
        raise ValidationError(
            f"科目编码 {target_code} 不在 {subject.edition} 年版中，请选择版本中已有的科目。",
            code="unknown_target",
        )
    if len(target.code) != len(subject.code):
        raise ValidationError(
            f"科目 {subject.code} 与 {target.code} {target.name} 级次不同，不能合并。", code="level"
        )
    if target.code == subject.code:
        raise ValidationError("请选择另一个科目编码。", code="same_code")
    if model.all_objects.filter(parent=subject).exists():
        raise ValidationError(
            f"科目 {subject.code} 下还有待确认的下级科目，请先处理下级科目。", code="has_children"
        )
    reason = reason or f"待确认科目 {subject.code} {subject.name} 改为 {target.code} {target.name}"
    editing.move_subject_figures(final_account, kind, subject.code, target.code, by=by, reason=reason)
    editing.record_setting(
        final_account,
        Address("subject", (kind, subject.code)),
        f"待确认：{subject.code} {subject.name}",
        f"改为 {target.code} {target.name}",
        by=by,
        reason=reason,
    )
    parent_id = subject.parent_id
    subject.delete()
    while parent_id is not None:
        parent = model.all_objects.get(pk=parent_id)
        if not parent.is_pending or model.all_objects.filter(parent=parent).exists():
            break
        parent_id = parent.parent_id
        parent.delete()
    return target


def edition_pending(year):
    """Return the pending subjects of edition `year`, by code, with their final accounts: what the
    edition is missing as its users found it."""
    return [
        subject
        for model in KINDS.values()
        for subject in model.all_objects.pending()
        .filter(edition=year)
        .select_related("pending_for__department")
        .order_by("code", "pending_for_id")
    ]
