#include "pricing/Offer.h"

namespace cloudcost::pricing {

std::string_view toString(PurchaseOption p)
{
    switch (p) {
    case PurchaseOption::OnDemand:
        return "on_demand";
    case PurchaseOption::Reserved:
        return "reserved";
    case PurchaseOption::SavingsPlan:
        return "savings_plan";
    case PurchaseOption::CommittedUse:
        return "committed_use";
    case PurchaseOption::Spot:
        return "spot";
    }
    return "on_demand";
}

std::string_view toString(PaymentOption p)
{
    switch (p) {
    case PaymentOption::None:
        return "";
    case PaymentOption::NoUpfront:
        return "no_upfront";
    case PaymentOption::PartialUpfront:
        return "partial_upfront";
    case PaymentOption::AllUpfront:
        return "all_upfront";
    }
    return "";
}

std::optional<PurchaseOption> parsePurchaseOption(std::string_view s)
{
    for (auto p : {PurchaseOption::OnDemand,
                   PurchaseOption::Reserved,
                   PurchaseOption::SavingsPlan,
                   PurchaseOption::CommittedUse,
                   PurchaseOption::Spot}) {
        if (toString(p) == s) {
            return p;
        }
    }
    return std::nullopt;
}

std::optional<PaymentOption> parsePaymentOption(std::string_view s)
{
    if (s.empty() || s == "none") {
        return PaymentOption::None;
    }
    for (auto p :
         {PaymentOption::NoUpfront, PaymentOption::PartialUpfront, PaymentOption::AllUpfront}) {
        if (toString(p) == s) {
            return p;
        }
    }
    return std::nullopt;
}

namespace {

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}
bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::string azureArch(std::string_view t)
{
    for (std::string_view prefix : {"Standard_", "Basic_"}) {
        if (t.substr(0, prefix.size()) == prefix) {
            t.remove_prefix(prefix.size());
            break;
        }
    }
    std::size_t i = 0;
    while (i < t.size() && isUpper(t[i])) {
        ++i; // family and sub-family: D, DC, NC, HB
    }
    const std::size_t digits = i;
    while (i < t.size() && (isDigit(t[i]) || t[i] == '-')) {
        ++i; // vCPUs and constrained vCPUs: 8, 8-2
    }
    if (digits == 0 || i == digits) {
        return {};
    }
    for (; i < t.size() && isLower(t[i]); ++i) {
        if (t[i] == 'p') {
            return "arm64";
        }
    }
    return "x86_64";
}

std::string gcpArch(std::string_view t)
{
    const auto family = t.substr(0, t.find('-'));
    for (std::string_view arm : {"t2a", "c4a", "n4a", "a4x"}) {
        if (family == arm) {
            return "arm64";
        }
    }
    for (std::string_view x86 :
         {"n1", "n2", "n2d", "n4", "n4d", "e2", "c2", "c2d", "c3", "c3d", "c4", "c4d",
          "m1", "m2", "m3",  "m4", "a2",  "a3", "g2", "h3",  "z3", "t2d", "f1", "g1"}) {
        if (family == x86) {
            return "x86_64";
        }
    }
    return {};
}

std::string awsArch(std::string_view t)
{
    const auto family = t.substr(0, t.find('.'));
    if (family == "a1") {
        return "arm64";
    }
    std::size_t i = 0;
    while (i < family.size() && isLower(family[i])) {
        ++i;
    }
    const std::size_t letters = i;
    while (i < family.size() && isDigit(family[i])) {
        ++i;
    }
    if (letters == 0 || i == letters || family.substr(0, letters) == "mac"
        || family.substr(0, letters) == "u") {
        return {};
    }
    for (; i < family.size(); ++i) {
        if (!isLower(family[i])) {
            return {};
        }
        if (family[i] == 'g') {
            return "arm64";
        }
    }
    return "x86_64";
}

} // namespace

std::string inferArch(std::string_view provider, std::string_view instanceType)
{
    if (provider == "azure") {
        return azureArch(instanceType);
    }
    if (provider == "gcp") {
        return gcpArch(instanceType);
    }
    if (provider == "aws") {
        return awsArch(instanceType);
    }
    return {};
}

bool isBurstable(std::string_view provider, std::string_view t)
{
    if (provider == "azure") {
        for (std::string_view prefix : {"Standard_", "Basic_"}) {
            if (t.substr(0, prefix.size()) == prefix) {
                t.remove_prefix(prefix.size());
                break;
            }
        }
        return t.size() >= 2 && t[0] == 'B' && isDigit(t[1]);
    }
    if (provider == "aws") {
        const auto family = t.substr(0, t.find('.'));
        return family.size() >= 2 && family[0] == 't' && isDigit(family[1]);
    }
    if (provider == "gcp") {
        for (std::string_view shared :
             {"e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small"}) {
            if (t == shared) {
                return true;
            }
        }
    }
    return false;
}

} // namespace cloudcost::pricing
