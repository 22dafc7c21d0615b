#!/usr/bin/env bash
# Sets up what the tests need, starts a throwaway PostgreSQL server on a free port, runs the whole
# test suite against it (extra arguments go to pytest) and stops the server.
set -euo pipefail
EXTRA_PACKAGES=(postgresql chromium wrk nginx-light)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

PG_DIR="$(mktemp -d /tmp/juesuan-pg.XXXXXX)"
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop_server() {
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap stop_server EXIT
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"

PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres juesuan
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/juesuan"
export SECRET_KEY="${SECRET_KEY:-throwaway-test-key-not-for-production}"
# Production settings (DEBUG off) redirect to HTTPS; the test client speaks plain HTTP.
export SECURE_SSL_REDIRECT=false
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/python -m pytest "$@"
