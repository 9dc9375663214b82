#include "benchmark-runner/tests/TextImporterTestSupport.h"

#include <filesystem>

using namespace cloudcost::benchmark;
using namespace cloudcost::benchmark::testsupport;

namespace {

BenchImporterInfo ptsImporter(const std::string& name)
{
    return importerNamed(registerPhoronixImporters, name);
}

BenchmarkRun parsePts(const std::string& importer, const std::string& file)
{
    auto run = ptsImporter(importer).parse(sharedFile("benchmarks/phoronix/" + file), file);
    REQUIRE(run.hasValue());
    return std::move(run).value();
}

constexpr double kMiB = 1048576.0;

// The two results of the PTS sample run (data/benchmarks/phoronix/README.md): memory 5313.35
// MiB/sec (raw 5203.83:5769.46:4966.77), cpu 3909.65 Events Per Second (raw
// 3291.3:3832.28:4605.38).
void checkMeans(const BenchmarkRun& run)
{
    CHECK(run.tool == "phoronix");
    REQUIRE(run.samples.size() == 2);
    const Sample* memory = findSample(run,
                                      "pts.sysbench_debian_package",
                                      {{"options", "Test: RAM / Memory"}, {"system", "vm-2vcpu"}});
    REQUIRE(memory != nullptr);
    CHECK(memory->value == Approx(5313.35 * kMiB).epsilon(1e-12));
    CHECK(memory->unit == "B/s");
    CHECK(memory->higherIsBetter);
    const Sample* cpu = findSample(run,
                                   "pts.sysbench_debian_package",
                                   {{"options", "Test: CPU"}, {"counted", "events"}});
    REQUIRE(cpu != nullptr);
    CHECK(cpu->value == Approx(3909.65).epsilon(1e-12));
    CHECK(cpu->unit == "ops/s");
    CHECK(cpu->higherIsBetter);
    CHECK(run.host.cpuModel == "AMD EPYC");
    CHECK(run.host.physicalCores == 2);
    CHECK(run.host.os == "Debian 12");
    CHECK(run.host.kernel == "6.18.44-fc-v782");
    CHECK(run.host.container == "docker");
    CHECK(run.host.platform == PlatformKind::Container);
    CHECK(hasWarning(run, "System Layer 'docker'"));
}

void checkRawValues(const BenchmarkRun& run)
{
    CHECK(run.toolVersion == "10.8.6");
    const Sample* memory =
        findSample(run, "pts.sysbench_debian_package", {{"arguments", "memory run"}});
    REQUIRE(memory != nullptr);
    REQUIRE(memory->rawValues.size() == 3);
    CHECK(memory->rawValues[0] == Approx(5203.83 * kMiB));
    CHECK(memory->rawValues[1] == Approx(5769.46 * kMiB));
    CHECK(memory->rawValues[2] == Approx(4966.77 * kMiB));
    CHECK(memory->parameters.at("test_profile") == "local/sysbench-deb-1.0.0");
    CHECK(memory->parameters.at("app_version") == "1.0.20");
    const Sample* cpu = findSample(run, "pts.sysbench_debian_package", {{"arguments", "cpu run"}});
    REQUIRE(cpu != nullptr);
    CHECK(cpu->rawValues == std::vector<double>{3291.3, 3832.28, 4605.38});
}

} // namespace

TEST_CASE("PTS composite.xml gives one sample per result and system with per-run values",
          "[benchmark][import][phoronix]")
{
    const BenchmarkRun run = parsePts("phoronix-xml", "composite.xml");
    checkMeans(run);
    checkRawValues(run);
}

TEST_CASE("The PTS JSON export gives the same samples as composite.xml",
          "[benchmark][import][phoronix]")
{
    const BenchmarkRun run = parsePts("phoronix-json", "sysbench-deb-sandbox.json");
    checkMeans(run);
    checkRawValues(run);
}

