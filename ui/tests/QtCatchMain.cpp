// Catch2 main for the Qt tests: runs inside a QApplication on the offscreen platform.
#define CATCH_CONFIG_RUNNER
#include <QApplication>
#include <QDir>
#include <QSettings>

#include <catch2/catch.hpp>

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // Settings (recent workspaces, currency, language) go to a scratch file, not the user's.
    QApplication::setOrganizationName(QStringLiteral("cloudcost-tests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat,
                       QSettings::UserScope,
                       QDir::temp().filePath(QStringLiteral("cloudcost-ui-tests")));
    return Catch::Session().run(argc, argv);
}
