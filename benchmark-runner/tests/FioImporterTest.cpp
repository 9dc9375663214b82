#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

// Imports a shared fio sample through detection (as `bench import` does).
BenchmarkRun importFio(const std::string& name)
{
    auto run = importBenchmarkFile(cloudcost::testing::sharedData("benchmarks/fio/" + name));
    INFO(name << ": " << (run ? std::string() : run.error().describe()));
    REQUIRE(run.hasValue());
    CHECK(run->tool == "fio");
    CHECK(run->sourceFile == name);
    CHECK(run->sourceSha256.size() == 64);
    return std::move(*run);
}

double valueOf(const BenchmarkRun& run,
               const std::string& metric,
               const std::map<std::string, std::string>& params = {})
{
    const Sample* s = findSample(run, metric, params);
    INFO("metric " << metric);
    REQUIRE(s != nullptr);
    return s->value;
}

Result<BenchmarkRun> parseJson(const std::string& content)
{
    return importerNamed(registerFioImporters, "fio-json").parse(content, "test.json");
}

// A minimal fio 3.x job entry with one used read section; clat in ns, bins optional.
std::string jobJson(const std::string& name, double iops, double meanNs, const std::string& bins)
{
    return R"({"jobname":")" + name + R"(","groupid":0,"error":0,
      "job options":{"rw":"randread","bs":"4k","iodepth":"1"},
      "read":{"io_bytes":4096,"bw_bytes":)"
           + std::to_string(iops * 4096) + R"(,"bw":1,"iops":)" + std::to_string(iops)
           + R"(,"total_ios":100,
        "clat_ns":{"min":1,"max":2,"mean":)"
           + std::to_string(meanNs) + R"(,"N":100)" + bins + R"(}},
      "write":{"io_bytes":0,"bw_bytes":0,"bw":0,"iops":0,"total_ios":0}})";
}

} // namespace

// Expected values: data/benchmarks/fio/README.md "key values" column, exact digits from the files.
TEST_CASE("fio 3.33 randread QD16 gives IOPS bandwidth and latency in SI units", "[benchmark][fio]")
{
    const auto run = importFio("fio_randread_4k_qd16_json.json");
    CHECK(run.toolVersion == "fio-3.33");
    CHECK(run.measuredAt == "2026-11-26T12:21:18Z"); // timestamp 1795695678
    const std::map<std::string, std::string> shape = {{"block_size", "4096"},
                                                      {"iodepth", "16"},
                                                      {"numjobs", "1"},
                                                      {"ioengine", "libaio"},
                                                      {"direct", "1"},
                                                      {"job", "randread4k"}};
    const Sample* iops = findSample(run, "disk.randread.iops");
    REQUIRE(iops);
    CHECK(iops->parameters == shape);
    CHECK(iops->value == Approx(44650.418698)); // README: read.iops=44650.4
    CHECK(iops->unit == "ops/s");
    CHECK(iops->higherIsBetter);
    // bw_bytes 182888114 B/s; README: bw=178601 KiB/s (rounded by fio, hence the margin)
    CHECK(valueOf(run, "disk.randread.bandwidth") == Approx(182888114.0));
    CHECK(valueOf(run, "disk.randread.bandwidth") == Approx(178601.0 * 1024).epsilon(1e-5));
    const Sample* mean = findSample(run, "disk.randread.latency.mean");
    REQUIRE(mean);
    CHECK(mean->unit == "s");
    CHECK_FALSE(mean->higherIsBetter);
    CHECK(mean->value == Approx(339846.337488e-9)); // clat_ns.mean=339846 ns
    CHECK(valueOf(run, "disk.randread.latency.p50") == Approx(321536e-9));
    CHECK(valueOf(run, "disk.randread.latency.p99") == Approx(782336e-9));
    CHECK(valueOf(run, "disk.randread.latency.p99.9") == Approx(4423680e-9));
    // The write and trim sections are all zero: no samples for them.
    CHECK(countMetric(run, "disk.randwrite.iops") == 0);
    CHECK(countMetric(run, "disk.seqwrite.iops") == 0);
    CHECK(countMetric(run, "disk.sync.latency.mean") == 0);
}

TEST_CASE("fio json+ randrw gives both directions with mix and job count", "[benchmark][fio]")
{
    const auto run = importFio("fio_randrw70_4k_qd8_2jobs_jsonplus.json");
    CHECK(valueOf(run, "disk.randread.iops") == Approx(52770.153231));
    CHECK(valueOf(run, "disk.randwrite.iops") == Approx(22633.910726));
    CHECK(valueOf(run, "disk.randread.latency.p99") == Approx(872448e-9));
    CHECK(valueOf(run, "disk.randwrite.latency.p99") == Approx(1220608e-9));
    const Sample* s = findSample(run, "disk.randwrite.bandwidth");
    REQUIRE(s);
    CHECK(s->value == Approx(92708498.0));
    CHECK(s->parameters.at("numjobs") == "2");
    CHECK(s->parameters.at("rwmixread") == "70");
    CHECK(s->parameters.at("iodepth") == "8");
    // One entry (group_reporting): nothing summed.
    CHECK_FALSE(hasWarning(run, "clone"));
}

