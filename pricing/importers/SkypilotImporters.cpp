#include "pricing/Importer.h"

namespace cloudcost::pricing {

void registerSkypilotImporters(std::vector<ImporterInfo>& out)
{
    (void)out;
}

} // namespace cloudcost::pricing
