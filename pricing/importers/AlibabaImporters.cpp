// Alibaba Cloud ECS API responses: DescribePrice / DescribeRenewalPrice, DescribeSpotPriceHistory,
// DescribeSpotAdvice, DescribeInstanceTypes, and DescribeAvailableResource (recognised, refused).
// Shapes and quirks: data/alibaba/README.md of the shared data, which quotes Alibaba's API
// reference (AlibabaCloudDocs/ecs); rules that come from elsewhere name their source below.
#include "pricing/importers/AlibabaImporters.h"

#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/Importer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <vector>

namespace cloudcost::pricing {

namespace alibaba {

std::string regionFromZone(std::string_view zoneId)
{
    zoneId = text::trim(zoneId);
    if (zoneId.size() < 4) {
        return {};
    }
    const char last = zoneId.back();
    const char before = zoneId[zoneId.size() - 2];
    if (last < 'a' || last > 'z') {
        return {};
    }
    // China regions name zones "cn-hangzhou-g"; the others "ap-southeast-1a".
    if (before == '-') {
        return std::string(zoneId.substr(0, zoneId.size() - 2));
    }
    if (before >= '0' && before <= '9') {
        return std::string(zoneId.substr(0, zoneId.size() - 1));
    }
    return {};
}

std::optional<double> interruptionBucketMaxPct(std::string_view label)
{
    label = text::trim(label);
    if (label.empty()) {
        return std::nullopt;
    }
    if (label.front() == '>') {
        return 100.0; // ">20%": no upper bound below 100 %
    }
    std::optional<double> last;
    std::size_t i = 0;
    while (i < label.size()) {
        if ((label[i] >= '0' && label[i] <= '9') || label[i] == '.') {
            std::size_t j = i;
            while (j < label.size() && ((label[j] >= '0' && label[j] <= '9') || label[j] == '.')) {
                ++j;
            }
            if (auto v = text::parseDouble(label.substr(i, j - i))) {
                last = v;
            }
            i = j;
        } else {
            ++i;
        }
    }
    return last;
}

} // namespace alibaba

namespace {

using Json = nlohmann::json;

constexpr const char* kPriceFormat = "alibaba-describe-price";
constexpr const char* kSpotHistoryFormat = "alibaba-spot-price-history";
constexpr const char* kSpotAdviceFormat = "alibaba-spot-advice";
constexpr const char* kInstanceTypesFormat = "alibaba-instance-types";
constexpr const char* kAvailableResourceFormat = "alibaba-available-resource";

constexpr std::uint64_t kMaxResponseBytes = 256ULL << 20;
constexpr int kMaxNesting = 200;
// DescribePrice: TradePrice = OriginalPrice - DiscountPrice (README); amounts are given to the
// cent.
constexpr double kCent = 0.01;

std::string displayName(const ImportRequest& request)
{
    return request.displayName.empty() ? request.path.filename().string() : request.displayName;
}

// A request parameter by name (case-insensitive key), trimmed; "" when absent.
std::string param(const ImportRequest& request, std::string_view key)
{
    for (const auto& [k, v] : request.params) {
        if (text::iequals(k, key)) {
            return std::string(text::trim(v));
        }
    }
    return {};
}

std::string formatNumber(double value)
{
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc() ? std::string(buf, end) : std::to_string(value);
}

std::string describeJson(const Json& v)
{
    switch (v.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::object:
        return "an object";
    case Json::value_t::array:
        return "a list";
    case Json::value_t::string:
        return "the text \"" + text::printable(v.get_ref<const std::string&>(), 40) + "\"";
    case Json::value_t::boolean:
        return v.get<bool>() ? "true" : "false";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "the number " + v.dump();
    case Json::value_t::binary:
    case Json::value_t::discarded:
        break;
    }
    return "an unexpected value";
}

std::string joinPath(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string itemPath(const std::string& listPath, std::size_t index)
{
    return listPath + "[" + std::to_string(index) + "]";
}

// A parsed response and its name, to build errors that name the file and the JSON path.
struct Doc
{
    std::string name;
    Json root;

    Error invalid(const std::string& path, std::string message) const
    {
        return makeError(Error::Code::InvalidInput,
                         std::move(message),
                         path.empty() ? name : name + ": " + path);
    }
    Error wrongType(const std::string& path, std::string_view expected, const Json& v) const
    {
        return invalid(path, "expected " + std::string(expected) + ", found " + describeJson(v));
    }
    std::string where(const std::string& path) const { return name + ": " + path; }
};

// A member of an object; nullptr when absent or null.
const Json* member(const Json& obj, std::string_view key)
{
    if (!obj.is_object()) {
        return nullptr;
    }
    const auto it = obj.find(std::string(key));
    if (it == obj.end() || it->is_null()) {
        return nullptr;
    }
    return &*it;
}

// An optional number member (nullopt when absent). Some fields are numbers in one API version and
// numeric text in another (DescribeSpotAdvice "AverageSpotDiscount": "20"): numericText allows
// that.
Result<std::optional<double>> optNumber(const Doc& doc,
                                        const Json& obj,
                                        std::string_view key,
                                        const std::string& path,
                                        bool numericText = false)
{
    const Json* v = member(obj, key);
    const std::string p = joinPath(path, key);
    if (!v) {
        return std::optional<double>{};
    }
    if (v->is_number()) {
        const double d = v->get<double>();
        if (!std::isfinite(d)) {
            return doc.invalid(p, "number is out of range");
        }
        return std::optional<double>(d);
    }
    if (numericText && v->is_string()) {
        const auto& s = v->get_ref<const std::string&>();
        if (text::trim(s).empty()) {
            return std::optional<double>{};
        }
        if (auto d = text::parseDouble(s)) {
            return std::optional<double>(*d);
        }
    }
    return doc.wrongType(p, "a number", *v);
}

// An optional text member ("" when absent). Ids that are numbers in some versions (RuleId) are
// accepted as numbers when idNumber is set.
Result<std::string> optString(const Doc& doc,
                              const Json& obj,
                              std::string_view key,
                              const std::string& path,
                              bool idNumber = false)
{
    const Json* v = member(obj, key);
    if (!v) {
        return std::string();
    }
    if (v->is_string()) {
        return std::string(text::trim(v->get_ref<const std::string&>()));
    }
    if (idNumber && (v->is_number_integer() || v->is_number_unsigned())) {
        return v->dump();
    }
    return doc.wrongType(joinPath(path, key), "text", *v);
}

Result<std::string>
requiredString(const Doc& doc, const Json& obj, std::string_view key, const std::string& path)
{
    auto s = optString(doc, obj, key, path);
    if (!s) {
        return s.error();
    }
    if (s->empty()) {
        return doc.invalid(joinPath(path, key), "missing or empty");
    }
    return s;
}

// The elements of a list that ECS wraps twice ({"X": {"Y": [..]}}, XML heritage) or, in newer SDK
// output, once ({"X": [..]}); a single unwrapped element ({"X": {"Y": {..}}}) counts as one.
struct ListView
{
    bool present = false;
    std::vector<const Json*> items;
    std::string itemsPath; // "SpotPrices.SpotPriceType"; item i is itemsPath[i]
};

Result<ListView> wrappedList(const Doc& doc,
                             const Json& obj,
                             std::string_view outer,
                             std::initializer_list<std::string_view> inners,
                             const std::string& path)
{
    ListView view;
    const std::string p = joinPath(path, outer);
    view.itemsPath = p;
    const Json* v = member(obj, outer);
    if (!v) {
        return view;
    }
    view.present = true;
    if (v->is_array()) {
        for (const auto& e : *v) {
            view.items.push_back(&e);
        }
        return view;
    }
    if (!v->is_object()) {
        return doc.wrongType(p, "a list", *v);
    }
    for (std::string_view inner : inners) {
        if (!v->contains(std::string(inner))) {
            continue;
        }
        view.itemsPath = joinPath(p, inner);
        const Json* in = member(*v, inner);
        if (!in) {
            return view; // "Y": null
        }
        if (in->is_array()) {
            for (const auto& e : *in) {
                view.items.push_back(&e);
            }
            return view;
        }
        if (in->is_object()) {
            view.items.push_back(in);
            return view;
        }
        return doc.wrongType(view.itemsPath, "a list", *in);
    }
    if (v->empty()) {
        return view;
    }
    return doc.invalid(p,
                       "expected a list (" + std::string(outer) + "." + std::string(*inners.begin())
                           + "[...] or " + std::string(outer) + "[...])");
}

// What a response looks like, for "not a X response" errors.
std::string lookalike(const Json& root)
{
    if (member(root, "PriceInfo")) {
        return " (it looks like a DescribePrice response)";
    }
    if (member(root, "SpotPrices")) {
        return " (it looks like a DescribeSpotPriceHistory response)";
    }
    if (member(root, "AvailableSpotZones")) {
        return " (it looks like a DescribeSpotAdvice response)";
    }
    if (member(root, "InstanceTypes")) {
        return " (it looks like a DescribeInstanceTypes response)";
    }
    if (member(root, "AvailableZones")) {
        return " (it looks like a DescribeAvailableResource response)";
    }
    return "";
}

Status checkNesting(std::string_view s, const std::string& name)
{
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > kMaxNesting) {
                return makeError(Error::Code::ParseFailed,
                                 "JSON nested deeper than " + std::to_string(kMaxNesting)
                                     + " levels (not an Alibaba Cloud API response)",
                                 name + ": byte " + std::to_string(i));
            }
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return {};
}

std::uint64_t lineAt(std::string_view s, std::size_t byte)
{
    byte = std::min(byte, s.size());
    std::uint64_t line = 1;
    for (std::size_t i = 0; i < byte; ++i) {
        line += s[i] == '\n' ? 1 : 0;
    }
    return line;
}

// Reads and parses a response; expected says what the importer wants, for messages.
Result<Doc> loadResponse(const ImportRequest& request, const std::string& expected)
{
    Doc doc;
    doc.name = displayName(request);
    auto text = readWholeFile(request.path, kMaxResponseBytes);
    if (!text) {
        return text.error();
    }
    const std::string_view s = *text;
    if (text::trim(s).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (expected " + expected + " in JSON)",
                         doc.name);
    }
    if (const auto nul = s.find('\0'); nul != std::string_view::npos) {
        return makeError(Error::Code::ParseFailed,
                         "NUL byte in text (is this a binary file?)",
                         doc.name + ":" + std::to_string(lineAt(s, nul)));
    }
    if (auto st = checkNesting(s, doc.name); !st) {
        return st.error();
    }
    try {
        doc.root = Json::parse(s);
    } catch (const Json::parse_error& e) {
        std::string what = e.what();
        if (const auto pos = what.find("] "); pos != std::string::npos) {
            what.erase(0, pos + 2);
        }
        return makeError(Error::Code::ParseFailed,
                         "invalid JSON (byte " + std::to_string(e.byte) + "; expected " + expected
                             + "): " + what,
                         doc.name + ":" + std::to_string(lineAt(s, e.byte)));
    } catch (const Json::exception& e) {
        return makeError(Error::Code::ParseFailed,
                         std::string("invalid JSON: ") + e.what(),
                         doc.name);
    }
    if (!doc.root.is_object()) {
        return doc.invalid("",
                           "expected " + expected + " (a JSON object), found "
                               + describeJson(doc.root));
    }
    // An API error saved instead of a result: {"RequestId", "HostId", "Code", "Message", ...}.
    const Json* code = member(doc.root, "Code");
    const Json* message = member(doc.root, "Message");
    if (code && message && code->is_string() && message->is_string()
        && lookalike(doc.root).empty()) {
        return doc.invalid("",
                           "this is an Alibaba Cloud error response, not " + expected + ": "
                               + text::printable(code->get<std::string>(), 80) + ": "
                               + text::printable(message->get<std::string>(), 200));
    }
    return doc;
}

// ---------------------------------------------------------------------------------------------
// DescribePrice / DescribeRenewalPrice

struct PriceTriple
{
    double original = 0;
    double discount = 0;
    double trade = 0;
};

Result<PriceTriple> readPriceTriple(const Doc& doc, const Json& obj, const std::string& path)
{
    auto o = optNumber(doc, obj, "OriginalPrice", path);
    auto d = optNumber(doc, obj, "DiscountPrice", path);
    auto t = optNumber(doc, obj, "TradePrice", path);
    for (const auto* r : {&o, &d, &t}) {
        if (!*r) {
            return r->error();
        }
    }
    const std::pair<const std::optional<double>*, const char*> fields[] = {{&*o, "OriginalPrice"},
                                                                           {&*d, "DiscountPrice"},
                                                                           {&*t, "TradePrice"}};
    for (const auto& [value, key] : fields) {
        if (*value) {
            if (auto st = checkPrice(**value, key, doc.where(joinPath(path, key))); !st) {
                return st.error();
            }
        }
    }
    if (!*t && !(*o && *d)) {
        return doc.invalid(path,
                           "no TradePrice (nor OriginalPrice and DiscountPrice to compute it)");
    }
    PriceTriple p;
    if (*t && *o && *d) {
        p = {**o, **d, **t};
        const double expectedTrade = p.original - p.discount;
        if (std::abs(expectedTrade - p.trade) > kCent + 1e-9 * p.original) {
            std::string hint = "DiscountPrice is the discount amount, not the discounted price";
            if (std::abs(p.discount - p.trade) <= kCent) {
                hint = "DiscountPrice equals TradePrice: it must be the discount amount ("
                       + formatNumber(p.original - p.trade) + "), not the discounted price";
            }
            return doc.invalid(path,
                               "TradePrice " + formatNumber(p.trade) + " is not OriginalPrice "
                                   + formatNumber(p.original) + " minus DiscountPrice "
                                   + formatNumber(p.discount) + " (= " + formatNumber(expectedTrade)
                                   + "); " + hint);
        }
    } else if (*t) {
        p.trade = **t;
        p.discount = d->value_or(0);
        p.original = o->value_or(p.trade + p.discount);
        if (!*d) {
            p.discount = p.original - p.trade;
        }
        if (p.discount < -kCent) {
            return doc.invalid(path,
                               "TradePrice " + formatNumber(p.trade) + " is above OriginalPrice "
                                   + formatNumber(p.original));
        }
    } else {
        p = {**o, **d, **o - **d};
        if (p.trade < 0) {
            return doc.invalid(path,
                               "DiscountPrice " + formatNumber(p.discount)
                                   + " is larger than OriginalPrice " + formatNumber(p.original));
        }
    }
    return p;
}

// "RULE_ID: description" for each rule of a Rules/SubRules list (RuleId, or Code in
// DescribeRenewalPrice).
Status collectRules(const Doc& doc,
                    const Json& obj,
                    std::string_view key,
                    const std::string& path,
                    std::vector<std::string>& out,
                    bool* usesCode = nullptr)
{
    auto rules = wrappedList(doc, obj, key, {"Rule"}, path);
    if (!rules) {
        return rules.error();
    }
    for (std::size_t i = 0; i < rules->items.size(); ++i) {
        const Json& rule = *rules->items[i];
        const std::string p = itemPath(rules->itemsPath, i);
        if (!rule.is_object()) {
            return doc.wrongType(p, "a rule object", rule);
        }
        auto id = optString(doc, rule, "RuleId", p, true);
        if (!id) {
            return id.error();
        }
        if (id->empty()) {
            id = optString(doc, rule, "Code", p, true);
            if (!id) {
                return id.error();
            }
            if (usesCode && !id->empty()) {
                *usesCode = true;
            }
        }
        auto description = optString(doc, rule, "Description", p);
        if (!description) {
            return description.error();
        }
        std::string entry = *id;
        if (!description->empty()) {
            entry += (entry.empty() ? "" : ": ") + text::printable(*description, 120);
        }
        if (!entry.empty()) {
            out.push_back(std::move(entry));
        }
    }
    return {};
}

constexpr const char* kNeedPriceParams =
    "DescribePrice responses do not say which region and instance type they price; pass --param "
    "RegionId=cn-hangzhou --param InstanceType=ecs.g6.large (and PriceUnit/Period if not Hour/1)";

Result<int> positiveParam(const ImportRequest& request,
                          const std::string& name,
                          std::string_view key,
                          int fallback)
{
    const std::string value = param(request, key);
    if (value.empty()) {
        return fallback;
    }
    const auto n = text::parseInt(value);
    if (!n || *n < 1 || *n > 1000) {
        return makeError(Error::Code::InvalidInput,
                         "request parameter " + std::string(key) + "='" + text::printable(value, 20)
                             + "' is not a whole number from 1 to 1000",
                         name);
    }
    return static_cast<int>(*n);
}

Result<std::string> dateParam(const ImportRequest& request, const std::string& name)
{
    const std::string date = param(request, "date");
    if (!date.empty() && text::isoDate(date) != date) {
        return makeError(Error::Code::InvalidInput,
                         "request parameter date='" + text::printable(date, 30)
                             + "' is not a date (expected YYYY-MM-DD)",
                         name);
    }
    return date;
}

Result<SourceFacts> runDescribePrice(const ImportRequest& request, ImportSink& sink)
{
    auto loaded = loadResponse(request, "a DescribePrice or DescribeRenewalPrice response");
    if (!loaded) {
        return loaded.error();
    }
    const Doc& doc = *loaded;
    const Json* priceInfo = member(doc.root, "PriceInfo");
    if (!priceInfo) {
        return doc.invalid("",
                           "not a DescribePrice response: it has no PriceInfo"
                               + lookalike(doc.root));
    }
    if (!priceInfo->is_object()) {
        return doc.wrongType("PriceInfo", "an object", *priceInfo);
    }
    const Json* price = member(*priceInfo, "Price");
    if (!price) {
        return doc.invalid("PriceInfo", "has no Price");
    }
    if (!price->is_object()) {
        return doc.wrongType("PriceInfo.Price", "an object", *price);
    }

    // The quote's subject is in the request, not in the response.
    const std::string regionId = param(request, "RegionId");
    const std::string instanceType = param(request, "InstanceType");
    if (regionId.empty() || instanceType.empty()) {
        return makeError(Error::Code::InvalidInput, kNeedPriceParams, doc.name);
    }
    if (const auto resourceType = param(request, "ResourceType");
        !resourceType.empty() && !text::iequals(resourceType, "instance")) {
        return makeError(Error::Code::Unsupported,
                         "a DescribePrice quote for ResourceType="
                             + text::printable(resourceType, 30)
                             + " is not an instance price; cloudcost imports instance quotes only",
                         doc.name);
    }

    std::vector<std::string> rules;
    bool rulesUseCode = false;
    if (auto st = collectRules(doc, *priceInfo, "Rules", "PriceInfo", rules, &rulesUseCode); !st) {
        return st.error();
    }
    // DescribeRenewalPrice has the same shape; its rules carry "Code" instead of "RuleId" (README),
    // and it prices subscriptions only, one month by default (API reference, DescribeRenewalPrice).
    const bool renewal = text::iequals(param(request, "Action"), "DescribeRenewalPrice")
                         || text::contains(text::toLower(doc.name), "renewal") || rulesUseCode;

    std::string unit = param(request, "PriceUnit");
    if (unit.empty()) {
        unit = renewal ? "Month" : "Hour";
    }
    int monthsPerUnit = 0;
    if (text::iequals(unit, "Hour")) {
        unit = "Hour";
    } else if (text::iequals(unit, "Month")) {
        unit = "Month";
        monthsPerUnit = 1;
    } else if (text::iequals(unit, "Year")) {
        unit = "Year";
        monthsPerUnit = 12;
    } else if (text::iequals(unit, "Week")) {
        return makeError(Error::Code::Unsupported,
                         "PriceUnit=Week subscriptions cannot be stored (terms are whole months); "
                         "query Month or Year prices",
                         doc.name);
    } else {
        return makeError(Error::Code::InvalidInput,
                         "request parameter PriceUnit='" + text::printable(unit, 20)
                             + "' is not one of Hour, Month, Year",
                         doc.name);
    }
    auto period = positiveParam(request, doc.name, "Period", 1);
    if (!period) {
        return period.error();
    }
    auto amount = positiveParam(request, doc.name, "Amount", 1);
    if (!amount) {
        return amount.error();
    }
    const std::string spotStrategy = param(request, "SpotStrategy");
    bool spot = false;
    if (text::iequals(spotStrategy, "SpotAsPriceGo")
        || text::iequals(spotStrategy, "SpotWithPriceLimit")) {
        spot = true;
    } else if (!spotStrategy.empty() && !text::iequals(spotStrategy, "NoSpot")) {
        return makeError(Error::Code::InvalidInput,
                         "request parameter SpotStrategy='" + text::printable(spotStrategy, 30)
                             + "' is not one of NoSpot, SpotAsPriceGo, SpotWithPriceLimit",
                         doc.name);
    }
    if (renewal && monthsPerUnit == 0) {
        return makeError(Error::Code::InvalidInput,
                         "a DescribeRenewalPrice quote is for a subscription: pass --param "
                         "PriceUnit=Month or Year (and Period)",
                         doc.name);
    }
    if (spot && monthsPerUnit != 0) {
        return makeError(Error::Code::InvalidInput,
                         "spot instances are pay-as-you-go: SpotStrategy=" + spotStrategy
                             + " needs PriceUnit=Hour",
                         doc.name);
    }
    auto date = dateParam(request, doc.name);
    if (!date) {
        return date.error();
    }

    auto currency = optString(doc, *price, "Currency", "PriceInfo.Price");
    if (!currency) {
        return currency.error();
    }
    auto totals = readPriceTriple(doc, *price, "PriceInfo.Price");
    if (!totals) {
        return totals.error();
    }
    // With ResourceType=instance the quote is split per resource (instanceType, systemDisk,
    // bandwidth, image, DataDisk; API reference, DescribePrice DetailInfos). The offer is the
    // instance's share, so that it compares with other providers' instance prices.
    auto details = wrappedList(doc,
                               *price,
                               "DetailInfos",
                               {"DetailInfo", "ResourcePriceModel"},
                               "PriceInfo.Price");
    if (!details) {
        return details.error();
    }
    PriceTriple used = *totals;
    std::vector<std::string> otherResources;
    for (std::size_t i = 0; i < details->items.size(); ++i) {
        const Json& item = *details->items[i];
        const std::string p = itemPath(details->itemsPath, i);
        if (!item.is_object()) {
            return doc.wrongType(p, "an object", item);
        }
        auto resource = optString(doc, item, "Resource", p);
        if (!resource) {
            return resource.error();
        }
        if (text::iequals(*resource, "instanceType")) {
            auto part = readPriceTriple(doc, item, p);
            if (!part) {
                return part.error();
            }
            used = *part;
            if (auto st = collectRules(doc, item, "SubRules", p, rules); !st) {
                return st.error();
            }
        } else if (!resource->empty()) {
            otherResources.push_back(*resource);
        }
    }

    Offer offer;
    offer.provider = "alibaba";
    offer.service = "ECS";
    offer.region = regionId;
    offer.zone = param(request, "ZoneId");
    offer.instanceType = instanceType;
    // Without ImageId DescribePrice quotes a Linux image (API reference, DescribePrice ImageId).
    if (const auto os = param(request, "OSType"); !os.empty()) {
        offer.os = normaliseOs(os);
    } else if (param(request, "ImageId").empty()) {
        offer.os = "linux";
    }
    offer.currency = *currency;
    offer.effectiveDate = *date;
    const double perInstance = used.trade / *amount;
    if (monthsPerUnit == 0) {
        offer.purchaseOption = spot ? PurchaseOption::Spot : PurchaseOption::OnDemand;
        offer.hourly = perInstance / *period;
    } else {
        offer.purchaseOption = PurchaseOption::Reserved;
        offer.offeringClass = "subscription";
        offer.termMonths = *period * monthsPerUnit;
        offer.paymentOption = PaymentOption::AllUpfront;
        offer.upfront = perInstance;
    }
    // No SKU in the response: keep what the user pays against the list price and why.
    std::string sku = renewal ? "renewal quote " : "quote ";
    sku += formatNumber(used.trade) + " " + offer.currency + " = list "
           + formatNumber(used.original) + " - discount " + formatNumber(used.discount) + " for "
           + std::to_string(*period) + " " + unit + (*period > 1 ? "s" : "");
    if (*amount > 1) {
        sku += " x " + std::to_string(*amount) + " instances";
    }
    if (!otherResources.empty()) {
        sku += "; instance part of a " + formatNumber(totals->trade) + " quote with";
        for (const auto& r : otherResources) {
            sku += " " + text::printable(r, 30);
        }
    }
    for (const auto& rule : rules) {
        sku += "; rule " + rule;
    }
    offer.sku = std::move(sku);

    sink.rowRead();
    if (auto st = validateOffer(offer, doc.where("PriceInfo.Price")); !st) {
        return st.error();
    }
    if (auto st = sink.addOffer(offer); !st) {
        return st.error();
    }

    SourceFacts facts;
    facts.format = kPriceFormat;
    facts.provider = "alibaba";
    facts.publishedAt = *date;
    facts.key = std::string(renewal ? "alibaba-renewal-price" : "alibaba-price")
                + ":ECS:" + regionId + ":" + offer.zone + ":" + instanceType + ":" + offer.os + ":"
                + std::string(toString(offer.purchaseOption)) + ":" + std::to_string(*period)
                + unit;
    if (renewal) {
        if (const auto id = param(request, "ResourceId"); !id.empty()) {
            facts.key += ":" + id;
        }
    }
    return facts;
}

// ---------------------------------------------------------------------------------------------
// DescribeSpotPriceHistory

Result<SourceFacts> runSpotPriceHistory(const ImportRequest& request, ImportSink& sink)
{
    auto loaded = loadResponse(request, "a DescribeSpotPriceHistory response");
    if (!loaded) {
        return loaded.error();
    }
    const Doc& doc = *loaded;
    auto list = wrappedList(doc, doc.root, "SpotPrices", {"SpotPriceType"}, "");
    if (!list) {
        return list.error();
    }
    if (!list->present) {
        return doc.invalid("",
                           "not a DescribeSpotPriceHistory response: it has no SpotPrices"
                               + lookalike(doc.root));
    }
    auto currency = optString(doc, doc.root, "Currency", "");
    if (!currency) {
        return currency.error();
    }
    if (currency->empty()) {
        *currency = param(request, "Currency");
    }
    if (currency->empty() && !list->items.empty()) {
        return doc.invalid("Currency",
                           "missing (the response names its currency at the top level; pass "
                           "--param Currency=CNY or USD)");
    }
    if (!currency->empty() && !isKnownCurrency(*currency)) {
        return doc.invalid("Currency",
                           "unknown currency '" + text::printable(*currency, 16)
                               + "' (expected CNY or USD)");
    }
    // OSType is a request parameter (linux or windows, default linux: API reference,
    // DescribeSpotPriceHistory); the response does not repeat it.
    const std::string osParam = param(request, "OSType");
    const std::string os = osParam.empty() ? "linux" : normaliseOs(osParam);
    const std::string regionParam = param(request, "RegionId");

    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const Json& item = *list->items[i];
        const std::string p = itemPath(list->itemsPath, i);
        const std::string where = doc.where(p);
        sink.rowRead();
        if (!item.is_object()) {
            return doc.wrongType(p, "a spot price record", item);
        }
        auto zone = requiredString(doc, item, "ZoneId", p);
        auto type = requiredString(doc, item, "InstanceType", p);
        auto timestamp = requiredString(doc, item, "Timestamp", p);
        auto network = optString(doc, item, "NetworkType", p);
        auto io = optString(doc, item, "IoOptimized", p);
        for (const auto* r : {&zone, &type, &timestamp, &network, &io}) {
            if (!*r) {
                return r->error();
            }
        }
        auto spotPrice = optNumber(doc, item, "SpotPrice", p);
        auto originPrice = optNumber(doc, item, "OriginPrice", p);
        for (const auto* r : {&spotPrice, &originPrice}) {
            if (!*r) {
                return r->error();
            }
        }
        if (!*spotPrice) {
            return doc.invalid(joinPath(p, "SpotPrice"), "missing (expected a number)");
        }
        if (auto st = checkPrice(**spotPrice, "SpotPrice", where); !st) {
            return st.error();
        }
        if (*originPrice) {
            if (auto st = checkPrice(**originPrice, "OriginPrice", where); !st) {
                return st.error();
            }
        }
        if (text::isoDate(*timestamp).empty()) {
            return doc.invalid(joinPath(p, "Timestamp"),
                               "'" + text::printable(*timestamp, 40)
                                   + "' is not a time (expected yyyy-MM-ddTHH:mm:ssZ)");
        }
        // The legacy classic network and non-I/O-optimized instances are separate price pools;
        // the contract has no field for them, so keep the default (vpc, optimized) pool only.
        if (text::iequals(*network, "classic")) {
            sink.skip("classic-network spot price (only VPC prices are kept)", where);
            continue;
        }
        if (!io->empty() && !text::iequals(*io, "optimized")) {
            sink.skip("spot price of a non-I/O-optimized instance", where);
            continue;
        }
        SpotPricePoint point;
        point.provider = "alibaba";
        point.zone = *zone;
        point.region = regionParam.empty() ? alibaba::regionFromZone(*zone) : regionParam;
        if (point.region.empty()) {
            return doc.invalid(joinPath(p, "ZoneId"),
                               "cannot tell the region of zone '" + text::printable(*zone, 40)
                                   + "'; pass --param RegionId=...");
        }
        if (!text::startsWith(point.zone, point.region)) {
            return doc.invalid(joinPath(p, "ZoneId"),
                               "zone '" + text::printable(*zone, 40) + "' is not in region "
                                   + point.region);
        }
        point.instanceType = *type;
        point.os = os;
        point.timestamp = *timestamp;
        point.hourly = **spotPrice;
        point.onDemandHourly = *originPrice;
        point.currency = *currency;
        if (auto st = sink.addSpotPrice(point); !st) {
            return st.error();
        }
    }
    SourceFacts facts;
    facts.format = kSpotHistoryFormat;
    facts.provider = "alibaba";
    // Empty key (= format + file name): responses are pages of a time window (Offset/NextOffset)
    // and nothing in a page tells it apart from the next one.
    return facts;
}

