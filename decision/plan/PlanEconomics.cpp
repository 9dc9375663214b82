#include "decision/plan/PlanEconomics.h"

#include "pricing/models/Finance.h"

#include <algorithm>
#include <cmath>

namespace cloudcost::decision::plan {

namespace {

Status needFinite(double v, const char* field, bool allowNegative = false)
{
    if (!std::isfinite(v) || (!allowNegative && v < 0)) {
        return makeError(Error::Code::InvalidInput,
                         std::string(field) + " must be a finite number"
                             + (allowNegative ? "" : " >= 0"),
                         "plan economics");
    }
    return {};
}

Status needSource(double v, const std::string& source, const char* field)
{
    if (v > 0 && source.empty()) {
        return makeError(Error::Code::InvalidInput,
                         std::string(field) + " is set but has no source: say where it comes from",
                         "plan economics");
    }
    return {};
}

} // namespace

double onPremAnnual(const OnPremAssumption& a, double vcpus)
{
    return a.annualPerServer > 0 ? a.annualPerServer : a.annualPerVcpu * vcpus;
}

Status validate(const EconomicsOptions& o)
{
    for (auto [v, name] : {std::pair{o.onPrem.annualPerServer, "on-prem cost per server-year"},
                           std::pair{o.onPrem.annualPerVcpu, "on-prem cost per vCPU-year"},
                           std::pair{o.staffRatePerHour, "staff rate per hour"},
                           std::pair{o.remediationPerVm, "remediation per VM"},
                           std::pair{o.licencesOneOff, "one-off licences"},
                           std::pair{o.dualRunningMonths, "dual-running months"}}) {
        if (auto s = needFinite(v, name); !s) {
            return s;
        }
    }
    if ((o.onPrem.annualPerServer > 0) == (o.onPrem.annualPerVcpu > 0)) {
        return makeError(Error::Code::InvalidInput,
                         "give exactly one on-prem cost: per server-year or per vCPU-year",
                         "plan economics");
    }
    if (o.onPrem.source.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "the on-prem cost has no source: say where it comes from",
                         "plan economics");
    }
    if (auto s = needSource(o.staffRatePerHour, o.staffRateSource, "staff rate per hour"); !s) {
        return s;
    }
    if (auto s = needSource(o.remediationPerVm, o.remediationSource, "remediation per VM"); !s) {
        return s;
    }
    if (auto s = needSource(o.licencesOneOff, o.licencesSource, "one-off licences"); !s) {
        return s;
    }
    if (!(o.monthsPerWave > 0) || !std::isfinite(o.monthsPerWave)) {
        return makeError(Error::Code::InvalidInput,
                         "months per wave must be > 0",
                         "plan economics");
    }
    if (o.startMonth < 1 || o.horizonYears < 1 || o.horizonYears > 50) {
        return makeError(Error::Code::InvalidInput,
                         "start month must be >= 1 and the horizon 1 to 50 years",
                         "plan economics");
    }
    if (!std::isfinite(o.discountRate) || o.discountRate <= -1) {
        return makeError(Error::Code::InvalidInput,
                         "discount rate must be a finite number above -100 %",
                         "plan economics");
    }
    return {};
}

