#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerGcpImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