// ---------------------------------------------------------------------------------------------
// DescribeSpotAdvice

Result<SourceFacts> runSpotAdvice(const ImportRequest& request, ImportSink& sink)
{
    auto loaded = loadResponse(request, "a DescribeSpotAdvice response");
    if (!loaded) {
        return loaded.error();
    }
    const Doc& doc = *loaded;
    auto zones = wrappedList(doc, doc.root, "AvailableSpotZones", {"AvailableSpotZone"}, "");
    if (!zones) {
        return zones.error();
    }
    if (!zones->present) {
        return doc.invalid("",
                           "not a DescribeSpotAdvice response: it has no AvailableSpotZones"
                               + lookalike(doc.root));
    }
    auto regionId = optString(doc, doc.root, "RegionId", "");
    if (!regionId) {
        return regionId.error();
    }
    std::string region = regionId->empty() ? param(request, "RegionId") : *regionId;
    std::string keyRegion = region;

    // Quirk of Alibaba's own sample: ZoneId and AvailableSpotResources sit in separate elements
    // ([{"ZoneId": "cn-hangzhou-i"}, {"AvailableSpotResources": ...}]). Resources without a
    // ZoneId of their own belong to the nearest preceding element that has one.
    std::string currentZone;
    for (std::size_t z = 0; z < zones->items.size(); ++z) {
        const Json& zoneItem = *zones->items[z];
        const std::string zp = itemPath(zones->itemsPath, z);
        if (!zoneItem.is_object()) {
            return doc.wrongType(zp, "a zone object", zoneItem);
        }
        auto zoneId = optString(doc, zoneItem, "ZoneId", zp);
        if (!zoneId) {
            return zoneId.error();
        }
        if (!zoneId->empty()) {
            currentZone = *zoneId;
        }
        auto resources =
            wrappedList(doc, zoneItem, "AvailableSpotResources", {"AvailableSpotResource"}, zp);
        if (!resources) {
            return resources.error();
        }
        for (std::size_t i = 0; i < resources->items.size(); ++i) {
            const Json& r = *resources->items[i];
            const std::string p = itemPath(resources->itemsPath, i);
            sink.rowRead();
            if (!r.is_object()) {
                return doc.wrongType(p, "a spot resource object", r);
            }
            auto type = requiredString(doc, r, "InstanceType", p);
            auto bucket = optString(doc, r, "InterruptRateDesc", p);
            for (const auto* s : {&type, &bucket}) {
                if (!*s) {
                    return s->error();
                }
            }
            auto rate = optNumber(doc, r, "InterruptionRate", p, true);
            auto discount = optNumber(doc, r, "AverageSpotDiscount", p, true);
            for (const auto* n : {&rate, &discount}) {
                if (!*n) {
                    return n->error();
                }
            }
            const std::pair<const std::optional<double>*, const char*> pcts[] = {
                {&*rate, "InterruptionRate"},
                {&*discount, "AverageSpotDiscount"}};
            for (const auto& [value, key] : pcts) {
                if (*value && (**value < 0 || **value > 100)) {
                    return doc.invalid(joinPath(p, key),
                                       formatNumber(**value) + " is not a percentage (0 to 100)");
                }
            }
            SpotAdvice advice;
            advice.provider = "alibaba";
            advice.zone = currentZone;
            advice.region = region.empty() ? alibaba::regionFromZone(currentZone) : region;
            if (advice.region.empty()) {
                return doc.invalid(p,
                                   "cannot tell the region (no RegionId in the response); pass "
                                   "--param RegionId=...");
            }
            advice.instanceType = *type;
            // DescribeSpotAdvice is not per OS (no OSType in the request): os stays "".
            // AverageSpotDiscount is the spot price as a percentage OF the pay-as-you-go price
            // ("20" = pays 20 %, saves 80 %), the opposite sense of AWS's savings "s" (README).
            if (*discount) {
                advice.savingsPct = 100.0 - **discount;
            }
            advice.interruptionPct = *rate;
            advice.interruptionBucket = *bucket;
            advice.interruptionMaxPct = alibaba::interruptionBucketMaxPct(*bucket);
            if (keyRegion.empty()) {
                keyRegion = advice.region;
            }
            if (auto st = sink.addSpotAdvice(advice); !st) {
                return st.error();
            }
        }
    }
    SourceFacts facts;
    facts.format = kSpotAdviceFormat;
    facts.provider = "alibaba";
    // One response describes a region (optionally narrowed by the request's filters).
    facts.key = "alibaba-spot-advice:" + keyRegion;
    for (const char* filter : {"ZoneId", "InstanceTypes", "InstanceTypeFamily"}) {
        if (const auto v = param(request, filter); !v.empty()) {
            facts.key += ":" + v;
        }
    }
    return facts;
}

