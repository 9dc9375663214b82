// PerfKitBenchmarker results: newline-delimited JSON samples (perfkitbenchmarker_results.json),
// the 2014 BigQuery export with `||`-separated labels, and PKB's side-by-side wrapper
// ({"head": {samples: [...]}, "base": {...}}). Fields, label syntax and sample kinds:
// data/benchmarks/pkb/README.md of the shared data.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;
using json = nlohmann::json;

constexpr const char* kWhat = "PerfKitBenchmarker samples (one JSON object per line with "
                              "'metric', 'value', 'unit' and 'labels')";

// ---- units -------------------------------------------------------------------------------------

struct UnitRule
{
    const char* name; // as PKB writes it, compared case-insensitively
    double factor;    // to the canonical unit
    const char* unit;
    bool higherIsBetter;
};

// PKB units are free strings (README). Units not in this table (%, whose direction cloudcost
// cannot tell; counts; scores) are reported and skipped. MB and GB are decimal (10^6, 10^9), as
// in every tool of BENCHMARKS.md §1.2 that writes them (STREAM, stress-ng, fio's text, lmbench's
// lib_timing.c); the one exception is "KB/s", below.
constexpr UnitRule kUnits[] = {
    // Network bit rates are decimal (iperf and netperf print 10^6 bits for "Mbits").
    {"bits/sec", 1, "bit/s", true},
    {"bit/s", 1, "bit/s", true},
    {"bps", 1, "bit/s", true},
    {"Kbits/sec", 1e3, "bit/s", true},
    {"Kbit/s", 1e3, "bit/s", true},
    {"Kbps", 1e3, "bit/s", true},
    {"Mbits/sec", 1e6, "bit/s", true},
    {"Mbit/s", 1e6, "bit/s", true},
    {"Mbps", 1e6, "bit/s", true},
    {"Gbits/sec", 1e9, "bit/s", true},
    {"Gbit/s", 1e9, "bit/s", true},
    {"Gbps", 1e9, "bit/s", true},
    // PKB's fio samples carry fio's `bw`, which is KiB/s, as "KB/s" (pkb and fio READMEs).
    {"KB/s", 1024, "B/s", true},
    {"KB/sec", 1024, "B/s", true},
    {"KiB/s", 1024, "B/s", true},
    {"MB/s", 1e6, "B/s", true},
    {"MB/sec", 1e6, "B/s", true},
    {"GB/s", 1e9, "B/s", true},
    {"GB/sec", 1e9, "B/s", true},
    {"MiB/s", 1048576, "B/s", true},
    {"MiB/sec", 1048576, "B/s", true},
    {"GiB/s", 1073741824, "B/s", true},
    {"bytes/sec", 1, "B/s", true},
    {"B/s", 1, "B/s", true},
    // Times.
    {"ns", 1e-9, "s", false},
    {"nanoseconds", 1e-9, "s", false},
    {"us", 1e-6, "s", false},
    {"usec", 1e-6, "s", false},
    {"microseconds", 1e-6, "s", false},
    {"ms", 1e-3, "s", false},
    {"msec", 1e-3, "s", false},
    {"milliseconds", 1e-3, "s", false},
    {"s", 1, "s", false},
    {"sec", 1, "s", false},
    {"seconds", 1, "s", false},
    {"minutes", 60, "s", false},
    // Operation rates.
    {"transactions_per_second", 1, "ops/s", true},
    {"transactions/sec", 1, "ops/s", true},
    {"tps", 1, "ops/s", true},
    {"ops/sec", 1, "ops/s", true},
    {"ops/s", 1, "ops/s", true},
    {"operations/sec", 1, "ops/s", true},
    {"operations per second", 1, "ops/s", true},
    {"requests/sec", 1, "ops/s", true},
    {"requests per second", 1, "ops/s", true},
    {"queries/sec", 1, "ops/s", true},
    {"qps", 1, "ops/s", true},
    {"events/sec", 1, "ops/s", true},
    {"iops", 1, "ops/s", true},
    {"iterations/sec", 1, "ops/s", true},
    {"packets/sec", 1, "ops/s", true},
    {"MFLOPS", 1e6, "ops/s", true},
    {"GFLOPS", 1e9, "ops/s", true},
    {"GFLOP/s", 1e9, "ops/s", true},
};

