// `cloudcost plan` (one migration plan from a stored inventory) and `cloudcost batch` (many plan
// requests from an NDJSON file, in parallel, NDJSON out, --shard i/N). Both fill a
// decision::plan::PlanRequest and call runPlan, so they print the same numbers.
#include "app/cli/CommandModule.h"
#include "decision/plan/PlanRun.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <thread>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using namespace cloudcost::decision;
using namespace cloudcost::decision::plan;

std::string money(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    // Thousands separators for the table (CSV and JSON carry plain numbers).
    std::string s(buf);
    const bool neg = !s.empty() && s[0] == '-';
    std::string digits = neg ? s.substr(1) : s;
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return neg ? "-" + out : out;
}

struct PlanArgs
{
    std::string inventory;
    std::vector<std::string> providers;
    std::vector<std::string> regions;
    std::vector<std::string> purchase;
    std::string currency = "USD";
    std::string tenancy = "shared";
    bool burstable = false;
    double percentile = SizingPolicy{}.percentile;
    double comfort = SizingPolicy{}.comfort;
    bool peakGuard = false;
    std::string rules;
    std::optional<double> t1, t2;
    std::string kubernetes;
    bool sandboxed = false;
    std::string onPremScenario;
    std::string onPremOption;
    std::string perfMetric;
    std::string perfReference;
    std::optional<double> onPremPerVcpu;
    std::optional<double> onPremPerServer;
    std::string onPremSource;
    std::optional<double> staffRate;
    std::string staffRateSource;
    std::optional<double> remediation;
    std::string remediationSource;
    std::optional<double> licences;
    std::string licencesSource;
    std::optional<double> dualRunning;
    std::optional<double> monthsPerWave;
    std::optional<int> horizon;
    std::optional<double> discountRate;
    std::size_t waveServers = 0;
    double waveDays = 0;
    std::size_t workloadRows = 50;
};

Result<PlanRequest> requestFrom(const PlanArgs& a)
{
    PlanRequest r;
    r.inventory = a.inventory;
    r.sizing.percentile = a.percentile;
    r.sizing.comfort = a.comfort;
    r.sizing.peakGuard = a.peakGuard;
    r.rulesFile = a.rules;
    r.t1 = a.t1;
    r.t2 = a.t2;
    if (!a.kubernetes.empty()) {
        r.kubernetes = a.kubernetes == "yes";
    }
    r.sandboxedRuntime = a.sandboxed;
    auto& pc = r.options.placement;
    pc.providers = a.providers;
    pc.regions = a.regions;
    pc.currency = a.currency;
    pc.tenancy = a.tenancy;
    pc.allowBurstable = a.burstable;
    auto purchase = parsePurchaseChoices(a.purchase);
    if (!purchase) {
        return makeError(purchase.error().code, purchase.error().message, "--purchase");
    }
    pc.purchase = std::move(*purchase);
    auto& e = r.options.economics;
    r.onPremScenario = a.onPremScenario;
    r.onPremOption = a.onPremOption;
    r.perfMetric = a.perfMetric;
    r.perfReference = a.perfReference;
    e.onPrem.annualPerVcpu = a.onPremPerVcpu.value_or(0);
    e.onPrem.annualPerServer = a.onPremPerServer.value_or(0);
    e.onPrem.source = a.onPremSource;
    if ((a.onPremPerVcpu || a.onPremPerServer) && a.onPremSource.empty()) {
        return makeError(Error::Code::InvalidInput,
                         "an on-prem rate needs --onprem-source: where does the figure come from?",
                         "--onprem-per-vcpu/--onprem-per-server");
    }
    e.staffRatePerHour = a.staffRate.value_or(0);
    e.staffRateSource = a.staffRateSource;
    e.remediationPerVm = a.remediation.value_or(0);
    e.remediationSource = a.remediationSource;
    e.licencesOneOff = a.licences.value_or(0);
    e.licencesSource = a.licencesSource;
    if (a.dualRunning) {
        e.dualRunningMonths = *a.dualRunning;
        e.dualRunningSource = "set with --dual-running-months";
    }
    if (a.monthsPerWave) {
        e.monthsPerWave = *a.monthsPerWave;
    }
    if (a.horizon) {
        e.horizonYears = *a.horizon;
    }
    if (a.discountRate) {
        e.discountRate = *a.discountRate;
    }
    r.options.waves.maxServers = a.waveServers;
    r.options.waves.windowDays = a.waveDays;
    return r;
}