// ---------------------------------------------------------------------------------------------
// DescribeInstanceTypes

Result<SourceFacts> runInstanceTypes(const ImportRequest& request, ImportSink& sink)
{
    auto loaded = loadResponse(request, "a DescribeInstanceTypes response");
    if (!loaded) {
        return loaded.error();
    }
    const Doc& doc = *loaded;
    auto list = wrappedList(doc, doc.root, "InstanceTypes", {"InstanceType"}, "");
    if (!list) {
        return list.error();
    }
    if (!list->present) {
        return doc.invalid("",
                           "not a DescribeInstanceTypes response: it has no InstanceTypes"
                               + lookalike(doc.root));
    }
    for (std::size_t i = 0; i < list->items.size(); ++i) {
        const Json& item = *list->items[i];
        const std::string p = itemPath(list->itemsPath, i);
        sink.rowRead();
        if (!item.is_object()) {
            return doc.wrongType(p, "an instance type object", item);
        }
        auto id = requiredString(doc, item, "InstanceTypeId", p);
        auto family = optString(doc, item, "InstanceTypeFamily", p);
        auto gpuSpec = optString(doc, item, "GPUSpec", p);
        auto storage = optString(doc, item, "LocalStorageCategory", p);
        auto level = optString(doc, item, "InstanceFamilyLevel", p);
        auto cpuArch = optString(doc, item, "CpuArchitecture", p);
        auto processor = optString(doc, item, "PhysicalProcessorModel", p);
        for (const auto* s : {&id, &family, &gpuSpec, &storage, &level, &cpuArch, &processor}) {
            if (!*s) {
                return s->error();
            }
        }
        auto cpus = optNumber(doc, item, "CpuCoreCount", p);
        auto memory = optNumber(doc, item, "MemorySize", p);
        auto gpus = optNumber(doc, item, "GPUAmount", p);
        auto bandwidthRx = optNumber(doc, item, "InstanceBandwidthRx", p);
        for (const auto* n : {&cpus, &memory, &gpus, &bandwidthRx}) {
            if (!*n) {
                return n->error();
            }
        }
        const std::pair<const std::optional<double>*, const char*> ranges[] = {
            {&*cpus, "CpuCoreCount"},
            {&*memory, "MemorySize"},
            {&*gpus, "GPUAmount"},
            {&*bandwidthRx, "InstanceBandwidthRx"}};
        for (const auto& [value, key] : ranges) {
            if (*value && (**value < 0 || **value > 1e9)) {
                return doc.invalid(joinPath(p, key), formatNumber(**value) + " is out of range");
            }
        }
        InstanceSpec spec;
        spec.provider = "alibaba";
        spec.instanceType = *id;
        spec.vcpus = *cpus;       // CpuCoreCount counts vCPUs
        spec.memoryGib = *memory; // MemorySize is GiB (a float)
        spec.gpus = *gpus;
        spec.gpuModel = *gpuSpec; // "" when the type has no GPU
        spec.family = *family;
        spec.localStorage = *storage;
        spec.processor = *processor;
        if (text::iequals(*cpuArch, "X86")) {
            spec.arch = "x86_64";
        } else if (text::iequals(*cpuArch, "ARM")) {
            spec.arch = "arm64";
        }
        // Entry-level (shared) and credit (burstable) families do not get dedicated CPU.
        if (text::iequals(*level, "EnterpriseLevel")) {
            spec.sharedCpu = false;
        } else if (text::iequals(*level, "EntryLevel")
                   || text::iequals(*level, "CreditEntryLevel")) {
            spec.sharedCpu = true;
        }
        // Bandwidth is in Kbit/s counted 1024 Kbit to the Mbit: ecs.g6.large has 1024000, which
        // Alibaba's instance family tables list as 1 Gbit/s.
        if (*bandwidthRx) {
            spec.networkGbps = **bandwidthRx / 1024000.0;
            spec.network = formatNumber(*spec.networkGbps) + " Gbit/s";
        }
        if (auto st = sink.addSpec(spec); !st) {
            return st.error();
        }
    }
    SourceFacts facts;
    facts.format = kInstanceTypesFormat;
    facts.provider = "alibaba";
    auto nextToken = optString(doc, doc.root, "NextToken", "");
    if (!nextToken) {
        return nextToken.error();
    }
    // A page of a paginated answer (NextToken) gets the file name as key, so pages add up.
    if (nextToken->empty()) {
        facts.key = "alibaba-instance-types";
    }
    return facts;
}

