#include "decision/inventory/InventoryImporter.h"

#include <catch2/catch.hpp>

#include <array>
#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost::decision;

namespace {

const InventoryImporterInfo& rvtools()
{
    static const std::vector<InventoryImporterInfo> importers = [] {
        std::vector<InventoryImporterInfo> v;
        registerRvtoolsImporters(v);
        return v;
    }();
    REQUIRE(importers.size() == 1);
    return importers.front();
}

Inventory importFile(const std::filesystem::path& path)
{
    auto inv = rvtools().import({path}, {});
    INFO((inv ? std::string() : inv.error().describe()));
    REQUIRE(inv);
    return std::move(*inv);
}

const Workload& find(const Inventory& inv, const std::string& name)
{
    for (const Workload& w : inv.workloads) {
        if (w.name == name) {
            return w;
        }
    }
    FAIL("no workload " << name);
    return inv.workloads.front();
}

std::string tag(const Workload& w, const std::string& key)
{
    for (const auto& [k, v] : w.tags) {
        if (k == key) {
            return v;
        }
    }
    return {};
}

bool hasIssue(const Inventory& inv, const std::string& sheet, const std::string& needle)
{
    for (const auto& i : inv.issues) {
        if (i.where.sheet == sheet && i.message.find(needle) != std::string::npos) {
            return true;
        }
    }
    return false;
}

double allocatedGib(const Workload& w)
{
    double sum = 0;
    for (const Disk& d : w.disks) {
        sum += d.allocatedGib.value_or(0);
    }
    return sum;
}

// Stored-entry zip writer (CRC-32 computed here) for crafted RVTools workbooks.
std::uint32_t crc32(const std::string& data)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char c : data) {
        crc ^= c;
        for (int k = 0; k < 8; ++k) {
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
        }
    }
    return ~crc;
}

void put(std::string& out, std::uint32_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}

std::string storedZip(const std::vector<std::pair<std::string, std::string>>& parts)
{
    std::string out;
    std::string central;
    for (const auto& [name, data] : parts) {
        const auto offset = static_cast<std::uint32_t>(out.size());
        const auto size = static_cast<std::uint32_t>(data.size());
        const auto nameLen = static_cast<std::uint32_t>(name.size());
        put(out, 0x04034b50, 4);
        put(out, 20, 2);
        put(out, 0, 2);
        put(out, 0, 2);
        put(out, 0, 4);
        put(out, crc32(data), 4);
        put(out, size, 4);
        put(out, size, 4);
        put(out, nameLen, 2);
        put(out, 0, 2);
        out += name + data;
        put(central, 0x02014b50, 4);
        put(central, 20, 2);
        put(central, 20, 2);
        put(central, 0, 2);
        put(central, 0, 2);
        put(central, 0, 4);
        put(central, crc32(data), 4);
        put(central, size, 4);
        put(central, size, 4);
        put(central, nameLen, 2);
        put(central, 0, 4);
        put(central, 0, 4);
        put(central, 0, 4);
        put(central, offset, 4);
        central += name;
    }
    const auto cdOffset = static_cast<std::uint32_t>(out.size());
    out += central;
    put(out, 0x06054b50, 4);
    put(out, 0, 4);
    put(out, static_cast<std::uint32_t>(parts.size()), 2);
    put(out, static_cast<std::uint32_t>(parts.size()), 2);
    put(out, static_cast<std::uint32_t>(central.size()), 4);
    put(out, cdOffset, 4);
    put(out, 0, 2);
    return out;
}

// A one-sheet workbook; rows are vectors of inline-string cells.
std::filesystem::path craftWorkbook(const std::filesystem::path& dir,
                                    const std::string& sheetName,
                                    const std::vector<std::vector<std::string>>& rows)
{
    std::string data;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        data += "<row r=\"" + std::to_string(r + 1) + "\">";
        for (const auto& v : rows[r]) {
            data += "<c t=\"inlineStr\"><is><t>" + v + "</t></is></c>";
        }
        data += "</row>";
    }
    const std::string ns = "http://schemas.openxmlformats.org/";
    const std::string workbook = "<workbook xmlns=\"" + ns + "spreadsheetml/2006/main\" xmlns:r=\""
                                 + ns + "officeDocument/2006/relationships\"><sheets><sheet name=\""
                                 + sheetName
                                 + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    const std::string rels = "<Relationships xmlns=\"" + ns
                             + "package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" + ns
                             + "officeDocument/2006/relationships/worksheet\" "
                               "Target=\"worksheets/sheet1.xml\"/></Relationships>";
    const std::string sheet = "<worksheet xmlns=\"" + ns + "spreadsheetml/2006/main\"><sheetData>"
                              + data + "</sheetData></worksheet>";
    const auto path = dir / "crafted-rvtools.xlsx";
    std::ofstream out(path, std::ios::binary);
    out << storedZip({{"xl/workbook.xml", workbook},
                      {"xl/_rels/workbook.xml.rels", rels},
                      {"xl/worksheets/sheet1.xml", sheet}});
    return path;
}

} // namespace

