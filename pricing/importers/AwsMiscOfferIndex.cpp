// aws-offer-index: recognises the Price List index files (offer index, offer region index, offer
// version index, Savings Plans region index) and refuses them with a message that names the file
// to import instead. They list URLs, not prices (data/aws/README.md §5).
#include "common/Text.h"
#include "pricing/importers/AwsMiscSupport.h"

namespace cloudcost::pricing::awsmisc {

namespace {

using nlohmann::json;

// Index URLs are relative to this host (README §5).
constexpr std::string_view kPricingHost = "https://pricing.us-east-1.amazonaws.com";

std::string absoluteUrl(std::string_view url)
{
    if (text::startsWith(url, "http://") || text::startsWith(url, "https://")) {
        return std::string(url);
    }
    return std::string(kPricingHost) + std::string(url);
}

std::string stringMember(const json& value, std::string_view key)
{
    const json* m = member(value, key);
    return m && m->is_string() ? text::printable(m->get_ref<const std::string&>(), 200)
                               : std::string();
}

// The path segment after "/aws/" in a Price List URL: the offer code.
std::string offerCodeFromUrl(std::string_view url)
{
    const auto pos = url.find("/aws/");
    if (pos == std::string_view::npos) {
        return {};
    }
    auto rest = url.substr(pos + 5);
    return std::string(rest.substr(0, rest.find('/')));
}

std::string replaceTail(std::string_view url, std::string_view tail, std::string_view with)
{
    if (!text::endsWith(url, tail)) {
        return std::string(url);
    }
    return std::string(url.substr(0, url.size() - tail.size())) + std::string(with);
}

Error unsupported(std::string message, const std::string& name)
{
    return makeError(Error::Code::Unsupported, "not a price sheet: " + std::move(message), name);
}

Result<SourceFacts> refuseOfferIndex(const json& offers, const std::string& name)
{
    // Suggest EC2 when the index lists it (the common case), else the first service.
    const json* example = member(offers, "AmazonEC2");
    if (!example && !offers.empty()) {
        example = &offers.begin().value();
    }
    std::string suggestion;
    if (example) {
        const std::string regionIndex = stringMember(*example, "currentRegionIndexUrl");
        if (!regionIndex.empty()) {
            suggestion =
                " such as "
                + absoluteUrl(replaceTail(regionIndex, "region_index.json", "us-east-1/index.json"))
                + " (the regions of a service are listed by its region index, e.g. "
                + absoluteUrl(regionIndex) + ")";
        }
    }
    return unsupported("this is the AWS offer index (lists " + std::to_string(offers.size())
                           + " services); import a service's regional offer file" + suggestion
                           + " instead",
                       name);
}

Result<SourceFacts> refuseRegionIndex(const json& regions, const std::string& name)
{
    const json* example = member(regions, "us-east-1");
    if (!example && !regions.empty()) {
        example = &regions.begin().value();
    }
    const std::string url = example ? stringMember(*example, "currentVersionUrl") : std::string();
    const std::string offerCode = offerCodeFromUrl(url);
    return unsupported(
        "this is the region index of the AWS offer '" + (offerCode.empty() ? "?" : offerCode)
            + "' (lists " + std::to_string(regions.size())
            + " regions); import one region's offer file"
            + (url.empty() ? std::string()
                           : " such as " + absoluteUrl(url) + " (or the same URL with index.csv)")
            + " instead",
        name);
}

Result<SourceFacts> refuseSavingsPlanRegionIndex(const json& regions, const std::string& name)
{
    const json* example = nullptr;
    for (const auto& r : regions) {
        if (stringMember(r, "regionCode") == "us-east-1") {
            example = &r;
        }
    }
    if (!example && !regions.empty()) {
        example = &regions.front();
    }
    const std::string url = example ? stringMember(*example, "versionUrl") : std::string();
    const std::string offerCode = offerCodeFromUrl(url);
    // Only the CSV form of the Savings Plans rate files is imported (aws-savings-plan-csv).
    return unsupported(
        "this is the Savings Plans region index of " + (offerCode.empty() ? "?" : offerCode)
            + " (lists " + std::to_string(regions.size())
            + " regions); import one region's Savings Plans rate file in CSV form (format "
              "aws-savings-plan-csv)"
            + (url.empty() ? std::string()
                           : " such as " + absoluteUrl(replaceTail(url, ".json", ".csv")))
            + " instead",
        name);
}

Result<SourceFacts>
refuseVersionIndex(const json& root, const json& versions, const std::string& name)
{
    std::string offerCode = stringMember(root, "offerCode");
    std::string latestUrl;
    std::string latestKey;
    if (versions.is_object()) {
        // Keys are version ids ("20250912225308"): the greatest is the newest.
        for (const auto& [key, v] : versions.items()) {
            if (key > latestKey) {
                latestKey = key;
                latestUrl = stringMember(v, "offerVersionUrl");
            }
        }
    }
    if (offerCode.empty()) {
        offerCode = offerCodeFromUrl(latestUrl);
    }
    return unsupported(
        "this is the version index of the AWS offer '" + (offerCode.empty() ? "?" : offerCode)
            + "' (lists " + std::to_string(versions.size())
            + " versions); import one region's offer file of a version"
            + (latestUrl.empty()
                   ? std::string()
                   : ", listed by that version's region index such as "
                         + absoluteUrl(replaceTail(latestUrl, "index.json", "region_index.json")))
            + " instead",
        name);
}

int sniffIndex(std::string_view head, std::string_view /*fileName*/)
{
    const auto t = text::trim(head);
    if (t.empty() || t.front() != '{') {
        return 0;
    }
    const bool offers = text::contains(head, "\"offers\"");
    const bool regions = text::contains(head, "\"regions\"");
    if (offers
        && (text::contains(head, "\"currentRegionIndexUrl\"")
            || text::contains(head, "\"versionIndexUrl\""))) {
        return 95;
    }
    if (regions && text::contains(head, "\"currentVersionUrl\"")) {
        return 95;
    }
    if (regions && text::contains(head, "\"versionUrl\"")
        && text::contains(head, "/savingsPlan/")) {
        return 95;
    }
    if (text::contains(head, "\"versions\"") && text::contains(head, "\"offerVersionUrl\"")) {
        return 90;
    }
    return 0;
}

Result<SourceFacts> runIndex(const ImportRequest& request, ImportSink& /*sink*/)
{
    const std::string name = displayName(request);
    auto doc = loadJsonFile(request, 64ULL << 20);
    if (!doc) {
        return doc.error();
    }
    const json& root = *doc;
    if (const json* offers = member(root, "offers"); offers && offers->is_object()) {
        return refuseOfferIndex(*offers, name);
    }
    if (const json* regions = member(root, "regions")) {
        if (regions->is_object()) {
            return refuseRegionIndex(*regions, name);
        }
        if (regions->is_array()) {
            return refuseSavingsPlanRegionIndex(*regions, name);
        }
    }
    if (const json* versions = member(root, "versions");
        versions && (versions->is_object() || versions->is_array())) {
        return refuseVersionIndex(root, *versions, name);
    }
    return makeError(
        Error::Code::InvalidInput,
        "not an AWS Price List index: expected a JSON object with \"offers\", "
        "\"regions\" or \"versions\", found "
            + (root.is_object() ? std::string("an object without them") : jsonTypeName(root)),
        name);
}

} // namespace

ImporterInfo offerIndexImporter()
{
    return ImporterInfo{
        "aws-offer-index",
        "AWS Price List index files (offer, region, version and Savings Plans indexes): "
        "recognised and refused with the price file to import instead",
        sniffIndex,
        runIndex};
}

} // namespace cloudcost::pricing::awsmisc
