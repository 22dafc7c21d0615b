"""What is not a readable disclosure PDF gets one clear Chinese message, never a hang or a 500."""

import io

import pypdfium2
import pytest

from accounts.importing import pdf, prepare_import
from accounts.importing.reading import WorkbookError, open_document

from .test_template import TEMPLATE


def blank_pdf(pages):
    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def refused(data):
    with pytest.raises(WorkbookError) as error:
        open_document(data)
    return str(error.value)


def test_a_file_neither_workbook_nor_pdf_is_refused_as_a_workbook():
    assert refused(b"name,amount\n") == (
        "文件不是 .xlsx 工作簿（Excel 2007 及以后的格式）。旧版 .xls、CSV 或加密的工作簿请另存为 .xlsx 后导入。"
    )


def test_a_broken_pdf_is_refused():
    assert refused(b"%PDF-1.7\n garbage without objects").startswith("PDF 文件已损坏")


def test_a_pdf_without_a_text_layer_is_refused_as_a_scan():
    assert refused(blank_pdf(2)) == "PDF 没有可读取的文字层（可能是扫描件），无法导入。"


def test_a_pdf_of_too_many_pages_is_refused_before_it_is_read():
    assert refused(blank_pdf(pdf.MAX_PAGES + 1)) == (
        f"PDF 有 {pdf.MAX_PAGES + 1} 页，超过上限 {pdf.MAX_PAGES} 页，不像是一份部门决算。"
    )


def test_reading_stops_at_its_time_limit_naming_the_page():
    with pytest.raises(WorkbookError) as error:
        pdf.read_pdf(TEMPLATE.read_bytes(), deadline_seconds=0)
    assert str(error.value) == "读取 PDF 超过 0 秒（读到第 1 页），文件过于复杂，已拒绝。"


def test_a_page_crowded_beyond_any_table_is_refused_naming_it(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGE_CHARACTERS", 100)
    with pytest.raises(WorkbookError) as error:
        pdf.read_pdf(TEMPLATE.read_bytes())
    assert str(error.value) == "PDF 第 2 页的内容过多（301 个字符），不像是决算表，已拒绝。"


def test_an_oversized_pdf_is_refused_before_it_is_parsed():
    data = b"%PDF-1.7\n" + b"0" * (pdf.MAX_PDF_BYTES + 1)
    assert refused(data).startswith("PDF 文件大小 20.0 MB 超过上限 20 MB")


def test_a_refused_pdf_is_one_error_of_the_import(final_account):
    result = prepare_import(final_account, blank_pdf(1), filename="scan.pdf")
    assert [str(e) for e in result.errors] == ["PDF 没有可读取的文字层（可能是扫描件），无法导入。"]


def test_a_table_that_cannot_be_read_is_one_problem_naming_its_pages():
    """Twelve cells of a misread table (figures off every column) are one problem, with the pages."""
    from accounts.importing.pdf import one_problem
    from accounts.importing.reading import SheetGrid
    from accounts.importing.results import ParsedTable, Problem

    grid = SheetGrid(name="第5页", pages={1: 5, 30: 6})
    parsed = ParsedTable(kind="income", number=2, title="收入决算表", sheet="第5页", unit="wanyuan")
    parsed.problems = [Problem("“1.00”不在任何栏目之下，无法判断属于哪一栏。", "第5页", "K8")] * 12
    assert [str(p) for p in one_problem(parsed, grid)] == [
        "工作表“第5页”：表2 收入决算表（PDF 第 5–6 页）未能读取："
        "“1.00”不在任何栏目之下，无法判断属于哪一栏。（另有 11 处问题）"
    ]
