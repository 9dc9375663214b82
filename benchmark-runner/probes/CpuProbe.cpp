#include "benchmark-runner/probes/CpuProbe.h"

#include "benchmark-runner/probes/ThreadTeam.h"

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace cloudcost::benchmark {

namespace {

using Clock = std::chrono::steady_clock;

// Results are consumed through this so the optimiser cannot drop the kernels (BENCHMARKS.md
// §4.3 item 7).
std::atomic<std::uint64_t> g_intSink{0};
std::atomic<double> g_fpSink{0};

[[gnu::noinline]] std::uint64_t integerKernel(std::uint64_t state, std::uint64_t iterations)
{
    std::uint64_t acc = 0;
    for (std::uint64_t i = 0; i < iterations; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        acc += state * 0x9E3779B97F4A7C15ULL;
        acc ^= acc >> 29;
    }
    return acc ^ state;
}

constexpr int kMatrixN = 32; // 3 × 8 KiB of doubles: inside L1d/L2 on current CPUs

struct Matrices
{
    std::vector<double> a = std::vector<double>(kMatrixN * kMatrixN);
    std::vector<double> b = std::vector<double>(kMatrixN * kMatrixN);
    std::vector<double> c = std::vector<double>(kMatrixN * kMatrixN);
    Matrices()
    {
        for (int i = 0; i < kMatrixN * kMatrixN; ++i) {
            a[static_cast<std::size_t>(i)] = 1.0 + (i % 7) * 0.001;
            b[static_cast<std::size_t>(i)] = 1.0 - (i % 5) * 0.001;
        }
    }
};

// `count` multiplies C = A·B (i-k-j order); returns a checksum.
[[gnu::noinline]] double fpKernel(Matrices& m, std::uint64_t count)
{
    double check = 0;
    for (std::uint64_t r = 0; r < count; ++r) {
        std::fill(m.c.begin(), m.c.end(), 0.0);
        for (int i = 0; i < kMatrixN; ++i) {
            for (int k = 0; k < kMatrixN; ++k) {
                const double aik = m.a[static_cast<std::size_t>(i * kMatrixN + k)];
                double* crow = &m.c[static_cast<std::size_t>(i * kMatrixN)];
                const double* brow = &m.b[static_cast<std::size_t>(k * kMatrixN)];
                for (int j = 0; j < kMatrixN; ++j) {
                    crow[j] += aik * brow[j];
                }
            }
        }
        check += m.c[static_cast<std::size_t>(r % (kMatrixN * kMatrixN))];
    }
    return check;
}

constexpr double kFlopsPerMultiply = 2.0 * kMatrixN * kMatrixN * kMatrixN;

// Work in chunks of growing size until `stop` says so; returns work units per second. Chunks
// grow until one takes about a millisecond, so the stop check costs nothing measurable.
template <typename StopFn>
double runFor(CpuProbe::Kernel kernel, std::uint64_t seed, StopFn shouldStop, bool& interrupted)
{
    Matrices m;
    std::uint64_t chunk = kernel == CpuProbe::Kernel::Integer ? 4096 : 1;
    double units = 0;
    std::uint64_t intAcc = 0;
    double fpAcc = 0;
    const auto start = Clock::now();
    interrupted = false;
    for (;;) {
        const auto t0 = Clock::now();
        if (kernel == CpuProbe::Kernel::Integer) {
            intAcc ^= integerKernel(seed + static_cast<std::uint64_t>(units), chunk);
        } else {
            fpAcc += fpKernel(m, chunk);
        }
        units += static_cast<double>(chunk);
        const auto t1 = Clock::now();
        if (t1 - t0 < std::chrono::microseconds(1000) && chunk < (1ULL << 40)) {
            chunk *= 2;
        }
        const int s = shouldStop(t1 - start);
        if (s != 0) {
            interrupted = s < 0;
            break;
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    g_intSink.fetch_xor(intAcc, std::memory_order_relaxed);
    g_fpSink.store(fpAcc, std::memory_order_relaxed);
    const double perUnit = kernel == CpuProbe::Kernel::Integer ? 1.0 : kFlopsPerMultiply;
    return seconds > 0 ? units * perUnit / seconds : 0.0;
}

} // namespace

CpuProbe::CpuProbe(Config config)
    : m_config(config)
{
    m_threads =
        config.threads > 0 ? config.threads : static_cast<int>(ThreadTeam::allowedCpus().size());
    const bool integer = config.kernel == Kernel::Integer;
    m_info.name =
        std::string(integer ? "cpu.int." : "cpu.fp.") + (config.threads == 1 ? "single" : "multi");
    m_info.metric = integer ? "cpu.int.ops_rate" : "cpu.fp.flop_rate";
    m_info.unit = integer ? "ops/s" : "flop/s";
    m_info.higherIsBetter = true;
    m_info.cvThreshold = 0.03; // BENCHMARKS.md §4.3 item 3: CPU ≤ 3 %
    m_info.parameters["threads"] = std::to_string(m_threads);
    m_info.parameters["kernel"] = integer ? "xorshift64-mac" : "dgemm-32x32";
    if (config.threads != 1) {
        m_info.parameters["pinned"] = "yes";
    }
}

Result<double> CpuProbe::repetition(ProbeContext& ctx, double targetSeconds)
{
    const auto target = std::chrono::duration<double>(targetSeconds);
    if (m_threads == 1 && m_config.threads == 1) {
        bool interrupted = false;
        int polls = 0;
        const double rate = runFor(
            m_config.kernel,
            0x2545F4914F6CDD1DULL,
            [&](Clock::duration elapsed) {
                if ((++polls & 7) == 0 && ctx.shouldStop()) {
                    return -1;
                }
                return elapsed >= target ? 1 : 0;
            },
            interrupted);
        if (interrupted) {
            return ctx.stopError();
        }
        return rate;
    }
    std::vector<double> rates(static_cast<std::size_t>(m_threads) * 8, 0.0); // padded slots
    const auto kernel = m_config.kernel;
    auto st = ThreadTeam::run(
        m_threads,
        true,
        [&rates, kernel](int index, const std::atomic<bool>& stop) {
            bool interrupted = false;
            rates[static_cast<std::size_t>(index) * 8] = runFor(
                kernel,
                0x2545F4914F6CDD1DULL + static_cast<std::uint64_t>(index),
                [&stop](Clock::duration) { return stop.load(std::memory_order_relaxed) ? 1 : 0; },
                interrupted);
        },
        ctx,
        targetSeconds);
    if (!st) {
        return st.error();
    }
    double total = 0;
    for (int i = 0; i < m_threads; ++i) {
        total += rates[static_cast<std::size_t>(i) * 8];
    }
    return total;
}

} // namespace cloudcost::benchmark
