"""The workspace and the entry screens: the department's accountants only, everyone else gets a 404."""

import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts import editing, editions
from accounts.entry import SCREENS, findings_of
from accounts.models import Explanation, FigureChange, FinalAccount, IncomeFact
from accounts.statements import load_facts
from accounts.views import entry as entry_views
from accounts.views import workspace as workspace_views
from tests.builders import make_final_account

ITEMS = ("2080101", "2080102", "2080106")


def kwargs(final_account):
    return {
        "bureau": final_account.department.bureau.slug,
        "department": final_account.department.slug,
        "year": final_account.year,
    }


def url(final_account, name, **extra):
    return reverse(f"accounts:{name}", kwargs={**kwargs(final_account), **extra})


def post_json(client, address, body):
    return client.post(address, data=json.dumps(body), content_type="application/json")


# Every route of the entry screens, with the method and arguments a real request uses.
ENTRY_REQUESTS = [
    ("entry", "get", {}, None),
    *[("entry-screen", "get", {"screen": key}, None) for key in SCREENS],
    (
        "entry-save",
        "post",
        {},
        {
            "screen": "income",
            "cells": [{"name": "income|2080101|general_budget", "value": "1", "original": ""}],
        },
    ),
    (
        "entry-check",
        "post",
        {},
        {"screen": "income", "cells": [{"name": "income|2080101|general_budget", "value": "1"}]},
    ),
    ("entry-subjects", "get", {}, {"q": "2080"}),
    ("entry-subject-rows", "get", {}, {"screen": "income", "grid": "income", "code": "2080101"}),
    ("entry-explain", "post", {}, {"screen": "income", "rule_id": "P5", "target": "x", "text": "说明"}),
    ("entry-explain-rule", "post", {}, {"rule_id": "C2", "text": "说明"}),
    ("entry-unit", "post", {}, {"unit": "wanyuan"}),
    ("entry-history", "get", {}, None),
    ("entry-export-working", "get", {}, None),
    ("entry-export-publication", "get", {}, None),
]


def request(client, final_account, name, method, extra, data):
    address = url(final_account, name, **extra)
    if method == "get":
        return client.get(address, data or {})
    if name in ("entry-save", "entry-check", "entry-explain"):
        return post_json(client, address, data)
    return client.post(address, data or {})


def test_every_entry_route_is_in_the_outsider_test():
    names = {pattern.name for pattern in entry_views.urlpatterns}
    assert names == {name for name, _m, _e, _d in ENTRY_REQUESTS}
    assert {pattern.name for pattern in workspace_views.urlpatterns} == {"workspace", "workspace-create"}


@pytest.mark.parametrize(("name", "method", "extra", "data"), ENTRY_REQUESTS)
def test_another_departments_accountant_gets_404_everywhere(
    client, final_account, other_department_accountant, name, method, extra, data
):
    client.force_login(other_department_accountant)
    response = request(client, final_account, name, method, extra, data)
    assert response.status_code == 404
    assert IncomeFact.objects.count() == 0
    assert FinalAccount.objects.get().entry_unit == "yuan"


# The screens a reviewer of the bureau opens read-only; everything else of the entry is the department's.
READ_ONLY_ROUTES = {"entry", "entry-screen"}


@pytest.mark.parametrize(
    ("name", "method", "extra", "data"),
    [r for r in ENTRY_REQUESTS if r[0] not in READ_ONLY_ROUTES],
)
def test_the_bureaus_reviewer_gets_404_everywhere_but_the_screens(
    client, final_account, reviewer, name, method, extra, data
):
    client.force_login(reviewer)
    assert request(client, final_account, name, method, extra, data).status_code == 404
    assert IncomeFact.objects.count() == 0


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_bureaus_reviewer_opens_the_screens_read_only(client, final_account, reviewer, screen):
    client.force_login(reviewer)
    response = client.get(url(final_account, "entry-screen", screen=screen))
    assert (response.status_code, response.context["read_only"]) == (200, True)
    assert 'data-read-only="true"' in response.content.decode()
    assert 'class="save-button"' not in response.content.decode()


