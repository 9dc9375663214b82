// Inventories in the workspace file: the decision module's own tables, one transaction per add.
#include "decision/inventory/InventoryStore.h"

#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace cloudcost;
using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

namespace {
Inventory sample(const std::string& name, int workloads)
{
    Inventory inv;
    inv.name = name;
    inv.format = "cloudcost-csv";
    inv.files = {"a.csv"};
    for (int i = 0; i < workloads; ++i) {
        Workload w;
        w.name = "vm" + std::to_string(i);
        w.vcpus = i + 1;
        w.disks.push_back({"d", 10.0 * (i + 1), std::nullopt, false});
        UtilisationSeries s;
        s.source = "test";
        s.times = {100, 400};
        s.cpu = {0.25, std::nan("")};
        w.series.push_back(s);
        inv.workloads.push_back(w);
    }
    inv.issues.push_back({InventoryIssue::Severity::Dropped, {"a.csv", "", 7, "name"}, "dup"});
    inv.issues.push_back({InventoryIssue::Severity::Warning, {"a.csv", "", 3, "cpu"}, "odd"});
    return inv;
}
} // namespace

TEST_CASE("Inventories are stored, listed, loaded with workloads and issues, and removed",
          "[inventory][store]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    auto store = InventoryStore::open(*db);
    REQUIRE(store);
    auto id = store->add(sample("dc1", 3));
    REQUIRE(id);
    REQUIRE(store->add(sample("dc2", 1)));

    auto list = store->list();
    REQUIRE(list);
    REQUIRE(list->size() == 2);
    CHECK((*list)[0].name == "dc1");
    CHECK((*list)[0].workloads == 3);
    CHECK((*list)[0].warnings == 1);
    CHECK((*list)[0].dropped == 1);
    CHECK((*list)[0].files == std::vector<std::string>{"a.csv"});

    auto inv = store->load("dc1");
    REQUIRE(inv);
    CHECK(inv->format == "cloudcost-csv");
    REQUIRE(inv->workloads.size() == 3);
    CHECK(inv->workloads[2].name == "vm2");
    CHECK(inv->workloads[2].vcpus == 3);
    CHECK_FALSE(inv->workloads[2].memoryMib); // unknown stays unknown
    CHECK(*inv->workloads[2].disks[0].allocatedGib == 30.0);
    CHECK(inv->workloads[0].series[0].cpu[0] == 0.25);
    CHECK(std::isnan(inv->workloads[0].series[0].cpu[1]));
    REQUIRE(inv->issues.size() == 2);
    CHECK(inv->issues[0].severity == InventoryIssue::Severity::Dropped);
    CHECK(inv->issues[0].where.row == 7);
    CHECK(inv->issues[0].where.column == "name");

    auto byId = store->load(std::to_string(*id));
    REQUIRE(byId);
    CHECK(byId->name == "dc1");

    REQUIRE(store->remove("dc1"));
    auto gone = store->load("dc1");
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == Error::Code::NotFound);
    CHECK(gone.error().message.find("cloudcost inventory list") != std::string::npos);
    CHECK_FALSE(store->remove("dc1"));
    // Workloads and issues went with it (cascade).
    auto q = db->prepare("SELECT (SELECT COUNT(*) FROM inv_workloads), (SELECT COUNT(*) FROM "
                         "inv_issues)");
    REQUIRE(q);
    REQUIRE(*q->step());
    CHECK(q->int64(0) == 1);
    CHECK(q->int64(1) == 2);
}

TEST_CASE("Importing under the same name replaces the inventory", "[inventory][store]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    auto store = InventoryStore::open(*db);
    REQUIRE(store);
    REQUIRE(store->add(sample("dc1", 3)));
    REQUIRE(store->add(sample("dc1", 1)));
    auto list = store->list();
    REQUIRE(list);
    REQUIRE(list->size() == 1);
    CHECK((*list)[0].workloads == 1);
}

TEST_CASE("A failing add leaves the previous inventory untouched", "[inventory][store]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    auto store = InventoryStore::open(*db);
    REQUIRE(store);
    REQUIRE(store->add(sample("dc1", 2)));
    Inventory bad = sample("dc1", 2);
    bad.workloads[1].name = "vm0"; // duplicate within the inventory: refused by the table
    auto r = store->add(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("vm0") != std::string::npos);
    auto inv = store->load("dc1");
    REQUIRE(inv);
    CHECK(inv->workloads.size() == 2);
    CHECK(inv->workloads[1].name == "vm1");
    Inventory unnamed = sample("", 1);
    CHECK_FALSE(store->add(unnamed));
}

TEST_CASE("The inventory tables have their own schema version and refuse a newer one",
          "[inventory][store]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    REQUIRE(InventoryStore::open(*db));
    auto q = db->prepare("SELECT value FROM meta WHERE key='inventory_schema_version'");
    REQUIRE(q);
    REQUIRE(*q->step());
    CHECK(q->text(0) == "1");
    REQUIRE(db->exec("UPDATE meta SET value='99' WHERE key='inventory_schema_version'"));
    auto again = InventoryStore::open(*db);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Error::Code::Unsupported);
}

TEST_CASE("Every real inventory file survives the store round trip", "[inventory][store]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    auto store = InventoryStore::open(*db);
    REQUIRE(store);
    auto inv = importInventory({inventoryData("bitbrains-gwa-t-12/rnd_2013-7_vm1.csv")}, {});
    REQUIRE(inv);
    REQUIRE(store->add(*inv));
    auto back = store->load("rnd_2013-7_vm1");
    REQUIRE(back);
    REQUIRE(back->workloads.size() == 1);
    const auto& a = inv->workloads[0].series[0];
    const auto& b = back->workloads[0].series[0];
    REQUIRE(b.times.size() == a.times.size());
    CHECK(b.cpu[1234] == a.cpu[1234]); // doubles round-trip exactly
    CHECK(b.cpuMhz[4321] == a.cpuMhz[4321]);
    CHECK(*back->workloads[0].utilisation[0].coverage
          == *inv->workloads[0].utilisation[0].coverage);
    CHECK(back->issues.size() == inv->issues.size());
}
