"""The entry screens: who may see and edit, saving through performance.editing, live preview, query counts."""

from decimal import Decimal

import pytest

from accounts.models import FigureChange, FinalAccount
from performance.forms import EvaluationEntry
from performance.models import Evaluation, Indicator, node_key
from performance.queries import evaluations_for_scoring
from tests.performance.builders import make_scored_project

D = Decimal


def detail(evaluation):
    return f"/performance/{evaluation.pk}/"


def form_data(evaluation, **overrides):
    """Return the POST data of the entry form as first shown, with `overrides` ({html name: value})."""
    evaluation = evaluations_for_scoring(evaluation.final_account).get(pk=evaluation.pk)
    data = {}
    for _key, form in EvaluationEntry(evaluation).forms():
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form[name].html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(overrides)
    return data


def performance_changes():
    return FigureChange.objects.filter(field__startswith="绩效自评").order_by("id")


def indicator_key(evaluation, name):
    return node_key(Indicator.objects.get(subcategory__category__goal__evaluation=evaluation, name=name))


# --- Who may see and edit ----------------------------------------------------------------------------


def test_an_accountant_of_the_department_gets_the_editable_tree_form(client, accountant, project):
    client.force_login(accountant)
    response = client.get(detail(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-preview-url="/performance/{project.pk}/preview/"' in html
    assert 'name="evaluation-stated_execution_score" value="16"' in html
    assert f'name="{indicator_key(project, "培训人数1")}-stated_score" value="9"' in html
    assert "按备注2：9分" in html
    assert "得分合计9分／分值50分" in html
    assert " disabled" not in html


def test_a_reviewer_of_the_bureau_reads_the_form_without_editing(client, reviewer, project):
    client.force_login(reviewer)
    response = client.get(detail(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-preview-url=""' in html
    assert 'name="evaluation-stated_total" value="53" min="0" step="0.01" disabled' in html
    assert "只读：只有本部门会计可以修改。" in html
    assert client.post(f"{detail(project)}update/", form_data(project)).status_code == 404
    assert client.post(f"{detail(project)}preview/", form_data(project)).status_code == 404


@pytest.mark.parametrize("path", ["", "update/", "preview/"])
def test_outsiders_get_a_404(client, other_department_accountant, other_bureau_reviewer, project, path):
    for outsider in (other_department_accountant, other_bureau_reviewer):
        client.force_login(outsider)
        method = client.get if path == "" else client.post
        assert method(f"{detail(project)}{path}").status_code == 404


def test_outsiders_do_not_see_the_list(client, other_department_accountant, project):
    client.force_login(other_department_accountant)
    assert client.get(f"/performance/final-accounts/{project.final_account_id}/").status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, project):
    response = client.get(detail(project))
    assert (response.status_code, response.url) == (302, f"/login/?next={detail(project)}")


@pytest.mark.parametrize(
    "status", [FinalAccount.Status.SUBMITTED, FinalAccount.Status.APPROVED, FinalAccount.Status.PUBLISHED]
)
def test_a_locked_final_account_is_read_only_for_its_accountant(client, accountant, project, status):
    data = form_data(project, **{"evaluation-stated_total": "52"})
    FinalAccount.objects.filter(pk=project.final_account_id).update(status=status)
    client.force_login(accountant)
    response = client.get(detail(project))
    assert response.status_code == 200
    assert "绩效自评已锁定" in response.content.decode()
    response = client.post(f"{detail(project)}update/", data, follow=True)
    assert response.redirect_chain == [(detail(project), 302)]
    status_label = FinalAccount.Status(status).label
    assert [str(m) for m in response.context["messages"]] == [
        f"2022年度区人社局部门决算 状态为“{status_label}”，绩效自评已锁定，不能修改。"
    ]
    assert Evaluation.objects.get(pk=project.pk).stated_total == D("53.00")
    assert list(performance_changes()) == []


def test_the_list_shows_every_table_with_its_figures(client, accountant, project):
    make_scored_project(project.final_account, position=2, name="就业援助", stated_total=D("54"))
    client.force_login(accountant)
    response = client.get(f"/performance/final-accounts/{project.final_account_id}/")
    assert response.status_code == 200
    assert [
        (row["label"], row["rate"], row["stated_total"], row["suggested_total"], row["findings"])
        for row in response.context["rows"]
    ] == [
        ("项目“职业培训”", "80.00%", "53", "53", 0),
        ("项目“就业援助”", "80.00%", "54", "53", 1),
    ]


# --- Saving ------------------------------------------------------------------------------------------


def test_saving_records_each_change_and_redirects(client, accountant, project):
    client.force_login(accountant)
    key = indicator_key(project, "培训人数1")
    response = client.post(
        f"{detail(project)}update/",
        form_data(
            project,
            **{
                f"{key}-stated_score": "8",
                "evaluation-stated_total": "52",
                "evaluation-reason": "复核",
            },
        ),
    )
    assert (response.status_code, response.url) == (302, detail(project))
    assert [(c.field, c.old_value, c.new_value, c.reason) for c in performance_changes()] == [
        ("绩效自评 项目“职业培训” · 总分（填报）", "53.00", "52", "复核"),
        ("绩效自评 项目“职业培训” · 培训人数1 · 得分（填报）", "9.00", "8", "复核"),
    ]


def test_amounts_are_typed_in_the_entry_unit(client, accountant, project):
    FinalAccount.objects.filter(pk=project.final_account_id).update(entry_unit=FinalAccount.EntryUnit.WANYUAN)
    client.force_login(accountant)
    data = form_data(project, **{"evaluation-executed": "79.55"})
    assert data["evaluation-budget"] == "100"
    assert client.post(f"{detail(project)}update/", data).status_code == 302
    assert Evaluation.objects.get(pk=project.pk).executed == D("795500.00")


def test_input_that_does_not_parse_is_shown_again_and_nothing_is_saved(client, accountant, project):
    client.force_login(accountant)
    key = indicator_key(project, "培训人数1")
    response = client.post(
        f"{detail(project)}update/",
        form_data(
            project,
            **{
                f"{key}-stated_score": "九分",
                "evaluation-stated_total": "52",
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["form_errors"] == ["得分（填报）：输入一个数字。"]
    assert list(performance_changes()) == []


def test_a_broken_constraint_is_shown_next_to_its_row(client, accountant, project):
    client.force_login(accountant)
    key = indicator_key(project, "服务对象满意度")
    response = client.post(f"{detail(project)}update/", form_data(project, **{f"{key}-target_value": "90"}))
    assert response.status_code == 400
    row = next(row for row in response.context["rows"] if row.key == key)
    assert row.form.non_field_errors() == ["定量指标须填写指标方向；定性指标不填数值、单位和方向。"]
    assert list(performance_changes()) == []


# --- Live preview ------------------------------------------------------------------------------------


def test_the_preview_suggests_scores_and_warns_without_saving(client, accountant, project):
    client.force_login(accountant)
    key = indicator_key(project, "培训人数1")
    response = client.post(
        f"{detail(project)}preview/",
        form_data(
            project,
            **{
                f"{key}-actual_value": "95",
                "evaluation-stated_execution_score": "17",
            },
        ),
    )
    assert response.status_code == 200
    payload = response.json()
    assert (payload["notes"][key], payload["fills"][key]) == ("按备注2：9.5分", "9.5")
    assert payload["fills"]["execution_score"] == "16"
    assert payload["findings"] == {
        "execution_score": [
            {
                "severity": "error",
                "severity_label": "错误",
                "message": "项目“职业培训”：执行数800,000.00元÷预算数1,000,000.00元＝80.00%，20分×80.00%＝16分，"
                "执行率得分应为16分，填报17分",
            }
        ],
        key: [
            {
                "severity": "error",
                "severity_label": "错误",
                "message": "项目“职业培训”：“培训人数1”完成值95人÷目标值100人（正向）＝95%，得分应为10分×95%＝9.5分，填报9分",
            }
        ],
        "total": [
            {
                "severity": "error",
                "severity_label": "错误",
                "message": "项目“职业培训”：执行率得分17分＋各三级指标得分37分＝54分，填报总分53分",
            }
        ],
    }
    assert (payload["general"], payload["errors"]) == ([], {})
    assert Evaluation.objects.get(pk=project.pk).stated_execution_score == D("16.00")
    assert list(performance_changes()) == []


def test_the_preview_reports_input_that_does_not_parse(client, accountant, project):
    client.force_login(accountant)
    response = client.post(
        f"{detail(project)}preview/", form_data(project, **{"evaluation-budget": "一百万"})
    )
    assert response.json()["errors"] == {"evaluation": ["预算数 A（元）：“一百万”不是有效的金额。"]}


# --- Query counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_form_takes_the_same_queries_whatever_the_number_of_tables_and_indicators(
    client, accountant, final_account, django_assert_num_queries, item_count
):
    evaluations = [
        make_scored_project(final_account, position=n, name=f"项目{n}", indicators=item_count)
        for n in range(1, item_count + 1)
    ]
    client.force_login(accountant)
    with django_assert_num_queries(25):
        response = client.get(detail(evaluations[0]))
    assert len(response.context["rows"]) == 6 + item_count


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_preview_takes_the_same_queries_whatever_the_number_of_tables_and_indicators(
    client, accountant, final_account, django_assert_num_queries, item_count
):
    evaluations = [
        make_scored_project(final_account, position=n, name=f"项目{n}", indicators=item_count)
        for n in range(1, item_count + 1)
    ]
    client.force_login(accountant)
    data = form_data(evaluations[0])
    with django_assert_num_queries(23):
        response = client.post(f"{detail(evaluations[0])}preview/", data)
    assert response.json()["findings"] == {}


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_list_takes_the_same_queries_whatever_the_number_of_tables(
    client, accountant, final_account, django_assert_num_queries, item_count
):
    for n in range(1, item_count + 1):
        make_scored_project(final_account, position=n, name=f"项目{n}", indicators=item_count)
    client.force_login(accountant)
    with django_assert_num_queries(24):
        response = client.get(f"/performance/final-accounts/{final_account.pk}/")
    assert len(response.context["rows"]) == item_count
