"""The screens that change the structure: tables on the list page, rows through the buttons of the tree form."""

from decimal import Decimal

import pytest

from accounts.models import FinalAccount
from performance.editing import add_evaluation
from performance.models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory, node_key
from tests.performance.builders import make_scored_project
from tests.performance.test_views import detail, form_data, indicator_key, performance_changes

D = Decimal


def list_page(final_account):
    return f"/performance/final-accounts/{final_account.pk}/"


def update(evaluation):
    return f"{detail(evaluation)}update/"


def delete(evaluation):
    return f"{detail(evaluation)}delete/"


def shown(response):
    return [str(message) for message in response.context["messages"]]


def changes():
    return [(c.field, c.old_value, c.new_value, c.reason) for c in performance_changes()]


def goal_key(evaluation):
    return node_key(Goal.objects.get(evaluation=evaluation, position=1))


def subcategory_key(evaluation, kind):
    return node_key(IndicatorSubcategory.objects.get(category__goal__evaluation=evaluation, kind=kind))


def locked_message(status):
    return f"2022年度区人社局部门决算 状态为“{FinalAccount.Status(status).label}”，绩效自评已锁定，不能修改。"


LOCKED = [FinalAccount.Status.SUBMITTED, FinalAccount.Status.APPROVED, FinalAccount.Status.PUBLISHED]


# --- Tables on the list page -------------------------------------------------------------------------


def test_an_accountant_adds_the_first_project_table_of_a_year_and_lands_on_it(
    client, accountant, final_account
):
    client.force_login(accountant)
    html = client.get(list_page(final_account)).content.decode()
    assert "本部门决算尚无绩效自评表。" in html
    assert ">新增项目绩效自评表</button>" in html and ">新增部门整体绩效自评表</button>" in html
    response = client.post(f"{list_page(final_account)}add/", {"scope": "project", "name": "支农返汉"})
    evaluation = Evaluation.objects.get(final_account=final_account)
    assert (response.status_code, response.url) == (302, f"/performance/{evaluation.pk}/")
    page = client.get(response.url)
    assert shown(page) == ["已新增项目“支农返汉”绩效自评表，请填写预算数、执行数和各项指标。"]
    assert [(row.kind, row.label) for row in page.context["rows"]] == [
        ("goal", "年度绩效目标1"),
        ("category", "产出指标"),
        ("category", "效益指标"),
        ("category", "满意度指标"),
    ]
    html = page.content.decode()
    assert 'name="evaluation-name" value="支农返汉"' in html
    assert f'name="{goal_key(evaluation)}-weight" value="80"' in html
    assert changes() == [("绩效自评 项目“支农返汉” · 新增绩效自评表", "", "支农返汉", "")]


def test_the_department_wide_table_is_offered_until_there_is_one(client, accountant, project):
    client.force_login(accountant)
    response = client.post(f"{list_page(project.final_account)}add/", {"scope": "department"})
    department_wide = Evaluation.objects.get(final_account=project.final_account, scope="department")
    assert response.url == f"/performance/{department_wide.pk}/"
    page = client.get(list_page(project.final_account))
    # The new table has no figures yet: 预算数 and 执行数 blank (0), no rate, no stated total, 0 by the rules.
    assert [
        (
            row["label"],
            row["budget"],
            row["executed"],
            row["rate"],
            row["stated_total"],
            row["suggested_total"],
        )
        for row in page.context["rows"]
    ] == [
        ("部门整体", "", "", "—", "—", "0"),
        ("项目“职业培训”", "100.00", "80.00", "80.00%", "53", "53"),
    ]
    html = page.content.decode()
    assert ">新增项目绩效自评表</button>" in html
    assert ">新增部门整体绩效自评表</button>" not in html
    # A second one, posted from a page opened before the first was added, is refused with the reason.
    response = client.post(f"{list_page(project.final_account)}add/", {"scope": "department"})
    assert response.status_code == 400
    assert "本部门决算已有部门整体绩效自评表，每个部门决算只有一张。" in response.content.decode()
    assert Evaluation.objects.filter(final_account=project.final_account).count() == 2


def test_a_project_table_without_a_name_is_refused_on_the_list(client, accountant, project):
    client.force_login(accountant)
    response = client.post(f"{list_page(project.final_account)}add/", {"scope": "project", "name": "  "})
    assert response.status_code == 400
    assert "<li>请填写项目名称。</li>" in response.content.decode()
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["职业培训"]


