"""The province benchmarks run on a tiny province and print their figures; no timing is asserted here."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.synthetic import generate_province

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # scale: synthetic provinces


def benchmark_lines(*names):
    out = io.StringIO()
    call_command("benchmark", *names, stdout=out)
    return out.getvalue().splitlines()[1:]  # after the machine line


def test_the_province_benchmarks_say_when_there_is_no_province():
    assert benchmark_lines("check", "aggregation", "check_profile") == [
        "check: no synthetic province; run python manage.py generate_province first",
        "aggregation: no synthetic province; run python manage.py generate_province first",
        "check_profile: no synthetic province; run python manage.py generate_province first",
    ]


def test_the_check_benchmark_compares_the_loop_with_the_bulk_check():
    generate_province(bureaus=2, departments=2, years=2, seed=5, inconsistent=0.25)
    one, bureau, province, target = benchmark_lines("check")
    assert re.fullmatch(
        r"check: one synthetic final account \(.+\), median [\d.]+ ms, 20 queries \(load [\d.]+\)", one
    )
    assert re.fullmatch(
        r"  one bureau \(syn-c01, 4 final accounts\): per-account loop [\d.]+ s, \d+ queries; bulk [\d.]+ s, 21 queries; "
        r"bulk takes \d+ % of the loop's time; same findings: True \(load [\d.]+\)",
        bureau,
    )
    assert re.fullmatch(
        r"  whole province \(8 final accounts, chunks of 500\): bulk [\d.]+ s \([\d.]+ ms each\), 21 queries; of "
        r"which loading the facts [\d.]+ s, 15 queries; findings: R23 error 1, R5 error 1 \(load [\d.]+\)",
        province,
    )
    assert re.fullmatch(
        r"  target: 5000 final accounts in ≤ 10 s \(2.0 ms each\): (met|not met); before \(2026-11-27, load 1.1\): "
        r"35.8 s, 7.2 ms each",
        target,
    )


def test_the_check_profile_shows_where_the_time_of_a_bulk_check_goes():
    generate_province(bureaus=1, departments=2, years=2, seed=5, inconsistent=0)
    heading, *areas = benchmark_lines("check_profile")
    assert re.fullmatch(
        r"check_profile: bulk check of 4 synthetic final accounts under cProfile, [\d.]+ s \([\d.]+ ms each, "
        r"slower than unprofiled\) \(load [\d.]+\)",
        heading,
    )
    shares = {}
    for line in areas[:9]:
        share, label = re.fullmatch(r"\s+([\d.]+) %  (.+)", line).groups()
        shares[label] = float(share)
    assert round(sum(shares.values())) == 100
    assert shares["statements (accounts/statements: building the nine tables)"] > 0
    assert shares["rule engine and quantities (engine.py, quantities.py)"] > 0
    assert areas[9] == "  costliest juesuan functions (cumulative time, % of the whole):"
    assert any(
        "accounts/statements/__init__.py" in line and "build_statements (4 calls)" in line for line in areas
    )


def test_the_aggregation_benchmark_sums_the_latest_published_year():
    generate_province(bureaus=2, departments=2, years=1, seed=5, inconsistent=0, publish_fraction=1)
    province, city = benchmark_lines("aggregation")
    assert re.fullmatch(
        r"aggregation: 汇总 of 江汉省财政厅 for 2022, 4 published versions, \d+ cells, "
        r"median \d+ ms, \d+ queries \(load [\d.]+\)",
        province,
    )
    assert city.startswith("aggregation: 汇总 of 东湖市财政局 for 2022, 2 published versions, ")
