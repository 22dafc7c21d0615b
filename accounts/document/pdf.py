"""PDF rendering of the disclosure with WeasyPrint, from the same templates as the web page."""

from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .sections import registered_stylesheets

# The document's own stylesheets, all that a page without other apps' sections needs (the 汇总 PDF).
# The disclosure's PDF puts those registered for other apps' sections (the 绩效自评 tables,
# sections.register_stylesheet) between them, so that print.css still comes last on paper.
STYLESHEETS = ("css/document.css", "css/print.css")


def stylesheets():
    """Return the static paths of the PDF's stylesheets: document.css, the registered ones, print.css."""
    *own, last = STYLESHEETS
    return (*own, *registered_stylesheets(), last)


def render_html(document, *, draft=False):
    """Return the document as a complete HTML page for printing."""
    return render_to_string("accounts/document/pdf.html", {"document": document, "draft": draft})


# WeasyPrint's HTML user-agent stylesheet gives every element five pseudo-elements for footnotes and
# notes ("::footnote-call { … }" and the like, one line each). WeasyPrint computes their styles for each
# of the document's 4,300 elements though the disclosure has neither footnotes nor notes: 21,500 of the
# 28,000 styles it computed; leaving them out saves 5-18 % of its CPU time for the demo. The PDF is laid out with WeasyPrint's
# own stylesheet less those lines (same text, same pages: tests/accounts/document/test_print.py).
UNUSED_USER_AGENT_RULES = (
    "::footnote-call",
    "::footnote-marker",
    "::note-call",
    "::note-marker",
    "::note-callback",
)


@cache
def html_class():
    """Return weasyprint.HTML with the user-agent stylesheet less its footnote and note rules.

    `_ua_stylesheets` is WeasyPrint's own hook (its forms variant uses it); should a release rename it,
    the override is ignored and the stock stylesheet applies: slower, the same PDF.
    """
    import weasyprint
    from weasyprint.css.counters import CounterStyle
    from weasyprint.html import UA, UA_FORM_STYLESHEET

    kept = "\n".join(line for line in UA.splitlines() if not line.startswith(UNUSED_USER_AGENT_RULES))
    # The stylesheet's @counter-style rules go to a store of their own: they are already in WeasyPrint's
    # (which the document's lists use), and declaring "disc" or "decimal" there again is refused.
    user_agent = weasyprint.CSS(string=kept, counter_style=CounterStyle())

    class HTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [user_agent, UA_FORM_STYLESHEET] if forms else [user_agent]

    return HTML


def render_pdf(document, *, draft=False):
    """Return the PDF bytes of `document` (A4, landscape pages for wide tables, CJK fonts subset, tagged)."""
    import weasyprint  # imported here: loading pango is slow and only PDF rendering needs it

    html = render_html(document, draft=draft)
    sheets = [weasyprint.CSS(filename=finders.find(path)) for path in stylesheets()]
    # Tagged (headings, paragraphs, tables, lists in a structure tree) for screen readers and machine
    # readers; the text is the same as untagged. It costs about a third more time: 6.1 s against
    # 4.7 s of CPU for the demo's 42 pages (docs/benchmarks.md, "PDF against Chromium").
    return html_class()(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=sheets, pdf_tags=True
    )
