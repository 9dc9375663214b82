#!/usr/bin/env bash
# Starts cloudcost-gui under Xvfb on a fresh workspace (the built-in catalog) and saves a PNG of
# each view (catalog.png, compare.png, sources.png, exchange-rates.png) into OUT_DIR.
# Usage: scripts/screenshot.sh [BUILD_DIR] [OUT_DIR]   (LANG=zh_CN.UTF-8 for the Chinese UI)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
out=${2:-docs/screenshots}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A private settings directory: the user's recent files and currency do not leak into the images.
XDG_CONFIG_HOME="$tmp/config" xvfb-run -a -s "-screen 0 1400x900x24" \
    "$build/app/gui/cloudcost-gui" --db "$tmp/w.db" --screenshots "$out"
echo "saved $out/catalog.png $out/compare.png $out/sources.png $out/exchange-rates.png"
