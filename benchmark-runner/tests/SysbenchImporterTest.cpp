#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

constexpr double kMib = 1048576.0;

BenchmarkRun importSysbench(const std::string& name)
{
    auto run = importBenchmarkFile(cloudcost::testing::sharedData("benchmarks/sysbench/" + name));
    INFO(name << ": " << (run ? std::string() : run.error().describe()));
    REQUIRE(run.hasValue());
    CHECK(run->tool == "sysbench");
    return std::move(*run);
}

Result<BenchmarkRun> parseText(const std::string& content)
{
    return importerNamed(registerSysbenchImporters, "sysbench-text").parse(content, "sb.txt");
}

double valueOf(const BenchmarkRun& run, const std::string& metric)
{
    const Sample* s = findSample(run, metric);
    INFO("metric " << metric);
    REQUIRE(s != nullptr);
    return s->value;
}

// sysbench 1.1 on AWS Graviton2 (r6g), published in Korean notes found through the code index
// (BENCHMARKS.md §6, "sysbench 1.1 on AWS r6g/r5"); the author's inline comments removed.
const char* const kCpu11Excerpt = R"(CPU speed:
    events per second:   114.02

Throughput:
    events/s (eps):                      114.0161
    time elapsed:                        87.7069s
    total number of events:              10000

Latency (ms):
         min:                                    8.76
         avg:                                    8.77
         max:                                    8.79
         95th percentile:                        8.74
         sum:                                87705.26

Threads fairness:
    events (avg/stddev):           10000.0000/0.00
    execution time (avg/stddev):   87.7053/0.00
)";

// The sysbench 1.1 fileio layout as sysbench's own test (akopytov/sysbench tests/t/test_fileio.t)
// prints it, with numbers filled in for the test.
const char* const kFileio11 = R"(sysbench 1.1.0-ead2689 (using bundled LuaJIT 2.1.0-beta3)

Running the test with following options:
Number of threads: 1
Initializing random number generator from current time


Extra file open flags: 0
4 files, 8MiB each
32MiB total file size
Block size 16KiB
Number of IO requests: 150
Read/Write ratio for combined random IO test: 1.50
Periodic FSYNC enabled, calling fsync() each 100 requests.
Calling fsync() at the end of test, Enabled.
Using synchronous I/O mode
Doing random r/w test
Initializing worker threads...

Threads started!


Throughput:
         read:  IOPS=2279.18 35.61 MiB/s (37.34 MB/s)
         write: IOPS=1519.45 23.74 MiB/s (24.89 MB/s)
         fsync: IOPS=4863.01

Latency (ms):
         min:                                  0.01
         avg:                                  0.11
         max:                                  9.80
         95th percentile:                      0.36
         sum:                                 16.73
)";

} // namespace

// Expected values: data/benchmarks/sysbench/README.md "key values" column.
TEST_CASE("sysbench cpu gives events per second and latency in seconds", "[benchmark][sysbench]")
{
    const auto run = importSysbench("sysbench_cpu_1thread.txt");
    CHECK(run.toolVersion == "1.0.20");
    const Sample* eps = findSample(run, "cpu.events_per_s");
    REQUIRE(eps);
    CHECK(eps->value == Approx(1545.47));
    CHECK(eps->unit == "ops/s");
    CHECK(eps->parameters.at("threads") == "1");
    CHECK(eps->parameters.at("max_prime") == "20000");
    const Sample* avg = findSample(run, "cpu.event_latency.mean");
    REQUIRE(avg);
    CHECK(avg->value == Approx(0.65e-3));
    CHECK(avg->unit == "s");
    CHECK_FALSE(avg->higherIsBetter);
    CHECK(valueOf(run, "cpu.event_latency.p95") == Approx(0.75e-3));
    CHECK(valueOf(run, "cpu.event_latency.max") == Approx(5.44e-3));
}

TEST_CASE("sysbench percentile label follows the percentile option", "[benchmark][sysbench]")
{
    const auto run = importSysbench("sysbench_cpu_2threads_p99.txt");
    CHECK(valueOf(run, "cpu.events_per_s") == Approx(2315.56));
    CHECK(valueOf(run, "cpu.event_latency.p99") == Approx(6.09e-3));
    CHECK(countMetric(run, "cpu.event_latency.p95") == 0);
    CHECK(findSample(run, "cpu.events_per_s")->parameters.at("threads") == "2");
}

