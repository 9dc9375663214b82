#pragma once

#include "common/Result.h"
#include "pricing/Offer.h"
#include "pricing/Workspace.h"

#include <cstdint>
#include <string>
#include <vector>

// Reading the spot price history and the spot advice (interruption buckets, savings) that importers
// stored in a workspace (tables spot_prices and spot_advice, pricing/Workspace.cpp migrate()).
namespace cloudcost::pricing {

// Which spot rows to read. Empty strings match everything; instanceType is required.
struct SpotDataFilter
{
    std::string provider;     // aws, alibaba, ...
    std::string region;       // us-east-1
    std::string zone;         // us-east-1a; "" = every zone
    std::string instanceType; // m5.large (exact)
    std::string os;           // linux, windows, ... (lower case, as importers store it)
};

// One stored spot price with the sheet it came from.
struct StoredSpotPrice
{
    SpotPricePoint point;
    std::int64_t sourceId = 0;
    std::string sourceName;
};

// One stored spot advice row with the sheet it came from.
struct StoredSpotAdvice
{
    SpotAdvice advice;
    std::int64_t sourceId = 0;
    std::string sourceName;
};

// Spot prices matching filter, ordered by provider, region, os, zone, timestamp text, row id (the
// order the statistics need). Fails with InvalidInput when filter.instanceType is empty.
Result<std::vector<StoredSpotPrice>> loadSpotPrices(Workspace& ws, const SpotDataFilter& filter);

// Spot advice rows matching filter (a zone filter also keeps region-wide rows, whose zone is "",
// and an os filter keeps rows that name no OS, like Alibaba's DescribeSpotAdvice), ordered by
// provider, region, os, zone, row id.
Result<std::vector<StoredSpotAdvice>> loadSpotAdvice(Workspace& ws, const SpotDataFilter& filter);

// Where the workspace has spot data for one instance type: one entry per provider, region and os.
struct SpotDataAvailability
{
    std::string provider;
    std::string region;
    std::string os;
    std::int64_t priceRows = 0;
    std::int64_t adviceRows = 0;
};

// Every (provider, region, os) with spot prices or advice for instanceType (any when ""), sorted;
// used to tell the user what the workspace does hold when a query finds nothing.
Result<std::vector<SpotDataAvailability>> spotDataAvailability(Workspace& ws,
                                                               const std::string& instanceType);

} // namespace cloudcost::pricing
