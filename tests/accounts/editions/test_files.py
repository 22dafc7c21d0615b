"""A bureau's file of an edition: the layouts read, and bad files refused with every row named."""

import pytest
from django.core.exceptions import ValidationError

from accounts.editions import read_edition_file

from .workbooks import csv_bytes, xlsx_bytes


def test_a_utf8_csv_with_the_ministrys_headers_is_read():
    data = csv_bytes(
        [
            ("科目编码", "科目名称", "说明"),
            ("205", "教育支出", "反映政府教育事务支出。"),
            ("20502", "普通教育", ""),
            ("2050202", "小学教育", "反映各部门举办的小学教育支出。"),
        ]
    )
    edition_file = read_edition_file(data, filename="2024.csv")
    assert edition_file.kind == "functional"
    assert [(line.row, line.code, line.name, line.explanation) for line in edition_file.lines] == [
        (2, "205", "教育支出", "反映政府教育事务支出。"),
        (3, "20502", "普通教育", ""),
        (4, "2050202", "小学教育", "反映各部门举办的小学教育支出。"),
    ]
    assert edition_file.layout == "表头在第 1 行；编码 A 列，名称 B 列，说明 C 列。"


def test_a_gb18030_csv_with_short_headers_and_a_note_column_is_read():
    data = csv_bytes(
        [("代码", "名称", "备注"), ("301", "工资福利支出", ""), ("30101", "基本工资", "按国家规定发放")],
        encoding="gb18030",
    )
    edition_file = read_edition_file(data, filename="经济分类.csv")
    assert edition_file.kind == "economic"
    assert [(line.code, line.name, line.explanation) for line in edition_file.lines] == [
        ("301", "工资福利支出", ""),
        ("30101", "基本工资", "按国家规定发放"),
    ]


def test_a_workbook_with_a_title_and_codes_split_over_class_section_item_columns_is_read():
    data = xlsx_bytes(
        [
            ("类", "款", "项", "科目名称", "说明"),
            (205, None, None, "教育支出", None),
            (205, "02", None, "　普通教育", None),
            (205, "02", "02", "　　小学教育", "反映……"),
            (None, None, None, "合计", None),
        ]
    )
    edition_file = read_edition_file(data, filename="2024.xlsx")
    assert [(line.row, line.code, line.name) for line in edition_file.lines] == [
        (4, "205", "教育支出"),
        (5, "20502", "普通教育"),
        (6, "2050202", "小学教育"),
    ]
    assert (
        edition_file.layout == "表头在第 3 行；编码分列（类 A 列、款 B 列、项 C 列），名称 D 列，说明 E 列。"
    )


def test_a_workbook_with_numeric_code_cells_is_read():
    data = xlsx_bytes([("功能分类科目编码", "科目名称"), (205, "教育支出"), (20502, "普通教育")], title="")
    assert [line.code for line in read_edition_file(data).lines] == ["205", "20502"]


def test_a_file_without_the_columns_is_refused_saying_which_it_needs():
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(csv_bytes([("序号", "金额"), ("1", "100")]))
    assert excinfo.value.messages == [
        "找不到表头：文件的前 30 行中须有一行含“科目编码”（或“编码”“代码”，或分列的“类”“款”“项”）"
        "和“科目名称”（或“名称”）两列；“说明”（或“备注”）列可选。"
    ]


def test_malformed_duplicate_and_orphaned_codes_and_missing_names_are_each_named():
    data = csv_bytes(
        [
            ("科目编码", "科目名称"),
            ("205", "教育支出"),
            ("2050X", "坏编码"),
            ("20502", "普通教育"),
            ("20502", "普通教育"),
            ("2059901", "某项"),
            ("2050201", ""),
        ]
    )
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(data)
    assert excinfo.value.messages == [
        "第 7 行：科目编码 2050201 缺少名称。",
        "第 3 行：功能分类科目编码“2050X”格式不正确（须为 3、5 或 7 位数字）。",
        "第 5 行：科目编码 20502 重复（第 4 行已有）。",
        "第 6 行：科目 2059901 的上级科目 20599 不在文件中。",
    ]


def test_codes_of_both_kinds_in_one_file_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(csv_bytes([("编码", "名称"), ("205", "教育支出"), ("301", "工资福利支出")]))
    assert excinfo.value.messages == [
        "无法判断是功能分类还是经济分类科目：支出功能分类编码以 2 开头，经济分类编码以 3 或 5 开头。"
        "请分开上传，或指明科目类别。"
    ]


def test_an_old_xls_workbook_and_an_unreadable_file_are_refused_clearly():
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, filename="2024.xls")
    assert excinfo.value.messages == [
        "不支持旧版 .xls 工作簿，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后上传。"
    ]
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(b"PK\x03\x04 not a zip")
    assert excinfo.value.messages == ["文件已损坏，无法作为 .xlsx 工作簿打开。"]


def test_a_file_of_the_wrong_kind_for_the_kind_asked_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        read_edition_file(csv_bytes([("编码", "名称"), ("301", "工资福利支出")]), kind="functional")
    assert excinfo.value.messages == ["第 2 行：科目编码 301 不是支出功能分类科目（应以 2 开头）。"]
