#include "pricing/importers/AzureRetailPrices.h"

#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AzureGcpJson.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>
#include <utility>

namespace cloudcost::pricing::azure {

namespace {

constexpr std::string_view kFormat = "azure-retail-prices";
constexpr std::string_view kProvider = "azure";

struct LocationAlias
{
    std::string_view location; // lower case
    std::string_view region;
};

// Retail Prices API `location` names -> ARM region ids, used only when an item has an empty
// armRegionName. Source: microsoft/finops-toolkit @ 04d370f322f6052b02893ba567c3b75195a19f99
// src/open-data/Regions.csv (MIT), the rows whose OriginalValue is the API's abbreviated form
// ("us east", "br south"); "dk east" and "il northwest" are not in that file and come from the
// location/armRegionName pairs of the 2026-08-22 Retail Prices sample.
constexpr std::array<LocationAlias, 85> kLocationAliases = {{
    {"ae central", "uaecentral"},
    {"ae north", "uaenorth"},
    {"ap east", "eastasia"},
    {"ap southeast", "southeastasia"},
    {"at east", "austriaeast"},
    {"au central", "australiacentral"},
    {"au central 2", "australiacentral2"},
    {"au east", "australiaeast"},
    {"au southeast", "australiasoutheast"},
    {"be central", "belgiumcentral"},
    {"br south", "brazilsouth"},
    {"br southeast", "brazilsoutheast"},
    {"ca central", "canadacentral"},
    {"ca east", "canadaeast"},
    {"ch north", "switzerlandnorth"},
    {"ch west", "switzerlandwest"},
    {"cl central", "chilecentral"},
    {"cn east", "chinaeast"},
    {"cn east 2", "chinaeast2"},
    {"cn east 3", "chinaeast3"},
    {"cn north", "chinanorth"},
    {"cn north 2", "chinanorth2"},
    {"cn north 3", "chinanorth3"},
    {"de central", "germanycentral"},
    {"de north", "germanynorth"},
    {"de northeast", "germanynortheast"},
    {"de west central", "germanywestcentral"},
    {"dk east", "denmarkeast"},
    {"es central", "spaincentral"},
    {"eu north", "northeurope"},
    {"eu west", "westeurope"},
    {"fi central", "finlandcentral"},
    {"fr central", "francecentral"},
    {"fr south", "francesouth"},
    {"gr central", "greececentral"},
    {"id central", "indonesiacentral"},
    {"il central", "israelcentral"},
    {"il northwest", "israelnorthwest"},
    {"in central", "centralindia"},
    {"in central jio", "jioindiacentral"},
    {"in south", "southindia"},
    {"in south central", "indiasouthcentral"},
    {"in west", "westindia"},
    {"in west jio", "jioindiawest"},
    {"it north", "italynorth"},
    {"ja east", "japaneast"},
    {"ja west", "japanwest"},
    {"kr central", "koreacentral"},
    {"kr south", "koreasouth"},
    {"mx central", "mexicocentral"},
    {"my west", "malaysiawest"},
    {"no east", "norwayeast"},
    {"no west", "norwaywest"},
    {"nz north", "newzealandnorth"},
    {"pl central", "polandcentral"},
    {"qa central", "qatarcentral"},
    {"sa east", "saudiarabiaeast"},
    {"se central", "swedencentral"},
    {"se south", "swedensouth"},
    {"tw north", "taiwannorth"},
    {"uk north", "uknorth"},
    {"uk south", "uksouth"},
    {"uk south 2", "uksouth2"},
    {"uk west", "ukwest"},
    {"us central", "centralus"},
    {"us dod central", "usdodcentral"},
    {"us dod east", "usdodeast"},
    {"us east", "eastus"},
    {"us east 2", "eastus2"},
    {"us east 3", "eastus3"},
    {"us gov az", "usgovarizona"},
    {"us gov iowa", "usgoviowa"},
    {"us gov tx", "usgovtexas"},
    {"us gov virginia", "usgovvirginia"},
    {"us north central", "northcentralus"},
    {"us sec east", "usseceast"},
    {"us sec west", "ussecwest"},
    {"us sec west central", "ussecwestcentral"},
    {"us south central", "southcentralus"},
    {"us west", "westus"},
    {"us west 2", "westus2"},
    {"us west 3", "westus3"},
    {"us west central", "westcentralus"},
    {"za north", "southafricanorth"},
    {"za west", "southafricawest"},
}};

// An ARM region id is lower-case letters and digits ("eastus", "australiacentral2", and the edge
// zones "attatlanta1"). Billing zones ("Zone 2", "US Gov Zone 1") and "Global" are not regions.
bool isArmRegionId(std::string_view s)
{
    if (s.size() < 3 || s.size() > 40 || s == "global") {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

// Region a VM can run in: armRegionName when it is an ARM region id (edge zones such as
// "attdallas1" included: they are ARM locations with their own prices), else the region of the
// display name when armRegionName is empty; "" otherwise.
std::string vmRegion(std::string_view armRegionName, std::string_view location)
{
    if (armRegionName.empty()) {
        return regionFromLocation(location);
    }
    return isArmRegionId(armRegionName) ? std::string(armRegionName) : std::string();
}

// Region of a non-VM rate: as for VMs, but a billing zone ("Zone 2") is kept as published, since
// data-transfer prices are per zone; "Global" and unknown empty ones become "" (not regional).
std::string rateRegion(std::string_view armRegionName, std::string_view location)
{
    std::string region = vmRegion(armRegionName, location);
    if (region.empty() && !armRegionName.empty() && !text::iequals(armRegionName, "global")) {
        region = std::string(armRegionName);
    }
    return region;
}

std::optional<double> hoursPerUnit(std::string_view unit)
{
    const std::string u = text::toLower(text::trim(unit));
    static constexpr std::array<std::string_view, 9> hours =
        {"hour", "hours", "hr", "hrs", "hora", "horas", "小时", "units/hour", "units/小时"};
    if (std::find(hours.begin(), hours.end(), u) != hours.end()) {
        return 1.0;
    }
    if (u == "second" || u == "seconds" || u == "units/second") {
        return 1.0 / 3600.0;
    }
    if (u == "minute" || u == "minutes" || u == "units/minute") {
        return 1.0 / 60.0;
    }
    if (u == "day" || u == "days" || u == "units/day") {
        return 24.0;
    }
    return std::nullopt;
}

// "1 Year" -> 12, "3 Years" -> 36, "5 Years" -> 60, "1 Month" -> 1; nullopt for anything else.
std::optional<int> termMonthsOf(std::string_view term)
{
    const auto parts = text::split(text::trim(term), ' ');
    if (parts.size() != 2) {
        return std::nullopt;
    }
    const auto n = text::parseInt(parts[0]);
    if (!n || *n <= 0 || *n > 100) {
        return std::nullopt;
    }
    const std::string unit = text::toLower(parts[1]);
    if (unit == "year" || unit == "years") {
        return static_cast<int>(*n) * 12;
    }
    if (unit == "month" || unit == "months") {
        return static_cast<int>(*n);
    }
    return std::nullopt;
}

std::string percentDecode(std::string_view s)
{
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const auto hex = [](char c) -> int {
                if (c >= '0' && c <= '9') {
                    return c - '0';
                }
                if (c >= 'a' && c <= 'f') {
                    return c - 'a' + 10;
                }
                if (c >= 'A' && c <= 'F') {
                    return c - 'A' + 10;
                }
                return -1;
            };
            const int hi = hex(s[i + 1]);
            const int lo = hex(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
    return out;
}

// The query of a NextPageLink without its paging parameters: the same for every page of one
// request, so it identifies what was fetched ("$filter=serviceName eq 'Virtual Machines'").
std::string queryWithoutPaging(std::string_view link, std::string* apiVersion)
{
    const auto q = link.find('?');
    if (q == std::string_view::npos) {
        return {};
    }
    std::string out;
    for (const auto part : text::split(link.substr(q + 1), '&')) {
        const std::string decoded = percentDecode(part);
        const std::string name = text::toLower(decoded.substr(0, decoded.find('=')));
        if (name == "$skip" || name == "$top" || name == "skip" || name == "top" || name.empty()) {
            continue;
        }
        if (name == "api-version" && apiVersion) {
            *apiVersion = decoded.substr(decoded.find('=') + 1);
        }
        if (!out.empty()) {
            out += '&';
        }
        out += decoded;
    }
    return out;
}

enum class PriceType
{
    Consumption,
    DevTest,
    Reservation,
};

struct SavingsPlanPrice
{
    double retailPrice = 0;
    std::string term;
};

// One Retail Prices item, with the members this importer uses.
struct Item
{
    std::string currency;
    std::string armRegionName;
    std::string location;
    std::string effectiveStartDate;
    std::string meterId;
    std::string meterName;
    std::string productName;
    std::string skuName;
    std::string serviceName;
    std::string serviceFamily;
    std::string skuId;
    std::string unitOfMeasure;
    std::string type;
    std::string reservationTerm;
    std::string armSkuName;
    double retailPrice = 0;
    double tierMinimumUnits = 0;
    bool primaryMeterRegion = true;
    std::vector<SavingsPlanPrice> savingsPlan;
};

// Copies a Result's value into out, or its error into failure; false on error.
template <typename T>
bool assign(Result<T> result, T& out, std::optional<Error>& failure)
{
    if (!result) {
        failure = result.error();
        return false;
    }
    out = std::move(result).value();
    return true;
}

Result<Item> parseItem(const JsonRecord& r, const std::string& pageCurrency)
{
    Item item;
    std::optional<Error> failure;
    if (!assign(r.stringOr("currencyCode", pageCurrency), item.currency, failure)
        || !assign(r.number("retailPrice"), item.retailPrice, failure)
        || !assign(r.numberOr("tierMinimumUnits", 0.0), item.tierMinimumUnits, failure)
        || !assign(r.stringOr("armRegionName", {}), item.armRegionName, failure)
        || !assign(r.stringOr("location", {}), item.location, failure)
        || !assign(r.stringOr("effectiveStartDate", {}), item.effectiveStartDate, failure)
        || !assign(r.string("meterId"), item.meterId, failure)
        || !assign(r.stringOr("meterName", {}), item.meterName, failure)
        || !assign(r.stringOr("productName", {}), item.productName, failure)
        || !assign(r.stringOr("skuName", {}), item.skuName, failure)
        || !assign(r.string("serviceName"), item.serviceName, failure)
        || !assign(r.stringOr("serviceFamily", {}), item.serviceFamily, failure)
        || !assign(r.string("skuId"), item.skuId, failure)
        || !assign(r.string("unitOfMeasure"), item.unitOfMeasure, failure)
        || !assign(r.string("type"), item.type, failure)
        || !assign(r.stringOr("reservationTerm", {}), item.reservationTerm, failure)
        || !assign(r.stringOr("armSkuName", {}), item.armSkuName, failure)
        || !assign(r.booleanOr("isPrimaryMeterRegion", true), item.primaryMeterRegion, failure)) {
        return *failure;
    }
    if (item.currency.empty()) {
        return r.error("missing \"currencyCode\" (and no BillingCurrency on the page)");
    }
    if (!isKnownCurrency(item.currency)) {
        return r.error("unknown currency '" + text::printable(item.currency, 16)
                       + "' (expected an ISO 4217 code such as USD or EUR)");
    }
    if (auto st =
            checkPrice(item.retailPrice,
                       item.type == "Reservation" ? "retailPrice (upfront total)" : "retailPrice",
                       {});
        !st) {
        return r.error(st.error().message);
    }
    if (item.tierMinimumUnits < 0) {
        return r.error("tierMinimumUnits is negative (" + std::to_string(item.tierMinimumUnits)
                       + ")");
    }
    if (const auto* plans = r.find("savingsPlan")) {
        if (!plans->is_array()) {
            return r.error("\"savingsPlan\" must be an array, found " + describeJson(*plans));
        }
        for (std::size_t i = 0; i < plans->size(); ++i) {
            const auto& plan = (*plans)[i];
            const std::string what = "savingsPlan[" + std::to_string(i) + "]";
            if (!plan.is_object()) {
                return r.error(what + " must be an object, found " + describeJson(plan));
            }
            const auto price = plan.find("retailPrice");
            const auto term = plan.find("term");
            if (price == plan.end() || !price->is_number()) {
                return r.error(what + ".retailPrice must be a number");
            }
            if (term == plan.end() || !term->is_string()) {
                return r.error(what + ".term must be a string such as \"1 Year\"");
            }
            SavingsPlanPrice p{price->get<double>(), term->get<std::string>()};
            if (auto st = checkPrice(p.retailPrice, what + ".retailPrice", {}); !st) {
                return r.error(st.error().message);
            }
            item.savingsPlan.push_back(std::move(p));
        }
    }
    return item;
}

// Reads Retail Prices text (any of the accepted shapes) into a sink.
class RetailPricesReader
{
public:
    RetailPricesReader(const ImportRequest& request, ImportSink& sink, const JsonScanner& scanner)
        : m_request(request)
        , m_sink(sink)
        , m_scanner(scanner)
    {}

    Status readAll()
    {
        auto values = m_scanner.topLevelValues();
        if (!values) {
            return values.error();
        }
        for (const auto& value : *values) {
            if (auto st = readTopLevel(value); !st) {
                return st;
            }
        }
        if (m_itemCount == 0) {
            return makeError(Error::Code::InvalidInput,
                             "no Retail Prices items in the file (expected a JSON array of items "
                             "or pages {\"Items\": [...]})",
                             m_scanner.displayName());
        }
        return finish();
    }

    SourceFacts facts() const
    {
        SourceFacts f;
        f.format = std::string(kFormat);
        f.provider = std::string(kProvider);
        // The items carry effectiveStartDate per meter, which is not a publication date.
        f.publishedAt = {};
        std::string apiVersion;
        std::string summary;
        if (!m_firstLink.empty()) {
            summary = queryWithoutPaging(m_firstLink, &apiVersion);
            if (summary.empty() || summary == "api-version=" + apiVersion) {
                summary = "all" + (apiVersion.empty() ? "" : "&api-version=" + apiVersion);
            }
        } else {
            summary = "file:" + m_scanner.displayName();
        }
        f.version = apiVersion;
        std::string currency = m_billingCurrency;
        if (currency.empty()) {
            for (const auto& c : m_currencies) {
                currency += (currency.empty() ? "" : "+") + c;
            }
        }
        f.key = "azure-retail:" + currency + ":" + summary;
        return f;
    }

private:
    std::string itemWhere() const
    {
        return m_scanner.displayName() + ": item " + std::to_string(m_itemCount);
    }

    Status readTopLevel(JsonScanner::Span value)
    {
        const char kind = m_scanner.kind(value);
        if (kind == '[') {
            auto elements = m_scanner.arrayElements(value);
            if (!elements) {
                return elements.error();
            }
            for (const auto& element : *elements) {
                auto json = m_scanner.parse(element);
                if (!json) {
                    return json.error();
                }
                // An array of saved pages rather than of items.
                if (json->is_object() && json->contains("Items")) {
                    if (auto st = readPageJson(*json, element.begin); !st) {
                        return st;
                    }
                } else if (auto st = readItem(*json, element.begin, {}); !st) {
                    return st;
                }
            }
            return {};
        }
        if (kind != '{') {
            auto json = m_scanner.parse(value);
            return m_scanner.errorAt(
                value.begin,
                "expected a JSON array of Retail Prices items or a page "
                "{\"BillingCurrency\", \"Items\": [...], \"NextPageLink\"}, found "
                    + (json ? describeJson(*json) : std::string("invalid JSON")));
        }
        auto members = m_scanner.objectMembers(value);
        if (!members) {
            return members.error();
        }
        const auto has = [&](std::string_view key) {
            return std::any_of(members->begin(), members->end(), [&](const auto& m) {
                return m.key == key;
            });
        };
        if (has("Items")) {
            return readPage(*members, value);
        }
        if (has("BillingCurrency") || has("NextPageLink") || has("CustomerEntityId")
            || has("Count")) {
            return m_scanner.errorAt(value.begin,
                                     "a Retail Prices page without \"Items\" (expected "
                                     "{\"BillingCurrency\", \"Items\": [...], \"NextPageLink\"})");
        }
        auto json = m_scanner.parse(value); // one item on its own (NDJSON of items)
        if (!json) {
            return json.error();
        }
        return readItem(*json, value.begin, {});
    }

    Status notePageMeta(const nlohmann::json& currency,
                        const nlohmann::json& link,
                        std::size_t offset,
                        std::string& pageCurrency)
    {
        if (!currency.is_null()) {
            if (!currency.is_string()) {
                return m_scanner.errorAt(offset,
                                         "\"BillingCurrency\" must be a string, found "
                                             + describeJson(currency));
            }
            pageCurrency = currency.get<std::string>();
            if (m_billingCurrency.empty()) {
                m_billingCurrency = pageCurrency;
            }
        }
        if (!link.is_null()) {
            if (!link.is_string()) {
                return m_scanner.errorAt(offset,
                                         "\"NextPageLink\" must be a string or null, found "
                                             + describeJson(link));
            }
            if (m_firstLink.empty()) {
                m_firstLink = link.get<std::string>();
            }
        }
        return {};
    }

    Status readPage(const std::vector<JsonScanner::Member>& members, JsonScanner::Span page)
    {
        nlohmann::json currency;
        nlohmann::json link;
        std::optional<JsonScanner::Span> items;
        for (const auto& m : members) {
            if (m.key == "Items") {
                items = m.value;
            } else if (m.key == "BillingCurrency" || m.key == "NextPageLink") {
                auto json = m_scanner.parse(m.value);
                if (!json) {
                    return json.error();
                }
                (m.key == "BillingCurrency" ? currency : link) = std::move(json).value();
            }
        }
        std::string pageCurrency;
        if (auto st = notePageMeta(currency, link, page.begin, pageCurrency); !st) {
            return st;
        }
        if (m_scanner.kind(*items) != '[') {
            auto json = m_scanner.parse(*items);
            return m_scanner.errorAt(items->begin,
                                     "\"Items\" must be an array of price items, found "
                                         + (json ? describeJson(*json) : std::string("garbage")));
        }
        auto elements = m_scanner.arrayElements(*items);
        if (!elements) {
            return elements.error();
        }
        for (const auto& element : *elements) {
            auto json = m_scanner.parse(element);
            if (!json) {
                return json.error();
            }
            if (auto st = readItem(*json, element.begin, pageCurrency); !st) {
                return st;
            }
        }
        return {};
    }

    // A page inside an array of pages (already parsed whole).
    Status readPageJson(const nlohmann::json& page, std::size_t offset)
    {
        std::string pageCurrency;
        const auto member = [&](const char* key) {
            const auto it = page.find(key);
            return it == page.end() ? nlohmann::json() : *it;
        };
        if (auto st = notePageMeta(member("BillingCurrency"),
                                   member("NextPageLink"),
                                   offset,
                                   pageCurrency);
            !st) {
            return st;
        }
        const auto& items = page.at("Items");
        if (!items.is_array()) {
            return m_scanner.errorAt(offset,
                                     "\"Items\" must be an array of price items, found "
                                         + describeJson(items));
        }
        for (const auto& item : items) {
            if (auto st = readItem(item, offset, pageCurrency); !st) {
                return st;
            }
        }
        return {};
    }

    Status readItem(const nlohmann::json& json, std::size_t offset, const std::string& pageCurrency)
    {
        ++m_itemCount;
        m_sink.rowRead();
        if (m_request.progress && m_itemCount % 4096 == 0) {
            m_request.progress->progress(offset, m_scanner.size());
            if (m_request.progress->cancelled()) {
                return makeError(Error::Code::Cancelled,
                                 "import cancelled",
                                 m_scanner.displayName());
            }
        }
        const JsonRecord r(m_scanner, offset, json, "item " + std::to_string(m_itemCount));
        if (!json.is_object()) {
            return r.error("expected a price item object, found " + describeJson(json));
        }
        auto item = parseItem(r, pageCurrency);
        if (!item) {
            return item.error();
        }
        m_currencies.insert(item->currency);
        const auto uom = parseUnitOfMeasure(item->unitOfMeasure);
        if (!uom) {
            return r.error("unitOfMeasure \"" + text::printable(item->unitOfMeasure)
                           + "\" is not a block size and unit such as \"1 Hour\" or \"10K\"");
        }
        PriceType type = PriceType::Consumption;
        if (item->type == "Consumption") {
            type = PriceType::Consumption;
        } else if (item->type == "DevTestConsumption") {
            type = PriceType::DevTest;
        } else if (item->type == "Reservation") {
            type = PriceType::Reservation;
        } else {
            m_sink.skip("unknown price type (type '" + text::printable(item->type, 40) + "')",
                        itemWhere());
            return {};
        }
        int termMonths = 0;
        if (type == PriceType::Reservation) {
            const auto months = termMonthsOf(item->reservationTerm);
            if (!months) {
                return r.error("reservation with reservationTerm \""
                               + text::printable(item->reservationTerm)
                               + "\" (expected \"1 Year\", \"3 Years\" or \"5 Years\")");
            }
            termMonths = *months;
        }
        const bool cloudServices = text::contains(item->productName, "Cloud Services")
                                   || text::contains(item->productName, "CloudServices");
        const bool vm = item->serviceName == "Virtual Machines" && !item->armSkuName.empty()
                        && !cloudServices && item->tierMinimumUnits == 0
                        && (type == PriceType::Reservation || uom->hoursPerUnit);
        if (vm) {
            return vmOffers(*item, *uom, type, termMonths, r);
        }
        addRate(*item, *uom, type);
        return {};
    }

    Status vmOffers(const Item& item,
                    const UnitOfMeasure& uom,
                    PriceType type,
                    int termMonths,
                    const JsonRecord& r)
    {
        const std::string region = vmRegion(item.armRegionName, item.location);
        if (region.empty()) {
            m_sink.skip("VM price without a usable region (armRegionName '"
                            + text::printable(item.armRegionName, 40) + "')",
                        itemWhere());
            return {};
        }
        const bool spot =
            text::endsWith(item.skuName, " Spot") || text::endsWith(item.meterName, " Spot");
        const bool lowPriority = text::endsWith(item.skuName, " Low Priority")
                                 || text::endsWith(item.meterName, " Low Priority");
        const bool host = text::contains(item.productName, "Dedicated Host")
                          || text::contains(item.productName, "DedicatedHost");
        Offer o;
        o.provider = std::string(kProvider);
        o.service = item.serviceName;
        o.region = region;
        o.instanceType = item.armSkuName;
        if (host) {
            // A dedicated host is billed per host; the VMs on it pay only their software.
            o.tenancy = "host";
        } else {
            o.os = osFromProductName(item.productName);
            o.licenseModel = o.os == "linux" ? "" : "included";
        }
        o.currency = item.currency;
        o.effectiveDate = text::isoDate(item.effectiveStartDate);
        // Price per instance-hour: retailPrice is per block of unitOfMeasure ("100 Hours").
        const double blockHours = uom.blockSize * uom.hoursPerUnit.value_or(1.0);
        switch (type) {
        case PriceType::Consumption:
        case PriceType::DevTest:
            o.hourly = item.retailPrice / blockHours;
            o.purchaseOption =
                spot || lowPriority ? PurchaseOption::Spot : PurchaseOption::OnDemand;
            // DevTest is the Dev/Test subscription rate (Windows billed at the Linux rate), not
            // a general price; queries exclude offeringClass devtest and low_priority by default.
            if (type == PriceType::DevTest) {
                o.offeringClass = "devtest";
            } else if (lowPriority) {
                o.offeringClass = "low_priority";
            }
            o.sku = item.skuId + "/" + item.type;
            break;
        case PriceType::Reservation:
            if (spot || lowPriority) {
                m_sink.skip("reservation of a spot or low-priority meter", itemWhere());
                return {};
            }
            // README/API: a Reservation's retailPrice is the total for the whole term even though
            // unitOfMeasure says "1 Hour". Azure also lets the same total be paid monthly at no
            // extra cost; we record it as all upfront (effective hourly = total / term hours).
            o.purchaseOption = PurchaseOption::Reserved;
            o.termMonths = termMonths;
            o.paymentOption = PaymentOption::AllUpfront;
            o.upfront = item.retailPrice;
            o.hourly = 0;
            o.sku = item.skuId + "/Reservation/" + item.reservationTerm;
            break;
        }
        if (auto st = addOffer(o, item.primaryMeterRegion); !st) {
            return st;
        }
        // savingsPlan (api-version 2023-01-01-preview): an hourly price per term on the regular
        // pay-as-you-go item; spot, low-priority and Dev/Test items are not covered by the plans.
        if (type != PriceType::Consumption || spot || lowPriority || host) {
            return {};
        }
        for (const auto& plan : item.savingsPlan) {
            const auto months = termMonthsOf(plan.term);
            if (!months) {
                return r.error("savingsPlan term \"" + text::printable(plan.term)
                               + "\" (expected \"1 Year\" or \"3 Years\")");
            }
            Offer sp = o;
            sp.purchaseOption = PurchaseOption::SavingsPlan;
            sp.termMonths = *months;
            sp.paymentOption = PaymentOption::NoUpfront;
            sp.offeringClass = "compute";
            sp.hourly = plan.retailPrice / blockHours;
            sp.sku = item.skuId + "/SavingsPlan/" + plan.term;
            if (auto st = addOffer(sp, item.primaryMeterRegion); !st) {
                return st;
            }
        }
        return {};
    }

    static std::string offerKey(const Offer& o)
    {
        return o.region + '|' + o.instanceType + '|' + o.os + '|' + o.tenancy + '|'
               + std::string(toString(o.purchaseOption)) + '|' + o.offeringClass + '|'
               + std::to_string(o.termMonths) + '|' + std::string(toString(o.paymentOption)) + '|'
               + o.currency;
    }

    // isPrimaryMeterRegion false rows repeat a meter for another region (README: filter with
    // meterRegion='primary'). They are kept, but stored only at the end and only when no primary
    // row gave the same offer, so a meter never yields two prices for one offer.
    Status addOffer(const Offer& o, bool primary)
    {
        if (auto st = validateOffer(o, itemWhere()); !st) {
            return st;
        }
        if (!primary) {
            m_deferred.emplace_back(o, itemWhere());
            return {};
        }
        if (!m_offerKeys.insert(offerKey(o)).second) {
            m_sink.skip("same offer as an earlier item (type, region, OS and purchase option)",
                        itemWhere());
            return {};
        }
        return m_sink.addOffer(o);
    }

    void addRate(const Item& item, const UnitOfMeasure& uom, PriceType type)
    {
        Rate rate;
        rate.provider = std::string(kProvider);
        rate.service = item.serviceName;
        rate.productFamily = item.serviceFamily;
        rate.region = rateRegion(item.armRegionName, item.location);
        rate.sku = item.skuId + "/" + item.meterId + "/" + item.type;
        rate.description = item.productName + ": " + item.meterName;
        rate.usageType = item.skuName;
        rate.unit = uom.unit;
        rate.unitBlock = uom.blockSize;
        rate.beginRange = item.tierMinimumUnits;
        rate.price = item.retailPrice;
        rate.currency = item.currency;
        rate.effectiveDate = text::isoDate(item.effectiveStartDate);
        const bool spot =
            text::endsWith(item.skuName, " Spot") || text::endsWith(item.meterName, " Spot");
        const bool lowPriority = text::endsWith(item.skuName, " Low Priority")
                                 || text::endsWith(item.meterName, " Low Priority");
        switch (type) {
        case PriceType::Consumption:
            rate.termType = lowPriority ? "low_priority" : spot ? "spot" : "on_demand";
            break;
        case PriceType::DevTest:
            rate.termType = "devtest";
            break;
        case PriceType::Reservation:
            // The price is the total for the term, per unit of unitOfMeasure.
            rate.termType = "reserved";
            rate.sku += "/" + item.reservationTerm;
            rate.unit = item.reservationTerm;
            rate.unitBlock = 1;
            rate.description +=
                " (" + item.unitOfMeasure + ", total for " + item.reservationTerm + ")";
            break;
        }
        m_rates.push_back(std::move(rate));
    }

    Status finish()
    {
        for (const auto& [offer, where] : m_deferred) {
            if (!m_offerKeys.insert(offerKey(offer)).second) {
                m_sink.skip("non-primary meter region repeating an offer already stored "
                            "(isPrimaryMeterRegion false)",
                            where);
                continue;
            }
            if (auto st = m_sink.addOffer(offer); !st) {
                return st;
            }
        }
        // Tiers of one meter (tierMinimumUnits 0, 102400, 1024000...) may come in any order;
        // each tier ends where the next one begins.
        std::map<std::string, std::vector<std::size_t>> tiers;
        for (std::size_t i = 0; i < m_rates.size(); ++i) {
            const Rate& r = m_rates[i];
            tiers[r.sku + '|' + r.region + '|' + r.currency].push_back(i);
        }
        for (auto& [key, indexes] : tiers) {
            if (indexes.size() < 2) {
                continue;
            }
            std::sort(indexes.begin(), indexes.end(), [&](std::size_t a, std::size_t b) {
                return m_rates[a].beginRange < m_rates[b].beginRange;
            });
            for (std::size_t i = 0; i < indexes.size(); ++i) {
                for (std::size_t j = i + 1; j < indexes.size(); ++j) {
                    if (m_rates[indexes[j]].beginRange > m_rates[indexes[i]].beginRange) {
                        m_rates[indexes[i]].endRange = m_rates[indexes[j]].beginRange;
                        break;
                    }
                }
            }
        }
        for (const auto& rate : m_rates) {
            if (auto st = m_sink.addRate(rate); !st) {
                return st;
            }
        }
        return {};
    }

    const ImportRequest& m_request;
    ImportSink& m_sink;
    const JsonScanner& m_scanner;
    std::uint64_t m_itemCount = 0;
    std::unordered_set<std::string> m_offerKeys;
    std::vector<std::pair<Offer, std::string>> m_deferred;
    std::vector<Rate> m_rates;
    std::set<std::string> m_currencies;
    std::string m_billingCurrency;
    std::string m_firstLink;
};

} // namespace

std::optional<UnitOfMeasure> parseUnitOfMeasure(std::string_view input)
{
    const std::string_view s = text::trim(input);
    if (s.empty()) {
        return std::nullopt;
    }
    UnitOfMeasure out;
    std::string_view rest = s;
    std::size_t digits = 0;
    while (digits < s.size() && ((s[digits] >= '0' && s[digits] <= '9') || s[digits] == '.')) {
        ++digits;
    }
    if (digits > 0) {
        const auto number = text::parseDouble(s.substr(0, digits));
        double multiplier = 1;
        std::size_t next = digits;
        const auto separator = [&](std::size_t i) {
            return i == s.size() || s[i] == ' ' || s[i] == '/';
        };
        if (next < s.size() && separator(next + 1)) {
            if (s[next] == 'K') {
                multiplier = 1e3;
            } else if (s[next] == 'M') {
                multiplier = 1e6;
            } else if (s[next] == 'B') {
                multiplier = 1e9;
            }
            if (multiplier != 1) {
                ++next;
            }
        }
        // "10000s" (a count of ten-thousands) has no separator: finops-toolkit maps it to block 1
        // with the whole string as the unit, and so do we.
        if (number && separator(next)) {
            out.blockSize = *number * multiplier;
            rest = text::trim(s.substr(next));
        }
    }
    if (!(out.blockSize > 0) || !std::isfinite(out.blockSize)) {
        return std::nullopt;
    }
    // "1 1 Hour" appears in EA sheets; finops-toolkit reads it as block 1 of Hours.
    if (text::startsWith(rest, "1 ")) {
        rest = text::trim(rest.substr(2));
    }
    if (rest.empty()) {
        out.unit = "Units";
    } else if (rest.front() == '/') {
        out.unit = "Units" + std::string(rest);
    } else {
        out.unit = std::string(rest);
    }
    out.hoursPerUnit = hoursPerUnit(out.unit);
    return out;
}

std::string regionFromLocation(std::string_view location)
{
    const std::string key = text::toLower(text::trim(location));
    for (const auto& alias : kLocationAliases) {
        if (alias.location == key) {
            return std::string(alias.region);
        }
    }
    return {};
}

std::string osFromProductName(std::string_view productName)
{
    const std::string p = text::toLower(productName);
    if (text::contains(p, "windows")) {
        return "windows";
    }
    if (text::contains(p, "red hat") || text::contains(p, "rhel")) {
        return text::contains(p, "with ha") ? "rhel_ha" : "rhel";
    }
    if (text::contains(p, "suse") || text::contains(p, "sles")) {
        return "suse";
    }
    if (text::contains(p, "ubuntu pro")) {
        return "ubuntu_pro";
    }
    return "linux";
}

int sniffRetailPrices(std::string_view head, std::string_view fileName)
{
    (void)fileName;
    if (text::contains(head, "\"retailPrice\"")
        && (text::contains(head, "\"armRegionName\"") || text::contains(head, "\"meterId\""))) {
        return 95;
    }
    if (text::contains(head, "\"BillingCurrency\"") && text::contains(head, "\"Items\"")) {
        return 90;
    }
    return 0;
}

Result<SourceFacts> importRetailPrices(const ImportRequest& request, ImportSink& sink)
{
    auto contents = readWholeFile(request.path);
    if (!contents) {
        return contents.error();
    }
    const std::string name =
        request.displayName.empty() ? request.path.filename().string() : request.displayName;
    const JsonScanner scanner(*contents, name);
    RetailPricesReader reader(request, sink, scanner);
    if (auto st = reader.readAll(); !st) {
        return st.error();
    }
    return reader.facts();
}

} // namespace cloudcost::pricing::azure
