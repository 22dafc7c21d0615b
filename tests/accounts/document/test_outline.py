"""The document around the tables follows the report format: cover, parts, sections, tables."""

import json
from pathlib import Path

from accounts.document import build_document
from accounts.document.pdf import render_html

from .outline import outline_of

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_national_demo_outline_is_the_one_printed_before_formats_described_the_document(demo):
    # The fixture was read from the demo's disclosure as rendered when the outline was still fixed
    # in the templates: cover, table of contents, parts, sections, table titles, header cells, 行次.
    expected = json.loads((FIXTURES / "national-2022-demo-outline.json").read_text(encoding="utf-8"))
    assert outline_of(render_html(build_document(demo))) == expected
