#pragma once

#include "benchmark-runner/probes/LatencyHistogram.h"
#include "benchmark-runner/probes/Probe.h"

#include <atomic>
#include <memory>
#include <thread>

namespace cloudcost::benchmark {

// TCP over 127.0.0.1 with an in-process peer: 1-byte request/response round trips (latency,
// netperf TCP_RR style) or a bulk stream (throughput). Loopback exercises the host's TCP stack,
// not a network: BENCHMARKS.md §4.2 calls it a self-test of the code path.
class TcpLoopbackProbe final : public Probe
{
public:
    enum class Mode
    {
        RequestResponse,
        Stream,
    };
    struct Config
    {
        Mode mode = Mode::RequestResponse;
        std::size_t messageBytes = 0; // 0 = 1 byte (RR) or 128 KiB (stream)
    };

    explicit TcpLoopbackProbe(Config config);
    ~TcpLoopbackProbe() override;
    const ProbeInfo& info() const override { return m_info; }
    Status prepare(ProbeContext& ctx) override;
    void beginAttempt() override { m_histogram.clear(); }
    Result<double> repetition(ProbeContext& ctx, double targetSeconds) override;
    std::vector<Sample> extraSamples() const override;
    void finish() override;

private:
    Config m_config;
    ProbeInfo m_info;
    int m_listenFd = -1;
    int m_clientFd = -1;
    std::atomic<bool> m_stopServer{false};
    std::thread m_server;
    LatencyHistogram m_histogram;
};

} // namespace cloudcost::benchmark
