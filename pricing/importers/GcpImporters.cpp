#include "pricing/Importer.h"
#include "pricing/importers/GcpBillingSkus.h"
#include "pricing/importers/GcpMachineTypes.h"

namespace cloudcost::pricing {

void registerGcpImporters(std::vector<ImporterInfo>& out)
{
    out.push_back({"gcp-billing-skus",
                   "GCP Cloud Billing Catalog services.skus.list pages (component rates: core, "
                   "RAM, GPU per family)",
                   gcp::sniffBillingSkus,
                   gcp::importBillingSkus});
    out.push_back({"gcp-machine-types",
                   "GCP Compute Engine machineTypes list/aggregatedList or gcloud JSON (specs)",
                   gcp::sniffMachineTypes,
                   gcp::importMachineTypes});
}

} // namespace cloudcost::pricing
