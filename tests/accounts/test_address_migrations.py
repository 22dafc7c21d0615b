"""The data migrations that renamed stored cells to addresses: what they read and what they write."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from accounts.addresses import Address
from accounts.models import PrintedCell, ReviewComment

printed = import_module("accounts.migrations.0013_fill_printed_cell_addresses")
comments = import_module("accounts.migrations.0015_fill_comment_addresses")
NATIONAL = {
    1: "income_expenditure_summary",
    2: "income",
    3: "expenditure",
    4: "appropriation_summary",
    5: "general_budget_expenditure",
    6: "basic_expenditure_detail",
    7: "government_fund",
    8: "state_capital",
    9: "official_expenses",
}


@pytest.mark.parametrize(
    ("kind", "old", "new"),
    [
        ("income_expenditure_summary", "行27/栏1", "cell|income_expenditure_summary|r27|1"),
        ("income", "2080101/栏2", "cell|income|2080101|2"),
        ("expenditure", "合计/栏1", "cell|expenditure|total|1"),
        ("basic_expenditure_detail", "30101", "cell|basic_expenditure_detail|30101|"),
        ("basic_expenditure_detail", "人员经费合计", "cell|basic_expenditure_detail|personnel_total|"),
        ("official_expenses", "栏7", "cell|official_expenses|actual_total|7"),
        ("official_expenses", "栏12", "cell|official_expenses|actual_reception|12"),
        ("income", "cell|income|2080101|2", None),
        ("official_expenses", "栏13", None),
    ],
)
def test_printed_cells_get_the_address_the_app_gives_the_cell(kind, old, new):
    assert printed.printed_address(kind, old) == new
    if new is not None:
        Address.parse(new)


@pytest.mark.parametrize(
    ("target", "new"),
    [
        ("表5 2080101 栏1", "cell|general_budget_expenditure|2080101|1"),
        ("表1/行27/栏1", "cell|income_expenditure_summary|r27|1"),
        ("表5 合计 栏2", "cell|general_budget_expenditure|total|2"),
        ("表6 人员经费合计", "cell|basic_expenditure_detail|personnel_total|"),
        ("表9 栏12", "cell|official_expenses|actual_reception|12"),
        ("情况说明 五", None),
        ("表5 2080101", None),
        ("表1 2080101 栏1", None),
        ("表12 2080101 栏1", None),
        ("第一部分 一、部门主要职能", None),
    ],
)
def test_comments_on_one_printed_cell_get_its_address_the_others_keep_their_text(target, new):
    assert comments.comment_address(target, NATIONAL) == new


def test_a_comment_reads_table_numbers_as_its_format_prints_them():
    shanghai = {**NATIONAL, 7: "official_expenses", 9: "government_fund"}
    assert comments.comment_address("表7 栏12", shanghai) == "cell|official_expenses|actual_reception|12"


def test_the_migrations_rewrite_stored_rows(final_account, reviewer):
    PrintedCell.objects.create(
        final_account=final_account, table_kind="income", address="2080101/栏2", value=Decimal("1.00")
    )
    on_cell = ReviewComment.objects.create(
        final_account=final_account, version=1, target="表5 2080101 栏1", text="a"
    )
    on_section = ReviewComment.objects.create(
        final_account=final_account, version=1, target="情况说明 五", text="b"
    )
    printed.fill_printed_cells(apps, None)
    comments.fill_comment_addresses(apps, None)
    assert list(PrintedCell.objects.values_list("address", flat=True)) == ["cell|income|2080101|2"]
    on_cell.refresh_from_db()
    on_section.refresh_from_db()
    assert [(c.address, c.target) for c in (on_cell, on_section)] == [
        ("cell|general_budget_expenditure|2080101|1", ""),
        ("", "情况说明 五"),
    ]
