#include "pricing/models/Tco.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>

using namespace cloudcost;
using namespace cloudcost::pricing;
using json = nlohmann::json;

namespace {

json scenarioWith(int horizonYears, json workloads, json options)
{
    return {{"format", "cloudcost-scenario"},
            {"version", 1},
            {"currency", "USD"},
            {"horizon_years", horizonYears},
            {"workloads", std::move(workloads)},
            {"options", std::move(options)}};
}

ResolvedScenario resolve(const json& j)
{
    auto s = scenarioFromJson(j);
    if (!s) {
        FAIL(s.error().describe());
    }
    auto r = resolveScenario(std::move(*s), nullptr);
    if (!r) {
        FAIL(r.error().describe());
    }
    return std::move(*r);
}

TcoResult compute(const json& j)
{
    const auto r = resolve(j);
    auto t = computeTco(r);
    if (!t) {
        FAIL(t.error().describe());
    }
    return std::move(*t);
}

double head(const OptionTco& o, std::string_view name, std::size_t t)
{
    for (const auto& h : o.heads) {
        if (h.head == name) {
            return h.amounts.at(t);
        }
    }
    return 0;
}

// Own hardware with every input that drives a head given explicitly (see the hand check below).
json handCheckedOwnHardware()
{
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 2},
                                         {"vcpus", 4},
                                         {"memory_gib", 16},
                                         {"storage_gb", 1000},
                                         {"egress_gb_per_month", 0},
                                         {"licenses",
                                          {{{"name", "win"},
                                            {"annual_per_core", 10},
                                            {"one_off_per_core", 100},
                                            {"min_cores_per_server", 16}}}}}});
    const json options = json::array({{{"name", "hw"},
                                       {"type", "own_hardware"},
                                       {"servers", 2},
                                       {"cores_per_server", 12},
                                       {"capex_per_server", 10000},
                                       {"salvage_per_server", 1000},
                                       {"hardware_maintenance_share", 0.05},
                                       {"power_idle_w", 100},
                                       {"power_max_w", 300},
                                       {"utilisation", 0.5},
                                       {"pue", 1.5},
                                       {"electricity_per_kwh", 0.1},
                                       {"storage_capex_per_gb", 0.5},
                                       {"admins", 0.5},
                                       {"loaded_salary_per_year", 100000},
                                       {"one_offs", {{{"name", "move"}, {"amount", 5000}}}}}});
    return scenarioWith(5, workloads, options);
}

} // namespace

