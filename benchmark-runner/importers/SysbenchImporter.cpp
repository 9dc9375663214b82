// sysbench text output (1.0.x and 1.1.x layouts; cpu, memory, fileio run and prepare, OLTP),
// with or without the header, concatenated runs ("CPU n sysbench ..."), a UTF-8 BOM and any
// `--percentile`. Labels and units: data/benchmarks/sysbench/README.md and BENCHMARKS.md §1.4;
// metric names and conversions: docs/BENCHMARK-IMPORT.md.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <cmath>
#include <map>
#include <optional>
#include <regex>

namespace cloudcost::benchmark {

namespace {

namespace ti = textimport;

constexpr double kMib = 1048576.0; // sysbench MiB = 2^20 bytes (sysbench README, memory)
constexpr double kMsToS = 1e-3;    // latency block is in ms (sysbench README, trailer)

enum class Test
{
    Unknown,
    Cpu,
    Memory,
    FileIo,
    FilePrepare,
    Oltp,
};

// A number with the line it came from.
struct Value
{
    double value = 0;
    std::size_t line = 0;
};

// One sysbench run: the lines from one header to the next (or the whole excerpt).
struct Segment
{
    std::string version;
    std::string cpuPrefix; // "0" for "CPU 0 sysbench ..." (PKB's per-CPU runs)
    bool hasHeader = false;
    std::vector<ti::Line> lines;
};

// Everything one segment reported.
struct Report
{
    Test test = Test::Unknown;
    std::map<std::string, std::string> params;
    std::string fileMode; // rndrw, rndrd, rndwr, seqrd, seqwr, seqrewr
    std::optional<Value> cpuEventsPerS, eps;
    std::optional<Value> memOpsPerS, memBandwidthMibS;
    std::optional<Value> readsPerS, writesPerS, fsyncsPerS, readMibS, writtenMibS;
    std::optional<Value> prepareMibS;
    std::optional<Value> tps, qps, ignoredErrors;
    std::map<std::string, Value> latencyMs; // "mean", "max", "p95" ...
    std::vector<double> intervalRates;      // tps or eps of `--report-interval` lines
};

const char* fileModeOf(std::string_view doing)
{
    static const std::pair<const char*, const char*> kModes[] = {
        {"Doing random r/w test", "rndrw"},
        {"Doing random read test", "rndrd"},
        {"Doing random write test", "rndwr"},
        {"Doing sequential read test", "seqrd"},
        {"Doing sequential write (creation) test", "seqwr"},
        {"Doing sequential rewrite test", "seqrewr"},
    };
    for (const auto& [text, mode] : kModes) {
        if (doing == text) {
            return mode;
        }
    }
    return nullptr;
}

// "4KiB", "1024KiB", "16KiB", "64MiB", "65536Kb" -> bytes (sysbench's sizes are binary).
std::optional<double> sizeBytes(std::string_view s)
{
    s = text::trim(s);
    static const std::pair<const char*, double> kUnits[] = {
        {"GiB", 1073741824.0},
        {"MiB", 1048576.0},
        {"KiB", 1024.0},
        {"Gb", 1073741824.0}, // `fileio prepare` prints "65536Kb each, 256Mb total" for KiB/MiB
        {"Mb", 1048576.0},
        {"Kb", 1024.0},
        {"B", 1.0},
    };
    for (const auto& [unit, mult] : kUnits) {
        if (text::endsWith(s, unit)) {
            auto v = ti::number(s.substr(0, s.size() - std::string_view(unit).size()));
            if (v && *v >= 0) {
                return *v * mult;
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::string formatCount(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    return std::to_string(v);
}

// Splits the content into runs at each header line ("sysbench 1.0.20 (using ...)",
// "CPU 3 sysbench 1.0.11 ...", "sysbench 0.5:  multi-threaded ...").
std::vector<Segment> segments(std::string_view content)
{
    static const std::regex kHeader(R"(^\s*(?:CPU (\d+) +)?sysbench (\d+\.\d+[^\s:]*))");
    std::vector<Segment> out(1);
    for (const auto& line : ti::splitLines(content)) {
        std::cmatch m;
        if (std::regex_search(line.text.data(), line.text.data() + line.text.size(), m, kHeader)) {
            if (out.back().hasHeader || !out.back().lines.empty()) {
                // Text before the first header that holds no results is dropped with it.
                out.emplace_back();
            }
            out.back().hasHeader = true;
            out.back().version = m[2].str();
            out.back().cpuPrefix = m[1].str();
            continue;
        }
        out.back().lines.push_back(line);
    }
    return out;
}

class SegmentParser
{
public:
    SegmentParser(const std::string& displayName, BenchmarkRun& run)
        : m_displayName(displayName)
        , m_run(run)
    {}

    Result<Report> parse(const Segment& segment)
    {
        for (const auto& line : segment.lines) {
            if (auto st = parseLine(line); !st) {
                return st.error();
            }
        }
        return m_report;
    }

private:
    // The number in value (a trailing unit such as "s" or "ms" stripped); an error naming the
    // line and label when it is not a finite number >= 0.
    Result<Value> numberAt(std::string_view value,
                           const ti::Line& line,
                           std::string_view label,
                           std::string_view suffix = {})
    {
        value = text::trim(value);
        if (!suffix.empty() && text::endsWith(value, suffix)) {
            value.remove_suffix(suffix.size());
        }
        auto v = ti::number(value);
        if (!v || *v < 0) {
            return ti::parseError(m_displayName,
                                  line.number,
                                  std::string(label) + ": expected a number >= 0, found "
                                      + ti::quoted(value));
        }
        return Value{*v, line.number};
    }

    Status set(std::optional<Value>& slot,
               std::string_view value,
               const ti::Line& line,
               std::string_view label,
               std::string_view suffix = {})
    {
        auto v = numberAt(value, line, label, suffix);
        if (!v) {
            return v.error();
        }
        slot = *v;
        return {};
    }

    // "18096108 (2261068.57 per second)" -> the rate in parentheses.
    Status setRateInParens(std::optional<Value>& slot,
                           std::string_view value,
                           const ti::Line& line,
                           std::string_view label)
    {
        const auto open = value.find('(');
        const auto close = value.find(')', open);
        if (open == std::string_view::npos || close == std::string_view::npos) {
            return ti::parseError(m_displayName,
                                  line.number,
                                  std::string(label) + ": expected `N (X per sec.)`, found "
                                      + ti::quoted(value));
        }
        auto f = ti::fields(value.substr(open + 1, close - open - 1));
        if (f.empty()) {
            return ti::parseError(m_displayName, line.number, std::string(label) + ": no rate");
        }
        return set(slot, f[0], line, label);
    }

    void noteTest(Test t)
    {
        if (m_report.test == Test::Unknown) {
            m_report.test = t;
        }
    }

    Status parseLine(const ti::Line& line)
    {
        static const std::regex kInterval(
            R"(^\[\s*[0-9.]+s\s*\]\s+thds:\s*\d+\s+(tps|eps):\s*([^\s]+))");
        static const std::regex kTransferred(R"(^([0-9.]+) MiB transferred \(([^ ]+) MiB/sec\))");
        static const std::regex kTransferred11(R"(^([^ ]+) MiB/sec transferred$)");
        static const std::regex kPrepare(
            R"(^(\d+) bytes written in ([0-9.]+) seconds \(([^ ]+) MiB/sec\)\.?$)");
        static const std::regex kFiles(R"(^(\d+) files, (\S+) each(?:, (\S+) total)?$)");
        static const std::regex kIops11(
            R"(^(read|write|fsync):\s+IOPS=([^\s]+)(?:\s+([^\s]+) MiB/s)?)");

        const std::string_view t = text::trim(line.text);
        if (t.empty()) {
            return {};
        }
        const std::string s(t);
        std::smatch m;
        if (std::regex_search(s, m, kInterval)) {
            auto v = numberAt(m[2].str(), line, m[1].str());
            if (!v) {
                return v.error();
            }
            m_report.intervalRates.push_back(v->value);
            if (m[1] == "tps") {
                noteTest(Test::Oltp);
            }
            return {};
        }
        if (std::regex_match(s, m, kTransferred)) {
            noteTest(Test::Memory);
            return set(m_report.memBandwidthMibS, m[2].str(), line, "MiB/sec");
        }
        if (std::regex_match(s, m, kTransferred11)) {
            noteTest(Test::Memory);
            return set(m_report.memBandwidthMibS, m[1].str(), line, "MiB/sec");
        }
        if (std::regex_match(s, m, kPrepare)) {
            m_report.test = Test::FilePrepare;
            return set(m_report.prepareMibS, m[3].str(), line, "MiB/sec");
        }
        if (std::regex_match(s, m, kFiles)) {
            m_report.params["files"] = m[1].str();
            if (m[3].matched) {
                if (auto total = sizeBytes(m[3].str())) {
                    m_report.params["file_total_size"] = formatCount(*total);
                }
            }
            return {};
        }
        if (const char* mode = fileModeOf(t)) {
            noteTest(Test::FileIo);
            m_report.fileMode = mode;
            return {};
        }
        if (text::startsWith(t, "Running memory speed test")) {
            noteTest(Test::Memory);
            return {};
        }
        if (text::startsWith(t, "Block size ")) { // fileio: "Block size 16KiB" (no colon)
            if (auto bytes = sizeBytes(t.substr(11))) {
                m_report.params["block_size"] = formatCount(*bytes);
            }
            return {};
        }
        if (text::endsWith(t, "total file size")) {
            if (auto bytes = sizeBytes(t.substr(0, t.size() - 15))) {
                m_report.params["file_total_size"] = formatCount(*bytes);
            }
            return {};
        }
        if (text::startsWith(t, "Periodic FSYNC enabled, calling fsync() each ")) {
            auto f = ti::fields(t.substr(45));
            if (!f.empty()) {
                m_report.params["fsync_freq"] = std::string(f[0]);
            }
            return {};
        }
        if (t == "Using synchronous I/O mode" || t == "Using asynchronous I/O mode") {
            m_report.params["io_mode"] = t == "Using synchronous I/O mode" ? "sync" : "async";
            return {};
        }
        if (std::regex_search(s, m, kIops11) && m_section == "throughput") {
            noteTest(Test::FileIo); // sysbench 1.1 fileio layout
            const std::string dir = m[1];
            auto& iops = dir == "read"    ? m_report.readsPerS
                         : dir == "write" ? m_report.writesPerS
                                          : m_report.fsyncsPerS;
            if (auto st = set(iops, m[2].str(), line, dir + " IOPS"); !st) {
                return st;
            }
            if (m[3].matched && dir != "fsync") {
                auto& bw = dir == "read" ? m_report.readMibS : m_report.writtenMibS;
                return set(bw, m[3].str(), line, dir + " MiB/s");
            }
            return {};
        }
        const auto colon = t.find(':');
        if (colon == std::string_view::npos) {
            return {};
        }
        const std::string label(text::trim(t.substr(0, colon)));
        const std::string_view value = text::trim(t.substr(colon + 1));
        if (value.empty()) {
            m_section = text::toLower(label); // "Latency (ms)", "File operations", ...
            // `queries performed:` opens a sub-block inside `SQL statistics:`.
            if (m_section == "sql statistics" || m_section == "queries performed") {
                noteTest(Test::Oltp);
            } else if (m_section == "file operations") {
                noteTest(Test::FileIo);
            } else if (m_section == "cpu speed") {
                noteTest(Test::Cpu);
            }
            return {};
        }
        return parseLabel(label, value, line);
    }

    Status parseLabel(const std::string& label, std::string_view value, const ti::Line& line)
    {
        static const std::regex kPercentile(
            R"(^(?:approx\.\s+)?(\d+(?:\.\d+)?)(?:th)? percentile$)");
        if (label == "Number of threads") {
            auto v = numberAt(value, line, label);
            if (!v) {
                return v.error();
            }
            m_report.params["threads"] = formatCount(v->value);
            return {};
        }
        if (label == "Prime numbers limit") {
            noteTest(Test::Cpu);
            auto v = numberAt(value, line, label);
            if (!v) {
                return v.error();
            }
            m_report.params["max_prime"] = formatCount(v->value);
            return {};
        }
        if (label == "block size" || label == "total size" || label == "operation"
            || label == "scope") {
            noteTest(Test::Memory);
            if (label == "block size") {
                auto bytes = sizeBytes(value);
                if (!bytes) {
                    return ti::parseError(m_displayName,
                                          line.number,
                                          "block size: expected a size like 4KiB, found "
                                              + ti::quoted(value));
                }
                m_report.params["block_size"] = formatCount(*bytes);
            } else if (label == "operation" || label == "scope") {
                m_report.params[label] = std::string(value);
            }
            return {};
        }
        if (label == "Extra file open flags") {
            noteTest(Test::FileIo);
            const bool none = value == "(none)" || value == "0";
            m_report.params["file_flags"] = none ? "none" : std::string(value);
            return {};
        }
        if (label == "Read/Write ratio for combined random IO test") {
            m_report.params["rw_ratio"] = std::string(value);
            return {};
        }
        if (label == "Total operations") {
            noteTest(Test::Memory);
            return setRateInParens(m_report.memOpsPerS, value, line, label);
        }
        if (m_section == "cpu speed" && label == "events per second") {
            return set(m_report.cpuEventsPerS, value, line, label);
        }
        if (label == "events/s (eps)") {
            return set(m_report.eps, value, line, label);
        }
        if (m_section == "file operations") {
            if (label == "reads/s") {
                return set(m_report.readsPerS, value, line, label);
            }
            if (label == "writes/s") {
                return set(m_report.writesPerS, value, line, label);
            }
            if (label == "fsyncs/s") {
                return set(m_report.fsyncsPerS, value, line, label);
            }
        }
        if (m_section == "throughput") {
            if (label == "read, MiB/s") {
                return set(m_report.readMibS, value, line, label);
            }
            if (label == "written, MiB/s") {
                return set(m_report.writtenMibS, value, line, label);
            }
        }
        // `queries performed:` opens a sub-block inside `SQL statistics:`.
        if (m_section == "sql statistics" || m_section == "queries performed") {
            if (label == "transactions") {
                return setRateInParens(m_report.tps, value, line, label);
            }
            if (label == "queries") {
                return setRateInParens(m_report.qps, value, line, label);
            }
            if (label == "ignored errors") {
                auto f = ti::fields(value);
                return set(m_report.ignoredErrors, f.empty() ? value : f[0], line, label);
            }
        }
        const bool latencyBlock = m_section == "latency (ms)" || m_section == "response time"
                                  || m_section == "per-request statistics";
        if (latencyBlock) {
            // 0.4/0.5 print "avg: 0.65ms" under "per-request statistics"/"response time".
            std::smatch m;
            std::string key;
            if (label == "avg") {
                key = "mean";
            } else if (label == "max") {
                key = "max";
            } else if (std::regex_match(label, m, kPercentile)) {
                auto p = ti::number(m[1].str());
                if (!p || *p <= 0 || *p > 100) {
                    ti::warnOnce(m_run,
                                 "line " + std::to_string(line.number) + ": percentile label "
                                     + ti::quoted(label)
                                     + " is not a percentage between 0 and 100: skipped");
                    return {};
                }
                key = "p" + m[1].str();
            } else {
                return {}; // min, sum
            }
            auto v = numberAt(value, line, label, "ms");
            if (!v) {
                return v.error();
            }
            m_report.latencyMs[key] = *v;
            return {};
        }
        return {};
    }

    const std::string& m_displayName;
    BenchmarkRun& m_run;
    Report m_report;
    std::string m_section;
};

Sample makeSample(std::string metric,
                  double value,
                  const char* unit,
                  bool higherIsBetter,
                  const std::map<std::string, std::string>& params)
{
    Sample s;
    s.metric = std::move(metric);
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = higherIsBetter;
    s.parameters = params;
    return s;
}

// Turns one segment's report into samples; labels carry the segment's run or CPU when a file
// concatenates several runs.
void emit(const Report& r, std::map<std::string, std::string> params, BenchmarkRun& run)
{
    for (const auto& [k, v] : r.params) {
        params[k] = v;
    }
    std::vector<Sample>& out = run.samples;
    std::string latencyPrefix = "sysbench.event_latency";
    switch (r.test) {
    case Test::Cpu: {
        latencyPrefix = "cpu.event_latency";
        // 1.1 prints the same rate twice; `events/s (eps)` has more digits.
        const auto& rate = r.eps ? r.eps : r.cpuEventsPerS;
        if (rate) {
            out.push_back(makeSample("cpu.events_per_s", rate->value, "ops/s", true, params));
            out.back().rawValues = r.intervalRates;
        }
        break;
    }
    case Test::Memory:
        latencyPrefix = "memory.event_latency";
        if (r.memBandwidthMibS) {
            out.push_back(makeSample("memory.bandwidth",
                                     r.memBandwidthMibS->value * kMib,
                                     "B/s",
                                     true,
                                     params));
        }
        if (r.memOpsPerS || r.eps) {
            const auto& rate = r.memOpsPerS ? r.memOpsPerS : r.eps;
            out.push_back(makeSample("memory.ops_per_s", rate->value, "ops/s", true, params));
        }
        break;
    case Test::FileIo: {
        latencyPrefix = "disk.fileio.event_latency";
        std::string pattern;
        if (!r.fileMode.empty()) {
            params["file_mode"] = r.fileMode;
            pattern = text::startsWith(r.fileMode, "rnd") ? "rand" : "seq";
        } else {
            ti::warnOnce(run,
                         "no `Doing ... test` line: random or sequential unknown, metrics named "
                         "disk.read/disk.write");
        }
        // A direction the mode did not use prints 0.00: not a measurement of it.
        auto rate = [&](const std::optional<Value>& v,
                        const std::string& metric,
                        const char* unit,
                        double scale) {
            if (v && v->value > 0) {
                out.push_back(makeSample(metric, v->value * scale, unit, true, params));
            }
        };
        rate(r.readsPerS, "disk." + pattern + "read.iops", "ops/s", 1.0);
        rate(r.writesPerS, "disk." + pattern + "write.iops", "ops/s", 1.0);
        rate(r.readMibS, "disk." + pattern + "read.bandwidth", "B/s", kMib);
        rate(r.writtenMibS, "disk." + pattern + "write.bandwidth", "B/s", kMib);
        rate(r.fsyncsPerS, "disk.fsync.iops", "ops/s", 1.0);
        break;
    }
    case Test::FilePrepare:
        if (r.prepareMibS) {
            out.push_back(makeSample("disk.file_create.bandwidth",
                                     r.prepareMibS->value * kMib,
                                     "B/s",
                                     true,
                                     params));
        }
        break;
    case Test::Oltp:
        latencyPrefix = "db.transaction_latency";
        if (r.tps || r.eps) {
            const auto& rate = r.tps ? r.tps : r.eps;
            out.push_back(makeSample("db.transactions_per_s", rate->value, "ops/s", true, params));
            out.back().rawValues = r.intervalRates;
        }
        if (r.qps) {
            out.push_back(makeSample("db.queries_per_s", r.qps->value, "ops/s", true, params));
        }
        if (r.ignoredErrors && r.ignoredErrors->value > 0) {
            ti::warnOnce(run,
                         "line " + std::to_string(r.ignoredErrors->line) + ": "
                             + formatCount(r.ignoredErrors->value)
                             + " ignored SQL error(s) during the run");
        }
        break;
    case Test::Unknown:
        if (r.eps) {
            out.push_back(makeSample("sysbench.events_per_s", r.eps->value, "ops/s", true, params));
            out.back().rawValues = r.intervalRates;
        }
        break;
    }
    for (const auto& [key, v] : r.latencyMs) {
        if (v.value == 0) {
            // sysbench prints 2 decimals of ms: faster events show 0.00 (sysbench README).
            ti::warnOnce(run,
                         "line " + std::to_string(v.line) + ": latency " + key
                             + " printed as 0.00 ms (below sysbench's 10 µs resolution): "
                               "not imported");
            continue;
        }
        out.push_back(makeSample(latencyPrefix + "." + key, v.value * kMsToS, "s", false, params));
    }
}

Result<BenchmarkRun> parseSysbench(std::string_view content, const std::string& displayName)
{
    if (auto st = ti::checkText(content, displayName, "sysbench text output"); !st) {
        return st.error();
    }
    BenchmarkRun run;
    run.tool = "sysbench";
    auto parts = segments(content);
    // Drop a leading headerless part that only held preamble (shell lines) before a header.
    std::vector<Segment> runs;
    for (auto& seg : parts) {
        if (seg.hasHeader || !seg.lines.empty()) {
            runs.push_back(std::move(seg));
        }
    }
    std::size_t index = 0;
    std::size_t withSamples = 0;
    for (const auto& seg : runs) {
        ++index;
        if (!seg.hasHeader) {
            run.warnings.push_back(
                "no `sysbench X.Y` header line (an excerpt): the version and options such as "
                "the thread count may be unknown");
        } else if (run.toolVersion.empty()) {
            run.toolVersion = seg.version;
        } else if (seg.version != run.toolVersion) {
            ti::warnOnce(run, "runs of different sysbench versions in one file");
        }
        SegmentParser parser(displayName, run);
        auto report = parser.parse(seg);
        if (!report) {
            return report.error();
        }
        std::map<std::string, std::string> params;
        if (!seg.cpuPrefix.empty()) {
            params["cpu"] = seg.cpuPrefix;
        } else if (runs.size() > 1) {
            params["run"] = std::to_string(index);
        }
        const std::size_t before = run.samples.size();
        emit(*report, params, run);
        if (run.samples.size() > before) {
            ++withSamples;
        } else if (seg.hasHeader && runs.size() > 1) {
            ti::warnOnce(run,
                         "run " + std::to_string(index) + " (sysbench " + seg.version
                             + ") has no results");
        }
    }
    if (withSamples == 0) {
        return makeError(Error::Code::ParseFailed,
                         "no sysbench results found (expected blocks such as `CPU speed:`, "
                         "`File operations:`, `SQL statistics:`, `MiB transferred` or "
                         "`Latency (ms):`)",
                         displayName);
    }
    return run;
}

int sniffSysbench(std::string_view head, std::string_view /*fileName*/)
{
    static const std::regex kHeader(R"((^|\n)\s*(CPU \d+ +)?sysbench \d+\.\d+)");
    if (std::regex_search(head.begin(), head.end(), kHeader)) {
        return 90;
    }
    int score = 0;
    for (const char* marker : {"Threads fairness:",
                               "events per second:",
                               "General statistics:",
                               "SQL statistics:",
                               "File operations:",
                               "events/s (eps):",
                               "MiB transferred ("}) {
        if (text::contains(head, marker)) {
            score += 25;
        }
    }
    if (text::contains(head, "Latency (ms):")) {
        score += 20;
    }
    return std::min(score, 85);
}

} // namespace

void registerSysbenchImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"sysbench-text",
                   "sysbench 1.0/1.1 text output: cpu, memory, fileio (run and prepare), OLTP; "
                   "excerpts without header",
                   sniffSysbench,
                   parseSysbench});
}

} // namespace cloudcost::benchmark
