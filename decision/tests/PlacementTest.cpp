// Placement: cheapest fitting offer per purchase option, from an in-memory skyline index.
#include "decision/plan/Placement.h"

#include "pricing/Workspace.h"
#include "pricing/models/Conventions.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::decision;
using namespace cloudcost::decision::plan;
using pricing::PaymentOption;
using pricing::PurchaseOption;

namespace {

Candidate shape(const std::string& type, double vcpus, double mem, double hourly)
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
    c.hourly = hourly;
    c.effectiveHourly = hourly;
    return c;
}

SizedNeed need(double vcpus, double mem, const std::string& os = "linux")
{
    SizedNeed n;
    n.vcpus = vcpus;
    n.memoryGib = mem;
    n.osFamily = os;
    return n;
}

std::vector<Candidate> fourShapes()
{
    // d (4/16 at 0.09) dominates c (4/8 at 0.10): c leaves the skyline.
    return {shape("a", 2, 4, 0.05),
            shape("b", 2, 8, 0.08),
            shape("c", 4, 8, 0.10),
            shape("d", 4, 16, 0.09)};
}

} // namespace

TEST_CASE("The skyline keeps only shapes that no cheaper, larger shape dominates",
          "[decision][plan][placement]")
{
    PlacementIndex index(fourShapes());
    CHECK(index.candidateCount() == 4);
    CHECK(index.skylineSize() == 3);
}

TEST_CASE("Placement picks the cheapest offer that fits vCPU and memory",
          "[decision][plan][placement]")
{
    PlacementIndex index(fourShapes());
    PlacementConstraints c;
    struct Case
    {
        double vcpus, mem;
        const char* type; // "" = nothing fits
        double hourly;
    };
    // Hand-computed from the four shapes above.
    const Case cases[] = {
        {2, 8, "b", 0.08},
        {3, 8, "d", 0.09},
        {1, 2, "a", 0.05},
        {2, 4, "a", 0.05},
        {2, 4.5, "b", 0.08},
        {4, 16, "d", 0.09},
        {5, 1, "", 0},
        {1, 17, "", 0},
    };
    for (const auto& k : cases) {
        auto r = index.place(need(k.vcpus, k.mem), DeploymentModel::VirtualMachine, c);
        INFO(k.vcpus << " vCPU " << k.mem << " GiB");
        if (std::string(k.type).empty()) {
            CHECK_FALSE(r.placed);
            CHECK(r.reason.find("large enough") != std::string::npos);
            continue;
        }
        REQUIRE(r.placed);
        CHECK(r.best()->offer.instanceType == k.type);
        CHECK(r.best()->offer.effectiveHourly == Approx(k.hourly));
        CHECK(r.best()->annualCost == Approx(k.hourly * 8760.0));
    }
}

TEST_CASE("A performance factor lets a faster type count for more vCPUs",
          "[decision][plan][placement]")
{
    auto cands = fourShapes();
    cands.push_back(shape("fast", 2, 8, 0.085));
    const std::map<std::string, double> perf = {{"fast", 1.5}};
    PlacementIndex plain(cands);
    PlacementIndex scaled(cands, perf);
    PlacementConstraints c;
    // 3 vCPU / 8 GiB: d (0.09) without factors; "fast" counts 2 × 1.5 = 3 vCPUs at 0.085.
    CHECK(plain.place(need(3, 8), DeploymentModel::VirtualMachine, c).best()->offer.instanceType
          == "d");
    auto r = scaled.place(need(3, 8), DeploymentModel::VirtualMachine, c);
    REQUIRE(r.placed);
    CHECK(r.best()->offer.instanceType == "fast");
    CHECK(r.best()->effectiveVcpus == Approx(3.0));
}

