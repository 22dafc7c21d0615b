"""Workbooks that differ from the reference the way real ones do, and tables that do not determine facts."""

from decimal import Decimal

import pytest
from openpyxl.cell.cell import MergedCell

from accounts.importing import apply_import, prepare_import
from accounts.models import FinalAccount, FunctionalSubject
from accounts.statements import load_facts

from .test_reference_workbook import PRINTED_DIFFERENCES, printed_differences
from .workbooks import edited


@pytest.fixture
def reference_facts(draft, reference_workbook):
    return prepare_import(draft, reference_workbook).facts


def rewritten(workbook, title, transform):
    """Replace sheet `title` by a sheet of plain values (no merges, no formats) from transform(rows)."""
    old = workbook[title]
    rows = [list(row) for row in old.iter_rows(values_only=True)]
    index = workbook.index(old)
    workbook.remove(old)
    new = workbook.create_sheet(title, index)
    for row in transform(rows):
        new.append(row)


def with_blank_rows(rows):
    """A blank row after the title, under the headers and after every third body row."""
    result = []
    for number, row in enumerate(rows, start=1):
        result.append(row)
        if number in (1, 4) or (number > 5 and number % 3 == 0):
            result.append([None] * len(row))
    return result


def split_codes(carry_forward):
    """Codes over 类/款/项 columns as printed by accounting software: “208” “01” “01”.

    With `carry_forward`, a 款 row shows only its 款 part and an item row only its 项 part, under the
    类 and 款 rows that open them.
    """

    def transform(rows):
        result = []
        for row in rows:
            code = row[0]
            if isinstance(code, str) and code.isdigit() and len(code) in (3, 5, 7):
                parts = [code[:3], code[3:5] or None, code[5:7] or None]
                if carry_forward:
                    parts = [
                        parts[0] if len(code) == 3 else None,
                        parts[1] if len(code) == 5 else None,
                        parts[2] if len(code) == 7 else None,
                    ]
                row = parts + row[3:]
            result.append(row)
        return result

    return transform


def amounts_as_text(rows):
    """Amounts typed as text with thousands separators (“1,673.43”), as pasted from a PDF."""
    return [
        [f"{Decimal(str(v)):,.2f}" if isinstance(v, float) else v for v in row] if i > 5 else row
        for i, row in enumerate(rows, start=1)
    ]


def codes_as_numbers(rows):
    return [
        [int(v) if isinstance(v, str) and v.isdigit() and len(v) in (3, 5, 7) else v for v in row]
        for row in rows
    ]


def test_sheets_are_found_by_title_whatever_their_order_and_names(draft, reference_facts):
    def shuffle(workbook):
        for sheet in list(workbook.worksheets):
            sheet.title = f"Sheet{workbook.index(sheet) + 10}"
            workbook.move_sheet(sheet, offset=-workbook.index(sheet))
        cover = workbook.create_sheet("目录", 0)
        for number, sheet in enumerate(reversed(workbook.worksheets[1:]), start=1):
            cover.cell(row=number, column=1, value=f"{number}、{sheet['A1'].value}")
        workbook.create_sheet("填表说明").append(["金额以万元为单位，保留两位小数。"])

    result = prepare_import(draft, edited(shuffle))
    assert result.errors == []
    assert [(t.sheet, t.number) for t in result.tables.values()] == [
        (f"Sheet{9 + n}", n) for n in range(1, 10)
    ]
    assert [str(n) for n in result.notices] == [
        "工作表“目录”：前几行含有多张报表的标题，视为目录或说明页，未导入。",
        "工作表“填表说明”：未找到本格式任何一张报表的标题，未导入。",
    ]
    assert result.facts == reference_facts


def test_blank_rows_split_codes_text_amounts_and_unmerged_headers_give_the_same_facts(draft, reference_facts):
    def vary(workbook):
        rewritten(workbook, "表2", lambda rows: codes_as_numbers(with_blank_rows(rows)))
        rewritten(
            workbook,
            "表3",
            lambda rows: amounts_as_text(split_codes(carry_forward=True)(with_blank_rows(rows))),
        )
        rewritten(workbook, "表5", lambda rows: codes_as_numbers(split_codes(carry_forward=False)(rows)))
        rewritten(workbook, "表6", with_blank_rows)

    result = prepare_import(draft, edited(vary))
    assert result.errors == []
    assert result.facts == reference_facts
    assert printed_differences(result.findings) == PRINTED_DIFFERENCES
    assert [f.target for f in result.findings if f.rule_id == "I2"] == ["表2/2210202/名称"]


def in_yuan(titles, amount_cells):
    """Sheets `titles` stated in 元: the unit line changed and every amount cell multiplied by 10,000."""

    def convert(workbook):
        for title in titles:
            sheet = workbook[title]
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value == "单位：万元":
                        cell.value = "单位：元"
                    elif (title, cell.coordinate) in amount_cells and cell.value is not None:
                        cell.value = Decimal(str(cell.value)) * 10000

    return convert


@pytest.fixture
def amount_cells(draft, reference_workbook):
    return {(f.sheet, f.cell) for f in prepare_import(draft, reference_workbook).figures}


def test_tables_in_yuan_give_the_same_facts_and_exact_comparisons(draft, reference_facts, amount_cells):
    result = prepare_import(draft, edited(in_yuan([f"表{n}" for n in range(1, 10)], amount_cells)))
    assert result.errors == []
    assert result.facts == reference_facts
    assert result.provenance == FinalAccount.Provenance.YUAN
    printed = [f for f in result.findings if f.rule_id == "I1"]
    assert [(f.target, f.expected, f.actual) for f in printed] == PRINTED_DIFFERENCES
    assert {(f.severity, f.message) for f in printed} == {("error", "印制数与由明细计算的数不一致")}


def test_one_table_in_yuan_among_tables_in_wanyuan(draft, reference_facts, amount_cells):
    result = prepare_import(draft, edited(in_yuan(["表9"], amount_cells)))
    assert result.errors == []
    assert (result.tables["official_expenses"].unit, result.tables["income"].unit) == ("yuan", "wanyuan")
    assert result.facts == reference_facts
    assert result.provenance == FinalAccount.Provenance.WANYUAN_TABLES


def renamed_subject(workbook):
    for title, column in (("表2", 1), ("表3", 1), ("表5", 1)):
        for row in workbook[title].iter_rows(min_col=column, max_col=column + 3):
            if row[0].value == "2080199":
                row[0].value = "2080198"
                row[3].value = "人才服务支出"


def test_an_unknown_subject_code_is_named_with_its_cell_and_kept_pending(draft):
    result = prepare_import(draft, edited(renamed_subject))
    assert result.errors == []
    assert [str(n) for n in result.notices if "2080198" in str(n)] == [
        "工作表“表2” A17：科目编码 2080198（“人才服务支出”）不在 2022 年版《政府收支分类科目》中，"
        "将作为本决算的待确认科目保存；审核人员确认纳入科目版本或改为已有科目后方可公开。"
    ]
    assert result.facts.expenditure[("2080198", "general_budget", "project")] == Decimal("2948000.00")


def test_accepted_unknown_subjects_are_created_with_the_workbooks_names(draft):
    result = apply_import(draft, edited(renamed_subject), by=None, accept_new_subjects=True)
    assert [(s.code, s.name) for s in result.new_subjects] == [("2080198", "人才服务支出")]
    subject = FunctionalSubject.objects.get(edition=2022, code="2080198")
    assert (subject.name, subject.parent.code) == ("人才服务支出", "20801")
    assert load_facts(draft).expenditure[("2080198", "general_budget", "project")] == Decimal("2948000.00")


