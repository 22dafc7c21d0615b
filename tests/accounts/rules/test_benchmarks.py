import io
import re

import pytest
from django.core.management import call_command

from accounts.benchmarks import rules_bulk_benchmark


@pytest.mark.slow  # a benchmark
@pytest.mark.django_db
def test_rules_benchmarks_print_times_and_queries():
    out = io.StringIO()
    call_command("benchmark", "rules", stdout=out)
    line = out.getvalue().splitlines()[1]
    assert (
        re.fullmatch(
            r"rules: all \d+ rules over the demo, median \d+\.\d ms to evaluate, \d+\.\d ms with facts and statements, "
            r"23 queries",
            line,
        )
        is not None
    )
    [bulk] = rules_bulk_benchmark(count=3)
    assert (
        re.fullmatch(
            r"rules_bulk: 3 varied clones of the demo, \d+\.\d\d s to evaluate every rule \(\d+\.\d ms each, \d+ findings\), "
            r"\d+\.\d\d s to build their statements; 23 queries per final account when loaded from the database",
            bulk,
        )
        is not None
    )
