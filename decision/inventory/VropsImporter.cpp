// VMware Aria Operations (vROps) list-view CSV with Interval Breakdown = Per Hour
// (shared/data/inventory/vrops-view-export/README.md): one row per object per hour, every field
// quoted, thousands separators in numbers, "-" for a missing value, timestamps
// "12:00 AM 21 July 2026" without a zone. VM views become workloads with an hourly series; CPU
// demand in MHz stays MHz (cpuMhz) because the view has no vCPU count or core clock to make it a
// fraction. Cluster and host views are refused: they describe capacity, not workloads.
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <cmath>
#include <limits>
#include <map>

namespace cloudcost::decision {

namespace {

using inv::CsvRow;
using inv::CsvSheet;
using Sev = InventoryIssue::Severity;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int sniffVrops(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    if (text::contains(line, "interval breakdown") && text::contains(line, "name")
        && text::contains(line, "|")) {
        return 90;
    }
    return 0;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "12:00 AM 21 July 2026" / "1:00 PM 21 July 2026" -> seconds since the epoch, read as UTC.
std::optional<std::int64_t> parseIntervalTime(std::string_view s)
{
    const auto parts = text::split(text::trim(s), ' ');
    std::vector<std::string_view> p;
    for (auto x : parts) {
        if (!x.empty()) {
            p.push_back(x);
        }
    }
    if (p.size() != 5) {
        return std::nullopt;
    }
    const auto colon = p[0].find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto hh = text::parseInt(p[0].substr(0, colon));
    const auto mm = text::parseInt(p[0].substr(colon + 1));
    const std::string ampm = text::toLower(p[1]);
    const auto day = text::parseInt(p[2]);
    const auto year = text::parseInt(p[4]);
    static const char* const kMonths[] = {"january",
                                          "february",
                                          "march",
                                          "april",
                                          "may",
                                          "june",
                                          "july",
                                          "august",
                                          "september",
                                          "october",
                                          "november",
                                          "december"};
    unsigned month = 0;
    const std::string mon = text::toLower(p[3]);
    for (unsigned i = 0; i < 12; ++i) {
        if (mon == kMonths[i]) {
            month = i + 1;
        }
    }
    if (!hh || !mm || !day || !year || month == 0 || *hh < 1 || *hh > 12 || *mm < 0 || *mm > 59
        || *day < 1 || *day > 31 || (ampm != "am" && ampm != "pm")) {
        return std::nullopt;
    }
    std::int64_t hour = *hh % 12 + (ampm == "pm" ? 12 : 0);
    return daysFromCivil(*year, month, static_cast<unsigned>(*day)) * 86400 + hour * 3600
           + *mm * 60;
}

struct Metric
{
    int col = -1;
    enum class Kind
    {
        CpuMhz,
        CpuPercent,
        MemoryPercent
    } kind = Kind::CpuMhz;
};

Status importVropsFile(const std::filesystem::path& path, Inventory& out)
{
    auto sheetR = inv::readCsvSheet(path);
    if (!sheetR) {
        return sheetR.error();
    }
    const CsvSheet& s = *sheetR;
    const int cName = s.column("name");
    const int cTime = s.column("interval breakdown");
    if (cName < 0 || cTime < 0) {
        return makeError(Error::Code::InvalidInput,
                         "missing column '" + std::string(cName < 0 ? "Name" : "Interval Breakdown")
                             + "' (an Aria Operations list view with Interval Breakdown = Per "
                               "Hour is expected)",
                         s.file + ":1");
    }
    std::vector<Metric> metrics;
    bool anyVm = false;
    std::string objectType;
    for (std::size_t i = 0; i < s.keys.size(); ++i) {
        const std::string& k = s.keys[i];
        const int col = static_cast<int>(i);
        if (col == cName || col == cTime) {
            continue;
        }
        if (text::startsWith(k, "vm|") || text::startsWith(k, "virtual machine|")) {
            anyVm = true;
        } else if (objectType.empty() && k.find('|') != std::string::npos) {
            objectType = s.headers[i].substr(0, s.headers[i].find('|'));
        }
        // The hourly *average* is the figure a percentile is taken over (README: a p95 over
        // hourly Max rows would overstate it).
        if (k == "vm|cpu|demand (mhz)|avg" || k == "vm|cpu|usage (mhz)|avg"
            || k == "vm|cpu|demand|avg") {
            metrics.push_back({col, Metric::Kind::CpuMhz});
        } else if (k == "vm|cpu|usage (%)|avg") {
            metrics.push_back({col, Metric::Kind::CpuPercent});
        } else if (k == "vm|memory|usage (%)|avg") {
            metrics.push_back({col, Metric::Kind::MemoryPercent});
        } else {
            inv::addIssue(out,
                          Sev::Warning,
                          SourceRef{s.file, {}, 1, s.headers[i]},
                          "column not used (no field for it in the inventory model)");
        }
    }
    if (!anyVm) {
        return makeError(Error::Code::Unsupported,
                         "this Aria Operations view holds "
                             + (objectType.empty()
                                    ? std::string("no VM metrics")
                                    : "'" + text::printable(objectType) + "' objects")
                             + ", not VMs; only VM views (columns 'VM|...') describe workloads",
                         s.file);
    }
    struct Object
    {
        SourceRef origin;
        std::map<std::int64_t, std::vector<double>> byTime; // time -> cpuMhz, cpu, memory
        std::map<std::int64_t, std::int64_t> firstLine;
    };
    std::map<std::string, Object> objects;
    std::vector<std::string> order;
    for (const CsvRow& r : s.rows) {
        inv::checkRowWidth(out, s, r);
        const std::string name(s.cell(r, cName));
        if (name.empty()) {
            inv::addIssue(out, Sev::Dropped, inv::refOf(s, r, cName), "object name is empty");
            continue;
        }
        const auto t = parseIntervalTime(s.cell(r, cTime));
        if (!t) {
            inv::addIssue(out,
                          Sev::Dropped,
                          inv::refOf(s, r, cTime),
                          "'" + text::printable(s.cell(r, cTime))
                              + "' is not an interval start like '1:00 PM 21 July 2026'");
            continue;
        }
        auto [it, inserted] = objects.try_emplace(name);
        if (inserted) {
            it->second.origin = inv::refOf(s, r);
            order.push_back(name);
        }
        Object& o = it->second;
        if (auto prev = o.firstLine.find(*t); prev != o.firstLine.end()) {
            inv::addIssue(out,
                          Sev::Dropped,
                          inv::refOf(s, r, cTime),
                          "second row for '" + text::printable(name)
                              + "' at the same hour (first at row " + std::to_string(prev->second)
                              + "; a daylight-saving change repeats an hour)");
            continue;
        }
        o.firstLine[*t] = r.line;
        std::vector<double> v = {kNaN, kNaN, kNaN};
        for (const Metric& m : metrics) {
            if (s.cell(r, m.col) == "-") {
                continue; // vROps writes "-" for "no value"
            }
            auto x = inv::numberCell(out,
                                     s,
                                     r,
                                     m.col,
                                     m.kind == Metric::Kind::CpuMhz ? "MHz" : "percent 0-100",
                                     true);
            if (!x) {
                continue;
            }
            switch (m.kind) {
            case Metric::Kind::CpuMhz:
                v[0] = *x;
                break;
            case Metric::Kind::CpuPercent:
                v[1] = *x / 100.0;
                break;
            case Metric::Kind::MemoryPercent:
                v[2] = *x / 100.0;
                break;
            }
        }
        o.byTime[*t] = v;
    }
    if (!objects.empty()) {
        inv::addIssue(out,
                      Sev::Warning,
                      SourceRef{s.file, {}, 1, s.header(cTime)},
                      "interval times carry no time zone (the exporting user's local time); read "
                      "as UTC");
    }
    for (const auto& name : order) {
        Object& o = objects[name];
        Workload w;
        w.name = name;
        w.origin = o.origin;
        UtilisationSeries series;
        series.source = "vrops";
        series.intervalSeconds = 3600;
        bool haveMhz = false;
        for (const auto& [t, v] : o.byTime) {
            series.times.push_back(t);
            series.cpuMhz.push_back(v[0]);
            series.cpu.push_back(v[1]);
            series.memory.push_back(v[2]);
            haveMhz = haveMhz || std::isfinite(v[0]);
        }
        if (!haveMhz) {
            series.cpuMhz.clear();
        }
        const std::int64_t span = series.times.back() - series.times.front() + 3600;
        UtilisationRecord u;
        u.source = "vrops";
        u.statistic = UtilStatistic::Percentile;
        u.percentile = 95;
        u.windowDays = static_cast<double>(span) / 86400.0;
        u.coverage =
            std::min(1.0,
                     static_cast<double>(series.times.size()) * 3600.0 / static_cast<double>(span));
        u.cpuMhz = inv::percentile(series.cpuMhz, 95);
        u.cpu = inv::percentile(series.cpu, 95);
        u.memory = inv::percentile(series.memory, 95);
        w.utilisation.push_back(u);
        w.series.push_back(std::move(series));
        out.workloads.push_back(std::move(w));
    }
    return {};
}

Result<Inventory> importVrops(const std::vector<std::filesystem::path>& files,
                              const InventoryImportOptions&)
{
    Inventory out;
    for (const auto& f : files) {
        if (auto st = importVropsFile(f, out); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

} // namespace

void registerVropsImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"vrops-csv",
                   "VMware Aria Operations (vROps) list-view CSV, VM objects, Interval Breakdown "
                   "per hour (VM|CPU|Demand (MHz)|Avg, ...)",
                   sniffVrops,
                   importVrops});
}

} // namespace cloudcost::decision
