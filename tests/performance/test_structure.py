"""performance.editing, structure: tables and rows are added and removed under the lock, each change recorded."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import FigureChange, FinalAccount
from performance.editing import add_evaluation, add_row, remove_evaluation, remove_row
from performance.models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory, node_key
from tests.performance.builders import make_scored_project

D = Decimal
LOCKED = [FinalAccount.Status.SUBMITTED, FinalAccount.Status.APPROVED, FinalAccount.Status.PUBLISHED]
LOCKED_MESSAGES = {
    FinalAccount.Status.SUBMITTED: "2022年度区人社局部门决算 状态为“已报送”，绩效自评已锁定，不能修改。",
    FinalAccount.Status.APPROVED: "2022年度区人社局部门决算 状态为“已审核”，绩效自评已锁定，不能修改。",
    FinalAccount.Status.PUBLISHED: "2022年度区人社局部门决算 状态为“已公开”，绩效自评已锁定，不能修改。",
}


def history(final_account):
    return [
        (c.field, c.old_value, c.new_value, c.user.username if c.user else None, c.reason)
        for c in FigureChange.objects.filter(final_account=final_account).order_by("id")
    ]


def tree(evaluation):
    """The evaluation's rows as (position, what, weight) nested lists, read from the database."""
    return [
        (
            goal.position,
            goal.name,
            goal.weight,
            [
                (
                    category.position,
                    category.kind,
                    category.weight,
                    [
                        (
                            subcategory.position,
                            str(subcategory),
                            [
                                (indicator.position, indicator.name)
                                for indicator in subcategory.indicators.order_by("position")
                            ],
                        )
                        for subcategory in category.subcategories.order_by("position")
                    ],
                )
                for category in goal.categories.order_by("position")
            ],
        )
        for goal in Goal.objects.filter(evaluation=evaluation).order_by("position")
    ]


def refused(function, *args, **kwargs):
    """Call `function`, which must refuse; return its messages."""
    with pytest.raises(ValidationError) as error:
        function(*args, **kwargs)
    return error.value.messages


def lock(final_account, status):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=status)


def goal_of(evaluation):
    return Goal.objects.get(evaluation=evaluation)


def category_of(evaluation, kind):
    return IndicatorCategory.objects.get(goal__evaluation=evaluation, kind=kind)


def subcategory_of(evaluation, kind):
    return IndicatorSubcategory.objects.get(category__goal__evaluation=evaluation, kind=kind)


def indicator_named(evaluation, name):
    return Indicator.objects.get(subcategory__category__goal__evaluation=evaluation, name=name)


SKELETON = [(1, "output", None, []), (2, "effect", None, []), (3, "satisfaction", None, [])]


# --- Tables ------------------------------------------------------------------------------------------


def test_a_new_project_table_comes_last_with_a_goal_of_80_points_to_fill(final_account, accountant):
    make_scored_project(final_account)
    evaluation = add_evaluation(
        final_account, scope="project", name=" 支农返汉 ", by=accountant, reason="新年度"
    )
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert (evaluation.scope, evaluation.name, evaluation.position) == ("project", "支农返汉", 2)
    assert (evaluation.budget, evaluation.executed, evaluation.execution_weight) == (D("0"), D("0"), D("20"))
    assert tree(evaluation) == [(1, "", D("80"), SKELETON)]
    assert history(final_account) == [
        ("绩效自评 项目“支农返汉” · 新增绩效自评表", "", "支农返汉", "alice", "新年度")
    ]


def test_the_department_wide_table_comes_first_with_a_goal_to_name(final_account, accountant):
    make_scored_project(final_account)
    evaluation = add_evaluation(final_account, scope="department", by=accountant)
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    assert (evaluation.scope, evaluation.name, evaluation.position) == ("department", "", 0)
    assert (evaluation.basic_expenditure, evaluation.project_expenditure) == (None, None)
    assert tree(evaluation) == [(1, "", None, SKELETON)]
    assert history(final_account) == [
        ("绩效自评 部门整体 · 新增绩效自评表", "", "部门整体绩效自评表", "alice", "")
    ]


