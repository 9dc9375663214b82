// `cloudcost inventory import|list|show|remove`: server/VM/application inventories in the
// workspace (decision/inventory/InventoryImporter.h, InventoryStore.h, docs/INVENTORY.md).
#include "app/cli/CommandModule.h"
#include "common/Text.h"
#include "decision/inventory/InventoryImporter.h"
#include "decision/inventory/InventoryJson.h"
#include "decision/inventory/InventoryStore.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <ostream>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using decision::Inventory;
using decision::InventoryIssue;
using decision::InventoryStore;
using decision::Workload;

int usageError(Context& ctx, const std::string& message)
{
    ctx.err << "cloudcost: usage error: " << message << '\n';
    return 2;
}

void print(Context& ctx, const Table& t, const json& j)
{
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, j);
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
    }
}

// The workspace and the inventory store in it (the store points into ws).
Result<InventoryStore> openStore(Context& ctx, std::optional<pricing::Workspace>& ws)
{
    auto opened = openWorkspace(ctx);
    if (!opened) {
        return opened.error();
    }
    ws.emplace(std::move(*opened));
    auto store = InventoryStore::open(ws->database());
    if (!store) {
        Error e = store.error();
        if (e.context.empty()) {
            e.context = ctx.db.string();
        }
        return e;
    }
    return store;
}

std::string num(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

std::string optText(const std::optional<double>& v, bool csv)
{
    return v ? num(*v) : (csv ? std::string() : std::string("-"));
}

std::string orDash(const std::string& s, bool csv)
{
    return s.empty() && !csv ? "-" : s;
}

std::string whereText(const decision::SourceRef& r)
{
    std::string s = r.file;
    if (!r.sheet.empty()) {
        s += " [" + r.sheet + "]";
    }
    if (r.row > 0) {
        s += " row " + std::to_string(r.row);
    }
    if (!r.column.empty()) {
        s += " column '" + r.column + "'";
    }
    return s;
}

// Issues grouped by severity and message kind: the message up to its first quote or digit is
// the kind ("duplicate name", "row has N fields" ...).
std::map<std::string, std::size_t> issueKinds(const std::vector<InventoryIssue>& issues)
{
    std::map<std::string, std::size_t> kinds;
    for (const auto& i : issues) {
        std::string kind = i.message;
        const auto cut = kind.find_first_of("'0123456789(;");
        if (cut != std::string::npos && cut > 8) {
            kind = kind.substr(0, cut);
        }
        while (!kind.empty() && (kind.back() == ' ' || kind.back() == ',')) {
            kind.pop_back();
        }
        const char* sev = i.severity == InventoryIssue::Severity::Dropped ? "dropped" : "warning";
        ++kinds[std::string(sev) + ": " + kind];
    }
    return kinds;
}

std::pair<std::size_t, std::size_t> issueCounts(const std::vector<InventoryIssue>& issues)
{
    std::size_t warnings = 0, dropped = 0;
    for (const auto& i : issues) {
        (i.severity == InventoryIssue::Severity::Dropped ? dropped : warnings) += 1;
    }
    return {warnings, dropped};
}

int cmdListInventoryFormats(Context& ctx)
{
    Table t;
    t.headers = {"format", "description"};
    json a = json::array();
    for (const auto& i : decision::inventoryImporters()) {
        t.rows.push_back({i.name, i.description});
        a.push_back({{"format", i.name}, {"description", i.description}});
    }
    print(ctx, t, a);
    return 0;
}

struct ImportArgs
{
    std::vector<std::string> files;
    std::string name;
    std::string format;
    bool listFormats = false;
};

// All files make one inventory, stored in one transaction, or nothing is stored.
int cmdInventoryImport(Context& ctx, const ImportArgs& args)
{
    if (args.listFormats) {
        return cmdListInventoryFormats(ctx);
    }
    if (args.files.empty()) {
        return usageError(ctx, "inventory import needs at least one file (or --list-formats)");
    }
    if (!args.format.empty() && !decision::findInventoryImporter(args.format)) {
        return usageError(ctx,
                          "--format '" + text::printable(args.format)
                              + "' is neither an inventory format (see `cloudcost inventory "
                                "import --list-formats`) nor table/json/csv");
    }
    std::vector<std::filesystem::path> files(args.files.begin(), args.files.end());
    decision::InventoryImportOptions options;
    options.name = args.name;
    auto inv = decision::importInventory(files, options, args.format);
    if (!inv) {
        const int rc = fail(ctx, inv.error());
        ctx.err << "cloudcost: nothing was stored\n";
        return rc;
    }
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto id = store->add(*inv);
    if (!id) {
        const int rc = fail(ctx, id.error());
        ctx.err << "cloudcost: nothing was stored\n";
        return rc;
    }
    const auto [warnings, dropped] = issueCounts(inv->issues);
    const auto kinds = issueKinds(inv->issues);
    if (ctx.format == OutputFormat::Json) {
        json k = json::object();
        for (const auto& [kind, n] : kinds) {
            k[kind] = n;
        }
        json issues = json::array();
        for (const auto& i : inv->issues) {
            issues.push_back(json::parse(decision::issueToJson(i)));
        }
        printJson(ctx.out,
                  {{"id", *id},
                   {"name", inv->name},
                   {"format", inv->format},
                   {"files", inv->files},
                   {"workloads", inv->workloads.size()},
                   {"warnings", warnings},
                   {"dropped", dropped},
                   {"issue_kinds", k},
                   {"issues", issues}});
        return 0;
    }
    Table t;
    t.headers = {"id", "name", "format", "workloads", "warnings", "dropped"};
    t.rightAlign = {true, false, false, true, true, true};
    t.rows.push_back({std::to_string(*id),
                      inv->name,
                      inv->format,
                      std::to_string(inv->workloads.size()),
                      std::to_string(warnings),
                      std::to_string(dropped)});
    if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
        return 0;
    }
    printTable(ctx.out, t);
    for (const auto& [kind, n] : kinds) {
        ctx.out << "  " << n << " x " << kind << '\n';
    }
    if (!inv->issues.empty()) {
        ctx.out << "  (`cloudcost inventory show " << inv->name << "` lists every issue)\n";
    }
    return 0;
}

