#include "benchmark-runner/Runner.h"

#include "benchmark-runner/probes/CpuProbe.h"
#include "benchmark-runner/probes/MemoryBandwidthProbe.h"
#include "benchmark-runner/probes/MemoryLatencyProbe.h"
#include "benchmark-runner/probes/StorageProbe.h"
#include "benchmark-runner/probes/StorageTarget.h"
#include "benchmark-runner/probes/TcpLoopbackProbe.h"
#include "benchmark-runner/probes/ThreadTeam.h"

#include <algorithm>
#include <set>

namespace cloudcost::benchmark {

std::string_view toString(Profile profile)
{
    return profile == Profile::Full ? "full" : "quick";
}

namespace {

constexpr std::uint64_t kGiB = 1ULL << 30;

// Repetition counts and durations per probe family and profile. Sources: BENCHMARKS.md §4.2
// (quick / thorough columns; "≥ 100 ms per repetition"; CPU "calibrated to ~0.2 s per
// repetition"; storage "5 s per pattern after 1 s warm-up" / "30 s per pattern after 5 s ramp";
// network "5 s RR + 5 s stream" / "30 s + 30 s") and §4.3 item 2 (≥ 5 repetitions quick,
// 11–21 thorough).
struct Durations
{
    int warmups;
    double warmupSeconds;
    int repetitions;
    double repetitionSeconds;
    // Allowance for prepare() (allocation, file pre-fill) in the time bound. Not a model
    // parameter: a safety limit so that every probe ends.
    double prepareSeconds;
};

ProbePlan planOf(const Durations& d)
{
    ProbePlan p;
    p.warmups = d.warmups;
    p.warmupSeconds = d.warmupSeconds;
    p.repetitions = d.repetitions;
    p.repetitionSeconds = d.repetitionSeconds;
    p.maxReruns = 1;
    // Room for the first attempt and one re-run, plus a margin for slow repetitions.
    const double attempt = d.warmups * d.warmupSeconds + d.repetitions * d.repetitionSeconds;
    p.timeBoundSeconds = 2.5 * attempt + d.prepareSeconds;
    return p;
}

struct Family
{
    Durations cpuSingle;
    Durations cpuMulti;
    Durations memoryBandwidth;
    Durations memoryLatency;
    Durations storage;
    Durations network;
    std::vector<std::size_t> latencySizes;
    std::uint64_t storageFileBytes;
    std::size_t maxTriadArrayBytes;
};

Family familyFor(Profile profile)
{
    constexpr std::size_t K = 1024;
    constexpr std::size_t M = 1024 * 1024;
    if (profile == Profile::Full) {
        return Family{
            {1, 0.2, 21, 0.2, 1},
            {1, 0.2, 15, 0.2, 1},
            {1, 0.2, 20, 0.2, 120},
            {1, 0.1, 11, 0.1, 120},
            {1, 5.0, 15, 2.0, 300},
            {1, 5.0, 15, 2.0, 5},
            // 12 sizes between 16 KiB and 1 GiB, powers of 2 then 4 (§4.2 thorough).
            {16 * K,
             32 * K,
             64 * K,
             128 * K,
             256 * K,
             512 * K,
             1 * M,
             4 * M,
             16 * M,
             64 * M,
             256 * M,
             1024 * M},
            // "≥ 1 GiB file" (§4.2 storage).
            1 * kGiB,
            // Triad arrays up to 1 GiB, the largest size of §4.2.
            1024 * M,
        };
    }
    return Family{
        {1, 0.2, 7, 0.2, 1},
        {1, 0.2, 5, 0.2, 1},
        {1, 0.1, 10, 0.1, 60},
        {1, 0.1, 5, 0.1, 60},
        {1, 1.0, 5, 1.0, 120},
        {1, 1.0, 5, 1.0, 5},
        // 5 sizes, powers of 16 from 16 KiB: L1, L2, LLC, beyond, DRAM (§4.2 quick, §4.4).
        {16 * K, 256 * K, 4 * M, 64 * M, 256 * M},
        1 * kGiB,
        // Triad arrays up to 256 MiB: the quick profile's DRAM working set (§4.2, §4.4).
        256 * M,
    };
}

// A probe that can be built on demand (so that planning does not allocate).
struct Entry
{
    std::string name;
    bool storage = false;
    std::function<std::unique_ptr<Probe>()> make;
    ProbePlan plan;
};

std::vector<Entry>
catalog(const RunnerOptions& options, std::shared_ptr<StorageTarget>& target, bool& multiSkipped)
{
    const auto f = familyFor(options.profile);
    const bool multi = ThreadTeam::allowedCpus().size() > 1;
    multiSkipped = !multi;
    std::vector<Entry> out;
    using CK = CpuProbe::Kernel;
    out.push_back({"cpu.int.single",
                   false,
                   [] {
                       return std::make_unique<CpuProbe>(CpuProbe::Config{CK::Integer, 1});
                   },
                   planOf(f.cpuSingle)});
    out.push_back({"cpu.fp.single",
                   false,
                   [] {
                       return std::make_unique<CpuProbe>(CpuProbe::Config{CK::FloatingPoint, 1});
                   },
                   planOf(f.cpuSingle)});
    if (multi) {
        out.push_back({"cpu.int.multi",
                       false,
                       [] {
                           return std::make_unique<CpuProbe>(CpuProbe::Config{CK::Integer, 0});
                       },
                       planOf(f.cpuMulti)});
        out.push_back(
            {"cpu.fp.multi",
             false,
             [] {
                 return std::make_unique<CpuProbe>(CpuProbe::Config{CK::FloatingPoint, 0});
             },
             planOf(f.cpuMulti)});
    }
    const auto maxTriad = f.maxTriadArrayBytes;
    out.push_back({"memory.triad.single",
                   false,
                   [maxTriad] {
                       return std::make_unique<MemoryBandwidthProbe>(
                           MemoryBandwidthProbe::Config{1, 0, maxTriad});
                   },
                   planOf(f.memoryBandwidth)});
    if (multi) {
        out.push_back({"memory.triad.multi",
                       false,
                       [maxTriad] {
                           return std::make_unique<MemoryBandwidthProbe>(
                               MemoryBandwidthProbe::Config{0, 0, maxTriad});
                       },
                       planOf(f.memoryBandwidth)});
    }
    for (auto size : f.latencySizes) {
        out.push_back({"memory.latency." + MemoryLatencyProbe::sizeLabel(size),
                       false,
                       [size] {
                           return std::make_unique<MemoryLatencyProbe>(
                               MemoryLatencyProbe::Config{size});
                       },
                       planOf(f.memoryLatency)});
    }
    if (!options.storageDir.empty()) {
        target = std::make_shared<StorageTarget>(options.storageDir, f.storageFileBytes);
    }
    using SP = StorageProbe::Pattern;
    struct StorageKind
    {
        const char* name;
        SP pattern;
        std::size_t block;
        int depth;
    };
    // 4 KiB random at QD1 and QD32, 1 MiB sequential (§4.2 storage), plus 4 KiB random writes.
    for (const auto& k : {StorageKind{"disk.randread.qd1", SP::RandomRead, 4096, 1},
                          StorageKind{"disk.randread.qd32", SP::RandomRead, 4096, 32},
                          StorageKind{"disk.randwrite.qd1", SP::RandomWrite, 4096, 1},
                          StorageKind{"disk.seqread", SP::SequentialRead, 1 << 20, 1},
                          StorageKind{"disk.seqwrite", SP::SequentialWrite, 1 << 20, 1}}) {
        out.push_back({k.name,
                       true,
                       [k, &target] {
                           return std::make_unique<StorageProbe>(
                               StorageProbe::Config{k.pattern, k.block, k.depth, target});
                       },
                       planOf(f.storage)});
    }
    out.push_back({"net.tcp.rr",
                   false,
                   [] {
                       return std::make_unique<TcpLoopbackProbe>(
                           TcpLoopbackProbe::Config{TcpLoopbackProbe::Mode::RequestResponse, 0});
                   },
                   planOf(f.network)});
    out.push_back({"net.tcp.stream",
                   false,
                   [] {
                       return std::make_unique<TcpLoopbackProbe>(
                           TcpLoopbackProbe::Config{TcpLoopbackProbe::Mode::Stream, 0});
                   },
                   planOf(f.network)});
    return out;
}

bool matches(const std::string& name, const std::string& filter)
{
    return name == filter
           || (name.size() > filter.size() && name.compare(0, filter.size(), filter) == 0
               && name[filter.size()] == '.');
}

} // namespace

std::vector<std::string> probeNames(Profile profile)
{
    RunnerOptions o;
    o.profile = profile;
    std::shared_ptr<StorageTarget> target;
    bool multiSkipped = false;
    std::vector<std::string> out;
    for (const auto& e : catalog(o, target, multiSkipped)) {
        out.push_back(e.name);
    }
    return out;
}

Result<std::vector<PlannedProbe>> planProbes(const RunnerOptions& options,
                                             std::vector<std::string>& notes)
{
    std::shared_ptr<StorageTarget> target;
    bool multiSkipped = false;
    const auto entries = catalog(options, target, multiSkipped);
    for (const auto& filter : options.probes) {
        const bool known = std::any_of(entries.begin(), entries.end(), [&](const Entry& e) {
            return matches(e.name, filter);
        });
        if (!known) {
            std::string names;
            for (const auto& e : entries) {
                names += (names.empty() ? "" : ", ") + e.name;
            }
            return makeError(Error::Code::InvalidInput,
                             "--probe '" + filter + "' matches no probe; known: " + names
                                 + " (a prefix such as 'cpu' or 'memory.latency' selects a "
                                   "group)");
        }
    }
    if (multiSkipped) {
        notes.push_back("one CPU available: multi-thread probes left out");
    }
    std::vector<PlannedProbe> out;
    bool storageSkipped = false;
    for (const auto& e : entries) {
        const bool selected = options.probes.empty()
                              || std::any_of(options.probes.begin(),
                                             options.probes.end(),
                                             [&](const auto& f) { return matches(e.name, f); });
        if (!selected) {
            continue;
        }
        if (e.storage && !target) {
            if (!options.probes.empty()) {
                return makeError(Error::Code::InvalidInput,
                                 "--probe '" + e.name
                                     + "' needs --dir PATH: a directory on the disk to measure");
            }
            storageSkipped = true;
            continue;
        }
        out.push_back({e.make(), e.plan});
    }
    if (storageSkipped) {
        notes.push_back("storage probes skipped: pass --dir PATH (a directory on the disk to "
                        "measure; a 1 GiB temporary file is written there and removed)");
    }
    return out;
}

double nominalSeconds(const std::vector<PlannedProbe>& probes)
{
    double total = 0;
    for (const auto& p : probes) {
        total +=
            p.plan.warmups * p.plan.warmupSeconds + p.plan.repetitions * p.plan.repetitionSeconds;
    }
    return total;
}

Result<RunResult>
runProbes(std::vector<PlannedProbe> probes, const ProbeSink& sink, ProgressSink* progress)
{
    RunResult result;
    const int total = static_cast<int>(probes.size());
    for (int i = 0; i < total; ++i) {
        auto& planned = probes[static_cast<std::size_t>(i)];
        if (progress != nullptr) {
            if (progress->cancelled()) {
                result.cancelled = true;
                break;
            }
            progress->progress(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(total));
        }
        ProbeReport report;
        report.probe = planned.probe->info().name;
        report.index = i + 1;
        report.total = total;
        auto outcome = measureProbe(*planned.probe, planned.plan, progress);
        // Release buffers, sockets and (with the last storage probe) the temporary file now.
        planned.probe.reset();
        if (!outcome) {
            if (progress != nullptr && progress->cancelled()) {
                result.cancelled = true;
                break;
            }
            report.error = outcome.error();
        } else {
            report.samples.push_back(outcome->sample);
            for (auto& e : outcome->extras) {
                report.samples.push_back(std::move(e));
            }
            report.warnings = outcome->warnings;
            report.attempts = outcome->attempts;
            report.elapsedSeconds = outcome->elapsedSeconds;
        }
        if (sink) {
            if (auto st = sink(report); !st) {
                return st.error();
            }
        }
        result.reports.push_back(std::move(report));
    }
    if (progress != nullptr && !result.cancelled) {
        progress->progress(static_cast<std::uint64_t>(total), static_cast<std::uint64_t>(total));
    }
    return result;
}

std::string probeSuiteVersion()
{
    std::string v = "cloudcost-probes 1";
#if defined(__clang__)
    v += " (clang " __clang_version__;
#elif defined(__GNUC__)
    v += " (gcc " __VERSION__;
#else
    v += " (unknown compiler";
#endif
#if defined(__OPTIMIZE__)
    v += ", optimised)";
#else
    v += ", NOT optimised: do not compare)";
#endif
    return v;
}

} // namespace cloudcost::benchmark