TEST_CASE("Own hardware cost heads match a hand calculation", "[models][tco]")
{
    const auto result = compute(handCheckedOwnHardware());
    REQUIRE(result.options.size() == 1);
    const auto& o = result.options[0];
    // Power: P_avg = 100 + (300 - 100) x 0.5 = 200 W; 2 servers x 0.2 kW x PUE 1.5 x 8,760 h
    // = 5,256 kWh a year; x 0.10 = 525.60 (MODELS.md §1.2 "Power and cooling").
    CHECK(head(o, kHeadPower, 1) == Approx(525.6));
    CHECK(head(o, kHeadPower, 0) == 0);
    // Colocation: contracted kW = 2 x 0.2 x 1.5 / (1 - 0.40 unused) = 1.0 kW; x $90 x 12 = 1,080
    // in year 1, escalated 2 % a year: 1,080 x 1.02 = 1,101.60, x 1.02^4 = 1,169.03 in year 5.
    CHECK(head(o, kHeadColocation, 1) == Approx(1080));
    CHECK(head(o, kHeadColocation, 2) == Approx(1101.6));
    CHECK(head(o, kHeadColocation, 5) == Approx(1080 * std::pow(1.02, 4)));
    // Servers: 2 x 10,000 at t = 0 and again at the end of the 4-year life (t = 4); salvage
    // 2 x 1,000 received at t = 4.
    CHECK(head(o, kHeadServerCapex, 0) == Approx(20000));
    CHECK(head(o, kHeadServerCapex, 4) == Approx(20000));
    CHECK(head(o, kHeadServerCapex, 5) == 0);
    CHECK(head(o, kHeadSalvage, 4) == Approx(-2000));
    CHECK(head(o, kHeadHardwareMaintenance, 3) == Approx(1000)); // 5 % of 20,000
    // Storage: 2 x 1,000 GB x 0.50 = 1,000 at t = 0 and t = 4; maintenance 10 % = 100 a year.
    CHECK(head(o, kHeadStorage, 0) == Approx(1000));
    CHECK(head(o, kHeadStorage, 4) == Approx(1000));
    CHECK(head(o, kHeadStorageMaintenance, 2) == Approx(100));
    // Network: 10 % of (20,000 + 1,000) = 2,100 with each purchase; maintenance 15 % of that.
    CHECK(head(o, kHeadNetwork, 0) == Approx(2100));
    CHECK(head(o, kHeadNetwork, 4) == Approx(2100));
    CHECK(head(o, kHeadNetworkMaintenance, 1) == Approx(315));
    // Licences per physical core: 2 servers x max(16 minimum, 12 cores) = 32 cores; 32 x 100
    // one-off at t = 0 and 32 x 10 a year (MODELS.md §1.2 licence rule).
    CHECK(head(o, kHeadLicences, 0) == Approx(3200));
    CHECK(head(o, kHeadLicences, 1) == Approx(320));
    CHECK(head(o, kHeadLabour, 1) == Approx(50000));    // 0.5 FTE x 100,000
    CHECK(head(o, kHeadSecurity, 1) == Approx(500));    // 2 x $250 (Azure Migrate)
    CHECK(head(o, kHeadManagement, 1) == Approx(2880)); // 2 x (430 + 430 + 580)
    CHECK(head(o, kHeadMigration, 0) == Approx(5000));
    // t = 0: 20,000 + 1,000 + 2,100 + 3,200 + 5,000 = 31,300.
    CHECK(o.totalByYear[0] == Approx(31300));
    // Year 1: 525.6 + 1,080 + 1,000 + 100 + 315 + 320 + 50,000 + 500 + 2,880 = 56,720.6.
    CHECK(o.totalByYear[1] == Approx(56720.6));
}

