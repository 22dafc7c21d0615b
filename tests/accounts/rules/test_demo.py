"""What the rules report on the demo (the reference disclosure), and the cost of checking."""

from decimal import Decimal

import pytest

from accounts import editing
from accounts.rules import check_final_account, has_errors
from accounts.rules.catalogue import CATALOGUE

from .builders import WAN

DEMO_ITEMS_WITHOUT_BUDGET = [
    ("2050399", "3950000.00"),
    ("2080102", "1054300.00"),
    ("2080106", "6128000.00"),
    ("2080109", "4403000.00"),
    ("2080110", "2466500.00"),
    ("2080199", "2948000.00"),
    ("2080501", "98900.00"),
    ("2080505", "889300.00"),
    ("2080704", "42580000.00"),
    ("2080705", "28808900.00"),
    ("2080799", "9822900.00"),
    ("2082501", "32300.00"),
    ("2101101", "483500.00"),
    ("2101103", "546600.00"),
    ("2101199", "966700.00"),
    ("2109999", "31800.00"),
    ("2210201", "1216000.00"),
    ("2210202", "258900.00"),
]
# Amounts in the demo's texts that no table holds: outcomes of the year's work (notices). The amounts of
# 十三 that are projects' 执行数 (7908.22, 73.47, 29.62, 212.96) match the self-evaluations.
DEMO_OUTCOME_AMOUNTS = [
    ("文字说明/重点工作完成情况", "9066.7"),
    ("文字说明/重点工作完成情况", "3103.3"),
    ("文字说明/重点工作完成情况", "3813.57"),
    ("文字说明/重点工作完成情况", "236.72"),
    ("文字说明/重点工作完成情况", "1023.33"),
    ("文字说明/重点工作完成情况", "29.2"),
    ("文字说明/重点工作完成情况", "21.4"),
    ("文字说明/重点工作完成情况", "2000"),
    ("文字说明/重点工作完成情况", "1950"),
    ("文字说明/重点工作完成情况", "419"),
    ("绩效自评表/项目“支农返汉”/偏差大或目标未完成原因分析", "1.536"),
]


