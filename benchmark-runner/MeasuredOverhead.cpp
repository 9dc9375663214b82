#include "benchmark-runner/MeasuredOverhead.h"

#include "common/Text.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace cloudcost::benchmark {

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

// Labels that do not change what was measured (as `bench compare` and price-performance).
bool isLabel(const std::string& name)
{
    return name == "job" || name == "duration_s";
}

bool isMetal(const std::string& instanceType)
{
    return text::contains(text::toLower(instanceType), "metal");
}

std::string collapseSpaces(std::string_view s)
{
    std::string out;
    bool space = false;
    for (char c : text::trim(s)) {
        if (c == ' ' || c == '\t') {
            space = true;
            continue;
        }
        if (space && !out.empty()) {
            out += ' ';
        }
        space = false;
        out += c;
    }
    return out;
}

struct Bucket
{
    std::vector<double> values;
    std::set<std::int64_t> runs;
};

struct SeriesKey
{
    std::string metric;
    std::string unit;
    std::map<std::string, std::string> parameters;
    bool operator<(const SeriesKey& o) const
    {
        return std::tie(metric, unit, parameters) < std::tie(o.metric, o.unit, o.parameters);
    }
};

struct Series
{
    bool higherIsBetter = true;
    std::map<OverheadSide, Bucket> bySide;
};

} // namespace

std::string_view toString(OverheadSide side)
{
    switch (side) {
    case OverheadSide::BareMetal:
        return "bare_metal";
    case OverheadSide::VirtualMachine:
        return "vm";
    case OverheadSide::ContainerOnBareMetal:
        return "container_on_bare_metal";
    case OverheadSide::ContainerInVm:
        return "container_in_vm";
    case OverheadSide::Unknown:
        break;
    }
    return "unknown";
}

RunClass classifyRun(const BenchmarkRun& run)
{
    const auto& h = run.host;
    const bool metal = !h.instanceType.empty() && isMetal(h.instanceType);
    switch (h.platform) {
    case PlatformKind::BareMetal:
        return {OverheadSide::BareMetal, "host facts: platform bare_metal"};
    case PlatformKind::VirtualMachine:
        return {OverheadSide::VirtualMachine,
                "host facts: platform vm"
                    + (h.hypervisor.empty() ? "" : " (" + h.hypervisor + ")")};
    case PlatformKind::Container: {
        const std::string what =
            "host facts: container" + (h.container.empty() ? "" : " (" + h.container + ")");
        if (!h.hypervisor.empty()) {
            return {OverheadSide::ContainerInVm, what + " in a " + h.hypervisor + " VM"};
        }
        if (metal) {
            return {OverheadSide::ContainerOnBareMetal,
                    what + " on instance type " + h.instanceType};
        }
        return {OverheadSide::ContainerOnBareMetal, what + ", no hypervisor detected"};
    }
    case PlatformKind::Unknown:
        break;
    }
    if (metal) {
        return {OverheadSide::BareMetal, "instance type " + h.instanceType};
    }
    if (!h.provider.empty() && !h.instanceType.empty()) {
        return {OverheadSide::VirtualMachine,
                "instance type " + h.provider + " " + h.instanceType
                    + " (a cloud instance type that is not bare metal)"};
    }
    return {OverheadSide::Unknown, "platform unknown and no instance type tag"};
}

std::string instanceFamily(const std::string& instanceType)
{
    const auto dot = instanceType.find('.');
    if (dot != std::string::npos && dot > 0) {
        return instanceType.substr(0, dot);
    }
    const auto dash = instanceType.find('-');
    if (dash != std::string::npos && dash > 0) {
        return instanceType.substr(0, dash);
    }
    return instanceType;
}

std::vector<std::string> hardwareFamilies(const BenchmarkRun& run)
{
    std::vector<std::string> out;
    const auto& h = run.host;
    if (!h.provider.empty() && !h.instanceType.empty()) {
        out.push_back("instance family " + text::toLower(h.provider) + " "
                      + text::toLower(instanceFamily(h.instanceType)));
    }
    const std::string cpu = collapseSpaces(h.cpuModel);
    if (!cpu.empty()) {
        out.push_back("CPU " + cpu);
    }
    return out;
}

