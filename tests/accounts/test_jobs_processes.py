"""Jobs and the shared cache across real processes: a worker (`manage.py db_worker`) publishing while
the test watches, a worker killed mid-publication, and two app servers on one Redis.

These start processes against the test database, so they need PostgreSQL (./scripts/test.sh).
"""

import json
import shutil
import signal
import socket
import subprocess
import textwrap
import time
import urllib.request

import pytest
import redis
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from accounts import editing, jobs, workflow
from accounts.models import FinalAccount, Job, PublishedVersion, Transition
from accounts.open_data.caching import clear_caches
from accounts.reference_data import load_shipped_reference_data
from config.settings import cache_from_url
from tests.builders import make_accountant, make_bureau, make_department, make_final_account, make_reviewer
from tests.security.builders import SIGN_OFF, fill_clean
from tests.workers import run_worker_batch, start_process, uses_database_server

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not uses_database_server(), reason="other processes need a database server"),
]

CASE = "/review/dongxihu/hrss/2022/"
PUBLIC = "/dongxihu/hrss/2022/"
Status = FinalAccount.Status


@pytest.fixture
def people(settings):
    """An approved clean final account, its accountant and reviewer; the database cache, as deployed."""
    settings.CACHES = {"default": cache_from_url("db://juesuan_cache")}
    call_command("createcachetable", verbosity=0)
    clear_caches()  # the table outlives the flush between tests
    load_shipped_reference_data(2022)
    department = make_department(make_bureau())
    final_account = make_final_account(department)
    fill_clean(final_account)
    accountant, reviewer = make_accountant(department), make_reviewer(department.bureau)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    final_account.refresh_from_db()
    return final_account, accountant, reviewer


