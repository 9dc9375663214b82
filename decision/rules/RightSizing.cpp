#include "decision/rules/RightSizing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cloudcost::decision {

namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr double kMibPerGib = 1024.0;
// Guards ceil() against binary noise: 10 x 0.2 x 2.0 is 4.000000000000001 in doubles and must
// give 4 vCPUs, as in Azure Migrate's example (MIGRATION.md §2.1).
constexpr double kCeilSlack = 1e-9;

std::string num(double v, int decimals = 3)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s(buf);
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') {
            s.pop_back();
        }
        if (!s.empty() && s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

std::string pct(double fraction)
{
    return num(fraction * 100.0, 1) + " %";
}

std::string pName(double p)
{
    return p >= 100.0 ? std::string("max") : "P" + num(p, 2);
}

bool samePercentile(double a, double b)
{
    return std::fabs(a - b) < 1e-9;
}

struct SeriesFigure
{
    std::optional<double> cpu, memory, cpuPeak, memoryPeak;
    double coverage = 0.0;
    double windowDays = 0.0;
    std::size_t valid = 0;
};

std::size_t countValid(const std::vector<double>& v)
{
    return static_cast<std::size_t>(
        std::count_if(v.begin(), v.end(), [](double x) { return !std::isnan(x); }));
}

SeriesFigure fromSeries(const UtilisationSeries& s, const SizingPolicy& policy)
{
    SeriesFigure f;
    f.cpu = nearestRankPercentile(s.cpu, policy.percentile);
    f.memory = nearestRankPercentile(s.memory, policy.percentile);
    if (policy.peakGuard) {
        f.cpuPeak = nearestRankPercentile(s.cpu, policy.peakGuardPercentile);
        f.memoryPeak = nearestRankPercentile(s.memory, policy.peakGuardPercentile);
    }
    f.valid = std::max(countValid(s.cpu), countValid(s.memory));
    if (s.times.size() >= 2) {
        auto [lo, hi] = std::minmax_element(s.times.begin(), s.times.end());
        double interval = s.intervalSeconds;
        if (interval <= 0.0) {
            std::vector<std::int64_t> sorted(s.times);
            std::sort(sorted.begin(), sorted.end());
            std::vector<double> gaps;
            for (std::size_t i = 1; i < sorted.size(); ++i) {
                gaps.push_back(static_cast<double>(sorted[i] - sorted[i - 1]));
            }
            std::nth_element(gaps.begin(),
                             gaps.begin() + static_cast<long>(gaps.size() / 2),
                             gaps.end());
            interval = gaps[gaps.size() / 2];
        }
        const double window = static_cast<double>(*hi - *lo) + interval;
        f.windowDays = window / kSecondsPerDay;
        if (interval > 0.0 && window > 0.0) {
            f.coverage = std::min(1.0, static_cast<double>(f.valid) / (window / interval));
        }
    }
    return f;
}

std::string gateCheck(const UtilisationFigure& f, const SizingPolicy& policy)
{
    if (!f.coverage) {
        if (!policy.acceptUnreportedCoverage) {
            return "coverage not reported (the gate needs >= " + pct(policy.minCoverage) + ")";
        }
    } else if (*f.coverage + 1e-12 < policy.minCoverage) {
        return "coverage " + pct(*f.coverage) + " < " + pct(policy.minCoverage) + " gate";
    }
    if (f.windowDays + 1e-9 < policy.minWindowDays) {
        return "window " + num(f.windowDays, 1) + " d < " + num(policy.minWindowDays, 1)
               + " d gate";
    }
    return {};
}

} // namespace

std::optional<double> nearestRankPercentile(std::vector<double> values, double p)
{
    if (!(p >= 0.0 && p <= 100.0)) {
        return std::nullopt;
    }
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double x) { return std::isnan(x); }),
        values.end());
    if (values.empty()) {
        return std::nullopt;
    }
    const auto n = values.size();
    // rank = ceil(p/100 * n), 1-based; p = 0 -> rank 1 (the minimum).
    auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(n) - 1e-9));
    rank = std::clamp<std::size_t>(rank, 1, n);
    std::nth_element(values.begin(), values.begin() + static_cast<long>(rank - 1), values.end());
    return values[rank - 1];
}

