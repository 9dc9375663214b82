#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo yamlImporter()
{
    return importerNamed(registerStressNgImporters, "stress-ng-yaml");
}

BenchImporterInfo logImporter()
{
    return importerNamed(registerStressNgImporters, "stress-ng-log");
}

std::string stressFile(const std::string& name)
{
    return sharedFile("benchmarks/stress-ng/" + name);
}

// One expected sample: metric, stressor, value in canonical units, unit.
struct Expect
{
    const char* metric;
    const char* stressor;
    double value;
    const char* unit;
};

void checkSamples(const BenchmarkRun& run, const std::vector<Expect>& expected)
{
    CHECK(run.samples.size() == expected.size());
    for (const auto& e : expected) {
        INFO(e.metric << " " << e.stressor);
        const Sample* s = findSample(run, e.metric, {{"stressor", e.stressor}});
        REQUIRE(s != nullptr);
        CHECK(s->value == Approx(e.value).epsilon(1e-12));
        CHECK(s->unit == e.unit);
        CHECK(s->higherIsBetter);
    }
}

} // namespace

TEST_CASE("The stress-ng YAML files give the rates their README lists",
          "[benchmark][import][stressng]")
{
    // Values: data/benchmarks/stress-ng/README.md and the YAML files (MB = 10^6 B).
    SECTION("cpu matrixprod with 2 workers")
    {
        auto run = yamlImporter().parse(stressFile("stressng_cpu_matrixprod_2workers.yaml"), "a");
        REQUIRE(run.hasValue());
        CHECK(run->tool == "stress-ng");
        CHECK(run->toolVersion == "0.15.06");
        CHECK(run->measuredAt == "2026-11-26T12:23:34Z"); // epoch-secs 1795695814
        CHECK(run->host.hostname == "vm");
        CHECK(run->host.kernel == "6.18.44-fc-v782");
        CHECK(run->host.logicalCpus == 2);
        REQUIRE(run->host.memoryGib);
        CHECK(*run->host.memoryGib == Approx(25276026880.0 / (1 << 30)));
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 1920.846859, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1063.364260, "ops/s"},
                      {"cpu.usage_per_instance", "cpu", 90.319326, "%"}});
        CHECK(hasWarning(*run, "number of workers"));
    }
    SECTION("cpu vm and stream in one run with the stream extras")
    {
        auto run = yamlImporter().parse(stressFile("stressng_cpu_vm_stream_mixed.yaml"), "b");
        REQUIRE(run.hasValue());
        CHECK(run->measuredAt == "2026-11-26T12:23:40Z");
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 846.198949, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1691.996032, "ops/s"},
                      {"cpu.usage_per_instance", "cpu", 50.011876, "%"},
                      {"cpu.bogo_ops_per_s", "vm", 12817.158932, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "vm", 24047.302653, "ops/s"},
                      {"cpu.usage_per_instance", "vm", 53.299778, "%"},
                      {"cpu.bogo_ops_per_s", "stream", 129.514832, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "stream", 233.852162, "ops/s"},
                      {"cpu.usage_per_instance", "stream", 55.383209, "%"},
                      {"stress_ng.stream.memory_read_rate", "stream", 12649.702981e6, "B/s"},
                      {"stress_ng.stream.memory_write_rate", "stream", 8433.135321e6, "B/s"},
                      {"stress_ng.stream.memory_rate", "stream", 1105.347913e6, "ops/s"}});
    }
    SECTION("all cpu methods with metrics-brief")
    {
        auto run = yamlImporter().parse(stressFile("stressng_cpu_all_metrics_brief.yaml"), "c");
        REQUIRE(run.hasValue());
        CHECK(run->measuredAt == "2026-11-26T12:23:46Z");
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 3198.786697, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1745.090440, "ops/s"},
                      {"cpu.usage_per_instance", "cpu", 91.651029, "%"}});
    }
}

