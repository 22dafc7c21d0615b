"""Benchmarks: measurements that print figures (never timed tests). Run with `manage.py benchmark`."""

import statistics
import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

BENCHMARKS = {}


def benchmark(name):
    """Register a benchmark function under `name`; it returns lines to print."""

    def register(fn):
        BENCHMARKS[name] = fn
        return fn

    return register


def measure(fn, *, repeat=7, warmup=1):
    """Return (median seconds, queries of one run) of calling `fn` `repeat` times after `warmup` calls."""
    for _ in range(warmup):
        fn()
    with CaptureQueriesContext(connection) as captured:
        fn()
    queries = len(captured.captured_queries)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - start)
    reset_queries()
    return statistics.median(timings), queries


def demo_final_account():
    from .demo import load_demo
    from .models import FinalAccount

    load_demo()
    return FinalAccount.objects.select_related("department__bureau").get(
        department__bureau__slug="dongxihu", department__slug="hrss", year=2022
    )


@benchmark("statements")
def statements_benchmark():
    """Build all nine tables of the demo final account, facts loading included."""
    from .statements import build_statements_for

    final_account = demo_final_account()
    seconds, queries = measure(lambda: build_statements_for(final_account), repeat=21)
    return [f"statements: all nine tables of the demo, median {seconds * 1000:.1f} ms, {queries} queries"]


@benchmark("rules")
def rules_benchmark():
    """Every registered rule over the demo final account: evaluation alone, then with loading and building."""
    from .rules import check_final_account, evaluate, registered_rules
    from .rules.registry import registered_loaders
    from .statements import build_statements, load_facts

    final_account = demo_final_account()
    facts = load_facts(final_account)
    statements = build_statements(facts)
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    seconds, _ = measure(lambda: evaluate(facts, statements, extra=extra), repeat=21)
    total, queries = measure(lambda: check_final_account(final_account), repeat=7)
    return [
        f"rules: all {len(registered_rules())} rules over the demo, median {seconds * 1000:.1f} ms to evaluate, "
        f"{total * 1000:.1f} ms with facts and statements, {queries} queries"
    ]


@benchmark("rules_bulk")
def rules_bulk_benchmark(count=1000):
    """Every registered rule over `count` in-memory clones of the demo, each with its figures varied.

    The clones are made from the demo's facts without touching the database (each amount multiplied by
    a factor between 0.9 and 1.1, rounded to the fen), so the figures are timed, not the inserts; the
    queries of one account are those of check_final_account, the same for every account.
    """
    import random
    from dataclasses import replace

    from .rules import check_final_account, evaluate
    from .rules.registry import registered_loaders
    from .statements import build_statements, load_facts

    final_account = demo_final_account()
    facts = load_facts(final_account)
    extra = {name: loader(final_account) for name, loader in registered_loaders().items()}
    with CaptureQueriesContext(connection) as captured:
        check_final_account(final_account)
    queries = len(captured.captured_queries)
    clones = [_varied_facts(facts, random.Random(seed), replace) for seed in range(count)]
    start = time.perf_counter()
    built = [(clone, build_statements(clone)) for clone in clones]
    building = time.perf_counter() - start
    start = time.perf_counter()
    findings = sum(len(evaluate(clone, statements, extra=extra)) for clone, statements in built)
    evaluating = time.perf_counter() - start
    return [
        f"rules_bulk: {count} varied clones of the demo, {evaluating:.2f} s to evaluate every rule "
        f"({evaluating / count * 1000:.1f} ms each, {findings} findings), {building:.2f} s to build their "
        f"statements; {queries} queries per final account when loaded from the database"
    ]


def _varied_facts(facts, rng, replace):
    from decimal import Decimal

    cent = Decimal("0.01")

    def vary(amount):
        return (amount * Decimal(rng.randint(900, 1100)) / Decimal(1000)).quantize(cent)

    def varied(mapping):
        return {key: vary(amount) for key, amount in mapping.items()}

    return replace(
        facts, income=varied(facts.income), expenditure=varied(facts.expenditure),
        basic_detail=varied(facts.basic_detail), budget_by_subject=varied(facts.budget_by_subject),
        budget_total=vary(facts.budget_total) if facts.budget_total is not None else None,
        stated_figures=varied(facts.stated_figures),
        balances={key: (vary(opening), vary(closing)) for key, (opening, closing) in facts.balances.items()},
        official_expenses={key: (vary(b), vary(a)) for key, (b, a) in facts.official_expenses.items()},
    )


@benchmark("import")
def import_benchmark():
    """Import the demo's nine tables, written as a workbook in the official layout, as a dry run."""
    import copy

    from .importing import prepare_import
    from .importing.template import build_workbook
    from .models import FinalAccount
    from .statements import load_facts

    final_account = demo_final_account()
    data = build_workbook(final_account.report_format, facts=load_facts(final_account),
                          department=final_account.department.name)
    # The demo is published, so it is locked; a dry run only reads, so it may treat a copy as a draft.
    draft = copy.copy(final_account)
    draft.status = FinalAccount.Status.DRAFT
    seconds, queries = measure(lambda: prepare_import(draft, data), repeat=7)
    return [
        f"import: the demo's nine tables as a {len(data) // 1024} KB workbook, dry run, "
        f"median {seconds * 1000:.1f} ms, {queries} queries"
    ]



