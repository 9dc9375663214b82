#include "decision/VcpuNormalisation.h"

#include <catch2/catch.hpp>

using namespace cloudcost;
using namespace cloudcost::decision;
using benchmark::BenchmarkRun;
using benchmark::Sample;

namespace {

BenchmarkRun run(std::int64_t id,
                 const std::string& provider,
                 const std::string& type,
                 std::vector<std::tuple<std::string, double, std::string>> samples,
                 bool higherIsBetter = true)
{
    BenchmarkRun r;
    r.id = id;
    r.tool = "sysbench";
    r.host.provider = provider;
    r.host.instanceType = type;
    for (const auto& [metric, value, threads] : samples) {
        Sample s;
        s.metric = metric;
        s.value = value;
        s.unit = higherIsBetter ? "ops/s" : "s";
        s.higherIsBetter = higherIsBetter;
        if (!threads.empty()) {
            s.parameters["threads"] = threads;
        }
        s.parameters["job"] = "label " + std::to_string(id); // labels never split groups
        r.samples.push_back(s);
    }
    return r;
}

const std::string kCpu = "cpu.events_per_s";

} // namespace

TEST_CASE("vCPU factors are each type's per-vCPU result over the reference's", "[decision][perf]")
{
    // Reference run 1 (the on-prem host, untagged), two cloud types, one measured twice.
    const std::vector<BenchmarkRun> runs = {
        run(1, "", "", {{kCpu, 1000.0, "1"}}),
        run(2, "aws", "m7i.large", {{kCpu, 1250.0, "1"}}),
        run(3, "aws", "m7i.large", {{kCpu, 1350.0, "1"}}),
        run(4, "azure", "Standard_D2s_v3", {{kCpu, 800.0, "1"}}),
    };
    auto n = normaliseVcpus(runs, kCpu, "1");
    INFO((n ? std::string() : n.error().message));
    REQUIRE(n);
    CHECK(n->referenceValue == 1000.0);
    CHECK(n->referenceRuns == std::vector<std::int64_t>{1});
    CHECK(n->referenceLabel == "run 1 (sysbench)");
    const auto f = n->byInstanceType();
    REQUIRE(f.size() == 2);
    CHECK(f.at("m7i.large") == Approx(1.3)); // median of 1250 and 1350 over 1000
    CHECK(f.at("standard_d2s_v3") == Approx(0.8));
    CHECK(n->notes.empty());
}

TEST_CASE("vCPU factors compare like with like and invert lower-is-better metrics",
          "[decision][perf]")
{
    SECTION("only the parameter sets both have count; the ratios' median is the factor")
    {
        const std::vector<BenchmarkRun> runs = {
            run(1, "aws", "m5.large", {{kCpu, 1000.0, "1"}, {kCpu, 1800.0, "2"}}),
            run(2, "aws", "m6i.large", {{kCpu, 1100.0, "1"}, {kCpu, 2160.0, "2"}}),
            run(3, "aws", "c5.large", {{kCpu, 5000.0, "8"}}), // nothing shared
        };
        auto n = normaliseVcpus(runs, kCpu, "M5.Large"); // types match case-insensitively
        REQUIRE(n);
        CHECK(n->referenceLabel == "instance type m5.large");
        REQUIRE(n->factors.size() == 2); // m5.large itself (1.0) and m6i.large
        const auto f = n->byInstanceType();
        CHECK(f.at("m5.large") == Approx(1.0));
        CHECK(f.at("m6i.large") == Approx((1.1 + 1.2) / 2)); // ratios 1.1 (1 thread), 1.2 (2)
        REQUIRE(n->notes.size() == 1);
        CHECK_THAT(n->notes[0], Catch::Contains("c5.large") && Catch::Contains("threads=8"));
    }
    SECTION("a latency: half the time is twice the speed")
    {
        const std::vector<BenchmarkRun> runs = {
            run(1, "", "", {{"cpu.latency", 2.0, ""}}, false),
            run(2, "gcp", "n2-standard-2", {{"cpu.latency", 1.0, ""}}, false),
        };
        auto n = normaliseVcpus(runs, "cpu.latency", "1");
        REQUIRE(n);
        CHECK_FALSE(n->higherIsBetter);
        CHECK(n->byInstanceType().at("n2-standard-2") == Approx(2.0));
    }
    SECTION("a factor far from 1 is kept and questioned")
    {
        const std::vector<BenchmarkRun> runs = {
            run(1, "", "", {{kCpu, 100.0, "1"}}),
            run(2, "aws", "m7i.large", {{kCpu, 500.0, "1"}}),
        };
        auto n = normaliseVcpus(runs, kCpu, "1");
        REQUIRE(n);
        CHECK(n->byInstanceType().at("m7i.large") == Approx(5.0));
        REQUIRE(n->notes.size() == 1);
        CHECK_THAT(n->notes[0], Catch::Contains("same thread count"));
    }
}

TEST_CASE("vCPU normalisation refuses what it cannot compare", "[decision][perf]")
{
    const std::vector<BenchmarkRun> runs = {
        run(1, "", "", {{kCpu, 1000.0, "1"}}),
        run(2, "aws", "m7i.large", {{kCpu, 1250.0, "4"}}),
    };
    struct Case
    {
        std::vector<BenchmarkRun> runs;
        std::string metric, reference, expected;
    };
    auto twoProviders = runs;
    twoProviders[1].samples[0].parameters["threads"] = "1";
    twoProviders.push_back(run(3, "gcp", "m7i.large", {{kCpu, 900.0, "1"}}));
    auto twoUnits = runs;
    twoUnits[1].samples[0].unit = "score";
    const std::vector<Case> cases = {
        {runs, "cpu.nothing", "1", "Metrics that exist:\n  cpu.events_per_s"},
        {{}, kCpu, "1", "no results are stored"},
        {runs, kCpu, "9", "no stored benchmark run has the id 9"},
        {runs, kCpu, "m9.huge", "tagged with the instance type 'm9.huge'"},
        {runs, kCpu, " ", "name the reference"},
        {runs, kCpu, "1", "under the reference's parameters (threads=1)"},
        {twoProviders, kCpu, "1", "tagged under two providers (aws, gcp)"},
        {twoUnits, kCpu, "1", "several units (ops/s, score)"},
    };
    for (const auto& c : cases) {
        auto n = normaliseVcpus(c.runs, c.metric, c.reference);
        INFO(c.expected);
        REQUIRE_FALSE(n);
        CHECK_THAT(n.error().message, Catch::Contains(c.expected));
    }
}
