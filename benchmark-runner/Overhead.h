#pragma once

#include "benchmark-runner/Platform.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The published default overheads of virtualisation and containers (BENCHMARKS.md §3.3), as
// data with their sources. They are planning defaults: a measurement of the actual instance
// replaces them, and the CLI shows them only where no measurement exists.
namespace cloudcost::benchmark {

// The columns of BENCHMARKS.md §3.3.
enum class OverheadPlatform
{
    ContainerOnBareMetal,
    ModernVm,         // Nitro, KVM + virtio/vhost, Hyper-V
    LegacyParavirtVm, // Xen PV
    NestedOrSandbox,  // nested VM, gVisor, microVM in a VM
};
std::string_view toString(OverheadPlatform platform); // container_on_bare_metal|modern_vm|...
std::string_view label(OverheadPlatform platform);    // "container on bare metal", ...

// What a row's numbers mean.
enum class OverheadKind
{
    PerformanceMultiplier, // × bare-metal performance (1.00 = none)
    LatencyFactor,         // × bare-metal latency (1.00 = none)
    RoundTripAdderUs,      // microseconds added per network round trip
    Note,                  // not a number (governed by provider limits, n/a)
};
std::string_view toString(OverheadKind kind); // performance_multiplier|latency_factor|...

// One cell: the published text and, where it is a number or range, the numbers.
struct OverheadCell
{
    std::string text;              // as published: "0.98 (0.95–0.999)"
    std::optional<double> central; // 0.98
    std::optional<double> low;     // 0.95
    std::optional<double> high;    // 0.999
};

// One row of BENCHMARKS.md §3.3 with the sources its numbers rest on.
struct OverheadRow
{
    std::string resource; // cpu_throughput, memory_bandwidth, memory_latency, ...
    std::string label;    // "CPU throughput"
    OverheadKind kind = OverheadKind::PerformanceMultiplier;
    std::array<OverheadCell, 4> cells; // indexed by OverheadPlatform
    std::string source;                // "BENCHMARKS.md §3.3; basis: Felter et al. ... (D)"
};

// All rows, in the order of BENCHMARKS.md §3.3.
const std::vector<OverheadRow>& overheadDefaults();

// The column that applies to a detected platform: nested/sandbox when nesting is possible,
// legacy paravirtual for Xen PV guests, modern VM for other VMs, container on bare metal for a
// container on bare metal; nullopt for bare metal (the baseline) and unknown platforms.
std::optional<OverheadPlatform> overheadPlatformFor(const PlatformReport& report);

} // namespace cloudcost::benchmark
