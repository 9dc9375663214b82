#include "decision/rules/WorkloadJson.h"

#include "common/Text.h"
#include "decision/rules/DecisionTree.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace cloudcost::decision {

namespace {

using json = nlohmann::json;

struct Reader
{
    std::string origin;

    Error err(const std::string& path, const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput, message, origin + " at " + path);
    }

    Status
    keys(const json& obj, const std::string& path, std::initializer_list<const char*> allowed) const
    {
        if (!obj.is_object()) {
            return err(path, "expected an object");
        }
        for (const auto& [k, v] : obj.items()) {
            bool ok = false;
            for (const char* a : allowed) {
                ok = ok || k == a;
            }
            if (!ok) {
                return err(path, "unknown field '" + k + "'");
            }
        }
        return {};
    }

    // nullopt when absent or null.
    Result<std::optional<double>> number(const json& o,
                                         const char* k,
                                         const std::string& path,
                                         double min = 0.0,
                                         double max = std::numeric_limits<double>::infinity()) const
    {
        if (!o.contains(k) || o[k].is_null()) {
            return std::optional<double>();
        }
        if (!o[k].is_number() || !std::isfinite(o[k].get<double>())) {
            return err(path + "/" + k, "expected a number");
        }
        const double v = o[k].get<double>();
        if (v < min || v > max) {
            return err(path + "/" + k,
                       std::isinf(max) ? "expected a number >= 0"
                                       : "expected a number from 0 to 1");
        }
        return std::optional<double>(v);
    }

    Result<std::optional<bool>> flag(const json& o, const char* k, const std::string& path) const
    {
        if (!o.contains(k) || o[k].is_null()) {
            return std::optional<bool>();
        }
        if (!o[k].is_boolean()) {
            return err(path + "/" + k, "expected true, false or null");
        }
        return std::optional<bool>(o[k].get<bool>());
    }

    Result<std::string> str(const json& o, const char* k, const std::string& path) const
    {
        if (!o.contains(k) || o[k].is_null()) {
            return std::string();
        }
        if (!o[k].is_string()) {
            return err(path + "/" + k, "expected a string");
        }
        return o[k].get<std::string>();
    }

    Result<std::map<DeploymentModel, double>>
    perModel(const json& o, const char* k, const std::string& path, double max) const
    {
        std::map<DeploymentModel, double> out;
        if (!o.contains(k) || o[k].is_null()) {
            return out;
        }
        if (!o[k].is_object()) {
            return err(path + "/" + k,
                       "expected {\"bare_metal\": .., \"vm\": .., \"container\": ..}");
        }
        for (const auto& [m, v] : o[k].items()) {
            auto model = parseDeploymentModel(m);
            if (!model) {
                return err(path + "/" + k,
                           "unknown model '" + m + "' (expected bare_metal, vm or container)");
            }
            if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0.0
                || v.get<double>() > max) {
                return err(path + "/" + k + "/" + m,
                           max <= 1.0 ? "expected a fraction from 0 to 1"
                                      : "expected a number >= 0");
            }
            out[*model] = v.get<double>();
        }
        return out;
    }
};

#define CC_TRY(var, expr)                                                                          \
    auto var = (expr);                                                                             \
    if (!var) {                                                                                    \
        return var.error();                                                                        \
    }

Result<UtilisationRecord> record(const Reader& r, const json& u, const std::string& path)
{
    if (auto ok = r.keys(u,
                         path,
                         {"source",
                          "statistic",
                          "window_days",
                          "coverage",
                          "cpu",
                          "memory",
                          "disk_read_iops",
                          "disk_write_iops",
                          "disk_mbps",
                          "network_mbps"});
        !ok) {
        return ok.error();
    }
    UtilisationRecord rec;
    CC_TRY(source, r.str(u, "source", path));
    rec.source = source->empty() ? "json" : *source;
    CC_TRY(stat, r.str(u, "statistic", path));
    const auto s = text::toLower(*stat);
    if (s == "average" || s == "avg") {
        rec.statistic = UtilStatistic::Average;
    } else if (s == "max" || s == "maximum") {
        rec.statistic = UtilStatistic::Maximum;
    } else if (s.size() > 1 && s[0] == 'p' && text::parseDouble(s.substr(1))) {
        rec.statistic = UtilStatistic::Percentile;
        rec.percentile = *text::parseDouble(s.substr(1));
        if (!(rec.percentile > 0 && rec.percentile <= 100)) {
            return r.err(path + "/statistic", "percentile must be in (0, 100]");
        }
    } else {
        return r.err(path + "/statistic",
                     "expected average, max or pNN (e.g. p95), got '" + *stat + "'");
    }
    CC_TRY(window, r.number(u, "window_days", path, 0));
    rec.windowDays = window->value_or(0.0);
    CC_TRY(cov, r.number(u, "coverage", path, 0, 1));
    rec.coverage = *cov;
    CC_TRY(cpu, r.number(u, "cpu", path, 0));
    rec.cpu = *cpu;
    CC_TRY(mem, r.number(u, "memory", path, 0));
    rec.memory = *mem;
    CC_TRY(ri, r.number(u, "disk_read_iops", path, 0));
    rec.diskReadIops = *ri;
    CC_TRY(wi, r.number(u, "disk_write_iops", path, 0));
    rec.diskWriteIops = *wi;
    CC_TRY(dm, r.number(u, "disk_mbps", path, 0));
    rec.diskMBps = *dm;
    CC_TRY(net, r.number(u, "network_mbps", path, 0));
    rec.networkMBps = *net;
    return rec;
}

