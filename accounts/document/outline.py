"""The outline of the disclosure as its report format describes it: cover, parts, numbered sections.

A format's `document` names the cover's wording and lines, and the parts in order, each with a key
(overview, tables, explanations, key_work, glossary, attachments) and a title; the explanations' sections
name the narrative sections by key, in the format's order, possibly nested (上海 十一 其他重要事项 holds
机关运行经费, 政府采购, 国有资产占用 as （一）（二）（三）). Sections are numbered by position: 一、二、… and,
nested, （一）（二）…. A part or section the format does not list is not printed. Titles may hold
{year}, {department} (the full name) and {short_name}. A format without `document` prints the national
outline.
"""

from dataclasses import dataclass

from ..formatting import chinese_numeral
from .narrative import NarrativeSection

# The national outline as the 2022 reference disclosure prints it (武汉市东西湖区人社局): also the
# outline of any format that describes no document of its own.
NATIONAL_DOCUMENT = {
    "cover_title": "{year}年度{short_name}部门决算公开",
    "cover_lines": ["{department}"],
    "parts": [
        {
            "key": "overview",
            "title": "第一部分　{short_name}概况",
            "sections": [
                {"key": "main_functions", "title": "部门主要职能"},
                {"key": "unit_composition", "title": "部门决算单位构成"},
            ],
        },
        {"key": "tables", "title": "第二部分　{short_name}{year}年度部门决算表"},
        {
            "key": "explanations",
            "title": "第三部分　{short_name}{year}年度部门决算情况说明",
            "sections": [
                {"key": "overview", "title": "收入支出决算总体情况说明"},
                {"key": "income", "title": "收入决算情况说明"},
                {"key": "expenditure", "title": "支出决算情况说明"},
                {"key": "appropriation_overview", "title": "财政拨款收入支出决算总体情况说明"},
                {"key": "general_budget", "title": "一般公共预算财政拨款支出决算情况说明"},
                {"key": "basic", "title": "一般公共预算财政拨款基本支出决算情况说明"},
                {"key": "government_fund", "title": "政府性基金预算财政拨款收入支出决算情况说明"},
                {"key": "state_capital", "title": "国有资本经营预算财政拨款支出决算情况说明"},
                {"key": "official_expenses", "title": "财政拨款“三公”经费支出决算情况说明"},
                {"key": "operating_costs", "title": "机关运行经费支出说明"},
                {"key": "procurement", "title": "政府采购支出说明"},
                {"key": "assets", "title": "国有资产占用情况说明"},
                {"key": "performance", "title": "预算绩效情况说明"},
            ],
        },
        {"key": "key_work", "title": "第四部分　{year}年重点工作完成情况"},
        {"key": "glossary", "title": "第五部分　名词解释"},
        {"key": "attachments", "title": "第六部分　附件"},
    ],
}

PART_KEYS = ("overview", "tables", "explanations", "key_work", "glossary", "attachments")
OVERVIEW_KEYS = ("main_functions", "unit_composition")
# The keys of the narrative's sections (accounts/document/narrative.py), which a format's 第三部分 lists.
EXPLANATION_KEYS = (
    "overview",
    "income",
    "expenditure",
    "appropriation_overview",
    "general_budget",
    "basic",
    "government_fund",
    "state_capital",
    "official_expenses",
    "operating_costs",
    "procurement",
    "assets",
    "performance",
)
# How 第二部分 names a table in the contents and above the table, unless its format says otherwise:
# {title} the table's title, {label} 表N, {number} N, {numeral} its position as 一、二…, and the
# document's placeholders. The national 目录 lists "一、收入支出决算总表（表1）" as the reference
# disclosure prints it; 上海 lists "一、收入支出决算总表" and heads each table with its bare title.
TABLE_CONTENTS_ENTRY = "{numeral}、{title}（{label}）"
TABLE_HEADING = "{year}年度{title}（{label}）"
# The HTML ids of 第一部分's sections, as the document has always had them (links point at them).
OVERVIEW_ANCHORS = {"main_functions": "functions", "unit_composition": "composition"}


@dataclass(frozen=True)
class OutlineSection:
    """A numbered section (or a table's entry in the contents): its heading, HTML id and content.

    `content` is the NarrativeSection an explanation prints (None for a section that only groups
    others, and for 第一部分's sections, whose texts the document holds).
    """

    key: str
    heading: str
    anchor: str
    content: object = None
    children: tuple = ()
    statement: object = None  # the table a 第二部分 entry prints
    caption: str = ""  # the title printed above that table


