#include "common/InputFile.h"
#include "pricing/importers/AwsOfferFile.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

const char* kComprehend = "aws/price-list-csv/comprehend_ap-south-1_v20260116160258_part1.csv";
const char* kGetProducts =
    "aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json";

class TempDir
{
public:
    TempDir()
        : m_dir(cloudcost::testing::makeTempDir("awsoffer-csv"))
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

ImportRequest requestFor(const std::filesystem::path& path)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return request;
}

std::string csvLine(const std::vector<std::string>& fields, bool quoted)
{
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            line += ',';
        }
        line += quoted ? "\"" + fields[i] + "\"" : fields[i];
    }
    return line + "\n";
}

// CSV header names of the EC2 attributes (as in AWS's AmazonEC2 index.csv).
std::string csvHeaderOf(const std::string& key)
{
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"servicecode", "serviceCode"},
        {"location", "Location"},
        {"locationType", "Location Type"},
        {"instanceType", "Instance Type"},
        {"instanceFamily", "Instance Family"},
        {"vcpu", "vCPU"},
        {"physicalProcessor", "Physical Processor"},
        {"clockSpeed", "Clock Speed"},
        {"memory", "Memory"},
        {"storage", "Storage"},
        {"networkPerformance", "Network Performance"},
        {"processorArchitecture", "Processor Architecture"},
        {"tenancy", "Tenancy"},
        {"operatingSystem", "Operating System"},
        {"licenseModel", "License Model"},
        {"usagetype", "usageType"},
        {"operation", "operation"},
        {"capacitystatus", "CapacityStatus"},
        {"ecu", "ECU"},
        {"normalizationSizeFactor", "Normalization Size Factor"},
        {"preInstalledSw", "Pre Installed S/W"},
        {"processorFeatures", "Processor Features"},
        {"servicename", "serviceName"},
    };
    for (const auto& [k, h] : names) {
        if (k == key) {
            return h;
        }
    }
    return key; // attributes the importer does not read keep their JSON name
}

// The bulk JSON and the CSV form of a one-product EC2 offer file, built from a GetProducts item
// (README §1 vs §2: the bulk terms map has one more level, SKU -> SKU.CODE -> term).
struct TwoForms
{
    std::string json;
    std::string csv;
};

TwoForms offerFilesFrom(const nlohmann::json& item, bool quotedCsv)
{
    const std::string sku = item["product"]["sku"];
    nlohmann::json file = {{"formatVersion", "v1.0"},
                           {"disclaimer", "test"},
                           {"offerCode", item["serviceCode"]},
                           {"version", item["version"]},
                           {"publicationDate", item["publicationDate"]}};
    file["products"][sku] = item["product"];
    for (const auto& [type, terms] : item["terms"].items()) {
        file["terms"][type][sku] = terms;
    }
    file["attributesList"] = nlohmann::json::object();

    std::ostringstream csv;
    csv << csvLine({"FormatVersion", "v1.0"}, quotedCsv)
        << csvLine({"Disclaimer", "This pricing list is for informational purposes only."},
                   quotedCsv)
        << csvLine({"Publication Date", item["publicationDate"]}, quotedCsv)
        << csvLine({"Version", item["version"]}, quotedCsv)
        << csvLine({"OfferCode", item["serviceCode"]}, quotedCsv);
    std::vector<std::string> header = {"SKU",
                                       "OfferTermCode",
                                       "RateCode",
                                       "TermType",
                                       "PriceDescription",
                                       "EffectiveDate",
                                       "StartingRange",
                                       "EndingRange",
                                       "Unit",
                                       "PricePerUnit",
                                       "Currency",
                                       "RelatedTo",
                                       "LeaseContractLength",
                                       "PurchaseOption",
                                       "OfferingClass",
                                       "Product Family"};
    std::vector<std::string> attrValues;
    for (const auto& [key, value] : item["product"]["attributes"].items()) {
        header.push_back(csvHeaderOf(key));
        attrValues.push_back(value);
    }
    csv << csvLine(header, quotedCsv);
    for (const auto& [type, terms] : item["terms"].items()) {
        for (const auto& [key, term] : terms.items()) {
            const auto& ta = term["termAttributes"];
            for (const auto& [rateKey, dim] : term["priceDimensions"].items()) {
                std::vector<std::string> row = {sku,
                                                term["offerTermCode"],
                                                dim["rateCode"],
                                                type,
                                                dim["description"],
                                                std::string(term["effectiveDate"]).substr(0, 10),
                                                dim.value("beginRange", ""),
                                                dim.value("endRange", ""),
                                                dim["unit"],
                                                dim["pricePerUnit"]["USD"],
                                                "USD",
                                                "",
                                                ta.value("LeaseContractLength", ""),
                                                ta.value("PurchaseOption", ""),
                                                ta.value("OfferingClass", ""),
                                                item["product"]["productFamily"]};
                row.insert(row.end(), attrValues.begin(), attrValues.end());
                if (!quotedCsv) {
                    for (auto& f : row) {
                        if (f.find(',') != std::string::npos) {
                            f = "\"" + f + "\""; // AWS quotes only what needs it in this form
                        }
                    }
                }
                csv << csvLine(row, quotedCsv);
            }
        }
    }
    return {file.dump(2), csv.str()};
}

