// lmbench 3 raw results files (results/<arch>/<host>.<n>, what PerfKitBenchmarker stores).
// Layout: data/benchmarks/lmbench/README.md of the shared data. Units from lmbench's own sources
// (revyos/lmbench3, src/): lib_timing.c defines KB = 1000 and MB = 10^6 for every "KB/sec",
// "MB/sec" and the size column of bandwidth curves; lat_mem_rd.c prints the size in MiB
// (range / 1024 / 1024) and ns per load; lat_ctx.c prints "size=<KiB>k" and microseconds per
// switch; lat_fs.c prints "<KiB>k files creates/s deletes/s"; lat_mmap (micromb) prints MB and
// microseconds. The summary tables of `make see` are recognised and refused (not supported yet).
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <cmath>
#include <cstdio>
#include <map>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;

constexpr const char* kWhat = "lmbench 3 raw results (a file starting '[lmbench3.0 results for "
                              "...]' with 'Simple syscall: ... microseconds' lines)";

struct SingleUnit
{
    const char* name;
    double factor;
    const char* unit;
    bool higherIsBetter;
};

constexpr SingleUnit kSingleUnits[] = {
    {"microseconds", 1e-6, "s", false},
    {"nanoseconds", 1e-9, "s", false},
    {"milliseconds", 1e-3, "s", false},
    {"KB/sec", 1e3, "B/s", true}, // lib_timing.c: KB = 1000
    {"MB/sec", 1e6, "B/s", true}, // lib_timing.c: MB = 10^6
};

