#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// The canonical shape every benchmark result takes in cloudcost, whichever tool produced it
// (BENCHMARKS.md §1.3; the metric/value/unit/metadata shape PerfKitBenchmarker uses). Importers of
// standard tools' outputs and the on-host probes both emit it; the store keeps it; the
// price-performance join reads it.
namespace cloudcost::benchmark {

// What kind of platform a result was measured on.
enum class PlatformKind
{
    Unknown,
    BareMetal,
    VirtualMachine,
    Container, // a container on bare metal or in a VM (see HostFacts::hypervisor)
};
std::string_view toString(PlatformKind kind); // unknown|bare_metal|vm|container
std::optional<PlatformKind> parsePlatformKind(std::string_view text);

// Facts about the machine a result came from. Empty / nullopt = unknown, never 0.
struct HostFacts
{
    std::string hostname;
    std::string cpuModel; // "AMD EPYC 7B13"
    std::optional<int> logicalCpus;
    std::optional<int> physicalCores;
    std::optional<double> memoryGib;
    std::string kernel; // "6.1.0-18-amd64"
    std::string os;     // "Debian GNU/Linux 12 (bookworm)"
    PlatformKind platform = PlatformKind::Unknown;
    std::string hypervisor; // kvm, xen, vmware, microsoft, amazon (Nitro), bhyve, ... or ""
    std::string container;  // docker, podman, lxc, kubernetes, ... or ""
    // Where it ran, when known (from the file, e.g. PKB labels, or tagged by the user).
    std::string provider;     // aws, azure, gcp, alibaba, ...
    std::string region;       // us-east-1
    std::string instanceType; // m5.large
};

// One measured quantity.
struct Sample
{
    std::string metric; // canonical, tool-independent where possible: "disk.randread.iops",
                        // "cpu.events_per_s", "memory.triad.bandwidth", "net.tcp.throughput"
    double value = 0;
    std::string unit; // canonical: "ops/s", "B/s", "bit/s", "s", "score", "%", "count"
    bool higherIsBetter = true;
    // Test parameters that make results comparable: block_size (bytes), iodepth, threads,
    // streams, duration_s, direction (read/write/send/receive), job, stressor...
    std::map<std::string, std::string> parameters;
    std::vector<double> rawValues; // per-run values when the format has them (for spread)
    // Statistics when the producer repeated the measurement (our probes do).
    std::optional<double> mean;
    std::optional<double> ciLow, ciHigh; // 95 % Student-t interval of the mean
    std::optional<double> cv;            // coefficient of variation (sd / mean)
    bool noisy = false;                  // spread stayed above the probe's threshold
};

// One benchmark run: a tool's output file, or one execution of our own probes.
struct BenchmarkRun
{
    std::int64_t id = 0;      // set by the store
    std::string tool;         // fio, sysbench, iperf3, stress-ng, pkb, stream, unixbench,
                              // geekbench, lmbench, phoronix, cloudcost (own probes)
    std::string toolVersion;  // "fio-3.33", "1.0.20", "" when the output does not say
    std::string sourceFile;   // file name imported, "" for own probes
    std::string sourceSha256; // of the imported bytes, "" for own probes
    std::string measuredAt;   // ISO-8601 UTC when the output says, else ""
    std::string importedAt;   // ISO-8601 UTC, set by the store
    HostFacts host;
    std::vector<Sample> samples;
    std::vector<std::string> warnings; // doubtful values, skipped sections, format oddities
};

} // namespace cloudcost::benchmark
