#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo streamImporter()
{
    return importerNamed(registerStreamImporters, "stream-text");
}

} // namespace

TEST_CASE("Every STREAM sample file gives the best rates its README lists in bytes per second",
          "[benchmark][import][stream]")
{
    // Values: data/benchmarks/stream/README.md (MB/s = 10^6 B/s) and the files themselves.
    struct Row
    {
        const char* file;
        double copyMBps, scaleMBps, addMBps, triadMBps;
        const char* threads;
        const char* arrayElements;
        const char* repetitions;
    };
    const Row rows[] = {
        {"stream_5.10_omp2threads_20M.txt",
         22993.5,
         21614.2,
         14057.4,
         23035.9,
         "2",
         "20000000",
         "20"},
        {"stream_5.10_serial_20M.txt", 26439.5, 30771.9, 19049.1, 22436.2, "1", "20000000", "20"},
        {"virtualclient_stream-5.10_4threads.txt",
         18514.5,
         18333.8,
         23043.7,
         23314.0,
         "4",
         "268435456",
         "100"},
    };
    for (const auto& row : rows) {
        INFO(row.file);
        const std::string content = sharedFile(std::string("benchmarks/stream/") + row.file);
        auto run = streamImporter().parse(content, row.file);
        REQUIRE(run.hasValue());
        CHECK(run->tool == "stream");
        CHECK(run->toolVersion == "5.10");
        CHECK(run->warnings.empty());
        REQUIRE(run->samples.size() == 4);
        const std::pair<const char*, double> expected[] = {
            {"memory.copy.bandwidth", row.copyMBps},
            {"memory.scale.bandwidth", row.scaleMBps},
            {"memory.add.bandwidth", row.addMBps},
            {"memory.triad.bandwidth", row.triadMBps},
        };
        for (const auto& [metric, mbps] : expected) {
            const Sample* s = findSample(*run, metric);
            REQUIRE(s != nullptr);
            CHECK(s->value == Approx(mbps * 1e6).epsilon(1e-12));
            CHECK(s->unit == "B/s");
            CHECK(s->higherIsBetter);
            CHECK(s->parameters.at("threads") == row.threads);
            CHECK(s->parameters.at("array_elements") == row.arrayElements);
            CHECK(s->parameters.at("repetitions") == row.repetitions);
            CHECK(s->parameters.at("bytes_per_element") == "8");
        }
    }
}

TEST_CASE("A STREAM report is detected by its version banner", "[benchmark][import][stream]")
{
    const std::string content = sharedFile("benchmarks/stream/stream_5.10_serial_20M.txt");
    CHECK(streamImporter().sniff(content, "out.txt") >= 90);
    CHECK(streamImporter().sniff("fio-3.33\n{\"jobs\": []}", "fio.json") == 0);
    auto run = importBenchmarkFile(
        cloudcost::testing::sharedData("benchmarks/stream/stream_5.10_serial_20M.txt"));
    REQUIRE(run.hasValue());
    CHECK(run->tool == "stream");
    CHECK(run->sourceFile == "stream_5.10_serial_20M.txt");
}

TEST_CASE("Malformed STREAM reports are refused with the file and line",
          "[benchmark][import][stream][error]")
{
    const std::string good = sharedFile("benchmarks/stream/stream_5.10_omp2threads_20M.txt");
    const auto dir = cloudcost::testing::makeTempDir("stream-bad");
    const auto tablePos = good.find("Copy:");
    REQUIRE(tablePos != std::string::npos);

    struct Case
    {
        std::string content;
        std::string needle; // in the error text
        const char* why;
    };
    std::string failed = good;
    failed.replace(failed.find("Solution Validates"), 18, "Failed Validation on array a[]");
    std::string badRate = good;
    badRate.replace(badRate.find("23035.9"), 7, "23O35.9");
    const Case cases[] = {
        {"", "file is empty", "empty file"},
        {"\n  \n\t\n", "file is empty", "blank file"},
        {good.substr(0, 200) + std::string(1, '\0') + good.substr(200), "NUL byte", "NUL byte"},
        {good.substr(0, tablePos - 60), "no STREAM results table", "cut before the table"},
        {"hello world\nthis is not STREAM\n", "no STREAM results table", "garbage"},
        {failed, "failed validation", "failed validation"},
        {badRate, "bad.txt:30", "letter O in a number"},
        {good + good, "second 'Copy:' row", "two reports in one file"},
        {"Copy:  100.0 0.1 0.1 0.1\n", "before the 'Function", "row without header"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.txt", c.content);
        auto run = streamImporter().parse(bytes, "bad.txt");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        CHECK(text.find("bad.txt") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("A STREAM report cut inside the table keeps the rows it has and says so",
          "[benchmark][import][stream]")
{
    const std::string good = sharedFile("benchmarks/stream/stream_5.10_omp2threads_20M.txt");
    const std::string cut = good.substr(0, good.find("Add:"));
    auto run = streamImporter().parse(cut, "cut.txt");
    REQUIRE(run.hasValue());
    CHECK(run->samples.size() == 2);
    CHECK(hasWarning(*run, "only 2 of the 4 STREAM kernels"));
    CHECK(hasWarning(*run, "Solution Validates"));
}
