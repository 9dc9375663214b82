// `cloudcost bench run` and `cloudcost bench platform`: the on-host probes and the platform
// detection of benchmark-runner/ (Runner.h, Platform.h, Overhead.h). The other `bench`
// subcommands (import, list, show, compare, tag) live in BenchDataCommands.cpp.
#include "app/cli/CommandModule.h"
#include "benchmark-runner/BenchmarkStore.h"
#include "benchmark-runner/Overhead.h"
#include "benchmark-runner/Platform.h"
#include "benchmark-runner/Runner.h"
#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ostream>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
namespace bm = cloudcost::benchmark;

// ---- formatting -------------------------------------------------------------------------------

enum class Fmt
{
    G3, // %.3g
    F1, // %.1f
    G9, // %.9g (CSV: enough digits to round-trip what matters)
};

std::string printf1(Fmt format, double v)
{
    char buf[64];
    switch (format) {
    case Fmt::G3:
        std::snprintf(buf, sizeof buf, "%.3g", v);
        break;
    case Fmt::F1:
        std::snprintf(buf, sizeof buf, "%.1f", v);
        break;
    case Fmt::G9:
        std::snprintf(buf, sizeof buf, "%.9g", v);
        break;
    }
    return buf;
}

// A readable form of a canonical value: SI prefixes for rates (10^3 steps, as STREAM and iperf
// report), ns/µs/ms for times.
std::string human(double value, const std::string& unit)
{
    if (unit == "s") {
        const double a = std::fabs(value);
        if (a < 1e-6) {
            return printf1(Fmt::G3, value * 1e9) + " ns";
        }
        if (a < 1e-3) {
            return printf1(Fmt::G3, value * 1e6) + " µs";
        }
        if (a < 1) {
            return printf1(Fmt::G3, value * 1e3) + " ms";
        }
        return printf1(Fmt::G3, value) + " s";
    }
    static const std::pair<double, const char*> kPrefixes[] = {{1e12, "T"},
                                                               {1e9, "G"},
                                                               {1e6, "M"},
                                                               {1e3, "k"}};
    for (const auto& [scale, prefix] : kPrefixes) {
        if (std::fabs(value) >= scale) {
            return printf1(Fmt::G3, value / scale) + " " + prefix + unit;
        }
    }
    return printf1(Fmt::G3, value) + " " + unit;
}

std::string percent(double fraction)
{
    return printf1(Fmt::F1, fraction * 100) + " %";
}

std::string ciText(const bm::Sample& s)
{
    if (!s.ciLow || !s.ciHigh || !s.mean || *s.mean == 0) {
        return "";
    }
    const double half = (*s.ciHigh - *s.ciLow) / 2;
    return "±" + printf1(Fmt::F1, std::fabs(half / *s.mean) * 100) + " %";
}

json optionalJson(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

json optionalJson(const std::optional<int>& v)
{
    return v ? json(*v) : json(nullptr);
}

json hostJson(const bm::HostFacts& h)
{
    return {{"hostname", h.hostname},
            {"cpu_model", h.cpuModel},
            {"logical_cpus", optionalJson(h.logicalCpus)},
            {"physical_cores", optionalJson(h.physicalCores)},
            {"memory_gib", optionalJson(h.memoryGib)},
            {"kernel", h.kernel},
            {"os", h.os},
            {"platform", std::string(bm::toString(h.platform))},
            {"hypervisor", h.hypervisor},
            {"container", h.container},
            {"provider", h.provider},
            {"region", h.region},
            {"instance_type", h.instanceType}};
}

std::string verdictText(const bm::Verdict& v, bool nested)
{
    std::string s = v.kind;
    if (!v.name.empty()) {
        s += " (" + v.name + ")";
    }
    if (!v.cloud.empty()) {
        s += ", cloud " + v.cloud;
    }
    s += ", " + std::string(bm::toString(v.confidence)) + " confidence";
    if (nested) {
        s += ", possibly nested";
    }
    return s;
}

std::string hostLine(const bm::HostFacts& h)
{
    std::string s = h.cpuModel.empty() ? "unknown CPU" : h.cpuModel;
    if (h.logicalCpus) {
        s += ", " + std::to_string(*h.logicalCpus) + " logical CPUs";
    }
    if (h.physicalCores) {
        s += " / " + std::to_string(*h.physicalCores) + " cores";
    }
    if (h.memoryGib) {
        s += ", " + printf1(Fmt::F1, *h.memoryGib) + " GiB";
    }
    if (!h.kernel.empty()) {
        s += ", kernel " + h.kernel;
    }
    if (!h.os.empty()) {
        s += ", " + h.os;
    }
    return s;
}

json verdictJson(const bm::Verdict& v)
{
    json evidence = json::array();
    for (const auto& e : v.evidence) {
        evidence.push_back({{"source", e.source},
                            {"observation", e.observation},
                            {"suggests", e.suggests},
                            {"name", e.name},
                            {"strength", std::string(bm::toString(e.strength))},
                            {"note", e.note}});
    }
    return {{"kind", v.kind},
            {"name", v.name},
            {"cloud", v.cloud},
            {"confidence", std::string(bm::toString(v.confidence))},
            {"evidence", evidence},
            {"notes", v.notes}};
}

// ---- cancellation -------------------------------------------------------------------------

std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int)
{
    g_interrupted.store(true);
}

