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
    assert benchmark_lines("check", "aggregation") == [
        "check: no synthetic province; run python manage.py generate_province first",
        "aggregation: no synthetic province; run python manage.py generate_province first",
    ]


def test_the_check_benchmark_compares_the_loop_with_the_bulk_check():
    generate_province(bureaus=2, departments=2, years=2, seed=5, inconsistent=0.25)
    one, bureau, province = benchmark_lines("check")
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


def test_the_aggregation_benchmark_sums_the_latest_published_year():
    generate_province(bureaus=2, departments=2, years=1, seed=5, inconsistent=0, publish_fraction=1)
    province, city = benchmark_lines("aggregation")
    assert re.fullmatch(
        r"aggregation: 汇总 of 江汉省财政厅 for 2022, 4 published versions, \d+ cells, "
        r"median \d+ ms, \d+ queries \(load [\d.]+\)",
        province,
    )
    assert city.startswith("aggregation: 汇总 of 东湖市财政局 for 2022, 2 published versions, ")
