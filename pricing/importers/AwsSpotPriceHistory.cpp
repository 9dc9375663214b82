// aws-spot-price-history: `aws ec2 describe-spot-price-history` JSON output -> SpotPricePoint
// (data/aws/README.md §6). Records are price-change events, newest first; all are kept.
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/importers/AwsMiscSupport.h"

namespace cloudcost::pricing::awsmisc {

namespace {

using nlohmann::json;

bool isZoneChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

// Region of an availability zone name. A regional AZ is the region plus a letter (us-east-1a ->
// us-east-1). A Local Zone AZ is its zone group plus a letter (us-west-2-lax-1a ->
// us-west-2-lax-1), which is also the "regionCode" the EC2 price list gives Local Zone prices, so
// spot and on-demand prices of a Local Zone meet under one region. Wavelength zone names end in a
// digit (us-east-1-wl1-bos-wlz-1): their parent region (first three parts) is used.
std::optional<std::string> regionFromZone(std::string_view zone)
{
    if (zone.size() < 4 || zone.size() > 64) {
        return std::nullopt;
    }
    for (char c : zone) {
        if (!isZoneChar(c)) {
            return std::nullopt;
        }
    }
    const auto parts = text::split(zone, '-');
    if (parts.size() < 3 || parts[0].size() != 2) {
        return std::nullopt;
    }
    const char last = zone.back();
    const char beforeLast = zone[zone.size() - 2];
    if (last >= 'a' && last <= 'z' && beforeLast >= '0' && beforeLast <= '9') {
        return std::string(zone.substr(0, zone.size() - 1));
    }
    if (last >= '0' && last <= '9' && parts.size() > 3) {
        const auto p = zone.find('-', parts[0].size() + parts[1].size() + 2);
        return std::string(zone.substr(0, p));
    }
    return std::nullopt;
}

std::string recordLabel(const json& item)
{
    std::string label;
    for (const char* key :
         {"AvailabilityZone", "InstanceType", "ProductDescription", "Timestamp"}) {
        const json* v = member(item, key);
        if (v && v->is_string()) {
            label +=
                (label.empty() ? "" : " ") + text::printable(v->get_ref<const std::string&>(), 40);
        }
    }
    return label.empty() ? std::string() : " (" + label + ")";
}

Result<std::string> requiredString(const json& item,
                                   const char* key,
                                   const std::string& where,
                                   const std::string& label)
{
    const json* v = member(item, key);
    if (!v || v->is_null()) {
        return makeError(Error::Code::InvalidInput,
                         std::string("spot price record") + label + " has no " + key,
                         where);
    }
    if (!v->is_string()) {
        return makeError(Error::Code::InvalidInput,
                         std::string(key) + " of spot price record" + label + " is "
                             + jsonTypeName(*v) + " (expected a string)",
                         where);
    }
    return v->get<std::string>();
}

Result<SpotPricePoint> readRecord(const json& item, const std::string& where)
{
    if (!item.is_object()) {
        return makeError(Error::Code::InvalidInput,
                         "spot price record is " + jsonTypeName(item) + " (expected an object)",
                         where);
    }
    const std::string label = recordLabel(item);
    auto zone = requiredString(item, "AvailabilityZone", where, label);
    auto type = requiredString(item, "InstanceType", where, label);
    auto product = requiredString(item, "ProductDescription", where, label);
    auto stamp = requiredString(item, "Timestamp", where, label);
    for (const auto* r : {&zone, &type, &product, &stamp}) {
        if (!*r) {
            return r->error();
        }
    }
    SpotPricePoint p;
    p.provider = "aws";
    p.zone = *zone;
    p.instanceType = text::printable(*type, 80);
    auto region = regionFromZone(p.zone);
    if (!region) {
        return makeError(Error::Code::InvalidInput,
                         "AvailabilityZone '" + text::printable(p.zone, 40)
                             + "' is not an AWS availability zone name (e.g. us-east-1a)",
                         where);
    }
    p.region = *region;
    // Old records say "Linux/UNIX (Amazon VPC)": the VPC suffix is not part of the OS.
    std::string_view os = *product;
    if (text::endsWith(os, " (Amazon VPC)")) {
        os.remove_suffix(13);
    }
    p.os = normaliseOs(os);
    auto ts = normaliseTimestampUtc(*stamp);
    if (!ts) {
        return makeError(Error::Code::InvalidInput,
                         "Timestamp '" + text::printable(*stamp, 40) + "' of spot price record"
                             + label
                             + " is not an ISO-8601 time with a zone (e.g. "
                               "2021-02-09T01:40:10+00:00)",
                         where);
    }
    p.timestamp = *ts;
    // SpotPrice is a decimal string in the CLI output; a JSON number is accepted too (unambiguous).
    const json* priceValue = member(item, "SpotPrice");
    auto price = numberOrString(priceValue, "SpotPrice");
    if (!price) {
        return makeError(Error::Code::InvalidInput,
                         price.error().message + " in spot price record" + label,
                         where);
    }
    if (!*price) {
        return makeError(Error::Code::InvalidInput,
                         "spot price record" + label + " has no SpotPrice",
                         where);
    }
    if (auto st = checkPrice(**price, "spot price", where); !st) {
        return makeError(Error::Code::InvalidInput, st.error().message + label, where);
    }
    p.hourly = **price;
    // Spot prices are in the partition's currency: CNY in the China regions.
    p.currency = text::startsWith(p.region, "cn-") ? "CNY" : "USD";
    return p;
}

int sniffSpotHistory(std::string_view head, std::string_view /*fileName*/)
{
    const auto t = text::trim(head);
    if (t.empty()) {
        return 0;
    }
    if (t.front() == '{' && text::contains(head, "\"SpotPriceHistory\"")) {
        return 95;
    }
    if (t.front() == '[' && text::contains(head, "\"SpotPrice\"")
        && text::contains(head, "\"AvailabilityZone\"")
        && text::contains(head, "\"ProductDescription\"")) {
        return 85;
    }
    return 0;
}

Result<SourceFacts> runSpotHistory(const ImportRequest& request, ImportSink& sink)
{
    const std::string name = displayName(request);
    auto doc = loadJsonFile(request);
    if (!doc) {
        return doc.error();
    }
    const json* items = nullptr;
    if (doc->is_array()) {
        items = &*doc;
    } else if (const json* list = member(*doc, "SpotPriceHistory"); list && list->is_array()) {
        items = list;
    } else {
        return makeError(Error::Code::InvalidInput,
                         "not describe-spot-price-history output: expected {\"SpotPriceHistory\": "
                         "[...]} or an array of spot prices, found "
                             + (doc->is_object() ? std::string("an object without a "
                                                               "\"SpotPriceHistory\" array")
                                                 : jsonTypeName(*doc)),
                         name);
    }
    std::size_t index = 0;
    for (const auto& item : *items) {
        ++index;
        sink.rowRead();
        auto point = readRecord(item, name + ": item " + std::to_string(index));
        if (!point) {
            return point.error();
        }
        if (auto st = sink.addSpotPrice(*point); !st) {
            return st.error();
        }
        if (index % 1024 == 0) {
            if (auto st = reportProgress(request, index, items->size()); !st) {
                return st.error();
            }
        }
    }
    return SourceFacts{"aws-spot-price-history", "aws", {}, {}, {}};
}

} // namespace

ImporterInfo spotPriceHistoryImporter()
{
    return ImporterInfo{
        "aws-spot-price-history",
        "AWS `aws ec2 describe-spot-price-history` JSON output (spot price changes)",
        sniffSpotHistory,
        runSpotHistory};
}

} // namespace cloudcost::pricing::awsmisc
