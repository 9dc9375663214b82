#pragma once

#include "benchmark-runner/Overhead.h"
#include "benchmark-runner/Sample.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

// Measured virtualisation and container overhead (issue #5): results of the same metric and
// parameters on bare metal and on a VM or in a container of the same hardware family, as a
// direction-aware ratio with the runs it rests on. Where nothing is measured the CLI shows the
// published defaults of Overhead.h instead.
namespace cloudcost::benchmark {

// What a run is compared as.
enum class OverheadSide
{
    Unknown,
    BareMetal,
    VirtualMachine,
    ContainerOnBareMetal,
    ContainerInVm,
};
std::string_view toString(OverheadSide side); // unknown|bare_metal|vm|container_on_bare_metal|...

struct RunClass
{
    OverheadSide side = OverheadSide::Unknown;
    std::string evidence; // why: "instance type m5.metal", "host facts: platform vm (kvm)"
};
// From the host facts, and from a tagged instance type: "metal" in the type is bare metal; a
// cloud instance type without it is a VM when the host facts do not say otherwise.
RunClass classifyRun(const BenchmarkRun& run);

// The hardware families a run belongs to: "instance family aws m5" (m5.large and m5.metal)
// and "CPU <model>" when the host facts name the CPU model.
std::vector<std::string> hardwareFamilies(const BenchmarkRun& run);

// The instance family of a type: "m5" for m5.large / m5.metal, "c3" for c3-standard-8; the whole
// type when it has neither separator.
std::string instanceFamily(const std::string& instanceType);

// The BENCHMARKS.md §3.3 row (OverheadRow::resource) a metric measures, or "" when the metric
// does not map to one (storage: local NVMe and network block storage cannot be told apart).
std::string overheadResourceFor(const std::string& metric, const std::string& unit);
// The §3.3 column a side is compared with; nullopt for bare metal, unknown and a container in a
// VM (no published column).
std::optional<OverheadPlatform> overheadColumnFor(OverheadSide side);

struct MeasuredOverhead
{
    std::string family; // "instance family aws m5", "CPU AMD EPYC 7B13"
    std::string metric;
    std::string unit;
    bool higherIsBetter = true;
    std::map<std::string, std::string> parameters; // comparable (no job, duration_s)
    OverheadSide side = OverheadSide::VirtualMachine;
    double bareMetal = 0; // median of the bare-metal samples
    std::size_t bareMetalSamples = 0;
    std::vector<std::int64_t> bareMetalRuns;
    double measured = 0; // median of the samples on side
    std::size_t measuredSamples = 0;
    std::vector<std::int64_t> measuredRuns;
    double ratio = 0;                 // measured / bareMetal
    double performanceMultiplier = 0; // higher-is-better: ratio; lower-is-better: 1 / ratio
    double overheadPercent = 0;       // (1 - performanceMultiplier) × 100; < 0 = faster
    double difference = 0;            // measured - bareMetal (canonical unit; an adder)
    std::string resource;             // overheadResourceFor(metric, unit)
};

// Every measurable comparison in runs (with their samples), optionally of one metric, sorted by
// family, metric, parameters, side. A pair found through both the instance family and the CPU
// model is listed once (under the instance family).
std::vector<MeasuredOverhead> measureOverhead(const std::vector<BenchmarkRun>& runs,
                                              const std::string& metric = {});

} // namespace cloudcost::benchmark
