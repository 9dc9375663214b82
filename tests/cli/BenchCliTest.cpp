#include "app/cli/Cli.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
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

// Runs the CLI in-process against a private workspace.
struct BenchCliFixture
{
    std::filesystem::path dir = testing::makeTempDir("benchcli");
    std::filesystem::path db = dir / "w.db";
    ~BenchCliFixture() { std::filesystem::remove_all(dir); }

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

std::string sample(const std::string& relative)
{
    return testing::sharedData("benchmarks/" + relative).string();
}

// The id of the run a one-file `bench import --format json` reported.
std::int64_t
importOne(BenchCliFixture& f, const std::string& file, const std::vector<std::string>& extra = {})
{
    std::vector<std::string> args = {"--format", "json", "bench", "import", file};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = f.run(args);
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto j = json::parse(r.out);
    REQUIRE(j.size() == 1);
    return j[0]["run_id"].get<std::int64_t>();
}

const json* findSampleJson(const json& samples, const std::string& metric)
{
    for (const auto& s : samples) {
        if (s["metric"] == metric) {
            return &s;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("bench import stores real samples and bench show returns them as JSON", "[cli][bench]")
{
    BenchCliFixture f;
    auto r = f.run({"--format",
                    "json",
                    "bench",
                    "import",
                    sample("fio/fio_randread_4k_qd16_json.json"),
                    sample("sysbench/sysbench_cpu_1thread.txt"),
                    sample("iperf3/iperf3_udp_loopback_500M_4s.json"),
                    "--tag",
                    "provider=aws,region=us-east-1,instance=m5.large"});
    INFO(r.err);
    REQUIRE(r.rc == 0);
    const auto reports = json::parse(r.out);
    REQUIRE(reports.size() == 3);
    CHECK(reports[0]["tool"] == "fio");
    CHECK(reports[0]["tool_version"] == "fio-3.33");
    CHECK(reports[1]["tool"] == "sysbench");
    CHECK(reports[2]["tool"] == "iperf3");
    const auto fioId = reports[0]["run_id"].get<std::int64_t>();

    auto show = f.run({"--format", "json", "bench", "show", std::to_string(fioId)});
    REQUIRE(show.rc == 0);
    const auto run = json::parse(show.out);
    CHECK(run["id"] == fioId);
    CHECK(run["tool"] == "fio");
    CHECK(run["source_file"] == "fio_randread_4k_qd16_json.json");
    CHECK(run["source_sha256"].get<std::string>().size() == 64);
    CHECK(run["measured_at"] == "2026-11-26T12:21:18Z");
    CHECK(run["host"]["provider"] == "aws");
    CHECK(run["host"]["region"] == "us-east-1");
    CHECK(run["host"]["instance_type"] == "m5.large");
    const json* iops = findSampleJson(run["samples"], "disk.randread.iops");
    REQUIRE(iops);
    CHECK((*iops)["value"].get<double>() == Approx(44650.418698)); // fio README read.iops
    CHECK((*iops)["unit"] == "ops/s");
    CHECK((*iops)["higher_is_better"] == true);
    CHECK((*iops)["parameters"]["block_size"] == "4096");
    CHECK((*iops)["parameters"]["iodepth"] == "16");
    const json* p99 = findSampleJson(run["samples"], "disk.randread.latency.p99");
    REQUIRE(p99);
    CHECK((*p99)["value"].get<double>() == Approx(782336e-9));
    CHECK((*p99)["higher_is_better"] == false);
    for (const char* field : {"metric",
                              "value",
                              "unit",
                              "higher_is_better",
                              "parameters",
                              "raw_values",
                              "mean",
                              "ci_low",
                              "ci_high",
                              "cv",
                              "noisy"}) {
        INFO(field);
        CHECK((*iops).contains(field));
    }

    auto list = f.run({"--format", "json", "bench", "list"});
    REQUIRE(list.rc == 0);
    const auto runs = json::parse(list.out);
    REQUIRE(runs.size() == 3);
    for (const auto& entry : runs) {
        CHECK(entry["sample_count"].get<int>() > 0);
        CHECK(entry["host"]["instance_type"] == "m5.large");
    }
}

TEST_CASE("bench compare matches samples by metric and parameters with direction", "[cli][bench]")
{
    BenchCliFixture f;
    // Two iperf3 TCP runs: 1 stream upload (14498.8 Mbit/s) and 2 streams download
    // (16792.0 Mbit/s): different parameters, so nothing matches.
    const auto a = importOne(f, sample("iperf3/iperf3_tcp_loopback_1stream_5s.json"));
    const auto b = importOne(f, sample("iperf3/iperf3_tcp_loopback_2streams_reverse_4s.json"));
    auto none =
        f.run({"--format", "json", "bench", "compare", std::to_string(a), std::to_string(b)});
    REQUIRE(none.rc == 0);
    const auto nj = json::parse(none.out);
    CHECK(nj["matched"].empty());
    CHECK_FALSE(nj["only_in_a"].empty());

    // The same sysbench cpu test at 1 and 2 threads differs in `threads`; two copies of one
    // fio file (different bytes, same figures) match sample for sample.
    const std::string content = [] {
        std::ifstream in(sample("fio/fio_randread_4k_qd16_json.json"), std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }();
    const auto c = importOne(f, f.write("copy.json", content + "\n"));
    // Same test, slower run: edit the IOPS figure (and only it) in a copy.
    std::string slower = content;
    const auto pos = slower.find("\"iops\" : 44650.418698");
    REQUIRE(pos != std::string::npos);
    slower.replace(pos, 21, "\"iops\" : 22325.209349");
    const auto d = importOne(f, f.write("slower.json", slower));
    auto cmp =
        f.run({"--format", "json", "bench", "compare", std::to_string(c), std::to_string(d)});
    REQUIRE(cmp.rc == 0);
    const auto cj = json::parse(cmp.out);
    CHECK(cj["only_in_a"].empty());
    CHECK(cj["only_in_b"].empty());
    bool sawIops = false;
    bool sawLatency = false;
    for (const auto& row : cj["matched"]) {
        if (row["metric"] == "disk.randread.iops") {
            sawIops = true;
            CHECK(row["a"].get<double>() == Approx(44650.418698));
            CHECK(row["b"].get<double>() == Approx(22325.209349));
            CHECK(row["ratio"].get<double>() == Approx(0.5));
            CHECK(row["difference_percent"].get<double>() == Approx(-50.0));
            CHECK(row["better"] == "a"); // higher is better, A is higher
            CHECK(row["parameters"]["iodepth"] == "16");
        }
        if (row["metric"] == "disk.randread.latency.mean") {
            sawLatency = true;
            CHECK(row["ratio"].get<double>() == Approx(1.0));
            CHECK(row["better"] == "same");
            CHECK(row["higher_is_better"] == false);
        }
    }
    CHECK(sawIops);
    CHECK(sawLatency);

    auto table = f.run({"bench", "compare", std::to_string(c), std::to_string(d)});
    REQUIRE(table.rc == 0);
    CHECK_THAT(table.out, Catch::Contains("disk.randread.iops"));
    CHECK_THAT(table.out, Catch::Contains("-50.00"));
}

TEST_CASE("A malformed benchmark file exits 1 naming the file and offset", "[cli][bench][error]")
{
    BenchCliFixture f;
    const auto bad =
        f.write("broken.json", "{\n  \"fio version\" : \"fio-3.33\",\n  \"jobs\" : [\n");
    const auto good = sample("sysbench/sysbench_cpu_1thread.txt");
    auto r = f.run({"bench", "import", bad, good});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err, Catch::Contains("cloudcost: error: " + bad + ":4: invalid JSON at byte "));
    CHECK_THAT(r.err, Catch::Contains("nothing was stored from " + bad));
    // The other file is still imported.
    CHECK_THAT(r.out, Catch::Contains("sysbench_cpu_1thread.txt"));
    auto list = f.run({"--format", "json", "bench", "list"});
    REQUIRE(list.rc == 0);
    const auto runs = json::parse(list.out);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0]["tool"] == "sysbench");
}

TEST_CASE("bench import refuses error documents empty files and unknown formats",
          "[cli][bench][error]")
{
    BenchCliFixture f;
    const auto [file, message] = GENERATE(table<std::string, std::string>({
        {"iperf3/iperf3_error_connection_refused.json",
         "iperf3 reported an error instead of results: unable to connect to server: Connection "
         "refused"},
        {"", "file is empty"},
        {"nul", "NUL byte at byte 1"},
        {"unknown", "not a benchmark output in any format cloudcost knows"},
    }));
    std::string path;
    if (file.empty()) {
        path = f.write("empty.txt", "");
    } else if (file == "nul") {
        path = f.write("nul.txt", std::string("{\0}", 3));
    } else if (file == "unknown") {
        path = f.write("notes.txt", "hello world\n");
    } else {
        path = sample(file);
    }
    auto r = f.run({"bench", "import", path});
    CHECK(r.rc == 1);
    CHECK_THAT(r.err, Catch::Contains(message));
    CHECK_THAT(r.err, Catch::Contains(path));
    auto list = f.run({"--format", "json", "bench", "list"});
    CHECK(json::parse(list.out).empty());
}

TEST_CASE("bench tag changes where a run was measured", "[cli][bench]")
{
    BenchCliFixture f;
    const auto id = importOne(f,
                              sample("sysbench/sysbench_memory_write_1M_1thread.txt"),
                              {"--tag", "provider=gcp"});
    auto r = f.run(
        {"bench", "tag", std::to_string(id), "--region", "europe-west1", "--instance", "n2-std-2"});
    REQUIRE(r.rc == 0);
    auto show = f.run({"--format", "json", "bench", "show", std::to_string(id)});
    const auto run = json::parse(show.out);
    CHECK(run["host"]["provider"] == "gcp"); // kept
    CHECK(run["host"]["region"] == "europe-west1");
    CHECK(run["host"]["instance_type"] == "n2-std-2");
    const json* bw = findSampleJson(run["samples"], "memory.bandwidth");
    REQUIRE(bw);
    CHECK((*bw)["value"].get<double>() == Approx(24697.02 * 1048576)); // sysbench README

    CHECK(f.run({"bench", "tag", std::to_string(id)}).rc == 2);
    auto missing = f.run({"bench", "tag", "999", "--region", "x"});
    CHECK(missing.rc == 1);
    CHECK_THAT(missing.err, Catch::Contains("no benchmark run with id 999"));
    CHECK(f.run({"bench", "import", "x", "--tag", "colour=red"}).rc == 2);
}

TEST_CASE("Importing the same bytes twice keeps one run", "[cli][bench]")
{
    BenchCliFixture f;
    const auto file = sample("iperf3/iperf3_tcp_loopback_text.txt");
    const auto id = importOne(f, file);
    auto again = f.run({"--format", "json", "bench", "import", file});
    REQUIRE(again.rc == 0);
    const auto j = json::parse(again.out);
    CHECK(j[0]["duplicate"] == true);
    CHECK(j[0]["run_id"] == id);
    CHECK(json::parse(f.run({"--format", "json", "bench", "list"}).out).size() == 1);
}

TEST_CASE("bench import lists its formats and show prints a readable table", "[cli][bench]")
{
    BenchCliFixture f;
    auto formats = f.run({"--format", "json", "bench", "import", "--list-formats"});
    REQUIRE(formats.rc == 0);
    std::set<std::string> names;
    for (const auto& fmt : json::parse(formats.out)) {
        names.insert(fmt["format"].get<std::string>());
    }
    for (const char* name :
         {"fio-json", "fio-text", "sysbench-text", "iperf3-json", "iperf3-text"}) {
        CHECK(names.count(name));
    }
    const auto id = importOne(f, sample("fio/pkb_fio-2.17_gce_pd_randread16k_legacy.json"));
    auto show = f.run({"bench", "show", std::to_string(id)});
    REQUIRE(show.rc == 0);
    CHECK_THAT(show.out, Catch::Contains("disk.randread.latency.p99"));
    CHECK_THAT(show.out, Catch::Contains("1.352 ms")); // p99 1352 µs in the 2.x file
    auto csv = f.run({"--format", "csv", "bench", "show", std::to_string(id)});
    REQUIRE(csv.rc == 0);
    CHECK_THAT(csv.out, Catch::StartsWith("run_id,metric,value,unit,higher_is_better,parameters"));
    auto removed = f.run({"bench", "remove", std::to_string(id)});
    CHECK(removed.rc == 0);
    CHECK(f.run({"bench", "show", std::to_string(id)}).rc == 1);
}
