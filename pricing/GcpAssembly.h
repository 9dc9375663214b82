#pragma once

#include "pricing/Offer.h"

#include <string>
#include <vector>

namespace cloudcost::pricing {

// Builds Compute Engine VM prices from component rates (Rates with family and resource, as the
// "gcp-billing-skus" importer stores them) and machine types (InstanceSpecs from
// "gcp-machine-types"). For each machine type and each (region, term, currency) where its family
// has both a core and a RAM rate: hourly = vCPUs x core rate + GiB x RAM rate, plus GPUs x GPU
// rate for built-in accelerators. Terms: on_demand, spot, committed_use (12 or 36 months, paid
// monthly: no upfront). Shared-core types follow Google's billing: e2-micro/small/medium are
// billed 0.25/0.5/1 vCPU, f1-micro and g1-small use their per-instance SKUs.
// A type that cannot be priced is left out with a note; notes are distinct sentences, appended
// to notes in the order they arise when notes is not null.
std::vector<Offer> assembleGcpOffers(const std::vector<Rate>& componentRates,
                                     const std::vector<InstanceSpec>& machineTypes,
                                     std::vector<std::string>* notes = nullptr);

} // namespace cloudcost::pricing
