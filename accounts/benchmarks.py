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


def machine_description():
    """Return one line naming the processor, CPU count, memory, Python and database the figures come from."""
    import os
    import platform
    from pathlib import Path

    def first(path, prefix):
        try:
            lines = Path(path).read_text().splitlines()
        except OSError:
            return None
        return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(prefix)), None)

    cpu = first("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory = first("/proc/meminfo", "MemTotal")
    memory = f"{int(memory.split()[0]) / 1024**2:.0f} GiB" if memory else "memory unknown"
    database = connection.vendor
    if connection.vendor == "postgresql":
        version = connection.pg_version  # e.g. 150018
        database = f"PostgreSQL {version // 10000}.{version % 100}"
    return (
        f"machine: {cpu}, {os.cpu_count()} CPUs, {memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {database}; {load_average()}"
    )


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
        facts,
        income=varied(facts.income),
        expenditure=varied(facts.expenditure),
        basic_detail=varied(facts.basic_detail),
        budget_by_subject=varied(facts.budget_by_subject),
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
    data = build_workbook(
        final_account.report_format, facts=load_facts(final_account), department=final_account.department.name
    )
    # The demo is published, so it is locked; a dry run only reads, so it may treat a copy as a draft.
    draft = copy.copy(final_account)
    draft.status = FinalAccount.Status.DRAFT
    seconds, queries = measure(lambda: prepare_import(draft, data), repeat=7)
    return [
        f"import: the demo's nine tables as a {len(data) // 1024} KB workbook, dry run, "
        f"median {seconds * 1000:.1f} ms, {queries} queries"
    ]


# --- The synthetic province (python manage.py generate_province) ---------------------------------------
# These benchmarks read the province generate_province made under the prefix "syn" and print a line
# saying so when there is none. The machine is often shared: each line ends with the load average at
# the time, and the figures worth comparing are the ratios within one run.

PROVINCE = "syn"
CHECK_CHUNK = 500  # final accounts whose facts are held in memory at once by a bulk check


def load_average():
    import os

    return f"load {os.getloadavg()[0]:.1f}"


def province_final_accounts(bureau_slugs=None):
    """Return the final accounts of the synthetic province (of `bureau_slugs` only, when given)."""
    from .models import FinalAccount

    accounts = FinalAccount.objects.select_related("department__bureau").filter(
        department__bureau__slug__startswith=PROVINCE
    )
    if bureau_slugs is not None:
        accounts = accounts.filter(department__bureau__slug__in=bureau_slugs)
    return list(accounts.order_by("department__bureau__slug", "department__slug", "year"))


def no_province(name):
    return [f"{name}: no synthetic province; run python manage.py generate_province first"]


def timed(fn):
    """Return (seconds, queries, result) of one call of `fn`."""
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    queries = len(captured.captured_queries)  # read from the connection's log: before it is reset
    reset_queries()
    return seconds, queries, result


def in_chunks(items, size):
    return [items[i : i + size] for i in range(0, len(items), size)]


@benchmark("check")
def check_benchmark():
    """All checks over one synthetic final account, over one bureau (per-account loop and bulk), over the province."""
    from collections import Counter

    from .rules import check_final_account, check_final_accounts
    from .statements import load_facts_many

    accounts = province_final_accounts()
    if not accounts:
        return no_province("check")
    one = accounts[len(accounts) // 2]
    seconds, queries = measure(lambda: check_final_account(one), repeat=7)
    lines = [
        f"check: one synthetic final account ({one}), median {seconds * 1000:.1f} ms, {queries} queries "
        f"({load_average()})"
    ]
    # One bureau both ways, alternately, so that a change of load weighs on both alike.
    bureau = one.department.bureau.slug
    sample = [fa for fa in accounts if fa.department.bureau.slug == bureau]
    loop, bulk = [], []
    for _round in range(2):
        loop.append(timed(lambda: {fa.pk: check_final_account(fa) for fa in sample}))
        bulk.append(timed(lambda: [check_final_accounts(chunk) for chunk in in_chunks(sample, CHECK_CHUNK)]))
    (loop_s, loop_q, by_loop), (bulk_s, bulk_q, by_bulk) = (
        min(loop, key=lambda r: r[0]),
        min(bulk, key=lambda r: r[0]),
    )
    merged = {pk: found for chunk in by_bulk for pk, found in chunk.items()}
    lines.append(
        f"  one bureau ({bureau}, {len(sample)} final accounts): per-account loop {loop_s:.2f} s, {loop_q} queries; "
        f"bulk {bulk_s:.2f} s, {bulk_q} queries; bulk takes {bulk_s / loop_s * 100:.0f} % of the loop's time; "
        f"same findings: {merged == by_loop} ({load_average()})"
    )
    load_s, load_q, _ = timed(lambda: [load_facts_many(chunk) for chunk in in_chunks(accounts, CHECK_CHUNK)])
    total_s, total_q, results = timed(
        lambda: [check_final_accounts(chunk) for chunk in in_chunks(accounts, CHECK_CHUNK)]
    )
    counts = Counter(
        (finding.rule_id, str(finding.severity))
        for chunk in results
        for found in chunk.values()
        for finding in found
    )
    listed = ", ".join(f"{rule} {severity} {n}" for (rule, severity), n in sorted(counts.items()))
    lines.append(
        f"  whole province ({len(accounts)} final accounts, chunks of {CHECK_CHUNK}): bulk {total_s:.1f} s "
        f"({total_s / len(accounts) * 1000:.1f} ms each), {total_q} queries; of which loading the facts "
        f"{load_s:.1f} s, {load_q} queries; findings: {listed or 'none'} ({load_average()})"
    )
    lines.append(
        f"  target: 5000 final accounts in ≤ 10 s (2.0 ms each): {'met' if total_s / len(accounts) <= 0.002 else 'not met'}"
        f"; before (2026-11-27, load 1.1): 35.8 s, 7.2 ms each"
    )
    return lines


# Where the time of a bulk check goes, by the code it is spent in (own time, so the shares add up).
PROFILE_AREAS = [
    ("facts loading (accounts/statements/facts.py)", "accounts/statements/facts.py"),
    ("statements (accounts/statements: building the nine tables)", "accounts/statements/"),
    ("printed texts rules (accounts/rules/texts.py)", "accounts/rules/texts.py"),
    (
        "rule engine and quantities (engine.py, quantities.py)",
        ("accounts/rules/engine.py", "accounts/rules/quantities.py"),
    ),
    ("other rules (accounts/rules/*)", "accounts/rules/"),
    ("addresses and labels (accounts/addresses.py)", "accounts/addresses.py"),
    ("other juesuan code", "/accounts/"),
    ("Django (ORM, translation of lazy texts)", "/django/"),
    ("Python's library and built-ins", ""),
]


@benchmark("check_profile")
def check_profile_benchmark(limit=500):
    """cProfile of the bulk check over `limit` synthetic final accounts: the share of the time spent in
    each part of the code (own time, which adds up to the whole), and the costliest functions."""
    import cProfile
    import pstats

    from .rules import check_final_accounts

    accounts = province_final_accounts()[:limit]
    if not accounts:
        return no_province("check_profile")
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.runcall(check_final_accounts, accounts)
    seconds = time.perf_counter() - start
    stats = pstats.Stats(profile).stats
    shares = dict.fromkeys((label for label, _ in PROFILE_AREAS), 0.0)
    for (filename, _line, _name), (_calls, _primitive, own, _cumulative, _callers) in stats.items():
        filename = filename.replace("\\", "/")
        for label, parts in PROFILE_AREAS:
            parts = parts if isinstance(parts, tuple) else (parts,)
            if any(part in filename for part in parts):
                shares[label] += own
                break
    total = sum(shares.values()) or 1.0
    lines = [
        f"check_profile: bulk check of {len(accounts)} synthetic final accounts under cProfile, {seconds:.1f} s "
        f"({seconds / len(accounts) * 1000:.1f} ms each, slower than unprofiled) ({load_average()})"
    ]
    lines += [f"  {share / total * 100:5.1f} %  {label}" for label, share in shares.items()]
    costly = sorted(stats.items(), key=lambda item: item[1][3], reverse=True)
    lines.append("  costliest juesuan functions (cumulative time, % of the whole):")
    shown = 0
    for (filename, line, name), (_calls, primitive, _own, cumulative, _callers) in costly:
        if "/accounts/" not in filename or name in {"check_final_accounts", "checked_final_accounts"}:
            continue
        where = filename[filename.rindex("/accounts/") + 1 :]
        lines.append(f"    {cumulative / total * 100:5.1f} %  {where}:{line} {name} ({primitive} calls)")
        shown += 1
        if shown == 12:
            break
    return lines


def _pdf_pages(document):
    """Return the number of pages of the document's PDF (laid out once more by WeasyPrint)."""
    import weasyprint
    from django.conf import settings
    from django.contrib.staticfiles import finders

    from .document.pdf import render_html, stylesheets

    sheets = [weasyprint.CSS(filename=finders.find(path)) for path in stylesheets()]
    html = weasyprint.HTML(string=render_html(document), base_url=str(settings.BASE_DIR))
    return len(html.render(stylesheets=sheets).pages)


@benchmark("document")
def document_benchmark():
    """The disclosure of the demo and of a synthetic final account: document, HTML and PDF, per page."""
    from django.template.loader import render_to_string

    from .document import build_document
    from .document.pdf import render_pdf

    subjects = [("demo", demo_final_account())]
    accounts = province_final_accounts()
    if accounts:
        subjects.append(("synthetic", accounts[len(accounts) // 2]))
    lines = []
    for label, final_account in subjects:
        built, build_queries = measure(lambda fa=final_account: build_document(fa), repeat=5)
        document = build_document(final_account)
        html, _ = measure(
            lambda d=document: render_to_string("accounts/document/body.html", {"document": d}), repeat=5
        )
        pdf_seconds, _ = measure(lambda d=document: render_pdf(d), repeat=3, warmup=1)
        pages = _pdf_pages(document)
        lines.append(
            f"document ({label}, {final_account}): build {built * 1000:.0f} ms, {build_queries} queries; HTML "
            f"{html * 1000:.0f} ms; PDF {pdf_seconds:.2f} s for {pages} pages, {pdf_seconds / pages * 1000:.0f} ms "
            f"per page ({load_average()})"
        )
    return lines


@benchmark("publish")
def publish_benchmark(count=3):
    """Publishing synthetic final accounts: the real path (HTML, PDF, JSON, cells) and generate_province's unrendered one.

    Each publication runs in a transaction rolled back afterwards, and its stored files are deleted, so
    the province stays as generated.
    """
    import statistics

    from django.core.files.storage import default_storage
    from django.db import transaction

    from . import workflow
    from .models import FinalAccount, PublishedVersion

    drafts = [fa for fa in province_final_accounts() if fa.status == FinalAccount.Status.DRAFT]
    if not drafts:
        return no_province("publish")

    class Rollback(Exception):
        pass

    def rolled_back(fn):
        names = []
        try:
            with transaction.atomic():
                result = fn()
                for version in PublishedVersion.objects.filter(final_account__in=[fa.pk for fa in drafts]):
                    names += [version.html_file, version.pdf_file, version.json_file]
                raise Rollback(result)
        except Rollback as rollback:
            result = rollback.args[0]
        for name in set(names):  # every file of the rolled-back versions was written by them
            default_storage.delete(name)
        return result

    def publish(fa):
        FinalAccount.objects.filter(pk=fa.pk).update(status=FinalAccount.Status.APPROVED)
        fa.status = FinalAccount.Status.APPROVED
        return timed(lambda: workflow.publish(fa, by=None))

    real = [rolled_back(lambda fa=fa: publish(fa)) for fa in drafts[:count]]
    seconds = statistics.median(r[0] for r in real)
    queries = statistics.median(r[1] for r in real)
    sample = drafts[:100]
    unrendered = rolled_back(lambda: timed(lambda: _publish_without_rendering(sample)))
    return [
        f"publish: workflow.publish of {len(real)} synthetic final accounts (HTML, PDF, JSON, cells), median "
        f"{seconds:.2f} s, {queries:.0f} queries ({load_average()})",
        f"  unrendered (generate_province): {len(sample)} final accounts in {unrendered[0]:.2f} s, "
        f"{unrendered[0] / len(sample) * 1000:.0f} ms each, {unrendered[1]} queries ({load_average()})",
    ]


def _publish_without_rendering(final_accounts):
    from .synthetic import _placeholder_files, _publish_unrendered

    _publish_unrendered(final_accounts, _placeholder_files(f"{PROVINCE}-benchmark"))


@benchmark("aggregation")
def aggregation_benchmark():
    """汇总 of the province bureau and of one city bureau over the latest year's published versions."""
    from .models import FinanceBureau, PublishedCell
    from .open_data.summary import build_summary

    root = FinanceBureau.objects.filter(slug=PROVINCE).first()
    if root is None:
        return no_province("aggregation")
    year = (
        PublishedCell.objects.filter(version__final_account__department__bureau__slug__startswith=PROVINCE)
        .order_by("-version__final_account__year")
        .values_list("version__final_account__year", flat=True)
        .first()
    )
    if year is None:
        return [
            "aggregation: the synthetic province has no published version (generate it with --publish-fraction)"
        ]
    lines = []
    for bureau in (root, FinanceBureau.objects.filter(parent=root).order_by("slug").first()):
        if bureau is None:
            continue
        seconds, queries = measure(lambda b=bureau: build_summary(b, year), repeat=5)
        summary = build_summary(bureau, year)
        cells = PublishedCell.objects.filter(version__in=[v.pk for v in summary.versions]).count()
        lines.append(
            f"aggregation: 汇总 of {bureau.name} for {year}, {len(summary.versions)} published versions, "
            f"{cells} cells, median {seconds * 1000:.0f} ms, {queries} queries ({load_average()})"
        )
    return lines


# What issue 26 measured before public reads were served from the shared cache whatever the cookies
# (wrk, 50 connections, gunicorn 2 workers, same 2 CPUs): requests/s, p99 ms; and the targets.
BEFORE = {
    "page, no cookie": (2260, 37),
    "page, cookies": (110, 1000),
    "page, signed in": (110, 1000),
    "API final account": (136, 909),
    "API facts": (121, None),
    "search": (76, 796),
}
TARGET_RATE, TARGET_P99, TARGET_SEARCH_P99 = 1000, 100, 150
# Cookies of a reader who is not signed in: a CSRF token (anyone who opened the login page), a
# returning visitor's, an expired session.
VISITOR_COOKIES = (
    "csrftoken=benchmarkbenchmarkbenchmarkbench; returning=1; sessionid=expiredbenchmarksession0000000"
)


def _signed_in_cookie():
    """A session cookie of a signed-in user with no role (a reader of public pages), saved in the database."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="benchmark-reader", defaults={"first_name": "压测读者"}
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def search_queries(limit=150):
    """At least 100 different search addresses: published departments' names, functional subjects'
    names and codes, and the texts' topics, in a fixed order."""
    from urllib.parse import quote

    from .models import FunctionalSubject
    from .open_data.queries import published_departments

    words = ["三公", "机关运行经费", "政府采购", "30217", "因公出国", "公务接待", "项目支出", "基本支出"]
    words += list(published_departments().order_by("pk").values_list("short_name", flat=True).distinct()[:60])
    subjects = FunctionalSubject.objects.order_by("code").values_list("code", "name").distinct()
    for code, name in subjects:
        words += [name, code]
    unique = list(dict.fromkeys(word for word in words if word))[:limit]
    return ["/search/?q=" + quote(word) for word in unique]


def _rotating_script(work, paths):
    """A wrk Lua script asking `paths` in turn (the -H headers go with each request)."""
    script = work / "rotate.lua"
    listed = ",\n".join('  "' + path.replace("\\", "\\\\").replace('"', '\\"') + '"' for path in paths)
    script.write_text(
        "local paths = {\n" + listed + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format(nil, paths[(i % #paths) + 1])\nend\n",
        encoding="utf-8",
    )
    return script


def _reference(name, rate, p99, timeouts, *, search=False):
    target_p99 = TARGET_SEARCH_P99 if search else TARGET_P99
    target = (
        f"target p99 < {target_p99} ms" if search else f"target ≥ {TARGET_RATE} req/s, p99 < {target_p99} ms"
    )
    met = not timeouts and p99 < target_p99 and (search or rate >= TARGET_RATE)
    before = BEFORE.get(name)
    if before is None:
        then = ""
    else:
        then = f"; before: {before[0]} req/s" + (f", p99 {before[1]} ms" if before[1] else "")
    return f"{target}: {'met' if met else 'not met'}{then}"


@benchmark("portal")
def portal_benchmark(seconds=10, connections=50, warmup=2, rounds=3):
    """Load the public portal on loopback, with and without cookies: gunicorn (2 sync workers, DEBUG off,
    Redis as the shared cache when redis-server is there) and nginx, measured with wrk.

    Prints requests per second and p99 latency of the demo's published page (no cookie, a visitor's
    cookies, signed in), its PDF, the API's final account and facts, and search over at least 100
    rotating queries (a wrk Lua script), each beside what issue 26 measured before and its target, and
    the load average; next to a Django view returning the page's bytes from memory in the same server
    (the ceiling for a Django page), and the same files exported by export_published and served by
    nginx. Needs wrk and nginx (Debian: wrk, nginx-light; installed here through apt when missing, as
    root or with sudo) and gunicorn (a dependency). Not a test: no threshold; CI does not run it.
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
    api = "/api/v1/final-accounts" + base
    work = Path(tempfile.mkdtemp(prefix="juesuan-portal-bench-"))
    results = {}
    queries = search_queries()
    signed_in = _signed_in_cookie()
    try:
        export_root = work / "export"
        export_published(export_root, request_factory=RequestFactory(), final_accounts=[final_account])
        for path in [work, *work.rglob("*")]:  # nginx's workers run as an unprivileged user
            path.chmod(0o755 if path.is_dir() else 0o644)
        script = _rotating_script(work, queries)
        body = work / "page.html"
        with (
            _redis(work) as cache_url,
            _gunicorn(body, cache_url) as django_url,
            # The former behaviour beside it, on the same cache: a request with cookies misses it.
            _gunicorn(body, cache_url, PUBLIC_CACHE_WITH_COOKIES="false") as before_url,
            _nginx(work, export_root) as nginx_url,
        ):
            body.write_bytes(_fetch(django_url + base))
            visitor, member = {"Cookie": VISITOR_COOKIES}, {"Cookie": signed_in}
            # (label, reference name, url, headers, wrk script)
            targets = [
                ("Django  page, no cookie            ", "page, no cookie", django_url + base, {}, None),
                ("Django  same bytes from memory      ", "", django_url + "/__benchmark__/memory/", {}, None),
                ("Django  page, visitor's cookies     ", "page, cookies", django_url + base, visitor, None),
                (
                    "Django  page, visitor's cookies, as before",
                    "page, cookies",
                    before_url + base,
                    visitor,
                    None,
                ),
                ("Django  page, signed in             ", "page, signed in", django_url + base, member, None),
                ("Django  PDF, no cookie              ", "PDF", django_url + base + "v1/pdf/", {}, None),
                ("Django  PDF, visitor's cookies      ", "PDF", django_url + base + "v1/pdf/", visitor, None),
                ("Django  API final account, no cookie", "API final account", django_url + api, {}, None),
                (
                    "Django  API final account, cookies  ",
                    "API final account",
                    django_url + api,
                    visitor,
                    None,
                ),
                (
                    "Django  API final account, cookies, as before",
                    "API final account",
                    before_url + api,
                    visitor,
                    None,
                ),
                (
                    "Django  API facts, no cookie        ",
                    "API facts",
                    django_url + api + "v1/facts/",
                    {},
                    None,
                ),
                (
                    "Django  API facts, cookies          ",
                    "API facts",
                    django_url + api + "v1/facts/",
                    visitor,
                    None,
                ),
                ("Django  search, no cookie           ", "search", django_url, {}, script),
                ("Django  search, visitor's cookies   ", "search", django_url, visitor, script),
                ("nginx   exported page               ", "", nginx_url + base, {}, None),
                ("nginx   exported PDF                ", "", nginx_url + base + "v1/pdf/", {}, None),
                ("nginx   exported JSON               ", "", nginx_url + base + "v1/json/", {}, None),
            ]
            for _label, _name, url, headers, lua in targets:
                # warm-up: caches, connections, workers
                _wrk(url, seconds=warmup, connections=connections, headers=headers, script=lua)
            # The page and its ceiling are measured in alternation, `rounds` times each, and the median
            # of each kept: load from other processes then weighs on both alike.
            measured = {target[0]: [] for target in targets[:2]}
            for _round in range(rounds):
                for label, _name, url, _headers, _lua in targets[:2]:
                    measured[label].append(
                        (*_wrk(url, seconds=seconds, connections=connections), os.getloadavg()[0])
                    )
            for label, runs in measured.items():
                results[label] = sorted(runs)[len(runs) // 2]
            for label, _name, url, headers, lua in targets[2:]:
                measure = _wrk(url, seconds=seconds, connections=connections, headers=headers, script=lua)
                results[label] = (*measure, os.getloadavg()[0])
            page_size = len(body.read_bytes())
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = {label: name for label, name, *_rest in targets}
    labels = list(results)
    page, memory = results[labels[0]], results[labels[1]]
    lines = [
        f"portal: wrk {seconds} s per URL after {warmup} s of warm-up (page and memory: median of {rounds} "
        f"alternating runs), {connections} connections, gunicorn 2 sync workers, cache "
        f"{'Redis' if cache_url else 'the database'}, {os.cpu_count()} CPUs, page {page_size // 1024} KB, "
        f"search over {len(queries)} rotating queries"
    ]
    for label, (rate, p99, timeouts, load) in results.items():
        name = names[label]
        reference = _reference(name, rate, p99, timeouts, search=name == "search") if name else ""
        if timeouts:
            reference = f"{timeouts} timed out (> 10 s); {reference}"
        lines.append(
            f"  {label.strip():<46} {rate:9.0f} req/s   p99 {p99:7.1f} ms   load {load:4.1f}   {reference}".rstrip()
        )
    lines.append(
        f"  published page at {page[0] / memory[0] * 100:.0f} % of the same bytes from memory (target ≥ 80 %)"
    )
    return lines


def _redis(work):
    """redis-server on a free loopback port, yielding its URL; yields None when redis-server is missing
    (the app servers then share the database cache table)."""
    import contextlib

    binary = _binary("redis-server")
    if binary is None:
        return contextlib.nullcontext(None)
    port = _free_port()
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    command += ["--dir", str(work)]
    return _Server(command, f"redis://127.0.0.1:{port}/0", None)


def _require_tools():
    """Install wrk and nginx through apt when missing; gunicorn must be in the virtual environment."""
    import os
    import subprocess

    missing = [
        package
        for binary, package in (("wrk", "wrk"), ("nginx", "nginx-light"), ("redis-server", "redis-server"))
        if not _binary(binary)
    ]
    if missing:
        sudo = [] if os.getuid() == 0 else ["sudo"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
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


def _wait_for_port(url, process, timeout=30):
    import socket
    import time
    from urllib.parse import urlsplit

    address = urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {process.returncode}")
        try:
            socket.create_connection((address.hostname, address.port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
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

        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            if self.probe is None:
                _wait_for_port(self.url, self.process)
            else:
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


def _gunicorn(body, cache_url=None, **settings_env):
    """gunicorn as in production (DEBUG off, persistent database connections, the shared cache at
    `cache_url`, else the database's) on a free loopback port; `settings_env` adds to its environment."""
    import os

    from django.conf import settings

    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY")
        or "benchmark-only-secret-key-never-used-elsewhere-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "600"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JUESUAN_BENCHMARK_BODY": str(body),
        "LOG_LEVEL": "ERROR",
        **({"CACHE_URL": cache_url} if cache_url else {}),
        **settings_env,
    }
    command = [
        _binary("gunicorn"),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--chdir",
        str(settings.BASE_DIR),
        "accounts.open_data.benchmark_site:application",
    ]
    return _Server(command, f"http://127.0.0.1:{port}", "/api/v1/", env=env)


def _database_url():
    """The URL of the database this process uses (under pytest, the test database), for the server."""
    from urllib.parse import quote

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    credentials = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        credentials += ":" + quote(database["PASSWORD"], safe="")
    host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{host}/{quote(database['NAME'], safe='')}"


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
    return _Server(
        [_binary("nginx"), "-c", str(config), "-p", str(work)],
        f"http://127.0.0.1:{port}",
        "/static/css/site.css",
    )


def _wrk(url, *, seconds, connections, headers=None, script=None):
    """Return (requests per second, p99 latency in ms, requests timed out) of `url` under wrk, with
    `headers` sent and the requests made by the Lua `script` when given. A request unanswered after
    10 s counts as timed out, and not in the latency."""
    import re
    import subprocess

    options = [option for name, value in (headers or {}).items() for option in ("-H", f"{name}: {value}")]
    if script is not None:
        options += ["-s", str(script)]
    output = subprocess.run(
        [_binary("wrk"), "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
        + [*options, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", output).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    if re.search(r"Non-2xx or 3xx responses", output):
        raise RuntimeError(f"{url} answered errors under load:\n{output}")
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    return rate, p99, int(timeouts.group(1)) if timeouts else 0
