// stress-ng results: the YAML document of `--metrics[-brief] --yaml FILE` and the metrics table of
// its log (stdout/stderr). Keys, units and traps: data/benchmarks/stress-ng/README.md of the
// shared data. The YAML is read by a small strict reader for the subset stress-ng writes (a
// `system-info` map and a `metrics` list of flat maps) with YAML 1.2 scalar rules: every value
// stays a string, so `2026:11:26` is not turned into a sexagesimal integer, and an unquoted
// `version: #...` (stress-ng 0.09) is a comment, i.e. null.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <map>
#include <set>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;

constexpr const char* kYamlWhat = "a stress-ng YAML document (--yaml FILE) with 'system-info' and "
                                  "'metrics'";
constexpr const char* kLogWhat = "a stress-ng log with the metrics table ('stress-ng: metrc: "
                                 "[pid] stressor bogo ops ...' from --metrics or --metrics-brief)";

// ---- the YAML subset --------------------------------------------------------------------------

struct Scalar
{
    std::string value;
    bool isNull = false;
    std::size_t line = 0;
};

using FlatMap = std::map<std::string, Scalar>;

struct MetricsItem
{
    FlatMap fields;
    std::size_t line = 0;
};

struct Document
{
    FlatMap systemInfo;
    std::vector<MetricsItem> metrics;
    bool sawMetrics = false;
    bool sawEnd = false;
    std::set<std::string> ignoredSections;
};

// Parses the value part of "key: value" (already trimmed) with YAML 1.2 rules for the scalar
// styles stress-ng writes: plain, 'single' and "double" quoted; '#' after a space starts a comment.
Result<Scalar> parseScalar(std::string_view v, const std::string& displayName, std::size_t lineNo)
{
    Scalar s;
    s.line = lineNo;
    if (v.empty() || v.front() == '#') {
        s.isNull = true; // `version: #80~18.04.1-Ubuntu SMP` is a comment in YAML (stress-ng 0.09)
        return s;
    }
    auto restMustBeComment = [&](std::string_view rest) -> Status {
        rest = text::trim(rest);
        if (!rest.empty() && rest.front() != '#') {
            return parseError(displayName,
                              lineNo,
                              "unexpected text " + inQuotes(rest) + " after a quoted value");
        }
        return {};
    };
    if (v.front() == '\'') {
        std::size_t i = 1;
        for (;;) {
            if (i >= v.size()) {
                return parseError(displayName, lineNo, "unterminated single-quoted value");
            }
            if (v[i] == '\'') {
                if (i + 1 < v.size() && v[i + 1] == '\'') {
                    s.value.push_back('\'');
                    i += 2;
                    continue;
                }
                break;
            }
            s.value.push_back(v[i]);
            ++i;
        }
        if (auto ok = restMustBeComment(v.substr(i + 1)); !ok) {
            return ok.error();
        }
        return s;
    }
    if (v.front() == '"') {
        std::size_t i = 1;
        for (;;) {
            if (i >= v.size()) {
                return parseError(displayName, lineNo, "unterminated double-quoted value");
            }
            const char c = v[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= v.size()) {
                    return parseError(displayName, lineNo, "unterminated double-quoted value");
                }
                const char e = v[i + 1];
                switch (e) {
                case '\\':
                case '"':
                case '/':
                    s.value.push_back(e);
                    break;
                case 'n':
                    s.value.push_back('\n');
                    break;
                case 't':
                    s.value.push_back('\t');
                    break;
                default:
                    return parseError(displayName,
                                      lineNo,
                                      std::string("unsupported escape '\\") + e
                                          + "' in a double-quoted value");
                }
                i += 2;
                continue;
            }
            s.value.push_back(c);
            ++i;
        }
        if (auto ok = restMustBeComment(v.substr(i + 1)); !ok) {
            return ok.error();
        }
        return s;
    }
    // Plain scalar: a comment starts at " #".
    if (const auto hash = v.find(" #"); hash != std::string_view::npos) {
        v = text::trim(v.substr(0, hash));
    }
    if (v == "~" || v == "null" || v == "Null" || v == "NULL") {
        s.isNull = true;
        return s;
    }
    if (v.front() == '[' || v.front() == '{' || v.front() == '&' || v.front() == '*'
        || v.front() == '|' || v.front() == '>' || v.front() == '!') {
        return parseError(displayName,
                          lineNo,
                          "YAML construct " + inQuotes(v)
                              + " is not part of what stress-ng writes: expected a plain or "
                                "quoted scalar");
    }
    s.value = std::string(v);
    return s;
}

