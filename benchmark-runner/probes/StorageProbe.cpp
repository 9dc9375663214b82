#include "benchmark-runner/probes/StorageProbe.h"

#include "benchmark-runner/probes/ThreadTeam.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <random>

#include <unistd.h>

namespace cloudcost::benchmark {

namespace {

using Clock = std::chrono::steady_clock;

struct FreeDeleter
{
    void operator()(void* p) const { std::free(p); }
};

bool isRead(StorageProbe::Pattern p)
{
    return p == StorageProbe::Pattern::RandomRead || p == StorageProbe::Pattern::SequentialRead;
}

bool isRandom(StorageProbe::Pattern p)
{
    return p == StorageProbe::Pattern::RandomRead || p == StorageProbe::Pattern::RandomWrite;
}

// What one worker did in one repetition.
struct WorkerResult
{
    std::uint64_t ops = 0;
    std::uint64_t bytes = 0;
    double seconds = 0;
    int error = 0; // errno of a failed I/O
    std::uint64_t errorOffset = 0;
    LatencyHistogram histogram;
};

} // namespace

StorageProbe::StorageProbe(Config config)
    : m_config(std::move(config))
{
    if (m_config.blockBytes < StorageTarget::kAlignment) {
        m_config.blockBytes = StorageTarget::kAlignment;
    }
    m_config.blockBytes =
        (m_config.blockBytes / StorageTarget::kAlignment) * StorageTarget::kAlignment;
    m_config.queueDepth = std::max(1, m_config.queueDepth);
    const auto p = m_config.pattern;
    m_base = std::string("disk.") + (isRandom(p) ? "rand" : "seq") + (isRead(p) ? "read" : "write");
    m_info.name = m_base;
    if (isRandom(p)) {
        m_info.name += ".qd" + std::to_string(m_config.queueDepth);
        m_info.metric = m_base + ".iops";
        m_info.unit = "ops/s";
    } else {
        m_info.metric = m_base + ".bandwidth";
        m_info.unit = "B/s";
    }
    m_info.higherIsBetter = true;
    m_info.cvThreshold = 0.10; // BENCHMARKS.md §4.3 item 3: storage ≤ 10 %
    m_info.parameters["block_size"] = std::to_string(m_config.blockBytes);
    m_info.parameters["iodepth"] = std::to_string(m_config.queueDepth);
    m_info.parameters["engine"] = "pread/pwrite threads";
    if (m_config.target) {
        m_info.parameters["file_bytes"] = std::to_string(m_config.target->fileBytes());
    }
}

Status StorageProbe::prepare(ProbeContext& ctx)
{
    if (!m_config.target) {
        return makeError(Error::Code::InvalidInput, "no storage directory");
    }
    auto st = m_config.target->open(ctx);
    if (!st) {
        return st;
    }
    m_info.parameters["o_direct"] = m_config.target->direct() ? "yes" : "no";
    if (!m_config.target->filesystem().empty()) {
        m_info.parameters["filesystem"] = m_config.target->filesystem();
    }
    return {};
}

void StorageProbe::beginAttempt()
{
    m_histogram.clear();
}

Result<double> StorageProbe::repetition(ProbeContext& ctx, double targetSeconds)
{
    auto& target = *m_config.target;
    const int fd = target.fd();
    if (fd < 0) {
        return makeError(Error::Code::InvalidInput, "prepare() was not called");
    }
    const std::size_t block = m_config.blockBytes;
    const std::uint64_t blocks = target.fileBytes() / block;
    const auto pattern = m_config.pattern;
    const int depth = m_config.queueDepth;
    std::vector<WorkerResult> results(static_cast<std::size_t>(depth));
    const std::uint64_t seqStart = m_sequentialOffset;
    std::atomic<std::uint64_t> seqNext{0};

    auto work = [&](int index, const std::atomic<bool>& stop) {
        auto& r = results[static_cast<std::size_t>(index)];
        std::unique_ptr<void, FreeDeleter> mem(
            std::aligned_alloc(StorageTarget::kAlignment, block));
        if (!mem) {
            r.error = ENOMEM;
            return;
        }
        auto* buf = static_cast<unsigned char*>(mem.get());
        std::mt19937_64 rng(0xB10C + static_cast<std::uint64_t>(index) * 7919
                            + static_cast<std::uint64_t>(Clock::now().time_since_epoch().count()));
        for (std::size_t i = 0; i < block; i += 8) {
            const std::uint64_t v = rng();
            std::memcpy(buf + i, &v, 8);
        }
        const auto start = Clock::now();
        // At least one I/O: on a loaded machine the team may raise `stop` before this thread
        // first runs, and a repetition of zero operations has no rate.
        while (r.ops == 0 || !stop.load(std::memory_order_relaxed)) {
            std::uint64_t blockIndex = 0;
            if (isRandom(pattern)) {
                blockIndex = rng() % blocks;
            } else {
                blockIndex = (seqStart + seqNext.fetch_add(1, std::memory_order_relaxed)) % blocks;
            }
            const auto offset = static_cast<off_t>(blockIndex * block);
            if (!isRead(pattern)) {
                const std::uint64_t tag = rng();
                std::memcpy(buf, &tag, sizeof tag);
            }
            const auto t0 = Clock::now();
            const ssize_t n = isRead(pattern) ? ::pread(fd, buf, block, offset)
                                              : ::pwrite(fd, buf, block, offset);
            const auto t1 = Clock::now();
            if (n != static_cast<ssize_t>(block)) {
                r.error = n < 0 ? errno : EIO;
                r.errorOffset = static_cast<std::uint64_t>(offset);
                break;
            }
            ++r.ops;
            r.bytes += block;
            r.histogram.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
        }
        r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    };

    auto st = ThreadTeam::run(depth, false, work, ctx, targetSeconds);
    if (!st) {
        return st.error();
    }
    m_sequentialOffset = (seqStart + seqNext.load()) % std::max<std::uint64_t>(blocks, 1);
    double rate = 0;
    for (auto& r : results) {
        if (r.error == EINVAL && target.dropDirect()) {
            // The filesystem accepted O_DIRECT at open but refuses the I/O: retry buffered.
            return repetition(ctx, targetSeconds);
        }
        if (r.error != 0) {
            return makeError(Error::Code::IoFailed,
                             std::string(isRead(pattern) ? "read" : "write") + " at byte "
                                 + std::to_string(r.errorOffset)
                                 + " failed: " + std::strerror(r.error),
                             target.dir().string());
        }
        if (r.seconds > 0) {
            rate += isRandom(pattern) ? static_cast<double>(r.ops) / r.seconds
                                      : static_cast<double>(r.bytes) / r.seconds;
        }
        m_histogram.merge(r.histogram);
    }
    m_info.parameters["o_direct"] = target.direct() ? "yes" : "no";
    return rate;
}

std::vector<Sample> StorageProbe::extraSamples() const
{
    std::vector<Sample> out;
    if (!isRandom(m_config.pattern) || m_histogram.count() == 0) {
        return out;
    }
    // p50 / p99 / p99.9 (BENCHMARKS.md §4.2 storage report).
    for (const auto& [label, q] : {std::pair<const char*, double>{"p50", 0.50},
                                   std::pair<const char*, double>{"p99", 0.99},
                                   std::pair<const char*, double>{"p99.9", 0.999}}) {
        Sample s;
        s.metric = m_base + ".latency." + label;
        s.value = m_histogram.quantileNs(q) * 1e-9;
        s.unit = "s";
        s.higherIsBetter = false;
        s.parameters = m_info.parameters;
        s.parameters["ios"] = std::to_string(m_histogram.count());
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<std::string> StorageProbe::warnings() const
{
    return m_config.target ? m_config.target->warnings() : std::vector<std::string>{};
}

} // namespace cloudcost::benchmark
