#pragma once

#include "common/Result.h"
#include "pricing/models/Conventions.h"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Commitments against on-demand prices (MODELS.md §1.2 "Reserved instances / savings plans /
// CUDs"): the effective hourly rate with the upfront amortised, break-even against on-demand, and
// hour-by-hour application of AWS reserved instances and savings plans, Azure reservations and GCP
// resource-based committed-use and sustained-use discounts to a usage profile. docs/COMMITMENTS.md
// gives every formula with its source. Amounts are in one currency, whatever the caller uses.
// Results never report a coverage or utilisation above 1, nor a negative cost.
namespace cloudcost::pricing {

// A run of consecutive hours in which the same number of instances (or units: vCPUs, GiB) ran.
struct UsageRun
{
    std::size_t hours = 0;
    double count = 0; // instance-hours used in each of those hours; 0.75 = one instance for 45 min
};

// Usage hour by hour, stored run-length encoded: 730 hourly values or a few runs ("8,760 h at 2").
// Counts are finite and >= 0. A fractional count is instance-hours within that hour, the way Azure
// bills partial hours (understand-vm-reservation-charges.md).
class UsageProfile
{
public:
    // At most this many hours (114 years): a guard against hostile input, not a pricing number.
    static constexpr std::size_t kMaxHours = 1'000'000;
    // At most this many instances (or units) in one hour, so that costs stay finite.
    static constexpr double kMaxCount = 1e9;

    UsageProfile() = default;
    // One value per hour. Errors name `field[i]` (negative, non-finite, above kMaxCount).
    static Result<UsageProfile> fromHourly(const std::vector<double>& countsPerHour,
                                           std::string_view field = "usage");
    // From runs (zero-hour runs are dropped); errors name `field[i].count` / `field[i].hours`.
    static Result<UsageProfile> fromRuns(const std::vector<UsageRun>& runs,
                                         std::string_view field = "usage");
    // `count` in every one of `hours` hours.
    static Result<UsageProfile> constant(double count, std::size_t hours);

    std::size_t hours() const { return m_hours; }
    // Runs in hour order; adjacent runs differ in count; no run has zero hours.
    const std::vector<UsageRun>& runs() const { return m_runs; }
    // The count in one hour (0 beyond the end).
    double at(std::size_t hour) const;
    // Sum over hours of the count (instance-hours or unit-hours).
    double totalCountHours() const;
    // Hours [begin, begin + length), cut at the end of the profile.
    UsageProfile slice(std::size_t begin, std::size_t length) const;

private:
    void append(std::size_t hours, double count);

    std::vector<UsageRun> m_runs;
    std::size_t m_hours = 0;
};

// ---------------------------------------------------------------------------------------------
// Amortisation and break-even of one commitment for one instance

// Hours of a term of termMonths months: termMonths / 12 × 8,760 (MODELS.md §0). Error for <= 0.
Result<double> termHoursFromMonths(int termMonths);

// e = upfront / termHours + hourly (MODELS.md §1.2): the recurring hourly price plus the upfront
// amortised evenly over every hour of the term. Errors name the argument (negative or non-finite
// price, termHours <= 0).
Result<double> effectiveHourly(double hourly, double upfront, double termHours);

// One commitment (for one instance) and the on-demand price it replaces.
struct CommitmentPrice
{
    double onDemandHourly = 0;  // on-demand price per instance-hour, > 0
    double recurringHourly = 0; // commitment price per hour, due every hour of the term
    double upfront = 0;         // one-off payment for the whole term
    double termHours = 0;       // 8,760 per year (termHoursFromMonths)
};

// Break-even of a commitment against paying on-demand only for the hours used.
struct BreakEven
{
    double effectiveHourly = 0; // upfront / termHours + recurringHourly
    double termCost = 0;        // upfront + recurringHourly × termHours, due whether used or not
    double savingFraction = 0;  // 1 − e / OD: saving when used every hour; <= 0 never saves
    // e / OD (MODELS.md §1.2 u*): the fraction of the term's hours that must be used for both to
    // cost the same; above 1 the commitment never pays.
    double breakEvenUtilisation = 0;
    // termCost / OD = u* × termHours: hours of use per term at which both cost the same.
    double breakEvenUsageHours = 0;
    // upfront / (OD − recurring) (MODELS.md §1.2 H*): hours of use after which the hourly saving
    // has paid back the upfront; 0 without upfront; empty when OD <= recurring (never).
    std::optional<double> upfrontRecoveryHours;

