#include "pricing/importers/AwsOfferFile.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;

namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

struct MiniProduct
{
    std::string sku;
    std::string family = "Compute Instance";
    Attrs attrs; // replaces or adds to the m5.large Linux defaults ("" value = remove)
};

struct MiniDim
{
    std::string unit = "Hrs";
    std::string price = "\"0.0960000000\""; // JSON text of the value
    std::string currency = "USD";
    std::string begin = "0";
    std::string end = "Inf";
    std::string rate = "6YS6EN2CT7";
};

struct MiniTerm
{
    std::string sku;
    std::string code = "JRTCKXETXF";
    Attrs termAttrs;
    std::vector<MiniDim> dims = {MiniDim{}};
};

std::string jq(const std::string& s)
{
    return "\"" + s + "\"";
}

std::string productJson(const MiniProduct& p)
{
    Attrs attrs = {{"servicecode", "AmazonEC2"},
                   {"location", "US East (N. Virginia)"},
                   {"locationType", "AWS Region"},
                   {"instanceType", "m5.large"},
                   {"vcpu", "2"},
                   {"physicalProcessor", "Intel Xeon Platinum 8175 (Skylake)"},
                   {"memory", "8 GiB"},
                   {"tenancy", "Shared"},
                   {"operatingSystem", "Linux"},
                   {"licenseModel", "No License required"},
                   {"usagetype", "BoxUsage:m5.large"},
                   {"operation", "RunInstances"},
                   {"capacitystatus", "Used"},
                   {"preInstalledSw", "NA"},
                   {"regionCode", "us-east-1"}};
    for (const auto& [k, v] : p.attrs) {
        bool found = false;
        for (auto it = attrs.begin(); it != attrs.end(); ++it) {
            if (it->first == k) {
                found = true;
                if (v.empty()) {
                    attrs.erase(it);
                } else {
                    it->second = v;
                }
                break;
            }
        }
        if (!found && !v.empty()) {
            attrs.emplace_back(k, v);
        }
    }
    std::string s = "    " + jq(p.sku) + " : {\n      \"sku\" : " + jq(p.sku)
                    + ",\n      \"productFamily\" : " + jq(p.family)
                    + ",\n      \"attributes\" : {\n";
    for (std::size_t i = 0; i < attrs.size(); ++i) {
        s += "        " + jq(attrs[i].first) + " : " + jq(attrs[i].second)
             + (i + 1 < attrs.size() ? ",\n" : "\n");
    }
    return s + "      }\n    }";
}

std::string termJson(const MiniTerm& t)
{
    const std::string key = t.sku + "." + t.code;
    std::string s = "        " + jq(key) + " : {\n          \"offerTermCode\" : " + jq(t.code)
                    + ",\n          \"sku\" : " + jq(t.sku)
                    + ",\n          \"effectiveDate\" : \"2024-05-01T00:00:00Z\",\n"
                      "          \"priceDimensions\" : {\n";
    for (std::size_t i = 0; i < t.dims.size(); ++i) {
        const MiniDim& d = t.dims[i];
        const std::string rate = key + "." + d.rate;
        s += "            " + jq(rate) + " : {\n              \"rateCode\" : " + jq(rate)
             + ",\n              \"description\" : \"test\",\n";
        if (!d.begin.empty()) {
            s += "              \"beginRange\" : " + jq(d.begin) + ",\n";
            s += "              \"endRange\" : " + jq(d.end) + ",\n";
        }
        s += "              \"unit\" : " + jq(d.unit) + ",\n              \"pricePerUnit\" : {\n"
             + "                " + jq(d.currency) + " : " + d.price
             + "\n              },\n              \"appliesTo\" : [ ]\n            }"
             + (i + 1 < t.dims.size() ? ",\n" : "\n");
    }
    s += "          },\n          \"termAttributes\" : {";
    for (std::size_t i = 0; i < t.termAttrs.size(); ++i) {
        s += (i == 0 ? "\n" : ",\n") + std::string("            ") + jq(t.termAttrs[i].first)
             + " : " + jq(t.termAttrs[i].second);
    }
    return s + (t.termAttrs.empty() ? " }\n        }" : "\n          }\n        }");
}

