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
