"""The data dictionary: every amount field of the open data with its table, 行次/栏次, key and unit.

Built from a report format's layout (accounts.open_data.layout), so it always matches the addresses
that the JSON, the CSV downloads, PublishedCell and the API use.
"""

from dataclasses import dataclass

from ..choices import StatedFigure
from ..publishing import BUDGETS, STATED_FIGURES
from .layout import (
    POSITIONAL_LINES,
    SUBJECT_TABLE_PLACEHOLDERS,
    column_headings,
    row_label,
    skeleton_statements,
)

SUBJECT_ROWS = "每个功能分类科目一行（类 3 位、款 5 位、项 7 位编码），另有合计行（编码为空）"


@dataclass(frozen=True)
class Field:
    """One amount field: where it is printed and what it means. Every amount is in 元."""

    table: str  # 表N, or the name of a list outside the tables
    title: str
    line: str  # 行次 as printed, "" where the table has none
    column: str  # 栏次 as printed, "" where the table has none
    code: str  # subject code of a fixed row; "<科目编码>" for one row per subject
    key: str
    label: str
    heading: str
    unit: str = "元"


def data_dictionary(report_format):
    """Return the Fields of `report_format`'s tables, then of the stated figures and budgets."""
    statements = skeleton_statements(report_format.pk, report_format.year)
    fields = []
    for statement in statements.values():
        by_column, by_address = column_headings(statement)
        per_subject = statement.kind in SUBJECT_TABLE_PLACEHOLDERS
        seen = set()
        for row in statement.rows:
            for index, cell in enumerate(row.cells):
                if not cell.is_amount:
                    continue
                line = "" if cell.line is None or statement.kind in POSITIONAL_LINES else str(cell.line)
                where = (
                    None if statement.kind in POSITIONAL_LINES else cell.line,
                    cell.column,
                    cell.code,
                    cell.key,
                )
                heading = by_address.get(where) or by_column.get((cell.column, cell.key), "")
                column = "" if cell.column is None else str(cell.column)
                fields.append(
                    Field(
                        f"表{statement.number}",
                        statement.title,
                        line,
                        column,
                        cell.code,
                        cell.key,
                        row_label(row, index),
                        heading,
                    )
                )
                seen.add((cell.column, cell.key))
        if per_subject:
            for column_key in sorted(seen, key=lambda pair: (pair[0] or 0, pair[1])):
                column, key = column_key
                fields.append(
                    Field(
                        f"表{statement.number}",
                        statement.title,
                        "",
                        "" if column is None else str(column),
                        "<科目编码>",
                        key,
                        SUBJECT_ROWS,
                        by_column.get(column_key, ""),
                    )
                )
    for figure in StatedFigure:
        fields.append(
            Field(STATED_FIGURES, "填报金额（表外）", "", "", "", figure.value, str(figure.label), "")
        )
    fields.append(
        Field(BUDGETS, "年初预算（表外）", "", "", "", "total", "一般公共预算年初预算数（合计）", "")
    )
    fields.append(Field(BUDGETS, "年初预算（表外）", "", "", "", "basic", "年初预算数：基本支出", ""))
    fields.append(Field(BUDGETS, "年初预算（表外）", "", "", "", "project", "年初预算数：项目支出", ""))
    fields.append(
        Field(BUDGETS, "年初预算（表外）", "", "", "<科目编码>", "subject", "年初预算数：项级科目", "")
    )
    return fields
