#include "app/cli/Commands.h"

#include "common/AtomicFile.h"
#include "common/InputFile.h"
#include "common/Text.h"
#include "pricing/ImportSupport.h"
#include "pricing/Importer.h"
#include "pricing/OfferJson.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>

namespace cloudcost::cli {

using json = nlohmann::json;

namespace {

// Progress line on stderr (only when it is a terminal), at most ~10 updates a second.
class TerminalProgress : public ProgressSink
{
public:
    TerminalProgress(std::ostream& err, std::string name)
        : m_err(err)
        , m_name(std::move(name))
    {}
    ~TerminalProgress() override
    {
        if (m_shown) {
            m_err << "\r\033[K" << std::flush;
        }
    }
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        const auto now = std::chrono::steady_clock::now();
        // Stage steps (an index built) are few and slow: show each; bytes at most 10 a second.
        if (m_stage.empty() && now - m_last < std::chrono::milliseconds(100)) {
            return;
        }
        m_last = now;
        m_shown = true;
        m_err << "\r\033[Kimporting " << m_name << ": ";
        if (!m_stage.empty()) {
            m_err << m_stage;
            if (total > 0) {
                m_err << " (" << done << " of " << total << ")";
            }
        } else {
            m_err << (done >> 20) << " MiB";
            if (total > 0) {
                m_err << " of " << (total >> 20) << " MiB (" << (done * 100 / total) << "%)";
            }
        }
        m_err << std::flush;
    }
    void stage(std::string_view what) override
    {
        m_stage = what;
        m_shown = true;
        m_err << "\r\033[Kimporting " << m_name << ": " << m_stage << std::flush;
    }

private:
    std::ostream& m_err;
    std::string m_name;
    std::string m_stage;
    std::chrono::steady_clock::time_point m_last{};
    bool m_shown = false;
};

Result<std::vector<pricing::PurchaseOption>> parsePurchaseOptions(const std::vector<std::string>& v)
{
    std::vector<pricing::PurchaseOption> out;
    for (const auto& s : v) {
        auto p = pricing::parsePurchaseOption(s);
        if (!p) {
            return makeError(Error::Code::InvalidInput,
                             "--purchase-option '" + s
                                 + "' is not one of on_demand, reserved, savings_plan, "
                                   "committed_use, spot");
        }
        out.push_back(*p);
    }
    return out;
}

Status finishOfferArgs(OfferArgs& a)
{
    auto p = parsePurchaseOptions(a.purchaseOptions);
    if (!p) {
        return p.error();
    }
    a.query.purchaseOptions = *p;
    if (!a.payment.empty()) {
        auto pay = pricing::parsePaymentOption(a.payment);
        if (!pay || *pay == pricing::PaymentOption::None) {
            return makeError(Error::Code::InvalidInput,
                             "--payment '" + a.payment
                                 + "' is not one of no_upfront, partial_upfront, all_upfront");
        }
        a.query.paymentOption = *pay;
    }
    using Sort = pricing::OfferQuery::Sort;
    a.query.sort = a.sort == "per-vcpu"        ? Sort::PerVcpu
                   : a.sort == "per-gib"       ? Sort::PerGib
                   : a.sort == "instance-type" ? Sort::InstanceType
                                               : Sort::EffectiveHourly;
    if (!a.query.currency.empty() && !pricing::isKnownCurrency(a.query.currency)) {
        return makeError(Error::Code::InvalidInput,
                         "--currency '" + a.query.currency + "' is not an ISO 4217 code");
    }
    return {};
}

std::string opt(const std::optional<double>& v)
{
    return v ? formatNumber(*v) : std::string("-");
}

std::string termText(const pricing::Offer& o)
{
    if (o.termMonths == 0) {
        return "-";
    }
    return o.termMonths % 12 == 0 ? std::to_string(o.termMonths / 12) + "y"
                                  : std::to_string(o.termMonths) + "m";
}

json offerRowJson(const pricing::OfferRow& r)
{
    json j = pricing::offerToJson(r.offer);
    j["native_currency"] = r.offer.currency;
    j["native_hourly"] = r.offer.hourly;
    j["native_upfront"] = r.offer.upfront;
    j["currency"] = r.reportCurrency;
    j["hourly"] = r.reportHourly;
    j["upfront"] = r.reportUpfront;
    j["effective_hourly"] = r.reportEffectiveHourly;
    j["source"] = r.sourceName;
    j["source_published_at"] = r.sourcePublishedAt;
    j["builtin"] = r.builtin;
    return j;
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

void printOfferPage(Context& ctx, const pricing::OfferPage& page, bool compare)
{
    if (ctx.format == OutputFormat::Json) {
        json rows = json::array();
        for (const auto& r : page.rows) {
            rows.push_back(offerRowJson(r));
        }
        printJson(ctx.out,
                  {{"offers", rows},
                   {"fx_rates_used", ratesJson(page.ratesUsed)},
                   {"notes", page.notes},
                   {"hours_per_year", 8760}});
        return;
    }
    Table t;
    if (ctx.format == OutputFormat::Csv) {
        t.headers = {"provider",       "region",
                     "zone",           "instance_type",
                     "vcpus",          "memory_gib",
                     "gpus",           "gpu_model",
                     "arch",           "os",
                     "license_model",  "preinstalled_software",
                     "tenancy",        "purchase_option",
                     "term_months",    "payment_option",
                     "offering_class", "hourly",
                     "upfront",        "effective_hourly",
                     "currency",       "effective_date",
                     "source"};
        for (const auto& r : page.rows) {
            const auto& o = r.offer;
            auto num = [](const std::optional<double>& v) {
                return v ? formatNumber(*v) : std::string();
            };
            t.rows.push_back({o.provider,
                              o.region,
                              o.zone,
                              o.instanceType,
                              num(o.vcpus),
                              num(o.memoryGib),
                              num(o.gpus),
                              o.gpuModel,
                              o.arch,
                              o.os,
                              o.licenseModel,
                              o.preinstalledSoftware,
                              o.tenancy,
                              std::string(pricing::toString(o.purchaseOption)),
                              std::to_string(o.termMonths),
                              std::string(pricing::toString(o.paymentOption)),
                              o.offeringClass,
                              text::printable(std::to_string(r.reportHourly), 40),
                              std::to_string(r.reportUpfront),
                              std::to_string(r.reportEffectiveHourly),
                              r.reportCurrency,
                              o.effectiveDate,
                              r.sourceName});
        }
        printCsv(ctx.out, t);
        return;
    }
    t.headers = {"provider",
                 "region",
                 "instance_type",
                 "vCPU",
                 "GiB",
                 "GPU",
                 "os",
                 "purchase",
                 "term",
                 "payment",
                 "hourly",
                 "upfront",
                 "eff/h",
                 "cur",
                 "source"};
    t.rightAlign = {false,
                    false,
                    false,
                    true,
                    true,
                    true,
                    false,
                    false,
                    false,
                    false,
                    true,
                    true,
                    true,
                    false,
                    false};
    for (const auto& r : page.rows) {
        const auto& o = r.offer;
        std::string gpu = opt(o.gpus);
        if (!o.gpuModel.empty()) {
            gpu += " " + o.gpuModel;
        }
        std::string purchase(pricing::toString(o.purchaseOption));
        if (!o.offeringClass.empty()) {
            purchase += "/" + o.offeringClass;
        }
        std::string region = o.region + (o.zone.empty() ? "" : " (" + o.zone + ")");
        t.rows.push_back({o.provider,
                          region,
                          o.instanceType,
                          opt(o.vcpus),
                          opt(o.memoryGib),
                          gpu,
                          o.os.empty() ? "-" : o.os,
                          purchase,
                          termText(o),
                          o.paymentOption == pricing::PaymentOption::None
                              ? "-"
                              : std::string(pricing::toString(o.paymentOption)),
                          formatMoney(r.reportHourly),
                          formatMoney(r.reportUpfront),
                          formatMoney(r.reportEffectiveHourly),
                          r.reportCurrency,
                          r.sourceName
                              + (r.sourcePublishedAt.empty()
                                     ? ""
                                     : " (" + text::isoDate(r.sourcePublishedAt) + ")")});
    }
    printTable(ctx.out, t);
    ctx.out << page.rows.size() << (compare ? " provider/region(s)" : " offer(s)")
            << "; eff/h = hourly + upfront / term hours (8760 h a year)\n";
    for (const auto& r : page.ratesUsed) {
        ctx.out << "exchange rate used: 1 " << r.base << " = " << r.rate << " " << r.quote << " ("
                << r.asOf << (r.source.empty() ? "" : ", " + r.source) << ")\n";
    }
    for (const auto& n : page.notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
}

} // namespace

int fail(Context& ctx, const Error& error)
{
    ctx.err << "cloudcost: error: " << error.describe() << '\n';
    return 1;
}

Result<pricing::Workspace> openWorkspace(Context& ctx)
{
    auto ws = pricing::Workspace::open(ctx.db);
    if (!ws) {
        return ws.error();
    }
    auto loaded = ws->ensureBuiltinCatalog();
    if (!loaded) {
        return loaded.error();
    }
    if (*loaded) {
        ctx.err << "cloudcost: new workspace " << ctx.db.string()
                << ": loaded the built-in catalog (see `cloudcost sources`)\n";
    }
    return ws;
}

int cmdListFormats(Context& ctx)
{
    Table t;
    t.headers = {"format", "description"};
    for (const auto& i : pricing::importers()) {
        t.rows.push_back({i.name, i.description});
    }
    if (ctx.format == OutputFormat::Json) {
        json a = json::array();
        for (const auto& row : t.rows) {
            a.push_back({{"format", row[0]}, {"description", row[1]}});
        }
        printJson(ctx.out, a);
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
    }
    return 0;
}

int cmdImport(Context& ctx, const ImportArgs& args)
{
    pricing::ImportOptions options;
    options.format = args.format;
    for (const auto& p : args.params) {
        const auto eq = p.find('=');
        if (eq == std::string::npos || eq == 0) {
            ctx.err << "cloudcost: usage error: --param '" << p << "' is not KEY=VALUE\n";
            return 2;
        }
        options.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    // One batch: each file is all or nothing on its own, and a large batch builds the offer
    // indexes once at its end instead of once per file (pricing::ImportBatch).
    auto batch = ws->beginImportBatch();
    if (!batch) {
        return fail(ctx, batch.error());
    }
    json reports = json::array();
    Table t;
    t.headers = {"source", "format", "published", "rows", "offers", "other", "skipped", "id"};
    t.rightAlign = {false, false, false, true, true, true, true, true};
    int rc = 0;
    std::size_t filesStored = 0;
    std::vector<std::string> details;
    for (const auto& file : args.files) {
        std::unique_ptr<TerminalProgress> progress;
        if (ctx.progress) {
            progress =
                std::make_unique<TerminalProgress>(ctx.err,
                                                   std::filesystem::path(file).filename().string());
            options.progress = progress.get();
        }
        auto report = batch->add(file, options);
        progress.reset();
        if (!report) {
            rc = fail(ctx, report.error());
            ctx.err << "cloudcost: nothing was stored from " << file << '\n';
            continue;
        }
        ++filesStored;
        const auto& s = report->source;
        const auto& st = s.stats;
        const auto other =
            st.specsStored + st.spotPricesStored + st.spotAdviceStored + st.ratesStored;
        t.rows.push_back({s.name,
                          s.format,
                          s.publishedAt.empty() ? "-" : s.publishedAt,
                          std::to_string(st.rowsRead),
                          std::to_string(st.offersStored),
                          std::to_string(other),
                          std::to_string(st.skippedTotal()),
                          std::to_string(s.id)});
        json skipped = json::array();
        for (const auto& [reason, skip] : st.skipped) {
            skipped.push_back(
                {{"reason", reason}, {"count", skip.count}, {"first", skip.firstWhere}});
            details.push_back(s.name + ": skipped " + std::to_string(skip.count) + " (" + reason
                              + "; first at " + skip.firstWhere + ")");
        }
        if (report->replacedSourceId) {
            details.push_back(s.name + ": replaced source "
                              + std::to_string(*report->replacedSourceId)
                              + " (same sheet or same bytes)");
        }
        for (const auto& n : report->notes) {
            details.push_back(s.name + ": " + n);
        }
        reports.push_back(
            {{"source_id", s.id},
             {"file", file},
             {"format", s.format},
             {"provider", s.provider},
             {"published_at", s.publishedAt},
             {"version", s.version},
             {"sha256", s.sha256},
             {"rows_read", st.rowsRead},
             {"offers_stored", st.offersStored},
             {"specs_stored", st.specsStored},
             {"spot_prices_stored", st.spotPricesStored},
             {"spot_advice_stored", st.spotAdviceStored},
             {"rates_stored", st.ratesStored},
             {"skipped", skipped},
             {"replaced_source_id",
              report->replacedSourceId ? json(*report->replacedSourceId) : json(nullptr)},
             {"notes", report->notes}});
    }
    {
        std::unique_ptr<TerminalProgress> progress;
        if (ctx.progress && filesStored > 0) {
            progress = std::make_unique<TerminalProgress>(
                ctx.err,
                filesStored == 1 ? t.rows.front().front() : std::to_string(filesStored) + " files");
        }
        if (auto st = batch->commit(progress.get()); !st) {
            progress.reset();
            fail(ctx, st.error());
            ctx.err << "cloudcost: nothing was stored from this import\n";
            return 1;
        }
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, reports);
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else if (!t.rows.empty()) {
        printTable(ctx.out, t);
        for (const auto& d : details) {
            ctx.out << "  " << d << '\n';
        }
    }
    return rc;
}

int cmdSources(Context& ctx)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto sources = ws->sources();
    if (!sources) {
        return fail(ctx, sources.error());
    }
    if (ctx.format == OutputFormat::Json) {
        json a = json::array();
        for (const auto& s : *sources) {
            a.push_back({{"id", s.id},
                         {"name", s.name},
                         {"path", s.path},
                         {"sha256", s.sha256},
                         {"format", s.format},
                         {"provider", s.provider},
                         {"published_at", s.publishedAt},
                         {"version", s.version},
                         {"key", s.key},
                         {"imported_at", s.importedAt},
                         {"builtin", s.builtin},
                         {"rows_read", s.stats.rowsRead},
                         {"offers", s.stats.offersStored},
                         {"specs", s.stats.specsStored},
                         {"spot_prices", s.stats.spotPricesStored},
                         {"spot_advice", s.stats.spotAdviceStored},
                         {"rates", s.stats.ratesStored},
                         {"skipped", s.stats.skippedTotal()}});
        }
        printJson(ctx.out, a);
        return 0;
    }
    Table t;
    t.headers = {"id",
                 "source",
                 "format",
                 "provider",
                 "published",
                 "imported",
                 "offers",
                 "other",
                 "skipped",
                 "sha256"};
    t.rightAlign = {true, false, false, false, false, false, true, true, true, false};
    for (const auto& s : *sources) {
        const auto& st = s.stats;
        t.rows.push_back({std::to_string(s.id),
                          s.name + (s.builtin ? " [built-in]" : ""),
                          s.format,
                          s.provider,
                          s.publishedAt.empty() ? "-" : s.publishedAt,
                          s.importedAt,
                          std::to_string(st.offersStored),
                          std::to_string(st.specsStored + st.spotPricesStored + st.spotAdviceStored
                                         + st.ratesStored),
                          std::to_string(st.skippedTotal()),
                          ctx.format == OutputFormat::Csv ? s.sha256 : s.sha256.substr(0, 12)});
    }
    if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
        ctx.out << "workspace: " << ctx.db.string() << '\n';
    }
    return 0;
}

int cmdSourcesRemove(Context& ctx, const std::vector<std::int64_t>& ids)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    for (auto id : ids) {
        if (auto st = ws->removeSource(id); !st) {
            return fail(ctx, st.error());
        }
        ctx.err << "cloudcost: removed source " << id << '\n';
    }
    return 0;
}

