#pragma once

#include "benchmark-runner/Sample.h"
#include "common/Result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Helpers shared by the importers of text-like benchmark outputs (stress-ng, PerfKitBenchmarker,
// STREAM, UnixBench, Geekbench, lmbench, Phoronix Test Suite): line splitting with line numbers,
// strict numbers, error contexts "file:line", unit conversion and host-fact helpers.
namespace cloudcost::benchmark::textimport {

// One line of input without its line end; number is 1-based.
struct Line
{
    std::string_view text;
    std::size_t number = 0;
};

// Drops a leading UTF-8 byte order mark.
std::string_view stripBom(std::string_view content);
// Splits content (after stripBom) into lines at LF; a CR before the LF is dropped.
std::vector<Line> splitLines(std::string_view content);
// An InvalidInput error when content is empty or blank, or holds a NUL byte (naming its line);
// what names the expected format in the message ("a STREAM report").
Status checkText(std::string_view content, const std::string& displayName, std::string_view what);

// "file:line".
std::string where(const std::string& displayName, std::size_t line);
// A ParseFailed error whose context is "file:line" (or just the file when line is 0).
Error parseError(const std::string& displayName, std::size_t line, std::string message);

// Splits at runs of spaces and tabs; no empty fields.
std::vector<std::string_view> fields(std::string_view s);
// A whole finite decimal number ("12", "-0.5", "1e3"); nullopt for anything else.
std::optional<double> number(std::string_view s);
// A whole non-negative integer that fits in an int; nullopt for anything else.
std::optional<int> smallCount(std::string_view s);
// Lower-case ASCII letters and digits; every other run of characters becomes one '_'; no
// leading or trailing '_'. "Dhrystone 2 using register variables" -> "dhrystone_2_using_...".
std::string slug(std::string_view s);
// Text quoted for an error message, control characters replaced, at most 60 characters.
// Call it qualified (textimport::quoted): unqualified, a std::string argument also finds
// std::quoted by argument-dependent lookup. inQuotes is the same without that trap.
std::string quoted(std::string_view s);
std::string inQuotes(std::string_view s);
// Seconds since the Unix epoch as "YYYY-MM-DDTHH:MM:SSZ"; "" when not a plausible time
// (before 1990 or after 2200, NaN).
std::string isoFromEpoch(double epochSeconds);

// A value in canonical units, or nothing when the unit is not known.
struct CanonicalValue
{
    double value = 0;
    std::string unit;           // "B/s", "bit/s", "ops/s", "s", "%", "score", "count", "B"
    bool higherIsBetter = true; // false for times
};

// Region of a cloud zone: "us-east-1f" -> "us-east-1", "us-central1-a" -> "us-central1",
// "eastus2-1" -> "eastus2", "cn-hangzhou-g" -> "cn-hangzhou"; the zone itself when it has no
// zone suffix ("eastus").
std::string regionFromZone(std::string_view zone);
// cloudcost's provider id for a provider name as tools write it ("AWS" -> "aws", "GCP" -> "gcp",
// "Azure" -> "azure", "AliCloud" -> "alibaba"); lower-cased otherwise.
std::string providerId(std::string_view name);

// Adds a warning once (the same text is not repeated).
void warnOnce(BenchmarkRun& run, std::string warning);

} // namespace cloudcost::benchmark::textimport
