#include "pricing/importers/AlibabaImporters.h"

#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const std::string kPriceSample = "alibaba/ecs_DescribePrice_response_doc-example_en.json";
const std::string kRenewalSample = "alibaba/ecs_DescribeRenewalPrice_response_doc-example_en.json";
const std::string kSpotHistorySample =
    "alibaba/ecs_DescribeSpotPriceHistory_response_doc-example_en.json";
const std::string kSpotAdviceSample = "alibaba/ecs_DescribeSpotAdvice_response_doc-example_en.json";
const std::string kInstanceTypesSample =
    "alibaba/ecs_DescribeInstanceTypes_response_doc-example_en_2021-05.json";
const std::string kAvailableSample =
    "alibaba/ecs_DescribeAvailableResource_response_doc-example_en.json";

Result<SourceFacts> runImporter(const std::string& format,
                                const std::filesystem::path& path,
                                VectorSink& sink,
                                std::map<std::string, std::string> params = {})
{
    const ImporterInfo* info = findImporter(format);
    REQUIRE(info);
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    request.params = std::move(params);
    return info->run(request, sink);
}

// Writes text to a file in a fresh temp dir and returns its path.
std::filesystem::path writeTemp(const std::string& fileName, const std::string& content)
{
    static const auto dir = cloudcost::testing::makeTempDir("alibaba-test");
    const auto path = dir / fileName;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
}

const std::map<std::string, std::string> kG6Params = {{"RegionId", "cn-hangzhou"},
                                                      {"InstanceType", "ecs.g6.large"}};

} // namespace

TEST_CASE("A DescribePrice yearly quote becomes a one-year all-upfront subscription",
          "[pricing][alibaba]")
{
    VectorSink sink;
    auto params = kG6Params;
    params["PriceUnit"] = "Year";
    params["Period"] = "1";
    auto facts = runImporter("alibaba-describe-price",
                             cloudcost::testing::sharedData(kPriceSample),
                             sink,
                             params);
    REQUIRE(facts);
    CHECK(facts->format == "alibaba-describe-price");
    CHECK(facts->provider == "alibaba");
    CHECK(facts->key == "alibaba-price:ECS:cn-hangzhou::ecs.g6.large:linux:reserved:1Year");
    REQUIRE(sink.offers.size() == 1);
    const Offer& o = sink.offers.front();
    CHECK(o.provider == "alibaba");
    CHECK(o.service == "ECS");
    CHECK(o.region == "cn-hangzhou");
    CHECK(o.instanceType == "ecs.g6.large");
    CHECK(o.os == "linux"); // no ImageId: DescribePrice quotes a Linux image
    CHECK(o.purchaseOption == PurchaseOption::Reserved);
    CHECK(o.offeringClass == "subscription");
    CHECK(o.termMonths == 12);
    CHECK(o.paymentOption == PaymentOption::AllUpfront);
    // TradePrice 3712.8 = OriginalPrice 4368 - DiscountPrice 655.2 (the 15 % rule)
    CHECK(o.upfront == Approx(3712.8));
    CHECK(o.hourly == 0);
    CHECK(o.currency == "CNY");
    CHECK_THAT(o.sku, Catch::Matchers::Contains("list 4368 - discount 655.2"));
    CHECK_THAT(o.sku, Catch::Matchers::Contains("ONE_YEAR_85_PERCENT"));
    CHECK_THAT(o.sku, Catch::Matchers::Contains("15% discount"));
    CHECK(sink.stats().rowsRead == 1);
}

