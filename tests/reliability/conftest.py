import os
from pathlib import Path

import pytest
from django.apps import apps
from hypothesis import HealthCheck, settings

from accounts.statements import load_facts
from tests.builders import make_department, make_final_account

REFERENCE_WORKBOOK = Path(__file__).resolve().parents[1] / "fixtures" / "reference-2022-dongxihu-hrss.xlsx"

# Modest example counts keep the suite fast; no example database, so nothing is written to the tree.
# The draft and the user are function-scoped fixtures shared by the examples of one test on purpose:
# every example compares the rows before and after itself. A plain run draws the same examples every
# time, so that the suite passes or fails on the code alone; HYPOTHESIS_MAX_EXAMPLES=150 searches
# harder, with fresh random examples (about seven minutes); what it finds becomes an @example.
SEARCH_EXAMPLES = os.environ.get("HYPOTHESIS_MAX_EXAMPLES")
PROPERTIES = settings(
    max_examples=int(SEARCH_EXAMPLES or 25),
    derandomize=SEARCH_EXAMPLES is None,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def draft(bureau):
    """A draft final account of a department other than the demo's."""
    return make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )


def row_counts():
    """Return {model label: row count} of every table of the project's apps."""
    return {
        model._meta.label: model.objects.count()
        for app in ("accounts", "performance", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def saved_facts(final_account):
    """Return the stored facts of `final_account` that an import or an edit can change, as plain mappings."""
    facts = load_facts(final_account)
    return {
        "income": facts.income,
        "expenditure": facts.expenditure,
        "balances": facts.balances,
        "basic_detail": facts.basic_detail,
        "official_expenses": facts.official_expenses,
        "stated_figures": facts.stated_figures,
        "provenance": final_account.__class__.objects.get(pk=final_account.pk).provenance,
    }
