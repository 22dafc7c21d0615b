"""What is published speaks to readers: the department's explanations next to their figures, never
the checks' own wording; a warning without an explanation is not published."""

import io
import re
import subprocess

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command

from accounts import workflow
from accounts.models import Explanation, FinalAccount, Job
from accounts.publishing import read_verified
from tests.builders import make_reviewer

Status = FinalAccount.Status
SYSTEM_WORDS = ("未填写说明", "未填报", "审核提示")


def explain(final_account, finding, text):
    Explanation.objects.update_or_create(
        final_account=final_account, rule_id=finding.rule_id, target=finding.target, defaults={"text": text}
    )


def approved(final_account):
    """Mark `final_account` approved (the demo's self-evaluation errors keep it from being submitted)."""
    FinalAccount.objects.filter(pk=final_account.pk).update(status=Status.APPROVED)
    final_account.refresh_from_db()
    return final_account


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def pdf_text(data, tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def explained_demo(db):
    """The demo, every warning explained in the department's words, approved."""
    cache.clear()
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    demo = FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)
    _errors, unexplained = workflow.open_findings(demo)
    assert len(unexplained) == 28
    for number, finding in enumerate(unexplained, start=1):
        explain(demo, finding, f"该数字经部门核对无误，第{number}项情况已作说明")
    return approved(demo), unexplained


def test_the_published_demo_carries_explanations_next_to_figures_and_no_system_words(
    client, explained_demo, tmp_path
):
    demo, warnings = explained_demo
    reviewer = make_reviewer(demo.department.bureau, "reviewer-explained")
    version = workflow.publish(demo, by=reviewer)

    page = client.get("/dongxihu/hrss/2022/").content.decode()
    text = visible_text(page)
    pdf = pdf_text(read_verified(version, "pdf"), tmp_path)
    for word in SYSTEM_WORDS:
        assert word not in page
        assert word not in pdf
    for rule_id in {finding.rule_id for finding in warnings}:  # P5, Y2, N4, R39.1, R40.7, R40.8
        pattern = rf"(?<![A-Za-z0-9.]){re.escape(rule_id)}(?![0-9.])"
        assert not re.search(pattern, text), rule_id
        assert not re.search(pattern, pdf), rule_id

    # 五(三) prints the explanation of 表5's 2050399 with the item, in the document (page and PDF).
    first = next(n for n, f in enumerate(warnings, start=1) if f.target == "表5/2050399/栏1")
    item = (
        "1. 教育支出(类)职业教育(款)其他职业教育支出(项)。支出决算为395.00万元。"
        f"说明：该数字经部门核对无误，第{first}项情况已作说明。"
    )
    assert item in page
    assert item in re.sub(r"\s+", "", pdf).replace("1.教育", "1. 教育")
    # An explanation of a figure no table prints is shown with the figure it explains, in one row.
    prior = next(n for n, f in enumerate(warnings, start=1) if f.rule_id == "Y2")
    assert (
        '<tr><td>上年数/本年支出合计=财政拨款本年支出合计</td><td class="amount">3401.90</td>'
        f"<td>该数字经部门核对无误，第{prior}项情况已作说明</td></tr>"
    ) in page
    # The 18 item explanations are printed in 五(三) and not repeated above the document.
    assert "部门对有关数字的说明（10 条）" in page


def test_a_warning_without_an_explanation_blocks_publishing(client, explained_demo):
    demo, warnings = explained_demo
    Explanation.objects.filter(final_account=demo, target="表5/2080705/栏1").update(text="")
    reviewer = make_reviewer(demo.department.bureau, "reviewer-unexplained")

    with pytest.raises(ValidationError) as refused:
        workflow.publish(demo, by=reviewer)
    assert {error.code for error in refused.value.error_list} == {"unexplained_warnings"}
    assert refused.value.messages == [
        "不能公开：尚有 1 个警告没有部门的书面说明。请退回部门补充说明后再公开。",
        "P5 项级科目 2080705 公益性岗位补贴 有支出但未填报年初预算（表5/2080705/栏1）",
    ]
    demo.refresh_from_db()
    assert (demo.status, demo.published_versions.count()) == (Status.APPROVED, 0)

    # The reviewer sees why on the confirmation page and when asking to publish; no job is started.
    client.force_login(reviewer)
    address = "/review/dongxihu/hrss/2022/publish/"
    confirm = client.get(address).content.decode()
    assert "尚有 1 个警告没有部门的书面说明，不能公开" in confirm
    response = client.post(address, follow=True)
    assert "不能公开：尚有 1 个警告没有部门的书面说明。" in response.content.decode()
    assert not Job.objects.filter(kind=Job.Kind.PUBLISH).exists()
