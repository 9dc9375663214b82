#include "decision/plan/PlanRun.h"

#include "benchmark-runner/BenchmarkStore.h"
#include "decision/inventory/InventoryStore.h"
#include "pricing/Workspace.h"
#include "pricing/models/Scenario.h"
#include "pricing/models/Tco.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <thread>

namespace cloudcost::decision::plan {

namespace {

using json = nlohmann::json;

std::string fmtNumber(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// Reads a JSON object's keys against a fixed list; every reader names the full key path.
class ObjectReader
{
public:
    ObjectReader(const json& object, std::string where, std::string prefix)
        : m_object(object)
        , m_where(std::move(where))
        , m_prefix(std::move(prefix))
    {}

    Status checkKeys(std::initializer_list<const char*> allowed) const
    {
        if (!m_object.is_object()) {
            return fail(m_prefix.empty() ? "request" : m_prefix.substr(0, m_prefix.size() - 1),
                        "expected a JSON object");
        }
        std::set<std::string> ok(allowed.begin(), allowed.end());
        for (const auto& [key, value] : m_object.items()) {
            if (!ok.count(key)) {
                std::string list;
                for (const char* a : allowed) {
                    list += (list.empty() ? "" : ", ") + std::string(a);
                }
                return fail(m_prefix + key, "unknown key (expected one of: " + list + ")");
            }
        }
        return {};
    }

    Status number(const char* key, double& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        const auto& v = m_object.at(key);
        if (!v.is_number() || !std::isfinite(v.get<double>())) {
            return fail(m_prefix + key, "expected a finite number");
        }
        out = v.get<double>();
        return {};
    }

    Status optionalNumber(const char* key, std::optional<double>& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        double v = 0;
        if (auto s = number(key, v); !s) {
            return s;
        }
        out = v;
        return {};
    }

    Status integer(const char* key, long long lo, long long hi, long long& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        const auto& v = m_object.at(key);
        if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi) {
            return fail(m_prefix + key,
                        "expected a whole number from " + std::to_string(lo) + " to "
                            + std::to_string(hi));
        }
        out = v.get<long long>();
        return {};
    }

    Status text(const char* key, std::string& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        const auto& v = m_object.at(key);
        if (!v.is_string()) {
            return fail(m_prefix + key, "expected a string");
        }
        out = v.get<std::string>();
        return {};
    }

    Status flag(const char* key, bool& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        const auto& v = m_object.at(key);
        if (!v.is_boolean()) {
            return fail(m_prefix + key, "expected true or false");
        }
        out = v.get<bool>();
        return {};
    }

    Status texts(const char* key, std::vector<std::string>& out) const
    {
        if (!m_object.contains(key)) {
            return {};
        }
        const auto& v = m_object.at(key);
        if (!v.is_array()) {
            return fail(m_prefix + key, "expected a list of strings");
        }
        out.clear();
        for (const auto& e : v) {
            if (!e.is_string()) {
                return fail(m_prefix + key, "expected a list of strings");
            }
            out.push_back(e.get<std::string>());
        }
        return {};
    }

    bool has(const char* key) const { return m_object.contains(key); }
    const json& at(const char* key) const { return m_object.at(key); }

    Error fail(const std::string& path, const std::string& message) const
    {
        return makeError(Error::Code::InvalidInput, path + ": " + message, m_where);
    }

private:
    const json& m_object;
    std::string m_where;
    std::string m_prefix;
};

#define CC_TRY(expr)                                                                               \
    do {                                                                                           \
        if (auto s_ = (expr); !s_) {                                                               \
            return s_.error();                                                                     \
        }                                                                                          \
    } while (0)

bool tagTrue(const Workload& w, const char* key, std::optional<bool>& out)
{
    for (const auto& [k, v] : w.tags) {
        if (k == key) {
            if (v == "true" || v == "yes" || v == "1") {
                out = true;
            } else if (v == "false" || v == "no" || v == "0") {
                out = false;
            }
            return true;
        }
    }
    return false;
}

// "vm: L1 latency 120 ms in 50-200 ms band; cheapest vm 1,234/yr" — the decision in one line.
std::string summarise(const Decision& d)
{
    std::string s = deploymentModelName(d.model);
    std::string why;
    for (const auto& t : d.trace) {
        if (t.stage == "hard" && t.outcome.rfind("fired", 0) == 0) {
            why += (why.empty() ? "" : "; ") + t.ruleId + " " + t.outcome;
        }
    }
    for (const auto& r : d.ranking) {
        if (r.model == d.model) {
            why += (why.empty() ? "" : "; ") + std::string("score ") + fmtNumber(r.total, 2);
        }
    }
    if (d.nearestFlip) {
        why += "; flips if " + d.nearestFlip->text;
    }
    return why.empty() ? s : s + " (" + why + ")";
}

} // namespace

Result<PlanRequest> parsePlanRequest(std::string_view text, const std::string& where)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        return makeError(Error::Code::ParseFailed,
                         "not valid JSON at byte " + std::to_string(e.byte)
                             + ": expected one "
                               "request object",
                         where);
    }
    PlanRequest r;
    ObjectReader top(j, where, "");
    CC_TRY(top.checkKeys({"id",
                          "inventory",
                          "sizing",
                          "rules",
                          "t1",
                          "t2",
                          "kubernetes",
                          "sandboxed_runtime",
                          "placement",
                          "packing",
                          "waves",
                          "economics"}));
    CC_TRY(top.text("id", r.id));
    CC_TRY(top.text("inventory", r.inventory));
    if (r.inventory.empty()) {
        return top.fail("inventory", "required: the name or id of a stored inventory");
    }
    CC_TRY(top.text("rules", r.rulesFile));
    CC_TRY(top.optionalNumber("t1", r.t1));
    CC_TRY(top.optionalNumber("t2", r.t2));
    if (top.has("kubernetes")) {
        bool k = false;
        CC_TRY(top.flag("kubernetes", k));
        r.kubernetes = k;
    }
    CC_TRY(top.flag("sandboxed_runtime", r.sandboxedRuntime));

    if (top.has("sizing")) {
        ObjectReader s(top.at("sizing"), where, "sizing.");
        CC_TRY(s.checkKeys(
            {"percentile", "comfort", "peak_guard", "min_coverage", "min_window_days"}));
        CC_TRY(s.number("percentile", r.sizing.percentile));
        CC_TRY(s.number("comfort", r.sizing.comfort));
        CC_TRY(s.flag("peak_guard", r.sizing.peakGuard));
        CC_TRY(s.number("min_coverage", r.sizing.minCoverage));
        CC_TRY(s.number("min_window_days", r.sizing.minWindowDays));
    }
    auto& pc = r.options.placement;
    pc.currency = "USD";
    if (top.has("placement")) {
        ObjectReader p(top.at("placement"), where, "placement.");
        CC_TRY(p.checkKeys({"providers",
                            "regions",
                            "purchase",
                            "currency",
                            "tenancy",
                            "allow_burstable",
                            "perf_metric",
                            "perf_reference"}));
        CC_TRY(p.text("perf_metric", r.perfMetric));
        CC_TRY(p.text("perf_reference", r.perfReference));
        if (r.perfMetric.empty() != r.perfReference.empty()) {
            return p.fail(r.perfMetric.empty() ? "placement.perf_metric"
                                               : "placement.perf_reference",
                          "perf_metric and perf_reference go together");
        }
        CC_TRY(p.flag("allow_burstable", pc.allowBurstable));
        CC_TRY(p.texts("providers", pc.providers));
        CC_TRY(p.texts("regions", pc.regions));
        std::vector<std::string> purchase;
        CC_TRY(p.texts("purchase", purchase));
        auto choices = parsePurchaseChoices(purchase);
        if (!choices) {
            return p.fail("placement.purchase", choices.error().message);
        }
        pc.purchase = std::move(*choices);
        CC_TRY(p.text("currency", pc.currency));
        CC_TRY(p.text("tenancy", pc.tenancy));
    }
    if (top.has("packing")) {
        ObjectReader p(top.at("packing"), where, "packing.");
        CC_TRY(p.checkKeys({"target_utilisation",
                            "reserved_vcpus_per_node",
                            "reserved_memory_gib_per_node",
                            "min_failover_nodes",
                            "failover_fraction"}));
        auto& k = r.options.packing;
        CC_TRY(p.number("target_utilisation", k.targetUtilisation));
        CC_TRY(p.number("reserved_vcpus_per_node", k.reservedVcpusPerNode));
        CC_TRY(p.number("reserved_memory_gib_per_node", k.reservedMemoryGibPerNode));
        long long minFailover = static_cast<long long>(k.minFailoverNodes);
        CC_TRY(p.integer("min_failover_nodes", 0, 1000, minFailover));
        k.minFailoverNodes = static_cast<std::size_t>(minFailover);
        CC_TRY(p.number("failover_fraction", k.failoverFraction));
        if (!(k.targetUtilisation > 0 && k.targetUtilisation <= 1)) {
            return p.fail("packing.target_utilisation", "expected a fraction in (0, 1]");
        }
    }
    if (top.has("waves")) {
        ObjectReader p(top.at("waves"), where, "waves.");
        CC_TRY(p.checkKeys({"max_servers",
                            "window_days",
                            "bandwidth_mbps",
                            "engineer_minutes_per_vm",
                            "engineers",
                            "hours_per_day"}));
        auto& w = r.options.waves;
        long long maxServers = 0;
        CC_TRY(p.integer("max_servers", 0, 1000000, maxServers));
        w.maxServers = static_cast<std::size_t>(maxServers);
        CC_TRY(p.number("window_days", w.windowDays));
        CC_TRY(p.number("bandwidth_mbps", w.bandwidthMbps));
        CC_TRY(p.number("engineer_minutes_per_vm", w.engineerMinutesPerVm));
        CC_TRY(p.number("engineers", w.engineers));
        CC_TRY(p.number("hours_per_day", w.hoursPerDay));
    }
    if (top.has("economics")) {
        ObjectReader p(top.at("economics"), where, "economics.");
        CC_TRY(p.checkKeys({"onprem_per_vcpu",
                            "onprem_per_server",
                            "onprem_source",
                            "onprem_scenario",
                            "onprem_option",
                            "staff_rate",
                            "staff_rate_source",
                            "remediation_per_vm",
                            "remediation_source",
                            "licences_one_off",
                            "licences_source",
                            "dual_running_months",
                            "months_per_wave",
                            "start_month",
                            "horizon_years",
                            "discount_rate"}));
        auto& e = r.options.economics;
        CC_TRY(p.number("onprem_per_vcpu", e.onPrem.annualPerVcpu));
        CC_TRY(p.number("onprem_per_server", e.onPrem.annualPerServer));
        CC_TRY(p.text("onprem_source", e.onPrem.source));
        CC_TRY(p.text("onprem_scenario", r.onPremScenario));
        CC_TRY(p.text("onprem_option", r.onPremOption));
        CC_TRY(p.number("staff_rate", e.staffRatePerHour));
        CC_TRY(p.text("staff_rate_source", e.staffRateSource));
        CC_TRY(p.number("remediation_per_vm", e.remediationPerVm));
        CC_TRY(p.text("remediation_source", e.remediationSource));
        CC_TRY(p.number("licences_one_off", e.licencesOneOff));
        CC_TRY(p.text("licences_source", e.licencesSource));
        if (p.has("dual_running_months")) {
            CC_TRY(p.number("dual_running_months", e.dualRunningMonths));
            e.dualRunningSource = "set in the request";
        }
        CC_TRY(p.number("months_per_wave", e.monthsPerWave));
        long long start = e.startMonth;
        CC_TRY(p.integer("start_month", 1, 600, start));
        e.startMonth = static_cast<int>(start);
        long long horizon = e.horizonYears;
        CC_TRY(p.integer("horizon_years", 1, 50, horizon));
        e.horizonYears = static_cast<int>(horizon);
        CC_TRY(p.number("discount_rate", e.discountRate));
    }
    return r;
}

