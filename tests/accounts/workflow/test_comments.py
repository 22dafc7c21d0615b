"""Comment threads on cells: located by address, answered, resolved, marked in the grids, e-mailed."""

import email
import email.policy
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts import comments, workflow
from accounts.models import FinalAccount, ReviewComment, Transition

from .conftest import SIGN_OFF

CASE = "/review/dongxihu/hrss/2022/"
ENTRY = "/entry/dongxihu/hrss/2022/"


@pytest.fixture
def mailboxes(settings, accountant, reviewer):
    """Addresses for both sides, and mail through the test outbox."""
    settings.EMAIL_NOTIFICATIONS = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    for user, address in ((accountant, "alice@example.org"), (reviewer, "charlie@example.org")):
        user.email = address
        user.save(update_fields=["email"])
    return mail.outbox


@pytest.fixture
def submitted(clean_account, accountant):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    return clean_account


def test_a_thread_is_answered_and_resolved_through_the_case_page(
    client, submitted, accountant, reviewer, mailboxes, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CASE + "comment/", {"address": "表5/2080101/栏1", "text": "请核对行政运行"})
    thread = ReviewComment.objects.get()
    assert response.headers["Location"] == f"{CASE}#comment-{thread.pk}"
    assert thread.address == "cell|general_budget_expenditure|2080101|1"
    assert [(m.to, m.subject) for m in mailboxes] == [
        (["alice@example.org"], "[决算公开] 2022年度区人社局部门决算：charlie提出了审核意见")
    ]
    assert "请核对行政运行" in mailboxes[0].body

    client.force_login(accountant)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(CASE + f"comments/{thread.pk}/reply/", {"text": "已核对，数字无误。"})
    assert [(m.to, m.subject) for m in mailboxes[1:]] == [
        (["charlie@example.org"], "[决算公开] 2022年度区人社局部门决算：alice回复了审核意见")
    ]

    client.force_login(reviewer)
    client.post(CASE + f"comments/{thread.pk}/resolve/")
    thread.refresh_from_db()
    assert (thread.is_resolved, thread.resolved_by) == (True, reviewer)
    page = client.get(CASE)
    [shown] = page.context["threads"]
    assert (shown.location, shown.is_open, [r.text for r in shown.replies]) == (
        "表5/2080101/栏1",
        False,
        ["已核对，数字无误。"],
    )
    assert page.context["open_threads"] == 0

    client.post(CASE + f"comments/{thread.pk}/reopen/")
    thread.refresh_from_db()
    assert thread.is_resolved is False


def test_a_location_that_is_no_cell_is_refused_in_chinese(submitted, reviewer):
    with pytest.raises(ValidationError) as refused:
        comments.add_comment(submitted, by=reviewer, address="表5 9999999 栏9", text="请核对")
    assert refused.value.messages == [
        "表5/9999999/栏9 不是本决算报表中的单元格，请核对表号、科目编码和栏次。"
    ]
    with pytest.raises(ValidationError) as refused:
        comments.add_comment(submitted, by=reviewer, address="第五张表", text="请核对")
    assert refused.value.messages == [
        "位置“第五张表”不是报表中的单元格：请按审核结果中的写法填写（如“表5/2080101/栏2”），或选择章节。"
    ]
    assert ReviewComment.objects.count() == 0


def test_a_reply_is_not_itself_a_thread(submitted, accountant, reviewer):
    thread = comments.add_comment(submitted, by=reviewer, address="表5/2080101/栏1", text="请核对")
    reply = comments.reply_to_comment(thread, by=accountant, text="已核对")
    with pytest.raises(ValidationError):
        comments.reply_to_comment(reply, by=reviewer, text="回复的回复")
    with pytest.raises(ValidationError):
        comments.resolve_comment(reply, by=reviewer)
    assert (reply.parent, reply.version, reply.address) == (thread, 1, "")


def test_approving_with_open_comments_asks_for_confirmation_and_records_it(client, submitted, reviewer):
    comments.add_comment(submitted, by=reviewer, address="表5/2080101/栏1", text="请核对")
    comments.add_comment(submitted, by=reviewer, section="第三部分 五", text="请补充原因")
    with pytest.raises(workflow.OpenCommentsNotConfirmed) as refused:
        workflow.approve(submitted, by=reviewer)
    assert refused.value.messages == [
        "尚有 2 条审核意见未解决：请先解决，或确认在意见未解决的情况下审核通过。"
    ]

    client.force_login(reviewer)
    page = client.get(CASE + "approve/").content.decode()
    assert "尚有 2 条审核意见未解决：" in page
    assert "我确认在 2 条审核意见未解决的情况下审核通过" in page
    client.post(CASE + "approve/", {"reason": "同意"})
    submitted.refresh_from_db()
    assert submitted.status == FinalAccount.Status.SUBMITTED

    client.post(CASE + "approve/", {"reason": "同意", "confirm_open_comments": "on"})
    submitted.refresh_from_db()
    assert submitted.status == FinalAccount.Status.APPROVED
    step = Transition.objects.filter(to_status=FinalAccount.Status.APPROVED).get()
    assert step.reason == "同意（经确认，在 2 条审核意见未解决的情况下审核通过）"


