"""The whole review journey in a real browser (Playwright driving Debian's Chromium).

An accountant submits; the reviewer comments on a section and returns it; the accountant fixes it and
resubmits; the reviewer sees what changed, approves and publishes; the public reads version 1; a
correction is opened, and while it is being edited the public still reads version 1; once version 2 is
published (each publication a job run by the worker), version 1 says it is superseded. Screenshots are kept under artifacts/ (not committed).
"""

from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect, sync_playwright

from accounts import demo, editing
from accounts.models import Department, FinalAccount, Membership, ReportFormat, Unit
from accounts.reference_data import load_shipped_reference_data
from tests.browser import CHROMIUM_ARGS
from tests.builders import fill_required_content, make_user
from tests.workers import run_queued_tasks

ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts"
CASE = "/review/dongxihu/social/2022/"
PUBLIC = "/dongxihu/social/2022/"


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )
        yield page
        browser.close()
        connections.close_all()
        assert errors == []


@pytest.fixture
def journey_data(transactional_db):
    """The demo's bureau and reviewer (shenhe), and a clean 2022 final account of another department."""
    load_shipped_reference_data(2022)
    demo.load_demo(publish=False)
    bureau = Department.objects.get(slug="hrss").bureau
    department = Department.objects.create(
        bureau=bureau, slug="social", name="武汉市东西湖区社会保险中心", short_name="区社保中心"
    )
    Unit.objects.create(
        department=department, name=department.name, unit_type=Unit.Type.CIVIL_SERVICE_MANAGED
    )
    accountant = make_user("alice", first_name="社保中心会计")
    accountant.set_password(demo.PASSWORD)
    accountant.save()
    Membership.objects.create(user=accountant, role=Membership.Role.ACCOUNTANT, department=department)
    fa = FinalAccount.objects.create(
        department=department,
        year=2022,
        edition=2022,
        report_format=ReportFormat.objects.get(year=2022, region="national"),
    )
    editing.set_income(fa, code="2080109", source="general_budget", amount="800000.00", by=None)
    editing.set_expenditure(
        fa, code="2080109", fund="general_budget", kind="basic", amount="800000.00", by=None
    )
    editing.set_basic_detail(fa, code="30101", amount="800000.00", by=None)
    editing.set_budget(fa, amount="800000.00", by=None)
    editing.set_budget(fa, code="2080109", amount="800000.00", by=None)
    return fill_required_content(fa)


def sign_in(page, base, username):
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo.PASSWORD)
    page.click("main button[type=submit]")
    expect(page.locator("header")).to_contain_text("退出")


def sign_out(page):
    page.click("header button:has-text('退出')")


def submit(page, base):
    page.goto(base + CASE)
    page.fill("#head_name", "王主任")
    page.click("form.action-submit button")
    expect(page.locator(".case-status")).to_contain_text("已报送")


def write_main_functions(page, base, text):
    page.goto(base + "/entry/dongxihu/social/2022/texts/")
    page.fill("#c-text-main_functions-", text)
    page.keyboard.press("Control+s")
    expect(page.locator(".save-status")).to_contain_text("已保存")


def approve_and_publish(page, base):
    page.goto(base + CASE)
    # Approving and publishing each show what they do first, and ask for confirmation.
    page.click("form.action-approve a")
    if page.locator("#confirm-open").count():
        page.check("#confirm-open")  # comments still open: approving anyway is confirmed and recorded
    page.click("form.confirm-box button")
    expect(page.locator(".case-status")).to_contain_text("已审核")
    page.click("form.action-publish a")
    expect(page.locator("main")).to_contain_text("随同公开")
    page.click("form.confirm-box button")
    # Publishing is a job: its page shows it queued until a worker has run it, then updates itself.
    expect(page.locator("#job-state")).to_contain_text("排队中")
    run_queued_tasks()
    expect(page.locator("#job-state")).to_contain_text("已完成")
    expect(page.locator("#job-step")).to_contain_text("已公开第")
    page.goto(base + CASE)
    expect(page.locator(".case-status")).to_contain_text("已公开")


@pytest.mark.slow  # drives a browser
@pytest.mark.django_db(transaction=True)
def test_submit_return_resubmit_approve_publish_correct(live_server, journey_data, page):
    base = live_server.url
    sign_in(page, base, "alice")
    submit(page, base)
    sign_out(page)

    sign_in(page, base, "shenhe")
    page.goto(base + "/review/")
    expect(page.locator("table")).to_contain_text("武汉市东西湖区社会保险中心")
    page.screenshot(path=ARTIFACTS / "journey-1-queue.png", full_page=True)
    page.goto(base + CASE)
    page.select_option("#comment-section", "第一部分 一、部门主要职能")
    page.fill("#comment-text", "请按三定方案填写部门主要职能。")
    page.click(".comment-form button")
    page.fill("#return-reason", "第一部分的部门主要职能未按三定方案填写，请修改后重新报送。")
    page.click("form.action-return button")
    expect(page.locator(".case-status")).to_contain_text("已退回")
    sign_out(page)

    sign_in(page, base, "alice")
    page.goto(base + CASE)
    expect(page.locator("main")).to_contain_text("请按三定方案填写部门主要职能。")
    write_main_functions(page, base, "负责全区社会保险经办服务。")
    submit(page, base)
    sign_out(page)

    sign_in(page, base, "shenhe")
    page.goto(base + CASE)
    page.click("section:has(#changes-heading) a >> nth=0")
    changes = page.locator("table.compare-table")
    expect(changes).to_contain_text("部门主要职能")
    # A word-level difference: the full stop both versions end with is not marked.
    expect(changes.locator("ins")).to_contain_text("负责全区社会保险经办服务")
    page.screenshot(path=ARTIFACTS / "journey-2-changes.png", full_page=True)
    approve_and_publish(page, base)
    sign_out(page)

    page.goto(base + PUBLIC)
    expect(page.locator(".version-box")).to_contain_text("第1版")
    expect(page.locator("#part-1")).to_contain_text("负责全区社会保险经办服务。")
    page.screenshot(path=ARTIFACTS / "journey-3-public-v1.png")

    sign_in(page, base, "alice")
    page.goto(base + CASE)
    page.fill("#correct-reason", "更正部门主要职能的表述。")
    page.click("form.action-correct button")
    expect(page.locator(".case-status")).to_contain_text("第2版")
    write_main_functions(page, base, "负责全区机关事业单位社会保险经办服务。")
    sign_out(page)
    # While the correction is being edited, the public still reads version 1's words everywhere.
    page.goto(base + PUBLIC)
    expect(page.locator("#part-1")).to_contain_text("负责全区社会保险经办服务。")
    assert "机关事业单位社会保险经办" not in page.content()
    assert "机关事业单位社会保险经办" not in page.request.get(base + PUBLIC + "json/").text()

    sign_in(page, base, "alice")
    submit(page, base)
    sign_out(page)
    sign_in(page, base, "shenhe")
    approve_and_publish(page, base)
    sign_out(page)

    page.goto(base + PUBLIC)
    expect(page.locator(".version-box")).to_contain_text("第2版")
    expect(page.locator(".version-box")).to_contain_text("更正原因：更正部门主要职能的表述。")
    expect(page.locator("#part-1")).to_contain_text("负责全区机关事业单位社会保险经办服务。")
    page.goto(base + PUBLIC + "v1/")
    expect(page.locator(".superseded-banner")).to_contain_text("已被第2版更正取代")
    expect(page.locator("#part-1")).to_contain_text("负责全区社会保险经办服务。")
    page.screenshot(path=ARTIFACTS / "journey-4-superseded.png")
