#include "pricing/importers/GcpBillingSkus.h"

#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;
namespace fs = std::filesystem;

namespace {

const char* const kSkus =
    "gcp/cloudbilling-skus/compute-engine_skus_page_opencost-fixture_2023-08.json";

Result<SourceFacts> importFile(const fs::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return gcp::importBillingSkus(request, sink);
}

fs::path writeFile(const std::string& name, const std::string& contents)
{
    static const fs::path dir = cloudcost::testing::makeTempDir("gcp-skus");
    const fs::path path = dir / name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
}

std::string readText(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A raw-API-shaped SKU; tests change what they need.
nlohmann::json sku(const std::string& id,
                   const std::string& description,
                   const std::string& group,
                   const std::string& usageType,
                   // A vector, not a json: `{usd(...)}` must stay a one-element list (clang
                   // would copy-initialise a json from a single braced element).
                   const std::vector<nlohmann::json>& tiers,
                   const std::string& unit = "h")
{
    return {
        {"name", "services/6F81-5844-456A/skus/" + id},
        {"skuId", id},
        {"description", description},
        {"category",
         {{"serviceDisplayName", "Compute Engine"},
          {"resourceFamily", "Compute"},
          {"resourceGroup", group},
          {"usageType", usageType}}},
        {"serviceRegions", {"us-central1"}},
        {"pricingInfo",
         {{{"summary", ""},
           {"pricingExpression",
            {{"usageUnit", unit}, {"displayQuantity", 1}, {"tieredRates", nlohmann::json(tiers)}}},
           {"currencyConversionRate", 1},
           {"effectiveTime", "2024-01-02T03:04:05.678Z"}}}},
        {"serviceProviderName", "Google"}};
}

nlohmann::json usd(const std::string& units, std::int64_t nanos, double start = 0)
{
    return {{"startUsageAmount", start},
            {"unitPrice", {{"currencyCode", "USD"}, {"units", units}, {"nanos", nanos}}}};
}

} // namespace

TEST_CASE("Every SKU of the Cloud Billing fixture is priced from units and nanos exactly",
          "[pricing][gcp]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSkus), sink);
    REQUIRE(facts);
    CHECK(sink.stats().rowsRead == 7);
    CHECK(sink.stats().skippedTotal() == 0);
    // One rate per region in serviceRegions: 3 + 3 + 3 + 1 + 1 + 3 + 3.
    REQUIRE(sink.rates.size() == 17);

    struct Expected
    {
        double price;
        std::string currency;
        std::string family;
        std::string resource;
        std::string unit;
        std::string date;
        std::size_t regions;
    };
    const std::map<std::string, Expected> expected = {
        {"039F-D0DA-4055", {2.933908, "USD", "", "gpu:nvidia-tesla-a100", "h", "2023-03-24", 3}},
        {"2390-DCAF-DA38", {0.004237, "USD", "a2", "ram", "GiBy.h", "2023-03-24", 3}},
        {"2922-40C5-B19F", {0.031611, "USD", "a2", "cpu", "h", "2023-03-24", 3}},
        {"4756-01E4-0F32", {68.204999658, "IDR", "t2d", "ram", "GiBy.h", "2023-08-10", 1}},
        {"9E37-EAF4-1576", {508.934997455, "IDR", "t2d", "cpu", "h", "2023-08-10", 1}},
        {"CF4E-A0C7-E3BF", {327.173848364, "IDR", "e2", "cpu", "h", "2023-08-09", 3}},
        {"F449-33EC-A5EF", {43.85294978, "IDR", "e2", "ram", "GiBy.h", "2023-08-09", 3}},
    };
    std::map<std::string, std::size_t> seen;
    for (const auto& r : sink.rates) {
        INFO(r.sku);
        REQUIRE(expected.count(r.sku) == 1);
        const auto& e = expected.at(r.sku);
        ++seen[r.sku];
        CHECK(r.price == Approx(e.price).epsilon(1e-13));
        CHECK(r.currency == e.currency);
        CHECK(r.family == e.family);
        CHECK(r.resource == e.resource);
        CHECK(r.unit == e.unit);
        CHECK(r.unitBlock == 1);
        CHECK(r.effectiveDate == e.date);
        CHECK(r.termType == "on_demand");
        CHECK(r.usageType == "OnDemand");
        CHECK(r.provider == "gcp");
        CHECK(r.service == "Compute Engine");
        CHECK(r.productFamily == "Compute");
        CHECK(r.beginRange == 0);
        CHECK_FALSE(r.endRange.has_value());
    }
    for (const auto& [id, e] : expected) {
        CHECK(seen[id] == e.regions);
    }
    CHECK(std::count_if(sink.rates.begin(),
                        sink.rates.end(),
                        [](const Rate& r) { return r.region == "asia-southeast1"; })
          == 2);
    CHECK(facts->format == "gcp-billing-skus");
    CHECK(facts->provider == "gcp");
    CHECK(facts->publishedAt.empty());
    // The page has a nextPageToken: one page of a longer list, so the file name is in the key.
    CHECK(facts->key
          == "gcp-billing-skus:6F81-5844-456A:IDR+USD:file:"
             "compute-engine_skus_page_opencost-fixture_2023-08.json");
}

TEST_CASE("Money amounts follow the google.type.Money rules", "[pricing][gcp]")
{
    CHECK(*gcp::moneyAmount("508", 934997455) == Approx(508.934997455).epsilon(1e-14));
    CHECK(*gcp::moneyAmount("0", 4237000) == Approx(0.004237).epsilon(1e-14));
    CHECK(*gcp::moneyAmount("0", -500000000) == Approx(-0.5));
    CHECK(*gcp::moneyAmount("-1", -750000000) == Approx(-1.75));
    CHECK(*gcp::moneyAmount("12", 0) == Approx(12.0));

    const auto [units, nanos, expected, why] =
        GENERATE(table<std::string, std::int64_t, std::string, std::string>({
            {"abc", 0, "units \"abc\" is not an integer", "units not a number"},
            {"1.5", 0, "is not an integer", "fractional units"},
            {"", 0, "is not an integer", "empty units"},
            {"99999999999999999999", 0, "is not an integer", "units beyond int64"},
            {"0", 1000000000, "nanos 1000000000 is out of range", "nanos too large"},
            {"0", -1000000000, "out of range", "nanos too small"},
            {"1", -1, "different signs", "positive units negative nanos"},
            {"-1", 5, "different signs", "negative units positive nanos"},
        }));
    INFO(why);
    auto amount = gcp::moneyAmount(units, nanos);
    REQUIRE_FALSE(amount);
    CHECK(amount.error().message.find(expected) != std::string::npos);
}

TEST_CASE("Compute SKU descriptions give the machine family and the resource", "[pricing][gcp]")
{
    const auto [description, group, family, resource] =
        GENERATE(table<std::string, std::string, std::string, std::string>({
            {"Spot Preemptible E2 Instance Core running in Virginia", "CPU", "e2", "cpu"},
            {"N2 Instance Ram running in Americas", "RAM", "n2", "ram"},
            {"Nvidia Tesla A100 GPU running in Americas", "GPU", "", "gpu:nvidia-tesla-a100"},
            {"Nvidia Tesla A100 80GB GPU running in Americas", "GPU", "", "gpu:nvidia-a100-80gb"},
            {"Nvidia L4 GPU running in Belgium", "GPU", "", "gpu:nvidia-l4"},
            {"Nvidia Tesla T4 Virtual Workstation GPU running in Americas",
             "GPU",
             "",
             "gpu:nvidia-tesla-t4-vws"},
            {"Nvidia Tesla T4 GPU attached to Virtual Workstation running in Americas",
             "GPU",
             "",
             "gpu:nvidia-tesla-t4-vws"},
            {"Nvidia Tesla T4 GPU attached to Spot Preemptible VMs running in Americas",
             "GPU",
             "",
             "gpu:nvidia-tesla-t4"},
            {"T2D AMD Instance Core running in Singapore", "CPU", "t2d", "cpu"},
            {"N2D AMD Instance Ram running in Americas", "RAM", "n2d", "ram"},
            {"N1 Predefined Instance Core running in Americas", "N1Standard", "n1", "cpu"},
            {"Preemptible N1 Predefined Instance Ram running in EMEA", "N1Standard", "n1", "ram"},
            {"Custom Instance Core running in Americas", "CPU", "custom", "cpu"},
            {"Custom Extended Instance Ram running in Americas", "RAM", "custom", "ram-extended"},
            {"N2 Custom Instance Core running in Americas", "CPU", "n2-custom", "cpu"},
            {"Compute optimized Core running in Americas", "CPU", "c2", "cpu"},
            {"Memory-optimized Instance Ram running in Americas", "RAM", "m1", "ram"},
            {"M2 Memory-optimized Instance Core running in Americas", "CPU", "m2", "cpu"},
            {"C4A Arm Instance Core running in Americas", "CPU", "c4a", "cpu"},
            {"Commitment v1: Cpu in Americas for 1 Year", "CPU", "n1", "cpu"},
            {"Commitment v1: E2 Ram in Americas for 3 Year", "RAM", "e2", "ram"},
            {"Micro Instance with burstable CPU running in Americas", "F1Micro", "f1", "instance"},
            {"Small Instance with 1 VCPU running in Americas", "G1Small", "g1", "instance"},
            {"Storage PD Capacity in Americas", "PDStandard", "", ""},
        }));
    INFO(description);
    const auto c = gcp::parseComputeDescription(description, group);
    CHECK(c.family == family);
    CHECK(c.resource == resource);
}

TEST_CASE("Usage types map to term types and surcharges never look like VM prices",
          "[pricing][gcp]")
{
    auto license = sku("L1",
                       "Licensing Fee for Windows Server on VM with 2 VCPU",
                       "Windows",
                       "OnDemand",
                       {usd("0", 92000000)});
    license["category"]["resourceFamily"] = "License";
    const nlohmann::json skus = {
        sku("S1",
            "Spot Preemptible E2 Instance Core running in Americas",
            "CPU",
            "Preemptible",
            {usd("0", 6543000)}),
        sku("C1",
            "Commitment v1: E2 Cpu in Americas for 1 Year",
            "CPU",
            "Commit1Yr",
            {usd("0", 13741000)}),
        sku("C0",
            "Commitment v1: E2 Ram in Americas for 3 Year",
            "RAM",
            "Commit3Yr",
            {usd("0", 0)}),
        sku("ST",
            "N2 Sole Tenancy Instance Core running in Americas",
            "CPU",
            "OnDemand",
            {usd("0", 3481000)}),
        license,
        sku("EG",
            "Network Internet Egress from Americas to Americas",
            "PremiumInternetEgress",
            "OnDemand",
            {usd("0", 0, 0), usd("0", 120000000, 1), usd("0", 85000000, 10240)},
            "GiBy"),
    };
    VectorSink sink;
    auto facts = importFile(writeFile("terms.json", nlohmann::json{{"skus", skus}}.dump()), sink);
    INFO((facts ? std::string() : facts.error().describe()));
    REQUIRE(facts);
    CHECK(sink.stats().rowsRead == 6);
    CHECK(sink.stats().skipped.count("zero-priced commitment SKU (no usable price)") == 1);
    std::map<std::string, std::vector<const Rate*>> bySku;
    for (const auto& r : sink.rates) {
        bySku[r.sku].push_back(&r);
    }
    CHECK(bySku["S1"].at(0)->termType == "spot");
    CHECK(bySku["S1"].at(0)->family == "e2");
    CHECK(bySku["C1"].at(0)->termType == "committed_use");
    CHECK(bySku["C1"].at(0)->usageType == "Commit1Yr");
    CHECK(bySku["C1"].at(0)->price == Approx(0.013741));
    CHECK(bySku.count("C0") == 0);
    CHECK(bySku["ST"].at(0)->termType == "sole_tenancy_premium");
    CHECK(bySku["L1"].at(0)->termType == "license");
    CHECK(bySku["L1"].at(0)->resource.empty());
    // Tiered egress: one rate per tier, each ending where the next begins.
    const auto& egress = bySku["EG"];
    REQUIRE(egress.size() == 3);
    CHECK(egress[0]->beginRange == 0);
    CHECK(egress[0]->endRange == Approx(1));
    CHECK(egress[0]->price == 0);
    CHECK(egress[1]->beginRange == 1);
    CHECK(egress[1]->endRange == Approx(10240));
    CHECK(egress[1]->price == Approx(0.12));
    CHECK(egress[2]->price == Approx(0.085));
    CHECK_FALSE(egress[2]->endRange.has_value());
    CHECK(egress[2]->unit == "GiBy");
}

TEST_CASE("Concatenated pages and bare SKU arrays are read like one page", "[pricing][gcp]")
{
    const auto page = nlohmann::json::parse(readText(cloudcost::testing::sharedData(kSkus)));
    const auto& skus = page.at("skus");
    nlohmann::json first = {{"skus", nlohmann::json::array()}, {"nextPageToken", "abc"}};
    nlohmann::json last = {{"skus", nlohmann::json::array()}, {"nextPageToken", ""}};
    for (std::size_t i = 0; i < skus.size(); ++i) {
        (i < 4 ? first : last)["skus"].push_back(skus[i]);
    }
    VectorSink pages;
    auto facts = importFile(writeFile("pages.json", first.dump(2) + "\n" + last.dump(2)), pages);
    REQUIRE(facts);
    CHECK(pages.rates.size() == 17);
    // The last page has no token: the file holds the whole list.
    CHECK(facts->key == "gcp-billing-skus:6F81-5844-456A:IDR+USD");

    VectorSink bare;
    REQUIRE(importFile(writeFile("bare.json", skus.dump()), bare));
    REQUIRE(bare.rates.size() == 17);
    for (std::size_t i = 0; i < bare.rates.size(); ++i) {
        CHECK(bare.rates[i].sku == pages.rates[i].sku);
        CHECK(bare.rates[i].price == pages.rates[i].price);
    }
}

TEST_CASE("Malformed SKU files fail with the file and line and what was expected",
          "[pricing][gcp][error]")
{
    const auto one = [](nlohmann::json s) {
        return nlohmann::json{{"skus", nlohmann::json::array({std::move(s)})}}.dump(2);
    };
    const auto base =
        sku("X1", "E2 Instance Core running in Americas", "CPU", "OnDemand", {usd("0", 21811000)});
    auto badUnits = base;
    badUnits["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["units"] = "abc";
    auto badNanos = base;
    badNanos["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["nanos"] =
        1000000000;
    auto negative = base;
    negative["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["units"] = "-2";
    negative["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["nanos"] = 0;
    auto noPricing = base;
    noPricing.erase("pricingInfo");
    auto currency = base;
    currency["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["currencyCode"] =
        "ZZZ";
    auto nanosText = base;
    nanosText["pricingInfo"][0]["pricingExpression"]["tieredRates"][0]["unitPrice"]["nanos"] =
        "lots";
    auto noCategory = base;
    noCategory.erase("category");
    const std::string good = one(base);

    const auto [contents, expected, why] =
        GENERATE_REF(table<std::string, std::string, std::string>({
            {one(badUnits), "units \"abc\" is not an integer", "units not a number"},
            {one(badNanos), "nanos 1000000000 is out of range", "nanos out of range"},
            {one(negative), "unit price is negative", "negative price"},
            {one(noPricing), "missing \"pricingInfo\"", "no pricingInfo"},
            {one(currency), "unknown currency 'ZZZ'", "unknown currency"},
            {one(nanosText), "nanos must be an integer, found string \"lots\"", "nanos as text"},
            {one(noCategory), "missing \"category\"", "no category"},
            {good.substr(0, good.size() / 2), "truncated JSON", "truncated page"},
            {R"({"kind": "compute#machineTypeList", "items": []})",
             "has no \"skus\"",
             "another API's list"},
            {R"({"skus": {"a": 1}})", "\"skus\" must be an array", "skus is an object"},
            {"", "file is empty", "empty file"},
        }));
    INFO(why);
    VectorSink sink;
    auto facts = importFile(writeFile("bad-skus.json", contents), sink);
    REQUIRE_FALSE(facts);
    const std::string message = facts.error().describe();
    INFO(message);
    CHECK(message.rfind("bad-skus.json", 0) == 0);
    CHECK(message.find(expected) != std::string::npos);
}

TEST_CASE("An error inside a SKU names the SKU and its line", "[pricing][gcp][error]")
{
    auto bad =
        sku("BAD-1", "E2 Instance Core running in Americas", "CPU", "OnDemand", {usd("abc", 0)});
    const std::string text = "{\"skus\": [\n"
                             + sku("OK-1",
                                   "E2 Instance Ram running in Americas",
                                   "RAM",
                                   "OnDemand",
                                   {usd("0", 2923000)},
                                   "GiBy.h")
                                   .dump()
                             + ",\n" + bad.dump() + "\n]}";
    VectorSink sink;
    auto facts = importFile(writeFile("line.json", text), sink);
    REQUIRE_FALSE(facts);
    CHECK(facts.error().context == "line.json:3");
    CHECK(facts.error().message.find("SKU 2 (BAD-1)") == 0);
}

TEST_CASE("SKU lists are recognised from their first bytes", "[pricing][gcp]")
{
    const std::string head = readText(cloudcost::testing::sharedData(kSkus));
    CHECK(gcp::sniffBillingSkus(head, "skus.json") >= 90);
    CHECK(gcp::sniffBillingSkus(R"([{"retailPrice": 1, "armRegionName": "x"}])", "a.json") == 0);
    auto detected = detectImporter(cloudcost::testing::sharedData(kSkus));
    REQUIRE(detected);
    CHECK((*detected)->name == "gcp-billing-skus");
}
