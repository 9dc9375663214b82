#pragma once

// One plan run from end to end (what `cloudcost plan` and each line of `cloudcost batch` do):
// a stored inventory → classification and right-sizing → placement of each workload under each
// deployment model (its annual cost feeds the decision tree's cost score) → the decision tree →
// buildPlan. The request is plain data so the CLI flags, a batch NDJSON line and (later) the GUI
// fill the same struct and get the same numbers.

#include "common/Result.h"
#include "decision/VcpuNormalisation.h"
#include "decision/plan/Plan.h"
#include "decision/rules/DecisionTree.h"
#include "decision/rules/RightSizing.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::pricing {
class Workspace;
}

namespace cloudcost::decision::plan {

struct PlanRequest
{
    std::string id;        // batch: echoed in the output line ("" for `plan`)
    std::string inventory; // stored inventory, by name or id
    SizingPolicy sizing;
    std::string rulesFile; // "" = the built-in rule set
    std::optional<double> t1, t2;
    std::optional<bool> kubernetes;
    bool sandboxedRuntime = false;
    PlanOptions options;
    // The on-prem (before) cost from the TCO model: the own-hardware option `onPremOption` ("" =
    // the only one) of this scenario, as its equivalent annual cost per workload vCPU of the
    // scenario. Used when options.economics.onPrem has no rate.
    std::string onPremScenario;
    std::string onPremOption;
    // vCPU normalisation by the workspace's benchmark results (decision/VcpuNormalisation.h):
    // a per-vCPU metric and the reference the needs were measured on (a run id or an instance
    // type). "" = a vCPU counts as a vCPU. resolveVcpuNormalisation fills `normalisation` and
    // options.placement.performanceFactor from them.
    std::string perfMetric;
    std::string perfReference;
    std::optional<VcpuNormalisation> normalisation;
    // Threads for the per-workload decisions; 0 = all cores (batch runs requests in parallel
    // and sets 1).
    unsigned threads = 0;
};

// Parses one batch request (a JSON object; docs/CLI.md "batch"). Unknown keys are errors; the
// error context is `where` plus the JSON key ("jobs.ndjson:3: economics.staff_rate").
Result<PlanRequest> parsePlanRequest(std::string_view json, const std::string& where);

// Reads the workspace's benchmark results into request.normalisation and
// request.options.placement.performanceFactor when request.perfMetric is set (and not yet
// resolved). runPlan calls it; batch calls it first so requests with the same factors share an
// index.
Status resolveVcpuNormalisation(pricing::Workspace& ws, PlanRequest& request);

// The on-prem cost per vCPU-year from an own-hardware option of a TCO scenario (MODELS.md §1.2,
// pricing/models/Tco.h): its equivalent annual cost divided by the scenario's workload vCPUs
// (count × vCPUs). The source text names the file, option, figures and their division.
Result<OnPremAssumption> onPremFromScenario(pricing::Workspace& ws,
                                            const std::string& scenarioFile,
                                            const std::string& optionName,
                                            const std::string& currency);

// What the run used besides the plan, for the outputs.
struct PlanRunInfo
{
    std::string inventory;
    std::string inventoryFormat;
    std::string rules; // "name revision R (origin)"
    std::vector<PolicyLine> sizing;
    std::size_t candidates = 0; // offers considered after folding
    std::size_t skyline = 0;
    std::size_t decisionErrors = 0;
    std::size_t archAssumed = 0; // workloads of unknown architecture placed as x86_64
    std::optional<VcpuNormalisation> normalisation; // when the request asked for one
    std::vector<std::string> notes;                 // assumptions the run made, for the outputs
};

struct PlanRun
{
    Plan plan;
    PlanRunInfo info;
};

// Loads what the request names from the workspace and builds the plan.
Result<PlanRun> runPlan(pricing::Workspace& ws, PlanRequest request);

// As runPlan with candidates already indexed (batch: requests sharing placement constraints
// share one index; it is read-only).
Result<PlanRun> runPlan(pricing::Workspace& ws, PlanRequest request, const PlacementIndex& index);

// The decision tree's cost input (S1) for one need: the annual cost of the cheapest fitting
// offer under each deployment model (bare metal by whole hosts, a VM, a container placed alone),
// into dc.annualCost with dc.costSource. Models with no fit get no cost. An unknown architecture
// is priced as x86_64 (see planInputs). Returns how many models got a cost.
std::size_t priceModels(SizedNeed need,
                        const PlacementIndex& index,
                        const PlacementConstraints& constraints,
                        DecisionContext& dc);

// The per-workload inputs of buildPlan: class, right-sized need, the decision (with placement
// costs per model as its cost score) and whether it migrates. Exposed for tests.
std::vector<PlanWorkloadInput> planInputs(const std::vector<Workload>& workloads,
                                          const SizingPolicy& sizing,
                                          const RuleSet& rules,
                                          const DecisionContext& base,
                                          const PlacementIndex& index,
                                          const PlacementConstraints& constraints,
                                          std::size_t* decisionErrors = nullptr,
                                          std::size_t* archAssumed = nullptr,
                                          unsigned threads = 0); // 0 = all cores

} // namespace cloudcost::decision::plan