// Splits "key: value" / "key:"; the key is everything before the first ": " (or a final ':').
Status splitKeyValue(std::string_view text,
                     std::string& key,
                     std::string_view& value,
                     const std::string& displayName,
                     std::size_t lineNo)
{
    std::size_t colon = text.find(": ");
    if (colon == std::string_view::npos) {
        if (!text.empty() && text.back() == ':') {
            colon = text.size() - 1;
        } else {
            return parseError(displayName,
                              lineNo,
                              "expected 'key: value', found " + inQuotes(text));
        }
    }
    const std::string_view k = text::trim(text.substr(0, colon));
    if (k.empty() || k.front() == '\'' || k.front() == '"' || k.front() == '?'
        || text::contains(k, " ")) {
        return parseError(displayName,
                          lineNo,
                          "expected a plain key before ':', found " + inQuotes(k));
    }
    key = std::string(k);
    value = text::trim(text.substr(colon + 1));
    return {};
}

Result<Document> readYaml(std::string_view content, const std::string& displayName)
{
    Document doc;
    enum class Section
    {
        None,
        SystemInfo,
        Metrics,
        Ignored
    };
    Section section = Section::None;
    bool started = false;
    std::size_t keyIndent = 0; // indentation of the keys of the current map (0 = not yet known)
    std::size_t endLine = 0;

    auto addField = [&](FlatMap& map,
                        const std::string& key,
                        std::string_view value,
                        std::size_t lineNo,
                        const std::string& path) -> Status {
        auto scalar = parseScalar(value, displayName, lineNo);
        if (!scalar) {
            return scalar.error();
        }
        if (map.count(key) != 0) {
            return parseError(displayName,
                              lineNo,
                              "duplicate key '" + path + "." + key + "' (first on line "
                                  + std::to_string(map[key].line) + ")");
        }
        map[key] = std::move(*scalar);
        return {};
    };

    for (const auto& [rawLine, lineNo] : splitLines(content)) {
        std::string_view line = rawLine;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
            line.remove_suffix(1);
        }
        std::size_t indent = 0;
        while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) {
            if (line[indent] == '\t') {
                return parseError(displayName,
                                  lineNo,
                                  "tab in the indentation: YAML indents with spaces only");
            }
            ++indent;
        }
        const std::string_view body = line.substr(indent);
        if (body.empty() || body.front() == '#') {
            continue;
        }
        if (endLine != 0) {
            return parseError(displayName,
                              lineNo,
                              "text after the end of the YAML document ('...' on line "
                                  + std::to_string(endLine) + "): expected one stress-ng run");
        }
        if (indent == 0 && (body == "---" || text::startsWith(body, "--- "))) {
            if (started) {
                return parseError(displayName,
                                  lineNo,
                                  "a second YAML document: expected one stress-ng run per file");
            }
            started = true;
            continue;
        }
        if (indent == 0 && body == "...") {
            endLine = lineNo;
            doc.sawEnd = true;
            continue;
        }
        started = true;
        if (indent == 0) {
            std::string key;
            std::string_view value;
            if (auto ok = splitKeyValue(body, key, value, displayName, lineNo); !ok) {
                return ok.error();
            }
            keyIndent = 0;
            if (key == "system-info" || key == "metrics") {
                if (!value.empty() && value.front() != '#') {
                    return parseError(displayName,
                                      lineNo,
                                      "expected '" + key + ":' to open a block, found a value");
                }
                if ((key == "system-info" && !doc.systemInfo.empty())
                    || (key == "metrics" && doc.sawMetrics)) {
                    return parseError(displayName, lineNo, "duplicate section '" + key + "'");
                }
                section = key == "metrics" ? Section::Metrics : Section::SystemInfo;
                doc.sawMetrics = doc.sawMetrics || key == "metrics";
            } else {
                section = Section::Ignored; // e.g. newer sections; nothing we import
                doc.ignoredSections.insert(key);
            }
            continue;
        }
        switch (section) {
        case Section::None:
            return parseError(displayName,
                              lineNo,
                              "indented line before any section: expected 'system-info:' or "
                              "'metrics:'");
        case Section::Ignored:
            continue;
        case Section::SystemInfo: {
            if (keyIndent == 0) {
                keyIndent = indent;
            } else if (indent != keyIndent) {
                return parseError(displayName,
                                  lineNo,
                                  "unexpected indentation " + std::to_string(indent)
                                      + " (the keys of 'system-info' are indented by "
                                      + std::to_string(keyIndent) + ")");
            }
            std::string key;
            std::string_view value;
            if (auto ok = splitKeyValue(body, key, value, displayName, lineNo); !ok) {
                return ok.error();
            }
            if (auto ok = addField(doc.systemInfo, key, value, lineNo, "system-info"); !ok) {
                return ok.error();
            }
            break;
        }
        case Section::Metrics: {
            std::string_view keyValue = body;
            std::size_t thisIndent = indent;
            if (body == "-" || text::startsWith(body, "- ")) {
                doc.metrics.push_back({{}, lineNo});
                keyValue = text::trim(body.substr(1));
                thisIndent = indent + 1 + (body.size() - 1 - keyValue.size());
                keyIndent = keyValue.empty() ? 0 : thisIndent; // "-" alone: the next key decides
                if (keyValue.empty()) {
                    continue;
                }
            } else if (doc.metrics.empty()) {
                return parseError(displayName,
                                  lineNo,
                                  "expected a list item '- stressor: NAME' under 'metrics:'");
            } else if (keyIndent == 0) {
                keyIndent = indent;
            } else if (indent != keyIndent) {
                return parseError(displayName,
                                  lineNo,
                                  "unexpected indentation " + std::to_string(indent)
                                      + " (the keys of this metrics item are indented by "
                                      + std::to_string(keyIndent) + ")");
            }
            std::string key;
            std::string_view value;
            if (auto ok = splitKeyValue(keyValue, key, value, displayName, lineNo); !ok) {
                return ok.error();
            }
            const std::string path = "metrics[" + std::to_string(doc.metrics.size() - 1) + "]";
            if (auto ok = addField(doc.metrics.back().fields, key, value, lineNo, path); !ok) {
                return ok.error();
            }
            break;
        }
        }
    }
    return doc;
}