TEST_CASE("The kubev2v RVTools export imports its 9 VMs with the README's values",
          "[decision][inventory][rvtools]")
{
    // Values from shared/data/inventory/rvtools/README.md, "Handy values".
    const Inventory inv = importFile(cloudcost::testing::sharedData(
        "inventory/rvtools/kubev2v-migration-planner_example1_rvtools4-vcenter8.xlsx"));
    CHECK(inv.format == "rvtools");
    REQUIRE(inv.workloads.size() == 9);
    int on = 0;
    int off = 0;
    int templates = 0;
    for (const Workload& w : inv.workloads) {
        on += w.power == PowerState::On ? 1 : 0;
        off += w.power == PowerState::Off ? 1 : 0;
        templates += w.isTemplate ? 1 : 0;
    }
    CHECK(on == 3);
    CHECK(off == 6);
    CHECK(templates == 0);

    const Workload& vm3 = find(inv, "vm-3");
    CHECK(vm3.power == PowerState::On);
    CHECK(vm3.vcpus == 3);
    CHECK(vm3.memoryMib == 3526.0);
    CHECK(vm3.firmware == "bios");
    CHECK(vm3.os == "Debian GNU/Linux 9 (64-bit)"); // Tools value over the stale .vmx value
    CHECK(tag(vm3, "os_config") == "Debian GNU/Linux 7 (64-bit)");
    CHECK(vm3.osFamily == "linux");
    CHECK(vm3.origin.sheet == "vInfo");
    CHECK_FALSE(vm3.disks.empty());

    const Workload& vm8 = find(inv, "vm-8");
    CHECK(vm8.vcpus == 13);
    CHECK(vm8.memoryMib == 34321.0);
    CHECK(vm8.firmware == "efi");
    CHECK(vm8.os == "Red Hat Enterprise Linux 8 (64-bit)");
    CHECK(tag(vm8, "os_config") == "Red Hat Enterprise Linux 9 (64-bit)");

    // vm-9: powered on with empty CPUs and Memory in vInfo: kept and flagged, never 0; the
    // vCPU/vMemory tabs fill the gap, each with a warning naming the tab.
    const Workload& vm9 = find(inv, "vm-9");
    CHECK(vm9.power == PowerState::On);
    CHECK(hasIssue(inv, "vInfo", "'vm-9': CPUs and Memory are empty"));
    if (vm9.vcpus) {
        CHECK(hasIssue(inv, "vCPU", "'vm-9': vCPU count taken from the vCPU tab"));
    }
    if (vm9.memoryMib) {
        CHECK(hasIssue(inv, "vMemory", "'vm-9': memory taken from the vMemory tab"));
    }
    CHECK(vm9.host.empty());

    // Cross-tab inconsistency of the anonymised file is reported, vInfo kept (README).
    const Workload& vm1 = find(inv, "vm-1");
    CHECK(vm1.vcpus == 1);
    CHECK(vm1.memoryMib == 2224.0);
    CHECK(hasIssue(inv, "vCPU", "'vm-1': vCPU tab says 2 vCPUs, vInfo 1"));
    CHECK(hasIssue(inv, "vMemory", "'vm-1': vMemory tab says 2048 MiB, vInfo 2224"));

    // The anonymiser gave vInfo and vHost different host names, so no host facts join here.
    CHECK(inv.workloads.size() == 9);
}

TEST_CASE("The IBM RVTools sample joins vDisk, vPartition, vHost and vCluster by VM name",
          "[decision][inventory][rvtools]")
{
    const Inventory inv = importFile(cloudcost::testing::sharedData(
        "inventory/rvtools/ibm-rvtools-to-ibm-cloud_rvtools-small-complete.xlsx"));
    REQUIRE(inv.workloads.size() == 3);
    // README: sample-db-01 4 vCPU, 16,384 MiB, two disks 102,400 + 225,280 MiB, Windows Server
    // 2022, efi.
    const Workload& db = find(inv, "sample-db-01");
    CHECK(db.vcpus == 4);
    CHECK(db.memoryMib == 16384.0);
    REQUIRE(db.disks.size() == 2);
    CHECK(db.disks[0].allocatedGib == Approx(100.0));
    CHECK(db.disks[1].allocatedGib == Approx(220.0));
    CHECK(db.disks[0].usedGib == Approx(70.0)); // vPartition C:\ consumed 71,680 MiB, Disk Key 2100
    CHECK(db.os == "Microsoft Windows Server 2022");
    CHECK(db.osFamily == "windows");
    CHECK(db.firmware == "efi");
    CHECK(db.host == "sample-host-02");
    CHECK(db.cluster == "sample-cluster-a");
    CHECK(db.datacenter == "sample-dc");
    CHECK(tag(db, "host_cpu_mhz") == "2600");
    CHECK(tag(db, "cluster_total_cpu_mhz") == "76800");
    const Workload& archive = find(inv, "sample-archive-01");
    CHECK(archive.power == PowerState::Off);
    CHECK(allocatedGib(find(inv, "sample-web-01")) == Approx(120.0)); // 81,920 + 40,960 MiB
    // No Template column in this export: reported once, not guessed per VM.
    CHECK(hasIssue(inv, "vInfo", "column 'Template' is missing"));
}

