#include "pricing/importers/AzureRetailPrices.h"

#include "pricing/ImportSupport.h"
#include "pricing/Importer.h"
#include "pricing/tests/VectorSink.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;
using cloudcost::pricing::testing::VectorSink;
namespace fs = std::filesystem;

namespace {

const char* const kSample = "azure/retail-prices_items_unfiltered-first1000_2026-08-22.json";

Result<SourceFacts> importFile(const fs::path& path, VectorSink& sink)
{
    ImportRequest request;
    request.path = path;
    request.displayName = path.filename().string();
    return azure::importRetailPrices(request, sink);
}

fs::path writeFile(const std::string& name, const std::string& contents)
{
    static const fs::path dir = cloudcost::testing::makeTempDir("azure-retail");
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

// A minimal VM item; tests change what they need.
nlohmann::json vmItem()
{
    return {{"currencyCode", "USD"},
            {"tierMinimumUnits", 0.0},
            {"retailPrice", 0.2},
            {"unitPrice", 0.2},
            {"armRegionName", "eastus"},
            {"location", "US East"},
            {"effectiveStartDate", "2025-01-01T00:00:00Z"},
            {"meterId", "11111111-2222-3333-4444-555555555555"},
            {"meterName", "D2s v5"},
            {"productId", "DZH318Z0TEST"},
            {"skuId", "DZH318Z0TEST/0001"},
            {"productName", "Virtual Machines Dsv5 Series"},
            {"skuName", "D2s v5"},
            {"serviceName", "Virtual Machines"},
            {"serviceId", "DZH313Z7MMC8"},
            {"serviceFamily", "Compute"},
            {"unitOfMeasure", "1 Hour"},
            {"type", "Consumption"},
            {"isPrimaryMeterRegion", true},
            {"armSkuName", "Standard_D2s_v5"}};
}

std::vector<const Offer*>
find(const VectorSink& sink, const std::string& type, const std::string& region)
{
    std::vector<const Offer*> out;
    for (const auto& o : sink.offers) {
        if (o.instanceType == type && o.region == region) {
            out.push_back(&o);
        }
    }
    return out;
}

} // namespace

TEST_CASE("The Retail Prices sample gives one offer per VM item and rates for the rest",
          "[pricing][azure]")
{
    VectorSink sink;
    auto facts = importFile(cloudcost::testing::sharedData(kSample), sink);
    REQUIRE(facts);
    CHECK(sink.stats().rowsRead == 1000);
    // 682 Virtual Machines items: 9 are Cloud Services roles (stored as rates), 673 are offers.
    CHECK(sink.offers.size() == 673);
    CHECK(sink.rates.size() == 327);
    CHECK(sink.stats().skippedTotal() == 0);

    const auto count = [&](auto pred) {
        return std::count_if(sink.offers.begin(), sink.offers.end(), pred);
    };
    // README: 320 regular, 205 Spot, 157 Low Priority VM items; 2 regular and 7 low-priority
    // items are Cloud Services roles.
    CHECK(count([](const Offer& o) { return o.purchaseOption == PurchaseOption::OnDemand; })
          == 139 + 63);
    CHECK(count([](const Offer& o) { return o.purchaseOption == PurchaseOption::Reserved; })
          == 116);
    CHECK(count([](const Offer& o) {
              return o.purchaseOption == PurchaseOption::Spot && o.offeringClass.empty();
          })
          == 139);
    CHECK(count([](const Offer& o) { return o.offeringClass == "low_priority"; }) == 98);
    CHECK(count([](const Offer& o) { return o.offeringClass == "devtest"; }) == 63 + 66 + 52);
    CHECK(count([](const Offer& o) { return o.purchaseOption == PurchaseOption::Spot; })
          == 205 + 150);
    CHECK(count([](const Offer& o) { return o.os == "windows"; }) == 372);
    CHECK(count([](const Offer& o) { return o.tenancy == "host"; }) == 15);
    CHECK(count([](const Offer& o) { return o.currency != "USD"; }) == 0);
    // Specs are not in Retail Prices items.
    CHECK(count([](const Offer& o) { return o.vcpus.has_value() || o.memoryGib.has_value(); })
          == 0);

    CHECK(facts->format == "azure-retail-prices");
    CHECK(facts->provider == "azure");
    CHECK(facts->publishedAt.empty());
    CHECK(facts->key
          == "azure-retail:USD:file:retail-prices_items_unfiltered-first1000_2026-08-22.json");
}

TEST_CASE("A reservation total is stored as an all-upfront fee for its term", "[pricing][azure]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink));
    const auto offers = find(sink, "Standard_D4as_v7", "brazilsouth");
    REQUIRE(offers.size() == 3);
    for (const Offer* o : offers) {
        CHECK(o->os == "linux");
        CHECK(o->effectiveDate == "2025-11-01");
        if (o->purchaseOption == PurchaseOption::OnDemand) {
            CHECK(o->hourly == Approx(0.291));
            CHECK(o->sku == "DZH318Z0TBJJ/00NL/Consumption");
        } else {
            REQUIRE(o->purchaseOption == PurchaseOption::Reserved);
            CHECK(o->paymentOption == PaymentOption::AllUpfront);
            CHECK(o->hourly == 0);
            if (o->termMonths == 12) {
                CHECK(o->upfront == Approx(1505.0));
                CHECK(effectiveHourly(*o) == Approx(1505.0 / 8760.0));
                CHECK(o->sku == "DZH318Z0TBJJ/0394/Reservation/1 Year");
            } else {
                CHECK(o->termMonths == 36);
                CHECK(o->upfront == Approx(2908.0));
                CHECK(effectiveHourly(*o) == Approx(2908.0 / 26280.0));
            }
        }
    }
}

TEST_CASE("Spot and low priority and DevTest prices are told apart", "[pricing][azure]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink));
    // The first two items of the file: meter "D14/DS14 Spot", Windows, southindia.
    const auto d14 = find(sink, "Standard_D14", "southindia");
    REQUIRE(d14.size() == 2);
    for (const Offer* o : d14) {
        CHECK(o->purchaseOption == PurchaseOption::Spot);
        CHECK(o->os == "windows");
        CHECK(o->licenseModel == "included");
        CHECK(o->termMonths == 0);
        if (o->offeringClass.empty()) {
            CHECK(o->hourly == Approx(0.497297).epsilon(1e-12));
            CHECK(o->sku == "DZH318Z0BPVW/00QZ/Consumption");
        } else {
            CHECK(o->offeringClass == "devtest");
            CHECK(o->hourly == Approx(0.361284).epsilon(1e-12));
        }
    }
    // Low priority, from items with isPrimaryMeterRegion false (kept: no primary duplicate).
    const auto lowPriority = find(sink, "Standard_D16as_v4", "switzerlandnorth");
    REQUIRE(lowPriority.size() == 2);
    for (const Offer* o : lowPriority) {
        CHECK(o->purchaseOption == PurchaseOption::Spot);
        if (o->offeringClass == "low_priority") {
            CHECK(o->hourly == Approx(0.734));
        } else {
            CHECK(o->offeringClass == "devtest");
            CHECK(o->hourly == Approx(0.22));
        }
    }
    // Edge zones are ARM locations with their own prices.
    CHECK(find(sink, "Standard_D16s_v3", "attdetroit1").size() == 1);
}

TEST_CASE("Non-VM prices become rates with their unit block and tier ranges", "[pricing][azure]")
{
    VectorSink sink;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), sink));
    std::vector<const Rate*> lake;
    for (const auto& r : sink.rates) {
        if (r.sku == "DZH318Z0BQPX/0018/000a2755-e888-4145-9cdc-629fcd956d28/Consumption") {
            lake.push_back(&r);
        }
    }
    REQUIRE(lake.size() == 4);
    std::sort(lake.begin(), lake.end(), [](const Rate* a, const Rate* b) {
        return a->beginRange < b->beginRange;
    });
    CHECK(lake[0]->region == "japaneast");
    CHECK(lake[0]->unit == "GB/Month");
    CHECK(lake[0]->unitBlock == 1);
    CHECK(lake[0]->termType == "on_demand");
    CHECK(lake[0]->price == Approx(0.042));
    CHECK(lake[0]->endRange == Approx(102400.0));
    CHECK(lake[1]->beginRange == Approx(102400.0));
    CHECK(lake[1]->price == Approx(0.041));
    CHECK(lake[1]->endRange == Approx(1024000.0));
    CHECK(lake[2]->endRange == Approx(5120000.0));
    CHECK(lake[3]->beginRange == Approx(5120000.0));
    CHECK(lake[3]->price == Approx(0.039));
    CHECK_FALSE(lake[3]->endRange.has_value());

    const auto rate = [&](const std::string& skuPrefix) -> const Rate* {
        for (const auto& r : sink.rates) {
            if (r.sku.rfind(skuPrefix, 0) == 0) {
                return &r;
            }
        }
        return nullptr;
    };
    // "10K": the price is per 10,000 operations.
    const Rate* writes = rate("DZH318Z0BPH7/015K/");
    REQUIRE(writes);
    CHECK(writes->unitBlock == 10000);
    CHECK(writes->unit == "Units");
    CHECK(writes->price == Approx(0.108));
    // "100 Seconds".
    const Rate* gpuSeconds = rate("DZH318Z0BWWM/005Z/");
    REQUIRE(gpuSeconds);
    CHECK(gpuSeconds->unitBlock == 100);
    CHECK(gpuSeconds->unit == "Seconds");
    // A non-VM reservation: the price is the total for the term.
    const Rate* mysql = rate("DZH318Z0BQJ7/017G/");
    REQUIRE(mysql);
    CHECK(mysql->termType == "reserved");
    CHECK(mysql->unit == "1 Year");
    CHECK(mysql->price == Approx(569.0));
    // Billing zones stay on data-transfer rates; "Global" is not a region.
    CHECK(std::any_of(sink.rates.begin(), sink.rates.end(), [](const Rate& r) {
        return r.region == "Zone 2";
    }));
    // Cloud Services roles share armSkuName with VMs but are not VM prices.
    CHECK(std::any_of(sink.rates.begin(), sink.rates.end(), [](const Rate& r) {
        return r.description.find("Cloud Services") != std::string::npos
               && r.termType == "low_priority";
    }));
}

