#include "benchmark-runner/ProbeStats.h"
#include "benchmark-runner/Runner.h"
#include "benchmark-runner/probes/CpuProbe.h"
#include "benchmark-runner/probes/LatencyHistogram.h"
#include "benchmark-runner/probes/MemoryBandwidthProbe.h"
#include "benchmark-runner/probes/MemoryLatencyProbe.h"
#include "benchmark-runner/probes/StorageProbe.h"
#include "benchmark-runner/probes/StorageTarget.h"
#include "benchmark-runner/probes/TcpLoopbackProbe.h"
#include "benchmark-runner/probes/ThreadTeam.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <memory>

#include "tests/support/TestData.h"
#include <unistd.h>

using namespace cloudcost::benchmark;
using cloudcost::Error;
namespace fs = std::filesystem;

// Every probe here runs with a tiny budget and is checked for sanity only (positive, finite,
// units, parameters), never for speed (BENCHMARKS.md §4.5).

namespace {

ProbePlan tinyPlan()
{
    ProbePlan p;
    p.warmups = 1;
    p.warmupSeconds = 0.005;
    p.repetitions = 2;
    p.repetitionSeconds = 0.02;
    // A safety bound, not a performance check: under a loaded CI machine (asan, -j2, O_DIRECT
    // writes beside a build) one storage probe once needed more than 30 s.
    p.timeBoundSeconds = 600;
    p.maxReruns = 0;
    return p;
}

// Cancelled once cancelled() has been asked `after` times (deterministic, no clock).
class CancelAfter final : public cloudcost::ProgressSink
{
public:
    explicit CancelAfter(int after)
        : m_after(after)
    {}
    void progress(std::uint64_t, std::uint64_t) override {}
    bool cancelled() const override { return m_calls.fetch_add(1) >= m_after; }

private:
    int m_after;
    mutable std::atomic<int> m_calls{0};
};

// A plan whose repetitions would last a minute: only cancellation can end it quickly.
ProbePlan longPlan()
{
    ProbePlan p = tinyPlan();
    p.warmupSeconds = 60;
    p.repetitionSeconds = 60;
    p.timeBoundSeconds = 600;
    return p;
}

void checkSane(const ProbeOutcome& out, const std::string& unit)
{
    INFO(out.sample.metric);
    CHECK(out.sample.unit == unit);
    CHECK(std::isfinite(out.sample.value));
    CHECK(out.sample.value > 0);
    CHECK(out.sample.rawValues.size() == 2);
    REQUIRE(out.sample.mean);
    CHECK(*out.sample.mean > 0);
    REQUIRE(out.sample.cv);
    CHECK(*out.sample.cv >= 0);
    REQUIRE(out.sample.ciLow);
    CHECK(*out.sample.ciLow <= *out.sample.ciHigh);
}

bool isEmptyDir(const fs::path& dir)
{
    return fs::is_directory(dir) && fs::directory_iterator(dir) == fs::directory_iterator();
}

} // namespace

TEST_CASE("CPU probes give positive rates on one and all threads", "[benchmark][probe]")
{
    const auto [kernel, threads, unit] = GENERATE(table<CpuProbe::Kernel, int, const char*>(
        {{CpuProbe::Kernel::Integer, 1, "ops/s"},
         {CpuProbe::Kernel::FloatingPoint, 1, "flop/s"},
         {CpuProbe::Kernel::Integer, 0, "ops/s"},
         {CpuProbe::Kernel::FloatingPoint, 0, "flop/s"}}));
    CpuProbe probe({kernel, threads});
    auto out = measureProbe(probe, tinyPlan());
    REQUIRE(out);
    checkSane(*out, unit);
    CHECK(out->sample.higherIsBetter);
    const auto expectedThreads = threads == 0 ? ThreadTeam::allowedCpus().size() : 1U;
    CHECK(out->sample.parameters.at("threads") == std::to_string(expectedThreads));
}

TEST_CASE("The triad probe gives a positive bandwidth", "[benchmark][probe]")
{
    const int threads = GENERATE(1, 0);
    MemoryBandwidthProbe probe({threads, 2 * 1024 * 1024});
    auto out = measureProbe(probe, tinyPlan());
    REQUIRE(out);
    checkSane(*out, "B/s");
    CHECK(out->sample.metric == "memory.triad.bandwidth");
    CHECK(out->sample.parameters.at("array_bytes") == std::to_string(2 * 1024 * 1024));
}

