"""The case page, the review queue, the public versions: permissions, actions, frozen files."""

import io

import pytest

from accounts import editing, workflow
from accounts.models import FinalAccount, Job, SubmissionDeadline
from tests.builders import REQUIRED_TEXT, make_accountant, make_bureau, make_department, make_reviewer
from tests.workers import run_queued_tasks

from .conftest import SIGN_OFF

CASE = "/review/dongxihu/hrss/2022/"
PUBLIC = "/dongxihu/hrss/2022/"


@pytest.fixture
def personas(clean_account, accountant, reviewer, django_user_model):
    other_department = make_department(clean_account.department.bureau, slug="finance", name="区财政局机关")
    other_bureau = make_bureau(slug="caidian", name="蔡甸区财政局")
    return {
        "anonymous": None,
        "accountant": accountant,
        "other_accountant": make_accountant(other_department, "bob"),
        "reviewer": reviewer,
        "other_reviewer": make_reviewer(other_bureau, "dave"),
        "administrator": django_user_model.objects.create_superuser(
            "root", "root@example.org", "pw-long-enough-1"
        ),
    }


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


# Expected status per persona for GET pages of a draft: members 200, outsiders 404, anonymous → login.
DRAFT_PAGES = [CASE, CASE + "audit.csv", "/preview" + PUBLIC]
EXPECTED_DRAFT = {
    "anonymous": 302,
    "accountant": 200,
    "other_accountant": 404,
    "reviewer": 200,
    "other_reviewer": 404,
    "administrator": 200,
}


@pytest.mark.parametrize("persona", list(EXPECTED_DRAFT))
@pytest.mark.parametrize("url", DRAFT_PAGES)
def test_permission_matrix_for_draft_pages(client, personas, persona, url):
    response = as_user(client, personas[persona]).get(url)
    assert response.status_code == EXPECTED_DRAFT[persona]


@pytest.mark.parametrize("persona", list(EXPECTED_DRAFT))
def test_public_page_of_an_unpublished_account_is_a_404_for_everyone(client, personas, persona):
    assert as_user(client, personas[persona]).get(PUBLIC).status_code == 404


# POST actions on a draft: who may post (302 back to the case page) and who gets a 404.
ACTION_EXPECTED = {
    "submit/": {"accountant": 302, "reviewer": 404},
    "return/": {"accountant": 404, "reviewer": 302},
    "approve/": {"accountant": 404, "reviewer": 302},
    "publish/": {"accountant": 404, "reviewer": 302},
    "withdraw/": {"accountant": 302, "reviewer": 404},
    "correct/": {"accountant": 302, "reviewer": 302},
    "comment/": {"accountant": 302, "reviewer": 302},
}


@pytest.mark.parametrize("action", list(ACTION_EXPECTED))
@pytest.mark.parametrize(
    "persona", ["anonymous", "accountant", "other_accountant", "reviewer", "other_reviewer"]
)
def test_permission_matrix_for_actions(client, personas, action, persona):
    response = as_user(client, personas[persona]).post(CASE + action, {"reason": "x", "text": "x"})
    expected = {"anonymous": 302, "other_accountant": 404, "other_reviewer": 404}.get(persona)
    expected = expected or ACTION_EXPECTED[action][persona]
    assert response.status_code == expected
    if persona == "anonymous":
        assert response.headers["Location"].startswith("/login/")


def test_actions_are_post_only(client, personas):
    client.force_login(personas["accountant"])
    assert client.get(CASE + "submit/").status_code == 405


def test_case_page_lists_the_actions_of_the_user(client, personas):
    html = as_user(client, personas["accountant"]).get(CASE).content.decode()
    assert "报送审核（单位主要负责人签批）" in html
    assert "审核通过" not in html
    html = as_user(client, personas["reviewer"]).get(CASE).content.decode()
    assert "当前状态下您没有可办理的操作。" in html


def test_refused_submission_shows_every_reason(client, personas, clean_account):
    editing.set_basic_detail(clean_account, code="30101", amount="900.00", by=None)
    client.force_login(personas["accountant"])
    response = client.post(
        CASE + "submit/", {"head_name": "张局长", "head_signed_on": "2023-03-01"}, follow=True
    )
    html = response.content.decode()
    assert "不能报送：尚有 1 个错误、0 个未说明的警告。" in html
    assert "R23" in html
    clean_account.refresh_from_db()
    assert clean_account.status == FinalAccount.Status.DRAFT


