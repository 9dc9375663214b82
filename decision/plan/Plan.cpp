#include "decision/plan/Plan.h"

#include "common/Text.h"
#include "pricing/models/Conventions.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace cloudcost::decision::plan {

namespace {

std::vector<std::string> osRisks(const Workload& w)
{
    std::vector<std::string> risks;
    const std::string os = text::toLower(w.os);
    if (w.osFamily.empty()) {
        risks.push_back(w.os.empty() ? "unsupported OS: OS unknown"
                                     : "unsupported OS: family of '" + w.os + "' unknown");
    } else if (os.find("windows") != std::string::npos
               && (os.find("2000") != std::string::npos || os.find("2003") != std::string::npos
                   || os.find("2008") != std::string::npos)) {
        // Azure Migrate readiness: Windows Server 2003–2008 R2 "conditionally ready"
        // (MIGRATION.md §2.1).
        risks.push_back("unsupported OS: " + w.os + " is out of support (conditionally ready)");
    } else if (os.find("32-bit") != std::string::npos) {
        risks.push_back("unsupported OS: 32-bit " + w.os + " (conditionally ready)");
    }
    return risks;
}

std::string describe(const PlacementOption& o)
{
    return o.offer.provider + " " + o.offer.region + " " + o.offer.instanceType + " " + o.purchase;
}

} // namespace