TEST_CASE("A DescribePrice quote covers Period times PriceUnit and Amount instances",
          "[pricing][alibaba]")
{
    SECTION("hourly quote for three hours of two instances")
    {
        const auto path = writeTemp("hourly.json", R"({"PriceInfo": {"Price": {
            "Currency": "USD", "OriginalPrice": 6.0, "DiscountPrice": 1.2, "TradePrice": 4.8}}})");
        VectorSink sink;
        auto params = kG6Params;
        params["Period"] = "3";
        params["Amount"] = "2";
        params["ZoneId"] = "cn-hangzhou-i";
        auto facts = runImporter("alibaba-describe-price", path, sink, params);
        REQUIRE(facts);
        REQUIRE(sink.offers.size() == 1);
        CHECK(sink.offers[0].purchaseOption == PurchaseOption::OnDemand);
        CHECK(sink.offers[0].hourly == Approx(0.8)); // 4.8 / 3 h / 2 instances
        CHECK(sink.offers[0].zone == "cn-hangzhou-i");
        CHECK(sink.offers[0].currency == "USD");
    }
    SECTION("three-month subscription")
    {
        VectorSink sink;
        auto params = kG6Params;
        params["PriceUnit"] = "month";
        params["Period"] = "3";
        auto facts = runImporter("alibaba-describe-price",
                                 cloudcost::testing::sharedData(kPriceSample),
                                 sink,
                                 params);
        REQUIRE(facts);
        CHECK(sink.offers[0].termMonths == 3);
        CHECK(sink.offers[0].upfront == Approx(3712.8));
    }
    SECTION("spot quote")
    {
        const auto path = writeTemp("spot.json", R"({"PriceInfo": {"Price": {
            "Currency": "CNY", "OriginalPrice": 0.354, "DiscountPrice": 0.318,
            "TradePrice": 0.036}}})");
        VectorSink sink;
        auto params = kG6Params;
        params["SpotStrategy"] = "SpotAsPriceGo";
        params["OSType"] = "windows";
        REQUIRE(runImporter("alibaba-describe-price", path, sink, params));
        CHECK(sink.offers[0].purchaseOption == PurchaseOption::Spot);
        CHECK(sink.offers[0].hourly == Approx(0.036));
        CHECK(sink.offers[0].os == "windows");
    }
}

TEST_CASE("A DescribePrice quote split per resource stores the instance share",
          "[pricing][alibaba]")
{
    const auto path = writeTemp("detail.json", R"({"PriceInfo": {
        "Rules": {"Rule": [{"Description": "Upgrade offers", "RuleId": 1234567890}]},
        "Price": {"Currency": "CNY", "OriginalPrice": 0.65, "DiscountPrice": 0.13,
          "TradePrice": 0.52, "DetailInfos": {"DetailInfo": [
            {"Resource": "instanceType", "OriginalPrice": 0.5, "DiscountPrice": 0.1,
             "TradePrice": 0.4,
             "SubRules": {"Rule": [{"Description": "20% off", "RuleId": 315716429631488}]}},
            {"Resource": "systemDisk", "OriginalPrice": 0.15, "DiscountPrice": 0.03,
             "TradePrice": 0.12}]}}}})");
    VectorSink sink;
    REQUIRE(runImporter("alibaba-describe-price", path, sink, kG6Params));
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].hourly == Approx(0.4));
    CHECK_THAT(sink.offers[0].sku, Catch::Matchers::Contains("instance part of a 0.52 quote"));
    CHECK_THAT(sink.offers[0].sku, Catch::Matchers::Contains("315716429631488: 20% off"));
}

TEST_CASE("A DescribePrice response without its request parameters is refused with the fix",
          "[pricing][alibaba][error]")
{
    VectorSink sink;
    auto facts = runImporter("alibaba-describe-price",
                             cloudcost::testing::sharedData(kPriceSample),
                             sink,
                             {{"RegionId", "cn-hangzhou"}});
    REQUIRE_FALSE(facts);
    CHECK(facts.error().message
          == "DescribePrice responses do not say which region and instance type they price; pass "
             "--param RegionId=cn-hangzhou --param InstanceType=ecs.g6.large (and PriceUnit/Period "
             "if not Hour/1)");
    CHECK(facts.error().context == "ecs_DescribePrice_response_doc-example_en.json");
    CHECK(sink.offers.empty());
}

