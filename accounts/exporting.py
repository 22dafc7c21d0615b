"""The final account as an Excel workbook in the official layout: a working copy and a publication copy.

The working copy prints every cell in 元, exactly as stored, so that editing it in Excel and importing it
back (accounts.importing) changes only what was edited. The publication copy prints 万元 with two
decimals, each cell rounded on its own (formatting.to_wanyuan), for reading. Both are the nine statements
built from the facts, laid out with the importer's own template writer, so the file, the template and
the published tables cannot drift apart.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from .addresses import SUBJECT_KINDS
from .formatting import to_wanyuan
from .importing.template import (
    amount_columns_of,
    subject_header_rows,
    write_table,
)
from .importing.working_copy import (
    add_working_copy_sheet,
    apply_layout,
    cache_formula_values,
    working_formulas,
)
from .statements import build_statements, load_facts

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKING, PUBLICATION = "working", "publication"
COPIES = {WORKING: ("元", "工作底稿"), PUBLICATION: ("万元", "公开版")}


def sheet_amount(yuan, copy):
    """Return what an amount cell holds: None for zero (the tables leave it blank), 元 or rounded 万元."""
    if yuan is None or yuan == 0:
        return None
    return yuan if copy == WORKING else to_wanyuan(yuan)


def subject_table_rows(statement, copy):
    """Body rows of a subject table: the code over the 类/款/项 columns, the name, then the amounts."""
    rows = []
    for row in statement.rows:
        amounts = [sheet_amount(cell.value, copy) for cell in row.cells if cell.is_amount]
        if row.kind == "total":
            rows.append([("合计", 4), *amounts])
        else:
            rows.append([(row.code, 3), str(row.cells[1].text), *amounts])
    return rows


def table_rows(statement, copy):
    """Body rows of the other tables, cell for cell as the statement prints them (行次 as numbers)."""
    rows = []
    for row in statement.rows:
        cells = []
        for cell in row.cells:
            if cell.is_amount:
                value = sheet_amount(cell.value, copy)
            elif cell.role == "line" and cell.text.isdigit():
                value = int(cell.text)
            else:
                value = str(cell.text) or None  # some labels are lazy translations
            cells.append((value, cell.colspan) if cell.colspan > 1 else value)
        rows.append(cells)
    return rows


def build_workbook(final_account, *, copy=WORKING):
    """Return the workbook (bytes) of `final_account`: the working copy in 元 or the publication copy in 万元."""
    unit_label, _name = COPIES[copy]
    facts = load_facts(final_account)
    statements = build_statements(facts)
    department = final_account.department.name
    workbook = Workbook()
    workbook.remove(workbook.active)
    formulas = working_formulas(facts, statements) if copy == WORKING else None
    for kind, statement in statements.items():
        worksheet = workbook.create_sheet(statement.label)
        heading = f"{final_account.year}年度{statement.title}（{statement.label}）"
        if kind in SUBJECT_KINDS:
            table = facts.tables[kind]
            width = 4 + len(table.layout["columns"])
            header_rows = subject_header_rows(table)
            rows = subject_table_rows(statement, copy)
            amounts = set(range(5, width + 1))
        else:
            width = statement.column_count
            header_rows = statement.header_rows
            rows = table_rows(statement, copy)
            amounts = amount_columns_of(statement)
        write_table(
            worksheet,
            heading=heading,
            department=department,
            unit_label=unit_label,
            header_rows=header_rows,
            rows=rows,
            notes=statement.notes,
            width=width,
            amount_columns=amounts,
            sentence=statement.empty_sentence,
        )
        bold_total_rows(worksheet, statement, header_rows)
        if copy == WORKING:
            apply_layout(worksheet, formulas)
        worksheet.freeze_panes = worksheet.cell(row=3 + len(header_rows), column=1)
    if copy == WORKING:
        add_working_copy_sheet(workbook, final_account, formulas, exported_at=timezone.now())
    buffer = io.BytesIO()
    workbook.save(buffer)
    if copy == WORKING:
        return cache_formula_values(buffer.getvalue(), formulas)
    return buffer.getvalue()


def bold_total_rows(worksheet, statement, header_rows):
    first = 3 + len(header_rows)
    for offset, row in enumerate(statement.rows):
        if row.kind in ("total", "category"):
            for cell in worksheet[first + offset]:
                cell.font = Font(bold=True)


def workbook_filename(final_account, copy):
    """Return the download name: “2023-dongxihu-hrss-工作底稿-元.xlsx”."""
    unit_label, name = COPIES[copy]
    department = final_account.department
    return f"{final_account.year}-{department.bureau.slug}-{department.slug}-{name}-{unit_label}.xlsx"
