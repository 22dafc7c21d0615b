from pathlib import Path

import pytest

from tests.builders import make_department, make_final_account

REFERENCE_WORKBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "reference-2022-dongxihu-hrss.xlsx"


@pytest.fixture
def reference_workbook():
    """The reference disclosure's nine tables as printed (tests/fixtures/make_reference_workbook.py)."""
    return REFERENCE_WORKBOOK.read_bytes()


@pytest.fixture
def draft(bureau):
    """A draft final account of a department other than the demo's, so that load_demo can run beside it."""
    return make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )
