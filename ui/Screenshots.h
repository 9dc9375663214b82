#pragma once

#include <QString>

namespace cloudcost::ui {

class MainWindow;

// Once the window's queries have finished, saves a PNG of each view (catalog.png, compare.png,
// sources.png) into directory and then calls done(ok). Used by scripts/screenshot.sh.
void saveScreenshots(MainWindow& window, const QString& directory, void (*done)(bool ok));

} // namespace cloudcost::ui