Result<OnPremAssumption> onPremFromScenario(pricing::Workspace& ws,
                                            const std::string& scenarioFile,
                                            const std::string& optionName,
                                            const std::string& currency)
{
    auto scenario = pricing::loadScenarioFile(scenarioFile);
    if (!scenario) {
        return scenario.error();
    }
    std::vector<std::size_t> own;
    std::string names;
    for (std::size_t i = 0; i < scenario->options.size(); ++i) {
        if (scenario->options[i].kind == pricing::OptionKind::OwnHardware) {
            own.push_back(i);
            names += (names.empty() ? "" : ", ") + scenario->options[i].name;
        }
    }
    std::optional<std::size_t> pick;
    if (optionName.empty()) {
        if (own.empty()) {
            return makeError(Error::Code::InvalidInput,
                             "the scenario has no own-hardware option to cost today's servers",
                             scenarioFile);
        }
        if (own.size() > 1) {
            return makeError(Error::Code::InvalidInput,
                             "the scenario has several own-hardware options (" + names
                                 + "): name one",
                             scenarioFile);
        }
        pick = own.front();
    } else {
        for (auto i : own) {
            if (scenario->options[i].name == optionName) {
                pick = i;
            }
        }
        if (!pick) {
            return makeError(Error::Code::InvalidInput,
                             "no own-hardware option named '" + optionName + "' (there are: "
                                 + (names.empty() ? std::string("none") : names) + ")",
                             scenarioFile);
        }
    }
    if (!currency.empty() && scenario->currency != currency) {
        return makeError(Error::Code::InvalidInput,
                         "the scenario reports in " + scenario->currency + " but the plan in "
                             + currency + ": use the same currency in both",
                         scenarioFile);
    }
    double workloadVcpus = 0;
    for (const auto& w : scenario->workloads) {
        workloadVcpus += w.count * w.vcpus;
    }
    if (!(workloadVcpus > 0)) {
        return makeError(Error::Code::InvalidInput,
                         "the scenario's workloads have no vCPUs to spread the on-prem cost over",
                         scenarioFile);
    }
    const std::string name = scenario->options[*pick].name;
    const int horizon = scenario->horizonYears;
    auto resolved = pricing::resolveScenario(std::move(*scenario), &ws);
    if (!resolved) {
        return resolved.error();
    }
    auto tco = pricing::computeTco(*resolved);
    if (!tco) {
        return tco.error();
    }
    const auto& o = tco->options[*pick];
    OnPremAssumption a;
    a.annualPerVcpu = o.equivalentAnnualCost / workloadVcpus;
    a.source = "TCO of own-hardware option '" + name + "' in " + scenarioFile
               + ": equivalent annual cost " + fmtNumber(o.equivalentAnnualCost, 2) + " over "
               + std::to_string(horizon) + " years / " + fmtNumber(workloadVcpus, 0)
               + " workload vCPUs (MODELS.md §1.2 cost heads)";
    return a;
}

