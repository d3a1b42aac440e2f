#!/usr/bin/env bash
# Builds the Debian packages into ./dist (or the folder given as $1):
#   smartfixer_VERSION_ARCH.deb         desktop app + smartfixer-cli
#   smartfixer-server_VERSION_ARCH.deb  headless presence server + systemd service
# It configures its own build tree (build-package/, tests off) so it never disturbs build/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
build="${SF_PACKAGE_BUILD_DIR:-build-package}"
dist="${1:-dist}"
# Debian's hardening flags (what dpkg-buildflags gives a package built with hardening=+all:
# stack protector, _FORTIFY_SOURCE, full RELRO with BIND_NOW); lintian checks for them.
flags() { DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get "$1"; }
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$(flags CXXFLAGS) $(flags CPPFLAGS)" \
    -DCMAKE_EXE_LINKER_FLAGS="$(flags LDFLAGS)" \
    -DSMARTFIXER_BUILD_TESTS=OFF -DSMARTFIXER_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$build" --parallel "$(nproc)"
rm -rf "$build/cpack"
cpack --config "$build/CPackConfig.cmake" -B "$build/cpack"
mkdir -p "$dist"
cp "$build"/cpack/*.deb "$dist"/
ls -l "$dist"/*.deb
