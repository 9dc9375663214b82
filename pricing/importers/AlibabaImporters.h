#pragma once

#include <optional>
#include <string>
#include <string_view>

// Helpers of the Alibaba Cloud ECS importers (registered by registerAlibabaImporters), exposed for
// tests. The formats and their quirks are described in data/alibaba/README.md of the shared data.
namespace cloudcost::pricing::alibaba {

// Region of an ECS zone id: "cn-hangzhou-g" -> "cn-hangzhou", "ap-southeast-1a" ->
// "ap-southeast-1". Returns "" when the id does not end in a zone letter.
std::string regionFromZone(std::string_view zoneId);

// Upper bound in percent of an interruption-rate bucket label: "0-3%" -> 3, "10-100%" -> 100,
// "<5%" -> 5, ">20%" -> 100. nullopt when the label holds no number.
std::optional<double> interruptionBucketMaxPct(std::string_view label);

} // namespace cloudcost::pricing::alibaba
