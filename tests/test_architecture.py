"""Apps depend one way: performance imports accounts, accounts never imports performance."""

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
