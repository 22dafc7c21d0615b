from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse

from ..document import build_document
from ..document.pdf import render_pdf
from ..models import FinalAccount
from ..queries import final_accounts_of_member, final_accounts_visible_to


@login_not_required
def home(request):
    """The portal's front page: published final accounts, and the user's own ones when signed in."""
    published = (
        FinalAccount.objects.published().select_related("department__bureau").order_by("-year", "department__name")
    )
    own = final_accounts_of_member(request.user).select_related("department__bureau").order_by("-year")
    return render(request, "accounts/home.html", {"published": published, "own": own})


def _disclosure_lookup(request, bureau, department, year):
    """The final account at this address if the user may see it (published, or a member's draft), else 404."""
    return get_object_or_404(
        final_accounts_visible_to(request.user).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau, department__slug=department, year=year,
    )


@login_not_required
def disclosure(request, bureau, department, year):
    """The whole disclosure as a web page; members of the department or bureau see drafts marked as such."""
    final_account = _disclosure_lookup(request, bureau, department, year)
    document = build_document(final_account)
    pdf_url = reverse("accounts:disclosure-pdf", kwargs={"bureau": bureau, "department": department, "year": year})
    return render(request, "accounts/document/page.html", {
        "document": document, "draft": not final_account.is_published, "pdf_url": pdf_url,
    })


@login_not_required
def disclosure_pdf(request, bureau, department, year):
    """The whole disclosure as a PDF, from the same templates as the web page."""
    final_account = _disclosure_lookup(request, bureau, department, year)
    draft = not final_account.is_published
    pdf = render_pdf(build_document(final_account), draft=draft)
    filename = f"{year}-{bureau}-{department}{'-draft' if draft else ''}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


urlpatterns = [
    path("", home, name="home"),
    path("<slug:bureau>/<slug:department>/<int:year>/", disclosure, name="disclosure"),
    path("<slug:bureau>/<slug:department>/<int:year>/pdf/", disclosure_pdf, name="disclosure-pdf"),
]