TEST_CASE("The same items wrapped in page envelopes give the same offers", "[pricing][azure]")
{
    VectorSink bare;
    REQUIRE(importFile(cloudcost::testing::sharedData(kSample), bare));
    const auto items = nlohmann::json::parse(readText(cloudcost::testing::sharedData(kSample)));

    SECTION("one page")
    {
        const nlohmann::json page = {{"BillingCurrency", "USD"},
                                     {"CustomerEntityId", "Default"},
                                     {"CustomerEntityType", "Retail"},
                                     {"Items", items},
                                     {"NextPageLink", nullptr},
                                     {"Count", items.size()}};
        VectorSink sink;
        REQUIRE(importFile(writeFile("page.json", page.dump(2)), sink));
        REQUIRE(sink.offers.size() == bare.offers.size());
        REQUIRE(sink.rates.size() == bare.rates.size());
        for (std::size_t i = 0; i < sink.offers.size(); ++i) {
            CHECK(sink.offers[i].sku == bare.offers[i].sku);
            CHECK(sink.offers[i].hourly == bare.offers[i].hourly);
            CHECK(sink.offers[i].upfront == bare.offers[i].upfront);
        }
    }
    SECTION("pages saved one per line while following NextPageLink")
    {
        const std::string link = "https://prices.azure.com:443/api/retail/prices?"
                                 "$filter=serviceName%20eq%20%27Virtual%20Machines%27&$skip=";
        std::string ndjson;
        for (std::size_t first = 0; first < items.size(); first += 100) {
            nlohmann::json page = {{"BillingCurrency", "USD"},
                                   {"Items", nlohmann::json::array()},
                                   {"Count", 100}};
            for (std::size_t i = first; i < first + 100; ++i) {
                page["Items"].push_back(items[i]);
            }
            page["NextPageLink"] = first + 100 < items.size()
                                       ? nlohmann::json(link + std::to_string(first + 100))
                                       : nlohmann::json(nullptr);
            ndjson += page.dump() + "\n";
        }
        VectorSink sink;
        auto facts = importFile(writeFile("pages.ndjson", ndjson), sink);
        REQUIRE(facts);
        CHECK(sink.stats().rowsRead == 1000);
        CHECK(sink.offers.size() == bare.offers.size());
        CHECK(sink.rates.size() == bare.rates.size());
        CHECK(facts->key == "azure-retail:USD:$filter=serviceName eq 'Virtual Machines'");
    }
}

