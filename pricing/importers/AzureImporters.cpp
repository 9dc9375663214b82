#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerAzureImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
