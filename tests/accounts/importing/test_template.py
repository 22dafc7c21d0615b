"""The blank template: generated from the report format, shipped as a file, and importable as it is."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.importing import prepare_import
from accounts.importing.results import ImportedFacts
from accounts.importing.template import build_template, build_workbook, template_path
from accounts.models import FinalAccount
from accounts.statements import load_facts

from .test_reference_workbook import PRINTED_DIFFERENCES


def contents(data):
    """Every sheet's title, values and merged ranges."""
    workbook = load_workbook(io.BytesIO(data))
    return [
        (
            sheet.title,
            [list(row) for row in sheet.iter_rows(values_only=True)],
            sorted(str(r) for r in sheet.merged_cells.ranges),
        )
        for sheet in workbook.worksheets
    ]


def test_the_shipped_template_is_the_one_the_format_gives(final_account):
    shipped = template_path(final_account.report_format).read_bytes()
    assert contents(shipped) == contents(build_template(final_account.report_format))


def test_the_template_has_one_sheet_per_table_with_title_unit_and_fixed_rows(final_account):
    workbook = load_workbook(io.BytesIO(build_template(final_account.report_format)))
    assert [(s.title, s["A1"].value) for s in workbook.worksheets] == [
        ("表1", "2022年度收入支出决算总表（表1）"),
        ("表2", "2022年度收入决算表（表2）"),
        ("表3", "2022年度支出决算表（表3）"),
        ("表4", "2022年度财政拨款收入支出决算总表（表4）"),
        ("表5", "2022年度一般公共预算财政拨款支出决算表（表5）"),
        ("表6", "2022年度一般公共预算财政拨款基本支出决算明细表（表6）"),
        ("表7", "2022年度政府性基金预算财政拨款收入支出决算表（表7）"),
        ("表8", "2022年度国有资本经营预算财政拨款支出决算表（表8）"),
        ("表9", "2022年度财政拨款“三公”经费支出决算表（表9）"),
    ]
    t1 = workbook["表1"]
    assert [c.value for c in t1[32]] == ["本年收入合计", 27, None, "本年支出合计", 58, None]
    assert [c.value for c in workbook["表2"][5]] == ["类", "款", "项", "栏次", 1, 2, 3, 4, 5, 6, 7]
    assert [c.value for c in workbook["表6"][6]] == [
        "30101",
        "基本工资",
        None,
        "30201",
        "办公费",
        None,
        "31002",
        "办公设备购置",
        None,
    ]


def test_the_blank_template_imports_without_errors_and_gives_no_facts(final_account):
    result = prepare_import(final_account, build_template(final_account.report_format))
    assert result.errors == []
    assert result.notices == []
    assert result.facts == ImportedFacts()
    assert [f for f in result.findings if f.rule_id in ("I1", "I2")] == []


def test_a_workbook_of_the_demos_tables_imports_back_to_the_same_facts(draft):
    call_command("load_demo", stdout=io.StringIO())
    demo = FinalAccount.objects.get(department__slug="hrss", year=2022)
    demo_facts = load_facts(demo)
    data = build_workbook(demo.report_format, facts=demo_facts, department=demo.department.name)
    result = prepare_import(draft, data)
    assert result.errors == []
    assert result.facts == ImportedFacts(
        income=demo_facts.income,
        expenditure=demo_facts.expenditure,
        balances=demo_facts.balances,
        basic_detail=demo_facts.basic_detail,
        official_expenses=demo_facts.official_expenses,
    )
    # The demo's tables as it publishes them: the reference's printed totals, one cent off their 项.
    assert sorted(
        (f.rule_id, str(f.severity), f.target, f.expected, f.actual)
        for f in result.findings
        if f.rule_id in ("I1", "I2")
    ) == sorted(("I1", "notice", *difference) for difference in PRINTED_DIFFERENCES)


@pytest.mark.slow  # a benchmark
def test_the_import_benchmark_prints_time_and_queries(db):
    out = io.StringIO()
    call_command("benchmark", "import", stdout=out)
    line = out.getvalue().splitlines()[1]
    assert line.startswith("import: the demo's nine tables as a ")
    assert line.endswith(" queries")
