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

} // namespace cloudcost::pricing
