#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo pkbImporter()
{
    return importerNamed(registerPkbImporters, "pkb-json");
}

BenchmarkRun parsePkbFile(const std::string& name)
{
    auto run = pkbImporter().parse(sharedFile("benchmarks/pkb/" + name), name);
    REQUIRE(run.hasValue());
    return std::move(run).value();
}

} // namespace

TEST_CASE("PKB v1.12 iperf samples give throughput in bit/s and AWS host facts from the labels",
          "[benchmark][import][pkb]")
{
    // data/benchmarks/pkb/README.md: 17 lines, Throughput 878/724/870/818 Mbits/sec, 12 metadata
    // samples, End to End Runtime 472.27 s; AWS t2.micro (Xen) in us-east-1f.
    const BenchmarkRun run = parsePkbFile("pkb_v1.12_iperf_aws_t2micro_results.jsonl");
    CHECK(run.tool == "pkb");
    CHECK(run.toolVersion == "v1.12.0-2457-gc65b5421");
    CHECK(run.measuredAt == "2021-03-12T01:23:55Z");
    REQUIRE(run.samples.size() == 5); // 4 throughput + runtime; 12 metadata samples skipped
    const double mbits[] = {878.0, 724.0, 870.0, 818.0};
    const char* ipType[] = {"external", "internal", "external", "internal"};
    const char* rtt[] = {"764.0", "1546.0", "667.0", "1422.0"};
    for (int i = 0; i < 4; ++i) {
        const Sample& s = run.samples[static_cast<std::size_t>(i)];
        CHECK(s.metric == "pkb.iperf.throughput");
        CHECK(s.value == Approx(mbits[i] * 1e6));
        CHECK(s.unit == "bit/s");
        CHECK(s.higherIsBetter);
        CHECK(s.parameters.at("ip_type") == ipType[i]);
        CHECK(s.parameters.at("rtt") == rtt[i]);
        CHECK(s.parameters.at("sending_thread_count") == "1");
        CHECK(s.parameters.at("test") == "iperf");
        CHECK(s.parameters.count("vm_1_machine_type") == 0); // per-VM labels are host facts
    }
    const Sample* runtime = findSample(run, "pkb.iperf.end_to_end_runtime");
    REQUIRE(runtime != nullptr);
    CHECK(runtime->value == Approx(472.26950669288635));
    CHECK(runtime->unit == "s");
    CHECK_FALSE(runtime->higherIsBetter);

    CHECK(run.host.provider == "aws");
    CHECK(run.host.instanceType == "t2.micro");
    CHECK(run.host.region == "us-east-1");
    CHECK(run.host.logicalCpus == 1);
    CHECK(run.host.kernel == "4.4.0-1122-aws");
    CHECK(run.host.os == "Ubuntu 16.04.7 LTS");
    // From the lscpu metadata sample, whose values contain ',' and ':'.
    CHECK(run.host.cpuModel == "Intel(R) Xeon(R) CPU E5-2676 v3 @ 2.40GHz");
    CHECK(run.host.hypervisor == "xen");
    CHECK(run.host.platform == PlatformKind::VirtualMachine);
    CHECK(run.warnings.empty());
}

TEST_CASE("The PKB side-by-side wrapper gives the samples of both builds",
          "[benchmark][import][pkb]")
{
    const BenchmarkRun run = parsePkbFile("pkb_side_by_side_sample_netperf_2014.json");
    REQUIRE(run.samples.size() == 18);
    CHECK(run.toolVersion == "v0.7.1-4-g36b0d85"); // head.description
    CHECK(run.measuredAt == "2014-12-11T21:44:58Z");
    const std::string rr = "pkb.netperf_simple.tcp_rr_transaction_rate";
    const Sample* external =
        findSample(run, rr, {{"side_by_side", "head"}, {"ip_type", "external"}});
    REQUIRE(external != nullptr);
    CHECK(external->value == Approx(1333.62));
    CHECK(external->unit == "ops/s");
    CHECK(external->parameters.at("pkb_build") == "netperf-csv");
    const Sample* internal =
        findSample(run, rr, {{"side_by_side", "head"}, {"ip_type", "internal"}});
    REQUIRE(internal != nullptr);
    CHECK(internal->value == Approx(4087.38));
    const Sample* baseStream =
        findSample(run, "pkb.netperf_simple.tcp_stream_throughput", {{"side_by_side", "base"}});
    REQUIRE(baseStream != nullptr);
    CHECK(baseStream->value == Approx(1047.18e6));
    CHECK(baseStream->unit == "bit/s");
    CHECK(run.host.provider == "gcp");
    CHECK(run.host.instanceType == "n1-standard-4");
    CHECK(run.host.region == "us-central1");
    CHECK(hasWarning(run, "side-by-side"));
    CHECK(hasWarning(run, "2 PerfKitBenchmarker versions"));
}

