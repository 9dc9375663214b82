// `cloudcost offers --sort perf-per-dollar --metric NAME`: offers ranked by the cost of a unit of
// measured work (decision/PricePerformance.h). cmdOffers hands over to this file.
#include "app/cli/Commands.h"
#include "benchmark-runner/BenchmarkStore.h"
#include "common/Text.h"
#include "decision/PricePerformance.h"
#include "pricing/OfferJson.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;

std::string termText(const pricing::Offer& o)
{
    if (o.termMonths == 0) {
        return "-";
    }
    return o.termMonths % 12 == 0 ? std::to_string(o.termMonths / 12) + "y"
                                  : std::to_string(o.termMonths) + "m";
}

std::string numOr(const std::optional<double>& v, const std::string& none)
{
    return v ? formatNumber(*v) : none;
}

json ratesJson(const std::vector<pricing::FxRate>& rates)
{
    json a = json::array();
    for (const auto& r : rates) {
        a.push_back({{"base", r.base},
                     {"quote", r.quote},
                     {"rate", r.rate},
                     {"date", r.asOf},
                     {"source", r.source}});
    }
    return a;
}

// Every run with its samples.
Result<std::vector<benchmark::BenchmarkRun>> loadRuns(pricing::Workspace& ws)
{
    auto store = benchmark::BenchmarkStore::open(ws.database());
    if (!store) {
        return store.error();
    }
    return store->runsWithSamples();
}