// ---------------------------------------------------------------------------------------------
// DescribeAvailableResource: what can be bought in each zone. Not a price; no table holds it yet.

Result<SourceFacts> runAvailableResource(const ImportRequest& request, ImportSink&)
{
    auto loaded = loadResponse(request, "a DescribeAvailableResource response");
    if (!loaded) {
        return loaded.error();
    }
    const Doc& doc = *loaded;
    auto zones = wrappedList(doc, doc.root, "AvailableZones", {"AvailableZone"}, "");
    if (!zones) {
        return zones.error();
    }
    if (!zones->present) {
        return doc.invalid("",
                           "not a DescribeAvailableResource response: it has no "
                           "AvailableZones"
                               + lookalike(doc.root));
    }
    std::set<std::string> types;
    for (std::size_t z = 0; z < zones->items.size(); ++z) {
        const Json& zone = *zones->items[z];
        const std::string zp = itemPath(zones->itemsPath, z);
        auto resources = wrappedList(doc, zone, "AvailableResources", {"AvailableResource"}, zp);
        if (!resources) {
            return resources.error();
        }
        for (std::size_t i = 0; i < resources->items.size(); ++i) {
            const Json& res = *resources->items[i];
            const std::string rp = itemPath(resources->itemsPath, i);
            auto type = optString(doc, res, "Type", rp);
            if (!type) {
                return type.error();
            }
            if (*type != "InstanceType") {
                continue;
            }
            auto supported = wrappedList(doc, res, "SupportedResources", {"SupportedResource"}, rp);
            if (!supported) {
                return supported.error();
            }
            for (std::size_t k = 0; k < supported->items.size(); ++k) {
                auto value = optString(doc,
                                       *supported->items[k],
                                       "Value",
                                       itemPath(supported->itemsPath, k));
                if (!value) {
                    return value.error();
                }
                if (!value->empty()) {
                    types.insert(*value);
                }
            }
        }
    }
    return makeError(
        Error::Code::Unsupported,
        "not a price sheet: DescribeAvailableResource lists what can be bought in each "
        "zone ("
            + std::to_string(zones->items.size()) + " zone" + (zones->items.size() == 1 ? "" : "s")
            + ", " + std::to_string(types.size()) + " instance type"
            + (types.size() == 1 ? "" : "s") + "); cloudcost does not store availability yet",
        doc.name);
}

