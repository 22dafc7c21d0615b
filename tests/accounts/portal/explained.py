"""The demo published through the workflow with every warning explained in the department's words.

The demo's self-evaluation errors keep it from being submitted, so it is marked approved, as the
workflow's own tests of published words do; publishing then runs the real gate (no unexplained warning).
"""

import io

from django.core.cache import cache
from django.core.management import call_command

from accounts import workflow
from accounts.models import Explanation, FinalAccount
from tests.builders import make_reviewer


def explain_open_warnings(final_account):
    """Explain every warning still unexplained; return how many were."""
    _errors, unexplained = workflow.open_findings(final_account)
    for number, finding in enumerate(unexplained, start=1):
        Explanation.objects.update_or_create(
            final_account=final_account,
            rule_id=finding.rule_id,
            target=finding.target,
            defaults={"text": f"该数字经部门核对无误，第{number}项情况已作说明"},
        )
    return len(unexplained)


def publish_explained(final_account, reviewer):
    """Explain the open warnings, mark approved and publish; return the PublishedVersion."""
    explain_open_warnings(final_account)
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.APPROVED)
    final_account.refresh_from_db()
    return workflow.publish(final_account, by=reviewer)


def explained_demo():
    """Load the demo unpublished, publish it explained as version 1; return (final account, reviewer)."""
    cache.clear()
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    demo = FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)
    reviewer = make_reviewer(demo.department.bureau, "reviewer-explained")
    publish_explained(demo, reviewer)
    return demo, reviewer
