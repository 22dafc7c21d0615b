"""The read-only JSON API (v1), its documentation page, schema and data dictionary.

Only published versions are served; anything else — a draft, a correction in progress, an unknown
address — is a 404 with a JSON body. Lists are paginated (`page`, `page_size`).
"""

import csv
import hashlib
import io
import json

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import urlencode

from ..models import ReportFormat
from ..open_data import serialisers
from ..open_data.caching import etag, mark_shared, memoised, published_stamps, serve_cached, shared_read
from ..open_data.dictionary import data_dictionary
from ..open_data.disclosure import statements_tag, version_statements_data
from ..open_data.frozen import LayoutMissing, TamperedFile, frozen_data
from ..open_data.queries import (
    attach_final_account,
    bureau_tree,
    current_versions,
    pick_version,
    public_bureau_ids,
    published_departments,
    published_final_accounts,
    versions_at,
)
from ..open_data.schema import api_schema

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ApiError(Exception):
    def __init__(self, status, detail):
        super().__init__(detail)
        self.status, self.detail = status, detail


def _body(data):
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def _json_response(body, status=200):
    return HttpResponse(body, status=status, content_type="application/json; charset=utf-8")


def _error(status, detail):
    response = _json_response(_body({"detail": detail}), status=status)
    response["Cache-Control"] = "no-cache"
    return response


def _serve(request, data, *, tag=None, immutable=False):
    """Serve `data` as JSON with an ETag (the given one, or the body's SHA-256) and caching headers."""
    body = _body(data)
    tag = tag or etag(hashlib.sha256(body).hexdigest())
    return serve_cached(request, tag, lambda: _json_response(body), immutable=immutable)


def api_view(view):
    """Mark an API view public and turn ApiError into a JSON error response."""

    @login_not_required
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ApiError as error:
            return _error(error.status, error.detail)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _int_param(request, name, default=None, *, low=None, high=None):
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"参数 {name} 须为整数。") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ApiError(400, f"参数 {name} 须在 {low} 到 {high} 之间。")
    return value


