// Measured virtualisation overhead: classification of runs, hardware families, and the
// direction-aware ratio, with real shared samples where the arithmetic allows.
#include "benchmark-runner/MeasuredOverhead.h"

#include "benchmark-runner/BenchImporter.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;

namespace {

BenchmarkRun importShared(const std::string& relative, std::int64_t id)
{
    auto run = importBenchmarkFile(testing::sharedData("benchmarks/" + relative));
    REQUIRE(run);
    run->id = id;
    return *run;
}

BenchmarkRun oneSample(std::int64_t id,
                       PlatformKind platform,
                       const std::string& cpu,
                       const std::string& metric,
                       double value,
                       bool higherIsBetter,
                       const std::string& unit)
{
    BenchmarkRun run;
    run.id = id;
    run.tool = "cloudcost";
    run.host.platform = platform;
    run.host.cpuModel = cpu;
    Sample s;
    s.metric = metric;
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = higherIsBetter;
    s.parameters = {{"threads", "1"}};
    run.samples.push_back(s);
    return run;
}

} // namespace

TEST_CASE("Runs are classified from host facts, then from a tagged instance type",
          "[benchmark][overhead]")
{
    struct Case
    {
        PlatformKind platform;
        const char* hypervisor;
        const char* provider;
        const char* instance;
        OverheadSide side;
    };
    const Case cases[] = {
        {PlatformKind::BareMetal, "", "", "", OverheadSide::BareMetal},
        {PlatformKind::VirtualMachine, "kvm", "", "", OverheadSide::VirtualMachine},
        {PlatformKind::Container, "kvm", "", "", OverheadSide::ContainerInVm},
        {PlatformKind::Container, "", "", "", OverheadSide::ContainerOnBareMetal},
        {PlatformKind::Unknown, "", "aws", "m5.metal", OverheadSide::BareMetal},
        {PlatformKind::Unknown, "", "aws", "m5.large", OverheadSide::VirtualMachine},
        {PlatformKind::Unknown, "", "gcp", "c3-standard-192-metal", OverheadSide::BareMetal},
        {PlatformKind::Unknown, "", "", "", OverheadSide::Unknown},
        // Host facts win over the tag.
        {PlatformKind::VirtualMachine, "amazon", "aws", "m5.metal", OverheadSide::VirtualMachine},
    };
    for (const auto& c : cases) {
        BenchmarkRun run;
        run.host.platform = c.platform;
        run.host.hypervisor = c.hypervisor;
        run.host.provider = c.provider;
        run.host.instanceType = c.instance;
        INFO(toString(c.platform) << " " << c.instance);
        const auto cls = classifyRun(run);
        CHECK(cls.side == c.side);
        CHECK_FALSE(cls.evidence.empty());
    }
}

TEST_CASE("Instance families group sizes with their metal type", "[benchmark][overhead]")
{
    const std::pair<const char*, const char*> cases[] = {
        {"m5.large", "m5"},
        {"m5.metal", "m5"},
        {"a1.metal", "a1"},
        {"c3-standard-8", "c3"},
        {"c3-standard-192-metal", "c3"},
        {"Standard_D4s_v5", "Standard_D4s_v5"},
    };
    for (const auto& [type, family] : cases) {
        INFO(type);
        CHECK(instanceFamily(type) == family);
    }
}

TEST_CASE("Metrics map to the rows of the published defaults", "[benchmark][overhead]")
{
    struct Case
    {
        const char* metric;
        const char* unit;
        const char* resource;
    };
    const Case cases[] = {
        {"cpu.events_per_s", "ops/s", "cpu_throughput"},
        {"cpu.event_latency.mean", "s", "cpu_throughput"},
        {"memory.triad.bandwidth", "B/s", "memory_bandwidth"},
        {"memory.latency", "s", "memory_latency"},
        {"net.tcp.throughput", "bit/s", "network_throughput"},
        {"net.tcp.latency", "s", "network_rtt_adder"},
        {"disk.randread.iops", "ops/s", ""},
    };
    for (const auto& c : cases) {
        INFO(c.metric);
        CHECK(overheadResourceFor(c.metric, c.unit) == c.resource);
        if (*c.resource) {
            bool known = false;
            for (const auto& row : overheadDefaults()) {
                known = known || row.resource == c.resource;
            }
            CHECK(known);
        }
    }
    CHECK(overheadColumnFor(OverheadSide::VirtualMachine) == OverheadPlatform::ModernVm);
    CHECK(overheadColumnFor(OverheadSide::ContainerOnBareMetal)
          == OverheadPlatform::ContainerOnBareMetal);
    CHECK_FALSE(overheadColumnFor(OverheadSide::BareMetal));
}