// ---------------------------------------------------------------------------------------------
// Detection: a JSON object whose head holds the response's distinctive keys.

bool looksLikeJsonObject(std::string_view head)
{
    head = text::trim(head);
    if (text::startsWith(head, "\xEF\xBB\xBF")) {
        head.remove_prefix(3);
    }
    return !head.empty() && head.front() == '{';
}

int sniffPrice(std::string_view head, std::string_view)
{
    if (!looksLikeJsonObject(head) || !text::contains(head, "\"PriceInfo\"")) {
        return 0;
    }
    return text::contains(head, "\"TradePrice\"") || text::contains(head, "\"OriginalPrice\"") ? 90
                                                                                               : 60;
}

int sniffSpotHistory(std::string_view head, std::string_view)
{
    if (!looksLikeJsonObject(head) || !text::contains(head, "\"SpotPrices\"")) {
        return 0;
    }
    return text::contains(head, "\"SpotPriceType\"") || text::contains(head, "\"OriginPrice\"")
               ? 90
               : 50;
}

int sniffSpotAdvice(std::string_view head, std::string_view)
{
    return looksLikeJsonObject(head) && text::contains(head, "\"AvailableSpotZones\"") ? 90 : 0;
}

int sniffInstanceTypes(std::string_view head, std::string_view)
{
    // AWS describe-instance-types also has "InstanceTypes"; ECS names its ids InstanceTypeId.
    if (!looksLikeJsonObject(head) || !text::contains(head, "\"InstanceTypes\"")) {
        return 0;
    }
    return text::contains(head, "\"InstanceTypeId\"") || text::contains(head, "\"CpuCoreCount\"")
               ? 90
               : 0;
}

