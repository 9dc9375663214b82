#include "benchmark-runner/probes/ThreadTeam.h"

#include <chrono>
#include <thread>

#include <pthread.h>
#include <sched.h>

namespace cloudcost::benchmark {

std::vector<int> ThreadTeam::allowedCpus()
{
    std::vector<int> cpus;
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0) {
        for (int i = 0; i < CPU_SETSIZE; ++i) {
            if (CPU_ISSET(i, &set)) {
                cpus.push_back(i);
            }
        }
    }
    if (cpus.empty()) {
        const unsigned n = std::thread::hardware_concurrency();
        for (unsigned i = 0; i < (n == 0 ? 1U : n); ++i) {
            cpus.push_back(static_cast<int>(i));
        }
    }
    return cpus;
}

Status ThreadTeam::run(int threads,
                       bool pin,
                       const std::function<void(int, const std::atomic<bool>&)>& work,
                       ProbeContext& ctx,
                       double stopAfterSeconds)
{
    const auto cpus = pin ? allowedCpus() : std::vector<int>{};
    std::atomic<bool> go{false};
    std::atomic<bool> stop{false};
    std::atomic<int> running{threads};
    std::vector<std::thread> team;
    team.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        team.emplace_back([&, i] {
            if (!cpus.empty()) {
                cpu_set_t set;
                CPU_ZERO(&set);
                CPU_SET(cpus[static_cast<std::size_t>(i) % cpus.size()], &set);
                // Best effort: a refused pin (restricted cpuset) only costs stability.
                (void)::pthread_setaffinity_np(::pthread_self(), sizeof set, &set);
            }
            while (!go.load(std::memory_order_acquire)) {
                std::this_thread::yield();
            }
            work(i, stop);
            running.fetch_sub(1, std::memory_order_acq_rel);
        });
    }
    const auto start = std::chrono::steady_clock::now();
    go.store(true, std::memory_order_release);
    bool stoppedByContext = false;
    while (running.load(std::memory_order_acquire) > 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        if (!stop.load() && ctx.shouldStop()) {
            stoppedByContext = true;
            stop.store(true, std::memory_order_release);
        }
        if (!stop.load() && stopAfterSeconds > 0
            && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                   >= stopAfterSeconds) {
            stop.store(true, std::memory_order_release);
        }
    }
    for (auto& t : team) {
        t.join();
    }
    if (stoppedByContext) {
        return ctx.stopError();
    }
    return {};
}

} // namespace cloudcost::benchmark
