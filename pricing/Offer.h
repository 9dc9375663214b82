#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudcost::pricing {

// How an offer is bought. Stable names (toString) are part of the JSON/CSV output.
enum class PurchaseOption
{
    OnDemand,
    Reserved,
    SavingsPlan,
    CommittedUse,
    Spot,
};

// How a commitment is paid. None for on-demand and spot.
enum class PaymentOption
{
    None,
    NoUpfront,
    PartialUpfront,
    AllUpfront,
};

std::string_view toString(PurchaseOption p); // on_demand|reserved|savings_plan|committed_use|spot
std::string_view toString(PaymentOption p);  // ""|no_upfront|partial_upfront|all_upfront
std::optional<PurchaseOption> parsePurchaseOption(std::string_view s);
std::optional<PaymentOption> parsePaymentOption(std::string_view s);

// CPU architecture from a provider's documented instance naming, for sheets that do not state it
// (SkyPilot CSVs, Azure Retail Prices, GCP SKUs): "arm64", "x86_64", or "" when the name does not
// say. Azure: the additive feature letter 'p' marks an Arm processor ("Azure VM sizes naming
// conventions": Standard_D2ps_v5, Standard_B2pls_v2); GCP: the Arm machine series T2A, C4A, N4A
// and A4X, the x86 series listed in InferArch in Offer.cpp; AWS: Graviton families carry 'g' among
// the attributes after the generation (m6g, c7gn, im4gn, is4gen) and a1 is Graviton 1.
std::string inferArch(std::string_view provider, std::string_view instanceType);

// Burstable / shared-core types, whose full vCPU is only available on CPU credits: Azure B-series
// (Standard_B2s, Standard_B4als_v2), AWS T-family (t2, t3, t3a, t4g), GCP shared-core e2-micro,
// e2-small, e2-medium, f1-micro and g1-small. Fine for bursts, wrong for a sustained P95 need.
bool isBurstable(std::string_view provider, std::string_view instanceType);

// One price for one instance type in one place under one purchase option.
// Units are in the names: memoryGib is GiB (2^30 bytes), hourly is currency per instance-hour
// (recurring), upfront is a one-off amount per instance for the whole term.
// Optional numbers are "unknown" when empty: never silently 0.
struct Offer
{
    std::string provider;     // aws, azure, gcp, alibaba, lambda, vast, or a price-book name
    std::string service;      // AmazonEC2, Virtual Machines, Compute Engine, ECS, ...
    std::string region;       // provider's region code: us-east-1, eastus, us-central1
    std::string zone;         // availability zone when the price is zonal, else ""
    std::string instanceType; // m5.large, Standard_D4s_v5, n2-standard-8, ecs.g6.large
    std::optional<double> vcpus;
    std::optional<double> memoryGib;
    std::optional<double> gpus; // may be fractional (Azure 0.5 GPU)
    std::string gpuModel;
    std::optional<double> gpuMemoryGib;
    std::string arch;         // x86_64, arm64, or "" when unknown
    std::string os;           // linux, windows, rhel, suse, ubuntu_pro, rhel_ha, ... (lower case)
    std::string licenseModel; // included, byol, or "" when not applicable
    std::string preinstalledSoftware; // "" or e.g. "SQL Std"
    std::string tenancy = "shared";   // shared, dedicated, host
    PurchaseOption purchaseOption = PurchaseOption::OnDemand;
    int termMonths = 0; // 0 for on-demand and spot
    PaymentOption paymentOption = PaymentOption::None;
    std::string offeringClass; // standard, convertible (AWS RIs); devtest, low_priority (Azure);
                               // compute, ec2_instance, database (savings plans); else ""
    double hourly = 0;         // recurring price per instance-hour, in currency
    double upfront = 0;        // one-off price per instance for the term, in currency
    std::string currency;      // ISO 4217: USD, CNY, IDR, ...
    std::string effectiveDate; // YYYY-MM-DD or ""
    std::string sku;           // provider's id of the price (SKU.OfferTermCode, meterId, skuId)
};

// Specifications of an instance type, independent of price (describe-instance-types and the like).
struct InstanceSpec
{
    std::string provider;
    std::string instanceType;
    std::optional<double> vcpus;
    std::optional<double> physicalCores;
    std::optional<double> memoryGib;
    std::optional<double> gpus;
    std::string gpuModel;
    std::optional<double> gpuMemoryGib;
    std::string arch;      // x86_64, arm64, i386
    std::string processor; // "Intel Xeon Platinum 8275L"
    std::optional<double> clockGhz;
    std::string network; // "Up to 10 Gigabit", "25 Gbps"
    std::optional<double> networkGbps;
    std::string localStorage; // "2 x 900 NVMe SSD", "" for none
    std::optional<double> localStorageGb;
    std::optional<bool> bareMetal;
    std::optional<bool> sharedCpu;
    std::string family; // m5, ecs.g6, n2
};

// One observed spot price (a price-change event or a sample); it holds until the next one.
struct SpotPricePoint
{
    std::string provider;
    std::string region;
    std::string zone;
    std::string instanceType;
    std::string os;        // linux, windows, rhel, suse
    std::string timestamp; // ISO-8601 UTC, "YYYY-MM-DDTHH:MM:SSZ"
    double hourly = 0;
    std::optional<double> onDemandHourly; // when the source gives it (Alibaba OriginPrice)
    std::string currency;
};

// A provider's published interruption and savings estimate for a spot pool.
struct SpotAdvice
{
    std::string provider;
    std::string region;
    std::string zone;
    std::string os;
    std::string instanceType;
    std::optional<double> savingsPct;         // % saved against on-demand (AWS "s")
    std::optional<double> interruptionPct;    // point estimate when given (Alibaba)
    std::string interruptionBucket;           // provider's label: "<5%", "5-10%", "0-3%"
    std::optional<double> interruptionMaxPct; // upper bound of the bucket
};

// A price that is not an instance-hour: storage, data transfer, API calls, licences, surcharges.
// Tiered prices have one Rate per tier ([beginRange, endRange) in unit).
struct Rate
{
    std::string provider;
    std::string service;
    std::string productFamily; // "Storage", "Data Transfer", "Entity Detection"
    std::string region;
    std::string sku;
    std::string description;
    std::string usageType;
    std::string unit;     // as published: GB-Mo, Hrs, Requests, GiBy.mo
    double unitBlock = 1; // price applies per this many units ("10K" -> 10000)
    double beginRange = 0;
    std::optional<double> endRange; // empty = unbounded
    double price = 0;               // per unitBlock units, in currency
    std::string currency;
    std::string termType; // on_demand, reserved, spot, committed_use, ...
    std::string effectiveDate;
    // For component prices that are assembled into instance prices (GCP): machine family ("n2",
    // "e2", "a2", "custom") and resource ("cpu", "ram", "gpu:nvidia-tesla-a100"); else "".
    std::string family;
    std::string resource;
};

} // namespace cloudcost::pricing
