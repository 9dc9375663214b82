// Plan economics (hand-computed cash flows) and the whole plan with its JSON.
#include "decision/plan/Plan.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace cloudcost;
using namespace cloudcost::decision;
using namespace cloudcost::decision::plan;

namespace {

EconomicsOptions handOptions()
{
    EconomicsOptions o;
    o.onPrem.annualPerServer = 1200;
    o.onPrem.source = "test input";
    o.staffRatePerHour = 100;
    o.staffRateSource = "test input";
    o.remediationPerVm = 50;
    o.remediationSource = "test input";
    o.licencesOneOff = 300;
    o.licencesSource = "test input";
    o.dualRunningMonths = 1;
    o.monthsPerWave = 1;
    o.startMonth = 1;
    o.horizonYears = 1;
    o.discountRate = 0.07;
    return o;
}

WavePlan twoWaves()
{
    WavePlan p;
    Wave a;
    a.number = 1;
    a.servers = 2;
    a.transferHours = 2;
    a.engineerHours = 2;
    Wave b;
    b.number = 2;
    b.servers = 1;
    b.transferHours = 1;
    b.engineerHours = 1;
    p.waves = {a, b};
    return p;
}

} // namespace

TEST_CASE("Cash flows, NPV and payback month match a hand computation",
          "[decision][plan][economics]")
{
    using F = WorkloadCost::Fate;
    const std::vector<WorkloadCost> costs = {
        {1200, 600, F::Migrates, 0},
        {1200, 600, F::Migrates, 0},
        {2400, 1200, F::Migrates, 1},
        {1200, 0, F::Retired, 0},
        {1200, 0, F::Stays, 0},
    };
    auto e = computeEconomics(costs, twoWaves(), WaveCapacity{}, handOptions());
    REQUIRE(e);
    // Status quo 7,200/yr = 600/month. Month 1: stays 100 + wave-1 VMs on both sides 2 × 150 +
    // wave-2 VM on premises 200 + wave-1 one-offs (transfer 2 h + labour 2 h at 100 + 2 × 50
    // remediation = 500) + licences 300 = 1,400 → net −800. Month 2: 100 + 2 × 50 + 200 + 100 +
    // wave-2 one-offs 250 = 750 → −150. Months 3–12: 100 + 100 + 100 = 300 → +300 each.
    REQUIRE(e->monthlyNet.size() == 12);
    CHECK(e->monthlyNet[0] == Approx(-800));
    CHECK(e->monthlyNet[1] == Approx(-150));
    for (std::size_t m = 2; m < 12; ++m) {
        CHECK(e->monthlyNet[m] == Approx(300));
    }
    REQUIRE(e->yearlyNet.size() == 1);
    CHECK(e->yearlyNet[0] == Approx(2050));
    CHECK(e->yearlyAfter[0] == Approx(5150));
    // Excel NPV convention (MODELS.md §0): 2,050 / 1.07.
    CHECK(e->npv == Approx(2050.0 / 1.07).epsilon(1e-12));
    // Cumulative −800, −950, −650, −350, −50, +250: payback in month 6.
    REQUIRE(e->paybackMonth);
    CHECK(*e->paybackMonth == 6);
    CHECK(e->beforeAnnual == Approx(7200));
    CHECK(e->afterAnnual == Approx(3600));
    CHECK(e->annualSaving == Approx(3600));
    CHECK(e->oneOffTotal == Approx(1050));
    CHECK(e->dualRunningTotal == Approx(200));
    REQUIRE(e->waves.size() == 2);
    CHECK(e->waves[0].cutoverMonth == 1);
    CHECK(e->waves[1].cutoverMonth == 2);
    CHECK(e->waves[0].oneOff() == Approx(500));
    CHECK(e->waves[1].afterAnnual == Approx(1200));
}

TEST_CASE("No payback is reported when savings never cover the one-offs",
          "[decision][plan][economics]")
{
    auto o = handOptions();
    o.licencesOneOff = 1e6;
    auto e = computeEconomics({{1200, 600, WorkloadCost::Fate::Migrates, 0}},
                              twoWaves(),
                              WaveCapacity{},
                              o);
    REQUIRE(e);
    CHECK_FALSE(e->paybackMonth);
    CHECK(e->npv < 0);
}

