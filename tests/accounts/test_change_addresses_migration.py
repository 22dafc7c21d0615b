"""The data migration that gives the changes recorded before addresses existed the address of their label."""

import importlib

import pytest

from accounts.addresses import Address

migration = importlib.import_module("accounts.migrations.0008_fill_figure_change_address")


@pytest.mark.parametrize(
    ("label", "address"),
    [
        # As accounts.editing and the importer wrote them.
        ("收入 2080101 行政运行 · 一般公共预算财政拨款收入", "income|2080101|general_budget"),
        ("收入 2080101 · 其他收入", "income|2080101|other"),
        ("支出 2080101 行政运行 · 其他资金 · 项目支出", "expenditure|2080101|non_appropriation|project"),
        ("结转和结余 一般公共预算财政拨款 · 年末", "balance|general_budget||closing"),
        (
            "结转和结余 政府性基金预算财政拨款 2290402 其他政府性基金支出 · 年初",
            "balance|government_fund|2290402|opening",
        ),
        ("基本支出明细 30101 基本工资", "detail|30101"),
        ("“三公”经费 因公出国（境）费 · 预算数", "official|outbound_travel|budget"),
        ("年初预算 合计", "budget|total|"),
        ("年初预算 项目支出", "budget|kind|project"),
        ("年初预算 2080101 行政运行", "budget|subject|2080101"),
        ("机关运行经费", "stated|operating_costs"),
        ("使用非财政拨款结余", "stated|non_appropriation_surplus_used"),
        ("公务用车保有量", "count|vehicles_held"),
        ("上年数 机关运行经费", "prior|operating_costs|amount"),
        ("文字说明 部门主要职能", "text|main_functions|"),
        ("文字说明 类级支出主要用途 208 社会保障和就业支出", "text|category_use|208"),
        ("录入单位", "account|entry_unit"),
        ("数据来源", "account|provenance"),
    ],
)
def test_old_labels_get_the_address_they_name(label, address):
    assert migration.address_of(label) == address
    assert str(Address.parse(address)) == address


@pytest.mark.parametrize(
    "label",
    [
        "绩效自评 项目“职业培训” · 总分（填报）",  # self-evaluation fields: no address to read back
        "审核说明 P2 2080101",
        "收入 208 社会保障和就业支出 · 一般公共预算财政拨款收入",  # not an item: nothing the editor wrote
        "年初预算 上缴上级支出",
        "",
    ],
)
def test_other_labels_stay_labels(label):
    assert migration.address_of(label) == ""