    // The inputs the following fields were evaluated at.
    double utilisation = 1;   // fraction of the term's hours the instance runs, in [0, 1]
    double hoursPerMonth = 0; // 730 by default (MODELS.md §0)
    // Months into the term at which the cumulative on-demand spend (utilisation × hoursPerMonth
    // hours a month) passes termCost; empty when that does not happen within the term.
    std::optional<double> breakEvenMonth;
    // upfrontRecoveryHours / (utilisation × hoursPerMonth); empty when not within the term.
    std::optional<double> upfrontRecoveryMonth;
    // OD × utilisation × termHours − termCost over the whole term (negative: the commitment loses).
    double netSaving = 0;
};

// Break-even of price at a utilisation in [0, 1] (hoursPerMonth > 0). Errors name the field.
Result<BreakEven> breakEven(const CommitmentPrice& price,
                            double utilisation = 1.0,
                            double hoursPerMonth = kDefaultHoursPerMonth);

// ---------------------------------------------------------------------------------------------
// Coverage and utilisation common to every provider's hour-by-hour application

// What applying commitments to a usage profile cost and how well they fitted. Coverage and
// utilisation are fractions in [0, 1].
struct CommitmentTotals
{
    std::size_t hours = 0;             // hours evaluated (commitments are paid for each)
    double commitmentCost = 0;         // amortised commitment fees for all hours, used or not
    double onDemandCost = 0;           // usage left uncovered, at on-demand (pay-as-you-go) rates
    double totalCost = 0;              // commitmentCost + onDemandCost
    double onDemandEquivalentCost = 0; // all usage without commitments (on-demand; GCP: with SUDs)
    double netSaving = 0;              // onDemandEquivalentCost − totalCost (negative: a loss)
    double usageHours = 0;             // instance-hours (or unit-hours) used
    double coveredHours = 0;           // of those, covered by a commitment
    // On-demand value of the covered usage / on-demand value of all usage (AWS savings plans
    // coverage, by spend); 0 without usage.
    double coverage = 0;
    double hourCoverage = 0; // coveredHours / usageHours (AWS RI coverage, by hours)
};

// ---------------------------------------------------------------------------------------------
// AWS: regional RIs with size flexibility, then EC2 Instance savings plans, then Compute savings
// plans, then on-demand, hour by hour (apply_ri.md @096556437f; sp-applying.html).

// The instance family and size of an AWS instance type: "m5.large" → {"m5", "large"}. Error for a
// name without exactly one dot.
Result<std::pair<std::string, std::string>> splitAwsInstanceType(std::string_view instanceType);

// The normalisation factor of an AWS instance type's size ("m5.large" → 4) from the EC2 user
// guide's table (apply_ri.md @096556437f: nano 0.25 … 32xlarge 256, 56xlarge 448, 112xlarge 896)
// and its bare-metal table (i3.metal 128, m5.metal 192, u-*.metal 896, ...). NotFound for a size
// or metal family not in those tables: give the factor explicitly (normalizationSizeFactor of the
// price list).
Result<double> awsNormalizationFactor(std::string_view instanceType);

// Whether a reserved instance is size-flexible: regional, Linux/UNIX, default (shared) tenancy, and
// not one of the families the user guide excludes (G4ad, G4dn, G5, G5g) (apply_ri.md).
bool awsRiIsSizeFlexible(std::string_view instanceType,
                         std::string_view os,
                         std::string_view tenancy,
                         bool zonal);

// One kind of usage: an EC2 instance type in a region, or any usage savings plans cover (Fargate
// vCPU-hours, ...) with an empty instanceType, which RIs never cover.
struct AwsUsageLine
{
    std::string id; // unique; savings plans give their rates by this id
    std::string instanceType;
    std::string region;
    std::string os = "linux";
    std::string tenancy = "shared";
    double onDemandHourly = 0;                 // per instance-hour (or unit-hour), > 0
    std::optional<double> normalizationFactor; // overrides awsNormalizationFactor
    UsageProfile usage;
};

// `count` reserved instances of one type; size-flexible per awsRiIsSizeFlexible.
struct AwsReservedInstance
{
    std::string instanceType;
    std::string region;
    std::string os = "linux";
    std::string tenancy = "shared";
    bool zonal = false; // zonal RIs match the exact type only (AZs are not modelled)
    double count = 1;
    double recurringHourly = 0; // per RI per hour
    double upfront = 0;         // per RI for the term
    double termHours = kHoursPerYear;
    std::optional<double> normalizationFactor; // overrides awsNormalizationFactor
};

enum class AwsSavingsPlanType
{
    Ec2Instance,
    Compute,
};

// A savings plan: a spend commitment per hour and the plan's rate for each usage line it applies
// to (a line without a rate is not covered by this plan). The commitment is due every hour; an
// upfront payment only prepays it.
struct AwsSavingsPlan
{
    std::string name;
    AwsSavingsPlanType type = AwsSavingsPlanType::Compute;
    double commitmentPerHour = 0;
    std::map<std::string, double> rateByLine; // usage line id → savings plan rate per unit-hour
};

struct AwsLineResult
{
    std::string id;
    double usageHours = 0;
    double reservedHours = 0;    // covered by reserved instances
    double instanceSpHours = 0;  // covered by EC2 Instance savings plans
    double computeSpHours = 0;   // covered by Compute savings plans
    double onDemandHours = 0;    // the rest
    double onDemandCost = 0;     // onDemandHours × on-demand rate
    double savingsPlanSpend = 0; // commitment spent on this line (rate × covered hours)
};

struct AwsApplication
{
    CommitmentTotals totals;
    std::vector<AwsLineResult> lines;
    double reservedCost = 0;    // amortised RI fees for all hours
    double savingsPlanCost = 0; // plan commitments for all hours
    // Used / purchased normalised units (hours for size-inflexible RIs); empty without RIs.
    std::optional<double> reservedUtilisation;
    // Commitment spent / commitment due; empty without plans.
    std::optional<double> savingsPlanUtilisation;
};

// Applies, in every hour, reserved instances (size-inflexible ones to their exact type first, then
// each size-flexible pool of a family from the smallest to the largest size by normalisation
// factor), then EC2 Instance savings plans, then Compute savings plans (within a type: highest
// savings percentage first, ties to the lowest savings plan rate), then bills the rest on-demand.
// hours = 0 evaluates the longest usage profile. Errors name the input (`lines[1].id`,
// `savings_plans[0].rates['x']`).
Result<AwsApplication> applyAwsCommitments(const std::vector<AwsUsageLine>& lines,
                                           const std::vector<AwsReservedInstance>& reserved,
                                           const std::vector<AwsSavingsPlan>& savingsPlans,
                                           std::size_t hours = 0);

// ---------------------------------------------------------------------------------------------
// Azure: reservations with instance size flexibility, use-it-or-lose-it every hour
// (reserved-vm-instance-size-flexibility.md; understand-vm-reservation-charges.md).

// VM usage of one size. The ratio is the size's relative footprint in its instance size flexibility
// group (Microsoft's ISFRatio.csv); it is an input because that table is not bundled.
struct AzureUsageLine
{
    std::string id;
    std::string flexibilityGroup; // e.g. "DSv2 Series"
    double ratio = 1;             // > 0
    double payAsYouGoHourly = 0;  // > 0
    UsageProfile usage;
};

// `quantity` reservations of one size of a flexibility group.
struct AzureReservation
{
    std::string flexibilityGroup;
    double ratio = 1;
    double quantity = 1;
    double recurringHourly = 0; // monthly billing spread per hour; 0 when paid upfront
    double upfront = 0;         // whole-term price (the retail price list gives this)
    double termHours = kHoursPerYear;
};

struct AzureLineResult
{
    std::string id;
    double usageHours = 0;
    double reservedHours = 0;
    double payAsYouGoHours = 0;
    double payAsYouGoCost = 0;
};

struct AzureApplication
{
    CommitmentTotals totals;
    std::vector<AzureLineResult> lines;
    // Used / purchased ratio-unit-hours; empty without reservations.
    std::optional<double> reservationUtilisation;
    double lostUnitHours = 0; // reserved ratio-unit-hours that found no usage: lost, not carried
};

// Applies, in every hour, each group's reservations (quantity × ratio units) to that group's
// usage (count × ratio units) in the order the lines are given; whatever is not used in the hour is
// lost; the rest of the usage is billed pay-as-you-go. hours = 0: the longest profile.
Result<AzureApplication> applyAzureReservations(const std::vector<AzureUsageLine>& lines,
                                                const std::vector<AzureReservation>& reservations,
                                                std::size_t hours = 0);

// ---------------------------------------------------------------------------------------------
// GCP: sustained-use discounts and resource-based committed-use discounts

// One step of a sustained-use discount table: usage from `fromFraction` to `toFraction` of the
// month is charged at rateFraction of the base rate.
struct SustainedUseTier
{
    double fromFraction = 0;
    double toFraction = 0;
    double rateFraction = 1;
};

// The N1 (and M1, M2, f1-micro, g1-small) table: 100 / 80 / 60 / 40 % of the base rate per
// quarter of the month, up to a 30 % net discount (Google Compute Engine "Sustained use
// discounts" page as quoted by easycloud.company 2018 [V3]; MODELS.md §1.2 [R]).
const std::vector<SustainedUseTier>& gcpN1SustainedUseTiers();

// Checks a tier table: contiguous from 0 to 1, each rateFraction in [0, 1]. Errors name
// `tiers[i]`.
Status validateSustainedUseTiers(const std::vector<SustainedUseTier>& tiers);

struct SustainedUseResult
{
    double baseCost = 0;         // unit-hours × base rate
    double cost = 0;             // after the discount
    double discountFraction = 0; // 1 − cost / baseCost (0 without usage)
    std::size_t months = 0;
};

// Sustained-use cost of usage (units per hour: vCPUs, GiB or instances) at baseRate per unit-hour.
// Each month of hoursPerMonth hours starts afresh. Within a month, usage is stacked into layers
// ("inferred instances": the k-th unit runs in the hours in which usage reaches k), and each layer
// pays the tier rates for the share of the month it ran.
Result<SustainedUseResult> gcpSustainedUse(const UsageProfile& unitsPerHour,
                                           double baseRatePerUnitHour,
                                           const std::vector<SustainedUseTier>& tiers,
                                           std::size_t hoursPerMonth = 730);

// A resource-based commitment: `committedUnits` vCPUs (or GiB of memory) paid every hour of the
// term at commitRatePerUnitHour, whether used or not.
struct GcpResourceCommitment
{
    double committedUnits = 0;
    double commitRatePerUnitHour = 0;
};

struct GcpCommitmentApplication
{
    CommitmentTotals totals;
    double utilisation = 0;             // used / committed unit-hours (0 when nothing committed)
    double overageBaseCost = 0;         // usage above the commitment at the on-demand rate
    double overageDiscountFraction = 0; // sustained-use discount on that overage
};

// Hour by hour: usage up to the commitment is covered, the rest is on-demand; with sudTiers, the
// overage gets sustained-use discounts (which never apply to usage a commitment covers). hours = 0:
// the profile's length.
Result<GcpCommitmentApplication>
applyGcpResourceCommitment(const UsageProfile& unitsPerHour,
                           double onDemandRatePerUnitHour,
                           const GcpResourceCommitment& commitment,
                           const std::vector<SustainedUseTier>* sudTiers = nullptr,
                           std::size_t hoursPerMonth = 730,
                           std::size_t hours = 0);

} // namespace cloudcost::pricing