TEST_CASE("The 2014 PKB export with double-bar labels keeps each sample's machine type",
          "[benchmark][import][pkb]")
{
    const BenchmarkRun run = parsePkbFile("pkb_legacy_bq_iperf_samples_head40.jsonl");
    REQUIRE(run.samples.size() == 40);
    CHECK(run.toolVersion.empty());
    CHECK(run.measuredAt == "2014-01-08T23:55:04Z");
    const Sample& first = run.samples.front();
    CHECK(first.metric == "pkb.iperf.tcp_throughput");
    CHECK(first.value == Approx(2948e6)); // README: first value 2948 Mbits/sec
    CHECK(first.unit == "bit/s");
    CHECK(first.parameters.at("sending_machine_type") == "n1-standard-4");
    CHECK(first.parameters.at("sending_zone") == "europe-west1-a");
    CHECK(first.parameters.at("ip_type") == "internal"); // after the stray '['
    CHECK(first.parameters.at("test_version") == "2.0.5-3");
    CHECK(first.parameters.at("instance_type") == "n1-standard-4");
    CHECK(run.samples.back().value == Approx(2187e6));
    CHECK(run.host.provider == "gcp");
    CHECK(run.host.instanceType.empty());
    CHECK(run.host.region.empty());
    CHECK(hasWarning(run, "machine types"));
    CHECK(hasWarning(run, "40 PKB runs"));
    CHECK(hasWarning(run, "2014 '||' layout"));
}

TEST_CASE("PKB files are detected by their sample keys", "[benchmark][import][pkb]")
{
    for (const char* name : {"pkb_v1.12_iperf_aws_t2micro_results.jsonl",
                             "pkb_side_by_side_sample_netperf_2014.json",
                             "pkb_legacy_bq_iperf_samples_head40.jsonl"}) {
        INFO(name);
        auto run = importBenchmarkFile(
            cloudcost::testing::sharedData(std::string("benchmarks/pkb/") + name));
        REQUIRE(run.hasValue());
        CHECK(run->tool == "pkb");
    }
    CHECK(pkbImporter().sniff("{\"jobs\": [], \"fio version\": \"fio-3.33\"}", "x.json") == 0);
}

TEST_CASE("PKB units are converted by table and units outside it are reported and skipped",
          "[benchmark][import][pkb]")
{
    const std::string ndjson =
        R"({"metric": "Mem", "value": 5.5, "unit": "MB/s", "labels": "|a:1|,|b:2|"})"
        "\n"
        R"({"metric": "CPU", "value": 55, "unit": "%", "labels": "|a:1|"})"
        "\n"
        R"({"metric": "Lat", "value": 250, "unit": "usec", "labels": "|cloud:Azure|,|zone:eastus2-1|"})"
        "\n";
    auto run = pkbImporter().parse(ndjson, "units.json");
    REQUIRE(run.hasValue());
    REQUIRE(run->samples.size() == 2);
    CHECK(findSample(*run, "pkb.mem")->value == Approx(5.5e6)); // MB = 10^6
    CHECK(findSample(*run, "pkb.lat")->value == Approx(250e-6));
    CHECK(run->host.provider == "azure");
    CHECK(run->host.region == "eastus2");
    CHECK(hasWarning(*run, "unit '%' not imported"));
}

TEST_CASE("A PKB file cut inside its last line keeps the complete lines",
          "[benchmark][import][pkb]")
{
    const std::string good = sharedFile("benchmarks/pkb/pkb_v1.12_iperf_aws_t2micro_results.jsonl");
    const auto lastLine = good.rfind('\n', good.size() - 2);
    REQUIRE(lastLine != std::string::npos);
    const std::string cut = good.substr(0, lastLine + 200); // the runtime line, cut
    auto run = pkbImporter().parse(cut, "cut.jsonl");
    REQUIRE(run.hasValue());
    CHECK(run->samples.size() == 4);
    CHECK(hasWarning(*run, "last line 17 is incomplete"));
}

TEST_CASE("Malformed PKB files are refused with the file line and field",
          "[benchmark][import][pkb][error]")
{
    const std::string good = sharedFile("benchmarks/pkb/pkb_v1.12_iperf_aws_t2micro_results.jsonl");
    const auto secondLine = good.find('\n') + 1;
    const auto dir = cloudcost::testing::makeTempDir("pkb-bad");
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const std::string valueString =
        R"({"metric": "Throughput", "value": "878", "unit": "Mbits/sec", "labels": ""})"
        "\n";
    const std::string noMetric = R"({"value": 1, "unit": "ms", "labels": ""})"
                                 "\n";
    const std::string badLabels = R"({"metric": "x", "value": 1, "unit": "ms", "labels": 5})"
                                  "\n";
    const std::string negativeTime = R"({"metric": "x", "value": -1, "unit": "ms"})"
                                     "\n";
    const std::string onlyMeta =
        R"({"metric": "lscpu", "value": 0, "unit": "", "labels": "|a:b|"})";
    const Case cases[] = {
        {"", "file is empty", "empty"},
        {good.substr(0, 50) + std::string(1, '\0') + good.substr(50), "NUL byte", "NUL"},
        {"this is not json\n", "bad.json:1", "plain text"},
        {good.substr(0, secondLine) + "{\"metric\": broken}\n" + good.substr(secondLine),
         "bad.json:2",
         "broken middle line"},
        {valueString, "'value' must be a number", "value as a string"},
        {noMetric, "'metric' must be a non-empty string", "no metric"},
        {badLabels, "'labels' must be a string", "labels as a number"},
        {negativeTime, "negative time", "negative latency"},
        {"[1, 2, 3]\n", "expected PerfKitBenchmarker", "a JSON array"},
        {onlyMeta, "only 1 metadata samples", "metadata only"},
        {R"({"head": {"samples": 3}})", "'head.samples' must be an array", "bad wrapper"},
        {R"({"head": {"samples": [{"metric": "m", "value": null, "unit": "ms"}]}})",
         "'head.samples[0].value' must be a number",
         "null value in the wrapper"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.json", c.content);
        auto run = pkbImporter().parse(bytes, "bad.json");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.json") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