TEST_CASE("A DescribeRenewalPrice response is a subscription of one month by default",
          "[pricing][alibaba]")
{
    VectorSink sink;
    auto facts = runImporter("alibaba-describe-price",
                             cloudcost::testing::sharedData(kRenewalSample),
                             sink,
                             kG6Params);
    REQUIRE(facts);
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].purchaseOption == PurchaseOption::Reserved);
    CHECK(sink.offers[0].termMonths == 1);
    CHECK(sink.offers[0].upfront == Approx(3712.8));
    CHECK_THAT(sink.offers[0].sku, Catch::Matchers::StartsWith("renewal quote 3712.8 CNY"));
    CHECK_THAT(sink.offers[0].sku, Catch::Matchers::Contains("ONE_YEAR_85_PERCENT")); // "Code"
    CHECK_THAT(facts->key, Catch::Matchers::StartsWith("alibaba-renewal-price:"));

    VectorSink yearly;
    auto params = kG6Params;
    params["PriceUnit"] = "Year";
    REQUIRE(runImporter("alibaba-describe-price",
                        cloudcost::testing::sharedData(kRenewalSample),
                        yearly,
                        params));
    CHECK(yearly.offers[0].termMonths == 12);
}

TEST_CASE("Broken DescribePrice responses fail with the file and place",
          "[pricing][alibaba][error]")
{
    const auto [content,
                params,
                expected,
                why] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "DiscountPrice": 3712.8,
               "OriginalPrice": 4368, "TradePrice": 3712.8}}})",
         "",
         "bad.json: PriceInfo.Price: TradePrice 3712.8 is not OriginalPrice 4368 minus "
         "DiscountPrice 3712.8",
         "discount amount written as the discounted price"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "DiscountPrice": 600,
               "OriginalPrice": 4368, "TradePrice": 3712.8}}})",
         "",
         "DiscountPrice is the discount amount",
         "identity off by more than a cent"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "OriginalPrice": 4368, "Tra)",
         "",
         "bad.json:1: invalid JSON (byte",
         "truncated JSON"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": "abc"}}})",
         "",
         "bad.json: PriceInfo.Price.TradePrice: expected a number, found the text \"abc\"",
         "string where a number is expected"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": -3.5}}})",
         "",
         "bad.json: PriceInfo.Price.TradePrice: TradePrice is negative",
         "negative price"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "OriginalPrice": 1, "DiscountPrice": 2}}})",
         "",
         "DiscountPrice 2 is larger than OriginalPrice 1",
         "discount above the list price"},
        {R"({"PriceInfo": {"Price": [1, 2]}})",
         "",
         "bad.json: PriceInfo.Price: expected an object, found a list",
         "Price of the wrong type"},
        {R"({"PriceInfo": {"Price": {"Currency": "XYZ", "TradePrice": 1}}})",
         "",
         "unknown currency 'XYZ'",
         "unknown currency"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY"}}})",
         "",
         "bad.json: PriceInfo.Price: no TradePrice",
         "no price at all"},
        {R"([1, 2, 3])", "", "bad.json: expected a DescribePrice", "not an object"},
        {R"({"RequestId": "x", "Code": "InvalidInstanceType.NotFound", "Message": "no such type"})",
         "",
         "this is an Alibaba Cloud error response",
         "API error saved instead of a result"},
        {std::string("{\"PriceInfo\": \0}", 16), "", "bad.json:1: NUL byte", "NUL byte"},
        {"", "", "bad.json: file is empty", "empty file"},
        {std::string(1000, '['), "", "nested deeper than", "hostile nesting"},
        {R"({"AvailableSpotZones": {}})",
         "",
         "(it looks like a DescribeSpotAdvice response)",
         "another response shape"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": 1}}})",
         "PriceUnit=Week",
         "PriceUnit=Week subscriptions cannot be stored",
         "weekly subscription"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": 1}}})",
         "PriceUnit=Decade",
         "PriceUnit='Decade' is not one of Hour, Month, Year",
         "unknown price unit"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": 1}}})",
         "Period=0",
         "Period='0' is not a whole number from 1 to 1000",
         "zero period"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": 1}}})",
         "SpotStrategy=SpotAsPriceGo",
         "SpotStrategy=SpotAsPriceGo needs PriceUnit=Hour",
         "spot subscription"},
        {R"({"PriceInfo": {"Price": {"Currency": "CNY", "TradePrice": 1}}})",
         "ResourceType=disk",
         "not an instance price",
         "disk quote"},
    }));
    INFO(why);
    const auto path = writeTemp("bad.json", content);
    auto p = kG6Params;
    p["PriceUnit"] = "Year";
    if (!params.empty()) {
        const auto eq = params.find('=');
        p[params.substr(0, eq)] = params.substr(eq + 1);
    }
    VectorSink sink;
    auto facts = runImporter("alibaba-describe-price", path, sink, p);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
    CHECK(sink.offers.empty());
}

