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
