#!/usr/bin/env bash
# Installs the Debian 12 packages cloudcost needs to build, test and run; only what is missing.
# Usage: scripts/install-deps.sh [--headless]   (--headless skips the Qt GUI stack)
set -euo pipefail

headless=0
[ "${1:-}" = "--headless" ] && headless=1

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config git clang clang-format clang-tidy
    libclang-rt-14-dev llvm
    # core libraries
    nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libboost-dev libboost-math-dev libcli11-dev libfmt-dev
    zlib1g-dev libexpat1-dev
    # tests and benchmarks
    catch2 libbenchmark-dev time
)
if [ "$headless" = 0 ]; then
    packages+=(qt6-base-dev libqt6opengl6-dev libxkbcommon-dev libqt6charts6-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
               qt6-translations-l10n libgl-dev xvfb xauth imagemagick fonts-noto-cjk)
fi

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