// ---- mapping to samples ------------------------------------------------------------------------

// stress-ng's own per-stressor fields (README table); anything else in an item is a stressor
// extra ("memory-read-rate-mb-per-sec").
const std::set<std::string>& standardKeys()
{
    static const std::set<std::string> keys = {"stressor",
                                               "bogo-ops",
                                               "bogo-ops-per-second-usr-sys-time",
                                               "bogo-ops-per-second-real-time",
                                               "wall-clock-time",
                                               "user-time",
                                               "system-time",
                                               "cpu-usage-per-instance",
                                               "max-rss"};
    return keys;
}

// The units of stressor extras, as a YAML key suffix and as the log's "(... per sec)" text.
// MB = 10^6 bytes (README); Mflop = 10^6 floating-point operations.
struct ExtraUnit
{
    const char* yamlSuffix;
    const char* logUnit;
    double factor;
    const char* unit;
};

constexpr ExtraUnit kExtraUnits[] = {
    {"-mb-per-sec", "MB per sec", 1e6, "B/s"},
    {"-mflop-per-sec", "Mflop per sec", 1e6, "ops/s"},
};

Sample makeSample(const std::string& metric,
                  double value,
                  const char* unit,
                  const std::string& stressor,
                  bool higherIsBetter = true)
{
    Sample s;
    s.metric = metric;
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = higherIsBetter;
    s.parameters["stressor"] = stressor;
    return s;
}

std::string extraMetric(const std::string& stressor, std::string_view name)
{
    return "stress_ng." + slug(stressor) + "." + slug(name);
}

Result<double> numericField(const MetricsItem& item,
                            std::size_t index,
                            const std::string& key,
                            const std::string& displayName,
                            bool required)
{
    const auto it = item.fields.find(key);
    const std::string path = "metrics[" + std::to_string(index) + "]." + key;
    if (it == item.fields.end() || it->second.isNull) {
        if (required) {
            return parseError(displayName,
                              item.line,
                              "missing '" + path + "' (expected a number; truncated file?)");
        }
        return makeError(Error::Code::NotFound, path);
    }
    const auto v = number(it->second.value);
    if (!v || *v < 0) {
        return parseError(displayName,
                          it->second.line,
                          "'" + path + "' must be a non-negative number, found "
                              + inQuotes(it->second.value));
    }
    return *v;
}

