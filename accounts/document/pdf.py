"""PDF rendering of the disclosure with WeasyPrint, from the same templates as the web page."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# performance.css styles the 绩效自评 tables that the performance app supplies through the section registry.
STYLESHEETS = ("css/document.css", "css/performance.css", "css/print.css")


def render_html(document, *, draft=False):
    """Return the document as a complete HTML page for printing."""
    return render_to_string("accounts/document/pdf.html", {"document": document, "draft": draft})


def render_pdf(document, *, draft=False):
    """Return the PDF bytes of `document` (A4, landscape pages for wide tables, CJK fonts subset)."""
    import weasyprint  # imported here: loading pango is slow and only PDF rendering needs it

    html = render_html(document, draft=draft)
    stylesheets = [weasyprint.CSS(filename=finders.find(path)) for path in STYLESHEETS]
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets)
