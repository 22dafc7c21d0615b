#!/usr/bin/env bash
# Starts the production layout on this machine's loopback: gunicorn (deploy/gunicorn.conf.py, DEBUG off)
# behind nginx (deploy/nginx/juesuan.conf). Runs until stopped (Ctrl-C or SIGTERM), then stops both.
#
#   deploy/loopback.sh [PORT]      nginx on 127.0.0.1:PORT (default 8080)
#
# The environment is the app's (docs/deployment.md): DATABASE_URL, SECRET_KEY, MEDIA_ROOT … ; this
# script sets the loopback's own defaults (ALLOWED_HOSTS, plain HTTP, one trusted proxy). Needs nginx
# (Debian: nginx-light; scripts/setup.sh installs it for the tests) and the virtual environment.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-8080}"
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
WORK="$(mktemp -d /tmp/juesuan-loopback.XXXXXX)"
APP_PORT="$("$ROOT/.venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

export DEBUG="${DEBUG:-false}"
export SECRET_KEY="${SECRET_KEY:-loopback-only-secret-key-never-used-in-production-0123456789}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"  # loopback speaks plain HTTP
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-false}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-false}"
export TRUSTED_PROXY_COUNT="${TRUSTED_PROXY_COUNT:-1}"
export STATIC_ROOT="${STATIC_ROOT:-$WORK/static}"
export GUNICORN_BIND="127.0.0.1:$APP_PORT"
EXPORT_ROOT="${EXPORT_ROOT:-$WORK/export}"
mkdir -p "$STATIC_ROOT" "$EXPORT_ROOT" "$WORK/logs"

GUNICORN_PID=""
NGINX_PID=""
stop() {
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap stop EXIT
trap 'exit 0' TERM INT

cd "$ROOT"
.venv/bin/python manage.py collectstatic --noinput --verbosity 0

sed -e "s|@LISTEN@|127.0.0.1:$PORT|" -e "s|@APP@|127.0.0.1:$APP_PORT|" \
    -e "s|@STATIC_ROOT@|$STATIC_ROOT|" -e "s|@EXPORT_ROOT@|$EXPORT_ROOT|" \
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

.venv/bin/gunicorn -c deploy/gunicorn.conf.py --chdir "$ROOT" config.wsgi:application &
GUNICORN_PID=$!
"$NGINX" -c "$WORK/nginx.conf" -p "$WORK" &
NGINX_PID=$!
echo "juesuan on http://127.0.0.1:$PORT/ (nginx $NGINX_PID, gunicorn $GUNICORN_PID on 127.0.0.1:$APP_PORT)"
wait
