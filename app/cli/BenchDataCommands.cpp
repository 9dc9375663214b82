// `cloudcost bench import|list|show|compare|tag|remove`: standard benchmark tools' results in the
// workspace (benchmark-runner/BenchImporter.h, BenchmarkStore.h). `bench run` and
// `bench platform` live in BenchRunCommands.cpp and share the `bench` group.
#include "app/cli/BenchOverhead.h"
#include "app/cli/CommandModule.h"
#include "benchmark-runner/BenchImporter.h"
#include "benchmark-runner/BenchmarkStore.h"
#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <ostream>
#include <set>

#include <CLI/CLI.hpp>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using benchmark::BenchmarkRun;
using benchmark::BenchmarkStore;
using benchmark::Sample;

// Parameters that label a sample without changing what was measured; `bench compare` ignores
// them when matching (a job renamed between two runs, a longer run of the same test).
const std::set<std::string> kCompareIgnoredParameters = {"job", "duration_s"};

// printf-style text of v; each format is a literal so -Wformat=2 can check it.
enum class Fmt
{
    G4,       // %.4g
    G6,       // %.6g
    G17,      // %.17g: round-trips a double
    F4,       // %.4f
    Signed2F, // %+.2f
};

std::string fixed(double v, Fmt format)
{
    char buf[64] = {};
    switch (format) {
    case Fmt::G4:
        std::snprintf(buf, sizeof buf, "%.4g", v);
        break;
    case Fmt::G6:
        std::snprintf(buf, sizeof buf, "%.6g", v);
        break;
    case Fmt::G17:
        std::snprintf(buf, sizeof buf, "%.17g", v);
        break;
    case Fmt::F4:
        std::snprintf(buf, sizeof buf, "%.4f", v);
        break;
    case Fmt::Signed2F:
        std::snprintf(buf, sizeof buf, "%+.2f", v);
        break;
    }
    return buf;
}

// A readable form of a canonical value: SI prefixes for rates, ms/µs/ns for times.
std::string humanValue(double value, const std::string& unit)
{
    if (unit == "s") {
        const double a = std::fabs(value);
        if (a != 0 && a < 1e-6) {
            return fixed(value * 1e9, Fmt::G4) + " ns";
        }
        if (a != 0 && a < 1e-3) {
            return fixed(value * 1e6, Fmt::G4) + " µs";
        }
        if (a != 0 && a < 1) {
            return fixed(value * 1e3, Fmt::G4) + " ms";
        }
        return fixed(value, Fmt::G4) + " s";
    }
    if (unit == "B/s" || unit == "bit/s" || unit == "ops/s") {
        static const std::pair<double, const char*> kPrefixes[] = {{1e12, "T"},
                                                                   {1e9, "G"},
                                                                   {1e6, "M"},
                                                                   {1e3, "k"}};
        const std::string base = unit == "B/s" ? "B/s" : unit == "bit/s" ? "bit/s" : "ops/s";
        for (const auto& [scale, prefix] : kPrefixes) {
            if (std::fabs(value) >= scale) {
                return fixed(value / scale, Fmt::G4) + " " + prefix + base;
            }
        }
        return fixed(value, Fmt::G4) + " " + base;
    }
    return fixed(value, Fmt::G6) + (unit.empty() ? "" : " " + unit);
}

