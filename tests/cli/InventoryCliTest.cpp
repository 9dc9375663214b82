// `cloudcost inventory import|list|show|remove` end to end on the real shared inventory files.
#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;

namespace {

struct CliRun
{
    int rc = 0;
    std::string out;
    std::string err;
};

struct InventoryCliFixture
{
    std::filesystem::path dir = testing::makeTempDir("inventorycli");
    std::filesystem::path db = dir / "w.db";
    ~InventoryCliFixture() { std::filesystem::remove_all(dir); }

    CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--db", db.string()});
        std::ostringstream out;
        std::ostringstream err;
        CliRun r;
        r.rc = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }
    std::string write(const std::string& name, const std::string& content)
    {
        std::ofstream(dir / name, std::ios::binary) << content;
        return (dir / name).string();
    }
};

std::string data(const std::string& relative)
{
    return testing::sharedData("inventory/" + relative).string();
}

} // namespace

TEST_CASE("inventory import stores the CMF server list and reports its issue kinds",
          "[cli][inventory]")
{
    InventoryCliFixture f;
    auto r = f.run({"inventory",
                    "import",
                    data("aws-cloud-migration-factory/cmf_mgn_server-list.csv"),
                    "--name",
                    "cmf"});
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("aws-cmf-csv") != std::string::npos);
    CHECK(r.out.find("1 x warning: server_fqdn") != std::string::npos);

    auto list = f.run({"--format", "json", "inventory", "list"});
    REQUIRE(list.rc == 0);
    const auto j = json::parse(list.out);
    REQUIRE(j.size() == 1);
    CHECK(j[0]["name"] == "cmf");
    CHECK(j[0]["workloads"] == 8);
    CHECK(j[0]["warnings"] == 1);
    CHECK(j[0]["dropped"] == 0);

    auto show = f.run({"inventory", "show", "cmf"});
    REQUIRE(show.rc == 0);
    CHECK(show.out.find("8 workloads, 1 warnings, 0 dropped") != std::string::npos);
    CHECK(show.out.find("row 9 column 'server_fqdn'") != std::string::npos);

    auto csv = f.run({"--format", "csv", "inventory", "show", "cmf", "--workloads"});
    REQUIRE(csv.rc == 0);
    CHECK(csv.out.find("name,vcpus,memory_mib") == 0);
    CHECK(csv.out.find("Server8,,,,unknown,linux") != std::string::npos);
}

TEST_CASE("inventory import --format json reports counts; show --workloads gives the model",
          "[cli][inventory]")
{
    InventoryCliFixture f;
    auto r = f.run({"inventory",
                    "import",
                    data("bitbrains-gwa-t-12/rnd_2013-7_vm1.csv"),
                    data("bitbrains-gwa-t-12/rnd_2013-7_vm2.csv"),
                    "--name",
                    "bb",
                    "--format",
                    "json"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["format"] == "bitbrains");
    CHECK(j["workloads"] == 2);
    CHECK(j["warnings"] == 3);
    CHECK(j["dropped"] == 0);
    CHECK(j["issues"].size() == 3);

    auto show = f.run({"--format", "json", "inventory", "show", "bb", "--workloads"});
    REQUIRE(show.rc == 0);
    const auto s = json::parse(show.out);
    CHECK(s["format"] == "cloudcost-inventory");
    REQUIRE(s["workloads"].size() == 2);
    CHECK(s["workloads"][0]["vcpus"] == 2);
    CHECK(s["workloads"][0]["memory_mib"].get<double>() == Approx(8192.0));
    CHECK(s["workloads"][0]["series"][0]["times"].size() == 8260);

    // What show prints imports back as cloudcost-json.
    const auto again = f.write("bb.json", show.out);
    auto re = f.run({"inventory", "import", again, "--name", "bb2"});
    REQUIRE(re.rc == 0);
    CHECK(re.out.find("cloudcost-json") != std::string::npos);
}

TEST_CASE("inventory import with an input format, list-formats, and replace by name",
          "[cli][inventory]")
{
    InventoryCliFixture f;
    auto formats = f.run({"inventory", "import", "--list-formats"});
    REQUIRE(formats.rc == 0);
    CHECK(formats.out.find("konveyor-csv") != std::string::npos);
    const std::string konveyor =
        data("konveyor-application-import/tackle2-hub_template_application_import_2023-11.csv");
    REQUIRE(
        f.run({"inventory", "import", konveyor, "--format", "konveyor-csv", "--name", "apps"}).rc
        == 0);
    REQUIRE(f.run({"inventory", "import", konveyor, "--name", "apps"}).rc == 0);
    auto list = f.run({"--format", "json", "inventory", "list"});
    CHECK(json::parse(list.out).size() == 1);
    auto show = f.run({"inventory", "show", "apps", "--workloads"});
    REQUIRE(show.rc == 0);
    CHECK(show.out.find("Inventory;Customers") != std::string::npos);
}

TEST_CASE("inventory errors: foreign file, unknown format, unknown name", "[cli][inventory]")
{
    InventoryCliFixture f;
    const auto sheet = f.write("prices.csv", "SKU,PricePerUnit\nX,0.096\n");
    auto r = f.run({"inventory", "import", sheet});
    CHECK(r.rc == 1);
    CHECK(r.err.find("not an inventory") != std::string::npos);
    CHECK(r.err.find("nothing was stored") != std::string::npos);

    auto bad = f.run({"inventory", "import", sheet, "--format", "rvtool"});
    CHECK(bad.rc == 2);
    CHECK(bad.err.find("--format 'rvtool'") != std::string::npos);

    auto none = f.run({"inventory", "import"});
    CHECK(none.rc == 2);

    auto show = f.run({"inventory", "show", "nope"});
    CHECK(show.rc == 1);
    CHECK(show.err.find("no inventory named 'nope'") != std::string::npos);

    auto rm = f.run({"inventory", "remove", "nope"});
    CHECK(rm.rc == 1);

    REQUIRE(f.run({"inventory",
                   "import",
                   data("azure-migrate-import-csv/"
                        "AzureMigrateimporttemplate_microsoft-example-rows.csv"),
                   "--name",
                   "az"})
                .rc
            == 0);
    auto removed = f.run({"inventory", "remove", "az"});
    CHECK(removed.rc == 0);
    CHECK(removed.out.find("removed inventory az") != std::string::npos);
    auto list = f.run({"--format", "json", "inventory", "list"});
    CHECK(json::parse(list.out).empty());
}