def test_a_refused_name_is_kept_in_its_field(client, accountant, project):
    client.force_login(accountant)
    response = client.post(
        f"{list_page(project.final_account)}add/", {"scope": "project", "name": "职业培训"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "本部门决算已有项目“职业培训”的绩效自评表。" in html
    assert 'id="new-project-name" maxlength="200" required value="职业培训"' in html


def test_readers_and_outsiders_cannot_add_or_delete_tables(
    client, reviewer, other_department_accountant, project
):
    client.force_login(reviewer)
    html = client.get(list_page(project.final_account)).content.decode()
    assert ">新增项目绩效自评表</button>" not in html
    assert delete(project) not in html
    for person in (reviewer, other_department_accountant):
        client.force_login(person)
        assert (
            client.post(
                f"{list_page(project.final_account)}add/", {"scope": "project", "name": "新项目"}
            ).status_code
            == 404
        )
        assert client.get(delete(project)).status_code == 404
        assert client.post(delete(project)).status_code == 404
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["职业培训"]
    assert changes() == []


@pytest.mark.parametrize("status", LOCKED)
def test_a_locked_final_account_takes_no_new_table_and_says_why(client, accountant, project, status):
    FinalAccount.objects.filter(pk=project.final_account_id).update(status=status)
    client.force_login(accountant)
    html = client.get(list_page(project.final_account)).content.decode()
    assert ">新增项目绩效自评表</button>" not in html
    assert delete(project) not in html
    response = client.post(f"{list_page(project.final_account)}add/", {"scope": "project", "name": "新项目"})
    assert response.status_code == 400
    assert locked_message(status) in response.content.decode()
    response = client.post(delete(project), follow=True)
    assert response.redirect_chain == [(list_page(project.final_account), 302)]
    assert shown(response) == [locked_message(status)]
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["职业培训"]


def test_deleting_a_table_asks_first_then_removes_it(client, accountant, project):
    client.force_login(accountant)
    assert f'href="{delete(project)}"' in client.get(list_page(project.final_account)).content.decode()
    page = client.get(delete(project))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>删除项目“职业培训”绩效自评表？</h1>" in html
    # make_scored_project: one goal, 培训人数1 and 服务对象满意度; 预算 100 万元, 执行 80 万元.
    assert "将一并删除其 1 个年度绩效目标、2 项三级指标，以及预算数 100.00 万元、执行数 80.00 万元" in html
    assert Evaluation.objects.filter(pk=project.pk).exists()
    response = client.post(delete(project), {"reason": "已并入就业补助资金"}, follow=True)
    assert response.redirect_chain == [(list_page(project.final_account), 302)]
    assert shown(response) == ["已删除项目“职业培训”绩效自评表。"]
    assert "本部门决算尚无绩效自评表。" in response.content.decode()
    assert (Evaluation.objects.count(), Indicator.objects.count()) == (0, 0)
    assert changes() == [("绩效自评 项目“职业培训” · 删除绩效自评表", "职业培训", "", "已并入就业补助资金")]


def test_a_deletion_reason_too_long_deletes_nothing(client, accountant, project):
    client.force_login(accountant)
    response = client.post(delete(project), {"reason": "因" * 201})
    assert response.status_code == 400
    assert Evaluation.objects.filter(pk=project.pk).exists()
    assert changes() == []


# --- Rows through the tree form ----------------------------------------------------------------------


def test_the_tree_form_offers_the_buttons_a_project_table_allows(client, accountant, project):
    client.force_login(accountant)
    html = client.get(detail(project)).content.decode()
    goal = goal_key(project)
    # 产出指标 and 满意度指标 are there: 成本指标 and 效益指标 are left to add.
    assert (
        f'<select name="{goal}-add_kind" aria-label="新增一级指标的类别"><option value="cost">成本指标</option>'
        '<option value="effect">效益指标</option></select>'
    ) in html
    assert f'value="remove:{goal}"' not in html
    assert 'value="add:evaluation"' not in html
    indicator = indicator_key(project, "培训人数1")
    assert (
        f'value="remove:{indicator}" class="structure-remove" aria-label="删除三级指标“培训人数1”" '
        'data-confirm="删除三级指标“培训人数1”？删除会记入修改记录。"'
    ) in html
    quantity = subcategory_key(project, "quantity")
    assert f'name="{quantity}-add_name"' in html and f'value="add:{quantity}"' in html
    # Enter in a field presses the first submit button of the form: 保存, never a structure button.
    assert html.index('class="implicit-submit"') < html.index('name="structure"')


def test_the_department_wide_table_offers_goals_to_add_and_remove(client, accountant, final_account):
    department_wide = add_evaluation(final_account, scope="department", by=accountant)
    client.force_login(accountant)
    html = client.get(detail(department_wide)).content.decode()
    assert 'name="evaluation-add_name"' in html and 'value="add:evaluation"' in html
    assert (
        f'value="remove:{goal_key(department_wide)}" class="structure-remove" aria-label="删除年度绩效目标1" '
        'data-confirm="删除年度绩效目标1及其下的全部指标？删除会记入修改记录。"'
    ) in html
    response = client.post(
        update(department_wide),
        form_data(
            department_wide,
            **{
                "structure": "add:evaluation",
                "evaluation-add_name": "稳步提高社会保障水平",
            },
        ),
    )
    goal = Goal.objects.get(evaluation=department_wide, position=2)
    assert response.url == f"{detail(department_wide)}#row-{node_key(goal)}"
    assert goal.name == "稳步提高社会保障水平"
    assert list(goal.categories.values_list("kind", flat=True)) == ["output", "effect", "satisfaction"]
    assert shown(client.get(detail(department_wide))) == ["已新增年度绩效目标2“稳步提高社会保障水平”。"]
    response = client.post(
        update(department_wide),
        form_data(
            department_wide,
            **{
                "structure": f"remove:{goal_key(department_wide)}",
            },
        ),
    )
    assert response.url == f"{detail(department_wide)}#row-evaluation"
    page = client.get(detail(department_wide))
    assert shown(page) == ["已删除年度绩效目标1。"]
    assert 'id="row-evaluation"' in page.content.decode()
    assert list(Goal.objects.filter(evaluation=department_wide).values_list("position", "name")) == [
        (1, "稳步提高社会保障水平"),
    ]


def test_adding_an_indicator_saves_what_was_typed_with_it(client, accountant, project):
    client.force_login(accountant)
    quantity = subcategory_key(project, "quantity")
    key = indicator_key(project, "培训人数1")
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                f"{key}-stated_score": "8",
                "evaluation-reason": "补录",
                "structure": f"add:{quantity}",
                f"{quantity}-add_name": "培训合格率",
            },
        ),
    )
    new = Indicator.objects.get(name="培训合格率")
    assert (response.status_code, response.url) == (302, f"{detail(project)}#row-indicator-{new.pk}")
    assert (node_key(new.subcategory), new.position) == (quantity, 2)
    assert changes() == [
        ("绩效自评 项目“职业培训” · 培训人数1 · 得分（填报）", "9.00", "8", "补录"),
        ("绩效自评 项目“职业培训” · 数量指标 · 新增三级指标", "", "培训合格率", "补录"),
    ]
    page = client.get(detail(project))
    assert shown(page) == ["已保存 1 处修改。已新增三级指标“培训合格率”。"]
    assert f'id="row-indicator-{new.pk}"' in page.content.decode()