json optionalJson(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

json hostJson(const benchmark::HostFacts& h)
{
    return {{"hostname", h.hostname},
            {"cpu_model", h.cpuModel},
            {"logical_cpus", h.logicalCpus ? json(*h.logicalCpus) : json(nullptr)},
            {"physical_cores", h.physicalCores ? json(*h.physicalCores) : json(nullptr)},
            {"memory_gib", optionalJson(h.memoryGib)},
            {"kernel", h.kernel},
            {"os", h.os},
            {"platform", benchmark::toString(h.platform)},
            {"hypervisor", h.hypervisor},
            {"container", h.container},
            {"provider", h.provider},
            {"region", h.region},
            {"instance_type", h.instanceType}};
}

json runJson(const BenchmarkRun& r)
{
    return {{"id", r.id},
            {"tool", r.tool},
            {"tool_version", r.toolVersion},
            {"source_file", r.sourceFile},
            {"source_sha256", r.sourceSha256},
            {"measured_at", r.measuredAt},
            {"imported_at", r.importedAt},
            {"host", hostJson(r.host)},
            {"warnings", r.warnings}};
}

json sampleJson(const Sample& s)
{
    return {{"metric", s.metric},
            {"value", s.value},
            {"unit", s.unit},
            {"higher_is_better", s.higherIsBetter},
            {"parameters", s.parameters},
            {"raw_values", s.rawValues},
            {"mean", optionalJson(s.mean)},
            {"ci_low", optionalJson(s.ciLow)},
            {"ci_high", optionalJson(s.ciHigh)},
            {"cv", optionalJson(s.cv)},
            {"noisy", s.noisy}};
}

std::string orDash(const std::string& s)
{
    return s.empty() ? "-" : s;
}

int usageError(Context& ctx, const std::string& message)
{
    ctx.err << "cloudcost: usage error: " << message << '\n';
    return 2;
}

struct Tags
{
    std::optional<std::string> provider, region, instanceType;
};

// "provider=aws,region=us-east-1,instance=m5.large" (several --tag options add up).
Result<Tags> parseTags(const std::vector<std::string>& items)
{
    Tags tags;
    for (const auto& item : items) {
        for (auto part : text::split(item, ',')) {
            part = text::trim(part);
            if (part.empty()) {
                continue;
            }
            const auto eq = part.find('=');
            if (eq == std::string_view::npos) {
                return makeError(Error::Code::InvalidInput,
                                 "--tag '" + text::printable(part)
                                     + "' is not KEY=VALUE (keys: provider, region, instance)");
            }
            const std::string key(text::trim(part.substr(0, eq)));
            const std::string value(text::trim(part.substr(eq + 1)));
            if (key == "provider") {
                tags.provider = text::toLower(value);
            } else if (key == "region") {
                tags.region = value;
            } else if (key == "instance" || key == "instance_type" || key == "instance-type") {
                tags.instanceType = value;
            } else {
                return makeError(Error::Code::InvalidInput,
                                 "--tag key '" + text::printable(key)
                                     + "' is unknown (keys: provider, region, instance)");
            }
        }
    }
    return tags;
}

void applyTags(const Tags& tags, benchmark::HostFacts& host)
{
    if (tags.provider) {
        host.provider = *tags.provider;
    }
    if (tags.region) {
        host.region = *tags.region;
    }
    if (tags.instanceType) {
        host.instanceType = *tags.instanceType;
    }
}

// The workspace and the benchmark store in it. The store points into ws, so both live in the
// caller's frame.
Result<BenchmarkStore> openStore(Context& ctx, std::optional<pricing::Workspace>& ws)
{
    auto opened = openWorkspace(ctx);
    if (!opened) {
        return opened.error();
    }
    ws.emplace(std::move(*opened));
    auto store = BenchmarkStore::open(ws->database());
    if (!store) {
        Error e = store.error();
        if (e.context.empty()) {
            e.context = ctx.db.string();
        }
        return e;
    }
    return store;
}

int cmdListBenchFormats(Context& ctx)
{
    Table t;
    t.headers = {"format", "description"};
    json a = json::array();
    for (const auto& i : benchmark::benchImporters()) {
        t.rows.push_back({i.name, i.description});
        a.push_back({{"format", i.name}, {"description", i.description}});
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, a);
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
    }
    return 0;
}

struct ImportArgs
{
    std::vector<std::string> files;
    std::string format;
    std::vector<std::string> tags;
    bool listFormats = false;
};