TEST_CASE("The PTS CSV export gives the same means without per-run values",
          "[benchmark][import][phoronix]")
{
    const BenchmarkRun run = parsePts("phoronix-csv", "sysbench-deb-sandbox.csv");
    checkMeans(run); // "Events/sec" in the CSV and "Events Per Second" in XML: both "events"
    for (const auto& s : run.samples) {
        CHECK(s.rawValues.empty());
        CHECK(s.parameters.count("test_profile") == 0);
    }
    CHECK(hasWarning(run, "CSV export has no per-run values"));
}

TEST_CASE("The three PTS files are told apart by the sniffers", "[benchmark][import][phoronix]")
{
    const std::pair<const char*, const char*> files[] = {
        {"composite.xml", "phoronix-xml"},
        {"sysbench-deb-sandbox.json", "phoronix-json"},
        {"sysbench-deb-sandbox.csv", "phoronix-csv"},
    };
    for (const auto& [file, format] : files) {
        INFO(file);
        const std::string content = sharedFile(std::string("benchmarks/phoronix/") + file);
        int best = 0;
        std::string bestName;
        std::vector<BenchImporterInfo> all;
        registerPhoronixImporters(all);
        for (const auto& info : all) {
            if (const int score = info.sniff(content, file); score > best) {
                best = score;
                bestName = info.name;
            }
        }
        CHECK(bestName == format);
        auto run = importBenchmarkFile(
            cloudcost::testing::sharedData(std::string("benchmarks/phoronix/") + file));
        REQUIRE(run.hasValue());
        CHECK(run->tool == "phoronix");
    }
}

TEST_CASE("PTS XML with several systems keeps each system's values apart",
          "[benchmark][import][phoronix]")
{
    const std::string xml = R"(<?xml version="1.0"?>
<PhoronixTestSuite>
  <System><Identifier>a</Identifier><Hardware>Processor: X (4 Cores / 8 Threads)</Hardware></System>
  <System><Identifier>b</Identifier><Hardware>Processor: Y (2 Cores)</Hardware></System>
  <Result>
    <Title>Fio &amp; friends</Title><Description>Type: Random Read</Description>
    <Scale>Milliseconds</Scale><Proportion>LIB</Proportion>
    <Data>
      <Entry><Identifier>a</Identifier><Value>2.5</Value><RawString>2:3</RawString></Entry>
      <Entry><Identifier>b</Identifier><Value>&#52;</Value></Entry>
    </Data>
  </Result>
</PhoronixTestSuite>
)";
    auto run = ptsImporter("phoronix-xml").parse(xml, "two.xml");
    REQUIRE(run.hasValue());
    REQUIRE(run->samples.size() == 2);
    const Sample* a = findSample(*run, "pts.fio_friends", {{"system", "a"}});
    REQUIRE(a != nullptr);
    CHECK(a->value == Approx(2.5e-3));
    CHECK(a->unit == "s");
    CHECK_FALSE(a->higherIsBetter);
    CHECK(a->rawValues == std::vector<double>{2e-3, 3e-3});
    CHECK(findSample(*run, "pts.fio_friends", {{"system", "b"}})->value == Approx(4e-3));
    CHECK(run->host.cpuModel.empty());
    CHECK(hasWarning(*run, "values of 2 systems"));
}

