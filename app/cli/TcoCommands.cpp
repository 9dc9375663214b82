// `cloudcost tco SCENARIO.json [--monte-carlo N] [--seed S] [--sensitivity]`: the TCO of each
// option of a scenario (docs/SCENARIO.md), as a table for people, JSON or CSV (docs/CLI.md).
#include "app/cli/CommandModule.h"
#include "common/Text.h"
#include "pricing/models/Conventions.h"
#include "pricing/models/Tco.h"
#include "pricing/models/TcoDefaults.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using namespace pricing;

// The conventions of MODELS.md §0 as the output states them.
constexpr std::string_view kCashFlowTiming =
    "t = 0 flows (upfront fees, capex, perpetual licences, one-off and migration costs) are not "
    "discounted; the running costs of year t are at the end of year t, discounted by (1 + r)^t: "
    "NPV = CF0 + Excel NPV(r, CF1..CFn) (MODELS.md §0 [V])";
constexpr std::string_view kGbBase =
    "GB as the price tables use it; the default AWS egress tiers count 1 TB = 1024 GB (binary GB "
    "of the AWS S3 pricing example, MODELS.md §0 [V])";
constexpr std::string_view kDeterministic =
    "each uncertain input at the mean of its distribution (docs/MONTE-CARLO.md)";
constexpr std::string_view kCommitments =
    "a commitment is paid for every hour of its term whether used or not, renewed at the end of "
    "each term, its upfront paid when a term starts (MODELS.md §1.2)";
constexpr std::string_view kResidual =
    "no residual value is credited for servers, storage or commitments still running at the end "
    "of the horizon; salvage is received when a server generation retires within it";
constexpr std::string_view kEffectiveHourly =
    "effective rate = undiscounted total / workload-hours (count x hours per month x 12 x years)";
constexpr std::string_view kRounding =
    "computed at full precision; tables round for display only (MODELS.md §0)";

// "1,234,567" with `decimals` decimals.
std::string grouped(double v, int decimals)
{
    if (!std::isfinite(v)) {
        return "-";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    std::string s(buf);
    const auto dot = s.find('.');
    std::string intPart = s.substr(0, dot);
    const std::string frac = dot == std::string::npos ? "" : s.substr(dot);
    std::string out;
    for (std::size_t i = 0; i < intPart.size(); ++i) {
        if (i > 0 && (intPart.size() - i) % 3 == 0) {
            out += ',';
        }
        out += intPart[i];
    }
    const bool zero = s.find_first_not_of("0.") == std::string::npos;
    return (v < 0 && !zero ? "-" : "") + out + frac;
}

std::string amount(double v)
{
    return grouped(v, 0);
}

std::string percent(double fraction)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100);
    return buf;
}