// Each file is one transaction. A file that fails is reported (exit 1) and nothing of it is
// stored; the other files are still imported, as `cloudcost import` does for price sheets.
int cmdBenchImport(Context& ctx, const ImportArgs& args)
{
    if (args.listFormats) {
        return cmdListBenchFormats(ctx);
    }
    if (args.files.empty()) {
        return usageError(ctx, "bench import needs at least one file (or --list-formats)");
    }
    if (!args.format.empty() && !benchmark::findBenchImporter(args.format)) {
        return usageError(ctx,
                          "--as '" + text::printable(args.format)
                              + "' is not a benchmark format (see `cloudcost bench import "
                                "--list-formats`)");
    }
    auto tags = parseTags(args.tags);
    if (!tags) {
        return usageError(ctx, tags.error().message);
    }
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto existing = store->runs();
    if (!existing) {
        return fail(ctx, existing.error());
    }
    std::map<std::string, std::int64_t> bySha;
    for (const auto& r : *existing) {
        if (!r.sourceSha256.empty()) {
            bySha.emplace(r.sourceSha256, r.id);
        }
    }
    int rc = 0;
    json reports = json::array();
    Table t;
    t.headers = {"id", "file", "tool", "version", "samples", "warnings"};
    t.rightAlign = {true, false, false, false, true, true};
    std::vector<std::string> details;
    // "-" marks an unknown in the table; CSV leaves the cell empty.
    auto cell = [&](const std::string& v) {
        return ctx.format == OutputFormat::Csv ? v : orDash(v);
    };
    for (const auto& file : args.files) {
        auto run = benchmark::importBenchmarkFile(file, args.format);
        if (!run) {
            rc = fail(ctx, run.error());
            ctx.err << "cloudcost: nothing was stored from " << file << '\n';
            continue;
        }
        if (auto dup = bySha.find(run->sourceSha256); dup != bySha.end()) {
            ctx.err << "cloudcost: note: " << file << ": same bytes as run " << dup->second
                    << ", not imported again (use `cloudcost bench tag` to change its tags)\n";
            reports.push_back({{"file", file},
                               {"run_id", dup->second},
                               {"duplicate", true},
                               {"tool", run->tool},
                               {"tool_version", run->toolVersion},
                               {"samples", run->samples.size()},
                               {"warnings", json::array()}});
            continue;
        }
        applyTags(*tags, run->host);
        auto id = store->addRun(*run);
        if (!id) {
            rc = fail(ctx, Error{id.error().code, id.error().message, file});
            ctx.err << "cloudcost: nothing was stored from " << file << '\n';
            continue;
        }
        bySha.emplace(run->sourceSha256, *id);
        t.rows.push_back({std::to_string(*id),
                          file,
                          run->tool,
                          cell(run->toolVersion),
                          std::to_string(run->samples.size()),
                          std::to_string(run->warnings.size())});
        for (const auto& w : run->warnings) {
            details.push_back(file + ": " + w);
        }
        reports.push_back({{"file", file},
                           {"run_id", *id},
                           {"duplicate", false},
                           {"tool", run->tool},
                           {"tool_version", run->toolVersion},
                           {"samples", run->samples.size()},
                           {"warnings", run->warnings}});
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

int cmdBenchList(Context& ctx)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto runs = store->runs();
    if (!runs) {
        return fail(ctx, runs.error());
    }
    json a = json::array();
    Table t;
    t.headers = {"id",
                 "tool",
                 "version",
                 "file",
                 "measured",
                 "imported",
                 "provider",
                 "region",
                 "instance",
                 "samples"};
    t.rightAlign = {true, false, false, false, false, false, false, false, false, true};
    auto cell = [&](const std::string& v) {
        return ctx.format == OutputFormat::Csv ? v : orDash(v);
    };
    for (const auto& r : *runs) {
        // runs() leaves samples out; the count comes from the run itself.
        auto full = store->run(r.id);
        if (!full) {
            return fail(ctx, full.error());
        }
        const std::size_t count = full->samples.size();
        json j = runJson(r);
        j["sample_count"] = count;
        a.push_back(j);
        t.rows.push_back({std::to_string(r.id),
                          r.tool,
                          cell(r.toolVersion),
                          cell(r.sourceFile),
                          cell(r.measuredAt),
                          r.importedAt,
                          cell(r.host.provider),
                          cell(r.host.region),
                          cell(r.host.instanceType),
                          std::to_string(count)});
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, a);
    } else if (ctx.format == OutputFormat::Csv) {
        printCsv(ctx.out, t);
    } else {
        printTable(ctx.out, t);
        ctx.out << runs->size() << " run(s)\n";
    }
    return 0;
}

