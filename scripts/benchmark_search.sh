#!/usr/bin/env bash
# Measures the public search on the synthetic province (docs/benchmarks.md, "Search"):
#   1. per term, uncached, in one Python process (manage.py benchmark_search: median and p99);
#   2. under load: gunicorn (2 sync workers, DEBUG off) and wrk, 50 connections, each request the next
#      term of scripts/search_queries.txt (scripts/search.lua).
#
#   ./scripts/benchmark_search.sh            # a throwaway PostgreSQL with the province (several minutes)
#   DATABASE_URL=postgres://… ./scripts/benchmark_search.sh   # a database already prepared as below
#
# The province's published pages are placeholders, so 500 of its current versions are given the
# demo's passages (their own department names, amounts varied): 455,000 passages. Not run by CI.
set -euo pipefail
EXTRA_PACKAGES=(postgresql wrk)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
PY=.venv/bin/python
SECONDS_UNDER_LOAD="${SECONDS_UNDER_LOAD:-30}"
export SECRET_KEY="${SECRET_KEY:-throwaway-benchmark-key-not-for-production}"
export SECURE_SSL_REDIRECT=false

if [ -z "${DATABASE_URL:-}" ]; then
    source "$ROOT/scripts/postgres.sh"  # ROOT: set by setup.sh
    WORK="$(mktemp -d /tmp/juesuan-search.XXXXXX)"
    trap 'stop_throwaway_postgres "$WORK/pg"; rm -rf "$WORK"' EXIT
    mkdir -p "$WORK/pg" "$WORK/media"
    chmod 755 "$WORK"
    start_throwaway_postgres "$WORK/pg"
    export MEDIA_ROOT="$WORK/media"
    $PY manage.py migrate --noinput -v0
    $PY manage.py load_reference_data >/dev/null
    $PY manage.py load_demo >/dev/null
    $PY manage.py generate_province --publish-fraction 0.5 | grep -v "^  已写入"
    $PY manage.py benchmark_search --fill 500 --rounds 0
    "$PG_BIN/vacuumdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres --analyze-only --quiet juesuan
fi

echo "== per term, uncached ($(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg))"
$PY manage.py benchmark_search --rounds 3

PORT="$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
DEBUG=0 ALLOWED_HOSTS=127.0.0.1 SECURE_HSTS_SECONDS=0 CONN_MAX_AGE=600 LOG_LEVEL=ERROR \
    .venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$PORT" --log-level warning config.wsgi:application &
GUNICORN=$!
trap 'kill "$GUNICORN" 2>/dev/null || true; stop_throwaway_postgres "${WORK:-/nonexistent}/pg" 2>/dev/null || true; rm -rf "${WORK:-}"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/search/?q=%E4%B8%89%E5%85%AC" && break; sleep 0.2; done

echo "== under load: wrk -t2 -c50 -d${SECONDS_UNDER_LOAD}s, $(grep -c . scripts/search_queries.txt) rotating terms"
# Warm-up: each term searched once (a search page is kept until the next publication), timed.
START=$(date +%s%N)
$PY -c 'import sys, urllib.parse; [print(urllib.parse.quote(line.strip())) for line in open(sys.argv[1]) if line.strip()]' \
    scripts/search_queries.txt | while read -r term; do curl -sf -o /dev/null "http://127.0.0.1:$PORT/search/?q=$term"; done
echo "warm-up: every term once, first searches, $(( ($(date +%s%N) - START) / 1000000 )) ms in all"
wrk -t2 -c50 "-d${SECONDS_UNDER_LOAD}s" --latency -s scripts/search.lua "http://127.0.0.1:$PORT"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
