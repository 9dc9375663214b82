#include "decision/inventory/InventoryJson.h"

#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <set>

namespace cloudcost::decision {

namespace {

using json = nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json opt(const std::optional<double>& v)
{
    return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

json opt(const std::optional<int>& v)
{
    return v ? json(*v) : json(nullptr);
}

json opt(const std::optional<bool>& v)
{
    return v ? json(*v) : json(nullptr);
}

json numbers(const std::vector<double>& v)
{
    json a = json::array();
    for (double x : v) {
        a.push_back(std::isfinite(x) ? json(x) : json(nullptr));
    }
    return a;
}

json refJson(const SourceRef& r)
{
    return {{"file", r.file}, {"sheet", r.sheet}, {"row", r.row}, {"column", r.column}};
}

json workloadJson(const Workload& w)
{
    json disks = json::array();
    for (const auto& d : w.disks) {
        disks.push_back({{"name", d.name},
                         {"allocated_gib", opt(d.allocatedGib)},
                         {"used_gib", opt(d.usedGib)},
                         {"thin", d.thin}});
    }
    json tags = json::array();
    for (const auto& [k, v] : w.tags) {
        tags.push_back({{"key", k}, {"value", v}});
    }
    json deps = json::array();
    for (const auto& d : w.dependencies) {
        deps.push_back({{"target", d.target},
                        {"target_is_application", d.targetIsApplication},
                        {"protocol", d.protocol}});
    }
    json util = json::array();
    for (const auto& u : w.utilisation) {
        util.push_back({{"source", u.source},
                        {"statistic", utilStatisticName(u.statistic)},
                        {"percentile", u.percentile},
                        {"window_days", u.windowDays},
                        {"coverage", opt(u.coverage)},
                        {"cpu", opt(u.cpu)},
                        {"cpu_mhz", opt(u.cpuMhz)},
                        {"memory", opt(u.memory)},
                        {"disk_read_iops", opt(u.diskReadIops)},
                        {"disk_write_iops", opt(u.diskWriteIops)},
                        {"disk_mbps", opt(u.diskMBps)},
                        {"network_mbps", opt(u.networkMBps)}});
    }
    json series = json::array();
    for (const auto& s : w.series) {
        series.push_back({{"source", s.source},
                          {"interval_seconds", s.intervalSeconds},
                          {"times", s.times},
                          {"cpu", numbers(s.cpu)},
                          {"memory", numbers(s.memory)},
                          {"cpu_mhz", numbers(s.cpuMhz)}});
    }
    return {{"name", w.name},
            {"id", w.id},
            {"vcpus", opt(w.vcpus)},
            {"memory_mib", opt(w.memoryMib)},
            {"disks", disks},
            {"power", powerStateName(w.power)},
            {"is_template", w.isTemplate},
            {"os", w.os},
            {"os_family", w.osFamily},
            {"firmware", w.firmware},
            {"host", w.host},
            {"cluster", w.cluster},
            {"datacenter", w.datacenter},
            {"application", w.application},
            {"environment", w.environment},
            {"tags", tags},
            {"licences", w.licences},
            {"per_core_licensing", w.perCoreLicensing},
            {"single_tenancy", opt(w.singleTenancy)},
            {"latency_budget_ms", opt(w.latencyBudgetMs)},
            {"security_level", w.securityLevel},
            {"gpus", opt(w.gpus)},
            {"gpu_model", w.gpuModel},
            {"gpu_mode", w.gpuMode},
            {"custom_kernel", opt(w.customKernel)},
            {"criticality", w.criticality},
            {"dependencies", deps},
            {"utilisation", util},
            {"series", series},
            {"origin", refJson(w.origin)}};
}

json issueJson(const InventoryIssue& i)
{
    return {{"severity", i.severity == InventoryIssue::Severity::Dropped ? "dropped" : "warning"},
            {"file", i.where.file},
            {"sheet", i.where.sheet},
            {"row", i.where.row},
            {"column", i.where.column},
            {"message", i.message}};
}

// A field of the wrong type, with its path ("workloads[3].memory_mib").
struct BadField
{
    std::string path;
    std::string expected;
};

class Reader
{
public:
    explicit Reader(std::vector<std::string>* unknown)
        : m_unknown(unknown)
    {}

    std::string str(const json& o, const char* key, const std::string& path)
    {
        const json* v = find(o, key);
        if (!v || v->is_null()) {
            return {};
        }
        if (!v->is_string()) {
            throw BadField{path + "." + key, "a string"};
        }
        return v->get<std::string>();
    }
    std::optional<double> num(const json& o, const char* key, const std::string& path)
    {
        const json* v = find(o, key);
        if (!v || v->is_null()) {
            return std::nullopt;
        }
        if (!v->is_number()) {
            throw BadField{path + "." + key, "a number or null"};
        }
        return v->get<double>();
    }
    std::optional<int> integer(const json& o, const char* key, const std::string& path)
    {
        const json* v = find(o, key);
        if (!v || v->is_null()) {
            return std::nullopt;
        }
        if (!v->is_number_integer() || v->get<std::int64_t>() < 0
            || v->get<std::int64_t>() > 1000000) {
            throw BadField{path + "." + key, "a whole number 0..1000000 or null"};
        }
        return static_cast<int>(v->get<std::int64_t>());
    }
    std::optional<bool> boolean(const json& o, const char* key, const std::string& path)
    {
        const json* v = find(o, key);
        if (!v || v->is_null()) {
            return std::nullopt;
        }
        if (!v->is_boolean()) {
            throw BadField{path + "." + key, "true, false or null"};
        }
        return v->get<bool>();
    }
    const json& array(const json& o, const char* key, const std::string& path)
    {
        static const json kEmpty = json::array();
        const json* v = find(o, key);
        if (!v || v->is_null()) {
            return kEmpty;
        }
        if (!v->is_array()) {
            throw BadField{path + "." + key, "an array"};
        }
        return *v;
    }
    const json& object(const json& v, const std::string& path)
    {
        if (!v.is_object()) {
            throw BadField{path, "an object"};
        }
        return v;
    }
    std::vector<double> numbers(const json& o, const char* key, const std::string& path)
    {
        std::vector<double> out;
        const json& a = array(o, key, path);
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i].is_null()) {
                out.push_back(kNaN);
            } else if (a[i].is_number()) {
                out.push_back(a[i].get<double>());
            } else {
                throw BadField{path + "." + key + "[" + std::to_string(i) + "]",
                               "a number or null"};
            }
        }
        return out;
    }
    void known(const json& o, std::initializer_list<const char*> keys, const std::string& path)
    {
        if (!m_unknown) {
            return;
        }
        std::set<std::string> k(keys.begin(), keys.end());
        for (const auto& [key, value] : o.items()) {
            if (!k.count(key)) {
                m_unknown->push_back(path + "." + key);
            }
        }
    }

private:
    static const json* find(const json& o, const char* key)
    {
        auto it = o.find(key);
        return it == o.end() ? nullptr : &*it;
    }
    std::vector<std::string>* m_unknown;
};

