// cloudcost's own inventory formats (docs/INVENTORY.md): a flat CSV for hand-made inventories
// (one workload per row, units in the column names) and the JSON document that
// `cloudcost inventory show --workloads --format json` prints.
#include "common/InputFile.h"
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"
#include "decision/inventory/InventoryJson.h"

#include <cmath>

namespace cloudcost::decision {

namespace {

using inv::CsvRow;
using inv::CsvSheet;
using Sev = InventoryIssue::Severity;

// Every column the CSV knows (docs/INVENTORY.md); anything else is reported once and ignored.
const char* const kKnownColumns[] = {"name",
                                     "id",
                                     "vcpus",
                                     "memory_mib",
                                     "memory_gib",
                                     "disk_gib",
                                     "power",
                                     "template",
                                     "os",
                                     "os_family",
                                     "firmware",
                                     "host",
                                     "cluster",
                                     "datacenter",
                                     "application",
                                     "environment",
                                     "criticality",
                                     "cpu_util",
                                     "cpu_util_percent",
                                     "memory_util",
                                     "memory_util_percent",
                                     "util_statistic",
                                     "util_window_days",
                                     "tags",
                                     "depends_on",
                                     "licences",
                                     "single_tenancy",
                                     "gpus"};

int sniffNativeCsv(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    const auto fields = text::split(line, ',');
    if (fields.empty() || text::trim(fields[0]) != "name") {
        return 0;
    }
    int known = 0;
    for (auto f : fields) {
        for (const char* k : {"vcpus", "memory_mib", "memory_gib", "disk_gib", "cpu_util"}) {
            known += text::trim(f) == k ? 1 : 0;
        }
    }
    return known > 0 ? 80 : 0;
}

int sniffNativeJson(std::string_view head, std::string_view)
{
    const std::string_view t = text::trim(head);
    if (!t.empty() && t.front() == '{' && text::contains(t, "\"cloudcost-inventory\"")) {
        return 95;
    }
    return 0;
}

std::optional<bool> boolCell(Inventory& out, const CsvSheet& s, const CsvRow& r, int col)
{
    const std::string v = text::toLower(s.cell(r, col));
    if (v.empty()) {
        return std::nullopt;
    }
    if (v == "true" || v == "yes" || v == "1") {
        return true;
    }
    if (v == "false" || v == "no" || v == "0") {
        return false;
    }
    inv::addIssue(out,
                  Sev::Warning,
                  inv::refOf(s, r, col),
                  "'" + text::printable(v) + "' is not true/false; left unknown");
    return std::nullopt;
}

// A utilisation column: fractions (0.25 = 25 %) in cpu_util/memory_util, percent in the
// *_percent variants. A fraction column holding 1 < v <= 100 is almost certainly a percent typed
// in the wrong column: reported, not guessed.
std::optional<double>
utilCell(Inventory& out, const CsvSheet& s, const CsvRow& r, int fractionCol, int percentCol)
{
    if (auto v = inv::numberCell(out, s, r, fractionCol, "a fraction 0..1")) {
        if (*v > 1.0) {
            inv::addIssue(out,
                          Sev::Warning,
                          inv::refOf(s, r, fractionCol),
                          text::printable(s.cell(r, fractionCol))
                              + " is above 1 but the column holds fractions (0.25 = 25 %); use "
                                "the *_percent column for percentages. Value left unknown");
            return std::nullopt;
        }
        return v;
    }
    if (auto v = inv::numberCell(out, s, r, percentCol, "percent 0-100")) {
        if (*v > 100.0) {
            inv::addIssue(out,
                          Sev::Warning,
                          inv::refOf(s, r, percentCol),
                          text::printable(s.cell(r, percentCol))
                              + " is above 100 (expected percent 0-100); value left unknown");
            return std::nullopt;
        }
        return *v / 100.0;
    }
    return std::nullopt;
}

Status importNativeCsvFile(const std::filesystem::path& path, Inventory& out)
{
    auto sheetR = inv::readCsvSheet(path);
    if (!sheetR) {
        return sheetR.error();
    }
    const CsvSheet& s = *sheetR;
    const int cName = s.column("name");
    if (cName < 0) {
        return makeError(Error::Code::InvalidInput,
                         "missing column 'name' (cloudcost inventory CSV, docs/INVENTORY.md)",
                         s.file + ":1");
    }
    for (std::size_t i = 0; i < s.keys.size(); ++i) {
        bool known = false;
        for (const char* k : kKnownColumns) {
            known = known || s.keys[i] == k;
        }
        if (!known) {
            inv::addIssue(out,
                          Sev::Warning,
                          SourceRef{s.file, {}, 1, s.headers[i]},
                          "unknown column ignored (see docs/INVENTORY.md for the columns)");
        }
    }
    const int cMemMib = s.column("memory_mib");
    const int cMemGib = s.column("memory_gib");
    if (cMemMib >= 0 && cMemGib >= 0) {
        return makeError(Error::Code::InvalidInput,
                         "both memory_mib and memory_gib columns; keep one",
                         s.file + ":1");
    }
    auto col = [&](const char* k) {
        return s.column(k);
    };
    const int cVcpus = col("vcpus"), cDisk = col("disk_gib"), cPower = col("power"),
              cTemplate = col("template"), cOs = col("os"), cFamily = col("os_family"),
              cFirmware = col("firmware"), cStat = col("util_statistic"),
              cWindow = col("util_window_days"), cTags = col("tags"), cDeps = col("depends_on"),
              cLic = col("licences"), cSingle = col("single_tenancy"), cGpus = col("gpus");
    for (const CsvRow& r : s.rows) {
        inv::checkRowWidth(out, s, r);
        Workload w;
        w.origin = inv::refOf(s, r);
        w.name = std::string(s.cell(r, cName));
        if (w.name.empty()) {
            inv::addIssue(out, Sev::Dropped, inv::refOf(s, r, cName), "name is empty");
            continue;
        }
        w.id = std::string(s.cell(r, col("id")));
        if (auto v = inv::numberCell(out, s, r, cVcpus, "a whole number of vCPUs")) {
            if (*v != std::floor(*v) || *v > 100000) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cVcpus),
                              text::printable(s.cell(r, cVcpus))
                                  + " is not a whole number of vCPUs; left unknown");
            } else {
                w.vcpus = static_cast<int>(*v);
            }
        }
        if (cMemMib >= 0) {
            w.memoryMib = inv::numberCell(out, s, r, cMemMib, "MiB");
        } else if (auto g = inv::numberCell(out, s, r, cMemGib, "GiB")) {
            w.memoryMib = *g * 1024.0;
        }
        int diskNo = 0;
        for (auto part : text::split(s.cell(r, cDisk), ';')) {
            part = text::trim(part);
            if (part.empty()) {
                continue;
            }
            ++diskNo;
            const auto v = text::parseDouble(part);
            if (!v || *v < 0) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cDisk),
                              "disk " + std::to_string(diskNo) + " size '" + text::printable(part)
                                  + "' is not a number of GiB; that disk is left out");
                continue;
            }
            Disk d;
            d.name = "disk" + std::to_string(diskNo);
            d.allocatedGib = v;
            w.disks.push_back(d);
        }
        w.power = parsePowerState(std::string(s.cell(r, cPower)));
        if (w.power == PowerState::Unknown && !s.cell(r, cPower).empty()) {
            inv::addIssue(out,
                          Sev::Warning,
                          inv::refOf(s, r, cPower),
                          "power state '" + text::printable(s.cell(r, cPower))
                              + "' is not on/off/suspended; left unknown");
        }
        w.isTemplate = boolCell(out, s, r, cTemplate).value_or(false);
        w.os = std::string(s.cell(r, cOs));
        w.osFamily = text::toLower(s.cell(r, cFamily));
        if (w.osFamily.empty()) {
            w.osFamily = inv::osFamilyOf(w.os);
        }
        w.firmware = text::toLower(s.cell(r, cFirmware));
        w.host = std::string(s.cell(r, col("host")));
        w.cluster = std::string(s.cell(r, col("cluster")));
        w.datacenter = std::string(s.cell(r, col("datacenter")));
        w.application = std::string(s.cell(r, col("application")));
        w.environment = text::toLower(s.cell(r, col("environment")));
        w.criticality = text::toLower(s.cell(r, col("criticality")));
        w.singleTenancy = boolCell(out, s, r, cSingle);
        if (auto g = inv::numberCell(out, s, r, cGpus, "a GPU count")) {
            w.gpus = static_cast<int>(*g);
        }
        for (auto item : text::split(s.cell(r, cTags), ';')) {
            item = text::trim(item);
            if (item.empty()) {
                continue;
            }
            const auto eq = item.find('=');
            if (eq == std::string_view::npos) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cTags),
                              "tag '" + text::printable(item) + "' is not key=value; ignored");
                continue;
            }
            w.tags.emplace_back(std::string(text::trim(item.substr(0, eq))),
                                std::string(text::trim(item.substr(eq + 1))));
        }
        for (auto item : text::split(s.cell(r, cDeps), ';')) {
            item = text::trim(item);
            if (!item.empty()) {
                w.dependencies.push_back({std::string(item), false, {}});
            }
        }
        for (auto item : text::split(s.cell(r, cLic), ';')) {
            item = text::trim(item);
            if (!item.empty()) {
                w.licences.emplace_back(item);
            }
        }
        UtilisationRecord u;
        u.source = "cloudcost-csv";
        u.cpu = utilCell(out, s, r, col("cpu_util"), col("cpu_util_percent"));
        u.memory = utilCell(out, s, r, col("memory_util"), col("memory_util_percent"));
        if (u.cpu || u.memory) {
            const std::string stat = text::toLower(s.cell(r, cStat));
            if (stat.empty() || stat == "average" || stat == "avg") {
                u.statistic = UtilStatistic::Average;
            } else if (stat == "maximum" || stat == "max") {
                u.statistic = UtilStatistic::Maximum;
            } else if (stat.size() > 1 && stat[0] == 'p' && text::parseDouble(stat.substr(1))
                       && *text::parseDouble(stat.substr(1)) > 0
                       && *text::parseDouble(stat.substr(1)) <= 100) {
                u.statistic = UtilStatistic::Percentile;
                u.percentile = *text::parseDouble(stat.substr(1));
            } else {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cStat),
                              "util_statistic '" + text::printable(stat)
                                  + "' is not average, maximum or pNN (p95); read as average");
            }
            u.windowDays = inv::numberCell(out, s, r, cWindow, "days").value_or(0.0);
            w.utilisation.push_back(u);
        }
        out.workloads.push_back(std::move(w));
    }
    return {};
}