def _paginate(request, items):
    """Return (page items, pagination fields) of `items` for the request's page and page_size."""
    size = _int_param(request, "page_size", DEFAULT_PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    number = _int_param(request, "page", 1, low=1)
    paginator = Paginator(items, size)
    if number > paginator.num_pages:
        raise ApiError(404, f"没有第 {number} 页。")
    page = paginator.page(number)

    def link(other):
        return request.build_absolute_uri(
            f"{request.path}?{urlencode({**request.GET.dict(), 'page': other})}"
        )

    return list(page.object_list), {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": link(number + 1) if page.has_next() else None,
        "previous": link(number - 1) if page.has_previous() else None,
    }


def _public_bureaus():
    tree = bureau_tree()
    public = public_bureau_ids(tree)
    return tree, public, sorted((tree.by_id[pk] for pk in public), key=lambda b: (b.name, b.slug))


def _bureau_or_404(slug):
    tree, public, bureaus = _public_bureaus()
    for bureau in bureaus:
        if bureau.slug == slug:
            return tree, public, bureau
    raise ApiError(404, "没有这个财政局，或其下没有已公开的部门决算。")


def _parent_slug(tree, bureau):
    parent = tree.by_id.get(bureau.parent_id)
    return parent.slug if parent else None


@api_view
def api_root(request):
    """Where everything is."""

    def url(name):
        return request.build_absolute_uri(reverse(f"accounts:{name}"))

    return _serve(
        request,
        {
            "bureaus": url("api-bureaus"),
            "departments": url("api-departments"),
            "final_accounts": url("api-final-accounts"),
            "schema": url("api-schema"),
            "documentation": url("api-docs"),
            "data_dictionary": url("api-data-dictionary"),
            "rules": url("api-rules"),
            "unit": "元",
        },
    )


@api_view
def bureaus(request):
    """Bureaus with published final accounts in them or below them."""
    tree, _public, listed = _public_bureaus()
    page, meta = _paginate(request, listed)
    return _serve(
        request,
        {
            **meta,
            "results": [serialisers.bureau_data(request, b, parent_slug=_parent_slug(tree, b)) for b in page],
        },
    )


@api_view
def bureau(request, bureau):
    """One bureau, with the slugs of its parent bureaus and public child bureaus."""
    tree, public, found = _bureau_or_404(bureau)
    return _serve(
        request,
        {
            **serialisers.bureau_data(request, found, parent_slug=_parent_slug(tree, found)),
            "ancestors": [b.slug for b in tree.ancestors(found)],
            "children": [b.slug for b in tree.children.get(found.pk, []) if b.pk in public],
        },
    )


@api_view
def departments(request):
    """Departments with at least one published final account (optionally of one bureau)."""
    listed = published_departments().order_by("bureau__slug", "slug")
    slug = request.GET.get("bureau")
    if slug:
        _tree, _public, found = _bureau_or_404(slug)
        listed = listed.filter(bureau=found)
    page, meta = _paginate(request, listed)
    years = {}
    for department_id, year in (
        current_versions()
        .filter(final_account__department__in=[d.pk for d in page])
        .values_list("final_account__department_id", "final_account__year")
        .order_by("-final_account__year")
    ):
        years.setdefault(department_id, []).append(year)
    return _serve(
        request,
        {
            **meta,
            "results": [serialisers.department_data(request, d, years=years.get(d.pk, [])) for d in page],
        },
    )


@api_view
def final_accounts(request):
    """Published final accounts, each as its current version, filtered by year, bureau (and below), department."""
    year = _int_param(request, "year")
    bureau_ids = None
    slug = request.GET.get("bureau")
    if slug:
        tree, _public, found = _bureau_or_404(slug)
        bureau_ids = tree.descendant_ids(found)
    versions = published_final_accounts(year=year, bureau_ids=bureau_ids)
    department = request.GET.get("department")
    if department:
        versions = versions.filter(final_account__department__slug=department)
    page, meta = _paginate(request, versions)
    return _serve(request, {**meta, "results": [serialisers.final_account_data(request, v) for v in page]})


def _versions(bureau, department, year):
    versions = attach_final_account(versions_at(bureau, department, year))
    if not versions:
        raise ApiError(404, "没有已公开的部门决算。")
    return versions


def _pick(versions, number):
    version = pick_version(versions, number)
    if version is None:
        raise ApiError(404, "没有这个版本。")
    return version


def _frozen(version):
    try:
        return frozen_data(version)
    except TamperedFile:
        raise ApiError(503, "该版本的存储文件校验失败，已停止提供。") from None


def _answer(request, bureau, department, year, number, build):
    """Serve what `build(version, versions)` returns — (data, ETag or None for the body's SHA-256) —
    for the version `number` (None: the current one) at an address.

    The answer is kept in the shared cache under the address asked (host included: it holds absolute
    links) and the versions found there, themselves kept until the next publication
    (accounts.open_data.caching): a repeated read runs no query, whoever asks, with or without cookies.
    """
    stamps = published_stamps(request, bureau, department, year)
    if not stamps:
        raise ApiError(404, "没有已公开的部门决算。")
    stamp = _pick(stamps, number)

    def produce():
        versions = _versions(bureau, department, year)
        data, tag = build(_pick(versions, stamp.number), versions)
        body = _body(data)
        return body, tag or etag(hashlib.sha256(body).hexdigest())

    found = [(s.pk, s.number, s.json_sha256) for s in stamps]
    # The address without its query string, which these answers do not read: a query string of one's
    # own must not make a new cache entry.
    if shared_read(request):
        body, tag = memoised(("api", request.build_absolute_uri(request.path), found), produce)
    else:
        body, tag = produce()
    response = serve_cached(request, tag, lambda: _json_response(body), immutable=number is not None)
    return mark_shared(response)


@api_view
def final_account(request, bureau, department, year, number=None):
    """One final account: its current version (or version `number`) and the list of all its versions."""

    def build(version, versions):
        data = serialisers.final_account_detail(request, version, versions)
        if number is None:
            return data, None
        # A version's own address: its data and hashes never change; the list of versions may grow, so
        # the numbered address lists only the versions up to itself.
        data["versions"] = [v for v in data["versions"] if v["version"] <= version.number]
        return data, etag(version.json_sha256, "api")

    return _answer(request, bureau, department, year, number, build)


@api_view
def final_account_statements(request, bureau, department, year, number=None):
    """The nine tables of a version as frozen: header rows, rows with every cell's address, notes (元)."""

    def build(version, _versions):
        try:
            statements = version_statements_data(version)
        except LayoutMissing:
            raise ApiError(503, "该版本的报表版式尚未补全，暂不提供。") from None
        except TamperedFile:
            raise ApiError(503, "该版本的存储文件校验失败，已停止提供。") from None
        data = serialisers.statements_data(version, _frozen(version), statements)
        return data, etag(*statements_tag(version), "statements")

    return _answer(request, bureau, department, year, number, build)


@api_view
def final_account_facts(request, bureau, department, year, number=None):
    """The facts, findings and explanations of a version as frozen (元)."""

    def build(version, _versions):
        return serialisers.facts_data(version, _frozen(version)), etag(version.json_sha256, "facts-public")

    return _answer(request, bureau, department, year, number, build)


@api_view
def schema(request):
    """The OpenAPI 3.1 description of this API."""
    return _serve(request, api_schema(request.build_absolute_uri("/").rstrip("/")))


@api_view
def not_found(request, rest):
    raise ApiError(404, "没有这个接口地址。")


def _report_format(request):
    """The format chosen by ?year=&region= (default: the latest national one), or None."""
    formats = ReportFormat.objects.order_by("-year", "region")
    year, region = request.GET.get("year", ""), request.GET.get("region", "national")
    if year.isdigit():
        formats = formats.filter(year=int(year))
    return formats.filter(region=region).first(), formats


@login_not_required
def docs(request):
    """The API's documentation page: endpoints, parameters, examples, caching."""
    example = published_final_accounts().first()
    return render(
        request,
        "accounts/portal/api_docs.html",
        {
            "base": request.build_absolute_uri("/").rstrip("/"),
            "example": example,
            "example_address": serialisers.version_address(example) if example else None,
            "max_page_size": MAX_PAGE_SIZE,
            "default_page_size": DEFAULT_PAGE_SIZE,
        },
    )


@login_not_required
def dictionary(request):
    """The data dictionary of a report format: every amount field, its table, 行次/栏次, key and unit."""
    report_format, formats = _report_format(request)
    fields = data_dictionary(report_format) if report_format else []
    return render(
        request,
        "accounts/portal/data_dictionary.html",
        {
            "report_format": report_format,
            "formats": ReportFormat.objects.order_by("-year", "region"),
            "fields": fields,
        },
    )


@login_not_required
def dictionary_csv(request):
    """The data dictionary as CSV (UTF-8 with BOM)."""
    report_format, _formats = _report_format(request)
    if report_format is None:
        return _error(404, "没有这个报表格式。")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["表", "表名", "行次", "栏次", "科目编码", "键", "项目", "栏目", "单位"])
    for field in data_dictionary(report_format):
        writer.writerow(
            [
                field.table,
                field.title,
                field.line,
                field.column,
                field.code,
                field.key,
                field.label,
                field.heading,
                field.unit,
            ]
        )
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="data-dictionary-{report_format.year}-{report_format.region}.csv"'
    )
    return response


