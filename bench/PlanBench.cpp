// Micro-benchmarks of the migration plan (issue #6 "Performance": 10,000 workloads against a
// catalog of 5 million offers in <= 10 s). Offers are generated in memory with the same layout
// as `cloudcost-bench-tools gen-pricebook` (6 providers × 40 regions, 5 families, 8 sizes,
// on-demand / spot / 1-yr reserved), workloads with a fixed seed. Reported next to a baseline in
// the same run (one pass reading every offer's price), so the figure reads as a ratio that
// survives a change of machine. BM_LoadCandidates times the SQL scan and fold of
// loadCandidates() on a temporary workspace filled with the same rows (inserted directly, not
// through an importer, to keep set-up short).
#include "common/Sqlite.h"
#include "decision/plan/Plan.h"
#include "pricing/Workspace.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

using namespace cloudcost;
using namespace cloudcost::decision;
using namespace cloudcost::decision::plan;

// The rows of gen-pricebook (bench/BenchTools.cpp), as candidates.
std::vector<Candidate> generateOffers(std::uint64_t rows)
{
    const std::array<const char*, 6> providers =
        {"aws", "azure", "gcp", "alibaba", "tencent", "huawei"};
    const std::array<const char*, 5> families = {"std", "mem", "cpu", "gpu", "arm"};
    const std::array<pricing::PurchaseOption, 4> purchase = {pricing::PurchaseOption::OnDemand,
                                                             pricing::PurchaseOption::Spot,
                                                             pricing::PurchaseOption::Reserved,
                                                             pricing::PurchaseOption::Reserved};
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> jitter(0.8, 1.25);
    std::vector<Candidate> out;
    out.reserve(rows);
    for (std::uint64_t i = 0; i < rows; ++i) {
        const auto region = i % 40;
        const auto typeIndex = i / 40;
        const std::string family = families[(typeIndex / 7) % families.size()];
        const int sizeLog = static_cast<int>((typeIndex / 3) % 8);
        Candidate c;
        c.provider = providers[typeIndex % providers.size()];
        c.region = "region-" + std::to_string(region);
        c.instanceType = family + std::to_string(typeIndex) + "." + std::to_string(sizeLog) + "x";
        c.vcpus = static_cast<double>(1 << sizeLog);
        c.memoryGib = c.vcpus * (family[0] == 'm' ? 8.0 : family[0] == 'c' ? 2.0 : 4.0);
        c.arch = family[0] == 'a' ? "arm64" : "x86_64";
        c.os = "linux";
        c.currency = "USD";
        c.purchaseOption = purchase[(typeIndex / 5) % purchase.size()];
        const double hourly = c.vcpus * 0.024 * jitter(rng);
        if (c.purchaseOption == pricing::PurchaseOption::Reserved) {
            c.termMonths = 12;
            c.paymentOption = pricing::PaymentOption::PartialUpfront;
            c.hourly = hourly * 0.35;
            c.upfront = hourly * 0.3 * 8760;
        } else {
            c.hourly = hourly;
        }
        (void)amortise(c);
        out.push_back(std::move(c));
    }
    return out;
}

struct Inventory10k
{
    std::vector<Workload> workloads;
    std::vector<PlanWorkloadInput> inputs;
};

// 10,000 workloads: 70 % VMs, 30 % containers; 1–16 vCPUs at 2–8 GiB per vCPU; applications of
// 1–6 servers; a dependency on an earlier server for one in five.
Inventory10k generateInventory(std::size_t n)
{
    std::mt19937_64 rng(5489);
    const std::array<int, 5> sizes = {1, 2, 4, 8, 16};
    const std::array<const char*, 3> envs = {"dev", "test", "prod"};
    Inventory10k inv;
    for (std::size_t i = 0; i < n; ++i) {
        Workload w;
        w.name = "vm" + std::to_string(i);
        w.vcpus = sizes[rng() % sizes.size()];
        w.memoryMib = *w.vcpus * 1024.0 * static_cast<double>(2 + rng() % 7);
        w.os = "Red Hat Enterprise Linux 8 (64-bit)";
        w.osFamily = "linux";
        w.environment = envs[rng() % envs.size()];
        w.application = "app" + std::to_string(i / (1 + rng() % 6));
        Disk d;
        d.allocatedGib = static_cast<double>(20 + rng() % 500);
        w.disks.push_back(d);
        if (i > 0 && rng() % 5 == 0) {
            w.dependencies.push_back({"vm" + std::to_string(rng() % i), false, ""});
        }
        PlanWorkloadInput in;
        in.workload = i;
        in.need.vcpus = std::max(1.0, *w.vcpus * 0.6);
        in.need.memoryGib = *w.memoryMib / 1024.0 * 0.7;
        in.need.osFamily = "linux";
        in.need.arch = rng() % 5 == 0 ? "x86_64" : "";
        in.need.sizedFromUtilisation = true;
        in.model = rng() % 10 < 7 ? DeploymentModel::VirtualMachine : DeploymentModel::Container;
        in.stateful = true;
        inv.workloads.push_back(std::move(w));
        inv.inputs.push_back(std::move(in));
    }
    return inv;
}