TEST_CASE("fio stonewall groups give a sequential write and a sequential read", "[benchmark][fio]")
{
    const auto run = importFio("fio_seq1m_write_then_read_2groups_json.json");
    // README: seqwrite1m write.bw=2489986 KiB/s; seqread1m read.bw=1347185 KiB/s
    const Sample* w = findSample(run, "disk.seqwrite.bandwidth");
    REQUIRE(w);
    CHECK(w->value == Approx(2549746079.0));
    CHECK(w->value == Approx(2489986.0 * 1024).epsilon(1e-5));
    CHECK(w->parameters.at("job") == "seqwrite1m");
    CHECK(w->parameters.at("block_size") == "1048576"); // bs=1M from global options
    CHECK(w->parameters.at("iodepth") == "4");
    const Sample* r = findSample(run, "disk.seqread.bandwidth");
    REQUIRE(r);
    CHECK(r->value == Approx(1347185.0 * 1024).epsilon(1e-5));
    CHECK(r->parameters.at("job") == "seqread1m");
    CHECK(valueOf(run, "disk.seqwrite.iops") == Approx(2431.627349));
    CHECK(valueOf(run, "disk.seqread.iops") == Approx(1315.610634));
    CHECK(countMetric(run, "disk.seqread.iops") == 1);
}

TEST_CASE("fio fdatasync run gives the sync latency etcd cares about", "[benchmark][fio]")
{
    const auto run = importFio("fio_fdatasync_write_etcd_style_json.json");
    CHECK(valueOf(run, "disk.seqwrite.iops") == Approx(2262.861011)); // README write.iops=2262.9
    const Sample* mean = findSample(run, "disk.sync.latency.mean");
    REQUIRE(mean);
    CHECK(mean->value == Approx(436676.785622e-9)); // README sync mean=436677 ns
    CHECK(mean->parameters.at("sync_call") == "fdatasync");
    CHECK(mean->parameters.at("block_size") == "2300");
    CHECK(mean->parameters.at("ioengine") == "sync");
    CHECK(valueOf(run, "disk.sync.latency.p99") == Approx(741376e-9)); // README p99=741376 ns
    // bs=2300 was given, so no default is assumed.
    CHECK_FALSE(hasWarning(run, "default 4096"));
}

TEST_CASE("fio 2.17 legacy layout is read in microseconds and KiB", "[benchmark][fio]")
{
    const auto run = importFio("pkb_fio-2.17_gce_pd_randread16k_legacy.json");
    CHECK(run.toolVersion == "fio-2.17");
    CHECK(run.measuredAt == "2017-09-28T00:45:52Z");
    // README: rand_16k_read: iops=8086.67, clat mean 238.36 µs, p99=1352 µs
    CHECK(valueOf(run, "disk.randread.iops") == Approx(8086.673998));
    CHECK(valueOf(run, "disk.randread.latency.mean") == Approx(238.357679e-6));
    CHECK(valueOf(run, "disk.randread.latency.p99") == Approx(1352e-6));
    CHECK(valueOf(run, "disk.randread.bandwidth") == Approx(129386.0 * 1024)); // bw KiB/s
    // rand_16k_write: iops=2457.0, p99=2384 µs
    CHECK(valueOf(run, "disk.randwrite.iops") == Approx(2457.017193));
    CHECK(valueOf(run, "disk.randwrite.latency.p99") == Approx(2384e-6));
    const Sample* s = findSample(run, "disk.randwrite.iops");
    REQUIRE(s);
    CHECK(s->parameters.at("block_size") == "16384");
    CHECK(s->parameters.at("numjobs") == "2");
    CHECK(s->parameters.at("iodepth") == "1");
}

TEST_CASE("fio directions come from the sections when the rw option contradicts them",
          "[benchmark][fio]")
{
    const auto run = importFio("virtualclient_fio-3.26_randrw_4k_azure.json");
    CHECK(run.toolVersion == "fio-3.26");
    // README: read.iops=2160.56, write.iops=2167.2 although job options.rw says randwrite
    CHECK(valueOf(run, "disk.randread.iops") == Approx(2160.561601));
    CHECK(valueOf(run, "disk.randwrite.iops") == Approx(2167.231601));
    CHECK(hasWarning(run, "option rw is 'randwrite' but the sections with I/O are read+write"));
}

