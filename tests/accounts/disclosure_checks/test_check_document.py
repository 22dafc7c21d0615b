"""Reading and checking a document without saving anything (accounts/disclosure_checks.py, check_disclosure)."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from accounts.disclosure_checks import check_document, document_rules
from accounts.importing import apply_import
from accounts.models import Department, FigureChange, FinalAccount, FinanceBureau, IncomeFact, PrintedCell
from accounts.rules import check_final_account

COUNTED = (FinanceBureau, Department, FinalAccount, IncomeFact, PrintedCell, FigureChange)


def row_counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_a_workbook_is_checked_as_its_import_would_be_and_nothing_is_saved(draft, reference_workbook):
    before = row_counts()
    check = check_document(reference_workbook, "2022-dongxihu-hrss.xlsx")
    assert row_counts() == before
    assert (check.year, check.department, check.region, check.variant, check.problems) == (
        2022,
        "武汉市东西湖区人力资源和社会保障局",
        "national",
        "",
        [],
    )
    # The same findings as the reference's tables imported into a draft and checked there.
    apply_import(draft, reference_workbook, by=None)
    expected = [f.as_dict() for f in check_final_account(draft, rules=document_rules())]
    assert [(f["rule_id"], f["target"], f["expected"], f["actual"]) for f in check.findings] == [
        (f["rule_id"], f["target"], f["expected"], f["actual"]) for f in expected
    ]
    # The reference prints 表1 本年收入合计 12,341.98 beside 表2's 12,341.99: a rounding notice.
    assert ("R17", "表1/行27/栏1", "123419900.00", "123419800.00") in [
        (f["rule_id"], f["target"], f["expected"], f["actual"]) for f in check.findings
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.4 not really", "PDF 文件已损坏或已加密，无法读取"),
        (b"hello", "文件不是 .xlsx 工作簿"),
    ],
)
def test_an_unreadable_file_is_one_problem(db, data, problem):
    check = check_document(data, "bad.bin")
    assert check.findings == []
    assert len(check.problems) == 1 and check.problems[0].startswith(problem)


def test_a_workbook_without_the_tables_is_one_problem(db):
    book = Workbook()
    book.active["A1"] = "2022年度工作总结"
    buffer = io.BytesIO()
    book.save(buffer)
    check = check_document(buffer.getvalue(), "summary.xlsx")
    assert check.year == 2022
    assert check.problems == ["没有哪一种 2022 年度的报表格式与文件中的报表标题相符，无法核对。"]


def test_the_command_prints_one_json_entry_per_file(db, tmp_path, reference_workbook):
    good = tmp_path / "reference.xlsx"
    good.write_bytes(reference_workbook)
    bad = tmp_path / "notes.xlsx"
    bad.write_bytes(b"not a workbook")
    out = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("check_disclosure", str(good), str(bad), "--format", "json", stdout=out)
    assert "notes.xlsx" in str(refused.value)
    entries = json.loads(out.getvalue())
    assert [(e["file"], e["year"], e["region"], e["department"]) for e in entries] == [
        ("reference.xlsx", 2022, "national", "武汉市东西湖区人力资源和社会保障局"),
        ("notes.xlsx", None, "", ""),
    ]
    first = entries[0]
    assert first["final_account"] == "武汉市东西湖区人力资源和社会保障局/2022"
    assert set(first["findings"][0]) == {
        "rule_id",
        "severity",
        "message",
        "target",
        "cells",
        "addresses",
        "expected",
        "actual",
        "difference",
        "unit",
        "sentence",
    }
    assert first["counts"] == {
        severity: sum(f["severity"] == severity for f in first["findings"])
        for severity in ("error", "warning", "notice")
        if any(f["severity"] == severity for f in first["findings"])
    }
    assert entries[1]["findings"] == [] and entries[1]["problems"][0].startswith("文件不是 .xlsx 工作簿")


def test_the_command_prints_text(db, tmp_path, reference_workbook):
    path = tmp_path / "reference.xlsx"
    path.write_bytes(reference_workbook)
    out = io.StringIO()
    call_command("check_disclosure", str(path), stdout=out)
    text = out.getvalue()
    assert text.startswith("reference.xlsx：格式“")
    assert "部门“武汉市东西湖区人力资源和社会保障局”、2022 年度" in text
    assert "[提示] R17 表1/行27/栏1" in text
    # What only the system holds (年初预算, 机关运行经费, 公务接待 parts) is no finding of a document.
    assert " P5 " not in text and " S1 " not in text and " R27 " not in text
