"""python manage.py check_final_accounts: text and JSON output, exit status, choice of final accounts."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts import editing

from .builders import WAN


def check(*args):
    out = io.StringIO()
    call_command("check_final_accounts", *args, stdout=out)
    return out.getvalue()


def test_a_final_account_without_errors_passes(consistent):
    assert (
        check("dongxihu/hrss", "2022")
        == "2022年度区人社局部门决算（dongxihu/hrss 2022）：错误 0，警告 0，提示 0\n"
    )


def test_an_error_is_listed_and_makes_the_command_fail(consistent):
    editing.set_basic_detail(consistent, code="30101", amount="500.01", **WAN)
    out = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("check_final_accounts", "dongxihu/hrss", "2022", stdout=out)
    assert excinfo.value.returncode == 1
    assert str(excinfo.value) == "1 份部门决算存在错误：2022年度区人社局部门决算。"
    assert out.getvalue().splitlines() == [
        "2022年度区人社局部门决算（dongxihu/hrss 2022）：错误 1，警告 0，提示 0",
        "  [错误] R23 表5/合计/栏2：表5 基本支出合计应等于表6 人员经费合计与公用经费合计之和"
        "（应为 9,000,100.00 元，实际 9,000,000.00 元，差额 -100.00 元）",
    ]


def test_json_output_lists_findings_with_figures_in_yuan(consistent):
    editing.set_budget(consistent, code="2101101", amount=None, by=None)
    result = json.loads(check("dongxihu/hrss", "2022", "--format", "json"))
    assert result == [
        {
            "final_account": "dongxihu/hrss/2022",
            "name": "2022年度区人社局部门决算",
            "counts": {"error": 0, "warning": 1, "notice": 0},
            "findings": [
                {
                    "rule_id": "P5",
                    "severity": "warning",
                    "message": "项级科目 2101101 行政单位医疗 有支出但未填报年初预算",
                    "target": "表5/2101101/栏1",
                    "cells": ["表5/2101101/栏1"],
                    "addresses": ["cell|general_budget_expenditure|2101101|1"],
                    "expected": None,
                    "actual": "3000000.00",
                    "difference": None,
                    "unit": "元",
                    "sentence": "",
                }
            ],
        }
    ]


def test_all_checks_every_final_account(consistent):
    from tests.builders import make_department, make_final_account

    from .builders import fill_consistent

    fill_consistent(
        make_final_account(
            make_department(
                consistent.department.bureau, slug="finance", name="区财政局机关", short_name="区财政局机关"
            )
        )
    )
    out = check("--all").splitlines()
    assert [line for line in out if not line.startswith("  ")] == [
        "2022年度区财政局机关部门决算（dongxihu/finance 2022）：错误 0，警告 0，提示 0",
        "2022年度区人社局部门决算（dongxihu/hrss 2022）：错误 0，警告 0，提示 0",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "请指定 <财政局标识>/<部门标识> <年度>，或使用 --all。"),
        (("dongxihu/hrss", "2022", "--all"), "使用 --all 时不能再指定部门和年度。"),
        (("dongxihu/hrss", "2021"), "找不到 dongxihu/hrss 2021 年度的部门决算。"),
    ],
)
def test_wrong_arguments_are_refused(consistent, args, message):
    with pytest.raises(CommandError) as excinfo:
        check(*args)
    assert str(excinfo.value) == message
