#pragma once

#include "common/Result.h"
#include "pricing/ImportSink.h"
#include "pricing/Importer.h"

#include <cstdint>
#include <string>
#include <string_view>

// cloudcost's own price-book CSV for prices typed by users (on-prem hardware, private clouds,
// negotiated rates, Tencent and Huawei price lists). The format is documented in docs/PRICEBOOK.md;
// registerPriceBookImporters registers it as "cloudcost-pricebook-csv".
namespace cloudcost::pricing::pricebook {

// Hours in a month for the monthly column (8760 / 12, MODELS.md §0).
inline constexpr double kHoursPerMonth = 730.0;

// What a price-book import read beyond the sink's counts.
struct PriceBookSummary
{
    SourceFacts facts;
    std::string source;     // the "# source:" line, "" when absent
    bool hasMarker = false; // the file starts with "# cloudcost price book"
    std::uint64_t offers = 0;
};

// Imports a price book into sink. Every value is validated; the first bad one fails the whole
// import with "file:line" and what was expected.
Result<PriceBookSummary> importPriceBook(const ImportRequest& request, ImportSink& sink);

// Confidence 0..100 that head (the first bytes of a file) is a price book: 100 with the marker
// line, 80 when the first non-comment line is a header with instance_type, region and a price.
int sniffPriceBook(std::string_view head);

} // namespace cloudcost::pricing::pricebook