TEST_CASE("Cloud compute storage and egress tiers match a hand calculation", "[models][tco]")
{
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 3},
                                         {"vcpus", 4},
                                         {"memory_gib", 16},
                                         {"storage_gb", 500},
                                         {"egress_gb_per_month", 5000}}});
    const json storage = {
        {"tiers", {{{"up_to_gb", 1000}, {"price_per_gb", 0.1}}, {{"price_per_gb", 0.05}}}}};
    const json options = json::array(
        {{{"name", "od"},
          {"type", "cloud"},
          {"provider", "aws"},
          {"purchase_option", "on_demand"},
          {"price", {{"hourly", 0.2}, {"vcpus", 2}, {"memory_gib", 8}, {"source", "test"}}},
          {"storage_tiers", storage},
          {"support_share", 0.1}},
         {{"name", "ri"},
          {"type", "cloud"},
          {"provider", "aws"},
          {"purchase_option", "reserved"},
          {"price",
           {{"hourly", 0.05},
            {"upfront", 1000},
            {"term_months", 12},
            {"on_demand_hourly", 0.2},
            {"vcpus", 2},
            {"memory_gib", 8},
            {"source", "test"}}},
          {"storage_tiers", storage}}});
    const auto result = compute(scenarioWith(3, workloads, options));
    const auto& od = result.options[0];
    const auto& ri = result.options[1];
    // 4 vCPU / 16 GiB on a 2 vCPU / 8 GiB instance: 2 instances per workload, 6 in all;
    // 6 x 0.20 x 730 h x 12 = 10,512 a year.
    CHECK(head(od, kHeadCompute, 1) == Approx(10512));
    CHECK(head(od, kHeadCompute, 0) == 0);
    // Storage: 3 x 500 = 1,500 GB-months a month: 1,000 x 0.10 + 500 x 0.05 = 125; x 12.
    CHECK(head(od, kHeadStorage, 1) == Approx(1500));
    // Egress, AWS default tiers (MODELS.md §1.2): 3 x 5,000 = 15,000 GB a month, 100 GB free,
    // 10,240 x 0.09 = 921.60 + 4,660 x 0.085 = 396.10 -> 1,317.70 a month, 15,812.40 a year.
    CHECK(head(od, kHeadEgress, 1) == Approx(15812.4));
    // Support 10 % of compute + storage + egress = 0.1 x 27,824.40.
    CHECK(head(od, kHeadSupport, 1) == Approx(2782.44));
    // Reserved, 1-year term renewed each year: upfront 6 x 1,000 at t = 0, 1, 2; recurring
    // 6 x 0.05 x 8,760 h = 2,628 in every year (paid whether used or not).
    CHECK(head(ri, kHeadCompute, 0) == Approx(6000));
    CHECK(head(ri, kHeadCompute, 1) == Approx(8628));
    CHECK(head(ri, kHeadCompute, 2) == Approx(8628));
    CHECK(head(ri, kHeadCompute, 3) == Approx(2628));
    // Break-even of one reserved instance: e = 1,000 / 8,760 + 0.05 = 0.164155; u* = e / OD
    // = 0.820776 (MODELS.md §1.2 u*); H* = 1,000 / (0.20 - 0.05) = 6,666.67 h.
    REQUIRE(ri.commitment.has_value());
    CHECK(ri.commitment->effectiveHourly == Approx(1000.0 / 8760 + 0.05));
    CHECK(ri.commitment->breakEvenUtilisation == Approx((1000.0 / 8760 + 0.05) / 0.2));
    REQUIRE(ri.commitment->upfrontRecoveryHours.has_value());
    CHECK(*ri.commitment->upfrontRecoveryHours == Approx(6666.6667));
    // The on-demand option is the baseline; the reserved one is compared with it.
    REQUIRE(ri.breakEven.has_value());
    CHECK(ri.breakEven->baseline == "od");
    CHECK(ri.breakEven->totalSaving == Approx(od.total - ri.total));
    CHECK_FALSE(od.breakEven.has_value());
}

TEST_CASE("NPV keeps t0 apart and discounts year t by (1 + r) to the t", "[models][tco]")
{
    // 1,000 a year of compute (1 instance x 1000/8760 per hour x 8,760 h) and a 100 one-off
    // at t = 0, r = 10 %: NPV = 100 + 1000/1.1 + 1000/1.21 + 1000/1.331 = 2,586.85 (Excel
    // =NPV(10%, 1000, 1000, 1000) + 100, MODELS.md §0 cash-flow timing).
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 1},
                                         {"vcpus", 1},
                                         {"memory_gib", 1},
                                         {"storage_gb", 0},
                                         {"egress_gb_per_month", 0}}});
    const json options = json::array({{{"name", "c"},
                                       {"type", "cloud"},
                                       {"purchase_option", "on_demand"},
                                       {"instances_per_workload", 1},
                                       {"price", {{"hourly", 1000.0 / 8760}, {"source", "test"}}},
                                       {"one_offs", {{{"name", "x"}, {"amount", 100}}}}}});
    json j = scenarioWith(3, workloads, options);
    j["discount_rate"] = 0.1;
    const auto result = compute(j);
    const auto& o = result.options[0];
    CHECK(o.total == Approx(3100));
    CHECK(o.npv == Approx(100 + 1000 / 1.1 + 1000 / 1.21 + 1000 / 1.331).epsilon(1e-12));
    // EAC: 1,000 + 100 x 0.1 / (1 - 1.1^-3) = 1,040.21.
    CHECK(o.equivalentAnnualCost == Approx(1000 + 100 * 0.1 / (1 - std::pow(1.1, -3))));
    // 3,100 over 1 x 730 x 12 x 3 = 26,280 workload-hours.
    CHECK(o.effectiveHourly == Approx(3100.0 / 26280));
}