def test_another_bureaus_reviewer_gets_404_on_the_screens(client, final_account, other_bureau_reviewer):
    client.force_login(other_bureau_reviewer)
    assert client.get(url(final_account, "entry-screen", screen="income")).status_code == 404


def test_another_departments_accountant_cannot_create_a_final_account_here(
    client, department, other_department_accountant
):
    client.force_login(other_department_accountant)
    address = reverse(
        "accounts:workspace-create", kwargs={"bureau": department.bureau.slug, "department": department.slug}
    )
    assert client.post(address, {"year": "2022"}).status_code == 404
    assert FinalAccount.objects.count() == 0


@pytest.mark.parametrize("screen", list(SCREENS))
def test_entry_screens_are_read_only_once_submitted(client, final_account, accountant, screen):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    response = client.get(url(final_account, "entry-screen", screen=screen))
    assert (response.status_code, response.context["read_only"]) == (200, True)
    assert "只读：本决算状态为“已报送”，数据已锁定。" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "method", "extra", "data"),
    [r for r in ENTRY_REQUESTS if r[1] == "post"],
)
def test_every_post_is_refused_once_submitted(client, final_account, accountant, name, method, extra, data):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    assert request(client, final_account, name, method, extra, data).status_code == 404
    assert (IncomeFact.objects.count(), FinalAccount.objects.get().entry_unit) == (0, "yuan")


def test_anonymous_visitors_are_sent_to_sign_in(client, final_account):
    response = client.get(url(final_account, "entry-screen", screen="income"))
    assert (response.status_code, response.url.split("?")[0]) == (302, "/login/")


def test_workspace_lists_the_departments_final_accounts_with_open_findings(client, final_account, accountant):
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="150", by=accountant
    )
    findings = findings_of(load_facts(final_account))
    client.force_login(accountant)
    response = client.get(reverse("accounts:workspace"))
    [department] = response.context["departments"]
    [row] = department["accounts"]
    assert (
        department["department"].slug,
        department["next_year"],
        row["final_account"],
        row["editable"],
        row["errors"],
        row["open_warnings"],
    ) == (
        "hrss",
        2023,
        final_account,
        True,
        sum(1 for f in findings if f.severity == "error"),
        sum(1 for f in findings if f.severity == "warning"),
    )
    assert row["entry_url"] == "/entry/dongxihu/hrss/2022/"


def test_workspace_counts_only_unexplained_warnings(client, final_account, accountant):
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="150", by=accountant
    )
    warning = next(f for f in findings_of(load_facts(final_account)) if f.severity == "warning")
    before = sum(1 for f in findings_of(load_facts(final_account)) if f.severity == "warning")
    Explanation.objects.create(
        final_account=final_account, rule_id=warning.rule_id, target=warning.target, text="已说明。"
    )
    client.force_login(accountant)
    [department] = client.get(reverse("accounts:workspace")).context["departments"]
    assert department["accounts"][0]["open_warnings"] == before - 1


def test_workspace_creates_next_years_final_account(client, final_account, accountant):
    editing.set_balance(final_account, fund="general_budget", opening="0", closing="80", by=accountant)
    client.force_login(accountant)
    address = reverse("accounts:workspace-create", kwargs={"bureau": "dongxihu", "department": "hrss"})
    response = client.post(address)
    assert (response.status_code, response.url) == (302, "/entry/dongxihu/hrss/2023/")
    new = FinalAccount.objects.get(year=2023)
    assert list(new.balances.values_list("opening", "closing")) == [(Decimal("80.00"), Decimal("0.00"))]


def test_workspace_says_so_to_a_user_who_keeps_no_accounts(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("accounts:workspace"))
    assert response.context["departments"] == []
    assert "您不是任何部门的会计" in response.content.decode()


