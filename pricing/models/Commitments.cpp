#include "pricing/models/Commitments.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <set>
#include <tuple>

namespace cloudcost::pricing {

namespace {

std::string number(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

Error invalid(const std::string& field, const std::string& expected, double got)
{
    return makeError(Error::Code::InvalidInput,
                     "expected " + expected + ", got " + number(got),
                     field);
}

std::optional<Error> checkNonNegative(double v, const std::string& field)
{
    if (!std::isfinite(v) || v < 0) {
        return invalid(field, "a finite number >= 0", v);
    }
    return std::nullopt;
}

std::optional<Error> checkPositive(double v, const std::string& field)
{
    if (!std::isfinite(v) || v <= 0) {
        return invalid(field, "a finite number > 0", v);
    }
    return std::nullopt;
}

std::string indexed(std::string_view field, std::size_t i)
{
    return std::string(field) + "[" + std::to_string(i) + "]";
}

// A fraction computed as a ratio of sums that are equal or ordered in exact arithmetic can land
// one ulp above 1 in floating point; results promise [0, 1], so only that rounding is removed.
double fraction(double part, double whole)
{
    if (!(whole > 0)) {
        return 0.0;
    }
    return std::clamp(part / whole, 0.0, 1.0);
}

// Walks several usage profiles together in segments of hours in which no profile changes its
// count, so that an hour is computed once per segment, not once per hour.
class SegmentWalker
{
public:
    explicit SegmentWalker(std::vector<const UsageProfile*> profiles)
        : m_profiles(std::move(profiles))
        , m_runIndex(m_profiles.size(), 0)
        , m_usedInRun(m_profiles.size(), 0)
        , m_counts(m_profiles.size(), 0.0)
    {
        refreshCounts();
    }

    const std::vector<double>& counts() const { return m_counts; }

    // Hours until some profile changes count (at most `limit`).
    std::size_t segmentLength(std::size_t limit) const
    {
        std::size_t length = limit;
        for (std::size_t p = 0; p < m_profiles.size(); ++p) {
            const auto& runs = m_profiles[p]->runs();
            if (m_runIndex[p] < runs.size()) {
                length = std::min(length, runs[m_runIndex[p]].hours - m_usedInRun[p]);
            }
        }
        return length;
    }

    void advance(std::size_t hours)
    {
        for (std::size_t p = 0; p < m_profiles.size(); ++p) {
            const auto& runs = m_profiles[p]->runs();
            if (m_runIndex[p] >= runs.size()) {
                continue;
            }
            m_usedInRun[p] += hours;
            if (m_usedInRun[p] >= runs[m_runIndex[p]].hours) {
                ++m_runIndex[p];
                m_usedInRun[p] = 0;
            }
        }
        refreshCounts();
    }

private:
    void refreshCounts()
    {
        for (std::size_t p = 0; p < m_profiles.size(); ++p) {
            const auto& runs = m_profiles[p]->runs();
            m_counts[p] = m_runIndex[p] < runs.size() ? runs[m_runIndex[p]].count : 0.0;
        }
    }

    std::vector<const UsageProfile*> m_profiles;
    std::vector<std::size_t> m_runIndex;
    std::vector<std::size_t> m_usedInRun;
    std::vector<double> m_counts;
};

// A pool of reserved capacity in units (AWS normalised units, Azure ratio units) applied to usage
// lines in a fixed order within one hour. Returns the units used.
double applyPool(double capacityUnits,
                 const std::vector<std::size_t>& order,
                 const std::vector<double>& unitsPerInstance,
                 std::vector<double>& remaining,
                 std::vector<double>& coveredOut)
{
    double left = capacityUnits;
    double used = 0;
    for (auto i : order) {
        if (left <= 0 || remaining[i] <= 0) {
            continue;
        }
        const double demand = remaining[i] * unitsPerInstance[i];
        if (demand <= left) {
            coveredOut[i] += remaining[i];
            used += demand;
            left -= demand;
            remaining[i] = 0;
        } else {
            const double instances = std::min(remaining[i], left / unitsPerInstance[i]);
            coveredOut[i] += instances;
            remaining[i] -= instances;
            used += left;
            left = 0;
        }
    }
    return std::min(used, capacityUnits);
}

std::size_t longestProfile(const std::vector<const UsageProfile*>& profiles)
{
    std::size_t hours = 0;
    for (const auto* p : profiles) {
        hours = std::max(hours, p->hours());
    }
    return hours;
}

void finishTotals(CommitmentTotals& t, double coveredOnDemandValue)
{
    t.totalCost = t.commitmentCost + t.onDemandCost;
    t.netSaving = t.onDemandEquivalentCost - t.totalCost;
    t.coverage = fraction(coveredOnDemandValue, t.onDemandEquivalentCost);
    t.hourCoverage = fraction(t.coveredHours, t.usageHours);
}

Status checkFinite(const CommitmentTotals& t)
{
    for (double v : {t.commitmentCost, t.onDemandCost, t.totalCost, t.onDemandEquivalentCost}) {
        if (!std::isfinite(v)) {
            return makeError(Error::Code::InvalidInput,
                             "the costs overflow: reduce the hours, counts or prices",
                             "usage");
        }
    }
    return {};
}

} // namespace

// ---------------------------------------------------------------------------------------------
// UsageProfile

void UsageProfile::append(std::size_t hours, double count)
{
    if (hours == 0) {
        return;
    }
    if (!m_runs.empty() && m_runs.back().count == count) {
        m_runs.back().hours += hours;
    } else {
        m_runs.push_back({hours, count});
    }
    m_hours += hours;
}

Result<UsageProfile> UsageProfile::fromHourly(const std::vector<double>& countsPerHour,
                                              std::string_view field)
{
    if (countsPerHour.size() > kMaxHours) {
        return makeError(Error::Code::InvalidInput,
                         "at most " + std::to_string(kMaxHours) + " hours, got "
                             + std::to_string(countsPerHour.size()),
                         std::string(field));
    }
    UsageProfile p;
    for (std::size_t i = 0; i < countsPerHour.size(); ++i) {
        const double c = countsPerHour[i];
        if (!std::isfinite(c) || c < 0 || c > kMaxCount) {
            return invalid(indexed(field, i), "a count between 0 and 1e9", c);
        }
        p.append(1, c);
    }
    return p;
}

Result<UsageProfile> UsageProfile::fromRuns(const std::vector<UsageRun>& runs,
                                            std::string_view field)
{
    UsageProfile p;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto& r = runs[i];
        if (!std::isfinite(r.count) || r.count < 0 || r.count > kMaxCount) {
            return invalid(indexed(field, i) + ".count", "a count between 0 and 1e9", r.count);
        }
        if (r.hours > kMaxHours - p.m_hours) {
            return makeError(Error::Code::InvalidInput,
                             "the runs add up to more than " + std::to_string(kMaxHours) + " hours",
                             indexed(field, i) + ".hours");
        }
        p.append(r.hours, r.count);
    }
    return p;
}

Result<UsageProfile> UsageProfile::constant(double count, std::size_t hours)
{
    return fromRuns({{hours, count}}, "usage");
}

double UsageProfile::at(std::size_t hour) const
{
    std::size_t start = 0;
    for (const auto& r : m_runs) {
        if (hour < start + r.hours) {
            return r.count;
        }
        start += r.hours;
    }
    return 0.0;
}

double UsageProfile::totalCountHours() const
{
    double total = 0;
    for (const auto& r : m_runs) {
        total += r.count * static_cast<double>(r.hours);
    }
    return total;
}

UsageProfile UsageProfile::slice(std::size_t begin, std::size_t length) const
{
    UsageProfile out;
    std::size_t start = 0;
    const std::size_t end = begin + std::min(length, m_hours - std::min(begin, m_hours));
    for (const auto& r : m_runs) {
        const std::size_t runEnd = start + r.hours;
        const std::size_t from = std::max(start, begin);
        const std::size_t to = std::min(runEnd, end);
        if (from < to) {
            out.append(to - from, r.count);
        }
        start = runEnd;
        if (start >= end) {
            break;
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Amortisation and break-even

Result<double> termHoursFromMonths(int termMonths)
{
    // 600 months: a guard against nonsense, far above any published term (1 and 3 years).
    if (termMonths <= 0 || termMonths > 600) {
        return invalid("term_months", "a term between 1 and 600 months", termMonths);
    }
    return static_cast<double>(termMonths) / 12.0 * kHoursPerYear;
}

Result<double> effectiveHourly(double hourly, double upfront, double termHours)
{
    if (auto e = checkNonNegative(hourly, "hourly")) {
        return *e;
    }
    if (auto e = checkNonNegative(upfront, "upfront")) {
        return *e;
    }
    if (auto e = checkPositive(termHours, "term_hours")) {
        return *e;
    }
    return upfront / termHours + hourly;
}

Result<BreakEven> breakEven(const CommitmentPrice& price, double utilisation, double hoursPerMonth)
{
    if (auto e = checkPositive(price.onDemandHourly, "on_demand_hourly")) {
        return *e;
    }
    auto eff = effectiveHourly(price.recurringHourly, price.upfront, price.termHours);
    if (!eff) {
        return eff.error();
    }
    if (!std::isfinite(utilisation) || utilisation < 0 || utilisation > 1) {
        return invalid("utilisation", "a fraction between 0 and 1", utilisation);
    }
    if (auto e = checkPositive(hoursPerMonth, "hours_per_month")) {
        return *e;
    }
    const double od = price.onDemandHourly;
    BreakEven b;
    b.effectiveHourly = *eff;
    b.termCost = price.upfront + price.recurringHourly * price.termHours;
    b.savingFraction = 1.0 - b.effectiveHourly / od;
    b.breakEvenUtilisation = b.effectiveHourly / od;
    b.breakEvenUsageHours = b.termCost / od;
    if (od > price.recurringHourly) {
        b.upfrontRecoveryHours = price.upfront / (od - price.recurringHourly);
    }
    b.utilisation = utilisation;
    b.hoursPerMonth = hoursPerMonth;
    const double termMonths = price.termHours / hoursPerMonth;
    // A month count within a relative 1e-12 of the term's end is the end of the term, not beyond.
    const double lastMonth = termMonths * (1.0 + 1e-12);
    if (utilisation > 0) {
        const double usedPerMonth = utilisation * hoursPerMonth;
        const double month = b.termCost / (od * usedPerMonth);
        if (month <= lastMonth) {
            b.breakEvenMonth = std::min(month, termMonths);
        }
        if (b.upfrontRecoveryHours) {
            const double recovery = *b.upfrontRecoveryHours / usedPerMonth;
            if (recovery <= lastMonth) {
                b.upfrontRecoveryMonth = std::min(recovery, termMonths);
            }
        }
    } else if (b.termCost == 0) {
        b.breakEvenMonth = 0.0;
        b.upfrontRecoveryMonth = 0.0;
    }
    b.netSaving = od * utilisation * price.termHours - b.termCost;
    return b;
}

// ---------------------------------------------------------------------------------------------
// AWS

Result<std::pair<std::string, std::string>> splitAwsInstanceType(std::string_view instanceType)
{
    const auto dot = instanceType.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == instanceType.size()
        || instanceType.find('.', dot + 1) != std::string_view::npos) {
        return makeError(Error::Code::InvalidInput,
                         "expected an instance type of the form family.size (m5.large), got '"
                             + std::string(instanceType) + "'",
                         "instance_type");
    }
    return std::pair{std::string(instanceType.substr(0, dot)),
                     std::string(instanceType.substr(dot + 1))};
}

Result<double> awsNormalizationFactor(std::string_view instanceType)
{
    auto parts = splitAwsInstanceType(instanceType);
    if (!parts) {
        return parts.error();
    }
    const auto& [family, size] = *parts;
    // EC2 user guide, "Instance size flexibility determined by normalization factor"
    // (awsdocs/amazon-ec2-user-guide doc_source/apply_ri.md @096556437f).
    static constexpr std::array<std::pair<std::string_view, double>, 20> kSizes{{
        {"nano", 0.25},    {"micro", 0.5},    {"small", 1},      {"medium", 2},
        {"large", 4},      {"xlarge", 8},     {"2xlarge", 16},   {"3xlarge", 24},
        {"4xlarge", 32},   {"6xlarge", 48},   {"8xlarge", 64},   {"9xlarge", 72},
        {"10xlarge", 80},  {"12xlarge", 96},  {"16xlarge", 128}, {"18xlarge", 144},
        {"24xlarge", 192}, {"32xlarge", 256}, {"56xlarge", 448}, {"112xlarge", 896},
    }};
    for (const auto& [name, factor] : kSizes) {
        if (size == name) {
            return factor;
        }
    }
    if (size == "metal") {
        // Same page, "Normalization factor for bare metal instances": a metal size has the factor
        // of the equivalent virtualised size of its family.
        static constexpr std::array<std::pair<std::string_view, double>, 24> kMetal{{
            {"a1", 32},   {"m5zn", 96},  {"z1d", 96},   {"c6g", 128},  {"c6gd", 128}, {"i3", 128},
            {"m6g", 128}, {"m6gd", 128}, {"r6g", 128},  {"r6gd", 128}, {"x2gd", 128}, {"c5n", 144},
            {"c5", 192},  {"c5d", 192},  {"i3en", 192}, {"m5", 192},   {"m5d", 192},  {"m5dn", 192},
            {"m5n", 192}, {"r5", 192},   {"r5b", 192},  {"r5d", 192},  {"r5dn", 192}, {"r5n", 192},
        }};
        for (const auto& [name, factor] : kMetal) {
            if (family == name) {
                return factor;
            }
        }
        if (family.rfind("u-", 0) == 0) {
            return 896.0;
        }
    }
    return makeError(Error::Code::NotFound,
                     "no normalisation factor for '" + std::string(instanceType)
                         + "' in the EC2 user guide's tables (apply_ri.md); give it explicitly "
                           "(normalizationSizeFactor of the price list)",
                     "instance_type");
}

bool awsRiIsSizeFlexible(std::string_view instanceType,
                         std::string_view os,
                         std::string_view tenancy,
                         bool zonal)
{
    if (zonal || os != "linux" || tenancy != "shared") {
        return false;
    }
    auto parts = splitAwsInstanceType(instanceType);
    if (!parts) {
        return false;
    }
    // apply_ri.md @096556437f, "Limitations": not for G4ad, G4dn, G5 and G5g.
    for (std::string_view excluded : {"g4ad", "g4dn", "g5", "g5g"}) {
        if (parts->first == excluded) {
            return false;
        }
    }
    return true;
}

namespace {

struct RiGroup
{
    double capacityUnits = 0;         // per hour
    double feePerHour = 0;            // amortised fees of the RIs in the group
    std::vector<std::size_t> order;   // lines it applies to, in application order
    std::vector<double> unitsPerLine; // indexed by line; units of one instance
    double usedUnits = 0;             // over all hours
};

struct SpCandidate
{
    std::size_t plan = 0;
    std::size_t line = 0;
    double rate = 0;
    double savings = 0;
};

} // namespace

Result<AwsApplication> applyAwsCommitments(const std::vector<AwsUsageLine>& lines,
                                           const std::vector<AwsReservedInstance>& reserved,
                                           const std::vector<AwsSavingsPlan>& savingsPlans,
                                           std::size_t hours)
{
    const std::size_t n = lines.size();
    std::map<std::string, std::size_t> lineById;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& l = lines[i];
        const auto field = indexed("lines", i);
        if (l.id.empty() || !lineById.emplace(l.id, i).second) {
            return makeError(Error::Code::InvalidInput,
                             "every usage line needs a unique id, got '" + l.id + "'",
                             field + ".id");
        }
        if (auto e = checkPositive(l.onDemandHourly, field + ".on_demand_hourly")) {
            return *e;
        }
        if (l.normalizationFactor) {
            if (auto e = checkPositive(*l.normalizationFactor, field + ".normalization_factor")) {
                return *e;
            }
        }
    }

    // Reserved instances: size-inflexible ones match their exact type; size-flexible ones form
    // one pool per family, region, platform and tenancy (apply_ri.md).
    std::map<std::tuple<std::string, std::string, std::string, std::string>, RiGroup> exact;
    std::map<std::tuple<std::string, std::string, std::string, std::string>, RiGroup> flexible;
    double riFeePerHour = 0;
    for (std::size_t r = 0; r < reserved.size(); ++r) {
        const auto& ri = reserved[r];
        const auto field = indexed("reserved", r);
        auto parts = splitAwsInstanceType(ri.instanceType);
        if (!parts) {
            return makeError(parts.error().code, parts.error().message, field + ".instance_type");
        }
        if (auto e = checkPositive(ri.count, field + ".count")) {
            return *e;
        }
        auto fee = effectiveHourly(ri.recurringHourly, ri.upfront, ri.termHours);
        if (!fee) {
            return makeError(fee.error().code,
                             fee.error().message,
                             field + "." + fee.error().context);
        }
        const double feePerHour = *fee * ri.count;
        riFeePerHour += feePerHour;
        if (awsRiIsSizeFlexible(ri.instanceType, ri.os, ri.tenancy, ri.zonal)) {
            double factor = 0;
            if (ri.normalizationFactor) {
                if (auto e =
                        checkPositive(*ri.normalizationFactor, field + ".normalization_factor")) {
                    return *e;
                }
                factor = *ri.normalizationFactor;
            } else {
                auto f = awsNormalizationFactor(ri.instanceType);
                if (!f) {
                    return makeError(f.error().code, f.error().message, field + ".instance_type");
                }
                factor = *f;
            }
            auto& g = flexible[{parts->first, ri.region, ri.os, ri.tenancy}];
            g.capacityUnits += ri.count * factor;
            g.feePerHour += feePerHour;
        } else {
            auto& g = exact[{ri.instanceType, ri.region, ri.os, ri.tenancy}];
            g.capacityUnits += ri.count;
            g.feePerHour += feePerHour;
        }
    }
    for (auto& [key, g] : exact) {
        g.unitsPerLine.assign(n, 1.0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& l = lines[i];
            if (std::tie(l.instanceType, l.region, l.os, l.tenancy) == key) {
                g.order.push_back(i);
            }
        }
    }
    for (auto& [key, g] : flexible) {
        g.unitsPerLine.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            const auto& l = lines[i];
            auto parts = splitAwsInstanceType(l.instanceType);
            if (!parts || std::tie(parts->first, l.region, l.os, l.tenancy) != key) {
                continue;
            }
            double factor = 0;
            if (l.normalizationFactor) {
                factor = *l.normalizationFactor;
            } else {
                auto f = awsNormalizationFactor(l.instanceType);
                if (!f) {
                    return makeError(f.error().code,
                                     f.error().message,
                                     indexed("lines", i) + ".instance_type");
                }
                factor = *f;
            }
            g.unitsPerLine[i] = factor;
            g.order.push_back(i);
        }
        // "applied from the smallest to the largest instance size within the instance family
        // based on the normalization factor" (apply_ri.md, Scenario 2).
        // Named reference: clang 14 cannot capture a structured binding in a lambda.
        const auto& units = g.unitsPerLine;
        std::stable_sort(g.order.begin(), g.order.end(), [&units](std::size_t a, std::size_t b) {
            return units[a] < units[b];
        });
    }

    // Savings plans: EC2 Instance plans before Compute plans; within a type, the highest savings
    // percentage first, ties to the lowest savings plan rate (sp-applying.html).
    std::array<std::vector<SpCandidate>, 2> candidates;
    double spCommitmentPerHour = 0;
    for (std::size_t p = 0; p < savingsPlans.size(); ++p) {
        const auto& sp = savingsPlans[p];
        const auto field = indexed("savings_plans", p);
        if (auto e = checkNonNegative(sp.commitmentPerHour, field + ".commitment_per_hour")) {
            return *e;
        }
        spCommitmentPerHour += sp.commitmentPerHour;
        for (const auto& [lineId, rate] : sp.rateByLine) {
            const auto rateField = field + ".rates['" + lineId + "']";
            auto it = lineById.find(lineId);
            if (it == lineById.end()) {
                return makeError(Error::Code::InvalidInput, "no usage line has this id", rateField);
            }
            if (auto e = checkPositive(rate, rateField)) {
                return *e;
            }
            const double savings = 1.0 - rate / lines[it->second].onDemandHourly;
            candidates[sp.type == AwsSavingsPlanType::Ec2Instance ? 0 : 1].push_back(
                {p, it->second, rate, savings});
        }
    }
    for (auto& list : candidates) {
        std::stable_sort(list.begin(), list.end(), [](const SpCandidate& a, const SpCandidate& b) {
            if (a.savings != b.savings) {
                return a.savings > b.savings;
            }
            if (a.rate != b.rate) {
                return a.rate < b.rate;
            }
            return std::tie(a.plan, a.line) < std::tie(b.plan, b.line);
        });
    }

    std::vector<const UsageProfile*> profiles;
    for (const auto& l : lines) {
        profiles.push_back(&l.usage);
    }
    if (hours == 0) {
        hours = longestProfile(profiles);
    }

    AwsApplication result;
    result.lines.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        result.lines[i].id = lines[i].id;
    }
    std::vector<double> remaining(n);
    std::vector<double> reservedCov(n);
    std::vector<double> instanceCov(n);
    std::vector<double> computeCov(n);
    std::vector<double> spSpend(n);
    std::vector<double> planLeft(savingsPlans.size());
    double spUsed = 0;