// Ctrl-C asks the run to stop after the probe in progress cleaned up; a second Ctrl-C kills
// (SA_RESETHAND). The previous handler comes back when the run ends.
class InterruptGuard
{
public:
    InterruptGuard()
    {
        g_interrupted.store(false);
        struct sigaction sa
        {};
        sa.sa_handler = onInterrupt;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        m_installed = ::sigaction(SIGINT, &sa, &m_previous) == 0;
    }
    ~InterruptGuard()
    {
        if (m_installed) {
            ::sigaction(SIGINT, &m_previous, nullptr);
        }
    }
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

private:
    struct sigaction m_previous
    {};
    bool m_installed = false;
};

// Status line on stderr while a probe runs (only when stderr is a terminal), and cancellation.
class RunProgress final : public ProgressSink
{
public:
    RunProgress(std::ostream& err, bool terminal, std::vector<std::string> names)
        : m_err(err)
        , m_terminal(terminal)
        , m_names(std::move(names))
    {}
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        if (!m_terminal || done >= total || done >= m_names.size()) {
            return;
        }
        m_err << "\r\033[K[" << (done + 1) << "/" << total << "] " << m_names[done] << " ..."
              << std::flush;
    }
    bool cancelled() const override { return g_interrupted.load(); }
    // One line per finished probe.
    void finished(const std::string& line)
    {
        if (m_terminal) {
            m_err << "\r\033[K" << line << '\n' << std::flush;
        }
    }

private:
    std::ostream& m_err;
    bool m_terminal;
    std::vector<std::string> m_names;
};

std::string probeLine(const bm::ProbeReport& r)
{
    std::string line =
        "[" + std::to_string(r.index) + "/" + std::to_string(r.total) + "] " + r.probe + ": ";
    if (r.error) {
        return line + "FAILED: " + r.error->describe();
    }
    const auto& s = r.samples.front();
    line += human(s.value, s.unit);
    std::string detail = ciText(s);
    if (s.cv) {
        detail += (detail.empty() ? "" : ", ") + std::string("cv ") + percent(*s.cv);
    }
    detail += ", " + printf1(Fmt::F1, r.elapsedSeconds) + " s";
    line += " (" + detail + ")";
    if (r.attempts > 1) {
        line += " re-run";
    }
    if (s.noisy) {
        line += " NOISY";
    }
    return line;
}

// ---- tags ---------------------------------------------------------------------------------

Status applyTags(const std::vector<std::string>& tags, bm::HostFacts& host)
{
    for (const auto& tag : tags) {
        const auto eq = tag.find('=');
        const std::string key = eq == std::string::npos ? tag : tag.substr(0, eq);
        const std::string value =
            eq == std::string::npos ? std::string() : std::string(text::trim(tag.substr(eq + 1)));
        if (eq == std::string::npos || value.empty()) {
            return makeError(Error::Code::InvalidInput,
                             "--tag '" + text::printable(tag, 60)
                                 + "': expected KEY=VALUE with KEY provider, region or instance");
        }
        for (unsigned char c : value) {
            if (c < 0x20 || c == 0x7f) {
                return makeError(Error::Code::InvalidInput,
                                 "--tag " + key + ": the value contains a control character");
            }
        }
        if (key == "provider") {
            host.provider = value;
        } else if (key == "region") {
            host.region = value;
        } else if (key == "instance" || key == "instance_type") {
            host.instanceType = value;
        } else {
            return makeError(Error::Code::InvalidInput,
                             "--tag '" + text::printable(key, 40)
                                 + "' is not one of provider, region, instance");
        }
    }
    return {};
}