std::size_t priceModels(SizedNeed need,
                        const PlacementIndex& index,
                        const PlacementConstraints& constraints,
                        DecisionContext& dc)
{
    if (need.arch.empty()) {
        need.arch = "x86_64";
    }
    std::size_t priced = 0;
    for (auto m : {DeploymentModel::BareMetal,
                   DeploymentModel::VirtualMachine,
                   DeploymentModel::Container}) {
        const auto placed = index.place(need, m, constraints);
        if (const auto* best = placed.best()) {
            dc.annualCost[m] = best->annualCost;
            ++priced;
        }
    }
    if (priced > 0 && dc.costSource.empty()) {
        dc.costSource = "cheapest fitting catalog offer per model (a container priced alone; "
                        "packing in the plan lowers it)";
    }
    return priced;
}

std::vector<PlanWorkloadInput> planInputs(const std::vector<Workload>& workloads,
                                          const SizingPolicy& sizing,
                                          const RuleSet& rules,
                                          const DecisionContext& base,
                                          const PlacementIndex& index,
                                          const PlacementConstraints& constraints,
                                          std::size_t* decisionErrors,
                                          std::size_t* archAssumed,
                                          unsigned threads)
{
    struct Counts
    {
        std::size_t errors = 0;
        std::size_t assumed = 0;
    };
    std::vector<PlanWorkloadInput> out(workloads.size());
    // Each workload is independent (the index and rules are read-only), so ranges run on
    // separate threads; the decision tree's flip search dominates (about 1.5 ms a workload).
    auto work = [&](std::size_t begin, std::size_t end, Counts& counts) {
        for (std::size_t i = begin; i < end; ++i) {
            const auto& w = workloads[i];
            PlanWorkloadInput in;
            in.workload = i;
            const auto cls = classify(w, sizing);
            in.workloadClass = cls.cls;
            std::optional<bool> stateful;
            if (tagTrue(w, "stateful", stateful)) {
                in.stateful = stateful;
            }
            auto need = rightSize(w, sizing);
            if (need && need->arch.empty()) {
                // The inventories we read come from x86 hypervisors (vSphere, Hyper-V, KVM on x86);
                // an unknown architecture placed as "any" would rehost x86 binaries onto Arm.
                need->arch = "x86_64";
                ++counts.assumed;
            }
            if (need) {
                in.need = *need;
            }
            if (cls.cls == WorkloadClass::Template || cls.cls == WorkloadClass::PoweredOff
                || cls.cls == WorkloadClass::Zombie) {
                in.migrate = false;
                in.decisionReason = cls.reason;
                out[i] = std::move(in);
                continue;
            }
            if (!need) {
                in.migrate = false;
                in.decisionReason = "not sized: " + need.error().message;
                ++counts.errors;
                out[i] = std::move(in);
                continue;
            }
            DecisionContext dc = base;
            priceModels(*need, index, constraints, dc);
            auto d = decide(w, rules, dc);
            if (!d) {
                in.migrate = false;
                in.decisionReason = "no deployment model: " + d.error().message;
                ++counts.errors;
            } else {
                in.model = d->model;
                in.decisionReason = summarise(*d);
            }
            out[i] = std::move(in);
        }
    };
    if (threads == 0) {
        threads = std::max(1u, std::thread::hardware_concurrency());
    }
    const std::size_t n = workloads.size();
    threads =
        static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, n / 64)));
    std::vector<Counts> counts(threads);
    std::vector<std::thread> pool;
    const std::size_t chunk = (n + threads - 1) / threads;
    for (unsigned t = 1; t < threads; ++t) {
        const std::size_t b = std::min(n, t * chunk);
        const std::size_t e = std::min(n, b + chunk);
        pool.emplace_back(work, b, e, std::ref(counts[t]));
    }
    work(0, std::min(n, chunk), counts[0]);
    for (auto& th : pool) {
        th.join();
    }
    Counts total;
    for (const auto& c : counts) {
        total.errors += c.errors;
        total.assumed += c.assumed;
    }
    if (decisionErrors) {
        *decisionErrors = total.errors;
    }
    if (archAssumed) {
        *archAssumed = total.assumed;
    }
    return out;
}