TEST_CASE("Economics options without sources or with two on-prem rates are refused",
          "[decision][plan][economics]")
{
    auto o = handOptions();
    o.onPrem.annualPerVcpu = 100;
    auto both = validate(o);
    REQUIRE_FALSE(both);
    CHECK(both.error().message.find("exactly one") != std::string::npos);
    o = handOptions();
    o.onPrem.source.clear();
    CHECK_FALSE(validate(o));
    o = handOptions();
    o.staffRateSource.clear();
    auto staff = validate(o);
    REQUIRE_FALSE(staff);
    CHECK(staff.error().message.find("staff rate") != std::string::npos);
    o = handOptions();
    o.horizonYears = 0;
    CHECK_FALSE(validate(o));
    o = handOptions();
    o.dualRunningMonths = -1;
    CHECK_FALSE(validate(o));
    CHECK(onPremAnnual({0, 250, "x"}, 4) == Approx(1000));
}

// ---------------------------------------------------------------------------------------------

namespace {

Candidate
offer(const std::string& type, double vcpus, double mem, double hourly, bool metal = false)
{
    Candidate c;
    c.provider = "aws";
    c.region = "us-east-1";
    c.instanceType = type;
    c.os = "linux";
    c.arch = "x86_64";
    c.currency = "USD";
    c.vcpus = vcpus;
    c.memoryGib = mem;
    c.hourly = c.effectiveHourly = hourly;
    c.bareMetal = metal;
    return c;
}

Workload server(const std::string& name, int vcpus, const std::string& app = "")
{
    Workload w;
    w.name = name;
    w.vcpus = vcpus;
    w.memoryMib = vcpus * 4096.0;
    w.os = "Ubuntu Linux (64-bit)";
    w.osFamily = "linux";
    w.application = app;
    w.environment = "prod";
    Disk d;
    d.allocatedGib = 100;
    d.usedGib = 50;
    w.disks.push_back(d);
    return w;
}

PlanWorkloadInput input(std::size_t i, double vcpus, double mem, DeploymentModel m)
{
    PlanWorkloadInput in;
    in.workload = i;
    in.need.vcpus = vcpus;
    in.need.memoryGib = mem;
    in.need.osFamily = "linux";
    in.need.sizedFromUtilisation = true;
    in.model = m;
    in.stateful = false;
    return in;
}

} // namespace