// ---- bench run ----------------------------------------------------------------------------

struct RunArgs
{
    bool quick = false;
    std::string dir;
    std::vector<std::string> tags;
    std::vector<std::string> probes;
};

json sampleJson(const bm::Sample& s)
{
    json params = json::object();
    for (const auto& [k, v] : s.parameters) {
        params[k] = v;
    }
    return {{"metric", s.metric},
            {"value", s.value},
            {"unit", s.unit},
            {"higher_is_better", s.higherIsBetter},
            {"mean", optionalJson(s.mean)},
            {"ci_low", optionalJson(s.ciLow)},
            {"ci_high", optionalJson(s.ciHigh)},
            {"cv", optionalJson(s.cv)},
            {"noisy", s.noisy},
            {"raw_values", s.rawValues},
            {"parameters", params}};
}

int cmdBenchRun(Context& ctx, const RunArgs& args)
{
    bm::RunnerOptions options;
    options.profile = args.quick ? bm::Profile::Quick : bm::Profile::Full;
    options.storageDir = args.dir;
    options.probes = args.probes;
    if (!args.dir.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(args.dir, ec)) {
            return fail(
                ctx,
                makeError(Error::Code::NotFound, "--dir is not an existing directory", args.dir));
        }
    }
    auto platform = bm::detectPlatform();
    if (!platform) {
        return fail(ctx, platform.error());
    }
    bm::BenchmarkRun run;
    run.host = platform->host;
    if (auto st = applyTags(args.tags, run.host); !st) {
        return fail(ctx, st.error());
    }
    std::vector<std::string> notes;
    auto planned = bm::planProbes(options, notes);
    if (!planned) {
        return fail(ctx, planned.error());
    }
    if (planned->empty()) {
        return fail(ctx, makeError(Error::Code::InvalidInput, "no probe to run"));
    }

    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto store = bm::BenchmarkStore::open(ws->database());
    if (!store) {
        return fail(ctx, store.error());
    }
    run.tool = "cloudcost";
    run.toolVersion = bm::probeSuiteVersion();
    run.measuredAt = text::nowUtcIso();
    run.warnings = notes;
    for (const auto* v : {&platform->virtualization, &platform->container}) {
        for (const auto& n : v->notes) {
            run.warnings.push_back("platform: " + n);
        }
    }
    // The run is committed first (host facts, no samples), then each probe's samples as soon as
    // the probe ends: a crash loses at most the probe in progress.
    auto runId = store->addRun(run);
    if (!runId) {
        return fail(ctx, runId.error());
    }

    std::vector<std::string> names;
    for (const auto& p : *planned) {
        names.push_back(p.probe->info().name);
    }
    const std::string profile(bm::toString(options.profile));
    if (ctx.progress) {
        ctx.err << "bench run: " << names.size() << " probes, profile " << profile << ", about "
                << static_cast<int>(std::lround(bm::nominalSeconds(*planned)))
                << " s without re-runs; Ctrl-C stops after the probe in progress\n";
    }
    InterruptGuard interruptGuard;
    RunProgress progress(ctx.err, ctx.progress, names);
    std::vector<bm::ProbeReport> finished; // as stored: with the profile and warnings
    auto result = bm::runProbes(
        std::move(*planned),
        [&](const bm::ProbeReport& report) -> Status {
            progress.finished(probeLine(report));
            finished.push_back(report);
            if (report.error) {
                return {};
            }
            std::string warningText;
            for (const auto& w : report.warnings) {
                warningText += (warningText.empty() ? "" : "; ") + w;
            }
            for (auto& s : finished.back().samples) {
                s.parameters["profile"] = profile;
                if (!warningText.empty()) {
                    s.parameters["warning"] = warningText;
                }
            }
            return store->addSamples(*runId, finished.back().samples);
        },
        &progress);
    if (!result) {
        return fail(ctx, result.error());
    }

    const auto& reports = finished;
    if (ctx.format == OutputFormat::Json) {
        json probes = json::array();
        for (const auto& r : reports) {
            json samples = json::array();
            for (const auto& s : r.samples) {
                samples.push_back(sampleJson(s));
            }
            probes.push_back({{"probe", r.probe},
                              {"status", r.error ? "failed" : "ok"},
                              {"error", r.error ? json(r.error->describe()) : json(nullptr)},
                              {"attempts", r.attempts},
                              {"elapsed_s", r.elapsedSeconds},
                              {"warnings", r.warnings},
                              {"samples", samples}});
        }
        printJson(ctx.out,
                  {{"run_id", *runId},
                   {"profile", profile},
                   {"tool_version", run.toolVersion},
                   {"measured_at", run.measuredAt},
                   {"cancelled", result->cancelled},
                   {"host", hostJson(run.host)},
                   {"virtualization", verdictJson(platform->virtualization)},
                   {"container", verdictJson(platform->container)},
                   {"nested_possible", platform->nestedPossible},
                   {"probes", probes},
                   {"notes", run.warnings}});
    } else if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"run_id",
                     "probe",
                     "metric",
                     "value",
                     "unit",
                     "higher_is_better",
                     "mean",
                     "ci_low",
                     "ci_high",
                     "cv",
                     "noisy",
                     "repetitions",
                     "status",
                     "message"};
        auto opt = [](const std::optional<double>& v) {
            return v ? printf1(Fmt::G9, *v) : std::string();
        };
        for (const auto& r : reports) {
            if (r.error) {
                t.rows.push_back({std::to_string(*runId),
                                  r.probe,
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "",
                                  "failed",
                                  r.error->describe()});
                continue;
            }
            for (const auto& s : r.samples) {
                const auto reps = s.parameters.find("repetitions");
                t.rows.push_back({std::to_string(*runId),
                                  r.probe,
                                  s.metric,
                                  printf1(Fmt::G9, s.value),
                                  s.unit,
                                  s.higherIsBetter ? "true" : "false",
                                  opt(s.mean),
                                  opt(s.ciLow),
                                  opt(s.ciHigh),
                                  opt(s.cv),
                                  s.noisy ? "true" : "false",
                                  reps == s.parameters.end() ? "" : reps->second,
                                  "ok",
                                  ""});
            }
        }
        printCsv(ctx.out, t);
    } else {
        ctx.out << "host: " << hostLine(run.host) << '\n';
        ctx.out << "virtualisation: "
                << verdictText(platform->virtualization, platform->nestedPossible) << '\n';
        ctx.out << "container: " << verdictText(platform->container, false) << '\n';
        if (!run.host.provider.empty() || !run.host.region.empty()
            || !run.host.instanceType.empty()) {
            ctx.out << "tags: provider=" << run.host.provider << " region=" << run.host.region
                    << " instance=" << run.host.instanceType << '\n';
        }
        ctx.out << "probes: " << run.toolVersion << ", profile " << profile << "\n\n";
        Table t;
        t.headers = {"probe", "metric", "median", "95% CI", "cv", "reps", "note"};
        t.rightAlign = {false, false, true, true, true, true, false};
        for (const auto& r : reports) {
            if (r.error) {
                t.rows.push_back({r.probe, "", "", "", "", "", "FAILED: " + r.error->describe()});
                continue;
            }
            for (std::size_t i = 0; i < r.samples.size(); ++i) {
                const auto& s = r.samples[i];
                std::string note;
                if (i == 0) {
                    if (s.noisy) {
                        const auto threshold = text::parseDouble(s.parameters.at("cv_threshold"));
                        note = "noisy (cv above " + (threshold ? percent(*threshold) : "?") + ")";
                    }
                    if (r.attempts > 1) {
                        note += std::string(note.empty() ? "" : ", ") + "re-run";
                    }
                    if (!r.warnings.empty()) {
                        note += std::string(note.empty() ? "" : ", ") + "see warnings";
                    }
                }
                const auto reps = s.parameters.find("repetitions");
                t.rows.push_back({i == 0 ? r.probe : "",
                                  s.metric,
                                  human(s.value, s.unit),
                                  i == 0 ? ciText(s) : "",
                                  i == 0 && s.cv ? percent(*s.cv) : "",
                                  i == 0 && reps != s.parameters.end() ? reps->second : "",
                                  note});
            }
        }
        printTable(ctx.out, t);
        std::vector<std::string> warnings;
        for (const auto& r : reports) {
            for (const auto& w : r.warnings) {
                const auto line = r.probe + ": " + w;
                if (std::find(warnings.begin(), warnings.end(), line) == warnings.end()) {
                    warnings.push_back(line);
                }
            }
        }
        for (const auto& w : warnings) {
            ctx.out << "warning: " << w << '\n';
        }
        for (const auto& n : run.warnings) {
            ctx.out << "note: " << n << '\n';
        }
        ctx.out << "median of the repetitions; 95% CI: Student-t interval of the mean; cv: "
                   "coefficient of variation (BENCHMARKS.md §4.3)\n";
        ctx.out << "stored as benchmark run " << *runId << " in " << ctx.db.string() << '\n';
    }
    if (result->cancelled) {
        return fail(ctx,
                    makeError(Error::Code::Cancelled,
                              "cancelled after " + std::to_string(reports.size())
                                  + " probe(s); their results are stored in run "
                                  + std::to_string(*runId)));
    }
    for (const auto& r : reports) {
        if (r.error) {
            return 1;
        }
    }
    return 0;
}