// The plan JSON with what the run used.
json runJson(const PlanRun& run)
{
    json j = json::parse(planToJson(run.plan, -1));
    json sizing = json::array();
    for (const auto& l : run.info.sizing) {
        sizing.push_back({{"name", l.name}, {"value", l.value}, {"source", l.source}});
    }
    j["inputs"] = {{"inventory", run.info.inventory},
                   {"inventory_format", run.info.inventoryFormat},
                   {"rules", run.info.rules},
                   {"sizing_policy", sizing},
                   {"catalog_candidates", run.info.candidates},
                   {"catalog_skyline", run.info.skyline},
                   {"workloads_not_decided", run.info.decisionErrors},
                   {"notes", run.info.notes}};
    if (const auto& n = run.info.normalisation) {
        json factors = json::array();
        for (const auto& f : n->factors) {
            factors.push_back({{"provider", f.provider},
                               {"instance_type", f.instanceType},
                               {"value", f.value},
                               {"factor", f.factor},
                               {"samples", f.samples},
                               {"runs", f.runIds}});
        }
        j["inputs"]["vcpu_normalisation"] = {{"metric", n->metric},
                                             {"unit", n->unit},
                                             {"higher_is_better", n->higherIsBetter},
                                             {"reference", n->referenceLabel},
                                             {"reference_value", n->referenceValue},
                                             {"reference_parameters", n->referenceParameters},
                                             {"reference_runs", n->referenceRuns},
                                             {"factors", factors},
                                             {"notes", n->notes}};
    }
    return j;
}

const PlacementOption* bestOption(const PlannedWorkload& w)
{
    return w.placement.best();
}

Table workloadTable(const Plan& plan, std::size_t limit, bool csv)
{
    Table t;
    t.headers = {"workload",
                 "class",
                 "model",
                 "vCPU",
                 "mem GiB",
                 "placed on",
                 "purchase",
                 "before/yr",
                 "after/yr",
                 "wave",
                 "risks"};
    if (csv) {
        t.headers = {"workload",
                     "class",
                     "model",
                     "need_vcpus",
                     "need_memory_gib",
                     "sized_from_utilisation",
                     "provider",
                     "region",
                     "instance_type",
                     "purchase",
                     "after_basis",
                     "before_annual",
                     "after_annual",
                     "fate",
                     "group",
                     "wave",
                     "risks",
                     "decision"};
    }
    t.rightAlign = {false, false, false, true, true, false, false, true, true, true, false};
    std::size_t n = 0;
    for (const auto& w : plan.workloads) {
        if (!csv && n++ >= limit) {
            break;
        }
        // The offer only when the workload moves onto it (a staying workload keeps its
        // placement options in JSON, but the table and CSV show where it actually runs).
        const auto* best = w.fate == WorkloadCost::Fate::Migrates ? bestOption(w) : nullptr;
        std::string risks;
        for (const auto& r : w.risks) {
            risks += (risks.empty() ? "" : "; ") + r;
        }
        if (csv) {
            t.rows.push_back({w.name,
                              workloadClassName(w.workloadClass),
                              deploymentModelName(w.model),
                              formatFixed(w.need.vcpus, 2),
                              formatFixed(w.need.memoryGib, 2),
                              w.need.sizedFromUtilisation ? "true" : "false",
                              best ? best->offer.provider : "",
                              best ? best->offer.region : "",
                              best ? best->offer.instanceType : "",
                              best ? best->purchase : "",
                              w.afterBasis,
                              formatFixed(w.beforeAnnual, 2),
                              formatFixed(w.afterAnnual, 2),
                              w.fate == WorkloadCost::Fate::Migrates
                                  ? "migrates"
                                  : (w.fate == WorkloadCost::Fate::Retired ? "retired" : "stays"),
                              w.group ? std::to_string(*w.group + 1) : "",
                              w.wave ? std::to_string(*w.wave + 1) : "",
                              risks,
                              w.decisionReason});
            continue;
        }
        std::string placedOn = w.afterBasis;
        if (best && w.model != DeploymentModel::Container) {
            placedOn =
                best->offer.provider + " " + best->offer.region + " " + best->offer.instanceType;
        }
        t.rows.push_back({w.name,
                          workloadClassName(w.workloadClass),
                          // Where it runs after the plan: a staying workload has no model yet
                          // (its decision stays in the CSV/JSON "decision").
                          w.migrate && w.fate == WorkloadCost::Fate::Migrates
                              ? deploymentModelName(w.model)
                              : "-",
                          formatFixed(w.need.vcpus, 0),
                          formatFixed(w.need.memoryGib, 1),
                          placedOn,
                          best && w.model != DeploymentModel::Container ? best->purchase : "",
                          money(w.beforeAnnual),
                          money(w.afterAnnual),
                          w.wave ? std::to_string(*w.wave + 1) : "-",
                          std::to_string(w.risks.size())});
    }
    return t;
}

