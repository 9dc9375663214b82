// Konveyor application import CSV: values from
// shared/data/inventory/konveyor-application-import/README.md.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

TEST_CASE("The Konveyor template gives three applications and Gateway's two dependencies",
          "[inventory][konveyor]")
{
    auto inv = importOne(inventoryData(
        "konveyor-application-import/tackle2-hub_template_application_import_2023-11.csv"));
    REQUIRE(inv);
    CHECK(inv->format == "konveyor-csv");
    REQUIRE(inv->workloads.size() == 3);
    const Workload* customers = findWorkload(*inv, "Customers");
    REQUIRE(customers);
    CHECK(customers->os == "RHEL 8");
    CHECK(customers->osFamily == "linux");
    bool oracle = false, retail = false;
    for (const auto& [k, v] : customers->tags) {
        oracle = oracle || (k == "Database" && v == "Oracle");
        retail = retail || (k == "business_service" && v == "Retail");
    }
    CHECK(oracle);
    CHECK(retail);
    const Workload* gateway = findWorkload(*inv, "Gateway");
    REQUIRE(gateway);
    REQUIRE(gateway->dependencies.size() == 2); // southbound: Gateway calls both
    CHECK(gateway->dependencies[0].target == "Inventory");
    CHECK(gateway->dependencies[0].targetIsApplication);
    CHECK(gateway->dependencies[1].target == "Customers");
    CHECK(customers->dependencies.empty());
    // The 7-field dependency rows are the format, not an error.
    CHECK(inv->issues.empty());
}

TEST_CASE("Konveyor records of unknown type, direction or application are reported",
          "[inventory][konveyor]")
{
    ScratchDir d;
    const auto f = d.write("apps.csv",
                           "Record Type 1,Application Name,Description,Comments,Business "
                           "Service,Dependency,Dependency Direction,Tag Category 1,Tag 1\n"
                           "1,A,,,,,,Language,\n"
                           "1,B,,,,,,,\n"
                           "2,B,,,,A,northbound\n"
                           "2,A,,,,Z,sideways\n"
                           "2,Q,,,,A,southbound\n"
                           "3,C,,,,,\n");
    auto inv = importOne(f);
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 2);
    const Workload* a = findWorkload(*inv, "A");
    REQUIRE(a);
    REQUIRE(a->dependencies.size() == 1); // northbound on B: A calls B
    CHECK(a->dependencies[0].target == "B");
    const auto* half = findIssue(*inv, "tag pair 1 has only one half");
    REQUIRE(half);
    CHECK(half->where.column == "Tag 1");
    const auto* dir = findIssue(*inv, "'sideways'");
    REQUIRE(dir);
    CHECK(dir->where.row == 5);
    CHECK(dir->where.column == "Dependency Direction");
    const auto* unknownApp = findIssue(*inv, "from application 'Q'");
    REQUIRE(unknownApp);
    CHECK(unknownApp->where.row == 6);
    const auto* type = findIssue(*inv, "record type '3'");
    REQUIRE(type);
    CHECK(type->where.row == 7);
}
