"""An edition compared with the previous one, applied, copied; load_edition and load_reference_data."""

import io

import pytest
from django.core.management import CommandError, call_command

from accounts import editing, editions
from accounts.models import EconomicSubject, Edition, FunctionalSubject
from accounts.reference_data import shipped_editions

from .workbooks import csv_bytes, shipped_rows

pytestmark = pytest.mark.django_db


def edition_2024(*, drop=(), rename=None, add=()):
    """The shipped 2022 functional list as a bureau's 2024 file, with changes."""
    rename = rename or {}
    rows = [(code, rename.get(code, name)) for code, name in shipped_rows() if code not in drop]
    rows = sorted(rows + list(add))
    return csv_bytes([("科目编码", "科目名称", "说明"), *((code, name, "") for code, name in rows)])


def test_the_preview_lists_what_the_file_adds_renames_and_retires_against_the_previous_edition():
    data = edition_2024(
        drop=("2013901", "2013950", "2013999", "20139"),
        rename={"2210202": "提租补贴（新）"},
        add=(("2050202", "小学教育"),),
    )
    edition_file = editions.read_edition_file(data)
    changes = editions.compare_edition(edition_file, 2026)
    # 20502 普通教育 ships; only 小学教育 is new.
    assert changes.base == 2022
    assert [(line.code, line.name) for line in changes.added] == [("2050202", "小学教育")]
    assert changes.renamed == [("2210202", "提租补贴", "提租补贴（新）")]
    assert changes.retired == [
        ("20139", "社会工作事务"),
        ("2013901", "行政运行"),
        ("2013950", "事业运行"),
        ("2013999", "其他社会工作事务支出"),
    ]
    assert changes.unchanged == 79 - 4 - 1
    assert FunctionalSubject.objects.filter(edition=2026).exists() is False


def test_applying_makes_the_edition_the_files_and_marks_it_whole(final_account):
    call_command("load_reference_data", "--edition", "2024", stdout=io.StringIO())
    data = edition_2024(
        drop=("2013901", "2013950", "2013999", "20139"),
        rename={"2210202": "提租补贴（新）"},
        add=(("2050202", "小学教育"),),
    )
    changes = editions.apply_edition(editions.read_edition_file(data), 2024, source="2024年科目.csv")
    assert ([line.code for line in changes.added], len(changes.renamed), len(changes.retired)) == (
        ["2050202"],
        1,
        4,
    )
    subject = FunctionalSubject.objects.get(edition=2024, code="2050202")
    assert (subject.name, subject.parent.code, subject.parent.parent.code) == ("小学教育", "20502", "205")
    assert FunctionalSubject.objects.get(edition=2024, code="2210202").name == "提租补贴（新）"
    assert FunctionalSubject.objects.filter(edition=2024, code__startswith="20139").exists() is False
    assert FunctionalSubject.objects.filter(edition=2022, code__startswith="20139").count() == 4
    edition = Edition.objects.get(year=2024)
    assert (edition.partial, edition.source) == (False, "2024年科目.csv")


def test_a_retired_subject_that_figures_name_is_kept_and_said(final_account):
    editing.set_income(final_account, code="2013901", source="general_budget", amount="10.00", by=None)
    data = edition_2024(drop=("2013901", "2013950", "2013999", "20139"))
    changes = editions.apply_edition(editions.read_edition_file(data), 2022)
    assert changes.kept_in_use == [("20139", "社会工作事务"), ("2013901", "行政运行")]
    assert changes.retired == [("2013950", "事业运行"), ("2013999", "其他社会工作事务支出")]
    assert sorted(
        FunctionalSubject.objects.filter(edition=2022, code__startswith="20139").values_list(
            "code", flat=True
        )
    ) == [
        "20139",
        "2013901",
    ]


def test_applying_the_same_file_twice_changes_nothing_the_second_time():
    edition_file = editions.read_edition_file(edition_2024(add=(("2050202", "小学教育"),)))
    editions.apply_edition(edition_file, 2030)
    again = editions.apply_edition(edition_file, 2030)
    assert (again.added, again.renamed, again.retired, again.unchanged) == ([], [], [], 80)