def test_the_demo_reports_what_the_reference_disclosure_leaves_open(demo):
    found = check_final_account(demo, rules=CATALOGUE)
    assert has_errors(found) is False
    assert [(f.rule_id, str(f.severity), f.target, f.expected, f.actual) for f in found] == [
        # The printed tables as published: 表1/表4 print 12,341.98 and 11,596.63 where 表2/表3/表5 print
        # 12,341.99 and 11,596.64, one printed step apart: notices of 万元 provenance.
        ("R17", "notice", "表1/行27/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
        ("R17", "notice", "表1/行1/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
        ("R18", "notice", "表1/行58/栏2", Decimal("123419900.00"), Decimal("123419800.00")),
        ("R18", "notice", "表1/行39/栏2", Decimal("115966400.00"), Decimal("115966300.00")),
        ("R19", "notice", "表4/行27/栏1", Decimal("123419900.00"), Decimal("123419800.00")),
        ("R20", "notice", "表4/行59/栏3", Decimal("123419900.00"), Decimal("123419800.00")),
        ("R20", "notice", "表4/行40/栏3", Decimal("115966400.00"), Decimal("115966300.00")),
        # 表6 人员经费 1,369.67 + 公用经费 198.94 = 1,568.61 against 表5 基本支出 1,568.60: 万元 provenance.
        ("R23", "notice", "表5/合计/栏2", Decimal("15686100.00"), Decimal("15686000.00")),
        *(
            ("P5", "warning", f"表5/{code}/栏1", None, Decimal(amount))
            for code, amount in DEMO_ITEMS_WITHOUT_BUDGET
        ),
        # Last year's 本年支出合计 3401.90 against 财政拨款本年支出合计 3395.50, though all of last year's
        # income (3395.50) was appropriation: 说明三 prints +8940.08 / 262.8 %, 五(一) +8946.48 / 263.48 %.
        (
            "Y2",
            "warning",
            "上年数/本年支出合计=财政拨款本年支出合计",
            Decimal("33955000.00"),
            Decimal("34019000.00"),
        ),
        *(
            ("N1", "notice", f"{text}/{amount}万元", None, Decimal(amount) * 10000)
            for text, amount in DEMO_OUTCOME_AMOUNTS
        ),
        ("N3", "notice", "文字说明/项目支出主要用途及成效/数量", None, Decimal("16")),
        ("N3", "notice", "文字说明/重点工作完成情况/数量", None, Decimal("27")),
        ("N3", "notice", "绩效自评表/部门整体/自评综述/数量", None, Decimal("10")),
        ("N3", "notice", "绩效自评表/部门整体/改进措施及结果应用方案/数量", None, Decimal("1")),
        ("N3", "notice", "绩效自评表/项目“就业补助资金”/自评综述/数量", None, Decimal("5")),
        # 城镇新增就业 16842 人 in 十三 and in the project's 综述; the indicator's actual value is 16551 人.
        ("N4", "warning", "文字说明/项目支出主要用途及成效/16842人", None, Decimal("16842")),
        ("N4", "warning", "绩效自评表/项目“就业补助资金”/自评综述/16842人", None, Decimal("16842")),
        # “社保五险扩面净增2.85万人” against the indicator 社保三险扩面净增: 5 万人 (target 2 万人).
        ("N4", "warning", "绩效自评表/项目“社会保险经办机构”/自评综述/2.85万人", None, Decimal("28500")),
    ]
    assert found[7].message == "表5 基本支出合计应等于表6 人员经费合计与公用经费合计之和（尾数误差）"
    assert [f.difference for f in found[:8]] == [Decimal("-100.00")] * 8


def test_the_demo_spends_within_the_budget_of_2080101(demo):
    # 情况说明 五(三): 2080101 年初预算 1,700.55, 决算 1,673.43 (98.41 %); in total 15,448.27 against 12,341.99.
    found = check_final_account(demo, rules=CATALOGUE)
    assert [f for f in found if f.rule_id == "P2"] == []
    assert [f for f in found if "2080101" in f.target] == []


def test_the_demo_texts_name_the_sentence_of_an_unmatched_amount_and_list_outcome_counts(demo):
    found = check_final_account(demo, rules=CATALOGUE)
    first = next(f for f in found if f.rule_id == "N1")
    assert first.sentence == (
        "阶段性降低社保费率，失业保险为全区22835家企业降低费用9066.7万元，工伤保险为全区23305家企业降低费用3103.3万元。"
    )
    assert first.message == f"文字说明中的金额9066.7万元与报表及填报的任何数字都不符：“{first.sentence}”"
    counts = next(f for f in found if f.rule_id == "N3")
    assert counts.message.startswith("“项目支出主要用途及成效”中的数量10000人、21241人、20804人、3280人、")
    # 168.42%, 102.1% and 142.61% are ratios of counts in their own sentence: no N2 finding.
    assert [f for f in found if f.rule_id == "N2"] == []
    contradiction = next(f for f in found if f.rule_id == "N4")
    assert contradiction.labels == (
        "文字说明/项目支出主要用途及成效",
        "绩效自评表/项目“就业补助资金”/城镇新增就业",
    )
    assert contradiction.message.startswith(
        "文字中“16842人”所指的“项目“就业补助资金”指标“城镇新增就业”完成值、目标值”为16551人、12000人，两者不符"
    )


ITEM_CODES = ["2080101", "2080505", "2101101"]


@pytest.mark.parametrize("item_count", [1, 3])
def test_checking_a_final_account_takes_a_constant_number_of_queries(
    final_account, django_assert_num_queries, item_count
):
    for code in ITEM_CODES[:item_count]:
        editing.set_income(final_account, code=code, source="general_budget", amount="100", **WAN)
        editing.set_expenditure(
            final_account, code=code, fund="general_budget", kind="basic", amount="100", **WAN
        )
        editing.set_budget(final_account, code=code, amount="120", **WAN)
        editing.set_free_text(
            final_account, key="subject_reason", code=code, text=f"{code} 支出100万元，占33.33%。", by=None
        )
    editing.set_basic_detail(final_account, code="30101", amount="50", **WAN)
    # load_facts (15), the unit types of R27 (1), the self-evaluations the performance rules read (1).
    with django_assert_num_queries(18):
        found = check_final_account(final_account)
    assert len(found) > 0
