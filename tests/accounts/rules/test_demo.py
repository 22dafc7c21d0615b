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
# Amounts in the demo's texts that are parts of a subject or outcomes, not figures of the account.
DEMO_UNMATCHED_AMOUNTS = [
    ("项目支出主要用途及成效", "7908.22"),
    ("项目支出主要用途及成效", "73.47"),
    ("项目支出主要用途及成效", "29.62"),
    ("项目支出主要用途及成效", "212.96"),
    ("重点工作完成情况", "9066.7"),
    ("重点工作完成情况", "3103.3"),
    ("重点工作完成情况", "3813.57"),
    ("重点工作完成情况", "236.72"),
    ("重点工作完成情况", "1023.33"),
    ("重点工作完成情况", "29.2"),
    ("重点工作完成情况", "21.4"),
    ("重点工作完成情况", "2000"),
    ("重点工作完成情况", "1950"),
    ("重点工作完成情况", "419"),
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
        *(
            ("N1", "warning", f"文字说明/{text}/{amount}万元", None, Decimal(amount) * 10000)
            for text, amount in DEMO_UNMATCHED_AMOUNTS
        ),
        ("N3", "notice", "文字说明/项目支出主要用途及成效/数量", None, Decimal("17")),
        ("N3", "notice", "文字说明/重点工作完成情况/数量", None, Decimal("28")),
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
    assert (
        first.sentence
        == "项目支出主要用于就业资金7908.22万元、就业管理经费612.8万元，主要成效：就业综合指数85分以上。"
    )
    assert first.message == f"文字说明中的金额7908.22万元与报表及填报的任何数字都不符：“{first.sentence}”"
    counts = next(f for f in found if f.rule_id == "N3")
    assert counts.message.startswith(
        "“项目支出主要用途及成效”中的数量16842人、10000人、21241人、20804人、3280人、"
    )
    # 168.42%, 102.1% and 142.61% are ratios of counts in their own sentence: no N2 finding.
    assert [f for f in found if f.rule_id == "N2"] == []


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
