// `cloudcost spot INSTANCE --region R ...`: spot price history statistics, the interruption
// estimate with its conversion, Young/Daly checkpoint intervals and the expected run time and cost
// of a checkpointed job (closed form and Monte Carlo). Method and fields: docs/SPOT.md,
// docs/CLI.md "spot".
#include "app/cli/CommandModule.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/models/Conventions.h"
#include "pricing/models/Distributions.h"
#include "pricing/models/SpotData.h"
#include "pricing/models/SpotModels.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <ostream>
#include <set>
#include <tuple>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using namespace cloudcost::pricing;

constexpr double kInf = std::numeric_limits<double>::infinity();

struct SpotArgs
{
    std::string instanceType;
    std::string region;
    std::string provider;
    std::string os = "linux";
    std::string zone;
    std::string from;
    std::string to;
    std::optional<double> jobHours;
    std::optional<double> checkpointMinutes;
    std::optional<double> restartMinutes;
    std::optional<double> intervalMinutes;
    std::optional<double> interruptionPct;
    std::optional<double> mtbfHours;
    std::string bucketPoint = "upper";
    std::optional<double> noticeSeconds;
    bool noNotice = false;
    bool preemptible = false;
    std::optional<int> pools;
    std::optional<int> fallbackAfter;
    std::optional<double> spotHourly;
    std::optional<double> onDemandHourly;
    std::optional<std::uint64_t> monteCarlo;
    std::uint64_t seed = RandomEngine::default_seed;
};

// One line of the report: the CSV prints them all, the table prints them per section.
struct Row
{
    std::string section;
    std::string zone;
    std::string field;
    std::string value;
    std::string unit;
    std::string source;
};

