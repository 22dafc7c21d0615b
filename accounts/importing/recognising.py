"""Finding each table of the report format among the sheets: by its title, never by sheet position.

Regions order the tables differently (上海 prints 三公 as 表7), so a sheet is recognised by the title text
in its first rows. Titles contain one another (“财政拨款收入支出决算总表” ends with “收入支出决算总表”), so
a title cell is matched to the longest title it ends with, once the year prefix (“2022年度”) and the
number suffix (“（表1）”) are set aside. The sheet also states its unit, “单位：万元” or “单位：元”.
"""

import re
from difflib import SequenceMatcher

from .results import Problem

TITLE_ROWS = 10
UNIT_ROWS = 15
NUMBER_SUFFIX = re.compile(r"[（(]?(?:附)?表\s*[0-9一二三四五六七八九十]+\s*[)）]?$")
# A heading before the title: anything up to the year (“上海市某局2024年度”, “2022年”).
HEADING_PREFIX = re.compile(r"^.*?[0-9〇一二三四五六七八九零]{4}\s*年度?")
# Words that name a table: a title after such words is part of a longer title, not the whole one.
TABLE_WORDS = re.compile(r"预算|财政拨款|收入|支出|基金|经费|国有资本|一般公共|明细")
SIMILAR_TITLE = 0.85
MAX_TITLE_CHARACTERS = 60
UNIT = re.compile(r"单位\s*[:：]\s*(万元|元)")
UNITS = {"万元": "wanyuan", "元": "yuan"}
UNIT_LABELS = {"wanyuan": "万元", "yuan": "元"}
DEPARTMENT_LINE = re.compile(r"^(?:部门|单位名称|编制单位)\s*[:：]\s*(.+?)(?:\s+(?:金额)?单位\s*[:：].*)?$")


def squeeze(text):
    """Return `text` without any whitespace (full-width spaces included): “合 计” → “合计”."""
    return re.sub(r"\s+", "", str(text))


def title_key(text):
    """Return the part of a title cell that names the table: “2022年度收入决算表（表2）” → “2022年度收入决算表”."""
    return NUMBER_SUFFIX.sub("", squeeze(text))


def match_title(text, titles):
    """Return the kind of the table whose title the cell `text` prints, or None.

    A cell names a table when, once a heading before it (“2022年度”, “上海市某局2024年度”) is set aside,
    it is that table's title, or ends with it (the longest such title) after words that name no table.
    Documents also print a title slightly otherwise than their format (“国有资本经营预算财政拨款支出
    决算表” where the format says 收入支出, “…基本支出决算明细表” for “…基本支出决算表”): failing an exact
    title, the most similar one is taken when nearly all of it is printed (difflib's ratio ≥ 0.85), so
    that such a sheet is never taken for the shorter title it happens to end with (“支出决算表”).
    """
    key = title_key(text)
    if not key or len(key) > MAX_TITLE_CHARACTERS:
        return None
    bare = HEADING_PREFIX.sub("", key)
    wanted = {kind: squeeze(title) for kind, title in titles.items()}
    for kind, title in wanted.items():
        if bare == title:
            return kind
    best = None
    for kind, title in wanted.items():
        prefix = key[: len(key) - len(title)]
        if key.endswith(title) and not TABLE_WORDS.search(prefix):
            if best is None or len(title) > len(wanted[best]):
                best = kind
    if best is not None:
        return best
    scored = [(SequenceMatcher(None, bare, title).ratio(), kind) for kind, title in wanted.items()]
    ratio, kind = max(scored, default=(0, None))
    return kind if ratio >= SIMILAR_TITLE else None


def recognise_sheet(grid, titles):
    """Return (kind or None, title row, kinds named in the first rows) of one sheet."""
    found = []
    for (row, _column), value in sorted(grid.cells.items()):
        if row > TITLE_ROWS:
            break
        if isinstance(value, str):
            kind = match_title(value, titles)
            if kind is not None and kind not in [k for k, _ in found]:
                found.append((kind, row))
    if len(found) != 1:
        return None, None, [k for k, _ in found]
    return found[0][0], found[0][1], [found[0][0]]


def sheet_unit(grid):
    """Return "wanyuan" or "yuan" as the sheet states it in its first rows, or None."""
    for (row, _column), value in sorted(grid.cells.items()):
        if row > UNIT_ROWS:
            break
        if isinstance(value, str):
            match = UNIT.search(squeeze(value))
            if match:
                return UNITS[match.group(1)]
    return None


def sheet_department(grid):
    """Return the department named on the sheet's “部门：” line, or ""."""
    for (row, _column), value in sorted(grid.cells.items()):
        if row > UNIT_ROWS:
            break
        if isinstance(value, str):
            match = DEPARTMENT_LINE.match(value.strip())
            if match:
                return match.group(1).strip()
    return ""


TITLE_YEAR = re.compile(r"([0-9]{4})\s*年")


def sheet_year(grid, title_row):
    """Return the year the sheet's title names (“2022年度收入支出决算总表” → 2022), or None."""
    for (row, _column), value in sorted(grid.cells.items()):
        if row == title_row and isinstance(value, str) and (match := TITLE_YEAR.search(value)):
            return int(match.group(1))
    return None


def recognise(grids, tables, department=None, year=None):
    """Return ({kind: (grid, title row, unit)}, errors, notices, warnings) for the format's `tables`
    (kind → ReportTable). Warnings: a title naming another year than `year`, a 部门 line naming
    another department than `department`.

    Every table of the format must be found exactly once and state its unit; other sheets are ignored
    with a notice.
    """
    titles = {kind: table.title for kind, table in tables.items()}
    found, seen, errors, notices, warnings = {}, set(), [], [], []
    for grid in grids:
        kind, title_row, named = recognise_sheet(grid, titles)
        if kind is None:
            if len(named) > 1:
                notices.append(
                    Problem("前几行含有多张报表的标题，视为目录或说明页，未导入。", sheet=grid.name)
                )
            elif grid.cells:
                notices.append(Problem("未找到本格式任何一张报表的标题，未导入。", sheet=grid.name))
            continue
        table = tables[kind]
        seen.add(kind)
        if kind in found:
            errors.append(
                Problem(
                    f"与工作表“{found[kind][0].name}”是同一张表（表{table.number} {table.title}），请只保留一张。",
                    sheet=grid.name,
                )
            )
            continue
        unit = sheet_unit(grid)
        if unit is None:
            errors.append(
                Problem(
                    f"表{table.number} {table.title} 未注明金额单位（“单位：万元”或“单位：元”）。",
                    sheet=grid.name,
                )
            )
            continue
        if department is not None:
            named_department = sheet_department(grid)
            if named_department and squeeze(named_department) not in {
                squeeze(department.name),
                squeeze(department.short_name or department.name),
            }:
                warnings.append(
                    Problem(
                        f"表{table.number} 的部门为“{named_department}”，与“{department.name}”不同，请确认文件无误。",
                        sheet=grid.name,
                    )
                )
        named_year = sheet_year(grid, title_row) if year is not None else None
        if named_year is not None and named_year != year:
            warnings.append(
                Problem(
                    f"表{table.number} 的标题是 {named_year} 年度，而导入对象是 {year} 年度决算，请确认文件无误。",
                    sheet=grid.name,
                )
            )
        found[kind] = (grid, title_row, unit)
    for kind, table in sorted(tables.items(), key=lambda item: item[1].number):
        if kind not in seen:
            errors.append(Problem(f"缺少表{table.number} {table.title}：没有哪张工作表的标题是它。"))
    return found, errors, notices, warnings