TEST_CASE("fio normal text output is parsed with a warning about rounding", "[benchmark][fio]")
{
    const auto run = importFio("fio_randread_4k_normal_text.txt");
    CHECK(run.toolVersion == "fio-3.33");
    CHECK(hasWarning(run, "--output-format=json"));
    // README: IOPS=82.7k, BW=323MiB/s, clat percentiles in usec
    const Sample* iops = findSample(run, "disk.randread.iops");
    REQUIRE(iops);
    CHECK(iops->value == Approx(82700));
    CHECK(iops->parameters.at("block_size") == "4096");
    CHECK(iops->parameters.at("iodepth") == "16");
    CHECK(iops->parameters.at("ioengine") == "libaio");
    CHECK(valueOf(run, "disk.randread.bandwidth") == Approx(323.0 * 1048576));
    CHECK(valueOf(run, "disk.randread.latency.mean") == Approx(183.90e-6));
    CHECK(valueOf(run, "disk.randread.latency.p50") == Approx(159e-6));
    CHECK(valueOf(run, "disk.randread.latency.p99") == Approx(420e-6));
    CHECK(valueOf(run, "disk.randread.latency.p99.9") == Approx(1663e-6));
}

TEST_CASE("Every fio sample is detected as its format", "[benchmark][fio][detect]")
{
    const auto [file, format] = GENERATE(table<const char*, const char*>({
        {"fio_randread_4k_qd16_json.json", "fio-json"},
        {"fio_randrw70_4k_qd8_2jobs_jsonplus.json", "fio-json"},
        {"fio_seq1m_write_then_read_2groups_json.json", "fio-json"},
        {"fio_fdatasync_write_etcd_style_json.json", "fio-json"},
        {"pkb_fio-2.17_gce_pd_randread16k_legacy.json", "fio-json"},
        {"virtualclient_fio-3.26_randrw_4k_azure.json", "fio-json"},
        {"fio_randread_4k_normal_text.txt", "fio-text"},
    }));
    INFO(file);
    const std::string content = sharedFile(std::string("benchmarks/fio/") + file);
    const std::string_view head = std::string_view(content).substr(0, 64 << 10);
    int best = 0;
    std::string bestName;
    for (const auto& info : benchImporters()) {
        const int score = info.sniff ? info.sniff(head, file) : 0;
        if (score > best) {
            best = score;
            bestName = info.name;
        }
    }
    CHECK(bestName == format);
}

TEST_CASE("fio warnings before the JSON are skipped", "[benchmark][fio]")
{
    const std::string content = sharedFile("benchmarks/fio/fio_randread_4k_qd16_json.json");
    auto run = parseJson("fio: this platform does not support process shared mutexes\n" + content
                         + "\nRun status group 0 (all jobs):\n");
    REQUIRE(run);
    CHECK(findSample(*run, "disk.randread.iops")->value == Approx(44650.418698));
    CHECK(hasWarning(*run, "skipped 1 line(s) before the JSON"));
    CHECK(hasWarning(*run, "ignored text after the JSON document"));
}

TEST_CASE("Malformed fio JSON names the line and byte", "[benchmark][fio][error]")
{
    const std::string content = sharedFile("benchmarks/fio/fio_randread_4k_qd16_json.json");
    auto run = parseJson(content.substr(0, 300));
    REQUIRE_FALSE(run);
    CHECK(run.error().code == Error::Code::ParseFailed);
    CHECK(run.error().context.rfind("test.json:", 0) == 0);
    CHECK(run.error().message.find("invalid JSON at byte ") != std::string::npos);
}

TEST_CASE("Hostile fio values are refused with their JSON path", "[benchmark][fio][error]")
{
    const auto [body, expected, why] = GENERATE(table<std::string, std::string, const char*>({
        {R"({"fio version":"fio-3.33","jobs":[{"jobname":"a","read":{"total_ios":5,)"
         R"("iops":"x","bw":1}}]})",
         "jobs[0].read.iops: expected a number, found string",
         "string instead of number"},
        {R"({"fio version":"fio-3.33","jobs":[{"jobname":"a","read":{"total_ios":5,)"
         R"("iops":-3,"bw":1}}]})",
         "jobs[0].read.iops: expected a number >= 0",
         "negative IOPS"},
        {R"({"fio version":"fio-3.33","jobs":[{"jobname":"a","read":{"total_ios":5,)"
         R"("iops":1e999,"bw":1}}]})",
         "number overflow parsing '1e999'",
         "overflowing number"},
        {R"({"fio version":"fio-3.33","jobs":{}})", "jobs: missing or not an array", "jobs object"},
        {R"({"fio version":"fio-3.33","jobs":[]})", "the fio output has no jobs", "no jobs"},
        {R"({"fio version":"fio-3.33","jobs":[{"jobname":"a","error":5,"read":{}}]})",
         "every fio job failed",
         "failed job"},
        {R"({"fio version":"fio-3.33","jobs":[{"jobname":"a","read":{"total_ios":5,"iops":2,)"
         R"("bw":1,"clat_ns":{"mean":-1,"N":3}}}]})",
         "jobs[0].read.clat_ns.mean: expected a number >= 0",
         "negative latency"},
    }));
    INFO(why);
    auto run = parseJson(body);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains(expected));
}

