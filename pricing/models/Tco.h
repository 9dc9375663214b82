#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "pricing/Workspace.h"
#include "pricing/models/MonteCarlo.h"
#include "pricing/models/Scenario.h"
#include "pricing/models/Sensitivity.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

// Deterministic TCO of each option of a scenario (MODELS.md §1.2): yearly cash flows per cost
// head at t = 0..horizon, total, NPV, equivalent annual cost, effective rate per workload-hour and
// break-even against on-demand; plus Monte Carlo and tornado over the uncertain inputs. Every
// amount is in the scenario's report currency. Conventions: docs/SCENARIO.md §"How costs are
// computed".
namespace cloudcost::pricing {

// One step of a tier table: units up to upTo (cumulative, after the free allowance; +inf for the
// last) at price per unit.
struct TierStep
{
    double upTo = 0;
    double price = 0;
};

// Cost of `quantity` units in one month: the first freeUnits cost nothing, the rest is spread
// over the tiers in order (MODELS.md §1.2: "tiers are applied cumulatively after the free
// allowance"). Non-decreasing in quantity when prices are >= 0; 0 for quantity <= 0.
double tieredCost(double quantity, double freeUnits, std::span<const TierStep> tiers);

// Time-weighted average level over month `monthIndex` (0 = first month of the horizon) of a
// quantity that starts at `start` and grows continuously by growthPerYear a year:
// start * (a^((k+1)/12) - a^(k/12)) / (ln(a) / 12), a = 1 + growth (start * a^(k/12) when
// a = 1). This turns byte-hours into GB-months (MODELS.md §1.2 "Storage").
double monthAverage(double start, double growthPerYear, int monthIndex);

// The price a cloud option uses, after catalog look-up or from the scenario (native currency).
struct ResolvedPrice
{
    bool inlinePrice = false;
    Offer offer; // the catalog offer (empty for inline prices)
    std::string source;
    std::string sourcePublishedAt;
    ParamId hourly = 0; // parameters appended for catalog prices, so every price is a parameter
    ParamId upfront = 0;
    std::optional<ParamId> onDemandHourly; // for the commitment break-even
    std::string onDemandSource;
    int termMonths = 0; // 0 = pay as you go
    std::optional<double> vcpus;
    std::optional<double> memoryGib;
    std::vector<int> instancesPerWorkload; // per workload, >= 1
    bool instancesDerived = false;         // computed from specs (not given)
};

// A scenario with every price looked up and every currency converted: ready to compute.
struct ResolvedScenario
{
    Scenario scenario;
    std::vector<double> fxToReport; // per parameter: factor to the report currency (1 if not money)
    std::vector<std::optional<ResolvedPrice>> prices; // per option (cloud options only)
    std::vector<FxRate> fxRatesUsed;
    std::optional<std::size_t> baseline; // on-demand option for break-even
    std::string baselineWhy;             // how the baseline was chosen, or why there is none
    std::vector<std::string> notes;
};

// Looks up every catalog price (Workspace::queryOffers) and exchange rate (the scenario's own
// fx_rates first, then Workspace::conversionPath). workspace may be null when every price is
// inline and every rate is in the scenario. Errors name the option's JSON path: an unknown
// instance type, region or purchase option, several different prices matching (set os, tenancy,
// offering_class or zone), a missing exchange rate.
Result<ResolvedScenario> resolveScenario(Scenario scenario, Workspace* workspace);

// Stable names of the cost heads (JSON/CSV).
inline constexpr std::string_view kHeadCompute = "compute";
inline constexpr std::string_view kHeadStorage = "storage";
inline constexpr std::string_view kHeadStorageMaintenance = "storage_maintenance";
inline constexpr std::string_view kHeadEgress = "egress";
inline constexpr std::string_view kHeadLicences = "licences";
inline constexpr std::string_view kHeadSupport = "support";
inline constexpr std::string_view kHeadServerCapex = "server_capex";
inline constexpr std::string_view kHeadSalvage = "salvage";
inline constexpr std::string_view kHeadHardwareMaintenance = "hardware_maintenance";
inline constexpr std::string_view kHeadNetwork = "network";
inline constexpr std::string_view kHeadNetworkMaintenance = "network_maintenance";
inline constexpr std::string_view kHeadPower = "power";
inline constexpr std::string_view kHeadColocation = "colocation";
inline constexpr std::string_view kHeadLabour = "labour";
inline constexpr std::string_view kHeadSecurity = "security";
inline constexpr std::string_view kHeadManagement = "management";
inline constexpr std::string_view kHeadMigration = "migration";
inline constexpr std::string_view kHeadOther = "other";

// One cost head's cash flows: amounts[t] at t = 0 (now) .. horizon (end of year t). Costs are
// positive, receipts (salvage) negative.
struct CostHeadFlows
{
    std::string head;
    std::vector<double> amounts;
};

// Break-even of an option against the scenario's on-demand baseline option.
struct BaselineBreakEven
{
    std::string baseline;               // option name
    double totalSaving = 0;             // baseline total - this total (undiscounted)
    double npvSaving = 0;               // baseline NPV - this NPV
    std::optional<double> paybackYears; // first time cumulative saving >= 0
    std::optional<double> discountedPaybackYears;
};

// Break-even of one commitment instance against its on-demand price (Commitments.h breakEven).
struct CommitmentBreakEvenSummary
{
    double onDemandHourly = 0; // report currency
    double effectiveHourly = 0;
    double breakEvenUtilisation = 0;            // e / OD (MODELS.md §1.2 u*)
    std::optional<double> upfrontRecoveryHours; // upfront / (OD - recurring) (H*)
    std::optional<double> breakEvenMonth;       // at the workloads' utilisation
    double utilisation = 0;                     // instance-hours used / paid, in [0, 1]
};

// The cost of one option over the horizon.
struct OptionTco
{
    std::string name;
    OptionKind kind = OptionKind::Cloud;
    std::vector<CostHeadFlows> heads; // only heads that apply to the option's kind
    std::vector<double> totalByYear;  // t = 0..horizon
    double total = 0;                 // undiscounted sum
    double npv = 0;                   // t = 0 undiscounted + Excel NPV of t = 1..horizon
    double equivalentAnnualCost = 0;  // the NPV as a horizon-long annuity at the discount rate
    double workloadHours = 0;         // sum of count x hours/month x 12 x horizon
    double effectiveHourly = 0;       // total / workloadHours
    std::optional<BaselineBreakEven> breakEven;
    std::optional<CommitmentBreakEvenSummary> commitment;
    std::vector<std::string> notes; // option-specific facts (instances, contracted kW, ...)
};

// The deterministic TCO of every option.
struct TcoResult
{
    int horizonYears = 0;
    double discountRate = 0;
    std::vector<OptionTco> options;
};

// Computes every option at parameter values `values` (one per Scenario::parameters, in each
// parameter's own currency). Errors only for values outside what validation allows.
Result<TcoResult> computeTco(const ResolvedScenario& resolved, std::span<const double> values);
// computeTco at the deterministic values (each distribution's mean).
Result<TcoResult> computeTco(const ResolvedScenario& resolved);

// The uncertain (non-constant) parameters, as Monte Carlo inputs named by their JSON path.
std::vector<UncertainInput> uncertainInputs(const Scenario& scenario);

// Monte Carlo over every parameter (constants included, so that making one input constant never
// shifts the others' draws). Outputs: "npv:<option>" and "total:<option>" per option, with
// P(A > B) pairs among them. Errors from validateMonteCarloSpec (trials) and runMonteCarlo.
Result<MonteCarloResult> runTcoMonteCarlo(const ResolvedScenario& resolved,
                                          std::uint64_t trials,
                                          std::uint64_t seed,
                                          ProgressSink* progress = nullptr);

// One tornado per option on its NPV: each uncertain input swept from its P10 to its P90 while
// the others stay at their means. Empty when no input is uncertain.
struct OptionTornado
{
    std::string option;
    TornadoResult tornado;
};
Result<std::vector<OptionTornado>> runTcoSensitivity(const ResolvedScenario& resolved);

} // namespace cloudcost::pricing
