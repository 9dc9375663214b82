#include "decision/rules/RightSizing.h"

#include "common/Text.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::decision;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

UtilisationRecord percentileRecord(double p, double cpu, double mem, double coverage, double days)
{
    UtilisationRecord r;
    r.source = "test";
    r.statistic = UtilStatistic::Percentile;
    r.percentile = p;
    r.cpu = cpu;
    r.memory = mem;
    r.coverage = coverage;
    r.windowDays = days;
    return r;
}

Workload vm(int vcpus, double memoryGib)
{
    Workload w;
    w.name = "vm";
    w.vcpus = vcpus;
    w.memoryMib = memoryGib * 1024.0;
    w.power = PowerState::On;
    return w;
}

// An hourly series over `days` whose CPU and memory values cycle through `values`.
UtilisationSeries hourly(double days, const std::vector<double>& values)
{
    UtilisationSeries s;
    s.source = "test";
    s.intervalSeconds = 3600;
    const auto n = static_cast<std::size_t>(days * 24);
    for (std::size_t i = 0; i < n; ++i) {
        s.times.push_back(1'700'000'000 + static_cast<std::int64_t>(i) * 3600);
        s.cpu.push_back(values[i % values.size()]);
        s.memory.push_back(values[i % values.size()]);
    }
    return s;
}

// Reads a Bitbrains GWA-T-12 trace in place (";\t"-separated, README in the shared folder) into a
// series: CPU usage [%] / 100, memory usage / provisioned.
Workload bitbrainsVm(const std::string& file)
{
    std::ifstream in(testing::sharedData("inventory/bitbrains-gwa-t-12/" + file));
    REQUIRE(in);
    std::string line;
    std::getline(in, line); // header
    Workload w;
    w.name = file;
    w.power = PowerState::On;
    UtilisationSeries s;
    s.source = "bitbrains";
    double maxMemKb = 0;
    while (std::getline(in, line)) {
        if (text::trim(line).empty()) {
            continue;
        }
        std::vector<double> f;
        for (auto part : text::split(line, ';')) {
            f.push_back(text::parseDouble(text::trim(part)).value_or(kNaN));
        }
        REQUIRE(f.size() == 11);
        s.times.push_back(static_cast<std::int64_t>(f[0]));
        w.vcpus = static_cast<int>(f[1]);
        s.cpu.push_back(f[4] / 100.0);
        s.memory.push_back(f[5] > 0 ? f[6] / f[5] : kNaN);
        maxMemKb = std::max(maxMemKb, f[5]);
    }
    w.memoryMib = maxMemKb / 1024.0;
    w.series.push_back(std::move(s));
    return w;
}

} // namespace

TEST_CASE("the percentile is nearest-rank: an observed value, no interpolation", "[rules][sizing]")
{
    // Hand-computed: rank = ceil(p/100 x n), 1-based, over the sorted non-NaN values.
    const std::vector<double> five = {15, 20, 35, 40, 50};
    const std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    struct Row
    {
        const std::vector<double>* values;
        double p;
        double expected;
    };
    const Row rows[] = {{&five, 5, 15},
                        {&five, 30, 20},
                        {&five, 40, 20},
                        {&five, 50, 35},
                        {&five, 100, 50},
                        {&five, 0, 15},
                        {&ten, 95, 10},
                        {&ten, 90, 9},
                        {&ten, 50, 5},
                        {&ten, 91, 10},
                        {&ten, 10, 1},
                        {&ten, 10.5, 2}};
    for (const auto& r : rows) {
        INFO("p = " << r.p);
        CHECK(nearestRankPercentile(*r.values, r.p) == Approx(r.expected));
    }
    CHECK(nearestRankPercentile({kNaN, 3.0, kNaN, 1.0}, 50) == Approx(1.0));
    CHECK_FALSE(nearestRankPercentile({kNaN}, 50));
    CHECK_FALSE(nearestRankPercentile({1.0}, 101));
}

TEST_CASE("the sizing defaults are MIGRATION.md §2.6's and each names its source",
          "[rules][sizing]")
{
    const SizingPolicy p;
    CHECK(p.percentile == 95.0);
    CHECK(p.comfort == 1.3);
    CHECK_FALSE(p.peakGuard);
    CHECK(p.peakGuardPercentile == 99.5);
    CHECK(p.peakGuardTargetUtilisation == 0.85);
    CHECK(p.minCoverage == 0.90);
    CHECK(p.minWindowDays == 7.0);
    CHECK(p.idleCpu == 0.05);
    CHECK(p.idleMemory == 0.05);
    CHECK(p.idleNetwork == 0.02);
    CHECK(p.minVcpus == 1.0);
    for (const auto& line : sizingPolicyTable(p)) {
        INFO(line.name);
        CHECK(text::startsWith(line.source, "default: MIGRATION.md §2.6"));
    }
    SizingPolicy changed;
    changed.comfort = 2.0;
    CHECK(sizingPolicyTable(changed)[1].source == "set by the user");
}

