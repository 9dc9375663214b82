// `cloudcost decide`: per workload, its class, right-sized need and the bare metal / VM /
// container decision with its trace and nearest flip (MIGRATION.md §2.6, MODELS.md §5.2,
// docs/DECISION-TREE.md). `plan` and `batch` live elsewhere.
#include "app/cli/CommandModule.h"
#include "decision/inventory/InventoryStore.h"
#include "decision/plan/Placement.h"
#include "decision/plan/PlanRun.h"
#include "decision/rules/DecisionTree.h"
#include "decision/rules/RightSizing.h"
#include "decision/rules/WorkloadJson.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using namespace cloudcost::decision;

struct DecideArgs
{
    std::string workloadJson;
    std::string inventory;
    std::string rules;
    double percentile = SizingPolicy{}.percentile;
    double comfort = SizingPolicy{}.comfort;
    bool peakGuard = false;
    std::optional<double> t1;
    std::optional<double> t2;
    std::string kubernetes; // "", "yes", "no"
    bool sandboxed = false;
    int traceLines = 4;
    // The cost score's input: the catalog under these constraints unless noCosts.
    bool noCosts = false;
    std::vector<std::string> providers;
    std::vector<std::string> regions;
    std::vector<std::string> purchase;
    std::string currency = "USD";
    bool burstable = false;
};

struct Row
{
    const WorkloadJsonEntry* entry = nullptr;
    ClassResult cls;
    std::optional<SizedNeed> need;
    std::string needError;
    std::optional<Decision> decision;
    std::string decisionError;
};

std::string num(double v, int decimals = 3)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s(buf);
    if (s.find('.') != std::string::npos) {
        while (!s.empty() && s.back() == '0') {
            s.pop_back();
        }
        if (!s.empty() && s.back() == '.') {
            s.pop_back();
        }
    }
    return s;
}

// The lines worth showing first: fired or blocked hard rules, the band, scoring soft rules.
std::vector<const TraceLine*> topTrace(const Decision& d, int n)
{
    std::vector<const TraceLine*> out;
    auto take = [&](auto pred) {
        for (const auto& t : d.trace) {
            if (static_cast<int>(out.size()) >= n) {
                return;
            }
            if (pred(t) && std::find(out.begin(), out.end(), &t) == out.end()) {
                out.push_back(&t);
            }
        }
    };
    take([](const TraceLine& t) { return t.stage == "hard" && t.outcome.rfind("fired", 0) == 0; });
    take([](const TraceLine& t) {
        return t.stage == "band" && t.outcome.rfind("not applied", 0) != 0;
    });
    take([](const TraceLine& t) { return t.stage == "soft" && t.outcome.rfind("scores", 0) == 0; });
    return out;
}

std::string traceText(const TraceLine& t)
{
    std::string s = t.ruleId + ": " + t.input + " " + t.value;
    if (!t.op.empty() || !t.threshold.empty()) {
        s += " [" + t.op + " " + t.threshold + "]";
    }
    s += " -> " + t.outcome;
    if (t.stage != "hard") {
        s += " (weight " + num(t.weight) + ")";
    }
    return s;
}

json traceJson(const TraceLine& t)
{
    return {{"rule_id", t.ruleId},
            {"stage", t.stage},
            {"input", t.input},
            {"value", t.value},
            {"op", t.op},
            {"threshold", t.threshold},
            {"outcome", t.outcome},
            {"weight", t.weight}};
}

json flipJson(const Flip& f)
{
    return {{"input", f.input},
            {"from", f.from},
            {"to", f.to},
            {"new_model", deploymentModelName(f.newWinner)},
            {"relative_change", f.relativeChange},
            {"text", f.text}};
}

json rowJson(const Row& r)
{
    json j;
    j["name"] = r.entry->workload.name;
    j["class"] = workloadClassName(r.cls.cls);
    j["class_reason"] = r.cls.reason;
    if (r.need) {
        j["need"] = {{"vcpus", r.need->vcpus},
                     {"memory_gib", r.need->memoryGib},
                     {"storage_gib", r.need->storageGib},
                     {"gpus", r.need->gpus},
                     {"sized_from_utilisation", r.need->sizedFromUtilisation},
                     {"basis", r.need->basis}};
        j["need_error"] = nullptr;
    } else {
        j["need"] = nullptr;
        j["need_error"] = r.needError;
    }
    if (r.decision) {
        const auto& d = *r.decision;
        j["model"] = deploymentModelName(d.model);
        j["decision_error"] = nullptr;
        json ranking = json::array();
        for (const auto& s : d.ranking) {
            json contrib = json::object();
            for (const auto& [id, v] : s.contributions) {
                contrib[id] = v;
            }
            ranking.push_back({{"model", deploymentModelName(s.model)},
                               {"allowed", s.allowed},
                               {"excluded_by", s.excludedBy},
                               {"total", s.total},
                               {"contributions", contrib}});
        }
        j["ranking"] = ranking;
        json trace = json::array();
        for (const auto& t : d.trace) {
            trace.push_back(traceJson(t));
        }
        j["trace"] = trace;
        j["notes"] = d.notes;
        j["nearest_flip"] = d.nearestFlip ? flipJson(*d.nearestFlip) : json(nullptr);
        json flips = json::array();
        for (const auto& f : d.flips) {
            flips.push_back(flipJson(f));
        }
        j["flips"] = flips;
    } else {
        j["model"] = nullptr;
        j["decision_error"] = r.decisionError;
    }
    return j;
}

