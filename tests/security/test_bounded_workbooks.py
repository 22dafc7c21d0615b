"""Bounded work per uploaded cell and per sheet: no workbook of a few KB pins a worker.

Before: a long digit string took quadratic time in the note pattern (60,000 digits: 6 s), and a sheet
without a dimension and one `<row r="20000000"/>` made read_sheet walk twenty million padding rows;
rows below a declared dimension were silently left out.
"""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook

from accounts.importing import WorkbookError
from accounts.importing.parsing import is_note
from accounts.importing.reading import MAX_CELL_CHARACTERS, open_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_with_sheet(sheet_xml):
    """An .xlsx whose one sheet is `sheet_xml` (the <sheetData> and what precedes it), written directly."""
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.title = "表1"
    workbook.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{sheet_xml}</worksheet>'
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def inline(row, column_letter, text):
    return f'<c r="{column_letter}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def test_the_note_pattern_takes_linear_time_on_a_long_digit_string():
    started = time.monotonic()
    assert not is_note({1: "1" * 60_000})
    assert not is_note({column: "2" * 2_000 for column in range(102)})
    assert time.monotonic() - started < 1.0  # quadratic: 9.5 s on the reference machine
    assert is_note({1: "123行=456行+789行"})
    assert is_note({1: "注：本表无数据"})


def test_a_padding_row_far_below_is_not_walked():
    data = workbook_with_sheet(
        f'<sheetData><row r="1">{inline(1, "A", "收入支出决算总表")}</row><row r="20000000"/></sheetData>'
    )
    started = time.monotonic()
    [grid] = open_workbook(data)
    assert time.monotonic() - started < 2.0
    assert grid.cells == {(1, 1): "收入支出决算总表"}


def test_rows_below_the_declared_dimension_are_read():
    rows = "".join(f'<row r="{n}">{inline(n, "A", f"第{n}行")}</row>' for n in (1, 2, 3))
    [grid] = open_workbook(workbook_with_sheet(f'<dimension ref="A1:A2"/><sheetData>{rows}</sheetData>'))
    assert grid.cells == {(1, 1): "第1行", (2, 1): "第2行", (3, 1): "第3行"}


def test_a_value_far_below_the_row_limit_is_refused_even_past_the_dimension():
    data = workbook_with_sheet(
        f'<dimension ref="A1:A1"/><sheetData><row r="1">{inline(1, "A", "表")}</row>'
        f'<row r="5000">{inline(5000, "A", "藏在下面")}</row></sheetData>'
    )
    with pytest.raises(WorkbookError) as refused:
        open_workbook(data)
    assert str(refused.value) == "工作表“表1”在第 5000 行仍有内容，超过每张表 2000 行的上限。"


def test_an_overlong_cell_is_refused():
    text = "1" * (MAX_CELL_CHARACTERS + 1)
    data = workbook_with_sheet(f'<sheetData><row r="1">{inline(1, "B", text)}</row></sheetData>')
    with pytest.raises(WorkbookError) as refused:
        open_workbook(data)
    assert str(refused.value) == "工作表“表1”的单元格 B1 有 2001 个字符，超过每格 2000 个字符的上限。"


def test_a_control_character_in_a_cell_is_refused():
    data = workbook_with_sheet(f'<sheetData><row r="1">{inline(1, "C", "行政\u0085运行")}</row></sheetData>')
    with pytest.raises(WorkbookError) as refused:
        open_workbook(data)
    assert (
        str(refused.value) == "工作表“表1”的单元格 C1：输入中含有不允许的控制字符（U+0085），请删除后重试。"
    )
