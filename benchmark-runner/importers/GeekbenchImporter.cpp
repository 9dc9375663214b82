// Geekbench 5/6 command-line text output. Layout: data/benchmarks/geekbench/README.md of the
// shared data. Scores of different major versions are not comparable (different baselines and
// workloads), so the major version is part of every metric name ("geekbench5.multi_core.score")
// and a file without the banner that names it is refused. Workload rates ("1.86 GB/sec") are not
// imported: the scores are what Geekbench defines as comparable, and its byte prefixes are not
// documented as decimal or binary.
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/importers/TextImport.h"
#include "common/Text.h"

#include <set>

namespace cloudcost::benchmark {

namespace {

using namespace textimport;

constexpr const char* kWhat = "Geekbench command-line output (a 'Geekbench X.Y.Z ...' banner, "
                              "'Single-Core'/'Multi-Core' rows and a 'Benchmark Summary')";

enum class Section
{
    None,
    System,
    Processor,
    Memory,
    SingleCore,
    MultiCore,
    Summary,
    Other
};

Section sectionOf(std::string_view header)
{
    if (header == "System Information") {
        return Section::System;
    }
    if (header == "Processor Information") {
        return Section::Processor;
    }
    if (header == "Memory Information") {
        return Section::Memory;
    }
    if (header == "Single-Core") {
        return Section::SingleCore;
    }
    if (header == "Multi-Core") {
        return Section::MultiCore;
    }
    if (header == "Benchmark Summary") {
        return Section::Summary;
    }
    return Section::Other;
}

// "  Name                          Intel(R) ..." -> {"Name", "Intel(R) ..."}: the key ends at the
// first run of two spaces.
std::pair<std::string_view, std::string_view> keyValue(std::string_view line)
{
    line = text::trim(line);
    const auto gap = line.find("  ");
    if (gap == std::string_view::npos) {
        return {line, {}};
    }
    return {line.substr(0, gap), text::trim(line.substr(gap))};
}

// Hypervisor from the Model line ("<DMI vendor> <DMI product>"), using the DMI prefixes of
// systemd's detect_vm() (docs BENCHMARKS.md §2.1); Hyper-V guests show "Microsoft Corporation
// Virtual Machine" (geekbench README).
void hostFromModel(std::string_view model, HostFacts& host)
{
    struct Prefix
    {
        const char* prefix;
        const char* hypervisor;
    };
    constexpr Prefix kPrefixes[] = {
        {"Microsoft Corporation Virtual Machine", "microsoft"},
        {"Amazon EC2", "amazon"},
        {"Google Compute Engine", "google"},
        {"QEMU", "qemu"},
        {"KVM", "kvm"},
        {"VMware", "vmware"},
        {"innotek GmbH", "oracle"},
        {"Xen", "xen"},
        {"Parallels", "parallels"},
    };
    for (const auto& p : kPrefixes) {
        if (text::startsWith(model, p.prefix)) {
            if (std::string_view(p.hypervisor) == "amazon" && text::contains(model, ".metal")) {
                host.platform = PlatformKind::BareMetal; // §2.1: ".metal" product names
                return;
            }
            host.hypervisor = p.hypervisor;
            host.platform = PlatformKind::VirtualMachine;
            return;
        }
    }
}

// "2 Processors, 32 Cores, 64 Threads" -> cores and threads.
void hostFromTopology(std::string_view topology, HostFacts& host)
{
    for (auto part : text::split(topology, ',')) {
        const auto f = fields(part);
        if (f.size() != 2) {
            continue;
        }
        const auto n = smallCount(f[0]);
        if (!n || *n <= 0) {
            continue;
        }
        if (f[1] == "Cores" || f[1] == "Core") {
            host.physicalCores = *n;
        } else if (f[1] == "Threads" || f[1] == "Thread") {
            host.logicalCpus = *n;
        }
    }
}

int sniffGeekbench(std::string_view head, std::string_view /*fileName*/)
{
    if (text::startsWith(text::trim(head), "Geekbench ") && text::contains(head, "geekbench.com")) {
        return 95;
    }
    if (text::contains(head, "Single-Core Score") && text::contains(head, "Multi-Core")) {
        return 70;
    }
    return 0;
}

Result<BenchmarkRun> parseGeekbench(std::string_view content, const std::string& displayName)
{
    if (auto ok = checkText(content, displayName, kWhat); !ok) {
        return ok.error();
    }
    BenchmarkRun run;
    run.tool = "geekbench";
    std::string prefix; // "geekbench5"
    std::string major;
    Section section = Section::None;
    std::string summaryGroup; // "single_core" / "multi_core" inside the summary
    std::set<std::string> seen;

    for (const auto& [rawLine, lineNo] : splitLines(content)) {
        const std::string_view line = rawLine;
        const std::string_view trimmed = text::trim(line);
        if (trimmed.empty()) {
            continue;
        }
        if (prefix.empty()) {
            // "Geekbench 5.1.0 Pro : https://www.geekbench.com/"
            const auto f = fields(trimmed);
            if (f.size() >= 2 && f[0] == "Geekbench") {
                const auto dot = f[1].find('.');
                const auto majorNumber = smallCount(f[1].substr(0, dot));
                if (!majorNumber || *majorNumber == 0) {
                    return parseError(displayName,
                                      lineNo,
                                      "expected a version after 'Geekbench', found "
                                          + inQuotes(f[1]));
                }
                run.toolVersion = std::string(f[1]);
                major = std::to_string(*majorNumber);
                prefix = "geekbench" + major;
                continue;
            }
            return parseError(displayName,
                              lineNo,
                              "expected the 'Geekbench X.Y.Z ...' banner first (Geekbench 5 and 6 "
                              "scores are not comparable, so the version is required), found "
                                  + inQuotes(trimmed));
        }
        const bool indented = line.front() == ' ' || line.front() == '\t';
        if (!indented) {
            section = sectionOf(trimmed);
            summaryGroup.clear();
            continue;
        }
        const auto [key, value] = keyValue(line);
        switch (section) {
        case Section::None:
        case Section::Other:
        case Section::Memory:
            break;
        case Section::System:
            if (key == "Operating System" && run.host.os.empty()) {
                run.host.os = std::string(value);
            } else if (key == "Model") {
                hostFromModel(value, run.host);
            }
            break;
        case Section::Processor:
            if (key == "Name") {
                run.host.cpuModel = std::string(value);
            } else if (key == "Topology") {
                hostFromTopology(value, run.host);
            }
            break;
        case Section::SingleCore:
        case Section::MultiCore: {
            // "  AES-XTS                        1091              1.86 GB/sec": the score is the
            // first all-digit field after the name.
            const auto f = fields(trimmed);
            std::size_t k = 1;
            while (k < f.size() && !smallCount(f[k])) {
                ++k;
            }
            if (k >= f.size()) {
                return parseError(displayName,
                                  lineNo,
                                  "expected a workload row '<name> <score> <rate>', found "
                                      + inQuotes(trimmed));
            }
            const auto nameEnd = static_cast<std::size_t>(f[k].data() - trimmed.data());
            const std::string name(text::trim(trimmed.substr(0, nameEnd)));
            Sample s;
            s.metric = prefix + (section == Section::SingleCore ? ".single_core." : ".multi_core.")
                       + slug(name);
            s.value = *smallCount(f[k]);
            s.unit = "score";
            if (!seen.insert(s.metric).second) {
                return parseError(displayName,
                                  lineNo,
                                  "second row for workload " + inQuotes(name)
                                      + ": expected one Geekbench run per file");
            }
            run.samples.push_back(std::move(s));
            break;
        }
        case Section::Summary: {
            // "  Single-Core Score   888", then indented sub-scores "    Crypto Score   1091".
            const auto f = fields(trimmed);
            const auto score = smallCount(f.back());
            if (f.size() < 2 || !score) {
                return parseError(displayName,
                                  lineNo,
                                  "expected '<name> Score <integer>' in the Benchmark Summary, "
                                  "found "
                                      + inQuotes(trimmed));
            }
            const auto nameEnd = static_cast<std::size_t>(f.back().data() - trimmed.data());
            const std::string name(text::trim(trimmed.substr(0, nameEnd)));
            std::string metric;
            if (name == "Single-Core Score" || name == "Multi-Core Score") {
                summaryGroup = name == "Single-Core Score" ? "single_core" : "multi_core";
                metric = prefix + "." + summaryGroup + ".score";
            } else if (!summaryGroup.empty()) {
                metric = prefix + "." + summaryGroup + "." + slug(name);
            } else {
                metric = prefix + "." + slug(name);
            }
            if (!seen.insert(metric).second) {
                return parseError(displayName,
                                  lineNo,
                                  "second " + inQuotes(name) + " in the Benchmark Summary");
            }
            Sample s;
            s.metric = metric;
            s.value = *score;
            s.unit = "score";
            run.samples.push_back(std::move(s));
            break;
        }
        }
    }
    if (prefix.empty()) {
        return parseError(displayName, 0, std::string("no Geekbench banner: expected ") + kWhat);
    }
    if (run.samples.empty()) {
        return parseError(displayName,
                          0,
                          "no scores found (no 'Single-Core'/'Multi-Core' rows or 'Benchmark "
                          "Summary'): truncated output?");
    }
    if (seen.count(prefix + ".single_core.score") == 0
        || seen.count(prefix + ".multi_core.score") == 0) {
        run.warnings.push_back("the Benchmark Summary lacks the Single-Core or Multi-Core Score "
                               "(truncated output?)");
    }
    for (auto& s : run.samples) {
        s.higherIsBetter = true;
        s.parameters["major_version"] = major;
    }
    return run;
}

} // namespace

void registerGeekbenchImporters(std::vector<BenchImporterInfo>& out)
{
    out.push_back({"geekbench-text",
                   "Geekbench 5/6 command-line output (single-core and multi-core scores)",
                   sniffGeekbench,
                   parseGeekbench});
}

} // namespace cloudcost::benchmark
