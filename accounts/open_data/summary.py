"""汇总: a bureau's nine tables summed over the current versions of its departments' final accounts.

The departments of the bureau's child bureaus (at every level) are included. The sums are one SQL
query over PublishedCell; the printed layout (headers, 类 rows, the subject rows present in any
department) comes from the format, and every summed amount must find its cell in it.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from ..models import PublishedVersion
from .layout import filled_statements, skeleton_statements
from .queries import bureau_tree, published_final_accounts, summed_cells


class MixedFormats(Exception):
    """The final accounts to sum use different report formats or subject editions."""


@dataclass(frozen=True)
class Summary:
    """The 汇总 of a bureau for a year, and what went into it."""

    bureau: object
    year: int
    ancestors: tuple
    child_bureaus: tuple
    versions: tuple  # the current versions summed, with their final accounts and departments
    statements: tuple
    digest: str  # SHA-256 over the summed versions' JSON hashes: changes when any of them does

    @property
    def title(self):
        return f"{self.year}年度{self.bureau.name}部门决算汇总"

    @property
    def heading(self):
        """What the statement template prints above each table: the year, and whose tables they are."""
        return {"year": self.year, "department_name": f"{self.bureau.name}（汇总）"}


def build_summary(bureau, year):
    """Return the Summary of `bureau` (with its child bureaus) for `year`: seven queries at most."""
    tree = bureau_tree()
    versions = tuple(published_final_accounts(year=year, bureau_ids=tree.descendant_ids(bureau)))
    digest = hashlib.sha256("\n".join(sorted(v.json_sha256 for v in versions)).encode()).hexdigest()
    statements = ()
    if versions:
        layouts = {(v.final_account.report_format_id, v.final_account.edition) for v in versions}
        if len(layouts) > 1:
            raise MixedFormats(f"{bureau} {year}: {len(layouts)} report formats or editions")
        ((report_format_id, edition),) = layouts
        sums, codes = summed_cells(PublishedVersion.objects.filter(pk__in=[v.pk for v in versions]))
        statements = filled_statements(skeleton_statements(report_format_id, edition, codes=codes), sums)
    return Summary(
        bureau=bureau,
        year=year,
        ancestors=tuple(tree.ancestors(bureau)),
        child_bureaus=tuple(tree.children.get(bureau.pk, ())),
        versions=versions,
        statements=statements,
        digest=digest,
    )


def summary_pdf_name(summary):
    """Return the storage name of a summary's PDF: one per set of summed versions."""
    return f"open_data/summaries/{summary.bureau.slug}-{summary.year}-{summary.digest[:32]}.pdf"


def summary_pdf(summary):
    """Return the PDF of a summary's tables, rendered once per set of summed versions and then stored."""
    name = summary_pdf_name(summary)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as handle:
            return handle.read()
    import weasyprint  # loading pango is slow; only PDF rendering needs it
    from django.conf import settings
    from django.contrib.staticfiles import finders

    from ..document.pdf import STYLESHEETS

    html = render_to_string(
        "accounts/portal/summary_pdf.html", {"summary": summary, "document": summary.heading}
    )
    stylesheets = [weasyprint.CSS(filename=finders.find(path)) for path in STYLESHEETS]
    pdf = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=stylesheets)
    default_storage.save(name, ContentFile(pdf))
    return pdf