TEST_CASE("sysbench memory bandwidth is converted from MiB per second", "[benchmark][sysbench]")
{
    SECTION("write with 1 MiB blocks")
    {
        const auto run = importSysbench("sysbench_memory_write_1M_1thread.txt");
        const Sample* bw = findSample(run, "memory.bandwidth");
        REQUIRE(bw);
        CHECK(bw->value == Approx(24697.02 * kMib));
        CHECK(bw->unit == "B/s");
        CHECK(bw->parameters.at("block_size") == "1048576");
        CHECK(bw->parameters.at("operation") == "write");
        CHECK(bw->parameters.at("scope") == "global");
        CHECK(valueOf(run, "memory.ops_per_s") == Approx(24697.02));
        CHECK(valueOf(run, "memory.event_latency.mean") == Approx(0.04e-3));
    }
    SECTION("read with 4 KiB blocks and 0.00 ms latencies")
    {
        const auto run = importSysbench("sysbench_memory_read_rnd_4K_2threads.txt");
        CHECK(valueOf(run, "memory.bandwidth") == Approx(8832.30 * kMib));
        CHECK(valueOf(run, "memory.ops_per_s") == Approx(2261068.57));
        CHECK(findSample(run, "memory.bandwidth")->parameters.at("block_size") == "4096");
        CHECK(findSample(run, "memory.bandwidth")->parameters.at("threads") == "2");
        // avg and p95 print 0.00 ms: below the resolution, not imported as zero latency.
        CHECK(countMetric(run, "memory.event_latency.mean") == 0);
        CHECK(countMetric(run, "memory.event_latency.p95") == 0);
        CHECK(valueOf(run, "memory.event_latency.max") == Approx(9.49e-3));
        CHECK(hasWarning(run, "printed as 0.00 ms"));
    }
}

TEST_CASE("sysbench fileio gives IOPS per direction and bandwidth", "[benchmark][sysbench]")
{
    SECTION("random r/w with O_DIRECT")
    {
        const auto run = importSysbench("sysbench_fileio_rndrw_direct_2threads.txt");
        const Sample* reads = findSample(run, "disk.randread.iops");
        REQUIRE(reads);
        CHECK(reads->value == Approx(12728.75));
        CHECK(reads->parameters.at("file_mode") == "rndrw");
        CHECK(reads->parameters.at("file_flags") == "directio");
        CHECK(reads->parameters.at("block_size") == "16384");
        CHECK(reads->parameters.at("threads") == "2");
        CHECK(reads->parameters.at("file_total_size") == std::to_string(256 << 20));
        CHECK(valueOf(run, "disk.randwrite.iops") == Approx(8485.96));
        CHECK(valueOf(run, "disk.fsync.iops") == Approx(0.99));
        CHECK(valueOf(run, "disk.randread.bandwidth") == Approx(198.89 * kMib));
        CHECK(valueOf(run, "disk.randwrite.bandwidth") == Approx(132.59 * kMib));
        CHECK(valueOf(run, "disk.fileio.event_latency.p95") == Approx(0.15e-3));
    }
    SECTION("sequential write with periodic fsync")
    {
        const auto run = importSysbench("sysbench_fileio_seqwr_1thread.txt");
        CHECK(valueOf(run, "disk.seqwrite.iops") == Approx(35932.03));
        CHECK(valueOf(run, "disk.fsync.iops") == Approx(1437.94));
        CHECK(valueOf(run, "disk.seqwrite.bandwidth") == Approx(561.44 * kMib));
        CHECK(findSample(run, "disk.seqwrite.iops")->parameters.at("fsync_freq") == "100");
        // reads/s 0.00: the mode did not read.
        CHECK(countMetric(run, "disk.seqread.iops") == 0);
        CHECK(countMetric(run, "disk.seqread.bandwidth") == 0);
    }
    SECTION("prepare")
    {
        const auto run = importSysbench("sysbench_fileio_prepare.txt");
        const Sample* bw = findSample(run, "disk.file_create.bandwidth");
        REQUIRE(bw);
        CHECK(bw->value == Approx(830.78 * kMib));
        CHECK(bw->parameters.at("files") == "4");
        CHECK(bw->parameters.at("file_total_size") == std::to_string(256 << 20));
    }
}

TEST_CASE("sysbench OLTP gives transactions and queries per second with intervals",
          "[benchmark][sysbench]")
{
    const auto run = importSysbench("pkb_sysbench-1.0.12_oltp_16threads_intervals.txt");
    CHECK(run.toolVersion == "1.0.12");
    const Sample* tps = findSample(run, "db.transactions_per_s");
    REQUIRE(tps);
    CHECK(tps->value == Approx(986.49));
    CHECK(tps->parameters.at("threads") == "16");
    REQUIRE(tps->rawValues.size() == 15); // report every 2 s over 30 s
    CHECK(tps->rawValues.front() == Approx(1012.86));
    CHECK(tps->rawValues.back() == Approx(957.96));
    CHECK(valueOf(run, "db.queries_per_s") == Approx(19730.45));
    CHECK(valueOf(run, "db.transaction_latency.mean") == Approx(16.21e-3));
    CHECK(valueOf(run, "db.transaction_latency.p100") == Approx(116.80e-3));
    CHECK(hasWarning(run, "1 ignored SQL error(s)"));
}

