#include "pricing/Importer.h"
#include "pricing/importers/AzureRetailPrices.h"

namespace cloudcost::pricing {

void registerAzureImporters(std::vector<ImporterInfo>& out)
{
    out.push_back({"azure-retail-prices",
                   "Azure Retail Prices API items, pages or concatenated pages (JSON/NDJSON)",
                   azure::sniffRetailPrices,
                   azure::importRetailPrices});
}

} // namespace cloudcost::pricing
