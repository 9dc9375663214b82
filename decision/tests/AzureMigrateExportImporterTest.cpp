#include "decision/inventory/InventoryImporter.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost::decision;

namespace {

const InventoryImporterInfo& exportImporter()
{
    static const std::vector<InventoryImporterInfo> importers = [] {
        std::vector<InventoryImporterInfo> v;
        registerAzureMigrateExportImporters(v);
        return v;
    }();
    REQUIRE(importers.size() == 1);
    return importers.front();
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

} // namespace

TEST_CASE("The Azure Migrate Export discovery report imports its 294 machines",
          "[decision][inventory][azure-migrate-export]")
{
    // Values from shared/data/inventory/azure-migrate-export/README.md, "Handy values".
    auto inv = exportImporter().import(
        {cloudcost::testing::sharedData(
            "inventory/azure-migrate-export/AzureMigrate_Discovery_Report.xlsx")},
        {});
    INFO((inv ? std::string() : inv.error().describe()));
    REQUIRE(inv);
    CHECK(inv->format == "azure-migrate-export");
    REQUIRE(inv->workloads.size() == 294);
    int on = 0;
    int off = 0;
    int bios = 0;
    int efi = 0;
    int dev = 0;
    double cores = 0;
    double memory = 0;
    const Workload* sqlag = nullptr;
    const Workload* devsql = nullptr;
    for (const Workload& w : inv->workloads) {
        on += w.power == PowerState::On ? 1 : 0;
        off += w.power == PowerState::Off ? 1 : 0;
        bios += w.firmware == "bios" ? 1 : 0;
        efi += w.firmware == "efi" ? 1 : 0;
        dev += w.environment == "dev" ? 1 : 0;
        cores += w.vcpus.value_or(0);
        memory += w.memoryMib.value_or(0);
        sqlag = w.name == "SQLAGVM11" ? &w : sqlag;
        devsql = w.name == "DEVSQLVM13" ? &w : devsql;
    }
    CHECK(on == 250);
    CHECK(off == 44);
    CHECK(bios == 253);
    CHECK(efi == 41);
    CHECK(dev == 9);
    CHECK(cores == 959.0);
    CHECK(memory == 2159616.0);

    REQUIRE(sqlag != nullptr);
    CHECK(sqlag->vcpus == 2);
    CHECK(sqlag->memoryMib == 4096.0);
    CHECK(sqlag->os.find("Windows Server 2019") != std::string::npos);
    CHECK(sqlag->osFamily == "windows");
    CHECK(sqlag->disks.size() == 1);
    CHECK_FALSE(sqlag->disks[0].allocatedGib); // the report counts disks but has no sizes
    CHECK(sqlag->power == PowerState::On);
    CHECK(tag(*sqlag, "ip_addresses").find("10.150.90.250") != std::string::npos);
    CHECK(sqlag->id.find("/subscriptions/") == 0);

    REQUIRE(devsql != nullptr);
    CHECK(devsql->vcpus == 2);
    CHECK(devsql->memoryMib == 4096.0);
    CHECK(devsql->os.find("Windows Server 2012") != std::string::npos);
    CHECK(devsql->disks.size() == 2);
    CHECK(devsql->power == PowerState::Off);
    CHECK(tag(*devsql, "ip_addresses").empty());                        // "[];" = none
    CHECK(tag(*devsql, "software_inventory_count") == "not collected"); // -1
}

TEST_CASE("The Azure Migrate clash report is refused as a discovery report",
          "[decision][inventory][azure-migrate-export]")
{
    auto inv = exportImporter().import(
        {cloudcost::testing::sharedData(
            "inventory/azure-migrate-export/AzureMigrate_Assessment_Clash_Report.xlsx")},
        {});
    REQUIRE_FALSE(inv);
    CHECK_THAT(inv.error().describe(),
               Catch::Contains("AzureMigrate_Assessment_Clash_Report.xlsx")
                   && Catch::Contains("no Discovery_Report sheet")
                   && Catch::Contains("Clash_Report"));
}

TEST_CASE("Azure Migrate Export sniffing looks at zip magic and the file name",
          "[decision][inventory][azure-migrate-export]")
{
    const std::string zip("PK\x03\x04", 4);
    CHECK(exportImporter().sniff(zip, "AzureMigrate_Discovery_Report.xlsx") == 95);
    CHECK(exportImporter().sniff(zip, "rvtools.xlsx") == 0);
    CHECK(exportImporter().sniff("Machine Name,Cores\n", "AzureMigrate_Discovery_Report.csv") == 0);
}
