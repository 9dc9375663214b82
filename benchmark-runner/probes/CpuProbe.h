#pragma once

#include "benchmark-runner/probes/Probe.h"

namespace cloudcost::benchmark {

// CPU throughput: a fixed integer kernel (xorshift64 with a multiply-accumulate) or a
// floating-point kernel (32×32 double matrix multiply that stays in L1/L2), on one thread or on
// one pinned thread per allowed CPU (BENCHMARKS.md §4.2 "CPU" rows).
class CpuProbe final : public Probe
{
public:
    enum class Kernel
    {
        Integer,       // unit ops/s: one op = one xorshift64 step plus a multiply-accumulate
        FloatingPoint, // unit flop/s: 2·n³ per n×n matrix multiply
    };
    struct Config
    {
        Kernel kernel = Kernel::Integer;
        int threads = 1; // 0 = one per allowed CPU
    };

    explicit CpuProbe(Config config);
    const ProbeInfo& info() const override { return m_info; }
    Result<double> repetition(ProbeContext& ctx, double targetSeconds) override;

private:
    Config m_config;
    int m_threads = 1;
    ProbeInfo m_info;
};

} // namespace cloudcost::benchmark
