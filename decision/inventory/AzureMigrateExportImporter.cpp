// Azure Migrate Export discovery workbooks (shared/data/inventory/azure-migrate-export/README.md):
// sheet Discovery_Report, one row per discovered machine, configuration only (no utilisation).
// Columns are found by header name; Memory (in MB) is MiB; Power Stats ON/OFF; Environment blank
// means Prod to Azure Migrate Export; counts of -1 mean "not collected".

#include "common/Text.h"
#include "common/xlsx/XlsxReader.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

namespace cloudcost::decision {

namespace {

using xlsx::Row;
using Severity = InventoryIssue::Severity;

constexpr const char* kSheet = "Discovery_Report";

int sniffExport(std::string_view head, std::string_view fileName)
{
    if (!text::startsWith(head, std::string_view("PK\x03\x04", 4))) {
        return 0;
    }
    const std::string name = text::toLower(fileName);
    if (text::contains(name, "discovery_report") || text::contains(name, "discovery-report")) {
        return 95;
    }
    return text::contains(name, "azuremigrate") ? 60 : 0;
}

Status importOne(const std::filesystem::path& path, Inventory& inv)
{
    auto wb = xlsx::Workbook::open(path);
    if (!wb) {
        return wb.error();
    }
    const std::string file = path.string();
    const std::string sheet = wb->findSheet(kSheet);
    if (sheet.empty()) {
        std::string known;
        for (const std::string& s : wb->sheetNames()) {
            known += (known.empty() ? "" : ", ") + s;
        }
        return makeError(Error::Code::InvalidInput,
                         "no Discovery_Report sheet (sheets: " + known
                             + "); not an Azure Migrate Export discovery report",
                         file);
    }
    std::vector<std::string> names;
    std::vector<std::string> keys;
    auto col = [&](const char* key) {
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] == key) {
                return static_cast<int>(i);
            }
        }
        return -1;
    };
    auto cell = [](const Row& row, int c) {
        return c < 0 ? std::string()
                     : std::string(text::trim(row.text(static_cast<std::size_t>(c))));
    };
    int cName = -1, cEnv = -1, cSoftware = -1, cSqlCount = -1, cSql = -1, cWeb = -1, cOs = -1,
        cCores = -1, cMemory = -1, cDisks = -1, cIps = -1, cBoot = -1, cPower = -1, cId = -1;
    std::string headerError;
    auto ref = [&](std::int64_t row, int c) {
        return SourceRef{file,
                         sheet,
                         row,
                         c >= 0 && static_cast<std::size_t>(c) < names.size()
                             ? names[static_cast<std::size_t>(c)]
                             : std::string()};
    };
    auto number = [&](const Row& row,
                      int c,
                      const char* expected,
                      bool allowMinusOne = false) -> std::optional<double> {
        const std::string t = cell(row, c);
        if (t.empty()) {
            return std::nullopt;
        }
        auto v = text::parseDouble(t);
        if (v && allowMinusOne && *v == -1.0) {
            return std::nullopt; // AME: -1 = not collected (no guest credentials)
        }
        if (!v || *v < 0) {
            inv::addIssue(inv,
                          Severity::Warning,
                          ref(row.number, c),
                          "'" + text::printable(t) + "' is not " + expected
                              + "; treated as missing");
            return std::nullopt;
        }
        return v;
    };
    auto n = wb->forEachRow(sheet, [&](const Row& row) {
        if (names.empty()) {
            for (const auto& c : row.cells) {
                names.push_back(c.text);
                keys.push_back(inv::headerKey(c.text));
            }
            cName = col("machine name");
            cEnv = col("environment");
            cSoftware = col("software inventory count");
            cSqlCount = col("sql discovery server count");
            cSql = col("is sql service present");
            cWeb = col("web applications count");
            cOs = col("operating system");
            cCores = col("cores");
            cMemory = col("memory (in mb)");
            cDisks = col("total disks");
            cIps = col("ip addresses");
            cBoot = col("boot type");
            cPower = col("power stats");
            cId = col("machine id");
            if (cName < 0) {
                headerError = "required column 'Machine Name' is missing from the header (row "
                              + std::to_string(row.number) + ")";
                return false;
            }
            const std::pair<int, const char*> expected[] = {{cCores, "Cores"},
                                                            {cMemory, "Memory (in MB)"},
                                                            {cPower, "Power Stats"},
                                                            {cOs, "Operating System"}};
            for (const auto& [c, header] : expected) {
                if (c < 0) {
                    inv::addIssue(inv,
                                  Severity::Warning,
                                  SourceRef{file, sheet, row.number, header},
                                  std::string("column '") + header
                                      + "' is missing; the value is unknown for every machine");
                }
            }
            return true;
        }
        Workload w;
        w.origin = SourceRef{file, sheet, row.number, {}};
        w.name = cell(row, cName);
        if (w.name.empty()) {
            inv::addIssue(inv,
                          Severity::Dropped,
                          ref(row.number, cName),
                          "row has values but no machine name; dropped");
            return true;
        }
        w.id = cell(row, cId);
        const std::string env = text::toLower(cell(row, cEnv));
        // Azure Migrate Export treats a blank Environment as Prod (README, concepts-reports.md).
        w.environment = env.empty() ? "prod" : env;
        if (auto cores = number(row, cCores, "a core count")) {
            if (*cores >= 1 && *cores == static_cast<double>(static_cast<int>(*cores))) {
                w.vcpus = static_cast<int>(*cores);
            } else {
                inv::addIssue(inv,
                              Severity::Warning,
                              ref(row.number, cCores),
                              "core count " + cell(row, cCores)
                                  + " is not a positive whole number; treated as missing");
            }
        }
        w.memoryMib = number(row, cMemory, "a memory size in MB");
        if (!w.vcpus || !w.memoryMib) {
            inv::addIssue(
                inv,
                Severity::Warning,
                ref(row.number, !w.vcpus ? cCores : cMemory),
                "machine '" + text::printable(w.name)
                    + "': cores or memory unknown; it cannot be sized until they are known");
        }
        // The report counts disks but gives no sizes: each disk is kept with an unknown size.
        if (auto disks = number(row, cDisks, "a disk count")) {
            for (int i = 1; i <= static_cast<int>(*disks) && i <= 256; ++i) {
                w.disks.push_back(
                    Disk{"disk " + std::to_string(i), std::nullopt, std::nullopt, false});
            }
        }
        const std::string power = cell(row, cPower);
        w.power = parsePowerState(power);
        if (w.power == PowerState::Unknown && !power.empty()) {
            inv::addIssue(inv,
                          Severity::Warning,
                          ref(row.number, cPower),
                          "unknown power state '" + text::printable(power) + "'");
        }
        w.os = cell(row, cOs);
        w.osFamily = inv::osFamilyOf(w.os);
        const std::string boot = text::toLower(cell(row, cBoot));
        w.firmware = boot == "bios" || boot == "efi" ? boot : std::string();
        if (!boot.empty() && w.firmware.empty()) {
            inv::addIssue(inv,
                          Severity::Warning,
                          ref(row.number, cBoot),
                          "unknown boot type '" + text::printable(boot)
                              + "' (expected BIOS or EFI)");
        }
        if (cSql >= 0) {
            if (auto sql = row.at(static_cast<std::size_t>(cSql)); sql && sql->boolean()) {
                w.tags.emplace_back("sql_service_present", *sql->boolean() ? "true" : "false");
            }
        }
        const std::pair<int, const char*> counts[] = {{cSoftware, "software_inventory_count"},
                                                      {cSqlCount, "sql_discovery_server_count"},
                                                      {cWeb, "web_applications_count"}};
        for (const auto& [c, tag] : counts) {
            const std::string t = cell(row, c);
            if (t == "-1") {
                w.tags.emplace_back(tag, "not collected");
            } else if (!t.empty()) {
                w.tags.emplace_back(tag, t);
            }
        }
        // "[a,b,c];" lists; "[];" = none.
        std::string ips = cell(row, cIps);
        while (!ips.empty() && (ips.back() == ';' || ips.back() == ']')) {
            ips.pop_back();
        }
        if (!ips.empty() && ips.front() == '[') {
            ips.erase(0, 1);
        }
        if (!ips.empty()) {
            w.tags.emplace_back("ip_addresses", ips);
        }
        inv.workloads.push_back(std::move(w));
        return true;
    });
    if (!n) {
        return n.error();
    }
    if (!headerError.empty()) {
        return makeError(Error::Code::InvalidInput, headerError, file + ": sheet '" + sheet + "'");
    }
    if (names.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "the sheet is empty (no header row)",
                         file + ": sheet '" + sheet + "'");
    }
    inv.files.push_back(file);
    return {};
}

Result<Inventory> importExport(const std::vector<std::filesystem::path>& files,
                               const InventoryImportOptions& options)
{
    if (files.empty()) {
        return makeError(Error::Code::InvalidInput, "no Azure Migrate Export workbook given");
    }
    Inventory inv;
    inv.format = "azure-migrate-export";
    inv.name = options.name.empty() ? inv::fileStem(files.front()) : options.name;
    for (const auto& path : files) {
        if (Status st = importOne(path, inv); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(inv);
    return inv;
}

} // namespace

void registerAzureMigrateExportImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back(
        InventoryImporterInfo{"azure-migrate-export",
                              "Azure Migrate Export discovery report XLSX (sheet Discovery_Report)",
                              sniffExport,
                              importExport});
}

} // namespace cloudcost::decision
