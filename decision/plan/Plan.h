#pragma once

// The migration plan (issue #6): one model that feeds every output (CLI table/JSON/CSV, later
// the GUI and reports). buildPlan() ties placement, container bin packing, move groups and
// waves, and economics together.
//
// API for `cloudcost plan` / `cloudcost batch` (the CLI wiring):
//   1. inventory  = the imported Inventory (decision/inventory);
//   2. inputs     = one PlanWorkloadInput per workload from right-sizing and the decision tree
//                   (decision/rules: SizedNeed, DeploymentModel, WorkloadClass);
//   3. options    = PlanOptions: placement constraints (providers, regions, purchase options,
//                   currency, performance factors), packing, wave capacity, economics (the
//                   on-prem cost with its source is required);
//   4. candidates = loadCandidates(workspace, options.placement)  — ONE pass over the catalog;
//      index      = PlacementIndex(std::move(*candidates), options.placement.performanceFactor);
//   5. plan       = buildPlan(inventory.workloads, inputs, index, options);
//   6. print planToJson(*plan) (or walk Plan for table/CSV). For batch, reuse the index across
//      scenarios that share placement constraints: buildPlan does not modify it (thread-safe).

#include "common/Result.h"
#include "decision/Sizing.h"
#include "decision/inventory/Inventory.h"
#include "decision/plan/BinPacking.h"
#include "decision/plan/Placement.h"
#include "decision/plan/PlanEconomics.h"
#include "decision/plan/Waves.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cloudcost::decision::plan {

// What right-sizing and the decision tree say about one workload.
struct PlanWorkloadInput
{
    std::size_t workload = 0; // index into the workloads given to buildPlan
    SizedNeed need;
    DeploymentModel model = DeploymentModel::VirtualMachine;
    WorkloadClass workloadClass = WorkloadClass::Active;
    // false: not migrated (templates are excluded; powered-off and zombie workloads are
    // retired: their on-prem cost ends at the first wave).
    bool migrate = true;
    std::optional<bool> stateful; // unknown counts as stateful for the spot risk
    std::string decisionReason;   // the decision tree's summary, echoed in the output
};

struct PlanOptions
{
    PlacementConstraints placement;
    PackingOptions packing;
    std::size_t nodeCandidates = 6; // node shapes tried per container cluster
    WaveCapacity waves;
    EconomicsOptions economics;
};

struct PlannedWorkload
{
    std::size_t index = 0;
    std::string name;
    DeploymentModel model = DeploymentModel::VirtualMachine;
    WorkloadClass workloadClass = WorkloadClass::Active;
    bool migrate = true;
    SizedNeed need;
    PlacementResult placement;          // VMs and bare metal: options per purchase choice
    std::optional<std::size_t> cluster; // containers: index into Plan::clusters
    double beforeAnnual = 0;
    double afterAnnual = 0;
    std::string afterBasis; // "m5.large on_demand", "share of cluster 1 nodes", "retired", ...
    WorkloadCost::Fate fate = WorkloadCost::Fate::Migrates;
    std::optional<std::size_t> group; // index into Plan::waves.groups
    std::optional<std::size_t> wave;  // 0-based index into Plan::waves.waves
    std::vector<std::string> risks;
    std::string decisionReason;
};

// Containers of one OS and architecture, packed together.
struct ContainerCluster
{
    std::string osFamily;
    std::string arch;
    std::string purchase; // the purchase choice whose packing was cheapest
    PackingResult packing;
    std::vector<std::size_t> workloads; // PlannedWorkload indices, in PackItem order
    std::vector<std::pair<std::string, double>> purchaseTrials; // label → hourly
};

struct ModelSummary
{
    DeploymentModel model = DeploymentModel::VirtualMachine;
    std::size_t count = 0; // migrating workloads with this model
    double share = 0;      // of all migrating workloads
    double beforeAnnual = 0;
    double afterAnnual = 0;
};

struct Plan
{
    std::string currency;
    std::vector<PlannedWorkload> workloads;
    std::vector<ContainerCluster> clusters;
    WavePlan waves;
    Economics economics;
    std::vector<ModelSummary> byModel; // bare metal, VM, container
    std::size_t retired = 0;
    std::size_t excluded = 0; // templates and other non-migrating, non-retired workloads
    std::size_t unplaced = 0; // migrating workloads with no fitting offer (they stay)
    std::vector<std::string> warnings;
};

// Builds the plan. Errors: an input naming a workload out of range or twice, a workload with
// no input, invalid economics options (the message names the field).
Result<Plan> buildPlan(const std::vector<Workload>& workloads,
                       const std::vector<PlanWorkloadInput>& inputs,
                       const PlacementIndex& index,
                       const PlanOptions& options);

// The plan as JSON (nlohmann is used only in Plan.cpp). indent < 0: one line (NDJSON).
std::string planToJson(const Plan& plan, int indent = 2);

} // namespace cloudcost::decision::plan