// The terms of one map (OnDemand or Reserved), grouped by SKU in order of appearance.
std::string termMapJson(const std::vector<MiniTerm>& terms)
{
    std::vector<std::string> skus;
    for (const auto& t : terms) {
        if (std::find(skus.begin(), skus.end(), t.sku) == skus.end()) {
            skus.push_back(t.sku);
        }
    }
    std::string s = "{";
    for (std::size_t i = 0; i < skus.size(); ++i) {
        s += (i == 0 ? "\n" : ",\n") + std::string("      ") + jq(skus[i]) + " : {\n";
        bool first = true;
        for (const auto& t : terms) {
            if (t.sku == skus[i]) {
                s += (first ? "" : ",\n") + termJson(t);
                first = false;
            }
        }
        s += "\n      }";
    }
    return s + (skus.empty() ? " }" : "\n    }");
}

// A regional offer file in AWS's layout ("key" : value, 2-space indents).
std::string offerJson(const std::vector<MiniProduct>& products,
                      const std::vector<MiniTerm>& onDemand,
                      const std::vector<MiniTerm>& reserved = {},
                      bool termsFirst = false)
{
    std::string head = "{\n  \"formatVersion\" : \"v1.0\",\n  \"disclaimer\" : \"test\",\n"
                       "  \"offerCode\" : \"AmazonEC2\",\n  \"version\" : \"20240528203522\",\n"
                       "  \"publicationDate\" : \"2024-05-28T20:35:22Z\",\n";
    std::string productsPart = "  \"products\" : {\n";
    for (std::size_t i = 0; i < products.size(); ++i) {
        productsPart += productJson(products[i]) + (i + 1 < products.size() ? ",\n" : "\n");
    }
    productsPart += "  }";
    std::string termsPart = "  \"terms\" : {\n    \"OnDemand\" : " + termMapJson(onDemand)
                            + ",\n    \"Reserved\" : " + termMapJson(reserved) + "\n  }";
    return head + (termsFirst ? termsPart + ",\n" + productsPart : productsPart + ",\n" + termsPart)
           + ",\n  \"attributesList\" : { }\n}\n";
}

class TempFiles
{
public:
    TempFiles()
        : m_dir(cloudcost::testing::makeTempDir("awsoffer-json"))
    {}
    ~TempFiles() { std::filesystem::remove_all(m_dir); }
    std::filesystem::path write(const std::string& name, const std::string& content)
    {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private:
    std::filesystem::path m_dir;
};

Result<SourceFacts> importJson(const std::filesystem::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return aws::importOfferJson(request, sink);
}

class TotalProgress : public ProgressSink
{
public:
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        lastDone = done;
        lastTotal = total;
    }
    std::uint64_t lastDone = 0;
    std::uint64_t lastTotal = 0;
};

const MiniProduct kM5{"P1", "Compute Instance", {}};
const MiniTerm kM5OnDemand{"P1", "JRTCKXETXF", {}, {MiniDim{}}};

} // namespace

