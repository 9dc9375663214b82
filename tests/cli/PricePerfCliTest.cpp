// `cloudcost offers --sort perf-per-dollar --metric NAME` and `cloudcost bench overhead`, end to
// end on real shared samples and the built-in catalog.
#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;

namespace {

struct CliRun
{
    int rc = 0;
    std::string out;
    std::string err;
};

struct PricePerfFixture
{
    std::filesystem::path dir = testing::makeTempDir("priceperfcli");
    std::filesystem::path db = dir / "w.db";
    ~PricePerfFixture() { std::filesystem::remove_all(dir); }

    CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--db", db.string()});
        std::ostringstream out;
        std::ostringstream err;
        CliRun r;
        r.rc = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    void import(const std::string& relative, const std::string& tag)
    {
        auto r = run({"bench",
                      "import",
                      testing::sharedData("benchmarks/" + relative).string(),
                      "--tag",
                      tag});
        INFO(r.err);
        REQUIRE(r.rc == 0);
    }
};

const std::vector<std::string> kRankArgs = {"offers",
                                            "--sort",
                                            "perf-per-dollar",
                                            "--metric",
                                            "cpu.events_per_s",
                                            "--provider",
                                            "aws",
                                            "--region",
                                            "us-east-1",
                                            "--purchase-option",
                                            "on_demand"};

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& more)
{
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

} // namespace

TEST_CASE("offers --sort perf-per-dollar ranks the offers that have sysbench results",
          "[cli][priceperf]")
{
    PricePerfFixture f;
    // sysbench/README.md: 1545.47 events/s (1 thread), 2315.56 events/s (2 threads).
    f.import("sysbench/sysbench_cpu_1thread.txt",
             "provider=aws,region=us-east-1,instance=m5.large");
    f.import("sysbench/sysbench_cpu_2threads_p99.txt",
             "provider=aws,region=us-east-1,instance=a1.large");

    auto r = f.run(with({"--format", "json"}, kRankArgs));
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["metric"] == "cpu.events_per_s");
    CHECK(j["unit"] == "ops/s");
    CHECK(j["cost_unit"] == "USD per hour per 1000 ops/s");
    // Built-in catalog, aws us-east-1 Linux on-demand: a1.large 0.051 USD/h (three zones),
    // m5.large 0.096 USD/h. Hand-computed: 0.051 / 2.31556 = 0.022025, 0.096 / 1.54547 = 0.062117.
    const auto& offers = j["offers"];
    REQUIRE(offers.size() == 4);
    for (int i = 0; i < 3; ++i) {
        CHECK(offers[i]["instance_type"] == "a1.large");
        CHECK(offers[i]["rank"] == i + 1);
        CHECK(offers[i]["metric_value"].get<double>() == Approx(2315.56));
        CHECK(offers[i]["effective_hourly"].get<double>() == Approx(0.051));
        CHECK(offers[i]["cost_per_unit"].get<double>() == Approx(0.022025).epsilon(1e-4));
        CHECK(offers[i]["samples"] == 1);
        CHECK(offers[i]["parameters"]["threads"] == "2");
    }
    CHECK(offers[3]["instance_type"] == "m5.large");
    CHECK(offers[3]["metric_value"].get<double>() == Approx(1545.47));
    CHECK(offers[3]["cost_per_unit"].get<double>() == Approx(0.062117).epsilon(1e-4));
    CHECK(offers[3]["work_per_currency"].get<double>() == Approx(1545.47 / 0.096));
    CHECK(j["offers_without_results"].get<int>() > 0);

    SECTION("the table shows value, unit, samples and cost per unit")
    {
        auto t = f.run(with(kRankArgs, {"--limit", "2"}));
        REQUIRE(t.rc == 0);
        CHECK(t.out.find("cost/unit") != std::string::npos);
        CHECK(t.out.find("samples") != std::string::npos);
        CHECK(t.out.find("0.0220249") != std::string::npos); // %.6g of 0.051 / 2.31556
        CHECK(t.out.find("2 offer(s) ranked (of 4) by cpu.events_per_s") != std::string::npos);
        CHECK(t.out.find("USD per hour per 1000 ops/s") != std::string::npos);
        CHECK(t.err.find("not comparable") != std::string::npos); // 1 vs 2 threads
    }
    SECTION("csv has one row per ranked offer")
    {
        auto c = f.run(with({"--format", "csv"}, kRankArgs));
        REQUIRE(c.rc == 0);
        CHECK(c.out.rfind("rank,provider,region,zone,instance_type", 0) == 0);
        CHECK(c.out.find("cost_per_unit") != std::string::npos);
        std::size_t lines = 0;
        for (char ch : c.out) {
            lines += ch == '\n' ? 1 : 0;
        }
        CHECK(lines == 5);
    }
    SECTION("other filters still apply")
    {
        auto only =
            f.run(with({"--format", "json"}, with(kRankArgs, {"--instance-type", "m5.large"})));
        REQUIRE(only.rc == 0);
        const auto o = json::parse(only.out);
        REQUIRE(o["offers"].size() == 1);
        CHECK(o["offers"][0]["instance_type"] == "m5.large");
        CHECK(o["offers_without_results"] == 0);
    }
}

