// `cloudcost commit`: effective hourly rate and break-even of every commitment offer in the catalog
// for one instance (reserved instances, savings plans, committed-use), against its on-demand price.
#include "app/cli/CommandModule.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/models/Commitments.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;

// The conventions every figure depends on, shown with their sources (MODELS.md §0).
constexpr const char* kHoursPerYearSource =
    "MODELS.md §0: the AWS RI one-year term is 31,536,000 s = 8,760 h [R: API Duration field]";
constexpr const char* kHoursPerMonthSource =
    "MODELS.md §0: 730 h = 8,760 / 12, as Azure Migrate computes [V]; --hours-per-month to change";
constexpr const char* kUtilisationSource =
    "default: the instance runs every hour of the term, the upper bound (not an estimate); "
    "--utilisation to change";
constexpr const char* kFormulaSource = "MODELS.md §1.2 (docs/COMMITMENTS.md)";

struct CommitArgs
{
    std::string provider;
    std::string region;
    std::string instanceType;
    std::string os = "linux";
    std::string tenancy = "shared";
    std::string currency;
    double utilisation = 1.0;
    bool utilisationGiven = false;
    double hoursPerMonth = pricing::kDefaultHoursPerMonth;
};

struct CommitRow
{
    const pricing::OfferRow* offer = nullptr;
    const pricing::OfferRow* onDemand = nullptr;
    double termHours = 0;
    pricing::BreakEven breakEven;
};

std::string purchaseText(const pricing::Offer& o)
{
    std::string s(pricing::toString(o.purchaseOption));
    return o.offeringClass.empty() ? s : s + "/" + o.offeringClass;
}

std::string termText(int termMonths)
{
    return termMonths % 12 == 0 ? std::to_string(termMonths / 12) + "y"
                                : std::to_string(termMonths) + "m";
}

std::string optionalFixed(const std::optional<double>& v, int decimals)
{
    return v ? formatFixed(*v, decimals) : std::string("-");
}

