#include "common/InputFile.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const char* kSample =
    "aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json";

class TempDir
{
public:
    TempDir()
        : m_dir(cloudcost::testing::makeTempDir("awsoffer-gp"))
    {}
    ~TempDir() { std::filesystem::remove_all(m_dir); }
    std::filesystem::path write(const std::string& name, const std::string& content)
    {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private:
    std::filesystem::path m_dir;
};

Result<SourceFacts> importGetProducts(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return aws::importGetProducts(request, sink);
}

std::string sampleText()
{
    auto text = readWholeFile(cloudcost::testing::sharedData(kSample));
    REQUIRE(text);
    return *text;
}

const Offer* findOffer(const std::vector<Offer>& offers, const std::string& sku)
{
    for (const auto& o : offers) {
        if (o.sku == sku) {
            return &o;
        }
    }
    return nullptr;
}

} // namespace

TEST_CASE("The GetProducts m5.large item gives its on-demand price and its twelve reservations",
          "[pricing][aws][awsoffer]")
{
    VectorSink sink;
    auto facts = importGetProducts(cloudcost::testing::sharedData(kSample), sink);
    REQUIRE(facts);
    CHECK(facts->format == "aws-getproducts");
    CHECK(facts->provider == "aws");
    CHECK(facts->publishedAt == "2021-02-05T20:45:00Z");
    CHECK(facts->version == "20210205204500");
    CHECK(facts->key.empty()); // a query result must not replace the whole offer file
    REQUIRE(sink.offers.size() == 13);
    CHECK(sink.rates.empty());
    CHECK(sink.stats().rowsRead == 13);
    CHECK(sink.stats().skippedTotal() == 0);

    const Offer* od = findOffer(sink.offers, "6C86BEPQVG73ZGGR.JRTCKXETXF");
    REQUIRE(od);
    CHECK(od->purchaseOption == PurchaseOption::OnDemand);
    CHECK(od->hourly == Approx(0.096));
    CHECK(od->upfront == 0);
    CHECK(od->effectiveDate == "2021-02-01");

    // Every offer shares the product's attributes. This 2021 item has no regionCode: the region
    // comes from the location name.
    for (const Offer& o : sink.offers) {
        INFO(o.sku);
        CHECK(o.provider == "aws");
        CHECK(o.service == "AmazonEC2");
        CHECK(o.region == "us-east-1");
        CHECK(o.instanceType == "m5.large");
        CHECK(o.vcpus == Approx(2));
        CHECK(o.memoryGib == Approx(8));
        CHECK_FALSE(o.gpus.has_value());
        CHECK(o.arch == "x86_64");
        CHECK(o.os == "linux");
        CHECK(o.licenseModel.empty());
        CHECK(o.preinstalledSoftware.empty());
        CHECK(o.tenancy == "shared");
        CHECK(o.currency == "USD");
        CHECK(validateOffer(o, "test"));
    }

    // (offer term code, months, payment, class, upfront USD, hourly USD, effective date) exactly
    // as in the file.
    const auto [code, months, payment, offeringClass, upfront, hourly, date] =
        GENERATE(table<std::string, int, PaymentOption, std::string, double, double, std::string>({
            {"4NA7Y494T4", 12, PaymentOption::NoUpfront, "standard", 0, 0.06, "2020-04-01"},
            {"HU7G6KETJZ", 12, PaymentOption::PartialUpfront, "standard", 252, 0.029, "2020-04-01"},
            {"6QCMYABX3D", 12, PaymentOption::AllUpfront, "standard", 494, 0, "2020-04-01"},
            {"7NE97W5U4E", 12, PaymentOption::NoUpfront, "convertible", 0, 0.071, "2017-10-31"},
            {"CUZHX8X6JH",
             12,
             PaymentOption::PartialUpfront,
             "convertible",
             294,
             0.034,
             "2017-10-31"},
            {"VJWZNREJX2", 12, PaymentOption::AllUpfront, "convertible", 577, 0, "2017-10-31"},
            {"BPH4J8HBKS", 36, PaymentOption::NoUpfront, "standard", 0, 0.041, "2020-04-01"},
            {"38NPMPTW36", 36, PaymentOption::PartialUpfront, "standard", 505, 0.019, "2020-04-01"},
            {"NQ3QZPMQV9", 36, PaymentOption::AllUpfront, "standard", 949, 0, "2020-04-01"},
            {"Z2E3P23VKM", 36, PaymentOption::NoUpfront, "convertible", 0, 0.049, "2017-10-31"},
            {"R5XV2EPZQZ",
             36,
             PaymentOption::PartialUpfront,
             "convertible",
             592,
             0.023,
             "2017-10-31"},
            {"MZU6U2429S", 36, PaymentOption::AllUpfront, "convertible", 1161, 0, "2017-10-31"},
        }));
    INFO(code);
    const Offer* o = findOffer(sink.offers, "6C86BEPQVG73ZGGR." + code);
    REQUIRE(o);
    CHECK(o->purchaseOption == PurchaseOption::Reserved);
    CHECK(o->termMonths == months);
    CHECK(o->paymentOption == payment);
    CHECK(o->offeringClass == offeringClass);
    CHECK(o->upfront == Approx(upfront));
    CHECK(o->hourly == Approx(hourly));
    CHECK(o->effectiveDate == date);
    CHECK(effectiveHourly(*o) == Approx(hourly + upfront / (8760.0 * months / 12)));
}

