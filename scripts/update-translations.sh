#!/usr/bin/env bash
# Updates ui/translations/*.ts from the sources (every tr() string of ui/ and app/gui/) and fills
# the Simplified Chinese one from ui/translations/fill_zh_CN.py; fails when a string is missing
# there. The build compiles the .ts files (qt_add_lrelease in ui/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$lupdate" -no-obsolete -locations none -target-language zh_CN \
    -I . ui/*.h ui/*.cpp ui/models/*.h ui/models/*.cpp ui/charts/*.h ui/charts/*.cpp \
    app/gui/main.cpp \
    -ts ui/translations/cloudcost_zh_CN.ts
python3 ui/translations/fill_zh_CN.py ui/translations/cloudcost_zh_CN.ts
