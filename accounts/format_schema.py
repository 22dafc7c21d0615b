"""The contract of a report format file: its JSON Schema and the checks a schema cannot state.

The schema is accounts/data/formats/schema.json (documented in docs/formats.md) and is checked by the
`jsonschema` library; this module adds the cross-field checks (table numbers and kinds unique, 类 codes
unique, column keys a table's builder knows, placeholders the document fills) and turns every error into
one Chinese sentence that starts with the field's path, e.g. "tables[3].layout.arrangement: 应为 blocks 或
pairs". Paths count list items from 0, as JSON paths do.
"""

import json
import string
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

from .choices import APPROPRIATION_FUNDS, ExpenditureKind, IncomeSource

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "formats" / "schema.json"

# The placeholders a format's texts may carry: {year} the fiscal year, {department} the department's full
# name, {short_name} its short name. Anything else would be printed as typed.
PLACEHOLDERS = ("year", "department", "short_name")
# A table's entry in the contents and its heading may also name the table: its title, 表N, N, and
# its position as a Chinese numeral.
TABLE_PLACEHOLDERS = (*PLACEHOLDERS, "title", "label", "number", "numeral")

_SUBJECT_BALANCE_KEYS = {"opening", "income", "total", "basic", "project", "closing"}
_OFFICIAL_ITEMS = {
    "total",
    "outbound_travel",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
}

# The column keys each table builder reads (accounts/statements): a column with another key would print
# zeros. 上海's 表9 (state_capital) has the balances of the government-fund table.
COLUMN_KEYS = {
    "income": {"total", "appropriation"}
    | {source.value for source in IncomeSource if source.value not in {f.value for f in APPROPRIATION_FUNDS}},
    "expenditure": {"total"} | set(ExpenditureKind.values),
    "appropriation_summary": {"total"} | {fund.value for fund in APPROPRIATION_FUNDS},
    "general_budget_expenditure": {"total", "basic", "project"},
    "government_fund": _SUBJECT_BALANCE_KEYS,
    "state_capital": _SUBJECT_BALANCE_KEYS,
    "official_expenses": _OFFICIAL_ITEMS
    | {f"{prefix}_{item}" for prefix in ("budget", "actual") for item in _OFFICIAL_ITEMS},
}

KIND_NAMES = {
    "income_expenditure_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expenditure": "支出决算表",
    "appropriation_summary": "财政拨款收入支出决算总表",
    "general_budget_expenditure": "一般公共预算财政拨款支出决算表",
    "basic_expenditure_detail": "一般公共预算财政拨款基本支出决算明细表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款决算表",
    "official_expenses": "财政拨款“三公”经费支出决算表",
}

TYPE_NAMES = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（[…]）",
    "object": "对象（{…}）",
    "null": "null",
}


@cache
def schema():
    """Return the JSON Schema of a format file, as shipped in accounts/data/formats/schema.json."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def _validator():
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def path_text(path):
    """Return a JSON path such as ("tables", 3, "layout") as the text "tables[3].layout"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "（文件）"


