#include "app/cli/BenchOverhead.h"
#include "benchmark-runner/BenchmarkStore.h"
#include "benchmark-runner/MeasuredOverhead.h"
#include "benchmark-runner/Overhead.h"
#include "common/Text.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <ostream>
#include <set>

namespace cloudcost::cli {

namespace {

using json = nlohmann::json;
using benchmark::MeasuredOverhead;
using benchmark::OverheadPlatform;

constexpr OverheadPlatform kColumns[] = {OverheadPlatform::ContainerOnBareMetal,
                                         OverheadPlatform::ModernVm,
                                         OverheadPlatform::LegacyParavirtVm,
                                         OverheadPlatform::NestedOrSandbox};

std::string signed1(double v)
{
    char buf[64] = {};
    std::snprintf(buf, sizeof buf, "%+.1f", v);
    return buf;
}

json optionalJson(const std::optional<double>& v)
{
    return v ? json(*v) : json(nullptr);
}

const benchmark::OverheadRow* defaultRow(const std::string& resource)
{
    for (const auto& row : benchmark::overheadDefaults()) {
        if (row.resource == resource) {
            return &row;
        }
    }
    return nullptr;
}

// The published cell a measurement is set against, "" when there is none.
std::string publishedText(const MeasuredOverhead& m)
{
    const auto* row = defaultRow(m.resource);
    const auto column = benchmark::overheadColumnFor(m.side);
    if (!row || !column) {
        return {};
    }
    return row->cells[static_cast<std::size_t>(*column)].text;
}

} // namespace

int cmdBenchOverhead(Context& ctx, const std::string& metric)
{
    auto ws = openWorkspace(ctx);
    if (!ws) {
        return fail(ctx, ws.error());
    }
    auto store = benchmark::BenchmarkStore::open(ws->database());
    if (!store) {
        return fail(ctx, store.error());
    }
    auto list = store->runs();
    if (!list) {
        return fail(ctx, list.error());
    }
    std::vector<benchmark::BenchmarkRun> runs;
    std::map<std::string, std::string> metrics; // metric -> unit
    std::size_t unclassified = 0;
    for (const auto& r : *list) {
        auto full = store->run(r.id);
        if (!full) {
            return fail(ctx, full.error());
        }
        bool hasMetric = metric.empty();
        for (const auto& s : full->samples) {
            metrics.emplace(s.metric, s.unit);
            hasMetric = hasMetric || s.metric == metric;
        }
        if (hasMetric && benchmark::classifyRun(*full).side == benchmark::OverheadSide::Unknown) {
            ++unclassified;
        }
        runs.push_back(std::move(*full));
    }
    std::vector<std::string> notes;
    if (!metric.empty() && !metrics.count(metric)) {
        std::string names;
        for (const auto& [name, unit] : metrics) {
            names += "\n  " + name + " (" + unit + ")";
        }
        return fail(ctx,
                    makeError(Error::Code::InvalidInput,
                              "no benchmark result has the metric '" + text::printable(metric) + "'"
                                  + (names.empty() ? std::string(" (no runs stored)")
                                                   : "; metrics that exist:" + names)));
    }
    if (unclassified > 0) {
        notes.push_back(std::to_string(unclassified)
                        + " run(s) have neither a platform in their host facts nor an instance "
                          "type tag and were not used (`cloudcost bench tag`)");
    }
    const auto measured = benchmark::measureOverhead(runs, metric);

    // Which §3.3 cells a measurement replaces.
    std::set<std::pair<std::string, OverheadPlatform>> replaced;
    for (const auto& m : measured) {
        if (auto column = benchmark::overheadColumnFor(m.side); column && !m.resource.empty()) {
            replaced.insert({m.resource, *column});
        }
    }
    // The default rows to show: all of them, or the one the asked metric maps to.
    std::vector<const benchmark::OverheadRow*> rows;
    if (metric.empty()) {
        for (const auto& row : benchmark::overheadDefaults()) {
            rows.push_back(&row);
        }
    } else if (const auto* row =
                   defaultRow(benchmark::overheadResourceFor(metric, metrics[metric]))) {
        rows.push_back(row);
    } else {
        notes.push_back(metric
                        + " maps to no row of the published defaults (BENCHMARKS.md §3.3); "
                          "storage results cannot be told apart as local NVMe or network block "
                          "storage");
    }

    if (ctx.format == OutputFormat::Json) {
        json m = json::array();
        for (const auto& o : measured) {
            m.push_back({{"family", o.family},
                         {"metric", o.metric},
                         {"unit", o.unit},
                         {"higher_is_better", o.higherIsBetter},
                         {"parameters", o.parameters},
                         {"platform", benchmark::toString(o.side)},
                         {"bare_metal", o.bareMetal},
                         {"bare_metal_samples", o.bareMetalSamples},
                         {"bare_metal_runs", o.bareMetalRuns},
                         {"measured", o.measured},
                         {"measured_samples", o.measuredSamples},
                         {"measured_runs", o.measuredRuns},
                         {"ratio", o.ratio},
                         {"performance_multiplier", o.performanceMultiplier},
                         {"overhead_percent", o.overheadPercent},
                         {"difference", o.difference},
                         {"resource", o.resource},
                         {"published", publishedText(o)}});
        }
        json d = json::array();
        for (const auto* row : rows) {
            json cells = json::array();
            for (auto column : kColumns) {
                const auto& c = row->cells[static_cast<std::size_t>(column)];
                cells.push_back({{"platform", benchmark::toString(column)},
                                 {"label", benchmark::label(column)},
                                 {"text", c.text},
                                 {"central", optionalJson(c.central)},
                                 {"low", optionalJson(c.low)},
                                 {"high", optionalJson(c.high)},
                                 {"measured", replaced.count({row->resource, column}) > 0}});
            }
            d.push_back({{"resource", row->resource},
                         {"label", row->label},
                         {"kind", benchmark::toString(row->kind)},
                         {"cells", cells},
                         {"source", row->source}});
        }
        printJson(ctx.out, {{"measured", m}, {"published_defaults", d}, {"notes", notes}});
        return 0;
    }
    if (ctx.format == OutputFormat::Csv) {
        // One table: measured rows, then the published cells nothing measured.
        Table t;
        t.headers = {"kind",
                     "family",
                     "metric",
                     "parameters",
                     "platform",
                     "unit",
                     "higher_is_better",
                     "bare_metal",
                     "measured",
                     "ratio",
                     "performance_multiplier",
                     "overhead_percent",
                     "bare_metal_runs",
                     "measured_runs",
                     "resource",
                     "published",
                     "source"};
        for (const auto& o : measured) {
            t.rows.push_back({"measured",
                              o.family,
                              o.metric,
                              joinParams(o.parameters),
                              std::string(benchmark::toString(o.side)),
                              o.unit,
                              o.higherIsBetter ? "true" : "false",
                              formatSignificant(o.bareMetal, 17),
                              formatSignificant(o.measured, 17),
                              formatSignificant(o.ratio, 17),
                              formatSignificant(o.performanceMultiplier, 17),
                              formatSignificant(o.overheadPercent, 17),
                              joinIds(o.bareMetalRuns, ","),
                              joinIds(o.measuredRuns, ","),
                              o.resource,
                              publishedText(o),
                              ""});
        }
        for (const auto* row : rows) {
            for (auto column : kColumns) {
                if (replaced.count({row->resource, column})) {
                    continue;
                }
                const auto& c = row->cells[static_cast<std::size_t>(column)];
                t.rows.push_back(
                    {"published_default",
                     "",
                     "",
                     "",
                     std::string(benchmark::toString(column)),
                     "",
                     "",
                     "",
                     "",
                     "",
                     c.central && row->kind != benchmark::OverheadKind::RoundTripAdderUs
                         ? formatSignificant(*c.central, 17)
                         : "",
                     "",
                     "",
                     "",
                     row->resource,
                     c.text,
                     row->source});
            }
        }
        printCsv(ctx.out, t);
        return 0;
    }

    if (measured.empty()) {
        ctx.out << "measured overhead: none (needs results of one metric and parameters on bare "
                   "metal and on a VM or in a container of the same instance family or CPU "
                   "model)\n";
    } else {
        Table t;
        t.headers = {"family",
                     "metric",
                     "parameters",
                     "platform",
                     "bare metal",
                     "measured",
                     "unit",
                     "ratio",
                     "perf x",
                     "overhead %",
                     "published (§3.3)",
                     "runs (bare metal / measured)"};
        t.rightAlign =
            {false, false, false, false, true, true, false, true, true, true, false, false};
        for (const auto& o : measured) {
            const std::string published = publishedText(o);
            t.rows.push_back(
                {o.family,
                 o.metric,
                 o.parameters.empty() ? "-" : joinParams(o.parameters),
                 std::string(benchmark::toString(o.side)),
                 formatSignificant(o.bareMetal, 6),
                 formatSignificant(o.measured, 6),
                 o.unit,
                 formatFixed(o.ratio, 3),
                 formatFixed(o.performanceMultiplier, 3),
                 signed1(o.overheadPercent),
                 published.empty() ? "-" : published,
                 joinIds(o.bareMetalRuns, ",") + " / " + joinIds(o.measuredRuns, ",")});
        }
        ctx.out << "measured overhead:\n";
        printTable(ctx.out, t);
        ctx.out << measured.size()
                << " comparison(s); ratio = measured / bare metal (medians of the samples); perf "
                   "x = ratio for higher-is-better metrics, 1 / ratio for lower-is-better ones "
                   "(1.000 = no overhead); overhead % = (1 - perf x) x 100\n";
    }
    if (!rows.empty()) {
        Table d;
        d.headers = {"resource"};
        d.rightAlign = {false};
        for (auto column : kColumns) {
            d.headers.emplace_back(benchmark::toString(column));
            d.rightAlign.push_back(false);
        }
        for (const auto* row : rows) {
            std::vector<std::string> cells = {row->label};
            for (auto column : kColumns) {
                cells.push_back(replaced.count({row->resource, column})
                                    ? "(measured above)"
                                    : row->cells[static_cast<std::size_t>(column)].text);
            }
            d.rows.push_back(cells);
        }
        ctx.out << "\npublished default overheads (BENCHMARKS.md §3.3; multiplier on bare-metal "
                   "performance unless stated), where nothing was measured:\n";
        printTable(ctx.out, d);
        ctx.out << "sources:\n";
        for (const auto* row : rows) {
            ctx.out << "  " << row->label << ": " << row->source << '\n';
        }
    }
    for (const auto& n : notes) {
        ctx.err << "cloudcost: note: " << n << '\n';
    }
    return 0;
}

} // namespace cloudcost::cli
