#include "pricing/importers/AwsLocations.h"

#include "common/Text.h"

#include <array>
#include <utility>

namespace cloudcost::pricing::aws {

namespace {

using Pair = std::pair<std::string_view, std::string_view>;

// Price-list `location` names of the AWS Regions (attribute `location`, CSV column "Location").
// Sources: AWS Price List files and the Regions table of the AWS General Reference; "EU (...)"
// is the price-list spelling, "Europe (...)" the console's, and older files used "AWS GovCloud
// (US)" and "Asia Pacific (Osaka-Local)". Both spellings are accepted.
constexpr std::array kRegions = {
    Pair{"US East (N. Virginia)", "us-east-1"},
    Pair{"US East (Ohio)", "us-east-2"},
    Pair{"US West (N. California)", "us-west-1"},
    Pair{"US West (Oregon)", "us-west-2"},
    Pair{"Africa (Cape Town)", "af-south-1"},
    Pair{"Asia Pacific (Hong Kong)", "ap-east-1"},
    Pair{"Asia Pacific (Taipei)", "ap-east-2"},
    Pair{"Asia Pacific (Mumbai)", "ap-south-1"},
    Pair{"Asia Pacific (Hyderabad)", "ap-south-2"},
    Pair{"Asia Pacific (Singapore)", "ap-southeast-1"},
    Pair{"Asia Pacific (Sydney)", "ap-southeast-2"},
    Pair{"Asia Pacific (Jakarta)", "ap-southeast-3"},
    Pair{"Asia Pacific (Melbourne)", "ap-southeast-4"},
    Pair{"Asia Pacific (Malaysia)", "ap-southeast-5"},
    Pair{"Asia Pacific (New Zealand)", "ap-southeast-6"},
    Pair{"Asia Pacific (Thailand)", "ap-southeast-7"},
    Pair{"Asia Pacific (Tokyo)", "ap-northeast-1"},
    Pair{"Asia Pacific (Seoul)", "ap-northeast-2"},
    Pair{"Asia Pacific (Osaka)", "ap-northeast-3"},
    Pair{"Asia Pacific (Osaka-Local)", "ap-northeast-3"},
    Pair{"Canada (Central)", "ca-central-1"},
    Pair{"Canada West (Calgary)", "ca-west-1"},
    Pair{"EU (Frankfurt)", "eu-central-1"},
    Pair{"Europe (Frankfurt)", "eu-central-1"},
    Pair{"EU (Zurich)", "eu-central-2"},
    Pair{"Europe (Zurich)", "eu-central-2"},
    Pair{"EU (Ireland)", "eu-west-1"},
    Pair{"Europe (Ireland)", "eu-west-1"},
    Pair{"EU (London)", "eu-west-2"},
    Pair{"Europe (London)", "eu-west-2"},
    Pair{"EU (Paris)", "eu-west-3"},
    Pair{"Europe (Paris)", "eu-west-3"},
    Pair{"EU (Stockholm)", "eu-north-1"},
    Pair{"Europe (Stockholm)", "eu-north-1"},
    Pair{"EU (Milan)", "eu-south-1"},
    Pair{"Europe (Milan)", "eu-south-1"},
    Pair{"EU (Spain)", "eu-south-2"},
    Pair{"Europe (Spain)", "eu-south-2"},
    Pair{"Israel (Tel Aviv)", "il-central-1"},
    Pair{"Middle East (Bahrain)", "me-south-1"},
    Pair{"Middle East (UAE)", "me-central-1"},
    Pair{"Mexico (Central)", "mx-central-1"},
    Pair{"South America (Sao Paulo)", "sa-east-1"},
    Pair{"South America (S\xC3\xA3o Paulo)", "sa-east-1"},
    Pair{"AWS GovCloud (US-West)", "us-gov-west-1"},
    Pair{"AWS GovCloud (US)", "us-gov-west-1"},
    Pair{"AWS GovCloud (US-East)", "us-gov-east-1"},
    Pair{"China (Beijing)", "cn-north-1"},
    Pair{"China (Ningxia)", "cn-northwest-1"},
};

// Local Zones (locationType "AWS Local Zone"): display name -> zone-group id, as published in the
// price list and the Local Zones locations page. A name not listed here is never guessed.
constexpr std::array kLocalZones = {
    Pair{"US West (Los Angeles)", "us-west-2-lax-1"},
    Pair{"US West (Denver)", "us-west-2-den-1"},
    Pair{"US West (Las Vegas)", "us-west-2-las-1"},
    Pair{"US West (Phoenix)", "us-west-2-phx-1"},
    Pair{"US West (Phoenix) 2", "us-west-2-phx-2"},
    Pair{"US West (Portland)", "us-west-2-pdx-1"},
    Pair{"US West (Seattle)", "us-west-2-sea-1"},
    Pair{"US West (Honolulu)", "us-west-2-hnl-1"},
    Pair{"US East (Atlanta)", "us-east-1-atl-1"},
    Pair{"US East (Boston)", "us-east-1-bos-1"},
    Pair{"US East (Chicago)", "us-east-1-chi-1"},
    Pair{"US East (Dallas)", "us-east-1-dfw-1"},
    Pair{"US East (Houston)", "us-east-1-iah-1"},
    Pair{"US East (Kansas City)", "us-east-1-mci-1"},
    Pair{"US East (Kansas City 2)", "us-east-1-mci-1"},
    Pair{"US East (Miami)", "us-east-1-mia-1"},
    Pair{"US East (Minneapolis)", "us-east-1-msp-1"},
    Pair{"US East (New York City)", "us-east-1-nyc-1"},
    Pair{"US East (Philadelphia)", "us-east-1-phl-1"},
    Pair{"Argentina (Buenos Aires)", "us-east-1-bue-1"},
    Pair{"Chile (Santiago)", "us-east-1-scl-1"},
    Pair{"Peru (Lima)", "us-east-1-lim-1"},
    Pair{"Mexico (Queretaro)", "us-east-1-qro-1"},
    Pair{"Nigeria (Lagos)", "af-south-1-los-1"},
    Pair{"Taiwan (Taipei)", "ap-northeast-1-tpe-1"},
    Pair{"India (Kolkata)", "ap-south-1-ccu-1"},
    Pair{"India (Delhi)", "ap-south-1-del-1"},
    Pair{"Thailand (Bangkok)", "ap-southeast-1-bkk-1"},
    Pair{"Philippines (Manila)", "ap-southeast-1-mnl-1"},
    Pair{"New Zealand (Auckland)", "ap-southeast-2-akl-1"},
    Pair{"Australia (Perth)", "ap-southeast-2-per-1"},
    Pair{"Germany (Hamburg)", "eu-central-1-ham-1"},
    Pair{"Poland (Warsaw)", "eu-central-1-waw-1"},
    Pair{"Denmark (Copenhagen)", "eu-north-1-cph-1"},
    Pair{"Finland (Helsinki)", "eu-north-1-hel-1"},
    Pair{"Oman (Muscat)", "me-south-1-mct-1"},
};

// Usage-type prefixes of Local Zones ("LAX1-BoxUsage:c5.large"), as billed by AWS.
constexpr std::array kLocalZonePrefixes = {
    Pair{"LAX1", "us-west-2-lax-1"},
    Pair{"DEN1", "us-west-2-den-1"},
    Pair{"LAS1", "us-west-2-las-1"},
    Pair{"PHX1", "us-west-2-phx-1"},
    Pair{"PDX1", "us-west-2-pdx-1"},
    Pair{"SEA1", "us-west-2-sea-1"},
    Pair{"ATL1", "us-east-1-atl-1"},
    Pair{"BOS1", "us-east-1-bos-1"},
    Pair{"CHI1", "us-east-1-chi-1"},
    Pair{"DFW1", "us-east-1-dfw-1"},
    Pair{"IAH1", "us-east-1-iah-1"},
    Pair{"MCI1", "us-east-1-mci-1"},
    Pair{"MIA1", "us-east-1-mia-1"},
    Pair{"MSP1", "us-east-1-msp-1"},
    Pair{"NYC1", "us-east-1-nyc-1"},
    Pair{"PHL1", "us-east-1-phl-1"},
};

template <std::size_t N>
std::string_view lookup(const std::array<Pair, N>& table, std::string_view key)
{
    for (const auto& [name, code] : table) {
        if (name == key) {
            return code;
        }
    }
    return {};
}

} // namespace

std::string_view regionForLocation(std::string_view location)
{
    return lookup(kRegions, text::trim(location));
}

std::string_view localZoneForLocation(std::string_view location)
{
    return lookup(kLocalZones, text::trim(location));
}

std::string_view localZoneForUsageType(std::string_view usageType)
{
    const auto dash = usageType.find('-');
    if (dash == std::string_view::npos) {
        return {};
    }
    return lookup(kLocalZonePrefixes, usageType.substr(0, dash));
}

ResolvedRegion resolveRegion(std::string_view regionCode,
                             std::string_view location,
                             std::string_view locationType,
                             std::string_view usageType)
{
    regionCode = text::trim(regionCode);
    if (!regionCode.empty()) {
        return {std::string(regionCode), {}};
    }
    location = text::trim(location);
    if (location.empty()) {
        return {{}, "product has neither regionCode nor location"};
    }
    const bool localZone = text::iequals(locationType, "AWS Local Zone");
    if (!localZone) {
        if (auto code = regionForLocation(location); !code.empty()) {
            return {std::string(code), {}};
        }
    }
    if (localZone || locationType.empty()) {
        if (auto zone = localZoneForLocation(location); !zone.empty()) {
            return {std::string(zone), {}};
        }
        if (auto zone = localZoneForUsageType(usageType); !zone.empty()) {
            return {std::string(zone), {}};
        }
    }
    std::string reason = "location '" + text::printable(location, 60) + "'";
    if (!locationType.empty()) {
        reason += " (" + text::printable(locationType, 30) + ")";
    }
    reason += " has no regionCode and no known region code";
    return {{}, reason};
}

} // namespace cloudcost::pricing::aws