def test_the_first_table_of_a_new_year_is_number_one(final_account, accountant):
    evaluation = add_evaluation(final_account, scope="project", name="职业培训", by=accountant)
    assert Evaluation.objects.get(pk=evaluation.pk).position == 1


def test_a_second_department_wide_table_is_refused_before_the_constraint(final_account, accountant):
    add_evaluation(final_account, scope="department", by=accountant)
    assert refused(add_evaluation, final_account, scope="department", by=accountant) == [
        "本部门决算已有部门整体绩效自评表，每个部门决算只有一张。"
    ]
    assert Evaluation.objects.filter(final_account=final_account).count() == 1
    assert len(history(final_account)) == 1


@pytest.mark.parametrize(
    ("scope", "name", "message"),
    [
        ("project", "", "请填写项目名称。"),
        ("project", "   ", "请填写项目名称。"),
        ("project", "职业培训", "本部门决算已有项目“职业培训”的绩效自评表。"),
        ("department", "职业培训", "部门整体绩效自评表不填项目名称。"),
        ("whole", "", "评价范围“whole”无效。"),
    ],
)
def test_a_table_with_bad_input_is_refused(final_account, accountant, scope, name, message):
    make_scored_project(final_account)
    assert refused(add_evaluation, final_account, scope=scope, name=name, by=accountant) == [message]
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["职业培训"]
    assert history(final_account) == []


def test_a_project_name_too_long_saves_nothing(final_account, accountant):
    messages = refused(add_evaluation, final_account, scope="project", name="项" * 201, by=accountant)
    assert len(messages) == 1 and messages[0].startswith("项目名称：")
    assert "200" in messages[0]
    assert (Evaluation.objects.count(), Goal.objects.count(), history(final_account)) == (0, 0, [])


@pytest.mark.parametrize("status", LOCKED)
def test_no_table_is_added_or_removed_once_locked(final_account, accountant, status):
    project = make_scored_project(final_account)
    lock(final_account, status)
    assert refused(add_evaluation, final_account, scope="project", name="支农返汉", by=accountant) == [
        LOCKED_MESSAGES[status]
    ]
    assert refused(remove_evaluation, project, by=accountant) == [LOCKED_MESSAGES[status]]
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["职业培训"]
    assert history(final_account) == []


def test_removing_a_table_removes_its_tree_and_records_it(final_account, accountant):
    project = make_scored_project(final_account, indicators=3)
    other = make_scored_project(final_account, position=2, name="就业援助")
    remove_evaluation(project, by=accountant, reason="重复录入")
    assert list(Evaluation.objects.values_list("name", flat=True)) == ["就业援助"]
    assert Goal.objects.count() == 1
    assert sorted(Indicator.objects.values_list("name", flat=True)) == ["培训人数1", "服务对象满意度"]
    assert {indicator.subcategory.category.goal.evaluation_id for indicator in Indicator.objects.all()} == {
        other.pk
    }
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 删除绩效自评表", "职业培训", "", "alice", "重复录入")
    ]


def test_the_department_wide_table_can_be_added_again_once_removed(final_account, accountant):
    department_wide = add_evaluation(final_account, scope="department", by=accountant)
    remove_evaluation(department_wide, by=accountant)
    again = add_evaluation(final_account, scope="department", by=accountant)
    assert Evaluation.objects.get(pk=again.pk).position == 0
    assert [field for field, *_rest in history(final_account)] == [
        "绩效自评 部门整体 · 新增绩效自评表",
        "绩效自评 部门整体 · 删除绩效自评表",
        "绩效自评 部门整体 · 新增绩效自评表",
    ]


# --- Adding rows -------------------------------------------------------------------------------------


def test_an_indicator_is_added_after_its_siblings(final_account, accountant):
    project = make_scored_project(final_account, indicators=2)
    quantity = subcategory_of(project, "quantity")
    indicator = add_row(project, node_key(quantity), name=" 培训合格率 ", by=accountant, reason="补录")
    assert (indicator.subcategory_id, indicator.position, indicator.name, indicator.weight) == (
        quantity.pk,
        3,
        "培训合格率",
        None,
    )
    assert [(i.position, i.name) for i in quantity.indicators.order_by("position")] == [
        (1, "培训人数1"),
        (2, "培训人数2"),
        (3, "培训合格率"),
    ]
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 数量指标 · 新增三级指标", "", "培训合格率", "alice", "补录")
    ]


