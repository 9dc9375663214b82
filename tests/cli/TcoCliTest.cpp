// `cloudcost tco` end to end: the examples in examples/ through cli::run on a private workspace
// (a fresh workspace loads the built-in catalog, whose AWS m5.large us-east-1 prices come from
// GetProducts_PriceListItem_m5.large_us-east-1_2021.json, published 2021-02-05).
#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;

namespace {

struct Run
{
    int rc = 0;
    std::string out;
    std::string err;
};

// One workspace for the whole file: loading the built-in catalog takes seconds.
struct TcoWorkspace
{
    std::filesystem::path dir = testing::makeTempDir("tco-cli");
    std::filesystem::path db = dir / "w.db";
    ~TcoWorkspace() { std::filesystem::remove_all(dir); }

    static TcoWorkspace& shared()
    {
        static TcoWorkspace instance;
        return instance;
    }

    Run run(std::vector<std::string> args, const std::filesystem::path& dbPath = {})
    {
        args.insert(args.begin(), {"--db", (dbPath.empty() ? db : dbPath).string()});
        std::ostringstream out;
        std::ostringstream err;
        Run r;
        r.rc = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    std::string write(const std::string& name, const json& content)
    {
        std::ofstream(dir / name, std::ios::binary) << content.dump(2);
        return (dir / name).string();
    }
};

std::filesystem::path example(const std::string& name)
{
    return std::filesystem::path(CLOUDCOST_SOURCE_DIR) / "examples" / name;
}

json exampleJson(const std::string& name)
{
    std::ifstream in(example(name));
    return json::parse(in);
}

const json& option(const json& result, const std::string& name)
{
    for (const auto& o : result["options"]) {
        if (o["name"] == name) {
            return o;
        }
    }
    FAIL("no option " << name);
    return result;
}

double head(const json& o, std::size_t year, const std::string& name)
{
    const auto& heads = o["cash_flows"].at(year)["heads"];
    return heads.contains(name) ? heads[name].get<double>() : 0.0;
}

} // namespace

TEST_CASE("The cloud versus own hardware example prices m5.large from the built-in catalog",
          "[cli][tco]")
{
    auto& ws = TcoWorkspace::shared();
    const auto r =
        ws.run({"--format", "json", "tco", example("tco-cloud-vs-onprem.json").string()});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const json j = json::parse(r.out);
    CHECK(j["format"] == "cloudcost-tco-result");
    CHECK(j["currency"] == "USD");
    CHECK(j["horizon_years"] == 5);
    CHECK(j["discount_rate"].get<double>() == Approx(0.07)); // default, Azure Migrate WACC
    CHECK(j["conventions"]["hours_per_month"].get<double>() == Approx(730));
    CHECK(j["fx_rates_used"].empty());

    const json& od = option(j, "aws-on-demand");
    // GetProducts 2021: m5.large us-east-1 Linux on-demand $0.096/h, 2 vCPU / 8 GiB, so an
    // 8 vCPU / 32 GiB workload needs 4: 20 x 4 = 80 instances x 0.096 x 8,760 h = 67,276.80.
    CHECK(od["price"]["hourly"].get<double>() == Approx(0.096));
    CHECK(od["price"]["instances_per_workload"][0] == 4);
    CHECK(head(od, 1, "compute") == Approx(67276.8));
    CHECK(head(od, 0, "migration") == Approx(20000));
    CHECK(od["break_even"].is_null()); // it is the baseline
    // Storage: 20 x 500 GB growing 20 %/yr, time weighted at $0.08/GB-month: year 1 =
    // 12 x 0.08 x 10,000 x 0.2 / ln 1.2 = 10,530.88.
    CHECK(head(od, 1, "storage") == Approx(12 * 0.08 * 10000 * 0.2 / std::log(1.2)));
    // Egress: 20 x 300 = 6,000 GB a month, 100 free, 5,900 x $0.09 = 531 a month (MODELS.md
    // §1.2 AWS table) = 6,372 a year.
    CHECK(head(od, 1, "egress") == Approx(6372));

    const json& ri = option(j, "aws-reserved-3y");
    // 3-year standard all-upfront RI: $949 per instance at t = 0 and at renewal (t = 3).
    CHECK(ri["price"]["upfront"].get<double>() == Approx(949));
    CHECK(ri["price"]["term_months"] == 36);
    CHECK(head(ri, 0, "compute") == Approx(80 * 949));
    CHECK(head(ri, 3, "compute") == Approx(80 * 949));
    CHECK(head(ri, 1, "compute") == 0);
    // Break-even utilisation u* = (949 / 26,280) / 0.096 = 0.376157 (MODELS.md §1.2).
    CHECK(ri["commitment_break_even"]["break_even_utilisation"].get<double>()
          == Approx(949.0 / 26280 / 0.096));
    CHECK(ri["break_even"]["baseline"] == "aws-on-demand");
    CHECK(ri["break_even"]["total_saving"].get<double>()
          == Approx(od["total"].get<double>() - ri["total"].get<double>()));
    CHECK(ri["break_even"]["payback_years"].get<double>() > 0);

    const json& hw = option(j, "own-hardware");
    // Power: 4 servers x (150 + 300 x 0.3) W = 0.96 kW x PUE 1.56 (default) x 8,760 h x $0.06.
    CHECK(head(hw, 1, "power") == Approx(0.96 * 1.56 * 8760 * 0.06));
    CHECK(head(hw, 0, "server_capex") == Approx(4 * 9600));
    CHECK(head(hw, 5, "salvage") == Approx(-4 * 500)); // 5-year life ends at the horizon
    CHECK(head(hw, 1, "security") == Approx(4 * 250));
    bool pueListed = false;
    for (const auto& a : hw["assumptions"]) {
        if (a["path"] == "options[2].pue") {
            pueListed = true;
            CHECK(a["value"].get<double>() == Approx(1.56));
            CHECK(a["source_tag"] == "[V]");
            CHECK(a["source"].get<std::string>().find("Uptime") != std::string::npos);
        }
    }
    CHECK(pueListed);
    CHECK(hw["npv"].get<double>() < hw["total"].get<double>());
}

TEST_CASE("The inline-prices example needs no catalog and lists its exchange rate", "[cli][tco]")
{
    auto& ws = TcoWorkspace::shared();
    const auto db = ws.dir / "never-created.db";
    const auto r =
        ws.run({"--format", "json", "tco", example("tco-inline-prices.json").string()}, db);
    INFO(r.err);
    REQUIRE(r.rc == 0);
    CHECK_FALSE(std::filesystem::exists(db));
    const json j = json::parse(r.out);
    REQUIRE(j["fx_rates_used"].size() == 1);
    CHECK(j["fx_rates_used"][0]["base"] == "USD");
    CHECK(j["fx_rates_used"][0]["quote"] == "CNY");
    CHECK(j["fx_rates_used"][0]["rate"].get<double>() == Approx(7.1));
    const json& payg = option(j, "private-cloud-pay-as-you-go");
    // (6 x 730 h + 4 x 200 h) x 12 x 1.2 CNY / 7.1 = 10,505.92 USD a year.
    CHECK(head(payg, 1, "compute") == Approx((6 * 730 + 4 * 200) * 12 * 1.2 / 7.1));
    // Windows by VM: 6 VMs x max(8 minimum, 4 vCPUs) x $387.50 = 18,600 at t = 0.
    CHECK(head(payg, 0, "licences") == Approx(18600));
    const json& hw = option(j, "own-hardware-cny");
    // By host: 2 servers x max(16 minimum, 24 cores) x $387.50 = 18,600.
    CHECK(head(hw, 0, "licences") == Approx(18600));
    // Labour: 2 servers / 20 per admin x 400,000 CNY / 7.1.
    CHECK(head(hw, 1, "labour") == Approx(0.1 * 400000 / 7.1));
}

TEST_CASE("The Monte Carlo example is reproducible by seed", "[cli][tco][mc]")
{
    auto& ws = TcoWorkspace::shared();
    const std::string file = example("tco-monte-carlo.json").string();
    const auto a = ws.run({"--format", "json", "tco", file, "--sensitivity"});
    const auto b = ws.run({"--format", "json", "tco", file});
    INFO(a.err);
    REQUIRE(a.rc == 0);
    REQUIRE(b.rc == 0);
    const json ja = json::parse(a.out);
    const json jb = json::parse(b.out);
    REQUIRE(ja["monte_carlo"].is_object());
    CHECK(ja["monte_carlo"]["trials"] == 2000); // from the scenario's monte_carlo section
    CHECK(ja["monte_carlo"]["seed"] == 42);
    CHECK(ja["monte_carlo"]["options"] == jb["monte_carlo"]["options"]);
    const auto& mc = ja["monte_carlo"]["options"][2]["npv"];
    CHECK(mc["p5"].get<double>() < mc["p50"].get<double>());
    CHECK(mc["p50"].get<double>() < mc["p95"].get<double>());
    for (const auto& p : ja["monte_carlo"]["pairs"]) {
        const double x = p["probability_npv_a_above_b"].get<double>();
        CHECK(x >= 0);
        CHECK(x <= 1);
    }
    // The tornado of the own-hardware option is sorted by swing, largest first.
    const auto& bars = ja["sensitivity"]["options"][2]["bars"];
    REQUIRE(bars.size() > 2);
    for (std::size_t i = 1; i < bars.size(); ++i) {
        CHECK(bars[i - 1]["swing"].get<double>() >= bars[i]["swing"].get<double>());
    }
    CHECK(jb["sensitivity"].is_null());

    const auto c = ws.run({"--format", "json", "tco", file, "--monte-carlo", "500", "--seed", "7"});
    REQUIRE(c.rc == 0);
    const json jc = json::parse(c.out);
    CHECK(jc["monte_carlo"]["trials"] == 500);
    CHECK(jc["monte_carlo"]["seed"] == 7);
    CHECK(jc["monte_carlo"]["options"] != ja["monte_carlo"]["options"]);
}

TEST_CASE("Bad scenarios fail with exit code 1 and name the field", "[cli][tco][error]")
{
    auto& ws = TcoWorkspace::shared();
    struct Case
    {
        void (*mutate)(json&);
        const char* expected;
        const char* why;
    };
    const Case cases[] = {
        {[](json& j) { j["options"][0]["instance_type"] = "m5.2xlargex"; },
         "options[0].instance_type: unknown instance type",
         "an unknown instance"},
        {[](json& j) { j["options"][0]["region"] = "mars-north-1"; },
         "options[0].region",
         "a region without the instance"},
        {[](json& j) { j["options"][2]["pue"] = 0.9; }, "options[2].pue", "PUE below 1"},
        {[](json& j) { j["options"][2]["life_years"] = -3; },
         "options[2].life_years",
         "a negative life"},
        {[](json& j) { j["options"][2]["currency"] = "EUR"; },
         "options[2].capex_per_server: no exchange rate from EUR to USD",
         "a missing exchange rate"},
        {[](json& j) { j["currency"] = "XXY"; }, "currency: unknown currency", "unknown currency"},
        {[](json& j) {
             j["options"][2]["utilisation"] = {{"dist", "lognormal"}, {"p10", 0.5}, {"p90", 0.2}};
         },
         "options[2].utilisation.p10",
         "a P10 above the P90"},
        {[](json& j) { j["options"][1].erase("payment_option"); },
         "different catalog prices match",
         "an ambiguous catalog price"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        json j = exampleJson("tco-cloud-vs-onprem.json");
        c.mutate(j);
        const auto r = ws.run({"tco", ws.write("bad.json", j)});
        INFO(r.err);
        CHECK(r.rc == 1);
        CHECK(r.out.empty());
        CHECK(r.err.find(c.expected) != std::string::npos);
        // The first run in a process may be preceded by the new-workspace notice.
        CHECK(r.err.find("cloudcost: error: ") != std::string::npos);
    }
    const auto missing = ws.run({"tco", (ws.dir / "no-such.json").string()});
    CHECK(missing.rc == 1);
    const auto usage = ws.run({"tco"});
    CHECK(usage.rc == 2);
}

TEST_CASE("CSV has one row per option year and cost head", "[cli][tco]")
{
    auto& ws = TcoWorkspace::shared();
    const auto r = ws.run({"--format", "csv", "tco", example("tco-inline-prices.json").string()});
    REQUIRE(r.rc == 0);
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);
    CHECK(line == "option,type,year,head,amount,currency");
    std::size_t rows = 0;
    bool sawLicences = false;
    while (std::getline(in, line)) {
        ++rows;
        sawLicences = sawLicences || line == "own-hardware-cny,own_hardware,0,licences,18600,USD";
    }
    CHECK(sawLicences);
    // 4-year horizon: 5 rows (t = 0..4) per head; every row belongs to a head.
    CHECK(rows % 5 == 0);
    CHECK(rows > 0);
}

TEST_CASE("The table names defaults with their sources and the conventions", "[cli][tco]")
{
    auto& ws = TcoWorkspace::shared();
    const auto r = ws.run({"tco", example("tco-inline-prices.json").string()});
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("== Summary (USD) ==") != std::string::npos);
    CHECK(r.out.find("[V] MODELS.md §1.3: Azure Migrate security $250 per server per year")
          != std::string::npos);
    CHECK(r.out.find("1 USD = 7.1 CNY (2026-01-15") != std::string::npos);
    CHECK(r.out.find("730 per month") != std::string::npos);
    CHECK(r.out.find("Excel NPV") != std::string::npos);
}
