// RVTools workbooks (shared/data/inventory/rvtools/README.md): vInfo is authoritative, one row per
// VM or template; vCPU, vMemory, vDisk, vPartition, vHost and vCluster add facts, joined by VM ID
// (vSphere MoRef), VM UUID or, failing both, the VM name. Columns are found by header name, since
// their set and order vary with the RVTools version, the export settings and custom attributes.
// Units: RVTools writes MiB, and 3.x headers say "MB" for the same MiB quantity.

#include "common/Text.h"
#include "common/xlsx/XlsxReader.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <map>
#include <unordered_map>
#include <unordered_set>

namespace cloudcost::decision {

namespace {

using xlsx::Row;
using xlsx::Workbook;
using Severity = InventoryIssue::Severity;

constexpr double kMibPerGib = 1024.0;

// A tag taken from a facts tab, with up to two header spellings.
struct Fact
{
    const char* tag;
    const char* a;
    const char* b;
};

// A sheet's header row (the first non-blank row) and column lookup by normalised name.
struct Header
{
    std::vector<std::string> names; // as written
    std::vector<std::string> keys;  // inv::headerKey()
    std::int64_t row = 0;

    // First column whose key matches one of the spellings (already lower-case), or -1.
    int find(std::initializer_list<const char*> spellings) const
    {
        for (const char* s : spellings) {
            if (s == nullptr) {
                continue;
            }
            for (std::size_t i = 0; i < keys.size(); ++i) {
                if (keys[i] == s) {
                    return static_cast<int>(i);
                }
            }
        }
        return -1;
    }
    std::string name(int col) const
    {
        return col >= 0 && static_cast<std::size_t>(col) < names.size()
                   ? names[static_cast<std::size_t>(col)]
                   : std::string();
    }
};

struct Importer
{
    Importer(const Workbook& workbook, std::string fileName, Inventory& inventory)
        : wb(workbook)
        , file(std::move(fileName))
        , inv(inventory)
    {}

    const Workbook& wb;
    std::string file;
    Inventory& inv;

    // Join keys of this file's vInfo rows -> workload index.
    std::unordered_map<std::string, std::size_t> byVmId;
    std::unordered_map<std::string, std::size_t> byUuid;
    std::unordered_map<std::string, std::size_t> byName;
    std::unordered_set<std::size_t> withVmId; // vInfo rows that carry a VM ID
    std::map<std::string, std::vector<std::size_t>> byHost;
    std::map<std::string, std::vector<std::size_t>> byCluster;
    // Per workload: vDisk "Disk Key" -> index into its disks (for vPartition's used space).
    std::map<std::size_t, std::map<std::string, std::size_t>> diskKeys;

    SourceRef ref(const std::string& sheet, std::int64_t row, const Header& h, int col) const
    {
        return SourceRef{file, sheet, row, h.name(col)};
    }

    void issue(Severity severity, SourceRef where, std::string message)
    {
        inv::addIssue(inv, severity, std::move(where), std::move(message));
    }

    std::string where(const SourceRef& r) const
    {
        std::string w = r.file + ": sheet '" + r.sheet + "'";
        if (r.row > 0) {
            w += " row " + std::to_string(r.row);
        }
        if (!r.column.empty()) {
            w += " column '" + r.column + "'";
        }
        return w;
    }

    std::string cell(const Row& row, int col) const
    {
        return col < 0 ? std::string()
                       : std::string(text::trim(row.text(static_cast<std::size_t>(col))));
    }

    // A numeric cell (numbers stored as numbers or as text); "" -> nullopt; garbage or a
    // negative value -> nullopt plus a warning naming sheet, row and column.
    std::optional<double>
    number(const std::string& sheet, const Header& h, const Row& row, int col, const char* expected)
    {
        const std::string t = cell(row, col);
        if (t.empty()) {
            return std::nullopt;
        }
        auto v = text::parseDouble(t);
        if (!v || *v < 0) {
            issue(Severity::Warning,
                  ref(sheet, row.number, h, col),
                  "'" + text::printable(t) + "' is not " + expected + "; treated as missing");
            return std::nullopt;
        }
        return v;
    }