TEST_CASE("Azure Migrate's comfort-factor example sizes a 10-core VM at 20 % to 2 and 4 cores",
          "[rules][sizing]")
{
    // MIGRATION.md §2.1: "a 10-core VM at 20 % normally gives a 2-core VM; with comfort factor 2.0
    // a 4-core VM".
    struct Row
    {
        double comfort;
        double expectedVcpus;
    };
    for (const auto& row : {Row{1.0, 2.0}, Row{2.0, 4.0}, Row{1.3, 3.0}}) {
        auto w = vm(10, 40);
        w.utilisation.push_back(percentileRecord(95, 0.20, 0.50, 1.0, 30));
        SizingPolicy p;
        p.comfort = row.comfort;
        auto n = rightSize(w, p);
        REQUIRE(n);
        INFO("comfort " << row.comfort << ": " << n->basis);
        CHECK(n->vcpus == row.expectedVcpus);
        CHECK(n->memoryGib == Approx(40 * 0.5 * row.comfort));
        CHECK(n->sizedFromUtilisation);
    }
}

TEST_CASE("too little data sizes as allocated, without the comfort factor, and says why",
          "[rules][sizing]")
{
    struct Row
    {
        const char* what;
        std::optional<double> coverage;
        double days;
        const char* basisMentions;
    };
    const Row rows[] = {{"coverage below the gate", 0.89, 30, "coverage 89 % < 90 % gate"},
                        {"window below the gate", 0.99, 6, "window 6 d < 7 d gate"},
                        {"coverage unreported", std::nullopt, 30, "coverage not reported"}};
    for (const auto& r : rows) {
        INFO(r.what);
        auto w = vm(8, 32);
        auto rec = percentileRecord(95, 0.10, 0.10, 0.0, r.days);
        rec.coverage = r.coverage;
        w.utilisation.push_back(rec);
        auto n = rightSize(w, SizingPolicy{});
        REQUIRE(n);
        CHECK_FALSE(n->sizedFromUtilisation);
        CHECK(n->vcpus == 8.0);
        CHECK(n->memoryGib == 32.0);
        CHECK_THAT(n->basis, Catch::Contains("as allocated") && Catch::Contains(r.basisMentions));
    }
    SECTION("a record with another statistic is not used for P95")
    {
        auto w = vm(4, 16);
        auto rec = percentileRecord(95, 0.1, 0.1, 1.0, 30);
        rec.statistic = UtilStatistic::Average;
        w.utilisation.push_back(rec);
        auto n = rightSize(w, SizingPolicy{});
        REQUIRE(n);
        CHECK_FALSE(n->sizedFromUtilisation);
        CHECK_THAT(n->basis, Catch::Contains("no P95 utilisation figure (have: average)"));
    }
    SECTION("acceptUnreportedCoverage lets a record without coverage size")
    {
        auto w = vm(4, 16);
        auto rec = percentileRecord(95, 0.5, 0.5, 1.0, 30);
        rec.coverage.reset();
        w.utilisation.push_back(rec);
        SizingPolicy p;
        p.acceptUnreportedCoverage = true;
        auto n = rightSize(w, p);
        REQUIRE(n);
        CHECK(n->sizedFromUtilisation);
        CHECK(n->vcpus == 3.0); // ceil(4 x 0.5 x 1.3 = 2.6)
    }
}

TEST_CASE("right-sizing never goes below 1 vCPU and needs an allocation", "[rules][sizing]")
{
    auto w = vm(2, 8);
    w.utilisation.push_back(percentileRecord(95, 0.01, 0.02, 1.0, 30));
    auto n = rightSize(w, SizingPolicy{});
    REQUIRE(n);
    CHECK(n->vcpus == 1.0);
    CHECK(n->memoryGib == Approx(8 * 0.02 * 1.3));

    auto noCpu = vm(2, 8);
    noCpu.vcpus.reset();
    auto e = rightSize(noCpu, SizingPolicy{});
    REQUIRE_FALSE(e);
    CHECK_THAT(e.error().describe(),
               Catch::Contains("workload 'vm'") && Catch::Contains("no allocated vCPU count"));
    auto noMem = vm(2, 8);
    noMem.memoryMib.reset();
    REQUIRE_FALSE(rightSize(noMem, SizingPolicy{}));

    SizingPolicy bad;
    bad.percentile = 120;
    auto b = rightSize(w, bad);
    REQUIRE_FALSE(b);
    CHECK_THAT(b.error().describe(), Catch::Contains("percentile"));
}

