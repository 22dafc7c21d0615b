import io
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.document.narrative import build_narrative
from accounts.importing.results import PrintedText
from accounts.models import FinalAccount
from accounts.statements import build_statements, load_facts
from tests.builders import make_department, make_final_account

REFERENCE_WORKBOOK = Path(__file__).resolve().parents[2] / "fixtures" / "reference-2022-dongxihu-hrss.xlsx"


@pytest.fixture
def reference_workbook():
    """The reference disclosure's nine tables as printed (tests/fixtures/make_reference_workbook.py)."""
    return REFERENCE_WORKBOOK.read_bytes()


@pytest.fixture
def draft(bureau):
    """A draft final account of the department the reference workbook names."""
    return make_final_account(
        make_department(bureau, slug="import", name="武汉市东西湖区人力资源和社会保障局")
    )


@pytest.fixture
def demo(db):
    call_command("load_demo", "--no-publish", stdout=io.StringIO())
    return FinalAccount.objects.select_related("department__bureau").get(department__slug="hrss", year=2022)


def narrative_texts(final_account, first_page=12):
    """Return the generated 情况说明 of `final_account` as a reader of its PDF gives it: one PrintedText per
    section and per subsection, a page each."""
    facts = load_facts(final_account)
    texts = []
    for page, section in enumerate(build_narrative(facts, build_statements(facts), {}), start=first_page):
        heading, lines = section.heading, []
        for block in section.blocks:
            if block.kind == "heading":
                if lines:
                    texts.append(PrintedText(heading, "\n".join(lines), page))
                heading, lines = block.text, []
            elif block.kind in ("paragraph", "item"):
                lines.append(block.text)
        if lines:
            texts.append(PrintedText(heading, "\n".join(lines), page))
    return texts


def printed_findings(findings):
    """The findings about printed texts: those whose first cell is a printed passage."""
    return [f for f in findings if f.cells and f.cells[0].area == "printed"]
