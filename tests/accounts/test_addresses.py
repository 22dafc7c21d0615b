import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

import accounts
from accounts.addresses import (
    Address,
    AddressError,
    address_of,
    cell_address,
    column_keys_of,
    parse_label,
    printed_cell,
    validate_address,
)
from accounts.statements.structures import Cell


@pytest.mark.parametrize(
    "text",
    [
        "income|2080101|general_budget",
        "expenditure|2080101|general_budget|basic",
        "balance|government_fund||closing",
        "balance|general_budget|2080101|opening",
        "detail|30217",
        "official|reception|actual",
        "budget|total|",
        "budget|kind|basic",
        "budget|subject|2080101",
        "stated|operating_costs",
        "count|vehicles_held",
        "prior|income_total|source",
        "text|subject_reason|2080101",
        "text|main_functions|",
        "cell|income_expenditure_summary|r27|1",
        "cell|general_budget_expenditure|2080101|2",
        "cell|general_budget_expenditure|total|1",
        "cell|basic_expenditure_detail|personnel_total|",
        "cell|official_expenses|actual_reception|12",
        "subject|functional|208",
    ],
)
def test_address_text_round_trips(text):
    assert str(Address.parse(text)) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "income|2080101",
        "income|208|general_budget",
        "income|2080101|nonsense",
        "expenditure|2080101|general_budget|basic|x",
        "cell|general_budget_expenditure|r27|1",
        "cell|unknown_table|2080101|1",
        "budget|kind|remittance",
        "nothing|at|all",
    ],
)
def test_address_parse_refuses_what_names_nothing(text):
    with pytest.raises(AddressError):
        Address.parse(text)
    assert address_of(text) is None


def test_address_labels_are_the_printed_places():
    names = {"2080101": "行政运行"}
    assert Address.parse("cell|general_budget_expenditure|2080101|2").label() == "表5/2080101/栏2"
    assert Address.parse("cell|general_budget_expenditure|total|1").label() == "表5/合计/栏1"
    assert Address.parse("cell|income_expenditure_summary|r27|1").label() == "表1/行27/栏1"
    assert Address.parse("cell|basic_expenditure_detail|personnel_total|").label() == "表6/人员经费合计"
    assert Address.parse("cell|official_expenses|actual_reception|12").label() == "表9/栏12"
    # A format that prints 三公 at 表7 (上海) labels it so.
    assert Address.parse("cell|official_expenses|actual_reception|12").label(
        tables={"official_expenses": 7}
    ) == ("表7/栏12")
    assert Address.parse("income|2080101|general_budget").label(names=names) == (
        "收入/2080101 行政运行/一般公共预算财政拨款收入"
    )
    assert (
        Address.parse("balance|government_fund||closing").label() == "年末结转和结余/政府性基金预算财政拨款"
    )


def test_address_anchors():
    assert Address.parse("cell|general_budget_expenditure|2080101|2").anchor == (
        "cell-general_budget_expenditure-2080101-2"
    )
    assert (
        Address.parse("cell|basic_expenditure_detail|30217|").anchor == "cell-basic_expenditure_detail-30217"
    )
    assert Address.parse("income|2080101|general_budget").anchor == "c-income-2080101-general_budget"


def national_column_keys():
    """The column keys of the shipped national format, as a final account of it has them."""
    data = json.loads((Path(accounts.__file__).parent / "data/formats/national-2022.json").read_text("utf-8"))
    return column_keys_of(
        {table["kind"]: SimpleNamespace(layout=table["layout"]) for table in data["tables"]}
    )


def test_address_behind_a_printed_cell_is_the_fact_it_shows():
    keys = national_column_keys()

    def behind(text):
        found = Address.parse(text).behind(keys)
        return None if found is None else str(found)

    assert behind("cell|general_budget_expenditure|2080101|2") == "expenditure|2080101|general_budget|basic"
    assert behind("cell|government_fund|2290402|2") == "income|2290402|government_fund"
    assert behind("cell|government_fund|2290402|6") == "balance|government_fund|2290402|closing"
    assert behind("cell|income|2080101|4") == "income|2080101|public_service"
    assert behind("cell|official_expenses|budget_vehicle_operation|5") == "official|vehicle_operation|budget"
    assert behind("cell|basic_expenditure_detail|30217|") == "detail|30217"
    # Sums show no single fact.
    assert behind("cell|expenditure|2080101|2") is None
    assert behind("cell|general_budget_expenditure|208|2") is None
    assert behind("cell|official_expenses|actual_total|7") is None
    assert behind("cell|income_expenditure_summary|r27|1") is None


def test_address_behind_needs_the_format_to_read_a_column():
    # What 栏2 holds is the format's to say; 表6 and 表9 cells name their figure by their place.
    assert Address.parse("cell|general_budget_expenditure|2080101|2").behind() is None
    assert (
        str(Address.parse("cell|official_expenses|actual_reception|12").behind())
        == "official|reception|actual"
    )