// ---- bench platform -----------------------------------------------------------------------

int cmdBenchPlatform(Context& ctx)
{
    auto report = bm::detectPlatform();
    if (!report) {
        return fail(ctx, report.error());
    }
    const auto applies = bm::overheadPlatformFor(*report);
    const auto& rows = bm::overheadDefaults();
    if (ctx.format == OutputFormat::Json) {
        json overhead = json::array();
        for (const auto& row : rows) {
            json cells = json::object();
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                const auto& cell = row.cells[c];
                cells[std::string(bm::toString(static_cast<bm::OverheadPlatform>(c)))] = {
                    {"text", cell.text},
                    {"central", optionalJson(cell.central)},
                    {"low", optionalJson(cell.low)},
                    {"high", optionalJson(cell.high)}};
            }
            overhead.push_back({{"resource", row.resource},
                                {"label", row.label},
                                {"kind", std::string(bm::toString(row.kind))},
                                {"values", cells},
                                {"source", row.source}});
        }
        printJson(ctx.out,
                  {{"virtualization", verdictJson(report->virtualization)},
                   {"container", verdictJson(report->container)},
                   {"nested_possible", report->nestedPossible},
                   {"host", hostJson(report->host)},
                   {"host_notes", report->notes},
                   {"overhead_applies",
                    applies ? json(std::string(bm::toString(*applies))) : json(nullptr)},
                   {"overhead_defaults", overhead}});
        return 0;
    }
    if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"section", "item", "value", "suggests", "strength", "note"};
        for (const auto& [section, v] : {std::pair{"virtualization", &report->virtualization},
                                         std::pair{"container", &report->container}}) {
            t.rows.push_back({section,
                              "verdict",
                              v->kind + (v->name.empty() ? "" : " (" + v->name + ")"),
                              v->cloud,
                              std::string(bm::toString(v->confidence)),
                              ""});
            for (const auto& e : v->evidence) {
                t.rows.push_back({section,
                                  e.source,
                                  e.observation,
                                  e.suggests + (e.name.empty() ? "" : " " + e.name),
                                  std::string(bm::toString(e.strength)),
                                  e.note});
            }
        }
        const auto host = hostJson(report->host);
        for (const auto& [k, v] : host.items()) {
            t.rows.push_back(
                {"host", k, v.is_string() ? v.get<std::string>() : v.dump(), "", "", ""});
        }
        for (const auto& row : rows) {
            for (std::size_t c = 0; c < row.cells.size(); ++c) {
                const auto p = static_cast<bm::OverheadPlatform>(c);
                t.rows.push_back({"overhead",
                                  row.resource + ":" + std::string(bm::toString(p)),
                                  row.cells[c].text,
                                  std::string(bm::toString(row.kind)),
                                  applies && *applies == p ? "applies" : "",
                                  row.source});
            }
        }
        printCsv(ctx.out, t);
        return 0;
    }

    for (const auto& [title, v] : {std::pair{"Virtualisation", &report->virtualization},
                                   std::pair{"Container", &report->container}}) {
        const bool nested = v == &report->virtualization && report->nestedPossible;
        ctx.out << title << ": " << verdictText(*v, nested) << '\n';
        Table t;
        t.headers = {"evidence", "observation", "suggests", "strength", "why"};
        for (const auto& e : v->evidence) {
            t.rows.push_back({e.source,
                              e.observation,
                              e.suggests + (e.name.empty() ? "" : " " + e.name),
                              std::string(bm::toString(e.strength)),
                              e.note});
        }
        printTable(ctx.out, t);
        for (const auto& n : v->notes) {
            ctx.out << "note: " << n << '\n';
        }
        ctx.out << '\n';
    }
    const auto& h = report->host;
    ctx.out << "Host: " << hostLine(h) << '\n';
    if (!h.hostname.empty()) {
        ctx.out << "hostname: " << h.hostname << '\n';
    }
    ctx.out << "platform: " << bm::toString(h.platform)
            << (h.hypervisor.empty() ? "" : ", hypervisor " + h.hypervisor)
            << (h.container.empty() ? "" : ", container " + h.container)
            << (h.provider.empty() ? "" : ", provider " + h.provider)
            << (h.instanceType.empty() ? "" : ", instance " + h.instanceType) << '\n';
    for (const auto& n : report->notes) {
        ctx.out << "note: " << n << '\n';
    }
    ctx.out << '\n';

    ctx.out << "Default overheads where no measurement exists (BENCHMARKS.md §3.3, planning "
               "defaults; measured results replace them)\n";
    Table t;
    if (applies) {
        ctx.out << "applies here: " << bm::label(*applies) << '\n';
        t.headers = {"resource", "kind", "default here", "source"};
    } else {
        ctx.out << "no column applies here ("
                << (report->virtualization.kind == "bare_metal" ? "bare metal is the baseline"
                                                                : "platform unknown")
                << "); all columns:\n";
        t.headers = {"resource", "kind", "container", "modern VM", "Xen PV", "nested", "source"};
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        const std::string ref = "[" + std::to_string(i + 1) + "]";
        const std::string kind(bm::toString(row.kind));
        if (applies) {
            t.rows.push_back(
                {row.label, kind, row.cells[static_cast<std::size_t>(*applies)].text, ref});
        } else {
            t.rows.push_back({row.label,
                              kind,
                              row.cells[0].text,
                              row.cells[1].text,
                              row.cells[2].text,
                              row.cells[3].text,
                              ref});
        }
    }
    printTable(ctx.out, t);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ctx.out << "[" << (i + 1) << "] " << rows[i].source << '\n';
    }
    return 0;
}

class BenchRunCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        auto* bench = subcommandGroup(app, "bench", "benchmarks: run probes, import and compare");
        m_run = bench->add_subcommand(
            "run",
            "run the on-host probes (CPU, memory, storage, loopback TCP) and store the results");
        m_run->add_flag("--quick", m_args.quick, "quick profile (about a minute); default: full");
        m_run->add_option("--dir",
                          m_args.dir,
                          "directory on the disk to measure (a 1 GiB temporary file is written "
                          "and removed); without it the storage probes are skipped");
        m_run
            ->add_option("--tag",
                         m_args.tags,
                         "provider=...,region=...,instance=... (where this machine runs)")
            ->delimiter(',');
        std::string names;
        for (const auto& n : bm::probeNames(bm::Profile::Full)) {
            names += (names.empty() ? "" : ", ") + n;
        }
        m_run
            ->add_option("--probe",
                         m_args.probes,
                         "run only these probes (names or prefixes such as cpu, memory.latency; "
                         "repeatable): "
                             + names)
            ->delimiter(',');
        m_platform = bench->add_subcommand(
            "platform",
            "bare metal, VM or container: the evidence, host facts and default overheads");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (m_run != nullptr && *m_run) {
            return cmdBenchRun(ctx, m_args);
        }
        if (m_platform != nullptr && *m_platform) {
            return cmdBenchPlatform(ctx);
        }
        return std::nullopt;
    }

private:
    CLI::App* m_run = nullptr;
    CLI::App* m_platform = nullptr;
    RunArgs m_args;
};

} // namespace

std::unique_ptr<CommandModule> makeBenchRunCommands()
{
    return std::make_unique<BenchRunCommands>();
}

} // namespace cloudcost::cli