TEST_CASE("Unit of measure strings are split into a block size and a unit", "[pricing][azure]")
{
    const auto [text, block, unit, hours] =
        GENERATE(table<std::string, double, std::string, double>({
            {"1 Hour", 1, "Hour", 1},
            {"100 Hours", 100, "Hours", 1},
            {"1/Hour", 1, "Units/Hour", 1},
            {"100 Seconds", 100, "Seconds", 1.0 / 3600},
            {"1 1 Hour", 1, "Hour", 1},
            {"1 小时", 1, "小时", 1},
            {"10K", 10000, "Units", 0},
            {"1M", 1e6, "Units", 0},
            {"10K/Month", 10000, "Units/Month", 0},
            {"1 GB/Month", 1, "GB/Month", 0},
            {"1 MB", 1, "MB", 0},
            {"1/Month", 1, "Units/Month", 0},
            {"1024 GB", 1024, "GB", 0},
            {"10000s", 1, "10000s", 0},
            {"Hours", 1, "Hours", 1},
            {"1 ", 1, "Units", 0},
        }));
    INFO(text);
    const auto uom = azure::parseUnitOfMeasure(text);
    REQUIRE(uom);
    CHECK(uom->blockSize == Approx(block));
    CHECK(uom->unit == unit);
    if (hours == 0) {
        CHECK_FALSE(uom->hoursPerUnit.has_value());
    } else {
        REQUIRE(uom->hoursPerUnit.has_value());
        CHECK(*uom->hoursPerUnit == Approx(hours));
    }
    CHECK_FALSE(azure::parseUnitOfMeasure(""));
    CHECK_FALSE(azure::parseUnitOfMeasure("0 Hours"));
}

