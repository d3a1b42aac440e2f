#!/usr/bin/env bash
# Transport at scale (issue 15): holds every connection open while it measures handshakes/s and
# server CPU per handshake at 1,000 / 10,000 / 18,000 held connections, memory per idle
# connection and fan-out to all of them, then a reconnect storm (N clients, the server restarts
# on the same port, time until all N are back with their presence_snapshot). The same against
# socket.io 4.8 on Node (tests/benchmarks/node_bench_server.js) when its npm package is there.
#
#   tests/benchmarks/run_scale.sh [BUILD_DIR] [OUT_DIR]
#
# Environment: SF_SCALE_LEVELS (1000,10000,18000), SF_SCALE_WINDOW (1000 handshakes per
# figure), SF_SCALE_CONCURRENCY (64 handshakes in flight), SF_SCALE_TRIALS (5 fan-out trials),
# SF_STORM_N (10000; 0 skips the storm), SF_SCALE_SERVERS ("ours transport node": transport is
# sf-transport-server, SioServer with no database or hub, the fair peer of the Node server, which
# has none either), SF_SERVER (the
# smartfixer-server binary, e.g. an older build to compare), NODE_PATH (default
# BUILD_DIR/node/node_modules). Bounded: each load-tool run stops by itself (at most 300 s
# to open, 180 s for the storm). Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${SF_BUILD_DIR:-build}}
OUT=${2:-$BUILD/benchmark-results}
LEVELS=${SF_SCALE_LEVELS:-1000,10000,18000}
WINDOW=${SF_SCALE_WINDOW:-1000}
CONC=${SF_SCALE_CONCURRENCY:-64}
TRIALS=${SF_SCALE_TRIALS:-5}
STORM_N=${SF_STORM_N:-10000}
SERVERS=${SF_SCALE_SERVERS:-ours transport node}
SERVER=${SF_SERVER:-$BUILD/bin/smartfixer-server}
TOOL=$BUILD/bin/sf-loadtool
export NODE_PATH=${NODE_PATH:-$PWD/$BUILD/node/node_modules}
MAX=${LEVELS##*,}
USERS=$(( MAX > STORM_N ? MAX : STORM_N ))
for f in "$SERVER" "$TOOL"; do
    [ -x "$f" ] || { echo "run_scale: $f missing (ninja -C $BUILD smartfixer-server sf-loadtool)" >&2; exit 2; }
done
mkdir -p "$OUT"
tmp=$(mktemp -d)
server_pid=""
tool_pid=""
cleanup() {
    [ -n "$tool_pid" ] && kill "$tool_pid" 2>/dev/null || true
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "run_scale: RLIMIT_NOFILE $(ulimit -n), levels $LEVELS, window $WINDOW, $CONC in flight, storm $STORM_N"

db=$tmp/bench.db
names=$(seq -f "bench%.0f" 1 "$USERS" | tr '\n' ' ')
# shellcheck disable=SC2086
"$SERVER" user add $names benchtarget --db "$db" > /dev/null
# shellcheck disable=SC2086
"$SERVER" user token $names benchtarget --db "$db" > "$tmp/tokens.txt"
seq 1 $((USERS + 1)) | awk '{print "u" $1 " tok" $1}' > "$tmp/nodetokens.txt"

# start_server NAME [PORT]: starts ours or node, waits for "listening on", sets server_pid/url.
start_server() {
    local port=${2:-0}
    if [ "$1" = ours ]; then
        "$SERVER" --port "$port" --db "$db" > "$tmp/server.out" 2>> "$tmp/server.err" &
    elif [ "$1" = transport ]; then
        "$BUILD/bin/sf-transport-server" --port "$port" > "$tmp/server.out" 2>> "$tmp/server.err" &
    else
        node tests/benchmarks/node_bench_server.js --port "$port" > "$tmp/server.out" 2>> "$tmp/server.err" &
    fi
    server_pid=$!
    url=""
    for _ in $(seq 1 300); do
        url=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$tmp/server.out" | head -1)
        [ -n "$url" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "run_scale: $1 server did not start:" >&2
    cat "$tmp/server.err" >&2
    exit 1
}
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

for which in $SERVERS; do
    tokens=$tmp/tokens.txt
    target=()
    if [ "$which" = node ]; then
        [ -d "$NODE_PATH/socket.io" ] || { echo "run_scale: no socket.io in $NODE_PATH: node skipped"; continue; }
    fi
    if [ "$which" != ours ]; then
        tokens=$tmp/nodetokens.txt # "tokN" is user N
        target=(--target-id $((USERS + 1)))
    fi
    echo "== $which: held handshakes, memory, fan-out to $MAX (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    : > "$tmp/server.err"
    start_server "$which"
    echo "server $url pid $server_pid"
    grep -h "open files limit" "$tmp/server.err" || true
    head -n "$MAX" "$tokens" > "$tmp/held-tokens.txt"; tail -n 1 "$tokens" >> "$tmp/held-tokens.txt"
    "$TOOL" --url "$url" --tokens "$tmp/held-tokens.txt" --server-pid "$server_pid" "${target[@]}" \
        --held "$LEVELS" --window "$WINDOW" --handshakes 0 --concurrency "$CONC" \
        --fanout "10000,$MAX" --trials "$TRIALS" --source-addrs 4 --out "$OUT/scale-$which.json"
    stop_server

    if [ "$STORM_N" -gt 0 ]; then
        echo "== $which: reconnect storm, $STORM_N clients"
        head -n "$STORM_N" "$tokens" > "$tmp/storm-tokens.txt"; tail -n 1 "$tokens" >> "$tmp/storm-tokens.txt"
        start_server "$which"
        port=${url##*:}
        "$TOOL" --url "$url" --tokens "$tmp/storm-tokens.txt" --server-pid "$server_pid" "${target[@]}" \
            --connections "$STORM_N" --handshakes 0 --concurrency "$CONC" --fanout "" \
            --source-addrs 4 --storm --out "$OUT/storm-$which.json" > "$tmp/storm.out" &
        tool_pid=$!
        for _ in $(seq 1 3000); do
            grep -q "^storm: holding" "$tmp/storm.out" && break
            kill -0 "$tool_pid" 2>/dev/null || break
            sleep 0.1
        done
        cat "$tmp/storm.out"
        stop_server
        start_server "$which" "$port"
        wait "$tool_pid" || true
        tool_pid=""
        grep "^storm: all\|^storm: NOT" "$tmp/storm.out" || true
        stop_server
    fi
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "run_scale: results in $OUT"