Result<Plan> buildPlan(const std::vector<Workload>& workloads,
                       const std::vector<PlanWorkloadInput>& inputs,
                       const PlacementIndex& index,
                       const PlanOptions& options)
{
    if (auto s = validate(options.economics); !s) {
        return s.error();
    }
    const std::size_t n = workloads.size();
    std::vector<const PlanWorkloadInput*> inputOf(n, nullptr);
    for (const auto& in : inputs) {
        if (in.workload >= n) {
            return makeError(Error::Code::InvalidInput,
                             "a plan input names workload " + std::to_string(in.workload + 1)
                                 + " of " + std::to_string(n),
                             "plan");
        }
        if (inputOf[in.workload]) {
            return makeError(Error::Code::InvalidInput,
                             "workload '" + workloads[in.workload].name + "' has two plan inputs",
                             "plan");
        }
        inputOf[in.workload] = &in;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!inputOf[i]) {
            return makeError(Error::Code::InvalidInput,
                             "workload '" + workloads[i].name
                                 + "' has no sizing/decision input: every workload must be "
                                   "planned or reported",
                             "plan");
        }
    }
    Plan plan;
    plan.currency = options.placement.currency;
    const auto& pc = options.placement;
    std::map<std::pair<std::string, std::string>, std::size_t> clusterOf;
    std::size_t oversized = 0;
    std::map<std::string, std::size_t> noFit; // OS -> workloads no offer fits
    plan.workloads.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto& in = *inputOf[i];
        const auto& w = workloads[i];
        auto& p = plan.workloads[i];
        p.index = i;
        p.name = w.name;
        p.model = in.model;
        p.workloadClass = in.workloadClass;
        p.migrate = in.migrate;
        p.need = in.need;
        p.decisionReason = in.decisionReason;
        const double vcpus = w.vcpus ? static_cast<double>(*w.vcpus) : in.need.vcpus;
        p.beforeAnnual = onPremAnnual(options.economics.onPrem, vcpus);
        if (!w.vcpus && options.economics.onPrem.annualPerVcpu > 0) {
            p.risks.push_back("allocated vCPUs unknown: on-prem cost from the sized need");
        }
        if (!in.migrate) {
            if (in.workloadClass == WorkloadClass::PoweredOff
                || in.workloadClass == WorkloadClass::Zombie) {
                p.fate = WorkloadCost::Fate::Retired;
                p.afterBasis = std::string("retired (") + workloadClassName(in.workloadClass) + ")";
                ++plan.retired;
            } else {
                p.afterBasis =
                    std::string("excluded (") + workloadClassName(in.workloadClass) + ")";
                p.beforeAnnual = 0;
                ++plan.excluded;
            }
            continue;
        }
        for (auto& r : osRisks(w)) {
            p.risks.push_back(std::move(r));
        }
        if (!in.need.sizedFromUtilisation) {
            p.risks.push_back(
                "no utilisation data: sized as allocated"
                + (in.need.basis.empty() ? std::string() : " (" + in.need.basis + ")"));
        }
        if (!transferKnown(w)) {
            p.risks.push_back("disk sizes unknown: transfer time and cost counted as 0");
        }
        if (in.model == DeploymentModel::Container) {
            const std::string os = in.need.osFamily.empty() ? "linux" : in.need.osFamily;
            auto [it, inserted] = clusterOf.try_emplace({os, in.need.arch}, plan.clusters.size());
            if (inserted) {
                ContainerCluster c;
                c.osFamily = os;
                c.arch = in.need.arch;
                plan.clusters.push_back(std::move(c));
            }
            p.cluster = it->second;
            plan.clusters[it->second].workloads.push_back(i);
            continue;
        }
        p.placement = index.place(in.need, in.model, pc);
        // A fit far larger than the need means the catalog lacks the right size for this
        // OS/region (e.g. Windows prices for a few large types only). From 4x it is a risk; from
        // 8x (vCPU and memory both) the workload stays, so one oversized instance cannot
        // dominate the plan's totals, and the reason says which prices to import.
        double oversize = 1;
        if (const auto* best = p.placement.best(); best && in.model != DeploymentModel::BareMetal) {
            const double cpuRatio = in.need.vcpus > 0 ? best->effectiveVcpus / in.need.vcpus : 1;
            const double memRatio =
                in.need.memoryGib > 0 ? best->offer.memoryGib / in.need.memoryGib : 1;
            oversize = std::min(cpuRatio, memRatio);
        }
        char ratio[64];
        std::snprintf(ratio, sizeof ratio, "%.0f", oversize);
        const auto* best = p.placement.best();
        if (best && oversize >= 8.0) {
            p.fate = WorkloadCost::Fate::Stays;
            p.afterAnnual = p.beforeAnnual;
            p.afterBasis = "stays on premises: no right-sized " + best->offer.os + " offer";
            p.risks.push_back("not placed: the smallest fitting " + best->offer.os
                              + " offer in the catalog (" + best->offer.instanceType + ") is "
                              + ratio + "x the need; import a price sheet with smaller "
                              + best->offer.os + " sizes");
            ++oversized;
            ++plan.unplaced;
        } else if (best) {
            p.afterAnnual = best->annualCost;
            p.afterBasis = describe(*best);
            if (plan.currency.empty()) {
                plan.currency = best->offer.currency;
            }
            if (oversize >= 4.0) {
                p.risks.push_back("oversized: the smallest fitting " + best->offer.os
                                  + " offer in the catalog is " + ratio
                                  + "x the need; import a price sheet with smaller "
                                  + best->offer.os + " sizes");
                ++oversized;
            }
            if (best->offer.purchaseOption == pricing::PurchaseOption::Spot
                && in.stateful.value_or(true)) {
                p.risks.push_back(std::string("spot for stateful work: the cheapest option is spot "
                                              "and the workload is ")
                                  + (in.stateful ? "stateful" : "not known to be stateless"));
            }
        } else {
            p.fate = WorkloadCost::Fate::Stays;
            p.afterAnnual = p.beforeAnnual;
            const std::string os = in.need.osFamily.empty() ? "linux" : in.need.osFamily;
            p.afterBasis = "stays on premises: no fitting " + os + " offer";
            p.risks.push_back("not placed: " + p.placement.reason);
            ++noFit[os];
            ++plan.unplaced;
        }
    }
    std::vector<std::string> placementWarnings;
    if (!noFit.empty()) {
        std::size_t total = 0;
        std::string byOs;
        for (const auto& [os, count] : noFit) {
            total += count;
            byOs += (byOs.empty() ? "" : ", ") + os + " " + std::to_string(count);
        }
        placementWarnings.push_back(
            std::to_string(total) + " workloads stay on premises because no offer fits them under "
            + "the allowed providers, regions and purchase options (" + byOs
            + "): import a price sheet with those prices or widen the constraints");
    }
    if (oversized > 0) {
        placementWarnings.push_back(
            std::to_string(oversized)
            + " workloads whose smallest fitting offer is at least 4x their need (from 8x they "
              "stay on premises): the catalog has no smaller size for their OS; see each "
              "workload's risks and import a price sheet with those sizes");
    }
    // Container clusters: pack under each purchase choice, keep the cheapest.
    std::vector<PurchaseChoice> purchase = pc.purchase;
    if (purchase.empty()) {
        purchase.push_back({});
    }
    for (std::size_t c = 0; c < plan.clusters.size(); ++c) {
        auto& cl = plan.clusters[c];
        std::vector<PackItem> items;
        PlacementIndex::NodeDemand demand;
        demand.targetUtilisation = options.packing.targetUtilisation;
        for (auto i : cl.workloads) {
            const auto& need = plan.workloads[i].need;
            items.push_back({plan.workloads[i].name, need.vcpus, need.memoryGib});
            demand.vcpus += need.vcpus;
            demand.memoryGib += need.memoryGib;
            demand.maxItemVcpus = std::max(demand.maxItemVcpus, need.vcpus);
            demand.maxItemMemoryGib = std::max(demand.maxItemMemoryGib, need.memoryGib);
        }
        std::optional<PackingResult> best;
        std::string bestLabel;
        for (const auto& choice : purchase) {
            auto shapes =
                index.nodeShapes(pc, choice, cl.osFamily, cl.arch, demand, options.nodeCandidates);
            auto packing = packContainers(items, shapes, options.packing);
            cl.purchaseTrials.emplace_back(choice.label(), packing.hourly);
            const bool better = !best || packing.unplaced.size() < best->unplaced.size()
                                || (packing.unplaced.size() == best->unplaced.size()
                                    && packing.hourly < best->hourly);
            if (better) {
                best = std::move(packing);
                bestLabel = choice.label();
            }
        }
        cl.packing = std::move(*best);
        cl.purchase = bestLabel;
        std::vector<bool> unplaced(items.size(), false);
        for (auto k : cl.packing.unplaced) {
            unplaced[k] = true;
        }
        const bool spot = !cl.packing.shapes.empty()
                          && cl.packing.shapes[cl.packing.chosenShape].purchaseOption
                                 == pricing::PurchaseOption::Spot;
        if (plan.currency.empty() && !cl.packing.shapes.empty()) {
            plan.currency = cl.packing.shapes.front().currency;
        }
        for (std::size_t k = 0; k < cl.workloads.size(); ++k) {
            auto& p = plan.workloads[cl.workloads[k]];
            const auto& in = *inputOf[p.index];
            if (unplaced[k]) {
                p.fate = WorkloadCost::Fate::Stays;
                p.afterAnnual = p.beforeAnnual;
                p.afterBasis = "stays on premises: larger than every candidate node";
                p.risks.push_back("not placed: the container needs more than any candidate "
                                  "node offers at the target utilisation");
                ++plan.unplaced;
                continue;
            }
            p.afterAnnual = cl.packing.itemHourly[k] * pricing::kHoursPerYear;
            p.afterBasis =
                "share of container cluster " + std::to_string(c + 1) + " (" + cl.purchase + ")";
            if (spot && in.stateful.value_or(true)) {
                p.risks.push_back("spot for stateful work: the cluster's nodes are spot");
            }
        }
    }
    // Waves over the workloads that move.
    std::vector<bool> include(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        include[i] =
            plan.workloads[i].migrate && plan.workloads[i].fate == WorkloadCost::Fate::Migrates;
    }
    plan.waves = planWaves(workloads, options.waves, include);
    std::vector<WorkloadCost> costs;
    for (std::size_t i = 0; i < n; ++i) {
        auto& p = plan.workloads[i];
        if (include[i]) {
            p.group = plan.waves.groupOfWorkload[i];
            p.wave = plan.waves.waveOfGroup[*p.group];
        }
        if (!p.migrate && p.fate != WorkloadCost::Fate::Retired) {
            continue; // excluded
        }
        WorkloadCost c;
        c.beforeAnnual = p.beforeAnnual;
        c.afterAnnual = p.afterAnnual;
        c.fate = p.fate;
        c.wave = p.wave.value_or(0);
        costs.push_back(c);
    }
    auto economics = computeEconomics(costs, plan.waves, options.waves, options.economics);
    if (!economics) {
        return economics.error();
    }
    plan.economics = std::move(*economics);
    // The economics speak of "currency"; the plan knows which (every price was converted to it).
    const std::string currency =
        options.placement.currency.empty() ? std::string("USD") : options.placement.currency;
    for (auto& a : plan.economics.assumptions) {
        if (a.unit.rfind("currency", 0) == 0) {
            a.unit = currency + a.unit.substr(8);
        }
    }
    plan.economics.assumptions.push_back(
        {"node target utilisation",
         options.packing.targetUtilisation,
         "fraction",
         "80 %: Azure AVS sizing and kubev2v target capacity (MIGRATION.md §3)"});
    plan.economics.assumptions.push_back({"failover nodes (minimum)",
                                          static_cast<double>(options.packing.minFailoverNodes),
                                          "nodes",
                                          "N+1 (MIGRATION.md §3)"});
    plan.economics.assumptions.push_back({"failover nodes (fraction)",
                                          options.packing.failoverFraction,
                                          "fraction",
                                          "kubev2v uses 10 %, at least 2 (MIGRATION.md §2.4)"});
    for (auto m : {DeploymentModel::BareMetal,
                   DeploymentModel::VirtualMachine,
                   DeploymentModel::Container}) {
        ModelSummary s;
        s.model = m;
        plan.byModel.push_back(s);
    }
    std::size_t migrating = 0;
    // The share by deployment model of the workloads that move (a workload kept on premises for
    // want of a fitting price is counted as "unplaced", not under the model it was decided for).
    for (const auto& p : plan.workloads) {
        if (!p.migrate || p.fate != WorkloadCost::Fate::Migrates) {
            continue;
        }
        ++migrating;
        auto& s = plan.byModel[static_cast<std::size_t>(p.model)];
        ++s.count;
        s.beforeAnnual += p.beforeAnnual;
        s.afterAnnual += p.afterAnnual;
    }
    for (auto& s : plan.byModel) {
        s.share = migrating ? static_cast<double>(s.count) / static_cast<double>(migrating) : 0.0;
    }
    plan.warnings = std::move(placementWarnings);
    for (const auto& w : plan.waves.warnings) {
        plan.warnings.push_back(w);
    }
    for (const auto& w : plan.economics.warnings) {
        plan.warnings.push_back(w);
    }
    return plan;
}