TEST_CASE("A VM price per block of hours becomes a price per hour", "[pricing][azure]")
{
    auto item = vmItem();
    item["unitOfMeasure"] = "100 Hours";
    item["retailPrice"] = 12.5;
    VectorSink sink;
    REQUIRE(importFile(writeFile("block.json", nlohmann::json::array({item}).dump()), sink));
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].hourly == Approx(0.125));
    CHECK(sink.offers[0].region == "eastus");
    CHECK(sink.offers[0].os == "linux");
    CHECK(sink.offers[0].licenseModel.empty());
}

TEST_CASE("Savings plan prices become one extra offer per term", "[pricing][azure]")
{
    auto item = vmItem();
    item["savingsPlan"] = {{{"unitPrice", 0.15}, {"retailPrice", 0.15}, {"term", "1 Year"}},
                           {{"unitPrice", 0.1}, {"retailPrice", 0.1}, {"term", "3 Years"}}};
    VectorSink sink;
    REQUIRE(importFile(writeFile("sp.json", nlohmann::json::array({item}).dump()), sink));
    REQUIRE(sink.offers.size() == 3);
    CHECK(sink.offers[0].purchaseOption == PurchaseOption::OnDemand);
    CHECK(sink.offers[0].hourly == Approx(0.2));
    for (int i : {1, 2}) {
        const Offer& sp = sink.offers[static_cast<std::size_t>(i)];
        CHECK(sp.purchaseOption == PurchaseOption::SavingsPlan);
        CHECK(sp.paymentOption == PaymentOption::NoUpfront);
        CHECK(sp.upfront == 0);
    }
    CHECK(sink.offers[1].termMonths == 12);
    CHECK(sink.offers[1].hourly == Approx(0.15));
    CHECK(sink.offers[2].termMonths == 36);
    CHECK(sink.offers[2].hourly == Approx(0.1));
    CHECK(sink.offers[2].sku == "DZH318Z0TEST/0001/SavingsPlan/3 Years");
}

TEST_CASE("A non-primary meter region never duplicates a primary price", "[pricing][azure]")
{
    auto secondary = vmItem();
    secondary["isPrimaryMeterRegion"] = false;
    secondary["retailPrice"] = 0.25;
    secondary["meterId"] = "99999999-2222-3333-4444-555555555555";
    secondary["skuId"] = "DZH318Z0TEST/0099";
    const auto primary = vmItem();
    VectorSink sink;
    REQUIRE(
        importFile(writeFile("primary.json", nlohmann::json::array({secondary, primary}).dump()),
                   sink));
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].hourly == Approx(0.2));
    CHECK(sink.stats().skipped.count("non-primary meter region repeating an offer already stored "
                                     "(isPrimaryMeterRegion false)")
          == 1);
}

TEST_CASE("VM prices without a usable region are skipped with the value in the reason",
          "[pricing][azure]")
{
    auto zone = vmItem();
    zone["armRegionName"] = "Zone 2";
    zone["location"] = "Zone 2";
    auto global = vmItem();
    global["armRegionName"] = "Global";
    auto byLocation = vmItem();
    byLocation["armRegionName"] = "";
    byLocation["location"] = "BR South";
    VectorSink sink;
    REQUIRE(importFile(
        writeFile("regions.json", nlohmann::json::array({zone, global, byLocation}).dump()),
        sink));
    REQUIRE(sink.offers.size() == 1);
    CHECK(sink.offers[0].region == "brazilsouth");
    CHECK(sink.stats().skipped.count("VM price without a usable region (armRegionName 'Zone 2')")
          == 1);
    CHECK(sink.stats().skipped.count("VM price without a usable region (armRegionName 'Global')")
          == 1);
    CHECK(sink.stats()
              .skipped.at("VM price without a usable region (armRegionName 'Zone 2')")
              .firstWhere
          == "regions.json: item 1");
    CHECK(azure::regionFromLocation("US East") == "eastus");
    CHECK(azure::regionFromLocation("IL Northwest") == "israelnorthwest");
    CHECK(azure::regionFromLocation("Atlantis").empty());
}