TEST_CASE("The us-east-1 EC2 excerpt gives the p4d on-demand price and skips the capacity block",
          "[pricing][aws][awsoffer]")
{
    VectorSink sink;
    const auto path = cloudcost::testing::sharedData(
        "aws/offer-file-json/AmazonEC2_us-east-1_v20240528203522_excerpt.json");
    auto facts = importJson(path, sink);
    REQUIRE(facts);
    CHECK(facts->format == "aws-offer-json");
    CHECK(facts->provider == "aws");
    CHECK(facts->publishedAt == "2024-05-28T20:35:22Z");
    CHECK(facts->version == "20240528203522");
    CHECK(facts->key == "aws-offer:AmazonEC2:us-east-1");

    REQUIRE(sink.offers.size() == 1);
    const Offer& o = sink.offers[0];
    CHECK(o.provider == "aws");
    CHECK(o.service == "AmazonEC2");
    CHECK(o.region == "us-east-1");
    CHECK(o.zone.empty());
    CHECK(o.instanceType == "p4d.24xlarge");
    CHECK(o.hourly == Approx(32.7726));
    CHECK(o.upfront == 0);
    CHECK(o.currency == "USD");
    CHECK(o.purchaseOption == PurchaseOption::OnDemand);
    CHECK(o.termMonths == 0);
    CHECK(o.paymentOption == PaymentOption::None);
    CHECK(o.vcpus == Approx(96));
    CHECK(o.memoryGib == Approx(1152));
    CHECK(o.gpus == Approx(8));
    CHECK_FALSE(o.gpuMemoryGib.has_value()); // "NA"
    CHECK(o.arch == "x86_64");               // Intel Xeon Platinum 8275L, not "64-bit"
    CHECK(o.os == "linux");
    CHECK(o.licenseModel.empty());
    CHECK(o.preinstalledSoftware.empty());
    CHECK(o.tenancy == "shared");
    CHECK(o.effectiveDate == "2024-05-01");
    CHECK(o.sku == "H7NGEAC6UEHNTKSJ.JRTCKXETXF");

    CHECK(sink.rates.empty());
    CHECK(sink.stats().rowsRead == 2);
    REQUIRE(sink.stats().skipped.count("capacity block row (not a list price)") == 1);
    const auto& skip = sink.stats().skipped.at("capacity block row (not a list price)");
    CHECK(skip.count == 1);
    CHECK_THAT(
        skip.firstWhere,
        Catch::Matchers::StartsWith("AmazonEC2_us-east-1_v20240528203522_excerpt.json: byte "));
    CHECK(sink.stats().skippedTotal() == 1);
}

TEST_CASE("The China EBS storage price is kept as a CNY rate", "[pricing][aws][awsoffer]")
{
    VectorSink sink;
    const auto path = cloudcost::testing::sharedData(
        "aws/offer-file-json/AmazonEC2_cn-northwest-1_v20230314154740_excerpt.json");
    auto facts = importJson(path, sink);
    REQUIRE(facts);
    CHECK(facts->key == "aws-offer:AmazonEC2:cn-northwest-1");
    CHECK(facts->publishedAt == "2023-03-14T15:47:40Z");
    CHECK(sink.offers.empty());
    REQUIRE(sink.rates.size() == 1);
    const Rate& r = sink.rates[0];
    CHECK(r.provider == "aws");
    CHECK(r.service == "AmazonEC2");
    CHECK(r.productFamily == "Storage");
    CHECK(r.region == "cn-northwest-1");
    CHECK(r.sku == "R83VXG9NAPDASEGN.5Y9WH78GDR.Q7UJUT2CE6");
    CHECK(r.usageType == "CNW1-EBS:VolumeUsage.gp3");
    CHECK(r.unit == "GB-Mo");
    CHECK(r.price == Approx(0.5312));
    CHECK(r.currency == "CNY");
    CHECK(r.beginRange == 0);
    CHECK_FALSE(r.endRange.has_value()); // "Inf"
    CHECK(r.termType == "on_demand");
    CHECK(r.effectiveDate == "2023-03-01");
    CHECK_THAT(r.description, Catch::Matchers::StartsWith("0.5312 CNY per GB-month"));
    CHECK(sink.stats().skippedTotal() == 0);
}

TEST_CASE("Terms before products give the same offers as the usual order",
          "[pricing][aws][awsoffer]")
{
    TempFiles files;
    const std::vector<MiniTerm> reserved = {
        {"P1",
         "HU7G6KETJZ",
         {{"LeaseContractLength", "1yr"},
          {"OfferingClass", "standard"},
          {"PurchaseOption", "Partial Upfront"}},
         {MiniDim{"Quantity", "\"252\"", "USD", "", "", "2TG2D8R56U"},
          MiniDim{"Hrs", "\"0.0290000000\""}}}};
    const MiniTerm od = kM5OnDemand;
    for (bool termsFirst : {false, true}) {
        INFO("terms first: " << termsFirst);
        VectorSink sink;
        const auto path = files.write("order.json", offerJson({kM5}, {od}, reserved, termsFirst));
        TotalProgress progress;
        ImportRequest request;
        request.path = path;
        request.displayName = "order.json";
        request.progress = &progress;
        auto facts = aws::importOfferJson(request, sink);
        REQUIRE(facts);
        // Terms first take a second pass over the file, reported as twice its size.
        const auto size = std::filesystem::file_size(path);
        CHECK(progress.lastTotal == (termsFirst ? 2 * size : size));
        CHECK(progress.lastDone == progress.lastTotal);
        CHECK(facts->key == "aws-offer:AmazonEC2:us-east-1");
        REQUIRE(sink.offers.size() == 2);
        CHECK(sink.offers[0].purchaseOption == PurchaseOption::OnDemand);
        CHECK(sink.offers[0].hourly == Approx(0.096));
        CHECK(sink.offers[1].purchaseOption == PurchaseOption::Reserved);
        CHECK(sink.offers[1].termMonths == 12);
        CHECK(sink.offers[1].paymentOption == PaymentOption::PartialUpfront);
        CHECK(sink.offers[1].offeringClass == "standard");
        CHECK(sink.offers[1].upfront == Approx(252));
        CHECK(sink.offers[1].hourly == Approx(0.029));
        CHECK(sink.offers[1].sku == "P1.HU7G6KETJZ");
        CHECK(sink.stats().rowsRead == 2);
        CHECK(sink.stats().skippedTotal() == 0);
    }
}

