#pragma once

#include <string>
#include <string_view>

// Maps the human location names of the AWS Price List ("US East (N. Virginia)") to region codes.
namespace cloudcost::pricing::aws {

// Region code of an AWS Region's price-list display name: "US East (N. Virginia)" -> "us-east-1",
// "EU (Frankfurt)" or "Europe (Frankfurt)" -> "eu-central-1", "AWS GovCloud (US-West)" ->
// "us-gov-west-1", "China (Ningxia)" -> "cn-northwest-1". Empty when the name is not a known
// Region (Local Zones are not Regions: see localZoneForLocation).
std::string_view regionForLocation(std::string_view location);

// Zone-group id of a Local Zone's display name ("US West (Los Angeles)" -> "us-west-2-lax-1"),
// empty when unknown.
std::string_view localZoneForLocation(std::string_view location);

// Zone-group id of a Local Zone from the prefix of a usage type ("LAX1-BoxUsage:c5.large" ->
// "us-west-2-lax-1"), empty when the prefix is not a known Local Zone.
std::string_view localZoneForUsageType(std::string_view usageType);

// The region code a product is priced in, from its attributes: regionCode when present, else the
// location name (Regions always; Local Zones by name or usage-type prefix). When it cannot be told
// without guessing, region is empty and reason says why (naming the location).
struct ResolvedRegion
{
    std::string region;
    std::string reason;
};
ResolvedRegion resolveRegion(std::string_view regionCode,
                             std::string_view location,
                             std::string_view locationType,
                             std::string_view usageType);

} // namespace cloudcost::pricing::aws
