#pragma once

#include "benchmark-runner/probes/Probe.h"

#include <cstddef>
#include <memory>

namespace cloudcost::benchmark {

// Memory bandwidth: the STREAM Triad kernel a[i] = b[i] + s·c[i] over three arrays far larger
// than the last-level cache, on one thread or one pinned thread per allowed CPU. Bytes counted
// the STREAM way: 3 × 8 bytes per element (BENCHMARKS.md §4.2, jeffhammond/STREAM stream.c 5.10).
class MemoryBandwidthProbe final : public Probe
{
public:
    struct Config
    {
        int threads = 1;            // 0 = one per allowed CPU
        std::size_t arrayBytes = 0; // per array; 0 = the rule below
        // Upper bound of the rule per array: 1 GiB (the largest size of BENCHMARKS.md §4.2); the
        // quick profile uses 256 MiB (its largest latency working set, §4.2/§4.4) because first
        // touching 3 GiB takes tens of seconds under nested paging.
        std::size_t maxArrayBytes = std::size_t{1} << 30;
    };

    // The array size of the rule: at least 4 × the last-level cache (STREAM) and at least
    // 64 MiB (BENCHMARKS.md §4.4), at most maxBytes and at most 1/8 of the available memory per
    // array. warning is set when the rule cannot be met.
    static std::size_t ruleArrayBytes(std::size_t lastLevelCacheBytes,
                                      std::size_t availableBytes,
                                      std::size_t maxBytes,
                                      std::string& warning);
    // Size of the largest CPU cache: sysfs cache/index*/size, else sysconf, else 0.
    static std::size_t lastLevelCacheBytes();
    // MemAvailable from /proc/meminfo; 0 when unknown.
    static std::size_t availableMemoryBytes();

    explicit MemoryBandwidthProbe(Config config);
    ~MemoryBandwidthProbe() override;
    const ProbeInfo& info() const override { return m_info; }
    Status prepare(ProbeContext& ctx) override;
    Result<double> repetition(ProbeContext& ctx, double targetSeconds) override;
    std::vector<std::string> warnings() const override { return m_warnings; }
    void finish() override;

private:
    struct Arrays;
    Config m_config;
    int m_threads = 1;
    std::size_t m_elements = 0;
    std::unique_ptr<Arrays> m_arrays;
    ProbeInfo m_info;
    std::vector<std::string> m_warnings;
};

} // namespace cloudcost::benchmark