Status resolveVcpuNormalisation(pricing::Workspace& ws, PlanRequest& r)
{
    if (r.perfMetric.empty() && r.perfReference.empty()) {
        return {};
    }
    if (r.normalisation) {
        return {};
    }
    if (r.perfMetric.empty() || r.perfReference.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "vCPU normalisation needs both a metric and a reference",
                         "vCPU normalisation");
    }
    auto store = benchmark::BenchmarkStore::open(ws.database());
    if (!store) {
        return store.error();
    }
    auto runs = store->runsWithSamples();
    if (!runs) {
        return runs.error();
    }
    auto n = normaliseVcpus(*runs, r.perfMetric, r.perfReference);
    if (!n) {
        return n.error();
    }
    r.options.placement.performanceFactor = n->byInstanceType();
    r.normalisation = std::move(*n);
    return {};
}

namespace {

Result<PlanRun> runPlanWith(pricing::Workspace& ws,
                            PlanRequest r,
                            const PlacementIndex* shared,
                            PlacementIndex* owned)
{
    if (auto s = validateSizingPolicy(r.sizing); !s) {
        return s.error();
    }
    auto rules = r.rulesFile.empty() ? builtinRuleSet() : loadRuleSet(r.rulesFile);
    if (!rules) {
        return rules.error();
    }
    if (r.t1 || r.t2) {
        if (auto s = setLatencyThresholds(*rules,
                                          r.t1.value_or(rules->latency.t1),
                                          r.t2.value_or(rules->latency.t2));
            !s) {
            return s.error();
        }
    }
    auto& onPrem = r.options.economics.onPrem;
    for (double v : {onPrem.annualPerServer, onPrem.annualPerVcpu}) {
        if (!std::isfinite(v) || v < 0) {
            return makeError(Error::Code::InvalidInput,
                             "the on-prem cost per vCPU-year or server-year must be a positive "
                             "number",
                             "plan economics");
        }
    }
    if (!(onPrem.annualPerServer > 0) && !(onPrem.annualPerVcpu > 0)) {
        if (r.onPremScenario.empty()) {
            return makeError(Error::Code::InvalidInput,
                             "no on-prem cost: give an own-hardware TCO scenario "
                             "(--onprem-scenario) or a rate per vCPU-year or server-year with "
                             "its source",
                             "plan economics");
        }
        auto a =
            onPremFromScenario(ws, r.onPremScenario, r.onPremOption, r.options.placement.currency);
        if (!a) {
            return a.error();
        }
        onPrem = *a;
    } else if (!r.onPremScenario.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "give the on-prem cost once: a scenario or a rate, not both",
                         "plan economics");
    }
    if (auto s = validate(r.options.economics); !s) {
        return s.error();
    }

