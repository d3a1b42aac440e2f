#!/usr/bin/env bash
# Runs sf-loadtool against a fresh smartfixer-server (and, for comparison, against the
# transport-only baseline sf-transport-server) on 127.0.0.1 and writes the JSON results.
#
#   tests/benchmarks/run_benchmarks.sh [BUILD_DIR] [OUT_DIR] [-- extra sf-loadtool options]
#
# Environment: SF_BENCH_USERS (default 10000 subscriber accounts + 1 target),
# SF_BENCH_BASELINE=0 to skip the transport-only baseline, SF_BENCH_NO_GLIB=1 to run the
# servers with Qt's own event dispatcher (QT_NO_GLIB=1) instead of glib's: glib's socket
# notifier bookkeeping is O(connections) per change and dominates fan-out at 10,000. Everything is bounded in time and
# count; the temporary database is removed at the end. What each figure means, how to
# reproduce and compare them, and what limits them: tests/benchmarks/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${SF_BUILD_DIR:-build}}
OUT=${2:-$BUILD/benchmark-results}
shift $(( $# >= 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
EXTRA=("$@")
USERS=${SF_BENCH_USERS:-10000}
SERVER=$BUILD/bin/smartfixer-server
TOOL=$BUILD/bin/sf-loadtool
BASELINE=$BUILD/bin/sf-transport-server
for f in "$SERVER" "$TOOL"; do
    [ -x "$f" ] || { echo "run_benchmarks: $f missing (ninja -C $BUILD smartfixer-server sf-loadtool)" >&2; exit 2; }
done
mkdir -p "$OUT"
tmp=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# One descriptor per connection on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "run_benchmarks: RLIMIT_NOFILE $(ulimit -n), $USERS users"
if [ "${SF_BENCH_NO_GLIB:-0}" = 1 ]; then
    export QT_NO_GLIB=1
    echo "run_benchmarks: QT_NO_GLIB=1 (Qt's poll dispatcher)"
fi

# Accounts: bench1..benchN subscribe, benchtarget is the user whose presence changes (last line).
db=$tmp/bench.db
names=$(seq -f "bench%.0f" 1 "$USERS" | tr '\n' ' ')
# shellcheck disable=SC2086
"$SERVER" user add $names benchtarget --db "$db" > /dev/null
# shellcheck disable=SC2086
"$SERVER" user token $names benchtarget --db "$db" > "$tmp/tokens.txt"
[ "$(wc -l < "$tmp/tokens.txt")" -eq $((USERS + 1)) ] || { echo "run_benchmarks: token count wrong" >&2; exit 1; }

# start_server CMD…: runs it, waits for "listening on http://ADDR:PORT", sets server_pid/url.
start_server() {
    "$@" > "$tmp/server.out" 2> "$tmp/server.err" &
    server_pid=$!
    url=""
    for _ in $(seq 1 100); do
        url=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$tmp/server.out" | head -1)
        [ -n "$url" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "run_benchmarks: server did not start:" >&2
    cat "$tmp/server.err" >&2
    exit 1
}
stop_server() {
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

echo "== smartfixer-server (load average $(cut -d' ' -f1-3 /proc/loadavg))"
# The hub logs how long each fan-out took from the change to its last socket write.
QT_LOGGING_RULES="smartfixer.server.fanout.debug=true" start_server "$SERVER" --port 0 --db "$db"
echo "server $url pid $server_pid"
"$TOOL" --url "$url" --tokens "$tmp/tokens.txt" --server-pid "$server_pid" \
    --connections "$USERS" --out "$OUT/smartfixer-server.json" "${EXTRA[@]}"
stop_server
# Server side of the fan-out figures: p50/max per subscriber count (fan-outs to >= 100).
{ grep -o "to [0-9]* connections took [0-9]* us" "$tmp/server.err" || true; } | awk '{print $2, $5}' \
    | sort -n -k1,1 -k2,2 | awk '
    { n[$1]++; v[$1, n[$1]] = $2 }
    END { for (k in n) if (k >= 100 && n[k] >= 2)
        printf "server fan-out to %d: %d times, change -> last write() p50 %.1f ms, max %.1f ms\n",
               k, n[k], v[k, int((n[k] + 1) / 2)] / 1000, v[k, n[k]] / 1000 }' \
    | sort -t' ' -k4,4n | tee "$OUT/server-fanout.txt"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${SF_BENCH_BASELINE:-1}" != 0 ] && [ -x "$BASELINE" ]; then
    echo "== sf-transport-server (transport only, no presence hub or database)"
    # Its tokens are "tokN" = user N; the last one is the target.
    seq 1 $((USERS + 1)) | awk '{print "u" $1 " tok" $1}' > "$tmp/basetokens.txt"
    start_server "$BASELINE" --port 0
    "$TOOL" --url "$url" --tokens "$tmp/basetokens.txt" --server-pid "$server_pid" \
        --target-id $((USERS + 1)) --connections "$USERS" \
        --out "$OUT/transport-baseline.json" "${EXTRA[@]}"
    stop_server
fi
echo "run_benchmarks: results in $OUT"
