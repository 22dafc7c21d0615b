import io

import pytest
from django.core.management import CommandError, call_command


@pytest.mark.slow  # a benchmark
@pytest.mark.django_db
def test_statements_benchmark_prints_time_and_queries():
    out = io.StringIO()
    call_command("benchmark", "statements", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("machine: ")
    assert lines[1].startswith("statements: all nine tables of the demo, median ")
    assert lines[1].endswith(" ms, 15 queries")


@pytest.mark.django_db
def test_unknown_benchmark_is_refused():
    with pytest.raises(CommandError) as excinfo:
        call_command("benchmark", "nonsense", stdout=io.StringIO())
    assert str(excinfo.value).startswith("未知的基准：nonsense。")