@benchmark("portal")
def portal_benchmark(seconds=10, connections=32):
    """Load the public portal on loopback: gunicorn (2 sync workers, DEBUG off) and nginx, measured with wrk.

    Prints requests per second and p99 latency of the demo's published page, its PDF and an API
    call, next to a Django view returning the page's bytes from memory in the same server (the
    ceiling for a Django page), and of the same files exported by export_published and served by
    nginx. Needs wrk and nginx (Debian: wrk, nginx-light; installed here through apt when missing,
    as root or with sudo) and gunicorn (a dependency). Not a test: no threshold; CI does not run it.
    """
    import os
    import shutil
    import tempfile
    from pathlib import Path

    from django.test import RequestFactory

    from .open_data.export import export_published

    _require_tools()
    final_account = demo_final_account()
    department = final_account.department
    base = f"/{department.bureau.slug}/{department.slug}/{final_account.year}/"
    work = Path(tempfile.mkdtemp(prefix="juesuan-portal-bench-"))
    results = {}
    try:
        export_root = work / "export"
        export_published(export_root, request_factory=RequestFactory())
        for path in [work, *work.rglob("*")]:  # nginx's workers run as an unprivileged user
            path.chmod(0o755 if path.is_dir() else 0o644)
        body = work / "page.html"
        with _gunicorn(body) as django_url, _nginx(work, export_root) as nginx_url:
            body.write_bytes(_fetch(django_url + base))
            targets = [
                ("Django  published page (current URL)", django_url + base),
                ("Django  same bytes from memory      ", django_url + "/__benchmark__/memory/"),
                ("Django  PDF download (version URL)  ", django_url + base + "v1/pdf/"),
                ("Django  API final account (JSON)    ", django_url + "/api/v1/final-accounts" + base),
                ("nginx   exported page               ", nginx_url + base),
                ("nginx   exported PDF                ", nginx_url + base + "v1/pdf/"),
                ("nginx   exported JSON               ", nginx_url + base + "v1/json/"),
            ]
            for _label, url in targets:
                _wrk(url, seconds=2, connections=connections)  # warm-up: caches, connections, workers
            # The page and its ceiling are measured in alternation, three times each, and the median
            # of each kept: load from other processes then weighs on both alike.
            rounds = {label: [] for label, _url in targets[:2]}
            for _round in range(3):
                for label, url in targets[:2]:
                    rounds[label].append(_wrk(url, seconds=seconds, connections=connections))
            for label, measured in rounds.items():
                results[label] = sorted(measured)[1]
            for label, url in targets[2:]:
                results[label] = _wrk(url, seconds=seconds, connections=connections)
            page_size = len(body.read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    labels = list(results)
    page, memory = results[labels[0]], results[labels[1]]
    lines = [
        f"portal: wrk {seconds} s per URL after 2 s of warm-up (page and memory: median of 3 alternating runs), "
        f"{connections} connections, gunicorn 2 sync workers, {os.cpu_count()} CPUs, page {page_size // 1024} KB"
    ]
    lines += [f"  {label} {rate:9.0f} req/s   p99 {p99:7.1f} ms" for label, (rate, p99) in results.items()]
    lines.append(f"  published page at {page[0] / memory[0] * 100:.0f} % of the same bytes from memory (target ≥ 80 %)")
    return lines


def _require_tools():
    """Install wrk and nginx through apt when missing; gunicorn must be in the virtual environment."""
    import os
    import subprocess

    missing = [package for binary, package in (("wrk", "wrk"), ("nginx", "nginx-light")) if not _binary(binary)]
    if missing:
        sudo = [] if os.getuid() == 0 else ["sudo"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True,
                       env=env, stdout=subprocess.DEVNULL)
    if not _binary("gunicorn"):
        raise RuntimeError("gunicorn is missing: pip install -e . (a dependency in pyproject.toml)")


def _binary(name):
    import shutil
    import sys
    from pathlib import Path

    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    return shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else None)


def _free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url, process, timeout=30):
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _fetch(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


class _Server:
    """A server process started for the benchmark and stopped (by its own id) afterwards."""

    def __init__(self, command, url, probe, env=None):
        self.command, self.url, self.probe, self.env = command, url, probe, env

    def __enter__(self):
        import subprocess

        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        try:
            _wait_for(self.url + self.probe, self.process)
        except Exception:
            self.__exit__(None, None, None)
            raise
        return self.url

    def __exit__(self, *exc):
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _gunicorn(body):
    """gunicorn as in production (DEBUG off, persistent database connections) on a free loopback port."""
    import os

    from django.conf import settings

    port = _free_port()
    env = {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only-secret-key-never-used-elsewhere-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "600"), "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JUESUAN_BENCHMARK_BODY": str(body), "LOG_LEVEL": "ERROR",
    }
    command = [_binary("gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
               "--chdir", str(settings.BASE_DIR), "accounts.open_data.benchmark_site:application"]
    return _Server(command, f"http://127.0.0.1:{port}", "/api/v1/", env=env)


NGINX_CONF = """worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log error;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {work}/client; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
    include {server};
}}
"""


def _nginx(work, export_root):
    """nginx serving the export on a free loopback port, with the server block export_published wrote."""
    port = _free_port()
    server = export_root / "nginx.conf.example"
    text = server.read_text(encoding="utf-8")
    server.write_text(text.replace("listen 8080;", f"listen 127.0.0.1:{port};"), encoding="utf-8")
    config = work / "nginx.conf"
    config.write_text(NGINX_CONF.format(work=work, server=server), encoding="utf-8")
    return _Server([_binary("nginx"), "-c", str(config), "-p", str(work)], f"http://127.0.0.1:{port}", "/static/css/site.css")


def _wrk(url, *, seconds, connections):
    """Return (requests per second, p99 latency in ms) of `url` under wrk."""
    import re
    import subprocess

    output = subprocess.run(
        [_binary("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        check=True, capture_output=True, text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", output).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if re.search(r"Non-2xx or 3xx responses", output):
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    return rate, p99