FINAL_ACCOUNT = "api/v1/final-accounts/<slug:bureau>/<slug:department>/<int:year>/"

urlpatterns = [
    path("api/", docs, name="api-docs"),
    path("api/data-dictionary/", dictionary, name="api-data-dictionary"),
    path("api/data-dictionary.csv", dictionary_csv, name="api-data-dictionary-csv"),
    path("api/v1/", api_root, name="api-root"),
    path("api/v1/schema.json", schema, name="api-schema"),
    path("api/v1/bureaus/", bureaus, name="api-bureaus"),
    path("api/v1/bureaus/<slug:bureau>/", bureau, name="api-bureau"),
    path("api/v1/departments/", departments, name="api-departments"),
    path("api/v1/final-accounts/", final_accounts, name="api-final-accounts"),
    path(FINAL_ACCOUNT, final_account, name="api-final-account"),
    path(FINAL_ACCOUNT + "statements/", final_account_statements, name="api-final-account-statements"),
    path(FINAL_ACCOUNT + "facts/", final_account_facts, name="api-final-account-facts"),
    path(FINAL_ACCOUNT + "v<int:number>/", final_account, name="api-final-account-version"),
    path(
        FINAL_ACCOUNT + "v<int:number>/statements/",
        final_account_statements,
        name="api-final-account-version-statements",
    ),
    path(FINAL_ACCOUNT + "v<int:number>/facts/", final_account_facts, name="api-final-account-version-facts"),
    path("api/v1/<path:rest>", not_found, name="api-not-found"),
]