TEST_CASE("The GetProducts API response and a stream of items give the same offers",
          "[pricing][aws][awsoffer]")
{
    const std::string item = sampleText();
    const nlohmann::json parsed = nlohmann::json::parse(item);
    TempDir dir;

    // The API response: PriceList items are JSON documents serialised as strings.
    nlohmann::json response = {{"FormatVersion", "aws_v1"},
                               {"PriceList", nlohmann::json::array({parsed.dump()})},
                               {"NextToken", nullptr}};
    VectorSink fromResponse;
    REQUIRE(importGetProducts(dir.write("response.json", response.dump()), fromResponse));
    CHECK(fromResponse.offers.size() == 13);

    // NDJSON of two pages; the second repeats the item and is skipped as a duplicate.
    VectorSink fromNdjson;
    REQUIRE(
        importGetProducts(dir.write("pages.ndjson", response.dump() + "\n" + parsed.dump() + "\n"),
                          fromNdjson));
    CHECK(fromNdjson.offers.size() == 13);
    CHECK(fromNdjson.stats().skipped.count("duplicate PriceList item (its SKU was read before)")
          == 1);

    // Concatenated pretty-printed documents with a second, different product.
    nlohmann::json other = parsed;
    other["product"]["sku"] = "OTHERSKU00000000";
    other["product"]["attributes"]["instanceType"] = "m5.xlarge";
    nlohmann::json otherTerms;
    for (auto& [type, terms] : other["terms"].items()) {
        for (auto& [key, term] : terms.items()) {
            const std::string code = term["offerTermCode"];
            term["sku"] = "OTHERSKU00000000";
            otherTerms[type]["OTHERSKU00000000." + code] = term;
        }
    }
    other["terms"] = otherTerms;
    VectorSink fromConcat;
    REQUIRE(
        importGetProducts(dir.write("concat.json", parsed.dump(2) + other.dump(2)), fromConcat));
    CHECK(fromConcat.offers.size() == 26);
    const Offer* xl = findOffer(fromConcat.offers, "OTHERSKU00000000.JRTCKXETXF");
    REQUIRE(xl);
    CHECK(xl->instanceType == "m5.xlarge");
    CHECK(xl->hourly == Approx(0.096));
}

TEST_CASE("Malformed GetProducts input gives a clear error", "[pricing][aws][awsoffer][error]")
{
    const std::string item = sampleText();
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = item;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return s;
    };
    const auto [content,
                expected,
                why] = GENERATE_COPY(table<std::string, std::string, std::string>({
        {"", "file is empty", "empty file"},
        {item.substr(0, item.size() / 3), "ends in the middle of the JSON document", "truncated"},
        {replaced("\"0.0960000000\"", "\"-0.0960000000\""), "is negative", "negative price"},
        {replaced("\"USD\": \"0.0960000000\"", "\"XYZ\": \"0.0960000000\""),
         "unknown currency 'XYZ'",
         "unknown currency"},
        {replaced("\"vcpu\": \"2\"", "\"vcpu\": [2]"),
         "attribute vcpu is array",
         "wrong attribute type"},
        {replaced("\"priceDimensions\": {", "\"priceDimensions\": [], \"x\": {"),
         "priceDimensions of 6C86BEPQVG73ZGGR.JRTCKXETXF is array",
         "wrong dimensions type"},
        {R"({"FormatVersion":"aws_v1","PriceList":["{not json"]})",
         "PriceList element 1 is not a JSON document",
         "bad string element"},
        {R"({"FormatVersion":"aws_v1","PriceList":[42]})",
         "PriceList element 1 is number",
         "number element"},
        {R"({"FormatVersion":"aws_v1","PriceList":[]})", "no PriceList items", "empty response"},
        {R"({"offers":{}})", "this JSON has neither", "another document"},
        {"[{}]", "expected '{'", "an array"},
        {std::string("\0\0", 2), "NUL byte", "binary"},
    }));
    INFO(why);
    TempDir dir;
    VectorSink sink;
    auto facts = importGetProducts(dir.write("bad.json", content), sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::Matchers::StartsWith("bad.json"));
}
