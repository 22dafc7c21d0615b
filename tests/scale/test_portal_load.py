"""The portal load run, short (a smoke run, no timing threshold): gunicorn and nginx on loopback, each
public address of the published demo answered under wrk without one error response."""

import re

import pytest

from accounts.benchmarks import portal_benchmark
from accounts.reference_data import load_shipped_reference_data

ADDRESSES = [
    "Django  published page (current URL)",
    "Django  same bytes from memory",
    "Django  PDF download (version URL)",
    "Django  API final account (JSON)",
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
        label, rate = re.fullmatch(r"  (.+?)\s+(\d+) req/s\s+p99\s+[\d.]+ ms", line).groups()
        rates[label] = int(rate)
    assert list(rates) == ADDRESSES
    assert all(rate > 0 for rate in rates.values()), rates