    std::optional<bool> flag(const std::string& sheet, const Header& h, const Row& row, int col)
    {
        const std::string t = cell(row, col);
        if (t.empty()) {
            return std::nullopt;
        }
        auto b = xlsx::Cell{xlsx::CellType::String, t}.boolean();
        if (!b) {
            issue(Severity::Warning,
                  ref(sheet, row.number, h, col),
                  "'" + text::printable(t) + "' is not True/False; treated as missing");
        }
        return b;
    }

    // Reads a sheet: header then rows; stops on a read error.
    Result<Header> readSheet(const std::string& sheet,
                             const std::function<void(const Header&, const Row&)>& onRow)
    {
        Header header;
        bool haveHeader = false;
        auto n = wb.forEachRow(sheet, [&](const Row& row) {
            if (!haveHeader) {
                haveHeader = true;
                header.row = row.number;
                for (const auto& c : row.cells) {
                    header.names.push_back(c.text);
                    header.keys.push_back(inv::headerKey(c.text));
                }
                return true;
            }
            onRow(header, row);
            return true;
        });
        if (!n) {
            return n.error();
        }
        return header;
    }

    // The workload a secondary-tab row belongs to, by VM ID, VM UUID or name; nullopt (with a
    // warning) when vInfo has no such VM.
    std::optional<std::size_t> match(const std::string& sheet, const Header& h, const Row& row)
    {
        const int idCol = h.find({"vm id"});
        const int uuidCol = h.find({"vm uuid"});
        const int nameCol = h.find({"vm"});
        const std::string id = cell(row, idCol);
        const std::string uuid = cell(row, uuidCol);
        const std::string name = cell(row, nameCol);
        if (!id.empty() && !byVmId.empty()) {
            if (auto it = byVmId.find(id); it != byVmId.end()) {
                return it->second;
            }
            // A vInfo row without a VM ID can still be this VM, by name.
            if (auto it = byName.find(name); it != byName.end() && !withVmId.count(it->second)) {
                return it->second;
            }
        } else if (!uuid.empty() && !byUuid.empty()) {
            if (auto it = byUuid.find(uuid); it != byUuid.end()) {
                return it->second;
            }
        } else if (!name.empty()) {
            if (auto it = byName.find(name); it != byName.end()) {
                return it->second;
            }
        } else {
            return std::nullopt; // a row without any key: nothing to attach
        }
        issue(Severity::Warning,
              ref(sheet, row.number, h, nameCol),
              "VM '" + text::printable(name) + "'" + (id.empty() ? "" : " (" + id + ")")
                  + " is not in vInfo; row ignored");
        return std::nullopt;
    }

