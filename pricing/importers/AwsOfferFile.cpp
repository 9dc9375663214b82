#include "pricing/importers/AwsOfferFile.h"

#include "common/Text.h"

namespace cloudcost::pricing {

namespace aws {

namespace {

std::string_view withoutBom(std::string_view s)
{
    if (text::startsWith(s, "\xEF\xBB\xBF")) {
        s.remove_prefix(3);
    }
    return s;
}

// True when key (with its quotes) is followed by ':' and then open.
bool keyOpens(std::string_view head, std::string_view quotedKey, char open)
{
    std::size_t from = 0;
    for (;;) {
        const auto at = head.find(quotedKey, from);
        if (at == std::string_view::npos) {
            return false;
        }
        std::size_t i = at + quotedKey.size();
        while (i < head.size()
               && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
            ++i;
        }
        if (i < head.size() && head[i] == ':') {
            ++i;
            while (i < head.size()
                   && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) {
                ++i;
            }
            if (i < head.size() && head[i] == open) {
                return true;
            }
        }
        from = at + 1;
    }
}

// The value of a preamble line ("OfferCode","comprehend" or OfferCode,comprehend), or "".
std::string_view preambleValue(std::string_view head, std::string_view key)
{
    for (std::string_view line : text::split(head.substr(0, 8192), '\n')) {
        line = text::trim(line);
        std::string_view rest;
        if (text::startsWith(line, "\"" + std::string(key) + "\",")) {
            rest = line.substr(key.size() + 3);
        } else if (text::startsWith(line, std::string(key) + ",")) {
            rest = line.substr(key.size() + 1);
        } else {
            continue;
        }
        if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
            rest = rest.substr(1, rest.size() - 2);
        }
        return rest;
    }
    return {};
}

} // namespace

int sniffOfferJson(std::string_view head, std::string_view)
{
    head = text::trim(withoutBom(head));
    if (head.empty() || head.front() != '{') {
        return 0;
    }
    if (!text::contains(head, "\"formatVersion\"") || !text::contains(head, "\"offerCode\"")) {
        return 0; // offer index and Savings Plans files lack one of them
    }
    if (keyOpens(head, "\"products\"", '{')) {
        return 90;
    }
    // Terms before products (not AWS's order, but valid): the terms map is keyed by SKU.
    if (keyOpens(head, "\"terms\"", '{')
        && (keyOpens(head, "\"OnDemand\"", '{') || keyOpens(head, "\"Reserved\"", '{'))) {
        return 80;
    }
    return 0; // e.g. an offer region index ("regions")
}

int sniffOfferCsv(std::string_view head, std::string_view)
{
    head = withoutBom(head);
    const std::string_view first = text::trim(head.substr(0, head.find('\n')));
    if (!text::startsWith(first, "\"FormatVersion\",")
        && !text::startsWith(first, "FormatVersion,")) {
        return 0;
    }
    const std::string_view offerCode = preambleValue(head, "OfferCode");
    if (offerCode.empty() || text::contains(offerCode, "SavingsPlan")) {
        return 0; // Savings Plans offer files have their own importer
    }
    // The header names the term columns (Savings Plans files have none).
    for (std::string_view line : text::split(head, '\n')) {
        if (text::startsWith(line, "\"SKU\",") || text::startsWith(line, "SKU,")) {
            return text::contains(line, "OfferTermCode") && text::contains(line, "PricePerUnit")
                       ? 90
                       : 0;
        }
    }
    return 60; // a very long disclaimer pushed the header out of the first bytes
}

int sniffGetProducts(std::string_view head, std::string_view)
{
    head = text::trim(withoutBom(head));
    if (head.empty() || head.front() != '{') {
        return 0;
    }
    if (keyOpens(head, "\"PriceList\"", '[')
        && (text::contains(head, "\"FormatVersion\"") || text::contains(head, "aws_v1"))) {
        return 85;
    }
    if (text::contains(head, "\"serviceCode\"") && keyOpens(head, "\"product\"", '{')
        && keyOpens(head, "\"terms\"", '{')) {
        return 85;
    }
    if (keyOpens(head, "\"product\"", '{') && text::contains(head, "\"productFamily\"")
        && text::contains(head, "\"priceDimensions\"")) {
        return 70;
    }
    return 0;
}

} // namespace aws

void registerAwsOfferImporters(std::vector<ImporterInfo>& out)
{
    out.push_back({"aws-offer-json",
                   "AWS Price List bulk offer file, JSON (e.g. AmazonEC2/current/<region>/"
                   "index.json); streamed",
                   aws::sniffOfferJson,
                   aws::importOfferJson});
    out.push_back({"aws-offer-csv",
                   "AWS Price List bulk offer file, CSV (index.csv: preamble, header, one row "
                   "per price dimension)",
                   aws::sniffOfferCsv,
                   aws::importOfferCsv});
    out.push_back({"aws-getproducts",
                   "AWS Price List Query API GetProducts output (PriceList items or responses, "
                   "NDJSON or concatenated)",
                   aws::sniffGetProducts,
                   aws::importGetProducts});
}

} // namespace cloudcost::pricing
