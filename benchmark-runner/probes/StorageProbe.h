#pragma once

#include "benchmark-runner/probes/LatencyHistogram.h"
#include "benchmark-runner/probes/Probe.h"
#include "benchmark-runner/probes/StorageTarget.h"

#include <memory>

namespace cloudcost::benchmark {

// Storage: random 4 KiB reads or writes (IOPS and latency percentiles) or sequential 1 MiB reads
// or writes (bytes per second) on the shared temporary file, at queue depth 1 or with several
// threads each keeping one I/O in flight (the "threads + pread" form of BENCHMARKS.md §4.2).
class StorageProbe final : public Probe
{
public:
    enum class Pattern
    {
        RandomRead,
        RandomWrite,
        SequentialRead,
        SequentialWrite,
    };
    struct Config
    {
        Pattern pattern = Pattern::RandomRead;
        std::size_t blockBytes = 4096; // multiple of 4096
        int queueDepth = 1;            // threads, one I/O each
        std::shared_ptr<StorageTarget> target;
    };

    explicit StorageProbe(Config config);
    const ProbeInfo& info() const override { return m_info; }
    Status prepare(ProbeContext& ctx) override;
    void beginAttempt() override;
    Result<double> repetition(ProbeContext& ctx, double targetSeconds) override;
    std::vector<Sample> extraSamples() const override;
    std::vector<std::string> warnings() const override;

private:
    Config m_config;
    ProbeInfo m_info;
    std::string m_base; // "disk.randread"
    LatencyHistogram m_histogram;
    std::uint64_t m_sequentialOffset = 0;
};

} // namespace cloudcost::benchmark