std::vector<PolicyLine> sizingPolicyTable(const SizingPolicy& p)
{
    const SizingPolicy d;
    auto src = [](bool isDefault, const char* source) {
        return isDefault ? std::string("default: ") + source : std::string("set by the user");
    };
    std::vector<PolicyLine> t;
    t.push_back({"percentile",
                 num(p.percentile, 2),
                 src(p.percentile == d.percentile,
                     "MIGRATION.md §2.6 item 2 (95 default; Azure Migrate's example, §2.1)")});
    t.push_back({"comfort",
                 num(p.comfort, 3),
                 src(p.comfort == d.comfort,
                     "MIGRATION.md §2.6 item 2 (1.3; Azure Migrate walkthroughs, unverified as a "
                     "Microsoft default, §2.1)")});
    t.push_back({"peak_guard",
                 p.peakGuard ? "P" + num(p.peakGuardPercentile, 2) + " / "
                                   + num(p.peakGuardTargetUtilisation, 3)
                             : std::string("off"),
                 src(p.peakGuard == d.peakGuard && p.peakGuardPercentile == d.peakGuardPercentile
                         && p.peakGuardTargetUtilisation == d.peakGuardTargetUtilisation,
                     "MIGRATION.md §2.6 item 2, optional P99.5 / 0.85 (rvtools-analyzer "
                     "'cautious' tier, §2.4)")});
    t.push_back({"min_coverage",
                 num(p.minCoverage, 3),
                 src(p.minCoverage == d.minCoverage,
                     "MIGRATION.md §2.6 item 2 (>= 90 %; rvtools-analyzer gate, §2.4)")});
    t.push_back({"min_window_days",
                 num(p.minWindowDays, 2),
                 src(p.minWindowDays == d.minWindowDays, "MIGRATION.md §2.6 item 2 (>= 7 days)")});
    t.push_back({"idle_cpu",
                 num(p.idleCpu, 3),
                 src(p.idleCpu == d.idleCpu,
                     "MIGRATION.md §2.6 item 3 / §2.1 Azure Migrate business case (< 5 %)")});
    t.push_back({"idle_memory",
                 num(p.idleMemory, 3),
                 src(p.idleMemory == d.idleMemory,
                     "MIGRATION.md §2.6 item 3 / §2.1 Azure Migrate business case (< 5 %)")});
    t.push_back({"idle_network",
                 num(p.idleNetwork, 3),
                 src(p.idleNetwork == d.idleNetwork,
                     "MIGRATION.md §2.6 item 3 / §2.1 Azure Migrate business case (< 2 %)")});
    t.push_back({"min_vcpus",
                 num(p.minVcpus, 2),
                 src(p.minVcpus == d.minVcpus, "MIGRATION.md §2.6 item 2 (never below 1 vCPU)")});
    return t;
}