const UnitRule* unitRule(std::string_view unit)
{
    unit = text::trim(unit);
    for (const auto& rule : kUnits) {
        if (text::iequals(unit, rule.name)) {
            return &rule;
        }
    }
    return nullptr;
}

// ---- labels ------------------------------------------------------------------------------------

struct Labels
{
    std::vector<std::pair<std::string, std::string>> items;
    bool legacy = false;
    std::size_t withoutColon = 0;

    const std::string* find(const std::string& key) const
    {
        for (const auto& [k, v] : items) {
            if (k == key) {
                return &v;
            }
        }
        return nullptr;
    }
};

// "|key:value|,|key:value|" (split on "|,|", then at the first ':'), or the 2014 export's
// "|cloud:GCP||machine:x|[ip_type:internal|" (split on '|', drop empty tokens and a leading '[').
Labels parseLabels(std::string_view s)
{
    Labels labels;
    std::vector<std::string_view> parts;
    if (text::contains(s, "|,|")) {
        if (text::startsWith(s, "|")) {
            s.remove_prefix(1);
        }
        if (text::endsWith(s, "|")) {
            s.remove_suffix(1);
        }
        std::size_t start = 0;
        for (;;) {
            const auto pos = s.find("|,|", start);
            parts.push_back(s.substr(start, pos == std::string_view::npos ? s.npos : pos - start));
            if (pos == std::string_view::npos) {
                break;
            }
            start = pos + 3;
        }
    } else {
        labels.legacy = text::contains(s, "||") || text::contains(s, "|[");
        for (auto part : text::split(s, '|')) {
            if (text::startsWith(part, "[")) {
                part.remove_prefix(1);
            }
            if (!part.empty()) {
                parts.push_back(part);
            }
        }
    }
    for (const auto part : parts) {
        if (part.empty()) {
            continue;
        }
        const auto colon = part.find(':');
        if (colon == std::string_view::npos) {
            ++labels.withoutColon;
            labels.items.emplace_back(std::string(part), std::string());
        } else {
            labels.items.emplace_back(std::string(part.substr(0, colon)),
                                      std::string(part.substr(colon + 1)));
        }
    }
    return labels;
}

// True for the per-VM labels vm_1_..., vm_2_... (host facts, not test parameters).
bool isVmLabel(const std::string& key)
{
    if (!text::startsWith(key, "vm_")) {
        return false;
    }
    std::size_t i = 3;
    while (i < key.size() && key[i] >= '0' && key[i] <= '9') {
        ++i;
    }
    return i > 3 && i < key.size() && key[i] == '_';
}

// ---- host facts --------------------------------------------------------------------------------

// Facts one sample's labels give; "" when absent.
struct SampleFacts
{
    std::string provider, zone, instanceType, cpus, kernel, os;
};

SampleFacts factsOf(const Labels& labels)
{
    const auto first = [&](std::initializer_list<const char*> keys) -> std::string {
        for (const char* key : keys) {
            if (const auto* v = labels.find(key); v && !v->empty() && *v != "None") {
                return *v;
            }
        }
        return {};
    };
    SampleFacts f;
    f.provider = providerId(first({"vm_1_cloud", "cloud"}));
    f.instanceType = first({"vm_1_machine_type", "machine_type", "sending_machine_type"});
    f.zone = first({"vm_1_zone", "zone", "sending_zone", "zones"});
    f.cpus = first({"vm_1_num_cpus", "num_cpus"});
    f.kernel = first({"vm_1_kernel_release", "kernel_release"});
    f.os = first({"vm_1_os_info", "os_info"});
    return f;
}

// ---- reading -----------------------------------------------------------------------------------

struct Reader
{
    explicit Reader(const std::string& name)
        : displayName(name)
    {}