    Status readInfo();
    Status readCpu();
    Status readMemory();
    Status readDisks();
    Status readPartitions();
    Status readHosts();
    Status readClusters();
};

Status Importer::readInfo()
{
    const std::string sheet = wb.findSheet("vInfo");
    if (sheet.empty()) {
        std::string known;
        for (const std::string& s : wb.sheetNames()) {
            known += (known.empty() ? "" : ", ") + s;
        }
        return makeError(Error::Code::InvalidInput,
                         "no vInfo sheet (sheets: " + known + "); not an RVTools export",
                         file);
    }
    std::vector<Workload>& out = inv.workloads;
    Header h;
    int cVm = -1, cPower = -1, cTemplate = -1, cSrm = -1, cCpus = -1, cMemory = -1, cTotalDisk = -1,
        cProvisioned = -1, cInUse = -1, cOsConfig = -1, cOsTools = -1, cHost = -1, cCluster = -1,
        cDatacenter = -1, cFirmware = -1, cVmId = -1, cUuid = -1, cAnnotation = -1, cServer = -1;
    std::vector<int> customAttributes;
    bool ready = false;
    auto setup = [&](const Header& header) {
        h = header;
        cVm = h.find({"vm"});
        cPower = h.find({"powerstate"});
        cTemplate = h.find({"template"});
        cSrm = h.find({"srm placeholder"});
        cCpus = h.find({"cpus"});
        cMemory = h.find({"memory", "memory mib", "memory mb"});
        cTotalDisk = h.find({"total disk capacity mib", "total disk capacity mb"});
        cProvisioned = h.find({"provisioned mib", "provisioned mb"});
        cInUse = h.find({"in use mib", "in use mb"});
        cOsConfig = h.find({"os according to the configuration file"});
        cOsTools = h.find({"os according to the vmware tools"});
        cHost = h.find({"host"});
        cCluster = h.find({"cluster"});
        cDatacenter = h.find({"datacenter"});
        cFirmware = h.find({"firmware"});
        cVmId = h.find({"vm id"});
        cUuid = h.find({"vm uuid"});
        cAnnotation = h.find({"annotation"});
        cServer = h.find({"vi sdk server"});
        // Custom attributes are the columns between Annotation and Datacenter (README).
        if (cAnnotation >= 0 && cDatacenter > cAnnotation) {
            for (int c = cAnnotation + 1; c < cDatacenter; ++c) {
                if (!h.name(c).empty()) {
                    customAttributes.push_back(c);
                }
            }
        }
        ready = true;
    };
    auto header = readSheet(sheet, [&](const Header& sheetHeader, const Row& row) {
        if (!ready) {
            setup(sheetHeader);
        }
        if (cVm < 0) {
            return;
        }
        Workload w;
        w.origin = SourceRef{file, sheet, row.number, {}};
        w.name = cell(row, cVm);
        if (w.name.empty()) {
            issue(Severity::Dropped,
                  ref(sheet, row.number, h, cVm),
                  "row has values but no VM name; dropped");
            return;
        }
        if (flag(sheet, h, row, cSrm).value_or(false)) {
            issue(Severity::Dropped,
                  ref(sheet, row.number, h, cSrm),
                  "VM '" + text::printable(w.name)
                      + "' is an SRM placeholder (shadow of a VM protected at another site); "
                        "dropped");
            return;
        }
        w.id = cell(row, cUuid);
        if (w.id.empty()) {
            w.id = cell(row, cVmId);
        }
        const std::string power = cell(row, cPower);
        w.power = parsePowerState(power);
        if (w.power == PowerState::Unknown && !power.empty()) {
            issue(Severity::Warning,
                  ref(sheet, row.number, h, cPower),
                  "unknown power state '" + text::printable(power) + "'");
        }
        w.isTemplate = flag(sheet, h, row, cTemplate).value_or(false);
        if (auto cpus = number(sheet, h, row, cCpus, "a vCPU count")) {
            if (*cpus != static_cast<double>(static_cast<int>(*cpus)) || *cpus < 1) {
                issue(Severity::Warning,
                      ref(sheet, row.number, h, cCpus),
                      "vCPU count " + text::printable(cell(row, cCpus))
                          + " is not a positive whole number; treated as missing");
            } else {
                w.vcpus = static_cast<int>(*cpus);
            }
        }
        w.memoryMib = number(sheet, h, row, cMemory, "a memory size in MiB");
        if (!w.vcpus || !w.memoryMib) {
            std::string what = !w.vcpus && !w.memoryMib ? "CPUs and Memory are"
                               : !w.vcpus               ? "CPUs is"
                                                        : "Memory is";
            issue(Severity::Warning,
                  ref(sheet, row.number, h, !w.vcpus ? cCpus : cMemory),
                  "VM '" + text::printable(w.name) + "': " + what
                      + " empty; it cannot be sized until they are known");
        }
        // Whole-VM storage; replaced by per-disk rows when vDisk lists the VM's disks.
        const auto total = number(sheet, h, row, cTotalDisk, "a size in MiB");
        const auto provisioned = number(sheet, h, row, cProvisioned, "a size in MiB");
        const auto inUse = number(sheet, h, row, cInUse, "a size in MiB");
        if (total || provisioned || inUse) {
            Disk d;
            d.name =
                total ? "all disks (vInfo Total disk capacity)" : "all disks (vInfo Provisioned)";
            const auto alloc = total ? total : provisioned;
            if (alloc) {
                d.allocatedGib = *alloc / kMibPerGib;
            }
            if (inUse) {
                d.usedGib = *inUse / kMibPerGib;
            }
            w.disks.push_back(d);
        }
        const std::string osConfig = cell(row, cOsConfig);
        const std::string osTools = cell(row, cOsTools);
        // The Tools value is what the guest runs; the .vmx value is often stale (README).
        w.os = !osTools.empty() ? osTools : osConfig;
        w.osFamily = inv::osFamilyOf(w.os);
        if (!osConfig.empty() && !osTools.empty() && osConfig != osTools) {
            w.tags.emplace_back("os_config", osConfig);
            issue(Severity::Warning,
                  ref(sheet, row.number, h, cOsTools),
                  "VM '" + text::printable(w.name) + "': VMware Tools reports '"
                      + text::printable(osTools) + "' but the configuration file says '"
                      + text::printable(osConfig) + "'; the Tools value is used");
        }
        const std::string fw = text::toLower(cell(row, cFirmware));
        w.firmware = fw == "bios" || fw == "efi" ? fw : std::string();
        if (!fw.empty() && w.firmware.empty()) {
            issue(Severity::Warning,
                  ref(sheet, row.number, h, cFirmware),
                  "unknown firmware '" + text::printable(fw) + "' (expected bios or efi)");
        }
        w.host = cell(row, cHost);
        w.cluster = cell(row, cCluster);
        w.datacenter = cell(row, cDatacenter);
        if (const std::string a = cell(row, cAnnotation); !a.empty()) {
            w.tags.emplace_back("annotation", a);
        }
        for (int c : customAttributes) {
            if (const std::string v = cell(row, c); !v.empty()) {
                w.tags.emplace_back(h.name(c), v);
            }
        }
        if (const std::string s = cell(row, cServer); !s.empty()) {
            w.tags.emplace_back("vcenter", s);
        }
        const std::size_t index = out.size();
        if (const std::string id = cell(row, cVmId); !id.empty()) {
            byVmId.emplace(id, index);
            withVmId.insert(index);
        }
        if (const std::string u = cell(row, cUuid); !u.empty()) {
            byUuid.emplace(u, index);
        }
        byName.emplace(w.name, index);
        if (!w.host.empty()) {
            byHost[w.host].push_back(index);
        }
        if (!w.cluster.empty()) {
            byCluster[w.cluster].push_back(index);
        }
        out.push_back(std::move(w));
    });
    if (!header) {
        return header.error();
    }
    if (header->names.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "the vInfo sheet is empty (no header row)",
                         file);
    }
    if (!ready) {
        setup(*header); // a header without VM rows
    }
    if (cVm < 0) {
        return makeError(Error::Code::InvalidInput,
                         "required column 'VM' is missing from the header (row "
                             + std::to_string(header->row) + ")",
                         where(SourceRef{file, sheet, 0, {}}));
    }
    const std::pair<int, const char*> expected[] = {{cPower, "Powerstate"},
                                                    {cCpus, "CPUs"},
                                                    {cMemory, "Memory"},
                                                    {cTemplate, "Template"}};
    for (const auto& [col, name] : expected) {
        if (col < 0) {
            issue(Severity::Warning,
                  SourceRef{file, sheet, header->row, name},
                  std::string("column '") + name
                      + "' is missing; the value is unknown for every VM");
        }
    }
    return {};
}

Status Importer::readCpu()
{
    const std::string sheet = wb.findSheet("vCPU");
    if (sheet.empty()) {
        return {};
    }
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        auto idx = match(sheet, h, row);
        if (!idx) {
            return;
        }
        Workload& w = inv.workloads[*idx];
        const int cCpus = h.find({"cpus"});
        if (auto cpus = number(sheet, h, row, cCpus, "a vCPU count")) {
            if (!w.vcpus && *cpus >= 1) {
                w.vcpus = static_cast<int>(*cpus);
                issue(Severity::Warning,
                      ref(sheet, row.number, h, cCpus),
                      "VM '" + w.name + "': vCPU count taken from the vCPU tab (vInfo is empty)");
            } else if (w.vcpus && static_cast<double>(*w.vcpus) != *cpus) {
                issue(Severity::Warning,
                      ref(sheet, row.number, h, cCpus),
                      "VM '" + w.name + "': vCPU tab says " + cell(row, cCpus) + " vCPUs, vInfo "
                          + std::to_string(*w.vcpus) + "; vInfo is kept");
            }
        }
        if (const std::string s = cell(row, h.find({"sockets"})); !s.empty()) {
            w.tags.emplace_back("cpu_sockets", s);
        }
        if (const std::string s = cell(row, h.find({"cores p/s"})); !s.empty()) {
            w.tags.emplace_back("cores_per_socket", s);
        }
        // "Overall" is the current CPU demand in MHz: one point in time, not a window.
        if (auto mhz = number(sheet, h, row, h.find({"overall"}), "a CPU demand in MHz")) {
            UtilisationRecord u;
            u.source = "rvtools";
            u.statistic = UtilStatistic::Average;
            u.windowDays = 0.0;
            u.coverage = 0.0;
            u.cpuMhz = *mhz;
            w.utilisation.push_back(u);
        }
    });
    return header ? Status{} : Status{header.error()};
}

