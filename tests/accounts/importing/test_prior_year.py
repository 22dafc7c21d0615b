"""Last year's figures taken from last year's workbook, as printed."""

from decimal import Decimal

from accounts.choices import NamedFigure
from accounts.document.charts import build_charts
from accounts.document.narrative import build_narrative
from accounts.importing import apply_import
from accounts.importing.prior_year import apply_prior_year, prepare_prior_year
from accounts.models import PriorYearFigure
from accounts.statements import build_statements, load_facts


def test_last_years_figures_are_taken_from_the_reference_workbook_as_printed(draft, reference_workbook):
    preview = prepare_prior_year(draft, reference_workbook, filename="reference.xlsx")
    assert preview.errors == []
    # The reference prints 本年收入合计 and 本年支出合计 12,341.98 万元 (表1).
    assert preview.figures[NamedFigure.INCOME_TOTAL] == Decimal("123419800.00")
    assert preview.figures[NamedFigure.EXPENDITURE_TOTAL] == Decimal("123419800.00")
    apply_prior_year(draft, reference_workbook, by=None, filename="reference.xlsx")
    stored = {figure.key: figure.amount for figure in PriorYearFigure.objects.filter(final_account=draft)}
    assert stored[NamedFigure.INCOME_TOTAL] == Decimal("123419800.00")
    assert len(stored) == len(preview.figures)


def narrative_text(final_account):
    facts = load_facts(final_account)
    statements = build_statements(facts)
    sections = build_narrative(facts, statements, build_charts(facts, statements))
    return "".join(block.text for section in sections for block in section.blocks)


def test_the_narrative_compares_with_the_figures_taken_from_last_years_workbook(draft, reference_workbook):
    # This year's tables and, standing in for last year's workbook, the same tables: every figure the
    # narrative compares is then unchanged. Before, with last year unknown, no sentence compares.
    apply_import(draft, reference_workbook, by=None, filename="reference.xlsx")
    assert "与2021年度相比" not in narrative_text(draft)
    apply_prior_year(draft, reference_workbook, by=None, filename="2021.xlsx")
    text = narrative_text(draft)
    # Last year's 本年支出合计 is the printed 12,341.98 万元; this year's sentence states the 12,341.99
    # the 项 figures add up to (the narrative's choice), hence the 0.01.
    assert [sentence for sentence in text.split("。") if "2021" in sentence] == [
        "与2021年度相比，收入支出总计持平",
        "与2021年度相比，本年收入合计持平",
        "与2021年度相比，本年支出合计增加0.01万元，增长0.00%",
        "与2021年度相比，财政拨款收入支出总计持平",
        "与2021年度相比，一般公共预算财政拨款收入持平",
        "与2021年度相比，一般公共预算财政拨款支出持平",
        "与2021年度相比，“三公”经费支出持平",
        "与2021年度相比，公务接待费持平",
    ]
    assert "未填报，无法与上年比较" not in text.replace("机关运行经费支出未填报", "")