TEST_CASE("37signals hardware amortised over five years costs 120k a year", "[models][tco]")
{
    // MODELS.md §1.1 [V]: "$600k of Dell hardware, amortised over a conservative five years, is
    // $120k/yr". With no other cost and r = 0 the equivalent annual cost is the straight line.
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 1},
                                         {"vcpus", 1},
                                         {"memory_gib", 1},
                                         {"storage_gb", 0},
                                         {"egress_gb_per_month", 0}}});
    const json options = json::array({{{"name", "dell"},
                                       {"type", "own_hardware"},
                                       {"servers", 1},
                                       {"cores_per_server", 1},
                                       {"capex_per_server", 600000},
                                       {"life_years", 5},
                                       {"hardware_maintenance_share", 0},
                                       {"power_idle_w", 0},
                                       {"power_max_w", 0},
                                       {"utilisation", 0},
                                       {"electricity_per_kwh", 0},
                                       {"colocation_per_kw_month", 0},
                                       {"network_share", 0},
                                       {"security_per_server_year", 0},
                                       {"monitoring_per_server_year", 0},
                                       {"patching_per_server_year", 0},
                                       {"backup_per_server_year", 0},
                                       {"admins", 0},
                                       {"loaded_salary_per_year", 0}}});
    json j = scenarioWith(5, workloads, options);
    j["discount_rate"] = 0;
    const auto result = compute(j);
    CHECK(result.options[0].equivalentAnnualCost == Approx(120000));
    CHECK(result.options[0].total == Approx(600000));
}

TEST_CASE("Storage growth is time weighted into GB-months", "[models][tco]")
{
    // 1,000 GB growing 100 % a year: the average over the first year is
    // 1000 x (2 - 1) / ln 2 = 1,442.695 GB (MODELS.md §1.2: tiers on time-weighted usage).
    double sum = 0;
    for (int k = 0; k < 12; ++k) {
        sum += monthAverage(1000, 1.0, k);
    }
    CHECK(sum / 12 == Approx(1000 / std::log(2.0)));
    CHECK(monthAverage(1000, 0, 7) == 1000);
    // In the model: one tier at 1 per GB-month gives 12 x 1,442.695 in year 1.
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 1},
                                         {"vcpus", 1},
                                         {"memory_gib", 1},
                                         {"storage_gb", 1000},
                                         {"storage_growth_per_year", 1.0},
                                         {"egress_gb_per_month", 0}}});
    const json options = json::array({{{"name", "c"},
                                       {"type", "cloud"},
                                       {"purchase_option", "on_demand"},
                                       {"instances_per_workload", 1},
                                       {"price", {{"hourly", 0}, {"source", "test"}}},
                                       {"storage_tiers", {{"tiers", {{{"price_per_gb", 1}}}}}}}});
    const auto result = compute(scenarioWith(2, workloads, options));
    CHECK(head(result.options[0], kHeadStorage, 1) == Approx(12000 / std::log(2.0)));
    // Year 2 holds twice as much: 2 x 1,000 x (4 - 2) / ln 2 / ... = 2 x year 1.
    CHECK(head(result.options[0], kHeadStorage, 2) == Approx(24000 / std::log(2.0)));
}