TEST_CASE("A plan places, packs, groups, costs and serialises every workload", "[decision][plan]")
{
    std::vector<Workload> ws = {server("vm1", 2, "shop"),
                                server("vm2", 4, "shop"),
                                server("db", 96),
                                server("c1", 1, "api"),
                                server("c2", 1, "api"),
                                server("c3", 1, "api"),
                                server("zombie", 2),
                                server("tmpl", 2)};
    ws[7].os.clear();
    ws[7].osFamily.clear();
    std::vector<PlanWorkloadInput> inputs = {
        input(0, 2, 8, DeploymentModel::VirtualMachine),
        input(1, 3, 8, DeploymentModel::VirtualMachine),
        input(2, 96, 384, DeploymentModel::BareMetal),
        input(3, 1, 2, DeploymentModel::Container),
        input(4, 1, 2, DeploymentModel::Container),
        input(5, 1, 2, DeploymentModel::Container),
        input(6, 2, 8, DeploymentModel::VirtualMachine),
        input(7, 2, 8, DeploymentModel::VirtualMachine),
    };
    inputs[1].need.sizedFromUtilisation = false;
    inputs[1].need.basis = "as allocated: no utilisation records";
    inputs[6].migrate = false;
    inputs[6].workloadClass = WorkloadClass::Zombie;
    inputs[7].migrate = false;
    inputs[7].workloadClass = WorkloadClass::Template;
    PlacementIndex index({offer("m5.large", 2, 8, 0.096),
                          offer("m5.xlarge", 4, 16, 0.192),
                          offer("m5.metal", 96, 384, 4.608, true)});
    PlanOptions o;
    o.economics.onPrem.annualPerVcpu = 300;
    o.economics.onPrem.source = "test input";
    auto plan = buildPlan(ws, inputs, index, o);
    REQUIRE(plan);
    const auto& p = *plan;
    CHECK(p.currency == "USD");
    CHECK(p.workloads[0].afterBasis == "aws us-east-1 m5.large on_demand");
    CHECK(p.workloads[1].placement.best()->offer.instanceType == "m5.xlarge");
    CHECK(p.workloads[2].placement.best()->offer.instanceType == "m5.metal");
    CHECK(p.workloads[0].afterAnnual == Approx(0.096 * 8760));
    CHECK(p.workloads[0].beforeAnnual == Approx(600));
    // Three 1-vCPU / 2-GiB containers: 3.2 usable vCPUs on an m5.xlarge at 80 % → one work node
    // (0.192/h) where m5.large (1.6 usable vCPUs) needs three (0.288/h); plus N+1 of the
    // largest type in use: 2 × 0.192 = 0.384/h.
    REQUIRE(p.clusters.size() == 1);
    const auto& cl = p.clusters[0].packing;
    CHECK(cl.shapes[cl.chosenShape].instanceType == "m5.xlarge");
    CHECK(cl.workNodes == 1);
    CHECK(cl.failoverNodes == 1);
    CHECK(cl.hourly == Approx(0.384));
    double containerAfter = 0;
    for (std::size_t i = 3; i <= 5; ++i) {
        containerAfter += p.workloads[i].afterAnnual;
        REQUIRE(p.workloads[i].cluster);
    }
    CHECK(containerAfter == Approx(0.384 * 8760));
    CHECK(p.retired == 1);
    CHECK(p.excluded == 1);
    CHECK(p.unplaced == 0);
    // Groups: shop {vm1, vm2}, db, api {c1, c2, c3}; the zombie and the template have none.
    CHECK(p.waves.groups.size() == 3);
    CHECK(p.workloads[0].group == p.workloads[1].group);
    CHECK_FALSE(p.workloads[6].group);
    // By model over the 6 migrating workloads (not the zombie nor the template).
    CHECK(p.byModel[0].count == 1);
    CHECK(p.byModel[1].count == 2);
    CHECK(p.byModel[2].count == 3);
    CHECK(p.byModel[2].share == Approx(0.5));
    bool noUtil = false;
    for (const auto& r : p.workloads[1].risks) {
        noUtil = noUtil || r.find("no utilisation data") != std::string::npos;
    }
    CHECK(noUtil);
    // Before: 300 per vCPU-year over everything but the template: (2+4+96+1+1+1+2) × 300.
    CHECK(p.economics.beforeAnnual == Approx(107 * 300.0));

    auto json = nlohmann::json::parse(planToJson(p));
    CHECK(json["summary"]["workloads"] == 8);
    CHECK(json["summary"]["by_model"][2]["model"] == "container");
    CHECK(json["workloads"][0]["placement_options"][0]["instance_type"] == "m5.large");
    CHECK(json["container_clusters"][0]["fluid_lower_bound_nodes"] == 1);
    CHECK(json["waves"][0]["cutover_month"] == 1);
    CHECK(json["assumptions"].size() >= 10);
    CHECK(planToJson(p, -1).find('\n') == std::string::npos);
}

TEST_CASE("A plan refuses inputs that miss a workload or name it twice", "[decision][plan]")
{
    std::vector<Workload> ws = {server("a", 2), server("b", 2)};
    PlanOptions o;
    o.economics.onPrem.annualPerServer = 1000;
    o.economics.onPrem.source = "test input";
    PlacementIndex index({offer("m5.large", 2, 8, 0.096)});
    auto missing = buildPlan(ws, {input(0, 2, 8, DeploymentModel::VirtualMachine)}, index, o);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("'b' has no sizing") != std::string::npos);
    auto twice = buildPlan(ws,
                           {input(0, 2, 8, DeploymentModel::VirtualMachine),
                            input(0, 2, 8, DeploymentModel::VirtualMachine)},
                           index,
                           o);
    CHECK_FALSE(twice);
    // Too big for every offer: the workload stays and is reported.
    auto big = buildPlan(ws,
                         {input(0, 2, 8, DeploymentModel::VirtualMachine),
                          input(1, 64, 8, DeploymentModel::VirtualMachine)},
                         index,
                         o);
    REQUIRE(big);
    CHECK(big->unplaced == 1);
    CHECK(big->workloads[1].fate == WorkloadCost::Fate::Stays);
    CHECK(big->workloads[1].afterAnnual == Approx(1000));
    CHECK_FALSE(big->workloads[1].wave);
}