int sniffYaml(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "stress-ng-version:")) {
        return 95;
    }
    if (text::contains(head, "system-info:") && text::contains(head, "bogo-ops")) {
        return 90;
    }
    return 0;
}

Result<BenchmarkRun> parseYaml(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kYamlWhat); !ok) {
        return ok.error();
    }
    auto doc = readYaml(content, displayName);
    if (!doc) {
        return doc.error();
    }
    BenchmarkRun run;
    run.tool = "stress-ng";
    const auto info = [&](const char* key) -> std::string {
        const auto it = doc->systemInfo.find(key);
        return it == doc->systemInfo.end() || it->second.isNull ? std::string() : it->second.value;
    };
    run.toolVersion = info("stress-ng-version");
    if (const auto epoch = number(info("epoch-secs"))) {
        run.measuredAt = isoFromEpoch(*epoch);
    }
    run.host.hostname = info("hostname").empty() ? info("nodename") : info("hostname");
    run.host.kernel = info("release");
    for (const char* key : {"cpus-online", "cpus"}) {
        if (const auto n = smallCount(info(key)); n && *n > 0) {
            run.host.logicalCpus = *n;
            break;
        }
    }
    if (const auto ram = number(info("totalram")); ram && *ram > 0) {
        run.host.memoryGib = *ram / (1024.0 * 1024.0 * 1024.0); // bytes (README)
    }

    if (!doc->sawMetrics || doc->metrics.empty()) {
        return parseError(displayName,
                          0,
                          "no 'metrics' list: expected " + std::string(kYamlWhat)
                              + " (was stress-ng run with --metrics or --metrics-brief?)");
    }
    std::set<std::string> seenStressors;
    for (std::size_t i = 0; i < doc->metrics.size(); ++i) {
        const MetricsItem& item = doc->metrics[i];
        const auto stressorIt = item.fields.find("stressor");
        if (stressorIt == item.fields.end() || stressorIt->second.isNull
            || stressorIt->second.value.empty()) {
            return parseError(displayName,
                              item.line,
                              "missing 'metrics[" + std::to_string(i)
                                  + "].stressor' (expected the stressor name)");
        }
        const std::string stressor = stressorIt->second.value;
        if (!seenStressors.insert(stressor).second) {
            return parseError(displayName,
                              item.line,
                              "stressor '" + text::printable(stressor)
                                  + "' appears twice in 'metrics'");
        }
        auto realRate = numericField(item, i, "bogo-ops-per-second-real-time", displayName, true);
        if (!realRate) {
            return realRate.error();
        }
        run.samples.push_back(makeSample("cpu.bogo_ops_per_s", *realRate, "ops/s", stressor));
        auto cpuRate =
            numericField(item, i, "bogo-ops-per-second-usr-sys-time", displayName, false);
        if (cpuRate) {
            run.samples.push_back(
                makeSample("cpu.bogo_ops_per_cpu_s", *cpuRate, "ops/s", stressor));
        } else if (cpuRate.error().code != Error::Code::NotFound) {
            return cpuRate.error();
        }
        auto usage = numericField(item, i, "cpu-usage-per-instance", displayName, false);
        if (usage) {
            run.samples.push_back(makeSample("cpu.usage_per_instance", *usage, "%", stressor));
        } else if (usage.error().code != Error::Code::NotFound) {
            return usage.error();
        }
        // The standard numeric fields must be numbers even when not imported.
        for (const char* key :
             {"bogo-ops", "wall-clock-time", "user-time", "system-time", "max-rss"}) {
            auto v = numericField(item, i, key, displayName, false);
            if (!v && v.error().code != Error::Code::NotFound) {
                return v.error();
            }
        }
        for (const auto& [key, scalar] : item.fields) {
            if (standardKeys().count(key) != 0) {
                continue;
            }
            const ExtraUnit* unit = nullptr;
            for (const auto& candidate : kExtraUnits) {
                if (text::endsWith(key, candidate.yamlSuffix)) {
                    unit = &candidate;
                    break;
                }
            }
            if (!unit) {
                warnOnce(run,
                         "stressor extra '" + text::printable(key)
                             + "' not imported: its unit is not one cloudcost knows");
                continue;
            }
            const auto v = scalar.isNull ? std::nullopt : number(scalar.value);
            if (!v || *v < 0) {
                return parseError(displayName,
                                  scalar.line,
                                  "'metrics[" + std::to_string(i) + "]." + key
                                      + "' must be a non-negative number, found "
                                      + inQuotes(scalar.value));
            }
            const std::string name =
                key.substr(0, key.size() - std::string_view(unit->yamlSuffix).size());
            run.samples.push_back(
                makeSample(extraMetric(stressor, name), *v * unit->factor, unit->unit, stressor));
        }
    }
    if (!doc->sawEnd) {
        run.warnings.push_back("no '...' end-of-document line: the YAML may be truncated");
    }
    for (const auto& section : doc->ignoredSections) {
        run.warnings.push_back("section '" + text::printable(section) + "' ignored");
    }
    if (run.toolVersion.empty()) {
        run.warnings.push_back("no 'system-info.stress-ng-version': bogo-ops of different "
                               "stress-ng versions are not comparable");
    }
    // README: compare only identical stressor+method+version+options.
    run.warnings.push_back("stress-ng's YAML records neither the number of workers nor the "
                           "--<stressor>-method options: compare only runs made with the same "
                           "command line (the log's 'dispatching hogs' line has the workers)");
    return run;
}

