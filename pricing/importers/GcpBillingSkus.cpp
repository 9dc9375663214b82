#include "pricing/importers/GcpBillingSkus.h"

#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AzureGcpJson.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace cloudcost::pricing::gcp {

namespace {

constexpr std::string_view kFormat = "gcp-billing-skus";
constexpr std::string_view kProvider = "gcp";

bool isFamilyCode(std::string_view w)
{
    // E2, N2D, T2D, C3, A2, M1, C4A, N4: one or two letters, one or two digits, up to two letters.
    std::size_t i = 0;
    const auto letter = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    };
    const auto digit = [](char c) {
        return c >= '0' && c <= '9';
    };
    std::size_t letters = 0;
    while (i < w.size() && letter(w[i])) {
        ++i;
        ++letters;
    }
    std::size_t digits = 0;
    while (i < w.size() && digit(w[i])) {
        ++i;
        ++digits;
    }
    std::size_t tail = 0;
    while (i < w.size() && letter(w[i])) {
        ++i;
        ++tail;
    }
    return i == w.size() && letters >= 1 && letters <= 2 && digits >= 1 && digits <= 2 && tail <= 2;
}

std::vector<std::string_view> words(std::string_view s)
{
    std::vector<std::string_view> out;
    for (const auto w : text::split(s, ' ')) {
        if (!w.empty()) {
            out.push_back(w);
        }
    }
    return out;
}

// An int64 from a JSON string ("508") or integer; nullopt for anything else.
std::optional<std::string> integerText(const nlohmann::json& v)
{
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_number_integer()) {
        return std::to_string(v.get<std::int64_t>());
    }
    if (v.is_number_unsigned()) {
        return std::to_string(v.get<std::uint64_t>());
    }
    return std::nullopt;
}

struct Tier
{
    double start = 0;
    double price = 0;
    std::string currency;
};

// Reads services.skus.list text into a sink.
class SkuReader
{
public:
    SkuReader(const ImportRequest& request, ImportSink& sink, const JsonScanner& scanner)
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
        if (m_count == 0) {
            return makeError(Error::Code::InvalidInput,
                             "no SKUs in the file (expected {\"skus\": [...]} pages or an array "
                             "of SKUs)",
                             m_scanner.displayName());
        }
        return {};
    }

    SourceFacts facts() const
    {
        SourceFacts f;
        f.format = std::string(kFormat);
        f.provider = std::string(kProvider);
        // effectiveTime is per price, not a publication date of the list.
        const auto join = [](const std::set<std::string>& s) {
            std::string out;
            for (const auto& x : s) {
                out += (out.empty() ? "" : "+") + x;
            }
            return out;
        };
        f.key = "gcp-billing-skus:" + join(m_services) + ":" + join(m_currencies);
        // A page whose nextPageToken is set is part of a longer list: saving each page to its own
        // file must not make one page replace the other.
        if (!m_lastPageToken.empty()) {
            f.key += ":file:" + m_scanner.displayName();
        }
        return f;
    }

