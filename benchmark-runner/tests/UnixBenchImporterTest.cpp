#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo unixBenchImporter()
{
    return importerNamed(registerUnixBenchImporters, "unixbench-text");
}

const std::string kPkbFile = "pkb_unixbench-5.1.3_gce_two_runs_1cpu_and_8cpu.txt";
const std::string kLocalFile = "unixbench_6.0.0_subset_c1_i1_local.txt";

BenchmarkRun parseUnixBenchFile(const std::string& name)
{
    auto run = unixBenchImporter().parse(sharedFile("benchmarks/unixbench/" + name), name);
    REQUIRE(run.hasValue());
    return std::move(run).value();
}

} // namespace

TEST_CASE("The PKB UnixBench report gives both sections with converted units",
          "[benchmark][import][unixbench]")
{
    // data/benchmarks/unixbench/README.md: section 1 = 1 CPU 1 copy, Index Score 1825.8;
    // section 2 = 8 CPUs 8 copies, Index Score 4596.2 (tabs before the value).
    const BenchmarkRun run = parseUnixBenchFile(kPkbFile);
    CHECK(run.tool == "unixbench");
    CHECK(run.toolVersion == "5.1.3");
    CHECK(run.host.hostname == "perfkit-09cb9398-0");
    CHECK(run.host.kernel == "3.16-0.bpo.3-amd64");
    CHECK(run.host.cpuModel == "Intel(R) Xeon(R) CPU @ 2.60GHz");
    CHECK_FALSE(run.host.logicalCpus); // 1 and 8 CPUs: two machines
    CHECK(hasWarning(run, "different CPU counts"));
    CHECK(run.samples.size() == 50); // per section: 12 results, 12 index rows, 1 score

    const std::map<std::string, std::string> one{{"copies", "1"}, {"cpus_in_system", "1"}};
    const std::map<std::string, std::string> eight{{"copies", "8"}, {"cpus_in_system", "8"}};
    struct Row
    {
        const char* metric;
        const std::map<std::string, std::string>* params;
        double value;
        const char* unit;
    };
    const Row rows[] = {
        {"unixbench.index_score", &one, 1825.8, "score"},
        {"unixbench.index_score", &eight, 4596.2, "score"},
        {"unixbench.dhrystone_2_using_register_variables", &one, 34872897.7, "ops/s"},
        {"unixbench.dhrystone_2_using_register_variables.index", &one, 2988.3, "score"},
        {"unixbench.double_precision_whetstone", &eight, 28632.5e6, "ops/s"}, // MWIPS
        {"unixbench.file_copy_1024_bufsize_2000_maxblocks", &one, 1294367.0 * 1024, "B/s"},
        {"unixbench.shell_scripts_1_concurrent", &one, 8234.3 / 60.0, "ops/s"}, // lpm
        {"unixbench.shell_scripts_8_concurrent.index", &eight, 8353.6, "score"},
        {"unixbench.system_call_overhead", &eight, 10288762.3, "ops/s"},
    };
    for (const auto& row : rows) {
        INFO(row.metric);
        const Sample* s = findSample(run, row.metric, *row.params);
        REQUIRE(s != nullptr);
        CHECK(s->value == Approx(row.value).epsilon(1e-12));
        CHECK(s->unit == row.unit);
        CHECK(s->higherIsBetter);
        CHECK(s->parameters.count("partial") == 0);
    }
}