def test_a_subcategory_is_added_under_a_category(final_account, accountant):
    project = make_scored_project(final_account)
    output = category_of(project, "output")
    quality = add_row(project, node_key(output), kind="quality", by=accountant)
    other = add_row(project, node_key(output), kind="other", label="话务接通率", by=accountant)
    assert [(s.position, s.kind, s.label) for s in output.subcategories.order_by("position")] == [
        (1, "quantity", ""),
        (2, "quality", ""),
        (3, "other", "话务接通率"),
    ]
    assert (quality.position, other.position, str(other)) == (2, 3, "话务接通率")
    assert [(field, new) for field, _old, new, *_rest in history(final_account)] == [
        ("绩效自评 项目“职业培训” · 产出指标 · 新增二级指标", "质量指标"),
        ("绩效自评 项目“职业培训” · 产出指标 · 新增二级指标", "话务接通率"),
    ]


def test_a_category_is_added_under_a_goal(final_account, accountant):
    project = make_scored_project(final_account)
    effect = add_row(project, node_key(goal_of(project)), kind="effect", by=accountant)
    assert (effect.kind, effect.position, effect.weight) == ("effect", 3, None)
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 年度绩效目标 1 · 新增一级指标", "", "效益指标", "alice", ""),
    ]


def test_a_goal_of_the_department_wide_table_holds_the_first_categories(final_account, accountant):
    department_wide = add_evaluation(final_account, scope="department", by=accountant)
    goal = add_row(department_wide, "evaluation", name="全力确保就业局势稳定", by=accountant)
    assert tree(department_wide) == [(1, "", None, SKELETON), (2, "全力确保就业局势稳定", None, SKELETON)]
    assert goal.position == 2
    assert history(final_account)[1:] == [
        ("绩效自评 部门整体 · 新增年度绩效目标", "", "全力确保就业局势稳定", "alice", ""),
    ]


@pytest.mark.parametrize(
    ("parent", "fields", "message"),
    [
        ("evaluation", {"name": "第二个目标"}, "项目绩效自评表只有一个年度绩效目标，不能再新增。"),
        ("goal", {"kind": "output"}, "年度绩效目标1中已有产出指标。"),
        ("goal", {"kind": ""}, "请选择一级指标。"),
        ("goal", {"kind": "bogus"}, "一级指标“bogus”无效。"),
        ("output", {"kind": "quantity"}, "产出指标中已有数量指标。"),
        ("output", {"kind": "social"}, "社会效益指标不属于产出指标，请选择其他二级指标或“其他”。"),
        ("output", {"kind": "other"}, "二级指标选“其他”时须填写表中名称。"),
        ("output", {"kind": "other", "label": "   "}, "二级指标选“其他”时须填写表中名称。"),
        ("satisfaction", {"kind": "satisfaction"}, "满意度指标中已有服务对象满意度指标。"),
        ("quantity", {"name": ""}, "请填写三级指标名称。"),
        ("indicator", {"name": "下级"}, "三级指标之下不能再新增指标。"),
    ],
)
def test_a_row_with_bad_input_is_refused_and_nothing_is_saved(
    final_account, accountant, parent, fields, message
):
    project = make_scored_project(final_account)
    keys = {
        "evaluation": "evaluation",
        "goal": node_key(goal_of(project)),
        "output": node_key(category_of(project, "output")),
        "satisfaction": node_key(category_of(project, "satisfaction")),
        "quantity": node_key(subcategory_of(project, "quantity")),
        "indicator": node_key(indicator_named(project, "培训人数1")),
    }
    before = tree(project)
    assert refused(add_row, project, keys[parent], by=accountant, **fields) == [message]
    assert tree(project) == before
    assert history(final_account) == []


def test_a_name_too_long_saves_nothing(final_account, accountant):
    project = make_scored_project(final_account)
    before = tree(project)
    messages = refused(
        add_row, project, node_key(subcategory_of(project, "quantity")), name="指" * 201, by=accountant
    )
    assert len(messages) == 1 and messages[0].startswith("三级指标：")
    assert (tree(project), history(final_account)) == (before, [])


