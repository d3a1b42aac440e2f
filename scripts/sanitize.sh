#!/usr/bin/env bash
# The engine and server test suites built with AddressSanitizer + UBSan (-DSMARTFIXER_SANITIZE=ON)
# in their own build folder (build-asan/; no desktop UI, no benchmarks), run as ctest runs them
# by default. Any sanitizer finding fails the run. Not yet called from .ci/run: its run time
# on the CI machine has not been measured (issue 14).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${SF_ASAN_BUILD_DIR:-build-asan}"
start=$(date +%s)
cmake -S . -B "$dir" -G Ninja -DSMARTFIXER_SANITIZE=ON -DSMARTFIXER_BUILD_UI=OFF \
    -DSMARTFIXER_BUILD_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" --parallel "$(nproc)"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Qt and fontconfig keep some allocations until exit on purpose: those are not our leaks.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
(cd "$dir" && ctest --output-on-failure --parallel 2 \
    --label-exclude '^(benchmark|soak|fuzz-long|fuzz|gui)$' "$@")
echo "sanitizer run: $(( $(date +%s) - start )) s"
