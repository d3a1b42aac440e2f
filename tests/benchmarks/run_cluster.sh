#!/usr/bin/env bash
# Cluster-mode benchmark (issue 9): three smartfixer-server nodes on one redis-server (its own,
# unix socket, no persistence) and one PostgreSQL (a throw-away cluster from
# tests/support/pg_fixture.sh), driven by sf-loadtool with one --url per node (subscribers
# round-robin over the nodes, the target on one of them); then the same load against ONE node
# without --redis on the same database, for comparison. Redis operations and bytes per presence
# change come from Redis' own counters (INFO stats) divided by the presence scripts the nodes
# ran (smartfixer_cluster_presence_ops_total). Bounded: every phase of sf-loadtool stops by
# itself; everything started here is stopped at the end.
#
#   tests/benchmarks/run_cluster.sh [BUILD_DIR] [OUT_DIR] [-- extra sf-loadtool options]
#
# SF_BENCH_USERS (default 10000) subscriber accounts plus one target.
# SF_CLUSTER_PROCS (default 1): split the subscribers over this many sf-loadtool processes
# (one process may hold at most 20,000 descriptors here): P-1 of them only listen
# (--listen), each on its own accounts and 127.0.0.x source addresses; the last one drives
# the target; merge_fanout.py turns their steady-clock logs into one fan-out figure for all
# subscribers. With P > 1 the one-node comparison is skipped (one node cannot hold them all).
#   SF_BENCH_USERS=50000 SF_CLUSTER_PROCS=3 tests/benchmarks/run_cluster.sh build /tmp/c50k
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-${SF_BUILD_DIR:-build}}
OUT=${2:-$BUILD/benchmark-results}
shift $(( $# >= 2 ? 2 : $# )) || true
[ "${1:-}" = "--" ] && shift
EXTRA=("$@")
USERS=${SF_BENCH_USERS:-10000}
PROCS=${SF_CLUSTER_PROCS:-1}
SERVER=$BUILD/bin/smartfixer-server
TOOL=$BUILD/bin/sf-loadtool
METRICS_TOKEN=bench-metrics-token-0123
for f in "$SERVER" "$TOOL"; do
    [ -x "$f" ] || { echo "run_cluster: $f missing" >&2; exit 2; }
done
command -v redis-server >/dev/null || { echo "run_cluster: redis-server missing (scripts/setup.sh)" >&2; exit 2; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
pids=()
redis_pid=""
cleanup() {
    for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do
        for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$p" 2>/dev/null || true
    done
    [ -n "$redis_pid" ] && kill -KILL "$redis_pid" 2>/dev/null || true
    tests/support/pg_fixture.sh stop "$tmp/pg.env" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

redis-server --port 0 --unixsocket "$tmp/redis.sock" --unixsocketperm 700 --save '' \
    --appendonly no --dir "$tmp" > "$tmp/redis.log" 2>&1 &
redis_pid=$!
R() { redis-cli -s "$tmp/redis.sock" "$@"; }
for _ in $(seq 1 100); do R ping >/dev/null 2>&1 && break; sleep 0.05; done
tests/support/pg_fixture.sh start "$tmp/pg.env"
pgport=$(sed -n 's/^port=//p' "$tmp/pg.env")
psql -h 127.0.0.1 -p "$pgport" -U postgres -q -c "CREATE DATABASE bench" postgres
db="postgresql://postgres@127.0.0.1:$pgport/bench"

names=$(seq -f "bench%.0f" 1 "$USERS" | tr '\n' ' ')
# shellcheck disable=SC2086
"$SERVER" user add $names benchtarget --db "$db" > /dev/null
# shellcheck disable=SC2086
"$SERVER" user token $names benchtarget --db "$db" > "$tmp/tokens.txt"

# start_node NAME ARGS…: runs a node, waits for its "listening on" line, appends its URL/pid.
urls=()
start_node() {
    local name=$1; shift
    QT_LOGGING_RULES="smartfixer.server.fanout.debug=true" \
        "$SERVER" --port 0 --db "$db" --metrics-token "$METRICS_TOKEN" --log-level warning "$@" \
        > "$tmp/$name.out" 2> "$tmp/$name.err" &
    pids+=($!)
    for _ in $(seq 1 100); do
        u=$(sed -n 's/^listening on \(http:\/\/[0-9.]*:[0-9]*\).*/\1/p' "$tmp/$name.out" | head -1)
        [ -n "$u" ] && { urls+=("$u"); return 0; }
        sleep 0.1
    done
    echo "run_cluster: node $name did not start" >&2; cat "$tmp/$name.err" >&2; exit 1
}
metric() { # metric URL NAME: the value of one /metrics line
    curl -s -H "Authorization: Bearer $METRICS_TOKEN" "$1/metrics" | awk -v n="$2" '$1 == n {print $2}'
}
url_args() { for u in "${urls[@]}"; do printf -- '--url\n%s\n' "$u"; done; }

echo "== 3 nodes, one Redis, one PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg))"
for n in 1 2 3; do start_node "node$n" --redis "unix:$tmp/redis.sock" --node-name "node$n"; done
echo "nodes: ${urls[*]}"
R CONFIG RESETSTAT > /dev/null
mapfile -t uargs < <(url_args)
if [ "$PROCS" -gt 1 ]; then
    per=$((USERS / PROCS))
    lpids=()
    for k in $(seq 1 $((PROCS - 1))); do
        "$TOOL" "${uargs[@]}" --tokens "$tmp/tokens.txt" --listen 1200 --connections "$per" \
            --first-token $((k * per)) --source-base $((1 + k * 8)) --source-addrs 8 \
            --concurrency 64 --receive-log "$tmp/receive$k.txt" \
            --out "$OUT/cluster-listener$k.json" > "$tmp/listener$k.out" 2>&1 &
        lpids+=($!)
    done
    for k in $(seq 1 $((PROCS - 1))); do
        for _ in $(seq 1 6000); do
            grep -q '^listening:' "$tmp/listener$k.out" && break
            kill -0 "${lpids[$((k - 1))]}" 2>/dev/null || break
            sleep 0.1
        done
        grep '^listening:' "$tmp/listener$k.out" \
            || { echo "run_cluster: listener $k not ready" >&2; cat "$tmp/listener$k.out" >&2; exit 1; }
    done
    own=$((USERS - (PROCS - 1) * per))
    "$TOOL" "${uargs[@]}" --tokens "$tmp/tokens.txt" --connections "$own" --fanout "$own" \
        --handshakes 0 --source-addrs 8 --concurrency 64 --trial-gap 2500 \
        --trigger-log "$tmp/triggers.txt" --receive-log "$tmp/receive0.txt" \
        --out "$OUT/cluster-3nodes.json" "${EXTRA[@]}" > "$tmp/driver.out" 2>&1 &
    driver=$!
    # Every connection is open once the driver says "memory:": what each node holds then.
    for _ in $(seq 1 6000); do
        grep -q '^memory:' "$tmp/driver.out" && break
        kill -0 "$driver" 2>/dev/null || break
        sleep 0.1
    done
    for n in 1 2 3; do
        p=${pids[$((n - 1))]}
        echo "node$n with every connection open: $(ls /proc/$p/fd | wc -l) descriptors," \
            "RSS $(awk '/VmRSS/ {print $2, $3}' /proc/$p/status)," \
            "CPU so far $(awk '{print ($14 + $15) / 100}' /proc/$p/stat) s"
    done | tee "$OUT/cluster-nodes.txt"
    wait "$driver" || { echo "run_cluster: the driver failed" >&2; cat "$tmp/driver.out" >&2; exit 1; }
    cat "$tmp/driver.out"
    for p in "${lpids[@]}"; do kill -TERM "$p"; done
    for k in $(seq 1 $((PROCS - 1))); do
        wait "${lpids[$((k - 1))]}" || { echo "run_cluster: listener $k failed" >&2; cat "$tmp/listener$k.out" >&2; exit 1; }
        cat "$tmp/listener$k.out"
    done
    logs=("$tmp/receive0.txt")
    for k in $(seq 1 $((PROCS - 1))); do logs+=("$tmp/receive$k.txt"); done
    /usr/bin/python3 tests/benchmarks/merge_fanout.py --subscribers "$USERS" --window-ms 4000 \
        --trigger-log "$tmp/triggers.txt" --receive-log "${logs[@]}" \
        --out "$OUT/cluster-fanout-all.json" | tee "$OUT/cluster-fanout-all.txt"
else
    "$TOOL" "${uargs[@]}" --tokens "$tmp/tokens.txt" --server-pid "${pids[0]}" \
        --connections "$USERS" --out "$OUT/cluster-3nodes.json" "${EXTRA[@]}"
fi
ops=0
for u in "${urls[@]}"; do ops=$((ops + $(metric "$u" smartfixer_cluster_presence_ops_total))); done
info=$(R INFO stats | tr -d '\r')
cmds=$(echo "$info" | sed -n 's/^total_commands_processed://p')
bin=$(echo "$info" | sed -n 's/^total_net_input_bytes://p')
bout=$(echo "$info" | sed -n 's/^total_net_output_bytes://p')
R INFO commandstats | tr -d '\r' | grep -E 'cmdstat_(evalsha|eval|publish|zadd|hmget)' > "$OUT/cluster-redis-commandstats.txt" || true
awk -v ops="$ops" -v c="$cmds" -v i="$bin" -v o="$bout" 'BEGIN {
    printf "redis per presence change: %.2f commands, %.0f bytes in, %.0f bytes out (%d changes)\n",
           c / ops, i / ops, o / ops, ops }' | tee "$OUT/cluster-redis-per-change.txt"
echo "redis-server CPU (user+sys s): $(awk '{print ($14 + $15) / 100}' /proc/$redis_pid/stat)" \
    | tee -a "$OUT/cluster-redis-per-change.txt"
for n in 1 2 3; do
    { grep -o "to [0-9]* connections took [0-9]* us" "$tmp/node$n.err" || true; }
done | awk '{print $2, $5}' | sort -n -k1,1 -k2,2 | awk '
    { n[$1]++; v[$1, n[$1]] = $2 }
    END { for (k in n) if (k >= 100 && n[k] >= 2)
        printf "server fan-out to %d (per node): %d times, p50 %.1f ms, max %.1f ms\n",
               k, n[k], v[k, int((n[k] + 1) / 2)] / 1000, v[k, n[k]] / 1000 }' \
    | tee "$OUT/cluster-server-fanout.txt"
for p in "${pids[@]}"; do kill -TERM "$p"; wait "$p" 2>/dev/null || true; done
pids=()
urls=()
if [ "$PROCS" -gt 1 ]; then
    echo "run_cluster: results in $OUT (one-node comparison skipped: $USERS connections)"
    exit 0
fi

echo "== 1 node, no Redis, same PostgreSQL (load average $(cut -d' ' -f1-3 /proc/loadavg))"
start_node single
mapfile -t uargs < <(url_args)
"$TOOL" "${uargs[@]}" --tokens "$tmp/tokens.txt" --server-pid "${pids[0]}" \
    --connections "$USERS" --out "$OUT/cluster-1node.json" "${EXTRA[@]}"
echo "run_cluster: results in $OUT (load average $(cut -d' ' -f1-3 /proc/loadavg))"