TEST_CASE("Terms are classified by their attributes and odd prices are skipped with reasons",
          "[pricing][aws][awsoffer]")
{
    TempFiles files;
    auto term = [](std::string sku, std::string code, Attrs attrs, std::vector<MiniDim> dims) {
        for (auto& d : dims) {
            d.price = "\"" + d.price + "\"";
        }
        return MiniTerm{std::move(sku), std::move(code), std::move(attrs), std::move(dims)};
    };
    const Attrs threeYearAll = {{"LeaseContractLength", "3 year"},
                                {"OfferingClass", "convertible"},
                                {"PurchaseOption", "All Upfront"}};
    const std::vector<MiniTerm> onDemand = {
        // A lease length in the OnDemand map still makes a reservation.
        term("P1",
             "AAAAAAAAAA",
             threeYearAll,
             {MiniDim{"Quantity", "1161", "USD", "", "", "2TG2D8R56U"},
              MiniDim{"Hrs", "0.0000000000"}}),
        term("P1",
             "BBBBBBBBBB",
             {},
             {MiniDim{"Hrs", "0.1", "USD", "0", "100"},
              MiniDim{"Hrs", "0.05", "USD", "100", "Inf", "XXXXXXXXXX"}}),
        term("P1", "CCCCCCCCCC", {}, {MiniDim{"Hrs", "0.0000000000"}}),
        term("P1", "DDDDDDDDDD", {}, {MiniDim{"GB-Mo", "0.1"}}),
        term("P2", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.188"}}),
        term("P3", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.375"}}),
        term("P4", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.09"}}),
        term("P5", "JRTCKXETXF", {}, {MiniDim{"Hrs", "5.4"}}),
        term("P6", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.077"}}),
        term("P7", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.1"}}),
        term("P8", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.1"}}),
        term("P9", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.1"}}),
        term("P10", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.1"}}),
        term("NOPRODUCT", "JRTCKXETXF", {}, {MiniDim{"Hrs", "0.1"}}),
    };
    const std::vector<MiniTerm> reserved = {
        term("P1", "EEEEEEEEEE", {}, {MiniDim{"Hrs", "0.06"}}),
        term("P1",
             "FFFFFFFFFF",
             {{"LeaseContractLength", "1yr"},
              {"OfferingClass", "standard"},
              {"PurchaseOption", "No Upfront"}},
             {MiniDim{"Quantity", "100", "USD", "", "", "2TG2D8R56U"}, MiniDim{"Hrs", "0.06"}}),
    };
    const std::vector<MiniProduct> products = {
        kM5,
        {"P2",
         "Compute Instance",
         {{"operatingSystem", "Windows"}, {"licenseModel", "Bring your own license"}}},
        {"P3", "Compute Instance", {{"operatingSystem", "Windows"}, {"preInstalledSw", "SQL Std"}}},
        {"P4",
         "Compute Instance",
         {{"instanceType", "m6g.large"},
          {"physicalProcessor", "AWS Graviton2 Processor"},
          {"regionCode", ""},
          {"location", "EU (Frankfurt)"}}},
        {"P5",
         "Dedicated Host",
         {{"instanceType", "m5d"},
          {"vcpu", "96"},
          {"memory", "NA"},
          {"tenancy", "NA"},
          {"operatingSystem", "NA"},
          {"licenseModel", "NA"}}},
        {"P6",
         "Compute Instance",
         {{"regionCode", ""},
          {"location", "US West (Los Angeles)"},
          {"locationType", "AWS Local Zone"},
          {"usagetype", "LAX1-BoxUsage:m5.large"}}},
        {"P7",
         "Compute Instance",
         {{"regionCode", ""},
          {"location", "US East (Atlantis)"},
          {"locationType", "AWS Local Zone"}}},
        {"P8", "Compute Instance", {{"tenancy", "Reserved"}}},
        {"P9", "Compute Instance", {{"capacitystatus", "UnusedCapacityReservation"}}},
        {"P10", "Compute Instance", {{"operatingSystem", "RHEL"}, {"memory", "1,152 GiB"}}},
        {"P11", "Compute Instance", {}}, // no terms at all
    };
    VectorSink sink;
    auto facts =
        importJson(files.write("rules.json", offerJson(products, onDemand, reserved)), sink);
    REQUIRE(facts);
    // Only the us-east-1 Region products count for the key; P4 is in eu-central-1.
    CHECK(facts->key == "aws-offer:AmazonEC2:all");

    auto find = [&](const std::string& sku) -> const Offer* {
        for (const auto& o : sink.offers) {
            if (o.sku == sku) {
                return &o;
            }
        }
        return nullptr;
    };
    const Offer* allUpfront = find("P1.AAAAAAAAAA");
    REQUIRE(allUpfront);
    CHECK(allUpfront->purchaseOption == PurchaseOption::Reserved);
    CHECK(allUpfront->termMonths == 36);
    CHECK(allUpfront->paymentOption == PaymentOption::AllUpfront);
    CHECK(allUpfront->offeringClass == "convertible");
    CHECK(allUpfront->upfront == Approx(1161));
    CHECK(allUpfront->hourly == 0);

    const Offer* byol = find("P2.JRTCKXETXF");
    REQUIRE(byol);
    CHECK(byol->os == "windows");
    CHECK(byol->licenseModel == "byol");
    CHECK(byol->hourly == Approx(0.188));

    const Offer* sql = find("P3.JRTCKXETXF");
    REQUIRE(sql);
    CHECK(sql->licenseModel == "included");
    CHECK(sql->preinstalledSoftware == "SQL Std");

    const Offer* graviton = find("P4.JRTCKXETXF");
    REQUIRE(graviton);
    CHECK(graviton->arch == "arm64");
    CHECK(graviton->region == "eu-central-1"); // from the location name

    const Offer* host = find("P5.JRTCKXETXF");
    REQUIRE(host);
    CHECK(host->tenancy == "host");
    CHECK(host->instanceType == "m5d");
    CHECK(host->vcpus == Approx(96));
    CHECK_FALSE(host->memoryGib.has_value());
    CHECK(host->os.empty());
    CHECK(host->licenseModel.empty());

    const Offer* localZone = find("P6.JRTCKXETXF");
    REQUIRE(localZone);
    CHECK(localZone->region == "us-west-2-lax-1");

    const Offer* rhel = find("P10.JRTCKXETXF");
    REQUIRE(rhel);
    CHECK(rhel->os == "rhel");
    CHECK(rhel->licenseModel == "included");
    CHECK(rhel->memoryGib == Approx(1152));

    CHECK(sink.offers.size() == 7);
    const auto& skipped = sink.stats().skipped;
    auto count = [&](const std::string& reason) -> std::uint64_t {
        const auto it = skipped.find(reason);
        return it == skipped.end() ? 0 : it->second.count;
    };
    CHECK(count("instance term with several hourly prices (tiered; not a list price)") == 1);
    CHECK(count("zero on-demand price (billed another way, e.g. per Dedicated Host; not a list "
                "price)")
          == 1);
    CHECK(count("instance price in unit 'GB-Mo' (not Hrs or Quantity)") == 1);
    CHECK(count("term in Reserved without LeaseContractLength") == 1);
    CHECK(count("No Upfront term with an upfront fee (contradictory)") == 1);
    CHECK(count("location 'US East (Atlantis)' (AWS Local Zone) has no regionCode and no known "
                "region code")
          == 1);
    CHECK(count("tenancy 'Reserved' (not shared, dedicated or host)") == 1);
    CHECK(count("capacity status 'UnusedCapacityReservation' (not a list price)") == 1);
    CHECK(count("term for a SKU that has no product") == 1);
    CHECK(count("product without price terms") == 1);
    CHECK(sink.stats().rowsRead == 16 + 1);
    CHECK(sink.stats().skippedTotal() == 10);
}

TEST_CASE("Malformed offer JSON gives an error naming the file and byte",
          "[pricing][aws][awsoffer][error]")
{
    const std::string valid = offerJson({kM5}, {kM5OnDemand});
    auto withPrice = [&](const std::string& price, const std::string& currency = "USD") {
        MiniTerm t = kM5OnDemand;
        t.dims[0].price = price;
        t.dims[0].currency = currency;
        return offerJson({kM5}, {t});
    };
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = valid;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        s.replace(at, from.size(), to);
        return s;
    };
    std::string deep = "{\"formatVersion\" : \"v1.0\", \"x\" : ";
    deep += std::string(200, '[') + std::string(200, ']') + "}";
    const auto [content,
                expected,
                why] = GENERATE_COPY(table<std::string, std::string, std::string>({
        {valid.substr(0, valid.size() / 2), "ends in the middle of the JSON document", "truncated"},
        {withPrice("\"-0.5\""), "price of P1.JRTCKXETXF.6YS6EN2CT7 is negative", "negative"},
        {withPrice("\"5e12\""), "is absurdly large", "absurd price"},
        {withPrice("\"abc\""),
         "price 'abc' of P1.JRTCKXETXF.6YS6EN2CT7 is not a decimal number",
         "text price"},
        {withPrice("[ ]"), "expected a string for a price, found an array", "array price"},
        {withPrice("\"0.096\"", "XYZ"), "unknown currency 'XYZ'", "unknown currency"},
        {replaced("\"products\" : {", "\"products\" : [ ], \"x\" : {"),
         "expected an object for \"products\", found '['",
         "products is an array"},
        {replaced("\"vcpu\" : \"2\"", "\"vcpu\" : { }"),
         "expected a string for vcpu",
         "attribute is an object"},
        {"", "file is empty", "empty file"},
        {"  \n\n ", "file is empty", "blank file"},
        {std::string("\0\0\0\0", 4), "NUL byte", "binary file"},
        {"[1, 2, 3]", "expected '{'", "an array document"},
        {"{\"formatVersion\" : \"v1.0\", \"regions\" : { }}",
         "not an AWS Price List offer file",
         "a region index"},
        {valid + "x", "expected the end of the file", "garbage after the document"},
        {deep, "nested too deeply", "deep nesting"},
        {replaced("\"v1.0\"", "\"v2.0\""),
         "unsupported offer file formatVersion 'v2.0'",
         "future format"},
        {replaced("\"terms\"", "\"termz\""), "has no \"terms\" object", "no terms"},
        {replaced("\"sku\" : \"P1\"", "\"sku\" : \"P1\n\""),
         "control character inside a string",
         "raw newline in a string"},
    }));
    INFO(why);
    TempFiles files;
    VectorSink sink;
    auto facts = importJson(files.write("bad.json", content), sink);
    REQUIRE_FALSE(facts);
    CHECK_THAT(facts.error().describe(), Catch::Matchers::Contains(expected));
    CHECK_THAT(facts.error().context, Catch::Matchers::StartsWith("bad.json"));
}

TEST_CASE("Errors in offer JSON give the byte offset where the problem is",
          "[pricing][aws][awsoffer][error]")
{
    MiniTerm t = kM5OnDemand;
    t.dims[0].price = "\"-1\"";
    const std::string content = offerJson({kM5}, {t});
    TempFiles files;
    VectorSink sink;
    auto facts = importJson(files.write("neg.json", content), sink);
    REQUIRE_FALSE(facts);
    // The term object of P1 starts at its '{' after "P1.JRTCKXETXF" :
    const auto termAt = content.find("{", content.find("\"P1.JRTCKXETXF\" :"));
    CHECK(facts.error().context == "neg.json: byte " + std::to_string(termAt));

    const std::string truncated = content.substr(0, 700);
    VectorSink sink2;
    auto cut = importJson(files.write("cut.json", truncated), sink2);
    REQUIRE_FALSE(cut);
    CHECK(cut.error().context == "cut.json: byte 700");
}

TEST_CASE("The offer file sniffers tell the three AWS forms apart", "[pricing][aws][awsoffer]")
{
    auto head = [](const std::string& relative) {
        std::ifstream in(cloudcost::testing::sharedData(relative), std::ios::binary);
        std::string s(65536, '\0');
        in.read(s.data(), static_cast<std::streamsize>(s.size()));
        s.resize(static_cast<std::size_t>(in.gcount()));
        return s;
    };
    const std::string ec2 =
        head("aws/offer-file-json/AmazonEC2_us-east-1_v20240528203522_excerpt.json");
    const std::string china =
        head("aws/offer-file-json/AmazonEC2_cn-northwest-1_v20230314154740_excerpt.json");
    const std::string getProducts =
        head("aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json");
    const std::string comprehend =
        head("aws/price-list-csv/comprehend_ap-south-1_v20260116160258_part1.csv");
    const std::string savings = head(
        "aws/savings-plans/AWSDatabaseSavingsPlans_ap-south-2_v20260422194203_RDS-ES-DMS-rows.csv");
    const std::string offerIndex = head("aws/offer-index/offers_v1.0_aws_index.json");
    const std::string regionIndex = head("aws/offer-index/comprehend_region_index.json");
    const std::string spRegionIndex =
        head("aws/offer-index/AWSDatabaseSavingsPlans_region_index.json");
    const std::string spot =
        head("aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json");

    CHECK(aws::sniffOfferJson(ec2, "x.json") >= 80);
    CHECK(aws::sniffOfferJson(china, "x.json") >= 80);
    CHECK(aws::sniffOfferJson(getProducts, "x.json") == 0);
    CHECK(aws::sniffOfferJson(offerIndex, "x.json") == 0);
    CHECK(aws::sniffOfferJson(regionIndex, "x.json") == 0);
    CHECK(aws::sniffOfferJson(spRegionIndex, "x.json") == 0);
    CHECK(aws::sniffOfferJson(spot, "x.json") == 0);

    CHECK(aws::sniffGetProducts(getProducts, "x.json") >= 80);
    CHECK(aws::sniffGetProducts(ec2, "x.json") == 0);
    CHECK(aws::sniffGetProducts(offerIndex, "x.json") == 0);
    CHECK(aws::sniffGetProducts(regionIndex, "x.json") == 0);
    CHECK(aws::sniffGetProducts(spot, "x.json") == 0);
    CHECK(aws::sniffGetProducts(R"({"FormatVersion":"aws_v1","PriceList":["{}"],"NextToken":null})",
                                "p.json")
          >= 80);

    CHECK(aws::sniffOfferCsv(comprehend, "x.csv") >= 80);
    CHECK(aws::sniffOfferCsv(savings, "x.csv") == 0); // the Savings Plans importer's
    CHECK(aws::sniffOfferCsv(ec2, "x.csv") == 0);
    CHECK(aws::sniffOfferCsv(
              "FormatVersion,v1.0\nDisclaimer,x\nPublication Date,2024-01-01T00:00:00Z\n"
              "Version,1\nOfferCode,AmazonEC2\nSKU,OfferTermCode,RateCode,TermType,"
              "PriceDescription,EffectiveDate,StartingRange,EndingRange,Unit,"
              "PricePerUnit,Currency\n",
              "x.csv")
          >= 80);

    // The registry picks them in priority order.
    for (const auto& [relative, format] :
         {std::pair{"aws/offer-file-json/AmazonEC2_us-east-1_v20240528203522_excerpt.json",
                    "aws-offer-json"},
          std::pair{
              "aws/pricing-api-getproducts/GetProducts_PriceListItem_m5.large_us-east-1_2021.json",
              "aws-getproducts"},
          std::pair{"aws/price-list-csv/comprehend_ap-south-1_v20260116160258_part1.csv",
                    "aws-offer-csv"}}) {
        auto detected = detectImporter(cloudcost::testing::sharedData(relative));
        REQUIRE(detected);
        CHECK((*detected)->name == format);
    }
}