std::string years(const std::optional<double>& y)
{
    if (!y) {
        return "never";
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", *y);
    return buf;
}

// An input value for display: grouped when large, 4 significant digits otherwise.
std::string inputValue(double v)
{
    if (std::fabs(v) >= 1000) {
        return grouped(v, 0);
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

std::string paybackText(const std::optional<double>& y)
{
    return y ? years(y) + " years" : "never";
}

json optionalJson(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

json fxJson(const std::vector<FxRate>& rates)
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

bool belongsTo(const std::string& path, const std::string& optionPath)
{
    return path.rfind(optionPath + ".", 0) == 0;
}

bool isOptionPath(const std::string& path)
{
    return path.rfind("options[", 0) == 0;
}

// A parameter is listed among the assumptions when it was not typed in the scenario.
bool isAssumption(const ScenarioParameter& p)
{
    return p.isDefault || p.sourceTag == "catalog";
}

json parameterJson(const ScenarioParameter& p, double reportFactor, const std::string& currency)
{
    json j{{"path", p.path},
           {"value", p.distribution.mean()},
           {"unit", p.unit},
           {"default", p.isDefault},
           {"source_tag", p.sourceTag},
           {"source", p.sourceReference}};
    if (!p.currency.empty()) {
        j["currency"] = p.currency;
        j["value_in_report_currency"] = p.distribution.mean() * reportFactor;
        j["report_currency"] = currency;
    }
    if (p.distribution.kind() != DistributionKind::Constant) {
        j["distribution"] = distributionToJson(p.distribution);
    }
    return j;
}

json noteJson(const ScenarioNote& n)
{
    return {{"path", n.path},
            {"text", n.text},
            {"source_tag", n.sourceTag},
            {"source", n.sourceReference}};
}

std::string priceDescription(const ResolvedScenario& r, std::size_t i)
{
    const auto& o = r.scenario.options[i];
    if (o.kind != OptionKind::Cloud) {
        const auto& h = o.own;
        return std::to_string(h.servers) + " servers x " + std::to_string(h.coresPerServer)
               + " cores, life " + std::to_string(h.lifeYears) + " years"
               + (h.refresh ? ", refreshed" : ", not refreshed");
    }
    const auto& p = *r.prices[i];
    const auto& s = r.scenario;
    const auto& c = o.cloud;
    std::string text = c.provider.empty() ? std::string("inline") : c.provider;
    if (!c.region.empty()) {
        text += " " + c.region;
    }
    if (!c.instanceType.empty()) {
        text += " " + c.instanceType;
    }
    text += " " + std::string(toString(c.purchaseOption));
    if (p.termMonths > 0) {
        text += " " + std::to_string(p.termMonths) + "m";
        if (!p.inlinePrice && p.offer.paymentOption != PaymentOption::None) {
            text += " " + std::string(toString(p.offer.paymentOption));
        }
    }
    const auto& hp = s.parameters[p.hourly];
    const auto& up = s.parameters[p.upfront];
    text += ": " + formatMoney(hp.distribution.mean()) + " " + hp.currency + "/h";
    if (p.termMonths > 0) {
        text += " + " + formatMoney(up.distribution.mean()) + " " + up.currency + " upfront";
    }
    text += " (" + (p.inlinePrice ? "inline: " + p.source : hp.sourceReference) + ")";
    return text;
}

json tiersJson(const Scenario& s, const ResolvedScenario& r, const TierTable& t)
{
    json tiers = json::array();
    for (const auto& tier : t.tiers) {
        tiers.push_back(
            {{"up_to_gb", optionalJson(tier.upToGb)},
             {"price_per_gb",
              s.parameters[tier.pricePerGb].distribution.mean() * r.fxToReport[tier.pricePerGb]}});
    }
    return {
        {"free_gb_per_month",
         t.freeGbPerMonth ? json(s.parameters[*t.freeGbPerMonth].distribution.mean()) : json(0)},
        {"tiers", tiers},
        {"currency", s.currency},
        {"default", t.isDefault},
        {"source", t.source}};
}

// "0-10240 GB 0.09, 10240-51200 GB 0.085, ..." in the report currency.
std::string tiersText(const Scenario& s, const ResolvedScenario& r, const TierTable& t)
{
    std::string text;
    if (t.freeGbPerMonth) {
        text += formatNumber(s.parameters[*t.freeGbPerMonth].distribution.mean())
                + " GB/month free, then ";
    }
    double from = 0;
    for (std::size_t k = 0; k < t.tiers.size(); ++k) {
        const auto& tier = t.tiers[k];
        text += k ? ", " : "";
        text += tier.upToGb ? formatNumber(from) + "-" + formatNumber(*tier.upToGb) + " GB"
                            : "above " + formatNumber(from) + " GB";
        text += " at "
                + formatMoney(s.parameters[tier.pricePerGb].distribution.mean()
                              * r.fxToReport[tier.pricePerGb]);
        from = tier.upToGb.value_or(from);
    }
    return text + (t.source.empty() ? "" : " (" + t.source + ")");
}

json optionJson(const ResolvedScenario& r, std::size_t i, const OptionTco& o)
{
    const auto& s = r.scenario;
    const auto& spec = s.options[i];
    json j;
    j["name"] = o.name;
    j["type"] = optionKindName(o.kind);
    j["description"] = priceDescription(r, i);
    j["source"] = spec.source;
    if (spec.kind == OptionKind::Cloud) {
        for (const auto& [key, table] : {std::pair{"storage_tiers", &spec.cloud.storageTiers},
                                         std::pair{"egress_tiers", &spec.cloud.egressTiers}}) {
            j[key] = *table ? tiersJson(s, r, **table) : json(nullptr);
        }
    }
    if (o.kind == OptionKind::Cloud) {
        const auto& p = *r.prices[i];
        json price{{"source", p.inlinePrice ? p.source : p.source},
                   {"inline", p.inlinePrice},
                   {"native_currency", s.parameters[p.hourly].currency},
                   {"hourly", s.parameters[p.hourly].distribution.mean()},
                   {"upfront", s.parameters[p.upfront].distribution.mean()},
                   {"term_months", p.termMonths},
                   {"hourly_in_report_currency",
                    s.parameters[p.hourly].distribution.mean() * r.fxToReport[p.hourly]},
                   {"upfront_in_report_currency",
                    s.parameters[p.upfront].distribution.mean() * r.fxToReport[p.upfront]},
                   {"vcpus", optionalJson(p.vcpus)},
                   {"memory_gib", optionalJson(p.memoryGib)},
                   {"instances_per_workload", p.instancesPerWorkload},
                   {"instances_derived_from_specs", p.instancesDerived}};
        if (!p.inlinePrice) {
            price["source_published_at"] = p.sourcePublishedAt;
            price["sku"] = p.offer.sku;
            price["provider"] = p.offer.provider;
            price["region"] = p.offer.region;
            price["instance_type"] = p.offer.instanceType;
            price["os"] = p.offer.os;
            price["purchase_option"] = toString(p.offer.purchaseOption);
            price["payment_option"] = toString(p.offer.paymentOption);
            price["offering_class"] = p.offer.offeringClass;
        }
        j["price"] = price;
    }
    json flows = json::array();
    for (std::size_t t = 0; t < o.totalByYear.size(); ++t) {
        json heads = json::object();
        for (const auto& h : o.heads) {
            heads[h.head] = h.amounts[t];
        }
        flows.push_back({{"year", t}, {"heads", heads}, {"total", o.totalByYear[t]}});
    }
    j["cash_flows"] = flows;
    json headTotals = json::object();
    for (const auto& h : o.heads) {
        double sum = 0;
        for (double x : h.amounts) {
            sum += x;
        }
        headTotals[h.head] = sum;
    }
    j["head_totals"] = headTotals;
    j["total"] = o.total;
    j["npv"] = o.npv;
    j["equivalent_annual_cost"] = o.equivalentAnnualCost;
    j["workload_hours"] = o.workloadHours;
    j["effective_hourly"] = o.effectiveHourly;
    if (o.breakEven) {
        const auto& b = *o.breakEven;
        j["break_even"] = {{"baseline", b.baseline},
                           {"total_saving", b.totalSaving},
                           {"npv_saving", b.npvSaving},
                           {"payback_years", optionalJson(b.paybackYears)},
                           {"discounted_payback_years", optionalJson(b.discountedPaybackYears)}};
    } else {
        j["break_even"] = nullptr;
    }
    if (o.commitment) {
        const auto& c = *o.commitment;
        j["commitment_break_even"] = {
            {"on_demand_hourly", c.onDemandHourly},
            {"effective_hourly", c.effectiveHourly},
            {"break_even_utilisation", c.breakEvenUtilisation},
            {"upfront_recovery_hours", optionalJson(c.upfrontRecoveryHours)},
            {"break_even_month", optionalJson(c.breakEvenMonth)},
            {"utilisation", c.utilisation}};
    }
    json assumptions = json::array();
    for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        const auto& p = s.parameters[k];
        if (isAssumption(p) && belongsTo(p.path, spec.path)) {
            assumptions.push_back(parameterJson(p, r.fxToReport[k], s.currency));
        }
    }
    for (const auto& n : s.notes) {
        if (belongsTo(n.path, spec.path)) {
            assumptions.push_back(noteJson(n));
        }
    }
    j["assumptions"] = assumptions;
    j["notes"] = o.notes;
    return j;
}

json conventionsJson(const ResolvedScenario& r)
{
    const auto& s = r.scenario;
    return {{"hours_per_month", s.hoursPerMonth},
            {"hours_per_year", 12 * s.hoursPerMonth},
            {"hours_per_month_source",
             "MODELS.md §0: 730 = 8760/12 (Azure Migrate) unless the "
             "scenario sets hours_per_month"},
            {"commitment_term_hours_per_year", kHoursPerYear},
            {"gb", kGbBase},
            {"cash_flow_timing", kCashFlowTiming},
            {"currency", s.currency},
            {"fx_rates_used", fxJson(r.fxRatesUsed)},
            {"deterministic_values", kDeterministic},
            {"commitments", kCommitments},
            {"residual_value", kResidual},
            {"effective_hourly", kEffectiveHourly},
            {"rounding", kRounding},
            {"baseline", r.baseline ? json(s.options[*r.baseline].name) : json(nullptr)},
            {"baseline_rule", r.baselineWhy}};
}

json monteCarloJson(const ResolvedScenario& r, const MonteCarloResult& mc)
{
    const auto& s = r.scenario;
    json options = json::array();
    for (const auto& o : s.options) {
        json entry{{"name", o.name}};
        for (const char* kind : {"npv", "total"}) {
            const auto* out = mc.output(std::string(kind) + ":" + o.name);
            if (out) {
                entry[kind] = {{"mean", out->mean},
                               {"sd", out->sd},
                               {"ci_low", out->ciLow},
                               {"ci_high", out->ciHigh},
                               {"p5", out->p5},
                               {"p50", out->p50},
                               {"p95", out->p95},
                               {"min", out->min},
                               {"max", out->max}};
            }
        }
        options.push_back(entry);
    }
    json pairs = json::array();
    for (const auto& a : s.options) {
        for (const auto& b : s.options) {
            if (a.name != b.name) {
                pairs.push_back({{"a", a.name},
                                 {"b", b.name},
                                 {"probability_npv_a_above_b",
                                  mc.probabilityGreater("npv:" + a.name, "npv:" + b.name)}});
            }
        }
    }
    json inputs = json::array();
    for (const auto& in : uncertainInputs(s)) {
        inputs.push_back(
            {{"path", in.name}, {"distribution", distributionToJson(in.distribution)}});
    }
    return {{"trials", mc.trials},
            {"seed", mc.seed},
            {"confidence_level", mc.confidenceLevel},
            {"uncertain_inputs", inputs},
            {"options", options},
            {"pairs", pairs},
            {"percentile_definition", "Hyndman-Fan type 7 (Excel PERCENTILE.INC)"}};
}

json sensitivityJson(const std::vector<OptionTornado>& tornados)
{
    json a = json::array();
    for (const auto& t : tornados) {
        json bars = json::array();
        for (const auto& b : t.tornado.bars) {
            bars.push_back({{"input", b.inputName},
                            {"low_value", b.lowValue},
                            {"high_value", b.highValue},
                            {"npv_at_low", b.outputAtLow},
                            {"npv_at_high", b.outputAtHigh},
                            {"swing", b.swing}});
        }
        a.push_back({{"option", t.option}, {"base_npv", t.tornado.baseOutput}, {"bars", bars}});
    }
    return {{"method",
             "one at a time: each uncertain input from its P10 to its P90, the others "
             "at their means"},
            {"options", a}};
}

void printJsonResult(Context& ctx,
                     const ResolvedScenario& r,
                     const TcoResult& result,
                     const std::optional<MonteCarloResult>& mc,
                     const std::optional<std::vector<OptionTornado>>& tornados)
{
    const auto& s = r.scenario;
    json options = json::array();
    for (std::size_t i = 0; i < result.options.size(); ++i) {
        options.push_back(optionJson(r, i, result.options[i]));
    }
    json assumptions = json::array();
    for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        if (isAssumption(s.parameters[k]) && !isOptionPath(s.parameters[k].path)) {
            assumptions.push_back(parameterJson(s.parameters[k], r.fxToReport[k], s.currency));
        }
    }
    for (const auto& n : s.notes) {
        if (!isOptionPath(n.path)) {
            assumptions.push_back(noteJson(n));
        }
    }
    json parameters = json::array();
    for (std::size_t k = 0; k < s.parameters.size(); ++k) {
        parameters.push_back(parameterJson(s.parameters[k], r.fxToReport[k], s.currency));
    }
    json out{{"format", "cloudcost-tco-result"},
             {"version", 1},
             {"scenario", s.name},
             {"file", s.fileName},
             {"currency", s.currency},
             {"horizon_years", s.horizonYears},
             {"discount_rate", result.discountRate},
             {"conventions", conventionsJson(r)},
             {"fx_rates_used", fxJson(r.fxRatesUsed)},
             {"assumptions", assumptions},
             {"parameters", parameters},
             {"options", options},
             {"notes", r.notes}};
    out["monte_carlo"] = mc ? monteCarloJson(r, *mc) : json(nullptr);
    out["sensitivity"] = tornados ? sensitivityJson(*tornados) : json(nullptr);
    printJson(ctx.out, out);
}

void printCsvResult(Context& ctx, const ResolvedScenario& r, const TcoResult& result)
{
    Table t;
    t.headers = {"option", "type", "year", "head", "amount", "currency"};
    for (const auto& o : result.options) {
        for (const auto& h : o.heads) {
            for (std::size_t y = 0; y < h.amounts.size(); ++y) {
                char buf[64];
                std::snprintf(buf, sizeof buf, "%.10g", h.amounts[y]);
                t.rows.push_back({o.name,
                                  std::string(optionKindName(o.kind)),
                                  std::to_string(y),
                                  h.head,
                                  buf,
                                  r.scenario.currency});
            }
        }
    }
    printCsv(ctx.out, t);
}

void printTableResult(Context& ctx,
                      const ResolvedScenario& r,
                      const TcoResult& result,
                      const std::optional<MonteCarloResult>& mc,
                      const std::optional<std::vector<OptionTornado>>& tornados)
{
    const auto& s = r.scenario;
    auto& out = ctx.out;
    const std::string& cur = s.currency;
    out << "TCO: " << (s.name.empty() ? s.fileName : s.name) << "\n";
    out << "Horizon " << s.horizonYears << " years; discount rate " << percent(result.discountRate)
        << " a year; amounts in " << cur << " (year 0 = now, year t = end of year t)\n";

    for (std::size_t i = 0; i < result.options.size(); ++i) {
        const auto& o = result.options[i];
        out << "\n== Option " << (i + 1) << ": " << o.name << " (" << optionKindName(o.kind)
            << ") ==\n";
        out << priceDescription(r, i) << "\n";
        const auto& spec = s.options[i];
        if (!spec.source.empty()) {
            out << "numbers from: " << spec.source << "\n";
        }
        if (spec.kind == OptionKind::Cloud && spec.cloud.storageTiers) {
            out << "storage per GB-month (" << cur
                << "): " << tiersText(s, r, *spec.cloud.storageTiers) << "\n";
        }
        if (spec.kind == OptionKind::Cloud && spec.cloud.egressTiers) {
            out << "egress per GB (" << cur << "): " << tiersText(s, r, *spec.cloud.egressTiers)
                << "\n";
        }
        Table t;
        t.headers.push_back("cost head (" + cur + ")");
        for (std::size_t y = 0; y < o.totalByYear.size(); ++y) {
            t.headers.push_back("year " + std::to_string(y));
        }
        t.headers.push_back("total");
        t.rightAlign.assign(t.headers.size(), true);
        t.rightAlign[0] = false;
        for (const auto& h : o.heads) {
            double sum = 0;
            bool any = false;
            for (double x : h.amounts) {
                sum += x;
                any = any || x != 0;
            }
            if (!any) {
                continue;
            }
            std::vector<std::string> row{h.head};
            for (double x : h.amounts) {
                row.push_back(amount(x));
            }
            row.push_back(amount(sum));
            t.rows.push_back(row);
        }
        std::vector<std::string> total{"TOTAL"};
        for (double x : o.totalByYear) {
            total.push_back(amount(x));
        }
        total.push_back(amount(o.total));
        t.rows.push_back(total);
        printTable(out, t);
        out << "NPV " << amount(o.npv) << " " << cur << "; equivalent annual cost "
            << amount(o.equivalentAnnualCost) << " " << cur << "/yr; "
            << formatMoney(o.effectiveHourly) << " " << cur << " per workload-hour\n";
        if (o.breakEven) {
            const auto& b = *o.breakEven;
            if (b.totalSaving >= 0) {
                out << "Against " << b.baseline << ": saves " << amount(b.totalSaving) << " " << cur
                    << " (NPV " << amount(b.npvSaving) << ")";
            } else {
                out << "Against " << b.baseline << ": costs " << amount(-b.totalSaving) << " "
                    << cur << " more (NPV " << amount(-b.npvSaving) << ")";
            }
            out << "; payback " << paybackText(b.paybackYears) << " (discounted "
                << paybackText(b.discountedPaybackYears) << ")\n";
        }
        if (o.commitment) {
            const auto& c = *o.commitment;
            out << "Commitment vs on-demand " << formatMoney(c.onDemandHourly) << " " << cur
                << "/h: effective " << formatMoney(c.effectiveHourly) << " " << cur
                << "/h, break-even at " << percent(c.breakEvenUtilisation)
                << " utilisation (used: " << percent(c.utilisation) << ")";
            if (c.upfrontRecoveryHours) {
                out << ", upfront recovered after " << amount(*c.upfrontRecoveryHours)
                    << " h of use";
            }
            out << "\n";
        }
        for (const auto& n : o.notes) {
            out << "note: " << n << "\n";
        }
    }

    out << "\n== Summary (" << cur << ") ==\n";
    Table sum;
    sum.headers = {"option",
                   "type",
                   "total",
                   "NPV",
                   "EAC/yr",
                   "per workload-h",
                   "NPV saving",
                   "payback (yr)"};
    sum.rightAlign = {false, false, true, true, true, true, true, true};
    for (const auto& o : result.options) {
        sum.rows.push_back({o.name,
                            std::string(optionKindName(o.kind)),
                            amount(o.total),
                            amount(o.npv),
                            amount(o.equivalentAnnualCost),
                            formatMoney(o.effectiveHourly),
                            o.breakEven ? amount(o.breakEven->npvSaving) : "-",
                            o.breakEven ? years(o.breakEven->paybackYears) : "-"});
    }
    printTable(out, sum);
    out << "Savings and payback against "
        << (r.baseline ? s.options[*r.baseline].name : std::string("(none)")) << ": "
        << r.baselineWhy << "\n";

    if (mc) {
        out << "\n== Monte Carlo: " << mc->trials << " trials, seed " << mc->seed << " (NPV, "
            << cur << ") ==\n";
        Table m;
        m.headers = {"option", "mean", "95% CI of mean", "P5", "P50", "P95"};
        m.rightAlign = {false, true, true, true, true, true};
        for (const auto& o : s.options) {
            if (const auto* x = mc->output("npv:" + o.name)) {
                m.rows.push_back({o.name,
                                  amount(x->mean),
                                  amount(x->ciLow) + " .. " + amount(x->ciHigh),
                                  amount(x->p5),
                                  amount(x->p50),
                                  amount(x->p95)});
            }
        }
        printTable(out, m);
        for (const auto& a : s.options) {
            for (const auto& b : s.options) {
                if (a.name != b.name) {
                    out << "P(NPV " << a.name << " > NPV " << b.name << ") = "
                        << grouped(mc->probabilityGreater("npv:" + a.name, "npv:" + b.name), 3)
                        << "\n";
                }
            }
        }
        out << "Uncertain inputs:";
        const auto inputs = uncertainInputs(s);
        if (inputs.empty()) {
            out << " none (every input is a fixed number)";
        }
        out << "\n";
        for (const auto& in : inputs) {
            out << "  " << in.name << ": " << in.distribution.describe() << "\n";
        }
    }
    if (tornados) {
        out << "\n== Sensitivity (tornado on NPV: each input P10 -> P90, others at mean) ==\n";
        if (tornados->empty()) {
            out << "no uncertain inputs: give a distribution for an input to see its effect\n";
        }
        for (const auto& t : *tornados) {
            out << t.option << " (base NPV " << amount(t.tornado.baseOutput) << ")\n";
            Table tt;
            tt.headers = {"input", "P10", "P90", "NPV at P10", "NPV at P90", "swing"};
            tt.rightAlign = {false, true, true, true, true, true};
            std::size_t unaffected = 0;
            for (const auto& b : t.tornado.bars) {
                if (b.swing == 0) {
                    ++unaffected;
                    continue;
                }
                tt.rows.push_back({b.inputName,
                                   inputValue(b.lowValue),
                                   inputValue(b.highValue),
                                   amount(b.outputAtLow),
                                   amount(b.outputAtHigh),
                                   amount(b.swing)});
            }
            printTable(out, tt);
            if (unaffected > 0) {
                out << "(" << unaffected << " uncertain input(s) do not affect this option)\n";
            }
        }
    }

    out << "\n== Assumptions: defaults and catalog prices, with sources ==\n";
    Table a;
    a.headers = {"field", "value", "unit", "source"};
    a.rightAlign = {false, true, false, false};
    for (const auto& o : s.options) {
        // A default tier table is one row (its tiers are printed with the option).
        if (o.kind == OptionKind::Cloud && o.cloud.egressTiers && o.cloud.egressTiers->isDefault) {
            a.rows.push_back(
                {o.cloud.egressTiers->path,
                 "AWS table",
                 "USD per GB",
                 std::string(tco_defaults::kAwsEgressTag) + " " + o.cloud.egressTiers->source});
        }
    }
    for (const auto& p : s.parameters) {
        if (!isAssumption(p) || p.path.find(".egress_tiers.") != std::string::npos) {
            continue;
        }
        std::string unit = p.unit;
        if (!p.currency.empty()) {
            unit = p.currency + " " + unit;
        }
        a.rows.push_back({p.path,
                          formatNumber(p.distribution.mean()),
                          unit,
                          (p.sourceTag.empty() ? "" : p.sourceTag + " ") + p.sourceReference});
    }
    printTable(out, a);
    out << "\n== Other assumptions ==\n";
    for (const auto& n : s.notes) {
        out << n.path << ": " << n.text << " (" << (n.sourceTag.empty() ? "" : n.sourceTag + " ")
            << n.sourceReference << ")\n";
    }

    out << "\n== Conventions ==\n";
    out << "hours: " << formatNumber(s.hoursPerMonth) << " per month, "
        << formatNumber(12 * s.hoursPerMonth)
        << " per year (MODELS.md §0); commitment terms count 8,760 h a year\n";
    out << "cash flows: " << kCashFlowTiming << "\n";
    out << "GB: " << kGbBase << "\n";
    out << "commitments: " << kCommitments << "\n";
    out << "residual value: " << kResidual << "\n";
    out << "uncertain inputs: " << kDeterministic << "\n";
    out << "effective rate: " << kEffectiveHourly << "\n";
    out << "currency: " << cur << "; ";
    if (r.fxRatesUsed.empty()) {
        out << "no exchange rate needed\n";
    } else {
        out << "exchange rates used:\n";
        for (const auto& x : r.fxRatesUsed) {
            out << "  1 " << x.base << " = " << x.rate << " " << x.quote << " (" << x.asOf
                << (x.source.empty() ? "" : ", " + x.source) << ")\n";
        }
    }
    for (const auto& n : r.notes) {
        out << "note: " << n << "\n";
    }
}

class TcoCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        m_cmd = app.add_subcommand("tco",
                                   "total cost of ownership of the options in a scenario "
                                   "(docs/SCENARIO.md)");
        m_cmd->add_option("scenario", m_file, "scenario JSON file")->required();
        m_trialsOption =
            m_cmd->add_option("--monte-carlo",
                              m_trials,
                              "run a Monte Carlo of N trials over the uncertain inputs");
        m_seedOption =
            m_cmd->add_option("--seed", m_seed, "random seed (default: the scenario's, else 5489)");
        m_cmd->add_flag("--sensitivity",
                        m_sensitivity,
                        "tornado of each option's NPV over the uncertain inputs (P10 to P90)");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (!m_cmd || !m_cmd->parsed()) {
            return std::nullopt;
        }
        return runTco(ctx);
    }

private:
    int runTco(Context& ctx)
    {
        auto scenario = loadScenarioFile(m_file);
        if (!scenario) {
            return fail(ctx, scenario.error());
        }
        const bool trialsGiven = m_trialsOption->count() > 0;
        if (trialsGiven && m_trials < 2) {
            return fail(
                ctx,
                makeError(Error::Code::InvalidInput, "must be at least 2", "--monte-carlo"));
        }
        const std::optional<std::uint64_t> trials =
            trialsGiven ? std::optional<std::uint64_t>(m_trials) : scenario->monteCarloTrials;
        const std::uint64_t seed =
            m_seedOption->count() > 0
                ? m_seed
                : scenario->monteCarloSeed.value_or(RandomEngine::default_seed);

        const bool needsCatalog =
            std::any_of(scenario->options.begin(), scenario->options.end(), [](const auto& o) {
                return o.kind == OptionKind::Cloud && !o.cloud.price;
            });
        // A scenario with inline prices and rates needs no workspace; open one only if it must.
        Result<ResolvedScenario> resolved = makeError(Error::Code::InvalidInput, "not resolved");
        if (!needsCatalog) {
            resolved = resolveScenario(*scenario, nullptr);
        }
        std::optional<pricing::Workspace> ws;
        if (needsCatalog || (!resolved && resolved.error().code == Error::Code::NotFound)) {
            auto opened = openWorkspace(ctx);
            if (!opened) {
                return fail(ctx, opened.error());
            }
            ws.emplace(std::move(*opened));
            resolved = resolveScenario(std::move(*scenario), &*ws);
        }
        if (!resolved) {
            Error e = resolved.error();
            e.context = m_file + ": " + e.context;
            return fail(ctx, e);
        }
        auto result = computeTco(*resolved);
        if (!result) {
            return fail(ctx, result.error());
        }
        std::optional<MonteCarloResult> mc;
        if (trials) {
            auto m = runTcoMonteCarlo(*resolved, *trials, seed);
            if (!m) {
                return fail(ctx, m.error());
            }
            mc = std::move(*m);
        }
        std::optional<std::vector<OptionTornado>> tornados;
        if (m_sensitivity) {
            auto t = runTcoSensitivity(*resolved);
            if (!t) {
                return fail(ctx, t.error());
            }
            tornados = std::move(*t);
        }
        switch (ctx.format) {
        case OutputFormat::Json:
            printJsonResult(ctx, *resolved, *result, mc, tornados);
            break;
        case OutputFormat::Csv:
            printCsvResult(ctx, *resolved, *result);
            break;
        case OutputFormat::Table:
            printTableResult(ctx, *resolved, *result, mc, tornados);
            break;
        }
        return 0;
    }

    CLI::App* m_cmd = nullptr;
    std::string m_file;
    CLI::Option* m_trialsOption = nullptr;
    CLI::Option* m_seedOption = nullptr;
    std::uint64_t m_trials = 0;
    std::uint64_t m_seed = 0;
    bool m_sensitivity = false;
};

} // namespace

std::unique_ptr<CommandModule> makeTcoCommands()
{
    return std::make_unique<TcoCommands>();
}

} // namespace cloudcost::cli
