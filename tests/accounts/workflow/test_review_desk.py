"""The reviewer's desk: deliberate approval and publication, the history with filters, access."""

import subprocess

import pytest

from accounts import comments, editing, workflow
from accounts.models import FinalAccount, Job, PublishedVersion
from tests.builders import make_accountant, make_bureau, make_department, make_reviewer
from tests.workers import run_queued_tasks

from .conftest import SIGN_OFF

CASE = "/review/dongxihu/hrss/2022/"


@pytest.fixture
def approved(clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    return clean_account


def test_publishing_shows_what_goes_out_then_runs_in_the_background(client, approved, reviewer):
    client.force_login(reviewer)
    page = client.get(CASE + "publish/").content.decode()
    assert "生成并冻结第1版的网页、PDF 和数据文件" in page
    assert "确认公开第1版" in page
    assert PublishedVersion.objects.count() == 0

    # The task backend queues the work (django-tasks-db): the answer comes before the version exists.
    response = client.post(CASE + "publish/")
    job = Job.objects.get(kind=Job.Kind.PUBLISH, final_account=approved)
    assert (response.status_code, response.headers["Location"]) == (302, f"/jobs/{job.pk}/")
    approved.refresh_from_db()
    assert (approved.status, PublishedVersion.objects.count(), job.state) == (
        FinalAccount.Status.APPROVED,
        0,
        Job.State.QUEUED,
    )
    case = client.get(CASE).content.decode()
    assert f'<a href="/jobs/{job.pk}/">查看进度</a>' in case

    run_queued_tasks()
    approved.refresh_from_db()
    job.refresh_from_db()
    assert (approved.status, job.state, job.progress) == (
        FinalAccount.Status.PUBLISHED,
        Job.State.SUCCEEDED,
        100,
    )
    assert list(PublishedVersion.objects.values_list("number", flat=True)) == [1]


def test_the_approval_page_of_a_draft_says_it_cannot_be_approved(client, clean_account, reviewer):
    client.force_login(reviewer)
    page = client.get(CASE + "approve/").content.decode()
    assert "当前状态为“草稿”，不能审核通过。" in page
    assert "确认审核通过" not in page


@pytest.fixture
def edited(clean_account, accountant, other_department_accountant):
    editing.set_expenditure(
        clean_account, code="2080101", fund="general_budget", kind="basic", amount="1200.00", by=accountant
    )
    editing.set_official_expense(
        clean_account, item="reception", budget="50.00", actual="40.00", by=accountant
    )
    editing.set_free_text(clean_account, key="main_functions", text="负责全区人社工作。", by=accountant)
    return clean_account


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"table": "表9"}, ["“三公”经费/公务接待费/预算数", "“三公”经费/公务接待费/决算数"]),
        ({"cell": "表5/2080101/栏2"}, ["支出/2080101 行政运行/一般公共预算财政拨款/基本支出"]),
        (
            {"cell": "表5/2080101/栏2", "who": "alice"},
            ["支出/2080101 行政运行/一般公共预算财政拨款/基本支出"],
        ),
        ({"who": "nobody"}, []),
        ({"until": "2000-01-01"}, []),
    ],
)
def test_the_reviewer_filters_the_history(client, edited, reviewer, filters, expected):
    client.force_login(reviewer)
    response = client.get(CASE + "history/", filters)
    fields = [change.field for change in response.context["page"] if change.user is not None]
    assert sorted(fields) == sorted(expected)
    assert response.context["problems"] == []


def test_a_filter_that_names_nothing_says_so(client, edited, reviewer):
    client.force_login(reviewer)
    response = client.get(CASE + "history/", {"cell": "表5 9999 栏x", "since": "昨天"})
    assert response.context["problems"] == [
        "日期“昨天”无效，请按 2023-03-01 的格式填写。",
        "无法识别“表5 9999 栏x”，请按“表5/2080101/栏1”的写法填写。",
    ]


READ_ONLY = ["history/", "compare/", "draft/", "opinion/", "opinion.doc"]


@pytest.mark.parametrize("page", READ_ONLY)
def test_the_reviewer_reads_but_cannot_post(client, edited, reviewer, page):
    client.force_login(reviewer)
    assert client.get(CASE + page).status_code == 200
    assert client.post(CASE + page).status_code == 405


@pytest.mark.parametrize(
    "page", [*READ_ONLY, "approve/", "publish/", "comments/{pk}/reply/", "comments/{pk}/resolve/"]
)
def test_outsiders_get_a_404(client, clean_account, reviewer, page):
    thread = comments.add_comment(clean_account, by=reviewer, text="整体意见")
    url = CASE + page.format(pk=thread.pk)
    outsiders = [
        make_accountant(
            make_department(clean_account.department.bureau, slug="finance", name="区财政局机关"), "bob"
        ),
        make_reviewer(make_bureau(slug="caidian", name="蔡甸区财政局"), "dave"),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        method = client.post if "comments/" in page else client.get
        assert method(url, {"text": "x"}).status_code == 404


def test_the_review_opinion_lists_threads_and_decisions(client, clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    thread = comments.add_comment(
        clean_account, by=reviewer, address="表5/2080101/栏1", text="请核对行政运行"
    )
    comments.reply_to_comment(thread, by=accountant, text="已核对")
    workflow.return_for_revision(clean_account, by=reviewer, reason="请修改后重新报送")
    client.force_login(reviewer)
    word = client.get(CASE + "opinion.doc")
    assert word["Content-Type"] == "application/msword"
    html = word.content.decode()
    assert "关于2022年度区人社局部门决算的审核意见" in html
    assert "<td>表5/2080101/栏1</td>" in html
    assert "请核对行政运行<br>（charlie，" in html
    assert "<br>答复：已核对（alice，" in html
    assert "<td>已退回</td><td>charlie</td><td>请修改后重新报送</td>" in html


def test_the_review_opinion_downloads_as_a_pdf(client, clean_account, accountant, reviewer):
    comments.add_comment(clean_account, by=reviewer, address="表5/2080101/栏1", text="请核对行政运行")
    client.force_login(accountant)
    response = client.get(CASE + "opinion.pdf")
    assert (response["Content-Type"], response.content[:5]) == ("application/pdf", b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "关于2022年度区人社局部门决算的审核意见" in text.replace("\n", "")
    assert "请核对行政运行" in text