Status validateSizingPolicy(const SizingPolicy& p)
{
    auto bad = [](const std::string& what, const std::string& expected, double got) {
        return makeError(Error::Code::InvalidInput,
                         "expected " + expected + ", got " + num(got, 6),
                         "sizing policy " + what);
    };
    auto fraction = [](double v) {
        return std::isfinite(v) && v >= 0.0 && v <= 1.0;
    };
    if (!(std::isfinite(p.percentile) && p.percentile > 0.0 && p.percentile <= 100.0)) {
        return bad("percentile", "a percentile above 0 and at most 100", p.percentile);
    }
    if (!(std::isfinite(p.comfort) && p.comfort > 0.0)) {
        return bad("comfort", "a comfort factor above 0", p.comfort);
    }
    if (p.peakGuard) {
        if (!(std::isfinite(p.peakGuardPercentile) && p.peakGuardPercentile > 0.0
              && p.peakGuardPercentile <= 100.0)) {
            return bad("peak_guard_percentile",
                       "a percentile above 0 and at most 100",
                       p.peakGuardPercentile);
        }
        if (!(std::isfinite(p.peakGuardTargetUtilisation) && p.peakGuardTargetUtilisation > 0.0
              && p.peakGuardTargetUtilisation <= 1.0)) {
            return bad("peak_guard_target",
                       "a target utilisation in (0, 1]",
                       p.peakGuardTargetUtilisation);
        }
    }
    if (!fraction(p.minCoverage)) {
        return bad("min_coverage", "a fraction between 0 and 1", p.minCoverage);
    }
    if (!(std::isfinite(p.minWindowDays) && p.minWindowDays >= 0.0)) {
        return bad("min_window_days", "days >= 0", p.minWindowDays);
    }
    if (!fraction(p.idleCpu)) {
        return bad("idle_cpu", "a fraction between 0 and 1", p.idleCpu);
    }
    if (!fraction(p.idleMemory)) {
        return bad("idle_memory", "a fraction between 0 and 1", p.idleMemory);
    }
    if (!fraction(p.idleNetwork)) {
        return bad("idle_network", "a fraction between 0 and 1", p.idleNetwork);
    }
    if (p.nicCapacityMBps && !(std::isfinite(*p.nicCapacityMBps) && *p.nicCapacityMBps > 0.0)) {
        return bad("nic_capacity_mbps", "MB/s above 0", *p.nicCapacityMBps);
    }
    if (!(std::isfinite(p.minVcpus) && p.minVcpus >= 0.0)) {
        return bad("min_vcpus", "vCPUs >= 0", p.minVcpus);
    }
    return {};
}

std::optional<UtilisationFigure>
utilisationFor(const Workload& w, const SizingPolicy& policy, std::string* why)
{
    // A series first: any percentile can be taken from it.
    const UtilisationSeries* best = nullptr;
    std::size_t bestValid = 0;
    for (const auto& s : w.series) {
        const auto valid = std::max(countValid(s.cpu), countValid(s.memory));
        if (valid > bestValid) {
            best = &s;
            bestValid = valid;
        }
    }
    if (best) {
        const auto sf = fromSeries(*best, policy);
        UtilisationFigure f;
        f.cpu = sf.cpu;
        f.memory = sf.memory;
        f.cpuPeak = sf.cpuPeak;
        f.memoryPeak = sf.memoryPeak;
        f.coverage = sf.coverage;
        f.windowDays = sf.windowDays;
        f.source = "series " + best->source + " (" + std::to_string(sf.valid) + " samples)";
        f.gateReason = gateCheck(f, policy);
        f.passesGate = f.gateReason.empty();
        return f;
    }
    // Else a record with the matching statistic.
    auto matches = [](const UtilisationRecord& r, double p) {
        if (r.statistic == UtilStatistic::Percentile) {
            return samePercentile(r.percentile, p);
        }
        return r.statistic == UtilStatistic::Maximum && p >= 100.0;
    };
    const UtilisationRecord* rec = nullptr;
    for (const auto& r : w.utilisation) {
        if (matches(r, policy.percentile) && (r.cpu || r.memory)) {
            // Prefer the better-covered of two matching records.
            if (!rec || r.coverage.value_or(-1.0) > rec->coverage.value_or(-1.0)) {
                rec = &r;
            }
        }
    }
    if (!rec) {
        if (why) {
            std::string have;
            for (const auto& r : w.utilisation) {
                have += have.empty() ? "" : ", ";
                have += r.statistic == UtilStatistic::Average   ? std::string("average")
                        : r.statistic == UtilStatistic::Maximum ? std::string("maximum")
                                                                : pName(r.percentile);
            }
            *why = w.utilisation.empty() && w.series.empty()
                       ? std::string("no utilisation data")
                       : "no " + pName(policy.percentile) + " utilisation figure (have: "
                             + (have.empty() ? std::string("none") : have) + ")";
        }
        return std::nullopt;
    }
    UtilisationFigure f;
    f.cpu = rec->cpu;
    f.memory = rec->memory;
    f.network = rec->networkMBps;
    f.coverage = rec->coverage;
    f.windowDays = rec->windowDays;
    f.source = "record " + rec->source + " " + pName(policy.percentile);
    if (policy.peakGuard) {
        for (const auto& r : w.utilisation) {
            if (matches(r, policy.peakGuardPercentile)) {
                f.cpuPeak = r.cpu;
                f.memoryPeak = r.memory;
                break;
            }
        }
    }
    f.gateReason = gateCheck(f, policy);
    f.passesGate = f.gateReason.empty();
    return f;
}

