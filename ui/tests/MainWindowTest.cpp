// Drives the real window with QTest on the offscreen platform.
#include "ui/MainWindow.h"

#include "pricing/Workspace.h"
#include "ui/CatalogView.h"
#include "ui/CompareView.h"
#include "ui/FxDialog.h"
#include "ui/MessageBar.h"
#include "ui/SourcesView.h"
#include "ui/charts/CompareCharts.h"
#include "ui/models/ImportJob.h"
#include "ui/models/OffersModel.h"
#include "ui/models/SourcesModel.h"

#include <QAction>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>
#include <QTranslator>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

#include "tests/support/TestData.h"

using namespace cloudcost;

namespace {
const char* kAwsSheet =
    "multicloud/skypilot-format/aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv";
constexpr int kTimeoutMs = 60000; // a safety net for a stuck test, not a performance check

// A window on a new, empty workspace (no built-in catalog), so every row comes from the test.
struct WindowFixture
{
    std::filesystem::path dir = testing::makeTempDir("gui-window");
    std::unique_ptr<ui::MainWindow> window;

    WindowFixture()
    {
        auto ws = pricing::Workspace::open(dir / "w.db");
        REQUIRE(ws);
        window =
            std::make_unique<ui::MainWindow>(std::make_unique<pricing::Workspace>(std::move(*ws)));
        window->show();
        settle();
    }
    ~WindowFixture()
    {
        window.reset();
        std::filesystem::remove_all(dir);
    }
    // Waits until no import or query is pending.
    void settle()
    {
        REQUIRE(QTest::qWaitFor(
            [&] {
                return !window->currentImport() && !window->catalogView()->isUpdating()
                       && !window->compareView()->isUpdating();
            },
            kTimeoutMs));
    }
    void importAndWait(const std::filesystem::path& file)
    {
        window->importFiles({QString::fromStdString(file.string())});
        REQUIRE(window->currentImport());
        settle();
    }
    QString cell(QTableView* table, int row, int column)
    {
        return table->model()->index(row, column).data().toString();
    }
};
} // namespace

TEST_CASE_METHOD(
    WindowFixture,
    "The window imports a real AWS sheet, shows its rows and filters as the user types",
    "[ui][window]")
{
    CHECK(window->offersModel()->rowCount() == 0);
    importAndWait(testing::sharedData(kAwsSheet));
    CHECK(window->messageBar()->kind() == ui::MessageBar::Kind::Information);
    CHECK(window->messageBar()->text().contains(QStringLiteral("228")));
    CHECK(window->sourcesView()->model()->rowCount() == 1);
    CHECK(window->offersModel()->rowCount() == 228);

    auto* catalog = window->catalogView();
    QTest::keyClicks(catalog->instanceFilter(), QStringLiteral("^a1\\.xlarge$"));
    settle();
    const int rows = catalog->table()->model()->rowCount();
    REQUIRE(rows > 0);
    CHECK(rows < 228);
    for (int r = 0; r < rows; ++r) {
        CHECK(cell(catalog->table(), r, ui::OffersModel::InstanceType)
              == QStringLiteral("a1.xlarge"));
    }

    // The details pane names the source sheet of the selected offer.
    catalog->table()->selectRow(0);
    CHECK(catalog->details()->toPlainText().contains(
        QStringLiteral("aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv")));

    // A provider with no offers empties the table; clearing it brings the rows back.
    QTest::keyClicks(catalog->providerFilter(), QStringLiteral("azure"));
    settle();
    CHECK(catalog->table()->model()->rowCount() == 0);
    catalog->providerFilter()->clear();
    settle();
    CHECK(catalog->table()->model()->rowCount() == rows);
}

TEST_CASE_METHOD(WindowFixture,
                 "The compare view shows the cheapest offer per provider and region in the table "
                 "and the charts",
                 "[ui][window][compare]")
{
    importAndWait(testing::sharedData(kAwsSheet));
    window->tabs()->setCurrentWidget(window->compareView());
    auto* compare = window->compareView();
    compare->minVcpus()->setValue(2);
    compare->minMemory()->setValue(4);
    settle();
    auto* model = compare->model();
    REQUIRE(model->rowCount() > 0);
    std::set<std::pair<std::string, std::string>> places;
    for (const auto& r : model->rows()) {
        CHECK(*r.offer.vcpus >= 2);
        CHECK(*r.offer.memoryGib >= 4);
        CHECK(places.emplace(r.offer.provider, r.offer.region).second); // one per region
    }
    CHECK(compare->charts()->barCount() == std::min(model->rowCount(), ui::CompareCharts::kBars));
    CHECK(compare->charts()->pointCount() == model->rowCount());
}