std::string describe(const Offer& o)
{
    auto opt = [](const std::optional<double>& v) {
        return v ? std::to_string(*v) : std::string("?");
    };
    std::ostringstream s;
    s << o.provider << '|' << o.service << '|' << o.region << '|' << o.zone << '|' << o.instanceType
      << '|' << opt(o.vcpus) << '|' << opt(o.memoryGib) << '|' << opt(o.gpus) << '|' << o.gpuModel
      << '|' << opt(o.gpuMemoryGib) << '|' << o.arch << '|' << o.os << '|' << o.licenseModel << '|'
      << o.preinstalledSoftware << '|' << o.tenancy << '|' << toString(o.purchaseOption) << '|'
      << o.termMonths << '|' << toString(o.paymentOption) << '|' << o.offeringClass << '|'
      << o.hourly << '|' << o.upfront << '|' << o.currency << '|' << o.effectiveDate << '|'
      << o.sku;
    return s.str();
}

std::vector<std::string> describeAll(const std::vector<Offer>& offers)
{
    std::vector<std::string> out;
    for (const auto& o : offers) {
        out.push_back(describe(o));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST_CASE("The Comprehend CSV gives one rate per tier", "[pricing][aws][awsoffer]")
{
    VectorSink sink;
    auto facts = aws::importOfferCsv(requestFor(cloudcost::testing::sharedData(kComprehend)), sink);
    REQUIRE(facts);
    CHECK(facts->format == "aws-offer-csv");
    CHECK(facts->provider == "aws");
    CHECK(facts->publishedAt == "2026-01-16T16:02:58Z");
    CHECK(facts->version == "20260116160258");
    CHECK(facts->key == "aws-offer:comprehend:ap-south-1");
    CHECK(sink.offers.empty());
    REQUIRE(sink.rates.size() == 26);  // one per data row
    CHECK(sink.stats().rowsRead == 8); // eight terms (SKU + OfferTermCode)
    CHECK(sink.stats().skippedTotal() == 0);

    auto find = [&](const std::string& rateCode) -> const Rate* {
        for (const auto& r : sink.rates) {
            if (r.sku == rateCode) {
                return &r;
            }
        }
        return nullptr;
    };
    const Rate* first = find("3AXMQWKDDFYP7NT5.JRTCKXETXF.HWDSBTNJX9");
    REQUIRE(first);
    CHECK(first->provider == "aws");
    CHECK(first->service == "comprehend");
    CHECK(first->productFamily == "Entity Detection");
    CHECK(first->region == "ap-south-1");
    CHECK(first->usageType == "APS3-DetectPiiEntities");
    CHECK(first->unit == "Unit");
    CHECK(first->beginRange == 0);
    REQUIRE(first->endRange.has_value());
    CHECK(*first->endRange == Approx(10000000));
    CHECK(first->price == Approx(0.0001));
    CHECK(first->currency == "USD");
    CHECK(first->termType == "on_demand");
    CHECK(first->effectiveDate == "2025-04-01");
    CHECK(first->description
          == "USD1.0E-4 per Unit for DetectPiiEntities:DetectPiiEntities in Asia Pacific (Mumbai)");

    const Rate* second = find("3AXMQWKDDFYP7NT5.JRTCKXETXF.UH4R86KK5B");
    REQUIRE(second);
    CHECK(second->beginRange == Approx(10000000));
    CHECK(second->endRange.value_or(0) == Approx(50000000));
    CHECK(second->price == Approx(0.00005));

    const Rate* last = find("3AXMQWKDDFYP7NT5.JRTCKXETXF.F83EQNDM5J");
    REQUIRE(last);
    CHECK(last->beginRange == Approx(100000000));
    CHECK_FALSE(last->endRange.has_value()); // "Inf"
    CHECK(last->price == Approx(0.000005));

    std::size_t sentiment = 0;
    for (const auto& r : sink.rates) {
        sentiment += r.productFamily == "Sentiment Analysis" ? 1 : 0;
    }
    CHECK(sentiment == 6);
}

TEST_CASE("An EC2 offer file gives identical offers in its JSON and CSV forms and from GetProducts",
          "[pricing][aws][awsoffer]")
{
    auto itemText = readWholeFile(cloudcost::testing::sharedData(kGetProducts));
    REQUIRE(itemText);
    const auto item = nlohmann::json::parse(*itemText);
    TempDir dir;

    VectorSink fromGetProducts;
    REQUIRE(aws::importGetProducts(requestFor(cloudcost::testing::sharedData(kGetProducts)),
                                   fromGetProducts));
    const auto expected = describeAll(fromGetProducts.offers);
    REQUIRE(expected.size() == 13);

    const bool quoted = GENERATE(true, false);
    INFO("quoted CSV: " << quoted);
    const TwoForms forms = offerFilesFrom(item, quoted);

    VectorSink fromJson;
    auto jsonFacts = aws::importOfferJson(requestFor(dir.write("ec2.json", forms.json)), fromJson);
    REQUIRE(jsonFacts);
    VectorSink fromCsv;
    auto csvFacts = aws::importOfferCsv(requestFor(dir.write("ec2.csv", forms.csv)), fromCsv);
    REQUIRE(csvFacts);

    CHECK(describeAll(fromJson.offers) == expected);
    CHECK(describeAll(fromCsv.offers) == expected);
    CHECK(jsonFacts->key == "aws-offer:AmazonEC2:us-east-1");
    CHECK(csvFacts->key == jsonFacts->key);
    CHECK(csvFacts->publishedAt == jsonFacts->publishedAt);
    CHECK(csvFacts->version == "20210205204500");
    CHECK(fromCsv.stats().rowsRead == 13);
    CHECK(fromCsv.stats().skippedTotal() == 0);
}

TEST_CASE("Malformed offer CSV gives an error naming the file and line",
          "[pricing][aws][awsoffer][error]")
{
    auto comprehend = readWholeFile(cloudcost::testing::sharedData(kComprehend));
    REQUIRE(comprehend);
    const std::string valid = *comprehend;
    auto lines = [&](std::size_t n) {
        std::size_t at = 0;
        for (std::size_t i = 0; i < n; ++i) {
            at = valid.find('\n', at) + 1;
        }
        return valid.substr(0, at);
    };
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = valid;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return s;
    };
    // Move the second row of the first term to the end: the term's rows are no longer adjacent.
    const std::string secondRow = lines(8).substr(lines(7).size());
    const std::string split = lines(7) + valid.substr(lines(8).size()) + secondRow;

    const auto [content, expected, why] =
        GENERATE_COPY(table<std::string, std::string, std::string>({
            {"", "file is empty", "empty file"},
            {"\"SKU\",\"OfferTermCode\"\n", "the first line should be", "no preamble"},
            {lines(5), "ends before the header line", "preamble only"},
            {replaced("\"0.0001000000\"", "\"-0.0001000000\""),
             "price of 3AXMQWKDDFYP7NT5.JRTCKXETXF.HWDSBTNJX9 is negative",
             "negative price"},
            {replaced("\"0.0001000000\",\"USD\"", "\"0.0001000000\",\"XYZ\""),
             "unknown currency 'XYZ'",
             "unknown currency"},
            {replaced("\"0.0001000000\"", "\"cheap\""), "price 'cheap'", "text price"},
            {replaced("\"0\",\"10000000\"", "\"zero\",\"10000000\""),
             "beginRange 'zero'",
             "text range"},
            {replaced("\"PricePerUnit\"", "\"Price\""),
             "the header has no PricePerUnit column",
             "missing column"},
            {replaced("\"ap-south-1\",\"Amazon Comprehend\"\n", "\"ap-south-1\"\n"),
             "row has 21 fields but the header has 22",
             "short row"},
            {replaced("\"OfferCode\",\"comprehend\"", "\"OfferCode\",\"AWSComputeSavingsPlan\""),
             "Savings Plans offer file",
             "savings plans"},
            {replaced("\"v1.0\"", "\"v2.0\""), "unsupported FormatVersion 'v2.0'", "future format"},
            {split, "are not adjacent", "split term"},
            {replaced("Asia Pacific (Mumbai)\",\"AWS Region\"",
                      std::string("Asia Pacific (Mumbai)\",\"AWS\0Region\"", 35)),
             "NUL byte",
             "binary data"},
        }));
    INFO(why);
    TempDir dir;
    VectorSink sink;
    auto facts = aws::importOfferCsv(requestFor(dir.write("bad.csv", content)), sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::Matchers::StartsWith("bad.csv"));
}

TEST_CASE("A negative price in the CSV names the line of its row",
          "[pricing][aws][awsoffer][error]")
{
    auto comprehend = readWholeFile(cloudcost::testing::sharedData(kComprehend));
    REQUIRE(comprehend);
    std::string content = *comprehend;
    // Line 7 is the first data row (5 preamble lines and the header before it).
    const auto at = content.find("\"0.0001000000\"");
    content.replace(at, 14, "\"-1\"");
    TempDir dir;
    VectorSink sink;
    auto facts = aws::importOfferCsv(requestFor(dir.write("neg.csv", content)), sink);
    REQUIRE_FALSE(facts);
    CHECK(facts.error().context == "neg.csv:7");
}