int cmdBenchShow(Context& ctx, std::int64_t id)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto run = store->run(id);
    if (!run) {
        return fail(ctx, run.error());
    }
    if (ctx.format == OutputFormat::Json) {
        json j = runJson(*run);
        json samples = json::array();
        for (const auto& s : run->samples) {
            samples.push_back(sampleJson(s));
        }
        j["samples"] = samples;
        printJson(ctx.out, j);
        return 0;
    }
    Table t;
    if (ctx.format == OutputFormat::Csv) {
        t.headers = {"run_id", "metric", "value", "unit", "higher_is_better", "parameters"};
        for (const auto& s : run->samples) {
            t.rows.push_back({std::to_string(run->id),
                              s.metric,
                              fixed(s.value, Fmt::G17),
                              s.unit,
                              s.higherIsBetter ? "true" : "false",
                              joinParams(s.parameters)});
        }
        printCsv(ctx.out, t);
        return 0;
    }
    const auto& h = run->host;
    ctx.out << "run " << run->id << ": " << run->tool
            << (run->toolVersion.empty() ? "" : " " + run->toolVersion) << "\n";
    ctx.out << "  file: " << orDash(run->sourceFile) << " (sha256 " << orDash(run->sourceSha256)
            << ")\n";
    ctx.out << "  measured: " << orDash(run->measuredAt) << ", imported: " << run->importedAt
            << "\n";
    ctx.out << "  where: provider " << orDash(h.provider) << ", region " << orDash(h.region)
            << ", instance " << orDash(h.instanceType) << "\n";
    ctx.out << "  host: " << orDash(h.hostname) << ", kernel " << orDash(h.kernel) << ", platform "
            << benchmark::toString(h.platform)
            << (h.hypervisor.empty() ? "" : " (" + h.hypervisor + ")") << "\n";
    t.headers = {"metric", "value", "unit", "readable", "better", "parameters"};
    t.rightAlign = {false, true, false, true, false, false};
    for (const auto& s : run->samples) {
        t.rows.push_back({s.metric,
                          fixed(s.value, Fmt::G6),
                          s.unit,
                          humanValue(s.value, s.unit),
                          s.higherIsBetter ? "higher" : "lower",
                          joinParams(s.parameters)});
    }
    printTable(ctx.out, t);
    for (const auto& w : run->warnings) {
        ctx.out << "  warning: " << w << '\n';
    }
    return 0;
}

// The key two samples must share to be compared: metric and parameters, without the labels in
// kCompareIgnoredParameters unless they are needed to tell two samples of one run apart.
std::map<std::string, std::size_t> matchKeys(const BenchmarkRun& run,
                                             std::vector<std::string>& keys)
{
    auto key = [](const Sample& s, bool full) {
        std::string k = s.metric;
        for (const auto& [name, value] : s.parameters) {
            if (full || !kCompareIgnoredParameters.count(name)) {
                k += "\x1f" + name + "=" + value;
            }
        }
        return k;
    };
    std::map<std::string, int> counts;
    for (const auto& s : run.samples) {
        ++counts[key(s, false)];
    }
    std::map<std::string, std::size_t> out;
    keys.clear();
    for (std::size_t i = 0; i < run.samples.size(); ++i) {
        const Sample& s = run.samples[i];
        std::string k = key(s, false);
        if (counts[k] > 1) {
            k = key(s, true);
        }
        keys.push_back(k);
        out.emplace(k, i);
    }
    return out;
}