TEST_CASE("Every sysbench sample is detected as sysbench text", "[benchmark][sysbench][detect]")
{
    const auto* file = GENERATE("pkb_sysbench-1.0.12_oltp_16threads_intervals.txt",
                                "sysbench_cpu_1thread.txt",
                                "sysbench_cpu_2threads_p99.txt",
                                "sysbench_fileio_prepare.txt",
                                "sysbench_fileio_rndrw_direct_2threads.txt",
                                "sysbench_fileio_seqwr_1thread.txt",
                                "sysbench_memory_read_rnd_4K_2threads.txt",
                                "sysbench_memory_write_1M_1thread.txt");
    INFO(file);
    const std::string content = sharedFile(std::string("benchmarks/sysbench/") + file);
    int best = 0;
    std::string bestName;
    for (const auto& info : benchImporters()) {
        const int score = info.sniff ? info.sniff(content, file) : 0;
        if (score > best) {
            best = score;
            bestName = info.name;
        }
    }
    CHECK(bestName == "sysbench-text");
}

TEST_CASE("A sysbench 1.1 excerpt without header takes the more precise eps figure",
          "[benchmark][sysbench]")
{
    auto run = parseText(kCpu11Excerpt);
    REQUIRE(run);
    CHECK(run->toolVersion.empty());
    CHECK(hasWarning(*run, "no `sysbench X.Y` header"));
    CHECK(countMetric(*run, "cpu.events_per_s") == 1);
    CHECK(valueOf(*run, "cpu.events_per_s") == Approx(114.0161));
    CHECK(valueOf(*run, "cpu.event_latency.p95") == Approx(8.74e-3));
}

TEST_CASE("The sysbench 1.1 fileio layout gives IOPS and MiB per second", "[benchmark][sysbench]")
{
    auto run = parseText(kFileio11);
    REQUIRE(run);
    CHECK(run->toolVersion == "1.1.0-ead2689");
    CHECK(valueOf(*run, "disk.randread.iops") == Approx(2279.18));
    CHECK(valueOf(*run, "disk.randwrite.iops") == Approx(1519.45));
    CHECK(valueOf(*run, "disk.fsync.iops") == Approx(4863.01));
    CHECK(valueOf(*run, "disk.randread.bandwidth") == Approx(35.61 * kMib));
    CHECK(valueOf(*run, "disk.randwrite.bandwidth") == Approx(23.74 * kMib));
    CHECK(findSample(*run, "disk.randread.iops")->parameters.at("file_flags") == "none");
}

TEST_CASE("A UTF-8 byte order mark before sysbench output is skipped", "[benchmark][sysbench]")
{
    const std::string content = sharedFile("benchmarks/sysbench/sysbench_cpu_1thread.txt");
    auto run = parseText("\xEF\xBB\xBF" + content);
    REQUIRE(run);
    CHECK(run->toolVersion == "1.0.20");
    CHECK(valueOf(*run, "cpu.events_per_s") == Approx(1545.47));
}

TEST_CASE("Concatenated sysbench runs keep their CPU labels", "[benchmark][sysbench]")
{
    const std::string one = sharedFile("benchmarks/sysbench/sysbench_cpu_1thread.txt");
    const std::string two = sharedFile("benchmarks/sysbench/sysbench_cpu_2threads_p99.txt");
    auto run = parseText("CPU 0 " + one + "CPU 1 " + two);
    REQUIRE(run);
    REQUIRE(countMetric(*run, "cpu.events_per_s") == 2);
    CHECK(findSample(*run, "cpu.events_per_s", {{"cpu", "0"}})->value == Approx(1545.47));
    CHECK(findSample(*run, "cpu.events_per_s", {{"cpu", "1"}})->value == Approx(2315.56));
}

TEST_CASE("Bad sysbench numbers name the line", "[benchmark][sysbench][error]")
{
    const auto [content, context, message] = GENERATE(table<std::string, std::string, std::string>({
        {"sysbench 1.0.20\n\nCPU speed:\n    events per second:  abc\n",
         "sb.txt:4",
         "events per second: expected a number >= 0, found 'abc'"},
        {"CPU speed:\n    events per second:  nan\n",
         "sb.txt:2",
         "events per second: expected a number >= 0, found 'nan'"},
        {"Latency (ms):\n   avg:   -1.5\n",
         "sb.txt:2",
         "avg: expected a number >= 0, found '-1.5'"},
        {"sysbench 1.0.20\nhello\n", "sb.txt", "no sysbench results found"},
    }));
    auto run = parseText(content);
    REQUIRE_FALSE(run);
    CHECK(run.error().context == context);
    CHECK_THAT(run.error().message, Catch::Contains(message));
}