ClassResult classify(const Workload& w, const SizingPolicy& policy)
{
    if (w.isTemplate) {
        return {WorkloadClass::Template, "template: excluded from migration"};
    }
    if (w.power == PowerState::Off) {
        return {WorkloadClass::PoweredOff, "powered off: retire candidate"};
    }
    if (w.power == PowerState::Suspended) {
        return {WorkloadClass::PoweredOff, "suspended (counted as powered off): retire candidate"};
    }
    std::string why;
    const auto f = utilisationFor(w, policy, &why);
    if (!f) {
        return {WorkloadClass::Unknown, "insufficient metrics: " + why};
    }
    if (!f->passesGate) {
        return {WorkloadClass::Unknown, "insufficient metrics: " + f->gateReason};
    }
    if (!f->cpu || !f->memory) {
        return {WorkloadClass::Unknown,
                std::string("insufficient metrics: no ") + (!f->cpu ? "CPU" : "memory")
                    + " figure in " + f->source};
    }
    const std::string p = pName(policy.percentile);
    const std::string cpuText = "CPU " + p + " " + pct(*f->cpu);
    const std::string memText = "memory " + p + " " + pct(*f->memory);
    if (*f->cpu == 0.0 && *f->memory == 0.0) {
        if (f->network && *f->network == 0.0) {
            return {WorkloadClass::Zombie,
                    cpuText + ", " + memText + ", network 0 MB/s with coverage passing the gate: "
                        + "decommission candidate"};
        }
        if (!f->network) {
            return {WorkloadClass::Idle,
                    cpuText + ", " + memText
                        + "; network not measured, so not called zombie (which needs network 0)"};
        }
    }
    const bool cpuIdle = *f->cpu < policy.idleCpu;
    const bool memIdle = *f->memory < policy.idleMemory;
    if (!cpuIdle || !memIdle) {
        return {WorkloadClass::Active,
                cpuText + (cpuIdle ? " < " : " >= ") + pct(policy.idleCpu) + ", " + memText
                    + (memIdle ? " < " : " >= ") + pct(policy.idleMemory)};
    }
    const std::string base =
        cpuText + " < " + pct(policy.idleCpu) + ", " + memText + " < " + pct(policy.idleMemory);
    if (f->network && policy.nicCapacityMBps) {
        const double frac = *f->network / *policy.nicCapacityMBps;
        if (frac >= policy.idleNetwork) {
            return {WorkloadClass::Active,
                    base + ", but network " + pct(frac) + " of " + num(*policy.nicCapacityMBps)
                        + " MB/s >= " + pct(policy.idleNetwork)};
        }
        return {WorkloadClass::Idle,
                base + ", network " + pct(frac) + " < " + pct(policy.idleNetwork)};
    }
    return {WorkloadClass::Idle,
            base
                + (f->network
                       ? ", network " + num(*f->network) + " MB/s not judged (no NIC capacity)"
                       : std::string(", network not measured"))};
}

