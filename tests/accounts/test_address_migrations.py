"""The data migrations that renamed stored cells to addresses: what they read and what they write."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps

from accounts.addresses import Address
from accounts.models import PrintedCell

printed = import_module("accounts.migrations.0008_fill_printed_cell_addresses")


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


def test_the_migration_rewrites_stored_printed_cells(final_account):
    PrintedCell.objects.create(
        final_account=final_account, table_kind="income", address="2080101/栏2", value=Decimal("1.00")
    )
    printed.fill_printed_cells(apps, None)
    assert list(PrintedCell.objects.values_list("address", flat=True)) == ["cell|income|2080101|2"]
