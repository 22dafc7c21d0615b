#!/usr/bin/env bash
# Starts the production layout on this machine's loopback: gunicorn (deploy/gunicorn.conf.py, DEBUG off)
# behind nginx (deploy/nginx/juesuan.conf). Runs until stopped (Ctrl-C or SIGTERM), then stops everything.
#
#   deploy/loopback.sh [PORT]               nginx on 127.0.0.1:PORT (default 8080) → one gunicorn
#   deploy/loopback.sh --machines [PORT]    the multi-machine layout, each "machine" a process here:
#                                           nginx → two gunicorn instances (round robin), a Redis
#                                           server as the shared cache, one task worker (db_worker)
#
# The environment is the app's (docs/deployment.md): DATABASE_URL, SECRET_KEY, MEDIA_ROOT … ; this
# script sets the loopback's own defaults (ALLOWED_HOSTS, plain HTTP, one trusted proxy). With
# --machines, CACHE_URL (or REDIS_URL) names an existing Redis, else one is started on a free port.
# nginx adds `X-Upstream: <the app server's address>` to each proxied answer (loopback only), so that a
# client sees which app server answered. Needs nginx (Debian: nginx-light) and, with --machines and no
# CACHE_URL, redis-server (scripts/setup.sh installs both for the tests) and the virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MACHINES=false
if [ "${1:-}" = "--machines" ]; then MACHINES=true; shift; fi
PORT="${1:-8080}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
WORK="$(mktemp -d /tmp/juesuan-loopback.XXXXXX)"
free_port() {
    "$ROOT/.venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
APP_PORTS=("$(free_port)")
if $MACHINES; then APP_PORTS+=("$(free_port)"); fi

export DEBUG="${DEBUG:-false}"
export SECRET_KEY="${SECRET_KEY:-loopback-only-secret-key-never-used-in-production-0123456789}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"  # loopback speaks plain HTTP
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
export TRUSTED_PROXY_COUNT="${TRUSTED_PROXY_COUNT:-1}"
export STATIC_ROOT="${STATIC_ROOT:-$WORK/static}"
EXPORT_ROOT="${EXPORT_ROOT:-$WORK/export}"
mkdir -p "$STATIC_ROOT" "$EXPORT_ROOT" "$WORK/logs"

PIDS=()  # started here, stopped in reverse order: nginx first, the cache last
stop() {
    for (( i=${#PIDS[@]}-1; i>=0; i-- )); do kill "${PIDS[i]}" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 0' TERM INT

cd "$ROOT"
.venv/bin/python manage.py collectstatic --noinput --verbosity 0

STARTED=""
if $MACHINES && [ -z "${CACHE_URL:-}${REDIS_URL:-}" ]; then
    # The shared cache of every app server and the worker: what one caches, the others see, and a
    # publication by the worker is seen by both app servers at once (accounts.open_data.caching).
    REDIS_PORT="$(free_port)"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --dir "$WORK" \
        --logfile "$WORK/logs/redis.log" &
    PIDS+=($!)
    export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
    STARTED+=", redis $! on 127.0.0.1:$REDIS_PORT"
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null && break
        sleep 0.1
    done
fi

# The upstream block lists every app server; nginx spreads requests over them in turn.
UPSTREAMS=""
for app_port in "${APP_PORTS[@]}"; do UPSTREAMS+="server 127.0.0.1:$app_port; "; done
sed -e "s|@LISTEN@|127.0.0.1:$PORT|" -e "s|server @APP@;|$UPSTREAMS|" \
    -e "s|@STATIC_ROOT@|$STATIC_ROOT|" -e "s|@EXPORT_ROOT@|$EXPORT_ROOT|" \
    -e 's|proxy_pass http://juesuan_app;|proxy_pass http://juesuan_app;\n        add_header X-Upstream $upstream_addr always;|' \
    deploy/nginx/juesuan.conf >"$WORK/juesuan.conf"
# The main configuration of a loopback run: no root, every path under $WORK.
cat >"$WORK/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $WORK/client_body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    include $WORK/juesuan.conf;
}
CONF
chmod -R a+rX "$WORK"  # nginx's workers run as an unprivileged user when started as root

if $MACHINES; then
    # The long work (publishing, PDFs, bulk checks) runs here, never in an app server's request.
    .venv/bin/python manage.py db_worker --no-reload --interval "${WORKER_INTERVAL:-1}" \
        >>"$WORK/logs/worker.log" 2>&1 &
    PIDS+=($!)
    STARTED+=", worker $!"
fi
APPS=""
for app_port in "${APP_PORTS[@]}"; do
    GUNICORN_BIND="127.0.0.1:$app_port" .venv/bin/gunicorn -c deploy/gunicorn.conf.py --chdir "$ROOT" \
        config.wsgi:application &
    PIDS+=($!)
    APPS+=", gunicorn $! on 127.0.0.1:$app_port"
done
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
PIDS+=($!)
echo "juesuan on http://127.0.0.1:$PORT/ (nginx $!$APPS$STARTED)"
wait