TEST_CASE("DescribeSpotPriceHistory records become spot price points with the pay-as-you-go price",
          "[pricing][alibaba]")
{
    VectorSink sink;
    auto facts = runImporter("alibaba-spot-price-history",
                             cloudcost::testing::sharedData(kSpotHistorySample),
                             sink);
    REQUIRE(facts);
    CHECK(facts->format == "alibaba-spot-price-history");
    REQUIRE(sink.spotPrices.size() == 2);
    const SpotPricePoint& p = sink.spotPrices[0];
    CHECK(p.provider == "alibaba");
    CHECK(p.region == "cn-hangzhou"); // from ZoneId cn-hangzhou-g
    CHECK(p.zone == "cn-hangzhou-g");
    CHECK(p.instanceType == "ecs.g5.large");
    CHECK(p.os == "linux"); // the request's OSType defaults to linux
    CHECK(p.timestamp == "2019-11-19T06:00:00Z");
    CHECK(p.hourly == Approx(0.036));
    REQUIRE(p.onDemandHourly);
    CHECK(*p.onDemandHourly == Approx(0.354));
    CHECK(p.currency == "CNY");
    CHECK(sink.spotPrices[1].timestamp == "2019-11-19T07:00:00Z");
    CHECK(sink.stats().rowsRead == 2);

    VectorSink windows;
    REQUIRE(runImporter("alibaba-spot-price-history",
                        cloudcost::testing::sharedData(kSpotHistorySample),
                        windows,
                        {{"OSType", "windows"}}));
    CHECK(windows.spotPrices[0].os == "windows");
}

TEST_CASE("DescribeSpotPriceHistory accepts single wrapping and skips the classic network",
          "[pricing][alibaba]")
{
    const auto path = writeTemp("history.json", R"({"Currency": "USD", "SpotPrices": [
        {"ZoneId": "ap-southeast-1a", "InstanceType": "ecs.c6.large", "NetworkType": "vpc",
         "Timestamp": "2024-01-01T00:00:00Z", "SpotPrice": 0.01, "OriginPrice": 0.1},
        {"ZoneId": "ap-southeast-1a", "InstanceType": "ecs.c6.large", "NetworkType": "classic",
         "Timestamp": "2024-01-01T00:00:00Z", "SpotPrice": 0.02, "OriginPrice": 0.1}]})");
    VectorSink sink;
    REQUIRE(runImporter("alibaba-spot-price-history", path, sink));
    REQUIRE(sink.spotPrices.size() == 1);
    CHECK(sink.spotPrices[0].region == "ap-southeast-1");
    CHECK(sink.spotPrices[0].currency == "USD");
    CHECK(sink.stats().skipped.at("classic-network spot price (only VPC prices are kept)").count
          == 1);
}

