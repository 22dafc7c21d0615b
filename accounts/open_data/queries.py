"""Set-based reads of published versions: listings, search, comparisons and the sums behind 汇总.

Each function runs a fixed number of queries whatever the number of departments, and reads
PublishedVersion and PublishedCell only (never live facts). "Current" is the highest-numbered
version of a final account: the one its address serves.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Sum, When

from ..models import (
    Department,
    FinalAccount,
    FinanceBureau,
    FunctionalSubject,
    PublishedCell,
    PublishedVersion,
)
from ..publishing import BUDGETS, STATED_FIGURES
from .layout import POSITIONAL_LINES, address

ZERO = Decimal("0.00")


def current_versions():
    """Return the current version of every published final account (no higher number exists)."""
    newer = PublishedVersion.objects.filter(
        final_account=OuterRef("final_account"), number__gt=OuterRef("number")
    )
    return PublishedVersion.objects.filter(~Exists(newer))


@dataclass(frozen=True)
class VersionStamp:
    """What identifies a published version's files: enough to serve them without loading the model."""

    pk: int
    number: int
    published_at: object
    html_file: str
    html_sha256: str
    pdf_file: str
    pdf_sha256: str
    json_file: str
    json_sha256: str


def _address_sql(columns):
    q = connection.ops.quote_name
    version, final_account, department, bureau = (
        q(model._meta.db_table) for model in (PublishedVersion, FinalAccount, Department, FinanceBureau)
    )
    return (
        f"SELECT {columns} FROM {version} v"
        f" JOIN {final_account} f ON f.{q('id')} = v.{q('final_account_id')}"
        f" JOIN {department} d ON d.{q('id')} = f.{q('department_id')}"
        f" JOIN {bureau} b ON b.{q('id')} = d.{q('bureau_id')}"
        f" WHERE b.{q('slug')} = %s AND d.{q('slug')} = %s AND f.{q('year')} = %s"
        f" ORDER BY v.{q('number')} DESC"
    )