TEST_CASE_METHOD(WindowFixture,
                 "Export writes the table exactly as shown and reads back",
                 "[ui][window][export]")
{
    importAndWait(testing::sharedData(kAwsSheet));
    auto* catalog = window->catalogView();
    QTest::keyClicks(catalog->instanceFilter(), QStringLiteral("large"));
    settle();
    // Hide the Source column through the column chooser and sort by instance type, descending.
    for (auto* action : catalog->columnMenu()->actions()) {
        if (action->data().toInt() == ui::OffersModel::Source) {
            action->setChecked(false);
        }
    }
    catalog->table()->sortByColumn(ui::OffersModel::InstanceType, Qt::DescendingOrder);
    settle();
    auto* shown = catalog->table()->model();
    const int rows = shown->rowCount();
    REQUIRE(rows > 0);

    const auto csvPath = dir / "export.csv";
    REQUIRE(window->exportCurrentTable(csvPath));
    QFile csv(QString::fromStdString(csvPath.string()));
    REQUIRE(csv.open(QIODevice::ReadOnly));
    const auto lines =
        QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    REQUIRE(lines.size() == rows + 1);
    CHECK_FALSE(lines.front().contains(QStringLiteral("Source")));
    CHECK(lines.front().startsWith(QStringLiteral("Provider,Region,Instance type,vCPU")));
    for (int r = 0; r < rows; ++r) {
        CHECK(lines[r + 1].section(QLatin1Char(','), 2, 2)
              == cell(catalog->table(), r, ui::OffersModel::InstanceType));
    }

    const auto jsonPath = dir / "export.json";
    REQUIRE(window->exportCurrentTable(jsonPath));
    QFile jsonFile(QString::fromStdString(jsonPath.string()));
    REQUIRE(jsonFile.open(QIODevice::ReadOnly));
    const auto doc = QJsonDocument::fromJson(jsonFile.readAll()).object();
    const auto jsonRows = doc.value(QStringLiteral("rows")).toArray();
    REQUIRE(jsonRows.size() == rows);
    CHECK(jsonRows[0].toObject().value(QStringLiteral("Instance type")).toString()
          == cell(catalog->table(), 0, ui::OffersModel::InstanceType));
    CHECK(jsonRows[0].toObject().value(QStringLiteral("Effective hourly")).isDouble());
    const auto view = doc.value(QStringLiteral("view")).toObject();
    CHECK(view.value(QStringLiteral("filters"))
              .toObject()
              .value(QStringLiteral("instance_regex"))
              .toString()
          == QStringLiteral("large"));
    CHECK(view.value(QStringLiteral("query_sort")).toString() == QStringLiteral("instance-type"));
    CHECK(view.value(QStringLiteral("descending")).toBool());
}

TEST_CASE_METHOD(WindowFixture,
                 "Cancel stops an import and the workspace stays as it was",
                 "[ui][window][import]")
{
    window->importFiles({QString::fromStdString(testing::sharedData(kAwsSheet).string())});
    REQUIRE(window->cancelButton()->isVisible());
    QTest::mouseClick(window->cancelButton(), Qt::LeftButton);
    settle();
    CHECK(window->messageBar()->text().contains(QStringLiteral("cancelled")));
    CHECK(window->sourcesView()->model()->rowCount() == 0);
    CHECK(window->offersModel()->rowCount() == 0);
    CHECK_FALSE(window->cancelButton()->isVisible());
}

TEST_CASE_METHOD(WindowFixture,
                 "A malformed file shows an error naming the file and the place, inputs kept",
                 "[ui][window][import][error]")
{
    importAndWait(testing::sharedData(kAwsSheet));
    QTest::keyClicks(window->catalogView()->instanceFilter(), QStringLiteral("medium"));
    settle();
    const int rows = window->catalogView()->table()->model()->rowCount();
    const auto bad = dir / "AmazonEC2_truncated.json";
    std::ofstream(bad) << R"({"formatVersion":"v1.0","offerCode":"AmazonEC2","products":{"X":{)";
    importAndWait(bad);
    auto* bar = window->messageBar();
    CHECK(bar->kind() == ui::MessageBar::Kind::Error);
    CHECK(bar->isVisible());
    CHECK(bar->text().contains(QStringLiteral("AmazonEC2_truncated.json")));
    CHECK(bar->details().contains(QStringLiteral("AmazonEC2_truncated.json: byte")));
    CHECK(window->catalogView()->instanceFilter()->text() == QStringLiteral("medium"));
    CHECK(window->catalogView()->table()->model()->rowCount() == rows);
    CHECK(window->sourcesView()->model()->rowCount() == 1);
}

TEST_CASE_METHOD(WindowFixture, "Removing a source removes its offers", "[ui][window][sources]")
{
    importAndWait(testing::sharedData(kAwsSheet));
    window->tabs()->setCurrentWidget(window->sourcesView());
    auto* sources = window->sourcesView();
    sources->table()->selectRow(0);
    REQUIRE(sources->removeButton()->isEnabled());
    const int offers = window->offersModel()->rowCount();
    REQUIRE(offers > 0);

    // The user is asked first, with the sheet's name and its offer count; "no" keeps it.
    QString asked;
    window->setConfirm([&](const QString&, const QString& question) {
        asked = question;
        return false;
    });
    QTest::mouseClick(sources->removeButton(), Qt::LeftButton);
    settle();
    CHECK(asked.contains(QStringLiteral("aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv")));
    CHECK(asked.contains(QStringLiteral("offer")));
    CHECK(sources->model()->rowCount() == 1);
    CHECK(window->offersModel()->rowCount() == offers);

    window->setConfirm([](const QString&, const QString&) { return true; });
    QTest::mouseClick(sources->removeButton(), Qt::LeftButton);
    settle();
    CHECK(sources->model()->rowCount() == 0);
    CHECK(window->offersModel()->rowCount() == 0);
}

