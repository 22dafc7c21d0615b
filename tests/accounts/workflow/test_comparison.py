"""Comparing versions as a reviewer reads them: Chinese labels, amounts in the account's unit, word diffs."""

import datetime

import pytest

from accounts import comparison, demo, editing, workflow
from accounts.models import FinalAccount, Transition
from performance.editing import update_evaluation
from performance.models import Evaluation

CASE = "/review/dongxihu/hrss/2022/"
SIGN_OFF = {"head_name": "张局长", "head_signed_on": datetime.date(2023, 3, 1)}


def users():
    from django.contrib.auth import get_user_model

    model = get_user_model()
    return model.objects.get(username="kuaiji"), model.objects.get(username="shenhe")


def row(figure):
    return (figure.heading, figure.item, figure.column, figure.old, figure.new, figure.difference)


@pytest.fixture
def demo_draft(db):
    return demo.load_demo(publish=False).final_account


def record_submission(fa, by):
    """Record a submission as workflow.submit does (its snapshot), past the rules: the demo, published
    as it was, mistakes included, has findings that would refuse a real submission."""
    Transition.objects.create(
        final_account=fa,
        version=fa.version,
        from_status=fa.status,
        to_status=FinalAccount.Status.SUBMITTED,
        by=by,
        snapshot=workflow.snapshot(fa),
        **SIGN_OFF,
    )


def test_a_resubmission_is_compared_with_the_submission_before(client, demo_draft):
    accountant, reviewer = users()
    fa = demo_draft
    assert fa.entry_unit == FinalAccount.EntryUnit.YUAN
    record_submission(fa, accountant)
    old_basic = editing.stored_values(fa)[
        editing.Address("expenditure", ("2080101", "general_budget", "basic"))
    ]
    editing.set_expenditure(
        fa, code="2080101", fund="general_budget", kind="basic", amount=old_basic + 100, by=accountant
    )
    main_functions = editing.stored_values(fa)[editing.Address("text", ("main_functions", ""))]
    editing.set_free_text(
        fa,
        key="main_functions",
        text=main_functions.replace("扩大和稳定就业", "扩大和稳定城乡就业"),
        by=accountant,
    )
    record_submission(fa, accountant)

    old, new = comparison.default_pair(fa)
    assert (old.label[:9], new.label[:9]) == ("第1版第1次报送（", "第1版第2次报送（")
    result = comparison.compare(fa, old, new)
    assert result.unit == "元"
    by_address = {figure.address: figure for figure in result.figures}
    assert row(by_address["expenditure|2080101|general_budget|basic"]) == (
        "支出",
        "2080101 行政运行",
        "一般公共预算财政拨款/基本支出",
        f"{old_basic:,.2f}",
        f"{old_basic + 100:,.2f}",
        "+100.00",
    )
    text = by_address["text|main_functions|"]
    assert (text.heading, text.item, text.is_text) == ("文字说明", "部门主要职能", True)
    assert [(s.op, s.text) for s in text.segments if s.op != "equal"] == [("insert", "城乡")]

    client.force_login(reviewer)
    html = client.get(CASE + "compare/").content.decode()
    assert '<td class="amount increase">+100.00</td>' in html
    assert "加大政策扶持，扩大和稳定<ins>城乡</ins>就业；" in html


def test_a_correction_is_compared_with_the_published_version_in_wanyuan(client, db):
    fa = demo.load_demo().final_account
    accountant, reviewer = users()
    fa.entry_unit = FinalAccount.EntryUnit.WANYUAN
    fa.save(update_fields=["entry_unit"])
    workflow.open_correction(fa, by=accountant, reason="更正2080101的基本支出")
    fa.refresh_from_db()
    address = editing.Address("expenditure", ("2080101", "general_budget", "basic"))
    published = editing.stored_values(fa)[address]
    editing.set_expenditure(
        fa, code="2080101", fund="general_budget", kind="basic", amount=published + 12345, by=accountant
    )
    evaluation = Evaluation.objects.filter(final_account=fa).order_by("pk").first()
    update_evaluation(evaluation, changes={"evaluation": {"outcomes": "全年完成培训任务。"}}, by=accountant)

    old, new = comparison.default_pair(fa)
    assert (old.key, new.key) == ("p1", "live")
    result = comparison.compare(fa, old, new)
    assert result.unit == "万元"
    [figure] = result.figures
    assert row(figure) == (
        "支出",
        "2080101 行政运行",
        "一般公共预算财政拨款/基本支出",
        f"{(published / 10000).quantize(editing.CENT):,.2f}",
        f"{((published + 12345) / 10000).quantize(editing.CENT):,.2f}",
        "+1.23",
    )
    [changed] = result.evaluation
    assert changed.new == "全年完成培训任务。"
    assert changed.heading.startswith("绩效自评")

    client.force_login(reviewer)
    page = client.get(CASE + "compare/")
    assert page.context["result"].figures == result.figures
    assert "已公开的第1版（2023-11-28）" in page.content.decode()


def test_the_same_point_twice_is_refused_with_a_reason(client, demo_draft):
    _accountant, reviewer = users()
    client.force_login(reviewer)
    page = client.get(CASE + "compare/", {"old": "live", "new": "live"})
    assert page.context["problem"] == "请选择两个不同的版本进行比较。"
    assert page.context["result"] is None
