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

const std::string kSample =
    "aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json";

const ImporterInfo& historyImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "aws-spot-price-history";
    });
    REQUIRE(it != all.end());
    return *it;
}

Result<SourceFacts> importFile(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return historyImporter().run(request, sink);
}

Result<SourceFacts> importText(const std::string& json, VectorSink& sink)
{
    const auto dir = cloudcost::testing::makeTempDir("awsspot");
    const auto path = dir / "history.json";
    std::ofstream(path, std::ios::binary) << json;
    auto result = importFile(path, sink);
    std::filesystem::remove_all(dir);
    return result;
}

std::string record(const std::string& zone,
                   const std::string& price,
                   const std::string& stamp,
                   const std::string& product = "Linux/UNIX")
{
    return R"({"AvailabilityZone": ")" + zone + R"(", "InstanceType": "m5.large", )"
           + R"("ProductDescription": ")" + product + R"(", "SpotPrice": )" + price
           + R"(, "Timestamp": ")" + stamp + R"("})";
}

} // namespace

TEST_CASE("The m5.large spot history keeps all 250 price changes newest first",
          "[pricing][aws][spot]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSample), sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    CHECK(facts->format == "aws-spot-price-history");
    CHECK(facts->provider == "aws");
    CHECK(sink.stats().rowsRead == 250);
    REQUIRE(sink.spotPrices.size() == 250);
    CHECK(sink.stats().skippedTotal() == 0);

    const auto& first = sink.spotPrices.front();
    CHECK(first.provider == "aws");
    CHECK(first.zone == "us-east-1f");
    CHECK(first.region == "us-east-1");
    CHECK(first.instanceType == "m5.large");
    CHECK(first.os == "linux");
    CHECK(first.hourly == Approx(0.0437));
    CHECK(first.timestamp == "2021-02-09T01:40:10Z");
    CHECK(first.currency == "USD");
    CHECK_FALSE(first.onDemandHourly);

    const auto& last = sink.spotPrices.back();
    CHECK(last.zone == "us-east-1d");
    CHECK(last.hourly == Approx(0.0425));
    CHECK(last.timestamp == "2021-01-08T01:06:24Z");

    const auto inZone = std::count_if(sink.spotPrices.begin(),
                                      sink.spotPrices.end(),
                                      [](const auto& p) { return p.zone == "us-east-1f"; });
    CHECK(inZone == 60);
}

TEST_CASE("Spot history timestamps in other forms are normalised to UTC", "[pricing][aws][spot]")
{
    VectorSink sink;
    auto facts = importText(
        R"({"SpotPriceHistory": [)" + record("us-east-1a", "\"0.1\"", "2014-01-06T07:10:55.000Z")
            + "," + record("us-east-1a", "\"0.2\"", "2021-02-09T01:40:10-05:30") + ","
            + record("us-west-2-lax-1a", "0.3", "2021-12-31T23:30:00+01:00", "Windows (Amazon VPC)")
            + "," + record("cn-north-1a", "\"1.5\"", "2021-02-09 01:40:10+00:00") + R"(],
            "NextToken": "abc"})",
        sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    REQUIRE(sink.spotPrices.size() == 4);
    CHECK(sink.spotPrices[0].timestamp == "2014-01-06T07:10:55Z");
    CHECK(sink.spotPrices[1].timestamp == "2021-02-09T07:10:10Z");
    // A Local Zone AZ belongs to its zone group, the regionCode of Local Zone prices.
    CHECK(sink.spotPrices[2].region == "us-west-2-lax-1");
    CHECK(sink.spotPrices[2].timestamp == "2021-12-31T22:30:00Z");
    CHECK(sink.spotPrices[2].os == "windows");
    CHECK(sink.spotPrices[2].hourly == Approx(0.3)); // a JSON number is accepted
    CHECK(sink.spotPrices[3].region == "cn-north-1");
    CHECK(sink.spotPrices[3].currency == "CNY");
}

TEST_CASE("A bare array of spot prices is accepted", "[pricing][aws][spot]")
{
    VectorSink sink;
    auto facts = importText(
        "[" + record("eu-west-1b", "\"0.05\"", "2021-02-09T01:40:10Z", "Red Hat Enterprise Linux")
            + "]",
        sink);
    INFO((facts.hasValue() ? std::string() : facts.error().describe()));
    REQUIRE(facts.hasValue());
    REQUIRE(sink.spotPrices.size() == 1);
    CHECK(sink.spotPrices[0].region == "eu-west-1");
    CHECK(sink.spotPrices[0].os == "rhel");
}

TEST_CASE("Malformed spot price history fails naming the record", "[pricing][aws][spot][error]")
{
    const auto [json,
                expectedMessage,
                expectedContext,
                why] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"", "file is empty", "history.json", "empty file"},
        {R"({"SpotPriceHistory": [{"AvailabilityZone": "us-ea)",
         "truncated JSON",
         "history.json: byte ",
         "truncated document"},
        {R"({"Prices": []})", "expected {\"SpotPriceHistory\"", "history.json", "another shape"},
        {R"({"SpotPriceHistory": [)" + record("us-east-1a", "\"abc\"", "2021-02-09T01:40:10Z")
             + "]}",
         "SpotPrice 'abc' is not a number in spot price record (us-east-1a m5.large",
         "history.json: item 1",
         "text price"},
        {R"({"SpotPriceHistory": [)" + record("us-east-1a", "\"0.1\"", "2021-02-09T01:40:10Z") + ","
             + record("us-east-1b", "\"-0.1\"", "2021-02-09T01:40:10Z") + "]}",
         "negative",
         "history.json: item 2",
         "negative price"},
        {R"({"SpotPriceHistory": [)" + record("us-east-1a", "true", "2021-02-09T01:40:10Z") + "]}",
         "SpotPrice is a boolean",
         "history.json: item 1",
         "boolean price"},
        {R"({"SpotPriceHistory": [)" + record("us-east-1a", "\"0.1\"", "2021-02-09T01:40:10")
             + "]}",
         "is not an ISO-8601 time with a zone",
         "history.json: item 1",
         "no time zone"},
        {R"({"SpotPriceHistory": [)" + record("use1-az1", "\"0.1\"", "2021-02-09T01:40:10Z") + "]}",
         "is not an AWS availability zone name",
         "history.json: item 1",
         "zone id"},
        {R"({"SpotPriceHistory": [{"AvailabilityZone": "us-east-1a"}]})",
         "has no InstanceType",
         "history.json: item 1",
         "missing keys"},
        {R"({"SpotPriceHistory": [42]})",
         "expected an object",
         "history.json: item 1",
         "number record"},
    }));
    INFO(why);
    VectorSink sink;
    auto facts = importText(json, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK_THAT(facts.error().message, Catch::Contains(expectedMessage));
    CHECK_THAT(facts.error().context, Catch::StartsWith(expectedContext));
}

TEST_CASE("The spot history sniffer claims describe-spot-price-history output",
          "[pricing][aws][spot][sniff]")
{
    const auto& sniff = historyImporter().sniff;
    CHECK(sniff(R"({"SpotPriceHistory": [)", "x.json") >= 90);
    CHECK(sniff("[" + record("us-east-1a", "\"0.1\"", "2021-02-09T01:40:10Z"), "x.json") >= 80);
    CHECK(sniff(R"({"SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-b"}]}})", "x.json")
          == 0);
}
