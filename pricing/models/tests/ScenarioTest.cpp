#include "pricing/models/Scenario.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

using namespace cloudcost;
using namespace cloudcost::pricing;
using json = nlohmann::json;

namespace {

// A small valid scenario: one workload, one inline cloud option, one own-hardware option.
json baseScenario()
{
    return json::parse(R"({
      "format": "cloudcost-scenario",
      "version": 1,
      "name": "test",
      "currency": "USD",
      "horizon_years": 3,
      "workloads": [{"name": "w", "count": 2, "vcpus": 4, "memory_gib": 16,
                     "storage_gb": 0, "egress_gb_per_month": 0}],
      "options": [
        {"name": "hw", "type": "own_hardware", "servers": 2, "cores_per_server": 16,
         "capex_per_server": 10000, "hardware_maintenance_share": 0.05,
         "power_idle_w": 100, "power_max_w": 300, "utilisation": 0.5,
         "electricity_per_kwh": 0.1, "admins": 0.5, "loaded_salary_per_year": 100000},
        {"name": "cloud", "type": "cloud", "purchase_option": "on_demand",
         "price": {"hourly": 0.2, "vcpus": 4, "memory_gib": 16, "source": "test"}}
      ]
    })");
}

Error parseError(const json& j)
{
    auto s = parseScenario(j.dump(), "s.json");
    REQUIRE_FALSE(s.hasValue());
    INFO(s.error().describe());
    return s.error();
}

