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

const std::string kSample = "aws/spot-advisor/spot-advisor-data_2025-06.json";

const ImporterInfo& advisorImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "aws-spot-advisor";
    });
    REQUIRE(it != all.end());
    return *it;
}

Result<SourceFacts> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return advisorImporter().run(request, sink);
}

Result<SourceFacts> importText(const std::string& json, VectorSink& sink)
{
    const auto dir = cloudcost::testing::makeTempDir("awsadvisor");
    const auto path = dir / "advisor.json";
    std::ofstream(path, std::ios::binary) << json;
    auto result = importFile(path, sink);
    std::filesystem::remove_all(dir);
    return result;
}

const SpotAdvice* findAdvice(const VectorSink& sink,
                             const std::string& region,
                             const std::string& os,
                             const std::string& type)
{
    for (const auto& a : sink.spotAdvice) {
        if (a.region == region && a.os == os && a.instanceType == type) {
            return &a;
        }
    }
    return nullptr;
}

const std::string kRanges =
    R"("ranges": [{"index": 0, "label": "<5%", "dots": 0, "max": 5},
                  {"index": 1, "label": "5-10%", "dots": 1, "max": 11},
                  {"index": 4, "label": ">20%", "dots": 4, "max": 100}])";

} // namespace

TEST_CASE("The Spot Advisor feed gives 25323 advice entries and 929 specs",
          "[pricing][aws][spot][advisor]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSample), sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->format == "aws-spot-advisor");
    CHECK(facts->key == "aws-spot-advisor");
    CHECK(sink.spotAdvice.size() == 25323);
    CHECK(sink.specs.size() == 929);
    CHECK(sink.stats().rowsRead == 25323 + 929);
    CHECK(sink.stats().skippedTotal() == 0);

    // us-east-1 Linux m5.large: {"s": 66, "r": 3}; ranges[3] is "15-20%" (its "max" is 22).
    const SpotAdvice* linuxAdvice = findAdvice(sink, "us-east-1", "linux", "m5.large");
    REQUIRE(linuxAdvice);
    CHECK(linuxAdvice->provider == "aws");
    CHECK(linuxAdvice->savingsPct == Approx(66));
    CHECK(linuxAdvice->interruptionBucket == "15-20%");
    REQUIRE(linuxAdvice->interruptionMaxPct);
    CHECK(*linuxAdvice->interruptionMaxPct == Approx(20));
    CHECK_FALSE(linuxAdvice->interruptionPct);
    CHECK(linuxAdvice->zone.empty());

    // us-east-1 Windows m5.large: {"s": 46, "r": 4}: ">20%", bound 100.
    const SpotAdvice* windows = findAdvice(sink, "us-east-1", "windows", "m5.large");
    REQUIRE(windows);
    CHECK(windows->savingsPct == Approx(46));
    CHECK(windows->interruptionBucket == ">20%");
    CHECK(windows->interruptionMaxPct == Approx(100));

    // The one negative saving of the feed is kept as published.
    const SpotAdvice* p5 = findAdvice(sink, "ca-central-1", "linux", "p5.48xlarge");
    REQUIRE(p5);
    CHECK(p5->savingsPct == Approx(-62));
    CHECK(p5->interruptionBucket == "<5%");

    const auto spec = std::find_if(sink.specs.begin(), sink.specs.end(), [](const auto& s) {
        return s.instanceType == "t3.nano";
    });
    REQUIRE(spec != sink.specs.end());
    CHECK(spec->vcpus == Approx(2));
    CHECK(spec->memoryGib == Approx(0.5));
    CHECK(spec->family == "t3");
    CHECK_FALSE(spec->physicalCores);
}

TEST_CASE("Spot Advisor labels come from the file's own ranges", "[pricing][aws][spot][advisor]")
{
    VectorSink sink;
    auto facts = importText(R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large":
                               {"s": 70, "r": 4}}}}, )"
                                + kRanges + "}",
                            sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    REQUIRE(sink.spotAdvice.size() == 1);
    CHECK(sink.spotAdvice[0].interruptionBucket == ">20%");
    CHECK(sink.specs.empty());
}

TEST_CASE("Malformed Spot Advisor feeds fail naming the entry",
          "[pricing][aws][spot][advisor][error]")
{
    const auto [json, expected, context, why] =
        GENERATE_REF(table<std::string, std::string, std::string, std::string>({
            {"", "file is empty", "advisor.json", "empty file"},
            {R"({"spot_advisor": {"eu-west-1": {)",
             "truncated JSON",
             "advisor.json: byte ",
             "truncated"},
            {R"({"ranges": []})",
             "expected an object with a \"spot_advisor\" map",
             "advisor.json",
             "no spot_advisor"},
            {R"({"spot_advisor": {}})", "no \"ranges\" list", "advisor.json", "no ranges"},
            {R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large": {"s": 70, "r": 2}}}}, )"
                 + kRanges + "}",
             "\"r\": 2 is not an index of \"ranges\"",
             "advisor.json: spot_advisor.eu-west-1.Linux.c5.large",
             "r between the listed indexes"},
            {R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large": {"s": 70, "r": -1}}}}, )"
                 + kRanges + "}",
             "is not an index of \"ranges\"",
             "advisor.json: spot_advisor",
             "negative r"},
            {R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large": {"s": 70, "r": "1"}}}}, )"
                 + kRanges + "}",
             "\"r\" is a string",
             "advisor.json: spot_advisor.eu-west-1.Linux.c5.large",
             "string r"},
            {R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large": {"s": 170, "r": 1}}}}, )"
                 + kRanges + "}",
             "is not a percentage",
             "advisor.json: spot_advisor",
             "savings above 100"},
            {R"({"spot_advisor": {"eu-west-1": {"Linux": {"c5.large": {"s": "high", "r": 1}}}},)"
                 + kRanges + "}",
             "savings \"s\" is a string",
             "advisor.json: spot_advisor",
             "string savings"},
            {R"({"spot_advisor": {}, "instance_types": {"c5.large": {"cores": "two"}}, )" + kRanges
                 + "}",
             "cores is a string",
             "advisor.json: instance_types.c5.large",
             "string cores"},
        }));
    INFO(why);
    VectorSink sink;
    auto facts = importText(json, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK_THAT(facts.error().message, Catch::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::StartsWith(context));
}

TEST_CASE("The Spot Advisor sniffer claims the feed whatever its key order",
          "[pricing][aws][spot][advisor][sniff]")
{
    const auto& sniff = advisorImporter().sniff;
    CHECK(sniff(R"({"spot_advisor": {"us-east-1": )", "x.json") >= 90);
    CHECK(
        sniff(R"({"instance_types": {"c6i.32xlarge": {"emr": true, "cores": 128, "ram_gb": 256.0})",
              "x.json")
        >= 90);
    CHECK(sniff(R"({"SpotPriceHistory": []})", "x.json") == 0);
}
