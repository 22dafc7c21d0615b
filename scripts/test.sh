#!/usr/bin/env bash
# Sets up what the tests need, checks lint, formatting and import contracts, starts a throwaway
# PostgreSQL server on a free port, runs the whole test suite against it (extra arguments go to
# pytest) and stops the server.
set -euo pipefail
EXTRA_PACKAGES=(postgresql chromium wrk nginx-light redis-server libreoffice-calc-nogui)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# The house rules, first: a lint, formatting or layering failure is reported in seconds.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-logo  # contracts in .importlinter

source "$ROOT/scripts/postgres.sh"  # ROOT: set by setup.sh

PG_DIR="$(mktemp -d /tmp/juesuan-pg.XXXXXX)"
# PDFs rendered by the tests, shared by both runs below and their workers (tests/conftest.py).
export JUESUAN_TEST_PDFS="$(mktemp -d /tmp/juesuan-pdfs.XXXXXX)"
trap 'stop_throwaway_postgres "$PG_DIR"; rm -rf "$PG_DIR" "$JUESUAN_TEST_PDFS"' EXIT
start_throwaway_postgres "$PG_DIR"

export SECRET_KEY="${SECRET_KEY:-throwaway-test-key-not-for-production}"
# Production settings (DEBUG off) redirect to HTTPS; the test client speaks plain HTTP.
export SECURE_SSL_REDIRECT=false
.venv/bin/python manage.py makemigrations --check --dry-run
# Two xdist workers, one per core; each has its own test database (test_juesuan_gw0, …).
.venv/bin/python -m pytest -n 2 "$@"

# The README's default database is SQLite, where sums come back otherwise than on PostgreSQL: the
# public portal, its downloads and open data, the draft isolation of every public address, the
# synthetic province's cells and the backup of a small install run on it too (same pytest options).
# Skipped when test paths were given: those ran on PostgreSQL above.
SQLITE_TESTS=(tests/accounts/portal tests/security/test_draft_isolation.py tests/scale/test_synthetic.py
    tests/reliability/test_backup.py)
for argument in "$@"; do
    if [[ "$argument" != -* && -e "${argument%%::*}" ]]; then
        echo "SQLite: skipped (test paths given)"
        exit 0
    fi
done
echo "SQLite: ${SQLITE_TESTS[*]}"
status=0
env -u DATABASE_URL .venv/bin/python -m pytest -n 2 "$@" "${SQLITE_TESTS[@]}" || status=$?
# 5: the options (-k, -m) selected none of these tests, which is no failure.
[ "$status" -eq 0 ] || [ "$status" -eq 5 ] || exit "$status"
