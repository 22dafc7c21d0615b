"""Editing self-evaluations: the only way their figures and texts change, each change recorded.

Like accounts/editing.py for the facts: the final account is locked and must be editable (draft or
returned), every changed field is written with a FigureChange row (who, when, old and new value, reason)
in the same transaction, and a change that breaks a constraint saves nothing.

Changes are given as {node key: {field: value}} with values already parsed (Decimal, str, bool, None):
the key “evaluation” names the table itself, “goal-3”, “indicatorcategory-5”, “indicatorsubcategory-8”
and “indicator-12” the rows of its tree (models.node_key).

The structure changes here too, under the same lock and with the same record: a table is added to a final
account or removed from it, a row is added under a row or removed with everything below it.

Each change is recorded with the address of what changed, in the area “evaluation” this app registers with
accounts.addresses (`EVALUATION_AREA`, registered from apps.ready): ``evaluation|<evaluation id>|<row>|<field>``,
the row “evaluation” (the table itself) or a node key of its tree, the field one an entry screen may change,
“subjects”, or blank for the row itself (added or removed).
"""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from accounts.addresses import Address
from accounts.editing import EDITABLE_STATUSES
from accounts.models import FigureChange, FinalAccount

from .addresses import EVALUATION, EVALUATION_AREA
from .models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory, node_key
from .queries import evaluations_for_scoring
from .rules import node_label

# The fields an entry screen may change, per kind of row; structure (kinds, positions) is not edited here.
EDITABLE_FIELDS = {
    "evaluation": (
        "reporting_unit",
        "name",
        "short_name",
        "supervising_department",
        "implementing_unit",
        "project_category",
        "project_nature",
        "project_type",
        "is_confidential",
        "budget",
        "executed",
        "execution_weight",
        "basic_expenditure",
        "project_expenditure",
        "stated_execution_rate",
        "stated_execution_score",
        "stated_total",
        "outcomes",
        "deviation_reasons",
        "improvement_measures",
    ),
    "goal": ("name", "weight"),
    "indicatorcategory": ("weight",),
    "indicatorsubcategory": ("label", "weight"),
    "indicator": (
        "name",
        "weight",
        "target_text",
        "actual_text",
        "target_value",
        "actual_value",
        "unit",
        "direction",
        "achievement",
        "stated_score",
    ),
}

ZERO = Decimal("0.00")
# The official project form prints its one goal as “年度绩效目标 (80 分)”, next to 20 分 for the execution rate.
PROJECT_GOAL_WEIGHT = Decimal("80")
# The 一级指标 a new goal starts with: those of nearly every printed table, the user fills in the rest.
CategoryKind = IndicatorCategory.Kind
FIRST_CATEGORIES = (CategoryKind.OUTPUT, CategoryKind.EFFECT, CategoryKind.SATISFACTION)
Sub = IndicatorSubcategory.Kind
# The 二级指标 that belong to each 一级指标 (项目支出绩效评价指标体系); “其他” fits anywhere, named by its label.
SUBCATEGORY_KINDS = {
    CategoryKind.OUTPUT: (Sub.QUANTITY, Sub.QUALITY, Sub.TIMELINESS, Sub.COST, Sub.OTHER),
    CategoryKind.COST: (Sub.COST, Sub.OTHER),
    CategoryKind.EFFECT: (Sub.ECONOMIC, Sub.SOCIAL, Sub.ECOLOGICAL, Sub.SUSTAINABILITY, Sub.OTHER),
    CategoryKind.SATISFACTION: (Sub.SATISFACTION, Sub.OTHER),
}
# The rows directly below a row, by its model name (the prefetched relation of performance.queries.TREE).
CHILDREN = {
    "evaluation": "goals",
    "goal": "categories",
    "indicatorcategory": "subcategories",
    "indicatorsubcategory": "indicators",
}


