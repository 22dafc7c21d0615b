# A throwaway PostgreSQL server for the tests and the benchmarks; sourced after setup.sh.
#
#   start_throwaway_postgres DIR   initdb in DIR (an empty directory), start the server on a free loopback
#                                  port, create the database juesuan, export DATABASE_URL and PG_PORT
#   stop_throwaway_postgres DIR    stop it (the caller removes DIR)
#
# Durability is off: the data is thrown away, and writes then cost what they cost in memory rather
# than what the machine's disk costs.

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 1; }

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_postgres() {
    local dir="$1"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    PG_PORT="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres juesuan
    export PG_PORT DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/juesuan"
}

stop_throwaway_postgres() {
    as_postgres "$PG_BIN/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
}
