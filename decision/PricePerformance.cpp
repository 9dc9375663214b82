#include "decision/PricePerformance.h"

#include "common/Text.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace cloudcost::decision {

namespace {

using benchmark::BenchmarkRun;
using benchmark::Sample;

std::string lower(const std::string& s)
{
    return text::toLower(s);
}

// Samples of the metric measured on one instance type in one region ("" = no region tag) with
// one set of comparable parameters.
struct Group
{
    std::vector<double> values;
    std::set<std::int64_t> runIds;
};
// provider|instance (lower case) -> region -> parameters -> group
using GroupIndex =
    std::map<std::string,
             std::map<std::string, std::map<std::map<std::string, std::string>, Group>>>;

std::string metricList(const std::vector<BenchmarkRun>& runs)
{
    std::string out;
    for (const auto& m : summariseMetrics(runs)) {
        out += "\n  " + m.metric + " (" + m.unit + ", " + std::to_string(m.samples) + " sample(s), "
               + std::to_string(m.taggedRuns) + " tagged run(s))";
    }
    return out;
}

} // namespace

bool isLabelParameter(const std::string& name)
{
    return name == "job" || name == "duration_s";
}

std::map<std::string, std::string> comparableParameters(const Sample& s)
{
    std::map<std::string, std::string> p;
    for (const auto& [k, v] : s.parameters) {
        if (!isLabelParameter(k)) {
            p[k] = v;
        }
    }
    return p;
}

