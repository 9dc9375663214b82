#pragma once

// Price-performance (issue #5, BENCHMARKS.md §5): benchmark results joined to catalog offers by
// provider and instance type, and the offers ranked by what a unit of measured work costs.

#include "benchmark-runner/Sample.h"
#include "common/Result.h"
#include "pricing/Workspace.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cloudcost::decision {

// One metric present in the stored runs (what `offers --metric` accepts).
struct MetricSummary
{
    std::string metric;
    std::string unit;
    bool higherIsBetter = true;
    std::size_t samples = 0;
    std::size_t runs = 0;
    std::size_t taggedRuns = 0; // runs with a provider and an instance type
};
// Every metric of runs, sorted by name (one entry per metric and unit).
std::vector<MetricSummary> summariseMetrics(const std::vector<benchmark::BenchmarkRun>& runs);

// How cost per unit of work is expressed for a canonical unit: value / scale units of `label`
// (1000 ops/s, MB/s, Gbit/s; latencies in ms).
struct WorkUnit
{
    double scale = 1;
    std::string label;
};
WorkUnit workUnitFor(const std::string& unit, bool higherIsBetter);

// Parameters that label a sample without changing what was measured (as `bench compare`).
bool isLabelParameter(const std::string& name);
// A sample's parameters without the labels: samples with equal ones measured the same thing.
std::map<std::string, std::string> comparableParameters(const benchmark::Sample& sample);
// "threads=1 block_size=4096", or "(none)".
std::string parametersText(const std::map<std::string, std::string>& params);
// The median (the mean of the middle two for an even count); values must not be empty.
double medianOf(std::vector<double> values);

// One offer with the measured value of the metric on its instance type.
struct PricePerformanceRow
{
    pricing::OfferRow offer;
    std::map<std::string, std::string> parameters; // the comparable parameters of the samples
    double value = 0;                              // median of the samples, canonical unit
    std::size_t samples = 0;
    std::vector<std::int64_t> runIds;
    // Results tagged with the offer's region; false = the runs carry no region (any region).
    bool regionMatched = true;
    double hourly = 0; // effective hourly in the report currency (hourly + upfront / term)
    // Higher-is-better: hourly / (value / scale), currency per hour per work unit.
    // Lower-is-better: hourly × (value / scale), currency per hour × (e.g.) ms.
    double costPerUnit = 0;
    // Higher-is-better: value / hourly; lower-is-better: (1 / value) / hourly.
    double workPerCurrency = 0;
};

struct PricePerformanceResult
{
    std::string metric;
    std::string unit;
    bool higherIsBetter = true;
    WorkUnit workUnit;
    std::string currency;                  // of hourly and costPerUnit
    std::string costLabel;                 // "USD per hour per 1000 ops/s"
    std::string rankedBy;                  // a sentence stating the ranking rule
    std::vector<PricePerformanceRow> rows; // ranked (best first unless descending)
    std::size_t rowsBeforeLimit = 0;
    std::size_t offersWithoutResults = 0; // matched the filters, no result for their type
    std::size_t runsUntagged = 0;         // have the metric but no provider / instance tag
    std::vector<pricing::FxRate> ratesUsed;
    std::vector<std::string> notes;
};

// Ranks the offers matching query (its filters, currency, descending and limit; its sort is
// replaced) that have results for metric in runs (with their samples). Samples join an offer
// when the run's provider and instance type equal the offer's (case-insensitive) and the run's
// region is the offer's; runs without a region join every region, with a note. Samples with the
// same comparable parameters are one row (their median). InvalidInput when no run has the
// metric (the message lists the metrics that exist) or prices are in several currencies.
Result<PricePerformanceResult>
rankPricePerformance(pricing::Workspace& ws,
                     const std::vector<benchmark::BenchmarkRun>& runs,
                     const std::string& metric,
                     pricing::OfferQuery query);

} // namespace cloudcost::decision