TEST_CASE("a series is preferred and gives any percentile; the peak guard can govern",
          "[rules][sizing]")
{
    // 30 days hourly: 0.1 for 19 hours, then 0.6 for one, repeated.
    std::vector<double> cycle(19, 0.1);
    cycle.push_back(0.6);
    auto w = vm(8, 16);
    w.series.push_back(hourly(30, cycle));
    // Also a conflicting record: the series wins.
    w.utilisation.push_back(percentileRecord(95, 0.9, 0.9, 1.0, 30));
    // 720 samples, 36 of them 0.6: P95 rank = 684 -> the 684th smallest = 0.1 (684 values are 0.1).
    auto n = rightSize(w, SizingPolicy{});
    REQUIRE(n);
    INFO(n->basis);
    CHECK(n->sizedFromUtilisation);
    CHECK(n->vcpus == 2.0); // ceil(8 x 0.1 x 1.3 = 1.04)
    CHECK_THAT(n->basis, Catch::Contains("coverage 100 %") && Catch::Contains("series test"));

    SizingPolicy guard;
    guard.peakGuard = true;
    auto g = rightSize(w, guard);
    REQUIRE(g);
    INFO(g->basis);
    CHECK(g->vcpus == 6.0); // ceil(8 x 0.6 / 0.85 = 5.65)
    CHECK(g->memoryGib == Approx(16 * 0.6 / 0.85));
    CHECK_THAT(g->basis, Catch::Contains("governs"));

    SECTION("gaps in the series lower the coverage below the gate")
    {
        auto sparse = vm(8, 16);
        auto s = hourly(30, cycle);
        for (std::size_t i = 0; i < s.cpu.size(); i += 5) {
            s.cpu[i] = kNaN;
            s.memory[i] = kNaN;
        }
        sparse.series.push_back(s);
        auto r = rightSize(sparse, SizingPolicy{});
        REQUIRE(r);
        CHECK_FALSE(r->sizedFromUtilisation);
        CHECK_THAT(r->basis, Catch::Contains("coverage 80 % < 90 % gate"));
    }
}

TEST_CASE("raising the comfort factor never lowers the need", "[rules][sizing][property]")
{
    // Deterministic pseudo-random workloads (LCG), comfort from 0.5 to 3 in steps of 0.05.
    std::uint64_t state = 42;
    auto next = [&]() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53);
    };
    for (int i = 0; i < 300; ++i) {
        auto w = vm(1 + static_cast<int>(next() * 63), 1 + next() * 255);
        w.utilisation.push_back(
            percentileRecord(95, next() * 1.2, next(), 0.85 + next() * 0.15, 3 + next() * 30));
        for (bool guard : {false, true}) {
            SizingPolicy p;
            p.peakGuard = guard;
            double lastCpu = 0;
            double lastMem = 0;
            for (double c = 0.5; c <= 3.0; c += 0.05) {
                p.comfort = c;
                auto n = rightSize(w, p);
                REQUIRE(n);
                CHECK(n->vcpus >= lastCpu);
                CHECK(n->memoryGib >= lastMem - 1e-12);
                CHECK(n->vcpus >= 1.0);
                lastCpu = n->vcpus;
                lastMem = n->memoryGib;
            }
        }
    }
}

