#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo lmbenchImporter()
{
    return importerNamed(registerLmbenchImporters, "lmbench-raw");
}

const std::string kFile = "benchmarks/lmbench/pkb_lmbench3_azure_raw_results.txt";

} // namespace

TEST_CASE("The PKB lmbench raw results give latencies in seconds and curves in bytes per second",
          "[benchmark][import][lmbench]")
{
    // data/benchmarks/lmbench/README.md: lmbench-3alpha4 on Azure, 8 CPUs, kernel
    // 4.15.0-1014-azure; Simple syscall 0.2345 us, Pipe latency 25.5437 us, TCP latency 34.4858 us.
    auto run = lmbenchImporter().parse(sharedFile(kFile), "lm.txt");
    REQUIRE(run.hasValue());
    CHECK(run->tool == "lmbench");
    CHECK(run->toolVersion == "lmbench-3alpha4");
    CHECK(run->measuredAt == "2018-07-19T20:14:29Z");
    CHECK(run->host.hostname == "pkb-72796bca-0");
    CHECK(run->host.kernel == "4.15.0-1014-azure");
    CHECK(run->host.logicalCpus == 8);
    // 29 single results, 5 mmap, 8 file create/delete, 8 socket, 206 bw_mem/bcopy points,
    // 6 x 8 context switch points.
    CHECK(run->samples.size() == 29 + 5 + 8 + 8 + 206 + 48);
    // Lines 41, 132, 133, 136, 137, 138 (tool error messages) and 151 ("Avg xfer: ...").
    CHECK(hasWarning(*run, "7 line(s) not recognised"));
    CHECK(hasWarning(*run, "first on line 41"));

    using Params = std::map<std::string, std::string>;
    struct Row
    {
        const char* metric;
        Params params;
        double value;
        const char* unit;
        bool higherIsBetter;
    };
    const Row rows[] = {
        {"lmbench.simple_syscall", {}, 0.2345e-6, "s", false},
        {"lmbench.pipe_latency", {}, 25.5437e-6, "s", false},
        {"lmbench.tcp_latency_using_localhost", {}, 34.4858e-6, "s", false},
        {"lmbench.udp_latency_using_localhost", {}, 29.6004e-6, "s", false},
        {"lmbench.process_fork_exit", {}, 121.7399e-6, "s", false},
        {"lmbench.tcp_ip_connection_cost_to_localhost", {}, 1047.5714e-6, "s", false},
        {"lmbench.select_tcp_fd_latency", {{"fds", "100"}}, 6.4521e-6, "s", false},
        {"lmbench.select_fd_latency", {{"fds", "500"}}, 3.7366e-6, "s", false},
        {"lmbench.file_write_bandwidth", {{"file", "/var/tmp/XXX"}}, 84049e3, "B/s", true},
        {"lmbench.pagefault_latency", {{"file", "/var/tmp/XXX"}}, 0.1639e-6, "s", false},
        {"lmbench.af_unix_sock_stream_bandwidth", {}, 11056.28e6, "B/s", true},
        {"lmbench.pipe_bandwidth", {}, 2648.95e6, "B/s", true},
        {"lmbench.mmap.latency", {{"size_mb", "0.524288"}}, 9.645e-6, "s", false},
        {"lmbench.file_create.rate", {{"file_size_bytes", "0"}}, 171147, "ops/s", true},
        {"lmbench.file_delete.rate", {{"file_size_bytes", "10240"}}, 147657, "ops/s", true},
        {"lmbench.socket_bandwidth_using_localhost",
         {{"size_mb", "10.485760"}},
         4676.97e6,
         "B/s",
         true},
        {"lmbench.memory_read_bandwidth", {{"size_mb", "8.39"}}, 15689.91e6, "B/s", true},
        {"lmbench.libc_bcopy_aligned", {{"size_mb", "0.016384"}}, 153698.65e6, "B/s", true},
        {"lmbench.context_switch.latency",
         {{"processes", "2"}, {"process_size_bytes", "16384"}},
         14.21e-6,
         "s",
         false},
        {"lmbench.context_switch.latency",
         {{"processes", "96"}, {"process_size_bytes", "65536"}},
         15.45e-6,
         "s",
         false},
    };
    for (const auto& row : rows) {
        INFO(row.metric);
        const Sample* s = findSample(*run, row.metric, row.params);
        REQUIRE(s != nullptr);
        CHECK(s->value == Approx(row.value).epsilon(1e-12));
        CHECK(s->unit == row.unit);
        CHECK(s->higherIsBetter == row.higherIsBetter);
    }
    CHECK(countMetric(*run, "lmbench.memory_read_bandwidth") == 15);

    auto detected = importBenchmarkFile(cloudcost::testing::sharedData(kFile));
    REQUIRE(detected.hasValue());
    CHECK(detected->tool == "lmbench");
}

