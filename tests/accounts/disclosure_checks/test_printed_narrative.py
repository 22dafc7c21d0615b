"""The printed narrative of a document against its tables (rules/printed_texts.py).

The consistent account (tests/accounts/rules/builders.py) has balances, so that its 总计 (1515.00万元)
differs from its 本年收入合计 (1500.00万元); its generated narrative is what a department would print,
and each test plants one slip in it.
"""

from dataclasses import replace
from decimal import Decimal

import pytest

from accounts.disclosure_checks import findings_with_texts
from accounts.importing.results import PrintedText
from tests.accounts.rules.builders import fill_consistent

from .conftest import narrative_texts, printed_findings


@pytest.fixture
def consistent(final_account):
    return fill_consistent(final_account)


def with_slip(texts, old, new):
    """Return `texts` with `old` written `new` in the one passage that has it."""
    having = [text for text in texts if old in text.text]
    assert len(having) == 1, old
    return [replace(text, text=text.text.replace(old, new)) if text is having[0] else text for text in texts]


def summary(findings):
    return [(f.rule_id, str(f.severity), f.labels, f.expected, f.actual) for f in printed_findings(findings)]


def test_the_demos_generated_narrative_gives_no_finding(demo):
    texts = narrative_texts(demo)
    assert len(texts) >= 12
    assert summary(findings_with_texts(demo, texts)) == []


def test_a_generated_narrative_with_balances_gives_no_finding(consistent):
    texts = narrative_texts(consistent)
    assert "收入总计1515.00万元" in texts[0].text
    assert summary(findings_with_texts(consistent, texts)) == []


def test_a_total_that_is_the_years_total_is_found_once(consistent):
    texts = with_slip(narrative_texts(consistent), "收入总计1515.00万元", "收入总计1500.00万元")
    found = printed_findings(findings_with_texts(consistent, texts))
    assert summary(found) == [
        (
            "N4",
            "warning",
            ("情况说明（第12页）/一、收入支出决算总体情况说明", "表1/行31/栏1"),
            Decimal("15150000.00"),
            Decimal("15000000.00"),
        )
    ]
    assert found[0].sentence.startswith("2022年度收入总计1500.00万元")
    assert "表1 收入总计" in found[0].message


def test_a_share_that_does_not_add_up_is_found_once(consistent):
    texts = with_slip(narrative_texts(consistent), "占本年收入86.67%", "占本年收入88.67%")
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.labels, f.actual) for f in found] == [
        ("N4", ("情况说明（第13页）/二、收入决算情况说明", "表1/行1/栏1"), Decimal("88.67"))
    ]
    # 1300 of 1500
    assert found[0].expected.quantize(Decimal("0.0001")) == Decimal("86.6667")


def test_a_category_amount_that_differs_from_table_5_is_found_once(consistent):
    # Its share (76.00 %) is of 表5's 950.00: the slip is the amount's alone.
    texts = with_slip(
        narrative_texts(consistent), "社会保障和就业支出950.00万元", "社会保障和就业支出960.00万元"
    )
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.labels[1], f.actual) for f in found] == [
        ("N4", "表5/208/栏1", Decimal("9600000.00"))
    ]
    assert "（二）一般公共预算财政拨款支出决算结构情况" in found[0].labels[0]


def test_a_completion_rate_that_is_not_the_ratio_is_found_once(consistent):
    texts = with_slip(narrative_texts(consistent), "完成年初预算的89.29%", "完成年初预算的98.29%")
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.actual) for f in found] == [("N4", Decimal("98.29"))]
    # 1250 of 1400
    assert found[0].expected.quantize(Decimal("0.0001")) == Decimal("89.2857")


def test_personnel_costs_that_differ_from_table_6_are_found_once(consistent):
    texts = with_slip(narrative_texts(consistent), "人员经费500.00万元", "人员经费505.00万元")
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.labels[1], f.expected, f.actual) for f in found] == [
        ("N4", "表6/人员经费合计", Decimal("5000000.00"), Decimal("5050000.00"))
    ]


def test_an_official_expense_that_differs_from_its_table_is_found_once(consistent):
    # The rate after it (90.00 %) is of the table's 45.00: the slip is the amount's alone.
    texts = with_slip(
        narrative_texts(consistent),
        "支出决算为45.00万元，完成预算的90.00%",
        "支出决算为46.00万元，完成预算的90.00%",
    )
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.labels[1], f.expected, f.actual) for f in found] == [
        ("N4", "表9/栏12", Decimal("450000.00"), Decimal("460000.00"))
    ]


def test_a_growth_rate_is_checked_against_the_change_the_passage_states(consistent):
    # Without last year's figures the rate is the change over the current figure less the change.
    text = "2022年度收入合计1500.00万元。与2021年度相比，收入合计增加100.00万元，增长7.14%。"
    right = [PrintedText("二、收入决算情况说明", text, 3)]
    wrong = [PrintedText("二、收入决算情况说明", text.replace("7.14%", "9.14%"), 3)]
    assert summary(findings_with_texts(consistent, right)) == []
    assert [f[0] for f in summary(findings_with_texts(consistent, wrong))] == ["N2"]


def test_a_growth_rate_of_a_figure_named_but_not_written_is_checked_against_the_tables(consistent):
    # 一 writes the 总计 and the change of the 本年收入合计 (1500.00万元, in 表1), not the 合计 itself.
    text = "2022年度收入总计1515.00万元。与2021年度相比，本年收入合计增加100.00万元，增长7.14%。"
    heading = "一、收入支出决算总体情况说明"
    right = [PrintedText(heading, text, 2)]
    wrong = [PrintedText(heading, text.replace("7.14%", "9.14%"), 2)]
    assert summary(findings_with_texts(consistent, right)) == []
    assert [f[0] for f in summary(findings_with_texts(consistent, wrong))] == ["N2"]


def test_other_parts_of_a_document_are_not_read(consistent):
    texts = [
        PrintedText(
            "十三、预算绩效情况说明", "全区城镇新增就业16842人，失业率控制在3.5%以内，资金9066.7万元。", 20
        ),
        PrintedText("一、部门主要职能", "负责全区就业工作，占全区的12.5%。", 1),
    ]
    assert summary(findings_with_texts(consistent, texts)) == []


def test_an_item_list_naming_what_table_6_does_not_hold_is_found_once(consistent):
    texts = with_slip(
        narrative_texts(consistent),
        "主要包括：办公费、因公出国（境）费用、公务接待费。",
        "主要包括：办公费、工会经费、基本工资、因公出国（境）费用、公务接待费、其他费用等。",
    )
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.target.rpartition("/")[2], f.labels[1:]) for f in found] == [
        ("N4", "公用经费所列科目", ("表6/30228", "表6/30101"))
    ]
    assert found[0].message.startswith(
        "说明六列举的公用经费中，“工会经费”在表6 中没有支出；“基本工资”在表6 中属于人员经费："
    )


def test_an_item_amount_that_differs_from_table_5_is_found_once(consistent):
    # 五(三) names the 项 in the sentence before its figures; the rate after it is of the table's 950.00.
    texts = with_slip(narrative_texts(consistent), "支出决算为950.00万元", "支出决算为905.00万元")
    found = printed_findings(findings_with_texts(consistent, texts))
    assert [(f.rule_id, f.labels[1], f.expected, f.actual) for f in found] == [
        ("N4", "表5/2080101/栏1", Decimal("9500000.00"), Decimal("9050000.00"))
    ]
