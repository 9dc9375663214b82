#include "ui/Screenshots.h"

#include "ui/CatalogView.h"
#include "ui/CompareView.h"
#include "ui/FxDialog.h"
#include "ui/MainWindow.h"
#include "ui/SourcesView.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QPixmap>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

namespace cloudcost::ui {

void saveScreenshots(MainWindow& window, const QString& directory, void (*done)(bool ok))
{
    auto* timer = new QTimer(&window);
    timer->setInterval(100);
    QObject::connect(timer, &QTimer::timeout, &window, [&window, timer, directory, done] {
        if (window.currentImport() || window.catalogView()->isUpdating()
            || window.compareView()->isUpdating()) {
            return;
        }
        timer->stop();
        timer->deleteLater();
        QDir().mkpath(directory);
        // Select an offer so the details pane shows its provenance.
        window.catalogView()->table()->selectRow(0);
        bool ok = true;
        const std::pair<QWidget*, const char*> views[] = {
            {window.catalogView(), "catalog.png"},
            {window.compareView(), "compare.png"},
            {window.sourcesView(), "sources.png"},
        };
        for (const auto& [view, name] : views) {
            window.tabs()->setCurrentWidget(view);
            // Let layouts (the charts lay out their axes on a posted event) settle before the grab.
            QElapsedTimer settle;
            settle.start();
            while (settle.elapsed() < 500) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            }
            ok = window.grab().save(QDir(directory).filePath(QLatin1String(name))) && ok;
        }
        window.tabs()->setCurrentIndex(0);
        // Settings → Exchange rates.
        if (auto* fx = window.showExchangeRates()) {
            QElapsedTimer settle;
            settle.start();
            while (settle.elapsed() < 300) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            }
            ok = fx->grab().save(QDir(directory).filePath(QStringLiteral("exchange-rates.png")))
                 && ok;
            fx->close();
        }
        done(ok);
    });
    timer->start();
}

} // namespace cloudcost::ui