std::map<std::string, std::string> comparedParams(const Sample& s)
{
    std::map<std::string, std::string> p;
    for (const auto& [k, v] : s.parameters) {
        if (!kCompareIgnoredParameters.count(k)) {
            p[k] = v;
        }
    }
    return p;
}

int cmdBenchCompare(Context& ctx, std::int64_t idA, std::int64_t idB)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto a = store->run(idA);
    if (!a) {
        return fail(ctx, a.error());
    }
    auto b = store->run(idB);
    if (!b) {
        return fail(ctx, b.error());
    }
    std::vector<std::string> keysA, keysB;
    auto indexA = matchKeys(*a, keysA);
    auto indexB = matchKeys(*b, keysB);
    json rows = json::array();
    json onlyA = json::array();
    json onlyB = json::array();
    Table t;
    t.headers = {"metric", "parameters", "A", "B", "B/A", "diff %", "better"};
    t.rightAlign = {false, false, true, true, true, true, false};
    std::vector<std::string> notes;
    for (std::size_t i = 0; i < a->samples.size(); ++i) {
        const Sample& sa = a->samples[i];
        auto it = indexB.find(keysA[i]);
        if (it == indexB.end()) {
            onlyA.push_back({{"metric", sa.metric}, {"parameters", sa.parameters}});
            continue;
        }
        const Sample& sb = b->samples[it->second];
        if (sa.unit != sb.unit) {
            notes.push_back(sa.metric + ": units differ (" + sa.unit + " vs " + sb.unit
                            + "), not compared");
            continue;
        }
        std::optional<double> ratio;
        std::optional<double> diffPercent;
        if (sa.value != 0) {
            ratio = sb.value / sa.value;
            diffPercent = (sb.value - sa.value) / std::fabs(sa.value) * 100.0;
        }
        std::string better = "same";
        if (sb.value != sa.value) {
            const bool bHigher = sb.value > sa.value;
            better = (bHigher == sa.higherIsBetter) ? "b" : "a";
        }
        rows.push_back({{"metric", sa.metric},
                        {"parameters", sa.parameters},
                        {"unit", sa.unit},
                        {"higher_is_better", sa.higherIsBetter},
                        {"a", sa.value},
                        {"b", sb.value},
                        {"ratio", optionalJson(ratio)},
                        {"difference_percent", optionalJson(diffPercent)},
                        {"better", better}});
        t.rows.push_back({sa.metric,
                          joinParams(comparedParams(sa)),
                          humanValue(sa.value, sa.unit),
                          humanValue(sb.value, sb.unit),
                          ratio ? fixed(*ratio, Fmt::F4) : "-",
                          diffPercent ? fixed(*diffPercent, Fmt::Signed2F) : "-",
                          better == "a"   ? "A"
                          : better == "b" ? "B"
                                          : "same"});
    }
    for (std::size_t i = 0; i < b->samples.size(); ++i) {
        if (!indexA.count(keysB[i])) {
            onlyB.push_back(
                {{"metric", b->samples[i].metric}, {"parameters", b->samples[i].parameters}});
        }
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out,
                  {{"a", runJson(*a)},
                   {"b", runJson(*b)},
                   {"matched", rows},
                   {"only_in_a", onlyA},
                   {"only_in_b", onlyB},
                   {"ignored_parameters", kCompareIgnoredParameters},
                   {"notes", notes}});
        return 0;
    }
    if (ctx.format == OutputFormat::Csv) {
        Table c;
        c.headers = {"metric",
                     "parameters",
                     "unit",
                     "higher_is_better",
                     "a",
                     "b",
                     "ratio",
                     "difference_percent",
                     "better"};
        for (const auto& r : rows) {
            c.rows.push_back({r["metric"].get<std::string>(),
                              joinParams(r["parameters"].get<std::map<std::string, std::string>>()),
                              r["unit"].get<std::string>(),
                              r["higher_is_better"].get<bool>() ? "true" : "false",
                              fixed(r["a"].get<double>(), Fmt::G17),
                              fixed(r["b"].get<double>(), Fmt::G17),
                              r["ratio"].is_null() ? "" : fixed(r["ratio"].get<double>(), Fmt::G17),
                              r["difference_percent"].is_null()
                                  ? ""
                                  : fixed(r["difference_percent"].get<double>(), Fmt::G17),
                              r["better"].get<std::string>()});
        }
        printCsv(ctx.out, c);
        return 0;
    }
    ctx.out << "A = run " << a->id << " (" << a->tool << ", " << orDash(a->sourceFile)
            << "), B = run " << b->id << " (" << b->tool << ", " << orDash(b->sourceFile) << ")\n";
    printTable(ctx.out, t);
    ctx.out << rows.size() << " matched sample(s) (metric and parameters; ignoring job and "
            << "duration_s); " << onlyA.size() << " only in A, " << onlyB.size()
            << " only in B; diff % = (B - A) / A; better follows each metric's direction\n";
    for (const auto& n : notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
    return 0;
}

