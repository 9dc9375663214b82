#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using json = nlohmann::json;

namespace {

struct DecideRun
{
    int rc = 0;
    std::string out;
    std::string err;
};

// Three workloads around MODELS.md §5.2's boundaries: a 49 ms budget with container cheapest, a
// per-core-licensed one at 500 ms (H2), and an idle one without a latency budget.
const char* kWorkloads = R"({"workloads": [
  {"name": "web-01", "vcpus": 10, "memory_mib": 40960, "power": "poweredOn",
   "latency_budget_ms": 49,
   "disks": [{"name": "d0", "allocated_gib": 100, "used_gib": 40}],
   "utilisation": [{"source": "vrops", "statistic": "p95", "window_days": 30, "coverage": 0.97,
                    "cpu": 0.20, "memory": 0.50}],
   "annual_cost": {"bare_metal": 12000, "vm": 10000, "container": 8000}},
  {"name": "sql-01", "vcpus": 16, "memory_mib": 65536, "power": "on", "latency_budget_ms": 500,
   "per_core_licensing": true,
   "utilisation": [{"source": "vrops", "statistic": "p95", "window_days": 3, "coverage": 1,
                    "cpu": 0.5, "memory": 0.5}]},
  {"name": "idle-01", "vcpus": 2, "memory_mib": 4096, "power": "on",
   "utilisation": [{"statistic": "p95", "window_days": 30, "coverage": 1, "cpu": 0.01,
                    "memory": 0.02, "network_mbps": 0.5}]}
]})";

struct DecideFixture
{
    std::filesystem::path dir = testing::makeTempDir("decide-cli");
    std::filesystem::path workloads = dir / "workloads.json";
    DecideFixture() { write(workloads, kWorkloads); }
    ~DecideFixture() { std::filesystem::remove_all(dir); }

    static void write(const std::filesystem::path& p, const std::string& text)
    {
        std::ofstream(p) << text;
    }

    DecideRun run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--db", (dir / "w.db").string()});
        std::ostringstream out;
        std::ostringstream err;
        DecideRun r;
        r.rc = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }
};

const json& byName(const json& list, const std::string& name)
{
    for (const auto& w : list) {
        if (w["name"] == name) {
            return w;
        }
    }
    FAIL("no workload " << name);
    return list;
}

} // namespace

