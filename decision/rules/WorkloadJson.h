#pragma once

// The workload JSON `cloudcost decide --workload-json FILE` reads (docs/CLI.md, "decide"): one
// workload object, a list of them, or {"workloads": [...]}, in the units of the normalised model
// (decision/inventory/Inventory.h), plus the per-workload inputs the decision tree takes from its
// caller (annual cost per deployment model, measured virtualisation overhead). Unknown keys are
// rejected so a typo never silently drops a constraint.

#include "common/Result.h"
#include "decision/Sizing.h"
#include "decision/inventory/Inventory.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::decision {

struct WorkloadJsonEntry
{
    Workload workload;
    std::map<DeploymentModel, double> annualCost;
    std::map<DeploymentModel, double> overhead;
};

// Errors name the origin and the JSON path (e.g. "/workloads/3/utilisation/0/coverage").
Result<std::vector<WorkloadJsonEntry>> parseWorkloadJson(std::string_view json,
                                                         const std::string& origin);

} // namespace cloudcost::decision