TEST_CASE("Broken DescribeSpotPriceHistory responses fail with the record path",
          "[pricing][alibaba][error]")
{
    const auto [content, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {R"({"SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-g", "InstanceType": "t",
               "Timestamp": "2019-11-19T06:00:00Z", "SpotPrice": 0.1}]}})",
         "bad.json: Currency: missing",
         "no currency"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-g",
               "InstanceType": "t", "Timestamp": "2019-11-19T06:00:00Z", "SpotPrice": -1}]}})",
         "bad.json: SpotPrices.SpotPriceType[0]: SpotPrice is negative",
         "negative spot price"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-g",
               "InstanceType": "t", "Timestamp": "yesterday", "SpotPrice": 1}]}})",
         "bad.json: SpotPrices.SpotPriceType[0].Timestamp: 'yesterday' is not a time",
         "bad timestamp"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-g",
               "InstanceType": "t", "Timestamp": "2019-11-19T06:00:00Z", "SpotPrice": true}]}})",
         "SpotPrice: expected a number, found true",
         "boolean price"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": "none"}})",
         "bad.json: SpotPrices.SpotPriceType: expected a list, found the text \"none\"",
         "list of the wrong type"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": [{"ZoneId": "nowhere",
               "InstanceType": "t", "Timestamp": "2019-11-19T06:00:00Z", "SpotPrice": 1}]}})",
         "cannot tell the region of zone 'nowhere'",
         "zone id without a region"},
        {R"({"Currency": "CNY", "SpotPrices": {"SpotPriceType": [{"ZoneId": "cn-hangzhou-g",
               "InstanceType": "t", "Timestamp": "2019-11-19T06:00)",
         "bad.json:2: invalid JSON",
         "truncated JSON"},
    }));
    INFO(why);
    const auto path = writeTemp("bad.json", content);
    VectorSink sink;
    auto facts = runImporter("alibaba-spot-price-history", path, sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
}

TEST_CASE("DescribeSpotAdvice turns the spot price ratio into savings and ties zones to resources",
          "[pricing][alibaba]")
{
    VectorSink sink;
    auto facts =
        runImporter("alibaba-spot-advice", cloudcost::testing::sharedData(kSpotAdviceSample), sink);
    REQUIRE(facts);
    CHECK(facts->key == "alibaba-spot-advice:cn-hangzhou");
    REQUIRE(sink.spotAdvice.size() == 1);
    const SpotAdvice& a = sink.spotAdvice[0];
    CHECK(a.provider == "alibaba");
    CHECK(a.region == "cn-hangzhou");
    // The sample puts ZoneId and the resources in separate elements.
    CHECK(a.zone == "cn-hangzhou-i");
    CHECK(a.instanceType == "ecs.c5.large");
    REQUIRE(a.savingsPct);
    CHECK(*a.savingsPct == Approx(80)); // AverageSpotDiscount "20" = pays 20 % of pay-as-you-go
    REQUIRE(a.interruptionPct);
    CHECK(*a.interruptionPct == Approx(0));
    CHECK(a.interruptionBucket == "0-3%");
    REQUIRE(a.interruptionMaxPct);
    CHECK(*a.interruptionMaxPct == Approx(3));
}

TEST_CASE("DescribeSpotAdvice accepts numbers and zones with their own resources",
          "[pricing][alibaba]")
{
    const auto path = writeTemp("advice.json", R"({"RegionId": "cn-beijing", "AvailableSpotZones": [
        {"ZoneId": "cn-beijing-h", "AvailableSpotResources": [
            {"InstanceType": "ecs.g7.large", "InterruptionRate": 4.5, "InterruptRateDesc": "3-5%",
             "AverageSpotDiscount": 35}]},
        {"ZoneId": "cn-beijing-k", "AvailableSpotResources": {"AvailableSpotResource": [
            {"InstanceType": "ecs.g7.large", "InterruptionRate": 12, "InterruptRateDesc": "10-100%",
             "AverageSpotDiscount": 10}]}}]})");
    VectorSink sink;
    REQUIRE(runImporter("alibaba-spot-advice", path, sink));
    REQUIRE(sink.spotAdvice.size() == 2);
    CHECK(sink.spotAdvice[0].zone == "cn-beijing-h");
    CHECK(*sink.spotAdvice[0].savingsPct == Approx(65));
    CHECK(*sink.spotAdvice[0].interruptionMaxPct == Approx(5));
    CHECK(sink.spotAdvice[1].zone == "cn-beijing-k");
    CHECK(*sink.spotAdvice[1].interruptionMaxPct == Approx(100));
    CHECK(*sink.spotAdvice[1].interruptionPct == Approx(12));
}

