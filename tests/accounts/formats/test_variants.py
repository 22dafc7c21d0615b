"""Variants of one year and region: a department's variant decides its final account's format."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.final_accounts import create_final_account, format_and_edition, formats_for
from accounts.models import Department, FinanceBureau
from tests.builders import make_bureau, make_department

from .conftest import load_region


@pytest.fixture
def testregion(db):
    """The usual testregion 2022 format, a 24 类 variant, and the usual one's second version."""
    usual = load_region()
    variant = load_region(variant="24类")
    second = load_region(name="testregion 2022 年格式（修订）", version=2)
    return usual, variant, second


@pytest.fixture
def department(testregion):
    bureau = make_bureau(slug="huangpu", name="黄浦区财政局")
    bureau.region = "testregion"
    bureau.save()
    return make_department(
        bureau, slug="planning", name="上海市黄浦区规划和自然资源局", short_name="区规划资源局"
    )


def test_formats_for_gives_the_newest_version_of_every_variant_usual_first(testregion):
    usual, variant, second = testregion
    assert formats_for(2022, "testregion") == [second, variant]
    assert formats_for(2025, "testregion") == [second, variant]  # in force until the next year's
    assert formats_for(2021, "testregion") == []
    assert [f.category_rows.count() for f in formats_for(2022, "testregion")] == [26, 24]


def test_a_department_without_a_variant_gets_the_usual_layout(department, testregion):
    final_account = create_final_account(department, 2022)
    assert (final_account.report_format, final_account.report_format.version) == (testregion[2], 2)


def test_a_department_with_a_variant_gets_it(department, testregion):
    department.format_variant = "24类"
    department.save()
    final_account = create_final_account(department, 2022)
    assert final_account.report_format == testregion[1]
    assert [row.code for row in final_account.report_format.category_rows.all()][-3:] == ["224", "229", "234"]


def test_a_variant_the_year_lacks_is_refused_naming_those_that_exist(department, testregion):
    department.format_variant = "26类合计"
    department.save()
    with pytest.raises(ValidationError) as excinfo:
        create_final_account(department, 2023)
    assert excinfo.value.messages == [
        "地区“testregion” 2022 年的报表格式没有变体“26类合计”（现有：通用、24类）。"
        "请载入该变体，或在管理后台把部门的格式变体改为现有的一个。"
    ]
    assert department.final_accounts.exists() is False


def test_the_newest_year_in_force_decides_before_the_variant(testregion):
    newer = load_region(year=2024)
    assert format_and_edition("testregion", 2024) == (newer, 2022)
    with pytest.raises(ValidationError) as excinfo:
        format_and_edition("testregion", 2024, "24类")
    assert excinfo.value.code == "no_variant"


def create(path="huangpu/planning", *extra, **names):
    out = io.StringIO()
    options = {
        "bureau_name": "黄浦区财政局",
        "name": "上海市黄浦区规划和自然资源局",
        "short_name": "区规划资源局",
        "region": "testregion",
        **names,
    }
    call_command("create_department", path, *extra, stdout=out, **options)
    return out.getvalue()


def test_create_department_creates_the_bureau_and_sets_the_variant(testregion):
    assert create(variant="24类") == (
        "已新建财政局“黄浦区财政局”（huangpu），地区 testregion。\n"
        "已新建部门“上海市黄浦区规划和自然资源局”（huangpu/planning），格式变体：24类。\n"
    )
    department = Department.objects.get(bureau__slug="huangpu", slug="planning")
    assert (
        department.bureau.name,
        department.bureau.region,
        department.short_name,
        department.format_variant,
    ) == (
        "黄浦区财政局",
        "testregion",
        "区规划资源局",
        "24类",
    )
    assert create_final_account(department, 2022).report_format == testregion[1]


def test_create_department_twice_changes_nothing_and_says_so(testregion):
    create(variant="24类")
    before = list(Department.objects.values()), list(FinanceBureau.objects.values())
    assert create(variant="24类") == (
        "部门“上海市黄浦区规划和自然资源局”（huangpu/planning）已存在且与所给信息一致，未作修改。\n"
    )
    assert (list(Department.objects.values()), list(FinanceBureau.objects.values())) == before


def test_create_department_again_with_other_names_updates_the_department(testregion):
    create(variant="24类")
    assert create(short_name="黄浦规划资源局") == (
        "已更新部门“上海市黄浦区规划和自然资源局”（huangpu/planning）：简称：“区规划资源局” → “黄浦规划资源局”；"
        "格式变体：“24类” → “”。\n"
    )
    assert Department.objects.get(slug="planning").format_variant == ""


def test_a_second_department_joins_the_existing_bureau(testregion):
    create()
    create("huangpu/finance", name="上海市黄浦区财政局机关", short_name="财政局机关")
    assert FinanceBureau.objects.get(slug="huangpu").departments.count() == 2


@pytest.mark.parametrize(
    ("path", "names", "message"),
    [
        (
            "huangpu/planning",
            {"region": "mars"},
            "没有地区“mars”的报表格式（现有地区：national、testregion）。",
        ),
        (
            "huangpu/planning",
            {"variant": "26类"},
            "地区“testregion”没有报表格式变体“26类”（现有：通用、24类）。",
        ),
        ("huangpu", {}, "“huangpu”应写作 财政局标识/部门标识，如 dongxihu/hrss。"),
        (
            "review/planning",
            {},
            "标识“review”是本站页面地址（/review/）的一部分，不能用作财政局标识，请换一个。",
        ),
        (
            "huangpu/上海",
            {},
            "部门标识“上海”：输入由字母，数字，下划线或连字符号组成的有效“字段”。",
        ),
    ],
)
def test_create_department_refuses_bad_input_naming_it(testregion, path, names, message):
    with pytest.raises(CommandError) as excinfo:
        create(path, **names)
    assert str(excinfo.value) == message
    assert FinanceBureau.objects.filter(slug="huangpu").exists() is False


def test_create_department_refuses_a_bureau_that_differs(testregion):
    create()
    with pytest.raises(CommandError) as excinfo:
        create("huangpu/finance", region="national", name="上海市黄浦区财政局机关")
    assert str(excinfo.value) == (
        "财政局“huangpu”已存在，名称为“黄浦区财政局”、地区为“testregion”，与所给的“黄浦区财政局”“national”不同；"
        "请核对，或在管理后台修改财政局。"
    )
