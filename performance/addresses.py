"""The self-evaluation's places as addresses (accounts.addresses), for the findings of R39–R41.

``evaluation|<evaluation id>|<field>`` names a figure of one self-evaluation table: a header field
(“execution_score”, “executed”) or a row of its tree by its node key (“indicator-12”, the names the entry
screen gives its fields); ``evaluation||projects_executed`` the executed amounts of all the projects.
A label names the table and, where the rule that found it said so (`Context.names`, keyed by the
address text), the evaluation and the row: “绩效自评表/部门整体/执行率得分”.
"""

import re

from accounts.addresses import SEPARATOR, Area

AREA = "evaluation"
TABLE = "绩效自评表"
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
FIELD = re.compile(r"^[a-z_]+(-[0-9]+)?$")


def _label(parts, names, tables):
    named = names.get(SEPARATOR.join((AREA, *parts)))
    return f"{TABLE}/{named or FIELDS.get(parts[1], parts[1])}"


EVALUATION_AREA = Area(
    AREA,
    2,
    lambda parts: (parts[0] == "" or parts[0].isdigit()) and bool(FIELD.match(parts[1])),
    _label,
)