TEST_CASE("DescribeSpotAdvice without RegionId takes the region from the zone",
          "[pricing][alibaba]")
{
    const auto path = writeTemp("advice-noregion.json", R"({"AvailableSpotZones": [
        {"ZoneId": "ap-southeast-1b", "AvailableSpotResources": [
            {"InstanceType": "ecs.c7.large", "InterruptRateDesc": "5-10%",
             "AverageSpotDiscount": 25}]}]})");
    VectorSink sink;
    auto facts = runImporter("alibaba-spot-advice", path, sink);
    REQUIRE(facts);
    CHECK(facts->key == "alibaba-spot-advice:ap-southeast-1");
    REQUIRE(sink.spotAdvice.size() == 1);
    CHECK(sink.spotAdvice[0].region == "ap-southeast-1");
    CHECK(*sink.spotAdvice[0].savingsPct == Approx(75));
    CHECK_FALSE(sink.spotAdvice[0].interruptionPct);
    CHECK(*sink.spotAdvice[0].interruptionMaxPct == Approx(10));
}

TEST_CASE("Broken DescribeSpotAdvice responses fail with the resource path",
          "[pricing][alibaba][error]")
{
    const auto [content, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {R"({"RegionId": "cn-hangzhou", "AvailableSpotZones": [{"ZoneId": "cn-hangzhou-i",
               "AvailableSpotResources": [{"InstanceType": "t", "AverageSpotDiscount": "120"}]}]})",
         "AvailableSpotResources[0].AverageSpotDiscount: 120 is not a percentage",
         "ratio above 100"},
        {R"({"RegionId": "cn-hangzhou", "AvailableSpotZones": [{"ZoneId": "cn-hangzhou-i",
               "AvailableSpotResources": [{"InstanceType": "t",
                                           "AverageSpotDiscount": "cheap"}]}]})",
         "AverageSpotDiscount: expected a number, found the text \"cheap\"",
         "text that is not a number"},
        {R"({"RegionId": "cn-hangzhou", "AvailableSpotZones": [{"ZoneId": "cn-hangzhou-i",
               "AvailableSpotResources": [{"AverageSpotDiscount": 20}]}]})",
         "AvailableSpotResources[0].InstanceType: missing or empty",
         "no instance type"},
        {R"({"RegionId": "cn-hangzhou", "AvailableSpotZones": 5})",
         "bad.json: AvailableSpotZones: expected a list, found the number 5",
         "zones of the wrong type"},
    }));
    INFO(why);
    const auto path = writeTemp("bad.json", content);
    VectorSink sink;
    auto facts = runImporter("alibaba-spot-advice", path, sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
}

TEST_CASE("DescribeInstanceTypes gives specifications in vCPUs and GiB", "[pricing][alibaba]")
{
    VectorSink sink;
    auto facts = runImporter("alibaba-instance-types",
                             cloudcost::testing::sharedData(kInstanceTypesSample),
                             sink);
    REQUIRE(facts);
    CHECK(facts->key == "alibaba-instance-types");
    REQUIRE(sink.specs.size() == 1);
    const InstanceSpec& s = sink.specs[0];
    CHECK(s.provider == "alibaba");
    CHECK(s.instanceType == "ecs.g6.large");
    CHECK(s.family == "ecs.g6");
    REQUIRE(s.vcpus);
    CHECK(*s.vcpus == Approx(2));
    REQUIRE(s.memoryGib);
    CHECK(*s.memoryGib == Approx(8));
    REQUIRE(s.gpus);
    CHECK(*s.gpus == Approx(0));
    CHECK(s.gpuModel.empty());
    CHECK(s.localStorage.empty());
    REQUIRE(s.networkGbps);
    CHECK(*s.networkGbps == Approx(1.0)); // 1024000 Kbit/s
    REQUIRE(s.sharedCpu);
    CHECK_FALSE(*s.sharedCpu); // EnterpriseLevel
}