def test_an_economic_file_takes_its_groups_from_the_previous_edition_or_the_category():
    data = csv_bytes(
        [
            ("编码", "名称"),
            ("301", "工资福利支出"),
            ("30101", "基本工资"),
            ("302", "商品和服务支出"),
            ("30240", "税金及附加费用"),
        ]
    )
    editions.apply_edition(editions.read_edition_file(data), 2031)
    groups = dict(EconomicSubject.objects.filter(edition=2031).values_list("code", "group"))
    assert groups == {"301": "personnel", "30101": "personnel", "302": "operating", "30240": "operating"}


def test_a_new_edition_starts_as_a_copy_of_the_previous_one():
    added = editions.copy_edition(2022, 2032)
    assert added == 79 + 65
    assert FunctionalSubject.objects.get(edition=2032, code="2210202").parent.code == "22102"
    assert Edition.objects.get(year=2032).partial is True


def test_load_edition_previews_with_dry_run_then_applies(tmp_path):
    path = tmp_path / "2033.csv"
    path.write_bytes(edition_2024(add=(("2050202", "小学教育"),), rename={"2210202": "提租补贴（新）"}))
    out = io.StringIO()
    call_command("load_edition", str(path), "--edition", "2033", "--from", "2022", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "2033.csv：表头在第 1 行；编码 A 列，名称 B 列，说明 C 列。共 80 个功能分类科目。",
        "相对2022 年版：新增 1 个，改名 1 个，删除 0 个，不变 78 个。",
        "  改名 2210202：提租补贴 → 提租补贴（新）",
    ]
    assert FunctionalSubject.objects.filter(edition=2033).exists() is False
    out = io.StringIO()
    call_command("load_edition", str(path), "--edition", "2033", stdout=out)
    assert (
        out.getvalue().splitlines()[-1] == "已载入 2033 年版功能分类科目：新增 80 个，改名 0 个，删除 0 个。"
    )
    assert FunctionalSubject.objects.filter(edition=2033).count() == 80


def test_load_edition_names_the_rows_of_a_bad_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([("科目编码", "科目名称"), ("2050202", "小学教育")]))
    with pytest.raises(CommandError) as excinfo:
        call_command("load_edition", str(path), "--edition", "2034", stdout=io.StringIO())
    assert str(excinfo.value) == "第 2 行：科目 2050202 的上级科目 20502 不在文件中。"


def test_load_reference_data_without_arguments_loads_every_shipped_edition_and_the_format():
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert shipped_editions() == [2022, 2023, 2024, 2025]
    lines = out.getvalue().splitlines()
    assert lines[:4] == [
        f"{year} 年版科目：功能分类 79 个，经济分类 65 个（不完整）。" for year in (2022, 2023, 2024, 2025)
    ]
    assert "报表格式“" in lines[4]
    assert sorted(Edition.objects.filter(partial=True).values_list("year", flat=True)) == [
        2022,
        2023,
        2024,
        2025,
    ]
    assert FunctionalSubject.objects.get(edition=2025, code="2210202").name == "提租补贴"


def test_load_reference_data_leaves_an_edition_a_bureau_loaded_whole():
    editions.apply_edition(
        editions.read_edition_file(edition_2024(rename={"2210202": "提租补贴（新）"})), 2024
    )
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert [line[:4] for line in out.getvalue().splitlines()[:3]] == ["2022", "2023", "2025"]
    assert FunctionalSubject.objects.get(edition=2024, code="2210202").name == "提租补贴（新）"


def test_a_retired_section_a_pending_subject_hangs_under_is_kept(final_account):
    editions.add_pending_subject(final_account, code="2013998", name="某项")
    data = edition_2024(drop=("2013901", "2013950", "2013999", "20139"))
    changes = editions.apply_edition(editions.read_edition_file(data), 2022)
    assert changes.kept_in_use == [("20139", "社会工作事务")]
    assert FunctionalSubject.all_objects.get(code="2013998").parent.code == "20139"
