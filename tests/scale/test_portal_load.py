"""The portal load run, short (a smoke run, no timing threshold): gunicorn, Redis and nginx on loopback,
each public address of the published demo — with and without cookies, signed in, and search over
rotating queries — answered under wrk without one error response."""

import re

import pytest

from accounts.benchmarks import portal_benchmark
from accounts.reference_data import load_shipped_reference_data

ADDRESSES = [
    "Django  page, no cookie",
    "Django  same bytes from memory",
    "Django  page, visitor's cookies",
    "Django  page, visitor's cookies, as before",
    "Django  page, signed in",
    "Django  PDF, no cookie",
    "Django  PDF, visitor's cookies",
    "Django  API final account, no cookie",
    "Django  API final account, cookies",
    "Django  API final account, cookies, as before",
    "Django  API facts, no cookie",
    "Django  API facts, cookies",
    "Django  search, no cookie",
    "Django  search, visitor's cookies",
    "nginx   exported page",
    "nginx   exported PDF",
    "nginx   exported JSON",
]


@pytest.mark.slow  # gunicorn, nginx and wrk
@pytest.mark.django_db(transaction=True)
def test_a_short_load_run_answers_every_public_address_without_error():
    load_shipped_reference_data(2022)
    # Raises when wrk counts one response that is neither 2xx nor 3xx, or when a server does not start.
    lines = portal_benchmark(seconds=1, connections=4, warmup=1, rounds=1)
    rates = {}
    for line in lines[1:-1]:
        label, rate = re.match(r"  (.+?)\s+(\d+) req/s\s+p99\s+[\d.]+ ms\s+load\s+[\d.]+", line).groups()
        rates[label] = int(rate)
    assert list(rates) == ADDRESSES
    assert all(rate > 0 for rate in rates.values()), rates
    assert "cache Redis" in lines[0] and re.search(r"search over (\d+) rotating queries", lines[0])
    assert int(re.search(r"search over (\d+) rotating", lines[0]).group(1)) >= 100
    # Each figure stands beside its target, and what was measured before where there was a figure.
    assert "target ≥ 1000 req/s, p99 < 100 ms" in lines[3] and "before: 110 req/s" in lines[3]
    assert "target p99 < 150 ms" in lines[13] and "before: 76 req/s" in lines[13]
