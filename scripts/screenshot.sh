#!/usr/bin/env bash
# Starts cloudcost-gui under Xvfb on a fresh workspace (the built-in catalog) and saves a
# screenshot of its window. Usage: scripts/screenshot.sh [BUILD_DIR] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
out=${2:-docs/screenshots/catalog.png}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'kill $xvfb_pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
Xvfb :97 -screen 0 1400x850x24 >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
DISPLAY=:97 "$build/app/gui/cloudcost-gui" --db "$tmp/w.db" &
gui_pid=$!
sleep "${CLOUDCOST_SCREENSHOT_WAIT:-4}"
DISPLAY=:97 import -window root "$out"
kill $gui_pid 2>/dev/null || true
echo "saved $out"
