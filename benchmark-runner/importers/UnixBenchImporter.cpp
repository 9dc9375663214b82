// UnixBench (byte-unixbench `./Run`) text reports. Layout: data/benchmarks/unixbench/README.md of
// the shared data: one section per copy count ("Benchmark Run: ..." then "N CPUs in system;
// running M parallel copies of tests"), raw result lines, the index table (split from the right:
// BASELINE RESULT INDEX), and the Index Score line (maybe "(Partial Only)", maybe with tabs).
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <cmath>
#include <set>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;

constexpr const char* kWhat = "a UnixBench report (the output of byte-unixbench's ./Run with "
                              "'Benchmark Run:' sections and 'System Benchmarks Index' tables)";

struct UnitRule
{
    const char* name;
    double factor;
};

// Units of the raw result lines (README). KBps: fstime.c divides 256-byte counts by 4 per KiB, so
// it is KiB/s (kdlucas/byte-unixbench, UnixBench/src/fstime.c). lpm: loops per minute.
constexpr UnitRule kRawUnits[] = {
    {"lps", 1.0},
    {"lpm", 1.0 / 60.0},
    {"KBps", 1024.0},
    {"MWIPS", 1e6},
    {"MFLOPS", 1e6},
};

const char* canonicalUnit(std::string_view unit)
{
    return unit == "KBps" ? "B/s" : "ops/s";
}

struct Section
{
    std::size_t line = 0;
    std::string copies;
    std::string cpus;
    std::vector<Sample> samples;
    std::vector<std::string> indexTests; // slugs of the index rows
    bool partial = false;
    bool sawScore = false;
    bool sawIndexHeader = false;
};

// "8 CPUs in system; running 8 parallel copies of tests" -> {"8", "8"}.
bool parseCopiesLine(std::string_view line, std::string& cpus, std::string& copies)
{
    const auto f = fields(line);
    if (f.size() < 7 || !text::startsWith(f[1], "CPU") || f[2] != "in" || f[4] != "running"
        || !smallCount(f[0]) || !smallCount(f[5])) {
        return false;
    }
    cpus = std::string(f[0]);
    copies = std::string(f[5]);
    return true;
}

int sniffUnixBench(std::string_view head, std::string_view /*fileName*/)
{
    if (text::contains(head, "BYTE UNIX Benchmarks")) {
        return 95;
    }
    if (text::contains(head, "System Benchmarks Index")
        || text::contains(head, "System Benchmarks Partial Index")) {
        return 85;
    }
    return 0;
}

