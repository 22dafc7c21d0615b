import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from accounts.models import CategoryRow, EconomicSubject, FunctionalSubject, ReportFormat
from accounts.reference_data import load_functional_subjects


@pytest.mark.django_db
def test_shipped_reference_data_holds_the_subjects_and_format_of_the_reference_disclosure():
    subject = FunctionalSubject.objects.get(edition=2022, code="2210202")
    assert (subject.name, subject.parent.code, subject.level) == ("提租补贴", "22102", "item")
    assert EconomicSubject.objects.get(edition=2022, code="30217").group == "operating"
    report_format = ReportFormat.objects.get(year=2022, region="national")
    assert [t.number for t in report_format.tables.all()] == list(range(1, 10))
    rows = list(CategoryRow.objects.filter(report_format=report_format))
    assert len(rows) == 26
    assert (rows[0].name, rows[0].summary_line, rows[0].appropriation_line) == ("一般公共服务支出", 32, 33)
    assert (rows[7].code, rows[7].name, rows[7].summary_line) == ("208", "社会保障和就业支出", 39)
    assert (rows[-1].name, rows[-1].summary_line, rows[-1].appropriation_line) == (
        "抗疫特别国债安排的支出",
        57,
        58,
    )


@pytest.mark.django_db
def test_load_reference_data_command_is_idempotent():
    before = FunctionalSubject.objects.filter(edition=2022).count()
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert FunctionalSubject.objects.filter(edition=2022).count() == before
    assert out.getvalue().startswith("2022 年版科目：功能分类 79 个，经济分类 65 个")


@pytest.mark.django_db
def test_a_file_with_an_unknown_parent_is_refused_with_the_code(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_text("code,name,parent,explanation\n2990101,某项,29901,\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "load_reference_data", "--edition", "2022", "--functional", str(path), stdout=io.StringIO()
        )
    assert str(excinfo.value) == "科目 2990101 的上级科目 29901 既不在文件中，也不在已有科目中。"
    assert not FunctionalSubject.objects.filter(code="2990101").exists()


@pytest.mark.django_db
def test_malformed_codes_and_wrong_parents_are_each_named():
    rows = [
        {"code": "20X01", "name": "坏编码", "parent": "208"},
        {"code": "2080108", "name": "某项", "parent": "208"},
    ]
    with pytest.raises(ValidationError) as excinfo:
        load_functional_subjects(2022, rows)
    assert excinfo.value.messages == [
        "第 2 行：功能分类科目编码“20X01”格式不正确（须为 3/5/7 位数字）。",
        "第 3 行：科目 2080108 的上级科目应为“20801”，文件中为“208”。",
    ]


@pytest.mark.django_db
def test_a_complete_list_can_add_subjects_to_an_edition(tmp_path):
    path = tmp_path / "more.csv"
    path.write_text(
        "code,name,parent,explanation\n2080111,公共就业服务和职业技能鉴定机构,20801,反映……\n",
        encoding="utf-8",
    )
    call_command("load_reference_data", "--functional", str(path), stdout=io.StringIO())
    added = FunctionalSubject.objects.get(edition=2022, code="2080111")
    assert (added.parent.code, added.explanation) == ("20801", "反映……")


@pytest.mark.django_db
def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        call_command("load_reference_data", "--economic", str(tmp_path / "none.csv"), stdout=io.StringIO())
    assert str(excinfo.value) == f"找不到文件：{tmp_path / 'none.csv'}"


def test_shipped_format_file_lists_the_nine_official_titles():
    from accounts.reference_data import default_format_file

    data = json.loads(default_format_file(2022).read_text(encoding="utf-8"))
    assert [t["title"] for t in data["tables"]] == [
        "收入支出决算总表",
        "收入决算表",
        "支出决算表",
        "财政拨款收入支出决算总表",
        "一般公共预算财政拨款支出决算表",
        "一般公共预算财政拨款基本支出决算明细表",
        "政府性基金预算财政拨款收入支出决算表",
        "国有资本经营预算财政拨款支出决算表",
        "财政拨款“三公”经费支出决算表",
    ]
