"""Running queued tasks in a test: the real django-tasks-db worker, in this process or as a process."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker

ROOT = Path(__file__).resolve().parent.parent


def run_queued_tasks():
    """Run every task queued so far, in this process, as `manage.py db_worker --batch` does.

    The worker's housekeeping closes connections it finds inside a transaction; a test's transaction
    is one, so the housekeeping is left out here (and only here).
    """
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="in-process-test-worker",
            excluded_queue_names=[],
        ).run()


def process_environment(**extra):
    """Return the environment of a process of this project against the test database and files."""
    database = connection.settings_dict
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("other processes need a database server (run the tests on PostgreSQL)")
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SECRET_KEY": "throwaway-test-key-not-for-production",
        "SECURE_SSL_REDIRECT": "false",
        "DEBUG": "false",
        **extra,
    }


def start_process(arguments, *, log, **environment):
    """Start `python arguments…` in the project directory, its output appended to the file `log`."""
    with open(log, "ab") as output:
        return subprocess.Popen(
            [sys.executable, *arguments],
            cwd=ROOT,
            env=process_environment(**environment),
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def run_worker_batch(*, log, **environment):
    """Run `manage.py db_worker --batch` as a process: every queued task, then exit."""
    process = start_process(
        ["manage.py", "db_worker", "--batch", "--no-reload", "--no-startup-delay"], log=log, **environment
    )
    assert process.wait(timeout=300) == 0, Path(log).read_text()


def uses_database_server():
    return connection.settings_dict["ENGINE"] == "django.db.backends.postgresql"
