#include "pricing/importers/AwsMisc.h"

#include "pricing/importers/AwsMiscSupport.h"

namespace cloudcost::pricing {

void registerAwsMiscImporters(std::vector<ImporterInfo>& out)
{
    out.push_back(awsmisc::savingsPlanCsvImporter());
    out.push_back(awsmisc::instanceTypesImporter());
    out.push_back(awsmisc::spotPriceHistoryImporter());
    out.push_back(awsmisc::spotAdvisorImporter());
    out.push_back(awsmisc::offerIndexImporter());
    out.push_back(awsmisc::ec2InstancesInfoImporter());
}

} // namespace cloudcost::pricing