def test_the_accountants_grid_marks_the_cell_of_an_open_thread(client, clean_account, accountant, reviewer):
    thread = comments.add_comment(clean_account, by=reviewer, address="表5/2080101/栏2", text="基本支出偏高")
    comments.add_comment(clean_account, by=reviewer, section="第三部分 五", text="请补充原因")
    client.force_login(accountant)
    response = client.get(ENTRY + "expenditure/")
    html = response.content.decode()
    marks = json.loads(
        html.split('<script id="comment-marks" type="application/json">')[1].split("</script>")[0]
    )
    # 表5 栏2 is the 基本支出 of 一般公共预算: the grid's input of that figure carries the marker.
    assert marks == {
        "c-expenditure-2080101-general_budget-basic": [
            {"location": "表5/2080101/栏2", "text": "基本支出偏高", "url": f"{CASE}#comment-{thread.pk}"}
        ]
    }
    assert 'id="c-expenditure-2080101-general_budget-basic"' in html
    assert "审核意见（2 条未解决）" in html


def test_the_draft_review_lets_a_cell_be_picked_and_marks_commented_cells(client, submitted, reviewer):
    comments.add_comment(submitted, by=reviewer, address="表5/2080101/栏1", text="请核对")
    client.force_login(reviewer)
    response = client.get(CASE + "draft/")
    assert response.context["cells"]["cell-general_budget_expenditure-2080101-2"] == "表5/2080101/栏2"
    assert list(response.context["marked"]) == ["cell-general_budget_expenditure-2080101-1"]
    html = response.content.decode()
    assert 'id="cell-general_budget_expenditure-2080101-1"' in html
    assert 'action="/review/dongxihu/hrss/2022/comment/"' in html


def test_findings_link_to_the_draft_of_an_unpublished_account(client, clean_account, reviewer):
    client.force_login(reviewer)
    response = client.get(CASE + "findings/")
    assert response.context["disclosure_url"] == "/preview/dongxihu/hrss/2022/"
    assert (
        '<a href="/preview/dongxihu/hrss/2022/">查看决算公开文本（草稿预览）</a>' in response.content.decode()
    )


def test_without_a_mail_server_a_comment_is_mailed_to_the_console(
    submitted, accountant, reviewer, capsys, django_capture_on_commit_callbacks
):
    accountant.email = "alice@example.org"
    accountant.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        comments.add_comment(submitted, by=reviewer, address="表5/2080101/栏1", text="请核对行政运行")
    printed = capsys.readouterr().out
    message = email.message_from_string(printed, policy=email.policy.default)
    thread = ReviewComment.objects.get()
    assert (message["To"], message["Subject"]) == (
        "alice@example.org",
        "[决算公开] 2022年度区人社局部门决算：charlie提出了审核意见",
    )
    # The console backend prints the body as written (8 bit), then a line of dashes.
    assert printed.split("\n\n", 1)[1] == (
        f"charlie提出了审核意见：\n\n请核对行政运行\n\n查看并回复：/review/dongxihu/hrss/2022/#comment-{thread.pk}\n"
        + "\n"
        + "-" * 79
        + "\n"
    )


def test_open_threads_wait_on_the_home_page_of_both_sides(client, clean_account, accountant, reviewer):
    thread = comments.add_comment(clean_account, by=reviewer, address="表5/2080101/栏1", text="请核对")
    comments.add_comment(clean_account, by=accountant, text="已补充说明")
    for user in (accountant, reviewer):
        client.force_login(user)
        assert [item.message for item in client.get("/").context["attention"]] == [
            "2022年度区人社局部门决算有 2 条审核意见未解决"
        ]
    comments.resolve_comment(thread, by=reviewer)
    assert [item.message for item in client.get("/").context["attention"]] == [
        "2022年度区人社局部门决算有 1 条审核意见未解决"
    ]


def test_a_cell_picked_in_the_grid_is_commented_by_its_address(client, clean_account, accountant):
    client.force_login(accountant)
    html = client.get(ENTRY + "expenditure/").content.decode()
    assert '<form method="post" action="/review/dongxihu/hrss/2022/comment/" id="cell-comment-form">' in html
    client.post(
        CASE + "comment/", {"address": "expenditure|2080101|general_budget|basic", "text": "此数已按决算调整"}
    )
    [thread] = comments.threads_of(clean_account)
    assert (thread.location, thread.entry_anchor) == (
        "支出/2080101/一般公共预算财政拨款/基本支出",
        "c-expenditure-2080101-general_budget-basic",
    )
    html = client.get(ENTRY + "expenditure/").content.decode()
    marks = json.loads(
        html.split('<script id="comment-marks" type="application/json">')[1].split("</script>")[0]
    )
    assert [m["location"] for m in marks["c-expenditure-2080101-general_budget-basic"]] == [
        "支出/2080101/一般公共预算财政拨款/基本支出"
    ]
