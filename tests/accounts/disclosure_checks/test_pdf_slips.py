"""Slips planted in a disclosure PDF are each found once by check_document, and nothing else is.

The demo's own PDF, checked as a document made elsewhere, gives no error and no warning (its notices
are the printed 万元 rounding). Three slips of published disclosures are planted in its printed
narrative: a 收入总计 that is the 本年收入合计, a share that does not add up, and a 类 amount that is
not 表5's.
"""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from accounts.disclosure_checks import check_document
from accounts.document import build_document, pdf

pytestmark = pytest.mark.slow

# (what the demo prints, the slip planted in its place, the words of the sentence a finding quotes)
SLIPS = (
    # 一: the 总计 written as the 本年收入合计 (表1 prints 12931.30 and 12341.98).
    ("2022年度收入总计12931.30万元，支出", "2022年度收入总计12341.98万元，支出", "收入总计12341.98万元"),
    # 二: 财政拨款收入 is all of the 本年收入; 98.00 % does not add up.
    ("占本年收入100.00%", "占本年收入98.00%", "占本年收入98.00%"),
    # 五（二）: 表5 prints 11596.64 for 社会保障和就业支出.
    ("社会保障和就业支出11596.64万元", "社会保障和就业支出11596.46万元", "社会保障和就业支出11596.46万元"),
)


def printed(html):
    import weasyprint

    sheets = [weasyprint.CSS(filename=finders.find(path)) for path in pdf.stylesheets()]
    return pdf.html_class()(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=sheets)


def flagged(check):
    return [f for f in check.findings if f["severity"] in ("error", "warning")]


def test_each_planted_slip_is_found_once_and_nothing_else(demo):
    html = pdf.render_html(build_document(demo))
    clean = check_document(printed(html), "区人社局2022年度部门决算.pdf")
    assert (clean.problems, clean.year, flagged(clean)) == ([], 2022, [])
    for old, new, _words in SLIPS:
        assert old in html, old
        html = html.replace(old, new, 1)
    check = check_document(printed(html), "区人社局2022年度部门决算（有误）.pdf")
    found = flagged(check)
    assert len(found) == len(SLIPS), [(f["rule_id"], f["message"]) for f in found]
    for _old, _new, words in SLIPS:
        assert len([f for f in found if words in f["sentence"]]) == 1, words
