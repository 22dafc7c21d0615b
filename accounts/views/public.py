"""Public pages: every read serves a frozen published version, never live facts (DESIGN.md §5).

Members of the department and its bureau preview the live document, clearly marked as a draft, at a
separate address.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe

from ..document import build_document
from ..document.pdf import render_pdf
from ..models import FinalAccount, PublishedVersion
from ..notifications import attention_items
from ..publishing import TamperedFile, read_verified
from ..queries import final_accounts_of_member

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    """The portal's front page: published final accounts, and the user's own ones when signed in."""
    published = (
        FinalAccount.objects.published().select_related("department__bureau").order_by("-year", "department__name")
    )
    own = final_accounts_of_member(request.user).select_related("department__bureau").order_by("-year")
    return render(request, "accounts/home.html", {
        "published": published, "own": own, "attention": attention_items(request.user),
    })


def _versions(bureau, department, year):
    """All published versions at this address, newest first; 404 when there is none."""
    versions = list(
        PublishedVersion.objects.select_related("final_account__department__bureau")
        .filter(final_account__department__bureau__slug=bureau, final_account__department__slug=department,
                final_account__year=year)
        .order_by("-number")
    )
    if not versions:
        raise Http404("没有已公开的版本。")
    return versions


def _pick(versions, number):
    if number is None:
        return versions[0]
    for version in versions:
        if version.number == number:
            return version
    raise Http404("没有这个版本。")


def _frozen(version, kind):
    try:
        return read_verified(version, kind)
    except TamperedFile as error:
        logger.error("refused to serve %s: %s", version, error)
        return None


def _unavailable(message):
    return HttpResponse(f"<h1>暂不可用</h1><p>{message}</p>", status=503, content_type="text/html; charset=utf-8")


@login_not_required
def disclosure(request, bureau, department, year, number=None):
    """A published version as a web page: the frozen bytes, with banners added around them."""
    versions = _versions(bureau, department, year)
    version = _pick(versions, number)
    html = _frozen(version, "html")
    if html is None:
        return _unavailable("该版本的存储文件校验失败，已停止提供，管理员已收到报告。")
    final_account = version.final_account
    address = {"bureau": bureau, "department": department, "year": year}
    return render(request, "accounts/published_page.html", {
        "final_account": final_account, "version": version, "versions": versions, "latest": versions[0],
        "superseded": version.number != versions[0].number, "frozen_html": mark_safe(html.decode("utf-8")),
        "pdf_url": reverse("accounts:version-pdf", kwargs={**address, "number": version.number}),
        "json_url": reverse("accounts:version-json", kwargs={**address, "number": version.number}),
        "address": address,
    })


@login_not_required
def disclosure_file(request, bureau, department, year, kind, number=None):
    """The frozen PDF or JSON of a published version."""
    version = _pick(_versions(bureau, department, year), number)
    data = _frozen(version, kind)
    if data is None:
        return _unavailable("该版本的存储文件校验失败，已停止提供，管理员已收到报告。")
    content_type = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}[kind]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{year}-{bureau}-{department}-v{version.number}.{kind}"'
    response["ETag"] = f'"{getattr(version, f"{kind}_sha256")}"'
    return response


def _preview_lookup(request, bureau, department, year):
    return get_object_or_404(
        final_accounts_of_member(request.user).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau, department__slug=department, year=year,
    )


def preview(request, bureau, department, year):
    """The live document for members of the department and its bureau, marked as a draft."""
    final_account = _preview_lookup(request, bureau, department, year)
    document = build_document(final_account)
    pdf_url = reverse("accounts:preview-pdf", kwargs={"bureau": bureau, "department": department, "year": year})
    return render(request, "accounts/document/page.html", {"document": document, "draft": True, "pdf_url": pdf_url})


def preview_pdf(request, bureau, department, year):
    """The live document as a PDF, marked as a draft."""
    final_account = _preview_lookup(request, bureau, department, year)
    response = HttpResponse(render_pdf(build_document(final_account), draft=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{year}-{bureau}-{department}-draft.pdf"'
    return response


urlpatterns = [
    path("", home, name="home"),
    path("preview/<slug:bureau>/<slug:department>/<int:year>/", preview, name="preview"),
    path("preview/<slug:bureau>/<slug:department>/<int:year>/pdf/", preview_pdf, name="preview-pdf"),
    path("<slug:bureau>/<slug:department>/<int:year>/", disclosure, name="disclosure"),
    path("<slug:bureau>/<slug:department>/<int:year>/pdf/", disclosure_file, {"kind": "pdf"}, name="disclosure-pdf"),
    path("<slug:bureau>/<slug:department>/<int:year>/json/", disclosure_file, {"kind": "json"}, name="disclosure-json"),
    path("<slug:bureau>/<slug:department>/<int:year>/v<int:number>/", disclosure, name="version"),
    path("<slug:bureau>/<slug:department>/<int:year>/v<int:number>/pdf/", disclosure_file, {"kind": "pdf"},
         name="version-pdf"),
    path("<slug:bureau>/<slug:department>/<int:year>/v<int:number>/json/", disclosure_file, {"kind": "json"},
         name="version-json"),
]