TEST_CASE("every workload gets exactly one class with its reason", "[rules][classify]")
{
    struct Row
    {
        const char* what;
        std::function<void(Workload&)> setup;
        WorkloadClass expected;
        const char* reasonMentions;
    };
    const Row rows[] = {
        {"template", [](Workload& w) { w.isTemplate = true; }, WorkloadClass::Template, "template"},
        {"powered off",
         [](Workload& w) { w.power = PowerState::Off; },
         WorkloadClass::PoweredOff,
         "retire candidate"},
        {"suspended",
         [](Workload& w) { w.power = PowerState::Suspended; },
         WorkloadClass::PoweredOff,
         "suspended"},
        {"no data", [](Workload&) {}, WorkloadClass::Unknown, "no utilisation data"},
        {"low coverage",
         [](Workload& w) { w.utilisation.push_back(percentileRecord(95, 0.5, 0.5, 0.5, 30)); },
         WorkloadClass::Unknown,
         "coverage 50 % < 90 % gate"},
        {"zombie: all zero with network 0",
         [](Workload& w) {
             auto r = percentileRecord(95, 0, 0, 0.95, 30);
             r.networkMBps = 0.0;
             w.utilisation.push_back(r);
         },
         WorkloadClass::Zombie,
         "decommission"},
        {"all zero but network unmeasured is idle, not zombie",
         [](Workload& w) { w.utilisation.push_back(percentileRecord(95, 0, 0, 0.95, 30)); },
         WorkloadClass::Idle,
         "network not measured"},
        {"idle below 5 %",
         [](Workload& w) { w.utilisation.push_back(percentileRecord(95, 0.049, 0.03, 1, 30)); },
         WorkloadClass::Idle,
         "CPU P95 4.9 % < 5 %"},
        {"5 % CPU is active (idle is strictly below)",
         [](Workload& w) { w.utilisation.push_back(percentileRecord(95, 0.05, 0.03, 1, 30)); },
         WorkloadClass::Active,
         "CPU P95 5 % >= 5 %"},
        {"memory keeps it active",
         [](Workload& w) { w.utilisation.push_back(percentileRecord(95, 0.01, 0.40, 1, 30)); },
         WorkloadClass::Active,
         "memory P95 40 % >= 5 %"},
    };
    for (const auto& r : rows) {
        INFO(r.what);
        auto w = vm(4, 8);
        r.setup(w);
        auto c = classify(w, SizingPolicy{});
        CHECK(workloadClassName(c.cls) == std::string(workloadClassName(r.expected)));
        CHECK_THAT(c.reason, Catch::Contains(r.reasonMentions));
    }
    SECTION("with a NIC capacity, network >= 2 % keeps a low-CPU workload active")
    {
        auto w = vm(4, 8);
        auto rec = percentileRecord(95, 0.01, 0.01, 1, 30);
        rec.networkMBps = 3.0;
        w.utilisation.push_back(rec);
        SizingPolicy p;
        p.nicCapacityMBps = 125.0; // 1 Gbit/s
        auto c = classify(w, p);
        CHECK(c.cls == WorkloadClass::Active);
        CHECK_THAT(c.reason, Catch::Contains("network 2.4 %"));
        rec.networkMBps = 2.0;
        w.utilisation = {rec};
        CHECK(classify(w, p).cls == WorkloadClass::Idle);
    }
}

TEST_CASE("the real Bitbrains traces size and classify from their 5-minute series",
          "[rules][sizing][classify][realdata]")
{
    // shared/data/inventory/bitbrains-gwa-t-12, 30 days at 5 minutes. Expected figures computed
    // independently (Python, nearest rank) from the same files: VM 1 has 8,260 samples over
    // 29.999 days (coverage 95.6 %), CPU P95 0.166, memory P95 0.17733; VM 2 CPU P95 0.
    auto w1 = bitbrainsVm("rnd_2013-7_vm1.csv");
    REQUIRE(w1.vcpus == 2);
    auto f = utilisationFor(w1, SizingPolicy{});
    REQUIRE(f);
    CHECK(f->passesGate);
    CHECK(*f->coverage == Approx(0.95604).epsilon(1e-4));
    CHECK(f->windowDays == Approx(29.9995).epsilon(1e-4));
    CHECK(*f->cpu == Approx(0.166));
    CHECK(*f->memory == Approx(0.17733306884765626));
    auto n = rightSize(w1, SizingPolicy{});
    REQUIRE(n);
    INFO(n->basis);
    CHECK(n->sizedFromUtilisation);
    CHECK(n->vcpus == 1.0); // ceil(2 x 0.166 x 1.3 = 0.43)
    CHECK(n->memoryGib == Approx(8.0 * 0.17733306884765626 * 1.3));
    CHECK(classify(w1, SizingPolicy{}).cls == WorkloadClass::Active);

    auto w2 = bitbrainsVm("rnd_2013-7_vm2.csv");
    const auto c2 = classify(w2, SizingPolicy{});
    INFO(c2.reason);
    CHECK(c2.cls == WorkloadClass::Idle);
    CHECK_THAT(c2.reason,
               Catch::Contains("CPU P95 0 %") && Catch::Contains("network not measured"));
}