json optionalJson(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

std::string sourceText(const pricing::OfferRow& r)
{
    return r.sourceName
           + (r.sourcePublishedAt.empty() ? "" : " (" + text::isoDate(r.sourcePublishedAt) + ")");
}

// The on-demand offer a commitment replaces: same licence, software and report currency;
// preferably from the same sheet; else the cheapest (the query sorts by effective hourly).
const pricing::OfferRow* matchOnDemand(const pricing::OfferRow& commitment,
                                       const std::vector<const pricing::OfferRow*>& onDemand)
{
    const pricing::OfferRow* best = nullptr;
    for (const auto* od : onDemand) {
        if (od->offer.licenseModel != commitment.offer.licenseModel
            || od->offer.preinstalledSoftware != commitment.offer.preinstalledSoftware
            || od->reportCurrency != commitment.reportCurrency) {
            continue;
        }
        if (od->sourceName == commitment.sourceName) {
            return od;
        }
        if (!best) {
            best = od;
        }
    }
    return best;
}

json rowJson(const CommitRow& r)
{
    const auto& o = r.offer->offer;
    const auto& b = r.breakEven;
    return {{"purchase_option", pricing::toString(o.purchaseOption)},
            {"offering_class", o.offeringClass},
            {"term_months", o.termMonths},
            {"term_hours", r.termHours},
            {"payment_option", pricing::toString(o.paymentOption)},
            {"currency", r.offer->reportCurrency},
            {"upfront", r.offer->reportUpfront},
            {"hourly", r.offer->reportHourly},
            {"effective_hourly", b.effectiveHourly},
            {"on_demand_hourly", r.onDemand->reportHourly},
            {"saving_pct", b.savingFraction * 100.0},
            {"term_cost", b.termCost},
            {"break_even_utilisation", b.breakEvenUtilisation},
            {"break_even_usage_hours", b.breakEvenUsageHours},
            {"break_even_month", optionalJson(b.breakEvenMonth)},
            {"upfront_recovery_hours", optionalJson(b.upfrontRecoveryHours)},
            {"upfront_recovery_month", optionalJson(b.upfrontRecoveryMonth)},
            {"net_saving", b.netSaving},
            {"sku", o.sku},
            {"source", r.offer->sourceName},
            {"source_published_at", r.offer->sourcePublishedAt},
            {"on_demand_source", r.onDemand->sourceName}};
}

int runCommit(Context& ctx, const CommitArgs& args)
{
    if (!std::isfinite(args.utilisation) || args.utilisation < 0 || args.utilisation > 1) {
        return fail(
            ctx,
            makeError(Error::Code::InvalidInput,
                      "expected a fraction between 0 and 1, got " + formatNumber(args.utilisation),
                      "--utilisation"));
    }
    if (!std::isfinite(args.hoursPerMonth) || args.hoursPerMonth <= 0 || args.hoursPerMonth > 744) {
        return fail(ctx,
                    makeError(Error::Code::InvalidInput,
                              "expected hours in a month between 0 and 744, got "
                                  + formatNumber(args.hoursPerMonth),
                              "--hours-per-month"));
    }
    if (!args.currency.empty() && !pricing::isKnownCurrency(args.currency)) {
        return fail(ctx,
                    makeError(Error::Code::InvalidInput,
                              "'" + args.currency + "' is not an ISO 4217 code",
                              "--currency"));
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    pricing::OfferQuery q;
    q.providers = {args.provider};
    q.regions = {args.region};
    q.instanceTypes = {args.instanceType};
    q.os = {args.os};
    q.tenancies = {args.tenancy};
    q.purchaseOptions = {pricing::PurchaseOption::OnDemand,
                         pricing::PurchaseOption::Reserved,
                         pricing::PurchaseOption::SavingsPlan,
                         pricing::PurchaseOption::CommittedUse};
    q.limit = 0;
    q.currency = args.currency;
    auto page = ws->queryOffers(q);
    if (!page) {
        return fail(ctx, page.error());
    }
    const std::string what = args.provider + " " + args.instanceType + " (" + args.os + ", "
                             + args.tenancy + ") in " + args.region;
    std::vector<const pricing::OfferRow*> onDemand;
    std::vector<const pricing::OfferRow*> commitments;
    for (const auto& r : page->rows) {
        (r.offer.purchaseOption == pricing::PurchaseOption::OnDemand ? onDemand : commitments)
            .push_back(&r);
    }
    if (onDemand.empty() && commitments.empty()) {
        return fail(ctx,
                    makeError(Error::Code::NotFound,
                              "no offers in the workspace catalog (check `cloudcost offers` and "
                              "`cloudcost sources`)",
                              what));
    }
    if (onDemand.empty()) {
        return fail(ctx,
                    makeError(Error::Code::NotFound,
                              "no on-demand price to compare the "
                                  + std::to_string(commitments.size())
                                  + " commitment offer(s) with; import the on-demand sheet",
                              what));
    }

    std::vector<std::string> notes = page->notes;
    std::vector<CommitRow> rows;
    for (const auto* c : commitments) {
        const auto* od = matchOnDemand(*c, onDemand);
        if (!od) {
            notes.push_back("skipped " + purchaseText(c->offer) + " " + c->offer.sku
                            + ": no on-demand price with the same licence and currency");
            continue;
        }
        auto hours = pricing::termHoursFromMonths(c->offer.termMonths);
        if (!hours) {
            notes.push_back("skipped " + purchaseText(c->offer) + " " + c->offer.sku + ": term of "
                            + std::to_string(c->offer.termMonths) + " months");
            continue;
        }
        auto b = pricing::breakEven({od->reportHourly, c->reportHourly, c->reportUpfront, *hours},
                                    args.utilisation,
                                    args.hoursPerMonth);
        if (!b) {
            notes.push_back("skipped " + purchaseText(c->offer) + " " + c->offer.sku + ": "
                            + b.error().describe());
            continue;
        }
        rows.push_back({c, od, *hours, *b});
    }
    const std::string none = "no reserved, savings plan or committed-use offers for " + what
                             + " in the workspace catalog (see `cloudcost sources`; import the "
                               "provider's commitment price sheet)";

    if (ctx.format == OutputFormat::Json) {
        json list = json::array();
        for (const auto& r : rows) {
            list.push_back(rowJson(r));
        }
        const auto* od = onDemand.front();
        json rates = json::array();
        for (const auto& r : page->ratesUsed) {
            rates.push_back({{"base", r.base},
                             {"quote", r.quote},
                             {"rate", r.rate},
                             {"date", r.asOf},
                             {"source", r.source}});
        }
        if (rows.empty()) {
            notes.push_back(none);
        }
        json conventions = json::array();
        conventions.push_back({{"name", "hours_per_year"},
                               {"value", pricing::kHoursPerYear},
                               {"source", kHoursPerYearSource}});
        conventions.push_back({{"name", "hours_per_month"},
                               {"value", args.hoursPerMonth},
                               {"source",
                                args.hoursPerMonth == pricing::kDefaultHoursPerMonth
                                    ? kHoursPerMonthSource
                                    : "given with --hours-per-month"}});
        conventions.push_back(
            {{"name", "utilisation"},
             {"value", args.utilisation},
             {"source", args.utilisationGiven ? "given with --utilisation" : kUtilisationSource}});
        conventions.push_back(
            {{"name", "formulas"}, {"value", nullptr}, {"source", kFormulaSource}});
        printJson(ctx.out,
                  {{"provider", args.provider},
                   {"region", args.region},
                   {"instance_type", args.instanceType},
                   {"os", args.os},
                   {"tenancy", args.tenancy},
                   {"utilisation", args.utilisation},
                   {"hours_per_month", args.hoursPerMonth},
                   {"hours_per_year", pricing::kHoursPerYear},
                   {"conventions", conventions},
                   {"on_demand",
                    {{"hourly", od->reportHourly},
                     {"currency", od->reportCurrency},
                     {"sku", od->offer.sku},
                     {"source", od->sourceName},
                     {"source_published_at", od->sourcePublishedAt}}},
                   {"commitments", list},
                   {"exchange_rates", rates},
                   {"notes", notes}});
        return 0;
    }

    if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"purchase_option",
                     "offering_class",
                     "term_months",
                     "payment_option",
                     "currency",
                     "upfront",
                     "hourly",
                     "effective_hourly",
                     "on_demand_hourly",
                     "saving_pct",
                     "term_cost",
                     "break_even_utilisation",
                     "break_even_usage_hours",
                     "break_even_month",
                     "upfront_recovery_hours",
                     "upfront_recovery_month",
                     "utilisation",
                     "net_saving",
                     "sku",
                     "source"};
        auto num = [](double v) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.10g", v);
            return std::string(buf);
        };
        auto optNum = [&](const std::optional<double>& v) {
            return v ? num(*v) : std::string();
        };
        for (const auto& r : rows) {
            const auto& o = r.offer->offer;
            const auto& b = r.breakEven;
            t.rows.push_back({std::string(pricing::toString(o.purchaseOption)),
                              o.offeringClass,
                              std::to_string(o.termMonths),
                              std::string(pricing::toString(o.paymentOption)),
                              r.offer->reportCurrency,
                              num(r.offer->reportUpfront),
                              num(r.offer->reportHourly),
                              num(b.effectiveHourly),
                              num(r.onDemand->reportHourly),
                              num(b.savingFraction * 100.0),
                              num(b.termCost),
                              num(b.breakEvenUtilisation),
                              num(b.breakEvenUsageHours),
                              optNum(b.breakEvenMonth),
                              optNum(b.upfrontRecoveryHours),
                              optNum(b.upfrontRecoveryMonth),
                              num(args.utilisation),
                              num(b.netSaving),
                              o.sku,
                              r.offer->sourceName});
        }
        printCsv(ctx.out, t);
        if (rows.empty()) {
            ctx.err << "cloudcost: note: " << none << '\n';
        }
        for (const auto& n : notes) {
            ctx.err << "cloudcost: note: " << n << '\n';
        }
        return 0;
    }

    const auto* od = onDemand.front();
    ctx.out << what << ": on-demand " << formatMoney(od->reportHourly) << " " << od->reportCurrency
            << "/h (" << sourceText(*od) << ")\n";
    if (rows.empty()) {
        ctx.out << none << '\n';
    } else {
        Table t;
        t.headers = {"purchase",
                     "term",
                     "payment",
                     "upfront",
                     "hourly",
                     "eff/h",
                     "saving",
                     "BE util",
                     "BE month",
                     "net saving",
                     "cur"};
        t.rightAlign = {false, false, false, true, true, true, true, true, true, true, false};
        for (const auto& r : rows) {
            const auto& o = r.offer->offer;
            const auto& b = r.breakEven;
            t.rows.push_back({purchaseText(o),
                              termText(o.termMonths),
                              std::string(pricing::toString(o.paymentOption)),
                              formatMoney(r.offer->reportUpfront),
                              formatMoney(r.offer->reportHourly),
                              formatMoney(b.effectiveHourly),
                              formatFixed(b.savingFraction * 100.0, 1) + "%",
                              formatFixed(b.breakEvenUtilisation * 100.0, 1) + "%",
                              optionalFixed(b.breakEvenMonth, 1),
                              formatMoney(b.netSaving),
                              r.offer->reportCurrency});
        }
        printTable(ctx.out, t);
        ctx.out << "eff/h = upfront / term hours + hourly; saving = 1 - eff/h / on-demand\n"
                   "BE util = eff/h / on-demand: the share of the term's hours that must be used\n"
                   "BE month = month in which on-demand spend at this utilisation passes the "
                   "term cost (- = not within the term)\n"
                   "net saving = on-demand x utilisation x term hours - term cost; formulas: "
                << kFormulaSource << "\n";
        ctx.out << "utilisation " << formatNumber(args.utilisation) << " ("
                << (args.utilisationGiven ? "given" : kUtilisationSource) << ")\n";
        ctx.out << "8760 h a year (" << kHoursPerYearSource << ")\n"
                << formatNumber(args.hoursPerMonth) << " h a month ("
                << (args.hoursPerMonth == pricing::kDefaultHoursPerMonth
                        ? kHoursPerMonthSource
                        : "given with --hours-per-month")
                << ")\n";
        std::vector<std::string> sources;
        for (const auto& r : rows) {
            const auto s = sourceText(*r.offer);
            if (std::find(sources.begin(), sources.end(), s) == sources.end()) {
                sources.push_back(s);
            }
        }
        for (const auto& s : sources) {
            ctx.out << "commitment prices: " << s << '\n';
        }
    }
    for (const auto& r : page->ratesUsed) {
        ctx.out << "exchange rate used: 1 " << r.base << " = " << r.rate << " " << r.quote << " ("
                << r.asOf << (r.source.empty() ? "" : ", " + r.source) << ")\n";
    }
    for (const auto& n : notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
    return 0;
}

class CommitCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        m_cmd = app.add_subcommand(
            "commit",
            "effective hourly rate and break-even of the commitments (reserved, savings plan, "
            "committed-use) for one instance in the catalog");
        m_cmd->add_option("--provider", m_args.provider, "aws, azure, gcp, alibaba, ...")
            ->required();
        m_cmd->add_option("--region", m_args.region, "region code, e.g. us-east-1")->required();
        m_cmd->add_option("--instance-type", m_args.instanceType, "exact instance type")
            ->required();
        m_cmd->add_option("--os", m_args.os, "linux (default), windows, rhel, suse, ...");
        m_cmd->add_option("--tenancy", m_args.tenancy, "shared (default), dedicated, host");
        m_cmd->add_option("--utilisation,--utilization",
                          m_args.utilisation,
                          "fraction of the term's hours the instance runs, 0..1 (default 1)");
        m_cmd->add_option("--hours-per-month",
                          m_args.hoursPerMonth,
                          "hours in a month for break-even months (default 730, MODELS.md §0)");
        m_cmd->add_option("--currency", m_args.currency, "report currency (ISO 4217); uses `fx`");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (!m_cmd || !*m_cmd) {
            return std::nullopt;
        }
        m_args.utilisationGiven = m_cmd->count("--utilisation") > 0;
        return runCommit(ctx, m_args);
    }

private:
    CLI::App* m_cmd = nullptr;
    CommitArgs m_args;
};

} // namespace

std::unique_ptr<CommandModule> makeCommitCommands()
{
    return std::make_unique<CommitCommands>();
}

} // namespace cloudcost::cli
