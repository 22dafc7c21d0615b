"""Apps depend one way: performance imports accounts, accounts never imports performance; inside
accounts, publishing never imports the open data that reads what it publishes."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def test_config_holds_only_the_four_modules():
    assert sorted(p.name for p in (ROOT / "config").glob("*.py")) == [
        "__init__.py",
        "asgi.py",
        "settings.py",
        "urls.py",
        "wsgi.py",
    ]


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
