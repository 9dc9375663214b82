#pragma once

#include "common/Result.h"
#include "pricing/Importer.h"

#include <optional>
#include <string>
#include <string_view>

// Reader of the Azure Retail Prices API (https://prices.azure.com/api/retail/prices) output:
// a bare array of items, one page {BillingCurrency, Items, NextPageLink, Count}, or several pages
// (or items) concatenated / one per line.
namespace cloudcost::pricing::azure {

// An Azure `unitOfMeasure`, which is a block size and a unit: "100 Hours" = block 100 of "Hours".
struct UnitOfMeasure
{
    double blockSize = 1; // the price is per this many units ("10K" -> 10000)
    std::string unit;     // what is counted, without the block: "Hours", "GB/Month", "Units"
    // Hours in one unit when the unit is a time ("Hours" 1, "Seconds" 1/3600, "Days" 24), so a
    // price per block converts to a price per hour; empty for anything else (GB, requests...).
    std::optional<double> hoursPerUnit;
};

// Parses a unitOfMeasure the way microsoft/finops-toolkit's PricingUnits.csv maps them: leading
// number = block size, optional K/M/B multiplier ("10K", "1M/Month"), the rest is the unit
// ("1 GB/Month" -> 1 "GB/Month"; "1/Month" -> 1 "Units/Month"; "Hours" -> 1 "Hours").
// nullopt for an empty string or a zero block.
std::optional<UnitOfMeasure> parseUnitOfMeasure(std::string_view text);

// ARM region id for a Retail Prices `location` display name ("US East" -> "eastus",
// "BR South" -> "brazilsouth"); "" when unknown.
std::string regionFromLocation(std::string_view location);

// Operating system of a VM price from its productName ("... Series Windows" -> windows, no suffix
// or "... Linux" -> linux; RHEL, SUSE and Ubuntu Pro when named).
std::string osFromProductName(std::string_view productName);

// Confidence 0..100 that a file starts like Retail Prices API output.
int sniffRetailPrices(std::string_view head, std::string_view fileName);

// Imports a Retail Prices file into sink (format "azure-retail-prices").
Result<SourceFacts> importRetailPrices(const ImportRequest& request, ImportSink& sink);

} // namespace cloudcost::pricing::azure
