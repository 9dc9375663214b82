// AWS CMF intake CSVs: values from shared/data/inventory/aws-cloud-migration-factory/README.md.
#include "decision/tests/InventoryTestSupport.h"

#include <catch2/catch.hpp>

using namespace cloudcost::decision;
using namespace cloudcost::decision::testing;

namespace {
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

TEST_CASE("The CMF server list gives 8 servers in 3 waves and flags Server8's FQDN",
          "[inventory][cmf]")
{
    auto inv = importOne(inventoryData("aws-cloud-migration-factory/cmf_mgn_server-list.csv"));
    REQUIRE(inv);
    CHECK(inv->format == "aws-cmf-csv");
    REQUIRE(inv->workloads.size() == 8);
    const Workload* s1 = findWorkload(*inv, "Server1");
    REQUIRE(s1);
    CHECK(s1->application == "app01-hr");
    CHECK(s1->environment == "dev");
    CHECK(s1->osFamily == "windows");
    CHECK(s1->os == "windows server 2012 R2");
    CHECK_FALSE(s1->vcpus); // CMF has no sizing
    CHECK(tag(*s1, "wave") == "Wave 1");
    CHECK(tag(*s1, "tier") == "web");
    CHECK(tag(*s1, "r_type") == "Rehost");
    CHECK(tag(*s1, "target_instance_type") == "m4.large");
    CHECK(tag(*s1, "target_region") == "us-east-1");
    CHECK(tag(*s1, "target_account") == "111122223333");
    CHECK(tag(*s1, "CostCenter") == "123");
    CHECK(tag(*s1, "Location") == "US");
    const Workload* s7 = findWorkload(*inv, "Server7");
    REQUIRE(s7);
    CHECK(s7->osFamily == "linux");
    CHECK(tag(*s7, "wave") == "Wave 3");
    // The one issue: Server8 reuses server6.example.local.
    REQUIRE(inv->issues.size() == 1);
    const auto& i = inv->issues[0];
    CHECK(i.severity == InventoryIssue::Severity::Warning);
    CHECK(i.where.row == 9);
    CHECK(i.where.column == "server_fqdn");
    CHECK(i.message.find("server6.example.local") != std::string::npos);
    CHECK(i.message.find("row 7") != std::string::npos);
}

TEST_CASE("The CMF UI fixture (BOM, no final newline, dangling ';') imports cleanly",
          "[inventory][cmf]")
{
    auto inv = importOne(inventoryData("aws-cloud-migration-factory/cmf_frontend_test_valid.csv"));
    REQUIRE(inv);
    REQUIRE(inv->workloads.size() == 1);
    const Workload& w = inv->workloads[0];
    CHECK(w.name == "unittest1");
    CHECK(w.osFamily == "linux");
    CHECK(tag(w, "testkey") == "testvalue");
    CHECK(tag(w, "wave") == "Unittest Wave 1");
    CHECK(inv->issues.empty());
}

TEST_CASE("CMF server and wave files make one inventory; duplicates across files are dropped",
          "[inventory][cmf]")
{
    ScratchDir d;
    const auto a = d.write("servers.csv",
                           "server_name,server_os_family,app_name,wave_name,tags\n"
                           "srv1,linux,app1,Wave 1,env=prod;nokey\n"
                           "srv2,solaris,app1,Wave 2,\n");
    const auto b =
        d.write("more.csv",
                "server_name,server_os_family,app_name,wave_name\nSRV1,linux,app2,Wave 1\n");
    auto inv = importInventory({a, b}, {});
    REQUIRE(inv);
    CHECK(inv->workloads.size() == 2);
    CHECK(inv->files.size() == 2);
    const auto* dup = findIssue(*inv, "duplicate name 'SRV1'");
    REQUIRE(dup);
    CHECK(dup->where.file.find("more.csv") != std::string::npos);
    CHECK(dup->where.row == 2);
    const auto* notKv = findIssue(*inv, "tag 'nokey' is not key=value");
    REQUIRE(notKv);
    CHECK(notKv->where.column == "tags");
    CHECK(findIssue(*inv, "'solaris' is neither windows nor linux"));
    const auto* split = findIssue(*inv, "application 'app1' is in wave 'Wave 1'");
    REQUIRE(split);
    CHECK(split->where.row == 3);
}

TEST_CASE("A CMF file without server_name is refused", "[inventory][cmf]")
{
    ScratchDir d;
    const auto f = d.write("x.csv", "wave_name,app_name\nWave 1,a\n");
    auto inv = importInventory({f}, {}, "aws-cmf-csv");
    REQUIRE_FALSE(inv);
    CHECK(inv.error().message.find("server_name") != std::string::npos);
}
