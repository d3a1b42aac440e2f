#!/bin/sh
# A throw-away PostgreSQL cluster for the test run (ctest fixture "postgres"):
#   pg_fixture.sh start INFO_FILE   initdb + start on a unix socket and 127.0.0.1:<free port>,
#                                   write "host=… port=… user=… dir=…" lines to INFO_FILE
#   pg_fixture.sh stop INFO_FILE    stop the cluster and delete it and INFO_FILE
# Tests read INFO_FILE (path in $SF_PG_FIXTURE) and create one database each
# (CREATE DATABASE … TEMPLATE template0). The cluster lives in /tmp, owned by the postgres
# user, because initdb refuses to run as root and the server must be able to read its folder.
# Durability is off (fsync=off) unless SF_PG_DURABLE=1: the cluster is deleted at the end anyway.
set -eu

cmd=${1:-}
info=${2:-}
if [ -z "$cmd" ] || [ -z "$info" ]; then
    echo "usage: $0 start|stop INFO_FILE" >&2
    exit 2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
pgctl() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$bindir/pg_ctl" "$@"
    else
        "$bindir/pg_ctl" "$@"
    fi
}

stop_cluster() {
    [ -f "$info" ] || return 0
    dir=$(sed -n 's/^dir=//p' "$info")
    if [ -n "$dir" ] && [ -d "$dir/data" ] && [ -n "$bindir" ]; then
        pgctl -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    case "$dir" in /tmp/sf-pg.*) rm -rf "$dir" ;; esac
    rm -f "$info"
}

case "$cmd" in
start)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "pg_fixture: PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb):" \
             "run scripts/setup.sh (apt-get install postgresql libqt6sql6-psql)" >&2
        exit 1
    fi
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        echo "pg_fixture: there is no postgres user to run initdb as (install postgresql)" >&2
        exit 1
    fi
    stop_cluster # a cluster left behind by an interrupted run
    dir=$(mktemp -d /tmp/sf-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    # A free TCP port on 127.0.0.1 (the kernel picks it; a race with another binder is
    # unlikely and shows as a start failure with the log below).
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if ! run "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C \
            --no-sync >"$dir/initdb.log" 2>&1; then
        echo "pg_fixture: initdb failed:" >&2
        cat "$dir/initdb.log" >&2
        exit 1
    fi
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
    opts="$opts -c shared_buffers=32MB"
    # Benchmarks want real commit costs: SF_PG_DURABLE=1 keeps PostgreSQL's durable defaults.
    if [ "${SF_PG_DURABLE:-0}" != 1 ]; then
        opts="$opts -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
    fi
    if ! pgctl -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 30 start >/dev/null; then
        echo "pg_fixture: the server did not start:" >&2
        cat "$dir/server.log" >&2
        exit 1
    fi
    {
        echo "host=$dir"
        echo "tcphost=127.0.0.1"
        echo "port=$port"
        echo "user=postgres"
        echo "dir=$dir"
    } >"$info"
    echo "pg_fixture: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir and 127.0.0.1:$port"
    ;;
stop)
    stop_cluster
    echo "pg_fixture: stopped"
    ;;
*)
    echo "usage: $0 start|stop INFO_FILE" >&2
    exit 2
    ;;
esac
