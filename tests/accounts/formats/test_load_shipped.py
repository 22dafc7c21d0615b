"""load_reference_data loads every shipped format file, once."""

import io

from django.core.management import call_command

from accounts.models import ReportFormat
from accounts.reference_data import load_shipped_formats, shipped_editions, shipped_format_files


def test_load_shipped_formats_loads_every_file_and_again_changes_nothing(db):
    ReportFormat.objects.all().delete()
    first = load_shipped_formats()
    assert [loaded.outcome for loaded in first] == ["created"] * len(shipped_format_files())
    assert [
        (f.region, f.year, f.variant, f.version) for f in ReportFormat.objects.order_by("region", "year")
    ][:1] == [("national", 2022, "", 1)]
    again = load_shipped_formats()
    assert [(loaded.report_format, loaded.outcome) for loaded in again] == [
        (loaded.report_format, "unchanged") for loaded in first
    ]


def test_the_command_without_arguments_reports_each_shipped_format(db):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    lines = out.getvalue().splitlines()
    editions = shipped_editions()
    assert lines[0].startswith("2022 年版科目：功能分类 ") and lines[0].endswith("（不完整）。")
    assert len(lines) == len(editions) + len(shipped_format_files())
    assert "报表格式“2022 年度部门决算公开格式（全国通用）”（national 2022 第 1 版）：未变。" in lines
