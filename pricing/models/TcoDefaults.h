#pragma once

#include "pricing/models/Conventions.h"

#include <array>
#include <string_view>

// The default values of a TCO scenario (MODELS.md §1.3), each with its source tag and reference.
// Amounts of money are in USD, the currency of every source quoted; a scenario in another
// currency converts them with an exchange rate that the report lists. A parameter that MODELS.md
// gives no default for is a required input of the scenario (docs/SCENARIO.md).
namespace cloudcost::pricing::tco_defaults {

// Currency of the default amounts below.
inline constexpr std::string_view kDefaultsCurrency = "USD";

// 7 % a year: Azure Migrate's WACC default (MODELS.md §1.2 "Discounting", §1.3).
inline constexpr SourcedValue kDiscountRate{
    0.07,
    "[V]",
    "MODELS.md §1.3: Azure Migrate business case, WACC default 7%"};

// 730 h a month = 8,760 / 12 (MODELS.md §0 "Hours per month"; Azure Migrate `* 730 * 12`).
inline constexpr SourcedValue kHoursPerMonth{
    kDefaultHoursPerMonth,
    "[V]",
    "MODELS.md §0: 730 h/month = 8760/12, as Azure Migrate computes"};

// Server life 4 years (Azure Migrate depreciation; 37signals uses 5: MODELS.md §1.2, §1.3).
inline constexpr SourcedValue kServerLifeYears{
    4,
    "[V]",
    "MODELS.md §1.3: Azure Migrate depreciation, servers 4 yr (37signals uses 5)"};

// Storage life 4 years (Azure Migrate depreciation, MODELS.md §1.2, §1.3).
inline constexpr SourcedValue kStorageLifeYears{
    4,
    "[V]",
    "MODELS.md §1.3: Azure Migrate depreciation, storage 4 yr"};

// No salvage unless given: MODELS.md §1.2 models refresh "with optional salvage".
inline constexpr SourcedValue kSalvagePerServer{
    0,
    "[D]",
    "MODELS.md §1.2: refresh with optional salvage; none unless given"};

// PUE 1.56, enterprise average 2024 (Uptime Institute survey; MODELS.md §1.2, §1.3).
inline constexpr SourcedValue kPue{
    1.56,
    "[V]",
    "MODELS.md §1.3: Uptime Institute 2024 industry-average PUE 1.56"};

// $90/kW/month: the midpoint of the dellatek Chicago wholesale range $80-100/kW/month.
inline constexpr SourcedValue kColocationPerKwMonth{
    90,
    "[D]",
    "MODELS.md §1.3: midpoint of $80-100/kW/month (dellatek, Chicago wholesale [V3])"};

// 2 % a year colocation escalator (dellatek, range 1-3 %; MODELS.md §1.2, §1.3).
inline constexpr SourcedValue kColocationEscalator{
    0.02,
    "[V3]",
    "MODELS.md §1.3: colocation escalator 2%/yr (dellatek, range 1-3%)"};

// 40 % of contracted capacity unused (Azure Migrate headroom, MODELS.md §1.2, §1.3).
inline constexpr SourcedValue kUnusedCapacityShare{
    0.40,
    "[V]",
    "MODELS.md §1.3: Azure Migrate capacity = consumption / (1 - 0.40 unused)"};

// Network hardware and software 10 % of (compute + storage) (Azure Migrate, MODELS.md §1.2).
inline constexpr SourcedValue kNetworkShare{
    0.10,
    "[V]",
    "MODELS.md §1.3: Azure Migrate network HW+SW = 10% of (compute + storage)"};

// Network maintenance 15 % of the network cost a year (Azure Migrate, MODELS.md §1.2).
inline constexpr SourcedValue kNetworkMaintenanceShare{
    0.15,
    "[V]",
    "MODELS.md §1.3: Azure Migrate network maintenance = 15% of network cost"};

// Storage maintenance 10 % of the storage acquisition (Azure Migrate, MODELS.md §1.1), applied
// per year.
inline constexpr SourcedValue kStorageMaintenanceShare{
    0.10,
    "[V]",
    "MODELS.md §1.1: Azure Migrate storage maintenance = 10% of acquisition (per year)"};

// Per server and year (Azure Migrate, MODELS.md §1.1, §1.3).
inline constexpr SourcedValue kSecurityPerServerYear{
    250,
    "[V]",
    "MODELS.md §1.3: Azure Migrate security $250 per server per year"};
inline constexpr SourcedValue kMonitoringPerServerYear{
    430,
    "[V]",
    "MODELS.md §1.3: Azure Migrate monitoring $430 per server per year"};
inline constexpr SourcedValue kPatchingPerServerYear{
    430,
    "[V]",
    "MODELS.md §1.3: Azure Migrate patching $430 per server per year"};
inline constexpr SourcedValue kBackupPerServerYear{
    580,
    "[V]",
    "MODELS.md §1.3: Azure Migrate backup $580 per server per year"};

// AWS us-east data transfer out to the internet (MODELS.md §1.2 "Network", [V3] on three
// third-party pages): the first 100 GB a month free, aggregated across services, then $0.09/GB
// for the first 10 TB, $0.085 for the next 40 TB, $0.07 for the next 100 TB and $0.05 beyond
// 150 TB, counted after the free allowance. TB are binary (1 TB = 1,024 GB), the GB convention of
// the AWS S3 pricing example (MODELS.md §0).
inline constexpr SourcedValue kAwsEgressFreeGbPerMonth{
    100,
    "[V3]",
    "MODELS.md §1.2: AWS egress, first 100 GB/month free (aggregated across services)"};

// One tier of the default AWS egress table: up to upToGb (cumulative after the free allowance;
// 0 = unbounded) at pricePerGb USD.
struct DefaultTier
{
    double upToGb;
    double pricePerGb;
};
inline constexpr std::array<DefaultTier, 4> kAwsEgressTiers{{
    {10.0 * 1024, 0.09},
    {50.0 * 1024, 0.085},
    {150.0 * 1024, 0.07},
    {0, 0.05},
}};
inline constexpr std::string_view kAwsEgressTag = "[V3]";
inline constexpr std::string_view kAwsEgressReference =
    "MODELS.md §1.2: AWS us-east egress $0.09/GB to 10 TB, $0.085 next 40 TB, $0.07 next 100 TB, "
    "$0.05 beyond 150 TB (1 TB = 1024 GB, MODELS.md §0)";

} // namespace cloudcost::pricing::tco_defaults
