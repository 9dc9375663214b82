#pragma once

#include "benchmark-runner/probes/Probe.h"
#include "common/Result.h"

#include <atomic>
#include <functional>
#include <vector>

namespace cloudcost::benchmark {

// Runs one function on several threads started together, optionally pinned one per allowed CPU
// (BENCHMARKS.md §4.3 item 5), while the calling thread watches for cancellation, the time bound
// and an optional duration. Workers poll the stop flag between chunks of work.
class ThreadTeam
{
public:
    // The CPUs this process may run on (sched_getaffinity), at least one entry.
    static std::vector<int> allowedCpus();

    // Runs work(index, stop) on `threads` threads and waits for all of them. The stop flag is
    // raised after stopAfterSeconds (when > 0), when ctx says stop, or never otherwise (workers
    // then end by themselves). Returns ctx.stopError() when ctx stopped the team.
    static Status run(int threads,
                      bool pin,
                      const std::function<void(int index, const std::atomic<bool>& stop)>& work,
                      ProbeContext& ctx,
                      double stopAfterSeconds);
};

} // namespace cloudcost::benchmark
