"""A format file is checked against its schema and the cross-field rules; each error names its field."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.format_schema import format_errors, schema
from accounts.models import ReportFormat
from accounts.reference_data import load_report_format, shipped_format_files

from .conftest import national_data, region_data


def test_every_shipped_format_file_satisfies_the_schema():
    files = shipped_format_files()
    assert [path.name for path in files][:1] == ["national-2022.json"]
    assert {path.name: format_errors(json.loads(path.read_text(encoding="utf-8"))) for path in files} == {
        path.name: [] for path in files
    }


def test_the_schema_is_a_valid_json_schema_with_the_contracts_top_level_keys():
    assert sorted(schema()["properties"]) == [
        "category_rows",
        "document",
        "labels",
        "line_numbers",
        "name",
        "region",
        "source",
        "tables",
        "variant",
        "version",
        "year",
    ]


def test_a_wrong_value_in_a_layout_is_named_with_its_path():
    data = national_data()
    data["tables"][8]["layout"]["arrangement"] = "rows"
    assert format_errors(data) == ['tables[8].layout.arrangement: 应为 blocks 或 pairs，文件中为 "rows"']


def test_missing_wrong_typed_and_unknown_fields_are_each_named():
    data = national_data()
    del data["tables"][0]["title"]
    data["tables"][3]["number"] = "4"
    data["category_rows"][1]["code"] = "20"
    data["line_numbers"] = "yes"
    data["colour"] = "red"
    assert format_errors(data) == [
        "colour: 未知的键（可用的键：category_rows、document、labels、line_numbers、name、region、source、"
        "tables、variant、version、year）",
        'category_rows[1].code: 应为 3 位数字的类级科目编码，文件中为 "20"',
        'line_numbers: 应为true 或 false，文件中为 "yes"',
        "tables[0].title: 必填，文件中没有",
        'tables[3].number: 应为整数，文件中为 "4"',
    ]


def test_a_table_kind_needs_the_layout_keys_its_builder_reads():
    data = national_data()
    del data["tables"][1]["layout"]["columns"]
    del data["tables"][0]["layout"]["income_total"]
    assert format_errors(data) == [
        "tables[0].layout.income_total: 必填，文件中没有",
        "tables[1].layout.columns: 必填，文件中没有",
    ]


def test_duplicate_numbers_kinds_and_codes_are_refused():
    data = national_data()
    data["tables"][6]["number"] = 1
    data["tables"][7]["kind"] = "government_fund"
    data["category_rows"][2]["code"] = "201"
    assert format_errors(data) == [
        "tables[6].number: 表号 1 与 tables[0] 重复",
        "tables[7].kind: 表类型 government_fund 与 tables[6] 重复",
        "category_rows[2].code: 类级科目编码 201 与 category_rows[0] 重复",
    ]


def test_a_column_key_no_builder_reads_is_refused_naming_the_keys_it_knows():
    data = national_data()
    data["tables"][2]["layout"]["columns"][1]["key"] = "basik"
    assert format_errors(data) == [
        "tables[2].layout.columns[1].key: “basik”不是支出决算表的列"
        "（可用：affiliate_subsidy、basic、business、project、remittance、total）"
    ]


def test_placeholders_are_limited_to_year_department_and_short_name():
    data = region_data(
        document={
            "cover_title": "{year}年度{short_name}部门决算公开",
            "cover_lines": ["{department}", "{bureau}"],
            "parts": [
                {"key": "overview", "title": "第一部分　{short_name}概况"},
                {"key": "tables", "title": "第二部分　{short_name}{year}年度部门决算表{"},
            ],
        }
    )
    data["tables"][6]["empty_sentence"] = (
        "说明：{department}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    )
    data["tables"][7]["empty_sentence"] = "{department!r}无国有资本经营预算支出。"
    assert format_errors(data) == [
        "tables[7].empty_sentence: 占位符“{department}”不可用，只能用 {year}、{department}、{short_name}",
        "document.cover_lines[1]: 占位符“{bureau}”不可用，只能用 {year}、{department}、{short_name}",
        "document.parts[1].title: 花括号不成对；占位符写作 {year}、{department}、{short_name}",
    ]


def test_a_nested_section_and_a_repeated_section_key_are_named():
    data = national_data()
    data["document"] = {
        "parts": [
            {
                "key": "explanations",
                "title": "第三部分　情况说明",
                "sections": [
                    {"key": "overview", "title": "收入支出决算总体情况说明"},
                    {"key": "overview", "title": "收入决算情况说明"},
                    {"key": "other_matters", "sections": [{"key": "Operating", "title": "机关运行经费"}]},
                ],
            }
        ]
    }
    assert format_errors(data) == [
        "document.parts[0].sections[2].title: 必填，文件中没有",
        "document.parts[0].sections[2].sections[0].key: 应为小写英文字母、数字或下划线组成的标识，"
        '文件中为 "Operating"',
    ]
    data["document"]["parts"][0]["sections"][2] = {"key": "other_matters", "title": "其他重要事项的情况说明"}
    assert format_errors(data) == ["document.parts[0].sections[1].key: “overview”与同级的另一节重复"]


def test_the_loader_refuses_an_invalid_file_whole(db):
    data = region_data()
    data["tables"][8]["layout"]["arrangement"] = "rows"
    with pytest.raises(ValidationError) as excinfo:
        load_report_format(data)
    assert excinfo.value.messages == ['tables[8].layout.arrangement: 应为 blocks 或 pairs，文件中为 "rows"']
    assert ReportFormat.objects.filter(region="testregion").exists() is False


def test_the_command_names_the_field_of_a_bad_file(db, tmp_path):
    data = region_data()
    data["category_rows"][0]["summary_line"] = 0
    path = tmp_path / "testregion-2022.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--format", str(path), stdout=io.StringIO())
    assert str(excinfo.value) == "category_rows[0].summary_line: 应不小于 1，文件中为 0"


def test_the_command_refuses_a_file_that_is_not_json(db, tmp_path):
    path = tmp_path / "testregion-2022.json"
    path.write_text('{"year": 2022,', encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--format", str(path), stdout=io.StringIO())
    assert str(excinfo.value) == "testregion-2022.json：不是有效的 JSON（第 1 行第 15 列）。"


def test_summary_tables_need_every_income_line_and_sides_of_equal_length():
    data = national_data()
    data["category_rows"] = data["category_rows"][:24]
    del data["tables"][0]["layout"]["income_lines"]["other"]
    del data["tables"][3]["layout"]["opening_balance_lines"]["state_capital"]
    assert format_errors(data) == [
        "tables[0].layout.income_lines: 缺少 other 的行次",
        "tables[0].layout.expenditure_blank: 收入方 31 行、支出方 29 行（24 个类级行），两方行数须相等；"
        "请在 income_blank 或 expenditure_blank 中增减空行",
        "tables[3].layout.opening_balance_lines: 缺少 state_capital 的行次",
        "tables[3].layout.expenditure_blank: 收入方 32 行、支出方 30 行（24 个类级行），两方行数须相等；"
        "请在 income_blank 或 expenditure_blank 中增减空行",
    ]
