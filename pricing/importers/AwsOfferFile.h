#pragma once

#include "common/Result.h"
#include "pricing/ImportSink.h"
#include "pricing/Importer.h"

#include <string_view>
#include <vector>

// AWS Price List importers for instance prices: the bulk offer file (JSON and CSV) and the Price
// List Query API's GetProducts output. Mapping rules: AwsOfferModel.h; formats:
// shared/data/aws/README.md §1-3.
namespace cloudcost::pricing {

// Adds aws-offer-json, aws-offer-csv and aws-getproducts to out.
void registerAwsOfferImporters(std::vector<ImporterInfo>& out);

namespace aws {

// Bulk offer file, JSON ("aws-offer-json"): streamed in chunks with memory bounded by the product
// table; a second pass is made when the terms come before the products.
Result<SourceFacts> importOfferJson(const ImportRequest& request, ImportSink& sink);
// Bulk offer file, CSV ("aws-offer-csv"): 5 preamble lines, a header, one row per price dimension.
Result<SourceFacts> importOfferCsv(const ImportRequest& request, ImportSink& sink);
// GetProducts output ("aws-getproducts"): one PriceList item, the API response whose PriceList
// holds items as JSON strings, or several of either (NDJSON or concatenated).
Result<SourceFacts> importGetProducts(const ImportRequest& request, ImportSink& sink);

// Confidence 0..100 from the first bytes of a file (see ImporterInfo::sniff).
int sniffOfferJson(std::string_view head, std::string_view fileName);
int sniffOfferCsv(std::string_view head, std::string_view fileName);
int sniffGetProducts(std::string_view head, std::string_view fileName);

} // namespace aws
} // namespace cloudcost::pricing
