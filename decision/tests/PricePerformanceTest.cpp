// Price-performance: real shared benchmark samples joined to the built-in catalog's offers.
#include "decision/PricePerformance.h"

#include "benchmark-runner/BenchImporter.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <iterator>
#include <optional>

#include "tests/support/TestData.h"

using namespace cloudcost;
using decision::PricePerformanceResult;

namespace {

struct CatalogFixture
{
    std::filesystem::path dir = testing::makeTempDir("priceperf");
    std::optional<pricing::Workspace> ws;
    CatalogFixture()
    {
        auto opened = pricing::Workspace::open(dir / "w.db");
        REQUIRE(opened);
        ws.emplace(std::move(*opened));
        auto loaded = ws->ensureBuiltinCatalog();
        REQUIRE(loaded);
    }
    ~CatalogFixture()
    {
        ws.reset();
        std::filesystem::remove_all(dir);
    }
};

// A shared sample imported as it is and tagged with where it "ran".
benchmark::BenchmarkRun importTagged(const std::string& relative,
                                     std::int64_t id,
                                     const std::string& provider,
                                     const std::string& region,
                                     const std::string& instanceType)
{
    auto run = benchmark::importBenchmarkFile(testing::sharedData("benchmarks/" + relative));
    REQUIRE(run);
    run->id = id;
    run->host.provider = provider;
    run->host.region = region;
    run->host.instanceType = instanceType;
    return *run;
}

pricing::OfferQuery awsUsEast1OnDemand()
{
    pricing::OfferQuery q;
    q.providers = {"aws"};
    q.regions = {"us-east-1"};
    q.purchaseOptions = {pricing::PurchaseOption::OnDemand};
    q.limit = 0;
    return q;
}

} // namespace

TEST_CASE("Work units follow BENCHMARKS.md section 5 per canonical unit", "[decision][priceperf]")
{
    struct Case
    {
        const char* unit;
        bool higherIsBetter;
        double scale;
        const char* label;
    };
    const Case cases[] = {
        {"ops/s", true, 1000.0, "1000 ops/s"},
        {"B/s", true, 1e6, "MB/s"},
        {"bit/s", true, 1e9, "Gbit/s"},
        {"s", false, 1e-3, "ms"},
        {"score", true, 1.0, "score"},
    };
    for (const auto& c : cases) {
        INFO(c.unit);
        const auto w = decision::workUnitFor(c.unit, c.higherIsBetter);
        CHECK(w.scale == c.scale);
        CHECK(w.label == c.label);
    }
}