Result<SizedNeed> rightSize(const Workload& w, const SizingPolicy& policy)
{
    if (auto ok = validateSizingPolicy(policy); !ok) {
        return ok.error();
    }
    const std::string ctx = "workload '" + w.name + "'";
    if (!w.vcpus || *w.vcpus <= 0) {
        return makeError(Error::Code::InvalidInput,
                         "no allocated vCPU count, nothing to size from (class unknown)",
                         ctx);
    }
    if (!w.memoryMib || *w.memoryMib <= 0.0) {
        return makeError(Error::Code::InvalidInput,
                         "no allocated memory, nothing to size from (class unknown)",
                         ctx);
    }
    SizedNeed n;
    const double allocCpu = static_cast<double>(*w.vcpus);
    const double allocGib = *w.memoryMib / kMibPerGib;
    for (const auto& d : w.disks) {
        n.storageGib += d.usedGib ? *d.usedGib : d.allocatedGib.value_or(0.0);
    }
    n.gpus = w.gpus.value_or(0);
    n.gpuModel = w.gpuModel;
    n.osFamily = w.osFamily;

    std::string why;
    const auto f = utilisationFor(w, policy, &why);
    auto asAllocated = [&](const std::string& reason) {
        n.vcpus = std::max(allocCpu, policy.minVcpus);
        n.memoryGib = allocGib;
        n.sizedFromUtilisation = false;
        n.basis = "as allocated (" + num(allocCpu) + " vCPU, " + num(allocGib) + " GiB): " + reason;
        return n;
    };
    if (!f) {
        return asAllocated(why);
    }
    if (!f->passesGate) {
        return asAllocated(f->gateReason + " (" + f->source + ")");
    }
    if (!f->cpu) {
        return asAllocated("no CPU figure in " + f->source);
    }
    const std::string p = pName(policy.percentile);
    double cpuNeed = allocCpu * *f->cpu * policy.comfort;
    std::string basis = p + " CPU " + num(*f->cpu) + " x " + num(allocCpu) + " vCPU x comfort "
                        + num(policy.comfort);
    if (policy.peakGuard) {
        if (f->cpuPeak) {
            const double guard = allocCpu * *f->cpuPeak / policy.peakGuardTargetUtilisation;
            basis += "; peak guard " + pName(policy.peakGuardPercentile) + " " + num(*f->cpuPeak)
                     + " / " + num(policy.peakGuardTargetUtilisation) + " = " + num(guard)
                     + " vCPU";
            if (guard > cpuNeed) {
                basis += " (governs)";
                cpuNeed = guard;
            }
        } else {
            basis += "; peak guard skipped: no " + pName(policy.peakGuardPercentile) + " figure";
        }
    }
    if (policy.roundUpVcpus) {
        cpuNeed = std::ceil(cpuNeed - kCeilSlack);
    }
    if (cpuNeed < policy.minVcpus) {
        basis += "; raised to the " + num(policy.minVcpus) + " vCPU floor";
        cpuNeed = policy.minVcpus;
    }
    n.vcpus = cpuNeed;
    if (f->memory) {
        double memNeed = allocGib * *f->memory * policy.comfort;
        basis += ", " + p + " memory " + num(*f->memory) + " x " + num(allocGib) + " GiB x comfort "
                 + num(policy.comfort);
        if (policy.peakGuard && f->memoryPeak) {
            const double guard = allocGib * *f->memoryPeak / policy.peakGuardTargetUtilisation;
            if (guard > memNeed) {
                basis += " (peak guard " + num(guard) + " GiB governs)";
                memNeed = guard;
            }
        }
        n.memoryGib = memNeed;
    } else {
        n.memoryGib = allocGib;
        basis += ", memory as allocated (no memory figure)";
    }
    basis +=
        " over " + num(f->windowDays, 1) + " d"
        + (f->coverage ? ", coverage " + pct(*f->coverage) : std::string(", coverage unreported"))
        + " (" + f->source + ")";
    n.sizedFromUtilisation = true;
    n.basis = basis;
    return n;
}

} // namespace cloudcost::decision
