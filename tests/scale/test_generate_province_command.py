import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import FinalAccount

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # scale: synthetic provinces


def test_the_command_generates_a_province_and_says_what_it_made():
    out = io.StringIO()
    call_command(
        "generate_province",
        "--bureaus",
        "2",
        "--departments",
        "2",
        "--years",
        "2",
        "--seed",
        "5",
        "--inconsistent",
        "0.25",
        "--prefix",
        "gd",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == "  已写入 8/8 份部门决算"
    summary, _, seconds = lines[1].partition("；用时 ")
    assert summary == (
        "已生成 江汉省财政厅（gd）：财政局 2 个，部门 4 个，单位 7 个，部门决算 8 份，数据 713 行；"
        "已公开 0 份（完整渲染 0 份）"
    )
    assert seconds.endswith(" 秒。")
    assert lines[2] == "故意错误 2 份：R23 1 份、R5 1 份。"
    assert FinalAccount.objects.filter(department__bureau__slug__startswith="gd").count() == 8


def test_the_command_refuses_a_prefix_in_use_and_a_fraction_above_one():
    call_command(
        "generate_province", "--bureaus", "1", "--departments", "1", "--years", "1", stdout=io.StringIO()
    )
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "generate_province", "--bureaus", "1", "--departments", "1", "--years", "1", stdout=io.StringIO()
        )
    assert str(excinfo.value) == "标识前缀“syn”已被使用：请换一个前缀，或在新的数据库中生成。"
    with pytest.raises(CommandError) as excinfo:
        call_command("generate_province", "--inconsistent", "2", stdout=io.StringIO())
    assert str(excinfo.value) == "Error: argument --inconsistent: invalid fraction value: '2'"