Result<UtilisationSeries> series(const Reader& r, const json& s, const std::string& path)
{
    if (auto ok = r.keys(s, path, {"source", "interval_seconds", "times", "cpu", "memory"}); !ok) {
        return ok.error();
    }
    UtilisationSeries out;
    CC_TRY(source, r.str(s, "source", path));
    out.source = source->empty() ? "json" : *source;
    CC_TRY(interval, r.number(s, "interval_seconds", path, 0));
    out.intervalSeconds = interval->value_or(0.0);
    if (!s.contains("times") || !s["times"].is_array()) {
        return r.err(path + "/times", "expected a list of epoch seconds");
    }
    for (const auto& t : s["times"]) {
        if (!t.is_number()) {
            return r.err(path + "/times", "expected a list of epoch seconds");
        }
        out.times.push_back(t.get<std::int64_t>());
    }
    auto values = [&](const char* k, std::vector<double>& v) -> Status {
        if (!s.contains(k)) {
            v.assign(out.times.size(), std::numeric_limits<double>::quiet_NaN());
            return {};
        }
        if (!s[k].is_array() || s[k].size() != out.times.size()) {
            return r.err(path + "/" + k,
                         "expected a list as long as times (" + std::to_string(out.times.size())
                             + ")");
        }
        for (const auto& x : s[k]) {
            v.push_back(x.is_number() ? x.get<double>() : std::numeric_limits<double>::quiet_NaN());
        }
        return {};
    };
    if (auto ok = values("cpu", out.cpu); !ok) {
        return ok.error();
    }
    if (auto ok = values("memory", out.memory); !ok) {
        return ok.error();
    }
    return out;
}