int cmdOffers(Context& ctx, OfferArgs args)
{
    if (auto usage = checkPerfPerDollarArgs(ctx, args)) {
        return usage;
    }
    if (auto st = finishOfferArgs(args); !st) {
        return fail(ctx, st.error());
    }
    if (args.sort == "perf-per-dollar") {
        return cmdOffersPerfPerDollar(ctx, args);
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto page = ws->queryOffers(args.query);
    if (!page) {
        return fail(ctx, page.error());
    }
    printOfferPage(ctx, *page, false);
    return 0;
}

int cmdCompare(Context& ctx, OfferArgs args)
{
    if (args.purchaseOptions.empty()) {
        args.purchaseOptions = {"on_demand"};
    }
    if (auto st = finishOfferArgs(args); !st) {
        return fail(ctx, st.error());
    }
    if (args.query.os.empty()) {
        // Like for like: licence-free Linux unless the user asks for another OS.
        args.query.os = {"linux"};
    }
    if (args.query.tenancies.empty()) {
        args.query.tenancies = {"shared"};
    }
    if (!args.query.minGpus && !args.query.maxGpus && args.query.gpuModel.empty()) {
        // A requirement without GPUs is not met better by a GPU machine.
        args.query.maxGpus = 0;
    }
    args.query.cheapestPerRegion = true;
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto page = ws->queryOffers(args.query);
    if (!page) {
        return fail(ctx, page.error());
    }
    if (page->rows.empty()) {
        ctx.err << "cloudcost: no offer meets the requirement (check `cloudcost sources`, or "
                   "relax the filters)\n";
    }
    printOfferPage(ctx, *page, true);
    return 0;
}

int cmdInstances(Context& ctx, const std::vector<std::string>& providers, const std::string& regex)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto specs = ws->specs(providers, regex);
    if (!specs) {
        return fail(ctx, specs.error());
    }
    if (ctx.format == OutputFormat::Json) {
        json a = json::array();
        for (const auto& s : *specs) {
            a.push_back(pricing::specToJson(s));
        }
        printJson(ctx.out, a);
        return 0;
    }
    Table t;
    t.headers = {"provider",
                 "instance_type",
                 "vcpus",
                 "memory_gib",
                 "gpus",
                 "gpu_model",
                 "arch",
                 "processor",
                 "clock_ghz",
                 "network",
                 "local_storage",
                 "bare_metal"};
    t.rightAlign = {false, false, true, true, true, false, false, false, true, false, false, false};
    for (const auto& s : *specs) {
        t.rows.push_back({s.provider,
                          s.instanceType,
                          opt(s.vcpus),
                          opt(s.memoryGib),
                          opt(s.gpus),
                          s.gpuModel,
                          s.arch,
                          s.processor,
                          opt(s.clockGhz),
                          s.network,
                          s.localStorage,
                          s.bareMetal ? (*s.bareMetal ? "yes" : "no") : std::string("-")});
    }
    if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
    }
    return 0;
}