    SegmentWalker walker(profiles);
    for (std::size_t h = 0; h < hours;) {
        const std::size_t seg = walker.segmentLength(hours - h);
        const double segHours = static_cast<double>(seg);
        remaining = walker.counts();
        std::fill(reservedCov.begin(), reservedCov.end(), 0.0);
        std::fill(instanceCov.begin(), instanceCov.end(), 0.0);
        std::fill(computeCov.begin(), computeCov.end(), 0.0);
        std::fill(spSpend.begin(), spSpend.end(), 0.0);

        for (auto* groups : {&exact, &flexible}) {
            for (auto& [key, g] : *groups) {
                g.usedUnits +=
                    applyPool(g.capacityUnits, g.order, g.unitsPerLine, remaining, reservedCov)
                    * segHours;
            }
        }
        for (std::size_t p = 0; p < savingsPlans.size(); ++p) {
            planLeft[p] = savingsPlans[p].commitmentPerHour;
        }
        for (std::size_t type = 0; type < 2; ++type) {
            auto& covered = type == 0 ? instanceCov : computeCov;
            for (const auto& c : candidates[type]) {
                double& left = planLeft[c.plan];
                double& rem = remaining[c.line];
                if (left <= 0 || rem <= 0) {
                    continue;
                }
                const double need = rem * c.rate;
                if (need <= left) {
                    covered[c.line] += rem;
                    spSpend[c.line] += need;
                    left -= need;
                    rem = 0;
                } else {
                    const double units = std::min(rem, left / c.rate);
                    covered[c.line] += units;
                    spSpend[c.line] += left;
                    rem -= units;
                    left = 0;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            const double used = walker.counts()[i];
            auto& lr = result.lines[i];
            lr.usageHours += used * segHours;
            lr.reservedHours += reservedCov[i] * segHours;
            lr.instanceSpHours += instanceCov[i] * segHours;
            lr.computeSpHours += computeCov[i] * segHours;
            lr.onDemandHours += remaining[i] * segHours;
            lr.onDemandCost += remaining[i] * lines[i].onDemandHourly * segHours;
            lr.savingsPlanSpend += spSpend[i] * segHours;
            spUsed += spSpend[i] * segHours;
        }
        walker.advance(seg);
        h += seg;
    }

    const double totalHours = static_cast<double>(hours);
    result.reservedCost = riFeePerHour * totalHours;
    result.savingsPlanCost = spCommitmentPerHour * totalHours;
    auto& t = result.totals;
    t.hours = hours;
    t.commitmentCost = result.reservedCost + result.savingsPlanCost;
    double coveredValue = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& lr = result.lines[i];
        const double od = lines[i].onDemandHourly;
        t.onDemandCost += lr.onDemandCost;
        t.onDemandEquivalentCost += lr.usageHours * od;
        t.usageHours += lr.usageHours;
        const double covered =
            std::min(lr.usageHours, lr.reservedHours + lr.instanceSpHours + lr.computeSpHours);
        t.coveredHours += covered;
        coveredValue += covered * od;
    }
    finishTotals(t, coveredValue);
    if (!reserved.empty()) {
        // Fee-weighted when the RIs cost something, so that pools in different units combine.
        double purchasedValue = 0;
        double usedValue = 0;
        double purchasedUnits = 0;
        double usedUnits = 0;
        for (auto* groups : {&exact, &flexible}) {
            for (const auto& [key, g] : *groups) {
                const double purchased = g.capacityUnits * totalHours;
                purchasedUnits += purchased;
                usedUnits += g.usedUnits;
                purchasedValue += g.feePerHour * totalHours;
                usedValue += g.feePerHour * totalHours * fraction(g.usedUnits, purchased);
            }
        }
        result.reservedUtilisation = purchasedValue > 0 ? fraction(usedValue, purchasedValue)
                                                        : fraction(usedUnits, purchasedUnits);
    }
    if (!savingsPlans.empty()) {
        result.savingsPlanUtilisation = fraction(spUsed, result.savingsPlanCost);
    }
    if (auto st = checkFinite(t); !st) {
        return st.error();
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Azure

Result<AzureApplication> applyAzureReservations(const std::vector<AzureUsageLine>& lines,
                                                const std::vector<AzureReservation>& reservations,
                                                std::size_t hours)
{
    const std::size_t n = lines.size();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& l = lines[i];
        const auto field = indexed("lines", i);
        if (l.id.empty() || !ids.insert(l.id).second) {
            return makeError(Error::Code::InvalidInput,
                             "every usage line needs a unique id, got '" + l.id + "'",
                             field + ".id");
        }
        if (auto e = checkPositive(l.ratio, field + ".ratio")) {
            return *e;
        }
        if (auto e = checkPositive(l.payAsYouGoHourly, field + ".pay_as_you_go_hourly")) {
            return *e;
        }
    }
    std::map<std::string, RiGroup> groups;
    double feePerHour = 0;
    for (std::size_t r = 0; r < reservations.size(); ++r) {
        const auto& res = reservations[r];
        const auto field = indexed("reservations", r);
        if (auto e = checkPositive(res.ratio, field + ".ratio")) {
            return *e;
        }
        if (auto e = checkPositive(res.quantity, field + ".quantity")) {
            return *e;
        }
        auto fee = effectiveHourly(res.recurringHourly, res.upfront, res.termHours);
        if (!fee) {
            return makeError(fee.error().code,
                             fee.error().message,
                             field + "." + fee.error().context);
        }
        auto& g = groups[res.flexibilityGroup];
        g.capacityUnits += res.quantity * res.ratio;
        g.feePerHour += *fee * res.quantity;
        feePerHour += *fee * res.quantity;
    }
    for (auto& [group, g] : groups) {
        g.unitsPerLine.assign(n, 0.0);
        for (std::size_t i = 0; i < n; ++i) {
            if (lines[i].flexibilityGroup == group) {
                g.unitsPerLine[i] = lines[i].ratio;
                g.order.push_back(i); // the docs give no order within a group: input order
            }
        }
    }

    std::vector<const UsageProfile*> profiles;
    for (const auto& l : lines) {
        profiles.push_back(&l.usage);
    }
    if (hours == 0) {
        hours = longestProfile(profiles);
    }
    AzureApplication result;
    result.lines.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        result.lines[i].id = lines[i].id;
    }
    std::vector<double> remaining(n);
    std::vector<double> covered(n);
    SegmentWalker walker(profiles);
    for (std::size_t h = 0; h < hours;) {
        const std::size_t seg = walker.segmentLength(hours - h);
        const double segHours = static_cast<double>(seg);
        remaining = walker.counts();
        std::fill(covered.begin(), covered.end(), 0.0);
        for (auto& [group, g] : groups) {
            // Use it or lose it: capacity left in this hour is not carried to the next.
            g.usedUnits +=
                applyPool(g.capacityUnits, g.order, g.unitsPerLine, remaining, covered) * segHours;
        }
        for (std::size_t i = 0; i < n; ++i) {
            auto& lr = result.lines[i];
            lr.usageHours += walker.counts()[i] * segHours;
            lr.reservedHours += covered[i] * segHours;
            lr.payAsYouGoHours += remaining[i] * segHours;
            lr.payAsYouGoCost += remaining[i] * lines[i].payAsYouGoHourly * segHours;
        }
        walker.advance(seg);
        h += seg;
    }

    const double totalHours = static_cast<double>(hours);
    auto& t = result.totals;
    t.hours = hours;
    t.commitmentCost = feePerHour * totalHours;
    double coveredValue = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& lr = result.lines[i];
        t.onDemandCost += lr.payAsYouGoCost;
        t.onDemandEquivalentCost += lr.usageHours * lines[i].payAsYouGoHourly;
        t.usageHours += lr.usageHours;
        const double c = std::min(lr.usageHours, lr.reservedHours);
        t.coveredHours += c;
        coveredValue += c * lines[i].payAsYouGoHourly;
    }
    finishTotals(t, coveredValue);
    if (!reservations.empty()) {
        double purchased = 0;
        double used = 0;
        for (const auto& [group, g] : groups) {
            purchased += g.capacityUnits * totalHours;
            used += std::min(g.usedUnits, g.capacityUnits * totalHours);
        }
        result.reservationUtilisation = fraction(used, purchased);
        result.lostUnitHours = std::max(0.0, purchased - used);
    }
    if (auto st = checkFinite(t); !st) {
        return st.error();
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// GCP

const std::vector<SustainedUseTier>& gcpN1SustainedUseTiers()
{
    // Usage level (% of month) → % of the base rate for the increment: 0-25 % 100, 25-50 % 80,
    // 50-75 % 60, 75-100 % 40 (Google "Sustained use discounts" table as quoted by
    // easycloud.company/2018/07/google-cloud-sustained-use-discounts [V3]; Google's page states
    // the 30 % maximum for N1 [V]).
    static const std::vector<SustainedUseTier> kTiers{
        {0.00, 0.25, 1.0},
        {0.25, 0.50, 0.8},
        {0.50, 0.75, 0.6},
        {0.75, 1.00, 0.4},
    };
    return kTiers;
}

Status validateSustainedUseTiers(const std::vector<SustainedUseTier>& tiers)
{
    if (tiers.empty()) {
        return makeError(Error::Code::InvalidInput, "expected at least one tier", "tiers");
    }
    double expectedFrom = 0;
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const auto& t = tiers[i];
        const auto field = indexed("tiers", i);
        if (!std::isfinite(t.fromFraction) || std::fabs(t.fromFraction - expectedFrom) > 1e-12) {
            return invalid(field + ".from",
                           "the previous tier's end " + number(expectedFrom),
                           t.fromFraction);
        }
        if (!std::isfinite(t.toFraction) || t.toFraction <= t.fromFraction || t.toFraction > 1) {
            return invalid(field + ".to", "a fraction above `from` and at most 1", t.toFraction);
        }
        if (!std::isfinite(t.rateFraction) || t.rateFraction < 0 || t.rateFraction > 1) {
            return invalid(field + ".rate",
                           "a fraction of the base rate in [0, 1]",
                           t.rateFraction);
        }
        expectedFrom = t.toFraction;
    }
    if (std::fabs(expectedFrom - 1.0) > 1e-12) {
        return invalid(indexed("tiers", tiers.size() - 1) + ".to",
                       "1 (the whole month)",
                       expectedFrom);
    }
    return {};
}

Result<SustainedUseResult> gcpSustainedUse(const UsageProfile& unitsPerHour,
                                           double baseRatePerUnitHour,
                                           const std::vector<SustainedUseTier>& tiers,
                                           std::size_t hoursPerMonth)
{
    if (auto e = checkNonNegative(baseRatePerUnitHour, "base_rate")) {
        return *e;
    }
    if (auto st = validateSustainedUseTiers(tiers); !st) {
        return st.error();
    }
    if (hoursPerMonth == 0 || hoursPerMonth > 744) {
        return invalid("hours_per_month",
                       "between 1 and 744 hours",
                       static_cast<double>(hoursPerMonth));
    }
    const double monthHours = static_cast<double>(hoursPerMonth);
    // Charge of one layer that runs `layerHours` hours of the month, in base-rate hours.
    auto tierHours = [&](double layerHours) {
        double charged = 0;
        for (const auto& t : tiers) {
            const double from = t.fromFraction * monthHours;
            const double to = t.toFraction * monthHours;
            charged += t.rateFraction * std::max(0.0, std::min(layerHours, to) - from);
        }
        return charged;
    };

    SustainedUseResult r;
    const std::size_t total = unitsPerHour.hours();
    for (std::size_t begin = 0; begin < total; begin += hoursPerMonth) {
        ++r.months;
        auto month = unitsPerHour.slice(begin, hoursPerMonth);
        std::vector<UsageRun> runs;
        for (const auto& run : month.runs()) {
            if (run.count > 0) {
                runs.push_back(run);
            }
        }
        // Layers ("inferred instances"): with counts sorted high to low, the layer between the
        // j-th and the next lower count runs in every hour whose count is at least the j-th.
        std::sort(runs.begin(), runs.end(), [](const UsageRun& a, const UsageRun& b) {
            return a.count > b.count;
        });
        double hoursAtOrAbove = 0;
        for (std::size_t j = 0; j < runs.size(); ++j) {
            hoursAtOrAbove += static_cast<double>(runs[j].hours);
            const double next = j + 1 < runs.size() ? runs[j + 1].count : 0.0;
            const double thickness = runs[j].count - next;
            if (thickness <= 0) {
                continue;
            }
            r.baseCost += thickness * hoursAtOrAbove * baseRatePerUnitHour;
            r.cost += thickness * tierHours(hoursAtOrAbove) * baseRatePerUnitHour;
        }
    }
    r.cost = std::min(r.cost, r.baseCost);
    r.discountFraction = r.baseCost > 0 ? std::clamp(1.0 - r.cost / r.baseCost, 0.0, 1.0) : 0.0;
    if (!std::isfinite(r.baseCost)) {
        return makeError(Error::Code::InvalidInput,
                         "the costs overflow: reduce the hours, counts or prices",
                         "usage");
    }
    return r;
}

Result<GcpCommitmentApplication>
applyGcpResourceCommitment(const UsageProfile& unitsPerHour,
                           double onDemandRatePerUnitHour,
                           const GcpResourceCommitment& commitment,
                           const std::vector<SustainedUseTier>* sudTiers,
                           std::size_t hoursPerMonth,
                           std::size_t hours)
{
    if (auto e = checkPositive(onDemandRatePerUnitHour, "on_demand_rate")) {
        return *e;
    }
    if (auto e = checkNonNegative(commitment.committedUnits, "commitment.units")) {
        return *e;
    }
    if (auto e = checkNonNegative(commitment.commitRatePerUnitHour, "commitment.rate")) {
        return *e;
    }
    if (hours == 0) {
        hours = unitsPerHour.hours();
    }
    const UsageProfile usage = unitsPerHour.slice(0, hours);
    std::vector<UsageRun> overRuns;
    GcpCommitmentApplication a;
    auto& t = a.totals;
    t.hours = hours;
    for (const auto& run : usage.runs()) {
        const double h = static_cast<double>(run.hours);
        const double covered = std::min(run.count, commitment.committedUnits);
        t.usageHours += run.count * h;
        t.coveredHours += covered * h;
        overRuns.push_back({run.hours, run.count - covered});
    }
    const double totalHours = static_cast<double>(hours);
    t.commitmentCost = commitment.committedUnits * commitment.commitRatePerUnitHour * totalHours;
    auto over = UsageProfile::fromRuns(overRuns, "overage");
    if (!over) {
        return over.error();
    }
    a.overageBaseCost = over->totalCountHours() * onDemandRatePerUnitHour;
    t.onDemandCost = a.overageBaseCost;
    if (sudTiers) {
        auto sud = gcpSustainedUse(*over, onDemandRatePerUnitHour, *sudTiers, hoursPerMonth);
        if (!sud) {
            return sud.error();
        }
        t.onDemandCost = sud->cost;
        a.overageDiscountFraction = sud->discountFraction;
    }
    t.onDemandEquivalentCost = t.usageHours * onDemandRatePerUnitHour;
    if (sudTiers) {
        // Without the commitment all the usage would get sustained-use discounts.
        auto sudAll = gcpSustainedUse(usage, onDemandRatePerUnitHour, *sudTiers, hoursPerMonth);
        if (!sudAll) {
            return sudAll.error();
        }
        t.onDemandEquivalentCost = sudAll->cost;
    }
    finishTotals(t, 0.0);
    t.coverage = t.hourCoverage; // one resource at one rate: by spend = by hours
    a.utilisation = fraction(t.coveredHours, commitment.committedUnits * totalHours);
    if (auto st = checkFinite(t); !st) {
        return st.error();
    }
    return a;
}

} // namespace cloudcost::pricing
