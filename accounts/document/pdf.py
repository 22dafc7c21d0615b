"""PDF rendering of the disclosure with WeasyPrint, from the same templates as the web page."""

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


def render_pdf(document, *, draft=False):
    """Return the PDF bytes of `document` (A4, landscape pages for wide tables, CJK fonts subset, tagged)."""
    import weasyprint  # imported here: loading pango is slow and only PDF rendering needs it

    html = render_html(document, draft=draft)
    sheets = [weasyprint.CSS(filename=finders.find(path)) for path in stylesheets()]
    # Tagged (headings, paragraphs, tables, lists in a structure tree) for screen readers and machine
    # readers; the text is the same as untagged. It costs about a third more time: 6.1 s against
    # 4.7 s of CPU for the demo's 42 pages (docs/benchmarks.md, "PDF against Chromium").
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=sheets, pdf_tags=True
    )