private:
    std::string skuWhere() const
    {
        return m_scanner.displayName() + ": SKU " + std::to_string(m_count);
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
                if (auto st = readSkuSpan(element); !st) {
                    return st;
                }
            }
            return {};
        }
        if (kind != '{') {
            return m_scanner.errorAt(value.begin,
                                     "expected a services.skus.list page "
                                     "{\"skus\": [...]} or an array of SKUs");
        }
        auto members = m_scanner.objectMembers(value);
        if (!members) {
            return members.error();
        }
        const JsonScanner::Member* skus = nullptr;
        bool single = false;
        m_lastPageToken.clear();
        for (const auto& m : *members) {
            if (m.key == "skus") {
                skus = &m;
            } else if (m.key == "skuId") {
                single = true;
            } else if (m.key == "nextPageToken") {
                auto token = m_scanner.parse(m.value);
                if (!token) {
                    return token.error();
                }
                if (token->is_string()) {
                    m_lastPageToken = token->get<std::string>();
                }
            }
        }
        if (single && !skus) {
            return readSkuSpan(value);
        }
        if (!skus) {
            return m_scanner.errorAt(value.begin,
                                     "not a Cloud Billing SKU list: the object has no \"skus\" "
                                     "(expected {\"skus\": [...], \"nextPageToken\": \"...\"})");
        }
        if (m_scanner.kind(skus->value) != '[') {
            return m_scanner.errorAt(skus->value.begin, "\"skus\" must be an array of SKUs");
        }
        auto elements = m_scanner.arrayElements(skus->value);
        if (!elements) {
            return elements.error();
        }
        for (const auto& element : *elements) {
            if (auto st = readSkuSpan(element); !st) {
                return st;
            }
        }
        return {};
    }

    Status readSkuSpan(JsonScanner::Span span)
    {
        auto json = m_scanner.parse(span);
        if (!json) {
            return json.error();
        }
        return readSku(*json, span.begin);
    }

    Status readSku(const nlohmann::json& json, std::size_t offset)
    {
        ++m_count;
        m_sink.rowRead();
        if (m_request.progress && m_count % 1024 == 0) {
            m_request.progress->progress(offset, m_scanner.size());
            if (m_request.progress->cancelled()) {
                return makeError(Error::Code::Cancelled,
                                 "import cancelled",
                                 m_scanner.displayName());
            }
        }
        const JsonRecord r(m_scanner, offset, json, "SKU " + std::to_string(m_count));
        if (!json.is_object()) {
            return r.error("expected a SKU object, found " + describeJson(json));
        }
        auto skuId = r.string("skuId");
        if (!skuId) {
            return skuId.error();
        }
        const JsonRecord sku(m_scanner,
                             offset,
                             json,
                             "SKU " + std::to_string(m_count) + " (" + text::printable(*skuId)
                                 + ")");
        auto description = sku.stringOr("description", {});
        auto name = sku.stringOr("name", {});
        if (!description || !name) {
            return !description ? description.error() : name.error();
        }
        if (const auto parts = text::split(*name, '/');
            parts.size() >= 2 && parts[0] == "services") {
            m_services.insert(std::string(parts[1]));
        }
        const auto* categoryJson = sku.find("category");
        if (!categoryJson || !categoryJson->is_object()) {
            return sku.error(categoryJson ? "\"category\" must be an object"
                                          : "missing \"category\" (resourceFamily, "
                                            "resourceGroup, usageType)");
        }
        const JsonRecord category(m_scanner, offset, *categoryJson, sku.label() + " category");
        auto serviceName = category.stringOr("serviceDisplayName", {});
        auto resourceFamily = category.stringOr("resourceFamily", {});
        auto resourceGroup = category.stringOr("resourceGroup", {});
        auto usageType = category.stringOr("usageType", {});
        for (const auto* field : {&serviceName, &resourceFamily, &resourceGroup, &usageType}) {
            if (!*field) {
                return field->error();
            }
        }
        std::vector<std::string> regions;
        if (const auto* list = sku.find("serviceRegions")) {
            if (!list->is_array()) {
                return sku.error("\"serviceRegions\" must be an array, found "
                                 + describeJson(*list));
            }
            for (const auto& region : *list) {
                if (!region.is_string()) {
                    return sku.error("\"serviceRegions\" must hold strings, found "
                                     + describeJson(region));
                }
                regions.push_back(region.get<std::string>());
            }
        }
        if (regions.empty()) {
            regions.emplace_back(); // not regional
        }

        const auto* pricingInfo = sku.find("pricingInfo");
        if (!pricingInfo) {
            return sku.error("missing \"pricingInfo\" (expected an array with the price)");
        }
        if (!pricingInfo->is_array()) {
            return sku.error("\"pricingInfo\" must be an array, found "
                             + describeJson(*pricingInfo));
        }
        if (pricingInfo->empty()) {
            m_sink.skip("SKU without a price (empty pricingInfo)", skuWhere());
            return {};
        }
        // Normally one element, the current price; with a time range the API returns history:
        // take the latest. opencost's re-serialised SKUs spell it "EffectiveTime".
        const nlohmann::json* info = nullptr;
        std::string effectiveTime;
        for (const auto& candidate : *pricingInfo) {
            if (!candidate.is_object()) {
                return sku.error("pricingInfo must hold objects, found " + describeJson(candidate));
            }
            std::string time;
            for (const char* key : {"effectiveTime", "EffectiveTime"}) {
                if (const auto it = candidate.find(key); it != candidate.end() && it->is_string()) {
                    time = it->get<std::string>();
                }
            }
            if (!info || time >= effectiveTime) {
                info = &candidate;
                effectiveTime = time;
            }
        }
        const auto expressionIt = info->find("pricingExpression");
        if (expressionIt == info->end() || !expressionIt->is_object()) {
            return sku.error("pricingInfo has no \"pricingExpression\" object");
        }
        const JsonRecord expression(m_scanner,
                                    offset,
                                    *expressionIt,
                                    sku.label() + " pricingExpression");
        auto usageUnit = expression.string("usageUnit");
        if (!usageUnit) {
            return usageUnit.error();
        }
        const auto* tieredRates = expression.find("tieredRates");
        if (!tieredRates || !tieredRates->is_array()) {
            return expression.error("\"tieredRates\" must be an array of {startUsageAmount, "
                                    "unitPrice}");
        }
        std::vector<Tier> tiers;
        for (std::size_t i = 0; i < tieredRates->size(); ++i) {
            auto tier = readTier((*tieredRates)[i], expression, i);
            if (!tier) {
                return tier.error();
            }
            m_currencies.insert(tier->currency);
            tiers.push_back(std::move(tier).value());
        }
        if (tiers.empty()) {
            m_sink.skip("SKU without a price (no tieredRates)", skuWhere());
            return {};
        }
        std::stable_sort(tiers.begin(), tiers.end(), [](const Tier& a, const Tier& b) {
            return a.start < b.start;
        });

        const bool commitment = text::startsWith(*usageType, "Commit");
        const bool allZero =
            std::all_of(tiers.begin(), tiers.end(), [](const Tier& t) { return t.price == 0; });
        if (commitment && allZero) {
            // A commitment SKU at 0 carries no usable price; kept, it would make a VM's
            // committed price look free.
            m_sink.skip("zero-priced commitment SKU (no usable price)", skuWhere());
            return {};
        }
        // termType says how the price applies. Licence fees and the sole-tenancy premium are
        // charged on top of a VM's core/RAM price, so they never take a VM price's term type.
        std::string termType;
        if (*resourceFamily == "License") {
            termType = "license";
        } else if (text::contains(*description, "Sole Tenancy")) {
            termType = "sole_tenancy_premium";
        } else if (*usageType == "OnDemand") {
            termType = "on_demand";
        } else if (*usageType == "Preemptible") {
            termType = "spot"; // Spot and the older preemptible VMs share these SKUs
        } else if (*usageType == "Commit1Yr" || *usageType == "Commit3Yr") {
            termType = "committed_use"; // the term is in usageType and the description
        } else {
            termType = text::toLower(*usageType);
        }
        ComputeComponent component;
        if (*resourceFamily == "Compute") {
            component = parseComputeDescription(*description, *resourceGroup);
        }

        Rate rate;
        rate.provider = std::string(kProvider);
        rate.service = *serviceName;
        rate.productFamily = *resourceFamily;
        rate.sku = *skuId;
        rate.description = *description;
        rate.usageType = *usageType;
        // unitPrice is per one usageUnit; displayQuantity is only a display suggestion.
        rate.unit = *usageUnit;
        rate.unitBlock = 1;
        rate.termType = termType;
        rate.effectiveDate = text::isoDate(effectiveTime);
        rate.family = component.family;
        rate.resource = component.resource;
        for (const auto& region : regions) {
            for (std::size_t i = 0; i < tiers.size(); ++i) {
                rate.region = region;
                rate.beginRange = tiers[i].start;
                rate.endRange = std::nullopt;
                if (i + 1 < tiers.size()) {
                    rate.endRange = tiers[i + 1].start;
                }
                rate.price = tiers[i].price;
                rate.currency = tiers[i].currency;
                if (auto st = m_sink.addRate(rate); !st) {
                    return st;
                }
            }
        }
        return {};
    }

    Result<Tier>
    readTier(const nlohmann::json& json, const JsonRecord& expression, std::size_t index)
    {
        const std::string what = "tieredRates[" + std::to_string(index) + "]";
        if (!json.is_object()) {
            return expression.error(what + " must be an object, found " + describeJson(json));
        }
        Tier tier;
        if (const auto it = json.find("startUsageAmount"); it != json.end() && !it->is_null()) {
            if (!it->is_number() || !std::isfinite(it->get<double>()) || it->get<double>() < 0) {
                return expression.error(what + ".startUsageAmount must be a number >= 0, found "
                                        + describeJson(*it));
            }
            tier.start = it->get<double>();
        }
        const auto price = json.find("unitPrice");
        if (price == json.end() || !price->is_object()) {
            return expression.error(what + " has no \"unitPrice\" object");
        }
        const auto currency = price->find("currencyCode");
        if (currency == price->end() || !currency->is_string()) {
            return expression.error(what + ".unitPrice has no \"currencyCode\"");
        }
        tier.currency = currency->get<std::string>();
        if (!isKnownCurrency(tier.currency)) {
            return expression.error("unknown currency '" + text::printable(tier.currency, 16)
                                    + "' (expected an ISO 4217 code such as USD or IDR)");
        }
        // Proto3 JSON leaves out zero fields, so a missing units or nanos is 0.
        std::string units = "0";
        if (const auto it = price->find("units"); it != price->end() && !it->is_null()) {
            const auto t = integerText(*it);
            if (!t) {
                return expression.error(what
                                        + ".unitPrice.units must be an integer string such "
                                          "as \"508\", found "
                                        + describeJson(*it));
            }
            units = *t;
        }
        std::int64_t nanos = 0;
        if (const auto it = price->find("nanos"); it != price->end() && !it->is_null()) {
            std::optional<std::int64_t> n;
            if (it->is_number_integer()) {
                n = it->get<std::int64_t>();
            } else if (it->is_number_unsigned()) {
                const auto u = it->get<std::uint64_t>();
                if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                    n = static_cast<std::int64_t>(u);
                }
            } else if (it->is_string()) {
                n = text::parseInt(it->get<std::string>());
            }
            if (!n) {
                return expression.error(what + ".unitPrice.nanos must be an integer, found "
                                        + describeJson(*it));
            }
            nanos = *n;
        }
        auto amount = moneyAmount(units, nanos);
        if (!amount) {
            return expression.error(what + ".unitPrice: " + amount.error().message);
        }
        if (auto st = checkPrice(*amount, "unit price", {}); !st) {
            return expression.error(what + ".unitPrice: " + st.error().message);
        }
        tier.price = *amount;
        return tier;
    }

    const ImportRequest& m_request;
    ImportSink& m_sink;
    const JsonScanner& m_scanner;
    std::uint64_t m_count = 0;
    std::set<std::string> m_services;
    std::set<std::string> m_currencies;
    std::string m_lastPageToken;
};

} // namespace