def node_address(evaluation, node, field=""):
    """Return the Address of `field` of the row `node` of `evaluation` (the row itself without a field)."""
    key = EVALUATION if node is evaluation or isinstance(node, Evaluation) else node_key(node)
    return Address(EVALUATION_AREA.name, (str(evaluation.pk), key, field))


def _names(evaluation, *nodes):
    names = {f"{EVALUATION}-{evaluation.pk}": _place(evaluation)}
    names |= {node_key(node): str(node) for node in nodes if not isinstance(node, Evaluation)}
    return names


def tree_nodes(evaluation):
    """Return {node key: row} for the evaluation and every row of its (prefetched) tree, in printed order."""
    nodes = {EVALUATION: evaluation}
    for goal in evaluation.goals.all():
        nodes[node_key(goal)] = goal
        for category in goal.categories.all():
            nodes[node_key(category)] = category
            for subcategory in category.subcategories.all():
                nodes[node_key(subcategory)] = subcategory
                for indicator in subcategory.indicators.all():
                    nodes[node_key(indicator)] = indicator
    return nodes


def apply_changes(evaluation, changes):
    """Set `changes` on the in-memory rows of `evaluation` and return [(row, field, old, new)] that differ.

    Saves nothing: the entry screen's live preview scores the changed rows, update_evaluation saves them.
    Raises ValidationError for a key outside this evaluation or a field that may not be edited.
    """
    nodes = tree_nodes(evaluation)
    applied = []
    for key, fields in changes.items():
        node = nodes.get(key)
        if node is None:
            raise ValidationError(f"“{key}”不是本绩效自评表中的指标。", code="unknown_node")
        allowed = EDITABLE_FIELDS[node._meta.model_name]
        for field, new in fields.items():
            if field not in allowed:
                raise ValidationError(f"“{field}”不能在此修改。", code="not_editable")
            old = getattr(node, field)
            if old == new:
                continue
            setattr(node, field, new)
            applied.append((node, field, old, new))
    return applied


@transaction.atomic
def update_evaluation(evaluation, *, changes, by, subjects=None, reason=""):
    """Apply `changes` to `evaluation` and its tree, recording each changed field; return the FigureChanges.

    `subjects`, when given, is the new set of item subjects (FunctionalSubject) the project is paid from.
    Effects: locks the final account (select_for_update) and refuses it unless it is a draft or returned;
    re-reads the tree inside the lock so that old values are current; validates every changed row
    (constraints included) and raises ValidationError({node key: messages}) without saving anything when
    one fails; saves each changed row with update_fields; writes one FigureChange per changed field.
    """
    return save_evaluation(evaluation, changes=changes, by=by, subjects=subjects, reason=reason)[0]


@transaction.atomic
def save_evaluation(evaluation, *, changes, by, originals=None, subjects=None, reason=""):
    """Save what one person changed in the entry form; return (the FigureChanges, the conflicts).

    `originals` ({node key: {field: value}}, "subjects" under the key “evaluation” as a set of codes) are
    the values the form showed when it was opened. A field whose stored value is no longer its original
    was saved by someone else meanwhile: it is not written but returned in the conflicts, {node key:
    {field: message naming who changed it and its value now}}, like a cell of the entry grids, so that
    a second save never silently reverts the first one's field; saving again (the form now shows the
    other value) overwrites it knowingly. Fields without an original are written as update_evaluation
    writes them. Otherwise as update_evaluation.
    """
    final_account, evaluation = _locked_tree(evaluation)
    conflicts = {}
    if originals:
        changes, subjects, conflicts = _without_conflicts(evaluation, changes, subjects, originals)
    applied = apply_changes(evaluation, changes)
    changed = {}
    for node, field, _old, _new in applied:
        changed.setdefault(node, []).append(field)
    errors = {}
    for node in changed:
        try:
            node.full_clean()
        except ValidationError as error:
            errors[EVALUATION if node is evaluation else node_key(node)] = error.messages
    if errors:
        raise ValidationError(errors)
    for node, fields in changed.items():
        node.save(update_fields=fields)
    records = [
        FigureChange(
            final_account=final_account,
            user=by,
            address=str(node_address(evaluation, node, field)),
            field=_label(evaluation, node, field),
            old_value=_text(old),
            new_value=_text(new),
            reason=reason,
        )
        for node, field, old, new in applied
    ]
    if subjects is not None:
        old_codes = sorted(subject.code for subject in evaluation.subjects.all())
        new_codes = sorted(subject.code for subject in subjects)
        if old_codes != new_codes:
            evaluation.subjects.set(subjects)
            records.append(
                FigureChange(
                    final_account=final_account,
                    user=by,
                    address=str(node_address(evaluation, evaluation, "subjects")),
                    field=_label(evaluation, evaluation, "subjects"),
                    old_value="、".join(old_codes),
                    new_value="、".join(new_codes),
                    reason=reason,
                )
            )
    return FigureChange.objects.bulk_create(records), conflicts


