#pragma once

#include "benchmark-runner/probes/Probe.h"

#include <cstddef>
#include <memory>
#include <string>

namespace cloudcost::benchmark {

// Memory latency: a dependent pointer chase over a random cyclic permutation of 64-byte nodes
// (one per cache line) in a working set of the given size; every load waits for the previous
// one, so the time per load is the latency of the level the working set lands in (BENCHMARKS.md
// §4.2 "memory latency", lmbench lat_mem_rd).
class MemoryLatencyProbe final : public Probe
{
public:
    struct Config
    {
        std::size_t workingSetBytes = 64 * 1024;
    };
    // "16KiB", "4MiB", "1GiB": the suffix of the probe name.
    static std::string sizeLabel(std::size_t bytes);

    explicit MemoryLatencyProbe(Config config);
    ~MemoryLatencyProbe() override;
    const ProbeInfo& info() const override { return m_info; }
    Status prepare(ProbeContext& ctx) override;
    Result<double> repetition(ProbeContext& ctx, double targetSeconds) override;
    void finish() override;

private:
    struct Nodes;
    Config m_config;
    std::size_t m_count = 0;
    std::unique_ptr<Nodes> m_nodes;
    ProbeInfo m_info;
};

} // namespace cloudcost::benchmark