int cmdInventoryList(Context& ctx)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto list = store->list();
    if (!list) {
        return fail(ctx, list.error());
    }
    Table t;
    t.headers = {"id", "name", "format", "workloads", "warnings", "dropped", "imported", "files"};
    t.rightAlign = {true, false, false, true, true, true, false, false};
    json a = json::array();
    for (const auto& s : *list) {
        std::string files;
        for (const auto& f : s.files) {
            files += (files.empty() ? "" : ";") + f;
        }
        t.rows.push_back({std::to_string(s.id),
                          s.name,
                          s.format,
                          std::to_string(s.workloads),
                          std::to_string(s.warnings),
                          std::to_string(s.dropped),
                          s.importedAt,
                          files});
        a.push_back({{"id", s.id},
                     {"name", s.name},
                     {"format", s.format},
                     {"files", s.files},
                     {"imported_at", s.importedAt},
                     {"workloads", s.workloads},
                     {"warnings", s.warnings},
                     {"dropped", s.dropped}});
    }
    print(ctx, t, a);
    return 0;
}

std::string utilText(const Workload& w, bool cpu, bool csv)
{
    for (const auto& u : w.utilisation) {
        const auto& v = cpu ? u.cpu : u.memory;
        if (v) {
            std::string stat = u.statistic == decision::UtilStatistic::Percentile
                                   ? "p" + num(u.percentile)
                                   : decision::utilStatisticName(u.statistic);
            return num(*v * 100.0) + "% " + stat;
        }
        if (cpu && u.cpuMhz) {
            std::string stat = u.statistic == decision::UtilStatistic::Percentile
                                   ? "p" + num(u.percentile)
                                   : decision::utilStatisticName(u.statistic);
            return num(*u.cpuMhz) + " MHz " + stat;
        }
    }
    return csv ? std::string() : std::string("-");
}