TEST_CASE("The triad array rule follows STREAM and the memory limits", "[benchmark][probe]")
{
    constexpr std::size_t MiB = 1024 * 1024;
    std::string warning;
    // 32 MiB LLC, plenty of memory: 4 × 32 = 128 MiB per array (STREAM rule).
    CHECK(MemoryBandwidthProbe::ruleArrayBytes(32 * MiB, 64ULL << 30, 1024 * MiB, warning)
          == 128 * MiB);
    CHECK(warning.empty());
    // Small LLC: the 64 MiB floor of BENCHMARKS.md §4.4.
    CHECK(MemoryBandwidthProbe::ruleArrayBytes(1 * MiB, 64ULL << 30, 1024 * MiB, warning)
          == 64 * MiB);
    // A huge reported LLC: capped at 1 GiB and warned about.
    CHECK(MemoryBandwidthProbe::ruleArrayBytes(508 * MiB, 64ULL << 30, 1024 * MiB, warning)
          == 1024 * MiB);
    CHECK_THAT(warning, Catch::Contains("below 4 x"));
    // Little memory: at most 1/8 of it per array.
    warning.clear();
    CHECK(MemoryBandwidthProbe::ruleArrayBytes(16 * MiB, 256 * MiB, 1024 * MiB, warning)
          == 32 * MiB);
    CHECK_FALSE(warning.empty());
    // The quick profile's 256 MiB bound.
    warning.clear();
    CHECK(MemoryBandwidthProbe::ruleArrayBytes(508 * MiB, 64ULL << 30, 256 * MiB, warning)
          == 256 * MiB);
    CHECK_FALSE(warning.empty());
}

TEST_CASE("The pointer chase gives a positive latency per load", "[benchmark][probe]")
{
    MemoryLatencyProbe probe({64 * 1024});
    CHECK(probe.info().name == "memory.latency.64KiB");
    auto out = measureProbe(probe, tinyPlan());
    REQUIRE(out);
    checkSane(*out, "s");
    CHECK_FALSE(out->sample.higherIsBetter);
    CHECK(out->sample.value < 1e-3); // sanity: a load never takes a millisecond
}

TEST_CASE("Storage probes measure the temporary file and leave nothing behind",
          "[benchmark][probe][storage]")
{
    const auto dir = cloudcost::testing::makeTempDir("storage");
    {
        auto target = std::make_shared<StorageTarget>(dir, 4 * 1024 * 1024);
        using P = StorageProbe::Pattern;
        const std::vector<StorageProbe::Config> configs{{P::RandomRead, 4096, 1, target},
                                                        {P::RandomRead, 4096, 4, target},
                                                        {P::RandomWrite, 4096, 1, target},
                                                        {P::SequentialRead, 1 << 20, 1, target},
                                                        {P::SequentialWrite, 1 << 20, 1, target}};
        for (const auto& config : configs) {
            StorageProbe probe(config);
            auto out = measureProbe(probe, tinyPlan());
            INFO((out ? std::string() : out.error().message));
            REQUIRE(out);
            checkSane(*out,
                      config.pattern == P::RandomRead || config.pattern == P::RandomWrite ? "ops/s"
                                                                                          : "B/s");
            CHECK(out->sample.parameters.count("o_direct") == 1);
            if (config.pattern == P::RandomRead || config.pattern == P::RandomWrite) {
                REQUIRE(out->extras.size() == 3);
                CHECK(out->extras[0].metric
                      == out->sample.metric.substr(0, out->sample.metric.size() - 5)
                             + ".latency.p50");
                CHECK(out->extras[0].value > 0);
                CHECK(out->extras[0].value <= out->extras[1].value);
                CHECK(out->extras[1].value <= out->extras[2].value);
            }
            // The file was unlinked right after creation: the directory is already empty.
            CHECK(isEmptyDir(dir));
        }
        CHECK(target->fd() >= 0);
    }
    CHECK(isEmptyDir(dir));
    fs::remove_all(dir);
}