int sniffAvailableResource(std::string_view head, std::string_view)
{
    return looksLikeJsonObject(head) && text::contains(head, "\"AvailableZones\"")
                   && text::contains(head, "\"AvailableResource")
               ? 90
               : 0;
}

} // namespace

void registerAlibabaImporters(std::vector<ImporterInfo>& out)
{
    out.push_back({kPriceFormat,
                   "Alibaba Cloud ECS DescribePrice / DescribeRenewalPrice response (needs "
                   "--param RegionId=... --param InstanceType=...; PriceUnit, Period optional)",
                   sniffPrice,
                   runDescribePrice});
    out.push_back({kSpotHistoryFormat,
                   "Alibaba Cloud ECS DescribeSpotPriceHistory response (spot price points)",
                   sniffSpotHistory,
                   runSpotPriceHistory});
    out.push_back({kSpotAdviceFormat,
                   "Alibaba Cloud ECS DescribeSpotAdvice response (interruption rates, savings)",
                   sniffSpotAdvice,
                   runSpotAdvice});
    out.push_back({kInstanceTypesFormat,
                   "Alibaba Cloud ECS DescribeInstanceTypes response (instance specifications)",
                   sniffInstanceTypes,
                   runInstanceTypes});
    out.push_back({kAvailableResourceFormat,
                   "Alibaba Cloud ECS DescribeAvailableResource response (recognised; "
                   "availability is not stored yet)",
                   sniffAvailableResource,
                   runAvailableResource});
}

} // namespace cloudcost::pricing