std::string overheadResourceFor(const std::string& metric, const std::string& unit)
{
    if (text::startsWith(metric, "cpu.")) {
        return "cpu_throughput";
    }
    if (text::startsWith(metric, "memory.latency")) {
        return "memory_latency";
    }
    if (text::startsWith(metric, "memory.") && unit == "B/s") {
        return "memory_bandwidth";
    }
    if (text::startsWith(metric, "net.")) {
        if (unit == "bit/s" || unit == "B/s") {
            return "network_throughput";
        }
        if (unit == "s") {
            return "network_rtt_adder";
        }
    }
    return {};
}

std::optional<OverheadPlatform> overheadColumnFor(OverheadSide side)
{
    switch (side) {
    case OverheadSide::VirtualMachine:
        return OverheadPlatform::ModernVm;
    case OverheadSide::ContainerOnBareMetal:
        return OverheadPlatform::ContainerOnBareMetal;
    case OverheadSide::BareMetal:
    case OverheadSide::ContainerInVm:
    case OverheadSide::Unknown:
        break;
    }
    return std::nullopt;
}

std::vector<MeasuredOverhead> measureOverhead(const std::vector<BenchmarkRun>& runs,
                                              const std::string& metric)
{
    // family -> series -> side -> samples
    std::map<std::string, std::map<SeriesKey, Series>> families;
    for (const auto& run : runs) {
        const RunClass cls = classifyRun(run);
        if (cls.side == OverheadSide::Unknown) {
            continue;
        }
        for (const auto& family : hardwareFamilies(run)) {
            auto& series = families[family];
            for (const auto& s : run.samples) {
                if (!metric.empty() && s.metric != metric) {
                    continue;
                }
                SeriesKey key{s.metric, s.unit, {}};
                for (const auto& [k, v] : s.parameters) {
                    if (!isLabel(k)) {
                        key.parameters[k] = v;
                    }
                }
                auto& se = series[key];
                se.higherIsBetter = s.higherIsBetter;
                auto& bucket = se.bySide[cls.side];
                bucket.values.push_back(s.value);
                bucket.runs.insert(run.id);
            }
        }
    }

    std::vector<MeasuredOverhead> out;
    // The same pair of run sets under two families is one comparison.
    std::set<std::tuple<SeriesKey, OverheadSide, std::set<std::int64_t>, std::set<std::int64_t>>>
        seen;
    // Instance families first so that a pair found through both is listed under its family.
    std::vector<const std::string*> order;
    for (const auto& [family, series] : families) {
        if (text::startsWith(family, "instance family ")) {
            order.push_back(&family);
        }
    }
    for (const auto& [family, series] : families) {
        if (!text::startsWith(family, "instance family ")) {
            order.push_back(&family);
        }
    }
    for (const std::string* family : order) {
        for (const auto& [key, se] : families.at(*family)) {
            auto bm = se.bySide.find(OverheadSide::BareMetal);
            if (bm == se.bySide.end()) {
                continue;
            }
            const double base = median(bm->second.values);
            for (const auto& [side, bucket] : se.bySide) {
                if (side == OverheadSide::BareMetal) {
                    continue;
                }
                if (!seen.insert({key, side, bm->second.runs, bucket.runs}).second) {
                    continue;
                }
                MeasuredOverhead m;
                m.family = *family;
                m.metric = key.metric;
                m.unit = key.unit;
                m.higherIsBetter = se.higherIsBetter;
                m.parameters = key.parameters;
                m.side = side;
                m.bareMetal = base;
                m.bareMetalSamples = bm->second.values.size();
                m.bareMetalRuns.assign(bm->second.runs.begin(), bm->second.runs.end());
                m.measured = median(bucket.values);
                m.measuredSamples = bucket.values.size();
                m.measuredRuns.assign(bucket.runs.begin(), bucket.runs.end());
                m.difference = m.measured - m.bareMetal;
                m.resource = overheadResourceFor(m.metric, m.unit);
                if (!(base > 0) || !(m.measured > 0)) {
                    continue; // no ratio of a zero or negative value
                }
                m.ratio = m.measured / base;
                m.performanceMultiplier = m.higherIsBetter ? m.ratio : 1.0 / m.ratio;
                m.overheadPercent = (1.0 - m.performanceMultiplier) * 100.0;
                out.push_back(std::move(m));
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        // Instance families before CPU models.
        const bool aCpu = !text::startsWith(a.family, "instance family ");
        const bool bCpu = !text::startsWith(b.family, "instance family ");
        return std::tie(aCpu, a.family, a.metric, a.parameters, a.side)
               < std::tie(bCpu, b.family, b.metric, b.parameters, b.side);
    });
    return out;
}

} // namespace cloudcost::benchmark
