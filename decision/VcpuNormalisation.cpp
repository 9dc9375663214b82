#include "decision/VcpuNormalisation.h"

#include "common/Text.h"
#include "decision/PricePerformance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace cloudcost::decision {

namespace {

using benchmark::BenchmarkRun;
using benchmark::Sample;
using Params = std::map<std::string, std::string>;

// Parameters that say what was measured. Labels aside, `cpus_in_system` (UnixBench) describes
// the machine, not the test: machines with different vCPU counts are what is being compared.
Params comparable(const Sample& s)
{
    auto p = comparableParameters(s);
    p.erase("cpus_in_system");
    return p;
}

std::string num(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

struct Group
{
    std::vector<double> values;
    std::set<std::int64_t> runs;
};

bool allDigits(const std::string& s)
{
    return !s.empty() && s.size() < 19
           && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::map<std::string, double> VcpuNormalisation::byInstanceType() const
{
    std::map<std::string, double> out;
    for (const auto& f : factors) {
        out[f.instanceType] = f.factor;
    }
    return out;
}

Result<VcpuNormalisation> normaliseVcpus(const std::vector<BenchmarkRun>& runs,
                                         const std::string& metric,
                                         const std::string& reference)
{
    const std::string where = "vCPU normalisation";
    VcpuNormalisation out;
    out.metric = metric;
    out.reference = reference;

    // The metric's unit and direction: from the first sample; a metric stored under two units
    // is ambiguous.
    std::set<std::string> units;
    for (const auto& run : runs) {
        for (const auto& s : run.samples) {
            if (s.metric == metric) {
                if (units.empty()) {
                    out.unit = s.unit;
                    out.higherIsBetter = s.higherIsBetter;
                }
                units.insert(s.unit);
            }
        }
    }
    if (units.empty()) {
        std::string list;
        for (const auto& m : summariseMetrics(runs)) {
            list += "\n  " + m.metric + " (" + m.unit + ", " + std::to_string(m.runs) + " run(s))";
        }
        return makeError(Error::Code::InvalidInput,
                         "no stored benchmark result has the metric '" + metric + "'"
                             + (list.empty() ? std::string(" (no results are stored: see "
                                                           "`cloudcost bench import` and "
                                                           "`bench run`)")
                                             : ". Metrics that exist:" + list),
                         where);
    }
    if (units.size() > 1) {
        std::string list;
        for (const auto& u : units) {
            list += (list.empty() ? "" : ", ") + u;
        }
        return makeError(Error::Code::InvalidInput,
                         "the metric '" + metric + "' is stored in several units (" + list
                             + "); its values cannot be compared",
                         where);
    }

    // Reference samples by parameter set.
    std::map<Params, Group> ref;
    const bool byRun = allDigits(reference);
    const std::string refType = text::toLower(text::trim(reference));
    if (refType.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "name the reference: the id of a run measured on the current hardware "
                         "or an instance type",
                         where);
    }
    bool refFound = false;
    for (const auto& run : runs) {
        const bool match = byRun ? std::to_string(run.id) == reference
                                 : text::toLower(run.host.instanceType) == refType;
        if (!match) {
            continue;
        }
        if (!refFound) {
            out.referenceLabel =
                byRun ? "run " + reference + " (" + run.tool
                            + (run.host.hostname.empty() ? std::string()
                                                         : ", host " + run.host.hostname)
                            + (run.host.cpuModel.empty() ? std::string() : ", " + run.host.cpuModel)
                            + ")"
                      : "instance type " + run.host.instanceType;
        }
        refFound = true;
        for (const auto& s : run.samples) {
            if (s.metric == metric && std::isfinite(s.value) && s.value > 0) {
                auto& g = ref[comparable(s)];
                g.values.push_back(s.value);
                g.runs.insert(run.id);
            }
        }
    }
    if (!refFound) {
        return makeError(Error::Code::InvalidInput,
                         byRun
                             ? "no stored benchmark run has the id " + reference
                                   + " (see `cloudcost bench list`)"
                             : "no stored benchmark run is tagged with the instance type '"
                                   + reference + "' (give a run id, or tag runs with `bench tag`)",
                         where);
    }
    if (ref.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "the reference (" + out.referenceLabel + ") has no positive sample of '"
                             + metric + "'",
                         where);
    }
    std::set<std::int64_t> refRuns;
    for (const auto& [p, g] : ref) {
        refRuns.insert(g.runs.begin(), g.runs.end());
    }

    // Tagged runs by provider and type (the reference's own runs are skipped when it is a run).
    struct TypeData
    {
        std::string provider, type;
        std::map<Params, Group> groups;
    };
    std::map<std::pair<std::string, std::string>, TypeData> types;
    for (const auto& run : runs) {
        if (run.host.provider.empty() || run.host.instanceType.empty()
            || (byRun && refRuns.count(run.id))) {
            continue;
        }
        const auto key =
            std::make_pair(text::toLower(run.host.provider), text::toLower(run.host.instanceType));
        auto& t = types[key];
        t.provider = key.first;
        t.type = key.second;
        for (const auto& s : run.samples) {
            if (s.metric == metric && std::isfinite(s.value) && s.value > 0) {
                auto& g = t.groups[comparable(s)];
                g.values.push_back(s.value);
                g.runs.insert(run.id);
            }
        }
    }
    std::map<std::string, std::string> providerOfType;
    std::set<Params> used; // the reference's parameter sets some factor compares against
    for (const auto& [key, t] : types) {
        if (t.groups.empty()) {
            continue;
        }
        auto [it, inserted] = providerOfType.emplace(t.type, t.provider);
        if (!inserted && it->second != t.provider) {
            return makeError(Error::Code::InvalidInput,
                             "the instance type '" + t.type + "' is tagged under two providers ("
                                 + it->second + ", " + t.provider
                                 + "); retag the runs with `bench tag`",
                             where);
        }
        std::vector<double> ratios;
        std::vector<double> values;
        std::set<std::int64_t> runIds;
        std::size_t samples = 0;
        for (const auto& [params, g] : t.groups) {
            auto r = ref.find(params);
            if (r == ref.end()) {
                continue;
            }
            const double v = medianOf(g.values);
            const double rv = medianOf(r->second.values);
            ratios.push_back(out.higherIsBetter ? v / rv : rv / v);
            used.insert(params);
            values.push_back(v);
            samples += g.values.size();
            runIds.insert(g.runs.begin(), g.runs.end());
        }
        if (ratios.empty()) {
            std::string theirs;
            for (const auto& [params, g] : t.groups) {
                theirs += (theirs.empty() ? "" : "; ") + parametersText(params);
            }
            out.notes.push_back(t.provider + " " + t.type + ": no result under the reference's "
                                + "parameters (it has " + theirs + "); counted at 1.0");
            continue;
        }
        TypeFactor f;
        f.provider = t.provider;
        f.instanceType = t.type;
        f.value = medianOf(values);
        f.factor = medianOf(ratios);
        f.samples = samples;
        f.runIds.assign(runIds.begin(), runIds.end());
        if (!(f.factor > 0) || !std::isfinite(f.factor)) {
            continue;
        }
        if (f.factor > 4.0 || f.factor < 0.25) {
            out.notes.push_back(t.provider + " " + t.type + ": one vCPU counts as " + num(f.factor)
                                + " reference vCPUs; check that both were measured the same way "
                                  "(same thread count, same tool)");
        }
        out.factors.push_back(std::move(f));
    }
    if (!out.factors.empty()) {
        // The reference value shown: its samples under the parameter sets compared against.
        std::vector<double> refValues;
        std::set<std::int64_t> refUsedRuns;
        for (const auto& p : used) {
            const auto& g = ref.at(p);
            refValues.insert(refValues.end(), g.values.begin(), g.values.end());
            refUsedRuns.insert(g.runs.begin(), g.runs.end());
            out.referenceParameters +=
                (out.referenceParameters.empty() ? "" : "; ") + parametersText(p);
        }
        out.referenceValue = medianOf(refValues);
        out.referenceRuns.assign(refUsedRuns.begin(), refUsedRuns.end());
    }
    if (out.factors.empty()) {
        std::string refParams;
        for (const auto& [p, g] : ref) {
            refParams += (refParams.empty() ? "" : "; ") + parametersText(p);
        }
        return makeError(Error::Code::InvalidInput,
                         "no instance type tagged on the stored runs has '" + metric
                             + "' under the reference's parameters (" + refParams
                             + "); tag cloud results with `bench tag ID --provider P --instance T`",
                         where);
    }
    return out;
}

} // namespace cloudcost::decision
