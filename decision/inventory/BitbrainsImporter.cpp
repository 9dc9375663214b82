// Bitbrains GWA-T-12 per-VM traces (shared/data/inventory/bitbrains-gwa-t-12/README.md): one file
// per VM, fields separated by ";" and a TAB, 5-minute samples. Quirks handled: "Timestamp [ms]"
// holds Unix seconds; CPU usage is percent 0-100; memory is KB (KiB) and the provisioned size
// changes within a file (the most frequent value is the allocation); gaps are kept as gaps and
// show in the coverage.
#include "common/InputFile.h"
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace cloudcost::decision {

namespace {

using Sev = InventoryIssue::Severity;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The 11 columns, in file order (README table).
const char* const kColumns[] = {"timestamp [ms]",
                                "cpu cores",
                                "cpu capacity provisioned [mhz]",
                                "cpu usage [mhz]",
                                "cpu usage [%]",
                                "memory capacity provisioned [kb]",
                                "memory usage [kb]",
                                "disk read throughput [kb/s]",
                                "disk write throughput [kb/s]",
                                "network received throughput [kb/s]",
                                "network transmitted throughput [kb/s]"};
constexpr std::size_t kColumnCount = std::size(kColumns);

enum Col : std::size_t
{
    Time,
    Cores,
    CapMhz,
    UseMhz,
    UsePct,
    MemCapKb,
    MemUseKb,
    DiskRead,
    DiskWrite,
    NetRx,
    NetTx
};

std::vector<std::string_view> splitFields(std::string_view line)
{
    std::vector<std::string_view> out;
    for (auto f : text::split(line, ';')) {
        out.push_back(text::trim(f));
    }
    return out;
}

int sniffBitbrains(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    if (text::startsWith(line, "timestamp [ms];")
        && text::contains(line, "cpu capacity provisioned [mhz]")) {
        return 95;
    }
    return 0;
}

template <typename T>
T modal(const std::vector<T>& values)
{
    std::map<T, std::size_t> counts;
    for (const T& v : values) {
        ++counts[v];
    }
    T best{};
    std::size_t bestCount = 0;
    for (const auto& [v, c] : counts) {
        if (c > bestCount) {
            best = v;
            bestCount = c;
        }
    }
    return best;
}

// KiB per second -> MB/s (10^6 bytes): the trace's KB is KiB, as for memory (README).
double kibPerSecondToMBps(double kib)
{
    return kib * 1024.0 / 1e6;
}

Status importBitbrainsFile(const std::filesystem::path& path, Inventory& out)
{
    const std::string file = path.string();
    auto content = readWholeFile(path, inv::kMaxInventoryFileBytes);
    if (!content) {
        Error e = content.error();
        if (e.context.empty()) {
            e.context = file;
        }
        return e;
    }
    std::string_view rest(*content);
    if (text::startsWith(rest, "\xEF\xBB\xBF")) {
        rest.remove_prefix(3);
    }
    std::int64_t line = 0;
    bool haveHeader = false;
    std::vector<std::string> headers;
    std::vector<std::int64_t> times;
    std::vector<double> cpuFrac, memUse, cpuMhz, disk, net;
    std::vector<int> cores;
    std::vector<double> memCap;
    std::vector<std::int64_t> lines;
    while (!rest.empty()) {
        const auto eol = rest.find('\n');
        std::string_view l = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
        ++line;
        if (!l.empty() && l.back() == '\r') {
            l.remove_suffix(1);
        }
        if (text::trim(l).empty()) {
            continue;
        }
        const auto f = splitFields(l);
        if (!haveHeader) {
            for (std::size_t i = 0; i < kColumnCount; ++i) {
                if (i >= f.size() || inv::headerKey(f[i]) != kColumns[i]) {
                    return makeError(Error::Code::InvalidInput,
                                     "header column " + std::to_string(i + 1) + " is '"
                                         + (i < f.size() ? text::printable(f[i]) : std::string())
                                         + "', expected '" + kColumns[i]
                                         + "' (GWA-T-12 Bitbrains layout)",
                                     file + ":" + std::to_string(line));
                }
                headers.emplace_back(f[i]);
            }
            haveHeader = true;
            continue;
        }
        SourceRef where{file, {}, line, {}};
        if (f.size() != kColumnCount) {
            inv::addIssue(out,
                          Sev::Dropped,
                          where,
                          "row has " + std::to_string(f.size()) + " fields, expected "
                              + std::to_string(kColumnCount));
            continue;
        }
        double v[kColumnCount];
        bool ok = true;
        for (std::size_t i = 0; i < kColumnCount && ok; ++i) {
            const auto x = text::parseDouble(f[i]);
            if (!x || *x < 0) {
                where.column = headers[i];
                inv::addIssue(out,
                              Sev::Dropped,
                              where,
                              "'" + text::printable(f[i]) + "' is not a non-negative number");
                ok = false;
            } else {
                v[i] = *x;
            }
        }
        if (!ok) {
            continue;
        }
        // The header says ms; the values are Unix seconds (README). Millisecond values (after
        // year 5138 as seconds) are scaled, so a corrected export reads the same.
        const double t = v[Time] > 1e11 ? v[Time] / 1000.0 : v[Time];
        times.push_back(static_cast<std::int64_t>(std::llround(t)));
        lines.push_back(line);
        cores.push_back(static_cast<int>(std::lround(v[Cores])));
        memCap.push_back(v[MemCapKb]);
        cpuMhz.push_back(v[UseMhz]);
        cpuFrac.push_back(v[UsePct] / 100.0);
        memUse.push_back(v[MemUseKb]);
        disk.push_back(kibPerSecondToMBps(v[DiskRead] + v[DiskWrite]));
        net.push_back(kibPerSecondToMBps(v[NetRx] + v[NetTx]));
    }
    if (!haveHeader) {
        return makeError(Error::Code::InvalidInput, "file is empty (expected a header line)", file);
    }
    if (times.empty()) {
        return makeError(Error::Code::InvalidInput, "no usable sample rows", file);
    }
    // Samples in time order (the files are sorted; a shuffled copy still works).
    std::vector<std::size_t> idx(times.size());
    for (std::size_t i = 0; i < idx.size(); ++i) {
        idx[i] = i;
    }
    std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
        return times[a] < times[b];
    });
    Workload w;
    w.name = inv::fileStem(path);
    w.origin = SourceRef{file, {}, 0, {}};
    w.power = PowerState::On;
    w.vcpus = modal(cores);
    const double capKb = modal(memCap);
    w.memoryMib = capKb / 1024.0;
    {
        std::map<double, std::size_t> distinct;
        for (double c : memCap) {
            ++distinct[c];
        }
        if (distinct.size() > 1) {
            char buf[160];
            std::snprintf(buf,
                          sizeof buf,
                          "provisioned memory changes within the trace (%zu distinct values, "
                          "%.0f..%.0f KB); the most frequent, %.0f KB, is taken as allocated",
                          distinct.size(),
                          distinct.begin()->first,
                          distinct.rbegin()->first,
                          capKb);
            inv::addIssue(out, Sev::Warning, SourceRef{file, {}, 1, headers[MemCapKb]}, buf);
        }
    }
    UtilisationSeries series;
    series.source = "bitbrains";
    std::vector<double> intervals;
    std::int64_t maxGap = 0;
    std::size_t maxGapAt = 0;
    for (std::size_t k = 0; k < idx.size(); ++k) {
        const std::size_t i = idx[k];
        if (k > 0) {
            const std::int64_t gap = times[i] - times[idx[k - 1]];
            if (gap == 0) {
                inv::addIssue(out,
                              Sev::Dropped,
                              SourceRef{file, {}, lines[i], headers[Time]},
                              "second sample at the same time as row "
                                  + std::to_string(lines[idx[k - 1]]));
                continue;
            }
            intervals.push_back(static_cast<double>(gap));
            if (gap > maxGap) {
                maxGap = gap;
                maxGapAt = k;
            }
        }
        series.times.push_back(times[i]);
        series.cpu.push_back(cpuFrac[i]);
        // Fraction of the allocation (the modal provisioned size), so p95 x allocation gives the
        // trace's own p95 in KB.
        series.memory.push_back(capKb > 0 ? memUse[i] / capKb : kNaN);
        series.cpuMhz.push_back(cpuMhz[i]);
    }
    series.intervalSeconds = inv::percentile(intervals, 50).value_or(300.0);
    const double interval = series.intervalSeconds;
    const double span = static_cast<double>(series.times.back() - series.times.front()) + interval;
    if (static_cast<double>(maxGap) > 3 * interval) {
        char buf[200];
        std::snprintf(buf,
                      sizeof buf,
                      "gap of %.1f hours without samples before this row (interval %.0f s); "
                      "percentiles use the samples present",
                      static_cast<double>(maxGap) / 3600.0,
                      interval);
        inv::addIssue(out, Sev::Warning, SourceRef{file, {}, lines[idx[maxGapAt]], {}}, buf);
    }
    auto record = [&](UtilStatistic stat, double p) {
        UtilisationRecord u;
        u.source = "bitbrains";
        u.statistic = stat;
        u.percentile = p;
        u.windowDays = span / 86400.0;
        u.coverage = std::min(1.0, static_cast<double>(series.times.size()) * interval / span);
        auto pick = [&](const std::vector<double>& v) {
            return stat == UtilStatistic::Average   ? inv::mean(v)
                   : stat == UtilStatistic::Maximum ? inv::maximum(v)
                                                    : inv::percentile(v, p);
        };
        u.cpu = pick(series.cpu);
        u.cpuMhz = pick(series.cpuMhz);
        u.memory = pick(series.memory);
        u.diskMBps = pick(disk);
        u.networkMBps = pick(net);
        return u;
    };
    w.utilisation.push_back(record(UtilStatistic::Percentile, 95));
    w.utilisation.push_back(record(UtilStatistic::Average, 0));
    w.utilisation.push_back(record(UtilStatistic::Maximum, 0));
    w.series.push_back(std::move(series));
    out.workloads.push_back(std::move(w));
    return {};
}

Result<Inventory> importBitbrains(const std::vector<std::filesystem::path>& files,
                                  const InventoryImportOptions&)
{
    Inventory out;
    for (const auto& f : files) {
        if (auto st = importBitbrainsFile(f, out); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

} // namespace

void registerBitbrainsImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"bitbrains",
                   "GWA-T-12 Bitbrains per-VM 5-minute trace, one ';'-separated CSV per VM "
                   "(workload named after the file)",
                   sniffBitbrains,
                   importBitbrains});
}

} // namespace cloudcost::decision
