"""Slow clients do not take readers offline behind nginx (deploy/loopback.sh: nginx + gunicorn, DEBUG off).

Before (gunicorn's two sync workers facing the clients): four uploads at 100 KB/s, or two connections
sending headers slowly, held both workers and every reader timed out. The measured p99 goes to
docs/benchmarks.md, not into this test: only the 5-second bound of each reader is asserted.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from accounts.benchmarks import _database_url

from . import slow_clients

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"deploy/loopback.sh exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


@pytest.fixture
def loopback(transactional_db, tmp_path):
    """The production layout on loopback, started by deploy/loopback.sh; yields (nginx URL, gunicorn URL)."""
    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database only on PostgreSQL")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_LOG_LEVEL": "error",
    }
    # A session of its own, so that the script, gunicorn and nginx are stopped together, by its id.
    process = subprocess.Popen(
        [str(ROOT / "deploy" / "loopback.sh"), str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(url, process) == 200
        line = next(line for line in process.stdout if line.startswith("juesuan on "))
        app = re.search(r"gunicorn \d+ on (127\.0\.0\.1:\d+)", line).group(1)
        yield url, f"http://{app}/"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        process.stdout.close()


@pytest.mark.slow  # starts nginx and gunicorn, runs slow clients for about half a minute
def test_readers_are_served_within_five_seconds_while_slow_clients_hold_connections(loopback):
    nginx_url, _gunicorn_url = loopback
    results = slow_clients.run(nginx_url)
    print(
        f"\nslow clients behind nginx: {len(results)} readers, p99 {slow_clients.p99(results):.3f} s, "
        f"max {max(seconds for seconds, _ in results):.3f} s"
    )
    assert [status for _seconds, status in results] == [200] * slow_clients.READERS
    assert all(seconds < slow_clients.READER_TIMEOUT for seconds, _status in results)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "length"),
    [
        ("/login/", 7_000_000),
        ("/import/dongxihu/hrss/2022/", 23_000_000),
        ("/review/disclosures/", 211_000_000),
    ],
)
def test_nginx_refuses_an_oversized_body_with_a_chinese_page_before_reading_it(loopback, path, length):
    """Each place has its own limit: forms 6 MB, the import 21 MB (a PDF), a bureau's batch 201 MB."""
    nginx_url, _gunicorn_url = loopback
    port = int(nginx_url.rsplit(":", 1)[1].strip("/"))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while b"</html>" not in answer and (chunk := client.recv(65536)):
            answer += chunk  # nginx answers at once, then lingers for the body it will not read
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413")
    assert (
        "上传内容超过上限（工作簿不超过 5 MB，PDF 不超过 20 MB，成批核对的文件合计不超过 200 MB），未保存任何数据。"
        in (body.decode())
    )