TEST_CASE("RVTools sniffing prefers zip files named like RVTools exports",
          "[decision][inventory][rvtools]")
{
    const std::string zip("PK\x03\x04", 4);
    CHECK(rvtools().sniff(zip, "RVTools_export_all_2025.xlsx") == 90);
    CHECK(rvtools().sniff(zip, "inventory.xlsx") == 40);
    CHECK(rvtools().sniff("VM,CPUs\n", "rvtools.csv") == 0);
}

TEST_CASE("Doubtful RVTools rows are reported with sheet, row and column",
          "[decision][inventory][rvtools]")
{
    const auto dir = cloudcost::testing::makeTempDir("rvtools-test");
    const std::vector<std::string> header = {"VM",
                                             "Powerstate",
                                             "Template",
                                             "SRM Placeholder",
                                             "CPUs",
                                             "Memory",
                                             "Provisioned MB",
                                             "In Use MB",
                                             "OS according to the configuration file"};
    SECTION("bad numbers, duplicates, SRM placeholders and unknown power states")
    {
        const auto path =
            craftWorkbook(dir,
                          "vInfo",
                          {header,
                           {"web01",
                            "poweredOn",
                            "False",
                            "False",
                            "2",
                            "4096",
                            "20480",
                            "10240",
                            "Ubuntu Linux (64-bit)"},
                           {"web01", "poweredOff", "False", "False", "2", "4096", "20480", "0", ""},
                           {"db01", "poweredOn", "False", "False", "four", "8192", "", "", ""},
                           {"srm01", "poweredOff", "False", "True", "2", "4096", "", "", ""},
                           {"tpl01", "weird", "True", "False", "1", "-5", "", "", ""},
                           {"", "poweredOn", "False", "False", "1", "1024", "", "", ""}});
        const Inventory inv = importFile(path);
        REQUIRE(inv.workloads.size() == 3);
        const Workload& web = find(inv, "web01");
        CHECK(web.origin.row == 2);
        REQUIRE(web.disks.size() == 1);
        CHECK(web.disks[0].allocatedGib == Approx(20.0)); // "MB" headers from RVTools are MiB
        CHECK(web.disks[0].usedGib == Approx(10.0));
        CHECK_FALSE(find(inv, "db01").vcpus);
        const Workload& tpl = find(inv, "tpl01");
        CHECK(tpl.isTemplate);
        CHECK(tpl.power == PowerState::Unknown);
        CHECK_FALSE(tpl.memoryMib);
        bool cpuIssue = false;
        bool duplicate = false;
        bool srm = false;
        bool noName = false;
        for (const auto& i : inv.issues) {
            if (i.where.row == 4 && i.where.column == "CPUs"
                && i.message.find("'four' is not a vCPU count") != std::string::npos) {
                cpuIssue = true;
            }
            if (i.severity == InventoryIssue::Severity::Dropped && i.where.row == 3
                && i.message.find("duplicate name 'web01'") != std::string::npos) {
                duplicate = true;
            }
            if (i.severity == InventoryIssue::Severity::Dropped && i.where.row == 5
                && i.message.find("SRM placeholder") != std::string::npos) {
                srm = true;
            }
            if (i.severity == InventoryIssue::Severity::Dropped && i.where.row == 7) {
                noName = true;
            }
        }
        CHECK(cpuIssue);
        CHECK(duplicate);
        CHECK(srm);
        CHECK(noName);
        CHECK(hasIssue(inv, "vInfo", "unknown power state 'weird'"));
        CHECK(hasIssue(inv, "vInfo", "'-5' is not a memory size in MiB"));
    }
    SECTION("a vInfo sheet without a VM column is refused, naming sheet and column")
    {
        const auto path = craftWorkbook(dir, "vInfo", {{"Name", "CPUs"}, {"web01", "2"}});
        auto inv = rvtools().import({path}, {});
        REQUIRE_FALSE(inv);
        CHECK_THAT(inv.error().describe(),
                   Catch::Contains("crafted-rvtools.xlsx: sheet 'vInfo'")
                       && Catch::Contains("required column 'VM' is missing"));
    }
    SECTION("a workbook without vInfo is not an RVTools export")
    {
        const auto path = craftWorkbook(dir, "Sheet1", {{"VM"}, {"web01"}});
        auto inv = rvtools().import({path}, {});
        REQUIRE_FALSE(inv);
        CHECK_THAT(inv.error().describe(), Catch::Contains("no vInfo sheet (sheets: Sheet1)"));
    }
    SECTION("a file that is not a zip fails with its name")
    {
        const auto path = dir / "not.xlsx";
        std::ofstream(path) << "VM,CPUs\n";
        auto inv = rvtools().import({path}, {});
        REQUIRE_FALSE(inv);
        CHECK_THAT(inv.error().describe(),
                   Catch::Contains("not.xlsx") && Catch::Contains("not a zip archive"));
    }
    std::filesystem::remove_all(dir);
}
