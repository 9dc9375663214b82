#include "benchmark-runner/probes/MemoryBandwidthProbe.h"

#include "benchmark-runner/probes/ThreadTeam.h"
#include "common/Text.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace cloudcost::benchmark {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr std::size_t kBlockElements = 256 * 1024; // 2 MiB per array between stop checks
constexpr double kTriadScalar = 3.0;               // STREAM's scalar

std::atomic<double> g_sink{0};

struct FreeDeleter
{
    void operator()(double* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<double, FreeDeleter>;

Buffer allocate(std::size_t elements)
{
    const std::size_t bytes = ((elements * sizeof(double) + 4095) / 4096) * 4096;
    return Buffer(static_cast<double*>(std::aligned_alloc(4096, bytes)));
}

std::optional<std::size_t> parseCacheSize(std::string s)
{
    // "32K", "1024K", "32768K", "36M"
    auto t = std::string(text::trim(s));
    if (t.empty()) {
        return std::nullopt;
    }
    std::size_t mult = 1;
    const char unit = t.back();
    if (unit == 'K' || unit == 'k') {
        mult = 1024;
        t.pop_back();
    } else if (unit == 'M' || unit == 'm') {
        mult = kMiB;
        t.pop_back();
    }
    const auto n = text::parseInt(t);
    if (!n || *n <= 0) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(*n) * mult;
}

std::string readFirstLine(const std::filesystem::path& p)
{
    std::ifstream in(p);
    std::string line;
    std::getline(in, line);
    return line;
}

} // namespace

struct MemoryBandwidthProbe::Arrays
{
    Buffer a;
    Buffer b;
    Buffer c;
};

std::size_t MemoryBandwidthProbe::lastLevelCacheBytes()
{
    std::size_t best = 0;
    int bestLevel = 0;
    std::error_code ec;
    const std::filesystem::path dir = "/sys/devices/system/cpu/cpu0/cache";
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.rfind("index", 0) != 0) {
            continue;
        }
        const auto level = text::parseInt(text::trim(readFirstLine(it->path() / "level")));
        const auto size = parseCacheSize(readFirstLine(it->path() / "size"));
        if (level && size && (*level > bestLevel || (*level == bestLevel && *size > best))) {
            bestLevel = static_cast<int>(*level);
            best = *size;
        }
    }
    if (best > 0) {
        return best;
    }
    for (int name : {_SC_LEVEL4_CACHE_SIZE, _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL2_CACHE_SIZE}) {
        const long v = ::sysconf(name);
        if (v > 0) {
            return static_cast<std::size_t>(v);
        }
    }
    return 0;
}

std::size_t MemoryBandwidthProbe::availableMemoryBytes()
{
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("MemAvailable:", 0) == 0) {
            auto rest = text::trim(std::string_view(line).substr(13));
            if (text::endsWith(rest, "kB")) {
                rest = text::trim(rest.substr(0, rest.size() - 2));
            }
            if (auto kb = text::parseInt(rest); kb && *kb > 0) {
                return static_cast<std::size_t>(*kb) * 1024;
            }
        }
    }
    return 0;
}

std::size_t MemoryBandwidthProbe::ruleArrayBytes(std::size_t llcBytes,
                                                 std::size_t availableBytes,
                                                 std::size_t maxBytes,
                                                 std::string& warning)
{
    const std::size_t want = std::max<std::size_t>(4 * llcBytes, 64 * kMiB);
    std::size_t cap = std::max<std::size_t>(maxBytes, 4 * kMiB);
    if (availableBytes > 0) {
        cap = std::min(cap, availableBytes / 8);
    }
    cap = std::max<std::size_t>(cap, 4 * kMiB);
    const std::size_t bytes = std::min(want, cap);
    if (llcBytes > 0 && bytes < 4 * llcBytes) {
        warning = "arrays of " + std::to_string(bytes / kMiB) + " MiB are below 4 x the "
                  + std::to_string(llcBytes / kMiB)
                  + " MiB last-level cache the CPU reports (STREAM rule); bandwidth may include "
                    "cache hits";
    }
    if (llcBytes == 0) {
        warning =
            "last-level cache size unknown: arrays of " + std::to_string(bytes / kMiB) + " MiB";
    }
    return bytes;
}

