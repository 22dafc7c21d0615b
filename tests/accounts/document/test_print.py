"""The PDF as printed: the same text as before the print speed work, and the benchmark against Chromium."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.document import build_document
from accounts.document.pdf import render_pdf

FIXTURES = Path(__file__).parent / "fixtures"


def text_lines(text):
    """The non-empty lines of pdftotext's output, each without spaces at its ends."""
    return [line.strip() for line in text.replace("\f", "\n").splitlines() if line.strip()]


def pdftotext(pdf_bytes, tmp_path, *options):
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(
        ["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.slow  # renders the whole disclosure to PDF
def test_demo_pdf_prints_the_text_it_printed_before_the_print_speed_work(demo, tmp_path):
    """demo-pdf-text.txt is pdftotext of the demo's PDF as the templates and stylesheets printed it
    before they were made faster: what a reader and a machine read must not have changed."""
    printed = text_lines(pdftotext(render_pdf(build_document(demo)), tmp_path))
    before = text_lines((FIXTURES / "demo-pdf-text.txt").read_text())
    assert printed == before


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
    weasyprint = re.fullmatch(
        r"WeasyPrint: [\d.]+ s for (\d+) pages, \d+ ms per page \(runs .*; load .*\)", lines[2]
    )
    chromium = re.fullmatch(
        r"Chromium: [\d.]+ s for (\d+) pages, \d+ ms per page \(runs .*; load .*\)", lines[3]
    )
    assert weasyprint and chromium, lines
    assert int(weasyprint[1]) == 42  # the demo's pages, with its 目录 and landscape tables
    assert int(chromium[1]) > 0