TEST_CASE_METHOD(WindowFixture,
                 "Exchange rates are set, edited and imported in Settings and convert the views",
                 "[ui][window][fx]")
{
    auto* dialog = window->showExchangeRates();
    REQUIRE(dialog);
    CHECK(dialog->table()->rowCount() == 0);

    // A rate without its source is refused; the workspace stays without rates.
    dialog->baseEdit()->setText(QStringLiteral("eur"));
    dialog->quoteEdit()->setText(QStringLiteral("USD"));
    dialog->rateEdit()->setValue(1.08);
    dialog->dateEdit()->setDate(QDate(2026, 11, 2));
    CHECK_FALSE(dialog->setRateFromForm());
    CHECK(dialog->status().contains(QStringLiteral("source")));
    CHECK(dialog->table()->rowCount() == 0);

    dialog->sourceEdit()->setText(QStringLiteral("test figure"));
    QTest::mouseClick(dialog->setButton(), Qt::LeftButton);
    REQUIRE(dialog->table()->rowCount() == 1);
    CHECK(dialog->table()->item(0, 0)->text() == QStringLiteral("EUR"));
    CHECK(dialog->table()->item(0, 3)->text() == QStringLiteral("2026-11-02"));
    settle();
    // The report-currency list now offers EUR.
    CHECK(window->currencyBox()->findData(QStringLiteral("EUR")) >= 0);

    // Selecting the row fills the form; the same pair and date is replaced, not added.
    dialog->table()->selectRow(0);
    CHECK(dialog->baseEdit()->text() == QStringLiteral("EUR"));
    CHECK(dialog->rateEdit()->value() == Approx(1.08));
    dialog->rateEdit()->setValue(1.1);
    REQUIRE(dialog->setRateFromForm());
    REQUIRE(dialog->table()->rowCount() == 1);
    CHECK(dialog->table()->item(0, 2)->text() == QStringLiteral("1.1"));

    // An unknown currency is refused with the reason.
    dialog->baseEdit()->setText(QStringLiteral("XQZ"));
    CHECK_FALSE(dialog->setRateFromForm());
    CHECK(dialog->status().contains(QStringLiteral("unknown currency")));

    // Import: a malformed file changes nothing and names the line; a good one adds its rows.
    const auto bad = dir / "bad.csv";
    std::ofstream(bad) << "date,base,quote,rate,source\n2026-11-01,CNY,USD,0.14,t\n"
                          "2026-11-01,IDR,USD,minus,t\n";
    CHECK_FALSE(dialog->importCsv(QString::fromStdString(bad.string())));
    CHECK(dialog->status().contains(QStringLiteral("bad.csv")));
    CHECK(dialog->table()->rowCount() == 1);
    const auto good = dir / "good.csv";
    std::ofstream(good) << "date,base,quote,rate,source\n2026-11-01,CNY,USD,0.14,test figure\n"
                           "2026-11-01,GBP,USD,1.27,test figure\n";
    REQUIRE(dialog->importCsv(QString::fromStdString(good.string())));
    CHECK(dialog->table()->rowCount() == 3);
    settle();
    CHECK(window->currencyBox()->findData(QStringLiteral("CNY")) >= 0);
    dialog->close();

    // Settings → Report currency offers the same choices as the toolbar and sets it.
    auto* menu = window->findChild<QMenu*>(QStringLiteral("currencyMenu"));
    REQUIRE(menu);
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QAction* eur = nullptr;
    for (auto* a : menu->actions()) {
        if (a->text() == QStringLiteral("EUR")) {
            eur = a;
        }
    }
    REQUIRE(eur);
    CHECK(menu->actions().size() == window->currencyBox()->count());
    eur->trigger();
    settle();
    CHECK(window->currencyBox()->currentData().toString() == QStringLiteral("EUR"));
    CHECK(window->catalogView()->currentQuery().currency == "EUR");
}

TEST_CASE("The Simplified Chinese translation is compiled in", "[ui][i18n]")
{
    QTranslator translator;
    REQUIRE(translator.load(QStringLiteral(":/i18n/cloudcost_zh_CN.qm")));
    CHECK(translator.translate("cloudcost::ui::MainWindow", "&Catalog")
          == QStringLiteral("目录(&C)"));
    CHECK(translator.translate("cloudcost::ui::OffersModel", "Effective hourly")
          == QStringLiteral("有效小时价"));
}