TEST_CASE("offers --sort perf-per-dollar and --metric need each other", "[cli][priceperf]")
{
    PricePerfFixture f;
    auto noMetric = f.run({"offers", "--sort", "perf-per-dollar"});
    CHECK(noMetric.rc == 2);
    CHECK(noMetric.err.find("needs --metric") != std::string::npos);
    auto noSort = f.run({"offers", "--metric", "cpu.events_per_s"});
    CHECK(noSort.rc == 2);
    CHECK(noSort.err.find("only used with --sort perf-per-dollar") != std::string::npos);
}

TEST_CASE("An unknown metric lists the metrics that exist", "[cli][priceperf]")
{
    PricePerfFixture f;
    f.import("sysbench/sysbench_cpu_1thread.txt",
             "provider=aws,region=us-east-1,instance=m5.large");
    auto r = f.run({"offers", "--sort", "perf-per-dollar", "--metric", "cpu.no_such_metric"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("no benchmark result has the metric 'cpu.no_such_metric'")
          != std::string::npos);
    CHECK(r.err.find("cpu.events_per_s (ops/s") != std::string::npos);
}

TEST_CASE("bench overhead shows the published defaults with sources when nothing is measured",
          "[cli][priceperf]")
{
    PricePerfFixture f;
    // Same instance family but 1 vs 2 threads: no comparable pair.
    f.import("sysbench/sysbench_cpu_1thread.txt",
             "provider=aws,region=us-east-1,instance=a1.metal");
    f.import("sysbench/sysbench_cpu_2threads_p99.txt",
             "provider=aws,region=us-east-1,instance=a1.large");
    auto t = f.run({"bench", "overhead"});
    INFO(t.err);
    REQUIRE(t.rc == 0);
    CHECK(t.out.find("measured overhead: none") != std::string::npos);
    CHECK(t.out.find("0.98 (0.95–0.999)") != std::string::npos);
    CHECK(t.out.find("Felter et al.") != std::string::npos);

    auto j = f.run({"--format", "json", "bench", "overhead", "--metric", "cpu.events_per_s"});
    REQUIRE(j.rc == 0);
    const auto doc = json::parse(j.out);
    CHECK(doc["measured"].empty());
    REQUIRE(doc["published_defaults"].size() == 1);
    CHECK(doc["published_defaults"][0]["resource"] == "cpu_throughput");
    CHECK(doc["published_defaults"][0]["cells"][1]["central"].get<double>() == Approx(0.98));

    auto unknown = f.run({"bench", "overhead", "--metric", "nope"});
    CHECK(unknown.rc == 1);
    CHECK(unknown.err.find("cpu.events_per_s") != std::string::npos);
}