TEST_CASE("A cancelled storage probe stops and leaves nothing behind",
          "[benchmark][probe][storage]")
{
    const auto dir = cloudcost::testing::makeTempDir("storage-cancel");
    {
        auto target = std::make_shared<StorageTarget>(dir, 4 * 1024 * 1024);
        StorageProbe probe({StorageProbe::Pattern::RandomWrite, 4096, 1, target});
        CancelAfter cancel(20);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
    CHECK(isEmptyDir(dir));
    fs::remove_all(dir);
}

TEST_CASE("A missing storage directory is an error naming it", "[benchmark][probe][storage]")
{
    auto target = std::make_shared<StorageTarget>("/nonexistent/cloudcost-dir", 1 << 20);
    StorageProbe probe({StorageProbe::Pattern::RandomRead, 4096, 1, target});
    auto out = measureProbe(probe, tinyPlan());
    REQUIRE_FALSE(out);
    CHECK(out.error().code == Error::Code::NotFound);
    CHECK_THAT(out.error().context, Catch::Contains("/nonexistent/cloudcost-dir"));
}

TEST_CASE("A directory on tmpfs is measured with a warning that it is not a disk",
          "[benchmark][probe][storage]")
{
    const fs::path shm = "/dev/shm";
    if (!fs::is_directory(shm)) {
        WARN("no /dev/shm here");
        return;
    }
    const auto dir = shm / ("cloudcost-test-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    {
        auto target = std::make_shared<StorageTarget>(dir, 1 << 20);
        StorageProbe probe({StorageProbe::Pattern::RandomRead, 4096, 1, target});
        auto out = measureProbe(probe, tinyPlan());
        REQUIRE(out);
        if (target->filesystem() != "tmpfs") {
            WARN("/dev/shm is not tmpfs here");
        } else {
            bool warned = false;
            for (const auto& w : out->warnings) {
                warned = warned || w.find("on tmpfs") != std::string::npos;
            }
            CHECK(warned);
        }
    }
    CHECK(isEmptyDir(dir));
    fs::remove_all(dir);
}

TEST_CASE("A filesystem that refuses O_DIRECT falls back to buffered I/O with a warning",
          "[benchmark][probe][storage]")
{
    // Before Linux 6.6 tmpfs refused O_DIRECT with EINVAL; the target can act like that.
    const auto dir = cloudcost::testing::makeTempDir("storage-buffered");
    {
        auto target = std::make_shared<StorageTarget>(dir, 1 << 20, false);
        StorageProbe probe({StorageProbe::Pattern::RandomWrite, 4096, 1, target});
        auto out = measureProbe(probe, tinyPlan());
        REQUIRE(out);
        CHECK(out->sample.parameters.at("o_direct") == "no");
        bool warned = false;
        for (const auto& w : out->warnings) {
            warned = warned || w.find("refused O_DIRECT") != std::string::npos;
        }
        CHECK(warned);
    }
    CHECK(isEmptyDir(dir));
    fs::remove_all(dir);
}

TEST_CASE("Loopback TCP gives a round-trip time and a throughput", "[benchmark][probe][net]")
{
    {
        TcpLoopbackProbe rr({TcpLoopbackProbe::Mode::RequestResponse, 0});
        auto out = measureProbe(rr, tinyPlan());
        REQUIRE(out);
        checkSane(*out, "s");
        CHECK(out->sample.value < 1.0); // sanity: a loopback round trip is not a second
        REQUIRE(out->extras.size() == 2);
        CHECK(out->extras[0].metric == "net.tcp.rtt.p50");
        CHECK(out->extras[0].value <= out->extras[1].value);
    }
    {
        TcpLoopbackProbe stream({TcpLoopbackProbe::Mode::Stream, 0});
        auto out = measureProbe(stream, tinyPlan());
        REQUIRE(out);
        checkSane(*out, "bit/s");
        CHECK(out->sample.metric == "net.tcp.throughput");
    }
}

TEST_CASE("Cancellation stops a probe in the middle of a long repetition", "[benchmark][probe]")
{
    // Each repetition would last 60 s; the sink cancels after a few polls, so the test finishing
    // at all shows the probes poll inside repetitions.
    SECTION("cpu single")
    {
        CpuProbe probe({CpuProbe::Kernel::Integer, 1});
        CancelAfter cancel(5);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
    SECTION("cpu multi")
    {
        CpuProbe probe({CpuProbe::Kernel::FloatingPoint, 0});
        CancelAfter cancel(5);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
    SECTION("memory latency")
    {
        MemoryLatencyProbe probe({256 * 1024});
        CancelAfter cancel(5);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
    SECTION("memory bandwidth")
    {
        MemoryBandwidthProbe probe({1, 1024 * 1024});
        CancelAfter cancel(5);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
    SECTION("tcp round trips")
    {
        TcpLoopbackProbe probe({TcpLoopbackProbe::Mode::RequestResponse, 0});
        CancelAfter cancel(5);
        auto out = measureProbe(probe, longPlan(), &cancel);
        REQUIRE_FALSE(out);
        CHECK(out.error().code == Error::Code::Cancelled);
    }
}

TEST_CASE("The latency histogram finds percentiles within its bucket precision",
          "[benchmark][probe]")
{
    LatencyHistogram h;
    for (std::uint64_t ns = 1; ns <= 100000; ++ns) {
        h.record(ns);
    }
    CHECK(h.count() == 100000);
    CHECK(h.quantileNs(0.5) == Approx(50000).epsilon(1.0 / 32));
    CHECK(h.quantileNs(0.99) == Approx(99000).epsilon(1.0 / 32));
    CHECK(h.quantileNs(0.00001) == Approx(1).margin(0.5));
    LatencyHistogram other;
    other.record(5);
    h.merge(other);
    CHECK(h.count() == 100001);
    h.clear();
    CHECK(h.quantileNs(0.5) == 0);
}

TEST_CASE("Planning selects probes by name or prefix and refuses unknown names",
          "[benchmark][runner]")
{
    std::vector<std::string> notes;
    RunnerOptions o;
    o.probes = {"cpu.int.single", "memory.latency"};
    auto planned = planProbes(o, notes);
    REQUIRE(planned);
    REQUIRE(planned->size() == 6); // 1 CPU probe + 5 latency sizes (quick)
    CHECK((*planned)[0].probe->info().name == "cpu.int.single");
    CHECK((*planned)[0].plan.repetitions == 7); // BENCHMARKS.md §4.2 quick: 1 + 7
    CHECK((*planned)[1].probe->info().name == "memory.latency.16KiB");

    o.probes = {"cpu.int.sing"};
    auto bad = planProbes(o, notes);
    REQUIRE_FALSE(bad);
    CHECK_THAT(bad.error().message, Catch::Contains("--probe 'cpu.int.sing'"));

    o.probes = {"disk.randread.qd1"};
    auto noDir = planProbes(o, notes);
    REQUIRE_FALSE(noDir);
    CHECK_THAT(noDir.error().message, Catch::Contains("--dir"));

    o.probes.clear();
    notes.clear();
    auto all = planProbes(o, notes);
    REQUIRE(all);
    bool skippedStorage = false;
    for (const auto& n : notes) {
        skippedStorage = skippedStorage || n.find("storage probes skipped") != std::string::npos;
    }
    CHECK(skippedStorage);
    o.profile = Profile::Full;
    auto full = planProbes(o, notes);
    REQUIRE(full);
    CHECK(nominalSeconds(*full) > nominalSeconds(*all));
}

TEST_CASE("The runner hands each probe to the sink as soon as it ends", "[benchmark][runner]")
{
    std::vector<std::string> notes;
    RunnerOptions o;
    o.probes = {"cpu.int.single", "memory.latency.16KiB", "net.tcp.rr"};
    auto planned = planProbes(o, notes);
    REQUIRE(planned);
    for (auto& p : *planned) {
        p.plan = tinyPlan();
    }
    std::vector<std::string> seen;
    auto result = runProbes(std::move(*planned), [&seen](const ProbeReport& r) {
        seen.push_back(r.probe);
        CHECK_FALSE(r.error);
        CHECK_FALSE(r.samples.empty());
        CHECK(r.total == 3);
        return cloudcost::Status{};
    });
    REQUIRE(result);
    CHECK_FALSE(result->cancelled);
    CHECK(seen == std::vector<std::string>{"cpu.int.single", "memory.latency.16KiB", "net.tcp.rr"});
    REQUIRE(result->reports.size() == 3);
    CHECK(result->reports[2].samples.size() == 3); // rtt + p50 + p99
}

TEST_CASE("A sink error stops the run and is returned", "[benchmark][runner]")
{
    std::vector<std::string> notes;
    RunnerOptions o;
    o.probes = {"cpu.int.single", "cpu.fp.single"};
    auto planned = planProbes(o, notes);
    REQUIRE(planned);
    for (auto& p : *planned) {
        p.plan = tinyPlan();
    }
    int calls = 0;
    auto result = runProbes(std::move(*planned), [&calls](const ProbeReport&) {
        ++calls;
        return cloudcost::Status(cloudcost::makeError(Error::Code::IoFailed, "disk full"));
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "disk full");
    CHECK(calls == 1);
}

TEST_CASE("A cancelled run reports the probes that finished", "[benchmark][runner]")
{
    std::vector<std::string> notes;
    RunnerOptions o;
    o.probes = {"cpu.int.single", "cpu.fp.single"};
    auto planned = planProbes(o, notes);
    REQUIRE(planned);
    for (auto& p : *planned) {
        p.plan = longPlan();
    }
    CancelAfter cancel(3);
    auto result = runProbes(std::move(*planned), {}, &cancel);
    REQUIRE(result);
    CHECK(result->cancelled);
    CHECK(result->reports.empty());
}