def test_a_row_of_another_table_is_refused(final_account, accountant):
    project = make_scored_project(final_account)
    other = make_scored_project(final_account, position=2, name="就业援助")
    key = node_key(subcategory_of(other, "quantity"))
    assert refused(add_row, project, key, name="培训合格率", by=accountant) == [
        f"“{key}”不是本绩效自评表中的指标。"
    ]
    assert refused(remove_row, project, key, by=accountant) == [f"“{key}”不是本绩效自评表中的指标。"]
    assert [i.name for i in subcategory_of(other, "quantity").indicators.all()] == ["培训人数1"]
    assert history(final_account) == []


@pytest.mark.parametrize("status", LOCKED)
def test_no_row_is_added_or_removed_once_locked(final_account, accountant, status):
    project = make_scored_project(final_account)
    lock(final_account, status)
    before = tree(project)
    quantity = node_key(subcategory_of(project, "quantity"))
    assert refused(add_row, project, quantity, name="培训合格率", by=accountant) == [LOCKED_MESSAGES[status]]
    assert refused(remove_row, project, quantity, by=accountant) == [LOCKED_MESSAGES[status]]
    assert tree(project) == before
    assert history(final_account) == []


# --- Removing rows -----------------------------------------------------------------------------------


def test_removing_an_indicator_moves_the_following_ones_up(final_account, accountant):
    project = make_scored_project(final_account, indicators=3)
    quantity = subcategory_of(project, "quantity")
    parent = remove_row(
        project, node_key(indicator_named(project, "培训人数1")), by=accountant, reason="重复"
    )
    assert parent == quantity
    assert [(i.position, i.name) for i in quantity.indicators.order_by("position")] == [
        (1, "培训人数2"),
        (2, "培训人数3"),
    ]
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 数量指标 · 删除三级指标", "培训人数1", "", "alice", "重复")
    ]


def test_removing_a_category_removes_what_is_below_it(final_account, accountant):
    project = make_scored_project(final_account, indicators=2)
    goal = goal_of(project)
    parent = remove_row(project, node_key(category_of(project, "output")), by=accountant)
    assert parent == goal
    assert tree(project) == [
        (1, "", D("80"), [(1, "satisfaction", D("30"), [(1, "服务对象满意度指标", [(1, "服务对象满意度")])])])
    ]
    assert IndicatorSubcategory.objects.filter(kind="quantity").count() == 0
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 年度绩效目标 1 · 删除一级指标", "产出指标", "", "alice", "")
    ]


def test_removing_a_subcategory_removes_its_indicators(final_account, accountant):
    project = make_scored_project(final_account, indicators=2)
    remove_row(project, node_key(subcategory_of(project, "quantity")), by=accountant)
    assert list(Indicator.objects.values_list("name", flat=True)) == ["服务对象满意度"]
    assert history(final_account) == [
        ("绩效自评 项目“职业培训” · 产出指标 · 删除二级指标", "数量指标", "", "alice", "")
    ]


def test_a_goal_of_the_department_wide_table_is_removed_and_the_next_renumbered(final_account, accountant):
    department_wide = add_evaluation(final_account, scope="department", by=accountant)
    first = goal_of(department_wide)
    add_row(department_wide, "evaluation", name="稳步提高社会保障水平", by=accountant)
    parent = remove_row(department_wide, node_key(first), by=accountant)
    assert parent == department_wide
    assert tree(department_wide) == [(1, "稳步提高社会保障水平", None, SKELETON)]
    assert history(final_account)[-1] == (
        "绩效自评 部门整体 · 删除年度绩效目标",
        "年度绩效目标 1",
        "",
        "alice",
        "",
    )


def test_the_goal_of_a_project_table_and_the_table_itself_are_not_rows_to_remove(final_account, accountant):
    project = make_scored_project(final_account)
    before = tree(project)
    assert refused(remove_row, project, node_key(goal_of(project)), by=accountant) == [
        "项目绩效自评表的年度绩效目标不能删除。"
    ]
    assert refused(remove_row, project, "evaluation", by=accountant) == [
        "整张绩效自评表须在绩效自评列表中删除。"
    ]
    assert tree(project) == before
    assert history(final_account) == []
