#pragma once

#include <array>
#include <cstdint>

namespace cloudcost::benchmark {

// A log-bucket histogram of latencies in nanoseconds: exact below 32 ns, then 16 buckets per
// power of two, so a percentile is within 1/32 (3 %) of the true value (the HdrHistogram idea,
// as BENCHMARKS.md §4.2 asks for storage and network percentiles). Fixed size, no allocation.
class LatencyHistogram
{
public:
    // Counts one latency.
    void record(std::uint64_t nanoseconds);
    // Adds another histogram's counts.
    void merge(const LatencyHistogram& other);
    void clear();
    std::uint64_t count() const { return m_count; }
    // The q-quantile (0 < q <= 1) in nanoseconds (bucket midpoint); 0 when empty.
    double quantileNs(double q) const;

private:
    static constexpr int kBuckets = 32 + 59 * 16;
    static int bucketOf(std::uint64_t ns);
    static double midpointOf(int bucket);
    std::array<std::uint64_t, kBuckets> m_counts{};
    std::uint64_t m_count = 0;
};

} // namespace cloudcost::benchmark
