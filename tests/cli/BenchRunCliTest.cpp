#include "app/cli/Cli.h"
#include "benchmark-runner/BenchmarkStore.h"
#include "common/Sqlite.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CliRun
{
    int rc = 0;
    std::string out;
    std::string err;
};

// Runs the CLI in-process against a private workspace.
struct BenchFixture
{
    fs::path dir = testing::makeTempDir("bench-run-cli");
    fs::path db = dir / "w.db";
    ~BenchFixture() { fs::remove_all(dir); }

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
};

} // namespace

TEST_CASE("bench platform JSON gives both verdicts with evidence and the overhead defaults",
          "[cli][bench]")
{
    BenchFixture f;
    auto r = f.run({"--format", "json", "bench", "platform"});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    for (const char* layer : {"virtualization", "container"}) {
        INFO(layer);
        const auto& v = j.at(layer);
        CHECK(v.at("kind").is_string());
        CHECK((v.at("confidence") == "low" || v.at("confidence") == "medium"
               || v.at("confidence") == "high"));
        REQUIRE(v.at("evidence").is_array());
        CHECK_FALSE(v.at("evidence").empty());
        for (const auto& e : v.at("evidence")) {
            CHECK(e.contains("source"));
            CHECK(e.contains("observation"));
            CHECK(e.contains("strength"));
        }
    }
    CHECK(j.at("nested_possible").is_boolean());
    CHECK(j.at("host").at("logical_cpus").get<int>() >= 1);
    CHECK_FALSE(j.at("host").at("kernel").get<std::string>().empty());
    // BENCHMARKS.md §3.3: 8 rows; CPU throughput modern VM 0.98 (0.95–0.999).
    const auto& rows = j.at("overhead_defaults");
    REQUIRE(rows.size() == 8);
    CHECK(rows[0].at("resource") == "cpu_throughput");
    CHECK(rows[0].at("values").at("modern_vm").at("central").get<double>() == Approx(0.98));
    for (const auto& row : rows) {
        CHECK_THAT(row.at("source").get<std::string>(), Catch::StartsWith("BENCHMARKS.md §3.3"));
    }
}

TEST_CASE("bench platform prints tables with sources", "[cli][bench]")
{
    BenchFixture f;
    auto r = f.run({"bench", "platform"});
    REQUIRE(r.rc == 0);
    CHECK_THAT(r.out, Catch::Contains("Virtualisation: "));
    CHECK_THAT(r.out, Catch::Contains("Container: "));
    CHECK_THAT(r.out, Catch::Contains("BENCHMARKS.md §3.3"));
    CHECK_THAT(r.out, Catch::Contains("[1] BENCHMARKS.md §3.3; basis: B. Gregg"));
}

TEST_CASE("bench run quick with a small probe selection stores and reports samples", "[cli][bench]")
{
    BenchFixture f;
    const auto diskDir = f.dir / "disk";
    fs::create_directories(diskDir);
    auto r = f.run({"--format",
                    "json",
                    "bench",
                    "run",
                    "--quick",
                    "--dir",
                    diskDir.string(),
                    "--probe",
                    "cpu.int.single,memory.latency.16KiB",
                    "--tag",
                    "provider=aws,region=us-east-1,instance=m5.large"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j.at("run_id").get<std::int64_t>() >= 1);
    CHECK(j.at("profile") == "quick");
    CHECK(j.at("cancelled") == false);
    CHECK(j.at("host").at("provider") == "aws");
    CHECK(j.at("host").at("region") == "us-east-1");
    CHECK(j.at("host").at("instance_type") == "m5.large");
    const auto& probes = j.at("probes");
    REQUIRE(probes.size() == 2);
    CHECK(probes[0].at("probe") == "cpu.int.single");
    CHECK(probes[1].at("probe") == "memory.latency.16KiB");
    for (const auto& p : probes) {
        INFO(p.at("probe").get<std::string>());
        CHECK(p.at("status") == "ok");
        const auto& s = p.at("samples").at(0);
        CHECK(s.at("value").get<double>() > 0);
        CHECK(s.at("mean").get<double>() > 0);
        CHECK(s.at("cv").get<double>() >= 0);
        CHECK(s.at("ci_low").get<double>() <= s.at("ci_high").get<double>());
        CHECK(s.at("parameters").at("profile") == "quick");
    }
    // BENCHMARKS.md §4.2 quick: CPU 1 warm-up + 7 repetitions.
    CHECK(probes[0].at("samples").at(0).at("raw_values").size() == 7);
    CHECK(probes[0].at("samples").at(0).at("unit") == "ops/s");
    CHECK(probes[1].at("samples").at(0).at("unit") == "s");
    // No storage probe was selected: the --dir stays empty.
    CHECK(fs::directory_iterator(diskDir) == fs::directory_iterator());

    // The run and its samples were committed to the workspace.
    auto db = sql::Database::open(f.db);
    REQUIRE(db);
    auto store = benchmark::BenchmarkStore::open(*db);
    REQUIRE(store);
    auto stored = store->run(j.at("run_id").get<std::int64_t>());
    REQUIRE(stored);
    CHECK(stored->tool == "cloudcost");
    CHECK(stored->host.instanceType == "m5.large");
    CHECK(stored->samples.size() == 2);
}

TEST_CASE("bench run refuses unknown probes tags and directories", "[cli][bench]")
{
    BenchFixture f;
    auto badProbe = f.run({"bench", "run", "--quick", "--probe", "cpu.quantum"});
    CHECK(badProbe.rc == 1);
    CHECK_THAT(badProbe.err, Catch::Contains("--probe 'cpu.quantum' matches no probe"));

    auto badTag =
        f.run({"bench", "run", "--quick", "--probe", "cpu.int.single", "--tag", "zone=a"});
    CHECK(badTag.rc == 1);
    CHECK_THAT(badTag.err, Catch::Contains("--tag 'zone' is not one of"));

    auto badDir = f.run({"bench", "run", "--quick", "--dir", (f.dir / "missing").string()});
    CHECK(badDir.rc == 1);
    CHECK_THAT(badDir.err, Catch::Contains("--dir is not an existing directory"));

    auto noDir = f.run({"bench", "run", "--quick", "--probe", "disk"});
    CHECK(noDir.rc == 1);
    CHECK_THAT(noDir.err, Catch::Contains("needs --dir"));
}