void print(Context& ctx, const decision::PricePerformanceResult& res)
{
    if (ctx.format == OutputFormat::Json) {
        json rows = json::array();
        std::size_t rank = 0;
        for (const auto& r : res.rows) {
            json j = pricing::offerToJson(r.offer.offer);
            j["rank"] = ++rank;
            j["native_currency"] = r.offer.offer.currency;
            j["currency"] = r.offer.reportCurrency;
            j["hourly"] = r.offer.reportHourly;
            j["upfront"] = r.offer.reportUpfront;
            j["effective_hourly"] = r.hourly;
            j["source"] = r.offer.sourceName;
            j["metric"] = res.metric;
            j["metric_value"] = r.value;
            j["unit"] = res.unit;
            j["higher_is_better"] = res.higherIsBetter;
            j["samples"] = r.samples;
            j["run_ids"] = r.runIds;
            j["parameters"] = r.parameters;
            j["region_matched"] = r.regionMatched;
            j["cost_per_unit"] = r.costPerUnit;
            j["work_per_currency"] = r.workPerCurrency;
            rows.push_back(j);
        }
        printJson(ctx.out,
                  {{"metric", res.metric},
                   {"unit", res.unit},
                   {"higher_is_better", res.higherIsBetter},
                   {"work_unit", {{"scale", res.workUnit.scale}, {"label", res.workUnit.label}}},
                   {"currency", res.currency},
                   {"cost_unit", res.costLabel},
                   {"ranked_by", res.rankedBy},
                   {"offers", rows},
                   {"ranked_before_limit", res.rowsBeforeLimit},
                   {"offers_without_results", res.offersWithoutResults},
                   {"runs_untagged", res.runsUntagged},
                   {"fx_rates_used", ratesJson(res.ratesUsed)},
                   {"notes", res.notes}});
        return;
    }
    Table t;
    if (ctx.format == OutputFormat::Csv) {
        t.headers = {"rank",
                     "provider",
                     "region",
                     "zone",
                     "instance_type",
                     "vcpus",
                     "memory_gib",
                     "os",
                     "tenancy",
                     "purchase_option",
                     "term_months",
                     "payment_option",
                     "effective_hourly",
                     "currency",
                     "metric",
                     "value",
                     "unit",
                     "higher_is_better",
                     "samples",
                     "parameters",
                     "cost_per_unit",
                     "cost_unit",
                     "work_per_currency",
                     "region_matched",
                     "run_ids",
                     "source"};
        std::size_t rank = 0;
        for (const auto& r : res.rows) {
            const auto& o = r.offer.offer;
            t.rows.push_back({std::to_string(++rank),
                              o.provider,
                              o.region,
                              o.zone,
                              o.instanceType,
                              numOr(o.vcpus, ""),
                              numOr(o.memoryGib, ""),
                              o.os,
                              o.tenancy,
                              std::string(pricing::toString(o.purchaseOption)),
                              std::to_string(o.termMonths),
                              std::string(pricing::toString(o.paymentOption)),
                              formatSignificant(r.hourly, 17),
                              r.offer.reportCurrency,
                              res.metric,
                              formatSignificant(r.value, 17),
                              res.unit,
                              res.higherIsBetter ? "true" : "false",
                              std::to_string(r.samples),
                              joinParams(r.parameters),
                              formatSignificant(r.costPerUnit, 17),
                              res.costLabel,
                              formatSignificant(r.workPerCurrency, 17),
                              r.regionMatched ? "true" : "false",
                              joinIds(r.runIds, " "),
                              r.offer.sourceName});
        }
        printCsv(ctx.out, t);
        return;
    }
    t.headers = {"#",
                 "provider",
                 "region",
                 "instance_type",
                 "vCPU",
                 "GiB",
                 "os",
                 "purchase",
                 "term",
                 "eff/h",
                 "cur",
                 "value",
                 "unit",
                 "samples",
                 "cost/unit",
                 "parameters",
                 "runs"};
    t.rightAlign = {true,
                    false,
                    false,
                    false,
                    true,
                    true,
                    false,
                    false,
                    false,
                    true,
                    false,
                    true,
                    false,
                    true,
                    true,
                    false,
                    false};
    std::size_t rank = 0;
    for (const auto& r : res.rows) {
        const auto& o = r.offer.offer;
        std::string purchase(pricing::toString(o.purchaseOption));
        if (!o.offeringClass.empty()) {
            purchase += "/" + o.offeringClass;
        }
        t.rows.push_back(
            {std::to_string(++rank),
             o.provider,
             o.region + (o.zone.empty() ? "" : " (" + o.zone + ")") + (r.regionMatched ? "" : " *"),
             o.instanceType,
             numOr(o.vcpus, "-"),
             numOr(o.memoryGib, "-"),
             o.os.empty() ? "-" : o.os,
             purchase,
             termText(o),
             formatMoney(r.hourly),
             r.offer.reportCurrency,
             formatSignificant(r.value, 6),
             res.unit,
             std::to_string(r.samples),
             formatSignificant(r.costPerUnit, 6),
             r.parameters.empty() ? "-" : joinParams(r.parameters),
             joinIds(r.runIds, " ")});
    }
    printTable(ctx.out, t);
    ctx.out << res.rows.size() << " offer(s) ranked";
    if (res.rowsBeforeLimit > res.rows.size()) {
        ctx.out << " (of " << res.rowsBeforeLimit << ")";
    }
    ctx.out << " by " << res.metric << "; " << res.offersWithoutResults
            << " offer(s) matching the filters have no result for it and are excluded\n";
    ctx.out << "cost/unit = " << res.costLabel << "; ranked by " << res.rankedBy << "\n";
    ctx.out << "value = median of the samples with the same parameters; eff/h = hourly + "
               "upfront / term hours (8760 h a year)";
    bool anyUnmatched = false;
    for (const auto& r : res.rows) {
        anyUnmatched = anyUnmatched || !r.regionMatched;
    }
    if (anyUnmatched) {
        ctx.out << "; * = results carry no region tag";
    }
    ctx.out << '\n';
    for (const auto& r : res.ratesUsed) {
        ctx.out << "exchange rate used: 1 " << r.base << " = " << r.rate << " " << r.quote << " ("
                << r.asOf << (r.source.empty() ? "" : ", " + r.source) << ")\n";
    }
    for (const auto& n : res.notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
}

} // namespace

int checkPerfPerDollarArgs(Context& ctx, const OfferArgs& args)
{
    const bool sorted = args.sort == "perf-per-dollar";
    if (sorted && args.metric.empty()) {
        ctx.err << "cloudcost: usage error: --sort perf-per-dollar needs --metric NAME (a "
                   "benchmark metric, e.g. cpu.events_per_s; `cloudcost bench show ID` lists "
                   "a run's metrics)\n";
        return 2;
    }
    if (!sorted && !args.metric.empty()) {
        ctx.err << "cloudcost: usage error: --metric is only used with --sort perf-per-dollar\n";
        return 2;
    }
    return 0;
}

int cmdOffersPerfPerDollar(Context& ctx, const OfferArgs& args)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto runs = loadRuns(*ws);
    if (!runs) {
        return fail(ctx, runs.error());
    }
    auto res = decision::rankPricePerformance(*ws, *runs, args.metric, args.query);
    if (!res) {
        return fail(ctx, res.error());
    }
    print(ctx, *res);
    return 0;
}

} // namespace cloudcost::cli
