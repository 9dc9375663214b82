#pragma once

#include "benchmark-runner/Sample.h"
#include "common/Progress.h"
#include "common/Result.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

// The interface every on-host probe implements. The statistical protocol around it (warm-up,
// repetitions, stability gate, re-run, noisy flag) lives in ProbeStats; a probe only knows how to
// prepare, measure one repetition and clean up.
namespace cloudcost::benchmark {

// What a probe measures and how its spread is judged.
struct ProbeInfo
{
    std::string name;   // selectable id: "cpu.int.single", "disk.randread.qd1"
    std::string metric; // Sample::metric of the main sample: "cpu.int.ops_rate"
    std::string unit;   // canonical unit: "ops/s", "flop/s", "B/s", "s", "bit/s"
    bool higherIsBetter = true;
    // Coefficient of variation above which the result is re-run, then flagged noisy
    // (BENCHMARKS.md §4.3 item 3: 3 % CPU, 5 % memory bandwidth, 10 % latency/storage/network).
    double cvThreshold = 0.10;
    std::map<std::string, std::string> parameters; // threads, block_size, iodepth, ...
};

// Cancellation and the time bound, as seen by a probe while it works.
class ProbeContext
{
public:
    using Clock = std::chrono::steady_clock;
    // cancel may be null (never cancelled). deadline: the probe's hard time bound.
    ProbeContext(const ProgressSink* cancel, Clock::time_point deadline)
        : m_cancel(cancel)
        , m_deadline(deadline)
    {}
    // True once the user asked to stop.
    bool cancelled() const { return m_cancel != nullptr && m_cancel->cancelled(); }
    // True once the hard time bound has passed.
    bool pastDeadline() const { return Clock::now() >= m_deadline; }
    // Either of the two: a probe checks this between chunks of work (every few ms at most).
    bool shouldStop() const { return cancelled() || pastDeadline(); }
    Clock::time_point deadline() const { return m_deadline; }
    // The error a probe returns when shouldStop() interrupted it (code Cancelled either way;
    // the message says whether the user or the time bound stopped it).
    Error stopError() const
    {
        return makeError(Error::Code::Cancelled, cancelled() ? "cancelled" : "time bound reached");
    }

private:
    const ProgressSink* m_cancel;
    Clock::time_point m_deadline;
};

// One on-host measurement (CPU, memory, storage, network).
class Probe
{
public:
    virtual ~Probe() = default;
    // Name, metric, unit, direction, threshold and parameters; stable for the probe's life.
    virtual const ProbeInfo& info() const = 0;
    // Allocates and prepares (buffers, files, sockets); not timed. Returns the stop error when
    // ctx.shouldStop() interrupts it.
    virtual Status prepare(ProbeContext& ctx)
    {
        (void)ctx;
        return {};
    }
    // Called before the warm-up of each attempt (first run and re-run): resets what the probe
    // accumulates across repetitions (latency histograms).
    virtual void beginAttempt() {}
    // Called after the warm-up: what was accumulated so far is discarded too.
    virtual void endWarmup() { beginAttempt(); }
    // One timed repetition lasting about targetSeconds; returns the value in info().unit.
    // Returns ctx.stopError() promptly (within milliseconds) when ctx.shouldStop().
    virtual Result<double> repetition(ProbeContext& ctx, double targetSeconds) = 0;
    // Samples derived from the whole attempt besides the main one (latency percentiles).
    virtual std::vector<Sample> extraSamples() const { return {}; }
    // Doubts about the measurement (O_DIRECT refused, arrays smaller than the rule).
    virtual std::vector<std::string> warnings() const { return {}; }
    // Releases everything prepare() took; called on every path, also after cancellation.
    virtual void finish() {}
};

} // namespace cloudcost::benchmark
