#include "ui/models/OffersModel.h"

#include "pricing/Workspace.h"
#include "ui/MainWindow.h"

#include <QAbstractItemModelTester>
#include <QTest>

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;

TEST_CASE("The offers model passes the Qt model tester", "[ui][model]")
{
    ui::OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    pricing::OfferRow r;
    r.offer.provider = "aws";
    r.offer.region = "us-east-1";
    r.offer.instanceType = "m5.large";
    r.offer.vcpus = 2;
    r.offer.memoryGib = 8;
    r.offer.hourly = 0.096;
    r.reportHourly = 0.096;
    r.reportEffectiveHourly = 0.096;
    r.reportCurrency = "USD";
    model.setRows({r, r});
    CHECK(model.rowCount() == 2);
    CHECK(model.data(model.index(0, ui::OffersModel::InstanceType)).toString()
          == QStringLiteral("m5.large"));
    CHECK(model.data(model.index(0, ui::OffersModel::Hourly), ui::OffersModel::SortRole).toDouble()
          == Approx(0.096));
    model.setRows({});
    CHECK(model.rowCount() == 0);
}

TEST_CASE("The main window shows the built-in catalog", "[ui][window]")
{
    const auto dir = testing::makeTempDir("gui");
    auto ws = pricing::Workspace::open(dir / "w.db");
    REQUIRE(ws);
    REQUIRE(ws->ensureBuiltinCatalog());
    ui::MainWindow window(std::make_unique<pricing::Workspace>(std::move(*ws)));
    // Queries run on a worker thread: wait for the first answer.
    REQUIRE(QTest::qWaitFor([&] { return window.offersModel()->rowCount() > 0; }, 60000));
    std::filesystem::remove_all(dir);
}