TEST_CASE("The stress-ng logs give the rates of their metrics tables with the workers",
          "[benchmark][import][stressng]")
{
    SECTION("0.15 metrc table with CPU used and RSS columns")
    {
        auto run =
            logImporter().parse(stressFile("stressng_cpu_matrixprod_2workers.stdout.txt"), "a");
        REQUIRE(run.hasValue());
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 1920.85, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1063.36, "ops/s"},
                      {"cpu.usage_per_instance", "cpu", 90.32, "%"}});
        const Sample* s = findSample(*run, "cpu.bogo_ops_per_s");
        CHECK(s->parameters.at("workers") == "2"); // "dispatching hogs: 2 cpu"
        CHECK(s->parameters.at("duration_s") == "6");
    }
    SECTION("mixed run with miscellaneous metrics")
    {
        auto run = logImporter().parse(stressFile("stressng_cpu_vm_stream_mixed.stdout.txt"), "b");
        REQUIRE(run.hasValue());
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 846.20, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1692.00, "ops/s"},
                      {"cpu.usage_per_instance", "cpu", 50.01, "%"},
                      {"cpu.bogo_ops_per_s", "vm", 12817.16, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "vm", 24047.30, "ops/s"},
                      {"cpu.usage_per_instance", "vm", 53.30, "%"},
                      {"cpu.bogo_ops_per_s", "stream", 129.51, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "stream", 233.85, "ops/s"},
                      {"cpu.usage_per_instance", "stream", 55.38, "%"},
                      {"stress_ng.stream.memory_read_rate", "stream", 12649.70e6, "B/s"},
                      {"stress_ng.stream.memory_write_rate", "stream", 8433.14e6, "B/s"},
                      {"stress_ng.stream.memory_rate", "stream", 1105.35e6, "ops/s"}});
        CHECK(findSample(*run, "cpu.bogo_ops_per_s", {{"stressor", "vm"}})->parameters.at("workers")
              == "1");
    }
    SECTION("metrics-brief table of 6 numeric columns")
    {
        auto run =
            logImporter().parse(stressFile("stressng_cpu_all_metrics_brief.stdout.txt"), "c");
        REQUIRE(run.hasValue());
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "cpu", 3198.79, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "cpu", 1745.09, "ops/s"}});
        CHECK(findSample(*run, "cpu.bogo_ops_per_s")->parameters.at("duration_s") == "5");
    }
    SECTION("old info layout from PerfKitBenchmarker")
    {
        auto run =
            logImporter().parse(stressFile("pkb_stress-ng_context_metrics_brief_text.txt"), "d");
        REQUIRE(run.hasValue());
        checkSamples(*run,
                     {{"cpu.bogo_ops_per_s", "context", 4485.82, "ops/s"},
                      {"cpu.bogo_ops_per_cpu_s", "context", 2249.65, "ops/s"}});
        CHECK(findSample(*run, "cpu.bogo_ops_per_s")->parameters.at("workers") == "2");
    }
}

TEST_CASE("stress-ng files are told apart by the sniffers", "[benchmark][import][stressng]")
{
    const std::string yaml = stressFile("stressng_cpu_matrixprod_2workers.yaml");
    const std::string log = stressFile("stressng_cpu_matrixprod_2workers.stdout.txt");
    CHECK(yamlImporter().sniff(yaml, "x.yaml") > logImporter().sniff(yaml, "x.yaml"));
    CHECK(logImporter().sniff(log, "x.txt") > yamlImporter().sniff(log, "x.txt"));
    for (const char* name : {"stressng_cpu_vm_stream_mixed.yaml",
                             "stressng_cpu_vm_stream_mixed.stdout.txt",
                             "pkb_stress-ng_context_metrics_brief_text.txt"}) {
        INFO(name);
        auto run = importBenchmarkFile(
            cloudcost::testing::sharedData(std::string("benchmarks/stress-ng/") + name));
        REQUIRE(run.hasValue());
        CHECK(run->tool == "stress-ng");
    }
}

TEST_CASE("YAML traps of old stress-ng versions are read as strings and nulls",
          "[benchmark][import][stressng]")
{
    // stress-ng 0.09 layout (README): unquoted version starting with '#', no cpu-usage/max-rss,
    // sexagesimal-looking date and time.
    const std::string yaml = "---\n"
                             "system-info:\n"
                             "      stress-ng-version: 0.09.25\n"
                             "      date-yyyy-mm-dd: 2022:04:29\n"
                             "      time-hh-mm-ss: 20:13:56\n"
                             "      version: #80~18.04.1-Ubuntu SMP Mon Jan 1 2022\n"
                             "      hostname: 'it''s'\n"
                             "      cpus: 4\n"
                             "metrics:\n"
                             "    - stressor: cpu\n"
                             "      bogo-ops: 100   # a comment\n"
                             "      bogo-ops-per-second-usr-sys-time: 25.000000\n"
                             "      bogo-ops-per-second-real-time: 50.000000\n"
                             "...\n";
    auto run = yamlImporter().parse(yaml, "old.yaml");
    REQUIRE(run.hasValue());
    CHECK(run->toolVersion == "0.09.25");
    CHECK(run->host.hostname == "it's");
    CHECK(run->host.logicalCpus == 4);
    CHECK(run->measuredAt.empty());
    REQUIRE(run->samples.size() == 2);
    CHECK(findSample(*run, "cpu.bogo_ops_per_s")->value == 50.0);
}