TEST_CASE("The operating system comes from the product name", "[pricing][azure]")
{
    CHECK(azure::osFromProductName("Virtual Machines Dasv4 Series Windows") == "windows");
    CHECK(azure::osFromProductName("Virtual Machines Dasv4 Series") == "linux");
    CHECK(azure::osFromProductName("Virtual Machines DCsv3 Series Linux") == "linux");
    CHECK(azure::osFromProductName("Red Hat Enterprise Linux for SAP with HA") == "rhel_ha");
    CHECK(azure::osFromProductName("Virtual Machines RHEL") == "rhel");
    CHECK(azure::osFromProductName("SUSE Linux Enterprise Server") == "suse");
    CHECK(azure::osFromProductName("Ubuntu Pro") == "ubuntu_pro");
}

TEST_CASE("Malformed Retail Prices files fail with the file and line and what was expected",
          "[pricing][azure][error]")
{
    const std::string good = vmItem().dump();
    auto withPrice = [](nlohmann::json price) {
        auto item = vmItem();
        item["retailPrice"] = std::move(price);
        return nlohmann::json::array({item}).dump(1);
    };
    auto withCurrency = vmItem();
    withCurrency["currencyCode"] = "XYZ";
    auto reservation = vmItem();
    reservation["type"] = "Reservation";
    const auto [contents, expected, why] =
        GENERATE_REF(table<std::string, std::string, std::string>({
            {"[" + good + ",\n" + good.substr(0, 100), "truncated JSON", "truncated array"},
            {withPrice("abc"),
             "\"retailPrice\" must be a number, found string \"abc\"",
             "price as text"},
            {withPrice(-0.5), "retailPrice is negative", "negative price"},
            {withPrice(1e15), "absurdly large", "absurd price"},
            {"[" + withCurrency.dump() + "]", "unknown currency 'XYZ'", "unknown currency"},
            {R"({"BillingCurrency": "USD", "NextPageLink": null, "Count": 0})",
             "a Retail Prices page without \"Items\"",
             "envelope without Items"},
            {R"({"BillingCurrency": "USD", "Items": {"a": 1}})",
             "\"Items\" must be an array",
             "Items is an object"},
            {"   \n", "file is empty", "empty file"},
            {std::string("[") + good + ",\n" + std::string(1, '\0') + "]", "NUL byte", "NUL byte"},
            {std::string(200, '[') + std::string(200, ']'), "nested deeper", "deep nesting"},
            {"\"hello\"", "expected a JSON array of Retail Prices items", "a string"},
            {"[" + reservation.dump() + "]", "reservationTerm", "reservation without a term"},
            {"[1, 2]", "expected a price item object, found number 1", "numbers"},
            {"[{\"retailPrice\": 1, \"x\": tru}]", "invalid JSON at byte", "bad literal"},
            {"[" + good + ",]", "trailing comma", "trailing comma"},
        }));
    INFO(why);
    VectorSink sink;
    auto facts = importFile(writeFile("bad.json", contents), sink);
    REQUIRE_FALSE(facts);
    const std::string message = facts.error().describe();
    INFO(message);
    CHECK(message.rfind("bad.json", 0) == 0);
    CHECK(message.find(expected) != std::string::npos);
}

TEST_CASE("Errors inside an item name the item and its line", "[pricing][azure][error]")
{
    auto bad = vmItem();
    bad["retailPrice"] = "abc";
    const std::string text = "[\n" + vmItem().dump() + ",\n" + bad.dump() + "\n]";
    VectorSink sink;
    auto facts = importFile(writeFile("lines.json", text), sink);
    REQUIRE_FALSE(facts);
    CHECK(facts.error().context == "lines.json:3");
    CHECK(facts.error().message.rfind("item 2: ", 0) == 0);
}

TEST_CASE("Retail Prices files are recognised from their first bytes", "[pricing][azure]")
{
    const std::string head = readText(cloudcost::testing::sharedData(kSample)).substr(0, 65536);
    CHECK(azure::sniffRetailPrices(head, "x.json") >= 90);
    CHECK(azure::sniffRetailPrices(R"({"BillingCurrency":"USD","Items":[)", "p.json") >= 90);
    CHECK(azure::sniffRetailPrices(R"({"skus": [{"skuId": "x"}]})", "s.json") == 0);
    auto detected = detectImporter(cloudcost::testing::sharedData(kSample));
    REQUIRE(detected);
    CHECK((*detected)->name == "azure-retail-prices");
}
