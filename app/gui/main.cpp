#include "pricing/Workspace.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <memory>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cloudcost"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"),
                                QStringLiteral("Workspace file."),
                                QStringLiteral("path"));
    parser.addOption(dbOption);
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
    return QApplication::exec();
}
