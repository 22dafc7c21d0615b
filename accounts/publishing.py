"""Publishing: freezing a version of a final account into stored files that never change.

A published version is the rendered document (HTML fragment), its PDF and a JSON of the facts,
statements, findings and explanations, each stored through Django's storage API with its SHA-256.
The JSON freezes each statement whole (header rows, rows with their labels and spans, notes), so
that the version's page, downloads, API answers and PublishedCell rows never need the report format
or the statement builders again. Every public read goes through `read_verified`, which refuses a file
whose hash no longer matches.

Readers of published versions (accounts.open_data) sit above this module: it never imports them,
and they learn of a new version through `on_publication`.
"""

import hashlib
import json
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise

from .choices import StatedFigure
from .document import build_document
from .document.pdf import render_pdf
from .models import Explanation, PublishedCell, PublishedVersion
from .rules.engine import check_facts
from .statements import build_statements, load_facts
from .statements.structures import statement_as_data

logger = logging.getLogger(__name__)

KINDS = ("html", "pdf", "json")  # the files every version has
LAYOUT = "layout"  # the supplementary file of a version frozen before statements kept their layout

# PublishedCell table kinds of the amounts no table prints.
STATED_FIGURES = "stated_figures"
BUDGETS = "budgets"


class TamperedFile(Exception):
    """A stored file of a published version no longer matches its recorded SHA-256."""


class LayoutMissing(Exception):
    """A version frozen before statements kept their layout has no supplementary layout file yet."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def facts_as_data(facts):
    """Return the facts of a final account as plain data (元 as text), keyed as stored."""

    def money(value):
        return None if value is None else str(value)

    return {
        "income": [
            {"subject": c, "source": s, "amount": money(a)} for (c, s), a in sorted(facts.income.items())
        ],
        "expenditure": [
            {"subject": c, "fund": f, "kind": k, "amount": money(a)}
            for (c, f, k), a in sorted(facts.expenditure.items())
        ],
        "balances": [
            {"fund": f, "subject": c or None, "opening": money(o), "closing": money(cl)}
            for (f, c), (o, cl) in sorted(facts.balances.items())
        ],
        "basic_expenditure_detail": [
            {"subject": c, "amount": money(a)} for c, a in sorted(facts.basic_detail.items())
        ],
        "official_expenses": [
            {"item": i, "budget": money(b), "actual": money(a)}
            for i, (b, a) in sorted(facts.official_expenses.items())
        ],
        "budgets": {
            "total": money(facts.budget_total),
            "by_kind": {k: money(a) for k, a in sorted(facts.budget_by_kind.items())},
            "by_subject": {c: money(a) for c, a in sorted(facts.budget_by_subject.items())},
        },
        "stated_figures": {k: money(a) for k, a in sorted(facts.stated_figures.items())},
        "stated_counts": dict(sorted(facts.stated_counts.items())),
        "prior_year_figures": {
            k: {"amount": money(a), "source": s} for k, (a, s) in sorted(facts.prior_year.items())
        },
        "free_texts": [
            {"key": k, "subject": c or None, "text": t} for (k, c), t in sorted(facts.free_texts.items())
        ],
    }


@dataclass(frozen=True)
class FrozenVersion:
    """The bytes of a version's files, {kind: bytes}, and the data its JSON holds (for its cells)."""

    files: dict
    data: dict


def freeze(final_account, *, number, published_on, reason=""):
    """Render the current facts of `final_account` into a FrozenVersion published on `published_on`.

    The facts are loaded once; the statements built from them go into the document, the checks and
    the JSON alike. The document is built with the date of this publication, so that the frozen
    cover shows it (and a correction's cover shows its own date, not the previous version's).
    Raises whatever rendering raises (a PDF failure must leave the account unpublished).
    """
    facts = load_facts(final_account)
    statements = build_statements(facts)
    document = build_document(final_account, facts=facts, statements=statements, disclosure_date=published_on)
    html = render_to_string("accounts/document/body.html", {"document": document}).encode("utf-8")
    pdf = render_pdf(document)
    data = version_data(
        final_account,
        number=number,
        reason=reason,
        disclosure_date=published_on,
        html=html,
        pdf=pdf,
        facts=facts,
        statements=statements.values(),
        findings=check_facts(facts, statements),
        explanations=Explanation.objects.filter(final_account=final_account).order_by("rule_id", "target"),
    )
    return FrozenVersion(files={"html": html, "pdf": pdf, "json": json_bytes(data)}, data=data)