TEST_CASE("The same real result on a1.metal and a1.large measures no overhead",
          "[benchmark][overhead]")
{
    auto metal = importShared("sysbench/sysbench_cpu_1thread.txt", 1);
    metal.host.provider = "aws";
    metal.host.instanceType = "a1.metal";
    auto vm = importShared("sysbench/sysbench_cpu_1thread.txt", 2);
    vm.host.provider = "aws";
    vm.host.instanceType = "a1.large";
    const auto all = measureOverhead({metal, vm});
    REQUIRE_FALSE(all.empty());
    for (const auto& m : all) {
        INFO(m.metric);
        CHECK(m.family == "instance family aws a1");
        CHECK(m.side == OverheadSide::VirtualMachine);
        CHECK(m.ratio == Approx(1.0));
        CHECK(m.performanceMultiplier == Approx(1.0));
        CHECK(m.overheadPercent == Approx(0.0).margin(1e-9));
        CHECK(m.bareMetalRuns == std::vector<std::int64_t>{1});
        CHECK(m.measuredRuns == std::vector<std::int64_t>{2});
    }
    const auto eps = measureOverhead({metal, vm}, "cpu.events_per_s");
    REQUIRE(eps.size() == 1);
    CHECK(eps[0].bareMetal == Approx(1545.47)); // sysbench/README.md
    CHECK(eps[0].resource == "cpu_throughput");

    SECTION("another instance family is not compared")
    {
        vm.host.instanceType = "m5.large";
        CHECK(measureOverhead({metal, vm}).empty());
    }
}

TEST_CASE("Overhead ratios are direction-aware (worked examples from BENCHMARKS.md section 3.3)",
          "[benchmark][overhead]")
{
    // Values chosen so the ratio reproduces a §3.3 figure: modern VM CPU 0.98, Xen PV memory
    // latency ×1.1, container on bare metal CPU 1.00.
    struct Case
    {
        const char* metric;
        const char* unit;
        bool higherIsBetter;
        PlatformKind platform;
        double bareMetal;
        double measured;
        double ratio;
        double multiplier;
        double overheadPercent;
    };
    const Case cases[] = {
        {"cpu.events_per_s",
         "ops/s",
         true,
         PlatformKind::VirtualMachine,
         1000,
         980,
         0.98,
         0.98,
         2.0},
        {"memory.latency",
         "s",
         false,
         PlatformKind::VirtualMachine,
         100e-9,
         110e-9,
         1.1,
         1 / 1.1,
         (1 - 1 / 1.1) * 100},
        {"cpu.events_per_s", "ops/s", true, PlatformKind::Container, 1000, 1000, 1.0, 1.0, 0.0},
    };
    for (const auto& c : cases) {
        INFO(c.metric << " " << toString(c.platform));
        const std::string cpu = "AMD EPYC 7B13";
        auto bm = oneSample(1,
                            PlatformKind::BareMetal,
                            cpu,
                            c.metric,
                            c.bareMetal,
                            c.higherIsBetter,
                            c.unit);
        auto other = oneSample(2,
                               c.platform,
                               "AMD  EPYC 7B13 ",
                               c.metric,
                               c.measured,
                               c.higherIsBetter,
                               c.unit);
        const auto m = measureOverhead({bm, other});
        REQUIRE(m.size() == 1);
        CHECK(m[0].family == "CPU AMD EPYC 7B13");
        CHECK(m[0].ratio == Approx(c.ratio));
        CHECK(m[0].performanceMultiplier == Approx(c.multiplier));
        CHECK(m[0].overheadPercent == Approx(c.overheadPercent).margin(1e-9));
        CHECK(m[0].difference == Approx(c.measured - c.bareMetal));
    }
}

TEST_CASE("A pair found through instance family and CPU model is listed once",
          "[benchmark][overhead]")
{
    auto bm = oneSample(1,
                        PlatformKind::BareMetal,
                        "Intel Xeon Platinum 8175M",
                        "cpu.events_per_s",
                        1000,
                        true,
                        "ops/s");
    bm.host.provider = "aws";
    bm.host.instanceType = "m5.metal";
    auto vm = oneSample(2,
                        PlatformKind::VirtualMachine,
                        "Intel Xeon Platinum 8175M",
                        "cpu.events_per_s",
                        990,
                        true,
                        "ops/s");
    vm.host.provider = "aws";
    vm.host.instanceType = "m5.large";
    const auto m = measureOverhead({bm, vm});
    REQUIRE(m.size() == 1);
    CHECK(m[0].family == "instance family aws m5");

    SECTION("different CPU models without instance tags are not compared")
    {
        bm.host.instanceType.clear();
        vm.host.instanceType.clear();
        vm.host.cpuModel = "AMD EPYC 7R13";
        CHECK(measureOverhead({bm, vm}).empty());
    }
}