Status Importer::readMemory()
{
    const std::string sheet = wb.findSheet("vMemory");
    if (sheet.empty()) {
        return {};
    }
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        auto idx = match(sheet, h, row);
        if (!idx) {
            return;
        }
        Workload& w = inv.workloads[*idx];
        const int cSize = h.find({"size mib", "size mb"});
        const auto size = number(sheet, h, row, cSize, "a memory size in MiB");
        if (size && !w.memoryMib) {
            w.memoryMib = size;
            issue(Severity::Warning,
                  ref(sheet, row.number, h, cSize),
                  "VM '" + w.name + "': memory taken from the vMemory tab (vInfo is empty)");
        } else if (size && *w.memoryMib != *size) {
            issue(Severity::Warning,
                  ref(sheet, row.number, h, cSize),
                  "VM '" + w.name + "': vMemory tab says " + cell(row, cSize) + " MiB, vInfo "
                      + text::printable(std::to_string(static_cast<long long>(*w.memoryMib)))
                      + " MiB; vInfo is kept");
        }
        // Active memory (guest-active, MiB) at one point in time; a fraction of the allocation.
        const auto active = number(sheet, h, row, h.find({"active"}), "a memory size in MiB");
        if (active && w.memoryMib && *w.memoryMib > 0) {
            UtilisationRecord* u = nullptr;
            for (auto& r : w.utilisation) {
                if (r.source == "rvtools") {
                    u = &r;
                }
            }
            if (u == nullptr) {
                w.utilisation.push_back(UtilisationRecord{});
                u = &w.utilisation.back();
                u->source = "rvtools";
                u->coverage = 0.0;
            }
            u->memory = *active / *w.memoryMib;
        }
        // Annotation and custom attributes, when vInfo did not carry them.
        const int cAnnotation = h.find({"annotation"});
        const int cDatacenter = h.find({"datacenter"});
        auto hasTag = [&](const std::string& key) {
            for (const auto& t : w.tags) {
                if (t.first == key) {
                    return true;
                }
            }
            return false;
        };
        if (cAnnotation >= 0) {
            if (const std::string a = cell(row, cAnnotation); !a.empty() && !hasTag("annotation")) {
                w.tags.emplace_back("annotation", a);
            }
            for (int c = cAnnotation + 1; c < cDatacenter; ++c) {
                const std::string v = cell(row, c);
                if (!v.empty() && !h.name(c).empty() && !hasTag(h.name(c))) {
                    w.tags.emplace_back(h.name(c), v);
                }
            }
        }
    });
    return header ? Status{} : Status{header.error()};
}

