#pragma once

// Plan economics (issue #6 "Migration plan", MIGRATION.md §2.6 item 6, MODELS.md §1.2):
// before and after annual cost per workload, group and wave; one-off costs; a month-by-month
// migration ramp (wave k cuts over in month start + k × monthsPerWave); yearly cash flows of the
// net benefit against staying as is; NPV (pricing/models/Finance.h) and the payback month.
//
// Monthly model, month m = 1..12 × horizonYears, for each workload i with annual costs B_i
// (before) and A_i (after), cut over in month c_i:
//   cost_m = Σ_i [m < c_i + dual] × B_i/12 + [m >= c_i] × A_i/12         (migrating workloads)
//          + Σ retired i [m < c_first] × B_i/12 + Σ staying i B_i/12
//          + one-offs dated in month m
//   net_m  = Σ_i B_i/12 − cost_m  (benefit against the status quo)
// One-offs of a wave (in its cut-over month): transfer hours × staff rate, engineer hours ×
// staff rate, remediation per VM × servers; licences (e.g. ESU) in the first wave's month.
// The dual-running cost reported per wave is the cloud cost paid while on-premises still runs
// (dual months × A/12), and is already inside cost_m.
// Yearly flows are sums of 12 months, discounted at the end of each year (Excel NPV convention,
// MODELS.md §0). Payback month = the first month from which cumulative net stays >= 0 to the
// horizon (none when it is negative at the horizon).

#include "common/Result.h"
#include "decision/plan/Waves.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cloudcost::decision::plan {

// One value with the document it comes from, shown to the user beside the result.
struct Assumption
{
    std::string name;
    double value = 0;
    std::string unit;
    std::string source;
};

// How to cost a server on premises today. Exactly one of the two rates is > 0; source is
// required (the shared docs have no single per-server figure: MODELS.md §1.2 lists the heads —
// hardware per core, power, colocation, licences, admin — that make one up).
struct OnPremAssumption
{
    double annualPerServer = 0;
    double annualPerVcpu = 0;
    std::string source;
};

struct EconomicsOptions
{
    OnPremAssumption onPrem;
    double staffRatePerHour = 0; // loaded staff cost; no published default (MODELS.md §1.2)
    std::string staffRateSource;
    double remediationPerVm = 0; // one-off per migrated VM; no published default
    std::string remediationSource;
    double licencesOneOff = 0; // e.g. ESU (MODELS.md §1.2: 75/100/125 % of licence cost)
    std::string licencesSource;
    double dualRunningMonths = 1; // months on-premises keeps running after a wave's cut-over
    std::string dualRunningSource = "user setting (no published default; 37signals ran in "
                                    "parallel until commitments rolled off, MODELS.md §1.2)";
    double monthsPerWave = 1;   // waves scheduled month by month (issue #6)
    int startMonth = 1;         // month of the first wave's cut-over (1 = first month)
    int horizonYears = 4;       // server life 4 yr (Azure Migrate [V], MODELS.md §1.2)
    double discountRate = 0.07; // WACC 7 % (Azure Migrate [V], MODELS.md §1.2)
};

// What economics needs of each workload.
struct WorkloadCost
{
    double beforeAnnual = 0;
    double afterAnnual = 0;
    enum class Fate
    {
        Migrates, // moves in wave `wave`
        Retired,  // switched off at the first wave (zombie, powered off): after = 0
        Stays     // not placed: stays on premises at its before cost
    };
    Fate fate = Fate::Migrates;
    std::size_t wave = 0; // 0-based wave index for Migrates
};

struct WaveEconomics
{
    std::size_t number = 0;
    int cutoverMonth = 0;
    double beforeAnnual = 0;
    double afterAnnual = 0;
    double transferCost = 0;
    double labourCost = 0;
    double remediationCost = 0;
    double dualRunningCost = 0;
    double oneOff() const { return transferCost + labourCost + remediationCost; }
};

struct Economics
{
    double beforeAnnual = 0; // all workloads today
    double afterAnnual = 0;  // steady state after the last wave
    double annualSaving = 0; // before − after
    double oneOffTotal = 0;  // transfer + labour + remediation + licences (dual running apart)
    double licencesOneOff = 0;
    double dualRunningTotal = 0;
    std::vector<WaveEconomics> waves;
    std::vector<double> monthlyNet;   // net benefit per month, one-offs included
    std::vector<double> yearlyNet;    // sums of 12 months
    std::vector<double> yearlyBefore; // status quo cost each year
    std::vector<double> yearlyAfter;  // cost under the plan each year, one-offs included
    double npv = 0;
    std::optional<int> paybackMonth;
    double discountRate = 0;
    std::vector<Assumption> assumptions;
    std::vector<std::string> warnings;
};

// Before cost of one workload from the on-prem assumption (per server, or per vCPU × vcpus).
double onPremAnnual(const OnPremAssumption& a, double vcpus);

// Validates the options (names the field at fault).
Status validate(const EconomicsOptions& options);

Result<Economics> computeEconomics(const std::vector<WorkloadCost>& workloads,
                                   const WavePlan& waves,
                                   const WaveCapacity& capacity,
                                   const EconomicsOptions& options);

} // namespace cloudcost::decision::plan
