import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_secret_key_is_required_when_debug_is_off():
    result = run_check(DEBUG="false")
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_migrations_are_checked_on_a_bare_checkout_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")


def test_unknown_database_scheme_is_rejected_by_a_system_check():
    result = run_check(DEBUG="true", DATABASE_URL="mysql://u:p@localhost/db")
    assert result.returncode != 0


def test_env_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example,")
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert (env_bool("FLAG"), env_int("COUNT", 0), env_list("HOSTS"), env_str("TOKEN")) == (
        True,
        12,
        ["a.example", "b.example"],
        "from-file",
    )
    monkeypatch.setenv("FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG")
    monkeypatch.setenv("COUNT", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("COUNT", 0)


def test_production_settings_pass_the_deployment_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT"}},
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "juesuan.example.org",
        },
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    )


def test_responses_carry_the_security_headers(client, db):
    response = client.get("/login/")
    assert response.headers["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
