"""Static export: every published version as files laid out like its URLs, for nginx or a CDN.

`<bureau>/<department>/<year>/v<n>/` holds a version's page (index.html), PDF (pdf/index.pdf), JSON
(json/index.json) and tables (tables.csv, tables.xlsx, tables/<表号>.csv|.xlsx); the same files of the
current version sit at `<bureau>/<department>/<year>/`. Pages are rendered as an anonymous visitor
sees them. `static/` holds the style sheets the pages use, and `nginx.conf.example` a server block
that serves the tree with the same caching headers as the application.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse

from ..models import PublishedVersion
from .disclosure import version_statements
from .downloads import statements_csv, statements_xlsx
from .frozen import frozen_bytes
from .public_json import public_json

NGINX_SERVER = """# Serve an export of published versions (python manage.py export_published DIR).
server {{
    listen {listen};
    root {root};
    index index.html index.pdf index.json;
    charset utf-8;
    charset_types text/html text/css text/csv application/json;
    types {{ text/html html; application/pdf pdf; application/json json; text/csv csv;
             application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx; text/css css; }}
    etag on;
    # A version's address never changes content; the current address moves on with a correction.
    location ~ "/v[0-9]+/" {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    location /static/ {{ add_header Cache-Control "public, max-age=86400"; }}
    location / {{ add_header Cache-Control "public, max-age=300"; }}
}}
"""


@dataclass(frozen=True)
class ExportResult:
    versions: int
    files: int
    bytes: int


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _page(url, request_factory):
    """Render the public page at `url` as an anonymous visitor (no middleware, no session)."""
    request = request_factory.get(url)
    request.user = AnonymousUser()
    match = resolve(url)
    response = match.func(request, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response.content


def _version_files(version, request_factory):
    """Return {relative path: bytes} of one version's directory."""
    final_account = version.final_account
    department = final_account.department
    address = {"bureau": department.bureau.slug, "department": department.slug, "year": final_account.year}
    statements = version_statements(version)
    subtitle = f"{department.name}（第{version.number}版）"
    files = {
        "index.html": _page(
            reverse("accounts:version", kwargs={**address, "number": version.number}), request_factory
        ),
        "pdf/index.pdf": frozen_bytes(version, "pdf"),
        "json/index.json": public_json(version)[0],
        "tables.csv": statements_csv(statements),
        "tables.xlsx": statements_xlsx(statements, subtitle=subtitle, created=version.published_at),
    }
    for statement in statements:
        files[f"tables/{statement.number}.csv"] = statements_csv([statement])
        files[f"tables/{statement.number}.xlsx"] = statements_xlsx(
            [statement], subtitle=subtitle, created=version.published_at
        )
    return address, files


def export_published(output_dir, *, request_factory, listen="8080", final_accounts=None):
    """Write every published version (and each current version at its current address) under `output_dir`.

    `final_accounts`, when given, limits the export to the versions of those final accounts.
    """
    root = Path(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    versions = PublishedVersion.objects.select_related("final_account__department__bureau")
    if final_accounts is not None:
        versions = versions.filter(final_account__in=final_accounts)
    versions = list(versions.order_by("final_account_id", "number"))
    latest = {}
    for version in versions:
        latest[version.final_account_id] = version
    count = size = 0
    for version in versions:
        address, files = _version_files(version, request_factory)
        base = root / address["bureau"] / address["department"] / str(address["year"])
        for name, data in files.items():
            size += _write(base / f"v{version.number}" / name, data)
            count += 1
        if latest[version.final_account_id] is version:
            files["index.html"] = _page(reverse("accounts:disclosure", kwargs=address), request_factory)
            for name, data in files.items():
                size += _write(base / name, data)
                count += 1
    for prefix in ("css/", "img/"):
        for finder in finders.get_finders():
            for path, storage in finder.list([]):
                if path.startswith(prefix):
                    target = root / "static" / path
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with storage.open(path) as source, target.open("wb") as destination:
                        shutil.copyfileobj(source, destination)
                    count += 1
    (root / "nginx.conf.example").write_text(
        NGINX_SERVER.format(listen=listen, root=root.resolve()), encoding="utf-8"
    )
    return ExportResult(versions=len(versions), files=count, bytes=size)