TEST_CASE("Each allowed purchase option gets its own cheapest fit, cheapest first",
          "[decision][plan][placement]")
{
    auto od = shape("m", 2, 8, 0.10);
    auto ri = shape("m", 2, 8, 0.04);
    ri.purchaseOption = PurchaseOption::Reserved;
    ri.termMonths = 12;
    ri.paymentOption = PaymentOption::PartialUpfront;
    ri.upfront = 350.4;
    REQUIRE(amortise(ri));
    // MODELS.md §1.2: e = upfront / term hours + hourly = 350.4 / 8760 + 0.04 = 0.08.
    CHECK(ri.effectiveHourly == Approx(0.08));
    auto spot = shape("m", 2, 8, 0.03);
    spot.purchaseOption = PurchaseOption::Spot;
    PlacementIndex index({od, ri, spot});
    PlacementConstraints c;
    c.purchase = {{}, {PurchaseOption::Reserved, 12, PaymentOption::PartialUpfront}};
    auto r = index.place(need(2, 8), DeploymentModel::VirtualMachine, c);
    REQUIRE(r.options.size() == 2);
    CHECK(r.options[0].purchase == "reserved/12/partial_upfront");
    CHECK(r.options[0].offer.effectiveHourly == Approx(0.08));
    CHECK(r.options[1].purchase == "on_demand");
    c.purchase.push_back({PurchaseOption::Spot, 0, std::nullopt});
    r = index.place(need(2, 8), DeploymentModel::VirtualMachine, c);
    REQUIRE(r.options.size() == 3);
    CHECK(r.best()->purchase == "spot");
    // A 36-month term is not offered: that choice has no option, the others remain.
    c.purchase = {{PurchaseOption::Reserved, 36, std::nullopt}};
    CHECK_FALSE(index.place(need(2, 8), DeploymentModel::VirtualMachine, c).placed);
}

TEST_CASE("Bare metal takes whole metal hosts and VMs never do", "[decision][plan][placement]")
{
    auto metal = shape("m5.metal", 96, 384, 4.608);
    metal.bareMetal = true;
    auto vm = shape("m5.24xlarge", 96, 384, 4.608);
    PlacementIndex index({metal, vm, shape("m5.large", 2, 8, 0.096)});
    PlacementConstraints c;
    auto bm = index.place(need(2, 8), DeploymentModel::BareMetal, c);
    REQUIRE(bm.placed);
    CHECK(bm.best()->offer.instanceType == "m5.metal");
    auto v = index.place(need(2, 8), DeploymentModel::VirtualMachine, c);
    CHECK(v.best()->offer.instanceType == "m5.large");
    CHECK_FALSE(index.place(need(128, 8), DeploymentModel::BareMetal, c).placed);
}

TEST_CASE("OS, architecture, provider and region constraints filter the offers",
          "[decision][plan][placement]")
{
    auto win = shape("w", 2, 8, 0.18);
    win.os = "windows";
    auto arm = shape("g", 2, 8, 0.07);
    arm.arch = "arm64";
    auto az = shape("D2", 2, 8, 0.05);
    az.provider = "azure";
    az.region = "eastus";
    PlacementIndex index({shape("x", 2, 8, 0.096), win, arm, az});
    PlacementConstraints c;
    CHECK(index.place(need(2, 8, "windows"), DeploymentModel::VirtualMachine, c)
              .best()
              ->offer.instanceType
          == "w");
    auto unknown = index.place(need(2, 8, ""), DeploymentModel::VirtualMachine, c);
    CHECK(unknown.best()->offer.instanceType == "D2");
    REQUIRE(unknown.notes.size() == 1);
    CHECK(unknown.notes[0] == "OS unknown: priced as Linux");
    c.providers = {"aws"};
    CHECK(index.place(need(2, 8), DeploymentModel::VirtualMachine, c).best()->offer.instanceType
          == "g");
    auto x86 = need(2, 8);
    x86.arch = "x86_64";
    CHECK(index.place(x86, DeploymentModel::VirtualMachine, c).best()->offer.instanceType == "x");
    c.regions = {"eu-west-1"};
    auto none = index.place(x86, DeploymentModel::VirtualMachine, c);
    CHECK_FALSE(none.placed);
    CHECK(none.reason.find("no candidate offers") != std::string::npos);
}

TEST_CASE("GPU needs match GPU count and model; CPU needs avoid GPU offers",
          "[decision][plan][placement]")
{
    auto gpu = shape("p3.2xlarge", 8, 61, 3.06);
    gpu.gpus = 1;
    gpu.gpuModel = "NVIDIA V100";
    PlacementIndex index({gpu, shape("m5.2xlarge", 8, 32, 0.384), shape("r", 8, 64, 0.504)});
    PlacementConstraints c;
    auto n = need(4, 16);
    n.gpus = 1;
    n.gpuModel = "v100";
    CHECK(index.place(n, DeploymentModel::VirtualMachine, c).best()->offer.instanceType
          == "p3.2xlarge");
    n.gpuModel = "a100";
    CHECK_FALSE(index.place(n, DeploymentModel::VirtualMachine, c).placed);
    CHECK(index.place(need(8, 60), DeploymentModel::VirtualMachine, c).best()->offer.instanceType
          == "r");
}

