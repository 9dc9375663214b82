#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerAlibabaImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
