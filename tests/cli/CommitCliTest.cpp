#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;

namespace {

struct CommitRun
{
    int rc = 0;
    std::string out;
    std::string err;
};

// Runs the CLI in-process against a private workspace (the built-in catalog loads on first use).
struct CommitFixture
{
    std::filesystem::path dir = testing::makeTempDir("commit-cli");
    std::filesystem::path db = dir / "w.db";
    ~CommitFixture() { std::filesystem::remove_all(dir); }

    CommitRun run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--db", db.string()});
        std::ostringstream out;
        std::ostringstream err;
        CommitRun r;
        r.rc = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }
};

const json* findCommitment(const json& list, int termMonths, const char* payment, const char* cls)
{
    for (const auto& c : list) {
        if (c["term_months"] == termMonths && c["payment_option"] == payment
            && c["offering_class"] == cls) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("commit gives the break-even of the real m5.large reserved offers", "[cli][commit]")
{
    // aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json, in the
    // built-in catalog: on-demand $0.096/h, 12 reserved offers.
    CommitFixture f;
    auto r = f.run({"--format",
                    "json",
                    "commit",
                    "--provider",
                    "aws",
                    "--region",
                    "us-east-1",
                    "--instance-type",
                    "m5.large"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["on_demand"]["hourly"].get<double>() == Approx(0.096));
    CHECK(j["utilisation"].get<double>() == 1.0);
    CHECK(j["hours_per_month"].get<double>() == Approx(730.0));
    REQUIRE(j["commitments"].size() == 12);
    for (const auto& c : j["commitments"]) {
        for (const char* field : {"purchase_option",
                                  "offering_class",
                                  "term_months",
                                  "term_hours",
                                  "payment_option",
                                  "currency",
                                  "upfront",
                                  "hourly",
                                  "effective_hourly",
                                  "on_demand_hourly",
                                  "saving_pct",
                                  "term_cost",
                                  "break_even_utilisation",
                                  "break_even_usage_hours",
                                  "break_even_month",
                                  "upfront_recovery_hours",
                                  "upfront_recovery_month",
                                  "net_saving",
                                  "sku",
                                  "source",
                                  "on_demand_source"}) {
            INFO(field);
            CHECK(c.contains(field));
        }
        CHECK(c["break_even_utilisation"].get<double>() <= 1.0);
    }
    const auto* allUpfront = findCommitment(j["commitments"], 12, "all_upfront", "standard");
    REQUIRE(allUpfront);
    // [D] 494 / 8760 = 0.056393 $/h; 1 - 0.056393 / 0.096 = 41.26 %; at full use the term's
    // on-demand spend 840.96 against 494.
    CHECK((*allUpfront)["effective_hourly"].get<double>() == Approx(494.0 / 8760.0));
    CHECK((*allUpfront)["saving_pct"].get<double>() == Approx(41.26).margin(0.005));
    CHECK((*allUpfront)["net_saving"].get<double>() == Approx(0.096 * 8760 - 494));
    CHECK((*allUpfront)["break_even_month"].get<double>() == Approx(494 / (0.096 * 730)));
    bool conventionsSourced = true;
    for (const auto& c : j["conventions"]) {
        conventionsSourced = conventionsSourced && !c["source"].get<std::string>().empty();
    }
    CHECK(conventionsSourced);
}

TEST_CASE("commit at a lower utilisation shows losses and no break-even month", "[cli][commit]")
{
    CommitFixture f;
    auto r = f.run({"--format",
                    "json",
                    "commit",
                    "--provider",
                    "aws",
                    "--region",
                    "us-east-1",
                    "--instance-type",
                    "m5.large",
                    "--utilisation",
                    "0.5"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    const auto* noUpfront = findCommitment(j["commitments"], 12, "no_upfront", "standard");
    REQUIRE(noUpfront);
    // [D] $0.06/h for 8760 h = 525.60 against 0.096 x 0.5 x 8760 = 420.48 on-demand.
    CHECK((*noUpfront)["net_saving"].get<double>() == Approx(420.48 - 525.6));
    CHECK((*noUpfront)["break_even_utilisation"].get<double>() == Approx(0.625));
    CHECK((*noUpfront)["break_even_month"].is_null());
}

TEST_CASE("commit prints a table with its conventions and their sources", "[cli][commit]")
{
    CommitFixture f;
    auto r = f.run(
        {"commit", "--provider", "aws", "--region", "us-east-1", "--instance-type", "m5.large"});
    REQUIRE(r.rc == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("on-demand 0.0960 USD/h"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("reserved/standard"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("41.3%"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("8760 h a year (MODELS.md §0"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("730 h a month (MODELS.md §0"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("GetProducts_PriceListItem_m5.large"));

    auto csv = f.run({"--format",
                      "csv",
                      "commit",
                      "--provider",
                      "aws",
                      "--region",
                      "us-east-1",
                      "--instance-type",
                      "m5.large"});
    REQUIRE(csv.rc == 0);
    CHECK(csv.out.rfind("purchase_option,offering_class,term_months,payment_option,currency", 0)
          == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 13);
}

TEST_CASE("commit reads Azure reservations stored as whole-term upfront prices", "[cli][commit]")
{
    // Azure retail prices (built-in catalog): Standard_E2s_v4 westus3 pay-as-you-go $0.126/h,
    // 1-year reservation $649, 3-year $1,245 for the whole term.
    CommitFixture f;
    auto r = f.run({"--format",
                    "json",
                    "commit",
                    "--provider",
                    "azure",
                    "--region",
                    "westus3",
                    "--instance-type",
                    "Standard_E2s_v4"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["on_demand"]["hourly"].get<double>() == Approx(0.126));
    REQUIRE(j["commitments"].size() == 2);
    for (const auto& c : j["commitments"]) {
        const double years = c["term_months"].get<double>() / 12.0;
        const double upfront = years == 1 ? 649.0 : 1245.0;
        CHECK(c["upfront"].get<double>() == Approx(upfront));
        CHECK(c["effective_hourly"].get<double>() == Approx(upfront / (8760.0 * years)));
    }
}

TEST_CASE("commit says so when the catalog has no commitments for the instance", "[cli][commit]")
{
    CommitFixture f;
    auto r = f.run({"commit",
                    "--provider",
                    "gcp",
                    "--region",
                    "us-central1",
                    "--instance-type",
                    "n2-standard-8"});
    CHECK(r.rc == 0);
    CHECK_THAT(r.out,
               Catch::Matchers::Contains("no reserved, savings plan or committed-use offers"));
    auto j = f.run({"--format",
                    "json",
                    "commit",
                    "--provider",
                    "gcp",
                    "--region",
                    "us-central1",
                    "--instance-type",
                    "n2-standard-8"});
    REQUIRE(j.rc == 0);
    const auto doc = json::parse(j.out);
    CHECK(doc["commitments"].empty());
    CHECK_FALSE(doc["notes"].empty());
}

TEST_CASE("commit rejects bad input with the option named", "[cli][commit][error]")
{
    CommitFixture f;
    auto unknown = f.run(
        {"commit", "--provider", "aws", "--region", "us-east-1", "--instance-type", "zz9.huge"});
    CHECK(unknown.rc == 1);
    CHECK_THAT(unknown.err, Catch::Matchers::Contains("no offers"));
    auto badUse = f.run({"commit",
                         "--provider",
                         "aws",
                         "--region",
                         "us-east-1",
                         "--instance-type",
                         "m5.large",
                         "--utilisation",
                         "1.5"});
    CHECK(badUse.rc == 1);
    CHECK_THAT(badUse.err, Catch::Matchers::Contains("--utilisation"));
    auto badMonth = f.run({"commit",
                           "--provider",
                           "aws",
                           "--region",
                           "us-east-1",
                           "--instance-type",
                           "m5.large",
                           "--hours-per-month",
                           "-1"});
    CHECK(badMonth.rc == 1);
    CHECK_THAT(badMonth.err, Catch::Matchers::Contains("--hours-per-month"));
    auto missing = f.run({"commit", "--region", "us-east-1", "--instance-type", "m5.large"});
    CHECK(missing.rc == 2);
}