def test_cell_address_of_built_cells():
    assert str(
        cell_address("general_budget_expenditure", Cell(value=1, column=2, key="basic", code="2080101"))
    ) == ("cell|general_budget_expenditure|2080101|2")
    assert str(
        cell_address("appropriation_summary", Cell(value=1, line=59, column=3, key="expenditure_total"))
    ) == ("cell|appropriation_summary|r59|3")
    assert str(cell_address("basic_expenditure_detail", Cell(value=1, key="operating_total"))) == (
        "cell|basic_expenditure_detail|operating_total|"
    )
    assert str(cell_address("official_expenses", Cell(value=1, column=7, key="actual_total"))) == (
        "cell|official_expenses|actual_total|7"
    )


def test_printed_cells_of_a_sheet_are_named_by_their_place_in_the_table():
    assert str(printed_cell("income_expenditure_summary", line=27, column=1)) == (
        "cell|income_expenditure_summary|r27|1"
    )
    assert str(printed_cell("income", code="2080101", column=2)) == "cell|income|2080101|2"
    assert str(printed_cell("income", column=1)) == "cell|income|total|1"
    assert str(printed_cell("basic_expenditure_detail", code="30217", key="economic")) == (
        "cell|basic_expenditure_detail|30217|"
    )
    assert str(printed_cell("basic_expenditure_detail", key="operating_total")) == (
        "cell|basic_expenditure_detail|operating_total|"
    )
    # A sheet gives 表9's 栏次 only; the column names the item.
    assert str(printed_cell("official_expenses", column=12)) == "cell|official_expenses|actual_reception|12"
    assert str(printed_cell("official_expenses", column=3)) == "cell|official_expenses|budget_vehicles|3"
    # A 类 the format's 表1 does not list has no 行次.
    assert printed_cell("income_expenditure_summary", code="229").label() == "表1/229"


@pytest.mark.parametrize(
    ("label", "text"),
    [
        ("表5/2080101/栏2", "cell|general_budget_expenditure|2080101|2"),
        ("表5 2080101 栏2", "cell|general_budget_expenditure|2080101|2"),
        ("表5/合计/栏1", "cell|general_budget_expenditure|total|1"),
        ("表1/行27/栏1", "cell|income_expenditure_summary|r27|1"),
        ("表6/人员经费合计", "cell|basic_expenditure_detail|personnel_total|"),
        ("表6/30217", "cell|basic_expenditure_detail|30217|"),
        ("表9/栏12", "cell|official_expenses|actual_reception|12"),
        ("表7", "table|government_fund"),
    ],
)
def test_a_printed_cells_label_reads_back_as_its_address(label, text):
    assert str(parse_label(label)) == text
    assert parse_label(label).label() == label.replace(" ", "/")


def test_labels_read_back_with_the_formats_table_numbers():
    # 上海 prints 三公 at 表7.
    assert str(parse_label("表7/栏12", tables={"official_expenses": 7, "government_fund": 10})) == (
        "cell|official_expenses|actual_reception|12"
    )


@pytest.mark.parametrize(
    "label", ["", "表5 行27 栏1", "表1 2080101 栏1", "表9 30217", "表5 9999 栏1", "第三部分 五"]
)
def test_a_label_of_no_printed_cell_is_refused(label):
    with pytest.raises(AddressError):
        parse_label(label)


def test_labels_of_texts_and_tables_and_what_addresses_name():
    names = {"2080101": "行政运行"}
    assert Address.parse("text|subject_reason|2080101").label(names=names) == (
        "文字说明/项级科目决算与预算差异原因 2080101 行政运行"
    )
    assert Address.parse("text|key_work|").label() == "文字说明/重点工作完成情况"
    assert Address.parse("table|official_expenses").label(tables={"official_expenses": 7}) == "表7"
    assert Address.parse("cell|official_expenses|actual_reception|12").heading(
        tables={"official_expenses": 7}
    ) == ("表7")
    assert Address.parse("budget|subject|2080101").heading() == "年初预算"
    assert [
        Address.parse(text).code
        for text in (
            "cell|general_budget_expenditure|2080101|2",
            "cell|general_budget_expenditure|total|2",
            "cell|basic_expenditure_detail|30217|",
            "income|2080101|general_budget",
            "budget|total|",
            "subject|economic|302",
        )
    ] == ["2080101", "", "30217", "2080101", "", "302"]
    assert Address.parse("table|government_fund").table_kind == "government_fund"


def test_validate_address_is_a_model_field_validator():
    validate_address("cell|income|2080101|2")
    with pytest.raises(ValidationError):
        validate_address("行27/栏1")
