"""Apps depend one way: performance imports accounts, accounts never imports performance; inside
accounts, publishing never imports the open data that reads what it publishes.

The imports are checked by the import-linter contracts of .importlinter (the layers of accounts too);
templates, static paths and URL names are strings that import-linter cannot see, so they are checked here.
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

from django.template import engines

ROOT = Path(__file__).resolve().parent.parent
# A URL name of the performance app (“performance:evaluation-list”), one of its templates or static
# files (“performance/…”, “css/performance.css”), or one of its modules (“performance.rules”).
NAMES_PERFORMANCE = re.compile(r"\bperformance[:/.]\w")
LOAD_TAG = re.compile(r"{%\s*load\s+(.*?)\s*%}")
STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_accounts_never_imports_performance():
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in (ROOT / "accounts").rglob("*.py")
        for module in imported_modules(path)
        if module == "performance" or module.startswith("performance.")
    )
    assert offenders == []


def test_config_holds_only_the_project_modules():
    # The four of a Django project, and the middleware of the input policy (it serves every app).
    assert sorted(p.name for p in (ROOT / "config").glob("*.py")) == [
        "__init__.py",
        "asgi.py",
        "middleware.py",
        "settings.py",
        "urls.py",
        "wsgi.py",
    ]


def accounts_templates():
    return sorted(path for path in (ROOT / "templates" / "accounts").rglob("*") if path.is_file())


def string_constants(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_accounts_templates_name_no_url_template_or_static_file_of_performance():
    # performance's links and stylesheet reach these pages through the registries accounts offers
    # (accounts.views.links, accounts.document.sections), filled by performance/apps.py.
    offenders = sorted(
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in accounts_templates()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if NAMES_PERFORMANCE.search(line)
    )
    assert offenders == []


def test_accounts_templates_load_no_template_tags_of_performance():
    libraries = engines["django"].engine.libraries  # {name: module path}
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {{% load {name} %}}"
        for path in accounts_templates()
        for load in LOAD_TAG.findall(path.read_text(encoding="utf-8"))
        for name in load.split()
        if libraries.get(name, "").startswith("performance.")
    )
    assert offenders == []


def test_accounts_strings_name_no_url_template_or_static_file_of_performance():
    # Stylesheet lists (document/pdf.py), template names and reverse() arguments are strings.
    offenders = sorted(
        f"{path.relative_to(ROOT)}:{number}: {value!r}"
        for path in (ROOT / "accounts").rglob("*.py")
        for number, value in string_constants(path)
        if NAMES_PERFORMANCE.search(value)
    )
    assert offenders == []


def test_the_stylesheets_of_accounts_import_nothing_of_performance():
    from django.contrib.staticfiles import finders

    from accounts.document.pdf import STYLESHEETS

    paths = set(STYLESHEETS)
    for template in accounts_templates():
        paths.update(STATIC_TAG.findall(template.read_text(encoding="utf-8")))
    stylesheets = sorted(path for path in paths if path.endswith(".css"))
    assert "css/document.css" in stylesheets
    offenders = [
        path
        for path in stylesheets
        if NAMES_PERFORMANCE.search(Path(finders.find(path)).read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_import_contracts_are_kept():
    # scripts/test.sh runs lint-imports too; this keeps the contracts enforced wherever pytest runs.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def imported_from(path):
    """Yield the dotted name of every module `path` imports, relative imports resolved, at any depth."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def test_publishing_never_imports_open_data():
    # open_data reads published versions: publishing < open_data, and open_data learns of a new
    # version through publishing.on_publication.
    imported = set(imported_from(ROOT / "accounts" / "publishing.py"))
    assert (
        sorted(m for m in imported if m == "accounts.open_data" or m.startswith("accounts.open_data.")) == []
    )
    assert "accounts.document" in imported  # the resolver does see publishing's own imports