MemoryBandwidthProbe::MemoryBandwidthProbe(Config config)
    : m_config(config)
{
    m_threads =
        config.threads > 0 ? config.threads : static_cast<int>(ThreadTeam::allowedCpus().size());
    std::size_t bytes = config.arrayBytes;
    if (bytes == 0) {
        std::string warning;
        const auto llc = lastLevelCacheBytes();
        bytes = ruleArrayBytes(llc, availableMemoryBytes(), config.maxArrayBytes, warning);
        if (!warning.empty()) {
            m_warnings.push_back(warning);
        }
        if (llc > 0) {
            m_info.parameters["llc_bytes"] = std::to_string(llc);
        }
    }
    m_elements = std::max<std::size_t>(bytes / sizeof(double), 1024);
    m_info.name = config.threads == 1 ? "memory.triad.single" : "memory.triad.multi";
    m_info.metric = "memory.triad.bandwidth";
    m_info.unit = "B/s";
    m_info.higherIsBetter = true;
    m_info.cvThreshold = 0.05; // BENCHMARKS.md §4.3 item 3: memory bandwidth ≤ 5 %
    m_info.parameters["threads"] = std::to_string(m_threads);
    m_info.parameters["array_bytes"] = std::to_string(m_elements * sizeof(double));
    m_info.parameters["kernel"] = "stream-triad";
}

MemoryBandwidthProbe::~MemoryBandwidthProbe() = default;

Status MemoryBandwidthProbe::prepare(ProbeContext& ctx)
{
    auto arrays = std::make_unique<Arrays>();
    arrays->a = allocate(m_elements);
    arrays->b = allocate(m_elements);
    arrays->c = allocate(m_elements);
    if (!arrays->a || !arrays->b || !arrays->c) {
        return makeError(Error::Code::IoFailed,
                         "cannot allocate 3 arrays of "
                             + std::to_string(m_elements * sizeof(double) / kMiB) + " MiB");
    }
    // First touch by the thread that will use each part (page faults out of the timing, NUMA
    // placement; BENCHMARKS.md §4.3 item 1).
    double* a = arrays->a.get();
    double* b = arrays->b.get();
    double* c = arrays->c.get();
    const std::size_t n = m_elements;
    const int threads = m_threads;
    auto st = ThreadTeam::run(
        threads,
        threads > 1,
        [=](int index, const std::atomic<bool>& stop) {
            const std::size_t lo =
                n * static_cast<std::size_t>(index) / static_cast<std::size_t>(threads);
            const std::size_t hi =
                n * static_cast<std::size_t>(index + 1) / static_cast<std::size_t>(threads);
            for (std::size_t i = lo; i < hi && !stop.load(std::memory_order_relaxed);) {
                const std::size_t end = std::min(hi, i + kBlockElements);
                for (; i < end; ++i) {
                    a[i] = 0.0;
                    b[i] = 1.0;
                    c[i] = 2.0;
                }
            }
        },
        ctx,
        0);
    if (!st) {
        return st;
    }
    m_arrays = std::move(arrays);
    return {};
}

Result<double> MemoryBandwidthProbe::repetition(ProbeContext& ctx, double targetSeconds)
{
    if (!m_arrays) {
        return makeError(Error::Code::InvalidInput, "prepare() was not called");
    }
    double* a = m_arrays->a.get();
    const double* b = m_arrays->b.get();
    const double* c = m_arrays->c.get();
    const std::size_t n = m_elements;
    const int threads = m_threads;
    std::vector<double> rates(static_cast<std::size_t>(threads) * 8, 0.0);
    auto st = ThreadTeam::run(
        threads,
        threads > 1,
        [&rates, a, b, c, n, threads](int index, const std::atomic<bool>& stop) {
            const std::size_t lo =
                n * static_cast<std::size_t>(index) / static_cast<std::size_t>(threads);
            const std::size_t hi =
                n * static_cast<std::size_t>(index + 1) / static_cast<std::size_t>(threads);
            std::size_t done = 0;
            std::size_t i = lo;
            const auto start = Clock::now();
            // At least one block, even if `stop` was raised before this thread first ran.
            while (done == 0 || !stop.load(std::memory_order_relaxed)) {
                const std::size_t end = std::min(hi, i + kBlockElements);
                for (std::size_t k = i; k < end; ++k) {
                    a[k] = b[k] + kTriadScalar * c[k];
                }
                done += end - i;
                i = end >= hi ? lo : end;
            }
            const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
            rates[static_cast<std::size_t>(index) * 8] =
                seconds > 0 ? static_cast<double>(done) * 3.0 * sizeof(double) / seconds : 0.0;
        },
        ctx,
        targetSeconds);
    if (!st) {
        return st.error();
    }
    g_sink.store(a[n / 2], std::memory_order_relaxed);
    double total = 0;
    for (int i = 0; i < threads; ++i) {
        total += rates[static_cast<std::size_t>(i) * 8];
    }
    return total;
}

void MemoryBandwidthProbe::finish()
{
    m_arrays.reset();
}

} // namespace cloudcost::benchmark