void printPlanTable(Context& ctx, const PlanRun& run, std::size_t limit)
{
    const auto& p = run.plan;
    const auto& e = p.economics;
    auto& out = ctx.out;
    out << "plan for inventory " << run.info.inventory << " (" << run.info.inventoryFormat << "), "
        << p.workloads.size() << " workloads, currency " << p.currency << "\n\n";

    Table models;
    models.headers = {"model", "workloads", "share", "before/yr", "after/yr"};
    models.rightAlign = {false, true, true, true, true};
    for (const auto& s : p.byModel) {
        models.rows.push_back({deploymentModelName(s.model),
                               std::to_string(s.count),
                               formatFixed(100.0 * s.share, 1) + " %",
                               money(s.beforeAnnual),
                               money(s.afterAnnual)});
    }
    printTable(out, models);
    out << "retired " << p.retired << ", excluded " << p.excluded << ", unplaced (stay) "
        << p.unplaced << ", not decided " << run.info.decisionErrors << "\n\n";

    Table waves;
    waves.headers = {"wave",
                     "month",
                     "servers",
                     "data GiB",
                     "before/yr",
                     "after/yr",
                     "one-off",
                     "dual running"};
    waves.rightAlign = {true, true, true, true, true, true, true, true};
    for (std::size_t i = 0; i < p.waves.waves.size(); ++i) {
        const auto& w = p.waves.waves[i];
        const WaveEconomics* we = i < e.waves.size() ? &e.waves[i] : nullptr;
        waves.rows.push_back({std::to_string(w.number),
                              we ? std::to_string(we->cutoverMonth) : "",
                              std::to_string(w.servers),
                              formatFixed(w.transferGib, 0),
                              we ? money(we->beforeAnnual) : "",
                              we ? money(we->afterAnnual) : "",
                              we ? money(we->oneOff()) : "",
                              we ? money(we->dualRunningCost) : ""});
    }
    printTable(out, waves);
    out << p.waves.groups.size() << " move groups in " << p.waves.waves.size() << " waves\n\n";

    Table flows;
    flows.headers = {"year", "status quo", "with plan", "net benefit"};
    flows.rightAlign = {true, true, true, true};
    for (std::size_t y = 0; y < e.yearlyNet.size(); ++y) {
        flows.rows.push_back({std::to_string(y + 1),
                              y < e.yearlyBefore.size() ? money(e.yearlyBefore[y]) : "",
                              y < e.yearlyAfter.size() ? money(e.yearlyAfter[y]) : "",
                              money(e.yearlyNet[y])});
    }
    printTable(out, flows);
    out << "before " << money(e.beforeAnnual) << "/yr, after " << money(e.afterAnnual)
        << "/yr (saving " << money(e.annualSaving) << "/yr); one-off " << money(e.oneOffTotal)
        << ", dual running " << money(e.dualRunningTotal) << "\n";
    out << "NPV at " << formatFixed(100.0 * e.discountRate, 1) << " %: " << money(e.npv) << " "
        << p.currency << "; payback "
        << (e.paybackMonth ? "month " + std::to_string(*e.paybackMonth)
                           : std::string("not within the horizon"))
        << "\n\n";

    printTable(out, workloadTable(p, limit, false));
    if (p.workloads.size() > limit) {
        out << "(" << p.workloads.size() - limit
            << " more workloads: --workload-rows N, or --format csv|json for all)\n";
    }
    out << "\nassumptions:\n";
    for (const auto& a : e.assumptions) {
        out << "  " << a.name << " = " << formatFixed(a.value, 4)
            << (a.unit.empty() ? "" : " " + a.unit) << " (" << a.source << ")\n";
    }
    for (const auto& l : run.info.sizing) {
        out << "  sizing " << l.name << " = " << l.value << " (" << l.source << ")\n";
    }
    out << "  rules: " << run.info.rules << "\n";
    out << "  catalog: " << run.info.candidates << " candidate shapes, " << run.info.skyline
        << " on the price skyline\n";
    if (const auto& n = run.info.normalisation) {
        out << "  vCPUs normalised by " << n->metric << " (" << n->unit << ", "
            << (n->higherIsBetter ? "higher" : "lower") << " is better) against "
            << n->referenceLabel << " = " << formatSignificant(n->referenceValue, 9) << " ("
            << n->referenceParameters << "):\n";
        for (const auto& f : n->factors) {
            out << "    " << f.provider << ' ' << f.instanceType
                << ": one vCPU = " << formatFixed(f.factor, 3) << " reference vCPUs (" << f.samples
                << " sample(s), runs " << joinIds(f.runIds, ", ") << ")\n";
        }
        for (const auto& note : n->notes) {
            out << "    " << note << '\n';
        }
    }
    for (const auto& n : run.info.notes) {
        out << "note: " << n << '\n';
    }
    for (const auto& w : p.warnings) {
        out << "warning: " << w << '\n';
    }
    for (const auto& w : e.warnings) {
        out << "warning: " << w << '\n';
    }
}

