"""Complete before submit: the content a final account's format requires, checked by the one engine.

What a format requires is data of the format (`ReportFormat.document["required_content"]`):

    "required_content": {
        "texts": ["main_functions", "unit_composition", "key_work"],
        "expected_texts": ["total_change_reason", "performance_management", …],
        "department_self_evaluation": true
    }

`texts` are the sections the disclosure cannot go without (第一部分 一/二, 第四部分 重点工作完成情况): a blank
one is an error, which blocks submission. `expected_texts` are the explanations 情况说明 normally gives: a
blank one is a warning, explained in writing when there is truly nothing to say (“本年无变动”), and all of
them can be explained together in one text. `department_self_evaluation` is checked by the rule the
performance app registers (C3, C4). A format without `required_content` requires nothing here.
Each shipped format states what its template requires (docs/formats.md). `NATIONAL_REQUIRED_CONTENT` is
the widest national requirement, every text of the national outline included (also the reasons of
二 and 三 and the 预算绩效管理 text, which the shipped national formats do not ask for): a starting point
for a format, and the requirement the completeness tests check against.
"""

from ..addresses import Address
from ..choices import FreeTextKey
from ..models import ReportFormat
from .engine import Rule, Severity
from .registry import register, register_loader

REQUIRED_CONTENT = "required_content"
NATIONAL_REQUIRED_CONTENT = {
    "texts": [FreeTextKey.MAIN_FUNCTIONS, FreeTextKey.UNIT_COMPOSITION, FreeTextKey.KEY_WORK],
    "expected_texts": [
        FreeTextKey.TOTAL_CHANGE_REASON,
        FreeTextKey.INCOME_CHANGE_REASON,
        FreeTextKey.EXPENDITURE_CHANGE_REASON,
        FreeTextKey.APPROPRIATION_CHANGE_REASON,
        FreeTextKey.GENERAL_BUDGET_CHANGE_REASON,
        FreeTextKey.OFFICIAL_EXPENSES_BUDGET_REASON,
        FreeTextKey.OFFICIAL_EXPENSES_CHANGE_REASON,
        FreeTextKey.OPERATING_COSTS_CHANGE_REASON,
        FreeTextKey.PERFORMANCE_MANAGEMENT,
    ],
    "department_self_evaluation": True,
}


def _required(document):
    return (document or {}).get(REQUIRED_CONTENT) or {}


def required_content(final_account):
    """Return what the format of `final_account` requires ({} when it states nothing).

    No query when the final account was read with its format (select_related), one otherwise.
    """
    report_format = final_account.report_format if final_account.report_format_id else None
    return _required(report_format.document if report_format is not None else None)


def required_content_many(final_accounts):
    """Return {final account id: required_content(final account)} in one query, however many accounts."""
    documents = dict(
        ReportFormat.objects.filter(pk__in={fa.report_format_id for fa in final_accounts}).values_list(
            "pk", "document"
        )
    )
    return {fa.pk: _required(documents.get(fa.report_format_id)) for fa in final_accounts}


def requirements(context):
    """Return what the checked final account's format requires (loaded once per check)."""
    return context.extra.get(REQUIRED_CONTENT) or {}


def _blank_texts(context, key):
    for value in requirements(context).get(key, ()):
        if value in FreeTextKey.values and not context.facts.free_text(FreeTextKey(value)).strip():
            yield FreeTextKey(value)


def required_texts(context, rule):
    for key in _blank_texts(context, "texts"):
        yield context.finding(
            rule, cells=[Address("text", (key.value, ""))], message=f"必填内容“{key.label}”未填写。"
        )


def expected_texts(context, rule):
    for key in _blank_texts(context, "expected_texts"):
        yield context.finding(
            rule,
            cells=[Address("text", (key.value, ""))],
            message=f"“{key.label}”未填写；如确无需说明的内容，请书面说明理由。",
        )


RULES = (
    Rule(
        "C1",
        "格式要求的必填内容未填写",
        Severity.ERROR,
        required_texts,
        source="报表格式 required_content.texts",
    ),
    Rule(
        "C2",
        "情况说明中应有的说明未填写",
        Severity.WARNING,
        expected_texts,
        source="报表格式 required_content.expected_texts",
    ),
)

register_loader(REQUIRED_CONTENT, required_content, many=required_content_many)
for _rule in RULES:
    register(_rule)
