#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>

namespace cloudcost::pricing {

// Writes a synthetic regional EC2 offer file (us-east-1) for performance tests: AWS's published
// layout ("key" : value, 2-space indents; or the CSV form with its preamble), realistic
// attributes, about 70% instance SKUs with 1 on-demand and 12 reserved terms (Partial and All
// Upfront with two price dimensions), capacity-reservation, capacity-block and host rows to skip,
// Dedicated Hosts, and storage, data-transfer (tiered), IP-address and load-balancer products.
// The file is at least targetBytes long (about 1% more). The same seed gives the same SKUs and
// prices in both forms.
// Fails with the path when the file cannot be written.
Status generateAwsOfferFile(const std::filesystem::path& out,
                            std::uint64_t targetBytes,
                            bool csv,
                            std::uint32_t seed);

// The same with a fixed number of SKUs (SKU i is the same in every file of the same seed), so the
// JSON and CSV forms hold the same products and prices.
Status generateAwsOfferFileWithSkus(const std::filesystem::path& out,
                                    std::uint64_t skus,
                                    bool csv,
                                    std::uint32_t seed);

} // namespace cloudcost::pricing