def test_removing_an_indicator_saves_what_was_typed_with_it(client, accountant, project):
    client.force_login(accountant)
    key = indicator_key(project, "培训人数1")
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                "evaluation-stated_total": "44",
                "structure": f"remove:{key}",
            },
        ),
    )
    assert response.url == f"{detail(project)}#row-{subcategory_key(project, 'quantity')}"
    assert not Indicator.objects.filter(name="培训人数1").exists()
    assert Evaluation.objects.get(pk=project.pk).stated_total == D("44.00")
    assert changes() == [
        ("绩效自评 项目“职业培训” · 总分（填报）", "53.00", "44", ""),
        ("绩效自评 项目“职业培训” · 数量指标 · 删除三级指标", "培训人数1", "", ""),
    ]
    assert shown(client.get(detail(project))) == ["已保存 1 处修改。已删除三级指标“培训人数1”。"]


def test_a_category_and_a_subcategory_are_added_with_the_kind_chosen(client, accountant, project):
    client.force_login(accountant)
    goal = goal_key(project)
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                "structure": f"add:{goal}",
                f"{goal}-add_kind": "effect",
            },
        ),
    )
    effect = IndicatorCategory.objects.get(goal__evaluation=project, kind="effect")
    assert response.url == f"{detail(project)}#row-{node_key(effect)}"
    assert shown(client.get(detail(project))) == ["已新增一级指标“效益指标”。"]
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                "structure": f"add:{node_key(effect)}",
                f"{node_key(effect)}-add_kind": "other",
                f"{node_key(effect)}-add_label": "话务接通率",
            },
        ),
    )
    other = IndicatorSubcategory.objects.get(category=effect)
    assert response.url == f"{detail(project)}#row-{node_key(other)}"
    assert (other.kind, other.label) == ("other", "话务接通率")
    assert [field for field, *_values in changes()] == [
        "绩效自评 项目“职业培训” · 年度绩效目标 1 · 新增一级指标",
        "绩效自评 项目“职业培训” · 效益指标 · 新增二级指标",
    ]