def wait_for(condition, *, timeout=60, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"still not so after {timeout} s: {condition}")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_publishing_answers_at_once_shows_progress_and_the_worker_publishes(client, people, tmp_path):
    final_account, _accountant, reviewer = people
    client.get(PUBLIC)  # nothing published: a 404, nothing cached
    client.force_login(reviewer)
    started = time.monotonic()
    response = client.post(CASE + "publish/")
    assert time.monotonic() - started < 2  # no rendering in the request
    job = Job.objects.get()
    assert response.headers["Location"] == f"/jobs/{job.pk}/"
    assert PublishedVersion.objects.count() == 0
    assert client.get(f"/jobs/{job.pk}/status/").json()["state"] == "queued"

    worker = start_process(
        ["manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        log=tmp_path / "worker.log",
        JOB_HEARTBEAT_SECONDS="1",
    )
    try:
        seen = []

        def finished():
            status = client.get(f"/jobs/{job.pk}/status/").json()
            if (status["state"], status["progress"], status["step"]) not in seen:
                seen.append((status["state"], status["progress"], status["step"]))
            return not status["open"]

        wait_for(finished, timeout=120)
    finally:
        stop(worker)
    assert ("running", 10, "正在生成网页、PDF 和数据文件") in seen, seen
    assert seen[-1] == ("succeeded", 100, "已公开第1版"), (seen, (tmp_path / "worker.log").read_text())
    assert PublishedVersion.objects.get().number == 1
    client.logout()
    assert "第1版" in client.get(PUBLIC).content.decode()


# A worker whose publication stops, for as long as it takes to kill it, inside the transaction that
# records the version: its files are stored and its rows written, nothing is committed yet.
STALLING_WORKER = textwrap.dedent(
    """
    import time

    import django

    django.setup()
    from django.core.management import call_command

    from accounts import publishing

    recorded = publishing.store_version


    def store_and_stall(*args, **kwargs):
        version = recorded(*args, **kwargs)
        print("stored, stalling", flush=True)
        time.sleep(600)
        return version


    publishing.store_version = store_and_stall
    call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
    """
)


def test_a_worker_killed_mid_publication_leaves_a_failed_job_to_retry_and_no_version(
    client, people, settings, tmp_path
):
    final_account, _accountant, reviewer = people
    client.force_login(reviewer)
    client.post(CASE + "publish/")
    job = Job.objects.get()
    log = tmp_path / "stalling-worker.log"
    worker = start_process(["-c", STALLING_WORKER], log=log, JOB_HEARTBEAT_SECONDS="1")
    try:
        wait_for(lambda: "stored, stalling" in log.read_text(), timeout=120)
        job.refresh_from_db()
        first_beat = job.heartbeat_at
        # The heartbeat goes on while the work gives no sign of life of its own.
        wait_for(lambda: Job.objects.get(pk=job.pk).heartbeat_at > first_beat, timeout=10)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        stop(worker)

    job.refresh_from_db()
    assert job.state == Job.State.RUNNING  # nobody has noticed yet
    settings.JOB_STALE_SECONDS = 2
    wait_for(lambda: client.get(f"/jobs/{job.pk}/status/").json()["state"] == "failed", timeout=30, every=0.5)
    job.refresh_from_db()
    assert job.error.startswith("后台任务进程已超过 2 秒没有报告进度")
    assert DBTaskResult.objects.get(id=job.task_result_id).status == "FAILED"
    final_account.refresh_from_db()
    assert (final_account.status, final_account.disclosure_date) == (Status.APPROVED, None)
    assert PublishedVersion.objects.count() == 0
    assert Transition.objects.filter(to_status=Status.PUBLISHED).count() == 0
    client.logout()
    assert client.get(PUBLIC).status_code == 404
    client.force_login(reviewer)
    assert "重试</button>" in client.get(f"/jobs/{job.pk}/").content.decode()

    client.post(f"/jobs/{job.pk}/retry/")
    run_worker_batch(log=tmp_path / "worker.log")
    job.refresh_from_db()
    final_account.refresh_from_db()
    assert (job.state, job.attempts, job.step) == (Job.State.SUCCEEDED, 2, "已公开第1版")
    assert final_account.status == Status.PUBLISHED
    assert PublishedVersion.objects.get().number == 1


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
        return response.read().decode()


def answers(port):
    try:
        get(port, "/years/")
    except OSError:
        return False
    return True


def pings(url):
    try:
        return redis.Redis.from_url(url).ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (./scripts/test.sh installs it)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        wait_for(lambda: pings(url), timeout=10)
        yield url
    finally:
        stop(process)


def test_two_app_servers_on_one_redis_see_a_publication_at_once(people, redis_url, settings, tmp_path):
    final_account, accountant, reviewer = people
    settings.CACHES = {"default": cache_from_url(redis_url)}
    workflow.publish(final_account, by=reviewer)
    servers = {}
    try:
        for name in ("a", "b"):
            port = free_port()
            servers[port] = start_process(
                ["-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                log=tmp_path / f"server-{name}.log",
                CACHE_URL=redis_url,
                ALLOWED_HOSTS="127.0.0.1",
            )
        for port in servers:
            wait_for(lambda port=port: answers(port), timeout=60, every=0.2)
        # Both servers answer version 1, and keep the versions they found in Redis for a minute.
        for port in servers:
            assert "第1版" in get(port, PUBLIC) and "第2版" not in get(port, PUBLIC)

        workflow.open_correction(final_account, by=accountant, reason="更正表1")
        editing.set_free_text(
            final_account, key="main_functions", text="更正后的部门主要职能。", by=accountant
        )
        workflow.submit(final_account, by=accountant, **SIGN_OFF)
        workflow.approve(final_account, by=reviewer)
        job, _created = jobs.start_job(
            Job.Kind.PUBLISH, key="publish-v2", title="第2版", owner=reviewer, final_account=final_account
        )
        run_worker_batch(log=tmp_path / "worker.log", CACHE_URL=redis_url)  # a third process publishes
        assert Job.objects.get(pk=job.pk).state == Job.State.SUCCEEDED

        # The next anonymous request to either server shows version 2, well within that minute.
        for port in servers:
            page = get(port, PUBLIC)
            assert "第2版" in page and "更正后的部门主要职能。" in page, port
        assert json.loads(get(next(iter(servers)), PUBLIC + "json/"))["final_account"]["version"] == 2
    finally:
        for process in servers.values():
            stop(process)