TEST_CASE("DescribeInstanceTypes rejects impossible specifications", "[pricing][alibaba][error]")
{
    const auto [content, expected, why] = GENERATE(table<std::string, std::string, std::string>({
        {R"({"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "x", "MemorySize": -8}]}})",
         "InstanceTypes.InstanceType[0].MemorySize: -8 is out of range",
         "negative memory"},
        {R"({"InstanceTypes": {"InstanceType": [{"InstanceTypeId": "x", "CpuCoreCount": "2"}]}})",
         "CpuCoreCount: expected a number, found the text \"2\"",
         "vCPUs as text"},
        {R"({"InstanceTypes": {"InstanceType": [{"CpuCoreCount": 2}]}})",
         "InstanceTypes.InstanceType[0].InstanceTypeId: missing or empty",
         "no id"},
        {R"({"InstanceTypes": {"InstanceType": [{"InstanceTypeId": 17}]}})",
         "InstanceTypeId: expected text, found the number 17",
         "id as a number"},
    }));
    INFO(why);
    const auto path = writeTemp("bad.json", content);
    VectorSink sink;
    auto facts = runImporter("alibaba-instance-types", path, sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
    CHECK(sink.specs.empty());
}

TEST_CASE("DescribeAvailableResource is recognised but refused as not a price sheet",
          "[pricing][alibaba][error]")
{
    VectorSink sink;
    auto facts = runImporter("alibaba-available-resource",
                             cloudcost::testing::sharedData(kAvailableSample),
                             sink);
    REQUIRE_FALSE(facts);
    CHECK(facts.error().code == Error::Code::Unsupported);
    CHECK(facts.error().message
          == "not a price sheet: DescribeAvailableResource lists what can be bought in each zone "
             "(1 zone, 1 instance type); cloudcost does not store availability yet");
}

TEST_CASE("Each Alibaba sample file is detected as its own format", "[pricing][alibaba]")
{
    const auto [file, format] = GENERATE(table<std::string, std::string>({
        {kPriceSample, "alibaba-describe-price"},
        {kRenewalSample, "alibaba-describe-price"},
        {kSpotHistorySample, "alibaba-spot-price-history"},
        {kSpotAdviceSample, "alibaba-spot-advice"},
        {kInstanceTypesSample, "alibaba-instance-types"},
        {kAvailableSample, "alibaba-available-resource"},
    }));
    INFO(file);
    auto detected = detectImporter(cloudcost::testing::sharedData(file));
    REQUIRE(detected);
    CHECK((*detected)->name == format);
}

TEST_CASE("Alibaba zone ids give their region and bucket labels their upper bound",
          "[pricing][alibaba]")
{
    CHECK(alibaba::regionFromZone("cn-hangzhou-g") == "cn-hangzhou");
    CHECK(alibaba::regionFromZone("ap-southeast-1a") == "ap-southeast-1");
    CHECK(alibaba::regionFromZone("cn-shanghai-finance-1z") == "cn-shanghai-finance-1");
    CHECK(alibaba::regionFromZone("cn-hangzhou").empty());
    CHECK(alibaba::regionFromZone("").empty());
    CHECK(alibaba::interruptionBucketMaxPct("0-3%") == Approx(3));
    CHECK(alibaba::interruptionBucketMaxPct("10-100%") == Approx(100));
    CHECK(alibaba::interruptionBucketMaxPct("<5%") == Approx(5));
    CHECK(alibaba::interruptionBucketMaxPct(">20%") == Approx(100));
    CHECK_FALSE(alibaba::interruptionBucketMaxPct("unknown"));
}
