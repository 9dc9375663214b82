#include "decision/inventory/InventoryStore.h"

#include "common/Text.h"
#include "decision/inventory/InventoryJson.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <utility>

namespace cloudcost::decision {

namespace {

using json = nlohmann::json;

// This module's schema version in the workspace's shared `meta` table (pricing uses
// `schema_version`, benchmarks `bench_schema_version`).
constexpr const char* kSchemaKey = "inventory_schema_version";

// Migrations of the inventory tables, applied in order in one transaction. Never edit a shipped
// step: add one. A workload's summary facts are columns (for queries); the whole normalised
// workload, series included, is its data_json (decision/inventory/InventoryJson.h).
const char* const kMigrations[] = {
    // 1: inventories, workloads, issues.
    R"SQL(
CREATE TABLE IF NOT EXISTS inv_inventories(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    format TEXT NOT NULL,
    files_json TEXT NOT NULL DEFAULT '[]',
    imported_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inv_workloads(
    id INTEGER PRIMARY KEY,
    inventory_id INTEGER NOT NULL REFERENCES inv_inventories(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    name TEXT NOT NULL,
    vcpus INTEGER,
    memory_mib REAL,
    disk_gib REAL,
    power TEXT NOT NULL,
    os_family TEXT NOT NULL DEFAULT '',
    data_json TEXT NOT NULL,
    UNIQUE(inventory_id, name));
CREATE TABLE IF NOT EXISTS inv_issues(
    id INTEGER PRIMARY KEY,
    inventory_id INTEGER NOT NULL REFERENCES inv_inventories(id) ON DELETE CASCADE,
    severity TEXT NOT NULL,
    file TEXT NOT NULL DEFAULT '',
    sheet TEXT NOT NULL DEFAULT '',
    row_number INTEGER NOT NULL DEFAULT 0,
    column_name TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS inv_workloads_inventory ON inv_workloads(inventory_id, ordinal);
CREATE INDEX IF NOT EXISTS inv_issues_inventory ON inv_issues(inventory_id);
)SQL",
};

Error noSuchInventory(const std::string& nameOrId)
{
    return makeError(Error::Code::NotFound,
                     "no inventory named '" + text::printable(nameOrId)
                         + "' (see `cloudcost inventory list`)");
}

Status checkName(const std::string& name)
{
    if (text::trim(name).empty()) {
        return makeError(Error::Code::InvalidInput, "an inventory needs a name");
    }
    if (name.size() > 200) {
        return makeError(Error::Code::InvalidInput, "inventory name is longer than 200 characters");
    }
    for (unsigned char c : name) {
        if (c < 0x20 || c == 0x7f) {
            return makeError(Error::Code::InvalidInput,
                             "inventory name contains a control character");
        }
    }
    return {};
}

template <typename Fn>
Status eachRow(sql::Statement& q, Fn&& fn)
{
    while (true) {
        auto row = q.step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return {};
        }
        if (auto st = fn(); !st) {
            return st;
        }
    }
}

} // namespace

Result<InventoryStore> InventoryStore::open(sql::Database& db)
{
    if (auto st = sql::migrateSchema(db, kSchemaKey, kMigrations, "the inventory tables"); !st) {
        return st.error();
    }
    return InventoryStore(db);
}

Result<std::int64_t> InventoryStore::add(const Inventory& inv)
{
    if (auto st = checkName(inv.name); !st) {
        return st.error();
    }
    if (text::trim(inv.format).empty()) {
        return makeError(Error::Code::InvalidInput, "an inventory needs its source format");
    }
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    {
        // Re-importing under the same name replaces (workloads and issues go by cascade).
        auto del = m_db->prepare("DELETE FROM inv_inventories WHERE name=?");
        if (!del) {
            return del.error();
        }
        if (auto st = del->bind(1, inv.name).run(); !st) {
            return st.error();
        }
    }
    auto ins = m_db->prepare(
        "INSERT INTO inv_inventories(name, format, files_json, imported_at) VALUES (?,?,?,?)");
    if (!ins) {
        return ins.error();
    }
    const std::string files = json(inv.files).dump(-1, ' ', false, json::error_handler_t::replace);
    if (auto st = ins->bind(1, inv.name)
                      .bind(2, inv.format)
                      .bind(3, files)
                      .bind(4, text::nowUtcIso())
                      .run();
        !st) {
        return st.error();
    }
    const std::int64_t id = m_db->lastInsertRowId();
    auto w = m_db->prepare(
        "INSERT INTO inv_workloads(inventory_id, ordinal, name, vcpus, memory_mib, disk_gib, power,"
        " os_family, data_json) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!w) {
        return w.error();
    }
    for (std::size_t i = 0; i < inv.workloads.size(); ++i) {
        const Workload& wl = inv.workloads[i];
        if (text::trim(wl.name).empty()) {
            return makeError(Error::Code::InvalidInput,
                             "workloads[" + std::to_string(i) + "] has no name");
        }
        std::optional<double> disk;
        for (const auto& d : wl.disks) {
            if (d.allocatedGib) {
                disk = disk.value_or(0.0) + *d.allocatedGib;
            }
        }
        w->bind(1, id).bind(2, static_cast<std::int64_t>(i)).bind(3, wl.name);
        if (wl.vcpus) {
            w->bind(4, *wl.vcpus);
        } else {
            w->bindNull(4);
        }
        w->bind(5, wl.memoryMib)
            .bind(6, disk)
            .bind(7, powerStateName(wl.power))
            .bind(8, wl.osFamily)
            .bind(9, workloadToJson(wl));
        if (auto st = w->run(); !st) {
            return makeError(st.error().code,
                             "workload '" + text::printable(wl.name)
                                 + "' could not be stored: " + st.error().message);
        }
    }
    auto is = m_db->prepare(
        "INSERT INTO inv_issues(inventory_id, severity, file, sheet, row_number, column_name,"
        " message) VALUES (?,?,?,?,?,?,?)");
    if (!is) {
        return is.error();
    }
    for (const auto& issue : inv.issues) {
        is->bind(1, id)
            .bind(2, issue.severity == InventoryIssue::Severity::Dropped ? "dropped" : "warning")
            .bind(3, issue.where.file)
            .bind(4, issue.where.sheet)
            .bind(5, issue.where.row)
            .bind(6, issue.where.column)
            .bind(7, issue.message);
        if (auto st = is->run(); !st) {
            return st.error();
        }
    }
    if (auto st = tx->commit(); !st) {
        return st.error();
    }
    return id;
}

Result<std::int64_t> InventoryStore::resolve(const std::string& nameOrId)
{
    auto q = m_db->prepare("SELECT id FROM inv_inventories WHERE name=?");
    if (!q) {
        return q.error();
    }
    q->bind(1, nameOrId);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (*row) {
        return q->int64(0);
    }
    if (const auto id = text::parseInt(nameOrId)) {
        auto byId = m_db->prepare("SELECT id FROM inv_inventories WHERE id=?");
        if (!byId) {
            return byId.error();
        }
        byId->bind(1, *id);
        auto r2 = byId->step();
        if (!r2) {
            return r2.error();
        }
        if (*r2) {
            return *id;
        }
    }
    return noSuchInventory(nameOrId);
}

namespace {

constexpr const char* kSummarySql =
    "SELECT i.id, i.name, i.format, i.files_json, i.imported_at,"
    " (SELECT COUNT(*) FROM inv_workloads w WHERE w.inventory_id=i.id),"
    " (SELECT COUNT(*) FROM inv_issues s WHERE s.inventory_id=i.id AND s.severity='warning'),"
    " (SELECT COUNT(*) FROM inv_issues s WHERE s.inventory_id=i.id AND s.severity='dropped')"
    " FROM inv_inventories i";

Result<InventorySummary> readSummary(const sql::Statement& q)
{
    InventorySummary s;
    s.id = q.int64(0);
    s.name = q.text(1);
    s.format = q.text(2);
    json files = json::parse(q.textView(3), nullptr, false);
    if (!files.is_array()) {
        return makeError(Error::Code::ParseFailed,
                         "files_json is not a JSON array",
                         "inv_inventories id " + std::to_string(s.id));
    }
    for (const auto& f : files) {
        if (f.is_string()) {
            s.files.push_back(f.get<std::string>());
        }
    }
    s.importedAt = q.text(4);
    s.workloads = q.int64(5);
    s.warnings = q.int64(6);
    s.dropped = q.int64(7);
    return s;
}

} // namespace

Result<std::vector<InventorySummary>> InventoryStore::list()
{
    auto q = m_db->prepare(std::string(kSummarySql) + " ORDER BY i.name");
    if (!q) {
        return q.error();
    }
    std::vector<InventorySummary> out;
    auto st = eachRow(*q, [&]() -> Status {
        auto s = readSummary(*q);
        if (!s) {
            return s.error();
        }
        out.push_back(std::move(*s));
        return {};
    });
    if (!st) {
        return st.error();
    }
    return out;
}

Result<InventorySummary> InventoryStore::summary(const std::string& nameOrId)
{
    auto id = resolve(nameOrId);
    if (!id) {
        return id.error();
    }
    auto q = m_db->prepare(std::string(kSummarySql) + " WHERE i.id=?");
    if (!q) {
        return q.error();
    }
    q->bind(1, *id);
    auto row = q->step();
    if (!row) {
        return row.error();
    }
    if (!*row) {
        return noSuchInventory(nameOrId);
    }
    return readSummary(*q);
}

Result<Inventory> InventoryStore::load(const std::string& nameOrId)
{
    auto sum = summary(nameOrId);
    if (!sum) {
        return sum.error();
    }
    Inventory inv;
    inv.name = sum->name;
    inv.format = sum->format;
    inv.files = sum->files;
    {
        auto q = m_db->prepare(
            "SELECT id, data_json FROM inv_workloads WHERE inventory_id=? ORDER BY ordinal");
        if (!q) {
            return q.error();
        }
        q->bind(1, sum->id);
        auto st = eachRow(*q, [&]() -> Status {
            auto w =
                workloadFromJson(q->textView(1), "inv_workloads id " + std::to_string(q->int64(0)));
            if (!w) {
                return w.error();
            }
            inv.workloads.push_back(std::move(*w));
            return {};
        });
        if (!st) {
            return st.error();
        }
    }
    auto q = m_db->prepare("SELECT severity, file, sheet, row_number, column_name, message FROM"
                           " inv_issues WHERE inventory_id=? ORDER BY id");
    if (!q) {
        return q.error();
    }
    q->bind(1, sum->id);
    auto st = eachRow(*q, [&]() -> Status {
        InventoryIssue i;
        i.severity = q->textView(0) == "dropped" ? InventoryIssue::Severity::Dropped
                                                 : InventoryIssue::Severity::Warning;
        i.where.file = q->text(1);
        i.where.sheet = q->text(2);
        i.where.row = q->int64(3);
        i.where.column = q->text(4);
        i.message = q->text(5);
        inv.issues.push_back(std::move(i));
        return {};
    });
    if (!st) {
        return st.error();
    }
    return inv;
}

Status InventoryStore::remove(const std::string& nameOrId)
{
    auto tx = sql::Transaction::begin(*m_db);
    if (!tx) {
        return tx.error();
    }
    auto id = resolve(nameOrId);
    if (!id) {
        return id.error();
    }
    auto del = m_db->prepare("DELETE FROM inv_inventories WHERE id=?");
    if (!del) {
        return del.error();
    }
    if (auto st = del->bind(1, *id).run(); !st) {
        return st;
    }
    return tx->commit();
}

} // namespace cloudcost::decision