TEST_CASE("Malformed PTS composite.xml is refused with the file and line",
          "[benchmark][import][phoronix][error]")
{
    const std::string good = sharedFile("benchmarks/phoronix/composite.xml");
    const auto dir = cloudcost::testing::makeTempDir("pts-bad");
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        const auto pos = s.find(from);
        REQUIRE(pos != std::string::npos);
        s.replace(pos, from.size(), to);
        return s;
    };
    std::string deep = "<PhoronixTestSuite>";
    for (int i = 0; i < 200; ++i) {
        deep += "<a>";
    }
    struct Case
    {
        std::string content;
        std::string needle;
        const char* why;
    };
    const Case cases[] = {
        {"", "file is empty", "empty"},
        {good.substr(0, 40) + std::string(1, '\0') + good.substr(40), "NUL byte", "NUL"},
        {good.substr(0, good.find("<Value>3909.65")), "truncated file?", "cut inside a result"},
        {replaced("</Title>", "</Titel>"), "bad.xml:5", "mismatched closing tag"},
        {replaced("Sysbench (Debian package)", "Sysbench &nbsp; x"),
         "unknown entity &nbsp;",
         "HTML entity"},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<PhoronixTestSuite/>",
         "DOCTYPE",
         "entity declarations"},
        {deep, "nested deeper", "deep nesting"},
        {"<html><body>hi</body></html>", "root element <html>", "not PTS"},
        {"<PhoronixTestSuite><Generated/></PhoronixTestSuite>", "no results", "no results"},
        {replaced("<Proportion>HIB</Proportion>", "<Proportion>MORE</Proportion>"),
         "expected HIB or LIB",
         "bad proportion"},
        {replaced("<Value>5313.35</Value>", "<Value>-5313.35</Value>"),
         "negative value",
         "negative mean"},
        {good + "<extra/>", "text after the root element", "two roots"},
        {replaced("<Scale>MiB/sec</Scale>", "<Scale></Scale>"), "has no Scale", "no unit"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.xml", c.content);
        auto run = ptsImporter("phoronix-xml").parse(bytes, "bad.xml");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.xml") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("A PTS value that is not a number is skipped with a warning",
          "[benchmark][import][phoronix]")
{
    std::string xml = sharedFile("benchmarks/phoronix/composite.xml");
    xml.replace(xml.find("<Value>5313.35</Value>"), 22, "<Value>1,2,3</Value>");
    xml.replace(xml.find("3291.3:3832.28"), 14, "3291.3:oops");
    auto run = ptsImporter("phoronix-xml").parse(xml, "x.xml");
    REQUIRE(run.hasValue());
    REQUIRE(run->samples.size() == 1);
    CHECK(run->samples[0].rawValues.empty());
    CHECK(hasWarning(*run, "has no numeric value ('1,2,3')"));
    CHECK(hasWarning(*run, "per-run values"));
}

TEST_CASE("Malformed PTS JSON and CSV exports are refused with the file and line",
          "[benchmark][import][phoronix][error]")
{
    const std::string json = sharedFile("benchmarks/phoronix/sysbench-deb-sandbox.json");
    const std::string csv = sharedFile("benchmarks/phoronix/sysbench-deb-sandbox.csv");
    const auto dir = cloudcost::testing::makeTempDir("pts-export-bad");
    struct Case
    {
        const char* importer;
        std::string content;
        std::string needle;
        const char* why;
    };
    std::string stringResults = R"({"systems": {}, "results": "none"})";
    std::string csvBadLabel = csv;
    csvBadLabel.replace(csvBadLabel.find("(MiB/sec)\""), 10, "MiB/sec\"");
    const Case cases[] = {
        {"phoronix-json", json.substr(0, json.size() / 2), "invalid JSON", "cut JSON"},
        {"phoronix-json", "{\"a\": 1}", "no 'results' object", "not PTS"},
        {"phoronix-json", stringResults, "'results': expected an object", "results a string"},
        {"phoronix-json", std::string("{\"results\":\0}", 14), "NUL byte", "NUL"},
        {"phoronix-csv", "\"Test - A (MB/s)\",HIB,5\n", "before the ' ,,", "row without header"},
        {"phoronix-csv", csvBadLabel, "bad.txt:14", "label without unit"},
        {"phoronix-csv", "a,b,c\nd,e,f\n", "unexpected row", "garbage CSV"},
        {"phoronix-csv", " ,,\"s\"\n\"T - O (MB/s)\",HIB,\n", "no numeric result", "empty value"},
    };
    for (const auto& c : cases) {
        INFO(c.why);
        const std::string bytes = roundTripThroughFile(dir, "bad.txt", c.content);
        auto run = ptsImporter(c.importer).parse(bytes, "bad.txt");
        REQUIRE_FALSE(run.hasValue());
        const std::string text = run.error().describe();
        INFO(text);
        CHECK(text.find("bad.txt") != std::string::npos);
        CHECK(text.find(c.needle) != std::string::npos);
    }
    std::filesystem::remove_all(dir);
}