// ---------------------------------------------------------------------------------------------

namespace {

using Json = nlohmann::ordered_json;

Json offerJson(const Candidate& c)
{
    return Json{{"provider", c.provider},
                {"region", c.region},
                {"instance_type", c.instanceType},
                {"os", c.os},
                {"arch", c.arch},
                {"vcpus", c.vcpus},
                {"memory_gib", c.memoryGib},
                {"gpus", c.gpus},
                {"purchase_option", std::string(pricing::toString(c.purchaseOption))},
                {"term_months", c.termMonths},
                {"payment_option", std::string(pricing::toString(c.paymentOption))},
                {"hourly", c.hourly},
                {"upfront", c.upfront},
                {"effective_hourly", c.effectiveHourly},
                {"currency", c.currency},
                {"bare_metal", c.bareMetal},
                {"offer_id", c.offerId}};
}

const char* fateName(WorkloadCost::Fate f)
{
    switch (f) {
    case WorkloadCost::Fate::Migrates:
        return "migrates";
    case WorkloadCost::Fate::Retired:
        return "retired";
    case WorkloadCost::Fate::Stays:
        return "stays";
    }
    return "migrates";
}

template <typename T>
Json optionalIndex(const std::optional<T>& v)
{
    return v ? Json(*v + 1) : Json(nullptr);
}

} // namespace