// "[Thu Jul 19 20:14:29 UTC 2018]" -> "2018-07-19T20:14:29Z"; "" unless the zone is UTC/GMT.
std::string isoFromDateLine(std::string_view inner)
{
    const auto f = fields(inner);
    if (f.size() != 6 || (f[4] != "UTC" && f[4] != "GMT") || f[3].size() != 8) {
        return {};
    }
    static const char* kMonths[] =
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int month = 0;
    for (int m = 0; m < 12; ++m) {
        if (f[1] == kMonths[m]) {
            month = m + 1;
        }
    }
    const auto day = smallCount(f[2]);
    const auto year = smallCount(f[5]);
    if (month == 0 || !day || *day < 1 || *day > 31 || !year || *year < 1990 || *year > 2200) {
        return {};
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT", *year, month, *day);
    return std::string(buf) + std::string(f[3]) + "Z";
}

// A curve: a title line, then rows of numbers.
struct Block
{
    std::string title;
    std::size_t line = 0;
    std::vector<std::vector<std::string_view>> rows;
};

// True for a row of a curve: every field a number, or "<n>k" first (lat_fs), or a trailing
// "MB/sec" (bw_tcp).
bool isNumericRow(const std::vector<std::string_view>& f)
{
    if (f.size() < 2) {
        return false;
    }
    for (std::size_t i = 0; i < f.size(); ++i) {
        if (i == 0 && f[i].size() > 1 && f[i].back() == 'k'
            && smallCount(f[i].substr(0, f[i].size() - 1))) {
            continue;
        }
        if (i == f.size() - 1 && i >= 2 && f[i] == "MB/sec") {
            continue;
        }
        if (!number(f[i])) {
            return false;
        }
    }
    return true;
}

Sample makeSample(std::string metric, double value, const char* unit, bool higherIsBetter)
{
    Sample s;
    s.metric = std::move(metric);
    s.value = value;
    s.unit = unit;
    s.higherIsBetter = higherIsBetter;
    return s;
}

// Turns one curve into samples; false when the title is not a curve cloudcost knows.
bool addBlock(const Block& block, BenchmarkRun& run)
{
    std::string_view title = block.title;
    auto num = [](std::string_view s) {
        return *number(s);
    };
    if (text::startsWith(title, "stride=")) {
        // lat_mem_rd: "<MiB> <ns per load>". Its working sets are multiples of 512 bytes (LOWER
        // = 512 and the increments of step() in lat_mem_rd.c) and the size is printed to 10^-5
        // MiB (~5 bytes), so rounding to 512 bytes recovers the exact size. Same metric and
        // working_set_bytes as cloudcost's own pointer-chase probe; stride_bytes tells them apart
        // (lat_mem_rd walks with a fixed stride, the probe in random order).
        const std::string stride(text::trim(title.substr(7)));
        for (const auto& r : block.rows) {
            const double bytes = num(r[0]) * 1048576.0;
            if (bytes < 256 || bytes > 1e15) {
                continue;
            }
            const auto workingSet = static_cast<long long>(std::llround(bytes / 512.0)) * 512;
            auto s = makeSample("memory.latency", num(r[1]) * 1e-9, "s", false);
            s.parameters = {{"stride_bytes", stride},
                            {"working_set_bytes", std::to_string(workingSet)}};
            run.samples.push_back(std::move(s));
        }
        return true;
    }
    if (text::startsWith(title, "size=")) {
        // lat_ctx: "size=<KiB>k ovr=<us>", rows "<processes> <us per switch>"
        const auto f = fields(title);
        std::string_view kib = f[0].substr(5);
        if (text::endsWith(kib, "k")) {
            kib.remove_suffix(1);
        }
        const auto size = smallCount(kib);
        if (!size) {
            return false;
        }
        for (const auto& r : block.rows) {
            auto s = makeSample("lmbench.context_switch.latency", num(r[1]) * 1e-6, "s", false);
            s.parameters = {{"processes", std::string(r[0])},
                            {"process_size_bytes", std::to_string(*size * 1024LL)}};
            run.samples.push_back(std::move(s));
        }
        return true;
    }
    if (title == "mappings") {
        // lat_mmap: "<MB> <us per mapping>"
        for (const auto& r : block.rows) {
            auto s = makeSample("lmbench.mmap.latency", num(r[1]) * 1e-6, "s", false);
            s.parameters = {{"size_mb", std::string(r[0])}};
            run.samples.push_back(std::move(s));
        }
        return true;
    }
    if (title == "File system latency") {
        // lat_fs: "<KiB>k <files> <creates/s> <deletes/s>"; -1 when not measured.
        for (const auto& r : block.rows) {
            if (r.size() < 4 || r[0].back() != 'k') {
                continue;
            }
            const auto kib = smallCount(r[0].substr(0, r[0].size() - 1));
            if (!kib) {
                continue;
            }
            const std::string size = std::to_string(*kib * 1024LL);
            const std::pair<const char*, double> rates[] = {
                {"lmbench.file_create.rate", num(r[2])},
                {"lmbench.file_delete.rate", num(r[3])}};
            for (const auto& [metric, rate] : rates) {
                if (rate < 0) {
                    continue;
                }
                auto s = makeSample(metric, rate, "ops/s", true);
                s.parameters = {{"file_size_bytes", size}};
                run.samples.push_back(std::move(s));
            }
        }
        return true;
    }
    if (text::contains(title, "bandwidth") || text::contains(title, "bcopy")) {
        // bw_mem (also its "libc bcopy ..." curves), bw_file_rd, bw_mmap_rd, bw_tcp:
        // "<MB> <MB/s>" (MB = 10^6)
        const std::string metric = "lmbench." + slug(title);
        for (const auto& r : block.rows) {
            auto s = makeSample(metric, num(r[1]) * 1e6, "B/s", true);
            s.parameters = {{"size_mb", std::string(r[0])}};
            run.samples.push_back(std::move(s));
        }
        return true;
    }
    return false;
}

int sniffLmbench(std::string_view head, std::string_view /*fileName*/)
{
    if (text::startsWith(text::trim(head), "[lmbench") || text::contains(head, "[LMBENCH_VER:")) {
        return 95;
    }
    if (text::contains(head, "L M B E N C H")) {
        return 90; // summary tables: recognised so the user is told they are not supported
    }
    return 0;
}

Result<BenchmarkRun> parseLmbench(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kWhat); !ok) {
        return ok.error();
    }
    if (text::contains(content, "L M B E N C H")
        || text::contains(content, "Basic system parameters")) {
        return makeError(Error::Code::Unsupported,
                         "lmbench summary tables (make see / getsummary) are not supported: "
                         "import the raw results file (results/<arch>/<host>.<n>) instead",
                         displayName);
    }
    BenchmarkRun run;
    run.tool = "lmbench";
    bool sawHeader = false;
    std::optional<Block> block;
    std::string pendingTitle;
    std::size_t pendingTitleLine = 0;
    std::size_t unrecognised = 0;
    std::size_t firstUnrecognised = 0;
    std::map<std::string, std::size_t> singleSeen;

    // A pending title that no curve followed was noise (a tool error message): count it.
    auto dropTitle = [&]() {
        if (!pendingTitle.empty()) {
            ++unrecognised;
            firstUnrecognised = firstUnrecognised ? firstUnrecognised : pendingTitleLine;
            pendingTitle.clear();
        }
    };
    auto flush = [&]() {
        if (block && !block->rows.empty() && !addBlock(*block, run)) {
            warnOnce(run,
                     "curve " + inQuotes(block->title) + " (line " + std::to_string(block->line)
                         + ") not imported: not a curve cloudcost knows");
        }
        block.reset();
    };

    for (const auto& [rawLine, lineNo] : splitLines(content)) {
        const std::string_view line = text::trim(rawLine);
        if (line.empty()) {
            flush();
            dropTitle();
            continue;
        }
        if (line.front() == '[') {
            flush();
            dropTitle();
            if (line.back() != ']') {
                ++unrecognised;
                firstUnrecognised = firstUnrecognised ? firstUnrecognised : lineNo;
                continue;
            }
            const std::string_view inner = line.substr(1, line.size() - 2);
            if (text::startsWith(inner, "lmbench")) {
                sawHeader = true; // "[lmbench3.0 results for Linux host ...]"
                continue;
            }
            const auto colon = inner.find(": ");
            const std::string_view key =
                colon == std::string_view::npos ? inner : inner.substr(0, colon);
            const std::string_view value = colon == std::string_view::npos
                                               ? std::string_view()
                                               : text::trim(inner.substr(colon + 2));
            if (key == "LMBENCH VERSION") {
                sawHeader = true;
                run.toolVersion = std::string(value);
            } else if (key == "LMBENCH_VER") {
                sawHeader = true;
            } else if (key == "HOSTNAME") {
                run.host.hostname = std::string(value);
            } else if (key == "RELEASE") {
                run.host.kernel = std::string(value);
            } else if (key == "PROCESSORS") {
                if (const auto n = smallCount(value); n && *n > 0) {
                    run.host.logicalCpus = *n;
                }
            } else if (colon == std::string_view::npos) {
                if (auto iso = isoFromDateLine(inner); !iso.empty()) {
                    run.measuredAt = iso;
                }
            }
            continue;
        }
        const auto f = fields(line);
        if (isNumericRow(f)) {
            if (!block) {
                if (pendingTitle.empty()) {
                    ++unrecognised; // numbers without a title: not attributable
                    firstUnrecognised = firstUnrecognised ? firstUnrecognised : lineNo;
                    continue;
                }
                block = Block{pendingTitle, pendingTitleLine, {}};
                pendingTitle.clear();
            }
            block->rows.push_back(f);
            continue;
        }
        flush();
        // "<label>: <number> <unit>", the number and unit after the last ": ".
        const auto colon = line.rfind(": ");
        if (colon != std::string_view::npos) {
            const auto after = fields(line.substr(colon + 2));
            const SingleUnit* unit = nullptr;
            if (after.size() == 2) {
                for (const auto& candidate : kSingleUnits) {
                    if (after[1] == candidate.name) {
                        unit = &candidate;
                    }
                }
            }
            const auto value = after.size() == 2 ? number(after[0]) : std::nullopt;
            if (unit && value) {
                if (*value < 0) {
                    return parseError(displayName,
                                      lineNo,
                                      "negative result " + inQuotes(after[0]) + " for "
                                          + inQuotes(line.substr(0, colon)));
                }
                std::string label(text::trim(line.substr(0, colon)));
                std::map<std::string, std::string> params;
                std::string metric;
                if (text::startsWith(label, "File ") && text::endsWith(label, " write bandwidth")) {
                    params["file"] = label.substr(5, label.size() - 5 - 16);
                    metric = "lmbench.file_write_bandwidth";
                } else if (text::startsWith(label, "Pagefaults on ")) {
                    params["file"] = label.substr(14);
                    metric = "lmbench.pagefault_latency";
                } else if (text::startsWith(label, "Select on ") && text::endsWith(label, "fd's")) {
                    // "Select on 100 tcp fd's": a sweep over the number of descriptors
                    const auto sf = fields(label);
                    params["fds"] = std::string(sf[2]);
                    metric = sf.size() == 5 ? "lmbench.select_tcp_fd_latency"
                                            : "lmbench.select_fd_latency";
                } else {
                    metric = "lmbench." + slug(label);
                }
                const std::string key = metric + params["fds"] + params["file"];
                if (const auto it = singleSeen.find(key); it != singleSeen.end()) {
                    warnOnce(run,
                             inQuotes(label) + " appears again on line " + std::to_string(lineNo)
                                 + " (first on line " + std::to_string(it->second)
                                 + "); both kept");
                } else {
                    singleSeen[key] = lineNo;
                }
                auto s =
                    makeSample(metric, *value * unit->factor, unit->unit, unit->higherIsBetter);
                s.parameters = std::move(params);
                run.samples.push_back(std::move(s));
                dropTitle();
                continue;
            }
        }
        // Anything else may be the title of the next curve ("\"read bandwidth",
        // "Memory read bandwidth", "Socket bandwidth using localhost") or noise (RPC errors).
        dropTitle();
        pendingTitle = std::string(line.front() == '"' ? line.substr(1) : line);
        pendingTitleLine = lineNo;
    }
    flush();
    dropTitle();
    if (!sawHeader) {
        return parseError(displayName,
                          1,
                          std::string("no '[lmbench3.0 results for ...]' or '[LMBENCH VERSION: "
                                      "...]' line: expected ")
                              + kWhat);
    }
    if (run.samples.empty()) {
        return parseError(displayName,
                          0,
                          "no lmbench results found (no '<test>: <number> microseconds' lines or "
                          "curves): truncated file?");
    }
    if (unrecognised > 0) {
        run.warnings.push_back(std::to_string(unrecognised)
                               + " line(s) not recognised as lmbench results and skipped (first "
                                 "on line "
                               + std::to_string(firstUnrecognised)
                               + "; lmbench also logs tool errors there)");
    }
    return run;
}

} // namespace

void registerLmbenchImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"lmbench-raw",
                   "lmbench 3 raw results file (OS latencies, bandwidth and latency curves)",
                   sniffLmbench,
                   parseLmbench});
}

} // namespace cloudcost::benchmark
