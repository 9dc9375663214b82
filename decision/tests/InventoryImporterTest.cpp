// The inventory importer registry: detection, --format, refusals.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

#include <set>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

TEST_CASE("Every inventory format is registered once with a description", "[inventory]")
{
    std::set<std::string> names;
    for (const auto& i : inventoryImporters()) {
        CHECK_FALSE(i.description.empty());
        CHECK(names.insert(i.name).second);
        CHECK(findInventoryImporter(i.name) == &i);
    }
    for (const char* n : {"azure-migrate-csv",
                          "vrops-csv",
                          "bitbrains",
                          "aws-cmf-csv",
                          "konveyor-csv",
                          "cloudcost-csv",
                          "cloudcost-json"}) {
        CHECK(names.count(n) == 1);
    }
    CHECK(findInventoryImporter("nope") == nullptr);
}

TEST_CASE("Each real inventory CSV is detected as its own format", "[inventory]")
{
    const std::pair<const char*, const char*> cases[] = {
        {"azure-migrate-import-csv/AzureMigrateimporttemplate_microsoft-example-rows.csv",
         "azure-migrate-csv"},
        {"vrops-view-export/aria-ops_VM_hourly-7d_2026-07-21.csv", "vrops-csv"},
        {"bitbrains-gwa-t-12/rnd_2013-7_vm1.csv", "bitbrains"},
        {"aws-cloud-migration-factory/cmf_mgn_server-list.csv", "aws-cmf-csv"},
        {"aws-cloud-migration-factory/cmf_frontend_test_valid.csv", "aws-cmf-csv"},
        {"konveyor-application-import/tackle2-hub_template_application_import_2023-11.csv",
         "konveyor-csv"},
    };
    for (const auto& [file, format] : cases) {
        INFO(file);
        auto inv = importOne(inventoryData(file));
        REQUIRE(inv);
        CHECK(inv->format == format);
    }
}

TEST_CASE("A price sheet is refused as not an inventory, listing the formats", "[inventory]")
{
    ScratchDir d;
    const auto f = d.write("prices.csv",
                           "SKU,OfferTermCode,RateCode,TermType,PriceDescription,PricePerUnit\n"
                           "X,JRTCKXETXF,X.1,OnDemand,$0.096 per hour,0.096\n");
    auto inv = importOne(f);
    REQUIRE_FALSE(inv);
    CHECK(inv.error().message.find("not an inventory") != std::string::npos);
    CHECK(inv.error().message.find("azure-migrate-csv") != std::string::npos);
    CHECK(inv.error().message.find("cloudcost import") != std::string::npos);
    CHECK(inv.error().context.find("prices.csv") != std::string::npos);
}

TEST_CASE("Inventory import refuses empty files, unknown formats and mixed formats", "[inventory]")
{
    ScratchDir d;
    auto empty = importOne(d.write("empty.csv", ""));
    REQUIRE_FALSE(empty);
    CHECK(empty.error().message.find("empty") != std::string::npos);
    auto unknown = importOne(inventoryData("bitbrains-gwa-t-12/rnd_2013-7_vm1.csv"), "rvtool");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().message.find("unknown inventory format 'rvtool'") != std::string::npos);
    auto mixed =
        importInventory({inventoryData("bitbrains-gwa-t-12/rnd_2013-7_vm1.csv"),
                         inventoryData("aws-cloud-migration-factory/cmf_mgn_server-list.csv")},
                        {});
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().message.find("looks like aws-cmf-csv, not bitbrains") != std::string::npos);
    auto missing = importOne(d.dir / "no-such-file.csv");
    REQUIRE_FALSE(missing);
}

TEST_CASE("A forced --format picks the importer, which then names what does not fit", "[inventory]")
{
    auto inv = importOne(inventoryData("aws-cloud-migration-factory/cmf_mgn_server-list.csv"),
                         "azure-migrate-csv");
    REQUIRE_FALSE(inv);
    CHECK(inv.error().message.find("missing mandatory column '*Server name'") != std::string::npos);
}
