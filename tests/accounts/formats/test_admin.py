"""Formats in the admin: validated like files, copied, edited as a new version once in use."""

import json

import pytest
from django.contrib.auth import get_user_model

from accounts.models import FinalAccount, FormatChange, ReportFormat
from tests.builders import make_department, make_final_account

URL = "/admin/accounts/reportformat/"


@pytest.fixture
def admin_client(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery")
    client.force_login(admin)
    return client


@pytest.fixture
def national(db):
    return ReportFormat.objects.get(year=2022, region="national", version=1)


def form_data(report_format, **changes):
    """Return the admin change form's POST data for `report_format` as saved, with `changes` applied.

    `changes` maps "name" or "tables-<i>-<field>" to a new value.
    """
    data = {
        "year": report_format.year,
        "region": report_format.region,
        "variant": report_format.variant,
        "name": report_format.name,
        "source": report_format.source,
        "line_numbers": "on" if report_format.line_numbers else "",
        "labels": json.dumps(report_format.labels, ensure_ascii=False),
        "document": json.dumps(report_format.document, ensure_ascii=False),
    }
    tables = list(report_format.tables.order_by("number"))
    rows = list(report_format.category_rows.order_by("position"))
    for prefix, items in (("tables", tables), ("category_rows", rows)):
        data |= {
            f"{prefix}-TOTAL_FORMS": len(items),
            f"{prefix}-INITIAL_FORMS": len(items),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    for i, table in enumerate(tables):
        data |= {
            f"tables-{i}-id": table.pk,
            f"tables-{i}-report_format": report_format.pk,
            f"tables-{i}-kind": table.kind,
            f"tables-{i}-number": table.number,
            f"tables-{i}-title": table.title,
            f"tables-{i}-notes": json.dumps(table.notes, ensure_ascii=False),
            f"tables-{i}-empty_sentence": table.empty_sentence,
            f"tables-{i}-layout": json.dumps(table.layout, ensure_ascii=False),
        }
    for i, row in enumerate(rows):
        data |= {
            f"category_rows-{i}-id": row.pk,
            f"category_rows-{i}-report_format": report_format.pk,
            **{
                f"category_rows-{i}-{field}": getattr(row, field)
                for field in ("position", "code", "name", "summary_line", "appropriation_line")
            },
        }
    for key, value in changes.items():
        data[key] = value
    return data


def test_the_change_page_shows_the_tables_rows_and_outline(admin_client, national):
    content = admin_client.get(f"{URL}{national.pk}/change/").content.decode()
    assert "表9 财政拨款“三公”经费支出决算表<small>（财政拨款“三公”经费支出决算表）</small>" in content
    assert "：本年收入合计（1栏）、财政拨款收入（2栏）" in content
    assert "<h4>表1、表4 类级行（26 行）</h4><p>一、一般公共服务支出、二、外交支出" in content
    assert "未被已报送或已公开的决算使用，可直接修改（草稿 0 份使用本版）。" in content


def test_a_format_without_a_document_says_it_prints_the_national_outline(admin_client, db):
    from accounts.reference_data import load_report_format

    from .conftest import region_data

    data = region_data()
    data.pop("document", None)
    report_format = load_report_format(data)
    content = admin_client.get(f"{URL}{report_format.pk}/change/").content.decode()
    assert "<h4>文档</h4><p>未设定文档结构：按全国通用的结构印制。</p>" in content


def test_the_outline_numbers_parts_and_nested_sections(admin_client, db):
    from .conftest import load_region

    document = {
        "cover_title": "{department}{year}年度部门决算",
        "parts": [
            {"key": "overview", "title": "第一部分　部门概况"},
            {
                "key": "explanations",
                "title": "第三部分　情况说明",
                "sections": [
                    {"key": "overview", "title": "收入支出决算总体情况"},
                    {
                        "key": "other_matters",
                        "title": "其他重要事项的情况说明",
                        "sections": [{"key": "operating_costs", "title": "机关运行经费支出情况"}],
                    },
                ],
            },
        ],
    }
    report_format = load_region(document=document)
    content = admin_client.get(f"{URL}{report_format.pk}/change/").content.decode()
    assert (
        "<p>封面：{department}{year}年度部门决算</p><ol class='format-outline'><li>第一部分　部门概况</li>"
        "<li>第三部分　情况说明<ul><li>一、收入支出决算总体情况</li><li>二、其他重要事项的情况说明"
        "<ul><li>（一）机关运行经费支出情况</li></ul></li></ul></li></ol>"
    ) in content
    assert "：本年收入合计、财政拨款收入、" in content  # no 栏次 where the format prints none


def test_editing_a_format_no_one_submitted_changes_it_in_place(admin_client, national, final_account):
    response = admin_client.post(
        f"{URL}{national.pk}/change/", form_data(national, **{"tables-2-title": "支出表"})
    )
    assert (response.status_code, response["Location"]) == (302, URL)
    assert national.tables.get(number=3).title == "支出表"
    assert ReportFormat.objects.filter(region="national", year=2022).count() == 1


def test_editing_a_format_in_use_saves_a_new_version(admin_client, national, final_account):
    FinalAccount.objects.filter(pk=final_account.pk).update(status="published")
    draft = make_final_account(
        make_department(final_account.department.bureau, slug="finance", name="财政局机关")
    )
    page = admin_client.get(f"{URL}{national.pk}/change/").content.decode()
    assert "保存修改将另存为第 2 版（草稿 1 份仍用本版" in page
    assert 'name="year"' not in page  # year, region and variant are fixed once in use

    response = admin_client.post(
        f"{URL}{national.pk}/change/", form_data(national, **{"tables-2-title": "支出表", "name": "修订格式"})
    )
    new = ReportFormat.objects.get(region="national", year=2022, version=2)
    assert (response.status_code, response["Location"]) == (302, f"{URL}{new.pk}/change/")
    assert (new.name, new.tables.get(number=3).title, new.category_rows.count()) == ("修订格式", "支出表", 26)
    assert (national.tables.get(number=3).title, ReportFormat.objects.get(pk=national.pk).name) == (
        "支出决算表",
        national.name,
    )
    assert FinalAccount.objects.get(pk=draft.pk).report_format == national

    response = admin_client.post(URL, {"action": "move_drafts_here", "_selected_action": [new.pk]})
    assert response.status_code == 302
    assert FinalAccount.objects.get(pk=draft.pk).report_format == new
    assert FinalAccount.objects.get(pk=final_account.pk).report_format == national
    assert FormatChange.objects.get().reason == "管理员改用第 2 版格式"


def test_an_invalid_edit_is_refused_naming_the_field(admin_client, national):
    layout = dict(national.tables.get(number=9).layout, arrangement="rows")
    data = form_data(
        national,
        **{"tables-8-layout": json.dumps(layout), "category_rows-1-code": "20", "document": '{"parts": []}'},
    )
    content = admin_client.post(f"{URL}{national.pk}/change/", data).content.decode()
    assert "tables[8].layout.arrangement: 应为 blocks 或 pairs，文件中为 &quot;rows&quot;" in content
    assert "category_rows[1].code: 应为 3 位数字的类级科目编码，文件中为 &quot;20&quot;" in content
    assert "document.parts: 至少应有 1 项" in content
    assert national.tables.get(number=9).layout.get("arrangement") is None


def test_copy_actions_make_a_new_version_and_a_new_variant(admin_client, national):
    admin_client.post(URL, {"action": "copy_as_new_version", "_selected_action": [national.pk]})
    admin_client.post(URL, {"action": "copy_as_new_variant", "_selected_action": [national.pk]})
    admin_client.post(URL, {"action": "copy_as_new_variant", "_selected_action": [national.pk]})
    copies = ReportFormat.objects.filter(region="national", year=2022).order_by("variant", "version")
    assert [(f.variant, f.version, f.tables.count(), f.category_rows.count()) for f in copies] == [
        ("", 1, 9, 26),
        ("", 2, 9, 26),
        ("副本", 1, 9, 26),
        ("副本2", 1, 9, 26),
    ]


def test_a_format_in_use_cannot_be_deleted(admin_client, national, final_account):
    FinalAccount.objects.filter(pk=final_account.pk).update(status="submitted")
    assert admin_client.post(f"{URL}{national.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ReportFormat.objects.filter(pk=national.pk).exists() is True


@pytest.mark.parametrize("item_count", [1, 3])
def test_the_format_list_takes_as_many_queries_for_one_format_as_for_three(
    admin_client, national, final_account, item_count, django_assert_num_queries
):
    from .conftest import load_region

    FinalAccount.objects.filter(pk=final_account.pk).update(status="submitted")
    for year in range(2022, 2022 + item_count - 1):
        load_region(year=year)
    with django_assert_num_queries(7):
        response = admin_client.get(URL)
    assert response.context["cl"].result_count == item_count
    assert response.content.decode().count('alt="True"') == 1