TEST_CASE("fio clones without group_reporting are summed and their bins merged", "[benchmark][fio]")
{
    SECTION("with json+ bins the percentiles come from the merged histogram")
    {
        // clone 1: 100 I/Os at 1000 ns; clone 2: 98 at 2000 ns, 1 at 3000 ns, 1 at 9000 ns.
        const std::string a = jobJson("j", 100, 1000, R"(,"bins":{"1000":100})");
        const std::string b = jobJson("j", 300, 2080, R"(,"bins":{"2000":98,"3000":1,"9000":1})");
        auto run = parseJson(R"({"fio version":"fio-3.33","jobs":[)" + a + "," + b + "]}");
        REQUIRE(run);
        CHECK(countMetric(*run, "disk.randread.iops") == 1);
        CHECK(findSample(*run, "disk.randread.iops")->value == Approx(400));
        // weighted by N: (1000*100 + 2080*100) / 200 ns
        CHECK(findSample(*run, "disk.randread.latency.mean")->value == Approx(1540e-9));
        // 200 I/Os: rank 100 (p50) is the last 1000 ns one; p99 rank 198 is the last 2000 ns
        // one; p99.9 rank 199.8 reaches the 9000 ns bin.
        CHECK(findSample(*run, "disk.randread.latency.p50")->value == Approx(1000e-9));
        CHECK(findSample(*run, "disk.randread.latency.p99")->value == Approx(2000e-9));
        CHECK(findSample(*run, "disk.randread.latency.p99.9")->value == Approx(9000e-9));
        CHECK(hasWarning(*run, "2 clone entries"));
    }
    SECTION("without bins only the mean latency is kept")
    {
        const std::string a = jobJson("j", 100, 1000, R"(,"percentile":{"99.000000":5000})");
        const std::string b = jobJson("j", 100, 3000, R"(,"percentile":{"99.000000":7000})");
        auto run = parseJson(R"({"fio version":"fio-3.33","jobs":[)" + a + "," + b + "]}");
        REQUIRE(run);
        CHECK(findSample(*run, "disk.randread.iops")->value == Approx(200));
        CHECK(findSample(*run, "disk.randread.latency.mean")->value == Approx(2000e-9));
        CHECK(countMetric(*run, "disk.randread.latency.p99") == 0);
        CHECK(hasWarning(*run, "cannot be combined"));
    }
}

TEST_CASE("fio sizes follow kb_base and a missing bs uses the documented default",
          "[benchmark][fio]")
{
    auto run = parseJson(
        R"({"fio version":"fio-3.33","global options":{"kb_base":"1000"},"jobs":[
            {"jobname":"a","job options":{"rw":"read","bs":"4k"},
             "read":{"total_ios":5,"iops":2,"bw_bytes":8000}},
            {"jobname":"b","job options":{"rw":"write"},
             "write":{"total_ios":5,"iops":3,"bw_bytes":12288}}]})");
    REQUIRE(run);
    CHECK(findSample(*run, "disk.seqread.iops")->parameters.at("block_size") == "4000");
    CHECK(findSample(*run, "disk.seqwrite.iops")->parameters.at("block_size") == "4096");
    CHECK(hasWarning(*run, "job b: bs not given, fio's default 4096 bytes assumed"));
}

TEST_CASE("fio text without the job description assumes no defaults", "[benchmark][fio]")
{
    const std::string content = sharedFile("benchmarks/fio/fio_randread_4k_normal_text.txt");
    const auto text = importerNamed(registerFioImporters, "fio-text");
    auto run = text.parse(content.substr(content.find('\n') + 1), "t.txt");
    REQUIRE(run);
    const Sample* iops = findSample(*run, "disk.read.iops");
    REQUIRE(iops); // rw unknown: random or sequential cannot be told
    CHECK(iops->value == Approx(82700));
    CHECK(iops->parameters.count("block_size") == 0);
    CHECK(iops->parameters.count("iodepth") == 0);
    CHECK(iops->parameters.at("numjobs") == "1"); // from "(groupid=0, jobs=1)"
    CHECK(hasWarning(*run, "description line (rw=, bs=, iodepth=) is missing"));
}