int runPlanCommand(Context& ctx, const PlanArgs& args)
{
    auto req = requestFrom(args);
    if (!req) {
        return fail(ctx, req.error());
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto run = runPlan(*ws, std::move(*req));
    if (!run) {
        return fail(ctx, run.error());
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, runJson(*run));
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, workloadTable(run->plan, run->plan.workloads.size(), true));
    } else {
        printPlanTable(ctx, *run, args.workloadRows);
    }
    return 0;
}

// ---- batch ----------------------------------------------------------------------------------

struct BatchArgs
{
    std::string file;
    std::string shard; // "i/N"
    unsigned jobs = 0;
    bool summary = false;
};

// Requests sharing placement constraints share one index.
std::string placementKey(const PlacementConstraints& c)
{
    std::string k;
    for (const auto& p : c.providers) {
        k += p + ',';
    }
    k += '|';
    for (const auto& r : c.regions) {
        k += r + ',';
    }
    k += '|';
    for (const auto& p : c.purchase) {
        k += p.label() + ',';
    }
    k += '|' + c.tenancy + '|' + c.currency + (c.allowBurstable ? "|burst" : "");
    for (const auto& [type, factor] : c.performanceFactor) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", factor);
        k += '|' + type + '=' + buf;
    }
    return k;
}