Result<Economics> computeEconomics(const std::vector<WorkloadCost>& workloads,
                                   const WavePlan& wavePlan,
                                   const WaveCapacity& capacity,
                                   const EconomicsOptions& o)
{
    if (auto s = validate(o); !s) {
        return s.error();
    }
    Economics e;
    e.discountRate = o.discountRate;
    const int horizon = o.horizonYears * 12;
    auto cutover = [&](std::size_t wave) {
        return o.startMonth
               + static_cast<int>(std::floor(static_cast<double>(wave) * o.monthsPerWave + 1e-9));
    };
    for (std::size_t k = 0; k < wavePlan.waves.size(); ++k) {
        const auto& w = wavePlan.waves[k];
        WaveEconomics we;
        we.number = w.number;
        we.cutoverMonth = cutover(k);
        we.transferCost = w.transferHours * o.staffRatePerHour;
        we.labourCost = w.engineerHours * o.staffRatePerHour;
        we.remediationCost = static_cast<double>(w.servers) * o.remediationPerVm;
        if (we.cutoverMonth > horizon) {
            e.warnings.push_back("wave " + std::to_string(w.number) + " cuts over in month "
                                 + std::to_string(we.cutoverMonth) + ", after the "
                                 + std::to_string(o.horizonYears) + "-year horizon");
        }
        e.waves.push_back(we);
    }
    const int firstCutover = o.startMonth;
    std::vector<double> cost(static_cast<std::size_t>(horizon), 0.0);
    std::vector<double> cloud(static_cast<std::size_t>(horizon), 0.0);
    for (const auto& w : workloads) {
        e.beforeAnnual += w.beforeAnnual;
        const double b = w.beforeAnnual / 12.0;
        const double a = w.afterAnnual / 12.0;
        switch (w.fate) {
        case WorkloadCost::Fate::Stays:
            e.afterAnnual += w.beforeAnnual;
            for (auto& c : cost) {
                c += b;
            }
            break;
        case WorkloadCost::Fate::Retired:
            for (int m = 1; m < std::min(firstCutover, horizon + 1); ++m) {
                cost[static_cast<std::size_t>(m - 1)] += b;
            }
            break;
        case WorkloadCost::Fate::Migrates: {
            if (w.wave >= e.waves.size()) {
                return makeError(Error::Code::InvalidInput,
                                 "a migrating workload names wave " + std::to_string(w.wave + 1)
                                     + " of " + std::to_string(e.waves.size()),
                                 "plan economics");
            }
            auto& we = e.waves[w.wave];
            e.afterAnnual += w.afterAnnual;
            we.beforeAnnual += w.beforeAnnual;
            we.afterAnnual += w.afterAnnual;
            we.dualRunningCost += o.dualRunningMonths * a;
            const double c = we.cutoverMonth;
            for (int m = 1; m <= horizon; ++m) {
                const double onPremShare =
                    m < c ? 1.0 : std::clamp(c + o.dualRunningMonths - m, 0.0, 1.0);
                const bool inCloud = m >= c;
                cost[static_cast<std::size_t>(m - 1)] += onPremShare * b + (inCloud ? a : 0.0);
                cloud[static_cast<std::size_t>(m - 1)] += inCloud ? a : 0.0;
            }
            break;
        }
        }
    }
    for (const auto& we : e.waves) {
        e.oneOffTotal += we.oneOff();
        e.dualRunningTotal += we.dualRunningCost;
        if (we.cutoverMonth <= horizon) {
            cost[static_cast<std::size_t>(we.cutoverMonth - 1)] += we.oneOff();
        }
    }
    e.licencesOneOff = o.licencesOneOff;
    e.oneOffTotal += o.licencesOneOff;
    if (firstCutover <= horizon) {
        cost[static_cast<std::size_t>(firstCutover - 1)] += o.licencesOneOff;
    }
    e.annualSaving = e.beforeAnnual - e.afterAnnual;
    const double beforeMonthly = e.beforeAnnual / 12.0;
    e.monthlyNet.resize(cost.size());
    for (std::size_t m = 0; m < cost.size(); ++m) {
        e.monthlyNet[m] = beforeMonthly - cost[m];
    }
    for (int y = 0; y < o.horizonYears; ++y) {
        double net = 0;
        double after = 0;
        for (int m = y * 12; m < (y + 1) * 12; ++m) {
            net += e.monthlyNet[static_cast<std::size_t>(m)];
            after += cost[static_cast<std::size_t>(m)];
        }
        e.yearlyNet.push_back(net);
        e.yearlyBefore.push_back(e.beforeAnnual);
        e.yearlyAfter.push_back(after);
    }
    auto npv = pricing::npv(o.discountRate, e.yearlyNet);
    if (!npv) {
        return npv.error();
    }
    e.npv = *npv;
    double cumulative = 0;
    std::optional<int> lastNegative;
    for (std::size_t m = 0; m < e.monthlyNet.size(); ++m) {
        cumulative += e.monthlyNet[m];
        if (cumulative < -1e-9) {
            lastNegative = static_cast<int>(m) + 1;
        }
    }
    if (cumulative >= -1e-9) {
        e.paybackMonth = lastNegative ? *lastNegative + 1 : 1;
    }
    e.assumptions = {
        {"on-prem cost per server-year",
         o.onPrem.annualPerServer,
         "currency/server/yr",
         o.onPrem.annualPerServer > 0 ? o.onPrem.source : "not used"},
        {"on-prem cost per vCPU-year",
         o.onPrem.annualPerVcpu,
         "currency/vCPU/yr",
         o.onPrem.annualPerVcpu > 0 ? o.onPrem.source : "not used"},
        {"staff rate",
         o.staffRatePerHour,
         "currency/h",
         o.staffRateSource.empty() ? "not set" : o.staffRateSource},
        {"remediation per VM",
         o.remediationPerVm,
         "currency/VM",
         o.remediationSource.empty() ? "not set" : o.remediationSource},
        {"one-off licences",
         o.licencesOneOff,
         "currency",
         o.licencesSource.empty() ? "not set" : o.licencesSource},
        {"dual-running months per wave", o.dualRunningMonths, "months", o.dualRunningSource},
        {"months per wave", o.monthsPerWave, "months", "issue #6: waves scheduled month by month"},
        {"horizon",
         static_cast<double>(o.horizonYears),
         "years",
         "server life 4 yr, Azure Migrate [V] (MODELS.md §1.2)"},
        {"discount rate",
         o.discountRate,
         "fraction/yr",
         "WACC 7 %, Azure Migrate [V] (MODELS.md §1.2)"},
        {"transfer bandwidth",
         capacity.bandwidthMbps,
         "Mbps",
         "kubev2v migration-planner default 620 Mbps (MIGRATION.md §2.4)"},
        {"engineer time per VM",
         capacity.engineerMinutesPerVm,
         "min",
         "kubev2v migration-planner 60 min per VM (MIGRATION.md §2.4)"},
    };
    return e;
}

} // namespace cloudcost::decision::plan
