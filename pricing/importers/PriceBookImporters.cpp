#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerPriceBookImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
