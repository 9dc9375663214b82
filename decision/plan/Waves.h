#pragma once

// Move groups and migration waves (issue #6 "Migration plan", MIGRATION.md §2.6 item 5):
//  - move groups = connected components of the dependency graph, where dependencies name a
//    workload or an application, and workloads sharing an application are joined (union-find);
//  - groups are ordered by environment (dev, then test/qa/uat/staging, then unknown, then prod),
//    criticality (low first), complexity (easy first), then name;
//  - then packed first-fit, in that order, into waves under a per-wave capacity: servers, data
//    transferred in the wave window at a given bandwidth, engineer hours. A group larger than a
//    wave gets its own wave with a warning; a group is never split across waves.

#include "decision/inventory/Inventory.h"

#include <cstddef>
#include <string>
#include <vector>

namespace cloudcost::decision::plan {

// kubev2v migration-planner's complexity (MIGRATION.md §2.4): an OS class (1 easy: RHEL, CentOS,
// Oracle, Rocky; 2 medium: Windows Server 2016+, SLES 12/15, RHEL 4–5; 3 hard: Windows <= 2012
// R2, Ubuntu, Debian, SLES <= 11; 4 white glove: SQL Server; 0 unknown) and a disk tier (1 < 10
// TB, 2 < 20 TB, 3 < 50 TB, 4 >= 50 TB). kubev2v crosses them into a 0–4 score; the exact table
// is not in the shared docs, so this score is the harder of the two (0 only when both unknown).
struct Complexity
{
    int osClass = 0;
    int diskTier = 0;
    int score = 0;
    std::string osReason; // "rhel: easy", "unrecognised OS 'foo'"
};
Complexity complexityOf(const Workload& w);

// Data to move for a workload: Σ disks used GiB where known, else allocated GiB; 0 when no disk
// size is known (reported by the plan as a risk, not silently).
double transferGib(const Workload& w);
bool transferKnown(const Workload& w);

struct WaveCapacity
{
    // Servers per wave; 0 = no limit. No published default (CMF waves carry a user-set capacity,
    // MIGRATION.md §2.2).
    std::size_t maxServers = 0;
    // Length of a wave's migration window in days; 0 = no transfer or engineer-hour limit.
    double windowDays = 0;
    // Defaults from kubev2v migration-planner (MIGRATION.md §2.4): 620 Mbps transfer; 60 min of
    // post-migration work per VM; 10 engineers; 8-hour days.
    double bandwidthMbps = 620;
    double engineerMinutesPerVm = 60;
    double engineers = 10;
    double hoursPerDay = 8;

    // Transfer hours for gib GiB: GiB × 1024 ÷ (Mbps ÷ 8) seconds (kubev2v's formula).
    double transferHours(double gib) const;
    // Capacity of one wave: transfer hours (link runs round the clock) and engineer hours.
    double transferHoursPerWave() const { return windowDays * 24.0; }
    double engineerHoursPerWave() const { return windowDays * engineers * hoursPerDay; }
};

struct MoveGroup
{
    std::size_t id = 0;
    std::string name;                 // the application when one, else the first workload
    std::vector<std::size_t> members; // indices into the workloads, ascending
    std::vector<std::string> applications;
    int environmentRank = 0; // 0 dev, 1 test, 2 unknown, 3 prod (the highest member)
    int criticalityRank = 0; // 0 low, 1 medium, 2 unknown, 3 high, 4 mission-critical
    int complexity = 0;      // highest member score
    double transferGib = 0;
    double transferHours = 0;
    double engineerHours = 0;
};

struct Wave
{
    std::size_t number = 0;          // 1-based
    std::vector<std::size_t> groups; // indices into WavePlan::groups
    std::size_t servers = 0;
    double transferGib = 0;
    double transferHours = 0;
    double engineerHours = 0;
    bool oversized = false; // a single group larger than the capacity
};

struct WavePlan
{
    std::vector<MoveGroup> groups; // in priority order (ids 1..n)
    std::vector<Wave> waves;
    std::vector<std::size_t> groupOfWorkload; // workload index → group index
    std::vector<std::size_t> waveOfGroup;     // group index → wave index (0-based)
    std::vector<std::string> warnings;        // oversized groups, unknown dependency targets
};

int environmentRank(const std::string& environment);
int criticalityRank(const std::string& criticality);

// Groups and waves for the workloads (indices refer to `workloads`). `include` (optional, same
// size) leaves out workloads that do not migrate (retired, templates) — they still join groups
// through nothing and get no wave.
WavePlan planWaves(const std::vector<Workload>& workloads,
                   const WaveCapacity& capacity,
                   const std::vector<bool>& include = {});

} // namespace cloudcost::decision::plan
