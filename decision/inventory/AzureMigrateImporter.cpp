// Azure Migrate import-based discovery CSV
// (shared/data/inventory/azure-migrate-import-csv/README.md): headers matched by name without the
// mandatory-marker '*', case-insensitive; memory "MB" read as MiB and disk "GB" as GiB (Azure's own
// reading, README), utilisation percent 0-100 -> fraction, a variable number of "Disk N ..."
// groups; "Number of disks" is not trusted.
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <cmath>

namespace cloudcost::decision {

namespace {

using inv::CsvRow;
using inv::CsvSheet;
using Sev = InventoryIssue::Severity;

int sniffAzureCsv(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    if (text::contains(line, "server name") && text::contains(line, "cores")
        && text::contains(line, "memory (in mb)")) {
        return 90;
    }
    return 0;
}

struct DiskColumns
{
    int size = -1, readMBps = -1, writeMBps = -1, readOps = -1, writeOps = -1;
};

// A percent cell (0..100) as a fraction; out-of-range values are reported and left unknown.
std::optional<double> percentCell(Inventory& out, const CsvSheet& s, const CsvRow& r, int col)
{
    auto v = inv::numberCell(out, s, r, col, "percent 0-100");
    if (v && *v > 100.0) {
        inv::addIssue(out,
                      Sev::Warning,
                      inv::refOf(s, r, col),
                      text::printable(s.cell(r, col))
                          + " is above 100 (expected percent 0-100); value left unknown");
        return std::nullopt;
    }
    if (v) {
        return *v / 100.0;
    }
    return std::nullopt;
}

std::optional<double> sumOpt(std::optional<double> a, std::optional<double> b)
{
    if (!a) {
        return b;
    }
    if (!b) {
        return a;
    }
    return *a + *b;
}

Status importAzureFile(const std::filesystem::path& path, Inventory& out)
{
    auto sheetR = inv::readCsvSheet(path);
    if (!sheetR) {
        return sheetR.error();
    }
    const CsvSheet& s = *sheetR;
    const int cName = s.column("server name");
    const int cCores = s.column("cores");
    const int cMem = s.column("memory (in mb)");
    for (const auto& [col, name] : {std::pair{cName, "*Server name"},
                                    std::pair{cCores, "*Cores"},
                                    std::pair{cMem, "*Memory (In MB)"}}) {
        if (col < 0) {
            return makeError(Error::Code::InvalidInput,
                             std::string("missing mandatory column '") + name
                                 + "' (Azure Migrate import template header expected)",
                             s.file + ":1");
        }
    }
    const int cOs = s.column("os name");
    const int cOsVersion = s.column("os version");
    const int cArch = s.column("os architecture");
    const int cType = s.column("server type");
    const int cHyper = s.column("hypervisor");
    const int cCpu = s.column("cpu utilization percentage");
    const int cMemUtil = s.column("memory utilization percentage");
    const int cNetIn = s.column("network in throughput");
    const int cNetOut = s.column("network out throughput");
    const int cBoot = s.column("boot type");
    const int cDiskCount = s.column("number of disks");
    const int cIps = s.column("ip addresses");
    const int cInUse = s.column("storage in use (in gb)");
    const int cVmId = s.column("virtual machine id");
    std::vector<DiskColumns> diskCols;
    for (int n = 1;; ++n) {
        const std::string p = "disk " + std::to_string(n) + " ";
        DiskColumns d;
        d.size = s.column(p + "size (in gb)");
        d.readMBps = s.column(p + "read throughput (mb per second)");
        d.writeMBps = s.column(p + "write throughput (mb per second)");
        d.readOps = s.column(p + "read ops (operations per second)");
        d.writeOps = s.column(p + "write ops (operations per second)");
        if (d.size < 0 && d.readMBps < 0 && d.writeMBps < 0 && d.readOps < 0 && d.writeOps < 0) {
            break;
        }
        diskCols.push_back(d);
    }

    for (const CsvRow& r : s.rows) {
        inv::checkRowWidth(out, s, r);
        Workload w;
        w.origin = inv::refOf(s, r);
        w.name = std::string(s.cell(r, cName));
        if (w.name.empty()) {
            inv::addIssue(out, Sev::Dropped, inv::refOf(s, r, cName), "server name is empty");
            continue;
        }
        if (auto cores = inv::numberCell(out, s, r, cCores, "a whole number of cores")) {
            if (*cores != std::floor(*cores) || *cores < 1 || *cores > 100000) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cCores),
                              text::printable(s.cell(r, cCores))
                                  + " is not a whole number of cores; left unknown");
            } else {
                w.vcpus = static_cast<int>(*cores);
            }
        }
        // README: "MB (Azure treats as MiB; VMware's MemoryMB is MiB)".
        w.memoryMib = inv::numberCell(out, s, r, cMem, "MB");
        w.os = std::string(s.cell(r, cOs));
        if (!s.cell(r, cOsVersion).empty() && !text::contains(w.os, s.cell(r, cOsVersion))) {
            w.tags.emplace_back("os_version", std::string(s.cell(r, cOsVersion)));
        }
        w.osFamily = inv::osFamilyOf(w.os);
        w.id = std::string(s.cell(r, cVmId));
        for (const auto& [col, key] : {std::pair{cArch, "os_architecture"},
                                       std::pair{cType, "server_type"},
                                       std::pair{cHyper, "hypervisor"},
                                       std::pair{cIps, "ip_addresses"}}) {
            if (!s.cell(r, col).empty()) {
                w.tags.emplace_back(key, std::string(s.cell(r, col)));
            }
        }
        const std::string boot = text::toLower(s.cell(r, cBoot));
        if (boot == "bios") {
            w.firmware = "bios";
        } else if (boot == "uefi" || boot == "efi") {
            w.firmware = "efi";
        } else if (!boot.empty()) {
            inv::addIssue(out,
                          Sev::Warning,
                          inv::refOf(s, r, cBoot),
                          "boot type '" + text::printable(boot)
                              + "' is neither BIOS nor UEFI; left unknown");
        }