def test_entry_home_opens_the_income_screen(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get(url(final_account, "entry"))
    assert (response.status_code, response.url) == (302, "/entry/dongxihu/hrss/2022/income/")


def test_screen_shows_the_saved_figures_in_inputs_with_their_original(client, final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1234.5", by=accountant)
    client.force_login(accountant)
    response = client.get(url(final_account, "entry-screen", screen="income"))
    content = response.content.decode()
    assert (
        '<input type="text" class="cell" id="c-income-2080101-general_budget" '
        'name="income|2080101|general_budget" value="1234.50" data-original="1234.50" '
        'data-tags="g:income c:208 c:20801 c:2080101 k:general_budget src:general_budget src:appropriation" '
        'data-kind="amount" aria-label="2080101 行政运行 · 一般公共预算财政拨款" autocomplete="off" '
        'inputmode="decimal">'
    ) in content
    assert '<td class="sum" data-sum="g:income" aria-label="合计 · 合计">1,234.50</td>' in content


def test_unknown_screen_is_404(client, final_account, accountant):
    client.force_login(accountant)
    assert client.get(url(final_account, "entry-screen", screen="nothing")).status_code == 404


def test_save_answers_for_each_cell_and_returns_the_findings(client, final_account, accountant):
    client.force_login(accountant)
    response = post_json(
        client,
        url(final_account, "entry-save"),
        {
            "screen": "income",
            "cells": [
                {"name": "income|2080101|general_budget", "value": "100", "original": ""},
                {"name": "income|2080102|general_budget", "value": "1.234", "original": ""},
            ],
        },
    )
    data = response.json()
    assert (data["saved"], data["errors"], data["conflicts"], data["message"]) == (
        {"income|2080101|general_budget": "100.00"},
        {"income|2080102|general_budget": "金额 1.234 元的小数位超过 2 位。"},
        {},
        "已保存 1 个单元格；1 个无法识别，未保存。",
    )
    assert data["findings_html"].strip().startswith('<h2 id="findings-title">审核结果</h2>')


def test_save_refuses_a_malformed_request(client, final_account, accountant):
    client.force_login(accountant)
    response = client.post(url(final_account, "entry-save"), data="cells", content_type="application/json")
    assert (response.status_code, response.json()) == (400, {"message": "请求格式不正确。"})


def test_subjects_search_answers_codes_and_names(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get(url(final_account, "entry-subjects"), {"q": "公益"})
    assert response.json() == {"subjects": [{"code": "2080705", "name": "公益性岗位补贴"}]}


def test_subject_rows_answers_the_rows_to_insert(client, final_account, accountant):
    client.force_login(accountant)
    response = client.get(
        url(final_account, "entry-subject-rows"),
        {"screen": "expenditure", "grid": "expenditure", "code": "2080705 公益性岗位补贴"},
    )
    rows = response.json()["rows"]
    assert [(row["id"], row["code"], row["kind"]) for row in rows] == [
        ("r-expenditure-208", "208", "category"),
        ("r-expenditure-20807", "20807", "section"),
        ("r-expenditure-2080705", "2080705", "item"),
    ]
    assert rows[2]["html"].startswith('<tr id="r-expenditure-2080705" class="row-item" data-code="2080705"')


def test_subject_rows_asks_for_the_name_of_a_code_the_edition_lacks(client, final_account, accountant):
    # The grid then asks for the names (of the code and of its 款 the edition lacks too) and keeps the
    # code pending for the final account (accounts.views.subjects).
    client.force_login(accountant)
    response = client.get(
        url(final_account, "entry-subject-rows"), {"screen": "income", "grid": "income", "code": "2089998"}
    )
    assert (response.status_code, response.json()) == (
        400,
        {
            "message": "科目编码 2089998 不在 2022 年版《政府收支分类科目》中。请填写科目名称，"
            "它将作为待确认科目暂记在本决算下，由审核人员确认。",
            "unknown": "2089998",
            "missing": ["20899"],
        },
    )


def test_subject_rows_of_a_pending_code_are_marked(client, final_account, accountant):
    editions.add_pending_subject(final_account, code="2080198", name="人才服务支出")
    client.force_login(accountant)
    response = client.get(
        url(final_account, "entry-subject-rows"), {"screen": "income", "grid": "income", "code": "2080198"}
    )
    rows = response.json()["rows"]
    assert [(row["code"], "待确认科目" in row["html"]) for row in rows] == [
        ("208", False),
        ("20801", False),
        ("2080198", True),
    ]


def test_explain_stores_the_explanation_of_a_warning(client, final_account, accountant):
    editing.set_budget(final_account, code="2080101", amount="100", by=accountant)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="150", by=accountant
    )
    warning = next(f for f in findings_of(load_facts(final_account)) if f.rule_id == "P2")
    client.force_login(accountant)
    response = post_json(
        client,
        url(final_account, "entry-explain"),
        {"screen": "budgets", "rule_id": "P2", "target": warning.target, "text": "追加了年中预算。"},
    )
    assert response.json()["message"] == "说明已保存。"
    assert list(Explanation.objects.values_list("rule_id", "target", "text", "author")) == [
        ("P2", warning.target, "追加了年中预算。", accountant.pk)
    ]
    assert "追加了年中预算。</textarea>" in response.json()["findings_html"]


def test_explain_refuses_a_finding_that_is_not_there(client, final_account, accountant):
    client.force_login(accountant)
    response = post_json(
        client,
        url(final_account, "entry-explain"),
        {"screen": "income", "rule_id": "P2", "target": "表5/2080101/栏1", "text": "x"},
    )
    assert (response.status_code, response.json()) == (
        400,
        {"message": "说明未保存：该警告已不存在，无需说明；请刷新审核结果。"},
    )


def test_unit_switch_goes_back_to_the_screen(client, final_account, accountant):
    client.force_login(accountant)
    response = client.post(url(final_account, "entry-unit"), {"unit": "wanyuan", "screen": "budgets"})
    assert (response.status_code, response.url) == (302, "/entry/dongxihu/hrss/2022/budgets/")
    final_account.refresh_from_db()
    assert final_account.entry_unit == "wanyuan"


def test_history_lists_every_change_newest_first(client, final_account, accountant, colleague):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100", by=accountant)
    editing.set_income(final_account, code="2080101", source="general_budget", amount="120", by=colleague)
    client.force_login(accountant)
    response = client.get(url(final_account, "entry-history"))
    assert [(c.user.username, c.field, c.old_value, c.new_value) for c in response.context["page"]] == [
        ("zhangsan", "收入/2080101 行政运行/一般公共预算财政拨款收入", "100.00", "120.00"),
        ("alice", "收入/2080101 行政运行/一般公共预算财政拨款收入", "0.00", "100.00"),
    ]
    assert "张三" in response.content.decode()


def test_history_filters_by_item(client, final_account, accountant):
    editing.set_income(final_account, code="2080101", source="general_budget", amount="100", by=accountant)
    editing.set_budget(final_account, amount="100", by=accountant)
    client.force_login(accountant)
    response = client.get(url(final_account, "entry-history"), {"q": "年初预算"})
    assert [c.field for c in response.context["page"]] == ["年初预算/合计"]


def test_history_stays_readable_after_submission(client, final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    assert client.get(url(final_account, "entry-history")).context["final_account"] == final_account


@pytest.mark.parametrize(
    ("name", "unit", "value"),
    [
        ("entry-export-working", "单位：元", 16734300),
        ("entry-export-publication", "单位：万元", 1673.43),
    ],
)
def test_export_downloads_the_workbook(client, final_account, accountant, name, unit, value):
    editing.set_income(
        final_account, code="2080101", source="general_budget", amount="16734300", by=accountant
    )
    client.force_login(accountant)
    response = client.get(url(final_account, name))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content), data_only=True)
    visible = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
    assert visible == [f"表{n}" for n in range(1, 10)]
    # The working copy also names its account in a hidden sheet, so that its import knows it.
    hidden = [sheet.title for sheet in workbook.worksheets if sheet.sheet_state != "visible"]
    assert hidden == (["_决算工作底稿"] if name == "entry-export-working" else [])
    sheet = workbook["表2"]
    assert (sheet["A1"].value, sheet["A2"].value, sheet["K2"].value) == (
        "2022年度收入决算表（表2）",
        "部门：武汉市东西湖区人力资源和社会保障局",
        unit,
    )
    assert [sheet.cell(row=9, column=c).value for c in (1, 4, 5, 6)] == ["2080101", "行政运行", value, value]


def test_save_is_recorded_with_the_user(client, final_account, accountant):
    client.force_login(accountant)
    post_json(
        client,
        url(final_account, "entry-save"),
        {
            "screen": "income",
            "cells": [{"name": "income|2080101|general_budget", "value": "5", "original": ""}],
        },
    )
    change = FigureChange.objects.get()
    assert (change.user, change.old_value, change.new_value) == (accountant, "0.00", "5.00")


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("screen", ["income", "expenditure", "budgets", "texts"])
def test_screen_queries_do_not_grow_with_subjects(
    client, final_account, accountant, django_assert_num_queries, item_count, screen
):
    for code in ITEMS[:item_count]:
        editing.set_income(final_account, code=code, source="general_budget", amount="10", by=accountant)
        editing.set_budget(final_account, code=code, amount="10", by=accountant)
    client.force_login(accountant)
    with django_assert_num_queries(25):  # 24, and the review comments marked in the grid
        response = client.get(url(final_account, "entry-screen", screen=screen))
    assert response.status_code == 200


@pytest.mark.parametrize("item_count", [1, 3])
def test_save_queries_do_not_grow_with_subjects(
    client, final_account, accountant, django_assert_num_queries, item_count
):
    for code in ITEMS[:item_count]:
        editing.set_income(final_account, code=code, source="general_budget", amount="10", by=accountant)
    client.force_login(accountant)
    with django_assert_num_queries(37):
        post_json(
            client,
            url(final_account, "entry-save"),
            {
                "screen": "income",
                "cells": [{"name": "income|2080101|general_budget", "value": "20", "original": "10.00"}],
            },
        )


@pytest.mark.parametrize("item_count", [1, 3])
def test_workspace_queries_do_not_grow_with_subjects(
    client, final_account, accountant, django_assert_num_queries, item_count
):
    for code in ITEMS[:item_count]:
        editing.set_income(final_account, code=code, source="general_budget", amount="10", by=accountant)
    client.force_login(accountant)
    with django_assert_num_queries(24):
        client.get(reverse("accounts:workspace"))


@pytest.mark.parametrize("item_count", [1, 3])
def test_workspace_queries_do_not_grow_with_submitted_years(
    client, department, accountant, django_assert_num_queries, item_count
):
    make_final_account(department, year=2022 + item_count)  # the draft being entered
    for year in range(2022, 2022 + item_count):
        make_final_account(department, year=year, status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    with django_assert_num_queries(23):
        response = client.get(reverse("accounts:workspace"))
    rows = response.context["departments"][0]["accounts"]
    assert [(row["final_account"].year, row["errors"] is None) for row in rows] == [
        (2022 + item_count - n, n > 0) for n in range(item_count + 1)
    ]


def test_workspace_leaves_submitted_final_accounts_to_the_findings_page(client, final_account, accountant):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    client.force_login(accountant)
    [row] = client.get(reverse("accounts:workspace")).context["departments"][0]["accounts"]
    assert (row["editable"], row["errors"], row["open_warnings"]) == (False, None, None)


@pytest.mark.parametrize("item_count", [1, 3])
def test_history_queries_do_not_grow_with_changes(
    client, final_account, accountant, django_assert_num_queries, item_count
):
    for code in ITEMS[:item_count]:
        editing.set_income(final_account, code=code, source="general_budget", amount="10", by=accountant)
    client.force_login(accountant)
    with django_assert_num_queries(5):
        client.get(url(final_account, "entry-history"))


def test_save_refuses_a_cell_someone_else_saved_meanwhile(client, final_account, accountant, colleague):
    client.force_login(colleague)
    post_json(
        client,
        url(final_account, "entry-save"),
        {
            "screen": "income",
            "cells": [{"name": "income|2080101|general_budget", "value": "100", "original": ""}],
        },
    )
    client.force_login(accountant)
    data = post_json(
        client,
        url(final_account, "entry-save"),
        {
            "screen": "income",
            "cells": [{"name": "income|2080101|general_budget", "value": "200", "original": ""}],
        },
    ).json()
    assert (data["saved"], data["conflicts"], data["message"]) == (
        {},
        {
            "income|2080101|general_budget": {
                "message": "张三 已将此单元格改为 100.00 元。您的值未保存；再次保存将以您的值覆盖。",
                "current": "100.00",
            }
        },
        "已保存 0 个单元格；1 个已被他人修改，未保存。",
    )
    assert IncomeFact.objects.get().amount == Decimal("100.00")
