#!/usr/bin/env bash
# Sets up, builds and opens the desktop app in demo mode: an embedded presence server on
# loopback with a temporary SQLite database and scripted demo contacts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec ./build/bin/smartfixer --demo "$@"
