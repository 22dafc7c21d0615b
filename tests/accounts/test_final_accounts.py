"""Creating a final account: format and edition chosen one way, whoever creates it."""

import pytest
from django.core.exceptions import ValidationError

from accounts.final_accounts import create_final_account, format_and_edition
from accounts.models import FinalAccount, ReportFormat
from accounts.reference_data import load_functional_subjects
from tests.builders import make_bureau, make_department


def test_a_new_final_account_takes_the_newest_format_and_edition_not_later_than_its_year(department):
    national_2022 = ReportFormat.objects.get(year=2022, region="national")
    ReportFormat.objects.create(year=2025, region="national", name="2025 年全国通用格式")
    load_functional_subjects(2025, [{"code": "208", "name": "社会保障和就业支出", "parent": ""}])
    final_account = create_final_account(department, 2024, entry_unit="wanyuan")
    assert (final_account.report_format, final_account.edition, final_account.entry_unit) == (
        national_2022,
        2022,
        "wanyuan",
    )
    assert final_account.status == FinalAccount.Status.DRAFT


def test_the_bureaus_region_chooses_the_format(db):
    shanghai = ReportFormat.objects.create(year=2021, region="shanghai", name="上海市格式")
    department = make_department(make_bureau(slug="huangpu", name="黄浦区财政局"))
    department.bureau.region = "shanghai"
    department.bureau.save()
    assert format_and_edition("shanghai", 2022) == (shanghai, 2022)


def test_a_region_without_a_format_is_refused_rather_than_given_the_national_one(db):
    with pytest.raises(ValidationError) as excinfo:
        format_and_edition("shanghai", 2022)
    assert excinfo.value.messages == [
        "没有地区“shanghai” 2022 年或更早的报表格式，请先运行 python manage.py load_reference_data 载入。"
    ]


def test_a_year_before_any_edition_is_refused(db):
    with pytest.raises(ValidationError) as excinfo:
        format_and_edition("national", 2019)
    assert excinfo.value.messages == ["没有 2019 年或更早的《政府收支分类科目》，请先载入科目。"]


def test_a_year_that_exists_is_refused(final_account):
    with pytest.raises(ValidationError) as excinfo:
        create_final_account(final_account.department, 2022)
    assert (excinfo.value.code, excinfo.value.messages) == ("exists", ["区人社局 2022 年度的决算已存在。"])