def draft_version_data(final_account):
    """Return what publishing `final_account` now would freeze in its JSON, without rendering its PDF.

    The same data as `version_data` (facts, statements with every cell as printed or derived, findings,
    explanations), so that a draft can be compared figure by figure with the tables it came from; the
    PDF is not rendered (its hash is null) and the version number is null until it is published.
    """
    facts = load_facts(final_account)
    statements = build_statements(facts)
    document = build_document(final_account, facts=facts, statements=statements)
    html = render_to_string("accounts/document/body.html", {"document": document}).encode("utf-8")
    data = version_data(
        final_account,
        number=None,
        reason="",
        disclosure_date=final_account.disclosure_date,
        html=html,
        pdf=b"",
        facts=facts,
        statements=statements.values(),
        findings=check_facts(facts, statements),
        explanations=Explanation.objects.filter(final_account=final_account).order_by("rule_id", "target"),
    )
    data["files"]["pdf_sha256"] = None
    return data


def version_data(
    final_account, *, number, reason, disclosure_date, html, pdf, facts, statements, findings, explanations
):
    """Return what the JSON of a version freezes, as plain data: facts, statements, findings, explanations."""
    department = final_account.department
    return {
        "final_account": {
            "bureau": department.bureau.slug,
            "bureau_name": department.bureau.name,
            "department": department.slug,
            "department_name": department.name,
            "year": final_account.year,
            "version": number,
            "correction_reason": reason,
            "disclosure_date": disclosure_date.isoformat() if disclosure_date else None,
            "unit": "元",
            "edition": final_account.edition,
            "provenance": final_account.provenance,
        },
        "files": {"html_sha256": sha256(html), "pdf_sha256": sha256(pdf)},
        "facts": facts_as_data(facts),
        "statements": [statement_as_data(s) for s in statements],
        "findings": [finding.as_dict() for finding in findings],
        "explanations": [{"rule_id": e.rule_id, "target": e.target, "text": e.text} for e in explanations],
    }


