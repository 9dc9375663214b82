#include "pricing/importers/AwsMisc.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const ImporterInfo& typesImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "aws-instance-types";
    });
    REQUIRE(it != all.end());
    return *it;
}

Result<SourceFacts> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return typesImporter().run(request, sink);
}

Result<SourceFacts> importText(const std::string& json, VectorSink& sink)
{
    const auto dir = cloudcost::testing::makeTempDir("awstypes");
    const auto path = dir / "types.json";
    std::ofstream(path, std::ios::binary) << json;
    auto result = importFile(path, sink);
    std::filesystem::remove_all(dir);
    return result;
}

const InstanceSpec& spec(const VectorSink& sink, const std::string& type)
{
    const auto it = std::find_if(sink.specs.begin(), sink.specs.end(), [&](const auto& s) {
        return s.instanceType == type;
    });
    REQUIRE(it != sink.specs.end());
    return *it;
}

} // namespace

TEST_CASE("describe-instance-types output gives exact specs for 25 types",
          "[pricing][aws][instancetypes]")
{
    VectorSink sink;
    auto facts =
        importFile(cloudcost::testing::sharedData(
                       "aws/describe-instance-types/describe-instance-types_25_instances.json"),
                   sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->format == "aws-instance-types");
    CHECK(sink.specs.size() == 25);
    CHECK(sink.stats().rowsRead == 25);

    const auto& c5 = spec(sink, "c5.18xlarge");
    CHECK(c5.provider == "aws");
    CHECK(c5.family == "c5");
    CHECK(c5.vcpus == Approx(72));
    CHECK(c5.physicalCores == Approx(36));
    CHECK(c5.memoryGib == Approx(144)); // 147456 MiB
    CHECK(c5.clockGhz == Approx(3.4));
    CHECK(c5.arch == "x86_64");
    CHECK(c5.network == "25 Gigabit");
    CHECK(c5.networkGbps == Approx(25));
    CHECK(c5.gpus == Approx(0));
    CHECK(c5.localStorageGb == Approx(0)); // InstanceStorageSupported false
    CHECK(c5.localStorage.empty());
    CHECK(c5.bareMetal == false);

    const auto& metal = spec(sink, "a1.metal");
    CHECK(metal.arch == "arm64");
    CHECK(metal.vcpus == Approx(16));
    CHECK_FALSE(metal.physicalCores); // DefaultCores is null: unknown
    CHECK(metal.bareMetal == true);
    CHECK(metal.networkGbps == Approx(10)); // "Up to 10 Gigabit"

    const auto& old = spec(sink, "c1.medium");
    CHECK(old.arch == "x86_64"); // i386 and x86_64: the 64-bit one
    CHECK(old.memoryGib == Approx(1740.0 / 1024.0));
    CHECK_FALSE(old.clockGhz);
    CHECK(old.network == "Moderate");
    CHECK_FALSE(old.networkGbps);
    CHECK(old.localStorage == "1 x 350 HDD");
    CHECK(old.localStorageGb == Approx(350));
}

TEST_CASE("The g2 group gives the GPU of g2.2xlarge", "[pricing][aws][instancetypes]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(
                           "aws/describe-instance-types/describe-instance-types_g2_group.json"),
                       sink)
                .hasValue());
    CHECK(sink.specs.size() == 7);
    const auto& g2 = spec(sink, "g2.2xlarge");
    CHECK(g2.gpus == Approx(1));
    CHECK(g2.gpuModel == "NVIDIA K520");
    CHECK(g2.gpuMemoryGib == Approx(4));
    CHECK(g2.vcpus == Approx(8));
    CHECK(g2.memoryGib == Approx(15));
    CHECK(g2.localStorage == "1 x 60 SSD");
    CHECK(g2.localStorageGb == Approx(60));
    const auto& inf1 = spec(sink, "inf1.2xlarge");
    CHECK(inf1.gpus == Approx(0)); // Inferentia is an accelerator, not a GPU
    CHECK(inf1.networkGbps == Approx(25));
}