const ScenarioParameter* findParameter(const Scenario& s, const std::string& path)
{
    for (const auto& p : s.parameters) {
        if (p.path == path) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("A valid scenario parses with its defaults and their sources", "[models][scenario]")
{
    auto s = parseScenario(baseScenario().dump(), "s.json");
    REQUIRE(s.hasValue());
    CHECK(s->horizonYears == 3);
    CHECK(s->hoursPerMonth == Approx(730));
    REQUIRE(s->options.size() == 2);
    CHECK(s->options[0].own.lifeYears == 4); // Azure Migrate default, MODELS.md §1.3
    const auto* pue = findParameter(*s, "options[0].pue");
    REQUIRE(pue != nullptr);
    CHECK(pue->isDefault);
    CHECK(pue->distribution.mean() == Approx(1.56)); // Uptime 2024, MODELS.md §1.3
    CHECK(pue->sourceTag == "[V]");
    CHECK(pue->sourceReference.find("Uptime") != std::string::npos);
    const auto* security = findParameter(*s, "options[0].security_per_server_year");
    REQUIRE(security != nullptr);
    CHECK(security->distribution.mean() == Approx(250)); // Azure Migrate, MODELS.md §1.3
    CHECK(security->currency == "USD");
    const auto* rate = findParameter(*s, "discount_rate");
    REQUIRE(rate != nullptr);
    CHECK(rate->distribution.mean() == Approx(0.07)); // Azure Migrate WACC, MODELS.md §1.3
    CHECK(rate->isDefault);
    const auto* pueGiven = findParameter(*s, "options[0].capex_per_server");
    REQUIRE(pueGiven != nullptr);
    CHECK_FALSE(pueGiven->isDefault);
    CHECK(pueGiven->sourceReference == "scenario");
}

TEST_CASE("Validation errors name the JSON path of the offending field", "[models][scenario]")
{
    using Mutation = void (*)(json&);
    struct Case
    {
        Mutation mutate;
        const char* path;
        const char* messagePart;
        const char* why;
    };
    const Case cases[] = {
        {[](json& j) { j["options"][0]["life_years"] = -1; },
         "options[0].life_years",
         "outside 1..50",
         "negative life"},
        {[](json& j) { j["options"][0]["pue"] = 0.9; },
         "options[0].pue",
         "at least 1",
         "PUE below 1"},
        {[](json& j) {
             j["options"][0]["electricity_per_kwh"] = {{"dist", "lognormal"},
                                                       {"p10", 0.2},
                                                       {"p90", 0.1}};
         },
         "options[0].electricity_per_kwh.p10",
         "",
         "a P10 above the P90"},
        {[](json& j) { j["options"][0]["utilisation"] = 1.5; },
         "options[0].utilisation",
         "at most 1",
         "a probability above 1"},
        {[](json& j) { j["options"][0]["unused_capacity_share"] = -0.1; },
         "options[0].unused_capacity_share",
         "at least 0",
         "a negative share"},
        {[](json& j) { j["currency"] = "XYZ"; },
         "currency",
         "unknown currency",
         "unknown currency"},
        {[](json& j) { j["options"][1]["currency"] = "ABC"; },
         "options[1].currency",
         "unknown currency",
         "unknown option currency"},
        {[](json& j) { j["workloads"][0]["cpus"] = 4; },
         "workloads[0].cpus",
         "unknown key",
         "unknown key in a workload"},
        {[](json& j) { j["options"][0]["pue_typo"] = 1.2; },
         "options[0].pue_typo",
         "unknown key",
         "unknown key in an option"},
        {[](json& j) { j["horizon_years"] = "5"; }, "horizon_years", "a string", "wrong type"},
        {[](json& j) { j["options"][0]["pue"] = "1.5"; },
         "options[0].pue",
         "got a string",
         "a number as a string"},
        {[](json& j) {
             j["options"][0]["pue"] = {{"dist", "normal"}, {"mean", 1.2}, {"sd", 0.2}};
         },
         "options[0].pue",
         "bounded distribution",
         "a normal PUE that dips below 1"},
        {[](json& j) { j["options"][0]["capex_per_server"] = -5; },
         "options[0].capex_per_server",
         "at least 0",
         "negative capex"},
        {[](json& j) { j["options"][0].erase("electricity_per_kwh"); },
         "options[0].electricity_per_kwh",
         "required",
         "no default for electricity"},
        {[](json& j) { j["options"][0].erase("admins"); },
         "options[0].admins",
         "servers-per-admin",
         "no published admin ratio"},
        {[](json& j) { j["options"][0]["power_idle_w"] = 400; },
         "options[0].power_idle_w",
         "above power_max_w",
         "idle above max"},
        {[](json& j) { j["version"] = 2; }, "version", "unsupported version", "future version"},
        {[](json& j) { j["format"] = "other"; }, "format", "cloudcost-scenario", "wrong format"},
        {[](json& j) { j["options"][1]["name"] = "hw"; },
         "options[1].name",
         "duplicate",
         "duplicate option names"},
        {[](json& j) { j["options"][1]["purchase_option"] = "cheap"; },
         "options[1].purchase_option",
         "not one of",
         "unknown purchase option"},
        {[](json& j) {
             j["workloads"][0]["storage_gb"] = 100;
             j["options"][0]["storage_capex_per_gb"] = 0.3;
         },
         "options[1].storage_tiers",
         "no cloud storage price",
         "storage needs a price table"},
        {[](json& j) { j["workloads"][0]["storage_gb"] = 100; },
         "options[0].storage_capex_per_gb",
         "required",
         "own hardware needs a storage price"},
        {[](json& j) { j["workloads"][0]["egress_gb_per_month"] = 10; },
         "options[1].egress_tiers",
         "AWS only",
         "egress needs a price table off AWS"},
        {[](json& j) { j["workloads"][0]["count"] = 2.5; },
         "workloads[0].count",
         "not a whole number",
         "fractional count"},
        {[](json& j) { j["workloads"][0]["hours_per_month"] = 800; },
         "workloads[0].hours_per_month",
         "at most 730",
         "more hours than the month has"},
        {[](json& j) {
             j["fx_rates"] = json::array({{{"base", "USD"}, {"quote", "EUR"}}});
         },
         "fx_rates[0].rate",
         "required",
         "a rate without a value"},
        {[](json& j) {
             j["options"][1]["storage_tiers"] = {
                 {"tiers", {{{"up_to_gb", 100}, {"price_per_gb", 1}}, {{"price_per_gb", 1}}}}};
             j["options"][1]["storage_tiers"]["tiers"][1]["up_to_gb"] = 50;
         },
         "options[1].storage_tiers.tiers[1].up_to_gb",
         "unbounded",
         "a bounded last tier"},
        {[](json& j) {
             j["workloads"][0]["licenses"] = {{{"name", "win"}, {"annual_per_core", 10}}};
         },
         "workloads[0].licenses[0].min_cores_per_server",
         "required",
         "host licensing needs the per-server minimum"},
        {[](json& j) { j["baseline"] = "nope"; }, "baseline", "no option", "unknown baseline"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        json j = baseScenario();
        c.mutate(j);
        const Error e = parseError(j);
        CHECK(e.context == std::string("s.json: ") + c.path);
        CHECK(e.message.find(c.messagePart) != std::string::npos);
        CHECK(e.code == Error::Code::InvalidInput);
    }
}

TEST_CASE("Broken JSON is a parse error with its byte offset", "[models][scenario]")
{
    const auto [text, why] = GENERATE(table<std::string, const char*>({
        {"", "empty file"},
        {"{", "truncated object"},
        {std::string("{\"format\": 1") + '\0' + "}", "a NUL byte"},
        {"[1, 2]", "not an object"},
    }));
    INFO(why);
    auto s = parseScenario(text, "bad.json");
    REQUIRE_FALSE(s.hasValue());
    CHECK(s.error().context.rfind("bad.json", 0) == 0);
}

TEST_CASE("Any numeric input may be a distribution and keeps it", "[models][scenario]")
{
    json j = baseScenario();
    j["options"][0]["pue"] = {{"dist", "triangular"}, {"min", 1.1}, {"mode", 1.56}, {"max", 1.8}};
    j["discount_rate"] = {{"dist", "uniform"}, {"min", 0.05}, {"max", 0.09}};
    auto s = parseScenario(j.dump());
    REQUIRE(s.hasValue());
    const auto* pue = findParameter(*s, "options[0].pue");
    REQUIRE(pue != nullptr);
    CHECK(pue->distribution.kind() == DistributionKind::Triangular);
    CHECK_FALSE(pue->isDefault);
    // Deterministic value = mean: (1.1 + 1.56 + 1.8) / 3 = 1.486667.
    const auto values = s->baseValues();
    CHECK(values[s->options[0].own.pue] == Approx(1.4866666667));
    CHECK(values[s->discountRate] == Approx(0.07));
}

TEST_CASE("Whole-number fields refuse distributions", "[models][scenario]")
{
    json j = baseScenario();
    j["options"][0]["servers"] = {{"dist", "uniform"}, {"min", 1}, {"max", 3}};
    const Error e = parseError(j);
    CHECK(e.context == "s.json: options[0].servers");
    CHECK(e.message.find("distribution is not allowed") != std::string::npos);
}

TEST_CASE("The example scenarios in examples parse", "[models][scenario]")
{
    const char* files[] = {"tco-cloud-vs-onprem.json",
                           "tco-inline-prices.json",
                           "tco-monte-carlo.json"};
    for (const char* f : files) {
        INFO(f);
        // The project root, four levels above this file (pricing/models/tests/ScenarioTest.cpp).
        const auto root =
            std::filesystem::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
        auto s = loadScenarioFile(root / "examples" / f);
        if (!s) {
            FAIL(s.error().describe());
        }
        CHECK(s->options.size() == 3);
    }
}
