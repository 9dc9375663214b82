#include "app/cli/Cli.h"
#include "pricing/models/SpotModels.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
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

// Runs `cloudcost spot` in-process against a private workspace holding real spot samples.
struct SpotFixture
{
    std::filesystem::path dir = testing::makeTempDir("spot-cli");
    std::filesystem::path db = dir / "w.db";
    ~SpotFixture() { std::filesystem::remove_all(dir); }

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
    void import(const std::vector<std::string>& samples)
    {
        std::vector<std::string> args = {"import"};
        for (const auto& s : samples) {
            args.push_back(testing::sharedData(s).string());
        }
        auto r = run(args);
        INFO(r.err);
        REQUIRE(r.rc == 0);
    }
};

const char* const kAwsHistory =
    "aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json";
const char* const kAwsAdvisor = "aws/spot-advisor/spot-advisor-data_2025-06.json";

} // namespace

TEST_CASE("spot reports per-zone statistics and the advisor bucket as JSON", "[cli][spot]")
{
    SpotFixture f;
    f.import({kAwsHistory, kAwsAdvisor});
    auto r = f.run({"--format", "json", "spot", "m5.large", "--region", "us-east-1"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const json j = json::parse(r.out);
    CHECK(j["provider"] == "aws");
    CHECK(j["currency"] == "USD");
    REQUIRE(j["zones"].size() == 5);
    // us-east-1b over 2021-01-08T19:35:54Z .. 2021-02-09T01:40:10Z (values from the file, see
    // pricing/models/tests/SpotModelsTest.cpp).
    const auto& b = j["zones"][1];
    CHECK(b["zone"] == "us-east-1b");
    CHECK(b["from"] == "2021-01-08T19:35:54Z");
    CHECK(b["to"] == "2021-02-09T01:40:10Z");
    CHECK(b["mean_hourly"].get<double>() == Approx(0.037992514710).epsilon(1e-10));
    CHECK(b["p95_hourly"].get<double>() == Approx(0.0387));
    const auto& i = j["interruption"];
    CHECK(i["bucket"] == "15-20%");
    CHECK(i["point"] == "upper");
    CHECK(i["window_hours"] == 730);
    CHECK(i["mtbf_hours"].get<double>() == Approx(730 / -std::log(0.8)).epsilon(1e-12));
    CHECK(i["conversion"].get<std::string>().find("-ln(1 - 0.2) / 730 h") != std::string::npos);
    CHECK(j["spot_price_for_job"]["basis"].get<std::string>().find("us-east-1b")
          != std::string::npos);
    CHECK(j["job"].is_null());
}

TEST_CASE("spot estimates a checkpointed job and repeats its Monte Carlo exactly", "[cli][spot]")
{
    SpotFixture f;
    f.import({kAwsHistory, kAwsAdvisor});
    const std::vector<std::string> args = {"--format",
                                           "json",
                                           "spot",
                                           "m5.large",
                                           "--region",
                                           "us-east-1",
                                           "--job-hours",
                                           "100",
                                           "--checkpoint-minutes",
                                           "5",
                                           "--restart-minutes",
                                           "10",
                                           "--on-demand-hourly",
                                           "0.096",
                                           "--monte-carlo",
                                           "2000",
                                           "--seed",
                                           "9"};
    auto r = f.run(args);
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const json j = json::parse(r.out);
    const auto& job = j["job"];
    // A 5-minute checkpoint does not fit in AWS's 120 s notice: periodic checkpoints (Daly).
    CHECK(job["strategy"] == "periodic");
    CHECK(job["notice_seconds"] == 120);
    const double m = 730 / -std::log(0.8);
    const double tau = pricing::dalyIntervalHours(5.0 / 60, m);
    CHECK(job["interval_minutes"].get<double>() == Approx(tau * 60).epsilon(1e-12));
    CHECK(
        job["expected_wall_hours"].get<double>()
        == Approx(pricing::dalyExpectedWallHours(100, tau, 5.0 / 60, 10.0 / 60, m)).epsilon(1e-12));
    CHECK(job["on_demand_cost"].get<double>() == Approx(9.6));
    CHECK(job["cheaper"] == "spot");
    CHECK(j["monte_carlo"]["trials"] == 2000);
    CHECK(j["monte_carlo"]["seed"] == 9);
    auto again = f.run(args);
    REQUIRE(again.rc == 0);
    CHECK(again.out == r.out);
}

TEST_CASE("spot shows the bucket conversion in the table and CSV", "[cli][spot]")
{
    SpotFixture f;
    f.import({kAwsHistory, kAwsAdvisor});
    auto table = f.run({"spot", "m5.large", "--region", "us-east-1", "--checkpoint-minutes", "5"});
    INFO(table.err);
    REQUIRE(table.rc == 0);
    CHECK(table.out.find("lambda = -ln(1 - 0.2) / 730 h") != std::string::npos);
    CHECK(table.out.find("Daly 2006") != std::string::npos);
    CHECK(table.out.find("us-east-1f") != std::string::npos);
    auto csv = f.run({"--format", "csv", "spot", "m5.large", "--region", "us-east-1"});
    REQUIRE(csv.rc == 0);
    CHECK(csv.out.rfind("section,zone,field,value,unit,source\n", 0) == 0);
    CHECK(csv.out.find("price_stats,us-east-1d,mean_hourly,0.04278724459") != std::string::npos);
    CHECK(csv.out.find("interruption,,mtbf_hours,3271.") != std::string::npos);
}

TEST_CASE("spot without spot data names the imports that would add it", "[cli][spot][error]")
{
    SpotFixture f;
    f.import({kAwsHistory});
    // The built-in catalog carries the AWS advisor feed for some regions, not for cn-north-1.
    auto r = f.run({"spot", "m5.large", "--region", "cn-north-1"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("no spot data for m5.large in cn-north-1") != std::string::npos);
    CHECK(r.err.find("aws-spot-price-history") != std::string::npos);
    CHECK(r.err.find("it has m5.large in: aws ") != std::string::npos); // what it holds
}

TEST_CASE("spot refuses a job without checkpoint and restart times", "[cli][spot][error]")
{
    SpotFixture f;
    f.import({kAwsHistory, kAwsAdvisor});
    auto r = f.run({"spot", "m5.large", "--region", "us-east-1", "--job-hours", "10"});
    CHECK(r.rc == 1);
    CHECK(r.err.find("--checkpoint-minutes") != std::string::npos);
    auto nan = f.run({"spot", "m5.large", "--region", "us-east-1", "--interruption-pct", "150"});
    CHECK(nan.rc == 1);
    CHECK(nan.err.find("--interruption-pct") != std::string::npos);
    auto gcpOnly = f.run({"spot",
                          "m5.large",
                          "--region",
                          "us-east-1",
                          "--job-hours",
                          "10",
                          "--checkpoint-minutes",
                          "5",
                          "--restart-minutes",
                          "5",
                          "--preemptible"});
    CHECK(gcpOnly.rc == 1);
    CHECK(gcpOnly.err.find("--preemptible") != std::string::npos);
}

TEST_CASE("spot uses Alibaba's pay-as-you-go price and measured rate", "[cli][spot]")
{
    SpotFixture f;
    f.import({"alibaba/ecs_DescribeSpotPriceHistory_response_doc-example_en.json"});
    auto r = f.run({"--format", "json", "spot", "ecs.g5.large", "--region", "cn-hangzhou"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const json j = json::parse(r.out);
    CHECK(j["currency"] == "CNY");
    CHECK(j["on_demand"]["hourly"].get<double>() == Approx(0.354));
    // 1 - 0.036 / 0.354 = 89.83 %.
    CHECK(j["zones"][0]["saving_vs_on_demand_pct"].get<double>()
          == Approx(100 * (1 - 0.036 / 0.354)).epsilon(1e-12));
    CHECK(j["interruption"].is_null());
}

TEST_CASE("spot uses Alibaba's measured rate and says when it is zero", "[cli][spot]")
{
    SpotFixture f;
    f.import({"alibaba/ecs_DescribeSpotAdvice_response_doc-example_en.json"});
    auto r = f.run({"--format", "json", "spot", "ecs.c5.large", "--region", "cn-hangzhou"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const json j = json::parse(r.out);
    // DescribeSpotAdvice sample: InterruptionRate "0", InterruptRateDesc "0-3%", zone
    // cn-hangzhou-i; no price history, so no zone statistics.
    CHECK(j["zones"].empty());
    const auto& i = j["interruption"];
    CHECK(i["basis"] == "rate");
    CHECK(i["zone"] == "cn-hangzhou-i");
    CHECK(i["bucket"] == "0-3%");
    CHECK(i["window_hours"] == 720);
    CHECK(i["mtbf_hours"].is_null()); // infinite
    CHECK(i["sensitivity"]["high_probability"].get<double>() == Approx(0.03));
    bool zeroNote = false;
    for (const auto& n : j["notes"]) {
        zeroNote = zeroNote || n.get<std::string>().find("0 % interruptions") != std::string::npos;
    }
    CHECK(zeroNote);
}