TEST_CASE("A bare array of instance types is accepted", "[pricing][aws][instancetypes]")
{
    VectorSink sink;
    REQUIRE(importText(R"([{"InstanceType": "p4d.24xlarge", "VCpuInfo": {"DefaultVCpus": 96},
        "MemoryInfo": {"SizeInMiB": 1179648}, "NetworkInfo": {"NetworkPerformance":
        "4x 100 Gigabit"}, "GpuInfo": {"Gpus": [{"Name": "A100", "Manufacturer": "NVIDIA",
        "Count": 8, "MemoryInfo": {"SizeInMiB": 40960}}], "TotalGpuMemoryInMiB": 327680},
        "InstanceStorageInfo": {"TotalSizeInGB": 8000, "Disks": [{"SizeInGB": 1000, "Count": 8,
        "Type": "ssd"}], "NvmeSupport": "required"}, "BurstablePerformanceSupported": false}])",
                       sink)
                .hasValue());
    REQUIRE(sink.specs.size() == 1);
    const auto& p4 = sink.specs[0];
    CHECK(p4.memoryGib == Approx(1152));
    CHECK(p4.gpus == Approx(8));
    CHECK(p4.gpuMemoryGib == Approx(320));
    CHECK(p4.networkGbps == Approx(400));
    CHECK(p4.localStorage == "8 x 1000 NVMe SSD");
    CHECK(p4.sharedCpu == false);
    CHECK(p4.arch.empty());
}

TEST_CASE("Malformed instance type files fail naming the item",
          "[pricing][aws][instancetypes][error]")
{
    const auto [json,
                expected,
                context,
                why] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"  \n", "file is empty", "types.json", "blank file"},
        {R"({"InstanceTypes": [{"InstanceType": "m5.large", "VCpuInfo": {"DefaultV)",
         "truncated JSON",
         "types.json: byte ",
         "truncated"},
        {R"({"Reservations": []})",
         "expected {\"InstanceTypes\": [...]}",
         "types.json",
         "another document"},
        {R"({"InstanceTypes": [{"VCpuInfo": {"DefaultVCpus": 2}}]})",
         "record has no InstanceType",
         "types.json: item 1",
         "missing type"},
        {R"({"InstanceTypes": [{"InstanceType": "m5.large"}, {"InstanceType": "m5.xlarge",
                "VCpuInfo": {"DefaultVCpus": "4"}}]})",
         "m5.xlarge: VCpuInfo.DefaultVCpus is a string",
         "types.json: item 2",
         "string vCPUs"},
        {R"({"InstanceTypes": [{"InstanceType": "m5.large", "MemoryInfo": {"SizeInMiB": -1}}]})",
         "out of range",
         "types.json: item 1",
         "negative memory"},
        {R"({"InstanceTypes": [{"InstanceType": "m5.large", "BareMetal": "no"}]})",
         "BareMetal is a string",
         "types.json: item 1",
         "string flag"},
        {std::string(100, '[') + std::string(100, ']'),
         "nested deeper than",
         "types.json: byte",
         "deep nesting"},
        {std::string("{\"InstanceTypes\": [") + '\0' + "]}",
         "NUL byte",
         "types.json: byte 19",
         "NUL byte"},
    }));
    INFO(why);
    VectorSink sink;
    auto facts = importText(json, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK_THAT(facts.error().message, Catch::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::StartsWith(context));
    CHECK(sink.specs.size() <= 1);
}

TEST_CASE("The instance types sniffer claims describe-instance-types output",
          "[pricing][aws][instancetypes][sniff]")
{
    const auto& sniff = typesImporter().sniff;
    CHECK(sniff(R"({"InstanceTypes": [{"AutoRecoverySupported": true, "VCpuInfo": {)", "x.json")
          >= 90);
    CHECK(sniff(R"([{"InstanceType": "m5.large", "MemoryInfo": {"SizeInMiB": 8192}}])", "x.json")
          >= 80);
    CHECK(sniff(R"({"instance_type": "m5.large", "vCPU": 2})", "x.json") == 0);
}
