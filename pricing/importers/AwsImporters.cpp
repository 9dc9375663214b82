#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerAwsImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
