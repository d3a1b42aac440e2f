#!/usr/bin/env bash
# The engine's core, protocol, storage and server test suites built with AddressSanitizer +
# UBSan (-DSMARTFIXER_SANITIZE=ON) in their own build folder (build-asan/; no desktop UI, no
# benchmarks), run as ctest runs them. Any sanitizer finding fails the run. Not in .ci/run by
# default (see README.md "Sanitizers" for its measured time); ctest label of the suites: none
# extra, the suite list below is the selection.
# Usage: scripts/sanitize.sh [extra ctest arguments]   (env: SF_ASAN_BUILD_DIR, SF_ASAN_JOBS)
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${SF_ASAN_BUILD_DIR:-build-asan}"
jobs="${SF_ASAN_JOBS:-$(nproc)}"
# The suites that run the server, the protocol and the store in-process (no GUI, no separate
# binaries): where a sanitizer finding would be a bug a hostile client could reach.
suites=(
    tst_presencepolicy tst_statustext tst_privacy tst_presenceinfo tst_logescape tst_usernames
    tst_databaseurl tst_store tst_accountstore tst_legacymigration tst_adminhardening
    tst_engineio tst_socketio tst_websocket tst_wstransport tst_sioserver
    tst_presencehub tst_loginthrottle tst_presenceserver tst_hostileinput tst_epolldispatcher
    tst_httpguard tst_httpfront tst_passwordwork tst_tokenpolicy
)
start=$(date +%s)
cmake -S . -B "$dir" -G Ninja -DSMARTFIXER_SANITIZE=ON -DSMARTFIXER_BUILD_UI=OFF \
    -DSMARTFIXER_BUILD_BENCHMARKS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" --parallel "$jobs" --target "${suites[@]}"
built=$(date +%s)
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
# Qt and fontconfig keep some allocations until exit on purpose: those are not our leaks.
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
regex="^($(IFS='|'; echo "${suites[*]}"))\$"
(cd "$dir" && ctest --output-on-failure --parallel 2 -R "$regex" "$@")
end=$(date +%s)
echo "sanitizer run: build $(( built - start )) s, tests $(( end - built )) s, total $(( end - start )) s"
