"""The multi-machine layout on loopback (deploy/loopback.sh --machines): nginx → two gunicorn instances,
PostgreSQL, Redis as the shared cache, one task worker.

A publication queued here is carried out by the layout's worker; both app servers then serve the
published page through nginx (nginx names the app server that answered in X-Upstream, loopback only),
the same bytes whoever answers and whatever cookies the reader sends.
"""

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection

from accounts import jobs, workflow
from accounts.benchmarks import _database_url
from accounts.models import Job
from accounts.reference_data import load_shipped_reference_data
from tests.builders import make_accountant, make_bureau, make_department, make_final_account, make_reviewer
from tests.security.builders import SIGN_OFF, fill_clean

from .test_slow_clients import ROOT, free_port, wait_for

PUBLIC = "dongxihu/hrss/2022/"

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def machines(transactional_db, tmp_path):
    """The layout started by deploy/loopback.sh --machines; yields (nginx URL, [app server addresses])."""
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database only on PostgreSQL")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_LOG_LEVEL": "error",
        "GUNICORN_WORKERS": "1",  # two app servers of one worker each: the machine has two cores
        "WORKER_INTERVAL": "0.2",
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    # A session of its own, so that the script and everything it started are stopped together, by its id.
    process = subprocess.Popen(
        [str(ROOT / "deploy" / "loopback.sh"), "--machines", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(url, process, timeout=180) == 200  # five processes to start on a busy machine
        line = next(line for line in process.stdout if line.startswith("juesuan on "))
        assert re.search(r"redis \d+ on 127\.0\.0\.1:\d+", line) and re.search(r"worker \d+", line), line
        apps = re.findall(r"gunicorn \d+ on (127\.0\.0\.1:\d+)", line)
        for app in apps:  # nginx answered through one of them; the other may still be starting
            assert wait_for(f"http://{app}/", process, timeout=180) == 200
        yield url, apps
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


def fetch(url, **headers):
    """(status, X-Upstream, body) of a GET through nginx."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers["X-Upstream"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["X-Upstream"], error.read()


def test_nginx_serves_a_page_published_by_the_worker_from_both_app_servers(machines):
    nginx_url, apps = machines
    assert len(apps) == 2 and len(set(apps)) == 2
    load_shipped_reference_data(2022)
    department = make_department(make_bureau())
    final_account = make_final_account(department)
    fill_clean(final_account)
    accountant, reviewer = make_accountant(department), make_reviewer(department.bureau)
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    workflow.approve(final_account, by=reviewer)
    # Nothing published yet: every app server answers 404 (an app server that nginx finds busy or
    # restarting answers on the next try).
    deadline = time.monotonic() + 60
    answers = []
    while time.monotonic() < deadline:
        answers = [fetch(nginx_url + PUBLIC)[:2] for _ in range(4)]
        if {status for status, _upstream in answers} == {404}:
            break
        time.sleep(1)
    assert {status for status, _upstream in answers} == {404}, answers

    job, _created = jobs.start_job(
        Job.Kind.PUBLISH,
        key=f"publish:{final_account.pk}:v1",
        title=str(final_account),
        owner=reviewer,
        final_account=final_account,
    )
    # The worker publishes (rendering the PDF: seconds); then the page answers from every app server,
    # each of which looks the versions up again on the publication, told through Redis.
    published = []
    deadline = time.monotonic() + 300
    while {upstream for upstream, _body in published} != set(apps):
        assert time.monotonic() < deadline, (Job.objects.get(pk=job.pk).state, len(published))
        status, upstream, body = fetch(nginx_url + PUBLIC)
        if status == 200:
            published.append((upstream, body))
        else:
            time.sleep(0.2)
    while Job.objects.get(pk=job.pk).state != Job.State.SUCCEEDED:  # its last step, after the commit
        assert time.monotonic() < deadline, Job.objects.get(pk=job.pk).state
        time.sleep(0.2)
    bodies = {body for _upstream, body in published}
    assert len(bodies) == 1 and "第1版" in next(iter(bodies)).decode()
    # Readers with cookies get the same bytes, from either app server.
    seen = set()
    for cookie in ("csrftoken=" + "k" * 32, "returning=1", "sessionid=expiredsessionkeyexpired1"):
        for _ in range(2):
            status, upstream, body = fetch(nginx_url + PUBLIC, Cookie=cookie)
            assert (status, body) == (200, next(iter(bodies)))
            seen.add(upstream)
    assert seen == set(apps)