def _without_conflicts(evaluation, changes, subjects, originals):
    """Return (changes, subjects, conflicts): what may be written, and what someone else saved meanwhile."""
    nodes = tree_nodes(evaluation)
    conflicting = []
    kept = {}
    for key, fields in changes.items():
        node = nodes.get(key)
        for field, new in fields.items():
            known = originals.get(key, {})
            if node is not None and field in known:
                stored = getattr(node, field)
                if stored != known[field] and stored != new:
                    conflicting.append((key, node, field, stored))
                    continue
            kept.setdefault(key, {})[field] = new
    if subjects is not None and "subjects" in originals.get(EVALUATION, {}):
        stored = {subject.code for subject in evaluation.subjects.all()}
        wanted = {subject.code for subject in subjects}
        if stored != originals[EVALUATION]["subjects"] and stored != wanted:
            conflicting.append((EVALUATION, evaluation, "subjects", "、".join(sorted(stored))))
            subjects = None
    return kept, subjects, _conflict_messages(evaluation, conflicting)


def _conflict_messages(evaluation, conflicting):
    """Return {node key: {field: “张三 已将此项改为 X。您的修改未保存……”}}: who saved each field last (one query)."""
    if not conflicting:
        return {}
    addresses = {str(node_address(evaluation, node, field)) for _key, node, field, _stored in conflicting}
    last = {}
    for change in (
        FigureChange.objects.filter(final_account_id=evaluation.final_account_id, address__in=addresses)
        .select_related("user")
        .order_by("-at", "-id")
    ):
        last.setdefault(change.address, change)
    messages = {}
    for key, node, field, stored in conflicting:
        change = last.get(str(node_address(evaluation, node, field)))
        who = "他人"
        if change is not None and change.user is not None:
            who = change.user.get_full_name() or change.user.get_username()
        label = node._meta.get_field(field).verbose_name if field != "subjects" else "列支的项级科目"
        shown = _text(stored) or "空"
        place = _place(evaluation) if node is evaluation else f"“{node}”"
        messages.setdefault(key, {})[field] = (
            f"{who} 已将{place}的{label}改为 {shown}。您的修改未保存；再次保存将以您的值覆盖。"
        )
    return messages


def locked_message(final_account):
    """Return why the self-evaluations of a final account that is not a draft or returned cannot change."""
    return f"{final_account} 状态为“{final_account.get_status_display()}”，绩效自评已锁定，不能修改。"


def _editable_final_account(pk):
    """Lock the final account (select_for_update) and return it; raise ValidationError unless it is editable."""
    final_account = FinalAccount.objects.select_for_update().get(pk=pk)
    if final_account.status not in EDITABLE_STATUSES:
        raise ValidationError(locked_message(final_account), code="locked")
    return final_account


