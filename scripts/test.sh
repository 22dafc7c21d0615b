#!/usr/bin/env bash
# Sets up what the tests need, checks lint, formatting and import contracts, starts a throwaway
# PostgreSQL server on a free port, runs the whole test suite against it (extra arguments go to
# pytest) and stops the server.
set -euo pipefail
EXTRA_PACKAGES=(postgresql chromium wrk nginx-light)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# The house rules, first: a lint, formatting or layering failure is reported in seconds.
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-logo  # contracts in .importlinter

source "$ROOT/scripts/postgres.sh"  # ROOT: set by setup.sh

PG_DIR="$(mktemp -d /tmp/juesuan-pg.XXXXXX)"
trap 'stop_throwaway_postgres "$PG_DIR"; rm -rf "$PG_DIR"' EXIT
start_throwaway_postgres "$PG_DIR"

export SECRET_KEY="${SECRET_KEY:-throwaway-test-key-not-for-production}"
# Production settings (DEBUG off) redirect to HTTPS; the test client speaks plain HTTP.
export SECURE_SSL_REDIRECT=false
.venv/bin/python manage.py makemigrations --check --dry-run
# Two xdist workers, one per core; each has its own test database (test_juesuan_gw0, …).
.venv/bin/python -m pytest -n 2 "$@"
