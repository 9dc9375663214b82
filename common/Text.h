#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Small text helpers shared by the importers: strict number parsing, trimming, case folding.
namespace cloudcost::text {

std::string_view trim(std::string_view s);
std::string toLower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool startsWith(std::string_view s, std::string_view prefix);
bool endsWith(std::string_view s, std::string_view suffix);
bool contains(std::string_view s, std::string_view needle);
std::vector<std::string_view> split(std::string_view s, char sep);

// Parses a whole decimal number ("0.0960000000", "1.0E-4", " 12 "); nullopt for anything else,
// including "", "NA", "Inf", NaN and trailing garbage.
std::optional<double> parseDouble(std::string_view s);
// Parses a whole integer; nullopt on garbage or overflow.
std::optional<std::int64_t> parseInt(std::string_view s);
// Parses the leading number of "16 GiB", "1,152 GiB", "Up to 3.1 GHz" (ignores a leading "Up to").
std::optional<double> parseLeadingNumber(std::string_view s);

// Returns the ISO-8601 date part "YYYY-MM-DD" of a timestamp, or "" when it is not one.
std::string isoDate(std::string_view timestamp);
// Current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string nowUtcIso();

// Replaces bytes that are not valid UTF-8 or are control characters, for safe display of input.
std::string printable(std::string_view s, std::size_t maxLen = 80);

} // namespace cloudcost::text
