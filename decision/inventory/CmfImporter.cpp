// AWS Cloud Migration Factory intake / wave-plan CSV
// (shared/data/inventory/aws-cloud-migration-factory/README.md): one server per row with wave,
// application, OS family, tier, environment, migration strategy (r_type) and the chosen target;
// no sizing. Several files (server list and wave plan) make one inventory. Checks: duplicate
// server names (dropped), duplicate FQDNs and applications split across waves (warnings).
#include "common/Text.h"
#include "decision/inventory/ImportSupport.h"
#include "decision/inventory/InventoryImporter.h"

#include <map>

namespace cloudcost::decision {

namespace {

using inv::CsvRow;
using inv::CsvSheet;
using Sev = InventoryIssue::Severity;

int sniffCmf(std::string_view head, std::string_view)
{
    const std::string line = inv::firstLineLower(head);
    const bool server = text::contains(line, "server_name");
    const bool cmf = text::contains(line, "server_os_family") || text::contains(line, "wave_name")
                     || text::contains(line, "wave_id") || text::contains(line, "r_type");
    return server && cmf ? 90 : 0;
}

Status importCmfFile(const std::filesystem::path& path,
                     Inventory& out,
                     std::map<std::string, SourceRef>& fqdns,
                     std::map<std::string, std::pair<std::string, SourceRef>>& appWaves)
{
    auto sheetR = inv::readCsvSheet(path);
    if (!sheetR) {
        return sheetR.error();
    }
    const CsvSheet& s = *sheetR;
    const int cName = s.column("server_name");
    if (cName < 0) {
        return makeError(Error::Code::InvalidInput,
                         "missing column 'server_name' (AWS CMF intake CSV expected)",
                         s.file + ":1");
    }
    const int cFqdn = s.column("server_fqdn");
    const int cFamily = s.column("server_os_family");
    const int cOs = s.column("server_os_version");
    const int cTier = s.column("server_tier");
    const int cEnv = s.column("server_environment");
    const int cApp = s.column("app_name");
    int cWave = s.column("wave_name");
    if (cWave < 0) {
        cWave = s.column("wave_id"); // 2022 intake forms
    }
    const int cTags = s.column("tags");
    const int cTenancy = s.column("tenancy");
    // Target facts kept as tags: the plan CMF already holds.
    const std::pair<int, const char*> kTagColumns[] = {
        {cWave, "wave"},
        {s.column("r_type"), "r_type"},
        {cTier, "tier"},
        {cFqdn, "fqdn"},
        {s.column("aws_region"), "target_region"},
        {s.column("aws_accountid"), "target_account"},
        {s.column("instancetype"), "target_instance_type"},
        {cTenancy, "tenancy"}};
    for (const CsvRow& r : s.rows) {
        inv::checkRowWidth(out, s, r);
        Workload w;
        w.origin = inv::refOf(s, r);
        w.name = std::string(s.cell(r, cName));
        if (w.name.empty()) {
            inv::addIssue(out, Sev::Dropped, inv::refOf(s, r, cName), "server_name is empty");
            continue;
        }
        w.os = std::string(s.cell(r, cOs));
        const std::string family = text::toLower(s.cell(r, cFamily));
        if (family == "windows" || family == "linux") {
            w.osFamily = family;
        } else {
            if (!family.empty()) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cFamily),
                              "server_os_family '" + text::printable(family)
                                  + "' is neither windows nor linux; taken from the OS version");
            }
            w.osFamily = inv::osFamilyOf(w.os);
        }
        w.application = std::string(s.cell(r, cApp));
        w.environment = text::toLower(s.cell(r, cEnv));
        for (const auto& [col, key] : kTagColumns) {
            if (!s.cell(r, col).empty()) {
                w.tags.emplace_back(key, std::string(s.cell(r, col)));
            }
        }
        const std::string tenancy = text::toLower(s.cell(r, cTenancy));
        if (text::startsWith(tenancy, "dedicated")) {
            w.singleTenancy = true;
        }
        for (auto item : text::split(s.cell(r, cTags), ';')) {
            item = text::trim(item);
            if (item.empty()) {
                continue; // the UI fixture ends its list with a dangling ';'
            }
            const auto eq = item.find('=');
            if (eq == std::string_view::npos) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cTags),
                              "tag '" + text::printable(item) + "' is not key=value; ignored");
                continue;
            }
            w.tags.emplace_back(std::string(text::trim(item.substr(0, eq))),
                                std::string(text::trim(item.substr(eq + 1))));
        }
        const std::string fqdn = text::toLower(s.cell(r, cFqdn));
        if (!fqdn.empty()) {
            auto [it, inserted] = fqdns.emplace(fqdn, w.origin);
            if (!inserted) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cFqdn),
                              "server_fqdn '" + text::printable(fqdn) + "' is also used in "
                                  + it->second.file + " row " + std::to_string(it->second.row)
                                  + " (a copy-paste error?)");
            }
        }
        const std::string wave(s.cell(r, cWave));
        if (!w.application.empty() && !wave.empty()) {
            auto [it, inserted] = appWaves.try_emplace(w.application, wave, w.origin);
            if (!inserted && it->second.first != wave) {
                inv::addIssue(out,
                              Sev::Warning,
                              inv::refOf(s, r, cWave),
                              "application '" + text::printable(w.application) + "' is in wave '"
                                  + text::printable(it->second.first) + "' at row "
                                  + std::to_string(it->second.second.row) + " and in wave '"
                                  + text::printable(wave)
                                  + "' here (CMF moves an application in "
                                    "one wave)");
            }
        }
        out.workloads.push_back(std::move(w));
    }
    return {};
}

Result<Inventory> importCmf(const std::vector<std::filesystem::path>& files,
                            const InventoryImportOptions&)
{
    Inventory out;
    std::map<std::string, SourceRef> fqdns;
    std::map<std::string, std::pair<std::string, SourceRef>> appWaves;
    for (const auto& f : files) {
        if (auto st = importCmfFile(f, out, fqdns, appWaves); !st) {
            return st.error();
        }
    }
    inv::dropDuplicateNames(out);
    return out;
}

} // namespace

void registerCmfImporters(std::vector<InventoryImporterInfo>& out)
{
    out.push_back({"aws-cmf-csv",
                   "AWS Cloud Migration Factory server / wave intake CSV (server_name, wave_name, "
                   "app_name, r_type, ...; no sizing)",
                   sniffCmf,
                   importCmf});
}

} // namespace cloudcost::decision
