#!/usr/bin/env bash
# Sets up, builds and runs the whole default test suite through ctest (everything except the
# benchmark, soak and fuzz-long labels; see README.md for those). Before that it builds the
# libFuzzer targets (codec, HTTP request path, WebSocket framing) with clang in build-fuzz/ and
# fuzzes each for 20 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh

fuzz="${SF_FUZZ_BUILD_DIR:-build-fuzz}"
cmake -S . -B "$fuzz" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DSMARTFIXER_FUZZ=ON \
    -DSMARTFIXER_BUILD_UI=OFF -DSMARTFIXER_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$fuzz" --target fuzz_codec fuzz_http fuzz_websocket --parallel "$(nproc)"
(cd "$fuzz" && ctest --output-on-failure -L '^fuzz$')

cd "${SF_BUILD_DIR:-build}"
ctest --output-on-failure --parallel 2 --label-exclude '^(benchmark|soak|fuzz-long)$' "$@"
