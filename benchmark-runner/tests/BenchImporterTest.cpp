#include "benchmark-runner/BenchImporter.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::benchmark;

namespace {

std::filesystem::path
writeFile(const std::filesystem::path& dir, const std::string& name, const std::string& content)
{
    std::ofstream(dir / name, std::ios::binary) << content;
    return dir / name;
}

} // namespace

TEST_CASE("Every benchmark format has a unique name and a sniffer", "[benchmark][import]")
{
    std::set<std::string> names;
    for (const auto& info : benchImporters()) {
        INFO(info.name);
        CHECK(names.insert(info.name).second);
        CHECK(info.sniff);
        CHECK(info.parse);
        CHECK_FALSE(info.description.empty());
        CHECK(findBenchImporter(info.name) == &info);
    }
    for (const char* name :
         {"fio-json", "fio-text", "sysbench-text", "iperf3-json", "iperf3-text"}) {
        CHECK(names.count(name));
    }
    CHECK(findBenchImporter("fio") == nullptr);
}

TEST_CASE("Files that are not benchmark outputs are refused with the reason", "[benchmark][import]")
{
    const auto dir = testing::makeTempDir("benchimport");
    const auto [name, content, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"empty.txt", "", "file is empty"},
        {"blank.txt", "  \n\t\n", "file is empty"},
        {"utf16.json", std::string("{\0\"\0", 4), "NUL byte at byte 1"},
        {"notes.txt", "hello world\n", "not a benchmark output in any format cloudcost knows"},
    }));
    const auto path = writeFile(dir, name, content);
    auto run = importBenchmarkFile(path);
    REQUIRE_FALSE(run);
    CHECK_THAT(run.error().message, Catch::Contains(expected));
    CHECK(run.error().context == path.string());
    std::filesystem::remove_all(dir);
}

TEST_CASE("A directory a missing file and an unknown format name are refused",
          "[benchmark][import]")
{
    const auto dir = testing::makeTempDir("benchimport");
    auto asDir = importBenchmarkFile(dir);
    REQUIRE_FALSE(asDir);
    CHECK(asDir.error().message == "is a directory, not a benchmark output file");
    auto missing = importBenchmarkFile(dir / "nope.json");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().describe(), Catch::Contains("nope.json"));
    const auto file = testing::sharedData("benchmarks/fio/fio_randread_4k_qd16_json.json");
    auto unknown = importBenchmarkFile(file, "fio-xml");
    REQUIRE_FALSE(unknown);
    CHECK_THAT(unknown.error().message, Catch::Contains("unknown benchmark format 'fio-xml'"));
    // A forced format that does not fit fails in that format's parser, naming the file.
    auto forced = importBenchmarkFile(file, "sysbench-text");
    REQUIRE_FALSE(forced);
    CHECK_THAT(forced.error().context, Catch::Contains("fio_randread_4k_qd16_json.json"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("An imported run carries its file name and SHA-256", "[benchmark][import]")
{
    const auto file = testing::sharedData("benchmarks/iperf3/iperf3_tcp_loopback_1stream_5s.json");
    auto run = importBenchmarkFile(file, "iperf3-json");
    REQUIRE(run);
    CHECK(run->sourceFile == "iperf3_tcp_loopback_1stream_5s.json");
    CHECK(run->sourceSha256.size() == 64);
    CHECK(run->sourceSha256.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK_FALSE(run->importedAt.empty());
}