def _locked_tree(evaluation):
    """Lock and check the final account of `evaluation`; return it and the evaluation, its tree read in the lock.

    Raises ValidationError when the evaluation was removed meanwhile (another window, another user).
    """
    final_account = _editable_final_account(evaluation.final_account_id)
    loaded = evaluations_for_scoring(final_account).filter(pk=evaluation.pk).first()
    if loaded is None:
        raise ValidationError("该绩效自评表已被删除。", code="gone")
    return final_account, loaded


@transaction.atomic
def add_evaluation(final_account, *, scope, by, name="", reason=""):
    """Add a 自评表 to `final_account` and return it: a project's, named `name`, or the department-wide one.

    A new table is a form to fill in: budget and executed amount 0, and one goal holding the 一级指标 产出指标,
    效益指标 and 满意度指标 without weights. A project table's goal is the unnamed “年度绩效目标 (80 分)” of the
    official form; the department-wide table's goal is named by the user. A project table comes after the
    others; the department-wide table comes first (position 0), as printed.
    Effects: locks the final account and refuses it unless it is a draft or returned; refuses an unknown scope,
    a blank or already used project name, a name for the department-wide table and a second department-wide
    table (ValidationError, nothing saved); writes one FigureChange.
    """
    final_account = _editable_final_account(final_account.pk)
    scope = _kind(Evaluation.Scope, scope, "评价范围")
    name = name.strip()
    tables = list(Evaluation.objects.filter(final_account=final_account).only("scope", "name", "position"))
    if scope == Evaluation.Scope.DEPARTMENT:
        if name:
            raise ValidationError("部门整体绩效自评表不填项目名称。", code="not_a_project")
        if any(table.is_department_wide for table in tables):
            raise ValidationError(
                "本部门决算已有部门整体绩效自评表，每个部门决算只有一张。", code="duplicate"
            )
        position = 0 if all(table.position for table in tables) else _next_position(tables)
    else:
        if not name:
            raise ValidationError("请填写项目名称。", code="required")
        if any(not table.is_department_wide and table.name == name for table in tables):
            raise ValidationError(f"本部门决算已有项目“{name}”的绩效自评表。", code="duplicate")
        position = _next_position(tables)
    evaluation = _create(
        Evaluation(
            final_account=final_account, scope=scope, name=name, position=position, budget=ZERO, executed=ZERO
        )
    )
    _create_goal(
        evaluation, position=1, weight=None if evaluation.is_department_wide else PROJECT_GOAL_WEIGHT
    )
    FigureChange.objects.create(
        final_account=final_account,
        user=by,
        address=str(node_address(evaluation, evaluation)),
        field=_structure_label(evaluation, "新增"),
        old_value="",
        new_value=_table_name(evaluation),
        reason=reason,
    )
    return evaluation


@transaction.atomic
def remove_evaluation(evaluation, *, by, reason=""):
    """Remove a 自评表 with its whole tree (the rows below cascade).

    Effects: locks the final account and refuses it unless it is a draft or returned; writes one FigureChange
    naming the table, so that the history keeps what was removed.
    """
    final_account = _editable_final_account(evaluation.final_account_id)
    evaluation = Evaluation.objects.filter(final_account=final_account, pk=evaluation.pk).first()
    if evaluation is None:
        raise ValidationError("该绩效自评表已被删除。", code="gone")
    record = FigureChange(
        final_account=final_account,
        user=by,
        address=str(node_address(evaluation, evaluation)),
        field=_structure_label(evaluation, "删除"),
        old_value=_table_name(evaluation),
        new_value="",
        reason=reason,
    )
    evaluation.delete()
    record.save()