TEST_CASE("Tiered cost never decreases with usage", "[models][tco][property]")
{
    std::mt19937_64 engine(20240528);
    auto uniform = [&](double lo, double hi) {
        return lo + (hi - lo) * static_cast<double>(engine() >> 11) * 0x1.0p-53;
    };
    for (int table = 0; table < 200; ++table) {
        std::vector<TierStep> tiers;
        double bound = 0;
        const int n = 1 + static_cast<int>(engine() % 5);
        for (int i = 0; i < n; ++i) {
            bound += uniform(1, 5000);
            tiers.push_back(
                {i + 1 == n ? std::numeric_limits<double>::infinity() : bound, uniform(0, 0.2)});
        }
        const double freeUnits = uniform(0, 200);
        double previousCost = 0;
        for (double q = 0; q < bound * 1.5 + 1000; q += uniform(0, 97)) {
            const double cost = tieredCost(q, freeUnits, tiers);
            INFO("table " << table << " q " << q);
            REQUIRE(cost >= previousCost - 1e-9);
            previousCost = cost;
        }
    }
    // Continuous at the AWS 10 TB boundary: 10,340 GB (100 free + 10,240) costs 921.60.
    const std::vector<TierStep> aws{{10240, 0.09},
                                    {51200, 0.085},
                                    {153600, 0.07},
                                    {std::numeric_limits<double>::infinity(), 0.05}};
    CHECK(tieredCost(10340, 100, aws) == Approx(921.6));
    CHECK(tieredCost(10340.001, 100, aws) == Approx(921.6).margin(1e-3));
    CHECK(tieredCost(50, 100, aws) == 0);
    // Beyond 150 TB: 10,240 x 0.09 + 40,960 x 0.085 + 102,400 x 0.07 + 1,000 x 0.05.
    CHECK(tieredCost(100 + 153600 + 1000, 100, aws) == Approx(921.6 + 3481.6 + 7168 + 50));
}

TEST_CASE("A missing exchange rate is an error naming the option field", "[models][tco]")
{
    json j = handCheckedOwnHardware();
    j["options"][0]["currency"] = "EUR";
    auto s = scenarioFromJson(j);
    REQUIRE(s.hasValue());
    auto r = resolveScenario(std::move(*s), nullptr);
    REQUIRE_FALSE(r.hasValue());
    CHECK(r.error().context.rfind("options[0].", 0) == 0);
    CHECK(r.error().message.find("EUR") != std::string::npos);
}

TEST_CASE("Inline exchange rates convert amounts and USD defaults and are listed", "[models][tco]")
{
    json j = handCheckedOwnHardware();
    j["currency"] = "CNY";
    j["fx_rates"] = {{{"base", "USD"},
                      {"quote", "CNY"},
                      {"rate", 7.1},
                      {"date", "2026-01-15"},
                      {"source", "test"}}};
    j["options"][0]["currency"] = "USD";
    const auto r = resolve(j);
    REQUIRE(r.fxRatesUsed.size() == 1);
    CHECK(r.fxRatesUsed[0].rate == 7.1);
    auto t = computeTco(r);
    REQUIRE(t.hasValue());
    // Security: the $250 default x 2 servers x 7.1 = 3,550 CNY; capex 20,000 USD = 142,000 CNY.
    CHECK(head(t->options[0], kHeadSecurity, 1) == Approx(3550));
    CHECK(head(t->options[0], kHeadServerCapex, 0) == Approx(142000));
    // Workload licences are priced in the scenario currency (CNY): 32 cores x 100.
    CHECK(head(t->options[0], kHeadLicences, 0) == Approx(3200));
}

TEST_CASE("Servers without refresh are bought once and sold at the end", "[models][tco]")
{
    json j = handCheckedOwnHardware();
    j["options"][0]["refresh"] = false;
    const auto result = compute(j);
    const auto& o = result.options[0];
    CHECK(head(o, kHeadServerCapex, 0) == Approx(20000));
    CHECK(head(o, kHeadServerCapex, 4) == 0);
    CHECK(head(o, kHeadSalvage, 5) == Approx(-2000)); // horizon 5 >= life 4
    CHECK(head(o, kHeadStorage, 4) == 0);
}