    if (auto s = resolveVcpuNormalisation(ws, r); !s) {
        return s.error();
    }

    auto store = InventoryStore::open(ws.database());
    if (!store) {
        return store.error();
    }
    auto inv = store->load(r.inventory);
    if (!inv) {
        return inv.error();
    }

    const PlacementIndex* index = shared;
    if (!index) {
        auto cands = loadCandidates(ws, r.options.placement);
        if (!cands) {
            return cands.error();
        }
        *owned = PlacementIndex(std::move(*cands), r.options.placement.performanceFactor);
        index = owned;
    }

    DecisionContext base;
    PlanRun run;
    base.kubernetesAvailable = r.kubernetes.value_or(false);
    if (!r.kubernetes) {
        run.info.notes.push_back(
            "Kubernetes practice not stated: counted as absent, so the ops-maturity score (S3) "
            "gives containers 0 and workloads are rehosted as VMs unless other rules say "
            "otherwise (Azure Migrate routes \"everything else to VM rehost\", MIGRATION.md "
            "§2.1); say --kubernetes yes to count one");
    }
    base.sandboxedRuntimeAllowed = r.sandboxedRuntime;
    run.info.normalisation = r.normalisation;
    run.info.inventory = inv->name;
    run.info.inventoryFormat = inv->format;
    run.info.rules = (rules->name.empty() ? std::string("rule set") : rules->name) + " revision "
                     + rules->revision + " (" + rules->origin + ")";
    run.info.sizing = sizingPolicyTable(r.sizing);
    run.info.candidates = index->candidateCount();
    run.info.skyline = index->skylineSize();
    const auto inputs = planInputs(inv->workloads,
                                   r.sizing,
                                   *rules,
                                   base,
                                   *index,
                                   r.options.placement,
                                   &run.info.decisionErrors,
                                   &run.info.archAssumed,
                                   r.threads);
    if (run.info.archAssumed > 0) {
        run.info.notes.push_back(std::to_string(run.info.archAssumed)
                                 + " workloads of unknown CPU architecture placed on x86_64 "
                                   "offers (the hypervisors these inventories come from are x86)");
    }
    auto plan = buildPlan(inv->workloads, inputs, *index, r.options);
    if (!plan) {
        return plan.error();
    }
    run.plan = std::move(*plan);
    return run;
}

} // namespace

Result<PlanRun> runPlan(pricing::Workspace& ws, PlanRequest request)
{
    PlacementIndex owned;
    return runPlanWith(ws, std::move(request), nullptr, &owned);
}

Result<PlanRun> runPlan(pricing::Workspace& ws, PlanRequest request, const PlacementIndex& index)
{
    return runPlanWith(ws, std::move(request), &index, nullptr);
}

} // namespace cloudcost::decision::plan