def addable_kinds(node):
    """Return the kinds a new row under `node` may take, reading its prefetched children.

    Under a goal, the 一级指标 it does not have yet (one of each kind); under a 一级指标, the 二级指标 that
    belong to it and are not there yet, and always “其他” (told apart by its label). Other rows take named
    children, or none: an empty tuple.
    """
    if isinstance(node, Goal):
        used = {category.kind for category in node.categories.all()}
        return tuple(kind for kind in IndicatorCategory.Kind if kind not in used)
    if isinstance(node, IndicatorCategory):
        used = {subcategory.kind for subcategory in node.subcategories.all()}
        return tuple(kind for kind in SUBCATEGORY_KINDS[node.kind] if kind == Sub.OTHER or kind not in used)
    return ()


@transaction.atomic
def add_row(evaluation, parent_key, *, by, kind="", name="", label="", reason=""):
    """Add a row under the row `parent_key` of `evaluation` (“evaluation” for the table itself) and return it.

    Under the table, a 年度绩效目标 named `name` (may be left blank) holding 产出指标, 效益指标 and 满意度指标;
    only the department-wide table has several, a project table has exactly one. Under a goal, a 一级指标 of
    `kind`, one of each kind. Under a 一级指标, a 二级指标 of `kind` that belongs to it, once per kind except
    “其他”, which needs `label` (given for another kind, it is the table's own wording). Under a 二级指标, a
    三级指标 named `name`. The new row comes after its siblings; its weight and figures are left blank.
    Effects: locks the final account and refuses it unless it is a draft or returned; refuses a key outside
    this table, a 三级指标 as parent, an unknown or already used kind and a missing name or label
    (ValidationError with the reason, nothing saved); writes one FigureChange.
    """
    final_account, evaluation = _locked_tree(evaluation)
    parent = _node(evaluation, parent_key)
    position = _next_position(child_rows(parent))
    if isinstance(parent, Evaluation):
        if not evaluation.is_department_wide:
            raise ValidationError("项目绩效自评表只有一个年度绩效目标，不能再新增。", code="single_goal")
        row = _create_goal(evaluation, position=position, name=name.strip())
    elif isinstance(parent, Goal):
        kind = _kind(IndicatorCategory.Kind, kind, "一级指标")
        if kind not in addable_kinds(parent):
            raise ValidationError(f"{node_label(parent)}中已有{kind.label}。", code="duplicate")
        row = _create(IndicatorCategory(goal=parent, kind=kind, position=position))
    elif isinstance(parent, IndicatorCategory):
        kind = _kind(Sub, kind, "二级指标")
        if kind not in SUBCATEGORY_KINDS[parent.kind]:
            raise ValidationError(
                f"{kind.label}不属于{parent}，请选择其他二级指标或“其他”。", code="wrong_kind"
            )
        if kind not in addable_kinds(parent):
            raise ValidationError(f"{parent}中已有{kind.label}。", code="duplicate")
        label = label.strip()
        if kind == Sub.OTHER and not label:
            raise ValidationError("二级指标选“其他”时须填写表中名称。", code="required")
        row = _create(IndicatorSubcategory(category=parent, kind=kind, label=label, position=position))
    elif isinstance(parent, IndicatorSubcategory):
        name = name.strip()
        if not name:
            raise ValidationError("请填写三级指标名称。", code="required")
        row = _create(Indicator(subcategory=parent, name=name, position=position))
    else:
        raise ValidationError("三级指标之下不能再新增指标。", code="no_children")
    FigureChange.objects.create(
        final_account=final_account,
        user=by,
        address=str(node_address(evaluation, row)),
        field=_structure_label(evaluation, "新增", row, parent),
        old_value="",
        new_value=str(row),
        reason=reason,
    )
    return row


