#pragma once

#include <string_view>

// The conventions of MODELS.md §0, in one place so every model uses the same ones and every
// report can print them. Each constant names its source tag and reference.
namespace cloudcost::pricing {

// 8,760 h: the AWS RI one-year term is 31,536,000 s (MODELS.md §0 [R: API Duration field]).
inline constexpr double kHoursPerYear = 8760.0;
// 730 h = 8,760 / 12, as Azure Migrate computes (`* 730 * 12`, MODELS.md §0 [V]); overridable
// per scenario.
inline constexpr double kDefaultHoursPerMonth = kHoursPerYear / 12.0;
// Binary gigabyte (2^30 bytes), the base of the AWS S3 pricing example (MODELS.md §0 [V]).
inline constexpr double kBytesPerGib = 1073741824.0;
inline constexpr double kBytesPerGb = 1e9;

// A default value together with where it comes from, for display next to every number.
struct SourcedValue
{
    double value = 0;
    std::string_view tag;       // [V], [V3], [R], [D] as in MODELS.md
    std::string_view reference; // "MODELS.md §1.3: Uptime Institute 2023 average PUE"
};

} // namespace cloudcost::pricing
