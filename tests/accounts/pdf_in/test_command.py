"""`import_final_account FILE.pdf` works as with an .xlsx workbook."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from accounts.choices import NamedFigure
from accounts.importing.prior_year import prepare_prior_year
from accounts.models import PrintedCell
from accounts.statements import load_facts

from .conftest import render


def run(*args):
    out = io.StringIO()
    call_command("import_final_account", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().splitlines()


@pytest.mark.slow
def test_the_demo_pdf_is_imported_by_the_command(draft, demo, tmp_path):
    path = tmp_path / "区人社局2022年度部门决算.pdf"
    path.write_bytes(render(demo))
    lines = run(str(path), "--department", "dongxihu/import", "--year", "2022")
    assert lines[0] == "PDF 第4页 → 表1 收入支出决算总表（万元，42 个金额单元格）"
    assert "PDF 印制的说明文字 13 节。" in lines
    assert lines[-1] == "已导入 2022年度区人社局部门决算，保存印制单元格 775 个。"
    assert PrintedCell.objects.filter(final_account=draft).count() == 775
    facts = load_facts(draft)
    demo_facts = load_facts(demo)
    assert (facts.income, facts.expenditure, facts.basic_detail, facts.official_expenses) == (
        demo_facts.income,
        demo_facts.expenditure,
        demo_facts.basic_detail,
        demo_facts.official_expenses,
    )


@pytest.mark.slow
def test_last_years_figures_are_taken_from_a_published_pdf_as_from_its_workbook(
    draft, demo, reference_workbook
):
    """A first-year department has last year only as the PDF it published: the preview of last year's
    figures from it gives what the same tables give from the workbook."""
    from_pdf = prepare_prior_year(draft, render(demo), filename="2021年度部门决算.pdf")
    from_workbook = prepare_prior_year(draft, reference_workbook, filename="2021.xlsx")
    assert from_pdf.errors == []
    assert from_pdf.figures == from_workbook.figures
    assert from_pdf.figures[NamedFigure.INCOME_TOTAL] == Decimal("123419800.00")