        UtilisationRecord u;
        u.source = "azure-migrate-csv";
        u.statistic = UtilStatistic::Average; // docs: "average CPU used"
        u.cpu = percentCell(out, s, r, cCpu);
        u.memory = percentCell(out, s, r, cMemUtil);
        u.networkMBps = sumOpt(inv::numberCell(out, s, r, cNetIn, "MB per second"),
                               inv::numberCell(out, s, r, cNetOut, "MB per second"));
        int filledGroups = 0;
        for (std::size_t i = 0; i < diskCols.size(); ++i) {
            const DiskColumns& d = diskCols[i];
            const auto size = inv::numberCell(out, s, r, d.size, "GB");
            const auto rd = inv::numberCell(out, s, r, d.readMBps, "MB per second");
            const auto wr = inv::numberCell(out, s, r, d.writeMBps, "MB per second");
            const auto ro = inv::numberCell(out, s, r, d.readOps, "operations per second");
            const auto wo = inv::numberCell(out, s, r, d.writeOps, "operations per second");
            if (!size && !rd && !wr && !ro && !wo) {
                continue;
            }
            ++filledGroups;
            if (size) {
                Disk disk;
                disk.name = "Disk " + std::to_string(i + 1);
                disk.allocatedGib = size; // Azure sizes disks in GiB; the template says GB
                w.disks.push_back(disk);
            }
            u.diskMBps = sumOpt(u.diskMBps, sumOpt(rd, wr));
            u.diskReadIops = sumOpt(u.diskReadIops, ro);
            u.diskWriteIops = sumOpt(u.diskWriteIops, wo);
        }
        if (const auto count = inv::numberCell(out, s, r, cDiskCount, "a disk count");
            count && filledGroups > 0 && *count != filledGroups) {
            inv::addIssue(out,
                          Sev::Warning,
                          inv::refOf(s, r, cDiskCount),
                          "Number of disks says " + text::printable(s.cell(r, cDiskCount)) + " but "
                              + std::to_string(filledGroups)
                              + " Disk N groups are filled; the disk groups are used");
        }
        if (const auto inUse = inv::numberCell(out, s, r, cInUse, "GB")) {
            if (w.disks.size() == 1) {
                w.disks.front().usedGib = inUse;
            } else {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%g", *inUse);
                w.tags.emplace_back("storage_in_use_gib", buf);
            }
        }
        if (u.cpu || u.memory || u.networkMBps || u.diskMBps || u.diskReadIops || u.diskWriteIops) {
            w.utilisation.push_back(u);
        }
        out.workloads.push_back(std::move(w));
    }
    return {};
}

Result<Inventory> importAzureCsv(const std::vector<std::filesystem::path>& files,
                                 const InventoryImportOptions&)
{
    Inventory out;
    for (const auto& f : files) {
        if (auto st = importAzureFile(f, out); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

} // namespace

void registerAzureMigrateImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"azure-migrate-csv",
                   "Azure Migrate import-based discovery CSV (*Server name, *Cores, *Memory (In "
                   "MB), Disk N groups, utilisation percentages)",
                   sniffAzureCsv,
                   importAzureCsv});
}

} // namespace cloudcost::decision