@transaction.atomic
def remove_row(evaluation, key, *, by, reason=""):
    """Remove the row `key` of `evaluation` with every row below it; return the row above (the table, for a goal).

    The following siblings move up, so that positions stay 1, 2, 3 … and the printed 年度绩效目标n follow on.
    Effects: locks the final account and refuses it unless it is a draft or returned; refuses a key outside
    this table, the table itself (remove_evaluation removes it) and a project table's only goal
    (ValidationError, nothing saved); writes one FigureChange naming the removed row.
    """
    final_account, evaluation = _locked_tree(evaluation)
    if key == EVALUATION:
        raise ValidationError("整张绩效自评表须在绩效自评列表中删除。", code="not_a_row")
    row = _node(evaluation, key)
    if isinstance(row, Goal) and not evaluation.is_department_wide:
        raise ValidationError("项目绩效自评表的年度绩效目标不能删除。", code="single_goal")
    parent = next(node for node in tree_nodes(evaluation).values() if row in child_rows(node))
    remaining = [sibling for sibling in child_rows(parent) if sibling != row]
    record = FigureChange(
        final_account=final_account,
        user=by,
        address=str(node_address(evaluation, row)),
        field=_structure_label(evaluation, "删除", row, parent),
        old_value=str(row),
        new_value="",
        reason=reason,
    )
    row.delete()
    # In ascending order each row moves to a place that is free already (unique per parent and position).
    for position, sibling in enumerate(remaining, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    record.save()
    return parent


def _kind(choices, value, label):
    """Return `value` as a member of `choices`, or raise ValidationError: “请选择一级指标。”, “一级指标“x”无效。”."""
    if not value:
        raise ValidationError(f"请选择{label}。", code="required")
    try:
        return choices(value)
    except ValueError:
        raise ValidationError(f"{label}“{value}”无效。", code="invalid_choice") from None


def _node(evaluation, key):
    """Return the row `key` of the evaluation's tree (the evaluation itself for “evaluation”), else refuse it."""
    node = tree_nodes(evaluation).get(key)
    if node is None:
        raise ValidationError(f"“{key}”不是本绩效自评表中的指标。", code="unknown_node")
    return node


def child_rows(node):
    """Return the rows directly below `node` (the evaluation, a goal, …), prefetched, in printed order."""
    relation = CHILDREN.get(node._meta.model_name)
    return list(getattr(node, relation).all()) if relation else []


def _next_position(siblings):
    return max((sibling.position for sibling in siblings), default=0) + 1


def _create(row):
    """Validate a new row (fields and constraints) and save it; the messages name the field (“三级指标：…”)."""
    try:
        row.full_clean()
    except ValidationError as error:
        raise ValidationError(
            [
                message
                if field == NON_FIELD_ERRORS
                else f"{row._meta.get_field(field).verbose_name}：{message}"
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        ) from None
    row.save()
    return row


def _create_goal(evaluation, *, position, name="", weight=None):
    """Create a goal of `evaluation` holding the first 一级指标 (产出、效益、满意度), without weights."""
    goal = _create(Goal(evaluation=evaluation, position=position, name=name, weight=weight))
    IndicatorCategory.objects.bulk_create(
        IndicatorCategory(goal=goal, kind=kind, position=number)
        for number, kind in enumerate(FIRST_CATEGORIES, start=1)
    )
    return goal


def _place(evaluation):
    return "部门整体" if evaluation.is_department_wide else f"项目“{evaluation.name}”"


def _table_name(evaluation):
    return "部门整体绩效自评表" if evaluation.is_department_wide else evaluation.name


def _label(evaluation, node, field):
    """Return what changed, as the history lists it: “绩效自评 项目“支农返汉” · 公众满意度 · 得分（填报）”."""
    return node_address(evaluation, node, field).label(names=_names(evaluation, node))


def _structure_label(evaluation, action, row=None, parent=None):
    """Return the history's name of a structure change: “绩效自评 项目“支农返汉” · 数量指标 · 新增三级指标”.

    `action` is “新增” or “删除”; without a row, the table itself was added or removed.
    """
    place = _place(evaluation)
    if parent is not None and not isinstance(parent, Evaluation):
        place += f" · {parent}"
    what = (row or evaluation)._meta.verbose_name
    return f"绩效自评 {place} · {action}{what}"[:200]


def _text(value):
    return "" if value is None else str(value)
