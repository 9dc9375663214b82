#pragma once

#include "common/Result.h"
#include "pricing/Offer.h"
#include "pricing/Workspace.h"
#include "pricing/models/Distributions.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// A TCO scenario (docs/SCENARIO.md): horizon, discount rate, report currency, workloads and the
// options to compare (cloud offers or own hardware), parsed from the versioned JSON format
// "cloudcost-scenario" and validated as a whole. Every numeric input is a parameter that may be
// uncertain (a distribution, docs/MONTE-CARLO.md); every default names its source (MODELS.md).
namespace cloudcost::pricing {

// The format name and the version this build reads.
inline constexpr std::string_view kScenarioFormat = "cloudcost-scenario";
inline constexpr int kScenarioVersion = 1;

// Index of a numeric input in Scenario::parameters.
using ParamId = std::size_t;

// One numeric input: given in the scenario (a number or a distribution) or defaulted from
// MODELS.md. Deterministic runs use the distribution's mean.
struct ScenarioParameter
{
    std::string path; // JSON path, e.g. "options[1].pue"
    std::string unit; // "fraction", "W", "GB", "h/month", "per kWh", ...
    // Currency of an amount of money as given (the option's, or USD for a default); "" for
    // quantities that are not money.
    std::string currency;
    Distribution distribution;
    bool isDefault = false;
    std::string sourceTag;       // "[V]", "[V3]", "[D]" for defaults; "" when given
    std::string sourceReference; // "MODELS.md §1.3: ..." for defaults; "scenario" when given
};

// A non-numeric assumption the model makes for this scenario (shown with the numeric ones).
struct ScenarioNote
{
    std::string path;
    std::string text;
    std::string sourceTag;
    std::string sourceReference;
};

// A software licence priced per core: by VM (cloud) or by physical host (own hardware).
struct LicenseSpec
{
    std::string path;
    std::string name;
    std::optional<ParamId> annualPerCore; // subscription or assurance, per core and year
    std::optional<ParamId> oneOffPerCore; // perpetual licence, per core, bought at t = 0
    std::optional<int> minCoresPerVm;     // required when a cloud option pays for it
    std::optional<int> minCoresPerServer; // required when an own-hardware option pays for it
};

// A group of identical workloads.
struct WorkloadSpec
{
    std::string path;
    std::string name;
    int count = 0;
    double vcpus = 0;
    double memoryGib = 0;
    ParamId hoursPerMonth = 0;                   // hours each runs in a month
    ParamId storageGb = 0;                       // GB stored per workload at the start
    std::optional<ParamId> storageGrowthPerYear; // fraction a year; empty = constant
    ParamId egressGbPerMonth = 0;                // GB sent to the internet per workload and month
    std::optional<ParamId> egressGrowthPerYear;
    std::vector<LicenseSpec> licenses;
};

// One tier of a price table: units up to upToGb (cumulative, counted after the free allowance;
// empty = unbounded, only the last tier) at pricePerGb.
struct PriceTier
{
    std::optional<double> upToGb;
    ParamId pricePerGb = 0;
};

// A tiered price per GB (per GB-month for storage, per GB for egress), applied to a month's
// total over all workloads.
struct TierTable
{
    std::string path;
    std::optional<ParamId> freeGbPerMonth;
    std::vector<PriceTier> tiers;
    bool isDefault = false;
    std::string source; // where the prices come from (given, or the default's reference)
};

// A price given in the scenario instead of the catalog.
struct InlinePrice
{
    ParamId hourly = 0;
    ParamId upfront = 0;
    std::optional<ParamId> onDemandHourly; // for the break-even of a commitment
    int termMonths = 0;
    std::optional<double> vcpus;
    std::optional<double> memoryGib;
    std::string source;
};

// A cloud option: one instance type for every workload, priced from the catalog or inline.
struct CloudSpec
{
    std::string provider;
    std::string region;
    std::string zone;
    std::string instanceType;
    std::string os;
    std::string tenancy;
    std::string offeringClass;
    PurchaseOption purchaseOption = PurchaseOption::OnDemand;
    std::optional<int> termMonths;
    std::optional<PaymentOption> paymentOption;
    std::optional<InlinePrice> price;
    std::optional<int> instancesPerWorkload;
    std::optional<TierTable> storageTiers;
    std::optional<TierTable> egressTiers;
    std::vector<std::string> licensesIncluded; // workload licence names the price includes
    std::optional<ParamId> supportShare;       // fraction of compute + storage + egress
};

// Own hardware (on premises or colocated).
struct OwnHardwareSpec
{
    int servers = 0;
    int coresPerServer = 0; // physical cores
    ParamId capexPerServer = 0;
    int lifeYears = 0;
    ParamId salvagePerServer = 0;
    bool refresh = true;
    ParamId hardwareMaintenanceShare = 0; // fraction of server capex a year
    ParamId powerIdleW = 0;
    ParamId powerMaxW = 0;
    ParamId utilisation = 0;
    ParamId pue = 0;
    ParamId electricityPerKwh = 0;
    ParamId colocationPerKwMonth = 0;
    ParamId colocationEscalator = 0;
    ParamId unusedCapacityShare = 0;
    std::optional<ParamId> contractedKw;
    ParamId networkShare = 0;
    ParamId networkMaintenanceShare = 0;
    std::optional<ParamId> storageCapexPerGb; // required when any workload stores data
    int storageLifeYears = 0;
    ParamId storageMaintenanceShare = 0;
    ParamId securityPerServerYear = 0;
    ParamId monitoringPerServerYear = 0;
    ParamId patchingPerServerYear = 0;
    ParamId backupPerServerYear = 0;
};

// A one-off cost (migration: assessment, tooling, parallel running, data transfer) at t = year.
struct OneOffCost
{
    std::string path;
    std::string name;
    ParamId amount = 0;
    int year = 0;
};

// A cost every year of the horizon (transit contract, tooling subscription, ...).
struct RecurringCost
{
    std::string path;
    std::string name;
    ParamId perYear = 0;
};

enum class OptionKind
{
    Cloud,
    OwnHardware,
};

// "cloud" or "own_hardware" (the JSON "type").
std::string_view optionKindName(OptionKind kind);

// One option to compare. Amounts are in `currency` (default: the scenario's).
struct OptionSpec
{
    std::string path;
    std::string name;
    OptionKind kind = OptionKind::Cloud;
    std::string currency;
    std::string source; // where the option's numbers come from (free text, shown in reports)
    CloudSpec cloud;
    OwnHardwareSpec own;
    std::optional<ParamId> admins;          // FTE
    std::optional<ParamId> serversPerAdmin; // alternative to admins
    std::optional<ParamId> loadedSalaryPerYear;
    std::vector<LicenseSpec> licenses; // option-specific licences (e.g. a hypervisor)
    std::vector<OneOffCost> oneOffs;
    std::vector<RecurringCost> recurring;
};

// A validated scenario. Parameters hold every numeric input in parse order.
struct Scenario
{
    std::string fileName; // for messages; "" when parsed from text
    std::string name;
    std::string description;
    std::string currency; // report currency (ISO 4217)
    int horizonYears = 0;
    ParamId discountRate = 0;
    double hoursPerMonth = 0;    // fixed (not uncertain)
    std::vector<FxRate> fxRates; // inline rates, used before the workspace's
    std::vector<WorkloadSpec> workloads;
    std::vector<OptionSpec> options;
    std::string baseline; // option name for break-even; "" = first on-demand cloud option
    std::optional<std::uint64_t> monteCarloTrials;
    std::optional<std::uint64_t> monteCarloSeed;
    std::vector<ScenarioParameter> parameters;
    std::vector<ScenarioNote> notes;

    // Each parameter's deterministic value: the mean of its distribution, in its own currency.
    std::vector<double> baseValues() const;
    // Adds a parameter and returns its id.
    ParamId addParameter(ScenarioParameter parameter);
};

// Parses and validates a scenario. Errors are InvalidInput (ParseFailed for broken JSON) with the
// JSON path of the offending field in Error::context ("options[1].pue"), prefixed by fileName
// when given; nothing is returned from a half-valid scenario.
Result<Scenario> parseScenario(std::string_view text, const std::string& fileName = {});
// As parseScenario, from an already parsed JSON value.
Result<Scenario> scenarioFromJson(const nlohmann::json& j);
// Reads (at most 16 MiB) and parses a scenario file.
Result<Scenario> loadScenarioFile(const std::filesystem::path& path);

} // namespace cloudcost::pricing