TEST_CASE("Purchase choices parse from their labels and bad ones are refused",
          "[decision][plan][placement]")
{
    for (const char* label :
         {"on_demand", "spot", "reserved/36/all_upfront", "savings_plan/12", "reserved"}) {
        auto p = parsePurchaseChoice(label);
        REQUIRE(p);
        CHECK(p->label() == label);
    }
    CHECK_FALSE(parsePurchaseChoice("cheap"));
    CHECK_FALSE(parsePurchaseChoice("reserved/0"));
    CHECK_FALSE(parsePurchaseChoice("reserved/12/monthly"));
    auto spotTerm = parsePurchaseChoice("spot/12");
    REQUIRE_FALSE(spotTerm);
    CHECK(spotTerm.error().message.find("no term") != std::string::npos);
}

TEST_CASE("Placement against the built-in catalog finds m5.large for 2 vCPU / 8 GiB Linux in "
          "aws us-east-1",
          "[decision][plan][placement][builtin]")
{
    const auto dir = testing::makeTempDir("cloudcost-placement");
    {
        auto ws = pricing::Workspace::open(dir / "ws.db");
        REQUIRE(ws);
        REQUIRE(ws->ensureBuiltinCatalog());
        PlacementConstraints c;
        c.providers = {"aws"};
        c.regions = {"us-east-1"};
        c.purchase = {{},
                      {PurchaseOption::Reserved, 12, std::nullopt},
                      {PurchaseOption::Reserved, 36, PaymentOption::AllUpfront}};
        auto cands = loadCandidates(*ws, c);
        REQUIRE(cands);
        REQUIRE_FALSE(cands->empty());
        PlacementIndex index(std::move(*cands));
        auto n = need(2, 8);
        n.arch = "x86_64";
        auto r = index.place(n, DeploymentModel::VirtualMachine, c);
        REQUIRE(r.placed);
        REQUIRE(r.options.size() == 3);
        // builtin.json (AWS price list 2021-02-01): m5.large Linux on-demand 0.096 USD/h;
        // reserved 1 yr standard all upfront 494 USD → 494 / 8760 = 0.05639 (cheaper than
        // partial 0.029 + 252/8760 = 0.05777 and no upfront 0.06); 3 yr all upfront 949 USD →
        // 949 / 26280 = 0.03611.
        CHECK(r.options[0].purchase == "reserved/36/all_upfront");
        CHECK(r.options[0].offer.instanceType == "m5.large");
        CHECK(r.options[0].offer.effectiveHourly == Approx(949.0 / 26280.0).epsilon(1e-9));
        CHECK(r.options[1].purchase == "reserved/12");
        CHECK(r.options[1].offer.effectiveHourly == Approx(494.0 / 8760.0).epsilon(1e-9));
        CHECK(r.options[2].purchase == "on_demand");
        CHECK(r.options[2].offer.instanceType == "m5.large");
        CHECK(r.options[2].offer.effectiveHourly == Approx(0.096));
        CHECK(r.options[2].offer.currency == "USD");
        // Arm allowed: a1.xlarge at 0.102 is dearer, m5.large still wins on demand.
        auto any = index.place(need(2, 8), DeploymentModel::VirtualMachine, {});
        REQUIRE(any.placed);
        CHECK(any.best()->offer.instanceType == "m5.large");
        // The only AWS metal type in the catalog is a1.metal (arm64).
        auto bm = index.place(need(2, 8), DeploymentModel::BareMetal, {});
        REQUIRE(bm.placed);
        CHECK(bm.best()->offer.instanceType == "a1.metal");
        CHECK(bm.best()->offer.bareMetal);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("Candidates in several currencies need a report currency",
          "[decision][plan][placement][builtin]")
{
    const auto dir = testing::makeTempDir("cloudcost-placement-cur");
    {
        auto ws = pricing::Workspace::open(dir / "ws.db");
        REQUIRE(ws);
        REQUIRE(ws->ensureBuiltinCatalog());
        auto cands = loadCandidates(*ws, {});
        if (!cands) {
            CHECK(cands.error().message.find("several currencies") != std::string::npos);
        } else {
            // A single-currency catalog: every candidate shares it.
            for (const auto& c : *cands) {
                CHECK(c.currency == cands->front().currency);
            }
        }
    }
    std::filesystem::remove_all(dir);
}
