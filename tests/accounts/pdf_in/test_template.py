"""The 上海 2024 template PDF: recognised as 上海 2024 and reported as a template in one message."""

from pathlib import Path

import pytest

from accounts.importing import prepare_import
from accounts.importing.pdf import read_pdf
from accounts.importing.pdf_formats import is_template, recognise_format
from accounts.reference_data import load_report_format, read_format_file, shipped_format_files

TEMPLATE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "pdf" / "template_shanghai_2024_bumen_juesuan.pdf"
)


@pytest.fixture
def shipped_formats(db):
    return [load_report_format(read_format_file(path)) for path in shipped_format_files()]


@pytest.fixture(scope="module")
def template():
    return read_pdf(TEMPLATE.read_bytes())


def test_the_template_is_recognised_as_shanghai_2024_with_its_24_categories(shipped_formats, template):
    report_format, found = recognise_format(template.grids, template.year)
    assert (report_format.region, report_format.year, report_format.variant) == ("shanghai", 2024, "")
    assert len(found) == 9
    assert (template.year, template.department) == (2024, "上海市XX局")
    assert is_template(template.grids, template.texts)


def test_importing_the_template_gives_one_clear_error(shipped_formats, final_account):
    result = prepare_import(final_account, TEMPLATE.read_bytes(), filename="模板.pdf")
    assert [str(e) for e in result.errors] == [
        "这份 PDF 是“2024 年度部门决算公开格式（上海）”的部门决算模板：只印有表头和占位符（如“XX局”“XXX万元”），"
        "9 张表中没有任何数字，没有可导入或检查的决算数据。"
    ]
    assert result.notices == result.warnings == result.figures == []
