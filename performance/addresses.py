"""The self-evaluation's places as addresses (accounts.addresses), for the change record and R39–R41.

``evaluation|<evaluation id>|<row>|<field>`` names a field of one self-evaluation table: the row is
``evaluation`` (the table's own header fields) or a row of its tree by its node key (``goal-3``,
``indicator-12``, the names the entry screen gives its fields); an empty field names the row itself (a
row added or removed). ``evaluation|||projects_executed`` names the executed amounts of all the projects.

Labels: where the rule that found it named the place (`Context.names`, keyed by the address text), the
printed table's words (“绩效自评表/部门整体/执行率得分”); otherwise the table, the row and the field's
verbose name (“绩效自评 项目“支农返汉” · 公众满意度 · 得分（填报）”), the names of the rows taken from
`names` (keyed by node key) where given.
"""

import re

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from accounts.addresses import SEPARATOR, Area

AREA = "evaluation"
EVALUATION = "evaluation"  # the row key of a table's own header fields
TABLE = "绩效自评表"
# Figures the rules compute or compare that are no model field of their own.
FIELDS = {
    "budget": "预算数",
    "executed": "执行数",
    "basic_expenditure": "基本支出总额",
    "project_expenditure": "项目支出总额",
    "weights": "分值合计",
    "execution_rate": "执行率",
    "execution_score": "执行率得分",
    "total": "总分",
    "projects_executed": "项目执行数合计",
}
NODE = re.compile(r"evaluation|(?:goal|indicatorcategory|indicatorsubcategory|indicator)-[0-9]+")
FIELD = re.compile(r"[a-z_]+")


def _valid(parts):
    evaluation, node, field = parts
    if evaluation == "":
        return node == "" and field in FIELDS
    return (
        evaluation.isdigit() and bool(NODE.fullmatch(node)) and (field == "" or bool(FIELD.fullmatch(field)))
    )


def _verbose_name(node, field):
    model = apps.get_model("performance", node.partition("-")[0])
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a figure the rules compute (执行率得分 …), no field of the model
        return FIELDS.get(field, field)


def _label(parts, names, tables):
    named = names.get(SEPARATOR.join((AREA, *parts)))
    if named:
        return f"{TABLE}/{named}"
    evaluation, node, field = parts
    if not evaluation:
        return f"{TABLE}/{FIELDS.get(field, field)}"
    label = f"绩效自评 {names.get(f'{EVALUATION}-{evaluation}') or f'自评表{evaluation}'}"
    if node != EVALUATION:
        label += f" · {names.get(node) or node}"
    if field:
        label += f" · {_verbose_name(node, field)}"
    return label[:200]


EVALUATION_AREA = Area(AREA, 3, _valid, _label, value_type=lambda parts: "text")


def entry_key(address):
    """Return the name the entry screen gives the field of `address` (“execution_score”, “indicator-12”)."""
    _evaluation, node, field = address.parts
    return field if node in (EVALUATION, "") else node