@dataclass(frozen=True)
class Part:
    """A part of the document: its title, HTML id, and its sections (the tables, for 第二部分)."""

    key: str
    title: str
    anchor: str
    entries: tuple = ()
    heading: str = ""  # a line printed once above the part's tables (上海: "<部门>2024年度部门决算表")
    department_line: bool = True  # whether each table prints the 部门：… line beside 单位：万元


@dataclass(frozen=True)
class Outline:
    cover_title: str
    cover_lines: tuple
    parts: tuple

    def part(self, key):
        return next((part for part in self.parts if part.key == key), None)


def fill(text, values):
    """Fill the placeholders {year}, {department} and {short_name} of a format's wording."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def numbered(position, title, *, nested=False):
    """一、title at the top level, （一）title nested."""
    numeral = chinese_numeral(position)
    return f"（{numeral}）{title}" if nested else f"{numeral}、{title}"


def _explanations(specs, narrative, values, anchor_prefix="explanation", nested=False):
    """Pick, order, nest and number the narrative sections as `specs` lists them."""
    sections = []
    for spec in specs:
        key = spec.get("key", "")
        content = narrative.get(key)
        children_specs = spec.get("sections") or []
        if content is None and not children_specs:
            continue  # a key the narrative does not know prints nothing rather than an empty heading
        position = len(sections) + 1
        anchor = f"{anchor_prefix}-{position}"
        title = fill(spec.get("title") or (content.title if content else ""), values)
        sections.append(
            OutlineSection(
                key=key,
                heading=numbered(position, title, nested=nested),
                anchor=anchor,
                content=content,
                children=tuple(_explanations(children_specs, narrative, values, anchor, nested=True)),
            )
        )
    return sections


def build_outline(spec, *, values, narrative, statements):
    """Return the Outline of a format's `document` spec (the national one when it is empty).

    `values` fills the placeholders; `narrative` maps section keys to NarrativeSections;
    `statements` are the built tables in the format's order, listed under 第二部分.
    """
    spec = spec or NATIONAL_DOCUMENT
    parts = []
    for part in spec.get("parts", []):
        key = part.get("key", "")
        if key not in PART_KEYS:
            continue
        anchor = f"part-{len(parts) + 1}"
        if key == "overview":
            entries = [
                OutlineSection(
                    key=section["key"],
                    heading=numbered(number, fill(section.get("title", ""), values)),
                    anchor=OVERVIEW_ANCHORS[section["key"]],
                )
                for number, section in enumerate(
                    (s for s in part.get("sections", []) if s.get("key") in OVERVIEW_KEYS), start=1
                )
            ]
        elif key == "tables":
            contents_entry = part.get("contents_entry", TABLE_CONTENTS_ENTRY)
            table_heading = part.get("table_heading", TABLE_HEADING)
            entries = []
            for position, statement in enumerate(statements, start=1):
                table_values = {
                    **values,
                    "title": statement.title,
                    "label": statement.label,
                    "number": statement.number,
                    "numeral": chinese_numeral(position),
                }
                entries.append(
                    OutlineSection(
                        key=statement.kind,
                        heading=fill(contents_entry, table_values),
                        anchor=f"table-{statement.number}",
                        statement=statement,
                        caption=fill(table_heading, table_values),
                    )
                )
        elif key == "explanations":
            entries = _explanations(part.get("sections", []), narrative, values)
        else:
            entries = []
        parts.append(
            Part(
                key=key,
                title=fill(part.get("title", ""), values),
                anchor=anchor,
                entries=tuple(entries),
                heading=fill(part.get("heading", ""), values),
                department_line=part.get("department_line", True),
            )
        )
    return Outline(
        cover_title=fill(spec.get("cover_title", ""), values),
        cover_lines=tuple(fill(line, values) for line in spec.get("cover_lines", [])),
        parts=tuple(parts),
    )


@dataclass(frozen=True)
class _TableEntry:
    kind: str
    number: int
    title: str

    @property
    def label(self):
        return f"表{self.number}"


def describe_outline(report_format):
    """Return the Outline a format gives, without a final account: for showing what a format prints.

    The department's names stay as <部门全称> and <部门简称>; every explanation key is taken as known, so
    the outline shows each section the format lists, with its number and title.
    """
    tables = sorted(
        (_TableEntry(t.kind, t.number, t.title) for t in report_format.tables.all()), key=lambda t: t.number
    )
    return build_outline(
        report_format.document,
        values={"year": report_format.year, "department": "<部门全称>", "short_name": "<部门简称>"},
        narrative={key: NarrativeSection(0, "", key=key) for key in EXPLANATION_KEYS},
        statements=tables,
    )