// ---- the log table
// -------------------------------------------------------------------------------

struct LogLine
{
    std::string_view level; // info, metrc, ...
    std::string_view rest;  // after "[pid] "
};

// "stress-ng: metrc: [11576] cpu  11528 ..." -> {metrc, "cpu  11528 ..."}.
std::optional<LogLine> splitLogLine(std::string_view line)
{
    if (!text::startsWith(line, "stress-ng:")) {
        return std::nullopt;
    }
    line = text::trim(line.substr(10));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon > 10) {
        return std::nullopt;
    }
    LogLine out;
    out.level = line.substr(0, colon);
    line = text::trim(line.substr(colon + 1));
    if (!text::startsWith(line, "[")) {
        return std::nullopt;
    }
    const auto close = line.find(']');
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    out.rest = text::trim(line.substr(close + 1));
    return out;
}

int sniffLog(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "stress-ng:") && text::contains(head, "bogo ops")) {
        return 90;
    }
    if (text::startsWith(head, "stress-ng: ")) {
        return 40;
    }
    return 0;
}

Result<BenchmarkRun> parseLog(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kLogWhat); !ok) {
        return ok.error();
    }
    BenchmarkRun run;
    run.tool = "stress-ng";
    std::map<std::string, std::string> workers;
    std::string durationS;
    enum class Mode
    {
        Outside,
        Table,
        Misc
    };
    Mode mode = Mode::Outside;
    bool sawHeader = false;
    bool hasUsageColumn = false;
    std::set<std::string> seenStressors;
    std::set<std::string> seenMisc;

    for (const auto& [line, lineNo] : splitLines(content)) {
        const auto log = splitLogLine(text::trim(line));
        if (!log) {
            mode = Mode::Outside;
            continue;
        }
        const std::string_view rest = log->rest;
        if (text::startsWith(rest, "dispatching hogs:")) {
            // "dispatching hogs: 1 cpu, 1 vm, 1 stream"
            for (auto part : text::split(rest.substr(17), ',')) {
                const auto f = fields(part);
                if (f.size() == 2 && smallCount(f[0])) {
                    workers[std::string(f[1])] = std::string(f[0]);
                }
            }
            continue;
        }
        if (text::startsWith(rest, "setting to a ")) {
            // "setting to a 6 second run per stressor"
            const auto f = fields(rest.substr(13));
            if (f.size() >= 2 && smallCount(f[0]) && text::startsWith(f[1], "second")) {
                durationS = std::string(f[0]);
            }
            continue;
        }
        if (text::startsWith(rest, "stressor") && text::contains(rest, "bogo ops")) {
            mode = Mode::Table;
            sawHeader = true;
            hasUsageColumn = text::contains(rest, "CPU used per");
            continue;
        }
        if (mode != Mode::Outside && text::startsWith(rest, "(")) {
            continue; // the second header line: "(secs)    (secs) ..."
        }
        if (mode != Mode::Outside && text::startsWith(rest, "miscellaneous metrics")) {
            mode = Mode::Misc;
            continue;
        }
        const auto f = fields(rest);
        const bool looksLikeRow = f.size() >= 2 && number(f[1]).has_value();
        if (mode == Mode::Table && looksLikeRow) {
            // stressor, bogo ops, real, usr, sys (s), bogo ops/s real, bogo ops/s usr+sys,
            // [CPU used per instance %, RSS max KB]
            const std::size_t need = hasUsageColumn ? 9 : 7;
            std::vector<double> v;
            for (std::size_t i = 1; i < f.size() && i < need; ++i) {
                const auto x = number(f[i]);
                if (!x || *x < 0) {
                    break;
                }
                v.push_back(*x);
            }
            if (v.size() + 1 < need) {
                return parseError(displayName,
                                  lineNo,
                                  "metrics row for " + inQuotes(f[0]) + ": expected "
                                      + std::to_string(need - 1)
                                      + " non-negative numbers after the stressor name "
                                        "(truncated line?)");
            }
            const std::string stressor(f[0]);
            if (!seenStressors.insert(stressor).second) {
                return parseError(displayName,
                                  lineNo,
                                  "second metrics row for stressor " + inQuotes(stressor)
                                      + ": expected one stress-ng run per file");
            }
            run.samples.push_back(makeSample("cpu.bogo_ops_per_s", v[4], "ops/s", stressor));
            run.samples.push_back(makeSample("cpu.bogo_ops_per_cpu_s", v[5], "ops/s", stressor));
            if (hasUsageColumn) {
                run.samples.push_back(makeSample("cpu.usage_per_instance", v[6], "%", stressor));
            }
            continue;
        }
        if (mode == Mode::Misc && looksLikeRow) {
            // "stream  12649.70 memory read rate (MB per sec) (geometic mean of 1 instances)"
            const std::string stressor(f[0]);
            const double value = *number(f[1]);
            const auto descStart =
                static_cast<std::size_t>(f[1].data() - rest.data()) + f[1].size();
            const std::string_view desc = text::trim(rest.substr(descStart));
            const auto open = desc.find('(');
            const auto close = desc.find(')', open == std::string_view::npos ? 0 : open);
            const ExtraUnit* unit = nullptr;
            if (open != std::string_view::npos && close != std::string_view::npos) {
                const auto unitText = desc.substr(open + 1, close - open - 1);
                for (const auto& candidate : kExtraUnits) {
                    if (unitText == candidate.logUnit) {
                        unit = &candidate;
                    }
                }
            }
            if (!unit || value < 0) {
                warnOnce(run,
                         "miscellaneous metric " + inQuotes(desc)
                             + " not imported: its unit is not one cloudcost knows");
                continue;
            }
            const std::string metric = extraMetric(stressor, text::trim(desc.substr(0, open)));
            if (!seenMisc.insert(metric).second) {
                return parseError(displayName,
                                  lineNo,
                                  "second " + inQuotes(desc) + " row for stressor "
                                      + inQuotes(stressor));
            }
            run.samples.push_back(makeSample(metric, value * unit->factor, unit->unit, stressor));
            continue;
        }
        mode = Mode::Outside;
    }
    if (run.samples.empty()) {
        return parseError(displayName,
                          0,
                          sawHeader ? "the metrics table has no stressor rows (truncated log?)"
                                    : std::string("no metrics table found: expected ") + kLogWhat);
    }
    for (auto& s : run.samples) {
        const auto it = workers.find(s.parameters["stressor"]);
        if (it != workers.end()) {
            s.parameters["workers"] = it->second;
        }
        if (!durationS.empty()) {
            s.parameters["duration_s"] = durationS;
        }
    }
    if (workers.empty()) {
        run.warnings.push_back("no 'dispatching hogs' line: the number of workers is unknown");
    }
    run.warnings.push_back("stress-ng's log names neither its version nor the "
                           "--<stressor>-method options: compare only runs made with the same "
                           "stress-ng and command line");
    return run;
}

} // namespace

void registerStressNgImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"stress-ng-yaml",
                   "stress-ng --metrics --yaml FILE document (bogo-ops/s per stressor)",
                   sniffYaml,
                   parseYaml});
    out.push_back({"stress-ng-log",
                   "stress-ng log with its metrics table (--metrics or --metrics-brief)",
                   sniffLog,
                   parseLog});
}

} // namespace cloudcost::benchmark
