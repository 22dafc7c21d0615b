"""Faults: a database error in the middle of an import, an edit or a publication; a PDF that cannot be rendered.

The database errors are real: the database itself is made to refuse new rows of one table (a CHECK
constraint on PostgreSQL, a trigger on SQLite), or a domain function raises DatabaseError after its
own rows were written, as a lost connection would. Nothing may be left half-written: not a row, not a
stored file.
"""

import pytest
from django.db import DatabaseError, IntegrityError, connection

from accounts import editing, workflow
from accounts.document import pdf
from accounts.importing import applying
from accounts.models import (
    FigureChange,
    FinalAccount,
    FunctionalSubject,
    Job,
    PrintedCell,
    PublishedCell,
    PublishedVersion,
    Transition,
)
from tests.accounts.importing.test_layouts import renamed_subject
from tests.accounts.importing.workbooks import edited
from tests.security.builders import SIGN_OFF, fill_clean
from tests.workers import run_queued_tasks

from .conftest import REFERENCE_WORKBOOK, row_counts, saved_facts

Status = FinalAccount.Status


def refuse_new_rows(model):
    """Make the database refuse every new row of `model`'s table until the test's transaction ends."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE refuses a table with deferred foreign-key checks pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT test_refuses_new_rows CHECK (false) NOT VALID"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute(
                f"CREATE TRIGGER test_refuses_new_rows BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*") if path.is_file())


@pytest.fixture
def draft_with_figures(draft, accountant):
    editing.set_income(draft, code="2080101", source="general_budget", amount="100.00", by=accountant)
    editing.set_free_text(draft, key="main_functions", text="职能", by=accountant)
    return draft


def test_a_constraint_violation_at_the_last_write_of_an_import_undoes_all_of_it(
    draft_with_figures, accountant
):
    # The workbook's unknown subject is accepted, so the import creates a subject, replaces the facts
    # and records the changes before it reaches the printed cells, which the database refuses.
    refuse_new_rows(PrintedCell)
    before, facts_before = row_counts(), saved_facts(draft_with_figures)
    with pytest.raises(IntegrityError):
        applying.apply_import(
            draft_with_figures, edited(renamed_subject), by=accountant, accept_new_subjects=True
        )
    assert (row_counts(), saved_facts(draft_with_figures)) == (before, facts_before)
    assert FunctionalSubject.objects.filter(edition=2022, code="2080198").exists() is False


def test_a_database_error_after_the_facts_were_written_undoes_the_import(
    draft_with_figures, accountant, monkeypatch
):
    written = []

    def replace_then_fail(final_account, *args, **kwargs):
        replace_table_facts(final_account, *args, **kwargs)
        written.append(final_account.income_facts.count())
        raise DatabaseError("server closed the connection unexpectedly")

    replace_table_facts = editing.replace_table_facts
    monkeypatch.setattr(editing, "replace_table_facts", replace_then_fail)
    before, facts_before = row_counts(), saved_facts(draft_with_figures)
    with pytest.raises(DatabaseError):
        applying.apply_import(draft_with_figures, REFERENCE_WORKBOOK.read_bytes(), by=accountant)
    assert written == [19]  # the reference workbook's income facts were in the table when it failed
    assert (row_counts(), saved_facts(draft_with_figures)) == (before, facts_before)


def test_a_database_error_recording_a_change_leaves_the_figure_as_it_was(draft_with_figures, accountant):
    refuse_new_rows(FigureChange)
    before, facts_before = row_counts(), saved_facts(draft_with_figures)
    with pytest.raises(IntegrityError):
        editing.set_income(
            draft_with_figures, code="2080101", source="general_budget", amount="250.00", by=accountant
        )
    assert (row_counts(), saved_facts(draft_with_figures)) == (before, facts_before)


@pytest.fixture
def approved(final_account, accountant, reviewer):
    fill_clean(final_account)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    return final_account


def unpublished(final_account, media_root):
    final_account.refresh_from_db()
    return (
        final_account.status,
        final_account.disclosure_date,
        PublishedVersion.objects.count(),
        Transition.objects.filter(to_status=Status.PUBLISHED).count(),
        stored_files(media_root),
    )


def test_a_database_error_while_recording_a_publication_leaves_no_row_and_no_file(
    approved, reviewer, media_root
):
    # The frozen files and the version's row are written before its cells, which the database refuses.
    refuse_new_rows(PublishedCell)
    with pytest.raises(IntegrityError):
        workflow.publish(approved, by=reviewer)
    assert unpublished(approved, media_root) == (Status.APPROVED, None, 0, 0, [])


def test_a_pdf_that_cannot_be_rendered_leaves_the_account_approved_with_a_clear_error(
    client, approved, reviewer, media_root, monkeypatch
):
    # A stylesheet missing from the deployment: WeasyPrint is handed no source and fails.
    monkeypatch.setattr(pdf, "STYLESHEETS", ("css/document.css", "css/missing-print.css"))
    client.force_login(reviewer)
    response = client.post("/review/dongxihu/hrss/2022/publish/")
    job = Job.objects.get(kind=Job.Kind.PUBLISH)
    assert (response.status_code, response.headers["Location"]) == (302, f"/jobs/{job.pk}/")
    run_queued_tasks()
    job.refresh_from_db()
    assert (job.state, job.error) == (
        Job.State.FAILED,
        "生成公开文件（网页、PDF、数据）失败，未公开：TypeError。请联系系统管理员。",
    )
    assert "生成公开文件（网页、PDF、数据）失败" in client.get(f"/jobs/{job.pk}/").content.decode()
    assert unpublished(approved, media_root) == (Status.APPROVED, None, 0, 0, [])
    assert client.get("/dongxihu/hrss/2022/").status_code == 404