    const std::string& displayName;
    BenchmarkRun run;
    std::vector<SampleFacts> facts;    // one per imported sample
    std::vector<std::string> versions; // in order of appearance
    std::set<std::string> runUris;
    std::vector<std::string> sampleRunUri;
    std::map<std::string, std::size_t> unknownUnits; // unit -> samples skipped
    std::size_t metadataSamples = 0;
    std::size_t labelItemsWithoutColon = 0;
    bool legacyLabels = false;
    std::optional<double> firstTimestamp;
    std::set<std::string> vmMachineTypes;
    std::string hypervisorVendor;
    std::string cpuModel;

    void addVersion(const std::string& v)
    {
        if (std::find(versions.begin(), versions.end(), v) == versions.end()) {
            versions.push_back(v);
        }
    }

    // Adds one sample object. lineNo: its line (0 when unknown); path: its JSON path for messages
    // ("" for a line of its own, "head.samples[2]"); extra: parameters added to it.
    Status addSample(const json& obj,
                     std::size_t lineNo,
                     const std::string& path,
                     const std::map<std::string, std::string>& extra)
    {
        const std::string at = path.empty() ? "" : path + ".";
        auto fail = [&](const std::string& message) -> Status {
            return parseError(displayName, lineNo, message);
        };
        if (!obj.is_object()) {
            return fail((path.empty() ? std::string("line") : path)
                        + ": expected a JSON object (a PKB sample)");
        }
        const auto metricIt = obj.find("metric");
        if (metricIt == obj.end() || !metricIt->is_string()
            || metricIt->get<std::string>().empty()) {
            return fail("'" + at + "metric' must be a non-empty string (expected " + kWhat + ")");
        }
        const std::string metric = metricIt->get<std::string>();
        const auto valueIt = obj.find("value");
        if (valueIt == obj.end() || !valueIt->is_number()) {
            return fail("'" + at + "value' must be a number (sample " + inQuotes(metric) + ")");
        }
        const double value = valueIt->get<double>();
        if (!std::isfinite(value)) {
            return fail("'" + at + "value' is not finite (sample " + inQuotes(metric) + ")");
        }
        const auto unitIt = obj.find("unit");
        if (unitIt == obj.end() || !unitIt->is_string()) {
            return fail("'" + at + "unit' must be a string (sample " + inQuotes(metric) + ")");
        }
        const std::string unit = unitIt->get<std::string>();

        Labels labels;
        if (const auto it = obj.find("labels"); it != obj.end() && !it->is_null()) {
            if (!it->is_string()) {
                return fail("'" + at + "labels' must be a string of |key:value| items");
            }
            labels = parseLabels(it->get<std::string>());
        } else if (const auto meta = obj.find("metadata"); meta != obj.end() && !meta->is_null()) {
            if (!meta->is_object()) {
                return fail("'" + at + "metadata' must be an object");
            }
            for (const auto& [k, v] : meta->items()) {
                labels.items.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
            }
        }
        legacyLabels = legacyLabels || labels.legacy;
        labelItemsWithoutColon += labels.withoutColon;

        std::string test;
        if (const auto it = obj.find("test"); it != obj.end() && it->is_string()) {
            test = it->get<std::string>();
        }
        if (const auto it = obj.find("timestamp"); it != obj.end() && it->is_number()) {
            const double t = it->get<double>();
            if (std::isfinite(t) && (!firstTimestamp || t < *firstTimestamp)) {
                firstTimestamp = t;
            }
        }
        for (const auto& [k, v] : labels.items) {
            if (k == "perfkitbenchmarker_version" && !v.empty() && v != "unknown") {
                addVersion(v);
            }
            if (k == "vm_1_machine_type" || k == "vm_2_machine_type") {
                vmMachineTypes.insert(v);
            }
        }

        if (text::trim(unit).empty()) {
            // Metadata carriers (lscpu, proccpu, ...): value 0, unit "" (README). Mine them.
            ++metadataSamples;
            if (metric == "lscpu") {
                if (const auto* v = labels.find("Hypervisor vendor"); v && !v->empty()) {
                    hypervisorVendor = *v;
                }
                if (const auto* v = labels.find("Model name"); v && !v->empty()) {
                    cpuModel = *v;
                }
            }
            return {};
        }
        const UnitRule* rule = unitRule(unit);
        if (!rule) {
            ++unknownUnits[unit];
            return {};
        }
        if (value < 0 && !rule->higherIsBetter) {
            return fail("'" + at + "value' is a negative time (sample " + inQuotes(metric) + ")");
        }
        Sample s;
        s.metric = "pkb." + (test.empty() ? std::string() : slug(test) + ".") + slug(metric);
        s.value = value * rule->factor;
        s.unit = rule->unit;
        s.higherIsBetter = rule->higherIsBetter;
        for (const auto& [k, v] : labels.items) {
            if (!isVmLabel(k) && k != "perfkitbenchmarker_version" && !k.empty()) {
                s.parameters[k] = v;
            }
        }
        if (!test.empty()) {
            s.parameters["test"] = test;
        }
        if (const auto it = obj.find("test_version"); it != obj.end() && it->is_string()) {
            s.parameters["test_version"] = it->get<std::string>();
        }
        for (const auto& [k, v] : extra) {
            s.parameters[k] = v;
        }
        std::string runUri;
        if (const auto it = obj.find("run_uri"); it != obj.end() && it->is_string()) {
            runUri = it->get<std::string>();
            runUris.insert(runUri);
        }
        sampleRunUri.push_back(runUri);
        facts.push_back(factsOf(labels));
        run.samples.push_back(std::move(s));
        return {};
    }