TEST_CASE("decide gives class, need, model, trace and flip per workload as JSON", "[cli][decide]")
{
    DecideFixture f;
    // A Kubernetes practice exists (unstated, it counts as absent and containers score 0).
    auto r = f.run({"--format",
                    "json",
                    "decide",
                    "--workload-json",
                    f.workloads.string(),
                    "--kubernetes",
                    "yes"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    CHECK(j["notes"].empty());
    CHECK_THAT(j["costs"].get<std::string>(),
               Catch::StartsWith("cheapest fitting catalog offer per model"));
    CHECK(j["rules"]["t1_ms"] == 50.0);
    CHECK(j["rules"]["t2_ms"] == 200.0);
    CHECK(j["rules"]["version"] == 1);
    CHECK(j["percentile_definition"] == "nearest rank");
    REQUIRE(j["workloads"].size() == 3);

    const auto& web = byName(j["workloads"], "web-01");
    CHECK(web["class"] == "active");
    // MIGRATION.md §2.1 example shape: 10 vCPU x P95 0.20 x comfort 1.3 = 2.6 -> 3.
    CHECK(web["need"]["vcpus"] == 3.0);
    CHECK(web["need"]["memory_gib"].get<double>() == Approx(40 * 0.5 * 1.3));
    CHECK(web["need"]["storage_gib"].get<double>() == Approx(40));
    CHECK(web["model"] == "container");
    CHECK(web["nearest_flip"]["text"] == "latency budget 49 ms -> 50 ms flips container -> vm");
    CHECK(web["nearest_flip"]["new_model"] == "vm");
    bool sawBand = false;
    for (const auto& t : web["trace"]) {
        for (const char* field :
             {"rule_id", "stage", "input", "value", "op", "threshold", "outcome", "weight"}) {
            CHECK(t.contains(field));
        }
        if (t["rule_id"] == "L1") {
            sawBand = true;
            CHECK(t["value"] == "49 ms");
            CHECK(t["weight"] == 2.0);
        }
    }
    CHECK(sawBand);

    // H2 leaves bare metal and VM; the catalog prices them (whole metal hosts vs a VM), the VM
    // is far cheaper. web-01's own annual_cost is used as given, not replaced by the catalog's.
    const auto& sql = byName(j["workloads"], "sql-01");
    CHECK(sql["model"] == "vm");
    bool sawCatalogCost = false;
    for (const auto& t : sql["trace"]) {
        if (t["rule_id"] == "S1-cost") {
            sawCatalogCost = true;
            CHECK_THAT(t["threshold"].get<std::string>(),
                       Catch::Contains("cheapest fitting catalog offer per model"));
        }
    }
    CHECK(sawCatalogCost);
    for (const auto& t : web["trace"]) {
        if (t["rule_id"] == "S1-cost") {
            CHECK_THAT(t["threshold"].get<std::string>(), Catch::Contains("annual_cost in"));
        }
    }
    CHECK_FALSE(sql["need"]["sized_from_utilisation"].get<bool>());
    CHECK_THAT(sql["need"]["basis"].get<std::string>(), Catch::Contains("window 3 d < 7 d gate"));
    CHECK(sql["class"] == "unknown");
    for (const auto& s : sql["ranking"]) {
        if (s["model"] == "container") {
            CHECK_FALSE(s["allowed"].get<bool>());
            CHECK(s["excluded_by"] == "H2");
        }
    }

    const auto& idle = byName(j["workloads"], "idle-01");
    CHECK(idle["class"] == "idle");
    CHECK(idle["need"]["vcpus"] == 1.0);
}

TEST_CASE("decide prints a table with the trace lines, flips and sources", "[cli][decide]")
{
    DecideFixture f;
    auto r = f.run({"decide", "--workload-json", f.workloads.string(), "--kubernetes", "yes"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    CHECK_THAT(r.out, Catch::Contains("flip: latency budget 49 ms -> 50 ms flips container -> vm"));
    CHECK_THAT(r.out, Catch::Contains("costs: cheapest fitting catalog offer per model"));
    CHECK_THAT(r.out,
               Catch::Contains("H2: per_core_licensing true [== true] -> fired: forces "
                               "bare_metal, vm"));
    CHECK_THAT(r.out, Catch::Contains("note: H2: vm here means a VM on a dedicated host"));
    CHECK_THAT(r.out, Catch::Contains("sizing comfort 1.3 (default: MIGRATION.md §2.6"));
    CHECK_THAT(r.out, Catch::Contains("percentiles are nearest rank"));
    CHECK_THAT(r.out, Catch::Contains("revision 2026-11-26.1"));

    // Without costs and without a stated Kubernetes practice: both said in the output; the
    // per-core-licensed server's tie between bare metal and VM goes to tie_break (bare metal).
    auto bare = f.run(
        {"--format", "json", "decide", "--workload-json", f.workloads.string(), "--no-costs"});
    REQUIRE(bare.rc == 0);
    const auto j = json::parse(bare.out);
    CHECK(j["costs"] == "not applied (--no-costs)");
    REQUIRE(j["notes"].size() == 1);
    CHECK_THAT(j["notes"][0].get<std::string>(), Catch::Contains("Kubernetes practice not stated"));
    CHECK(byName(j["workloads"], "sql-01")["model"] == "bare_metal");
    CHECK(byName(j["workloads"], "web-01")["model"] == "bare_metal"); // containers score 0 (S3)
}

TEST_CASE("decide options change the sizing and the bands", "[cli][decide]")
{
    DecideFixture f;
    auto r = f.run({"--format",
                    "json",
                    "decide",
                    "--workload-json",
                    f.workloads.string(),
                    "--comfort",
                    "2",
                    "--t1",
                    "40",
                    "--t2",
                    "100"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    const auto& web = byName(j["workloads"], "web-01");
    CHECK(web["need"]["vcpus"] == 4.0); // MIGRATION.md §2.1: 10 cores at 20 %, comfort 2 -> 4
    CHECK(web["model"] == "vm");        // 49 ms is now in the middle band [40, 100]
    bool userComfort = false;
    for (const auto& p : j["sizing_policy"]) {
        if (p["name"] == "comfort") {
            userComfort = p["source"] == "set by the user";
        }
    }
    CHECK(userComfort);

    auto csv = f.run({"--format", "csv", "decide", "--workload-json", f.workloads.string()});
    REQUIRE(csv.rc == 0);
    CHECK_THAT(csv.out,
               Catch::StartsWith("name,class,class_reason,vcpus,memory_gib,storage_gib,"
                                 "sized_from_utilisation,basis,model,excluded,top_rules,"
                                 "nearest_flip,error"));
    CHECK_THAT(csv.out, Catch::Contains("container by H2"));
}

TEST_CASE("decide rejects bad rule sets, thresholds and workload files", "[cli][decide]")
{
    DecideFixture f;
    const auto badRules = f.dir / "rules.json";
    DecideFixture::write(badRules, R"({"format": "cloudcost-decision-tree", "version": 1,
      "latency": {"t1_ms": 200, "t2_ms": 50, "below_t1": ["bare_metal"], "between": ["vm"],
                  "above_t2": ["container"]}})");
    auto r =
        f.run({"decide", "--workload-json", f.workloads.string(), "--rules", badRules.string()});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err,
               Catch::Contains("rules.json at /latency") && Catch::Contains("must be below t2"));

    auto t = f.run({"decide", "--workload-json", f.workloads.string(), "--t1", "300"});
    CHECK(t.rc == 1);
    CHECK_THAT(t.err, Catch::Contains("0 < t1 < t2"));

    auto p = f.run({"decide", "--workload-json", f.workloads.string(), "--percentile", "150"});
    CHECK(p.rc == 1);
    CHECK_THAT(p.err, Catch::Contains("percentile"));

    const auto badWorkloads = f.dir / "bad.json";
    DecideFixture::write(badWorkloads, R"([{"name": "a", "vcpus": 2, "latency_ms": 40}])");
    auto w = f.run({"decide", "--workload-json", badWorkloads.string()});
    CHECK(w.rc == 1);
    CHECK_THAT(w.err,
               Catch::Contains("bad.json at /0") && Catch::Contains("unknown field 'latency_ms'"));
}

TEST_CASE("decide reports a workload whose hard constraints conflict without failing the run",
          "[cli][decide]")
{
    DecideFixture f;
    const auto file = f.dir / "gpu.json";
    DecideFixture::write(file, R"({"name": "gpu-01", "vcpus": 8, "memory_mib": 32768,
      "gpu_mode": "mig", "custom_kernel": true})");
    auto r = f.run({"--format", "json", "decide", "--workload-json", file.string()});
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    const auto& w = j["workloads"][0];
    CHECK(w["model"].is_null());
    CHECK_THAT(w["decision_error"].get<std::string>(),
               Catch::Contains("H4 excludes container")
                   && Catch::Contains("H5-shared forces container"));
    CHECK(w["class"] == "unknown");
}

TEST_CASE("decide --inventory sizes the real Bitbrains traces from the stored inventory",
          "[cli][decide][realdata]")
{
    // shared/data/inventory/bitbrains-gwa-t-12: VM 1 (2 vCPU, 8 GiB) has CPU P95 16.6 % and
    // memory P95 17.7 % over 30 days at 5 minutes (coverage 95.6 %, computed independently);
    // VM 2's CPU P95 is 0 %.
    DecideFixture f;
    auto imp =
        f.run({"inventory",
               "import",
               testing::sharedData("inventory/bitbrains-gwa-t-12/rnd_2013-7_vm1.csv").string(),
               testing::sharedData("inventory/bitbrains-gwa-t-12/rnd_2013-7_vm2.csv").string(),
               "--name",
               "bb"});
    INFO(imp.err);
    REQUIRE(imp.rc == 0);
    auto r = f.run({"--format", "json", "decide", "--inventory", "bb"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    REQUIRE(j["workloads"].size() == 2);
    const auto& vm1 = j["workloads"][0];
    CHECK(vm1["class"] == "active");
    CHECK(vm1["need"]["sized_from_utilisation"].get<bool>());
    CHECK(vm1["need"]["vcpus"] == 1.0); // ceil(2 x 0.166 x 1.3 = 0.43)
    CHECK(vm1["need"]["memory_gib"].get<double>() == Approx(8.0 * 0.17733 * 1.3).epsilon(1e-3));
    CHECK_THAT(vm1["need"]["basis"].get<std::string>(), Catch::Contains("coverage 95.6 %"));
    CHECK(j["workloads"][1]["class"] == "idle");

    auto both = f.run({"decide", "--inventory", "bb", "--workload-json", f.workloads.string()});
    CHECK(both.rc == 2);
    auto none = f.run({"decide"});
    CHECK(none.rc == 2);
    auto unknown = f.run({"decide", "--inventory", "nope"});
    CHECK(unknown.rc == 1);
}
