#pragma once

#include "common/Result.h"
#include "pricing/Offer.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

// The JSON shape of offers and specs: the CLI's --format json and the catalog file use the same
// documented snake_case names (docs/CATALOG.md), so an export reads back as it was written.
namespace cloudcost::pricing {

nlohmann::json offerToJson(const Offer& offer);
Result<Offer> offerFromJson(const nlohmann::json& j, const std::string& where);
nlohmann::json specToJson(const InstanceSpec& spec);
Result<InstanceSpec> specFromJson(const nlohmann::json& j, const std::string& where);
nlohmann::json spotAdviceToJson(const SpotAdvice& advice);
Result<SpotAdvice> spotAdviceFromJson(const nlohmann::json& j, const std::string& where);
nlohmann::json rateToJson(const Rate& rate);

// Writes a catalog document with one array element per line: compact, and diffs stay readable.
std::string dumpCatalog(const nlohmann::json& catalog);
Result<Rate> rateFromJson(const nlohmann::json& j, const std::string& where);

} // namespace cloudcost::pricing
