"""The PDF as printed: the same text as before the print speed work, and the benchmark against Chromium."""

import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import call_command

from accounts.document import build_document
from accounts.document.pdf import render_pdf

FIXTURES = Path(__file__).parent / "fixtures"


def text_lines(text):
    """The non-empty lines of pdftotext's output, each without spaces at its ends."""
    return [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]


def page_count(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdftotext(pdf_bytes, tmp_path, *options):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# The 目录 numbers the tables as the reference disclosure does ("一、收入支出决算总表（表1）"); the dots of
# its leaders fill what the number takes. Nothing else of the text was meant to change.
TABLE_TITLES = (
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算明细表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款支出决算表",
    "财政拨款“三公”经费支出决算表",
)
NUMERALS = "一二三四五六七八九"
INDICATOR_HEADERS = ("一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分")


def without_leader(line):
    return re.sub(r"\s*\.{2,}\s*", " … ", line)


def numbered_in_contents(line):
    for number, title in enumerate(TABLE_TITLES, start=1):
        if line.startswith(f"{title}（表{number}） …"):
            return f"{NUMERALS[number - 1]}、{line}"
    return line


@pytest.fixture
def demo_pdf(demo, tmp_path):
    path = tmp_path / "demo.pdf"
    path.write_bytes(render_pdf(build_document(demo)))
    return path


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_demo_pdf_prints_the_text_it_printed_before_the_print_work(demo_pdf, tmp_path):
    """demo-pdf-text.txt is pdftotext of the demo's PDF as the templates and stylesheets printed it
    before the print work: what a reader and a machine read changes only where it was meant to."""
    printed = [without_leader(line) for line in text_lines(pdftotext(demo_pdf.read_bytes(), tmp_path))]
    before = [without_leader(line) for line in text_lines((FIXTURES / "demo-pdf-text.txt").read_text())]
    # Up to 第六部分, line for line but the numbers of the tables in the 目录.
    attachments = printed.index("第六部分 附件")
    assert before.index("第六部分 附件") == attachments
    assert printed[:attachments] == [numbered_in_contents(line) for line in before[:attachments]]
    assert "一、收入支出决算总表（表1） … 4" in printed
    assert "九、财政拨款“三公”经费支出决算表（表9） … 12" in printed
    # In 第六部分 the 自评表 repeat their header row on the three pages where one continues: every
    # line printed before is printed still, and nothing else is added.
    printed_attachments, before_attachments = Counter(printed[attachments:]), Counter(before[attachments:])
    assert before_attachments - printed_attachments == Counter()
    assert printed_attachments - before_attachments == Counter({header: 3 for header in INDICATOR_HEADERS})


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_self_evaluation_tables_repeat_their_header_row_on_each_page_they_continue_to(demo_pdf):
    """A page of 第六部分 begins with a heading, a table's header row, or the end of a table (备注)."""
    firsts = {}
    for number in range(1, page_count(demo_pdf) + 1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(demo_pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        firsts[number] = next(line.split() for line in text.splitlines() if line.strip())
    start = next(number for number, first in firsts.items() if first == ["第六部分", "附件"])
    continued = [
        number for number, first in firsts.items() if number > start and first == list(INDICATOR_HEADERS)
    ]
    # The department-wide table (four goals, 79 indicators) runs over three pages, 社会保险经办机构's over two.
    assert continued == [start + 1, start + 2, start + 8]
    others = [first[0] for number, first in firsts.items() if number > start and number not in continued]
    assert [
        first for first in others if not re.match(r"^(（[一二三四五六七八九十]+）|[一二]、|备注：)", first)
    ] == []


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_demo_pdf_is_tagged(demo_pdf):
    """A structure tree (headings, paragraphs, tables) for screen readers and machine readers."""
    with pdfplumber.open(demo_pdf) as pdf:
        catalog = pdf.doc.catalog
        assert "StructTreeRoot" in catalog
        assert catalog["MarkInfo"] == {"Marked": True}
    info = subprocess.run(["pdfinfo", str(demo_pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info.splitlines()


@pytest.mark.slow  # renders the disclosure with WeasyPrint and with Chromium
def test_benchmark_pdf_prints_weasyprint_and_chromium_time_per_page(demo):
    out = io.StringIO()
    call_command("benchmark_pdf", "--repeat", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("machine: ")
    assert (
        lines[1]
        == "document: 2022年度区人社局部门决算, median of 1 runs of each in turn after one not counted"
    )
    engine = r": [\d.]+ s for (\d+) pages, \d+ ms per page \(CPU [\d.]+ s, \d+ ms per page\), tagged \(runs .*; load .*\)"
    weasyprint = re.fullmatch("WeasyPrint" + engine, lines[2])
    chromium = re.fullmatch("Chromium" + engine, lines[3])
    assert weasyprint and chromium, lines
    start = (
        r"Chromium start-up \(one page, one word\): [\d.]+ s \(CPU [\d.]+ s\); Chromium less its start-up: "
        r"-?\d+ ms per page \(CPU -?\d+ ms per page\)"
    )
    assert re.fullmatch(start, lines[4]), lines
    assert int(weasyprint[1]) == 42  # the demo's pages, with its 目录 and landscape tables
    assert int(chromium[1]) > 0