TEST_CASE("Sysbench CPU results on m5.large and a1.large rank the built-in us-east-1 offers",
          "[decision][priceperf]")
{
    CatalogFixture f;
    // sysbench/README.md: 1 thread 1545.47 events/s, 2 threads 2315.56 events/s.
    const std::vector<benchmark::BenchmarkRun> runs = {
        importTagged("sysbench/sysbench_cpu_1thread.txt", 1, "aws", "us-east-1", "m5.large"),
        importTagged("sysbench/sysbench_cpu_2threads_p99.txt", 2, "aws", "us-east-1", "a1.large"),
    };
    auto res =
        decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", awsUsEast1OnDemand());
    REQUIRE(res);
    CHECK(res->unit == "ops/s");
    CHECK(res->higherIsBetter);
    CHECK(res->currency == "USD");
    CHECK(res->costLabel == "USD per hour per 1000 ops/s");

    // Built-in catalog, aws us-east-1 Linux on-demand: a1.large 0.051 USD/h in three zones,
    // m5.large 0.096 USD/h. Cost per 1000 events/s = hourly / (events/s / 1000).
    struct Expected
    {
        const char* instance;
        double hourly;
        double value;
        double cost;
    };
    const Expected expected[] = {
        {"a1.large", 0.051, 2315.56, 0.051 / 2.31556},
        {"a1.large", 0.051, 2315.56, 0.051 / 2.31556},
        {"a1.large", 0.051, 2315.56, 0.051 / 2.31556},
        {"m5.large", 0.096, 1545.47, 0.096 / 1.54547},
    };
    REQUIRE(res->rows.size() == std::size(expected));
    for (std::size_t i = 0; i < res->rows.size(); ++i) {
        const auto& r = res->rows[i];
        const auto& e = expected[i];
        INFO("rank " << i + 1 << " " << r.offer.offer.instanceType);
        CHECK(r.offer.offer.instanceType == e.instance);
        CHECK(r.hourly == Approx(e.hourly));
        CHECK(r.value == Approx(e.value));
        CHECK(r.samples == 1);
        CHECK(r.regionMatched);
        CHECK(r.costPerUnit == Approx(e.cost).epsilon(1e-9));
        CHECK(r.workPerCurrency == Approx(e.value / e.hourly));
    }
    CHECK(res->rows[0].parameters.at("threads") == "2");
    CHECK(res->rows[3].parameters.at("threads") == "1");
    CHECK(res->rows[3].runIds == std::vector<std::int64_t>{1});
    // Every other aws us-east-1 on-demand offer of the catalog has no result.
    CHECK(res->offersWithoutResults > 0);
    bool notedParameters = false;
    for (const auto& n : res->notes) {
        notedParameters = notedParameters || n.find("not comparable") != std::string::npos;
    }
    CHECK(notedParameters);

    SECTION("descending and limit apply to the ranking")
    {
        auto q = awsUsEast1OnDemand();
        q.descending = true;
        q.limit = 1;
        auto worst = decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", q);
        REQUIRE(worst);
        REQUIRE(worst->rows.size() == 1);
        CHECK(worst->rows[0].offer.offer.instanceType == "m5.large");
        CHECK(worst->rowsBeforeLimit == 4);
    }
}

TEST_CASE("A lower-is-better latency ranks by hourly price times latency", "[decision][priceperf]")
{
    CatalogFixture f;
    // sysbench_cpu_1thread.txt: latency avg 0.65 ms.
    const std::vector<benchmark::BenchmarkRun> runs = {
        importTagged("sysbench/sysbench_cpu_1thread.txt", 7, "aws", "us-east-1", "m5.large"),
    };
    auto q = awsUsEast1OnDemand();
    q.instanceTypes = {"m5.large"};
    auto res = decision::rankPricePerformance(*f.ws, runs, "cpu.event_latency.mean", q);
    REQUIRE(res);
    CHECK_FALSE(res->higherIsBetter);
    CHECK(res->costLabel == "USD per hour x ms");
    CHECK(res->rankedBy.find("lower-is-better") != std::string::npos);
    REQUIRE(res->rows.size() == 1);
    CHECK(res->rows[0].costPerUnit == Approx(0.096 * 0.65));
    CHECK(res->rows[0].workPerCurrency == Approx((1.0 / 0.65e-3) / 0.096));
    CHECK(res->offersWithoutResults == 0);
}

TEST_CASE("Runs without a region join the instance type in every region, with a note",
          "[decision][priceperf]")
{
    CatalogFixture f;
    const std::vector<benchmark::BenchmarkRun> runs = {
        importTagged("sysbench/sysbench_cpu_1thread.txt", 3, "aws", "", "a1.large"),
    };
    pricing::OfferQuery q;
    q.providers = {"aws"};
    q.regions = {"us-east-1", "eu-west-1"};
    q.purchaseOptions = {pricing::PurchaseOption::OnDemand};
    q.instanceTypes = {"a1.large"};
    q.limit = 0;
    auto res = decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", q);
    REQUIRE(res);
    // Built-in catalog: a1.large on-demand 0.051 USD/h in 3 us-east-1 zones, 0.0576 in 2 eu-west-1.
    REQUIRE(res->rows.size() == 5);
    for (const auto& r : res->rows) {
        CHECK_FALSE(r.regionMatched);
    }
    CHECK(res->rows.front().offer.offer.region == "us-east-1");
    CHECK(res->rows.back().offer.offer.region == "eu-west-1");
    CHECK(res->rows.back().costPerUnit == Approx(0.0576 / 1.54547));
    bool noted = false;
    for (const auto& n : res->notes) {
        noted = noted || n.find("no region tag") != std::string::npos;
    }
    CHECK(noted);
}