std::string g(double v, int digits = 6)
{
    if (std::isinf(v)) {
        return v > 0 ? "inf" : "-inf";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
}

// JSON number, or null for +-inf / NaN (JSON has no infinity).
json num(double v)
{
    return std::isfinite(v) ? json(v) : json(nullptr);
}

json optNum(const std::optional<double>& v)
{
    return v ? num(*v) : json(nullptr);
}

std::string sourceText(const SourcedValue& s)
{
    return std::string(s.tag) + " " + std::string(s.reference);
}

Error usage(const std::string& option, const std::string& message)
{
    return makeError(Error::Code::InvalidInput, message, option);
}

Status
checkOptional(const std::optional<double>& v, const char* option, bool allowZero, const char* what)
{
    if (!v) {
        return {};
    }
    if (!std::isfinite(*v) || *v < 0 || (!allowZero && *v == 0)) {
        return usage(option, g(*v) + " is not " + what);
    }
    return {};
}

Status validateArgs(const SpotArgs& a)
{
    if (a.region.empty()) {
        return usage("--region", "a region is required (e.g. us-east-1)");
    }
    const std::pair<const std::optional<double>*, const char*> positive[] = {
        {&a.jobHours, "--job-hours"},
        {&a.checkpointMinutes, "--checkpoint-minutes"},
        {&a.intervalMinutes, "--interval-minutes"},
    };
    for (const auto& [v, name] : positive) {
        if (auto st = checkOptional(*v, name, false, "a positive number"); !st) {
            return st;
        }
    }
    const std::pair<const std::optional<double>*, const char*> nonNegative[] = {
        {&a.restartMinutes, "--restart-minutes"},
        {&a.noticeSeconds, "--notice-seconds"},
        {&a.spotHourly, "--spot-hourly"},
        {&a.onDemandHourly, "--on-demand-hourly"},
    };
    for (const auto& [v, name] : nonNegative) {
        if (auto st = checkOptional(*v, name, true, "a number >= 0"); !st) {
            return st;
        }
    }
    if (a.mtbfHours && (std::isnan(*a.mtbfHours) || *a.mtbfHours <= 0)) {
        return usage("--mtbf-hours", g(*a.mtbfHours) + " is not a positive number of hours");
    }
    if (a.interruptionPct
        && (!std::isfinite(*a.interruptionPct) || *a.interruptionPct < 0
            || *a.interruptionPct >= 100)) {
        return usage("--interruption-pct",
                     g(*a.interruptionPct) + " is not a percentage in [0, 100)");
    }
    if (a.mtbfHours && a.interruptionPct) {
        return usage("--mtbf-hours", "give either --mtbf-hours or --interruption-pct, not both");
    }
    if (a.pools && (*a.pools < 1 || *a.pools > 1000)) {
        return usage("--pools", std::to_string(*a.pools) + " is not a pool count from 1 to 1000");
    }
    if (a.fallbackAfter && *a.fallbackAfter < 1) {
        return usage("--fallback-after", std::to_string(*a.fallbackAfter) + " is not a count >= 1");
    }
    if (a.jobHours && (!a.checkpointMinutes || !a.restartMinutes)) {
        return usage(a.checkpointMinutes ? "--restart-minutes" : "--checkpoint-minutes",
                     "the job model needs --job-hours, --checkpoint-minutes and "
                     "--restart-minutes (no default: they depend on your application)");
    }
    if (a.monteCarlo && !a.jobHours) {
        return usage("--monte-carlo", "simulates a job: give --job-hours too");
    }
    if (a.monteCarlo && (*a.monteCarlo < 2 || *a.monteCarlo > 10'000'000)) {
        return usage("--monte-carlo",
                     std::to_string(*a.monteCarlo) + " is not 2 to 10000000 trials");
    }
    return {};
}

// What the workspace can add for a provider, for the "no spot data" message.
std::string importHint(const std::string& provider)
{
    const std::string aws =
        "AWS: `aws ec2 describe-spot-price-history` JSON (format aws-spot-price-history) and the "
        "Spot Instance Advisor feed spot-advisor-data.json (aws-spot-advisor); samples: "
        "data/aws/spot-price-history/ and data/aws/spot-advisor/ of the shared sample data";
    const std::string alibaba =
        "Alibaba: DescribeSpotPriceHistory (alibaba-spot-price-history) and DescribeSpotAdvice "
        "(alibaba-spot-advice) responses";
    if (provider == "aws") {
        return aws;
    }
    if (provider == "alibaba") {
        return alibaba;
    }
    return aws + "; " + alibaba + " (`cloudcost import --list-formats` lists every format)";
}

// Statistics of one zone's history, with the rows they came from.
struct ZoneStats
{
    std::string zone;
    PriceSeriesStats stats;
    std::set<std::string> sources;
    std::optional<double> onDemandFromSource; // Alibaba OriginPrice (latest)
};

struct Interruption
{
    InterruptionEstimate estimate;
    std::string from;         // "AWS Spot Instance Advisor", "--mtbf-hours", ...
    std::string zone;         // zone of the advice row used
    std::string source;       // sheet name
    std::string windowSource; // where the window length comes from
    std::string conversion;   // the arithmetic, in words
};

SourcedValue windowSourced(const std::string& provider)
{
    if (provider == "aws") {
        return kAwsAdvisorWindowHours;
    }
    if (provider == "alibaba") {
        return kAlibabaAdviceWindowHours;
    }
    return SourcedValue{kDefaultHoursPerMonth, "convention", "month = 730 h (MODELS.md §0)"};
}

std::string windowSourceFor(const std::string& provider)
{
    return sourceText(windowSourced(provider));
}

double windowHoursFor(const std::string& provider)
{
    return windowSourced(provider).value;
}

std::string conversionText(const InterruptionEstimate& e, bool mtbfGiven)
{
    if (mtbfGiven && std::isinf(e.mtbfHours)) {
        return "M = inf given: no interruptions";
    }
    std::string s = "lambda = -ln(1 - " + g(e.windowProbability, 4) + ") / " + g(e.windowHours)
                    + " h = " + g(e.hazardPerHour, 4) + " per hour; M = 1/lambda = "
                    + (std::isinf(e.mtbfHours) ? std::string("inf") : g(e.mtbfHours, 5)) + " h";
    if (mtbfGiven) {
        s = "M = " + g(e.mtbfHours, 5) + " h given; lambda = 1/M = " + g(e.hazardPerHour, 4)
            + " per hour; P(interrupted within " + g(e.windowHours)
            + " h) = 1 - e^(-lambda T) = " + g(e.windowProbability, 4);
    }
    return s;
}

// The interruption estimate: the user's, else the newest advice row per zone, most pessimistic.
Result<std::optional<Interruption>> chooseInterruption(const SpotArgs& a,
                                                       const std::string& provider,
                                                       const std::vector<StoredSpotAdvice>& advice,
                                                       BucketPoint point,
                                                       std::vector<std::string>& notes)
{
    const double windowHours = windowHoursFor(provider);
    if (a.mtbfHours) {
        auto e = interruptionFromMtbf(*a.mtbfHours, "--mtbf-hours");
        if (!e) {
            return e.error();
        }
        Interruption i{*e, "--mtbf-hours", "", "", "convention: month = 730 h (MODELS.md §0)", ""};
        i.conversion = conversionText(i.estimate, true);
        return std::optional<Interruption>(i);
    }
    if (a.interruptionPct) {
        auto e =
            interruptionFromPercent(*a.interruptionPct, windowHours, "user", "--interruption-pct");
        if (!e) {
            return e.error();
        }
        Interruption i{*e, "--interruption-pct", "", "", windowSourceFor(provider), ""};
        i.conversion = conversionText(i.estimate, false);
        return std::optional<Interruption>(i);
    }
    // Newest source per zone ("" = region-wide).
    std::map<std::string, const StoredSpotAdvice*> newest;
    for (const auto& row : advice) {
        auto& slot = newest[row.advice.zone];
        if (!slot || row.sourceId > slot->sourceId) {
            slot = &row;
        }
    }
    std::optional<Interruption> best;
    for (const auto& [zone, row] : newest) {
        const auto& adv = row->advice;
        Result<InterruptionEstimate> e = makeError(Error::Code::NotFound, "no estimate");
        std::string from;
        if (adv.interruptionPct) {
            e = interruptionFromPercent(*adv.interruptionPct,
                                        windowHours,
                                        "rate",
                                        "interruption_pct of " + row->sourceName);
            from = provider + " measured interruption rate";
            if (e && !adv.interruptionBucket.empty()) {
                // The provider's bucket around the measured rate, as a sensitivity range.
                if (auto b = interruptionFromBucket(adv.interruptionBucket, point, windowHours)) {
                    e->bucket = b->bucket;
                    e->lowProbability = b->lowProbability;
                    e->highProbability = b->highProbability;
                    e->mtbfAtLowHours = b->mtbfAtLowHours;
                    e->mtbfAtHighHours = b->mtbfAtHighHours;
                    e->midpointProbability = b->midpointProbability;
                    e->mtbfAtMidpointHours = b->mtbfAtMidpointHours;
                }
            }
        } else if (!adv.interruptionBucket.empty()) {
            e = interruptionFromBucket(adv.interruptionBucket, point, windowHours);
            from = provider == "aws" ? "AWS Spot Instance Advisor bucket"
                                     : provider + " interruption bucket";
        } else {
            continue;
        }
        if (!e) {
            notes.push_back("advice row of " + row->sourceName
                            + " skipped: " + e.error().describe());
            continue;
        }
        Interruption i{*e, from, zone, row->sourceName, windowSourceFor(provider), ""};
        i.conversion = conversionText(i.estimate, false);
        if (!best || i.estimate.hazardPerHour > best->estimate.hazardPerHour) {
            best = i;
        }
    }
    if (best && newest.size() > 1) {
        notes.push_back("advice for " + std::to_string(newest.size())
                        + " zones: the highest interruption rate is used (zone "
                        + (best->zone.empty() ? std::string("region-wide") : best->zone) + ")");
    }
    return best;
}

// The report under construction.
struct Report
{
    std::vector<Row> rows;
    std::string title;
    json j = json::object();
    std::vector<std::string> notes;

    void add(const std::string& section,
             const std::string& field,
             const std::string& value,
             const std::string& unit = {},
             const std::string& source = {},
             const std::string& zone = {})
    {
        rows.push_back(Row{section, zone, field, value, unit, source});
    }
};

void printReport(Context& ctx, Report& r, const std::vector<ZoneStats>& zones, bool onDemandKnown)
{
    if (ctx.format == OutputFormat::Json) {
        r.j["notes"] = r.notes;
        printJson(ctx.out, r.j);
        return;
    }
    if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"section", "zone", "field", "value", "unit", "source"};
        for (const auto& row : r.rows) {
            t.rows.push_back({row.section, row.zone, row.field, row.value, row.unit, row.source});
        }
        for (const auto& n : r.notes) {
            t.rows.push_back({"note", "", "note", n, "", ""});
        }
        printCsv(ctx.out, t);
        return;
    }
    ctx.out << r.title << '\n';
    if (!zones.empty()) {
        Table t;
        t.headers = {"zone",
                     "from",
                     "to",
                     "hours",
                     "changes",
                     "last",
                     "mean",
                     "min",
                     "p50",
                     "p95",
                     "max",
                     "cv",
                     "daily_sd"};
        if (onDemandKnown) {
            t.headers.push_back("saving");
        }
        t.rightAlign =
            {false, false, false, true, true, true, true, true, true, true, true, true, true, true};
        for (const auto& z : zones) {
            const auto& s = z.stats;
            std::vector<std::string> row = {z.zone,
                                            formatUtcSeconds(s.fromSeconds).substr(0, 16),
                                            formatUtcSeconds(s.toSeconds).substr(0, 16),
                                            g(s.coveredHours, 5),
                                            std::to_string(s.changes),
                                            formatMoney(s.lastHourly),
                                            formatMoney(s.meanHourly),
                                            formatMoney(s.minHourly),
                                            formatMoney(s.p50Hourly),
                                            formatMoney(s.p95Hourly),
                                            formatMoney(s.maxHourly),
                                            g(s.coefficientOfVariation, 3),
                                            s.dailyLogChangeSd ? g(*s.dailyLogChangeSd, 3) : "-"};
            if (onDemandKnown) {
                const auto& zj = r.j["zones"];
                for (const auto& e : zj) {
                    if (e["zone"] == z.zone && e["saving_vs_on_demand_pct"].is_number()) {
                        row.push_back(g(e["saving_vs_on_demand_pct"].get<double>(), 3) + "%");
                    }
                }
                if (row.size() < t.headers.size()) {
                    row.push_back("-");
                }
            }
            t.rows.push_back(std::move(row));
        }
        printTable(ctx.out, t);
        ctx.out << "time-weighted over each zone's window (a price holds until the next change); "
                   "cv = sd/mean; daily_sd = sd of daily log changes\n";
    }
    std::vector<std::string> order;
    for (const auto& row : r.rows) {
        if (row.section != "price_stats"
            && std::find(order.begin(), order.end(), row.section) == order.end()) {
            order.push_back(row.section);
        }
    }
    for (const auto& section : order) {
        Table t;
        t.headers = {section, "value", "source / how"};
        for (const auto& row : r.rows) {
            if (row.section == section) {
                t.rows.push_back(
                    {row.field, row.value + (row.unit.empty() ? "" : " " + row.unit), row.source});
            }
        }
        ctx.out << '\n';
        printTable(ctx.out, t);
    }
    ctx.out.flush();
    for (const auto& n : r.notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
}

