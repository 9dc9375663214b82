#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "pricing/models/Distributions.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// A reproducible Monte Carlo runner (MODELS.md §4): N trials of a user model over named uncertain
// inputs, summarised per output (mean with a Student-t CI, P5/P50/P95, min/max) and pairwise
// (P(output A > output B)). Method, draw order and percentile definition: docs/MONTE-CARLO.md.
namespace cloudcost::pricing {

// A named uncertain input of a model.
struct UncertainInput
{
    std::string name; // unique within a spec; used in reports ("cpu_hourly_usd")
    Distribution distribution;
};

// What to simulate. Names must be unique and non-empty.
struct MonteCarloSpec
{
    std::vector<UncertainInput> inputs;   // the model receives their draws in this order
    std::vector<std::string> outputNames; // the model writes outputs in this order (>= 1)
    // Required: >= 2 (the CI needs n - 1 >= 1) and trials x outputs <= kMonteCarloMaxValues.
    std::uint64_t trials = 0;
    // Default: std::mt19937_64::default_seed = 5489 (C++ standard [rand.eng.mers]).
    std::uint64_t seed = RandomEngine::default_seed;
    double confidenceLevel = 0.95; // of the CI of the mean, in (0, 1); 95 % as issue #4 asks
    bool keepSamples = false;      // copy each output's sorted samples into the result (for charts)
};

// Upper bound on trials x outputs (stored doubles, 8 bytes each: 400 MB) so a typo in "trials"
// cannot exhaust memory; a larger run is rejected with a message.
inline constexpr std::uint64_t kMonteCarloMaxValues = 50'000'000;

// Summary of one output over all trials.
struct OutputSummary
{
    std::string name;
    double mean = 0;
    double sd = 0;    // sample standard deviation (n - 1 denominator)
    double ciLow = 0; // mean -/+ t(1 - alpha/2, n - 1) * sd / sqrt(n), Boost students_t
    double ciHigh = 0;
    double p5 = 0;  // percentiles by Hyndman-Fan type 7 (Excel PERCENTILE.INC, numpy
    double p50 = 0; // default): h = (n - 1) p, x[floor h] + (h - floor h)(x[floor h + 1]
    double p95 = 0; // - x[floor h]) over the sorted sample, 0-based
    double min = 0;
    double max = 0;
    std::vector<double> sortedSamples; // only when MonteCarloSpec::keepSamples
};

// P(first > second) over the trials (strict; ties count for neither), with common random numbers:
// both outputs come from the same trial inputs.
struct PairwiseProbability
{
    std::string first;
    std::string second;
    double probabilityFirstGreater = 0;
};

// Everything a run produced. Bit-identical for the same spec (including seed) on a platform.
struct MonteCarloResult
{
    std::uint64_t trials = 0;
    std::uint64_t seed = 0;
    double confidenceLevel = 0;
    std::vector<OutputSummary> outputs;     // in MonteCarloSpec::outputNames order
    std::vector<PairwiseProbability> pairs; // every ordered pair (a, b), a != b, a-major order

    // The summary of the named output, or nullptr.
    const OutputSummary* output(std::string_view name) const;
    // P(a > b), or NaN when a name is unknown.
    double probabilityGreater(std::string_view a, std::string_view b) const;
};

// A non-owning reference to the per-trial model call: one indirect call per trial, no allocation.
// Signature: void(std::span<const double> inputs, std::span<double> outputs).
class TrialModelRef
{
public:
    template <typename F>
    requires(!std::is_same_v<std::remove_cv_t<F>, TrialModelRef> && !std::is_function_v<F>)
        TrialModelRef(
            F& f) // NOLINT(google-explicit-constructor): built from lambdas in runMonteCarlo
        : m_object(const_cast<void*>(static_cast<const void*>(&f)))
        , m_call([](void* o, std::span<const double> in, std::span<double> out) {
            (*static_cast<F*>(o))(in, out);
        })
    {}
    void operator()(std::span<const double> in, std::span<double> out) const
    {
        m_call(m_object, in, out);
    }

private:
    void* m_object;
    void (*m_call)(void*, std::span<const double>, std::span<double>);
};

// Checks a spec (names unique and non-empty, trials in range, confidence in (0, 1), every
// distribution valid); errors name the field in Error::context, e.g. "inputs[2].max".
Status validateMonteCarloSpec(const MonteCarloSpec& spec);

// Runs the spec. Draw order (fixed, so results are reproducible by seed): one RandomEngine seeded
// with spec.seed; for trial 0..N-1, for input 0..k-1 in spec order, exactly one engine() call each
// (PreparedDistribution::sample: Distribution::sample exactly, except PERT's interpolated
// quantile). The model gets the k draws and must write every output; a NaN/inf output
// is an error naming the output and trial. progress (may be null) gets (trialsDone, trials) every
// 4096 trials and a cancelled() sink stops the run with Error::Code::Cancelled.
Result<MonteCarloResult>
runMonteCarlo(const MonteCarloSpec& spec, TrialModelRef model, ProgressSink* progress = nullptr);

// Convenience for a lambda/functor model: void(std::span<const double>, std::span<double>).
template <typename Model>
requires std::is_invocable_v<Model&, std::span<const double>, std::span<double>>
    Result<MonteCarloResult>
    runMonteCarlo(const MonteCarloSpec& spec, Model&& model, ProgressSink* progress = nullptr)
{
    // A lambda around the model also covers plain functions, which TrialModelRef cannot point at.
    auto call = [&model](std::span<const double> in, std::span<double> out) {
        model(in, out);
    };
    return runMonteCarlo(spec, TrialModelRef(call), progress);
}

// Summary statistics of an arbitrary sample (sorts `values` in place), with the same definitions
// as runMonteCarlo; used by it and available for benchmark results. Errors: fewer than 2 values,
// non-finite values, confidence outside (0, 1).
Result<OutputSummary>
summarizeSample(std::vector<double>& values, double confidenceLevel, const std::string& name = {});

// Hyndman-Fan type 7 percentile of an ascending sorted, non-empty sample; p in [0, 1].
double percentileSorted(std::span<const double> sorted, double p);

// A two-sided confidence interval of a mean: mean -/+ halfWidth, halfWidth = tCritical * sd /
// sqrt(n) (Boost.Math students_t_single_sample example, MODELS.md §4 "Benchmark CIs").
struct ConfidenceInterval
{
    double low = 0;
    double high = 0;
    double halfWidth = 0;
    double tCritical = 0;
};

// The Student-t interval of a mean from summary statistics. Errors: n < 2, sd < 0 or non-finite
// input, confidence outside (0, 1).
Result<ConfidenceInterval>
meanConfidenceInterval(double mean, double sd, std::uint64_t n, double confidenceLevel);

// Two-sided Student-t critical value t(1 - (1 - confidence)/2, df) (Boost students_t,
// quantile(complement(dist, alpha/2)) as in Boost's students_t_single_sample example).
double studentTCritical(double confidenceLevel, double degreesOfFreedom);

} // namespace cloudcost::pricing
