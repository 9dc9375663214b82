// Konveyor (tackle2) application-inventory import CSV
// (shared/data/inventory/konveyor-application-import/README.md): record type 1 rows are
// applications (57 fields, tags as positional category/value pairs), record type 2 rows are
// dependency edges with only 7 fields (ragged by design). Applications become workloads without
// sizing; "southbound" = this application calls the other, "northbound" = the other calls it.
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <map>

namespace cloudcost::decision {

namespace {

using inv::CsvRow;
using inv::CsvSheet;
using Sev = InventoryIssue::Severity;

int sniffKonveyor(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    if (text::startsWith(line, "record type 1,") && text::contains(line, "application name")) {
        return 95;
    }
    return 0;
}

struct Edge
{
    std::string from, to;
    SourceRef where;
};

Status
importKonveyorFile(const std::filesystem::path& path, Inventory& out, std::vector<Edge>& edges)
{
    auto sheetR = inv::readCsvSheet(path);
    if (!sheetR) {
        return sheetR.error();
    }
    const CsvSheet& s = *sheetR;
    const int cType = s.column("record type 1");
    const int cName = s.column("application name");
    if (cType < 0 || cName < 0) {
        return makeError(Error::Code::InvalidInput,
                         std::string("missing column '")
                             + (cType < 0 ? "Record Type 1" : "Application Name")
                             + "' (Konveyor application import CSV expected)",
                         s.file + ":1");
    }
    const int cDesc = s.column("description");
    const int cService = s.column("business service");
    const int cDep = s.column("dependency");
    const int cDir = s.column("dependency direction");
    const int cOwner = s.column("owner");
    const int cRepo = s.column("repository url");
    for (const CsvRow& r : s.rows) {
        const std::string type(s.cell(r, cType));
        const std::string name(s.cell(r, cName));
        if (name.empty()) {
            inv::addIssue(out, Sev::Dropped, inv::refOf(s, r, cName), "Application Name is empty");
            continue;
        }
        if (type == "1") {
            inv::checkRowWidth(out, s, r);
            Workload w;
            w.origin = inv::refOf(s, r);
            w.name = name;
            w.application = name;
            for (const auto& [col, key] : {std::pair{cDesc, "description"},
                                           std::pair{cService, "business_service"},
                                           std::pair{cOwner, "owner"},
                                           std::pair{cRepo, "repository"}}) {
                if (!s.cell(r, col).empty()) {
                    w.tags.emplace_back(key, std::string(s.cell(r, col)));
                }
            }
            for (int n = 1; n <= 64; ++n) {
                const int cCat = s.column("tag category " + std::to_string(n));
                const int cTag = s.column("tag " + std::to_string(n));
                if (cCat < 0 && cTag < 0) {
                    break;
                }
                const std::string cat(s.cell(r, cCat));
                const std::string tag(s.cell(r, cTag));
                if (cat.empty() && tag.empty()) {
                    continue; // padding
                }
                if (cat.empty() || tag.empty()) {
                    inv::addIssue(out,
                                  Sev::Warning,
                                  inv::refOf(s, r, cat.empty() ? cCat : cTag),
                                  "tag pair " + std::to_string(n)
                                      + " has only one half (category and tag go together); "
                                        "ignored");
                    continue;
                }
                w.tags.emplace_back(cat, tag);
                if (text::iequals(cat, "Operating System") && w.os.empty()) {
                    w.os = tag;
                    w.osFamily = inv::osFamilyOf(tag);
                }
            }
            out.workloads.push_back(std::move(w));
        } else if (type == "2") {
            const std::string dep(s.cell(r, cDep));
            const std::string dir = text::toLower(s.cell(r, cDir));
            if (dep.empty()) {
                inv::addIssue(out,
                              Sev::Dropped,
                              inv::refOf(s, r, cDep),
                              "dependency record without a Dependency");
                continue;
            }
            if (dir == "southbound") {
                edges.push_back({name, dep, inv::refOf(s, r)});
            } else if (dir == "northbound") {
                edges.push_back({dep, name, inv::refOf(s, r)});
            } else {
                inv::addIssue(out,
                              Sev::Dropped,
                              inv::refOf(s, r, cDir),
                              "Dependency Direction '" + text::printable(dir)
                                  + "' is neither northbound nor southbound");
            }
        } else {
            inv::addIssue(out,
                          Sev::Dropped,
                          inv::refOf(s, r, cType),
                          "record type '" + text::printable(type)
                              + "' is unknown (1 = application, 2 = dependency)");
        }
    }
    return {};
}

Result<Inventory> importKonveyor(const std::vector<std::filesystem::path>& files,
                                 const InventoryImportOptions&)
{
    Inventory out;
    std::vector<Edge> edges;
    for (const auto& f : files) {
        if (auto st = importKonveyorFile(f, out, edges); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    std::map<std::string, std::size_t> byName;
    for (std::size_t i = 0; i < out.workloads.size(); ++i) {
        byName.emplace(text::toLower(out.workloads[i].name), i);
    }
    for (const Edge& e : edges) {
        auto from = byName.find(text::toLower(e.from));
        if (from == byName.end()) {
            inv::addIssue(out,
                          Sev::Dropped,
                          e.where,
                          "dependency from application '" + text::printable(e.from)
                              + "', which is not in the inventory");
            continue;
        }
        if (byName.find(text::toLower(e.to)) == byName.end()) {
            inv::addIssue(out,
                          Sev::Warning,
                          e.where,
                          "dependency on application '" + text::printable(e.to)
                              + "', which is not in the inventory (kept)");
        }
        Dependency d;
        d.target = e.to;
        d.targetIsApplication = true;
        out.workloads[from->second].dependencies.push_back(d);
    }
    return out;
}

} // namespace

void registerKonveyorImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"konveyor-csv",
                   "Konveyor Hub application import CSV (record type 1 applications with tags, "
                   "type 2 dependency edges)",
                   sniffKonveyor,
                   importKonveyor});
}

} // namespace cloudcost::decision
