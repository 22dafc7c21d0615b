"""Give review comments on a printed cell its address (accounts.addresses).

A comment's free-text location becomes its address when it names one printed cell without ambiguity
(“表5 2080101 栏1”, “表1/行27/栏1”, “表6 人员经费合计”, “表9 栏12”, the account's format numbering its tables);
any other location (a section, a row, a typo) stays in `target` as written, a legacy label.

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


def comment_address(text, kinds):
    """Return the address text of a location naming one printed cell, or None.

    `kinds` maps the table numbers of the account's format to table kinds.
    """
    words = text.replace("/", " ").split()
    match = re.fullmatch(r"表(\d+)", words[0]) if words else None
    kind = kinds.get(int(match[1])) if match else None
    if kind is None or len(words) not in (2, 3):
        return None
    place, column = (words[1], "") if len(words) == 2 else words[1:]
    if len(words) == 2 and re.fullmatch(r"栏\d+", place):
        place, column = "", place
    if column:
        if not re.fullmatch(r"栏\d+", column):
            return None
        column = column[1:]
    if kind in SUMMARY_KINDS and column and re.fullmatch(r"行\d+", place):
        return f"cell|{kind}|r{place[1:]}|{column}"
    if kind in SUBJECT_KINDS and column and re.fullmatch(r"\d{7}|\d{5}|\d{3}|合计", place):
        return f"cell|{kind}|{'total' if place == '合计' else place}|{column}"
    if kind == DETAIL_KIND and not column and (place in DETAIL_TOTALS or re.fullmatch(r"\d{5}|\d{3}", place)):
        return f"cell|{kind}|{DETAIL_TOTALS.get(place, place)}|"
    if kind == OFFICIAL_KIND and not place and column and 1 <= int(column) <= 12:
        half, index = divmod(int(column) - 1, len(OFFICIAL_ITEMS))
        return f"cell|{kind}|{('budget', 'actual')[half]}_{OFFICIAL_ITEMS[index]}|{column}"
    return None


def fill_comment_addresses(apps, schema_editor):
    ReviewComment = apps.get_model("accounts", "ReviewComment")
    ReportTable = apps.get_model("accounts", "ReportTable")
    kinds = {}
    for format_id, number, kind in ReportTable.objects.values_list("report_format_id", "number", "kind"):
        kinds.setdefault(format_id, {})[number] = kind
    changed = []
    comments = ReviewComment.objects.filter(address="").exclude(target="").select_related("final_account")
    for comment in comments.iterator(chunk_size=BATCH):
        address = comment_address(comment.target, kinds.get(comment.final_account.report_format_id, {}))
        if address is not None:
            comment.address, comment.target = address, ""
            changed.append(comment)
    ReviewComment.objects.bulk_update(changed, ["address", "target"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0014_add_comment_address"),
    ]

    operations = [
        migrations.RunPython(fill_comment_addresses, migrations.RunPython.noop),
    ]
