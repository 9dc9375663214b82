#pragma once

#include "pricing/Importer.h"

#include <vector>

namespace cloudcost::pricing {

// Appends the AWS importers that are not offer files: aws-savings-plan-csv, aws-instance-types,
// aws-spot-price-history, aws-spot-advisor, aws-offer-index (recognises the offer, region and
// Savings Plans indexes and refuses them with the file to import instead) and ec2instances-info.
// Called from registerAwsImporters.
void registerAwsMiscImporters(std::vector<ImporterInfo>& out);

} // namespace cloudcost::pricing