def _shown(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _one_of(values):
    values = [str(v) for v in values]
    if len(values) <= 2:
        return " 或 ".join(values)
    return "以下之一：" + "、".join(values)


def _schema_messages(error):
    """Yield (path, Chinese message) for one jsonschema error."""
    path = list(error.absolute_path)
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        for name in value:
            if isinstance(instance, dict) and name not in instance:
                yield [*path, name], "必填，文件中没有"
    elif kind == "additionalProperties" and value is False:
        known = set(error.schema.get("properties", {}))
        for name in sorted(set(instance) - known):
            yield [*path, name], f"未知的键（可用的键：{'、'.join(sorted(known))}）"
    elif kind == "additionalProperties":
        # The value schema failed for some key: reported by the errors beneath.
        for sub in error.context or ():
            yield from _schema_messages(sub)
    elif kind == "type":
        expected = value if isinstance(value, list) else [value]
        yield path, f"应为{'或'.join(TYPE_NAMES.get(t, t) for t in expected)}，文件中为 {_shown(instance)}"
    elif kind == "enum":
        yield path, f"应为 {_one_of(value)}，文件中为 {_shown(instance)}"
    elif kind == "const":
        yield path, f"应为 {_shown(value)}"
    elif kind == "minimum":
        yield path, f"应不小于 {value}，文件中为 {_shown(instance)}"
    elif kind == "maximum":
        yield path, f"应不大于 {value}，文件中为 {_shown(instance)}"
    elif kind == "minLength":
        yield path, "不能为空"
    elif kind == "maxLength":
        yield path, f"不能超过 {value} 个字"
    elif kind == "minItems":
        yield path, f"至少应有 {value} 项"
    elif kind == "uniqueItems":
        yield path, f"不能有重复的项，文件中为 {_shown(instance)}"
    elif kind == "pattern":
        yield path, f"{error.schema.get('x-message', '格式不正确')}，文件中为 {_shown(instance)}"
    elif kind == "propertyNames":
        yield path, f"键 {_shown(instance)} 格式不正确"
    else:
        yield path, error.message


def _placeholders(text):
    """Return the names between braces in `text`, or None when its braces do not pair."""
    try:
        return [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        return None


def _check_text(errors, path, text, allowed=PLACEHOLDERS):
    shown = "、".join(f"{{{name}}}" for name in allowed)
    fields = _placeholders(text)
    if fields is None:
        errors.append((path, f"花括号不成对；占位符写作 {shown}"))
        return
    for name, spec, conversion in fields:
        if name not in allowed or spec or conversion:
            errors.append((path, f"占位符“{{{name}}}”不可用，只能用 {shown}"))


def _check_sections(errors, path, sections):
    keys = set()
    for index, section in enumerate(sections):
        where = [*path, index]
        if section["key"] in keys:
            errors.append(([*where, "key"], f"“{section['key']}”与同级的另一节重复"))
        keys.add(section["key"])
        _check_text(errors, [*where, "title"], section["title"])
        if "heading" in section:
            _check_text(errors, [*where, "heading"], section["heading"])
        for field in ("contents_entry", "table_heading"):
            if field in section:
                _check_text(errors, [*where, field], section[field], TABLE_PLACEHOLDERS)
        _check_sections(errors, [*where, "sections"], section.get("sections", []))


def _unique(errors, items, path, field, what):
    seen = {}
    for index, item in enumerate(items):
        value = item.get(field)
        if value in seen:
            errors.append(([path, index, field], f"{what} {value} 与 {path}[{seen[value]}] 重复"))
        else:
            seen[value] = index


def _summary_errors(errors, index, table, n_categories):
    """Check 表1/表4: every income line its builder prints is placed, and both sides have as many rows.

    The builders pair the income side with the expenditure side row by row (accounts/statements/
    summary.py), so a format listing fewer 类 (上海's 24) needs more blank lines on the expenditure side.
    """
    layout = table["layout"]
    where = ["tables", index, "layout"]
    if table["kind"] == "income_expenditure_summary":
        sources, funds = set(IncomeSource.values), set()
        income_rows = layout["income_total"] + 3 + len(layout["income_blank"])
        expenditure_rows = n_categories + 4 + len(layout["expenditure_blank"])
    else:
        sources = funds = {fund.value for fund in APPROPRIATION_FUNDS}
        income_rows = layout["income_total"] + 2 + len(funds)
        expenditure_rows = n_categories + 3 + len(layout["expenditure_blank"])
    for key, needed in (("income_lines", sources), ("opening_balance_lines", funds)):
        missing = sorted(needed - set(layout.get(key, {})))
        if missing:
            errors.append(([*where, key], f"缺少 {'、'.join(missing)} 的行次"))
    if income_rows != expenditure_rows:
        errors.append(
            (
                [*where, "expenditure_blank"],
                f"收入方 {income_rows} 行、支出方 {expenditure_rows} 行（{n_categories} 个类级行），两方行数须相等；"
                "请在 income_blank 或 expenditure_blank 中增减空行",
            )
        )


def _cross_field_errors(data):
    """Return [(path, message)] of what the schema cannot state, for data that satisfies the schema."""
    errors = []
    tables, rows = data["tables"], data["category_rows"]
    _unique(errors, tables, "tables", "number", "表号")
    _unique(errors, tables, "tables", "kind", "表类型")
    _unique(errors, rows, "category_rows", "code", "类级科目编码")
    _unique(errors, rows, "category_rows", "position", "序号")
    _unique(errors, rows, "category_rows", "summary_line", "表1 行次")
    _unique(errors, rows, "category_rows", "appropriation_line", "表4 行次")
    _check_text(errors, ["name"], data["name"])
    for key, label in data.get("labels", {}).items():
        _check_text(errors, ["labels", key], label)
    for index, table in enumerate(tables):
        where = ["tables", index]
        if table["kind"] in ("income_expenditure_summary", "appropriation_summary"):
            _summary_errors(errors, index, table, len(rows))
        _check_text(errors, [*where, "title"], table["title"])
        _check_text(errors, [*where, "empty_sentence"], table.get("empty_sentence", ""))
        for n, note in enumerate(table.get("notes", [])):
            _check_text(errors, [*where, "notes", n], note)
        columns = table.get("layout", {}).get("columns", [])
        known = COLUMN_KEYS.get(table["kind"], set())
        keys, numbers = set(), set()
        for n, column in enumerate(columns):
            at = [*where, "layout", "columns", n]
            if column["key"] not in known:
                allowed = "、".join(sorted(known)) if known else "无（此表不按列键取数）"
                errors.append(
                    ([*at, "key"], f"“{column['key']}”不是{KIND_NAMES[table['kind']]}的列（可用：{allowed}）")
                )
            if column["key"] in keys:
                errors.append(([*at, "key"], f"列键“{column['key']}”在本表重复"))
            if column["number"] in numbers:
                errors.append(([*at, "number"], f"栏次 {column['number']} 在本表重复"))
            keys.add(column["key"])
            numbers.add(column["number"])
    document = data.get("document", {})
    if "cover_title" in document:
        _check_text(errors, ["document", "cover_title"], document["cover_title"])
    for n, line in enumerate(document.get("cover_lines", [])):
        _check_text(errors, ["document", "cover_lines", n], line)
    _check_sections(errors, ["document", "parts"], document.get("parts", []))
    return errors


def format_errors(data):
    """Return the Chinese error messages of a format file's data, each starting with the field's path.

    An empty list means the data is a valid format. Cross-field checks run only once the schema holds,
    since they read the fields the schema guarantees.
    """
    found = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        found.extend(_schema_messages(error))
    if not found:
        found = _cross_field_errors(data)
    messages = []
    for path, message in found:
        text = f"{path_text(path)}: {message}"
        if text not in messages:
            messages.append(text)
    return messages


def validate_format(data):
    """Raise ValidationError listing every error of a format file's data (see `format_errors`)."""
    messages = format_errors(data)
    if messages:
        raise ValidationError(messages, code="invalid_format")