Result<double> moneyAmount(std::string_view units, std::int64_t nanos)
{
    // google.type.Money (googleapis google/type/money.proto): units is the whole part; nanos is
    // in [-999,999,999, +999,999,999]; units > 0 needs nanos >= 0, units < 0 needs nanos <= 0.
    const auto whole = text::parseInt(units);
    if (!whole) {
        return makeError(Error::Code::InvalidInput,
                         "units \"" + text::printable(units, 30)
                             + "\" is not an integer (expected an int64 such as \"508\")");
    }
    if (nanos <= -1000000000 || nanos >= 1000000000) {
        return makeError(Error::Code::InvalidInput,
                         "nanos " + std::to_string(nanos)
                             + " is out of range (expected -999999999 to 999999999)");
    }
    if ((*whole > 0 && nanos < 0) || (*whole < 0 && nanos > 0)) {
        return makeError(Error::Code::InvalidInput,
                         "units " + std::to_string(*whole) + " and nanos " + std::to_string(nanos)
                             + " have different signs");
    }
    return static_cast<double>(*whole) + static_cast<double>(nanos) / 1e9;
}

ComputeComponent parseComputeDescription(std::string_view description,
                                         std::string_view resourceGroup)
{
    std::string_view d = text::trim(description);
    for (bool stripped = true; stripped;) {
        stripped = false;
        for (const std::string_view prefix : {"Spot Preemptible ",
                                              "Preemptible ",
                                              "Commitment v1: ",
                                              "Commitment v2: ",
                                              "Commitment: "}) {
            if (text::startsWith(d, prefix)) {
                d = text::trim(d.substr(prefix.size()));
                stripped = true;
            }
        }
    }
    // f1-micro and g1-small are priced per instance by their own SKUs.
    if (resourceGroup == "F1Micro" || text::startsWith(d, "Micro Instance with burstable CPU")) {
        return {"f1", "instance"};
    }
    if (resourceGroup == "G1Small" || text::startsWith(d, "Small Instance with 1 VCPU")) {
        return {"g1", "instance"};
    }
    if (const auto at = d.find(" running in "); at != std::string_view::npos) {
        d = d.substr(0, at);
    } else if (const auto in = d.find(" in "); in != std::string_view::npos) {
        d = d.substr(0, in); // commitments: "E2 Cpu in Americas for 1 Year"
    }
    const auto w = words(d);
    if (w.empty()) {
        return {};
    }
    ComputeComponent out;
    const auto gpu = std::find(w.begin(), w.end(), "GPU");
    if (gpu != w.end()) {
        // "Nvidia Tesla A100" -> nvidia-tesla-a100, the guestAcceleratorType of machine types.
        std::string model;
        // "... GPU attached to Virtual Workstation ..." and "... Virtual Workstation GPU ...".
        const bool workstation = text::contains(description, "Workstation");
        for (auto it = w.begin(); it != gpu; ++it) {
            if (*it == "Virtual" || *it == "Workstation") {
                continue;
            }
            model += (model.empty() ? "" : "-") + text::toLower(*it);
        }
        if (model == "nvidia-tesla-a100-80gb") {
            model = "nvidia-a100-80gb"; // the accelerator type drops "tesla" for the 80 GB A100
        }
        // Virtual Workstation GPUs include a GRID licence: a different price from the bare GPU.
        out.resource = "gpu:" + model + (workstation ? "-vws" : "");
        return out;
    }
    bool extended = false;
    for (const auto word : w) {
        const std::string lower = text::toLower(word);
        if (lower == "core" || lower == "cpu" || lower == "vcpu") {
            out.resource = "cpu";
        } else if (lower == "ram" || lower == "memory") {
            out.resource = "ram";
        } else if (lower == "extended") {
            extended = true;
        }
    }
    if (out.resource == "ram" && extended) {
        out.resource = "ram-extended";
    }
    const bool custom = std::find(w.begin(), w.end(), "Custom") != w.end();
    if (isFamilyCode(w[0])) {
        out.family = text::toLower(w[0]);
        if (custom) {
            out.family += "-custom"; // n2-custom-4-8192 and the like
        }
    } else if (w[0] == "Custom") {
        out.family = "custom"; // N1 custom types: custom-4-8192
    } else if (w[0] == "Memory-optimized") {
        out.family = "m1";
    } else if (w[0] == "Compute" && w.size() > 1 && text::startsWith(w[1], "optimized")) {
        out.family = "c2";
    } else if (w[0] == "Cpu" || w[0] == "Ram" || w[0] == "Core") {
        out.family = "n1"; // the first commitments ("Commitment v1: Cpu") cover N1
    }
    return out;
}

int sniffBillingSkus(std::string_view head, std::string_view fileName)
{
    (void)fileName;
    if (text::contains(head, "\"skuId\"")
        && (text::contains(head, "\"pricingInfo\"") || text::contains(head, "\"tieredRates\"")
            || text::contains(head, "\"serviceRegions\""))) {
        return 95;
    }
    return 0;
}

Result<SourceFacts> importBillingSkus(const ImportRequest& request, ImportSink& sink)
{
    auto contents = readWholeFile(request.path);
    if (!contents) {
        return contents.error();
    }
    const std::string name =
        request.displayName.empty() ? request.path.filename().string() : request.displayName;
    const JsonScanner scanner(*contents, name);
    SkuReader reader(request, sink, scanner);
    if (auto st = reader.readAll(); !st) {
        return st.error();
    }
    return reader.facts();
}

} // namespace cloudcost::pricing::gcp
