#include "decision/plan/Waves.h"

#include "common/Text.h"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace cloudcost::decision::plan {

namespace {

bool has(const std::string& s, const char* part)
{
    return s.find(part) != std::string::npos;
}

struct UnionFind
{
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n)
        : parent(n)
    {
        std::iota(parent.begin(), parent.end(), 0);
    }
    std::size_t find(std::size_t x)
    {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
    void join(std::size_t a, std::size_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b) {
            parent[std::max(a, b)] = std::min(a, b);
        }
    }
};

} // namespace

Complexity complexityOf(const Workload& w)
{
    Complexity c;
    const std::string os = text::toLower(w.os);
    bool sql = has(os, "sql server");
    for (const auto& l : w.licences) {
        sql = sql || has(text::toLower(l), "sql");
    }
    if (sql) {
        c.osClass = 4;
        c.osReason = "SQL Server: white glove";
    } else if (has(os, "windows")) {
        if (has(os, "2003") || has(os, "2008") || has(os, "2012") || has(os, "2000")) {
            c.osClass = 3;
            c.osReason = "Windows Server <= 2012 R2: hard";
        } else if (has(os, "2016") || has(os, "2019") || has(os, "2022") || has(os, "2025")) {
            c.osClass = 2;
            c.osReason = "Windows Server 2016+: medium";
        } else {
            c.osReason = "unrecognised Windows version '" + w.os + "'";
        }
    } else if (has(os, "red hat") || has(os, "rhel")) {
        const bool old = has(os, " 4") || has(os, " 5") || has(os, "rhel4") || has(os, "rhel5");
        c.osClass = old ? 2 : 1;
        c.osReason = old ? "RHEL 4-5: medium" : "RHEL: easy";
    } else if (has(os, "centos") || has(os, "oracle") || has(os, "rocky")) {
        c.osClass = 1;
        c.osReason = "CentOS/Oracle/Rocky: easy";
    } else if (has(os, "suse") || has(os, "sles")) {
        const bool modern = has(os, "12") || has(os, "15");
        c.osClass = modern ? 2 : 3;
        c.osReason = modern ? "SLES 12/15: medium" : "SLES <= 11: hard";
    } else if (has(os, "ubuntu") || has(os, "debian")) {
        c.osClass = 3;
        c.osReason = "Ubuntu/Debian: hard";
    } else {
        c.osReason = w.os.empty() ? "OS unknown" : "unrecognised OS '" + w.os + "'";
    }
    double gib = 0;
    bool known = false;
    for (const auto& d : w.disks) {
        if (d.allocatedGib) {
            gib += *d.allocatedGib;
            known = true;
        } else if (d.usedGib) {
            gib += *d.usedGib;
            known = true;
        }
    }
    if (known) {
        const double tb = gib / 1024.0;
        c.diskTier = tb < 10 ? 1 : tb < 20 ? 2 : tb < 50 ? 3 : 4;
    }
    c.score = std::max(c.osClass, c.diskTier);
    return c;
}

double transferGib(const Workload& w)
{
    double gib = 0;
    for (const auto& d : w.disks) {
        if (d.usedGib) {
            gib += *d.usedGib;
        } else if (d.allocatedGib) {
            gib += *d.allocatedGib;
        }
    }
    return gib;
}

bool transferKnown(const Workload& w)
{
    return std::any_of(w.disks.begin(), w.disks.end(), [](const Disk& d) {
        return d.usedGib.has_value() || d.allocatedGib.has_value();
    });
}

double WaveCapacity::transferHours(double gib) const
{
    if (!(bandwidthMbps > 0)) {
        return 0;
    }
    return gib * 1024.0 / (bandwidthMbps / 8.0) / 3600.0;
}

int environmentRank(const std::string& environment)
{
    const std::string e = text::toLower(environment);
    if (e.empty()) {
        return 2;
    }
    if (has(e, "prod") && !has(e, "preprod") && !has(e, "pre-prod") && !has(e, "non")) {
        return 3;
    }
    if (has(e, "dev") || has(e, "sandbox") || has(e, "lab")) {
        return 0;
    }
    if (has(e, "test") || has(e, "qa") || has(e, "uat") || has(e, "stag") || has(e, "preprod")
        || has(e, "pre-prod") || has(e, "non")) {
        return 1;
    }
    return 2;
}

int criticalityRank(const std::string& criticality)
{
    const std::string c = text::toLower(criticality);
    if (c == "low") {
        return 0;
    }
    if (c == "medium") {
        return 1;
    }
    if (c == "high") {
        return 3;
    }
    if (c == "mission-critical" || c == "mission critical" || c == "critical") {
        return 4;
    }
    return 2;
}

