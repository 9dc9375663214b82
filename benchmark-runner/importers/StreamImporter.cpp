// STREAM (McCalpin, stream.c 5.10) text output. Layout and units: data/benchmarks/stream/README.md
// of the shared data: "Best Rate MB/s" is decimal (10^6 B/s) and computed from the minimum time;
// a report whose validation failed is discarded.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <array>
#include <map>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;

constexpr const char* kWhat =
    "a STREAM report (stream.c output with a 'Function    Best Rate MB/s' "
    "table)";

struct Kernel
{
    const char* label; // as printed, with the colon
    const char* metric;
};

constexpr std::array<Kernel, 4> kKernels = {{
    {"Copy:", "memory.copy.bandwidth"},
    {"Scale:", "memory.scale.bandwidth"},
    {"Add:", "memory.add.bandwidth"},
    {"Triad:", "memory.triad.bandwidth"},
}};

// The integer after "= " in "Array size = 20000000 (elements), ..." or "... = 2".
std::optional<double> numberAfterEquals(std::string_view line)
{
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
        return std::nullopt;
    }
    const auto f = fields(line.substr(eq + 1));
    return f.empty() ? std::nullopt : number(f[0]);
}

int sniffStream(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "STREAM version $Revision")) {
        return 95;
    }
    if (text::contains(head, "Best Rate MB/s") && text::contains(head, "Triad:")) {
        return 80;
    }
    return 0;
}

Result<BenchmarkRun> parseStream(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kWhat); !ok) {
        return ok.error();
    }
    BenchmarkRun run;
    run.tool = "stream";
    std::map<std::string, std::string> params;
    std::optional<int> threadsRequested;
    std::optional<int> threadsCounted;
    bool sawTable = false;
    bool validated = false;
    std::map<std::string, std::size_t> kernelLine; // metric -> line, to refuse duplicates
    std::vector<Sample> samples;

    for (const auto& [lineText, lineNo] : splitLines(content)) {
        const std::string_view line = text::trim(lineText);
        if (text::startsWith(line, "STREAM version $Revision:")) {
            const auto f = fields(line.substr(25));
            if (!f.empty() && f[0] != "$") {
                run.toolVersion = std::string(f[0]);
            }
        } else if (text::startsWith(line, "This system uses ")) {
            const auto f = fields(line.substr(17));
            if (!f.empty() && smallCount(f[0])) {
                params["bytes_per_element"] = std::string(f[0]);
            }
        } else if (text::startsWith(line, "Array size =")) {
            const auto n = numberAfterEquals(line);
            if (!n || *n <= 0) {
                return parseError(displayName, lineNo, "expected 'Array size = N (elements)'");
            }
            params["array_elements"] = std::string(fields(line.substr(line.find('=') + 1))[0]);
        } else if (text::startsWith(line, "Each kernel will be executed ")) {
            const auto f = fields(line.substr(29));
            if (!f.empty() && smallCount(f[0])) {
                params["repetitions"] = std::string(f[0]);
            }
        } else if (text::startsWith(line, "Number of Threads requested")) {
            if (const auto n = numberAfterEquals(line); n && *n >= 1 && *n < 1e6) {
                threadsRequested = static_cast<int>(*n);
            }
        } else if (text::startsWith(line, "Number of Threads counted")) {
            if (const auto n = numberAfterEquals(line); n && *n >= 1 && *n < 1e6) {
                threadsCounted = static_cast<int>(*n);
            }
        } else if (text::startsWith(line, "Function") && text::contains(line, "Best Rate")) {
            if (!text::contains(line, "MB/s")) {
                return parseError(displayName,
                                  lineNo,
                                  "results table header without 'MB/s': expected 'Best Rate MB/s' "
                                  "(this STREAM variant reports another unit)");
            }
            sawTable = true;
        } else if (text::contains(line, "Solution Validates")) {
            validated = true;
        } else if (text::contains(line, "Failed Validation")) {
            return parseError(displayName,
                              lineNo,
                              "STREAM reports a failed validation (" + inQuotes(line)
                                  + "): its bandwidth figures are not valid, so the run is not "
                                    "imported");
        } else {
            // Kernel rows: the kernel name is the first field, or the second behind a prefix some
            // forks print ("TASK"); the Best Rate is the number right after it.
            const auto f = fields(line);
            for (std::size_t k = 0; k < f.size() && k < 2; ++k) {
                const Kernel* kernel = nullptr;
                for (const auto& candidate : kKernels) {
                    if (f[k] == candidate.label) {
                        kernel = &candidate;
                    }
                }
                if (!kernel) {
                    continue;
                }
                if (!sawTable) {
                    return parseError(displayName,
                                      lineNo,
                                      "kernel row " + inQuotes(f[k])
                                          + " before the 'Function    Best Rate MB/s' header");
                }
                const auto rate = k + 1 < f.size() ? number(f[k + 1]) : std::nullopt;
                if (!rate || *rate <= 0) {
                    return parseError(
                        displayName,
                        lineNo,
                        "expected a positive Best Rate (MB/s) after " + inQuotes(f[k]) + ", found "
                            + (k + 1 < f.size() ? inQuotes(f[k + 1]) : std::string("nothing")));
                }
                if (const auto it = kernelLine.find(kernel->metric); it != kernelLine.end()) {
                    return parseError(displayName,
                                      lineNo,
                                      "second " + inQuotes(f[k]) + " row (first on line "
                                          + std::to_string(it->second)
                                          + "): expected one STREAM report per file");
                }
                kernelLine[kernel->metric] = lineNo;
                Sample s;
                s.metric = kernel->metric;
                s.value = *rate * 1e6; // MB/s = 10^6 B/s (README, stream.c)
                s.unit = "B/s";
                s.higherIsBetter = true;
                samples.push_back(std::move(s));
                break;
            }
        }
    }

    if (samples.empty()) {
        return parseError(displayName,
                          0,
                          sawTable
                              ? "the results table has no 'Copy:', 'Scale:', 'Add:' or "
                                "'Triad:' row (truncated report?)"
                              : std::string("no STREAM results table found: expected ") + kWhat);
    }
    if (samples.size() < kKernels.size()) {
        run.warnings.push_back("only " + std::to_string(samples.size())
                               + " of the 4 STREAM kernels found (truncated report?)");
    }
    if (!validated) {
        run.warnings.push_back("no 'Solution Validates' line: the report may be cut short; STREAM "
                               "checks its arrays only after printing the table");
    }
    if (run.toolVersion.empty()) {
        run.warnings.push_back("no 'STREAM version' line: version unknown");
    }
    if (threadsCounted) {
        params["threads"] = std::to_string(*threadsCounted);
        if (threadsRequested && *threadsRequested != *threadsCounted) {
            run.warnings.push_back("OpenMP counted " + std::to_string(*threadsCounted)
                                   + " threads but " + std::to_string(*threadsRequested)
                                   + " were requested; the counted number is kept");
        }
    } else if (threadsRequested) {
        params["threads"] = std::to_string(*threadsRequested);
    } else {
        // Serial builds print no thread lines (README): one thread.
        params["threads"] = "1";
    }
    for (auto& s : samples) {
        s.parameters = params;
    }
    run.samples = std::move(samples);
    return run;
}

} // namespace

void registerStreamImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"stream-text",
                   "STREAM 5.x text output (Copy/Scale/Add/Triad best rates)",
                   sniffStream,
                   parseStream});
}

} // namespace cloudcost::benchmark
