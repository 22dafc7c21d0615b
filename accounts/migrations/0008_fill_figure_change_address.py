"""Fill FigureChange.address for the changes recorded before it existed, from their labels.

The labels were written by accounts.editing and the importer in a few fixed shapes (“收入 2080101 行政运行 ·
一般公共预算财政拨款收入”, “结转和结余 其他资金 · 年末”, “上年数 本年收入合计” …). A label that matches exactly one
shape gets the address it names; any other (self-evaluation fields, explanations, anything truncated or
ambiguous) keeps a blank address and is shown as the label it is.

The choice labels are copied here as they were when the labels were written, so that renaming a choice
later cannot change what this migration reads.
"""

import re

from django.db import migrations

INCOME_SOURCES = {
    "一般公共预算财政拨款收入": "general_budget",
    "政府性基金预算财政拨款收入": "government_fund",
    "国有资本经营预算财政拨款收入": "state_capital",
    "上级补助收入": "superior_subsidy",
    "事业收入": "public_service",
    "经营收入": "business",
    "附属单位上缴收入": "affiliate_remittance",
    "其他收入": "other",
}
FUNDS = {
    "一般公共预算财政拨款": "general_budget",
    "政府性基金预算财政拨款": "government_fund",
    "国有资本经营预算财政拨款": "state_capital",
    "其他资金": "non_appropriation",
}
EXPENDITURE_KINDS = {
    "基本支出": "basic",
    "项目支出": "project",
    "上缴上级支出": "remittance",
    "经营支出": "business",
    "对附属单位补助支出": "affiliate_subsidy",
}
OFFICIAL_ITEMS = {
    "因公出国（境）费": "outbound_travel",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
}
STATED_FIGURES = {
    "使用非财政拨款结余": "non_appropriation_surplus_used",
    "结余分配": "surplus_distribution",
    "机关运行经费": "operating_costs",
    "国内公务接待费": "reception_domestic",
    "外事接待费": "reception_foreign",
    "政府采购货物支出": "procurement_goods",
    "政府采购工程支出": "procurement_works",
    "政府采购服务支出": "procurement_services",
    "货物采购授予中小企业合同金额": "procurement_goods_sme",
    "工程采购授予中小企业合同金额": "procurement_works_sme",
    "服务采购授予中小企业合同金额": "procurement_services_sme",
    "授予小微企业合同金额": "procurement_small_micro",
}
STATED_COUNTS = {
    "因公出国（境）团组数": "outbound_groups",
    "因公出国（境）人次": "outbound_people",
    "购置公务用车数": "vehicles_purchased",
    "公务用车保有量": "vehicles_held",
    "国内公务接待团组数": "domestic_reception_groups",
    "国内公务接待人次": "domestic_reception_people",
    "外事接待团组数": "foreign_reception_groups",
    "外事接待人次": "foreign_reception_people",
    "主要负责人用车": "asset_vehicles_leader",
    "机要通信用车": "asset_vehicles_confidential",
    "应急保障用车": "asset_vehicles_emergency",
    "执法执勤用车": "asset_vehicles_law_enforcement",
    "特种专业技术用车": "asset_vehicles_special",
    "离退休干部服务用车": "asset_vehicles_retiree_service",
    "其他用车": "asset_vehicles_other",
    "单价100万元（含）以上设备": "asset_equipment_over_1m",
}
NAMED_FIGURES = {
    "本年收入合计": "income_total",
    "本年支出合计": "expenditure_total",
    "收入支出总计": "grand_total",
    "财政拨款本年收入合计": "appropriation_income_total",
    "财政拨款本年支出合计": "appropriation_expenditure_total",
    "财政拨款收入支出总计": "appropriation_grand_total",
    "一般公共预算财政拨款收入": "general_budget_income",
    "一般公共预算财政拨款支出": "general_budget_expenditure",
    "“三公”经费支出": "official_expenses_total",
    "公务接待费": "reception",
    "机关运行经费": "operating_costs",
}
FREE_TEXT_KEYS = {
    "部门主要职能": "main_functions",
    "部门决算单位构成": "unit_composition",
    "收入支出总计变动原因": "total_change_reason",
    "收入变动原因": "income_change_reason",
    "支出变动原因": "expenditure_change_reason",
    "财政拨款收支变动原因": "appropriation_change_reason",
    "一般公共预算财政拨款支出变动原因": "general_budget_change_reason",
    "类级支出主要用途": "category_use",
    "项目支出主要用途及成效": "project_outcomes",
    "项级科目决算与预算差异原因": "subject_reason",
    "“三公”经费决算数与预算数差异原因": "official_expenses_budget_reason",
    "“三公”经费较上年变动原因": "official_expenses_change_reason",
    "公务接待费主要用途": "reception_use",
    "机关运行经费变动原因": "operating_costs_change_reason",
    "国有资产占用情况补充说明": "assets_note",
    "预算绩效管理工作开展情况": "performance_management",
    "重点工作完成情况": "key_work",
}


