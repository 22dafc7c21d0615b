"""Versions: a format in use is read-only; changes make a new version that drafts take only when moved."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.final_accounts import move_drafts, use_format
from accounts.models import FinalAccount, FormatChange, ReportFormat
from accounts.reference_data import format_data, load_format_file, save_format_version
from tests.accounts.portal.conftest import enter_clean_figures, publish
from tests.accounts.portal.test_frozen_layout import answers
from tests.builders import make_department, make_final_account, make_user

from .conftest import national_data

IN_USE = (
    "报表格式“2022 年度部门决算公开格式（全国通用）”（第 1 版）已被已报送、已审核或已公开的决算使用，不能修改；"
    "请复制为新版本后修改，再把草稿改用新版本。"
)


@pytest.fixture
def national(db):
    return ReportFormat.objects.get(year=2022, region="national", variant="", version=1)


def retitled(data, title="支出决算明细表"):
    data["tables"][2]["title"] = title
    return data


def submitted(final_account):
    FinalAccount.objects.filter(pk=final_account.pk).update(status=FinalAccount.Status.SUBMITTED)
    return final_account


def test_loading_the_same_file_again_changes_nothing(national):
    before = format_data(national)
    loaded = load_format_file(national_data())
    assert (loaded.report_format, loaded.outcome) == (national, "unchanged")
    assert format_data(ReportFormat.objects.get(pk=national.pk)) == before


def test_a_changed_file_for_a_format_no_one_submitted_updates_it_in_place(national, final_account):
    loaded = load_format_file(retitled(national_data()))
    assert (loaded.report_format, loaded.outcome) == (national, "updated")
    assert national.tables.get(number=3).title == "支出决算明细表"
    assert ReportFormat.objects.filter(year=2022, region="national").count() == 1


def test_a_changed_file_for_a_format_in_use_becomes_the_next_version(national, final_account):
    submitted(final_account)
    loaded = load_format_file(retitled(national_data()))
    assert (loaded.outcome, loaded.report_format.version, str(loaded)) == (
        "new_version",
        2,
        "报表格式“2022 年度部门决算公开格式（全国通用）”（national 2022 第 2 版）：已建新版本",
    )
    assert national.tables.get(number=3).title == "支出决算表"
    assert loaded.report_format.tables.get(number=3).title == "支出决算明细表"
    assert final_account.report_format == national
    # Loading the file once more finds the new version and changes nothing.
    assert load_format_file(retitled(national_data())).outcome == "unchanged"
    assert ReportFormat.objects.filter(year=2022, region="national").count() == 2


def test_the_models_refuse_to_change_a_format_in_use(national, final_account):
    submitted(final_account)
    national.name = "改名"
    with pytest.raises(ValidationError) as excinfo:
        national.save()
    assert excinfo.value.messages == [IN_USE.replace("2022 年度部门决算公开格式（全国通用）", "改名")]
    table = national.tables.get(number=3)
    table.title = "支出决算明细表"
    with pytest.raises(ValidationError):
        table.save()
    with pytest.raises(ValidationError):
        national.category_rows.first().delete()
    with pytest.raises(ValidationError) as excinfo:
        ReportFormat.objects.get(pk=national.pk).full_clean()
    assert excinfo.value.messages == [IN_USE]
    assert national.tables.get(number=3).title == "支出决算表"


def test_a_format_is_in_use_only_once_submitted_or_published(national, final_account):
    assert national.is_in_use() is False
    for status, in_use in [("returned", False), ("submitted", True), ("approved", True), ("published", True)]:
        FinalAccount.objects.filter(pk=final_account.pk).update(status=status)
        assert (status, national.is_in_use()) == (status, in_use)


def test_save_format_version_edits_a_draft_only_format_in_place_and_a_used_one_as_a_copy(
    national, final_account
):
    data = retitled(format_data(national))
    assert save_format_version(national, data).outcome == "updated"
    submitted(final_account)
    new = save_format_version(national, retitled(format_data(national), "支出决算表（修订）"))
    assert (new.outcome, new.report_format.version) == ("new_version", 2)
    with pytest.raises(ValidationError) as excinfo:
        save_format_version(national, {**data, "line_numbers": "no"})
    assert excinfo.value.messages == ['line_numbers: 应为true 或 false，文件中为 "no"']


def test_use_format_moves_a_draft_and_records_who_and_why(national, final_account):
    other = make_final_account(
        make_department(
            final_account.department.bureau, slug="finance", name="财政局机关", short_name="财政局机关"
        )
    )
    submitted(other)
    second = load_format_file(retitled(national_data())).report_format
    admin = make_user("admin")
    change = use_format(final_account, second, by=admin, reason="采用修订后的表3标题")
    assert final_account.report_format == second
    assert FinalAccount.objects.get(pk=final_account.pk).report_format == second
    assert (change.old_format, change.new_format, change.user, change.reason) == (
        national,
        second,
        admin,
        "采用修订后的表3标题",
    )
    assert use_format(final_account, second, by=admin, reason="再次") is None
    with pytest.raises(ValidationError) as excinfo:
        use_format(other, second, by=admin, reason="x")
    assert excinfo.value.messages == [
        "2022年度财政局机关部门决算状态为“已报送”，只有草稿或已退回的决算可以更换报表格式。"
    ]
    assert FormatChange.objects.count() == 1


def test_use_format_refuses_another_regions_format_and_an_empty_reason(national, final_account):
    from .conftest import load_region

    other_region = load_region()
    with pytest.raises(ValidationError) as excinfo:
        use_format(final_account, other_region, by=None, reason="换格式")
    assert excinfo.value.messages == [
        "报表格式“testregion 2022 年格式”（testregion 2022 年）不适用于全国通用 2022 年度的决算。"
    ]
    national_again = load_format_file(retitled(national_data())).report_format
    submitted_other = make_final_account(
        make_department(final_account.department.bureau, slug="x", name="某局")
    )
    submitted(submitted_other)
    with pytest.raises(ValidationError) as excinfo:
        use_format(final_account, national_again, by=None, reason="  ")
    assert excinfo.value.messages == ["请写明更换报表格式的原因。"]


def test_move_to_format_command_moves_a_draft_to_a_version(national, final_account):
    submitted(
        make_final_account(
            make_department(
                final_account.department.bureau, slug="finance", name="财政局机关", short_name="财政局机关"
            )
        )
    )
    load_format_file(retitled(national_data()))
    out = io.StringIO()
    call_command(
        "move_to_format", "dongxihu/hrss", "2022", "--format-version", "2", "--reason", "新版本", stdout=out
    )
    assert (
        out.getvalue()
        == "2022年度区人社局部门决算已改用“2022 年度部门决算公开格式（全国通用）”（通用 第 2 版），原为第 1 版。\n"
    )
    assert FinalAccount.objects.get(pk=final_account.pk).report_format.version == 2
    with pytest.raises(CommandError) as excinfo:
        call_command("move_to_format", "dongxihu/hrss", "2022", "--format-version", "7", "--reason", "x")
    assert (
        str(excinfo.value)
        == "national 2022 年没有变体“通用”第 7 版的报表格式（现有：通用 第 1 版、通用 第 2 版）。"
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("move_to_format", "dongxihu/nobody", "2022", "--reason", "x")
    assert str(excinfo.value) == "没有 dongxihu/nobody 2022 年度的决算。"


def test_a_new_version_and_a_moved_draft_leave_the_published_output_byte_identical(client, national, bureau):
    published = publish(enter_clean_figures(make_final_account(make_department(bureau)), "1000.00"))
    draft = make_final_account(make_department(bureau, slug="finance", name="武汉市东西湖区财政局机关"))
    before = answers(client)
    page = client.get("/dongxihu/hrss/2022/").content

    new = save_format_version(national, retitled(format_data(national)))
    changes = move_drafts(new.report_format, by=None, reason="采用第 2 版")

    assert (new.outcome, [c.final_account for c in changes]) == ("new_version", [draft])
    assert FinalAccount.objects.get(pk=draft.pk).report_format == new.report_format
    assert published.final_account.report_format == national
    assert answers(client) == before
    assert client.get("/dongxihu/hrss/2022/").content == page