TEST_CASE("A run tagged with another region does not join", "[decision][priceperf]")
{
    CatalogFixture f;
    const std::vector<benchmark::BenchmarkRun> runs = {
        importTagged("sysbench/sysbench_cpu_1thread.txt", 3, "aws", "eu-west-1", "m5.large"),
    };
    auto res =
        decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", awsUsEast1OnDemand());
    REQUIRE(res);
    CHECK(res->rows.empty());
    CHECK(res->offersWithoutResults > 0);
}

TEST_CASE("Samples with the same parameters are one row: their median and count",
          "[decision][priceperf]")
{
    CatalogFixture f;
    // Three runs of one real file on one instance type; the values of two are changed to give a
    // median that differs from the mean (arithmetic check, not a measurement).
    std::vector<benchmark::BenchmarkRun> runs;
    const double values[] = {1545.47, 1000.0, 1700.0};
    std::int64_t id = 10;
    for (double v : values) {
        auto run =
            importTagged("sysbench/sysbench_cpu_1thread.txt", id++, "aws", "us-east-1", "m5.large");
        for (auto& s : run.samples) {
            if (s.metric == "cpu.events_per_s") {
                s.value = v;
            }
        }
        runs.push_back(run);
    }
    auto q = awsUsEast1OnDemand();
    q.instanceTypes = {"m5.large"};
    auto res = decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", q);
    REQUIRE(res);
    REQUIRE(res->rows.size() == 1);
    CHECK(res->rows[0].value == Approx(1545.47));
    CHECK(res->rows[0].samples == 3);
    CHECK(res->rows[0].runIds == std::vector<std::int64_t>{10, 11, 12});
}

TEST_CASE("Prices converted with a workspace rate keep the ranking in that currency",
          "[decision][priceperf]")
{
    CatalogFixture f;
    pricing::FxRate rate{"USD", "EUR", 0.5, "2026-11-01", "test rate"};
    REQUIRE(f.ws->setFxRate(rate));
    const std::vector<benchmark::BenchmarkRun> runs = {
        importTagged("sysbench/sysbench_cpu_1thread.txt", 1, "aws", "us-east-1", "m5.large"),
    };
    auto q = awsUsEast1OnDemand();
    q.instanceTypes = {"m5.large"};
    q.currency = "EUR";
    auto res = decision::rankPricePerformance(*f.ws, runs, "cpu.events_per_s", q);
    REQUIRE(res);
    CHECK(res->currency == "EUR");
    CHECK(res->costLabel == "EUR per hour per 1000 ops/s");
    REQUIRE(res->rows.size() == 1);
    CHECK(res->rows[0].hourly == Approx(0.048));
    CHECK(res->rows[0].costPerUnit == Approx(0.048 / 1.54547));
    REQUIRE(res->ratesUsed.size() == 1);
    CHECK(res->ratesUsed[0].source == "test rate");
}

TEST_CASE("An unknown metric lists the metrics that exist; untagged runs are an error",
          "[decision][priceperf]")
{
    CatalogFixture f;
    auto tagged =
        importTagged("sysbench/sysbench_cpu_1thread.txt", 1, "aws", "us-east-1", "m5.large");
    auto unknown =
        decision::rankPricePerformance(*f.ws, {tagged}, "cpu.nope", awsUsEast1OnDemand());
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.find("cpu.events_per_s (ops/s") != std::string::npos);

    auto untagged = tagged;
    untagged.host.provider.clear();
    untagged.host.instanceType.clear();
    auto none =
        decision::rankPricePerformance(*f.ws, {untagged}, "cpu.events_per_s", awsUsEast1OnDemand());
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("bench tag") != std::string::npos);

    const auto metrics = decision::summariseMetrics({tagged, untagged});
    bool found = false;
    for (const auto& m : metrics) {
        if (m.metric == "cpu.events_per_s") {
            found = true;
            CHECK(m.runs == 2);
            CHECK(m.taggedRuns == 1);
        }
    }
    CHECK(found);
}