Result<WorkloadJsonEntry> entry(const Reader& r, const json& o, const std::string& path)
{
    if (auto ok = r.keys(o, path, {"name",           "id",
                                   "vcpus",          "memory_mib",
                                   "disks",          "power",
                                   "template",       "os",
                                   "os_family",      "application",
                                   "environment",    "tags",
                                   "licences",       "per_core_licensing",
                                   "single_tenancy", "latency_budget_ms",
                                   "security_level", "gpus",
                                   "gpu_model",      "gpu_mode",
                                   "custom_kernel",  "criticality",
                                   "utilisation",    "series",
                                   "annual_cost",    "virtualisation_overhead"});
        !ok) {
        return ok.error();
    }
    WorkloadJsonEntry e;
    auto& w = e.workload;
    CC_TRY(name, r.str(o, "name", path));
    if (name->empty()) {
        return r.err(path + "/name", "every workload needs a name");
    }
    w.name = *name;
    CC_TRY(id, r.str(o, "id", path));
    w.id = *id;
    CC_TRY(vcpus, r.number(o, "vcpus", path, 0));
    if (*vcpus) {
        if (std::floor(**vcpus) != **vcpus) {
            return r.err(path + "/vcpus", "expected a whole number of vCPUs");
        }
        w.vcpus = static_cast<int>(**vcpus);
    }
    CC_TRY(mem, r.number(o, "memory_mib", path, 0));
    w.memoryMib = *mem;
    if (o.contains("disks")) {
        if (!o["disks"].is_array()) {
            return r.err(path + "/disks", "expected a list of disks");
        }
        for (std::size_t i = 0; i < o["disks"].size(); ++i) {
            const auto p = path + "/disks/" + std::to_string(i);
            const auto& d = o["disks"][i];
            if (auto ok = r.keys(d, p, {"name", "allocated_gib", "used_gib", "thin"}); !ok) {
                return ok.error();
            }
            Disk disk;
            CC_TRY(dn, r.str(d, "name", p));
            disk.name = *dn;
            CC_TRY(a, r.number(d, "allocated_gib", p, 0));
            disk.allocatedGib = *a;
            CC_TRY(u, r.number(d, "used_gib", p, 0));
            disk.usedGib = *u;
            CC_TRY(thin, r.flag(d, "thin", p));
            disk.thin = thin->value_or(false);
            w.disks.push_back(disk);
        }
    }
    CC_TRY(power, r.str(o, "power", path));
    w.power = power->empty() ? PowerState::Unknown : parsePowerState(*power);
    CC_TRY(tmpl, r.flag(o, "template", path));
    w.isTemplate = tmpl->value_or(false);
    CC_TRY(os, r.str(o, "os", path));
    w.os = *os;
    CC_TRY(osf, r.str(o, "os_family", path));
    w.osFamily = text::toLower(*osf);
    CC_TRY(appName, r.str(o, "application", path));
    w.application = *appName;
    CC_TRY(env, r.str(o, "environment", path));
    w.environment = text::toLower(*env);
    if (o.contains("tags")) {
        if (!o["tags"].is_object()) {
            return r.err(path + "/tags", "expected an object of text values");
        }
        for (const auto& [k, v] : o["tags"].items()) {
            if (!v.is_string()) {
                return r.err(path + "/tags/" + k, "expected a string");
            }
            w.tags.emplace_back(k, v.get<std::string>());
        }
    }
    if (o.contains("licences")) {
        if (!o["licences"].is_array()) {
            return r.err(path + "/licences", "expected a list of strings");
        }
        for (const auto& l : o["licences"]) {
            if (!l.is_string()) {
                return r.err(path + "/licences", "expected a list of strings");
            }
            w.licences.push_back(l.get<std::string>());
        }
    }
    CC_TRY(perCore, r.flag(o, "per_core_licensing", path));
    w.perCoreLicensing = perCore->value_or(false);
    CC_TRY(single, r.flag(o, "single_tenancy", path));
    w.singleTenancy = *single;
    CC_TRY(lat, r.number(o, "latency_budget_ms", path, 0));
    w.latencyBudgetMs = *lat;
    CC_TRY(sec, r.str(o, "security_level", path));
    w.securityLevel = text::toLower(*sec);
    CC_TRY(gpus, r.number(o, "gpus", path, 0));
    if (*gpus) {
        w.gpus = static_cast<int>(**gpus);
    }
    CC_TRY(gm, r.str(o, "gpu_model", path));
    w.gpuModel = *gm;
    CC_TRY(gmode, r.str(o, "gpu_mode", path));
    w.gpuMode = text::toLower(*gmode);
    CC_TRY(kernel, r.flag(o, "custom_kernel", path));
    w.customKernel = *kernel;
    CC_TRY(crit, r.str(o, "criticality", path));
    w.criticality = text::toLower(*crit);
    if (o.contains("utilisation")) {
        if (!o["utilisation"].is_array()) {
            return r.err(path + "/utilisation", "expected a list of records");
        }
        for (std::size_t i = 0; i < o["utilisation"].size(); ++i) {
            CC_TRY(rec, record(r, o["utilisation"][i], path + "/utilisation/" + std::to_string(i)));
            w.utilisation.push_back(*rec);
        }
    }
    if (o.contains("series")) {
        const auto& s = o["series"];
        const auto list = s.is_array() ? s : json::array({s});
        for (std::size_t i = 0; i < list.size(); ++i) {
            CC_TRY(ser,
                   series(r,
                          list[i],
                          path + "/series" + (s.is_array() ? "/" + std::to_string(i) : "")));
            w.series.push_back(*ser);
        }
    }
    CC_TRY(cost, r.perModel(o, "annual_cost", path, std::numeric_limits<double>::max()));
    e.annualCost = *cost;
    CC_TRY(over, r.perModel(o, "virtualisation_overhead", path, 1.0));
    e.overhead = *over;
    w.origin.file = r.origin;
    return e;
}

} // namespace

Result<std::vector<WorkloadJsonEntry>> parseWorkloadJson(std::string_view text,
                                                         const std::string& origin)
{
    Reader r{origin};
    json root;
    try {
        root = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        return makeError(Error::Code::ParseFailed,
                         "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what(),
                         origin);
    }
    json list;
    std::string base;
    if (root.is_array()) {
        list = root;
    } else if (root.is_object() && root.contains("workloads")) {
        if (auto ok = r.keys(root, "/", {"workloads"}); !ok) {
            return ok.error();
        }
        if (!root["workloads"].is_array()) {
            return r.err("/workloads", "expected a list of workloads");
        }
        list = root["workloads"];
        base = "/workloads";
    } else if (root.is_object()) {
        list = json::array({root});
        base = "SINGLE";
    } else {
        return r.err("/", "expected a workload object, a list of them or {\"workloads\": [...]}");
    }
    std::vector<WorkloadJsonEntry> out;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string path =
            base == "SINGLE" ? std::string("/") : base + "/" + std::to_string(i);
        CC_TRY(e, entry(r, list[i], path));
        for (const auto& n : names) {
            if (n == e->workload.name) {
                return r.err(path + "/name", "duplicate workload name '" + n + "'");
            }
        }
        names.push_back(e->workload.name);
        e->workload.origin.row = static_cast<std::int64_t>(i + 1);
        out.push_back(std::move(*e));
    }
    if (out.empty()) {
        return r.err("/", "no workloads");
    }
    return out;
}

#undef CC_TRY

} // namespace cloudcost::decision