WavePlan planWaves(const std::vector<Workload>& workloads,
                   const WaveCapacity& capacity,
                   const std::vector<bool>& include)
{
    constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();
    const std::size_t n = workloads.size();
    auto included = [&](std::size_t i) {
        return include.empty() || include[i];
    };
    WavePlan plan;
    UnionFind uf(n);
    std::map<std::string, std::size_t> byName;
    std::map<std::string, std::size_t> firstOfApp;
    for (std::size_t i = 0; i < n; ++i) {
        if (!included(i)) {
            continue;
        }
        byName.emplace(workloads[i].name, i);
        const auto& app = workloads[i].application;
        if (!app.empty()) {
            auto [it, inserted] = firstOfApp.emplace(app, i);
            if (!inserted) {
                uf.join(i, it->second);
            }
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!included(i)) {
            continue;
        }
        for (const auto& d : workloads[i].dependencies) {
            std::size_t other = npos;
            if (!d.targetIsApplication) {
                if (auto it = byName.find(d.target); it != byName.end()) {
                    other = it->second;
                }
            }
            if (other == npos) {
                if (auto it = firstOfApp.find(d.target); it != firstOfApp.end()) {
                    other = it->second;
                }
            }
            if (other == npos) {
                plan.warnings.push_back(workloads[i].name + ": dependency on '" + d.target
                                        + "' names no migrating workload or application");
                continue;
            }
            uf.join(i, other);
        }
    }
    // Groups keyed by root, members ascending.
    std::map<std::size_t, std::size_t> groupOfRoot;
    std::vector<MoveGroup> groups;
    plan.groupOfWorkload.assign(n, npos);
    for (std::size_t i = 0; i < n; ++i) {
        if (!included(i)) {
            continue;
        }
        const auto root = uf.find(i);
        auto [it, inserted] = groupOfRoot.emplace(root, groups.size());
        if (inserted) {
            groups.emplace_back();
        }
        auto& g = groups[it->second];
        const auto& w = workloads[i];
        g.members.push_back(i);
        if (!w.application.empty()
            && std::find(g.applications.begin(), g.applications.end(), w.application)
                   == g.applications.end()) {
            g.applications.push_back(w.application);
        }
        g.environmentRank = std::max(g.environmentRank, environmentRank(w.environment));
        g.criticalityRank = std::max(g.criticalityRank, criticalityRank(w.criticality));
        g.complexity = std::max(g.complexity, complexityOf(w).score);
        const double gib = transferGib(w);
        g.transferGib += gib;
        g.transferHours += capacity.transferHours(gib);
        g.engineerHours += capacity.engineerMinutesPerVm / 60.0;
    }
    for (auto& g : groups) {
        std::sort(g.applications.begin(), g.applications.end());
        g.name =
            g.applications.empty() ? workloads[g.members.front()].name : g.applications.front();
    }
    std::stable_sort(groups.begin(), groups.end(), [](const MoveGroup& a, const MoveGroup& b) {
        return std::tie(a.environmentRank, a.criticalityRank, a.complexity, a.name)
               < std::tie(b.environmentRank, b.criticalityRank, b.complexity, b.name);
    });
    for (std::size_t k = 0; k < groups.size(); ++k) {
        groups[k].id = k + 1;
        for (auto i : groups[k].members) {
            plan.groupOfWorkload[i] = k;
        }
    }
    // First-fit in order under the per-wave capacity.
    const bool timed = capacity.windowDays > 0;
    const double maxTransfer = capacity.transferHoursPerWave();
    const double maxEngineer = capacity.engineerHoursPerWave();
    auto fits = [&](const Wave& w, const MoveGroup& g) {
        constexpr double eps = 1e-9;
        if (capacity.maxServers > 0 && w.servers + g.members.size() > capacity.maxServers) {
            return false;
        }
        return !timed
               || (w.transferHours + g.transferHours <= maxTransfer + eps
                   && w.engineerHours + g.engineerHours <= maxEngineer + eps);
    };
    plan.waveOfGroup.assign(groups.size(), 0);
    for (std::size_t k = 0; k < groups.size(); ++k) {
        const auto& g = groups[k];
        std::size_t target = npos;
        for (std::size_t w = 0; w < plan.waves.size() && target == npos; ++w) {
            if (!plan.waves[w].oversized && fits(plan.waves[w], g)) {
                target = w;
            }
        }
        if (target == npos) {
            Wave fresh;
            fresh.number = plan.waves.size() + 1;
            if (!fits(fresh, g)) {
                fresh.oversized = true;
                char buf[200];
                std::snprintf(buf,
                              sizeof buf,
                              " (%zu servers, %.1f transfer h, %.1f engineer h)",
                              g.members.size(),
                              g.transferHours,
                              g.engineerHours);
                plan.warnings.push_back("move group '" + g.name + "' exceeds one wave's capacity"
                                        + buf + ": it gets wave " + std::to_string(fresh.number)
                                        + " of its own, which will run longer");
            }
            plan.waves.push_back(fresh);
            target = plan.waves.size() - 1;
        }
        auto& w = plan.waves[target];
        w.groups.push_back(k);
        w.servers += g.members.size();
        w.transferGib += g.transferGib;
        w.transferHours += g.transferHours;
        w.engineerHours += g.engineerHours;
        plan.waveOfGroup[k] = target;
    }
    plan.groups = std::move(groups);
    return plan;
}

} // namespace cloudcost::decision::plan
