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

const ImporterInfo& indexImporter()
{
    static const std::vector<ImporterInfo> all = [] {
        std::vector<ImporterInfo> v;
        registerAwsMiscImporters(v);
        return v;
    }();
    const auto it = std::find_if(all.begin(), all.end(), [](const auto& i) {
        return i.name == "aws-offer-index";
    });
    REQUIRE(it != all.end());
    return *it;
}

Error refusal(const std::filesystem::path& path)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    VectorSink sink;
    auto facts = indexImporter().run(request, sink);
    REQUIRE_FALSE(facts.hasValue());
    CHECK(sink.offers.empty());
    CHECK(sink.rates.empty());
    return facts.error();
}

std::string headOf(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::string head(64 << 10, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    return head;
}

} // namespace

TEST_CASE("The AWS offer index is refused with the regional file to import",
          "[pricing][aws][offerindex]")
{
    const auto path = cloudcost::testing::sharedData("aws/offer-index/offers_v1.0_aws_index.json");
    CHECK(indexImporter().sniff(headOf(path), path.filename().string()) >= 90);
    const Error e = refusal(path);
    CHECK(e.code == Error::Code::Unsupported);
    CHECK(e.context == "offers_v1.0_aws_index.json");
    CHECK(e.message
          == "not a price sheet: this is the AWS offer index (lists 265 services); import a "
             "service's regional offer file such as "
             "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/us-east-1/"
             "index.json (the regions of a service are listed by its region index, e.g. "
             "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEC2/current/"
             "region_index.json) instead");
}

TEST_CASE("An offer region index is refused with one region's offer file",
          "[pricing][aws][offerindex]")
{
    const auto path =
        cloudcost::testing::sharedData("aws/offer-index/comprehend_region_index.json");
    CHECK(indexImporter().sniff(headOf(path), path.filename().string()) >= 90);
    const Error e = refusal(path);
    CHECK(e.code == Error::Code::Unsupported);
    CHECK(e.message
          == "not a price sheet: this is the region index of the AWS offer 'comprehend' (lists 14 "
             "regions); import one region's offer file such as "
             "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/comprehend/20260116160258/"
             "us-east-1/index.json (or the same URL with index.csv) instead");
}

TEST_CASE("A Savings Plans region index is refused with one region's rate CSV",
          "[pricing][aws][offerindex]")
{
    const auto path =
        cloudcost::testing::sharedData("aws/offer-index/AWSDatabaseSavingsPlans_region_index.json");
    CHECK(indexImporter().sniff(headOf(path), path.filename().string()) >= 90);
    const Error e = refusal(path);
    CHECK(e.code == Error::Code::Unsupported);
    CHECK(e.message
          == "not a price sheet: this is the Savings Plans region index of "
             "AWSDatabaseSavingsPlans (lists 36 regions); import one region's Savings Plans rate "
             "file in CSV form (format aws-savings-plan-csv) such as "
             "https://pricing.us-east-1.amazonaws.com/savingsPlan/v1.0/aws/AWSDatabaseSavingsPlans/"
             "20260422194203/us-east-1/index.csv instead");
}

TEST_CASE("An offer version index is refused with the region index of its newest version",
          "[pricing][aws][offerindex]")
{
    const auto dir = cloudcost::testing::makeTempDir("awsindex");
    const auto path = dir / "index.json";
    std::ofstream(path) << R"({"formatVersion": "v1.0", "offerCode": "AmazonEC2",
        "versions": {"20250828212014": {"offerVersionUrl":
        "/offers/v1.0/aws/AmazonEC2/20250828212014/index.json"}, "20250912225308":
        {"offerVersionUrl": "/offers/v1.0/aws/AmazonEC2/20250912225308/index.json"}}})";
    const Error e = refusal(path);
    CHECK(e.code == Error::Code::Unsupported);
    CHECK_THAT(e.message,
               Catch::Contains("version index of the AWS offer 'AmazonEC2' (lists 2 "
                               "versions)"));
    CHECK_THAT(e.message, Catch::Contains("/AmazonEC2/20250912225308/region_index.json"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("Other JSON given as an offer index is rejected as such", "[pricing][aws][offerindex]")
{
    const auto dir = cloudcost::testing::makeTempDir("awsindex");
    const auto path = dir / "other.json";
    std::ofstream(path) << R"({"offerCode": "AmazonEC2", "products": {}})";
    const Error e = refusal(path);
    CHECK(e.code == Error::Code::InvalidInput);
    CHECK_THAT(e.message, Catch::StartsWith("not an AWS Price List index"));
    CHECK(indexImporter().sniff(R"({"offerCode": "AmazonEC2", "products": {}})", "x.json") == 0);
    std::filesystem::remove_all(dir);
}
