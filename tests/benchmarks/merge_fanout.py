#!/usr/bin/python3
"""Fan-out latency over several sf-loadtool processes (run_cluster.sh with SF_CLUSTER_PROCS).

The driving process logs the steady-clock time (us, CLOCK_MONOTONIC: one clock for every
process on the machine) of each trigger (--trigger-log); every process logs the time of each
update about the target that reached one of its subscribers (--receive-log). For trigger i,
the receipts in [t_i, min(t_{i+1}, t_i + window)) belong to it; the trial counts when all
SUBSCRIBERS got it, and its latency is the last receipt minus t_i.

Usage: merge_fanout.py --subscribers N --trigger-log FILE --receive-log FILE [FILE…]
                       [--window-ms 5000] [--out FILE.json]
"""
import argparse
import bisect
import json
import math
import sys


def read_numbers(path):
    with open(path, encoding="ascii") as f:
        return [int(line) for line in f if line.strip()]


def percentile(values, p):
    if not values:
        return -1.0
    v = sorted(values)
    return v[min(len(v) - 1, int(math.ceil(p * (len(v) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, required=True)
    parser.add_argument("--trigger-log", required=True)
    parser.add_argument("--receive-log", nargs="+", required=True)
    parser.add_argument("--window-ms", type=float, default=5000.0)
    parser.add_argument("--out")
    args = parser.parse_args()

    triggers = read_numbers(args.trigger_log)
    receipts = sorted(t for path in args.receive_log for t in read_numbers(path))
    if not triggers:
        print("merge_fanout: no triggers", file=sys.stderr)
        return 1
    latencies, missed, short = [], 0, []
    for i, t0 in enumerate(triggers):
        end = t0 + int(args.window_ms * 1000)
        if i + 1 < len(triggers):
            end = min(end, triggers[i + 1])
        lo = bisect.bisect_left(receipts, t0)
        hi = bisect.bisect_left(receipts, end)
        got = hi - lo
        if got >= args.subscribers:
            # The N-th receipt: a subscriber with two devices' worth of updates must not
            # stretch the figure (each subscriber here has one connection and one update).
            latencies.append((receipts[lo + args.subscribers - 1] - t0) / 1000.0)
        else:
            missed += 1
            short.append(args.subscribers - got)
    result = {
        "subscribers": args.subscribers,
        "processes": len(args.receive_log),
        "samples": len(latencies),
        "missed": missed,
        "p50_ms": percentile(latencies, 0.5),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": max(latencies) if latencies else -1.0,
    }
    if short:
        result["fewest_missing"] = min(short)
    print("fan-out K=%d over %d processes: %d samples, p50 %.1f ms, p99 %.1f ms, max %.1f ms, "
          "%d missed" % (args.subscribers, len(args.receive_log), len(latencies),
                         result["p50_ms"], result["p99_ms"], result["max_ms"], missed))
    if args.out:
        with open(args.out, "w", encoding="ascii") as f:
            json.dump(result, f, indent=2)
    return 0 if latencies else 1


if __name__ == "__main__":
    sys.exit(main())