int cmdInventoryShow(Context& ctx, const std::string& name, bool workloads)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto inv = store->load(name);
    if (!inv) {
        return fail(ctx, inv.error());
    }
    if (ctx.format == OutputFormat::Json) {
        json j = json::parse(decision::inventoryToJson(*inv, -1));
        if (!workloads) {
            // Without --workloads: the summary and issues, workloads by name only.
            json names = json::array();
            for (const auto& w : inv->workloads) {
                names.push_back(w.name);
            }
            j["workloads"] = names;
        }
        printJson(ctx.out, j);
        return 0;
    }
    const bool csv = ctx.format == OutputFormat::Csv;
    if (workloads) {
        Table t;
        t.headers = {"name",
                     "vcpus",
                     "memory_mib",
                     "disk_gib",
                     "power",
                     "os_family",
                     "os",
                     "application",
                     "environment",
                     "cpu",
                     "memory",
                     "dependencies",
                     "series_samples"};
        t.rightAlign =
            {false, true, true, true, false, false, false, false, false, true, true, false, true};
        for (const auto& w : inv->workloads) {
            std::optional<double> disk;
            for (const auto& d : w.disks) {
                if (d.allocatedGib) {
                    disk = disk.value_or(0.0) + *d.allocatedGib;
                }
            }
            std::string deps;
            for (const auto& d : w.dependencies) {
                deps += (deps.empty() ? "" : ";") + d.target;
            }
            std::size_t samples = 0;
            for (const auto& s : w.series) {
                samples += s.times.size();
            }
            t.rows.push_back({w.name,
                              w.vcpus ? std::to_string(*w.vcpus) : (csv ? "" : "-"),
                              optText(w.memoryMib, csv),
                              optText(disk, csv),
                              decision::powerStateName(w.power),
                              orDash(w.osFamily, csv),
                              orDash(w.os, csv),
                              orDash(w.application, csv),
                              orDash(w.environment, csv),
                              utilText(w, true, csv),
                              utilText(w, false, csv),
                              orDash(deps, csv),
                              std::to_string(samples)});
        }
        if (csv) {
            printCsv(ctx.out, t);
        } else {
            printTable(ctx.out, t);
        }
        return 0;
    }
    Table t;
    t.headers = {"severity", "file", "sheet", "row", "column", "message"};
    t.rightAlign = {false, false, false, true, false, false};
    for (const auto& i : inv->issues) {
        t.rows.push_back({i.severity == InventoryIssue::Severity::Dropped ? "dropped" : "warning",
                          i.where.file,
                          i.where.sheet,
                          i.where.row > 0 ? std::to_string(i.where.row) : "",
                          i.where.column,
                          i.message});
    }
    if (csv) {
        printCsv(ctx.out, t);
        return 0;
    }
    const auto [warnings, dropped] = issueCounts(inv->issues);
    std::string files;
    for (const auto& f : inv->files) {
        files += (files.empty() ? "" : ", ") + f;
    }
    ctx.out << "inventory " << inv->name << " (" << inv->format << ", " << files
            << "): " << inv->workloads.size() << " workloads, " << warnings << " warnings, "
            << dropped << " dropped\n";
    for (const auto& i : inv->issues) {
        ctx.out << "  " << (i.severity == InventoryIssue::Severity::Dropped ? "dropped" : "warning")
                << ": " << whereText(i.where) << ": " << i.message << '\n';
    }
    ctx.out << "(--workloads lists the workloads)\n";
    return 0;
}

int cmdInventoryRemove(Context& ctx, const std::string& name)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    if (auto st = store->remove(name); !st) {
        return fail(ctx, st.error());
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, {{"removed", name}});
    } else {
        ctx.out << "removed inventory " << name << '\n';
    }
    return 0;
}

class InventoryCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        auto* inventory = subcommandGroup(app,
                                          "inventory",
                                          "server/VM/application inventories: import RVTools, "
                                          "Azure Migrate, Aria Operations, ... list, show, remove");
        m_import = inventory->add_subcommand(
            "import",
            "import one inventory from one or more files (format detected; all or nothing)");
        m_import->add_option("files", m_importArgs.files, "inventory files");
        m_import->add_option("--name", m_importArgs.name, "inventory name (default: file stem)");
        m_import->add_option("--format,--as",
                             m_importFormat,
                             "input format (see --list-formats; detected when absent), or the "
                             "output format table|json|csv of the report");
        m_import->add_flag("--list-formats", m_importArgs.listFormats, "list the input formats");

        m_list = inventory->add_subcommand("list", "list the stored inventories");

        m_show = inventory->add_subcommand("show", "one inventory: its issues, or its workloads");
        m_show->add_option("name", m_showName, "inventory name or id")->required();
        m_show->add_flag("--workloads", m_showWorkloads, "list the workloads");

        m_remove = inventory->add_subcommand("remove", "remove an inventory");
        m_remove->add_option("name", m_removeName, "inventory name or id")->required();
    }

    std::optional<int> run(Context& ctx) override
    {
        if (m_import && *m_import) {
            if (m_importFormat == "table" || m_importFormat == "json" || m_importFormat == "csv") {
                ctx.format = m_importFormat == "json"  ? OutputFormat::Json
                             : m_importFormat == "csv" ? OutputFormat::Csv
                                                       : OutputFormat::Table;
            } else {
                m_importArgs.format = m_importFormat;
            }
            return cmdInventoryImport(ctx, m_importArgs);
        }
        if (m_list && *m_list) {
            return cmdInventoryList(ctx);
        }
        if (m_show && *m_show) {
            return cmdInventoryShow(ctx, m_showName, m_showWorkloads);
        }
        if (m_remove && *m_remove) {
            return cmdInventoryRemove(ctx, m_removeName);
        }
        return std::nullopt;
    }

private:
    CLI::App* m_import = nullptr;
    CLI::App* m_list = nullptr;
    CLI::App* m_show = nullptr;
    CLI::App* m_remove = nullptr;
    ImportArgs m_importArgs;
    std::string m_importFormat;
    std::string m_showName;
    bool m_showWorkloads = false;
    std::string m_removeName;
};

} // namespace

std::unique_ptr<CommandModule> makeInventoryCommands()
{
    return std::make_unique<InventoryCommands>();
}

} // namespace cloudcost::cli