TEST_CASE("A three-year term over five years pays its upfront at t0 and t3", "[models][tco]")
{
    const json workloads = json::array({{{"name", "w"},
                                         {"count", 1},
                                         {"vcpus", 1},
                                         {"memory_gib", 1},
                                         {"storage_gb", 0},
                                         {"egress_gb_per_month", 0}}});
    const json options = json::array(
        {{{"name", "ri"},
          {"type", "cloud"},
          {"purchase_option", "reserved"},
          {"instances_per_workload", 1},
          {"price", {{"hourly", 0}, {"upfront", 949}, {"term_months", 36}, {"source", "test"}}}}});
    const auto result = compute(scenarioWith(5, workloads, options));
    const auto& o = result.options[0];
    CHECK(head(o, kHeadCompute, 0) == Approx(949));
    CHECK(head(o, kHeadCompute, 3) == Approx(949));
    CHECK(o.total == Approx(1898));
    CHECK(o.notes.size() == 2); // sizing, and the last term running past the horizon
}

TEST_CASE("Monte Carlo is reproducible by seed and centred on the linear model",
          "[models][tco][mc]")
{
    json j = handCheckedOwnHardware();
    j["options"][0]["pue"] = {{"dist", "uniform"}, {"min", 1.2}, {"max", 1.8}};
    j["options"][0]["electricity_per_kwh"] = {{"dist", "triangular"},
                                              {"min", 0.05},
                                              {"mode", 0.1},
                                              {"max", 0.2}};
    const auto r = resolve(j);
    auto a = runTcoMonteCarlo(r, 2000, 42);
    auto b = runTcoMonteCarlo(r, 2000, 42);
    REQUIRE(a.hasValue());
    REQUIRE(b.hasValue());
    const auto* npvA = a->output("npv:hw");
    const auto* npvB = b->output("npv:hw");
    REQUIRE(npvA != nullptr);
    REQUIRE(npvB != nullptr);
    CHECK(npvA->mean == npvB->mean); // bit-identical for the same seed
    CHECK(npvA->p95 == npvB->p95);
    // NPV is linear in PUE and in PUE x price with independent inputs, so its expectation is the
    // deterministic NPV at the means; the Monte Carlo mean lies within 4 standard errors.
    auto det = computeTco(r);
    REQUIRE(det.hasValue());
    const double se = npvA->sd / std::sqrt(2000.0);
    CHECK(std::fabs(npvA->mean - det->options[0].npv) < 4 * se);
    CHECK(npvA->p5 < npvA->p50);
    CHECK(npvA->p50 < npvA->p95);
    auto c = runTcoMonteCarlo(r, 2000, 43);
    REQUIRE(c.hasValue());
    CHECK(c->output("npv:hw")->mean != npvA->mean);
}

TEST_CASE("The tornado ranks inputs by the NPV swing from P10 to P90", "[models][tco][mc]")
{
    json j = handCheckedOwnHardware();
    j["options"][0]["pue"] = {{"dist", "uniform"}, {"min", 1.2}, {"max", 1.8}};
    j["options"][0]["loaded_salary_per_year"] = {{"dist", "uniform"},
                                                 {"min", 80000},
                                                 {"max", 120000}};
    const auto r = resolve(j);
    auto t = runTcoSensitivity(r);
    REQUIRE(t.hasValue());
    REQUIRE(t->size() == 1);
    const auto& bars = (*t)[0].tornado.bars;
    REQUIRE(bars.size() == 2);
    // Salary swings 0.5 FTE x (116,000 - 84,000) = 16,000 a year: far more than the PUE.
    CHECK(bars[0].inputName == "options[0].loaded_salary_per_year");
    CHECK(bars[0].lowValue == Approx(84000));
    CHECK(bars[0].highValue == Approx(116000));
    // Its NPV swing is 16,000 x the 5-year annuity factor at 7 %: 16,000 x 4.100197.
    CHECK(bars[0].swing == Approx(16000 * (1 - std::pow(1.07, -5)) / 0.07));
    CHECK(bars[1].inputName == "options[0].pue");
    CHECK(bars[1].swing < bars[0].swing);
}
