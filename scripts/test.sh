#!/usr/bin/env bash
# Sets up, builds and runs the whole default test suite through ctest (everything except the
# benchmark, soak and fuzz-long labels; see README.md for those).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
cd "${SF_BUILD_DIR:-build}"
ctest --output-on-failure --parallel 2 --label-exclude '^(benchmark|soak|fuzz-long)$' "$@"
