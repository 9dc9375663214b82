#pragma once

// vCPU normalisation by benchmark results (issue #6 "vCPU normalised by benchmark results where
// they exist"; BENCHMARKS.md §5). A workload's right-sized vCPUs were measured on its current
// hardware; a vCPU of another processor does more or less work. With a per-vCPU metric (one
// measured at a fixed thread count, e.g. sysbench cpu --threads=1 or the runner's cpu.int.single)
// measured on the current hardware (the reference) and on cloud instance types, each type's vCPU
// counts as value(type) / value(reference) reference vCPUs (inverted for lower-is-better
// metrics), so a type 25 % faster per vCPU fits a 5-vCPU need with 4 vCPUs.

#include "benchmark-runner/Sample.h"
#include "common/Result.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cloudcost::decision {

struct TypeFactor
{
    std::string provider;     // as tagged on the runs (lower case)
    std::string instanceType; // as tagged (lower case)
    double value = 0;         // median of the type's samples over the shared parameter sets
    double factor = 1;        // reference vCPUs one vCPU of this type counts as
    std::size_t samples = 0;
    std::vector<std::int64_t> runIds;
};

struct VcpuNormalisation
{
    std::string metric;
    std::string unit;
    bool higherIsBetter = true;
    std::string reference;           // what the user named: a run id or an instance type
    std::string referenceLabel;      // "run 7 (sysbench, host db-01)" / "instance type m5.large"
    double referenceValue = 0;       // median of the reference samples compared against
    std::string referenceParameters; // "copies=1" / "threads=1; threads=2"
    std::vector<std::int64_t> referenceRuns;
    std::vector<TypeFactor> factors; // by provider, then type
    std::vector<std::string> notes;  // types left at 1.0 and why, factors far from 1
    // instance type -> factor (what PlacementConstraints::performanceFactor takes)
    std::map<std::string, double> byInstanceType() const;
};

// Builds the factors from stored runs. `reference` is a run id (digits: the run of the current
// hardware, e.g. `bench run` on an on-premises host) or an instance type (every run tagged with
// it). Samples are compared within the same comparable parameters (threads, block size...; the
// labels `job` and `duration_s` and the machine's `cpus_in_system` aside): a type's factor is the
// median, over the parameter sets it shares with the reference, of its median over the reference's
// median. InvalidInput when no run has the metric (lists the metrics that exist), the reference is
// unknown or has no sample of the metric, or no tagged type shares a parameter set with it. An
// instance type tagged under two providers is refused (the placement keys factors by type).
Result<VcpuNormalisation> normaliseVcpus(const std::vector<benchmark::BenchmarkRun>& runs,
                                         const std::string& metric,
                                         const std::string& reference);

} // namespace cloudcost::decision
