"""Public pages: every read serves a frozen published version, never live facts (DESIGN.md §5).

Members of the department and its bureau preview the live document, clearly marked as a draft, at a
separate address.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from ..document import build_document
from ..document.sections import registered_stylesheets
from ..jobs import start_job
from ..models import Job
from ..notifications import attention_items
from ..open_data.caching import (
    anonymous_view,
    etag,
    mark_shared,
    published_stamps,
    serve_cached,
    signed_in,
)
from ..open_data.disclosure import explained_warnings, table_titles
from ..open_data.frozen import TamperedFile, frozen_bytes
from ..open_data.public_json import public_json
from ..open_data.queries import (
    attach_final_account,
    bureau_tree,
    pick_version,
    public_bureau_ids,
    published_final_accounts,
    published_years,
    versions_at,
)
from ..queries import final_accounts_of_member
from .jobs import redirect_to_job

logger = logging.getLogger(__name__)


@login_not_required
def home(request):
    """The portal's front page: published final accounts, and the user's own ones when signed in."""
    own = final_accounts_of_member(request.user).select_related("department__bureau").order_by("-year")
    tree = bureau_tree()
    public = public_bureau_ids(tree)
    years = published_years()
    portal = {
        "years": years,
        "year_list": [year for year, _count in years],
        "bureaus": [b for b in tree.children.get(None, []) if b.pk in public],
    }
    return render(
        request,
        "accounts/home.html",
        {
            "published": published_final_accounts().order_by("-published_at")[:20],
            "own": own,
            "attention": attention_items(request.user),
            "portal": portal,
        },
    )


def _versions(bureau, department, year):
    """All published versions at this address, newest first; 404 when there is none."""
    versions = versions_at(bureau, department, year)
    if not versions:
        raise Http404("没有已公开的版本。")
    return versions


def _pick(versions, number):
    version = pick_version(versions, number)
    if version is None:
        raise Http404("没有这个版本。")
    return version


def _frozen(version, kind):
    try:
        return frozen_bytes(version, kind)
    except TamperedFile as error:
        logger.error("refused to serve %s: %s", version, error)
        return None


def _unavailable(message):
    return HttpResponse(
        f"<h1>暂不可用</h1><p>{message}</p>", status=503, content_type="text/html; charset=utf-8"
    )


def _stamps(request, bureau, department, year, number):
    """(every version's stamp newest first, the one asked for) at this address; 404 when there is none."""
    stamps = published_stamps(request, bureau, department, year)
    stamp = pick_version(stamps, number)
    if stamp is None:
        raise Http404("没有已公开的版本。")
    return stamps, stamp


def published_explanations(version, html):
    """The department's explanations of its figures frozen with `version`, in its words, for readers.

    Only what the department wrote is shown: the checks' own wording (rule ids, messages) and
    warnings left without an explanation (possible in versions published before publishing required
    one) stay internal. Versions frozen earlier get the same treatment, since this is added when served.
    An explanation the document already prints next to its figure (五(三)) is not repeated.
    """
    page = html.decode("utf-8")
    return [
        warning
        for warning in explained_warnings(version)
        if warning.explanation.strip() and escape(warning.explanation.strip()) not in page
    ]


ACCOUNT_NAV = "account_nav.html"


def put_in_account_nav(content, request):
    """Return the page `content` (rendered for an anonymous reader) with `request`'s signed-in header
    in place of the anonymous one: the first account navigation of a page is its header's."""
    anonymous = render_to_string(ACCOUNT_NAV, {"user": AnonymousUser()}).encode()
    own = render_to_string(ACCOUNT_NAV, request=request).encode()
    return content.replace(anonymous, own, 1)


@login_not_required
def disclosure(request, bureau, department, year, number=None):
    """A published version as a web page: the frozen bytes, with banners added around them.

    A version's own address lists the versions up to itself and, once superseded, names the version
    that superseded it: its page then never changes and is cached as immutable. The current address
    lists every version and is cached briefly. The page is rendered for an anonymous reader and kept
    in the shared cache: every reader who is not signed in, with or without cookies, gets those bytes
    without a query while the versions found there are recent; a signed-in reader gets them with their
    own header put in (accounts.open_data.caching), or, with messages waiting, a page of their own.
    """
    stamps, stamp = _stamps(request, bureau, department, year, number)
    superseded = stamp.number != stamps[0].number
    address = {"bureau": bureau, "department": department, "year": year}
    personal = signed_in(request)
    # Messages waiting for a signed-in reader (after publishing, say) are shown on a page of their own.
    own_page = personal and len(get_messages(request)) > 0
    reader = request if own_page else anonymous_view(request)

    def produce():
        versions = attach_final_account(_versions(bureau, department, year))
        version = _pick(versions, stamp.number)
        html = _frozen(version, "html")
        if html is None:
            return _unavailable("该版本的存储文件校验失败，已停止提供，管理员已收到报告。")
        try:
            explanations, tables = published_explanations(version, html), table_titles(version)
        except TamperedFile:
            return _unavailable("该版本的存储文件校验失败，已停止提供，管理员已收到报告。")
        numbered = {**address, "number": version.number}
        return render(
            reader,
            "accounts/published_page.html",
            {
                "final_account": version.final_account,
                "version": version,
                "address": address,
                "versions": versions
                if number is None
                else [v for v in versions if v.number <= version.number],
                "superseded": superseded,
                "superseded_by": min((v.number for v in versions if v.number > version.number), default=None),
                "frozen_html": mark_safe(html.decode("utf-8")),
                "section_stylesheets": registered_stylesheets(),
                "explanations": explanations,
                "pdf_url": reverse("accounts:version-pdf", kwargs=numbered),
                "json_url": reverse("accounts:version-json", kwargs=numbered),
                "xlsx_url": reverse("accounts:version-tables-xlsx", kwargs=numbered),
                "csv_url": reverse("accounts:version-tables-csv", kwargs=numbered),
                "api_url": reverse("accounts:api-final-account-version", kwargs=numbered),
                "tables": [
                    (
                        label,
                        reverse("accounts:version-table-csv", kwargs={**numbered, "table": table_number}),
                        reverse("accounts:version-table-xlsx", kwargs={**numbered, "table": table_number}),
                    )
                    for table_number, label in tables
                ],
            },
        )

    tag = etag(
        stamp.html_sha256,
        stamp.json_sha256,
        "superseded" if superseded else "latest",
        len(stamps) if number is None else "",
    )
    return serve_cached(
        request,
        tag,
        produce,
        immutable=number is not None and superseded,
        personal=personal,
        memo_key=None if own_page else (tag, stamp.pk, stamp.published_at),
        personalise=None if own_page else lambda content: put_in_account_nav(content, request),
    )


@login_not_required
def disclosure_file(request, bureau, department, year, kind, number=None):
    """The frozen PDF or JSON of a published version: immutable at a version's address."""
    _stamps_list, stamp = _stamps(request, bureau, department, year, number)

    def produce():
        data = _frozen(stamp, kind)
        if data is None:
            return _unavailable("该版本的存储文件校验失败，已停止提供，管理员已收到报告。")
        if kind == "json":  # without the checks' workings (rule ids), old versions too
            data = public_json(stamp)[0]
        content_type = {"pdf": "application/pdf", "json": "application/json; charset=utf-8"}[kind]
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = (
            f'inline; filename="{year}-{bureau}-{department}-v{stamp.number}.{kind}"'
        )
        return response

    # The frozen bytes, the same for every reader whatever their cookies.
    tag = etag(stamp.pdf_sha256) if kind == "pdf" else etag(stamp.json_sha256, "public")
    return mark_shared(serve_cached(request, tag, produce, immutable=number is not None))


def _preview_lookup(request, bureau, department, year):
    return get_object_or_404(
        final_accounts_of_member(request.user).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def preview(request, bureau, department, year):
    """The live document for members of the department and its bureau, marked as a draft."""
    final_account = _preview_lookup(request, bureau, department, year)
    document = build_document(final_account)
    pdf_url = reverse(
        "accounts:preview-pdf", kwargs={"bureau": bureau, "department": department, "year": year}
    )
    return render(
        request,
        "accounts/document/page.html",
        {
            "document": document,
            "draft": True,
            "pdf_url": pdf_url,
            "section_stylesheets": registered_stylesheets(),
        },
    )


@require_http_methods(["GET", "POST"])
def preview_pdf(request, bureau, department, year):
    """POST: render the live document as a PDF marked as a draft, as a job (seconds); show its page.

    GET leads back to the preview, where the button is.
    """
    final_account = _preview_lookup(request, bureau, department, year)
    if request.method != "POST":
        return redirect("accounts:preview", bureau=bureau, department=department, year=year)
    job, created = start_job(
        Job.Kind.DRAFT_PDF,
        key=f"draft-pdf:{final_account.pk}:{request.user.pk}",
        title=f"{final_account}（第{final_account.version}版草稿）",
        owner=request.user,
        final_account=final_account,
    )
    return redirect_to_job(request, job, created)


urlpatterns = [
    path("", home, name="home"),
    path("preview/<slug:bureau>/<slug:department>/<int:year>/", preview, name="preview"),
    path("preview/<slug:bureau>/<slug:department>/<int:year>/pdf/", preview_pdf, name="preview-pdf"),
    path("<slug:bureau>/<slug:department>/<int:year>/", disclosure, name="disclosure"),
    path(
        "<slug:bureau>/<slug:department>/<int:year>/pdf/",
        disclosure_file,
        {"kind": "pdf"},
        name="disclosure-pdf",
    ),
    path(
        "<slug:bureau>/<slug:department>/<int:year>/json/",
        disclosure_file,
        {"kind": "json"},
        name="disclosure-json",
    ),
    path("<slug:bureau>/<slug:department>/<int:year>/v<int:number>/", disclosure, name="version"),
    path(
        "<slug:bureau>/<slug:department>/<int:year>/v<int:number>/pdf/",
        disclosure_file,
        {"kind": "pdf"},
        name="version-pdf",
    ),
    path(
        "<slug:bureau>/<slug:department>/<int:year>/v<int:number>/json/",
        disclosure_file,
        {"kind": "json"},
        name="version-json",
    ),
]