Result<std::string> readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(Error::Code::IoFailed, "cannot open the file", path);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int runDecide(Context& ctx, const DecideArgs& args)
{
    SizingPolicy policy;
    policy.percentile = args.percentile;
    policy.comfort = args.comfort;
    policy.peakGuard = args.peakGuard;
    if (auto ok = validateSizingPolicy(policy); !ok) {
        return fail(ctx, ok.error());
    }
    auto rules = args.rules.empty() ? builtinRuleSet() : loadRuleSet(args.rules);
    if (!rules) {
        return fail(ctx, rules.error());
    }
    if (args.t1 || args.t2) {
        if (auto ok = setLatencyThresholds(*rules,
                                           args.t1.value_or(rules->latency.t1),
                                           args.t2.value_or(rules->latency.t2));
            !ok) {
            return fail(ctx, makeError(ok.error().code, ok.error().message, "--t1/--t2"));
        }
    }
    if (args.inventory.empty() && args.workloadJson.empty()) {
        ctx.err << "cloudcost: error: decide: give --inventory NAME or --workload-json FILE\n";
        return 2; // a usage error, as CLI11's own
    }
    std::vector<WorkloadJsonEntry> loaded;
    std::string inputName;
    if (!args.inventory.empty()) {
        auto ws = openWorkspace(ctx);
        if (!ws) {
            return fail(ctx, ws.error());
        }
        auto store = InventoryStore::open(ws->database());
        if (!store) {
            return fail(ctx, store.error());
        }
        auto inv = store->load(args.inventory);
        if (!inv) {
            return fail(ctx, inv.error());
        }
        for (auto& w : inv->workloads) {
            loaded.push_back({std::move(w), {}, {}});
        }
        inputName = "inventory " + inv->name;
    } else {
        auto text = readFile(args.workloadJson);
        if (!text) {
            return fail(ctx, text.error());
        }
        auto parsed = parseWorkloadJson(*text, args.workloadJson);
        if (!parsed) {
            return fail(ctx, parsed.error());
        }
        loaded = std::move(*parsed);
        inputName = args.workloadJson;
    }
    const auto* entries = &loaded;

    // Costs per model from the catalog, as `plan` prices them (an entry's own annual_cost wins).
    std::optional<plan::PlacementIndex> index;
    plan::PlacementConstraints constraints;
    std::vector<std::string> notes;
    std::string costsText = "not applied (--no-costs)";
    if (!args.noCosts) {
        constraints.providers = args.providers;
        constraints.regions = args.regions;
        constraints.currency = args.currency;
        constraints.allowBurstable = args.burstable;
        auto purchase = plan::parsePurchaseChoices(args.purchase);
        if (!purchase) {
            return fail(ctx,
                        makeError(purchase.error().code, purchase.error().message, "--purchase"));
        }
        constraints.purchase = std::move(*purchase);
        auto ws = openWorkspace(ctx);
        if (!ws) {
            return fail(ctx, ws.error());
        }
        auto cands = plan::loadCandidates(*ws, constraints);
        if (!cands) {
            return fail(ctx, cands.error());
        }
        index.emplace(std::move(*cands));
        std::string labels;
        for (const auto& p : constraints.purchase) {
            labels += (labels.empty() ? "" : ", ") + p.label();
        }
        costsText = "cheapest fitting catalog offer per model, a container priced alone ("
                    + std::to_string(index->candidateCount()) + " candidate shapes, "
                    + (labels.empty() ? std::string("on_demand") : labels) + ", "
                    + constraints.currency + "; --no-costs leaves cost out)";
    }
    if (args.kubernetes.empty()) {
        notes.push_back("Kubernetes practice not stated: counted as absent (S3 gives containers "
                        "0), as `plan` does; say --kubernetes yes to count one");
    }

    std::vector<Row> rows;
    for (const auto& e : *entries) {
        Row r;
        r.entry = &e;
        r.cls = classify(e.workload, policy);
        auto need = rightSize(e.workload, policy);
        if (need) {
            r.need = *need;
        } else {
            r.needError = need.error().message;
        }
        DecisionContext dc;
        dc.annualCost = e.annualCost;
        dc.costSource = e.annualCost.empty() ? "" : "annual_cost in " + inputName;
        if (index && e.annualCost.empty() && r.need) {
            plan::priceModels(*r.need, *index, constraints, dc);
        }
        dc.overhead = e.overhead;
        dc.overheadSource = e.overhead.empty() ? "" : "virtualisation_overhead in " + inputName;
        dc.kubernetesAvailable = args.kubernetes == "yes";
        dc.sandboxedRuntimeAllowed = args.sandboxed;
        auto d = decide(e.workload, *rules, dc);
        if (d) {
            r.decision = std::move(*d);
        } else {
            r.decisionError = d.error().message;
        }
        rows.push_back(std::move(r));
    }

    const std::string rulesText = (rules->name.empty() ? std::string("rule set") : rules->name)
                                  + " revision " + rules->revision + " (format v"
                                  + std::to_string(rules->version) + ", " + rules->origin + ")";

    if (ctx.format == OutputFormat::Json) {
        json policyJson = json::array();
        for (const auto& l : sizingPolicyTable(policy)) {
            policyJson.push_back({{"name", l.name}, {"value", l.value}, {"source", l.source}});
        }
        json list = json::array();
        for (const auto& r : rows) {
            list.push_back(rowJson(r));
        }
        printJson(ctx.out,
                  {{"rules",
                    {{"name", rules->name},
                     {"revision", rules->revision},
                     {"version", rules->version},
                     {"origin", rules->origin},
                     {"t1_ms", rules->latency.t1},
                     {"t2_ms", rules->latency.t2},
                     {"latency_source", rules->latency.source}}},
                   {"sizing_policy", policyJson},
                   {"percentile_definition", "nearest rank"},
                   {"costs", costsText},
                   {"notes", notes},
                   {"workloads", list}});
        return 0;
    }

    if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"name",
                     "class",
                     "class_reason",
                     "vcpus",
                     "memory_gib",
                     "storage_gib",
                     "sized_from_utilisation",
                     "basis",
                     "model",
                     "excluded",
                     "top_rules",
                     "nearest_flip",
                     "error"};
        for (const auto& r : rows) {
            std::string excluded;
            std::string top;
            if (r.decision) {
                for (const auto& s : r.decision->ranking) {
                    if (!s.allowed) {
                        excluded += (excluded.empty() ? "" : "; ")
                                    + std::string(deploymentModelName(s.model)) + " by "
                                    + s.excludedBy;
                    }
                }
                for (const auto* l : topTrace(*r.decision, args.traceLines)) {
                    top += (top.empty() ? "" : " | ") + traceText(*l);
                }
            }
            t.rows.push_back(
                {r.entry->workload.name,
                 workloadClassName(r.cls.cls),
                 r.cls.reason,
                 r.need ? num(r.need->vcpus) : "",
                 r.need ? num(r.need->memoryGib) : "",
                 r.need ? num(r.need->storageGib) : "",
                 r.need ? (r.need->sizedFromUtilisation ? "true" : "false") : "",
                 r.need ? r.need->basis : "",
                 r.decision ? deploymentModelName(r.decision->model) : "",
                 excluded,
                 top,
                 r.decision && r.decision->nearestFlip ? r.decision->nearestFlip->text : "",
                 !r.needError.empty() ? r.needError : r.decisionError});
        }
        printCsv(ctx.out, t);
        return 0;
    }

    Table t;
    t.headers = {"workload", "class", "vCPU", "mem GiB", "sized", "model", "nearest flip"};
    t.rightAlign = {false, false, true, true, false, false, false};
    for (const auto& r : rows) {
        t.rows.push_back(
            {r.entry->workload.name,
             workloadClassName(r.cls.cls),
             r.need ? num(r.need->vcpus) : "-",
             r.need ? num(r.need->memoryGib, 2) : "-",
             r.need ? (r.need->sizedFromUtilisation ? "utilisation" : "as allocated") : "-",
             r.decision ? deploymentModelName(r.decision->model) : "-",
             r.decision && r.decision->nearestFlip ? r.decision->nearestFlip->text : "-"});
    }
    printTable(ctx.out, t);
    for (const auto& r : rows) {
        ctx.out << '\n' << r.entry->workload.name << ":\n";
        ctx.out << "  class: " << workloadClassName(r.cls.cls) << " (" << r.cls.reason << ")\n";
        ctx.out << "  need: "
                << (r.need ? num(r.need->vcpus) + " vCPU, " + num(r.need->memoryGib, 2) + " GiB, "
                                 + num(r.need->storageGib, 1) + " GiB storage; " + r.need->basis
                           : "unknown: " + r.needError)
                << '\n';
        if (!r.decision) {
            ctx.out << "  model: none: " << r.decisionError << '\n';
            continue;
        }
        ctx.out << "  model: " << deploymentModelName(r.decision->model) << " (";
        bool first = true;
        for (const auto& s : r.decision->ranking) {
            ctx.out << (first ? "" : ", ") << deploymentModelName(s.model) << " "
                    << (s.allowed ? num(s.total) : "excluded by " + s.excludedBy);
            first = false;
        }
        ctx.out << ")\n";
        for (const auto* l : topTrace(*r.decision, args.traceLines)) {
            ctx.out << "    " << traceText(*l) << '\n';
        }
        for (const auto& n : r.decision->notes) {
            ctx.out << "  note: " << n << '\n';
        }
        ctx.out << "  flip: "
                << (r.decision->nearestFlip ? r.decision->nearestFlip->text
                                            : std::string("no single input change found"))
                << '\n';
    }
    ctx.out << "\nrules: " << rulesText << '\n';
    ctx.out << "latency bands: < " << num(rules->latency.t1) << " ms, " << num(rules->latency.t1)
            << "-" << num(rules->latency.t2) << " ms, > " << num(rules->latency.t2) << " ms ("
            << (args.t1 || args.t2 ? "set with --t1/--t2" : rules->latency.source) << ")\n";
    for (const auto& l : sizingPolicyTable(policy)) {
        ctx.out << "sizing " << l.name << " " << l.value << " (" << l.source << ")\n";
    }
    ctx.out << "percentiles are nearest rank (an observed value, no interpolation)\n";
    ctx.out << "costs: " << costsText << '\n';
    for (const auto& n : notes) {
        ctx.out << "note: " << n << '\n';
    }
    return 0;
}

class DecisionCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        m_cmd = app.add_subcommand(
            "decide",
            "per workload: class, right-sized need, and bare metal / VM / container with the "
            "rule trace and the nearest input change that would flip it");
        auto* inv =
            m_cmd->add_option("--inventory",
                              m_args.inventory,
                              "a stored inventory (`cloudcost inventory list`), by name or id");
        m_cmd
            ->add_option("--workload-json",
                         m_args.workloadJson,
                         "workloads as JSON (one object, a list, or {\"workloads\": [...]}, with "
                         "annual_cost and virtualisation_overhead per workload; docs/CLI.md)")
            ->excludes(inv);
        m_cmd->add_option("--rules",
                          m_args.rules,
                          "decision-tree rule set (default: the built-in "
                          "data/rules/decision-tree.json; docs/DECISION-TREE.md)");
        m_cmd->add_option("--percentile",
                          m_args.percentile,
                          "utilisation percentile to size on (default 95, MIGRATION.md §2.6)");
        m_cmd->add_option("--comfort",
                          m_args.comfort,
                          "comfort factor (default 1.3, MIGRATION.md §2.6)");
        m_cmd->add_flag("--peak-guard",
                        m_args.peakGuard,
                        "also size on P99.5 / 0.85 and take the larger (MIGRATION.md §2.6)");
        m_cmd->add_option("--t1", m_args.t1, "latency band threshold t1 in ms (rule set: 50)");
        m_cmd->add_option("--t2", m_args.t2, "latency band threshold t2 in ms (rule set: 200)");
        m_cmd
            ->add_option("--kubernetes",
                         m_args.kubernetes,
                         "a Kubernetes practice exists: yes or no (ops-maturity score)")
            ->check(CLI::IsMember({"yes", "no"}));
        m_cmd->add_flag("--no-costs",
                        m_args.noCosts,
                        "leave the cost score out instead of pricing each model from the catalog");
        m_cmd->add_option("--provider", m_args.providers, "providers priced (repeat; default any)");
        m_cmd->add_option("--region", m_args.regions, "regions priced (repeat; default any)");
        m_cmd->add_option("--purchase",
                          m_args.purchase,
                          "purchase options priced (repeat; default on_demand)");
        m_cmd->add_option("--currency", m_args.currency, "currency of the costs (default USD)");
        m_cmd->add_flag("--allow-burstable",
                        m_args.burstable,
                        "price burstable / shared-core types too");
        m_cmd->add_flag("--sandboxed-runtime",
                        m_args.sandboxed,
                        "a sandboxed container runtime is allowed (lifts H4)");
        m_cmd
            ->add_option("--trace-lines",
                         m_args.traceLines,
                         "trace lines per workload in table/csv output (default 4)")
            ->check(CLI::Range(0, 100));
    }

    std::optional<int> run(Context& ctx) override
    {
        if (!m_cmd || !*m_cmd) {
            return std::nullopt;
        }
        return runDecide(ctx, m_args);
    }

private:
    CLI::App* m_cmd = nullptr;
    DecideArgs m_args;
};

} // namespace

std::unique_ptr<CommandModule> makeDecisionCommands()
{
    return std::make_unique<DecisionCommands>();
}

} // namespace cloudcost::cli
