#pragma once

#include "common/Result.h"
#include "pricing/Importer.h"

#include <cstdint>
#include <string>
#include <string_view>

// Reader of Cloud Billing Catalog API services.skus.list output
// (https://cloudbilling.googleapis.com/v1/services/{service}/skus): pages {"skus": [...],
// "nextPageToken"}, several pages concatenated, or a bare array of SKUs.
namespace cloudcost::pricing::gcp {

// Value of a google.type.Money amount: units + nanos / 1e9. units is an int64 (a JSON string in
// the API); nanos must lie in [-999,999,999, 999,999,999] and, per the Money rules, be >= 0 when
// units > 0 and <= 0 when units < 0. The error message names what is wrong (no context).
Result<double> moneyAmount(std::string_view units, std::int64_t nanos);

// What a Compute SKU prices, read from its description (the only place the family appears):
// "Spot Preemptible E2 Instance Core running in Virginia" -> {"e2", "cpu"},
// "N2 Instance Ram running in Americas" -> {"n2", "ram"},
// "Nvidia Tesla A100 GPU running in Americas" -> {"", "gpu:nvidia-tesla-a100"},
// "Commitment v1: Cpu in Americas for 1 Year" -> {"n1", "cpu"}. Empty fields when unknown.
struct ComputeComponent
{
    std::string family;   // e2, n2, n2d, t2d, a2, c2, m1, n1, custom, n2-custom, f1, g1
    std::string resource; // cpu, ram, ram-extended, gpu:<model>, instance (f1-micro/g1-small)
};
ComputeComponent parseComputeDescription(std::string_view description,
                                         std::string_view resourceGroup);

// Confidence 0..100 that a file starts like services.skus.list output.
int sniffBillingSkus(std::string_view head, std::string_view fileName);

// Imports SKUs as Rates (format "gcp-billing-skus"): one per region in serviceRegions and per
// price tier; Compute core/RAM/GPU SKUs carry family and resource for assembleGcpOffers().
Result<SourceFacts> importBillingSkus(const ImportRequest& request, ImportSink& sink);

} // namespace cloudcost::pricing::gcp