std::string parametersText(const std::map<std::string, std::string>& params)
{
    std::string out;
    for (const auto& [k, v] : params) {
        out += (out.empty() ? "" : " ") + k + "=" + v;
    }
    return out.empty() ? "(none)" : out;
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

std::vector<MetricSummary> summariseMetrics(const std::vector<BenchmarkRun>& runs)
{
    std::map<std::pair<std::string, std::string>, MetricSummary> byKey;
    for (const auto& run : runs) {
        const bool tagged = !run.host.provider.empty() && !run.host.instanceType.empty();
        std::set<std::pair<std::string, std::string>> seen;
        for (const auto& s : run.samples) {
            auto key = std::make_pair(s.metric, s.unit);
            auto& m = byKey[key];
            m.metric = s.metric;
            m.unit = s.unit;
            m.higherIsBetter = s.higherIsBetter;
            ++m.samples;
            if (seen.insert(key).second) {
                ++m.runs;
                m.taggedRuns += tagged ? 1 : 0;
            }
        }
    }
    std::vector<MetricSummary> out;
    out.reserve(byKey.size());
    for (auto& [key, m] : byKey) {
        out.push_back(std::move(m));
    }
    return out;
}

WorkUnit workUnitFor(const std::string& unit, bool higherIsBetter)
{
    if (unit == "ops/s") {
        return {1000.0, "1000 ops/s"};
    }
    if (unit == "B/s") {
        return {1e6, "MB/s"};
    }
    if (unit == "bit/s") {
        return {1e9, "Gbit/s"};
    }
    if (unit == "s" && !higherIsBetter) {
        return {1e-3, "ms"};
    }
    return {1.0, unit.empty() ? "unit" : unit};
}

Result<PricePerformanceResult> rankPricePerformance(pricing::Workspace& ws,
                                                    const std::vector<BenchmarkRun>& runs,
                                                    const std::string& metric,
                                                    pricing::OfferQuery query)
{
    PricePerformanceResult res;
    res.metric = metric;

    // The samples of the metric, by where they were measured.
    GroupIndex index;
    std::set<std::string> units;
    std::size_t withMetric = 0;
    bool directionSet = false;
    for (const auto& run : runs) {
        bool has = false;
        for (const auto& s : run.samples) {
            if (s.metric != metric) {
                continue;
            }
            has = true;
            units.insert(s.unit);
            if (!directionSet) {
                res.unit = s.unit;
                res.higherIsBetter = s.higherIsBetter;
                directionSet = true;
            }
        }
        if (!has) {
            continue;
        }
        ++withMetric;
        const auto& h = run.host;
        if (h.provider.empty() || h.instanceType.empty()) {
            ++res.runsUntagged;
            continue;
        }
        auto& byRegion = index[lower(h.provider) + "|" + lower(h.instanceType)];
        auto& byParams = byRegion[h.region];
        for (const auto& s : run.samples) {
            if (s.metric == metric) {
                auto& g = byParams[comparableParameters(s)];
                g.values.push_back(s.value);
                g.runIds.insert(run.id);
            }
        }
    }
    if (withMetric == 0) {
        return makeError(Error::Code::InvalidInput,
                         "no benchmark result has the metric '" + text::printable(metric) + "'"
                             + (runs.empty() ? std::string(" (no runs stored: `cloudcost bench "
                                                           "import` or `bench run` first)")
                                             : "; metrics that exist:" + metricList(runs)));
    }
    if (units.size() > 1) {
        std::string list;
        for (const auto& u : units) {
            list += (list.empty() ? "" : ", ") + u;
        }
        return makeError(Error::Code::InvalidInput,
                         "metric '" + metric + "' is stored in several units (" + list
                             + "); results in different units are not comparable");
    }
    if (index.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "none of the " + std::to_string(withMetric) + " run(s) with metric '"
                             + metric
                             + "' is tagged with a provider and an instance type; tag them "
                               "with `cloudcost bench tag ID --provider P --instance-type T "
                               "[--region R]`");
    }
    res.workUnit = workUnitFor(res.unit, res.higherIsBetter);

    const std::size_t limit = query.limit;
    const bool descending = query.descending;
    query.limit = 0;
    query.descending = false;
    query.sort = pricing::OfferQuery::Sort::InstanceType;
    auto page = ws.queryOffers(query);
    if (!page) {
        return page.error();
    }
    res.ratesUsed = page->ratesUsed;
    res.notes = page->notes;

    std::set<std::string> currencies;
    std::size_t anyRegionRows = 0;
    std::size_t nonPositive = 0;
    std::set<std::map<std::string, std::string>> paramSets;
    for (const auto& row : page->rows) {
        const auto& o = row.offer;
        auto it = index.find(lower(o.provider) + "|" + lower(o.instanceType));
        if (it == index.end()) {
            ++res.offersWithoutResults;
            continue;
        }
        bool regionMatched = true;
        auto reg = it->second.find(o.region);
        if (reg == it->second.end()) {
            reg = it->second.find("");
            regionMatched = false;
        }
        if (reg == it->second.end()) {
            ++res.offersWithoutResults;
            continue;
        }
        for (const auto& [params, group] : reg->second) {
            PricePerformanceRow r;
            r.offer = row;
            r.parameters = params;
            r.value = medianOf(group.values);
            r.samples = group.values.size();
            r.runIds.assign(group.runIds.begin(), group.runIds.end());
            r.regionMatched = regionMatched;
            r.hourly = row.reportEffectiveHourly;
            if (!(r.value > 0) || !(r.hourly > 0)) {
                ++nonPositive;
                continue;
            }
            const double work = r.value / res.workUnit.scale;
            if (res.higherIsBetter) {
                r.costPerUnit = r.hourly / work;
                r.workPerCurrency = r.value / r.hourly;
            } else {
                r.costPerUnit = r.hourly * work;
                r.workPerCurrency = (1.0 / r.value) / r.hourly;
            }
            currencies.insert(row.reportCurrency);
            paramSets.insert(params);
            anyRegionRows += regionMatched ? 0 : 1;
            res.rows.push_back(std::move(r));
        }
    }
    if (currencies.size() > 1) {
        std::string list;
        for (const auto& c : currencies) {
            list += (list.empty() ? "" : ", ") + c;
        }
        return makeError(Error::Code::InvalidInput,
                         "the offers with results are priced in several currencies (" + list
                             + "); pass --currency to rank them in one (rates from `cloudcost "
                               "fx`)");
    }
    res.currency = currencies.empty() ? query.currency : *currencies.begin();
    const std::string cur = res.currency.empty() ? "currency" : res.currency;
    if (res.higherIsBetter) {
        res.costLabel = cur + " per hour per " + res.workUnit.label;
        res.rankedBy = "cost per unit of work: effective hourly price / (" + metric + " / "
                       + res.workUnit.label + "), lowest first (= most work per " + cur + ")";
    } else {
        res.costLabel = cur + " per hour x " + res.workUnit.label;
        res.rankedBy = metric + " is lower-is-better: ranked by effective hourly price x " + metric
                       + " (in " + res.workUnit.label + "), lowest first; work per " + cur
                       + " = (1 / value) / hourly, i.e. operations of one serial requester";
    }

    std::sort(res.rows.begin(), res.rows.end(), [&](const auto& a, const auto& b) {
        if (a.costPerUnit != b.costPerUnit) {
            return descending ? a.costPerUnit > b.costPerUnit : a.costPerUnit < b.costPerUnit;
        }
        return std::tie(a.offer.offer.provider,
                        a.offer.offer.region,
                        a.offer.offer.instanceType,
                        a.offer.id)
               < std::tie(b.offer.offer.provider,
                          b.offer.offer.region,
                          b.offer.offer.instanceType,
                          b.offer.id);
    });
    res.rowsBeforeLimit = res.rows.size();
    if (limit > 0 && res.rows.size() > limit) {
        res.rows.resize(limit);
    }

    if (res.runsUntagged > 0) {
        res.notes.push_back(
            std::to_string(res.runsUntagged) + " run(s) with " + metric
            + " have no provider and instance type tag and were not used (`cloudcost "
              "bench tag`)");
    }
    if (anyRegionRows > 0) {
        res.notes.push_back(std::to_string(anyRegionRows)
                            + " row(s) use results whose runs carry no region tag: they were "
                              "joined to the instance type in every region");
    }
    if (nonPositive > 0) {
        res.notes.push_back(std::to_string(nonPositive)
                            + " offer(s) with a zero price or a non-positive value were left "
                              "out (no cost per unit)");
    }
    if (paramSets.size() > 1) {
        std::string list;
        for (const auto& p : paramSets) {
            list += (list.empty() ? "" : "; ") + parametersText(p);
        }
        res.notes.push_back("results with different parameters (" + list
                            + ") are not comparable (BENCHMARKS.md §5): compare rows with the "
                              "same parameters");
    }
    return res;
}

} // namespace cloudcost::decision
