from dataclasses import dataclass

import pytest

from accounts import editing, workflow
from accounts.models import FinalAccount
from accounts.rules.engine import Severity, check_final_account
from accounts.rules.explanations import save_explanation
from performance.models import Evaluation
from tests.builders import make_department, make_final_account
from tests.performance.builders import make_evaluation

from .builders import fill_clean, publish

# Written only into drafts; no response to anyone outside the departments and their bureau may hold it.
MARKER = "草稿标记DRAFTONLY7391"
MARKER_AMOUNT = "9876543.21"  # 987.65 万元; no published figure comes near it


def write_marker(final_account, *, by):
    """Write MARKER into a free text, an explanation, a comment and a self-evaluation, and MARKER_AMOUNT as a figure.

    The amount exceeds the year-start budget, so rule P2 warns and the warning gets MARKER as its explanation.
    """
    editing.set_free_text(final_account, key="main_functions", text=f"主要职能：{MARKER}", by=by)
    editing.set_income(final_account, code="2080102", source="general_budget", amount=MARKER_AMOUNT, by=by)
    editing.set_expenditure(
        final_account, code="2080102", fund="general_budget", kind="project", amount=MARKER_AMOUNT, by=by
    )
    warning = next(f for f in check_final_account(final_account) if f.severity == Severity.WARNING)
    save_explanation(
        final_account, rule_id=warning.rule_id, target=warning.target, text=f"说明：{MARKER}", by=by
    )
    workflow.add_comment(final_account, by=None, text=f"意见：{MARKER}")
    position = Evaluation.objects.filter(final_account=final_account).count() + 1
    make_evaluation(final_account, position=position, name=f"项目{MARKER}", outcomes=f"成效：{MARKER}")


@dataclass
class World:
    published: FinalAccount  # version 1 published; version 2 is a correction in progress holding the marker
    draft: FinalAccount  # another department's draft, never published, holding the marker
    next_year: FinalAccount  # the published department's next year, a draft holding the marker
    evaluations: list


@pytest.fixture
def world(final_account, accountant, reviewer):
    """A bureau with one published final account (and its correction in progress) and two drafts, all marked."""
    fill_clean(final_account)
    # A project evaluated and not spent on (a budget, nothing executed): filled in, so C4 is silent.
    make_evaluation(final_account, name="已公开的项目", budget="100.00", executed="0.00")
    publish(final_account, accountant=accountant, reviewer=reviewer)
    workflow.open_correction(final_account, by=accountant, reason="更正职能说明")
    final_account.refresh_from_db()
    write_marker(final_account, by=accountant)

    draft = make_final_account(
        make_department(
            final_account.department.bureau,
            slug="draftonly",
            name="武汉市东西湖区未公开局",
            short_name="区未公开局",
        )
    )
    fill_clean(draft)
    write_marker(draft, by=None)

    next_year = make_final_account(final_account.department, year=2023)
    write_marker(next_year, by=accountant)
    return World(
        published=final_account,
        draft=draft,
        next_year=next_year,
        evaluations=list(Evaluation.objects.order_by("pk")),
    )
