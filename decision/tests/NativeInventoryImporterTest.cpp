// cloudcost's own inventory CSV and JSON (docs/INVENTORY.md, examples/inventory-example.csv).
#include "decision/inventory/InventoryJson.h"
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

TEST_CASE("The documented example inventory CSV imports as documented", "[inventory][native]")
{
    auto inv = importOne(std::filesystem::path(CLOUDCOST_SOURCE_DIR) / "examples"
                         / "inventory-example.csv");
    REQUIRE(inv);
    CHECK(inv->format == "cloudcost-csv");
    REQUIRE(inv->workloads.size() == 4);
    CHECK(inv->issues.empty());
    const Workload* db = findWorkload(*inv, "db01.example.local");
    REQUIRE(db);
    CHECK(db->vcpus == 8);
    CHECK(*db->memoryMib == 32768.0);
    REQUIRE(db->disks.size() == 2);
    CHECK(*db->disks[1].allocatedGib == 500.0);
    CHECK(db->osFamily == "windows");
    CHECK(db->licences == std::vector<std::string>{"windows-server", "sql-server-standard"});
    REQUIRE(db->utilisation.size() == 1);
    CHECK(db->utilisation[0].statistic == UtilStatistic::Percentile);
    CHECK(db->utilisation[0].percentile == 95);
    CHECK(*db->utilisation[0].cpu == Approx(0.42));
    CHECK(db->utilisation[0].windowDays == 30);
    const Workload* web = findWorkload(*inv, "web01.example.local");
    REQUIRE(web);
    REQUIRE(web->dependencies.size() == 1);
    CHECK(web->dependencies[0].target == "db01.example.local");
    const Workload* build = findWorkload(*inv, "build01.example.local");
    REQUIRE(build);
    CHECK(build->power == PowerState::Off);
    CHECK(build->utilisation.empty()); // empty = unknown, not 0 %
}

TEST_CASE("cloudcost CSV converts GiB and percent columns and rejects wrong units",
          "[inventory][native]")
{
    ScratchDir d;
    const auto f = d.write("inv.csv",
                           "name,vcpus,memory_gib,cpu_util,memory_util_percent,disk_gib,power,"
                           "colour\n"
                           "a,2,4,0.25,50,10;x,on,blue\n"
                           "b,2.5,8,45,,,sideways,\n"
                           "c,1\n");
    auto inv = importOne(f);
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 3);
    const Workload* a = findWorkload(*inv, "a");
    CHECK(*a->memoryMib == 4096.0); // GiB -> MiB
    CHECK(*a->utilisation[0].cpu == 0.25);
    CHECK(*a->utilisation[0].memory == 0.5); // percent -> fraction
    CHECK(a->disks.size() == 1);
    const auto* disk = findIssue(*inv, "disk 2 size 'x'");
    REQUIRE(disk);
    CHECK(disk->where.column == "disk_gib");
    const Workload* b = findWorkload(*inv, "b");
    CHECK_FALSE(b->vcpus);
    CHECK(findIssue(*inv, "2.5 is not a whole number of vCPUs"));
    CHECK(b->utilisation.empty()); // 45 in a fraction column: reported, not guessed
    const auto* pct = findIssue(*inv, "45 is above 1 but the column holds fractions");
    REQUIRE(pct);
    CHECK(pct->where.row == 3);
    CHECK(pct->where.column == "cpu_util");
    CHECK(findIssue(*inv, "power state 'sideways'"));
    const auto* colour = findIssue(*inv, "unknown column");
    REQUIRE(colour);
    CHECK(colour->where.column == "colour");
    const auto* ragged = findIssue(*inv, "row has 2 fields, the header 8");
    REQUIRE(ragged);
    CHECK(ragged->where.row == 4);
}

TEST_CASE("cloudcost CSV with both memory columns or without name is refused",
          "[inventory][native]")
{
    ScratchDir d;
    auto both = importInventory({d.write("a.csv", "name,memory_mib,memory_gib\nx,1,1\n")},
                                {},
                                "cloudcost-csv");
    REQUIRE_FALSE(both);
    CHECK(both.error().message.find("both memory_mib and memory_gib") != std::string::npos);
    auto noName = importInventory({d.write("b.csv", "host,vcpus\nx,1\n")}, {}, "cloudcost-csv");
    REQUIRE_FALSE(noName);
    CHECK(noName.error().message.find("missing column 'name'") != std::string::npos);
}

TEST_CASE("Inventory JSON round-trips every field, NaN series values included",
          "[inventory][native]")
{
    Inventory inv;
    inv.name = "dc1";
    inv.format = "rvtools";
    Workload w;
    w.name = "vm1";
    w.vcpus = 4;
    w.memoryMib = 16384;
    w.disks.push_back({"Hard disk 1", 100.0, 40.0, true});
    w.power = PowerState::On;
    w.osFamily = "linux";
    w.tags = {{"env", "prod"}, {"env", "dr"}};
    w.singleTenancy = false;
    w.gpus = 1;
    w.dependencies.push_back({"db", true, "tcp/5432"});
    UtilisationRecord u;
    u.source = "vrops";
    u.statistic = UtilStatistic::Percentile;
    u.percentile = 95;
    u.cpuMhz = 8190.82;
    u.coverage = 1.0;
    w.utilisation.push_back(u);
    UtilisationSeries s;
    s.source = "vrops";
    s.times = {1, 2};
    s.cpu = {0.5, std::nan("")};
    s.memory = {0.1, 0.2};
    w.series.push_back(s);
    inv.workloads.push_back(w);
    inv.issues.push_back({InventoryIssue::Severity::Dropped, {"f.csv", "", 3, "x"}, "why"});

    ScratchDir d;
    const auto f = d.write("dc1.json", inventoryToJson(inv));
    auto back = importOne(f);
    REQUIRE(back);
    CHECK(back->format == "cloudcost-json");
    REQUIRE(back->workloads.size() == 1);
    const Workload& r = back->workloads[0];
    CHECK(r.vcpus == 4);
    CHECK(*r.memoryMib == 16384);
    CHECK(*r.disks[0].usedGib == 40.0);
    CHECK(r.disks[0].thin);
    CHECK(r.tags.size() == 2);
    CHECK(r.singleTenancy == false);
    CHECK(r.dependencies[0].protocol == "tcp/5432");
    CHECK(*r.utilisation[0].cpuMhz == Approx(8190.82));
    CHECK_FALSE(r.utilisation[0].cpu);
    CHECK(std::isnan(r.series[0].cpu[1]));
    CHECK(r.series[0].memory[1] == 0.2);
    REQUIRE(back->issues.size() == 1);
    CHECK(back->issues[0].where.row == 3);
}

TEST_CASE("Inventory JSON with a wrong type names the field", "[inventory][native]")
{
    ScratchDir d;
    const auto f = d.write("x.json",
                           R"({"format": "cloudcost-inventory", "version": 1, "workloads": [)"
                           R"({"name": "a"}, {"name": "b", "memory_mib": "4 GB", "extra": 1}]})");
    auto inv = importOne(f);
    REQUIRE_FALSE(inv);
    CHECK(inv.error().message == "workloads[1].memory_mib must be a number or null");
    CHECK(inv.error().context.find("x.json") != std::string::npos);
}
