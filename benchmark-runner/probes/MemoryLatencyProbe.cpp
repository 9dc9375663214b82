#include "benchmark-runner/probes/MemoryLatencyProbe.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <random>

namespace cloudcost::benchmark {

namespace {

using Clock = std::chrono::steady_clock;

struct alignas(64) Node
{
    Node* next = nullptr;
    std::uint64_t pad[7] = {};
};
static_assert(sizeof(Node) == 64);

std::atomic<const void*> g_sink{nullptr};

struct FreeDeleter
{
    void operator()(Node* p) const { std::free(p); }
};

constexpr std::size_t kLoadsPerChunk = 1 << 14;

[[gnu::noinline]] Node* chase(Node* p, std::size_t loads)
{
    for (std::size_t i = 0; i < loads; i += 8) {
        p = p->next;
        p = p->next;
        p = p->next;
        p = p->next;
        p = p->next;
        p = p->next;
        p = p->next;
        p = p->next;
    }
    return p;
}

} // namespace

struct MemoryLatencyProbe::Nodes
{
    std::unique_ptr<Node, FreeDeleter> nodes;
    Node* cursor = nullptr;
};

std::string MemoryLatencyProbe::sizeLabel(std::size_t bytes)
{
    if (bytes >= (1ULL << 30) && bytes % (1ULL << 30) == 0) {
        return std::to_string(bytes >> 30) + "GiB";
    }
    if (bytes >= (1ULL << 20) && bytes % (1ULL << 20) == 0) {
        return std::to_string(bytes >> 20) + "MiB";
    }
    if (bytes >= (1ULL << 10) && bytes % (1ULL << 10) == 0) {
        return std::to_string(bytes >> 10) + "KiB";
    }
    return std::to_string(bytes) + "B";
}

MemoryLatencyProbe::MemoryLatencyProbe(Config config)
    : m_config(config)
{
    m_count = std::max<std::size_t>(config.workingSetBytes / sizeof(Node), 2);
    const std::size_t bytes = m_count * sizeof(Node);
    m_info.name = "memory.latency." + sizeLabel(bytes);
    m_info.metric = "memory.latency";
    m_info.unit = "s";
    m_info.higherIsBetter = false;
    m_info.cvThreshold = 0.10; // BENCHMARKS.md §4.3 item 3: latency ≤ 10 %
    m_info.parameters["working_set_bytes"] = std::to_string(bytes);
    m_info.parameters["stride_bytes"] = std::to_string(sizeof(Node));
    m_info.parameters["threads"] = "1";
}

MemoryLatencyProbe::~MemoryLatencyProbe() = default;

Status MemoryLatencyProbe::prepare(ProbeContext& ctx)
{
    auto nodes = std::make_unique<Nodes>();
    nodes->nodes.reset(static_cast<Node*>(
        std::aligned_alloc(4096, ((m_count * sizeof(Node) + 4095) / 4096) * 4096)));
    if (!nodes->nodes) {
        return makeError(Error::Code::IoFailed,
                         "cannot allocate " + sizeLabel(m_count * sizeof(Node)));
    }
    Node* base = nodes->nodes.get();
    // Sattolo's algorithm: a uniformly random single cycle through all nodes, so the chase
    // visits every node and the hardware prefetcher cannot guess the next line. Fixed seed:
    // the same permutation on every run.
    std::vector<std::uint32_t> order(m_count);
    for (std::size_t i = 0; i < m_count; ++i) {
        order[i] = static_cast<std::uint32_t>(i);
    }
    std::mt19937_64 rng(0x5EED);
    for (std::size_t i = m_count - 1; i > 0; --i) {
        if ((i & 0xFFFFF) == 0 && ctx.shouldStop()) {
            return ctx.stopError();
        }
        std::uniform_int_distribution<std::size_t> pick(0, i - 1);
        std::swap(order[i], order[pick(rng)]);
    }
    // order is a permutation with one cycle: node i links to node order[i].
    for (std::size_t i = 0; i < m_count; ++i) {
        new (&base[i]) Node{};
        base[i].next = &base[order[i]];
    }
    nodes->cursor = base;
    m_nodes = std::move(nodes);
    return {};
}

Result<double> MemoryLatencyProbe::repetition(ProbeContext& ctx, double targetSeconds)
{
    if (!m_nodes) {
        return makeError(Error::Code::InvalidInput, "prepare() was not called");
    }
    const auto target = std::chrono::duration<double>(targetSeconds);
    Node* p = m_nodes->cursor;
    std::size_t loads = 0;
    const auto start = Clock::now();
    Clock::duration elapsed{};
    int chunks = 0;
    do {
        p = chase(p, kLoadsPerChunk);
        loads += kLoadsPerChunk;
        elapsed = Clock::now() - start;
        if ((++chunks & 3) == 0 && ctx.shouldStop()) {
            m_nodes->cursor = p;
            return ctx.stopError();
        }
    } while (elapsed < target);
    m_nodes->cursor = p;
    g_sink.store(p, std::memory_order_relaxed);
    return std::chrono::duration<double>(elapsed).count() / static_cast<double>(loads);
}

void MemoryLatencyProbe::finish()
{
    m_nodes.reset();
}

} // namespace cloudcost::benchmark
