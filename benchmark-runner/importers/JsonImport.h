#pragma once

#include "common/Result.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Helpers shared by the importers of JSON benchmark outputs (fio, iperf3): parsing with file
// line and byte offsets in errors, typed field access whose errors name the JSON path.
namespace cloudcost::benchmark::jsonimport {

using json = nlohmann::json;

// A parsed document and where it sits in the file.
struct Document
{
    json value;
    std::size_t startByte = 0;    // offset of its first '{' in the file
    std::size_t trailingByte = 0; // offset of non-blank text after it, 0 when there is none
};

// The 1-based line of a byte offset of content.
std::size_t lineOf(std::string_view content, std::size_t byteOffset);

// Byte offset of the first line of content whose first non-blank character is '{' (tools print
// warnings before their JSON on stdout); npos when there is none.
std::size_t findJsonStart(std::string_view content);

// Parses the JSON object that starts at byte start of content (a leading UTF-8 byte order mark is
// skipped). Text after the object is not an error (a tool's normal output may follow); its offset
// is returned so the caller can warn. Syntax errors name the file line and byte offset: context
// "file:line", message "invalid JSON at byte N: ...". what names the format ("fio JSON output").
Result<Document> parseObject(std::string_view content,
                             std::size_t start,
                             const std::string& displayName,
                             std::string_view what);

// A ParseFailed error about the JSON path of a field ("jobs[2].read.iops: expected ...").
Error fieldError(const std::string& displayName, const std::string& path, const std::string& what);

// The finite number at obj[key]; nullopt when the key is absent or null. An error naming
// path + "." + key when it is present with another type or is not finite.
Result<std::optional<double>> optNumber(const json& obj,
                                        std::string_view key,
                                        const std::string& path,
                                        const std::string& displayName);
// Like optNumber, but absence is an error too.
Result<double> number(const json& obj,
                      std::string_view key,
                      const std::string& path,
                      const std::string& displayName);
// Like optNumber, and a negative value is an error (counts, rates, latencies).
Result<std::optional<double>> optNonNegative(const json& obj,
                                             std::string_view key,
                                             const std::string& path,
                                             const std::string& displayName);
// The string at obj[key], "" when absent or null; numbers and booleans are written as JSON text
// (fio writes option values as strings, hand-edited files sometimes as numbers).
std::string optText(const json& obj, std::string_view key);

} // namespace cloudcost::benchmark::jsonimport