Result<Inventory> importNativeCsv(const std::vector<std::filesystem::path>& files,
                                  const InventoryImportOptions&)
{
    Inventory out;
    for (const auto& f : files) {
        if (auto st = importNativeCsvFile(f, out); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

Result<Inventory> importNativeJson(const std::vector<std::filesystem::path>& files,
                                   const InventoryImportOptions&)
{
    Inventory out;
    for (const auto& f : files) {
        auto content = readWholeFile(f, inv::kMaxInventoryFileBytes);
        if (!content) {
            Error e = content.error();
            if (e.context.empty()) {
                e.context = f.string();
            }
            return e;
        }
        auto one = inventoryFromJson(*content, f.string());
        if (!one) {
            return one.error();
        }
        for (auto& w : one->workloads) {
            out.workloads.push_back(std::move(w));
        }
        for (auto& i : one->issues) {
            out.issues.push_back(std::move(i));
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

} // namespace

void registerNativeInventoryImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"cloudcost-json",
                   "cloudcost inventory JSON (docs/INVENTORY.md; what `inventory show --workloads "
                   "--format json` prints)",
                   sniffNativeJson,
                   importNativeJson});
    out.push_back({"cloudcost-csv",
                   "cloudcost inventory CSV: name, vcpus, memory_mib, disk_gib, cpu_util, ... "
                   "(docs/INVENTORY.md)",
                   sniffNativeCsv,
                   importNativeCsv});
}

} // namespace cloudcost::decision