def test_whole_cycle_through_the_views(client, personas, clean_account):
    client.force_login(personas["accountant"])
    client.post(CASE + "submit/", {"head_name": "张局长", "head_signed_on": "2023-03-01"})
    client.force_login(personas["reviewer"])
    client.post(CASE + "comment/", {"address": "表5/2080101/栏1", "text": "请核对行政运行"})
    client.post(CASE + "return/", {"reason": "请核对后重新报送"})
    client.force_login(personas["accountant"])
    case = client.get(CASE)
    assert [(thread.location, thread.comment.text) for thread in case.context["threads"]] == [
        ("表5/2080101/栏1", "请核对行政运行")
    ]
    client.post(CASE + "submit/", {"head_name": "张局长", "head_signed_on": "2023-03-02"})
    client.force_login(personas["reviewer"])
    thread = clean_account.comments.get()
    client.post(CASE + f"comments/{thread.pk}/resolve/")
    client.post(CASE + "approve/")
    response = client.post(CASE + "publish/")
    job = Job.objects.get(kind=Job.Kind.PUBLISH, final_account=clean_account)
    assert response.headers["Location"] == f"/jobs/{job.pk}/"
    run_queued_tasks()
    clean_account.refresh_from_db()
    assert clean_account.status == FinalAccount.Status.PUBLISHED
    client.logout()
    page = client.get(PUBLIC)
    assert page.status_code == 200
    assert "第1版" in page.content.decode()
    assert client.get(PUBLIC + "pdf/").content[:5] == b"%PDF-"
    data = client.get(PUBLIC + "json/").json()
    assert data["facts"]["income"] == [
        {"subject": "2080101", "source": "general_budget", "amount": "1000.00"}
    ]


@pytest.fixture
def published(clean_account, accountant, reviewer):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    return workflow.publish(clean_account, by=reviewer)


def test_during_a_correction_the_public_still_sees_version_one(client, published, clean_account, accountant):
    workflow.open_correction(clean_account, by=accountant, reason="更正表1")
    editing.set_free_text(clean_account, key="main_functions", text="更正中的新职能描述", by=accountant)
    assert "更正中的新职能描述" not in client.get(PUBLIC).content.decode()
    assert "更正中的新职能描述" not in client.get(PUBLIC + "json/").content.decode()
    client.force_login(accountant)
    assert "更正中的新职能描述" in client.get("/preview" + PUBLIC).content.decode()


def test_version_one_says_it_is_superseded(client, published, clean_account, accountant, reviewer):
    workflow.open_correction(clean_account, by=accountant, reason="更正表1")
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    workflow.approve(clean_account, by=reviewer)
    workflow.publish(clean_account, by=reviewer)
    first = client.get(PUBLIC + "v1/").content.decode()
    assert "已被第2版更正取代" in first
    current = client.get(PUBLIC).content.decode()
    assert "第2版" in current and "更正原因：更正表1" in current
    assert "已被第2版更正取代" not in current


def test_a_tampered_stored_file_is_refused(client, published, media_root):
    path = media_root / published.html_file
    path.write_bytes(path.read_bytes().replace("收入支出决算总表".encode(), "篡改过的总表".encode()))
    response = client.get(PUBLIC)
    assert response.status_code == 503
    assert "校验失败" in response.content.decode()
    assert "篡改过的总表" not in response.content.decode()


def test_audit_csv_lists_changes_and_transitions(client, published, accountant):
    client.force_login(accountant)
    response = client.get(CASE + "audit.csv")
    text = response.content.decode("utf-8-sig")
    rows = list(__import__("csv").reader(io.StringIO(text)))
    assert rows[0] == ["时间", "操作人", "类型", "项目", "原值", "新值", "原因"]
    kinds = [row[2] for row in rows[1:]]
    assert kinds.count("流程") == 3
    assert any(
        row[3] == "收入/2080101 行政运行/一般公共预算财政拨款收入" and row[5] == "1000.00" for row in rows
    )


def test_review_queue_highlights_overdue_departments(client, personas, clean_account):
    import datetime

    SubmissionDeadline.objects.create(
        bureau=clean_account.department.bureau, year=2022, due_on=datetime.date(2023, 2, 28)
    )
    client.force_login(personas["reviewer"])
    html = client.get("/review/").content.decode()
    assert "（已逾期）" in html
    assert '<tr class="overdue' in html or 'overdue">' in html
    client.force_login(personas["other_reviewer"])
    assert "武汉市东西湖区人力资源和社会保障局" not in client.get("/review/").content.decode()


def test_home_lists_what_needs_attention(client, personas, clean_account, accountant):
    workflow.submit(clean_account, by=accountant, **SIGN_OFF)
    client.force_login(personas["reviewer"])
    assert "2022年度区人社局部门决算已报送，等待审核" in client.get("/").content.decode()


def test_audit_csv_does_not_let_typed_text_run_as_a_formula(client, clean_account, accountant):
    editing.set_free_text(
        clean_account, key="main_functions", text='=HYPERLINK("http://evil.example","x")', by=accountant
    )
    client.force_login(accountant)
    text = client.get(CASE + "audit.csv").content.decode("utf-8-sig")
    rows = list(__import__("csv").reader(io.StringIO(text)))
    assert [row[5] for row in rows if row[3] == "文字说明/部门主要职能"] == [
        REQUIRED_TEXT,  # written by the fixture, which fills in what the format requires
        '\'=HYPERLINK("http://evil.example","x")',
    ]


def test_a_comment_on_a_free_text_location_is_refused_with_the_reason(client, personas, clean_account):
    client.force_login(personas["reviewer"])
    response = client.post(CASE + "comment/", {"address": "表5 9999999 栏9", "text": "请核对"}, follow=True)
    assert (
        "表5/9999999/栏9 不是本决算报表中的单元格，请核对表号、科目编码和栏次。" in response.content.decode()
    )
    assert clean_account.comments.count() == 0
