#include "benchmark-runner/probes/LatencyHistogram.h"

#include <bit>
#include <cmath>

namespace cloudcost::benchmark {

int LatencyHistogram::bucketOf(std::uint64_t ns)
{
    if (ns < 32) {
        return static_cast<int>(ns);
    }
    const int exponent = 63 - std::countl_zero(ns); // >= 5
    const auto mantissa = static_cast<int>((ns >> (exponent - 4)) & 0xF);
    return 32 + (exponent - 5) * 16 + mantissa;
}

double LatencyHistogram::midpointOf(int bucket)
{
    if (bucket < 32) {
        return static_cast<double>(bucket);
    }
    const int exponent = (bucket - 32) / 16 + 5;
    const int mantissa = (bucket - 32) % 16;
    const double width = std::ldexp(1.0, exponent - 4);
    const double low = (16 + mantissa) * width;
    return low + width / 2;
}

void LatencyHistogram::record(std::uint64_t nanoseconds)
{
    ++m_counts[static_cast<std::size_t>(bucketOf(nanoseconds))];
    ++m_count;
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        m_counts[i] += other.m_counts[i];
    }
    m_count += other.m_count;
}

void LatencyHistogram::clear()
{
    m_counts.fill(0);
    m_count = 0;
}

double LatencyHistogram::quantileNs(double q) const
{
    if (m_count == 0 || !(q > 0)) {
        return 0;
    }
    const double rankD = std::ceil(std::min(q, 1.0) * static_cast<double>(m_count));
    const auto rank = static_cast<std::uint64_t>(std::max(1.0, rankD));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        seen += m_counts[i];
        if (seen >= rank) {
            return midpointOf(static_cast<int>(i));
        }
    }
    return midpointOf(kBuckets - 1);
}

} // namespace cloudcost::benchmark
