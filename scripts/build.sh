#!/usr/bin/env bash
# Configures and builds SmartFixer Desktop into ./build (or $SF_BUILD_DIR). Extra arguments go
# to the CMake configure step, e.g. -DSMARTFIXER_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${SF_BUILD_DIR:-build}"
cmake -S . -B "$build" -G Ninja "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