    // Sets the run's host facts where every sample agrees; otherwise leaves them empty, keeps
    // each sample's own value as a parameter and says so.
    void settleHostFacts()
    {
        struct Field
        {
            std::string SampleFacts::*member;
            const char* parameter;
            const char* label;
        };
        const Field fieldsToSettle[] = {
            {&SampleFacts::provider, "provider", "clouds"},
            {&SampleFacts::instanceType, "instance_type", "machine types"},
            {&SampleFacts::zone, "zone", "zones"},
            {&SampleFacts::cpus, "vcpus", "vCPU counts"},
            {&SampleFacts::kernel, "kernel", "kernels"},
            {&SampleFacts::os, "os", "operating systems"},
        };
        for (const auto& field : fieldsToSettle) {
            std::set<std::string> values;
            for (const auto& f : facts) {
                if (!(f.*field.member).empty()) {
                    values.insert(f.*field.member);
                }
            }
            if (values.size() == 1) {
                const std::string& v = *values.begin();
                if (field.member == &SampleFacts::provider) {
                    run.host.provider = v;
                } else if (field.member == &SampleFacts::instanceType) {
                    run.host.instanceType = v;
                } else if (field.member == &SampleFacts::zone) {
                    run.host.region = regionFromZone(v);
                } else if (field.member == &SampleFacts::cpus) {
                    if (const auto n = smallCount(v); n && *n > 0) {
                        run.host.logicalCpus = *n;
                    }
                } else if (field.member == &SampleFacts::kernel) {
                    run.host.kernel = v;
                } else {
                    run.host.os = v;
                }
            } else if (values.size() > 1) {
                for (std::size_t i = 0; i < run.samples.size(); ++i) {
                    const std::string& v = facts[i].*field.member;
                    if (!v.empty()) {
                        run.samples[i].parameters[field.parameter] = v;
                    }
                }
                run.warnings.push_back("samples come from " + std::to_string(values.size()) + " "
                                       + field.label + ": left out of the run's host facts; "
                                       + "each sample keeps its own as parameter '"
                                       + field.parameter + "'");
            }
        }
        if (vmMachineTypes.size() > 1) {
            run.warnings.push_back("the benchmark used VMs of different machine types; host "
                                   "facts describe vm_1");
        }
        if (!hypervisorVendor.empty()) {
            // lscpu's "Hypervisor vendor" (README, useful keys).
            run.host.hypervisor = text::toLower(hypervisorVendor);
            run.host.platform = PlatformKind::VirtualMachine;
        }
        run.host.cpuModel = cpuModel;
    }

