#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo geekbenchImporter()
{
    return importerNamed(registerGeekbenchImporters, "geekbench-text");
}

const std::string kFile = "benchmarks/geekbench/virtualclient_geekbench-5.1.0_cli_text.txt";

} // namespace

TEST_CASE("The Geekbench 5 output gives every workload and summary score under geekbench5",
          "[benchmark][import][geekbench]")
{
    // data/benchmarks/geekbench/README.md: 21 single-core and 21 multi-core rows; summary
    // 888 / 12345 (hand-edited in this fixture: layout, not values); Hyper-V VM, Xeon 8171M.
    auto run = geekbenchImporter().parse(sharedFile(kFile), "gb5.txt");
    REQUIRE(run.hasValue());
    CHECK(run->tool == "geekbench");
    CHECK(run->toolVersion == "5.1.0");
    CHECK(run->samples.size() == 21 + 21 + 8);
    const std::pair<const char*, double> scores[] = {
        {"geekbench5.single_core.score", 888},
        {"geekbench5.multi_core.score", 12345},
        {"geekbench5.single_core.crypto_score", 1091},
        {"geekbench5.single_core.integer_score", 777},
        {"geekbench5.single_core.floating_point_score", 901},
        {"geekbench5.multi_core.crypto_score", 16208},
        {"geekbench5.multi_core.integer_score", 10518},
        {"geekbench5.multi_core.floating_point_score", 14544},
        {"geekbench5.single_core.aes_xts", 1091},
        {"geekbench5.single_core.html5", 778},
        {"geekbench5.single_core.machine_learning", 860},
        {"geekbench5.multi_core.n_body_physics", 10610},
        {"geekbench5.multi_core.rigid_body_physics", 28127},
        {"geekbench5.multi_core.machine_learning", 7360},
    };
    for (const auto& [metric, value] : scores) {
        INFO(metric);
        const Sample* s = findSample(*run, metric);
        REQUIRE(s != nullptr);
        CHECK(s->value == value);
        CHECK(s->unit == "score");
        CHECK(s->higherIsBetter);
        CHECK(s->parameters.at("major_version") == "5");
    }
    CHECK(run->host.os == "Microsoft Windows Server 2016 Datacenter (64-bit)");
    CHECK(run->host.cpuModel == "Intel(R) Xeon(R) Platinum 8171M CPU @ 2.60GHz");
    CHECK(run->host.physicalCores == 32);
    CHECK(run->host.logicalCpus == 64);
    CHECK(run->host.hypervisor == "microsoft");
    CHECK(run->host.platform == PlatformKind::VirtualMachine);
    CHECK(run->warnings.empty());

    auto detected = importBenchmarkFile(cloudcost::testing::sharedData(kFile));
    REQUIRE(detected.hasValue());
    CHECK(detected->tool == "geekbench");
}

TEST_CASE("Geekbench 6 scores get their own metric names", "[benchmark][import][geekbench]")
{
    // Layout of the README's GB6 banner and summary; values made up for the test.
    const std::string gb6 = "Geekbench 6.2.2 Corporate : https://www.geekbench.com/\n\n"
                            "Single-Core\n  File Compression  1734  249.1 MB/sec\n\n"
                            "Benchmark Summary\n  Single-Core Score  2000\n"
                            "  Multi-Core Score  9000\n";
    auto run = geekbenchImporter().parse(gb6, "gb6.txt");
    REQUIRE(run.hasValue());
    CHECK(run->toolVersion == "6.2.2");
    CHECK(findSample(*run, "geekbench6.single_core.file_compression")->value == 1734);
    CHECK(findSample(*run, "geekbench6.multi_core.score")->value == 9000);
    CHECK(findSample(*run, "geekbench5.multi_core.score") == nullptr);
}

TEST_CASE("Malformed Geekbench output is refused with the file and line",
          "[benchmark][import][geekbench][error]")
{
    const std::string good = sharedFile(kFile);
    const auto dir = cloudcost::testing::makeTempDir("geekbench-bad");
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        s.replace(pos, from.size(), to);
        return s;
    };
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const Case cases[] = {
        {"", "file is empty", "empty"},
        {std::string("Geek\0bench", 10), "NUL byte", "NUL"},
        {good.substr(good.find("System Information")), "bad.txt:1", "no banner"},
        {replaced("Geekbench 5.1.0 Pro", "Geekbench five Pro"),
         "expected a version",
         "bad version"},
        {good.substr(0, good.find("System Information")), "no scores found", "banner only"},
        {replaced("1091              1.86 GB/sec", "fast"), "bad.txt:32", "row without score"},
        {replaced("  Multi-Core Score             12345", "  Multi-Core Score             lots"),
         "Benchmark Summary",
         "summary not a number"},
        {good + "\n\nSingle-Core\n  AES-XTS  1091  1.86 GB/sec\n",
         "second row for workload",
         "two runs in one file"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.txt", c.content);
        auto run = geekbenchImporter().parse(bytes, "bad.txt");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.txt") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