int runBatch(Context& ctx, const BatchArgs& args)
{
    std::size_t shardIndex = 1;
    std::size_t shardCount = 1;
    if (!args.shard.empty()) {
        unsigned long i = 0;
        unsigned long n = 0;
        char extra = 0;
        if (std::sscanf(args.shard.c_str(), "%lu/%lu%c", &i, &n, &extra) != 2 || n == 0 || i == 0
            || i > n) {
            ctx.err << "cloudcost: usage error: --shard '" << args.shard
                    << "': expected i/N with 1 <= i <= N\n";
            return 2;
        }
        shardIndex = i;
        shardCount = n;
    }
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
        return fail(ctx, makeError(Error::Code::IoFailed, "cannot open the file", args.file));
    }
    struct Job
    {
        std::size_t line = 0;
        Result<PlanRequest> request = makeError(Error::Code::InvalidInput, "not parsed");
        std::string output;
    };
    std::vector<Job> jobs;
    std::string line;
    std::size_t lineNo = 0;
    std::size_t requestNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue; // blank lines separate nothing; they are not requests
        }
        if (line.size() > 1024 * 1024) {
            return fail(ctx,
                        makeError(Error::Code::InvalidInput,
                                  "a request line is longer than 1 MiB",
                                  args.file + ":" + std::to_string(lineNo)));
        }
        const std::size_t k = requestNo++;
        if (k % shardCount != shardIndex - 1) {
            continue;
        }
        Job j;
        j.line = lineNo;
        j.request = parsePlanRequest(line, args.file + ":" + std::to_string(lineNo));
        jobs.push_back(std::move(j));
    }

    // Indexes are built once per placement key, by the first worker that needs one.
    struct SharedIndex
    {
        std::once_flag once;
        Result<std::unique_ptr<PlacementIndex>> index =
            makeError(Error::Code::InvalidInput, "not built");
    };
    std::mutex indexMutex;
    std::map<std::string, std::unique_ptr<SharedIndex>> indexes;
    std::atomic<std::size_t> next{0};
    // A new workspace is created (and the built-in catalog loaded) by the first open: do it once
    // here, so the workers do not race to create it, and learn the default path.
    std::filesystem::path dbPath;
    {
        auto ws = openWorkspace(ctx);
        if (!ws) {
            return fail(ctx, ws.error());
        }
        dbPath = ws->path();
    }

    auto worker = [&]() {
        std::optional<pricing::Workspace> ws;
        Error openError;
        auto opened = pricing::Workspace::open(dbPath);
        if (opened) {
            ws.emplace(std::move(*opened));
        } else {
            openError = opened.error();
        }
        for (;;) {
            const std::size_t k = next.fetch_add(1);
            if (k >= jobs.size()) {
                return;
            }
            auto& job = jobs[k];
            json out;
            std::string id;
            auto result = [&]() -> Result<PlanRun> {
                if (!job.request) {
                    return job.request.error();
                }
                id = job.request->id;
                if (!ws) {
                    return openError;
                }
                if (auto s = resolveVcpuNormalisation(*ws, *job.request); !s) {
                    return s.error();
                }
                SharedIndex* shared = nullptr;
                {
                    std::lock_guard lock(indexMutex);
                    auto& slot = indexes[placementKey(job.request->options.placement)];
                    if (!slot) {
                        slot = std::make_unique<SharedIndex>();
                    }
                    shared = slot.get();
                }
                std::call_once(shared->once, [&] {
                    auto cands = loadCandidates(*ws, job.request->options.placement);
                    if (!cands) {
                        shared->index = cands.error();
                        return;
                    }
                    shared->index = std::make_unique<PlacementIndex>(
                        std::move(*cands),
                        job.request->options.placement.performanceFactor);
                });
                if (!shared->index) {
                    return shared->index.error();
                }
                auto request = *job.request;
                request.threads = 1; // the requests themselves run in parallel
                return runPlan(*ws, std::move(request), **shared->index);
            }();
            out["line"] = job.line;
            out["id"] = id;
            if (result) {
                out["ok"] = true;
                out["plan"] = runJson(*result);
            } else {
                out["ok"] = false;
                out["error"] = {{"message", result.error().message},
                                {"context", result.error().context}};
            }
            job.output = out.dump();
        }
    };
    unsigned threads = args.jobs ? args.jobs : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(
        std::min<std::size_t>(threads, std::max<std::size_t>(1, jobs.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (auto& t : pool) {
        t.join();
    }
    std::size_t failed = 0;
    Table summary;
    summary.headers = {"line",
                       "id",
                       "ok",
                       "workloads",
                       "before_annual",
                       "after_annual",
                       "npv",
                       "payback_month",
                       "error"};
    summary.rightAlign = {true, false, false, true, true, true, true, true, false};
    for (const auto& j : jobs) {
        const auto doc = json::parse(j.output);
        const bool ok = doc["ok"].get<bool>();
        failed += ok ? 0 : 1;
        if (!args.summary) {
            ctx.out << j.output << '\n';
            continue;
        }
        std::vector<std::string> row{std::to_string(j.line),
                                     doc["id"].get<std::string>(),
                                     ok ? "true" : "false"};
        if (ok) {
            const auto& s = doc["plan"]["summary"];
            row.push_back(std::to_string(s["workloads"].get<std::size_t>()));
            row.push_back(formatFixed(s["before_annual"].get<double>(), 2));
            row.push_back(formatFixed(s["after_annual"].get<double>(), 2));
            row.push_back(formatFixed(s["npv"].get<double>(), 2));
            row.push_back(s["payback_month"].is_null()
                              ? std::string()
                              : std::to_string(s["payback_month"].get<int>()));
            row.emplace_back();
        } else {
            row.insert(row.end(), 5, std::string());
            row.push_back(doc["error"]["context"].get<std::string>() + ": "
                          + doc["error"]["message"].get<std::string>());
        }
        summary.rows.push_back(std::move(row));
    }
    if (args.summary) {
        if (ctx.format == OutputFormat::Csv) {
            printCsv(ctx.out, summary);
        } else {
            printTable(ctx.out, summary);
        }
    }
    ctx.err << "cloudcost: batch: " << jobs.size() << " requests"
            << (shardCount > 1 ? " in shard " + args.shard + " of " + std::to_string(requestNo)
                               : std::string())
            << ", " << jobs.size() - failed << " planned, " << failed << " failed, " << threads
            << " threads\n";
    return failed == 0 ? 0 : 1;
}

class PlanCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        m_plan = app.add_subcommand(
            "plan",
            "a migration plan for a stored inventory: decision, placement, waves, costs, NPV and "
            "payback per workload (docs/CLI.md)");
        auto& a = m_planArgs;
        m_plan->add_option("--inventory", a.inventory, "stored inventory, by name or id")
            ->required();
        m_plan->add_option("--provider", a.providers, "allowed providers (repeat; default any)");
        m_plan->add_option("--region", a.regions, "allowed regions (repeat; default any)");
        m_plan->add_option("--purchase",
                           a.purchase,
                           "purchase options to price under (repeat): on_demand, spot, "
                           "reserved/36/all_upfront, savings_plan/12 ... (default on_demand)");
        m_plan->add_option("--currency", a.currency, "report currency (default USD)");
        m_plan->add_option("--tenancy", a.tenancy, "shared (default), dedicated, host");
        m_plan->add_flag(
            "--allow-burstable",
            a.burstable,
            "also place on burstable/shared-core types (Azure B, AWS T, GCP e2-micro)");
        m_plan->add_option("--percentile", a.percentile, "sizing percentile (default 95)");
        m_plan->add_option("--comfort", a.comfort, "comfort factor (default 1.3)");
        m_plan->add_flag("--peak-guard", a.peakGuard, "also size on P99.5 / 0.85");
        m_plan->add_option("--rules", a.rules, "decision-tree rule set (default built in)");
        m_plan->add_option("--t1", a.t1, "latency band threshold t1 in ms");
        m_plan->add_option("--t2", a.t2, "latency band threshold t2 in ms");
        m_plan->add_option("--kubernetes", a.kubernetes, "a Kubernetes practice exists: yes|no")
            ->check(CLI::IsMember({"yes", "no"}));
        m_plan->add_flag("--sandboxed-runtime", a.sandboxed, "a sandboxed runtime is allowed");
        auto* scen = m_plan->add_option(
            "--onprem-scenario",
            a.onPremScenario,
            "TCO scenario whose own-hardware option costs today's servers (per workload vCPU)");
        auto* perfMetric = m_plan->add_option(
            "--perf-metric",
            a.perfMetric,
            "normalise vCPUs by this per-vCPU benchmark metric (see bench list)");
        m_plan
            ->add_option("--perf-reference",
                         a.perfReference,
                         "what the needs were measured on: a run id or an instance type")
            ->needs(perfMetric);
        perfMetric->needs(m_plan->get_option("--perf-reference"));
        m_plan->add_option("--onprem-option", a.onPremOption, "its own-hardware option's name")
            ->needs(scen);
        auto* perVcpu = m_plan->add_option("--onprem-per-vcpu",
                                           a.onPremPerVcpu,
                                           "on-prem cost per vCPU-year (needs --onprem-source)");
        auto* perServer = m_plan->add_option("--onprem-per-server",
                                             a.onPremPerServer,
                                             "on-prem cost per server-year");
        perVcpu->excludes(perServer)->excludes(scen);
        perServer->excludes(scen);
        m_plan->add_option("--onprem-source", a.onPremSource, "where the on-prem rate comes from");
        m_plan->add_option("--staff-rate", a.staffRate, "loaded staff cost per hour");
        m_plan->add_option("--staff-rate-source", a.staffRateSource, "its source");
        m_plan->add_option("--remediation-per-vm", a.remediation, "one-off remediation per VM");
        m_plan->add_option("--remediation-source", a.remediationSource, "its source");
        m_plan->add_option("--licences-one-off", a.licences, "one-off licences (e.g. ESU)");
        m_plan->add_option("--licences-source", a.licencesSource, "its source");
        m_plan->add_option("--dual-running-months", a.dualRunning, "months on-prem runs on (1)");
        m_plan->add_option("--months-per-wave", a.monthsPerWave, "months between waves (1)");
        m_plan->add_option("--horizon-years", a.horizon, "horizon (default 4, Azure Migrate)")
            ->check(CLI::Range(1, 50));
        m_plan->add_option("--discount-rate", a.discountRate, "discount rate (default 0.07)");
        m_plan->add_option("--wave-servers", a.waveServers, "servers per wave (default no limit)");
        m_plan->add_option("--wave-days", a.waveDays, "days per wave for transfer/engineer limits");
        m_plan->add_option("--workload-rows", a.workloadRows, "workloads in the table (50)");

        m_batch = app.add_subcommand(
            "batch",
            "many plan requests from an NDJSON file (one JSON object per line, docs/CLI.md), in "
            "parallel; one NDJSON result line per request, in input order");
        m_batch->add_option("file", m_batchArgs.file, "requests, one JSON object per line")
            ->required();
        m_batch->add_option("--shard",
                            m_batchArgs.shard,
                            "i/N: only requests i, i+N, i+2N ... (1-based), to split a run over "
                            "machines");
        m_batch->add_option("--jobs", m_batchArgs.jobs, "worker threads (default: all cores)");
        m_batch->add_flag("--summary",
                          m_batchArgs.summary,
                          "one summary row per request (--format table|csv) instead of NDJSON");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (m_plan && *m_plan) {
            return runPlanCommand(ctx, m_planArgs);
        }
        if (m_batch && *m_batch) {
            return runBatch(ctx, m_batchArgs);
        }
        return std::nullopt;
    }

private:
    CLI::App* m_plan = nullptr;
    CLI::App* m_batch = nullptr;
    PlanArgs m_planArgs;
    BatchArgs m_batchArgs;
};

} // namespace

std::unique_ptr<CommandModule> makePlanCommands()
{
    return std::make_unique<PlanCommands>();
}

} // namespace cloudcost::cli
