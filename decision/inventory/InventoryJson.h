#pragma once

// cloudcost's own inventory JSON (docs/INVENTORY.md): the normalised model field by field, the
// same text `cloudcost inventory show --workloads --format json` prints and the inventory store
// keeps per workload. Missing values are JSON null; series values that are NaN are null too.

#include "common/Result.h"
#include "decision/inventory/Inventory.h"

#include <string>
#include <string_view>

namespace cloudcost::decision {

// One workload as a JSON object (compact text).
std::string workloadToJson(const Workload& w);
// Reads a workload object; context names where it came from in errors ("file.json workloads[3]").
Result<Workload> workloadFromJson(std::string_view json, const std::string& context);

// A whole inventory: {"format": "cloudcost-inventory", "version": 1, "name", "source_format",
// "files", "workloads": [...], "issues": [...]}; indent < 0 = compact.
std::string inventoryToJson(const Inventory& inv, int indent = 2);
std::string issueToJson(const InventoryIssue& issue);
Result<Inventory> inventoryFromJson(std::string_view json, const std::string& context);

const char* utilStatisticName(UtilStatistic s);

} // namespace cloudcost::decision
