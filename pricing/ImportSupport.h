#pragma once

#include "common/Result.h"
#include "pricing/Offer.h"

#include <string>
#include <string_view>

// Checks and normalisations shared by the importers.
namespace cloudcost::pricing {

// True for ISO 4217 currency codes in use (USD, CNY, IDR, EUR, ...).
bool isKnownCurrency(std::string_view code);

// Rejects a price that cannot be right: not finite, negative, or absurdly large (> 1e9 per hour,
// > 1e12 upfront, in any currency). where is "file:line" or "file: byte N".
Status checkPrice(double value, std::string_view what, std::string_view where);

// Validates an offer before it is stored: required fields, known currency, sane prices and specs.
Status validateOffer(const Offer& offer, std::string_view where);

// Lower-case operating system names used in offers: linux, windows, rhel, rhel_ha, suse,
// ubuntu_pro; "" when not applicable. Unknown names are lower-cased with spaces as '_'.
std::string normaliseOs(std::string_view providerName);

// Hours in a commitment term of termMonths (8760 h per year, MODELS.md §0).
double termHours(int termMonths);
// Effective hourly rate: hourly + upfront amortised over the term (hourly when termMonths is 0).
double effectiveHourly(const Offer& offer);

} // namespace cloudcost::pricing