UtilStatistic parseStatistic(const std::string& s, const std::string& path)
{
    if (s == "average" || s.empty()) {
        return UtilStatistic::Average;
    }
    if (s == "maximum") {
        return UtilStatistic::Maximum;
    }
    if (s == "percentile") {
        return UtilStatistic::Percentile;
    }
    throw BadField{path, "\"average\", \"maximum\" or \"percentile\""};
}

Workload readWorkload(Reader& r, const json& jIn, const std::string& p)
{
    const json& j = r.object(jIn, p);
    r.known(j,
            {"name",           "id",
             "vcpus",          "memory_mib",
             "disks",          "power",
             "is_template",    "os",
             "os_family",      "firmware",
             "host",           "cluster",
             "datacenter",     "application",
             "environment",    "tags",
             "licences",       "per_core_licensing",
             "single_tenancy", "latency_budget_ms",
             "security_level", "gpus",
             "gpu_model",      "gpu_mode",
             "custom_kernel",  "criticality",
             "dependencies",   "utilisation",
             "series",         "origin"},
            p);
    Workload w;
    w.name = r.str(j, "name", p);
    if (text::trim(w.name).empty()) {
        throw BadField{p + ".name", "a non-empty string"};
    }
    w.id = r.str(j, "id", p);
    w.vcpus = r.integer(j, "vcpus", p);
    w.memoryMib = r.num(j, "memory_mib", p);
    const json& disks = r.array(j, "disks", p);
    for (std::size_t i = 0; i < disks.size(); ++i) {
        const std::string dp = p + ".disks[" + std::to_string(i) + "]";
        const json& d = r.object(disks[i], dp);
        Disk disk;
        disk.name = r.str(d, "name", dp);
        disk.allocatedGib = r.num(d, "allocated_gib", dp);
        disk.usedGib = r.num(d, "used_gib", dp);
        disk.thin = r.boolean(d, "thin", dp).value_or(false);
        w.disks.push_back(disk);
    }
    const std::string power = r.str(j, "power", p);
    w.power = parsePowerState(power);
    w.isTemplate = r.boolean(j, "is_template", p).value_or(false);
    w.os = r.str(j, "os", p);
    w.osFamily = r.str(j, "os_family", p);
    w.firmware = r.str(j, "firmware", p);
    w.host = r.str(j, "host", p);
    w.cluster = r.str(j, "cluster", p);
    w.datacenter = r.str(j, "datacenter", p);
    w.application = r.str(j, "application", p);
    w.environment = r.str(j, "environment", p);
    const json& tags = r.array(j, "tags", p);
    for (std::size_t i = 0; i < tags.size(); ++i) {
        const std::string tp = p + ".tags[" + std::to_string(i) + "]";
        const json& t = r.object(tags[i], tp);
        w.tags.emplace_back(r.str(t, "key", tp), r.str(t, "value", tp));
    }
    const json& lic = r.array(j, "licences", p);
    for (std::size_t i = 0; i < lic.size(); ++i) {
        if (!lic[i].is_string()) {
            throw BadField{p + ".licences[" + std::to_string(i) + "]", "a string"};
        }
        w.licences.push_back(lic[i].get<std::string>());
    }
    w.perCoreLicensing = r.boolean(j, "per_core_licensing", p).value_or(false);
    w.singleTenancy = r.boolean(j, "single_tenancy", p);
    w.latencyBudgetMs = r.num(j, "latency_budget_ms", p);
    w.securityLevel = r.str(j, "security_level", p);
    w.gpus = r.integer(j, "gpus", p);
    w.gpuModel = r.str(j, "gpu_model", p);
    w.gpuMode = r.str(j, "gpu_mode", p);
    w.customKernel = r.boolean(j, "custom_kernel", p);
    w.criticality = r.str(j, "criticality", p);
    const json& deps = r.array(j, "dependencies", p);
    for (std::size_t i = 0; i < deps.size(); ++i) {
        const std::string dp = p + ".dependencies[" + std::to_string(i) + "]";
        const json& d = r.object(deps[i], dp);
        Dependency dep;
        dep.target = r.str(d, "target", dp);
        dep.targetIsApplication = r.boolean(d, "target_is_application", dp).value_or(false);
        dep.protocol = r.str(d, "protocol", dp);
        w.dependencies.push_back(dep);
    }
    const json& util = r.array(j, "utilisation", p);
    for (std::size_t i = 0; i < util.size(); ++i) {
        const std::string up = p + ".utilisation[" + std::to_string(i) + "]";
        const json& u = r.object(util[i], up);
        UtilisationRecord rec;
        rec.source = r.str(u, "source", up);
        rec.statistic = parseStatistic(r.str(u, "statistic", up), up + ".statistic");
        rec.percentile = r.num(u, "percentile", up).value_or(0.0);
        rec.windowDays = r.num(u, "window_days", up).value_or(0.0);
        rec.coverage = r.num(u, "coverage", up);
        rec.cpu = r.num(u, "cpu", up);
        rec.cpuMhz = r.num(u, "cpu_mhz", up);
        rec.memory = r.num(u, "memory", up);
        rec.diskReadIops = r.num(u, "disk_read_iops", up);
        rec.diskWriteIops = r.num(u, "disk_write_iops", up);
        rec.diskMBps = r.num(u, "disk_mbps", up);
        rec.networkMBps = r.num(u, "network_mbps", up);
        w.utilisation.push_back(rec);
    }
    const json& series = r.array(j, "series", p);
    for (std::size_t i = 0; i < series.size(); ++i) {
        const std::string sp = p + ".series[" + std::to_string(i) + "]";
        const json& s = r.object(series[i], sp);
        UtilisationSeries out;
        out.source = r.str(s, "source", sp);
        out.intervalSeconds = r.num(s, "interval_seconds", sp).value_or(0.0);
        const json& times = r.array(s, "times", sp);
        for (std::size_t k = 0; k < times.size(); ++k) {
            if (!times[k].is_number_integer()) {
                throw BadField{sp + ".times[" + std::to_string(k) + "]",
                               "whole seconds since the epoch"};
            }
            out.times.push_back(times[k].get<std::int64_t>());
        }
        out.cpu = r.numbers(s, "cpu", sp);
        out.memory = r.numbers(s, "memory", sp);
        out.cpuMhz = r.numbers(s, "cpu_mhz", sp);
        for (const auto& [vec, key] : {std::pair{&out.cpu, "cpu"},
                                       std::pair{&out.memory, "memory"},
                                       std::pair{&out.cpuMhz, "cpu_mhz"}}) {
            if (!vec->empty() && vec->size() != out.times.size()) {
                throw BadField{sp + "." + key,
                               "as many values as times (" + std::to_string(out.times.size())
                                   + ")"};
            }
        }
        w.series.push_back(std::move(out));
    }
    if (j.contains("origin") && !j["origin"].is_null()) {
        const std::string op = p + ".origin";
        const json& o = r.object(j["origin"], op);
        w.origin.file = r.str(o, "file", op);
        w.origin.sheet = r.str(o, "sheet", op);
        w.origin.row = static_cast<std::int64_t>(r.num(o, "row", op).value_or(0.0));
        w.origin.column = r.str(o, "column", op);
    }
    return w;
}

} // namespace

