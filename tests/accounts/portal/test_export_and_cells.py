"""PublishedCell rows recorded at publication and backfilled; the static export of every version."""

import io
from decimal import Decimal

from django.core.management import call_command

from accounts.models import PublishedCell
from accounts.publishing import read_verified

from .conftest import published_departments


def test_publication_records_every_amount_with_its_address(district):
    version = published_departments(district, 1)[0]
    cells = PublishedCell.objects.filter(version=version)
    assert cells.count() == 320
    income_total = cells.get(table_kind="income_expenditure_summary", key="income_total")
    assert (income_total.line, income_total.column, income_total.label, income_total.value) == (
        27,
        1,
        "本年收入合计",
        Decimal("1000.00"),
    )
    item = cells.get(table_kind="expenditure", code="2080101", key="basic")
    assert (item.line, item.column, item.label, item.value) == (None, 2, "行政运行", Decimal("1000.00"))
    assert list(cells.filter(table_kind="budgets").values_list("key", "code", "value")) == [
        ("total", "", Decimal("1000.00")),
        ("subject", "2080101", Decimal("1000.00")),
    ]


def test_fill_published_cells_backfills_versions_without_cells(district):
    first, second = published_departments(district, 2)
    recorded = list(
        PublishedCell.objects.filter(version=first).values_list(
            "table_kind", "line", "column", "code", "key", "label", "value"
        )
    )
    PublishedCell.objects.filter(version=first).delete()  # as if published before PublishedCell existed
    out = io.StringIO()
    call_command("fill_published_cells", stdout=out)
    assert out.getvalue() == "补录了 1 个公开版本的数据单元格。\n"
    assert (
        list(
            PublishedCell.objects.filter(version=first).values_list(
                "table_kind", "line", "column", "code", "key", "label", "value"
            )
        )
        == recorded
    )
    call_command("fill_published_cells", stdout=out)
    assert out.getvalue().endswith("补录了 0 个公开版本的数据单元格。\n")
    assert PublishedCell.objects.filter(version=second).count() == 320


def test_export_writes_every_version_as_static_files(client, district, tmp_path):
    version = published_departments(district, 1)[0]
    out = io.StringIO()
    call_command("export_published", str(tmp_path / "site"), "--listen", "127.0.0.1:9000", stdout=out)
    assert out.getvalue().startswith("导出了 1 个公开版本：")
    base = tmp_path / "site" / "dongxihu" / "hrss" / "2022"
    assert (base / "v1" / "pdf" / "index.pdf").read_bytes() == read_verified(version, "pdf")
    served_json = client.get("/dongxihu/hrss/2022/v1/json/").content
    assert (base / "v1" / "json" / "index.json").read_bytes() == served_json
    assert (base / "json" / "index.json").read_bytes() == served_json
    assert (base / "v1" / "tables" / "3.csv").read_bytes() == client.get(
        "/dongxihu/hrss/2022/v1/tables/3.csv"
    ).content
    page = (base / "v1" / "index.html").read_text(encoding="utf-8")
    assert read_verified(version, "html").decode() in page
    assert '<link rel="stylesheet" href="/static/css/portal.css">' in page
    assert (tmp_path / "site" / "static" / "css" / "portal.css").exists()
    assert "listen 127.0.0.1:9000;" in (tmp_path / "site" / "nginx.conf.example").read_text(encoding="utf-8")
    assert sorted(p.name for p in (base / "v1").iterdir()) == [
        "index.html",
        "json",
        "pdf",
        "tables",
        "tables.csv",
        "tables.xlsx",
    ]
