#include "pricing/Workspace.h"
#include "ui/MainWindow.h"
#include "ui/Screenshots.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QSettings>
#include <QTranslator>

#include <memory>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("cloudcost"));
    QApplication::setApplicationName(QStringLiteral("cloudcost"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/cloudcost.png")));
    // The language follows the system locale unless chosen in Settings → Language.
    const QString language = QSettings().value(QStringLiteral("language")).toString();
    if (!language.isEmpty()) {
        QLocale::setDefault(QLocale(language));
    }
    QTranslator qtTranslator;
    QTranslator appTranslator;
    if (qtTranslator.load(QLocale(),
                          QStringLiteral("qtbase"),
                          QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(&qtTranslator);
    }
    if (appTranslator.load(QLocale(),
                           QStringLiteral("cloudcost"),
                           QStringLiteral("_"),
                           QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&appTranslator);
    }
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"),
                                QApplication::translate("main", "Workspace file."),
                                QStringLiteral("path"));
    QCommandLineOption screenshotOption(
        QStringLiteral("screenshots"),
        QApplication::translate("main", "Save a PNG of each view into dir, then quit."),
        QStringLiteral("dir"));
    parser.addOption(dbOption);
    parser.addOption(screenshotOption);
    parser.process(app);
    const auto path = parser.isSet(dbOption)
                          ? std::filesystem::path(parser.value(dbOption).toStdString())
                          : cloudcost::pricing::Workspace::defaultPath();
    auto ws = cloudcost::pricing::Workspace::open(path);
    if (ws) {
        if (auto loaded = ws->ensureBuiltinCatalog(); !loaded) {
            ws = loaded.error();
        }
    }
    if (!ws) {
        QMessageBox::critical(nullptr,
                              QStringLiteral("cloudcost"),
                              QString::fromStdString(ws.error().describe()));
        return 1;
    }
    cloudcost::ui::MainWindow window(
        std::make_unique<cloudcost::pricing::Workspace>(std::move(*ws)));
    window.show();
    if (parser.isSet(screenshotOption)) {
        cloudcost::ui::saveScreenshots(window, parser.value(screenshotOption), [](bool ok) {
            QApplication::exit(ok ? 0 : 1);
        });
    }
    return QApplication::exec();
}