struct TagArgs
{
    std::int64_t id = 0;
    std::optional<std::string> provider, region, instanceType;
};

int cmdBenchTag(Context& ctx, const TagArgs& args)
{
    if (!args.provider && !args.region && !args.instanceType) {
        return usageError(ctx, "bench tag needs --provider, --region or --instance");
    }
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    auto run = store->run(args.id);
    if (!run) {
        return fail(ctx, run.error());
    }
    auto& h = run->host;
    const std::string provider = args.provider ? text::toLower(*args.provider) : h.provider;
    const std::string region = args.region.value_or(h.region);
    const std::string instance = args.instanceType.value_or(h.instanceType);
    if (auto st = store->tagRun(args.id, provider, region, instance); !st) {
        return fail(ctx, st.error());
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out,
                  {{"id", args.id},
                   {"provider", provider},
                   {"region", region},
                   {"instance_type", instance}});
    } else if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"id", "provider", "region", "instance_type"};
        t.rows.push_back({std::to_string(args.id), provider, region, instance});
        printCsv(ctx.out, t);
    } else {
        ctx.out << "run " << args.id << ": provider " << orDash(provider) << ", region "
                << orDash(region) << ", instance " << orDash(instance) << '\n';
    }
    return 0;
}

int cmdBenchRemove(Context& ctx, const std::vector<std::int64_t>& ids)
{
    std::optional<pricing::Workspace> ws;
    auto store = openStore(ctx, ws);
    if (!store) {
        return fail(ctx, store.error());
    }
    int rc = 0;
    json removed = json::array();
    for (auto id : ids) {
        if (auto st = store->removeRun(id); !st) {
            rc = fail(ctx, st.error());
            continue;
        }
        removed.push_back(id);
        if (ctx.format == OutputFormat::Table) {
            ctx.out << "removed run " << id << '\n';
        }
    }
    if (ctx.format == OutputFormat::Json) {
        printJson(ctx.out, {{"removed", removed}});
    } else if (ctx.format == OutputFormat::Csv) {
        Table t;
        t.headers = {"removed"};
        for (const auto& id : removed) {
            t.rows.push_back({std::to_string(id.get<std::int64_t>())});
        }
        printCsv(ctx.out, t);
    }
    return rc;
}

