// Azure Migrate import CSV: values from shared/data/inventory/azure-migrate-import-csv/README.md.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

namespace {
const char* const kTemplate = "azure-migrate-import-csv/"
                              "AzureMigrateimporttemplate_microsoft-example-rows.csv";
const std::string kHeader = "\xEF\xBB\xBF*Server name,IP addresses,*Cores,*Memory (In MB),*OS "
                            "name,CPU utilization percentage,Memory utilization percentage,Disk 1 "
                            "size (In GB)\n";
} // namespace

TEST_CASE("Microsoft's Azure Migrate template imports its ten example servers",
          "[inventory][azure]")
{
    auto inv = importOne(inventoryData(kTemplate));
    REQUIRE(inv);
    CHECK(inv->format == "azure-migrate-csv");
    CHECK(inv->name == "AzureMigrateimporttemplate_microsoft-example-rows");
    REQUIRE(inv->workloads.size() == 10);

    // README handy value: VM005 has 4 cores, 4,096 MB, Windows Server 2016 and two IPs, nothing
    // else.
    const Workload* vm5 = findWorkload(*inv, "VM005.corp.contoso.com");
    REQUIRE(vm5);
    CHECK(vm5->vcpus == 4);
    CHECK(vm5->memoryMib == Approx(4096.0)); // MB read as MiB (README: "Azure treats as MiB")
    CHECK(vm5->os == "Microsoft Windows Server 2016 (64-bit)");
    CHECK(vm5->osFamily == "windows");
    CHECK(vm5->disks.empty());
    CHECK(vm5->utilisation.empty()); // empty is "no performance data", not 0
    REQUIRE(vm5->tags.size() == 1);
    CHECK(vm5->tags[0].second == "172.21.12.10;fe80::14ff:fb5b:b729:1ebe");
    CHECK(vm5->origin.row == 6);

    // VM009: RHEL 7.1, x64, Physical, CPU 50 %, memory 50 %, BIOS, disk 1 = 128 GB, 200/200 MB/s,
    // 200/299 IOPS (the file also fills Disk 2 with the same values).
    const Workload* vm9 = findWorkload(*inv, "VM009.corp.contoso.com");
    REQUIRE(vm9);
    CHECK(vm9->osFamily == "linux");
    CHECK(vm9->firmware == "bios");
    REQUIRE(vm9->disks.size() == 2);
    CHECK(vm9->disks[0].allocatedGib == Approx(128.0));
    REQUIRE(vm9->utilisation.size() == 1);
    const auto& u = vm9->utilisation[0];
    CHECK(u.statistic == UtilStatistic::Average);
    CHECK(*u.cpu == Approx(0.5)); // percent -> fraction
    CHECK(*u.memory == Approx(0.5));
    CHECK(*u.diskMBps == Approx(800.0)); // (200 + 200) x 2 disks
    CHECK(*u.diskReadIops == Approx(400.0));
    CHECK(*u.diskWriteIops == Approx(598.0));
    CHECK(*u.networkMBps == Approx(70.0)); // in 50 + out 20

    // VM006-VM010 say "Number of disks" 1 with two disk groups filled: five warnings.
    CHECK(countIssues(*inv, InventoryIssue::Severity::Dropped) == 0);
    REQUIRE(inv->issues.size() == 5);
    CHECK(inv->issues[0].where.row == 7);
    CHECK(inv->issues[0].where.column == "Number of disks");
}

TEST_CASE("Azure Migrate CSV without a mandatory column is refused naming the column",
          "[inventory][azure]")
{
    ScratchDir d;
    const auto f =
        d.write("no-cores.csv", "*Server name,*Memory (In MB),*OS name\nvm1,4096,Windows Server\n");
    auto inv = importInventory({f}, {}, "azure-migrate-csv");
    REQUIRE_FALSE(inv);
    CHECK(inv.error().describe().find("no-cores.csv:1") != std::string::npos);
    CHECK(inv.error().message.find("*Cores") != std::string::npos);
}

TEST_CASE("Azure Migrate CSV bad values become issues with row and column", "[inventory][azure]")
{
    ScratchDir d;
    const auto f = d.write("bad.csv",
                           kHeader
                               + "vm1,,4,4 GB,Windows Server 2019,150,0.5,64\n"
                                 "vm2,,2,2048,Ubuntu 20.04,25,,-1\n"
                                 "VM1,,8,8192,Windows Server 2019,,,\n"
                                 ",,1,1024,Linux,,,\n"
                                 "vm3,,1,1024,Linux,,,,extra\n");
    auto inv = importOne(f);
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 3);
    const Workload* vm1 = findWorkload(*inv, "vm1");
    REQUIRE(vm1);
    CHECK_FALSE(vm1->memoryMib); // "4 GB" is not a number of MB: unknown, not 0
    const auto* mem = findIssue(*inv, "'4 GB' is not a number");
    REQUIRE(mem);
    CHECK(mem->where.row == 2);
    CHECK(mem->where.column == "*Memory (In MB)");
    const auto* pct = findIssue(*inv, "150 is above 100");
    REQUIRE(pct);
    CHECK(pct->where.column == "CPU utilization percentage");
    REQUIRE(vm1->utilisation.size() == 1);
    CHECK_FALSE(vm1->utilisation[0].cpu);
    CHECK(*vm1->utilisation[0].memory == Approx(0.005)); // 0.5 % is a percent, not a fraction
    const auto* neg = findIssue(*inv, "negative value -1");
    REQUIRE(neg);
    CHECK(neg->where.row == 3);
    const auto* dup = findIssue(*inv, "duplicate name 'VM1'");
    REQUIRE(dup);
    CHECK(dup->severity == InventoryIssue::Severity::Dropped);
    CHECK(dup->where.row == 4);
    const auto* empty = findIssue(*inv, "server name is empty");
    REQUIRE(empty);
    CHECK(empty->where.row == 5);
    const auto* ragged = findIssue(*inv, "row has 9 fields, the header 8");
    REQUIRE(ragged);
    CHECK(ragged->where.row == 6);
}
