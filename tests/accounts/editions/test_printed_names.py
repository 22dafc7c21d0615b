"""A printed name that differs from the edition's stays a finding; the edition's name is what is built."""

import pytest

from accounts.importing import apply_import
from accounts.rules import check_final_account
from accounts.statements import build_statements, load_facts
from tests.accounts.importing.conftest import REFERENCE_WORKBOOK
from tests.builders import make_department, make_final_account

pytestmark = pytest.mark.django_db


def test_a_printed_name_other_than_the_editions_is_a_finding_and_the_tables_use_the_editions(bureau):
    draft = make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )
    apply_import(draft, REFERENCE_WORKBOOK.read_bytes(), by=None)
    assert [f.target for f in check_final_account(draft) if f.rule_id == "I2"] == ["表2/2210202/名称"]
    statements = build_statements(load_facts(draft))
    names = {
        kind: [
            c.text
            for row in statements[kind].rows
            if row.code == "2210202"
            for c in row.cells
            if c.role == "name"
        ]
        for kind in ("income", "expenditure", "general_budget_expenditure")
    }
    assert names == {
        "income": ["提租补贴"],
        "expenditure": ["提租补贴"],
        "general_budget_expenditure": ["提租补贴"],
    }
    # Not a pending subject: the code is in the edition, only its printed name differs.
    assert [f for f in check_final_account(draft) if f.rule_id == "K1"] == []
