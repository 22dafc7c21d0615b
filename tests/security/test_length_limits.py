"""Length limits per kind of text, enforced on the server (accounts/inputs.py TEXT_LIMITS).

Before: a 1,000,000-character free text was saved, and previewing or publishing the account then
took longer than the worker's time limit (a 500, and an approved account with no files).
"""

import pytest
from django.core.exceptions import ValidationError

from accounts import editing, inputs, jobs, workflow
from accounts.models import FigureChange, FinalAccount, FreeText, Job, PublishedVersion, ReviewComment
from tests.security.builders import SIGN_OFF, fill_clean


def test_a_free_text_past_its_limit_is_refused_and_nothing_is_saved(final_account, accountant):
    limit = inputs.TEXT_LIMITS["free_text"]
    with pytest.raises(ValidationError) as refused:
        editing.set_free_text(final_account, key="main_functions", text="职" * 1_000_000, by=accountant)
    assert refused.value.messages == [
        f"文字说明/部门主要职能：内容共 1000000 字，超过上限 {limit} 字，请精简后重试。"
    ]
    assert (FreeText.objects.count(), FigureChange.objects.count()) == (0, 0)
    editing.set_free_text(final_account, key="main_functions", text="职" * limit, by=accountant)
    assert len(FreeText.objects.get().text) == limit


def test_reasons_comments_and_the_heads_name_have_limits(final_account, accountant, reviewer):
    fill_clean(final_account)
    with pytest.raises(ValidationError):
        workflow.submit(final_account, by=accountant, head_name="张" * 201, head_signed_on="2023-03-01")
    with pytest.raises(ValidationError):
        workflow.add_comment(final_account, by=reviewer, text="意" * 2001)
    with pytest.raises(ValidationError):
        editing.set_budget(final_account, amount="1.00", by=accountant, reason="因" * 201)
    assert ReviewComment.objects.count() == 0
    assert FinalAccount.objects.get().status == FinalAccount.Status.DRAFT
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    with pytest.raises(ValidationError):
        workflow.return_for_revision(final_account, by=reviewer, reason="退" * 2001)
    assert FinalAccount.objects.get().status == FinalAccount.Status.SUBMITTED


def test_a_render_killed_by_the_worker_time_limit_leaves_a_clear_state(
    final_account, accountant, reviewer, monkeypatch
):
    fill_clean(final_account)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)

    def killed(*args, **kwargs):
        raise SystemExit(1)  # what gunicorn's or a worker's time limit raises inside the render

    monkeypatch.setattr("accounts.publishing.render_pdf", killed)
    job, _created = jobs.start_job(
        Job.Kind.PUBLISH, key="publish-test", title="公开", owner=reviewer, final_account=final_account
    )
    job.refresh_from_db()
    from accounts.tasks import publish

    with pytest.raises(SystemExit):
        jobs.run_job(job.pk, job.task_result_id, publish)
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, "后台任务进程被停止，任务未完成，可以重试。")
    assert FinalAccount.objects.get().status == FinalAccount.Status.APPROVED
    assert PublishedVersion.objects.count() == 0