TEST_CASE("An lmbench lat_mem_rd curve becomes memory latency per working set",
          "[benchmark][import][lmbench]")
{
    // lat_mem_rd prints "\"stride=N" then "%.5f MiB  %.3f ns" rows (lat_mem_rd.c); its sizes are
    // multiples of 512 bytes: 512, 3072 (0.00293 MiB) and 64 MiB here.
    const std::string content =
        "[lmbench3.0 results for Linux x]\n[LMBENCH VERSION: lmbench-3alpha4]\n"
        "\n\"stride=128\n0.00049 1.234\n0.00293 2.000\n64.00000 92.500\n\n";
    auto run = lmbenchImporter().parse(content, "memrd.txt");
    REQUIRE(run.hasValue());
    REQUIRE(run->samples.size() == 3);
    const std::pair<const char*, double> rows[] = {{"512", 1.234e-9},
                                                   {"3072", 2.0e-9},
                                                   {"67108864", 92.5e-9}};
    for (const auto& [bytes, seconds] : rows) {
        INFO(bytes);
        const Sample* s = findSample(*run,
                                     "memory.latency",
                                     {{"stride_bytes", "128"}, {"working_set_bytes", bytes}});
        REQUIRE(s != nullptr);
        CHECK(s->value == Approx(seconds));
        CHECK(s->unit == "s");
        CHECK_FALSE(s->higherIsBetter);
    }
}

TEST_CASE("lmbench summary tables are refused as not supported",
          "[benchmark][import][lmbench][error]")
{
    const std::string summary = "                 L M B E N C H  3 . 0   S U M M A R Y\n"
                                "Basic system parameters\n";
    auto run = lmbenchImporter().parse(summary, "summary.txt");
    REQUIRE_FALSE(run.hasValue());
    CHECK(run.error().code == cloudcost::Error::Code::Unsupported);
    CHECK(run.error().describe().find("raw results file") != std::string::npos);
}

TEST_CASE("Malformed lmbench files are refused with the file and line",
          "[benchmark][import][lmbench][error]")
{
    const std::string good = sharedFile(kFile);
    const auto dir = cloudcost::testing::makeTempDir("lmbench-bad");
    const auto firstResult = good.find("Simple syscall");
    REQUIRE(firstResult != std::string::npos);
    std::string negative = good;
    negative.replace(negative.find("0.2345 microseconds"), 6, "-0.234");
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const Case cases[] = {
        {"", "file is empty", "empty"},
        {good.substr(0, 30) + std::string(1, '\0'), "NUL byte", "NUL"},
        {"Simple syscall: 0.2345 microseconds\n", "bad.txt:1", "no lmbench header"},
        {"hello\nworld\n", "no '[lmbench3.0 results", "garbage"},
        {good.substr(0, firstResult), "no lmbench results found", "cut before the results"},
        {negative, "bad.txt:94", "negative latency"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.txt", c.content);
        auto run = lmbenchImporter().parse(bytes, "bad.txt");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.txt") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
