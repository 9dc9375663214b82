#include "pricing/ImportSupport.h"

#include "common/Text.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace cloudcost::pricing {

namespace {
// ISO 4217 active codes (2024 list), sorted for binary search.
constexpr std::array<std::string_view, 156> kCurrencies = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};

std::string locationSuffix(std::string_view where)
{
    return std::string(where);
}
} // namespace

bool isKnownCurrency(std::string_view code)
{
    return std::binary_search(kCurrencies.begin(), kCurrencies.end(), code);
}

Status checkPrice(double value, std::string_view what, std::string_view where)
{
    if (!std::isfinite(value)) {
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " is not a finite number",
                         locationSuffix(where));
    }
    if (value < 0) {
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " is negative (" + std::to_string(value) + ")",
                         locationSuffix(where));
    }
    const bool upfront = text::contains(what, "upfront");
    if (value > (upfront ? 1e12 : 1e9)) {
        return makeError(Error::Code::InvalidInput,
                         std::string(what) + " of " + std::to_string(value)
                             + " is absurdly large; is the column or unit wrong?",
                         locationSuffix(where));
    }
    return {};
}

Status validateOffer(const Offer& offer, std::string_view where)
{
    auto invalid = [&](const std::string& message) {
        return makeError(Error::Code::InvalidInput, message, std::string(where));
    };
    if (offer.provider.empty()) {
        return invalid("offer has no provider");
    }
    if (offer.instanceType.empty()) {
        return invalid("offer has no instance type");
    }
    if (offer.region.empty()) {
        return invalid("offer for " + offer.instanceType + " has no region");
    }
    if (!isKnownCurrency(offer.currency)) {
        return invalid("unknown currency '" + text::printable(offer.currency, 16)
                       + "' (expected an ISO 4217 code such as USD or CNY)");
    }
    if (auto st = checkPrice(offer.hourly, "hourly price", where); !st) {
        return st;
    }
    if (auto st = checkPrice(offer.upfront, "upfront fee", where); !st) {
        return st;
    }
    const bool committed = offer.purchaseOption == PurchaseOption::Reserved
                           || offer.purchaseOption == PurchaseOption::SavingsPlan
                           || offer.purchaseOption == PurchaseOption::CommittedUse;
    if (committed && (offer.termMonths <= 0 || offer.termMonths > 120)) {
        return invalid("commitment for " + offer.instanceType + " has term of "
                       + std::to_string(offer.termMonths) + " months (expected 1 to 120)");
    }
    for (const auto& [value, name] : {std::pair{offer.vcpus, "vCPU count"},
                                      std::pair{offer.memoryGib, "memory"},
                                      std::pair{offer.gpus, "GPU count"}}) {
        if (value && (!std::isfinite(*value) || *value < 0 || *value > 1e6)) {
            return invalid(std::string(name) + " of " + offer.instanceType + " is out of range");
        }
    }
    return {};
}

std::string normaliseOs(std::string_view providerName)
{
    const std::string s = text::toLower(text::trim(providerName));
    if (s.empty() || s == "na") {
        return {};
    }
    if (s == "linux" || s == "linux/unix" || s == "linux/unix (amazon vpc)" || s == "unix") {
        return "linux";
    }
    if (text::startsWith(s, "windows")) {
        return "windows";
    }
    if (s == "red hat enterprise linux with ha" || s == "rhel with ha") {
        return "rhel_ha";
    }
    if (s == "rhel" || text::startsWith(s, "red hat enterprise linux")) {
        return "rhel";
    }
    if (s == "suse" || text::startsWith(s, "suse linux") || s == "sles") {
        return "suse";
    }
    if (s == "ubuntu pro") {
        return "ubuntu_pro";
    }
    std::string out;
    for (char c : s) {
        out.push_back(c == ' ' || c == '/' ? '_' : c);
    }
    return out;
}

double termHours(int termMonths)
{
    return 8760.0 * termMonths / 12.0;
}

double effectiveHourly(const Offer& offer)
{
    if (offer.termMonths <= 0) {
        return offer.hourly;
    }
    return offer.hourly + offer.upfront / termHours(offer.termMonths);
}

} // namespace cloudcost::pricing
