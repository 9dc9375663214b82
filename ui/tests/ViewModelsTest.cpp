#include "pricing/Workspace.h"
#include "ui/models/ImportJob.h"
#include "ui/models/OfferQueryRunner.h"
#include "ui/models/OffersModel.h"
#include "ui/models/SourcesModel.h"
#include "ui/models/TableExport.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;

namespace {
// AWS a1 instances in SkyPilot's catalog format (real rows; 228 offers, see multicloud/README.md).
const char* kAwsSheet =
    "multicloud/skypilot-format/aws_vms_skypilot-catalog-v7_a1-family_excerpt.csv";
// The largest real sheet of the shared data (3.3 MB of Azure VM prices).
const char* kLargeSheet = "multicloud/skypilot-format/azure_vms_2026-05-20.csv";

pricing::OfferRow offer(const char* type, double hourly, double vcpus, double memoryGib)
{
    pricing::OfferRow r;
    r.offer.provider = "aws";
    r.offer.region = "us-east-1";
    r.offer.instanceType = type;
    r.offer.vcpus = vcpus;
    r.offer.memoryGib = memoryGib;
    r.offer.hourly = hourly;
    r.offer.currency = "USD";
    r.reportHourly = hourly;
    r.reportEffectiveHourly = hourly;
    r.reportCurrency = "USD";
    r.sourceName = "sheet.csv";
    return r;
}

std::size_t sourceCount(const std::filesystem::path& db)
{
    auto ws = pricing::Workspace::open(db);
    REQUIRE(ws);
    auto sources = ws->sources();
    REQUIRE(sources);
    return sources->size();
}
} // namespace

TEST_CASE("The sources model passes the Qt model tester and shows import counts", "[ui][model]")
{
    ui::SourcesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    pricing::SourceRecord s;
    s.id = 7;
    s.name = "prices.csv";
    s.format = "skypilot-vms-csv";
    s.publishedAt = "2026-05-20";
    s.importedAt = "2026-11-27T00:00:00Z";
    s.stats.offersStored = 1234;
    s.stats.specsStored = 5;
    s.stats.skipped["no price"] = {3, "prices.csv:12"};
    model.setSources({s});
    REQUIRE(model.rowCount() == 1);
    CHECK(model.data(model.index(0, ui::SourcesModel::Offers), ui::SourcesModel::SortRole)
              .toULongLong()
          == 1234);
    CHECK(model.data(model.index(0, ui::SourcesModel::Skipped), ui::SourcesModel::SortRole)
              .toULongLong()
          == 3);
    CHECK(model.data(model.index(0, ui::SourcesModel::Name), Qt::ToolTipRole)
              .toString()
              .contains(QStringLiteral("prices.csv:12")));
    model.setSources({});
    CHECK(model.rowCount() == 0);
}

TEST_CASE("The offers model gives prices per vCPU and per GiB and raw numbers for export",
          "[ui][model]")
{
    ui::OffersModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto unknownSpecs = offer("x1", 1.0, 0, 0);
    unknownSpecs.offer.vcpus.reset();
    unknownSpecs.offer.memoryGib.reset();
    model.setRows({offer("m5.large", 0.096, 2, 8), unknownSpecs});
    CHECK(
        model.data(model.index(0, ui::OffersModel::PerVcpu), ui::OffersModel::ExportRole).toDouble()
        == Approx(0.048));
    CHECK(model.data(model.index(0, ui::OffersModel::PerGib), ui::OffersModel::SortRole).toDouble()
          == Approx(0.012));
    CHECK_FALSE(model.data(model.index(1, ui::OffersModel::PerVcpu), ui::OffersModel::ExportRole)
                    .isValid());
    CHECK(model.data(model.index(1, ui::OffersModel::PerVcpu)).toString() == QStringLiteral("–"));
}

TEST_CASE("A table export keeps the view's order and columns and neutralises formulas",
          "[ui][export]")
{
    ui::OffersModel model;
    auto evil = offer("=HYPERLINK(\"http://x\")", 0.5, 4, 16);
    model.setRows({offer("m5.large", 0.096, 2, 8), evil, offer("c5.large", 0.085, 2, 4)});
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ui::OffersModel::SortRole);
    proxy.sort(ui::OffersModel::EffectiveHourly, Qt::DescendingOrder);
    ui::TableExportSpec spec;
    spec.model = &proxy;
    spec.columns = {ui::OffersModel::EffectiveHourly, ui::OffersModel::InstanceType};
    spec.valueRole = ui::OffersModel::ExportRole;
    spec.context.insert(QStringLiteral("currency"), QStringLiteral("USD"));

    const auto csv = ui::tableToCsv(spec);
    CHECK(csv
          == "Effective hourly,Instance type\n"
             "0.5,\"'=HYPERLINK(\"\"http://x\"\")\"\n"
             "0.096,m5.large\n"
             "0.085,c5.large\n");

    const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(ui::tableToJson(spec)));
    REQUIRE(json.isObject());
    const auto rows = json.object().value(QStringLiteral("rows")).toArray();
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].toObject().value(QStringLiteral("Instance type")).toString()
          == QStringLiteral("c5.large"));
    CHECK(rows[2].toObject().value(QStringLiteral("Effective hourly")).toDouble() == Approx(0.085));
    CHECK(json.object().value(QStringLiteral("view")).toObject().value(QStringLiteral("currency"))
          == QStringLiteral("USD"));
    CHECK(json.object().value(QStringLiteral("columns")).toArray().size() == 2);
}

