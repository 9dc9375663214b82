#include "pricing/ImportSink.h"

namespace cloudcost::pricing {

std::uint64_t ImportStats::skippedTotal() const
{
    std::uint64_t total = 0;
    for (const auto& [reason, skip] : skipped) {
        total += skip.count;
    }
    return total;
}

void ImportSink::skip(const std::string& reason, std::string_view where)
{
    auto& s = m_stats.skipped[reason];
    if (s.count++ == 0) {
        s.firstWhere = std::string(where);
    }
}

} // namespace cloudcost::pricing