std::string planToJson(const Plan& plan, int indent)
{
    Json root;
    root["currency"] = plan.currency;
    const auto& e = plan.economics;
    Json summary;
    summary["workloads"] = plan.workloads.size();
    summary["retired"] = plan.retired;
    summary["excluded"] = plan.excluded;
    summary["unplaced"] = plan.unplaced;
    summary["move_groups"] = plan.waves.groups.size();
    summary["waves"] = plan.waves.waves.size();
    summary["before_annual"] = e.beforeAnnual;
    summary["after_annual"] = e.afterAnnual;
    summary["annual_saving"] = e.annualSaving;
    summary["one_off_total"] = e.oneOffTotal;
    summary["dual_running_total"] = e.dualRunningTotal;
    summary["npv"] = e.npv;
    summary["discount_rate"] = e.discountRate;
    summary["payback_month"] = e.paybackMonth ? Json(*e.paybackMonth) : Json(nullptr);
    Json byModel = Json::array();
    for (const auto& s : plan.byModel) {
        byModel.push_back({{"model", deploymentModelName(s.model)},
                           {"count", s.count},
                           {"share", s.share},
                           {"before_annual", s.beforeAnnual},
                           {"after_annual", s.afterAnnual}});
    }
    summary["by_model"] = byModel;
    root["summary"] = summary;

    Json ws = Json::array();
    for (const auto& p : plan.workloads) {
        Json j;
        j["name"] = p.name;
        j["class"] = workloadClassName(p.workloadClass);
        j["model"] = deploymentModelName(p.model);
        // Whether it moves in this plan: a candidate (not retired or a template) that placement
        // did not keep on premises — the same test the waves use.
        j["migrate"] = p.migrate && p.fate == WorkloadCost::Fate::Migrates;
        j["fate"] = fateName(p.fate);
        j["need"] = {{"vcpus", p.need.vcpus},
                     {"memory_gib", p.need.memoryGib},
                     {"gpus", p.need.gpus},
                     {"os_family", p.need.osFamily},
                     {"arch", p.need.arch},
                     {"sized_from_utilisation", p.need.sizedFromUtilisation},
                     {"basis", p.need.basis}};
        Json options = Json::array();
        for (const auto& o : p.placement.options) {
            Json oj = offerJson(o.offer);
            oj["purchase"] = o.purchase;
            oj["effective_vcpus"] = o.effectiveVcpus;
            oj["annual_cost"] = o.annualCost;
            options.push_back(oj);
        }
        j["placement_options"] = options;
        j["placement_notes"] = p.placement.notes;
        j["cluster"] = optionalIndex(p.cluster);
        j["before_annual"] = p.beforeAnnual;
        j["after_annual"] = p.afterAnnual;
        j["after_basis"] = p.afterBasis;
        j["group"] = optionalIndex(p.group);
        j["wave"] = optionalIndex(p.wave);
        j["risks"] = p.risks;
        j["decision"] = p.decisionReason;
        ws.push_back(j);
    }
    root["workloads"] = ws;

    Json clusters = Json::array();
    for (std::size_t c = 0; c < plan.clusters.size(); ++c) {
        const auto& cl = plan.clusters[c];
        const auto& pk = cl.packing;
        Json j;
        j["id"] = c + 1;
        j["os_family"] = cl.osFamily;
        j["arch"] = cl.arch;
        j["purchase"] = cl.purchase;
        j["containers"] = cl.workloads.size();
        j["work_nodes"] = pk.workNodes;
        j["failover_nodes"] = pk.failoverNodes;
        j["hourly"] = pk.hourly;
        j["annual_cost"] = pk.hourly * pricing::kHoursPerYear;
        j["fluid_lower_bound_nodes"] = pk.fluidLowerBoundNodes;
        j["fluid_lower_bound_hourly"] = pk.fluidLowerBoundHourly;
        j["chosen_node_type"] =
            pk.shapes.empty() ? std::string() : pk.shapes[pk.chosenShape].instanceType;
        j["consolidation_deleted"] = pk.consolidationDeleted;
        j["consolidation_replaced"] = pk.consolidationReplaced;
        Json trials = Json::array();
        for (const auto& t : pk.trials) {
            trials.push_back({{"instance_type", t.instanceType},
                              {"nodes", t.nodes},
                              {"hourly", t.hourly},
                              {"feasible", t.feasible}});
        }
        j["node_trials"] = trials;
        Json purchaseTrials = Json::array();
        for (const auto& [label, hourly] : cl.purchaseTrials) {
            purchaseTrials.push_back({{"purchase", label}, {"hourly", hourly}});
        }
        j["purchase_trials"] = purchaseTrials;
        Json nodes = Json::array();
        for (const auto& node : pk.nodes) {
            Json items = Json::array();
            for (auto k : node.items) {
                items.push_back(plan.workloads[cl.workloads[k]].name);
            }
            nodes.push_back({{"instance_type", pk.shapes[node.shape].instanceType},
                             {"effective_hourly", pk.shapes[node.shape].effectiveHourly},
                             {"failover", node.failover},
                             {"used_vcpus", node.usedVcpus},
                             {"used_memory_gib", node.usedMemoryGib},
                             {"containers", items}});
        }
        j["nodes"] = nodes;
        clusters.push_back(j);
    }
    root["container_clusters"] = clusters;

    Json groups = Json::array();
    for (const auto& g : plan.waves.groups) {
        double before = 0;
        double after = 0;
        Json members = Json::array();
        for (auto i : g.members) {
            members.push_back(plan.workloads[i].name);
            before += plan.workloads[i].beforeAnnual;
            after += plan.workloads[i].afterAnnual;
        }
        groups.push_back({{"id", g.id},
                          {"name", g.name},
                          {"applications", g.applications},
                          {"members", members},
                          {"environment_rank", g.environmentRank},
                          {"criticality_rank", g.criticalityRank},
                          {"complexity", g.complexity},
                          {"transfer_gib", g.transferGib},
                          {"transfer_hours", g.transferHours},
                          {"engineer_hours", g.engineerHours},
                          {"before_annual", before},
                          {"after_annual", after}});
    }
    root["move_groups"] = groups;

    Json waves = Json::array();
    for (std::size_t k = 0; k < plan.waves.waves.size(); ++k) {
        const auto& w = plan.waves.waves[k];
        Json j = {{"number", w.number},
                  {"groups", Json::array()},
                  {"servers", w.servers},
                  {"transfer_gib", w.transferGib},
                  {"transfer_hours", w.transferHours},
                  {"engineer_hours", w.engineerHours},
                  {"oversized", w.oversized}};
        for (auto g : w.groups) {
            j["groups"].push_back(plan.waves.groups[g].id);
        }
        if (k < e.waves.size()) {
            const auto& we = e.waves[k];
            j["cutover_month"] = we.cutoverMonth;
            j["before_annual"] = we.beforeAnnual;
            j["after_annual"] = we.afterAnnual;
            j["transfer_cost"] = we.transferCost;
            j["labour_cost"] = we.labourCost;
            j["remediation_cost"] = we.remediationCost;
            j["dual_running_cost"] = we.dualRunningCost;
        }
        waves.push_back(j);
    }
    root["waves"] = waves;

    Json cash;
    cash["yearly_net"] = e.yearlyNet;
    cash["yearly_before"] = e.yearlyBefore;
    cash["yearly_after"] = e.yearlyAfter;
    cash["monthly_net"] = e.monthlyNet;
    cash["licences_one_off"] = e.licencesOneOff;
    root["cash_flows"] = cash;
    Json assumptions = Json::array();
    for (const auto& a : e.assumptions) {
        assumptions.push_back(
            {{"name", a.name}, {"value", a.value}, {"unit", a.unit}, {"source", a.source}});
    }
    root["assumptions"] = assumptions;
    root["warnings"] = plan.warnings;
    return root.dump(indent < 0 ? -1 : indent);
}

} // namespace cloudcost::decision::plan