Status Importer::readDisks()
{
    const std::string sheet = wb.findSheet("vDisk");
    if (sheet.empty()) {
        return {};
    }
    std::map<std::size_t, std::vector<Disk>> disks;
    std::map<std::size_t, std::map<std::string, std::size_t>> keys; // Disk Key -> disk index
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        const int cCap = h.find({"capacity mib", "capacity mb"});
        if (cCap < 0) {
            return;
        }
        auto idx = match(sheet, h, row);
        if (!idx) {
            return;
        }
        Disk d;
        d.name = cell(row, h.find({"disk"}));
        if (auto cap = number(sheet, h, row, cCap, "a disk size in MiB")) {
            d.allocatedGib = *cap / kMibPerGib;
        }
        d.thin = flag(sheet, h, row, h.find({"thin"})).value_or(false);
        if (const std::string key = cell(row, h.find({"disk key"})); !key.empty()) {
            keys[*idx][key] = disks[*idx].size();
        }
        disks[*idx].push_back(d);
    });
    if (!header) {
        return header.error();
    }
    if (!header->names.empty() && header->find({"capacity mib", "capacity mb"}) < 0) {
        issue(Severity::Warning,
              SourceRef{file, sheet, header->row, "Capacity MiB"},
              "column 'Capacity MiB' is missing; the vDisk tab is ignored");
        return {};
    }
    for (auto& [idx, list] : disks) {
        Workload& w = inv.workloads[idx];
        // The vInfo whole-VM figure keeps the used space, which vDisk does not have.
        std::optional<double> used;
        for (const Disk& d : w.disks) {
            used = d.usedGib;
        }
        w.disks = std::move(list);
        if (used) {
            if (w.disks.size() == 1) {
                w.disks.front().usedGib = used;
            } else {
                w.tags.emplace_back("in_use_gib", text::printable(std::to_string(*used)));
            }
        }
    }
    diskKeys = std::move(keys);
    return {};
}