TEST_CASE("An import job imports a real sheet on a worker thread", "[ui][import]")
{
    const auto dir = testing::makeTempDir("gui-import");
    const auto db = dir / "w.db";
    REQUIRE(pricing::Workspace::open(db));
    ui::ImportJob job(db, testing::sharedData(kAwsSheet));
    QSignalSpy finished(&job, &ui::ImportJob::finished);
    job.start();
    CHECK(job.isRunning());
    REQUIRE(finished.wait(60000));
    REQUIRE(job.result());
    REQUIRE(*job.result());
    CHECK((*job.result())->source.stats.offersStored == 228);
    CHECK(sourceCount(db) == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("An import cancelled in the middle leaves the workspace unchanged", "[ui][import]")
{
    const auto dir = testing::makeTempDir("gui-cancel");
    const auto db = dir / "w.db";
    REQUIRE(pricing::Workspace::open(db));
    ui::ImportJob job(db, testing::sharedData(kLargeSheet));
    QSignalSpy progress(&job, &ui::ImportJob::progressChanged);
    QSignalSpy finished(&job, &ui::ImportJob::finished);
    job.cancelAtFirstProgress();
    job.start();
    REQUIRE(finished.wait(60000));
    CHECK(progress.count() >= 1); // it was under way when it stopped
    CHECK(job.wasCancelled());
    CHECK(sourceCount(db) == 0);
    auto ws = pricing::Workspace::open(db);
    REQUIRE(ws);
    pricing::OfferQuery all;
    all.limit = 0;
    auto page = ws->queryOffers(all);
    REQUIRE(page);
    CHECK(page->rows.empty());
    std::filesystem::remove_all(dir);
}

TEST_CASE("An import job says when it builds the offer indexes", "[ui][import]")
{
    // 12,000 offers into an empty workspace: past the 10,000 after which an import that grows
    // the workspace this much builds its indexes at the end.
    const auto dir = testing::makeTempDir("gui-stages");
    const auto db = dir / "w.db";
    REQUIRE(pricing::Workspace::open(db));
    const auto book = dir / "book.csv";
    {
        std::ofstream out(book);
        out << "# cloudcost price "
               "book\nprovider,region,instance_type,vcpus,memory_gib,hourly,currency\n";
        for (int i = 0; i < 12000; ++i) {
            out << "onprem,dc-" << i % 5 << ",type-" << i << "," << 1 + i % 64 << ","
                << 4 * (1 + i % 64) << "," << 0.01 + 0.0001 * (i % 997) << ",USD\n";
        }
    }
    ui::ImportJob job(db, book);
    QSignalSpy stages(&job, &ui::ImportJob::stageChanged);
    QSignalSpy finished(&job, &ui::ImportJob::finished);
    job.start();
    REQUIRE(finished.wait(60000));
    REQUIRE(*job.result());
    CHECK((*job.result())->source.stats.offersStored == 12000);
    REQUIRE(stages.count() == 2);
    CHECK(stages[0][0].toString() == QStringLiteral("building the offer indexes"));
    CHECK(stages[1][0].toString() == QStringLiteral("writing to disk"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("The query runner answers only the latest query", "[ui][query]")
{
    const auto dir = testing::makeTempDir("gui-runner");
    const auto db = dir / "w.db";
    {
        auto ws = pricing::Workspace::open(db);
        REQUIRE(ws);
        REQUIRE(ws->importFile(testing::sharedData(kAwsSheet)));
    }
    ui::OfferQueryRunner runner;
    std::vector<pricing::OfferPage> answers;
    QObject::connect(&runner,
                     &ui::OfferQueryRunner::finished,
                     [&](const pricing::OfferPage& page, qint64) { answers.push_back(page); });
    pricing::OfferQuery everything;
    everything.limit = 0;
    pricing::OfferQuery medium = everything;
    medium.instanceRegex = "^a1\\.medium$";
    runner.submit(db, everything);
    runner.submit(db, medium);
    REQUIRE(QTest::qWaitFor([&] { return !runner.isBusy(); }, 60000));
    REQUIRE(answers.size() == 1);
    REQUIRE_FALSE(answers.front().rows.empty());
    for (const auto& r : answers.front().rows) {
        CHECK(r.offer.instanceType == "a1.medium");
    }
    CHECK_FALSE(runner.isBusy());
    std::filesystem::remove_all(dir);
}
