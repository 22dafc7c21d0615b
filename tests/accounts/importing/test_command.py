import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from accounts.models import FinalAccount, IncomeFact, PrintedCell
from accounts.statements import load_facts

from .conftest import REFERENCE_WORKBOOK
from .workbooks import edited


def run(*args):
    out = io.StringIO()
    call_command("import_final_account", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


def test_a_dry_run_prints_the_findings_and_saves_nothing(draft):
    lines = run(str(REFERENCE_WORKBOOK), "--department", "dongxihu/import", "--year", "2022", "--dry-run")
    assert lines[0] == "工作表“表1” → 表1 收入支出决算总表（万元，42 个金额单元格）"
    assert (
        "  [提示] I1 表1/行27/栏1 印制数与由明细计算的数不一致（尾数误差）：表1/行27/栏1 印制为 12,341.98 万元，"
        "由明细计算为 12,341.99 万元，相差 -0.01 万元（工作表“表1” C32）。" in lines
    )
    assert (
        "  [提示] I2 表2/2210202 印制的科目名称与本年度科目名称不一致：表2 科目 2210202 印制为“房租补贴”，"
        "2022 年版科目名称为“提租补贴”（工作表“表2” D37）；公开的表格使用科目版本的名称。" in lines
    )
    assert lines[-1] == "试运行：未保存任何数据。"
    assert IncomeFact.objects.filter(final_account=draft).count() == 0
    assert PrintedCell.objects.filter(final_account=draft).count() == 0


def test_an_import_saves_the_facts(draft):
    lines = run(str(REFERENCE_WORKBOOK), "--department", "dongxihu/import", "--year", "2022")
    assert lines[-1] == "已导入 2022年度区人社局部门决算，保存印制单元格 775 个。"
    assert load_facts(draft).income[("2080101", "general_budget")] == Decimal("16734300.00")


def test_an_import_for_a_year_without_a_final_account_creates_the_draft(department):
    lines = run(str(REFERENCE_WORKBOOK), "--department", "dongxihu/hrss", "--year", "2022")
    created = FinalAccount.objects.get(department=department, year=2022)
    assert "2022年度区人社局部门决算 尚不存在，已新建为草稿。" in lines
    assert (created.status, created.provenance) == ("draft", "wanyuan_tables")


def test_a_dry_run_for_a_year_without_a_final_account_creates_nothing(department):
    lines = run(str(REFERENCE_WORKBOOK), "--department", "dongxihu/hrss", "--year", "2022", "--dry-run")
    assert "2022年度区人社局部门决算 尚不存在，将新建为草稿。" in lines
    assert FinalAccount.objects.filter(department=department).exists() is False


def test_a_workbook_with_errors_fails_and_saves_nothing(draft, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(edited(lambda wb: wb["表2"].__setitem__("E7", "abc")))
    with pytest.raises(CommandError) as failed:
        run(str(path), "--department", "dongxihu/import", "--year", "2022")
    assert str(failed.value) == "导入失败：1 处错误，未保存任何数据。"
    assert IncomeFact.objects.filter(final_account=draft).count() == 0


def test_an_unknown_department_is_refused(db):
    with pytest.raises(CommandError) as failed:
        run(str(REFERENCE_WORKBOOK), "--department", "nowhere/nobody", "--year", "2022")
    assert str(failed.value) == "找不到部门“nowhere/nobody”（应写作 <财政局标识>/<部门标识>）。"