def version_stamps_at(bureau_slug, department_slug, year):
    """Return the VersionStamps of the published versions at a disclosure address, newest first.

    The public pages' hottest lookup, run on every request of a page, PDF or JSON: the ORM's
    compiling of this three-join query and building of model instances cost ten times more than
    the query itself, so its SQL is written out here once and rows stay tuples.
    """
    q = connection.ops.quote_name
    columns = ", ".join(
        f"v.{q(name)}"
        for name in (
            "id",
            "number",
            "published_at",
            "html_file",
            "html_sha256",
            "pdf_file",
            "pdf_sha256",
            "json_file",
            "json_sha256",
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(_address_sql(columns), [bureau_slug, department_slug, year])
        return [VersionStamp(*row) for row in cursor.fetchall()]


def versions_at(bureau_slug, department_slug, year):
    """Return the published versions at a disclosure address, newest first (one query).

    The versions' final account is loaded lazily; `attach_final_account` loads it, with department
    and bureau, in one more query.
    """
    return list(PublishedVersion.objects.raw(_address_sql("v.*"), [bureau_slug, department_slug, year]))


def pick_version(versions, number):
    """Return the version (or stamp) numbered `number` of `versions`, newest first; the newest when
    `number` is None; None when there is no such version."""
    if number is None:
        return versions[0] if versions else None
    return next((version for version in versions if version.number == number), None)


def attach_final_account(versions):
    """Load the final account (with department and bureau) shared by `versions` and set it on each."""
    if versions:
        final_account = FinalAccount.objects.select_related("department__bureau").get(
            pk=versions[0].final_account_id
        )
        for version in versions:
            version.final_account = final_account
    return versions


def versions_with_addresses():
    """Return current versions with their final account, department and bureau in the same query."""
    return current_versions().select_related("final_account__department__bureau")


# --- bureaus ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BureauTree:
    """Every bureau, with parent and children links, from one query."""

    by_id: dict
    children: dict  # parent id (None for roots) → [bureau, …] in name order

    def ancestors(self, bureau):
        """Return the bureaus above `bureau`, the top one first."""
        chain, parent_id = [], bureau.parent_id
        while parent_id is not None and parent_id in self.by_id and len(chain) < len(self.by_id):
            parent = self.by_id[parent_id]
            chain.append(parent)
            parent_id = parent.parent_id
        return chain[::-1]

    def descendant_ids(self, bureau):
        """Return the ids of `bureau` and of every bureau below it."""
        ids, pending = [], [bureau.pk]
        while pending:
            current = pending.pop()
            if current in ids:
                continue
            ids.append(current)
            pending.extend(child.pk for child in self.children.get(current, []))
        return ids


def bureau_tree():
    """Return the BureauTree of all bureaus (one query)."""
    bureaus = list(FinanceBureau.objects.order_by("name"))
    children = defaultdict(list)
    for bureau in bureaus:
        children[bureau.parent_id].append(bureau)
    return BureauTree(by_id={b.pk: b for b in bureaus}, children=dict(children))


def public_bureau_ids(tree):
    """Return the ids of bureaus with a published final account in them or below them (one query)."""
    with_published = set(
        current_versions().values_list("final_account__department__bureau_id", flat=True).distinct()
    )
    public = set()
    for bureau_id in with_published:
        bureau = tree.by_id[bureau_id]
        public.add(bureau_id)
        public.update(b.pk for b in tree.ancestors(bureau))
    return public


def published_departments():
    """Return the departments with at least one published final account."""
    published = PublishedVersion.objects.filter(final_account__department=OuterRef("pk"))
    return Department.objects.filter(Exists(published)).select_related("bureau")


# --- listings --------------------------------------------------------------------------------------


def published_years():
    """Return [(year, number of published final accounts)], the latest year first."""
    return list(
        current_versions()
        .values_list("final_account__year")
        .annotate(count=Count("id"))
        .order_by("-final_account__year")
    )


def published_final_accounts(*, year=None, bureau_ids=None, department=None):
    """Return the current versions matching the filters, by year (latest first), bureau and department."""
    versions = versions_with_addresses()
    if year is not None:
        versions = versions.filter(final_account__year=year)
    if bureau_ids is not None:
        versions = versions.filter(final_account__department__bureau_id__in=bureau_ids)
    if department is not None:
        versions = versions.filter(final_account__department=department)
    return versions.order_by(
        "-final_account__year", "final_account__department__bureau__name", "final_account__department__name"
    )


def version_counts(final_account_ids):
    """Return {final account id: number of published versions} (one query)."""
    return dict(
        PublishedVersion.objects.filter(final_account_id__in=final_account_ids)
        .values_list("final_account_id")
        .annotate(count=Count("id"))
    )


# --- search ----------------------------------------------------------------------------------------


def search_departments(text):
    """Return published departments whose name or short name contains `text`."""
    return (
        published_departments()
        .filter(Q(name__icontains=text) | Q(short_name__icontains=text))
        .order_by("bureau__name", "name")
    )


def matching_subjects(text):
    """Return {code: name} of the functional subjects whose code is `text` or whose name contains it.

    Names are the latest edition's where a code appears in several editions.
    """
    text = text.strip()
    if not text:
        return {}
    condition = Q(code=text) if text.isdigit() else Q(name__icontains=text)
    return dict(
        FunctionalSubject.objects.filter(condition).order_by("code", "edition").values_list("code", "name")
    )


def spending_on_subjects(codes, *, year=None):
    """Return the current versions' 表3 合计 (栏1) of each subject in `codes` where it is not zero.

    One row per (final account, subject): version, subject code and name as printed, amount in 元 —
    e.g. every department that spent on 2080705 公益性岗位补贴.
    """
    cells = PublishedCell.objects.filter(
        version__in=current_versions(),
        table_kind="expenditure",
        key="total",
        code__in=list(codes),
    ).exclude(value=ZERO)
    if year is not None:
        cells = cells.filter(version__final_account__year=year)
    return cells.select_related("version__final_account__department__bureau").order_by(
        "code", "-version__final_account__year", "-value", "version__final_account__department__name"
    )


# --- comparison ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    """A figure compared between final accounts: where it sits in the frozen data."""

    name: str
    label: str
    table_kind: str
    key: str
    code: str = ""


METRICS = (
    Metric("income_total", "本年收入合计", "income_expenditure_summary", "income_total"),
    Metric("expenditure_total", "本年支出合计", "expenditure", "total"),
    Metric("basic", "基本支出", "expenditure", "basic"),
    Metric("project", "项目支出", "expenditure", "project"),
    Metric("general_budget", "一般公共预算财政拨款支出", "general_budget_expenditure", "total"),
    Metric("year_start_budget", "一般公共预算年初预算数", BUDGETS, "total"),
    Metric("official_budget", "“三公”经费预算数", "official_expenses", "budget_total"),
    Metric("official_actual", "“三公”经费决算数", "official_expenses", "actual_total"),
    Metric("outbound_travel_budget", "因公出国（境）费预算数", "official_expenses", "budget_outbound_travel"),
    Metric("outbound_travel_actual", "因公出国（境）费决算数", "official_expenses", "actual_outbound_travel"),
    Metric("vehicle_purchase_budget", "公务用车购置费预算数", "official_expenses", "budget_vehicle_purchase"),
    Metric("vehicle_purchase_actual", "公务用车购置费决算数", "official_expenses", "actual_vehicle_purchase"),
    Metric(
        "vehicle_operation_budget",
        "公务用车运行维护费预算数",
        "official_expenses",
        "budget_vehicle_operation",
    ),
    Metric(
        "vehicle_operation_actual",
        "公务用车运行维护费决算数",
        "official_expenses",
        "actual_vehicle_operation",
    ),
    Metric("reception_budget", "公务接待费预算数", "official_expenses", "budget_reception"),
    Metric("reception_actual", "公务接待费决算数", "official_expenses", "actual_reception"),
    Metric("operating_costs", "机关运行经费", STATED_FIGURES, "operating_costs"),
)


def metric_values(versions):
    """Return {version id: {metric name: 元}} of the METRICS for `versions` (one query).

    A metric a version does not hold (e.g. no stated 机关运行经费) is absent, not zero.
    """
    condition = Q(pk__in=[])
    for metric in METRICS:
        condition |= Q(table_kind=metric.table_kind, key=metric.key, code=metric.code)
    by_address = defaultdict(list)
    for metric in METRICS:
        by_address[(metric.table_kind, metric.key, metric.code)].append(metric.name)
    values = defaultdict(dict)
    cells = PublishedCell.objects.filter(condition, version__in=versions).values_list(
        "version_id", "table_kind", "key", "code", "value"
    )
    for version_id, table_kind, key, code, value in cells:
        for name in by_address[(table_kind, key, code)]:
            values[version_id][name] = value
    return values


def yearly_metric_sums(versions):
    """Return {year: {metric name: 元}} of the METRICS summed over `versions` by year (one query)."""
    condition = Q(pk__in=[])
    for metric in METRICS:
        condition |= Q(table_kind=metric.table_kind, key=metric.key, code=metric.code)
    rows = (
        PublishedCell.objects.filter(condition, version__in=versions)
        .values_list("version__final_account__year", "table_kind", "key", "code")
        .annotate(total=Sum("value", default=ZERO))
    )
    by_address = defaultdict(list)
    for metric in METRICS:
        by_address[(metric.table_kind, metric.key, metric.code)].append(metric.name)
    sums = defaultdict(dict)
    for year, table_kind, key, code, total in rows:
        for name in by_address[(table_kind, key, code)]:
            sums[year][name] = total
    return sums


# --- 汇总 -------------------------------------------------------------------------------------------


def summed_cells(versions):
    """Return {table kind: {address: 元}}: every cell of the nine tables summed over `versions` (one query).

    Cells are summed by their address (行次, 栏次, code, key); 表6's positional 行次 are left out of it.
    Subject codes printed by each table are returned as well: {table kind: {code, …}}.
    """
    line = Case(When(table_kind__in=POSITIONAL_LINES, then=None), default=F("line"))
    rows = (
        PublishedCell.objects.filter(version__in=versions)
        .exclude(table_kind__in=(STATED_FIGURES, BUDGETS))
        .annotate(address_line=line)
        .values_list("table_kind", "address_line", "column", "code", "key")
        .annotate(total=Sum("value", default=ZERO))
    )
    sums, codes = defaultdict(dict), defaultdict(set)
    for table_kind, line_number, column, code, key, total in rows:
        sums[table_kind][address(table_kind, line_number, column, code, key)] = total
        if code:
            codes[table_kind].add(code)
    return dict(sums), dict(codes)
