#!/usr/bin/env bash
# Installs everything SmartFixer Desktop needs to build, run and test on Debian 12.
# Idempotent: it only calls apt-get when a package is missing. Run as root (or with sudo).
set -euo pipefail

packages=(
    build-essential cmake ninja-build ccache pkg-config git
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev libqt6sql6-sqlite qt6-tools-dev
    qt6-l10n-tools qt6-tools-dev-tools qt6-svg-dev qt6-translations-l10n qt6-qpa-plugins
    libsodium-dev libgl-dev libxkbcommon-dev libx11-dev libxss-dev
    postgresql libqt6sql6-psql
    clang libclang-rt-14-dev
    xvfb xauth xdotool x11-apps imagemagick fonts-dejavu-core
    python3 python3-socketio python3-aiohttp python3-websocket python3-requests
    dpkg-dev file help2man man-db lintian desktop-file-utils appstream systemd
    redis-server libhiredis-dev
    libssl-dev openssl
    libavahi-client-dev avahi-daemon avahi-utils dbus iproute2 util-linux
)
# Node.js 20 + npm may come from outside Debian; only ask apt for them when they are absent.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    # DNS-SD (issue 13): the tests run their own avahi-daemon inside network namespaces they
    # create. Installing the package must not start the system's daemon, which would multicast
    # on the real interfaces: a policy-rc.d that refuses every start (101) during this one
    # apt-get. An existing policy-rc.d is left alone.
    policy=""
    if printf '%s\n' "${missing[@]}" | grep -qx avahi-daemon && [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod 755 "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || { [ -z "$policy" ] || $sudo rm -f "$policy"; exit 1; }
    [ -z "$policy" ] || $sudo rm -f "$policy"
fi