Status Importer::readPartitions()
{
    const std::string sheet = wb.findSheet("vPartition");
    if (sheet.empty() || diskKeys.empty()) {
        return {};
    }
    std::map<std::pair<std::size_t, std::size_t>, double> consumed;
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        const std::string key = cell(row, h.find({"disk key"}));
        if (key.empty()) {
            return; // guest volumes without a disk key cannot be tied to a virtual disk
        }
        auto idx = match(sheet, h, row);
        if (!idx) {
            return;
        }
        auto keysIt = diskKeys.find(*idx);
        if (keysIt == diskKeys.end() || !keysIt->second.count(key)) {
            return;
        }
        if (auto mib =
                number(sheet, h, row, h.find({"consumed mib", "consumed mb"}), "a size in MiB")) {
            consumed[{*idx, keysIt->second.at(key)}] += *mib;
        }
    });
    if (!header) {
        return header.error();
    }
    for (const auto& [k, mib] : consumed) {
        inv.workloads[k.first].disks[k.second].usedGib = mib / kMibPerGib;
    }
    return {};
}

Status Importer::readHosts()
{
    const std::string sheet = wb.findSheet("vHost");
    if (sheet.empty()) {
        return {};
    }
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        const std::string host = cell(row, h.find({"host"}));
        auto it = byHost.find(host);
        if (host.empty() || it == byHost.end()) {
            return; // a host without VMs in vInfo is a fact about capacity, not a workload
        }
        const Fact facts[] = {
            {"host_cpu_model", "cpu model", nullptr},
            {"host_cpu_mhz", "speed", nullptr},
            {"host_sockets", "# cpu", nullptr},
            {"host_cores", "# cores", nullptr},
            {"host_memory_mib", "# memory", nullptr},
            {"host_vendor", "vendor", nullptr},
            {"host_model", "model", nullptr},
            {"host_esx_version", "esx version", nullptr},
        };
        const std::string cluster = cell(row, h.find({"cluster"}));
        const std::string datacenter = cell(row, h.find({"datacenter"}));
        for (std::size_t idx : it->second) {
            Workload& w = inv.workloads[idx];
            for (const Fact& f : facts) {
                if (const std::string v = cell(row, h.find({f.a, f.b})); !v.empty()) {
                    w.tags.emplace_back(f.tag, v);
                }
            }
            if (w.cluster.empty() && !cluster.empty()) {
                w.cluster = cluster;
            }
            if (w.datacenter.empty() && !datacenter.empty()) {
                w.datacenter = datacenter;
            }
        }
    });
    return header ? Status{} : Status{header.error()};
}

