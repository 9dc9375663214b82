#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerCatalogImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