def json_bytes(data):
    """Return the bytes of a frozen JSON (UTF-8, Chinese unescaped, amounts as exact text)."""
    return json.dumps(data, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8")


def _json_default(value):
    if isinstance(value, (Decimal, Promise)):  # amounts as exact text; lazy Chinese labels as text
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


@contextmanager
def files_removed_on_failure():
    """Yield a list; the stored files named in it are deleted if the block raises.

    A rolled-back transaction takes the rows back but not the files stored meanwhile. Enter this
    outside the transaction (`with files_removed_on_failure() as stored, transaction.atomic():`) so
    that a failure at commit is covered too. A crash of the process itself can still leave files that
    no row names; they are never served (docs/backup.md).
    """
    stored = []
    try:
        yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise


def store_version(final_account, *, number, frozen, by, reason="", published_at=None, stored=None):
    """Store the FrozenVersion `frozen` as version `number` and record it; return the PublishedVersion.

    The version's PublishedCell rows are written with it, from the frozen data in memory. Call inside
    the transaction that changes the status, so that a database failure leaves no row, and pass the
    list of `files_removed_on_failure` as `stored`, so that it leaves no file either.
    """
    department = final_account.department
    base = f"published/{department.bureau.slug}/{department.slug}/{final_account.year}/v{number}"
    names = {}
    for kind in KINDS:
        names[kind] = default_storage.save(f"{base}/document.{kind}", ContentFile(frozen.files[kind]))
        if stored is not None:
            stored.append(names[kind])
    version = PublishedVersion.objects.create(
        final_account=final_account,
        number=number,
        published_at=published_at or timezone.now(),
        published_by=by,
        reason=reason,
        html_file=names["html"],
        html_sha256=sha256(frozen.files["html"]),
        pdf_file=names["pdf"],
        pdf_sha256=sha256(frozen.files["pdf"]),
        json_file=names["json"],
        json_sha256=sha256(frozen.files["json"]),
    )
    record_cells(version, frozen.data)
    announce_publication()
    return version


# --- cells ------------------------------------------------------------------------------------------


def row_label(cells, index):
    """Return the printed name of the row part that holds cell `index`: the nearest text to its left.

    Texts made of digits only are 行次 or subject codes, not names.
    """
    for cell in reversed(cells[:index]):
        text = (cell.get("text") or "").strip()
        if text and not text.isdigit():
            return text
    return ""


def cell_values(data):
    """Return the PublishedCell fields of a version's frozen data: one dict per amount, in table order.

    Every amount cell of the statements keeps its address; stated figures (机关运行经费, 政府采购 …)
    and year-start budgets, which no table prints, are added under the table kinds STATED_FIGURES
    and BUDGETS. Only the cells' addresses, texts and values are read, which every frozen JSON has.
    """
    values, names = [], {}
    for statement in data["statements"]:
        for row in statement["rows"]:
            cells = row["cells"]
            for index, cell in enumerate(cells):
                if cell["value"] is None:
                    continue
                label = row_label(cells, index)
                if cell["code"]:
                    names.setdefault(cell["code"], label)
                values.append(
                    {
                        "table_kind": statement["kind"],
                        "line": cell["line"],
                        "column": cell["column"],
                        "code": cell["code"],
                        "key": cell["key"],
                        "label": label[:200],
                        "value": Decimal(cell["value"]),
                    }
                )
    facts = data["facts"]
    for key, amount in facts["stated_figures"].items():
        if amount is not None:
            label = StatedFigure(key).label if key in StatedFigure.values else key
            values.append(_unprinted(STATED_FIGURES, key, str(label), amount))
    budgets = facts["budgets"]
    if budgets["total"] is not None:
        values.append(_unprinted(BUDGETS, "total", "年初预算数", budgets["total"]))
    for kind, amount in budgets["by_kind"].items():
        values.append(_unprinted(BUDGETS, kind, "年初预算数", amount))
    for code, amount in budgets["by_subject"].items():
        values.append(_unprinted(BUDGETS, "subject", names.get(code, ""), amount, code=code))
    return values


def _unprinted(table_kind, key, label, amount, *, code=""):
    return {
        "table_kind": table_kind,
        "line": None,
        "column": None,
        "code": code,
        "key": key,
        "label": label,
        "value": Decimal(amount),
    }


def record_cells(version, data):
    """Write the amounts of `version`'s frozen data (as `version_data` gave it) as PublishedCell rows.

    Called in the transaction that records the version, so that a version never exists without its
    cells; the rows are never updated afterwards.
    """
    return PublishedCell.objects.bulk_create(
        [PublishedCell(version=version, **fields) for fields in cell_values(data)], batch_size=1000
    )


def fill_missing_cells():
    """Record the cells of every published version that has none (published before PublishedCell).

    Reads each version's verified JSON (a tampered file raises TamperedFile). Returns the number of
    versions filled.
    """
    filled = 0
    for version in PublishedVersion.objects.filter(cells__isnull=True).order_by("pk"):
        data = json.loads(read_verified(version, "json"))
        with transaction.atomic():
            record_cells(version, data)
        filled += 1
    return filled


# --- readers ----------------------------------------------------------------------------------------

_publication_listeners = []


def on_publication(listener):
    """Have `listener()` called whenever a version is stored (readers clear what they keep in memory).

    Registered at app load by the modules that read published versions, which this module never
    imports: they depend on it, not the reverse.
    """
    if listener not in _publication_listeners:
        _publication_listeners.append(listener)


def announce_publication():
    """Call every listener registered with `on_publication` (after versions were stored)."""
    for listener in _publication_listeners:
        listener()


def read_verified(version, kind):
    """Return the stored bytes of one file (a kind of KINDS, or LAYOUT) of a published version.

    Raises TamperedFile when the file is missing or no longer matches its recorded SHA-256.
    """
    name, expected = getattr(version, f"{kind}_file"), getattr(version, f"{kind}_sha256")
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except OSError as error:
        logger.error("published file %s of %s is missing: %s", name, version, error)
        raise TamperedFile(f"{version} 的 {kind} 文件缺失。") from error
    if sha256(data) != expected:
        logger.error("published file %s of %s fails its SHA-256 check", name, version)
        raise TamperedFile(f"{version} 的 {kind} 文件校验失败，已停止提供。")
    return data


# --- statements and their layout -------------------------------------------------------------------


def is_laid_out(data):
    """Return True when the statements of a version's frozen data carry their own layout."""
    return all("header_rows" in statement for statement in data["statements"])


def frozen_statements_data(data, layout=None):
    """Return the statements of a version's frozen data as `statement_as_data` gives them.

    A JSON frozen before statements kept their layout holds only each cell's address, text and value;
    its header rows, notes and each cell's span and role come from `layout`, the parsed supplementary
    layout file of the version. Raises LayoutMissing when such a version has none yet.
    """
    if is_laid_out(data):
        return data["statements"]
    if layout is None:
        raise LayoutMissing("该版本的报表版式尚未补全（python manage.py freeze_published_layouts）。")
    frozen, laid = data["statements"], layout["statements"]
    if [s["kind"] for s in frozen] != [s["kind"] for s in laid]:
        raise ValueError("the supplementary layout does not list the frozen statements")
    return [
        {
            "kind": statement["kind"],
            "number": statement["number"],
            "title": statement["title"],
            "unit": "元",
            "header_rows": extra["header_rows"],
            "rows": [
                {
                    "kind": row["kind"],
                    "code": row["code"],
                    "cells": [
                        {
                            "value": cell["value"],
                            "text": cell["text"] or "",
                            "line": cell["line"],
                            "column": cell["column"],
                            "key": cell["key"],
                            "code": cell["code"],
                            "colspan": shape["colspan"],
                            "role": shape["role"],
                        }
                        for cell, shape in zip(row["cells"], shapes, strict=True)
                    ],
                }
                for row, shapes in zip(statement["rows"], extra["rows"], strict=True)
            ],
            "notes": extra["notes"],
            "empty_sentence": statement["empty_sentence"],
            "is_empty": bool(statement["empty_sentence"]),
            "wide": extra["wide"],
            "column_count": extra["column_count"],
        }
        for statement, extra in zip(frozen, laid, strict=True)
    ]


def store_layout(version, layout):
    """Store `layout` as the supplementary layout file of `version`, which must not have one yet.

    The version's JSON stays as it was frozen; the layout gets its own SHA-256, verified on every
    read like the version's other files. Returns the stored name.
    """
    with files_removed_on_failure() as stored, transaction.atomic():
        locked = (
            PublishedVersion.objects.select_for_update(of=("self",))
            .select_related("final_account__department__bureau")
            .get(pk=version.pk)
        )
        if locked.layout_file:
            raise ValueError(f"{locked} already has a supplementary layout")
        data = json_bytes(layout)
        department = locked.final_account.department
        name = default_storage.save(
            f"published/{department.bureau.slug}/{department.slug}/{locked.final_account.year}"
            f"/v{locked.number}/layout.json",
            ContentFile(data),
        )
        stored.append(name)
        locked.layout_file, locked.layout_sha256 = name, sha256(data)
        locked.save(update_fields=["layout_file", "layout_sha256"])
    version.layout_file, version.layout_sha256 = locked.layout_file, locked.layout_sha256
    announce_publication()  # what readers keep of the version in memory predates its layout
    return name


def current_version(final_account):
    """Return the latest published version of `final_account`, or None."""
    return final_account.published_versions.order_by("-number").first()
