#pragma once

#include "common/Result.h"
#include "common/Sqlite.h"
#include "decision/inventory/Inventory.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cloudcost::decision {

// One stored inventory without its workloads (for `cloudcost inventory list`).
struct InventorySummary
{
    std::int64_t id = 0;
    std::string name;
    std::string format;
    std::vector<std::string> files;
    std::string importedAt;
    std::int64_t workloads = 0;
    std::int64_t warnings = 0;
    std::int64_t dropped = 0;
};

// Inventories in the workspace file. The decision module owns these tables (inv_inventories,
// inv_workloads, inv_issues) and their migrations, versioned by their own key in the shared meta
// table, as the benchmark store does.
class InventoryStore
{
public:
    // Creates or migrates the inventory tables in db (one transaction). db must outlive the store.
    static Result<InventoryStore> open(sql::Database& db);

    // Stores inv under inv.name in one transaction; an inventory of the same name is replaced.
    // Returns the new id.
    Result<std::int64_t> add(const Inventory& inv);
    Result<std::vector<InventorySummary>> list();
    // By name, or by id when nameOrId is a number no inventory is named; NotFound otherwise.
    Result<Inventory> load(const std::string& nameOrId);
    Result<InventorySummary> summary(const std::string& nameOrId);
    Status remove(const std::string& nameOrId);

private:
    explicit InventoryStore(sql::Database& db)
        : m_db(&db)
    {}
    Result<std::int64_t> resolve(const std::string& nameOrId);
    sql::Database* m_db;
};

} // namespace cloudcost::decision
