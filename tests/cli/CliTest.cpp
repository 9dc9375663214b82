#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
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

// Runs the CLI in-process against a private workspace.
struct CliFixture
{
    std::filesystem::path dir = testing::makeTempDir("cli");
    std::filesystem::path db = dir / "w.db";
    ~CliFixture() { std::filesystem::remove_all(dir); }

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
    std::string write(const std::string& name, const std::string& content)
    {
        std::ofstream(dir / name, std::ios::binary) << content;
        return (dir / name).string();
    }
};

} // namespace

TEST_CASE("compare answers across providers from the built-in catalog", "[cli][builtin]")
{
    CliFixture f;
    auto r = f.run({"--format", "json", "compare", "--vcpus", "8", "--memory-gib", "32"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    std::set<std::string> providers;
    for (const auto& o : j["offers"]) {
        providers.insert(o["provider"].get<std::string>());
        CHECK(o["vcpus"].get<double>() >= 8);
        CHECK(o["memory_gib"].get<double>() >= 32);
        CHECK(o["purchase_option"] == "on_demand");
        CHECK(o["os"] == "linux");
    }
    CHECK(providers.size() >= 3);
    CHECK(providers.count("aws"));
    CHECK(providers.count("azure"));
    CHECK(providers.count("gcp"));
}

TEST_CASE("JSON offers carry the documented snake_case fields", "[cli][json]")
{
    CliFixture f;
    auto r = f.run({"--format", "json", "offers", "--limit", "3"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    REQUIRE(j["offers"].size() == 3);
    for (const char* field : {"provider",
                              "region",
                              "zone",
                              "instance_type",
                              "vcpus",
                              "memory_gib",
                              "gpus",
                              "gpu_model",
                              "arch",
                              "os",
                              "license_model",
                              "preinstalled_software",
                              "tenancy",
                              "purchase_option",
                              "term_months",
                              "payment_option",
                              "offering_class",
                              "hourly",
                              "upfront",
                              "currency",
                              "effective_date",
                              "source",
                              "effective_hourly"}) {
        INFO(field);
        CHECK(j["offers"][0].contains(field));
    }
}

TEST_CASE("Importing a bad file exits 1 and names the file and line", "[cli][error]")
{
    CliFixture f;
    const auto bad = f.write("book.csv",
                             "provider,region,instance_type,hourly,currency\n"
                             "onprem,dc1,box,abc,USD\n");
    auto r = f.run({"import", bad});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err, Catch::Matchers::Contains("cloudcost: error: book.csv:2"));
    CHECK_THAT(r.err, Catch::Matchers::Contains("nothing was stored"));
}

TEST_CASE("Importing several files keeps the good ones when one is bad", "[cli][error]")
{
    CliFixture f;
    const std::string header = "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n";
    const auto a = f.write("a.csv", header + "onprem,dc1,box-a,4,16,0.2,USD\n");
    const auto bad = f.write("bad.csv", header + "onprem,dc1,box-b,4,16,-1,USD\n");
    const auto c = f.write("c.csv", header + "onprem,dc2,box-c,8,32,0.4,USD\n");
    auto r = f.run({"--format", "json", "import", a, bad, c});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err, Catch::Matchers::Contains("bad.csv:2"));
    CHECK_THAT(r.err, Catch::Matchers::Contains("nothing was stored from " + bad));
    const auto j = json::parse(r.out);
    REQUIRE(j.size() == 2);
    CHECK(j[0]["file"] == a);
    CHECK(j[1]["file"] == c);
    auto offers = f.run({"--format", "json", "offers", "--provider", "onprem"});
    REQUIRE(offers.rc == 0);
    const auto listed = json::parse(offers.out);
    std::set<std::string> types;
    for (const auto& o : listed["offers"]) {
        types.insert(o["instance_type"].get<std::string>());
    }
    CHECK(types == std::set<std::string>{"box-a", "box-c"});
}

TEST_CASE("Usage errors exit 2", "[cli][error]")
{
    CliFixture f;
    CHECK(f.run({"offers", "--sort", "nonsense"}).rc == 2);
    CHECK(f.run({}).rc == 2);
    CHECK(f.run({"import"}).rc == 2);
}

TEST_CASE("A missing exchange rate is an error and never 1.0", "[cli][fx]")
{
    CliFixture f;
    const auto book = f.write("cny.csv",
                              "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n"
                              "tencent,ap-guangzhou,S5.LARGE8,4,8,0.5,CNY\n");
    REQUIRE(f.run({"import", book}).rc == 0);
    auto r = f.run({"offers", "--provider", "tencent", "--currency", "USD"});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err, Catch::Matchers::Contains("no exchange rate from CNY to USD"));
    REQUIRE(f.run({"fx", "set", "USD", "CNY", "7.2", "--date", "2026-11-02", "--source", "t"}).rc
            == 0);
    r = f.run({"--format", "json", "offers", "--provider", "tencent", "--currency", "USD"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["offers"][0]["hourly"].get<double>() == Approx(0.5 / 7.2));
    CHECK(j["offers"][0]["native_currency"] == "CNY");
    CHECK(j["fx_rates_used"][0]["date"] == "2026-11-02");
}

TEST_CASE("CSV output neutralises formula-like text", "[cli][csv]")
{
    CliFixture f;
    const auto book = f.write("evil.csv",
                              "provider,region,instance_type,hourly,currency\n"
                              "onprem,dc1,=HYPERLINK(1),0.5,USD\n");
    REQUIRE(f.run({"import", book}).rc == 0);
    auto r = f.run({"--format", "csv", "offers", "--provider", "onprem"});
    REQUIRE(r.rc == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("'=HYPERLINK(1)"));
}

TEST_CASE("sources lists the built-in catalog with dates", "[cli][sources]")
{
    CliFixture f;
    auto r = f.run({"--format", "json", "sources"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    REQUIRE(j.size() > 0);
    for (const auto& s : j) {
        CHECK(s["builtin"] == true);
        CHECK(s["sha256"].get<std::string>().size() == 64);
    }
}