const char* utilStatisticName(UtilStatistic s)
{
    switch (s) {
    case UtilStatistic::Average:
        return "average";
    case UtilStatistic::Maximum:
        return "maximum";
    case UtilStatistic::Percentile:
        return "percentile";
    }
    return "average";
}

std::string workloadToJson(const Workload& w)
{
    return workloadJson(w).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string issueToJson(const InventoryIssue& issue)
{
    return issueJson(issue).dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Workload> workloadFromJson(std::string_view text, const std::string& context)
{
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) {
        return makeError(Error::Code::ParseFailed, "workload is not valid JSON", context);
    }
    Reader r(nullptr);
    try {
        return readWorkload(r, j, "workload");
    } catch (const BadField& b) {
        return makeError(Error::Code::ParseFailed, b.path + " must be " + b.expected, context);
    }
}

std::string inventoryToJson(const Inventory& inv, int indent)
{
    json workloads = json::array();
    for (const auto& w : inv.workloads) {
        workloads.push_back(workloadJson(w));
    }
    json issues = json::array();
    for (const auto& i : inv.issues) {
        issues.push_back(issueJson(i));
    }
    json j = {{"format", "cloudcost-inventory"},
              {"version", 1},
              {"name", inv.name},
              {"source_format", inv.format},
              {"files", inv.files},
              {"workloads", workloads},
              {"issues", issues}};
    return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

Result<Inventory> inventoryFromJson(std::string_view text, const std::string& context)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        return makeError(Error::Code::ParseFailed,
                         "not valid JSON at byte " + std::to_string(e.byte)
                             + ": expected a "
                               "cloudcost-inventory "
                               "document",
                         context);
    }
    if (!j.is_object() || j.value("format", std::string()) != "cloudcost-inventory") {
        return makeError(Error::Code::InvalidInput,
                         "not a cloudcost inventory document (expected an object with \"format\": "
                         "\"cloudcost-inventory\")",
                         context);
    }
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"] != 1) {
        return makeError(Error::Code::Unsupported,
                         "cloudcost-inventory \"version\" must be 1 (this build reads version 1)",
                         context);
    }
    std::vector<std::string> unknown;
    Reader r(&unknown);
    Inventory inv;
    try {
        r.known(j,
                {"format", "version", "name", "source_format", "files", "workloads", "issues"},
                "$");
        inv.name = r.str(j, "name", "$");
        const json& workloads = r.array(j, "workloads", "$");
        for (std::size_t i = 0; i < workloads.size(); ++i) {
            const std::string p = "workloads[" + std::to_string(i) + "]";
            Workload w = readWorkload(r, workloads[i], p);
            if (w.origin.file.empty()) {
                w.origin.file = context;
                w.origin.sheet = p;
            }
            inv.workloads.push_back(std::move(w));
        }
        const json& issues = r.array(j, "issues", "$");
        for (std::size_t i = 0; i < issues.size(); ++i) {
            const std::string p = "issues[" + std::to_string(i) + "]";
            const json& o = r.object(issues[i], p);
            InventoryIssue issue;
            issue.severity = r.str(o, "severity", p) == "dropped"
                                 ? InventoryIssue::Severity::Dropped
                                 : InventoryIssue::Severity::Warning;
            issue.where.file = r.str(o, "file", p);
            issue.where.sheet = r.str(o, "sheet", p);
            issue.where.row = static_cast<std::int64_t>(r.num(o, "row", p).value_or(0.0));
            issue.where.column = r.str(o, "column", p);
            issue.message = r.str(o, "message", p);
            inv.issues.push_back(issue);
        }
    } catch (const BadField& b) {
        return makeError(Error::Code::InvalidInput, b.path + " must be " + b.expected, context);
    }
    for (const auto& u : unknown) {
        InventoryIssue issue;
        issue.where.file = context;
        issue.where.column = u;
        issue.message = "unknown field ignored";
        inv.issues.push_back(issue);
    }
    return inv;
}

} // namespace cloudcost::decision