def test_with_errors_in_the_form_nothing_is_added_and_the_typed_name_stays(client, accountant, project):
    client.force_login(accountant)
    quantity = subcategory_key(project, "quantity")
    key = indicator_key(project, "培训人数1")
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                f"{key}-stated_score": "九分",
                "evaluation-stated_total": "52",
                "structure": f"add:{quantity}",
                f"{quantity}-add_name": "培训合格率",
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["form_errors"] == [
        "新增未执行：表中有错误，请改正后再试。",
        "得分（填报）：输入一个数字。",
    ]
    assert f'name="{quantity}-add_name" value="培训合格率"' in response.content.decode()
    assert not Indicator.objects.filter(name="培训合格率").exists()
    assert changes() == []


def test_a_row_of_another_table_is_refused_and_nothing_is_saved(client, accountant, project):
    other = make_scored_project(project.final_account, position=2, name="就业援助")
    client.force_login(accountant)
    foreign = subcategory_key(other, "quantity")
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                "evaluation-stated_total": "52",
                "structure": f"add:{foreign}",
                f"{foreign}-add_name": "培训合格率",
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["form_errors"] == [f"新增未执行：“{foreign}”不是本绩效自评表中的指标。"]
    assert not Indicator.objects.filter(name="培训合格率").exists()
    assert Evaluation.objects.get(pk=project.pk).stated_total == D("53.00")
    assert changes() == []


@pytest.mark.parametrize(
    ("structure", "kind", "message"),
    [
        ("add:{goal}", "bogus", "新增未执行：一级指标“bogus”无效。"),
        ("add:{goal}", "output", "新增未执行：年度绩效目标1中已有产出指标。"),
        ("add:evaluation", "", "新增未执行：项目绩效自评表只有一个年度绩效目标，不能再新增。"),
        ("remove:{goal}", "", "删除未执行：项目绩效自评表的年度绩效目标不能删除。"),
        ("remove:evaluation", "", "删除未执行：整张绩效自评表须在绩效自评列表中删除。"),
        ("explode:{goal}", "", "“explode:{goal}”不是有效的新增或删除操作。"),
    ],
)
def test_forged_structure_buttons_are_refused_and_nothing_is_saved(
    client, accountant, project, structure, kind, message
):
    client.force_login(accountant)
    goal = goal_key(project)
    response = client.post(
        update(project),
        form_data(
            project,
            **{
                "evaluation-stated_total": "52",
                "structure": structure.format(goal=goal),
                f"{goal}-add_kind": kind,
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["form_errors"] == [message.format(goal=goal)]
    assert list(
        IndicatorCategory.objects.filter(goal__evaluation=project).values_list("kind", flat=True)
    ) == [
        "output",
        "satisfaction",
    ]
    assert Evaluation.objects.get(pk=project.pk).stated_total == D("53.00")
    assert changes() == []


def test_readers_and_outsiders_get_no_buttons_and_cannot_post_them(
    client, reviewer, other_department_accountant, project
):
    data = form_data(project, **{"structure": f"remove:{indicator_key(project, '培训人数1')}"})
    client.force_login(reviewer)
    html = client.get(detail(project)).content.decode()
    assert 'name="structure"' not in html and "implicit-submit" not in html
    for person in (reviewer, other_department_accountant):
        client.force_login(person)
        assert client.post(update(project), data).status_code == 404
    assert Indicator.objects.filter(name="培训人数1").exists()
    assert changes() == []


@pytest.mark.parametrize("status", LOCKED)
def test_a_locked_final_account_shows_no_buttons_and_refuses_them(client, accountant, project, status):
    data = form_data(project, **{"structure": f"remove:{indicator_key(project, '培训人数1')}"})
    FinalAccount.objects.filter(pk=project.final_account_id).update(status=status)
    client.force_login(accountant)
    assert 'name="structure"' not in client.get(detail(project)).content.decode()
    response = client.post(update(project), data, follow=True)
    assert response.redirect_chain == [(detail(project), 302)]
    assert shown(response) == [locked_message(status)]
    assert Indicator.objects.filter(name="培训人数1").exists()
    assert changes() == []