Result<BenchmarkRun> parseUnixBench(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kWhat); !ok) {
        return ok.error();
    }
    BenchmarkRun run;
    run.tool = "unixbench";
    std::vector<Section> sections;
    bool inIndex = false;
    std::set<std::string> cpuModels;

    for (const auto& [rawLine, lineNo] : splitLines(content)) {
        const std::string_view line = text::trim(rawLine);
        if (line.empty()) {
            inIndex = false;
            continue;
        }
        if (text::startsWith(line, "BYTE UNIX Benchmarks (Version ")) {
            const auto end = line.find(')');
            if (end != std::string_view::npos) {
                run.toolVersion = std::string(line.substr(30, end - 30));
            }
            continue;
        }
        if (text::startsWith(line, "System: ")) {
            const auto rest = line.substr(8);
            run.host.hostname = std::string(text::trim(rest.substr(0, rest.find(':'))));
            continue;
        }
        if (text::startsWith(line, "OS: ")) {
            // "OS: GNU/Linux -- 6.18.44-fc-v782 -- #1 SMP PREEMPT_DYNAMIC @0"
            const auto first = line.find(" -- ");
            if (first != std::string_view::npos) {
                const auto rest = line.substr(first + 4);
                run.host.kernel = std::string(text::trim(rest.substr(0, rest.find(" -- "))));
            }
            continue;
        }
        if (text::startsWith(line, "CPU ") && text::endsWith(line, "bogomips)")) {
            // "CPU 0: AMD EPYC (4192.0 bogomips)"
            const auto colon = line.find(": ");
            const auto paren = line.rfind(" (");
            if (colon != std::string_view::npos && paren != std::string_view::npos
                && paren > colon) {
                cpuModels.insert(
                    std::string(text::trim(line.substr(colon + 2, paren - colon - 2))));
            }
            continue;
        }
        if (text::startsWith(line, "Benchmark Run:")) {
            sections.push_back({});
            sections.back().line = lineNo;
            inIndex = false;
            continue;
        }
        if (sections.empty()) {
            continue; // progress lines, make output, banner
        }
        Section& section = sections.back();
        if (section.copies.empty()) {
            if (!parseCopiesLine(line, section.cpus, section.copies)) {
                return parseError(displayName,
                                  lineNo,
                                  "expected 'N CPUs in system; running M parallel copies of "
                                  "tests' after 'Benchmark Run:', found "
                                      + inQuotes(line));
            }
            continue;
        }
        if (text::startsWith(line, "System Benchmarks Index Values")
            || text::startsWith(line, "System Benchmarks Partial Index")) {
            section.sawIndexHeader = true;
            section.partial = text::contains(line, "Partial");
            inIndex = true;
            continue;
        }
        if (text::startsWith(line, "System Benchmarks Index Score")) {
            // Split from the right: the score is the last field; tabs may precede it (README).
            const auto f = fields(line);
            const auto score = number(f.back());
            if (!score || *score < 0) {
                return parseError(displayName,
                                  lineNo,
                                  "expected a number at the end of the Index Score line, found "
                                      + inQuotes(f.back()));
            }
            if (section.sawScore) {
                return parseError(displayName, lineNo, "second Index Score in one section");
            }
            section.sawScore = true;
            section.partial = section.partial || text::contains(line, "(Partial Only)");
            Sample s;
            s.metric = "unixbench.index_score";
            s.value = *score;
            s.unit = "score";
            section.samples.push_back(std::move(s));
            inIndex = false;
            continue;
        }
        if (text::startsWith(line, "====")) {
            continue;
        }
        const auto f = fields(line);
        if (inIndex) {
            // "<test name> <baseline> <result> <index>"; names contain digits and spaces.
            std::optional<double> baseline, result, index;
            if (f.size() >= 4) {
                baseline = number(f[f.size() - 3]);
                result = number(f[f.size() - 2]);
                index = number(f[f.size() - 1]);
            }
            if (!baseline || !result || !index || *baseline <= 0 || *result < 0 || *index < 0) {
                return parseError(displayName,
                                  lineNo,
                                  "expected an index row '<test> BASELINE RESULT INDEX', found "
                                      + inQuotes(line));
            }
            const auto nameEnd = static_cast<std::size_t>(f[f.size() - 3].data() - line.data());
            const std::string name(text::trim(line.substr(0, nameEnd)));
            // INDEX = RESULT / BASELINE x 10 (README); both printed to 0.1, so allow that rounding.
            const double expected = *result / *baseline * 10.0;
            if (std::fabs(expected - *index) > 0.05 + 0.5 / *baseline + 1e-6 * *index) {
                warnOnce(run,
                         "index of " + inQuotes(name) + " (line " + std::to_string(lineNo)
                             + ") is not RESULT / BASELINE x 10; the file may have been edited");
            }
            Sample s;
            s.metric = "unixbench." + slug(name) + ".index";
            s.value = *index;
            s.unit = "score";
            section.samples.push_back(std::move(s));
            section.indexTests.push_back(slug(name));
            continue;
        }
        // Raw result: "<test name>  <value> <unit> (<seconds> s, <n> samples)".
        if (!text::endsWith(line, "samples)")) {
            continue;
        }
        const auto paren = line.rfind('(');
        const auto before = fields(line.substr(0, paren));
        if (before.size() < 3) {
            return parseError(displayName,
                              lineNo,
                              "expected '<test> <value> <unit> (<s> s, <n> samples)', found "
                                  + inQuotes(line));
        }
        const std::string_view unit = before.back();
        const auto value = number(before[before.size() - 2]);
        if (!value || *value < 0) {
            return parseError(displayName,
                              lineNo,
                              "expected a non-negative result before " + inQuotes(unit) + ", found "
                                  + inQuotes(before[before.size() - 2]));
        }
        const auto nameEnd =
            static_cast<std::size_t>(before[before.size() - 2].data() - line.data());
        const std::string name(text::trim(line.substr(0, nameEnd)));
        const UnitRule* rule = nullptr;
        for (const auto& candidate : kRawUnits) {
            if (unit == candidate.name) {
                rule = &candidate;
            }
        }
        if (!rule) {
            warnOnce(run,
                     "result of " + inQuotes(name) + " in unit " + inQuotes(unit)
                         + " not imported: not a UnixBench unit cloudcost knows");
            continue;
        }
        Sample s;
        s.metric = "unixbench." + slug(name);
        s.value = *value * rule->factor;
        s.unit = canonicalUnit(unit);
        section.samples.push_back(std::move(s));
    }

    if (sections.empty()) {
        return parseError(displayName,
                          0,
                          std::string("no 'Benchmark Run:' section: expected ") + kWhat);
    }
    std::set<std::string> cpuCounts;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        Section& section = sections[i];
        if (section.copies.empty() || section.samples.empty()) {
            return parseError(displayName,
                              section.line,
                              "the section starting here has no results (truncated report?)");
        }
        if (!section.sawScore) {
            run.warnings.push_back("section " + std::to_string(i + 1) + " (line "
                                   + std::to_string(section.line)
                                   + ") has no Index Score (truncated report?)");
        }
        cpuCounts.insert(section.cpus);
        std::string tests;
        for (const auto& t : section.indexTests) {
            tests += (tests.empty() ? "" : ",") + t;
        }
        for (auto& s : section.samples) {
            s.higherIsBetter = true;
            s.parameters["copies"] = section.copies;
            s.parameters["cpus_in_system"] = section.cpus;
            if (section.partial && s.metric == "unixbench.index_score") {
                // A partial index covers only the tests listed: not comparable with a full one.
                s.parameters["partial"] = "yes";
                s.parameters["index_tests"] = tests;
            }
            run.samples.push_back(std::move(s));
        }
    }
    if (cpuCounts.size() == 1) {
        if (const auto n = smallCount(*cpuCounts.begin()); n && *n > 0) {
            run.host.logicalCpus = *n;
        }
    } else {
        run.warnings.push_back("sections report different CPU counts: they come from different "
                               "machines or runs; the banner's host facts may describe only "
                               "one of them");
    }
    if (cpuModels.size() == 1) {
        run.host.cpuModel = *cpuModels.begin();
    }
    if (run.toolVersion.empty()) {
        run.warnings.push_back("no 'BYTE UNIX Benchmarks (Version ...)' banner: version unknown");
    }
    return run;
}

} // namespace

void registerUnixBenchImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"unixbench-text",
                   "UnixBench report (per-test results and Index Scores, 1 and N copies)",
                   sniffUnixBench,
                   parseUnixBench});
}

} // namespace cloudcost::benchmark
