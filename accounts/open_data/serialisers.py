"""Plain-data shapes of the read-only JSON API (v1). Amounts are strings of exact 元 (“123419900.00”)."""

from django.urls import reverse

from .frozen import TamperedFile
from .public_json import public_data, public_json


def _absolute(request, name, **kwargs):
    return request.build_absolute_uri(reverse(f"accounts:{name}", kwargs=kwargs))


def bureau_data(request, bureau, *, parent_slug):
    """A bureau: slug, names, parent's slug and links."""
    return {
        "slug": bureau.slug,
        "name": bureau.name,
        "short_name": bureau.short_name,
        "parent": parent_slug,
        "url": _absolute(request, "api-bureau", bureau=bureau.slug),
        "page_url": _absolute(request, "portal-bureau", bureau=bureau.slug),
        "departments_url": request.build_absolute_uri(
            reverse("accounts:api-departments") + f"?bureau={bureau.slug}"
        ),
    }


def department_data(request, department, *, years):
    """A department: its bureau, names, the years it has published and links."""
    address = {"bureau": department.bureau.slug, "department": department.slug}
    return {
        "bureau": department.bureau.slug,
        "slug": department.slug,
        "name": department.name,
        "short_name": department.short_name,
        "years": years,
        "page_url": _absolute(request, "portal-department", **address),
        "final_accounts_url": request.build_absolute_uri(
            reverse("accounts:api-final-accounts")
            + f"?bureau={department.bureau.slug}&department={department.slug}"
        ),
    }


def version_address(version):
    department = version.final_account.department
    return {
        "bureau": department.bureau.slug,
        "department": department.slug,
        "year": version.final_account.year,
    }


def final_account_data(request, version):
    """A published final account as its current version: identity, version, hashes and links."""
    final_account, department = version.final_account, version.final_account.department
    address = version_address(version)
    numbered = {**address, "number": version.number}
    return {
        "bureau": department.bureau.slug,
        "bureau_name": department.bureau.name,
        "department": department.slug,
        "department_name": department.name,
        "year": final_account.year,
        "version": version.number,
        "published_at": version.published_at.isoformat(),
        "correction_reason": version.reason,
        "unit": "元",
        "sha256": {
            "html": version.html_sha256,
            "pdf": version.pdf_sha256,
            "json": _public_sha256(version),
            # Versions frozen before statements kept their layout: the file that supplements their JSON.
            **({"layout": version.layout_sha256} if version.layout_sha256 else {}),
        },
        "url": _absolute(request, "api-final-account", **address),
        "version_url": _absolute(request, "api-final-account-version", **numbered),
        "page_url": _absolute(request, "disclosure", **address),
        "pdf_url": _absolute(request, "version-pdf", **numbered),
        "json_url": _absolute(request, "version-json", **numbered),
        "csv_url": _absolute(request, "version-tables-csv", **numbered),
        "xlsx_url": _absolute(request, "version-tables-xlsx", **numbered),
    }


def final_account_detail(request, version, versions):
    """One version of a final account with the list of all its versions and its statements' and facts' links."""
    address = version_address(version)
    numbered = {**address, "number": version.number}
    data = final_account_data(request, version)
    data["versions"] = [
        {
            "version": other.number,
            "published_at": other.published_at.isoformat(),
            "correction_reason": other.reason,
            "json_sha256": _public_sha256(other),
            "url": _absolute(request, "api-final-account-version", **address, number=other.number),
            "page_url": _absolute(request, "version", **address, number=other.number),
        }
        for other in versions
    ]
    data["statements_url"] = _absolute(request, "api-final-account-version-statements", **numbered)
    data["facts_url"] = _absolute(request, "api-final-account-version-facts", **numbered)
    return data


def statements_data(version, frozen, statements):
    """The nine tables of a version as frozen (`statements`, as data): header rows, rows with every
    cell's address, notes; amounts in 元 as text."""
    return {
        "version": version.number,
        "json_sha256": _public_sha256(version),
        "unit": "元",
        "final_account": frozen["final_account"],
        "statements": statements,
    }


def _public_sha256(version):
    """The SHA-256 of the JSON a reader downloads (the frozen one without the checks' workings); None
    when the stored file fails its check (it is then served nowhere)."""
    try:
        return public_json(version)[1]
    except TamperedFile:
        return None


def facts_data(version, frozen):
    """The facts of a version as frozen (元 as text), with the department's explanations of its
    figures in its words; the SHA-256 is the version's public JSON's (accounts.open_data.public_json)."""
    public = public_data(frozen)
    return {
        "version": version.number,
        "json_sha256": _public_sha256(version),
        "unit": "元",
        "final_account": public["final_account"],
        "facts": public["facts"],
        "explanations": public["explanations"],
    }