TEST_CASE("The local UnixBench subset gives a partial index marked as such",
          "[benchmark][import][unixbench]")
{
    // README: 6.0.0, 2 CPUs, 1 copy; Dhrystone 53407494.3 lps (4576.5), Whetstone 7240.9 MWIPS
    // (1316.5), Pipe 281474.7 lps (226.3), Syscall 158750.0 lps (105.8); partial score 616.3.
    const BenchmarkRun run = parseUnixBenchFile(kLocalFile);
    CHECK(run.toolVersion == "6.0.0");
    CHECK(run.host.hostname == "vm");
    CHECK(run.host.kernel == "6.18.44-fc-v782");
    CHECK(run.host.cpuModel == "AMD EPYC");
    CHECK(run.host.logicalCpus == 2);
    CHECK(run.warnings.empty());
    REQUIRE(run.samples.size() == 9);
    const Sample* score = findSample(run, "unixbench.index_score");
    REQUIRE(score != nullptr);
    CHECK(score->value == Approx(616.3));
    CHECK(score->parameters.at("partial") == "yes");
    CHECK(score->parameters.at("copies") == "1");
    CHECK(score->parameters.at("cpus_in_system") == "2");
    CHECK(score->parameters.at("index_tests")
          == "dhrystone_2_using_register_variables,double_precision_whetstone,pipe_throughput,"
             "system_call_overhead");
    const std::pair<const char*, double> values[] = {
        {"unixbench.dhrystone_2_using_register_variables", 53407494.3},
        {"unixbench.dhrystone_2_using_register_variables.index", 4576.5},
        {"unixbench.double_precision_whetstone", 7240.9e6},
        {"unixbench.double_precision_whetstone.index", 1316.5},
        {"unixbench.pipe_throughput", 281474.7},
        {"unixbench.pipe_throughput.index", 226.3},
        {"unixbench.system_call_overhead", 158750.0},
        {"unixbench.system_call_overhead.index", 105.8},
    };
    for (const auto& [metric, value] : values) {
        INFO(metric);
        const Sample* s = findSample(run, metric);
        REQUIRE(s != nullptr);
        CHECK(s->value == Approx(value).epsilon(1e-12));
    }
}

TEST_CASE("UnixBench reports are detected by their banner", "[benchmark][import][unixbench]")
{
    for (const auto& name : {kPkbFile, kLocalFile}) {
        INFO(name);
        auto run =
            importBenchmarkFile(cloudcost::testing::sharedData("benchmarks/unixbench/" + name));
        REQUIRE(run.hasValue());
        CHECK(run->tool == "unixbench");
    }
}

TEST_CASE("An edited UnixBench index row is imported with a warning",
          "[benchmark][import][unixbench]")
{
    std::string edited = sharedFile("benchmarks/unixbench/" + kLocalFile);
    edited.replace(edited.find("4576.5"), 6, "9576.5");
    auto run = unixBenchImporter().parse(edited, "edited.txt");
    REQUIRE(run.hasValue());
    CHECK(hasWarning(*run, "may have been edited"));
}

TEST_CASE("A UnixBench report cut inside the index table keeps its rows and warns",
          "[benchmark][import][unixbench]")
{
    const std::string good = sharedFile("benchmarks/unixbench/" + kLocalFile);
    const std::string cut =
        good.substr(0, good.find("Pipe Throughput                               "));
    auto run = unixBenchImporter().parse(cut, "cut.txt");
    REQUIRE(run.hasValue());
    CHECK(run->samples.size() == 6); // 4 results, 2 index rows
    CHECK(hasWarning(*run, "has no Index Score"));
}

TEST_CASE("Malformed UnixBench reports are refused with the file and line",
          "[benchmark][import][unixbench][error]")
{
    const std::string good = sharedFile("benchmarks/unixbench/" + kLocalFile);
    const auto dir = cloudcost::testing::makeTempDir("unixbench-bad");
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
        {good.substr(0, 10) + std::string(1, '\0'), "NUL byte", "NUL"},
        {"some text\nmore text\n", "no 'Benchmark Run:' section", "garbage"},
        {good.substr(0, good.find("2 CPUs in system")), "has no results", "cut after the header"},
        {replaced("2 CPUs in system; running 1 parallel copy of tests", "two CPUs, one copy"),
         "bad.txt:68",
         "bad copies line"},
        {replaced("116700.0   53407494.3   4576.5", "116700.0   5340749x.3   4576.5"),
         "bad.txt:76",
         "letter in the index table"},
        {replaced("53407494.3 lps", "-1 lps"), "non-negative result", "negative result"},
        {replaced("(Partial Only)                          616.3",
                  "(Partial Only)                          n/a"),
         "end of the Index Score line",
         "score not a number"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.txt", c.content);
        auto run = unixBenchImporter().parse(bytes, "bad.txt");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.txt") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