int cmdSpot(Context& ctx, SpotArgs a)
{
    if (auto st = validateArgs(a); !st) {
        return fail(ctx, st.error());
    }
    a.os = text::toLower(a.os);
    a.provider = text::toLower(a.provider);
    const BucketPoint point = a.bucketPoint == "lower"      ? BucketPoint::Lower
                              : a.bucketPoint == "midpoint" ? BucketPoint::Midpoint
                                                            : BucketPoint::Upper;
    std::optional<std::int64_t> fromSeconds;
    std::optional<std::int64_t> toSeconds;
    for (auto [text, out, name] :
         {std::tuple{&a.from, &fromSeconds, "--from"}, std::tuple{&a.to, &toSeconds, "--to"}}) {
        if (!text->empty()) {
            // A bare date is midnight UTC.
            const std::string stamp = text->size() == 10 ? *text + "T00:00:00Z" : *text;
            auto s = parseUtcSeconds(stamp);
            if (!s) {
                return fail(ctx, usage(name, s.error().message));
            }
            *out = *s;
        }
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    SpotDataFilter filter{a.provider, a.region, a.zone, a.instanceType, a.os};
    auto prices = loadSpotPrices(*ws, filter);
    if (!prices) {
        return fail(ctx, prices.error());
    }
    auto advice = loadSpotAdvice(*ws, filter);
    if (!advice) {
        return fail(ctx, advice.error());
    }
    std::set<std::string> providers;
    for (const auto& p : *prices) {
        providers.insert(p.point.provider);
    }
    for (const auto& s : *advice) {
        providers.insert(s.advice.provider);
    }
    if (providers.size() > 1) {
        std::string list;
        for (const auto& p : providers) {
            list += (list.empty() ? "" : ", ") + p;
        }
        return fail(ctx,
                    usage("--provider",
                          "spot data for " + a.instanceType + " in " + a.region
                              + " comes from several providers (" + list + "): pass --provider"));
    }
    std::string provider =
        a.provider.empty() && !providers.empty() ? *providers.begin() : a.provider;
    Report r;
    std::string perHour = "per h";

    // Catalog spot offer (Azure/GCP price lists carry spot prices; AWS only via history).
    std::optional<OfferRow> catalogSpot;
    std::optional<OfferRow> catalogOnDemand;
    std::string currency;
    for (const auto& p : *prices) {
        if (currency.empty()) {
            currency = p.point.currency;
        } else if (p.point.currency != currency) {
            return fail(ctx,
                        makeError(Error::Code::InvalidInput,
                                  "spot prices in two currencies (" + currency + ", "
                                      + p.point.currency + "): remove one of the sources",
                                  p.sourceName));
        }
    }
    if (!provider.empty()) {
        OfferQuery q;
        q.providers = {provider};
        q.regions = {a.region};
        q.instanceTypes = {a.instanceType};
        q.os = {a.os};
        q.tenancies = {"shared"};
        q.limit = 1;
        q.currency = currency;
        q.purchaseOptions = {PurchaseOption::Spot};
        if (auto page = ws->queryOffers(q); page && !page->rows.empty()) {
            catalogSpot = page->rows.front();
        } else if (!page) {
            r.notes.push_back("catalog spot price not read: " + page.error().describe());
        }
        q.purchaseOptions = {PurchaseOption::OnDemand};
        if (auto page = ws->queryOffers(q); page && !page->rows.empty()) {
            catalogOnDemand = page->rows.front();
        } else if (!page) {
            r.notes.push_back("catalog on-demand price not read: " + page.error().describe());
        }
    }
    if (currency.empty() && catalogSpot) {
        currency = catalogSpot->reportCurrency;
    }
    if (currency.empty() && catalogOnDemand) {
        currency = catalogOnDemand->reportCurrency;
    }
    if (!currency.empty()) {
        perHour = currency + "/h";
    }

    if (prices->empty() && advice->empty() && !catalogSpot && !a.spotHourly) {
        auto have = spotDataAvailability(*ws, a.instanceType);
        std::string held;
        std::set<std::string> heldProviders;
        if (have) {
            constexpr std::size_t kShown = 6;
            for (std::size_t k = 0; k < have->size(); ++k) {
                const auto& h = (*have)[k];
                heldProviders.insert(h.provider);
                if (k == kShown) {
                    held += "; and " + std::to_string(have->size() - kShown) + " more";
                } else if (k < kShown) {
                    held += (held.empty() ? "" : "; ") + h.provider + " " + h.region + " "
                            + (h.os.empty() ? std::string("(any OS)") : h.os) + " ("
                            + std::to_string(h.priceRows) + " prices, "
                            + std::to_string(h.adviceRows) + " advice)";
                }
            }
        }
        const std::string hintProvider =
            provider.empty() && heldProviders.size() == 1 ? *heldProviders.begin() : provider;
        std::string message = "the workspace has no spot data for " + a.instanceType + " in "
                              + a.region + " (" + a.os + (provider.empty() ? "" : ", " + provider)
                              + ")";
        if (!held.empty()) {
            message += "; it has " + a.instanceType + " in: " + held;
        }
        message +=
            ". Import spot data first with `cloudcost import FILE`: " + importHint(hintProvider)
            + ". Or give --spot-hourly and --mtbf-hours (or --interruption-pct)";
        return fail(ctx, makeError(Error::Code::NotFound, message, "spot " + a.instanceType));
    }

    if (prices->empty()) {
        r.notes.push_back("no spot price history for " + a.instanceType + " in " + a.region + " ("
                          + a.os
                          + "): no per-zone statistics; import it with `cloudcost "
                            "import FILE` ("
                          + importHint(provider) + ")");
    }

    // ---- Price history statistics per zone ----
    std::map<std::string, std::vector<const StoredSpotPrice*>> byZone;
    std::int64_t latest = std::numeric_limits<std::int64_t>::min();
    std::map<const StoredSpotPrice*, std::int64_t> seconds;
    for (const auto& p : *prices) {
        auto s = parseUtcSeconds(p.point.timestamp);
        if (!s) {
            return fail(ctx,
                        makeError(Error::Code::InvalidInput,
                                  s.error().message,
                                  p.sourceName + ": spot price of " + p.point.zone));
        }
        seconds[&p] = *s;
        latest = std::max(latest, *s);
        byZone[p.point.zone].push_back(&p);
    }
    std::optional<double> onDemandHourly = a.onDemandHourly;
    std::string onDemandSource = a.onDemandHourly ? "--on-demand-hourly" : "";
    if (!onDemandHourly && catalogOnDemand) {
        onDemandHourly = catalogOnDemand->reportEffectiveHourly;
        onDemandSource = "catalog: " + catalogOnDemand->sourceName
                         + (catalogOnDemand->sourcePublishedAt.empty()
                                ? ""
                                : " (" + text::isoDate(catalogOnDemand->sourcePublishedAt) + ")");
    }
    std::vector<ZoneStats> zones;
    std::string firstWindowError;
    const std::int64_t windowTo = toSeconds.value_or(latest);
    for (auto& [zone, rows] : byZone) {
        std::stable_sort(rows.begin(), rows.end(), [&](const auto* x, const auto* y) {
            return seconds[x] < seconds[y];
        });
        std::vector<PriceStep> steps;
        ZoneStats z;
        z.zone = zone;
        for (const auto* p : rows) {
            steps.push_back(PriceStep{seconds[p], p->point.hourly});
            z.sources.insert(p->sourceName);
            if (p->point.onDemandHourly) {
                z.onDemandFromSource = p->point.onDemandHourly;
            }
        }
        const std::int64_t windowFrom = fromSeconds.value_or(steps.front().atSeconds);
        std::optional<double> reference = onDemandHourly;
        if (!reference && z.onDemandFromSource) {
            reference = z.onDemandFromSource;
        }
        auto stats = timeWeightedStats(steps, windowFrom, windowTo, reference);
        if (!stats) {
            r.notes.push_back("zone " + zone + ": " + stats.error().message);
            if (firstWindowError.empty()) {
                firstWindowError = "zone " + zone + ": " + stats.error().message;
            }
            continue;
        }
        z.stats = *stats;
        zones.push_back(std::move(z));
    }
    if (!prices->empty() && zones.empty()) {
        return fail(ctx,
                    usage(a.from.empty() && a.to.empty() ? "window" : "--from/--to",
                          "no zone has a price inside the window (" + firstWindowError + ")"));
    }
    if (!onDemandHourly) {
        for (const auto& z : zones) {
            if (z.onDemandFromSource) {
                onDemandHourly = z.onDemandFromSource;
                onDemandSource = "OriginPrice in the spot price history (pay-as-you-go price)";
            }
        }
    }

    // ---- The title and the zone section ----
    r.j["instance_type"] = a.instanceType;
    r.j["provider"] = provider;
    r.j["region"] = a.region;
    r.j["os"] = a.os;
    r.j["currency"] = currency;
    r.title = "spot " + a.instanceType + "  " + (provider.empty() ? "-" : provider) + " " + a.region
              + " " + a.os + "  (prices in " + (currency.empty() ? "-" : currency)
              + " per instance-hour)";
    json zonesJson = json::array();
    for (const auto& z : zones) {
        const auto& s = z.stats;
        json zj = {{"zone", z.zone},
                   {"from", formatUtcSeconds(s.fromSeconds)},
                   {"to", formatUtcSeconds(s.toSeconds)},
                   {"covered_hours", s.coveredHours},
                   {"levels", s.levels},
                   {"changes", s.changes},
                   {"first_hourly", s.firstHourly},
                   {"last_hourly", s.lastHourly},
                   {"mean_hourly", s.meanHourly},
                   {"min_hourly", s.minHourly},
                   {"p5_hourly", s.p5Hourly},
                   {"p50_hourly", s.p50Hourly},
                   {"p95_hourly", s.p95Hourly},
                   {"max_hourly", s.maxHourly},
                   {"sd_hourly", s.sdHourly},
                   {"cv", s.coefficientOfVariation},
                   {"daily_log_change_sd", optNum(s.dailyLogChangeSd)},
                   {"daily_changes", s.dailyChanges},
                   {"share_at_or_above_on_demand", optNum(s.shareAtOrAboveReference)},
                   {"sources", z.sources}};
        const std::optional<double> reference = onDemandHourly;
        zj["saving_vs_on_demand_pct"] = reference && *reference > 0
                                            ? num(100.0 * (1.0 - s.meanHourly / *reference))
                                            : json(nullptr);
        zonesJson.push_back(zj);
        const std::pair<const char*, double> fields[] = {{"covered_hours", s.coveredHours},
                                                         {"last_hourly", s.lastHourly},
                                                         {"mean_hourly", s.meanHourly},
                                                         {"min_hourly", s.minHourly},
                                                         {"p5_hourly", s.p5Hourly},
                                                         {"p50_hourly", s.p50Hourly},
                                                         {"p95_hourly", s.p95Hourly},
                                                         {"max_hourly", s.maxHourly},
                                                         {"sd_hourly", s.sdHourly},
                                                         {"cv", s.coefficientOfVariation}};
        r.add("price_stats", "from", formatUtcSeconds(s.fromSeconds), "", "", z.zone);
        r.add("price_stats", "to", formatUtcSeconds(s.toSeconds), "", "", z.zone);
        r.add("price_stats", "changes", std::to_string(s.changes), "", "", z.zone);
        for (const auto& [name, value] : fields) {
            const bool money = std::string_view(name).ends_with("hourly");
            r.add("price_stats", name, g(value, 10), money ? perHour : "", "", z.zone);
        }
        if (s.dailyLogChangeSd) {
            r.add("price_stats", "daily_log_change_sd", g(*s.dailyLogChangeSd, 10), "", "", z.zone);
        }
        if (zj["saving_vs_on_demand_pct"].is_number()) {
            r.add("price_stats",
                  "saving_vs_on_demand_pct",
                  g(zj["saving_vs_on_demand_pct"].get<double>(), 6),
                  "%",
                  "1 - mean / on-demand",
                  z.zone);
        }
    }
    r.j["zones"] = zonesJson;
    r.j["window"] = {{"to", zones.empty() ? json(nullptr) : json(formatUtcSeconds(windowTo))},
                     {"from", fromSeconds ? json(formatUtcSeconds(*fromSeconds)) : json(nullptr)},
                     {"rule",
                      "each zone from its first price (or --from) to the latest price of any "
                      "zone (or --to); a price holds until the next change"}};

    // ---- Prices ----
    r.add("prices",
          "on_demand_hourly",
          onDemandHourly ? g(*onDemandHourly, 8) : "-",
          perHour,
          onDemandHourly ? onDemandSource : "not in the workspace: give --on-demand-hourly");
    r.j["on_demand"] = onDemandHourly
                           ? json{{"hourly", *onDemandHourly}, {"source", onDemandSource}}
                           : json(nullptr);
    if (catalogSpot) {
        r.add("prices",
              "catalog_spot_hourly",
              g(catalogSpot->reportEffectiveHourly, 8),
              perHour,
              "catalog: " + catalogSpot->sourceName);
        r.j["catalog_spot"] = {{"hourly", catalogSpot->reportEffectiveHourly},
                               {"source", catalogSpot->sourceName}};
    } else {
        r.j["catalog_spot"] = nullptr;
    }
    std::optional<double> jobSpotHourly = a.spotHourly;
    std::string jobSpotBasis = a.spotHourly ? "--spot-hourly" : "";
    if (!jobSpotHourly && !zones.empty()) {
        const auto cheapest =
            std::min_element(zones.begin(), zones.end(), [](const auto& x, const auto& y) {
                return x.stats.meanHourly < y.stats.meanHourly;
            });
        jobSpotHourly = cheapest->stats.meanHourly;
        jobSpotBasis =
            "time-weighted mean of " + cheapest->zone
            + (zones.size() > 1 ? " (lowest mean of " + std::to_string(zones.size()) + " zones)"
                                : std::string());
    }
    if (!jobSpotHourly && catalogSpot) {
        jobSpotHourly = catalogSpot->reportEffectiveHourly;
        jobSpotBasis = "catalog spot price (" + catalogSpot->sourceName + ")";
    }
    if (jobSpotHourly) {
        r.add("prices", "spot_hourly_for_job", g(*jobSpotHourly, 8), perHour, jobSpotBasis);
    }
    r.j["spot_price_for_job"] =
        jobSpotHourly ? json{{"hourly", *jobSpotHourly}, {"basis", jobSpotBasis}} : json(nullptr);
    json adviceJson = json::array();
    for (const auto& s : *advice) {
        adviceJson.push_back({{"zone", s.advice.zone},
                              {"bucket", s.advice.interruptionBucket},
                              {"interruption_pct", optNum(s.advice.interruptionPct)},
                              {"savings_pct", optNum(s.advice.savingsPct)},
                              {"source", s.sourceName}});
        if (s.advice.savingsPct) {
            r.add("prices",
                  "advisor_savings_pct",
                  g(*s.advice.savingsPct),
                  "%",
                  "provider's own figure (" + s.sourceName + ")",
                  s.advice.zone);
        }
    }
    r.j["advice"] = adviceJson;

    // ---- Interruption ----
    auto chosen = chooseInterruption(a, provider, *advice, point, r.notes);
    if (!chosen) {
        return fail(ctx, chosen.error());
    }
    std::optional<Interruption> interruption = *chosen;
    if (interruption) {
        const auto& e = interruption->estimate;
        const std::string assumption =
            "assumption: exponential lifetimes (memoryless), MODELS.md §3.2";
        r.add("interruption",
              "basis",
              interruption->from,
              "",
              interruption->source.empty() ? "" : interruption->source,
              interruption->zone);
        if (!e.bucket.empty()) {
            std::string how = "point of the bucket used: " + e.point;
            if (e.openEnded) {
                how += " (open bucket: only its lower edge is known, so the rate is AT LEAST this)";
            } else if (e.basis == "bucket" && e.point == "upper") {
                how += " (the label's bound: conservative, more interruptions)";
            }
            r.add("interruption",
                  "bucket",
                  e.bucket,
                  "",
                  e.basis == "bucket" ? how : "sensitivity range");
        }
        r.add("interruption",
              "window_probability",
              g(e.windowProbability, 6),
              "",
              e.basis == "rate" ? "provider's measured rate"
                                : "share interrupted within the window");
        r.add("interruption", "window_hours", g(e.windowHours), "h", interruption->windowSource);
        r.add("interruption", "hazard_per_hour", g(e.hazardPerHour, 6), "1/h", assumption);
        r.add("interruption",
              "mtbf_hours",
              std::isinf(e.mtbfHours) ? "inf" : g(e.mtbfHours, 6),
              "h",
              interruption->conversion);
        if (e.lowProbability) {
            r.add("interruption",
                  "mtbf_at_low_edge_hours",
                  g(e.mtbfAtLowHours.value_or(kInf), 6),
                  "h",
                  "sensitivity: bucket lower edge " + g(*e.lowProbability * 100) + "%");
        }
        if (e.midpointProbability) {
            r.add("interruption",
                  "mtbf_at_midpoint_hours",
                  g(e.mtbfAtMidpointHours.value_or(kInf), 6),
                  "h",
                  "sensitivity: bucket midpoint " + g(*e.midpointProbability * 100) + "%");
        }
        if (e.highProbability) {
            r.add("interruption",
                  "mtbf_at_high_edge_hours",
                  g(e.mtbfAtHighHours.value_or(kInf), 6),
                  "h",
                  "sensitivity: bucket upper edge " + g(*e.highProbability * 100) + "%");
        }
        r.j["interruption"] = {{"from", interruption->from},
                               {"zone", interruption->zone},
                               {"source", interruption->source},
                               {"basis", e.basis},
                               {"bucket", e.bucket},
                               {"point", e.point},
                               {"open_ended", e.openEnded},
                               {"window_probability", e.windowProbability},
                               {"window_hours", e.windowHours},
                               {"window_source", interruption->windowSource},
                               {"hazard_per_hour", e.hazardPerHour},
                               {"mtbf_hours", num(e.mtbfHours)},
                               {"conversion", interruption->conversion},
                               {"assumption", assumption},
                               {"sensitivity",
                                {{"low_probability", optNum(e.lowProbability)},
                                 {"mtbf_at_low_hours", optNum(e.mtbfAtLowHours)},
                                 {"midpoint_probability", optNum(e.midpointProbability)},
                                 {"mtbf_at_midpoint_hours", optNum(e.mtbfAtMidpointHours)},
                                 {"high_probability", optNum(e.highProbability)},
                                 {"mtbf_at_high_hours", optNum(e.mtbfAtHighHours)}}}};
        if (e.basis == "rate" && e.windowProbability == 0) {
            r.notes.push_back("the provider measured 0 % interruptions: M is infinite (no "
                              "interruption expected); pass --interruption-pct to test a rate");
        }
    } else {
        r.j["interruption"] = nullptr;
        r.notes.push_back("no interruption estimate: import the provider's spot advice ("
                          + importHint(provider) + ") or pass --interruption-pct or --mtbf-hours");
    }

    // ---- Pools ----
    if (a.pools && interruption) {
        const auto& e = interruption->estimate;
        std::vector<double> ps(static_cast<std::size_t>(*a.pools), e.windowProbability);
        const double all = probabilityAllPoolsInterrupted(ps);
        const double hazardAll = hazardFromWindowProbability(all, e.windowHours);
        const std::string independence =
            "ASSUMES independent pools (real pools share demand shocks, MODELS.md §3.3)";
        r.add("pools", "pools", std::to_string(*a.pools), "", "--pools");
        r.add("pools",
              "p_all_interrupted_in_window",
              g(all, 6),
              "",
              "p^" + std::to_string(*a.pools) + "; " + independence);
        r.add("pools", "hazard_all_lost_per_hour", g(hazardAll, 6), "1/h", "-ln(1 - p_all) / T");
        r.j["pools"] = {{"pools", *a.pools},
                        {"p_all_interrupted_in_window", all},
                        {"hazard_all_lost_per_hour", hazardAll},
                        {"assumption", independence}};
    } else {
        r.j["pools"] = nullptr;
    }

    // ---- Checkpoint intervals ----
    if (a.checkpointMinutes && interruption) {
        const double delta = *a.checkpointMinutes / 60.0;
        const double m = interruption->estimate.mtbfHours;
        const double young = youngIntervalHours(delta, m);
        const double daly = dalyIntervalHours(delta, m);
        const bool inRange = delta < 2 * m;
        r.add("checkpoint",
              "checkpoint_minutes",
              g(*a.checkpointMinutes),
              "min",
              "--checkpoint-minutes");
        r.add("checkpoint",
              "young_interval_minutes",
              g(young * 60, 6),
              "min",
              "Young 1974 (CACM 17(9)): sqrt(2 delta M)");
        r.add("checkpoint",
              "daly_interval_minutes",
              g(daly * 60, 6),
              "min",
              inRange ? "Daly 2006 (FGCS 22): sqrt(2dM)[1 + sqrt(d/2M)/3 + (d/2M)/9] - d, d < 2M"
                      : "Daly 2006: d >= 2M, so tau = M");
        r.j["checkpoint"] = {{"checkpoint_minutes", *a.checkpointMinutes},
                             {"young_interval_minutes", num(young * 60)},
                             {"daly_interval_minutes", num(daly * 60)},
                             {"daly_formula_in_range", inRange}};
    } else {
        r.j["checkpoint"] = nullptr;
    }

    // ---- The job ----
    r.j["job"] = nullptr;
    r.j["monte_carlo"] = nullptr;
    json sources = json::array();
    auto addSource = [&](const std::string& what, const SourcedValue& s) {
        sources.push_back(
            {{"what", what}, {"value", s.value}, {"tag", s.tag}, {"reference", s.reference}});
    };
    if (a.jobHours) {
        if (!interruption) {
            return fail(ctx,
                        usage("--interruption-pct",
                              "the job model needs an interruption rate: none in the workspace "
                              "for this instance; pass --interruption-pct or --mtbf-hours"));
        }
        if (!jobSpotHourly) {
            return fail(ctx, usage("--spot-hourly", "no spot price known: pass --spot-hourly"));
        }
        if (a.fallbackAfter && !onDemandHourly) {
            return fail(ctx,
                        usage("--on-demand-hourly",
                              "the on-demand fallback needs an on-demand price: none in the "
                              "workspace, pass --on-demand-hourly"));
        }
        SpotJobSpec spec;
        spec.solveHours = *a.jobHours;
        spec.checkpointHours = *a.checkpointMinutes / 60.0;
        spec.restartHours = *a.restartMinutes / 60.0;
        spec.mtbfHours = interruption->estimate.mtbfHours;
        if (a.intervalMinutes) {
            spec.intervalHours = *a.intervalMinutes / 60.0;
        }
        std::string noticeSource = "no notice documented for this provider: none assumed";
        if (a.noticeSeconds) {
            spec.noticeHours = *a.noticeSeconds / 3600.0;
            noticeSource = "--notice-seconds";
        } else if (auto n = spotNoticeSeconds(provider)) {
            spec.noticeHours = n->value / 3600.0;
            noticeSource = sourceText(*n);
            addSource("notice_seconds", *n);
        }
        spec.checkpointOnNotice = !a.noNotice;
        if (a.preemptible) {
            if (provider != "gcp") {
                return fail(ctx,
                            usage("--preemptible",
                                  "the 24 h maximum runtime is GCP's preemptible VMs' (provider "
                                  "gcp); Spot VMs and other providers have none"));
            }
            spec.maxInstanceHours = kGcpPreemptibleMaxHours.value;
            addSource("max_instance_hours", kGcpPreemptibleMaxHours);
        }
        spec.fallbackAfterInterruptions = a.fallbackAfter;
        spec.spotHourly = *jobSpotHourly;
        spec.onDemandHourly = onDemandHourly;
        auto est = estimateSpotJob(spec);
        if (!est) {
            return fail(ctx, est.error());
        }
        const auto& e = *est;
        const std::string unit = currency.empty() ? "" : currency;
        r.add("job", "job_hours", g(spec.solveHours), "h", "--job-hours (failure-free compute)");
        r.add("job", "restart_minutes", g(*a.restartMinutes), "min", "--restart-minutes");
        r.add("job", "notice_seconds", g(spec.noticeHours * 3600), "s", noticeSource);
        r.add("job",
              "strategy",
              std::string(checkpointStrategyName(e.strategy)),
              "",
              e.strategy == CheckpointStrategy::OnNotice
                  ? "checkpoint fits in the notice: written on notice, no work lost"
                  : "periodic checkpoints (the checkpoint does not fit in the notice, or "
                    "--no-notice)");
        if (e.strategy == CheckpointStrategy::Periodic) {
            r.add("job",
                  "interval_minutes",
                  g(e.intervalHours * 60, 6),
                  "min",
                  a.intervalMinutes ? "--interval-minutes"
                                    : "Daly's interval (capped at the job length)");
        }
        r.add("job",
              "expected_wall_hours",
              g(e.expectedWallHours, 6),
              "h",
              e.strategy == CheckpointStrategy::OnNotice
                  ? "Ts e^(R/M) (1 + notice/M)"
                  : "Daly 2006: M e^(R/M) (e^((tau+d)/M) - 1) Ts/tau");
        r.add("job", "expected_interruptions", g(e.expectedInterruptions, 6), "", "Poisson mean");
        if (spec.maxInstanceHours) {
            r.add("job",
                  "expected_forced_stops",
                  g(e.expectedForcedStops, 6),
                  "",
                  sourceText(kGcpPreemptibleMaxHours));
        }
        r.add("job",
              "p_uninterrupted",
              g(e.probabilityUninterrupted, 6),
              "",
              "e^(-Ts/M): an uncheckpointed job never interrupted");
        if (spec.fallbackAfterInterruptions) {
            r.add("job",
                  "p_fallback",
                  g(e.probabilityFallback, 6),
                  "",
                  "P(at least " + std::to_string(*spec.fallbackAfterInterruptions)
                      + " interruption(s) before the end)");
        }
        r.add("job", "expected_spot_hours", g(e.expectedSpotHours, 6), "h");
        r.add("job",
              "expected_on_demand_hours",
              g(e.expectedOnDemandHours, 6),
              "h",
              e.spotPriceAtOrAboveOnDemand ? "spot price >= on-demand: the job runs on on-demand"
                                           : "");
        r.add("job",
              "expected_cost",
              g(e.expectedCost, 8),
              unit,
              "spot price x spot hours + on-demand price x on-demand hours");
        std::string recommendation = "-";
        if (e.onDemandCost) {
            r.add("job", "on_demand_cost", g(*e.onDemandCost, 8), unit, "on-demand price x Ts");
            recommendation = e.expectedCost < *e.onDemandCost ? "spot" : "on_demand";
            if (*e.onDemandCost > 0) {
                r.add("job",
                      "saving_vs_on_demand_pct",
                      g(100.0 * (1.0 - e.expectedCost / *e.onDemandCost), 6),
                      "%");
            }
            r.add("job", "cheaper", recommendation, "", "by expected cost");
        }
        for (const auto& ap : e.approximations) {
            r.notes.push_back("approximation: " + ap);
        }
        r.j["job"] = {{"job_hours", spec.solveHours},
                      {"checkpoint_minutes", *a.checkpointMinutes},
                      {"restart_minutes", *a.restartMinutes},
                      {"notice_seconds", spec.noticeHours * 3600},
                      {"notice_source", noticeSource},
                      {"max_instance_hours", optNum(spec.maxInstanceHours)},
                      {"fallback_after_interruptions",
                       spec.fallbackAfterInterruptions ? json(*spec.fallbackAfterInterruptions)
                                                       : json(nullptr)},
                      {"spot_hourly", spec.spotHourly},
                      {"on_demand_hourly", optNum(spec.onDemandHourly)},
                      {"mtbf_hours", num(spec.mtbfHours)},
                      {"strategy", checkpointStrategyName(e.strategy)},
                      {"interval_minutes", num(e.intervalHours * 60)},
                      {"young_interval_minutes", num(e.youngIntervalHours * 60)},
                      {"daly_interval_minutes", num(e.dalyIntervalHours * 60)},
                      {"expected_wall_hours", num(e.expectedWallHours)},
                      {"expected_interruptions", num(e.expectedInterruptions)},
                      {"expected_forced_stops", num(e.expectedForcedStops)},
                      {"p_uninterrupted", e.probabilityUninterrupted},
                      {"p_fallback", e.probabilityFallback},
                      {"expected_spot_hours", num(e.expectedSpotHours)},
                      {"expected_on_demand_hours", num(e.expectedOnDemandHours)},
                      {"expected_cost", num(e.expectedCost)},
                      {"on_demand_cost", optNum(e.onDemandCost)},
                      {"spot_price_at_or_above_on_demand", e.spotPriceAtOrAboveOnDemand},
                      {"cheaper", recommendation},
                      {"approximations", e.approximations}};
        if (a.monteCarlo) {
            auto sim = simulateSpotJob(spec, *a.monteCarlo, a.seed);
            if (!sim) {
                Error error = sim.error();
                if (error.context == "trials") {
                    error.context = "--monte-carlo";
                }
                return fail(ctx, error);
            }
            const auto& s = *sim;
            const std::string how = "Monte Carlo: exponential lifetimes by inverse transform, "
                                    "mt19937_64 seed "
                                    + std::to_string(s.seed);
            r.add("monte_carlo", "trials", std::to_string(s.trials), "", how);
            r.add("monte_carlo",
                  "seed",
                  std::to_string(s.seed),
                  "",
                  a.seed == RandomEngine::default_seed ? "default: mt19937_64 default_seed 5489"
                                                       : "--seed");
            r.add("monte_carlo",
                  "cost_mean",
                  g(s.cost.mean, 8),
                  unit,
                  "95% CI " + g(s.cost.ciLow, 6) + " to " + g(s.cost.ciHigh, 6));
            r.add("monte_carlo", "cost_p5", g(s.cost.p5, 8), unit, "Hyndman-Fan type 7");
            r.add("monte_carlo", "cost_p50", g(s.cost.p50, 8), unit);
            r.add("monte_carlo", "cost_p95", g(s.cost.p95, 8), unit);
            r.add("monte_carlo",
                  "wall_hours_mean",
                  g(s.wallHours.mean, 6),
                  "h",
                  "95% CI " + g(s.wallHours.ciLow, 6) + " to " + g(s.wallHours.ciHigh, 6));
            r.add("monte_carlo", "wall_hours_p95", g(s.wallHours.p95, 6), "h");
            r.add("monte_carlo", "interruptions_mean", g(s.interruptions.mean, 6));
            r.add("monte_carlo", "on_demand_hours_mean", g(s.meanOnDemandHours, 6), "h");
            r.add("monte_carlo", "p_fallback", g(s.probabilityFallback, 6));
            if (s.probabilityCostAboveOnDemand) {
                r.add("monte_carlo",
                      "p_cost_above_on_demand",
                      g(*s.probabilityCostAboveOnDemand, 6));
            }
            auto summary = [](const OutputSummary& o) {
                return json{{"mean", o.mean},
                            {"sd", o.sd},
                            {"ci_low", o.ciLow},
                            {"ci_high", o.ciHigh},
                            {"p5", o.p5},
                            {"p50", o.p50},
                            {"p95", o.p95},
                            {"min", o.min},
                            {"max", o.max}};
            };
            r.j["monte_carlo"] = {
                {"trials", s.trials},
                {"seed", s.seed},
                {"cost", summary(s.cost)},
                {"wall_hours", summary(s.wallHours)},
                {"interruptions", summary(s.interruptions)},
                {"on_demand_hours_mean", s.meanOnDemandHours},
                {"p_fallback", s.probabilityFallback},
                {"p_cost_above_on_demand", optNum(s.probabilityCostAboveOnDemand)},
                {"method", how}};
        }
    }
    if (interruption && interruption->from != "--mtbf-hours") {
        addSource("window_hours", windowSourced(provider));
    }
    addSource("hours_per_month",
              SourcedValue{kDefaultHoursPerMonth,
                           "[V]",
                           "MODELS.md §0: 730 h = 8760 / 12 (Azure Migrate)"});
    r.j["sources"] = sources;
    for (const auto& s : sources) {
        r.add("sources",
              s["what"].get<std::string>(),
              g(s["value"].get<double>()),
              "",
              s["tag"].get<std::string>() + " " + s["reference"].get<std::string>());
    }
    printReport(ctx, r, zones, onDemandHourly.has_value());
    return 0;
}

class SpotCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        m_cmd = app.add_subcommand(
            "spot",
            "spot price statistics, interruption estimate, checkpoint intervals and the expected "
            "cost of a job on spot capacity (docs/SPOT.md)");
        auto* c = m_cmd;
        auto& a = m_args;
        c->add_option("instance", a.instanceType, "instance type, e.g. m5.large")->required();
        c->add_option("--region", a.region, "region code, e.g. us-east-1")->required();
        c->add_option("--provider", a.provider, "aws, alibaba, azure, gcp (needed when ambiguous)");
        c->add_option("--os", a.os, "operating system of the prices (default linux)");
        c->add_option("--zone", a.zone, "only this availability zone");
        c->add_option("--from", a.from, "window start, ISO-8601 UTC (default: first price)");
        c->add_option("--to", a.to, "window end, ISO-8601 UTC (default: latest price)");
        c->add_option("--job-hours", a.jobHours, "failure-free compute time of the job (h)");
        c->add_option("--checkpoint-minutes", a.checkpointMinutes, "time to write a checkpoint");
        c->add_option("--restart-minutes", a.restartMinutes, "time to restart from a checkpoint");
        c->add_option("--interval-minutes",
                      a.intervalMinutes,
                      "checkpoint interval (default: Daly's)");
        c->add_option("--interruption-pct",
                      a.interruptionPct,
                      "share of instances interrupted within the provider's window (%), instead "
                      "of the workspace's advice");
        c->add_option("--mtbf-hours", a.mtbfHours, "mean time between interruptions (h)");
        c->add_option("--bucket-point",
                      a.bucketPoint,
                      "point of an interruption bucket used: upper (default), midpoint, lower")
            ->check(CLI::IsMember({"upper", "midpoint", "lower"}));
        c->add_option("--notice-seconds",
                      a.noticeSeconds,
                      "interruption notice (default: the provider's documented notice)");
        c->add_flag("--no-notice",
                    a.noNotice,
                    "do not rely on the notice (notices are best effort)");
        c->add_flag("--preemptible",
                    a.preemptible,
                    "GCP preemptible VM: forced stop every 24 h (not Spot VMs)");
        c->add_option("--pools", a.pools, "independent spot pools to diversify over");
        c->add_option("--fallback-after",
                      a.fallbackAfter,
                      "finish on on-demand after this many interruptions");
        c->add_option("--spot-hourly", a.spotHourly, "spot price for the job (default: history)");
        c->add_option("--on-demand-hourly",
                      a.onDemandHourly,
                      "on-demand price (default: the catalog)");
        c->add_option("--monte-carlo", a.monteCarlo, "simulate the job this many times");
        c->add_option("--seed", a.seed, "random seed of the simulation (default 5489)");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (m_cmd && *m_cmd) {
            return cmdSpot(ctx, m_args);
        }
        return std::nullopt;
    }

private:
    CLI::App* m_cmd = nullptr;
    SpotArgs m_args;
};

} // namespace

std::unique_ptr<CommandModule> makeSpotCommands()
{
    return std::make_unique<SpotCommands>();
}

} // namespace cloudcost::cli
