#!/usr/bin/env bash
# Measures juesuan on a throwaway PostgreSQL server: generates a synthetic province of the given size,
# runs the benchmarks (python manage.py benchmark) and prints them with the machine and its load.
#
#   ./scripts/benchmark.sh                                    # 20 bureaus x 50 departments x 5 years, every benchmark
#   ./scripts/benchmark.sh --bureaus 2 --departments 10 check aggregation
#
# Options --bureaus --departments --years --seed --inconsistent --publish-fraction --render-sample go to
# generate_province (defaults: 20, 50, 5, 1, 0.02, 0.5, 0); other arguments name the benchmarks to run
# (default: all). The server, its data and the published files are removed at the end. Not run by CI.
# What docs/benchmarks.md reports on issue 26 (loads with and without cookies, the province check and
# its profile), in one run: ./scripts/benchmark.sh portal check check_profile
set -euo pipefail
EXTRA_PACKAGES=(postgresql wrk nginx-light redis-server)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

OPTIONS=(--bureaus --departments --years --seed --inconsistent --publish-fraction --render-sample)
declare -A VALUE=([--bureaus]=20 [--departments]=50 [--years]=5 [--seed]=1 [--inconsistent]=0.02
                  [--publish-fraction]=0.5 [--render-sample]=0)
NAMES=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bureaus|--departments|--years|--seed|--inconsistent|--publish-fraction|--render-sample)
            [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }
            VALUE[$1]="$2"; shift 2 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) NAMES+=("$1"); shift ;;
    esac
done
GENERATE=()
for option in "${OPTIONS[@]}"; do GENERATE+=("$option" "${VALUE[$option]}"); done

source "$ROOT/scripts/postgres.sh"  # ROOT: set by setup.sh

WORK="$(mktemp -d /tmp/juesuan-benchmark.XXXXXX)"
trap 'stop_throwaway_postgres "$WORK/pg"; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/pg" "$WORK/media"
chmod 755 "$WORK"  # the postgres user reaches its data directory through it
start_throwaway_postgres "$WORK/pg"

export SECRET_KEY="${SECRET_KEY:-throwaway-benchmark-key-not-for-production}"
export MEDIA_ROOT="$WORK/media"
export SECURE_SSL_REDIRECT=false
PY=.venv/bin/python

echo "== machine"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== data"
$PY manage.py migrate --noinput -v0
$PY manage.py load_reference_data
START=$(date +%s)
$PY manage.py generate_province "${GENERATE[@]}" | grep -v "^  已写入"
echo "generate_province ${GENERATE[*]}: $(( $(date +%s) - START )) s (load $(cut -d' ' -f1 /proc/loadavg))"
# Fresh statistics for the planner after the bulk inserts, as autovacuum would make them in time.
"$PG_BIN/vacuumdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres --analyze-only --quiet juesuan

echo "== benchmarks"
$PY manage.py benchmark ${NAMES[@]+"${NAMES[@]}"}
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