int cmdFxSet(Context& ctx, const pricing::FxRate& rate)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    if (auto st = ws->setFxRate(rate); !st) {
        return fail(ctx, st.error());
    }
    ctx.err << "cloudcost: 1 " << rate.base << " = " << rate.rate << " " << rate.quote << " on "
            << rate.asOf << '\n';
    return 0;
}

int cmdFxList(Context& ctx)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto rates = ws->fxRates();
    if (!rates) {
        return fail(ctx, rates.error());
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, ratesJson(*rates));
        return 0;
    }
    Table t;
    t.headers = {"date", "base", "quote", "rate", "source"};
    t.rightAlign = {false, false, false, true, false};
    for (const auto& r : *rates) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.8g", r.rate);
        t.rows.push_back({r.asOf, r.base, r.quote, buf, r.source});
    }
    if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
        if (rates->empty()) {
            ctx.out << "no exchange rates yet: `cloudcost fx set USD CNY 7.10 --date YYYY-MM-DD "
                       "--source TEXT` or `cloudcost fx import rates.csv`\n";
        }
    }
    return 0;
}

int cmdFxImport(Context& ctx, const std::string& file)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto n = ws->importFxCsv(file);
    if (!n) {
        return fail(ctx, n.error());
    }
    ctx.err << "cloudcost: imported " << *n << " exchange rates\n";
    return 0;
}

int cmdCatalogExport(Context& ctx, CatalogExportArgs args)
{
    if (auto st = finishOfferArgs(args.filter); !st) {
        return fail(ctx, st.error());
    }
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto text = ws->exportCatalogJson(args.sourceIds, args.filter.query, args.description);
    if (!text) {
        return fail(ctx, text.error());
    }
    if (auto st = writeFileAtomic(args.out, *text); !st) {
        return fail(ctx, st.error());
    }
    ctx.err << "cloudcost: wrote " << args.out << " (" << text->size() / 1024 << " KiB)\n";
    return 0;
}

} // namespace cloudcost::cli
