"""Hostile or broken files: each gets a clear error, and nothing saved is touched."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from accounts import editing
from accounts.importing import MAX_FILE_BYTES, ImportRefused, WorkbookError, apply_import, read_upload
from accounts.importing.working_copy import MARKER, SHEET_NAME
from accounts.models import FigureChange, PrintedCell
from accounts.statements import load_facts

from .workbooks import edited


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def many_rows(count):
    """A workbook whose one sheet has `count` rows, written directly as sheet XML (openpyxl is slow at it)."""
    workbook = Workbook()
    workbook.active.title = "表3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, count + 1))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    return zipped(members)


def with_formula(workbook):
    workbook["表1"]["C32"] = "=SUM(C6:C13)"


def with_forged_working_copy_sheet(workbook):
    """A hidden sheet claiming to be a working copy, so that its formulas pass for the export's own."""
    workbook["表1"]["C32"] = "=SUM(C6:C13)"
    workbook["表1"]["C33"] = "='[other.xlsx]表1'!C6"
    forged = workbook.create_sheet(SHEET_NAME)
    forged.sheet_state = "hidden"
    forged.append([MARKER])
    forged.append(["公式", "表1", "C32,C33"])


def with_text_amounts(workbook):
    workbook["表5"]["E13"] = "一千六百七十三"
    workbook["表9"]["G7"] = "2022-12-31"


HOSTILE = {
    "not a zip": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old .xls file",
        [
            "文件不是 .xlsx 工作簿（Excel 2007 及以后的格式）。旧版 .xls、CSV 或加密的工作簿请另存为 .xlsx 后导入。"
        ],
    ),
    "a zip that is no workbook": (
        lambda: zipped({"readme.txt": "hello"}),
        ["文件是压缩包，但不是 .xlsx 工作簿（缺少 xl/workbook.xml）。"],
    ),
    "a zip bomb": (
        lambda: zipped(
            {"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (30 * 1024 * 1024)}
        ),
        ["工作簿解压后共 30.0 MB，超过上限 10 MB，可能是压缩炸弹，已拒绝。"],
    ),
    "a member compressed a thousandfold": (
        lambda: zipped(
            {"xl/workbook.xml": "<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (2 * 1024 * 1024)}
        ),
        ["工作簿部件 xl/worksheets/sheet1.xml 的压缩比超过 200:1，可能是压缩炸弹，已拒绝。"],
    ),
    "100,000 rows": (
        lambda: many_rows(100_000),
        ["工作表“表3”在第 2001 行仍有内容，超过每张表 2000 行的上限。"],
    ),
    # Formulas stay refused, except the sums of cells a working copy's hidden sheet names as its own,
    # which the importer computes itself from the input cells: a cached result is whatever the last
    # program to save the file computed, not a figure anyone typed.
    "formulas instead of values": (
        lambda: edited(with_formula),
        [
            "工作表“表1” C32：单元格是公式（=SUM(C6:C13)），不是数值。请把公式替换为数值（选择性粘贴为“值”）后再导入。"
        ],
    ),
    "a forged working copy with formulas that are no sums of cells": (
        lambda: edited(with_forged_working_copy_sheet),
        [
            "工作表“表1” C32：单元格是公式（=SUM(C6:C13)：公式不是单元格之和，无法按工作底稿计算），不是数值。"
            "请把公式替换为数值（选择性粘贴为“值”）后再导入。",
            "工作表“表1” C33：单元格是公式（='[other.xlsx]表1'!C6：引用的工作表“[other.xlsx]表1”不存在），不是数值。"
            "请把公式替换为数值（选择性粘贴为“值”）后再导入。",
        ],
    ),
    "text in amount cells": (
        lambda: edited(with_text_amounts),
        ["工作表“表5” E13：“一千六百七十三”不是有效的金额。", "工作表“表9” G7：“2022-12-31”不是有效的金额。"],
    ),
    "a number beyond floating point": (
        lambda: edited(lambda workbook: workbook["表5"].cell(13, 5, 1.7976931348623155e308)),
        ["工作表“表5” E13：“#NUM!”不是有效的金额。"],
    ),
    "a missing sheet": (
        lambda: edited(lambda workbook: workbook.remove(workbook["表9"])),
        ["缺少表9 财政拨款“三公”经费支出决算表：没有哪张工作表的标题是它。"],
    ),
    "an oversized file": (
        b"PK" + b"\0" * MAX_FILE_BYTES,
        ["文件大小 5.0 MB 超过上限 5 MB。"],
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_workbook_is_refused_with_a_clear_error_and_changes_nothing(draft, case):
    data, expected = HOSTILE[case]
    data = data() if callable(data) else data
    editing.set_income(draft, code="2080101", source="general_budget", amount="100.00", by=None)
    before = load_facts(draft)
    changes = FigureChange.objects.filter(final_account=draft).count()
    with pytest.raises(ImportRefused) as refused:
        apply_import(draft, data, by=None)
    assert [str(problem) for problem in refused.value.result.errors] == expected
    after = load_facts(draft)
    assert after.income == before.income == {("2080101", "general_budget"): Decimal("100.00")}
    assert FigureChange.objects.filter(final_account=draft).count() == changes
    assert PrintedCell.objects.filter(final_account=draft).count() == 0


def test_a_corrupt_workbook_is_refused_with_what_openpyxl_says(draft):
    data = zipped({"[Content_Types].xml": "<Types", "xl/workbook.xml": "not xml"})
    with pytest.raises(ImportRefused) as refused:
        apply_import(draft, data, by=None)
    (problem,) = refused.value.result.errors
    assert str(problem).startswith("无法读取工作簿：") is True


def test_an_oversized_upload_is_refused_before_it_is_read():
    upload = io.BytesIO(b"\0" * (MAX_FILE_BYTES + 1))
    with pytest.raises(WorkbookError) as refused:
        read_upload(upload)
    assert str(refused.value) == "文件大小 5.0 MB 超过上限 5 MB。"