TEST_CASE("Malformed stress-ng YAML is refused with the file line and field",
          "[benchmark][import][stressng][error]")
{
    const std::string good = stressFile("stressng_cpu_vm_stream_mixed.yaml");
    const auto dir = cloudcost::testing::makeTempDir("stressng-bad");
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        s.replace(pos, from.size(), to);
        return s;
    };
    const std::string streamRate = "bogo-ops-per-second-real-time: 129.514832";
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const Case cases[] = {
        {"", "file is empty", "empty"},
        {good.substr(0, 100) + std::string("\0\0", 2) + good.substr(100), "NUL byte", "NUL"},
        {"hello: world\n", "no 'metrics' list", "not stress-ng"},
        {"just some text\n", "expected 'key: value'", "plain text"},
        {good.substr(0, good.find(streamRate)),
         "missing 'metrics[2].bogo-ops-per-second-real",
         "cut inside the stream item"},
        {replaced("bogo-ops-per-second-real-time: 846.198949",
                  "bogo-ops-per-second-real-time: lots"),
         "bad.yaml:31",
         "word instead of a number"},
        {replaced("bogo-ops-per-second-real-time: 846.198949", "bogo-ops-per-second-real-time: -5"),
         "non-negative",
         "negative rate"},
        {replaced("bogo-ops-per-second-real-time: 846.198949",
                  "bogo-ops-per-second-real-time: nan"),
         "non-negative",
         "NaN rate"},
        {replaced("      bogo-ops: 5074", "\tbogo-ops: 5074"), "tab", "tab indentation"},
        {replaced("      bogo-ops: 5074", "      bogo-ops: 5074\n      bogo-ops: 5075"),
         "duplicate key 'metrics[0].bogo-ops'",
         "duplicate key"},
        {replaced("      bogo-ops: 5074", "         bogo-ops: 5074"),
         "unexpected indentation",
         "misaligned key"},
        {replaced("    - stressor: vm", "    - stressor: cpu"), "appears twice", "same stressor"},
        {good + good, "text after the end", "two documents"},
        {replaced("      bogo-ops: 5074", "      bogo-ops: [5074]"),
         "not part of what",
         "flow sequence"},
        {replaced("version: '#1 SMP PREEMPT_DYNAMIC @0'", "version: '#1 SMP"),
         "unterminated",
         "unterminated quote"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.yaml", c.content);
        auto run = yamlImporter().parse(bytes, "bad.yaml");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.yaml") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("A stress-ng YAML cut after the last rate is kept with a truncation warning",
          "[benchmark][import][stressng]")
{
    const std::string good = stressFile("stressng_cpu_matrixprod_2workers.yaml");
    const std::string cut = good.substr(0, good.find("      wall-clock-time"));
    auto run = yamlImporter().parse(cut, "cut.yaml");
    REQUIRE(run.hasValue());
    CHECK(run->samples.size() == 2);
    CHECK(hasWarning(*run, "truncated"));
}

TEST_CASE("Malformed stress-ng logs are refused with the file and line",
          "[benchmark][import][stressng][error]")
{
    const std::string good = stressFile("stressng_cpu_vm_stream_mixed.stdout.txt");
    const auto dir = cloudcost::testing::makeTempDir("stressng-log-bad");
    const auto vmRow = good.find("vm                77126");
    REQUIRE(vmRow != std::string::npos);
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const Case cases[] = {
        {"   \n", "file is empty", "blank"},
        {"stress-ng: info:  [1] dispatching hogs: 2 cpu\n", "no metrics table", "no table"},
        {good.substr(0, good.find("stress-ng: metrc: [11653] cpu")),
         "has no stressor rows",
         "cut after the header"},
        {good.substr(0, vmRow + 30) + "\n", "bad.log:10", "row cut in the middle"},
        {good + good, "second metrics row", "two runs in one file"},
        {"random words\nmore words\n", "no metrics table", "garbage"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.log", c.content);
        auto run = logImporter().parse(bytes, "bad.log");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.log") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