def one_of(labels):
    return "(" + "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True)) + ")"


NAME = r"(?: .*)?"  # the subject's name as written then, if any
SHAPES = (
    (
        re.compile(rf"收入 (\d{{7}}){NAME} · {one_of(INCOME_SOURCES)}"),
        lambda m: f"income|{m[1]}|{INCOME_SOURCES[m[2]]}",
    ),
    (
        re.compile(rf"支出 (\d{{7}}){NAME} · {one_of(FUNDS)} · {one_of(EXPENDITURE_KINDS)}"),
        lambda m: f"expenditure|{m[1]}|{FUNDS[m[2]]}|{EXPENDITURE_KINDS[m[3]]}",
    ),
    (
        re.compile(rf"结转和结余 {one_of(FUNDS)}(?: (\d{{7}}){NAME})? · (年初|年末)"),
        lambda m: f"balance|{FUNDS[m[1]]}|{m[2] or ''}|{'opening' if m[3] == '年初' else 'closing'}",
    ),
    (re.compile(rf"基本支出明细 (\d{{5}}){NAME}"), lambda m: f"detail|{m[1]}"),
    (
        re.compile(rf"“三公”经费 {one_of(OFFICIAL_ITEMS)} · (预算数|决算数)"),
        lambda m: f"official|{OFFICIAL_ITEMS[m[1]]}|{'budget' if m[2] == '预算数' else 'actual'}",
    ),
    (re.compile(r"年初预算 合计"), lambda m: "budget|total|"),
    (re.compile(r"年初预算 (基本支出|项目支出)"), lambda m: f"budget|kind|{EXPENDITURE_KINDS[m[1]]}"),
    (re.compile(rf"年初预算 (\d{{7}}){NAME}"), lambda m: f"budget|subject|{m[1]}"),
    (re.compile(one_of(STATED_FIGURES)), lambda m: f"stated|{STATED_FIGURES[m[1]]}"),
    (re.compile(one_of(STATED_COUNTS)), lambda m: f"count|{STATED_COUNTS[m[1]]}"),
    (re.compile(rf"上年数 {one_of(NAMED_FIGURES)}"), lambda m: f"prior|{NAMED_FIGURES[m[1]]}|amount"),
    (
        re.compile(rf"文字说明 {one_of(FREE_TEXT_KEYS)}(?: (\d{{3}}|\d{{5}}|\d{{7}}){NAME})?"),
        lambda m: f"text|{FREE_TEXT_KEYS[m[1]]}|{m[2] or ''}",
    ),
    (re.compile(r"录入单位"), lambda m: "account|entry_unit"),
    (re.compile(r"数据来源"), lambda m: "account|provenance"),
)


def address_of(label):
    """Return the address a label of the old shapes names, or "" when it matches no shape or several."""
    found = {to_address(match) for shape, to_address in SHAPES if (match := shape.fullmatch(label))}
    return found.pop() if len(found) == 1 else ""


def fill_addresses(apps, schema_editor):
    FigureChange = apps.get_model("accounts", "FigureChange")
    batch = []
    for change in FigureChange.objects.filter(address="").only("pk", "field").iterator(chunk_size=2000):
        address = address_of(change.field)
        if address:
            change.address = address
            batch.append(change)
        if len(batch) >= 2000:
            FigureChange.objects.bulk_update(batch, ["address"])
            batch = []
    if batch:
        FigureChange.objects.bulk_update(batch, ["address"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_figure_change_address"),
    ]

    operations = [
        migrations.RunPython(fill_addresses, migrations.RunPython.noop),
    ]
