"""Name the printed cells of imports by their address (accounts.addresses), as the app now stores them.

PrintedCell.address held the import's own names (“行27/栏1”, “2080101/栏2”, “合计/栏1”, “30101”,
“人员经费合计”, “栏7”), read with the row's table kind; it becomes the address text
(“cell|income_expenditure_summary|r27|1”). A text that is neither is left as it is.

The address syntax is copied here rather than imported: a migration must not change with the app.
"""

import re

from django.db import migrations

SUMMARY_KINDS = ("income_expenditure_summary", "appropriation_summary")
SUBJECT_KINDS = ("income", "expenditure", "general_budget_expenditure", "government_fund", "state_capital")
DETAIL_KIND = "basic_expenditure_detail"
OFFICIAL_KIND = "official_expenses"
DETAIL_TOTALS = {"人员经费合计": "personnel_total", "公用经费合计": "operating_total"}
# 表9 栏1–6 预算数, 栏7–12 决算数 of these.
OFFICIAL_ITEMS = ("total", "outbound_travel", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
BATCH = 1000


def printed_address(kind, text):
    """Return the address text of an import's printed cell named `text` in table `kind`, or None."""
    if kind in SUMMARY_KINDS and (match := re.fullmatch(r"行(\d+)/栏(\d+)", text)):
        return f"cell|{kind}|r{match[1]}|{match[2]}"
    if kind in SUBJECT_KINDS and (match := re.fullmatch(r"(\d{7}|\d{5}|\d{3}|合计)/栏(\d+)", text)):
        return f"cell|{kind}|{'total' if match[1] == '合计' else match[1]}|{match[2]}"
    if kind == DETAIL_KIND and (text in DETAIL_TOTALS or re.fullmatch(r"\d{5}|\d{3}", text)):
        return f"cell|{kind}|{DETAIL_TOTALS.get(text, text)}|"
    if kind == OFFICIAL_KIND and (match := re.fullmatch(r"栏(\d+)", text)) and 1 <= int(match[1]) <= 12:
        half, index = divmod(int(match[1]) - 1, len(OFFICIAL_ITEMS))
        return f"cell|{kind}|{('budget', 'actual')[half]}_{OFFICIAL_ITEMS[index]}|{match[1]}"
    return None


def fill_printed_cells(apps, schema_editor):
    PrintedCell = apps.get_model("accounts", "PrintedCell")
    changed = []
    for printed in PrintedCell.objects.only("id", "table_kind", "address").iterator(chunk_size=BATCH):
        address = printed_address(printed.table_kind, printed.address)
        if address is not None:
            printed.address = address
            changed.append(printed)
    PrintedCell.objects.bulk_update(changed, ["address"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0012_printed_cell_address_text"),
    ]

    operations = [
        migrations.RunPython(fill_printed_cells, migrations.RunPython.noop),
    ]
