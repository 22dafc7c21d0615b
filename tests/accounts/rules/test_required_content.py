"""What each shipped format requires before submission (document.required_content), and what it finds."""

import json
from decimal import Decimal

import pytest

from accounts import demo, editing, workflow
from accounts.format_schema import format_errors
from accounts.models import FinalAccount, ReportFormat
from accounts.reference_data import DATA_DIR, load_shipped_formats, read_format_file, shipped_format_files
from accounts.rules import check_final_account
from accounts.rules.completeness import required_content
from tests.accounts.workflow.conftest import SIGN_OFF
from tests.builders import fill_required_content, make_accountant, make_final_account

NATIONAL = {
    "texts": ["main_functions", "unit_composition", "key_work"],
    "expected_texts": [
        "total_change_reason",
        "appropriation_change_reason",
        "general_budget_change_reason",
        "official_expenses_budget_reason",
        "official_expenses_change_reason",
        "operating_costs_change_reason",
    ],
    "department_self_evaluation": True,
}
SHANGHAI = {
    "texts": ["main_functions", "unit_composition", "performance_management"],
    "expected_texts": [
        "total_change_reason",
        "appropriation_change_reason",
        "general_budget_change_reason",
        "official_expenses_budget_reason",
        "official_expenses_change_reason",
        "operating_costs_change_reason",
    ],
    "department_self_evaluation": False,
}


def completeness(final_account):
    return [
        (f.rule_id, f.severity, f.target)
        for f in check_final_account(final_account)
        if f.rule_id in ("C1", "C2", "C3", "C4")
    ]


def test_every_shipped_format_states_what_its_template_requires():
    stated = {
        path.name: read_format_file(path)["document"]["required_content"] for path in shipped_format_files()
    }
    assert stated == {
        "national-2022.json": NATIONAL,
        "national-2023.json": NATIONAL,
        "national-2024.json": NATIONAL,
        "national-2025.json": NATIONAL,
        "shanghai-2024-26类.json": SHANGHAI,
        "shanghai-2024.json": SHANGHAI,
    }


@pytest.mark.django_db
def test_a_final_account_reads_the_requirement_of_its_format():
    assert required_content(make_final_account()) == NATIONAL


KEYS = (
    "main_functions、unit_composition、total_change_reason、income_change_reason、expenditure_change_reason、"
    "appropriation_change_reason、general_budget_change_reason、project_outcomes、"
    "official_expenses_budget_reason、official_expenses_change_reason、reception_use、"
    "operating_costs_change_reason、assets_note、performance_management、key_work"
)


@pytest.mark.parametrize(
    ("required", "message"),
    [
        (
            {"texts": ["key_work"], "expected_texts": ["category_use"]},
            f'document.required_content.expected_texts[0]: 应为 以下之一：{KEYS}，文件中为 "category_use"',
        ),
        (
            {"texts": ["key_work", "key_work"]},
            'document.required_content.texts: 不能有重复的项，文件中为 ["key_work", "key_work"]',
        ),
        (
            {"self_evaluation": True},
            "document.required_content.self_evaluation: 未知的键（可用的键：department_self_evaluation、"
            "expected_texts、texts）",
        ),
    ],
)
def test_a_wrong_requirement_is_refused_naming_its_field(required, message):
    data = json.loads((DATA_DIR / "formats" / "national-2022.json").read_text(encoding="utf-8"))
    data["document"]["required_content"] = required
    assert format_errors(data) == [message]


@pytest.mark.django_db
def test_a_bare_national_account_lacks_every_required_content():
    final_account = make_final_account()
    assert completeness(final_account) == [
        ("C1", "error", "文字说明/部门主要职能"),
        ("C1", "error", "文字说明/部门决算单位构成"),
        ("C1", "error", "文字说明/重点工作完成情况"),
        ("C2", "warning", "文字说明/收入支出总计变动原因"),
        ("C2", "warning", "文字说明/财政拨款收支变动原因"),
        ("C2", "warning", "文字说明/一般公共预算财政拨款支出变动原因"),
        ("C2", "warning", "文字说明/“三公”经费决算数与预算数差异原因"),
        ("C2", "warning", "文字说明/“三公”经费较上年变动原因"),
        ("C2", "warning", "文字说明/机关运行经费变动原因"),
        ("C3", "error", "部门整体绩效自评表"),
    ]


@pytest.mark.django_db
def test_a_shanghai_account_requires_its_performance_section_and_no_self_evaluation_table():
    load_shipped_formats()
    shanghai = ReportFormat.objects.get(year=2024, region="shanghai", variant="")
    final_account = make_final_account(year=2024)
    FinalAccount.objects.filter(pk=final_account.pk).update(report_format=shanghai)
    found = completeness(FinalAccount.objects.get(pk=final_account.pk))
    assert [f for f in found if f[0] == "C1"] == [
        ("C1", "error", "文字说明/部门主要职能"),
        ("C1", "error", "文字说明/部门决算单位构成"),
        ("C1", "error", "文字说明/预算绩效管理工作开展情况"),
    ]
    assert [rule for rule, _severity, _target in found if rule != "C1"] == ["C2"] * 6


@pytest.mark.django_db
def test_a_complete_account_is_submitted():
    final_account = make_final_account()
    accountant = make_accountant(final_account.department, "complete")
    editing.set_income(final_account, code="2080101", source="general_budget", amount="1000.00", by=None)
    editing.set_expenditure(
        final_account, code="2080101", fund="general_budget", kind="basic", amount="1000.00", by=None
    )
    editing.set_basic_detail(final_account, code="30101", amount="1000.00", by=None)
    editing.set_budget(final_account, amount="1000.00", by=None)
    editing.set_budget(final_account, code="2080101", amount="1000.00", by=None)
    with pytest.raises(workflow.SubmissionRefused):
        workflow.submit(final_account, by=accountant, **SIGN_OFF)

    fill_required_content(final_account)
    assert completeness(final_account) == []
    workflow.submit(final_account, by=accountant, **SIGN_OFF)
    assert FinalAccount.objects.get(pk=final_account.pk).status == FinalAccount.Status.SUBMITTED
    evaluation = final_account.evaluations.get()
    assert (evaluation.scope, evaluation.budget, evaluation.executed) == (
        "department",
        Decimal("1000.00"),
        Decimal("1000.00"),
    )
    assert (evaluation.basic_expenditure, evaluation.project_expenditure) == (
        Decimal("1000.00"),
        Decimal("0.00"),
    )


@pytest.mark.django_db
def test_the_demo_has_everything_its_format_requires():
    fa = demo.load_demo(publish=False).final_account
    assert completeness(fa) == []