Status Importer::readClusters()
{
    const std::string sheet = wb.findSheet("vCluster");
    if (sheet.empty()) {
        return {};
    }
    auto header = readSheet(sheet, [&](const Header& h, const Row& row) {
        const std::string cluster = cell(row, h.find({"cluster", "name"}));
        auto it = byCluster.find(cluster);
        if (cluster.empty() || it == byCluster.end()) {
            return;
        }
        const Fact facts[] = {
            {"cluster_hosts", "numhosts", "# hosts"},
            {"cluster_total_cpu_mhz", "totalcpu", nullptr},
            {"cluster_cores", "numcpucores", nullptr},
            {"cluster_total_memory", "totalmemory", nullptr},
            {"cluster_ha", "ha enabled", nullptr},
            {"cluster_drs", "drs enabled", nullptr},
        };
        for (std::size_t idx : it->second) {
            for (const Fact& f : facts) {
                if (const std::string v = cell(row, h.find({f.a, f.b})); !v.empty()) {
                    inv.workloads[idx].tags.emplace_back(f.tag, v);
                }
            }
        }
    });
    return header ? Status{} : Status{header.error()};
}

int sniffRvtools(std::string_view head, std::string_view fileName)
{
    if (!text::startsWith(head, std::string_view("PK\x03\x04", 4))) {
        return 0;
    }
    const std::string name = text::toLower(fileName);
    if (text::contains(name, "rvtools")) {
        return 90;
    }
    // An XLSX without a telling name: RVTools is the most common XLSX inventory; the import
    // itself checks for the vInfo sheet.
    return text::endsWith(name, ".xlsx") ? 40 : 0;
}

Result<Inventory> importRvtools(const std::vector<std::filesystem::path>& files,
                                const InventoryImportOptions& options)
{
    if (files.empty()) {
        return makeError(Error::Code::InvalidInput, "no RVTools workbook given");
    }
    Inventory inv;
    inv.format = "rvtools";
    inv.name = options.name.empty() ? inv::fileStem(files.front()) : options.name;
    for (const auto& path : files) {
        auto wb = Workbook::open(path);
        if (!wb) {
            return wb.error();
        }
        inv.files.push_back(path.string());
        Importer importer(*wb, path.string(), inv);
        for (Status (Importer::*step)() : {&Importer::readInfo,
                                           &Importer::readCpu,
                                           &Importer::readMemory,
                                           &Importer::readDisks,
                                           &Importer::readPartitions,
                                           &Importer::readHosts,
                                           &Importer::readClusters}) {
            if (Status st = (importer.*step)(); !st) {
                return st.error();
            }
        }
    }
    inv::dropDuplicateNames(inv);
    return inv;
}

} // namespace

void registerRvtoolsImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back(InventoryImporterInfo{
        "rvtools",
        "RVTools XLSX export (vInfo, with vCPU, vMemory, vDisk, vPartition, vHost, vCluster)",
        sniffRvtools,
        importRvtools});
}

} // namespace cloudcost::decision
