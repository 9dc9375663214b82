#pragma once

// Right-sizing and classification of one workload (MIGRATION.md §2.6 items 2 and 3; issue #6
// "Right-sizing and classification"). Every default below carries its source; sizingPolicyTable()
// lists them for display.
//
// Percentile definition: NEAREST RANK over the valid (non-NaN) samples: the smallest sample x such
// that at least p % of the samples are <= x, i.e. sorted[ceil(p / 100 * n) - 1] (p = 0 gives the
// minimum, p = 100 the maximum). This is what Azure Migrate describes ("sorts the points ... picks
// the chosen percentile", MIGRATION.md §2.1); no interpolation, so the result is always an observed
// value.

#include "common/Result.h"
#include "decision/Sizing.h"
#include "decision/inventory/Inventory.h"

#include <optional>
#include <string>
#include <vector>

namespace cloudcost::decision {

struct SizingPolicy
{
    // MIGRATION.md §2.6 item 2: "percentile configurable (95 default; 99/max for
    // latency-sensitive)"; Azure Migrate's documented example is the 95th (§2.1).
    double percentile = 95.0;
    // MIGRATION.md §2.6 item 2: "comfort default 1.3" (Azure Migrate walkthroughs, §2.1).
    double comfort = 1.3;
    // MIGRATION.md §2.6 item 2: optional peak guard P99.5 / 0.85 (rvtools-analyzer's "cautious"
    // tier, §2.4). Off by default: §2.6 calls it optional.
    bool peakGuard = false;
    double peakGuardPercentile = 99.5;
    double peakGuardTargetUtilisation = 0.85;
    // MIGRATION.md §2.6 item 2: gates "coverage >= 90 % and >= 7 days, else size as-is".
    double minCoverage = 0.90;
    double minWindowDays = 7.0;
    // A record without a coverage figure fails the gate unless this is set (cloudcost choice: an
    // unknown coverage is not evidence of good coverage).
    bool acceptUnreportedCoverage = false;
    // MIGRATION.md §2.6 item 3 / §2.1 (Azure Migrate business case): idle when CPU and memory
    // < 5 % and network < 2 %.
    double idleCpu = 0.05;
    double idleMemory = 0.05;
    double idleNetwork = 0.02;
    // Network is measured in MB/s; the 2 % idle test needs the NIC's capacity. Unset (default):
    // network is only checked for exactly 0 (zombie) and idle is judged on CPU and memory, which
    // the reason says.
    std::optional<double> nicCapacityMBps;
    // MIGRATION.md §2.6 item 2: "never below 1 vCPU"; need = ceil(allocated x P x comfort).
    double minVcpus = 1.0;
    bool roundUpVcpus = true;
};

// One line of the policy for display: name, value (as text) and where the value comes from
// ("default: MIGRATION.md §2.6 ..." or "set by the user" when it differs from the default).
struct PolicyLine
{
    std::string name;
    std::string value;
    std::string source;
};
std::vector<PolicyLine> sizingPolicyTable(const SizingPolicy& policy);

// Rejects out-of-range settings (percentile outside 0..100, comfort <= 0, coverage outside 0..1,
// negative window, thresholds outside 0..1, peak target outside (0, 1]) naming the setting.
Status validateSizingPolicy(const SizingPolicy& policy);

// Nearest-rank percentile (see the header comment) over the non-NaN values; nullopt when there
// are none or p is outside 0..100.
std::optional<double> nearestRankPercentile(std::vector<double> values, double p);

struct ClassResult
{
    WorkloadClass cls = WorkloadClass::Unknown;
    std::string reason; // "CPU P95 3.1 % < 5 %, memory P95 2.0 % < 5 %, network not measured"
};

// MIGRATION.md §2.6 item 3, in this order: template; powered off (suspended counts as off);
// no usable utilisation (missing, or below the coverage gate) -> unknown; zombie (CPU, memory
// and network exactly 0 with coverage passing the gate); idle (CPU and memory below their
// thresholds and network below its threshold when it can be judged); else active. The figures
// judged are the sizing statistic (the policy's percentile), so a workload with bursts above 5 %
// is not called idle.
ClassResult classify(const Workload& workload, const SizingPolicy& policy);

// The utilisation figures sizing used, for reports.
struct UtilisationFigure
{
    std::optional<double> cpu;     // fraction of allocated at the policy percentile
    std::optional<double> memory;  // fraction of allocated at the policy percentile
    std::optional<double> network; // MB/s at the policy percentile (records only)
    std::optional<double> cpuPeak; // at the peak-guard percentile, when computed
    std::optional<double> memoryPeak;
    std::optional<double> coverage; // 0..1
    double windowDays = 0.0;
    std::string source;      // "series bitbrains", "record vrops P95"
    bool passesGate = false; // coverage and window pass the policy's gates
    std::string gateReason;  // why not, when it does not
};

// The best figure for the policy: a series (the one with the most valid samples) when present,
// else the record whose statistic matches the percentile (Percentile with that p, or Maximum for
// p = 100). nullopt with `why` filled when there is none.
std::optional<UtilisationFigure>
utilisationFor(const Workload& workload, const SizingPolicy& policy, std::string* why = nullptr);

// Need = allocated x utilisation at the percentile x comfort (vCPU rounded up, never below
// minVcpus); with the peak guard, max(that, allocated x peak / target). Too little data (no
// matching figure, coverage or window below the gate) sizes as allocated, without the comfort
// factor as Azure Migrate does (MIGRATION.md §2.1), and says why in `basis`. Storage is the used
// size where every disk reports it, else allocated. An error when vCPU or memory allocation is
// missing (nothing to size from).
Result<SizedNeed> rightSize(const Workload& workload, const SizingPolicy& policy);

} // namespace cloudcost::decision