    void finish()
    {
        settleHostFacts();
        if (!versions.empty()) {
            run.toolVersion = versions.front();
            if (versions.size() > 1) {
                run.warnings.push_back("samples name " + std::to_string(versions.size())
                                       + " PerfKitBenchmarker versions; the first is kept");
            }
        }
        if (firstTimestamp) {
            run.measuredAt = isoFromEpoch(*firstTimestamp);
        }
        if (runUris.size() > 1) {
            for (std::size_t i = 0; i < run.samples.size(); ++i) {
                if (!sampleRunUri[i].empty()) {
                    run.samples[i].parameters["run_uri"] = sampleRunUri[i];
                }
            }
            run.warnings.push_back("samples of " + std::to_string(runUris.size())
                                   + " PKB runs (run_uri) in one file; each sample keeps its "
                                     "run_uri as a parameter");
        }
        for (const auto& [unit, count] : unknownUnits) {
            run.warnings.push_back(std::to_string(count) + " sample(s) with unit " + inQuotes(unit)
                                   + " not imported: not a unit cloudcost converts");
        }
        if (legacyLabels) {
            run.warnings.push_back("labels in the 2014 '||' layout (read by splitting on '|')");
        }
        if (labelItemsWithoutColon > 0) {
            run.warnings.push_back(std::to_string(labelItemsWithoutColon)
                                   + " label item(s) without ':' kept with an empty value");
        }
    }
};

// Parses text as exactly one JSON value; on failure, the message and the byte (0-based, in text).
struct JsonAttempt
{
    json value;
    std::string error;
    std::size_t errorByte = 0;
    bool ok = false;
};

JsonAttempt parseJson(std::string_view text)
{
    JsonAttempt a;
    try {
        a.value = json::parse(text.begin(), text.end());
        a.ok = true;
    } catch (const json::parse_error& e) {
        a.errorByte = e.byte > 0 ? e.byte - 1 : 0;
        a.error = e.what();
        if (const auto colon = a.error.find(": "); colon != std::string::npos) {
            a.error = a.error.substr(colon + 2); // drop "[json.exception.parse_error.101] ..."
        }
    } catch (const json::exception& e) {
        a.error = e.what();
    }
    return a;
}

std::size_t lineOfByte(std::string_view content, std::size_t byte)
{
    std::size_t line = 1;
    for (std::size_t i = 0; i < byte && i < content.size(); ++i) {
        line += content[i] == '\n' ? 1 : 0;
    }
    return line;
}

Status readWrapped(Reader& reader, const json& doc)
{
    // PKB tools/side-by-side: {"head": {name, sha1, description, samples, flags}, "base": ...}
    bool any = false;
    for (const char* side : {"head", "base"}) {
        const auto it = doc.find(side);
        if (it == doc.end()) {
            continue;
        }
        const std::string path = side;
        if (!it->is_object() || !it->contains("samples") || !(*it)["samples"].is_array()) {
            return parseError(reader.displayName,
                              0,
                              "'" + path + ".samples' must be an array of PKB samples");
        }
        any = true;
        std::map<std::string, std::string> extra{{"side_by_side", side}};
        if (const auto name = it->find("name"); name != it->end() && name->is_string()) {
            extra["pkb_build"] = name->get<std::string>();
        }
        if (const auto d = it->find("description"); d != it->end() && d->is_string()) {
            reader.addVersion(d->get<std::string>());
        }
        const auto& samples = (*it)["samples"];
        for (std::size_t i = 0; i < samples.size(); ++i) {
            if (auto ok = reader.addSample(samples[i],
                                           0,
                                           path + ".samples[" + std::to_string(i) + "]",
                                           extra);
                !ok) {
                return ok;
            }
        }
    }
    if (any) {
        reader.run.warnings.push_back(
            "a PKB side-by-side comparison: samples of two PKB builds ('head' and 'base', "
            "parameter side_by_side) in one run");
        return {};
    }
    if (const auto it = doc.find("samples"); it != doc.end() && it->is_array()) {
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (auto ok = reader.addSample((*it)[i], 0, "samples[" + std::to_string(i) + "]", {});
                !ok) {
                return ok;
            }
        }
        return {};
    }
    return reader.addSample(doc, 1, "", {});
}