PlanOptions options()
{
    PlanOptions o;
    o.placement.purchase = {{},
                            {pricing::PurchaseOption::Spot, 0, std::nullopt},
                            {pricing::PurchaseOption::Reserved, 12, std::nullopt}};
    o.economics.onPrem.annualPerVcpu = 300; // a benchmark input, not a default
    o.economics.onPrem.source = "benchmark input";
    o.waves.maxServers = 200;
    return o;
}

// Baseline: one pass reading every offer's effective price.
void BM_BaselineScanOffers(benchmark::State& state)
{
    const auto offers = generateOffers(static_cast<std::uint64_t>(state.range(0)));
    for (auto _ : state) {
        double sum = 0;
        for (const auto& c : offers) {
            sum += c.effectiveHourly;
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// Building the skyline index from every offer (what follows the SQL pass).
void BM_BuildIndex(benchmark::State& state)
{
    const auto offers = generateOffers(static_cast<std::uint64_t>(state.range(0)));
    for (auto _ : state) {
        PlacementIndex index(offers);
        benchmark::DoNotOptimize(index.skylineSize());
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

// 10,000 needs placed under three purchase options, every provider and region allowed (the worst
// case: every pool is examined for every need).
void BM_Place10k(benchmark::State& state)
{
    const PlacementIndex index(generateOffers(static_cast<std::uint64_t>(state.range(0))));
    const auto inv = generateInventory(10000);
    const auto o = options();
    for (auto _ : state) {
        std::size_t placed = 0;
        for (const auto& in : inv.inputs) {
            placed += index.place(in.need, DeploymentModel::VirtualMachine, o.placement).placed;
        }
        benchmark::DoNotOptimize(placed);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 10000);
}

// The whole plan for 10,000 workloads: placement, container packing, groups, waves, economics.
void BM_BuildPlan10k(benchmark::State& state)
{
    const PlacementIndex index(generateOffers(static_cast<std::uint64_t>(state.range(0))));
    const auto inv = generateInventory(10000);
    const auto o = options();
    for (auto _ : state) {
        auto plan = buildPlan(inv.workloads, inv.inputs, index, o);
        if (!plan) {
            state.SkipWithError(plan.error().message.c_str());
            break;
        }
        benchmark::DoNotOptimize(plan->economics.npv);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 10000);
}

// loadCandidates(): one SQL scan of the offers table folded to the cheapest offer per shape.
void BM_LoadCandidates(benchmark::State& state)
{
    const auto rows = static_cast<std::uint64_t>(state.range(0));
    const auto dir = std::filesystem::temp_directory_path() / "cloudcost-bench-plan";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    {
        auto ws = pricing::Workspace::open(dir / "ws.db");
        if (!ws) {
            state.SkipWithError(ws.error().message.c_str());
            return;
        }
        auto& db = ws->database();
        (void)db.exec("BEGIN");
        (void)db.exec("INSERT INTO sources(id, name, sha256, format, key, imported_at)"
                      " VALUES (1, 'bench', '', 'price-book', 'bench', '')");
        auto st = db.prepare(
            "INSERT INTO offers(source_id, provider, service, region, zone, instance_type, vcpus,"
            " memory_gib, gpu_model, arch, os, license_model, preinstalled_software, tenancy,"
            " purchase_option, term_months, payment_option, offering_class, hourly, upfront,"
            " effective_hourly, currency, effective_date, sku)"
            " VALUES (1, ?, 'bench', ?, '', ?, ?, ?, '', ?, 'linux', '', '', 'shared', ?, ?, ?,"
            " '', ?, ?, ?, 'USD', '', '')");
        if (!st) {
            state.SkipWithError(st.error().message.c_str());
            return;
        }
        for (const auto& c : generateOffers(rows)) {
            st->bind(1, c.provider).bind(2, c.region).bind(3, c.instanceType);
            st->bind(4, c.vcpus).bind(5, c.memoryGib).bind(6, c.arch);
            st->bind(7, std::string(pricing::toString(c.purchaseOption)));
            st->bind(8, c.termMonths).bind(9, std::string(pricing::toString(c.paymentOption)));
            st->bind(10, c.hourly).bind(11, c.upfront).bind(12, c.effectiveHourly);
            (void)st->run();
            st->reset();
        }
        (void)db.exec("COMMIT");
        const auto o = options();
        std::size_t candidates = 0;
        for (auto _ : state) {
            auto cands = loadCandidates(*ws, o.placement);
            if (!cands) {
                state.SkipWithError(cands.error().message.c_str());
                break;
            }
            candidates = cands->size();
            benchmark::DoNotOptimize(cands->data());
        }
        state.counters["candidates"] = static_cast<double>(candidates);
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
    }
    std::filesystem::remove_all(dir);
}

} // namespace

BENCHMARK(BM_LoadCandidates)->Arg(100000)->Arg(400000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BaselineScanOffers)->Arg(100000)->Arg(400000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildIndex)->Arg(100000)->Arg(400000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Place10k)->Arg(100000)->Arg(400000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BuildPlan10k)->Arg(100000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
