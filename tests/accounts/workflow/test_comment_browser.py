"""A comment on a cell in a real browser: the reviewer picks the cell in the draft and comments, the
accountant sees the marker at that cell in the grid and replies, the reviewer resolves the thread."""

import pytest
from playwright.sync_api import expect

from accounts.models import ReviewComment

from .test_browser_journey import ARTIFACTS, CASE, journey_data, page, sign_in, sign_out, submit  # noqa: F401

CELL = "cell-general_budget_expenditure-2080109-2"  # 表5/2080109/栏2: 基本支出 of 社会保险经办机构
INPUT = "c-expenditure-2080109-general_budget-basic"  # the grid's input of the same figure


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_comment_on_a_cell_marker_reply_resolve(live_server, journey_data, page):  # noqa: F811
    base = live_server.url
    sign_in(page, base, "alice")
    submit(page, base)
    sign_out(page)

    sign_in(page, base, "shenhe")
    page.goto(base + CASE)
    page.click("a:has-text('逐格审阅')")
    page.click(f"#{CELL}")
    expect(page.locator("#comment-address")).to_have_value("表5/2080109/栏2")
    page.fill("#comment-text", "基本支出与表6人员经费请再核对。")
    page.click("#draft-comment-form button")
    thread = page.locator("article.thread")
    expect(thread).to_contain_text("表5/2080109/栏2")
    expect(thread).to_contain_text("未解决")
    page.fill("#return-reason", "请核对表5。")
    page.click("form.action-return button")
    sign_out(page)

    sign_in(page, base, "alice")
    page.goto(base + "/entry/dongxihu/social/2022/expenditure/")
    marker = page.locator(f"td:has(#{INPUT}) a.comment-marker")
    expect(marker).to_be_visible()
    page.screenshot(path=ARTIFACTS / "comment-1-marker.png", full_page=True)
    marker.click()
    pk = ReviewComment.objects.get().pk
    page.fill(f"#reply-{pk}", "已核对，人员经费与基本支出一致。")
    page.click(f"#comment-{pk} .reply-form button")
    expect(page.locator(f"#comment-{pk} .reply")).to_contain_text("已核对，人员经费与基本支出一致。")
    sign_out(page)

    sign_in(page, base, "shenhe")
    page.goto(base + CASE)
    page.click(f"#comment-{pk} .resolve-form button")
    expect(page.locator(f"#comment-{pk} .thread-state")).to_contain_text("已解决")
    page.screenshot(path=ARTIFACTS / "comment-2-resolved.png", full_page=True)
    assert ReviewComment.objects.get(pk=pk).resolved_at is not None