int sniffPkb(std::string_view head, std::string_view /*fileName*/)
{
    const bool sampleKeys = text::contains(head, "\"metric\"") && text::contains(head, "\"unit\"")
                            && text::contains(head, "\"value\"");
    if (sampleKeys
        && (text::contains(head, "\"labels\"") || text::contains(head, "\"metadata\""))) {
        return 90;
    }
    if (text::contains(head, "\"head\"") && text::contains(head, "\"samples\"")) {
        return 80;
    }
    return 0;
}

Result<BenchmarkRun> parsePkb(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kWhat); !ok) {
        return ok.error();
    }
    Reader reader(displayName);
    reader.run.tool = "pkb";
    const std::string_view body = stripBom(content);
    const auto lines = splitLines(content);

    // A whole document that is one JSON value: the side-by-side wrapper, or a single sample.
    JsonAttempt whole = parseJson(body);
    if (whole.ok) {
        if (!whole.value.is_object()) {
            return parseError(displayName, 1, std::string("expected ") + kWhat);
        }
        if (auto ok = readWrapped(reader, whole.value); !ok) {
            return ok.error();
        }
    } else {
        // Newline-delimited JSON: one sample per line.
        std::size_t lastNonBlank = 0;
        for (const auto& line : lines) {
            if (!text::trim(line.text).empty()) {
                lastNonBlank = line.number;
            }
        }
        const bool endsWithNewline = !body.empty() && body.back() == '\n';
        bool firstLine = true;
        for (const auto& [lineText, lineNo] : lines) {
            if (text::trim(lineText).empty()) {
                continue;
            }
            JsonAttempt one = parseJson(lineText);
            if (!one.ok) {
                if (firstLine) {
                    // Not NDJSON at all: report where the whole document broke (a pretty-printed
                    // file shows the real position this way).
                    return parseError(displayName,
                                      lineOfByte(body, whole.errorByte),
                                      "invalid JSON at byte " + std::to_string(whole.errorByte)
                                          + " (expected " + kWhat + "): " + whole.error);
                }
                if (lineNo == lastNonBlank && !endsWithNewline) {
                    reader.run.warnings.push_back("last line " + std::to_string(lineNo)
                                                  + " is incomplete (file cut short?); ignored");
                    break;
                }
                return parseError(displayName,
                                  lineNo,
                                  "invalid JSON at byte " + std::to_string(one.errorByte)
                                      + " of the line (expected one PKB sample per line): "
                                      + one.error);
            }
            firstLine = false;
            if (auto ok = reader.addSample(one.value, lineNo, "", {}); !ok) {
                return ok.error();
            }
        }
    }
    reader.finish();
    if (reader.run.samples.empty()) {
        std::string why = "no measurement samples";
        if (reader.metadataSamples > 0) {
            why += " (only " + std::to_string(reader.metadataSamples)
                   + " metadata samples with unit \"\")";
        }
        if (!reader.unknownUnits.empty()) {
            why += "; units not converted:";
            for (const auto& [unit, count] : reader.unknownUnits) {
                why += " " + inQuotes(unit);
            }
        }
        return parseError(displayName, 0, why + ": expected " + kWhat);
    }
    return std::move(reader.run);
}

} // namespace

void registerPkbImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"pkb-json",
                   "PerfKitBenchmarker samples (newline-delimited JSON, 2014 export, "
                   "side-by-side)",
                   sniffPkb,
                   parsePkb});
}

} // namespace cloudcost::benchmark
