"""The public portal: browsing, search, comparisons, 汇总, table downloads and the sitemap.

Every view reads published, frozen versions only (accounts.open_data); anything unpublished is a 404.
"""

import hashlib
import time

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django_tables2 import RequestConfig

from ..jobs import start_job, sweep_stale_jobs
from ..models import Job, PublishedVersion
from ..open_data import comparison
from ..open_data.bulk import bulk_csv, bulk_json_zip, bulk_xlsx, content_disposition
from ..open_data.caching import GENERATION_KEY, anonymous_view, etag, serve_cached, signed_in
from ..open_data.disclosure import statements_tag, version_statements
from ..open_data.downloads import statements_csv, statements_xlsx
from ..open_data.frozen import LayoutMissing, TamperedFile
from ..open_data.queries import (
    attach_final_account,
    bureau_tree,
    matching_subjects,
    public_bureau_ids,
    published_departments,
    published_final_accounts,
    published_years,
    search_departments,
    spending_on_subjects,
    version_counts,
    versions_at,
)
from ..open_data.search import highlight, normalised, search_passages
from ..open_data.summary import MixedFormats, build_summary, summary_pdf, summary_pdf_name
from ..open_data.tables import (
    BureauYearsTable,
    ChosenComparisonTable,
    DepartmentComparisonTable,
    DepartmentYearsTable,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def _public_bureau(slug):
    """The bureau `slug` with the tree of all bureaus, if anything is published in or below it; else 404."""
    tree = bureau_tree()
    bureau = next((b for b in tree.by_id.values() if b.slug == slug), None)
    if bureau is None or bureau.pk not in public_bureau_ids(tree):
        raise Http404("没有已公开的部门决算。")
    return bureau, tree


def _attachment(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_not_required
def years(request):
    """Years with published final accounts."""
    return render(request, "accounts/portal/years.html", {"years": published_years()})


@login_not_required
def year_detail(request, year):
    """The final accounts published for `year`, grouped by bureau."""
    versions = list(published_final_accounts(year=year))
    if not versions:
        raise Http404("该年度没有已公开的部门决算。")
    tree = bureau_tree()
    groups = {}
    for version in versions:
        bureau = version.final_account.department.bureau
        groups.setdefault(bureau.pk, {"bureau": bureau, "ancestors": tree.ancestors(bureau), "versions": []})
        groups[bureau.pk]["versions"].append(version)
    return render(
        request,
        "accounts/portal/year_detail.html",
        {
            "year": year,
            "groups": sorted(groups.values(), key=lambda g: g["bureau"].name),
        },
    )


@login_not_required
def bureaus(request):
    """The bureaus with published final accounts, as a tree."""
    tree = bureau_tree()
    public = public_bureau_ids(tree)
    rows, pending = [], [(bureau, 0) for bureau in reversed(tree.children.get(None, []))]
    while pending:
        bureau, depth = pending.pop()
        if bureau.pk in public and len(rows) < len(tree.by_id):
            rows.append({"bureau": bureau, "depth": min(depth, 6)})
            pending.extend((child, depth + 1) for child in reversed(tree.children.get(bureau.pk, [])))
    return render(request, "accounts/portal/bureaus.html", {"rows": rows})


@login_not_required
def bureau_detail(request, bureau):
    """A bureau: its parent bureaus, child bureaus, departments and their published years."""
    bureau, tree = _public_bureau(bureau)
    public = public_bureau_ids(tree)
    versions = list(published_final_accounts(bureau_ids=[bureau.pk]))
    departments = {}
    for version in versions:
        department = version.final_account.department
        departments.setdefault(department.pk, {"department": department, "versions": []})
        departments[department.pk]["versions"].append(version)
    all_versions = published_final_accounts(bureau_ids=tree.descendant_ids(bureau))
    summary_years = sorted(set(all_versions.values_list("final_account__year", flat=True)), reverse=True)
    return render(
        request,
        "accounts/portal/bureau_detail.html",
        {
            "bureau": bureau,
            "ancestors": tree.ancestors(bureau),
            "children": [b for b in tree.children.get(bureau.pk, []) if b.pk in public],
            "departments": sorted(departments.values(), key=lambda d: d["department"].name),
            "summary_years": summary_years,
        },
    )


@login_not_required
def department_detail(request, bureau, department):
    """A department: its published final accounts, year by year, with their versions."""
    department = get_object_or_404(published_departments(), bureau__slug=bureau, slug=department)
    tree = bureau_tree()
    versions = list(published_final_accounts(department=department))
    counts = version_counts([v.final_account_id for v in versions])
    return render(
        request,
        "accounts/portal/department_detail.html",
        {
            "department": department,
            "ancestors": [*tree.ancestors(department.bureau), department.bureau],
            "rows": [{"version": v, "count": counts.get(v.final_account_id, 1)} for v in versions],
        },
    )


@login_not_required
def search(request):
    """Search published departments by name, spending by functional subject, and the published texts.

    The texts are every heading, paragraph and table row of the current versions: narratives, topics
    (三公, 机关运行经费, 政府采购) and economic codes (30217) as their tables print them. A page is
    kept in the shared cache until the next publication (whose generation its key names), so a term
    searched again is answered without a query.
    """
    text = normalised(request.GET.get("q", ""))[:50]
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else None
    page, text_page = request.GET.get("page", ""), request.GET.get("text_page", "")
    personal = signed_in(request)
    # What the shared cache keeps is rendered for an anonymous reader, whoever asked first.
    reader = request if personal else anonymous_view(request)

    def produce():
        departments, subjects, hits, passages = [], {}, None, None
        if text:
            departments = list(search_departments(text)[:50])
            subjects = matching_subjects(text)
            if subjects:
                hits = Paginator(spending_on_subjects(subjects, year=year), 50).get_page(page)
            passages = Paginator(search_passages(text, year=year), 30).get_page(text_page)
            for passage in passages:
                passage.snippet = highlight(passage.text, text)
        query = {"q": text, **({"year": year} if year else {})}
        return render(
            reader,
            "accounts/portal/search.html",
            {
                "text": text,
                "year": year,
                "years": [y for y, _count in published_years()],
                "departments": departments,
                "subjects": subjects,
                "hits": hits,
                "passages": passages,
                "query": urlencode(query),
            },
        )

    generation = cache.get(GENERATION_KEY)
    if generation is None:  # a fresh or evicted cache: any new value makes older pages unreachable
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
    key = ("search", generation, text, year, page[:10], text_page[:10])
    return serve_cached(
        request,
        etag(hashlib.sha256(repr(key).encode()).hexdigest()[:32], weak=True),
        produce,
        immutable=False,
        personal=personal,
        memo_key=key if generation is not None and not personal else None,
    )


@login_not_required
def compare_departments(request, bureau, year):
    """A bureau's departments (its child bureaus' included) compared for one year: sortable, with a chart."""
    bureau, tree = _public_bureau(bureau)
    rows = comparison.department_comparison(tree.descendant_ids(bureau), year)
    if not rows:
        raise Http404("该年度没有已公开的部门决算。")
    table = DepartmentComparisonTable(rows, order_by="-expenditure_total")
    RequestConfig(request, paginate=False).configure(table)
    chart = comparison.stacked_bar_chart(
        sorted(rows, key=lambda r: r.get("expenditure_total") or 0, reverse=True),
        title="本年支出：基本支出与项目支出（万元）",
        label_key="department",
        series=[("basic", "基本支出"), ("project", "项目支出")],
        total_key="expenditure_total",
    )
    official = comparison.stacked_bar_chart(
        sorted(rows, key=lambda r: r.get("official_actual") or 0, reverse=True),
        title="“三公”经费决算数（万元）",
        label_key="department",
        series=[
            ("outbound_travel_actual", "因公出国（境）费"),
            ("vehicle_purchase_actual", "公务用车购置费"),
            ("vehicle_operation_actual", "公务用车运行维护费"),
            ("reception_actual", "公务接待费"),
        ],
        total_key="official_actual",
    )
    return render(
        request,
        "accounts/portal/compare_departments.html",
        {
            "bureau": bureau,
            "trail": [*tree.ancestors(bureau), bureau],
            "year": year,
            "table": table,
            "charts": [chart, official],
            "csv_url": reverse(
                "accounts:compare-departments-csv", kwargs={"bureau": bureau.slug, "year": year}
            ),
        },
    )


@login_not_required
def compare_departments_csv(request, bureau, year):
    bureau, tree = _public_bureau(bureau)
    rows = comparison.department_comparison(tree.descendant_ids(bureau), year)
    if not rows:
        raise Http404("该年度没有已公开的部门决算。")
    columns = comparison.columns(
        first=[("bureau", "财政局"), ("department", "部门"), ("year", "年度"), ("version", "版本")]
    )
    return _attachment(comparison.comparison_csv(rows, columns), CSV, f"{year}-{bureau.slug}-departments.csv")


MAX_CHOSEN_DEPARTMENTS = 50


def _chosen(request, bureau):
    """Read the departments (`d`: bureau/department slugs) and years (`y`) chosen under `bureau`.

    Return (bureau, tree, offered departments, offered years, chosen department ids, chosen years,
    problems): values that name nothing offered are listed in Chinese in `problems`, never an error.
    """
    bureau, tree = _public_bureau(bureau)
    ids = tree.descendant_ids(bureau)
    offered = list(published_departments().filter(bureau_id__in=ids).order_by("bureau__name", "name"))
    by_key = {f"{d.bureau.slug}/{d.slug}": d for d in offered}
    years = sorted(
        set(
            published_final_accounts(bureau_ids=ids).values_list("final_account__year", flat=True).distinct()
        ),
        reverse=True,
    )
    problems, departments, chosen_years = [], [], []
    for value in request.GET.getlist("d"):
        if value in by_key:
            departments.append(by_key[value].pk)
        else:
            problems.append(f"没有已公开决算的部门“{value[:40]}”")
    for value in request.GET.getlist("y"):
        if value.isdigit() and int(value) in years:
            chosen_years.append(int(value))
        else:
            problems.append(f"没有已公开决算的年度“{value[:10]}”")
    if len(departments) > MAX_CHOSEN_DEPARTMENTS:
        problems.append(f"一次最多比较 {MAX_CHOSEN_DEPARTMENTS} 个部门，只取前 {MAX_CHOSEN_DEPARTMENTS} 个")
        departments = departments[:MAX_CHOSEN_DEPARTMENTS]
    return bureau, tree, by_key, years, departments, chosen_years, problems


@login_not_required
def compare_chosen(request, bureau):
    """Chosen departments (under a bureau) over chosen years, side by side: a form, a table, a chart."""
    bureau, tree, offered, years, departments, chosen_years, problems = _chosen(request, bureau)
    rows = comparison.chosen_comparison(tree.descendant_ids(bureau), departments, chosen_years)
    table = ChosenComparisonTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    charts = []
    if rows:
        labelled = [{**row, "label": f"{row['short_name']} {row['year']}"} for row in rows]
        charts.append(
            comparison.stacked_bar_chart(
                labelled,
                title="本年支出：基本支出与项目支出（万元）",
                label_key="label",
                series=[("basic", "基本支出"), ("project", "项目支出")],
                total_key="expenditure_total",
            )
        )
    chosen_keys = {key for key, d in offered.items() if d.pk in departments}
    return render(
        request,
        "accounts/portal/compare_chosen.html",
        {
            "bureau": bureau,
            "trail": [*tree.ancestors(bureau), bureau],
            "offered": [(key, d, key in chosen_keys) for key, d in offered.items()],
            "years": [(year, year in chosen_years) for year in years],
            "chosen": bool(departments and chosen_years),
            "problems": problems,
            "table": table,
            "charts": charts,
            "csv_url": reverse("accounts:compare-chosen-csv", kwargs={"bureau": bureau.slug})
            + "?"
            + request.GET.urlencode(),
        },
    )


@login_not_required
def compare_chosen_csv(request, bureau):
    bureau, tree, _offered, _years, departments, chosen_years, _problems = _chosen(request, bureau)
    rows = comparison.chosen_comparison(tree.descendant_ids(bureau), departments, chosen_years)
    columns = comparison.columns(
        first=[("bureau", "财政局"), ("department", "部门"), ("year", "年度"), ("version", "版本")]
    )
    return _attachment(comparison.comparison_csv(rows, columns), CSV, f"{bureau.slug}-chosen.csv")


@login_not_required
def compare_bureau_years(request, bureau):
    """A bureau's figures (its child bureaus' included) summed year by year."""
    bureau, tree = _public_bureau(bureau)
    rows = comparison.bureau_years(tree.descendant_ids(bureau))
    table = BureauYearsTable(rows, order_by="-year")
    RequestConfig(request, paginate=False).configure(table)
    chart = comparison.stacked_bar_chart(
        rows,
        title="本年支出：基本支出与项目支出（万元）",
        label_key="year",
        series=[("basic", "基本支出"), ("project", "项目支出")],
        total_key="expenditure_total",
    )
    return render(
        request,
        "accounts/portal/compare_years.html",
        {
            "subject": bureau.name,
            "bureau": bureau,
            "trail": [*tree.ancestors(bureau), bureau],
            "table": table,
            "charts": [chart],
            "csv_url": reverse("accounts:compare-bureau-years-csv", kwargs={"bureau": bureau.slug}),
        },
    )


@login_not_required
def compare_bureau_years_csv(request, bureau):
    bureau, tree = _public_bureau(bureau)
    rows = comparison.bureau_years(tree.descendant_ids(bureau))
    columns = comparison.columns(first=[("year", "年度"), ("departments", "部门数")])
    return _attachment(comparison.comparison_csv(rows, columns), CSV, f"{bureau.slug}-years.csv")


@login_not_required
def compare_department_years(request, bureau, department):
    """One department's published figures year by year."""
    department = get_object_or_404(published_departments(), bureau__slug=bureau, slug=department)
    rows = comparison.department_years(department)
    table = DepartmentYearsTable(rows, order_by="-year")
    RequestConfig(request, paginate=False).configure(table)
    chart = comparison.stacked_bar_chart(
        rows,
        title="本年支出：基本支出与项目支出（万元）",
        label_key="year",
        series=[("basic", "基本支出"), ("project", "项目支出")],
        total_key="expenditure_total",
    )
    tree = bureau_tree()
    return render(
        request,
        "accounts/portal/compare_years.html",
        {
            "subject": department.name,
            "bureau": department.bureau,
            "department": department,
            "trail": [*tree.ancestors(department.bureau), department.bureau],
            "table": table,
            "charts": [chart],
            "csv_url": reverse(
                "accounts:compare-department-years-csv",
                kwargs={"bureau": department.bureau.slug, "department": department.slug},
            ),
        },
    )


@login_not_required
def compare_department_years_csv(request, bureau, department):
    department = get_object_or_404(published_departments(), bureau__slug=bureau, slug=department)
    rows = comparison.department_years(department)
    columns = comparison.columns(first=[("department", "部门"), ("year", "年度"), ("version", "版本")])
    return _attachment(comparison.comparison_csv(rows, columns), CSV, f"{bureau}-{department.slug}-years.csv")


def _summary(bureau, year):
    bureau, _tree = _public_bureau(bureau)
    try:
        summary = build_summary(bureau, year)
    except MixedFormats:
        raise Http404("所含部门决算的报表格式不同，无法汇总。") from None
    if not summary.versions:
        raise Http404("该年度没有已公开的部门决算。")
    return summary


def _summary_cached(request, summary, produce, kind, *, personal=False):
    # A summary changes whenever one of its departments publishes: a current address, never immutable.
    return serve_cached(request, etag(summary.digest, kind), produce, immutable=False, personal=personal)


@login_not_required
def summary(request, bureau, year):
    """汇总: the nine tables summed over the bureau's published departments (child bureaus included)."""
    result = _summary(bureau, year)
    address = {"bureau": result.bureau.slug, "year": year}
    return _summary_cached(
        request,
        result,
        lambda: render(
            request,
            "accounts/portal/summary.html",
            {
                "summary": result,
                "document": result.heading,
                "trail": [*result.ancestors, result.bureau],
                "pdf_url": reverse("accounts:summary-pdf", kwargs=address),
                "xlsx_url": reverse("accounts:summary-xlsx", kwargs=address),
                "csv_url": reverse("accounts:summary-csv", kwargs=address),
                "compare_url": reverse("accounts:compare-departments", kwargs=address),
            },
        ),
        "html",
        personal=request.user.is_authenticated,
    )


@login_not_required
def summary_pdf_view(request, bureau, year):
    """The 汇总 PDF: served from storage once rendered; until then rendered by a job (14 s for a
    district), with a page that shows its progress and reloads this address (?job=<id>) until done.

    A GET may start the rendering: it fills a store of what any visitor may read, at most once per
    set of summed versions (the job's dedupe key), like a cache.
    """
    result = _summary(bureau, year)
    if not default_storage.exists(summary_pdf_name(result)):
        return _summary_pdf_pending(request, result)

    def produce():
        response = HttpResponse(summary_pdf(result), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{year}-{result.bureau.slug}-summary.pdf"'
        return response

    return _summary_cached(request, result, produce, "pdf")


def _summary_pdf_pending(request, summary):
    key = f"summary-pdf:{summary.bureau.pk}:{summary.year}:{summary.digest}"
    job = Job.objects.filter(pk=request.GET.get("job") or None, dedupe_key=key).first()
    if job is None or job.state == Job.State.SUCCEEDED:  # succeeded: the PDF of other versions now
        job, _created = start_job(
            Job.Kind.SUMMARY_PDF,
            key=key,
            title=summary.title,
            owner=request.user,
            bureau=summary.bureau,
            params={"year": summary.year},
        )
    else:
        sweep_stale_jobs(pk=job.pk)
        job.refresh_from_db()
    # A failed job is shown, not started again by the page reloading itself; a new visit starts anew.
    response = render(
        request,
        "accounts/portal/summary_pdf_pending.html",
        {"summary": summary, "job": job, "again": f"{request.path}?{urlencode({'job': job.pk})}"},
        status=202 if job.is_open else 503,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_not_required
def summary_xlsx(request, bureau, year):
    result = _summary(bureau, year)
    return _summary_cached(
        request,
        result,
        lambda: _attachment(
            statements_xlsx(
                result.statements,
                subtitle=f"{result.bureau.name}（汇总）",
                created=max(v.published_at for v in result.versions),
            ),
            XLSX,
            f"{year}-{result.bureau.slug}-summary.xlsx",
        ),
        "xlsx",
    )


@login_not_required
def summary_csv(request, bureau, year):
    result = _summary(bureau, year)
    return _summary_cached(
        request,
        result,
        lambda: _attachment(
            statements_csv(result.statements),
            CSV,
            f"{year}-{result.bureau.slug}-summary.csv",
        ),
        "csv",
    )


def _version(bureau, department, year, number):
    """The published version at this address (the current one when `number` is None), or 404."""
    versions = versions_at(bureau, department, year)
    version = next((v for v in versions if number is None or v.number == number), None)
    if version is None:
        raise Http404("没有已公开的版本。")
    return attach_final_account([version])[0]


def _version_download(request, bureau, department, year, number, kind, table=None):
    version = _version(bureau, department, year, number)

    def produce():
        try:
            statements = version_statements(version)
        except TamperedFile:
            return HttpResponse(
                "该版本的存储文件校验失败，已停止提供。", status=503, content_type="text/plain; charset=utf-8"
            )
        except LayoutMissing:
            return HttpResponse(
                "该版本的报表版式尚未补全，暂不提供下载。",
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        name = f"{year}-{bureau}-{department}-v{version.number}"
        if table is not None:
            statements = [s for s in statements if s.number == table]
            if not statements:
                raise Http404("没有这张表。")
            name += f"-table{table}"
        if kind == "csv":
            return _attachment(statements_csv(statements), CSV, f"{name}.csv")
        subtitle = f"{version.final_account.department.name}（第{version.number}版）"
        workbook = statements_xlsx(statements, subtitle=subtitle, created=version.published_at)
        return _attachment(workbook, XLSX, f"{name}.xlsx")

    # Generated from the frozen files on each request (weak ETag: the same cells, whatever this code
    # makes of them); an old version's layout file is part of what it is made from.
    tag = etag(*statements_tag(version), kind, table or "all", weak=True)
    return serve_cached(request, tag, produce, immutable=number is not None)


@login_not_required
def tables_download(request, bureau, department, year, kind, number=None, table=None):
    """Every table of a version (or one, `table` = 表号) as CSV or XLSX, made from its frozen statements."""
    return _version_download(request, bureau, department, year, number, kind, table)


@login_not_required
def sitemap(request):
    """sitemap.xml: the portal's pages and every published version's address."""
    tree = bureau_tree()
    public = public_bureau_ids(tree)
    versions = list(
        PublishedVersion.objects.select_related("final_account__department__bureau").order_by(
            "final_account__department__bureau__slug",
            "final_account__department__slug",
            "final_account__year",
            "number",
        )
    )
    current = {}
    for version in versions:
        current[version.final_account_id] = version
    urls = [
        (reverse("accounts:home"), None),
        (reverse("accounts:portal-years"), None),
        (reverse("accounts:portal-bureaus"), None),
        (reverse("accounts:api-docs"), None),
    ]
    urls += [(reverse("accounts:portal-year", kwargs={"year": y}), None) for y, _count in published_years()]
    for bureau_id in sorted(public):
        slug = tree.by_id[bureau_id].slug
        urls.append((reverse("accounts:portal-bureau", kwargs={"bureau": slug}), None))
    seen_departments, summaries = set(), set()
    for version in versions:
        final_account = version.final_account
        department = final_account.department
        if department.pk not in seen_departments:
            seen_departments.add(department.pk)
            urls.append(
                (
                    reverse(
                        "accounts:portal-department",
                        kwargs={"bureau": department.bureau.slug, "department": department.slug},
                    ),
                    None,
                )
            )
        if current[version.final_account_id] is version:
            urls.append((final_account.get_absolute_url(), version.published_at))
            for bureau in [*tree.ancestors(department.bureau), department.bureau]:
                summaries.add((bureau.slug, final_account.year))
        address = {
            "bureau": department.bureau.slug,
            "department": department.slug,
            "year": final_account.year,
        }
        urls.append(
            (reverse("accounts:version", kwargs={**address, "number": version.number}), version.published_at)
        )
    urls += [
        (reverse("accounts:summary", kwargs={"bureau": slug, "year": year}), None)
        for slug, year in sorted(summaries)
    ]
    entries = [{"location": request.build_absolute_uri(url), "lastmod": lastmod} for url, lastmod in urls]
    return render(
        request,
        "accounts/portal/sitemap.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )


VERSION = "<slug:bureau>/<slug:department>/<int:year>/"
VERSION_N = VERSION + "v<int:number>/"


@login_not_required
def open_data(request, year, kind, bureau=None):
    """Every published amount of `year` in one long table (CSV or XLSX): all bureaus, or `bureau` and
    the bureaus below it; one row per printed cell with its department."""
    if bureau is None:
        versions, name, slug = published_final_accounts(year=year), "全部财政局", "all"
    else:
        found, tree = _public_bureau(bureau)
        versions = published_final_accounts(year=year, bureau_ids=tree.descendant_ids(found))
        name, slug = found.name, found.slug
    versions = list(versions.select_related("final_account__department__bureau"))
    if not versions:
        raise Http404("该年度没有已公开的部门决算。")
    title = f"{year}年度{name}部门决算公开数据"
    if kind == "csv":
        response = HttpResponse(bulk_csv(versions), content_type=CSV)
    else:
        created = max(version.published_at for version in versions)
        response = HttpResponse(bulk_xlsx(versions, title=title, created=created), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        f"{title}.{kind}", f"{year}-{slug}-open-data.{kind}"
    )
    return response


@login_not_required
def open_data_json(request, year, bureau=None):
    """Every published version of `year` (corrections and the versions they replaced), each as its JSON
    download, in one ZIP: all bureaus, or `bureau` and the bureaus below it."""
    versions = PublishedVersion.objects.filter(final_account__year=year)
    if bureau is None:
        name, slug = "全部财政局", "all"
    else:
        found, tree = _public_bureau(bureau)
        versions = versions.filter(final_account__department__bureau_id__in=tree.descendant_ids(found))
        name, slug = found.name, found.slug
    versions = list(
        versions.select_related("final_account__department__bureau").order_by(
            "final_account__department__bureau__slug", "final_account__department__slug", "number"
        )
    )
    if not versions:
        raise Http404("该年度没有已公开的部门决算。")
    created = max(version.published_at for version in versions)
    response = HttpResponse(bulk_json_zip(versions, created=created), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        f"{year}年度{name}部门决算公开版本JSON.zip", f"{year}-{slug}-versions-json.zip"
    )
    return response


urlpatterns = [
    path("years/", years, name="portal-years"),
    path("years/<int:year>/", year_detail, name="portal-year"),
    path("bureaus/", bureaus, name="portal-bureaus"),
    path("bureaus/<slug:bureau>/", bureau_detail, name="portal-bureau"),
    path("bureaus/<slug:bureau>/<slug:department>/", department_detail, name="portal-department"),
    path("search/", search, name="portal-search"),
    path("compare/<slug:bureau>/<int:year>/", compare_departments, name="compare-departments"),
    path("compare/<slug:bureau>/<int:year>/csv/", compare_departments_csv, name="compare-departments-csv"),
    path("compare/<slug:bureau>/years/", compare_bureau_years, name="compare-bureau-years"),
    path("compare/<slug:bureau>/chosen/", compare_chosen, name="compare-chosen"),
    path("compare/<slug:bureau>/chosen/csv/", compare_chosen_csv, name="compare-chosen-csv"),
    path("compare/<slug:bureau>/years/csv/", compare_bureau_years_csv, name="compare-bureau-years-csv"),
    path(
        "compare/<slug:bureau>/<slug:department>/", compare_department_years, name="compare-department-years"
    ),
    path(
        "compare/<slug:bureau>/<slug:department>/csv/",
        compare_department_years_csv,
        name="compare-department-years-csv",
    ),
    path("summary/<slug:bureau>/<int:year>/", summary, name="summary"),
    path("summary/<slug:bureau>/<int:year>/pdf/", summary_pdf_view, name="summary-pdf"),
    path("summary/<slug:bureau>/<int:year>/tables.xlsx", summary_xlsx, name="summary-xlsx"),
    path("summary/<slug:bureau>/<int:year>/tables.csv", summary_csv, name="summary-csv"),
    path("open-data/<int:year>.csv", open_data, {"kind": "csv"}, name="open-data-csv"),
    path("open-data/<int:year>.xlsx", open_data, {"kind": "xlsx"}, name="open-data-xlsx"),
    path("open-data/<slug:bureau>/<int:year>.csv", open_data, {"kind": "csv"}, name="bureau-open-data-csv"),
    path(
        "open-data/<slug:bureau>/<int:year>.xlsx", open_data, {"kind": "xlsx"}, name="bureau-open-data-xlsx"
    ),
    path("open-data/<int:year>-json.zip", open_data_json, name="open-data-json"),
    path("open-data/<slug:bureau>/<int:year>-json.zip", open_data_json, name="bureau-open-data-json"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(VERSION + "tables.csv", tables_download, {"kind": "csv"}, name="tables-csv"),
    path(VERSION + "tables.xlsx", tables_download, {"kind": "xlsx"}, name="tables-xlsx"),
    path(VERSION + "tables/<int:table>.csv", tables_download, {"kind": "csv"}, name="table-csv"),
    path(VERSION + "tables/<int:table>.xlsx", tables_download, {"kind": "xlsx"}, name="table-xlsx"),
    path(VERSION_N + "tables.csv", tables_download, {"kind": "csv"}, name="version-tables-csv"),
    path(VERSION_N + "tables.xlsx", tables_download, {"kind": "xlsx"}, name="version-tables-xlsx"),
    path(VERSION_N + "tables/<int:table>.csv", tables_download, {"kind": "csv"}, name="version-table-csv"),
    path(VERSION_N + "tables/<int:table>.xlsx", tables_download, {"kind": "xlsx"}, name="version-table-xlsx"),
]