class BenchDataCommands final : public CommandModule
{
public:
    void addTo(CLI::App& app) override
    {
        auto* bench = subcommandGroup(app,
                                      "bench",
                                      "benchmark results: import standard tools' outputs, list, "
                                      "show, compare, tag; run the probes");
        m_import = bench->add_subcommand(
            "import",
            "import benchmark outputs (fio, sysbench, iperf3, ...; format detected)");
        m_import->add_option("files", m_importArgs.files, "benchmark output files");
        m_import->add_option("--as",
                             m_importArgs.format,
                             "input format (see --list-formats); detected when absent");
        m_import->add_option("--tag",
                             m_importArgs.tags,
                             "where it ran: provider=aws,region=us-east-1,instance=m5.large");
        m_import->add_flag("--list-formats", m_importArgs.listFormats, "list the input formats");

        m_list = bench->add_subcommand("list", "list benchmark runs, newest first");

        m_show = bench->add_subcommand("show", "one run with its samples and parameters");
        m_show->add_option("id", m_showId, "run id (see `cloudcost bench list`)")->required();

        m_compare =
            bench->add_subcommand("compare",
                                  "compare two runs: samples matched by metric and parameters");
        m_compare->add_option("a", m_compareA, "run id A (the baseline)")->required();
        m_compare->add_option("b", m_compareB, "run id B")->required();

        m_tag = bench->add_subcommand("tag", "set provider, region and instance type of a run");
        m_tag->add_option("id", m_tagArgs.id, "run id")->required();
        m_tag->add_option("--provider", m_tagProvider, "aws, azure, gcp, alibaba, ...");
        m_tag->add_option("--region", m_tagRegion, "region code, e.g. us-east-1");
        m_tag->add_option("--instance,--instance-type", m_tagInstance, "instance type");

        m_remove = bench->add_subcommand("remove", "remove runs and their samples");
        m_remove->add_option("ids", m_removeIds, "run ids")->required();

        m_overhead = bench->add_subcommand(
            "overhead",
            "virtualisation / container overhead measured on one hardware family, else the "
            "published defaults (BENCHMARKS.md §3.3)");
        m_overhead->add_option("--metric", m_overheadMetric, "only this metric");
    }

    std::optional<int> run(Context& ctx) override
    {
        if (m_import && *m_import) {
            return cmdBenchImport(ctx, m_importArgs);
        }
        if (m_list && *m_list) {
            return cmdBenchList(ctx);
        }
        if (m_show && *m_show) {
            return cmdBenchShow(ctx, m_showId);
        }
        if (m_compare && *m_compare) {
            return cmdBenchCompare(ctx, m_compareA, m_compareB);
        }
        if (m_tag && *m_tag) {
            if (m_tag->count("--provider")) {
                m_tagArgs.provider = m_tagProvider;
            }
            if (m_tag->count("--region")) {
                m_tagArgs.region = m_tagRegion;
            }
            if (m_tag->count("--instance")) {
                m_tagArgs.instanceType = m_tagInstance;
            }
            return cmdBenchTag(ctx, m_tagArgs);
        }
        if (m_remove && *m_remove) {
            return cmdBenchRemove(ctx, m_removeIds);
        }
        if (m_overhead && *m_overhead) {
            return cmdBenchOverhead(ctx, m_overheadMetric);
        }
        return std::nullopt;
    }

private:
    CLI::App* m_import = nullptr;
    CLI::App* m_list = nullptr;
    CLI::App* m_show = nullptr;
    CLI::App* m_compare = nullptr;
    CLI::App* m_tag = nullptr;
    CLI::App* m_remove = nullptr;
    ImportArgs m_importArgs;
    std::int64_t m_showId = 0;
    std::int64_t m_compareA = 0;
    std::int64_t m_compareB = 0;
    TagArgs m_tagArgs;
    std::string m_tagProvider, m_tagRegion, m_tagInstance;
    std::vector<std::int64_t> m_removeIds;
    CLI::App* m_overhead = nullptr;
    std::string m_overheadMetric;
};

} // namespace

std::unique_ptr<CommandModule> makeBenchDataCommands()
{
    return std::make_unique<BenchDataCommands>();
}

} // namespace cloudcost::cli
