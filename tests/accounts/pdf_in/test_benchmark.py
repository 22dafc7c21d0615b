"""benchmark_pdf_reading prints pages per second and peak memory over our own rendered PDFs."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.models import FinalAccount


@pytest.mark.slow
def test_the_benchmark_reads_the_demo_and_synthetic_pdfs_and_leaves_no_data(db):
    out = io.StringIO()
    call_command("benchmark_pdf_reading", "--synthetic", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("machine: ")
    assert re.fullmatch(
        r"演示：2022年度区人社局部门决算: 42 页，21 张表，13 节说明，[0-9.]+ 秒，[0-9.]+ 页/秒，Python 分配峰值 [0-9.]+ MiB",
        lines[1],
    )
    assert lines[2].startswith("合成：")
    assert re.fullmatch(
        r"合计：[0-9]+ 页，[0-9.]+ 秒，[0-9.]+ 页/秒；Python 分配峰值 [0-9.]+ MiB，进程常驻内存峰值 [0-9]+ MiB。",
        lines[3],
    )
    assert FinalAccount.objects.count() == 0
