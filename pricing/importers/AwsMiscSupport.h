#pragma once

#include "common/Result.h"
#include "pricing/Importer.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Helpers shared by the AWS importers of AwsMisc*.cpp, AwsSpot*.cpp, AwsSavings*.cpp and
// Ec2InstancesInfo*.cpp (not part of the public pricing API).
namespace cloudcost::pricing::awsmisc {

// The importers, one factory per format id (registered by registerAwsMiscImporters).
ImporterInfo savingsPlanCsvImporter();   // aws-savings-plan-csv
ImporterInfo instanceTypesImporter();    // aws-instance-types
ImporterInfo spotPriceHistoryImporter(); // aws-spot-price-history
ImporterInfo spotAdvisorImporter();      // aws-spot-advisor
ImporterInfo offerIndexImporter();       // aws-offer-index
ImporterInfo ec2InstancesInfoImporter(); // ec2instances-info

// The name used in messages: request.displayName, else the file name.
std::string displayName(const ImportRequest& request);

// Reads and parses a whole JSON file (at most maxBytes). Errors name the file and, for malformed
// JSON, the byte offset ("<name>: byte 123") with line and column in the message. Rejects empty
// files, NUL bytes and nesting deeper than 64 levels before parsing.
Result<nlohmann::json> loadJsonFile(const ImportRequest& request,
                                    std::uint64_t maxBytes = 256ULL << 20);

// "object", "array", "string", "number", "boolean", "null": for "expected X, found Y" messages.
std::string jsonTypeName(const nlohmann::json& value);

// A number held as a JSON number or as a decimal string ("0.043700"). Null, absent, "", "N/A"
// and "NA" are unknown (nullopt in the value). Anything else (text, bool, object) is an error whose
// message names what: "SpotPrice 'abc' is not a number".
Result<std::optional<double>> numberOrString(const nlohmann::json* value, std::string_view what);

// A number held as a JSON number only; null or absent is unknown. A string or other type is an
// error naming what.
Result<std::optional<double>> strictNumber(const nlohmann::json* value, std::string_view what);

// Member of an object, or nullptr when value is not an object or the key is absent.
const nlohmann::json* member(const nlohmann::json& value, std::string_view key);

// Upper bound of an interruption-frequency bucket from its label: "<5%" -> 5, "5-10%" -> 10,
// "10-15%" -> 15, ">20%" -> 100 (a percentage cannot exceed 100, and the Spot Advisor feed's own
// "max" for that bucket is 100). nullopt when the label has none of these shapes.
std::optional<double> bucketUpperBound(std::string_view label);

// Gbit/s from an AWS network performance text: "25 Gigabit" -> 25, "Up to 10 Gigabit" -> 10,
// "4x 100 Gigabit" -> 400, "Up to 12500 Megabit" -> 12.5; nullopt for "Moderate", "High", ...
std::optional<double> networkGbps(std::string_view text);

// EC2 instance family: the part before the first '.' ("m5.large" -> "m5", "u-6tb1.metal" ->
// "u-6tb1"); the whole name when it has no '.'.
std::string instanceFamily(std::string_view instanceType);

// Normalises an ISO-8601 timestamp to UTC "YYYY-MM-DDTHH:MM:SSZ". Accepts 'T' or ' ' between date
// and time, optional fractional seconds, and "Z", "+HH:MM", "+HHMM" or "+HH" offsets (converted to
// UTC). nullopt when it is not such a timestamp or has no time zone.
std::optional<std::string> normaliseTimestampUtc(std::string_view timestamp);

// Reports progress and returns a Cancelled error when the user asked to stop.
Status reportProgress(const ImportRequest& request, std::uint64_t done, std::uint64_t total);

} // namespace cloudcost::pricing::awsmisc
