#include "pricing/Importer.h"
#include "pricing/importers/AwsMisc.h"
#include "pricing/importers/AwsOfferFile.h"

namespace cloudcost::pricing {

void registerAwsImporters(std::vector<ImporterInfo>& out)
{
    registerAwsOfferImporters(out);
    registerAwsMiscImporters(out);
}

} // namespace cloudcost::pricing
