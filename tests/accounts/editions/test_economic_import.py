"""An import whose 表6 prints an economic 款 the edition lacks: kept pending for the final account (or,
when new subjects are accepted, added to the edition with the workbook's name), as functional codes are."""

from decimal import Decimal

import pytest

from accounts.importing import apply_import, prepare_import
from accounts.models import EconomicSubject
from accounts.statements import load_facts
from tests.accounts.importing.conftest import draft, reference_workbook  # noqa: F401
from tests.accounts.importing.workbooks import edited

pytestmark = pytest.mark.django_db


def renamed_economic(code, name):
    """The reference's 表6 with 30239 其他交通费用 (14.09 万元, D30) printed as `code` `name`."""

    def edit(workbook):
        sheet = workbook["表6"]
        assert (sheet["D30"].value, sheet["F30"].value) == ("30239", 14.09)
        sheet["D30"].value, sheet["E30"].value = code, name

    return edited(edit)


def test_an_unknown_economic_code_is_kept_pending_with_the_workbooks_name(draft):  # noqa: F811
    data = renamed_economic("30241", "政府购买服务支出")
    result = prepare_import(draft, data)
    assert result.errors == []
    assert [str(n) for n in result.notices if "30241" in str(n)] == [
        "工作表“表6” D30：经济分类科目编码 30241（“政府购买服务支出”）不在 2022 年版科目中，"
        "将作为本决算的待确认科目保存；审核人员确认纳入科目版本或改为已有科目后方可公开。"
    ]
    assert result.facts.basic_detail["30241"] == Decimal("140900.00")
    assert [f.target for f in result.findings if f.rule_id == "K1"] == ["经济分类科目/30241"]
    # 表6's 公用经费合计 198.94 万元 still adds up: the new 款 counts under its 类 302.
    assert [f for f in result.findings if f.rule_id == "I1" and "表6" in " ".join(f.labels)] == []

    apply_import(draft, data, by=None, filename="reference.xlsx")
    subject = EconomicSubject.all_objects.get(code="30241")
    assert (subject.name, subject.parent.code, subject.group, subject.pending_for_id) == (
        "政府购买服务支出",
        "302",
        EconomicSubject.Group.OPERATING,
        draft.pk,
    )
    assert EconomicSubject.objects.filter(code="30241").exists() is False  # not in the edition
    facts = load_facts(draft)
    assert facts.basic_detail["30241"] == Decimal("140900.00")
    assert "30239" not in facts.basic_detail


def test_accepted_unknown_economic_codes_are_added_to_the_edition(draft):  # noqa: F811
    data = renamed_economic("30241", "政府购买服务支出")
    result = apply_import(draft, data, by=None, accept_new_subjects=True)
    assert [(s.code, s.name) for s in result.new_subjects] == [("30241", "政府购买服务支出")]
    subject = EconomicSubject.objects.get(edition=2022, code="30241")
    assert (subject.name, subject.parent.code, subject.group) == (
        "政府购买服务支出",
        "302",
        EconomicSubject.Group.OPERATING,
    )
    assert load_facts(draft).basic_detail["30241"] == Decimal("140900.00")


def test_an_unknown_economic_code_under_an_unknown_category_is_refused_by_name(draft):  # noqa: F811
    result = prepare_import(draft, renamed_economic("39901", "某支出"))
    assert [str(problem) for problem in result.errors] == [
        "工作表“表6” D30：新经济分类科目 39901 的上级科目 399 既不在 2022 年版科目中，工作簿中也没有它的行，无法新增。"
    ]