def test_spending_of_appropriations_above_the_total_is_refused_with_its_cells(draft):
    result = prepare_import(draft, edited(lambda wb: wb["表5"].__setitem__("F15", 1200)))
    assert [str(e) for e in result.errors] == [
        "科目 2080101 基本支出：财政拨款支出（表5/2080101/栏2（工作表“表5” F15） 1,200.00 万元）合计大于"
        "表3/2080101/栏2（工作表“表3” F12） 的 1,119.43 万元，其他资金支出将为负数。"
    ]


def test_balances_smaller_than_the_appropriation_balances_are_refused(draft):
    result = prepare_import(draft, edited(lambda wb: wb["表1"].__setitem__("C34", 100)))
    assert [str(e) for e in result.errors] == [
        "年初结转和结余：表1/行29/栏1（工作表“表1” C34） 为 100.00 万元，小于财政拨款年初结转和结余（表4、表7）"
        "134.47 万元，其他资金年初结转和结余将为负数。"
    ]


def test_appropriation_income_of_two_budgets_is_refused_as_undetermined(draft):
    result = prepare_import(draft, edited(lambda wb: wb["表4"].__setitem__("C9", 10)))
    assert [str(e) for e in result.errors] == [
        "表4/行1/栏1（工作表“表4” C7）与表4/行3/栏1（工作表“表4” C9）都有金额，而表2 按科目只印财政拨款收入合计："
        "科目 2050399、2080101、2080102、2080106、2080109、2080110、2080199、2080501、2080505、2080704 等"
        "的财政拨款收入属于一般公共预算还是国有资本经营预算，印制的表格不能确定。请改为按元逐项录入收入。"
    ]


def test_a_section_with_an_amount_but_no_items_is_refused(draft):
    def drop_item(workbook):
        sheet = workbook["表3"]
        for row in sheet.iter_rows(min_col=1, max_col=1):
            if row[0].value == "2082501":
                for cell in sheet[row[0].row]:
                    if not isinstance(cell, MergedCell):
                        cell.value = None

    result = prepare_import(draft, edited(drop_item))
    assert [str(e) for e in result.errors] == [
        "工作表“表3” E25：表3 科目 20825 有金额，但表中没有它的项级科目，无法确定各项级科目的数额。",
        "科目 2082501 项目支出：财政拨款支出（表5/2082501/栏3（工作表“表5” G29） 3.23 万元）合计大于"
        "表3/2082501/栏3 的 0.00 万元，其他资金支出将为负数。",
    ]


def without_column_numbers(rows):
    """The tables as 上海 prints them: no 栏次 row."""
    return [row for row in rows if row[0] not in ("类", "栏次", 1)]


def test_tables_printed_without_column_numbers_are_read_by_their_headers(draft, reference_facts):
    def vary(workbook):
        for title in ("表1", "表2", "表3", "表4", "表5", "表9"):
            rewritten(workbook, title, without_column_numbers)

    result = prepare_import(draft, edited(vary))
    assert result.errors == []
    assert result.facts == reference_facts
    assert printed_differences(result.findings) == PRINTED_DIFFERENCES


def test_a_sheet_naming_another_department_gives_a_warning(draft):
    result = prepare_import(
        draft, edited(lambda wb: wb["表3"].__setitem__("A2", "部门：武汉市东西湖区财政局"))
    )
    assert (result.errors, result.notices) == ([], [])
    assert [str(n) for n in result.warnings] == [
        "工作表“表3”：表3 的部门为“武汉市东西湖区财政局”，与“武汉市东西湖区人力资源和社会保障局”不同，请确认文件无误。"
    ]


def test_a_title_naming_another_year_gives_a_warning(draft):
    def retitle(workbook):
        sheet = workbook["表1"]
        title = next(
            c for row in sheet.iter_rows(max_row=3) for c in row if str(c.value or "").startswith("2022")
        )
        title.value = title.value.replace("2022年度", "2021年度")

    result = prepare_import(draft, edited(retitle))
    assert result.errors == []
    assert [str(n) for n in result.warnings] == [
        "工作表“表1”：表1 的标题是 2021 年度，而导入对象是 2022 年度决算，请确认文件无误。"
    ]
