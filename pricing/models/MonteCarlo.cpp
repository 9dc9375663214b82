#include "pricing/models/MonteCarlo.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>
#include <set>

namespace cloudcost::pricing {

namespace {

namespace bp = boost::math::policies;
// As in Distributions.cpp: double arithmetic, no exceptions (inputs are checked first).
using Policy = bp::policy<bp::promote_double<false>,
                          bp::domain_error<bp::ignore_error>,
                          bp::pole_error<bp::ignore_error>,
                          bp::overflow_error<bp::ignore_error>,
                          bp::evaluation_error<bp::ignore_error>>;

constexpr std::uint64_t kProgressEvery = 4096;

Error invalid(std::string context, std::string message)
{
    return makeError(Error::Code::InvalidInput, std::move(message), std::move(context));
}

Status checkConfidence(double confidenceLevel, const std::string& field)
{
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0)) {
        return invalid(field,
                       "expected a confidence level strictly between 0 and 1, got "
                           + std::to_string(confidenceLevel));
    }
    return {};
}

// Neumaier's compensated sum: the mean of a million draws keeps ~all its digits, deterministically.
double compensatedSum(std::span<const double> values)
{
    double sum = 0;
    double compensation = 0;
    for (double x : values) {
        const double t = sum + x;
        compensation += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    return sum + compensation;
}

} // namespace

const OutputSummary* MonteCarloResult::output(std::string_view name) const
{
    for (const auto& o : outputs) {
        if (o.name == name) {
            return &o;
        }
    }
    return nullptr;
}

double MonteCarloResult::probabilityGreater(std::string_view a, std::string_view b) const
{
    for (const auto& p : pairs) {
        if (p.first == a && p.second == b) {
            return p.probabilityFirstGreater;
        }
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double studentTCritical(double confidenceLevel, double degreesOfFreedom)
{
    if (!(confidenceLevel > 0.0 && confidenceLevel < 1.0) || !(degreesOfFreedom > 0.0)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    const boost::math::students_t_distribution<double, Policy> dist(degreesOfFreedom);
    const double alpha = 1.0 - confidenceLevel;
    return boost::math::quantile(boost::math::complement(dist, alpha / 2.0));
}

Result<ConfidenceInterval>
meanConfidenceInterval(double mean, double sd, std::uint64_t n, double confidenceLevel)
{
    if (!std::isfinite(mean)) {
        return invalid("mean", "expected a finite number");
    }
    if (!std::isfinite(sd) || sd < 0) {
        return invalid("sd", "expected a finite standard deviation >= 0");
    }
    if (n < 2) {
        return invalid("n",
                       "a confidence interval needs at least 2 observations, got "
                           + std::to_string(n));
    }
    if (auto s = checkConfidence(confidenceLevel, "confidence_level"); !s) {
        return s.error();
    }
    ConfidenceInterval ci;
    ci.tCritical = studentTCritical(confidenceLevel, static_cast<double>(n - 1));
    ci.halfWidth = ci.tCritical * sd / std::sqrt(static_cast<double>(n));
    ci.low = mean - ci.halfWidth;
    ci.high = mean + ci.halfWidth;
    return ci;
}

double percentileSorted(std::span<const double> sorted, double p)
{
    if (sorted.empty() || !(p >= 0.0 && p <= 1.0)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // Hyndman & Fan (1996) definition 7: h = (n - 1) p over 0-based order statistics.
    const double h = static_cast<double>(sorted.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(h));
    if (lo + 1 >= sorted.size()) {
        return sorted.back();
    }
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

Result<OutputSummary>
summarizeSample(std::vector<double>& values, double confidenceLevel, const std::string& name)
{
    if (values.size() < 2) {
        return invalid(name,
                       "a summary needs at least 2 values, got " + std::to_string(values.size()));
    }
    if (auto s = checkConfidence(confidenceLevel, "confidence_level"); !s) {
        return s.error();
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            return invalid(name, "value " + std::to_string(i) + " is not a finite number");
        }
    }
    OutputSummary out;
    out.name = name;
    const double n = static_cast<double>(values.size());
    out.mean = compensatedSum(values) / n;
    double squares = 0;
    for (double x : values) {
        squares += (x - out.mean) * (x - out.mean);
    }
    out.sd = std::sqrt(squares / (n - 1.0));
    auto ci = meanConfidenceInterval(out.mean, out.sd, values.size(), confidenceLevel);
    if (!ci) {
        return ci.error();
    }
    out.ciLow = ci->low;
    out.ciHigh = ci->high;
    std::sort(values.begin(), values.end());
    out.p5 = percentileSorted(values, 0.05);
    out.p50 = percentileSorted(values, 0.50);
    out.p95 = percentileSorted(values, 0.95);
    out.min = values.front();
    out.max = values.back();
    return out;
}

Status validateMonteCarloSpec(const MonteCarloSpec& spec)
{
    std::set<std::string> names;
    for (std::size_t i = 0; i < spec.inputs.size(); ++i) {
        const std::string where = "inputs[" + std::to_string(i) + "]";
        const auto& input = spec.inputs[i];
        if (input.name.empty()) {
            return invalid(where + ".name", "an input needs a non-empty name");
        }
        if (!names.insert(input.name).second) {
            return invalid(where + ".name", "duplicate input name '" + input.name + "'");
        }
        if (auto s = input.distribution.validate(where); !s) {
            return s;
        }
    }
    if (spec.outputNames.empty()) {
        return invalid("outputs", "a Monte Carlo run needs at least one output");
    }
    std::set<std::string> outputs;
    for (std::size_t i = 0; i < spec.outputNames.size(); ++i) {
        const std::string where = "outputs[" + std::to_string(i) + "]";
        if (spec.outputNames[i].empty()) {
            return invalid(where, "an output needs a non-empty name");
        }
        if (!outputs.insert(spec.outputNames[i]).second) {
            return invalid(where, "duplicate output name '" + spec.outputNames[i] + "'");
        }
    }
    if (spec.trials < 2) {
        return invalid("trials",
                       "expected at least 2 trials (the confidence interval needs "
                       "n - 1 >= 1), got "
                           + std::to_string(spec.trials));
    }
    if (spec.trials > kMonteCarloMaxValues / spec.outputNames.size()) {
        return invalid("trials",
                       std::to_string(spec.trials) + " trials x "
                           + std::to_string(spec.outputNames.size())
                           + " outputs exceeds the limit of " + std::to_string(kMonteCarloMaxValues)
                           + " stored values");
    }
    return checkConfidence(spec.confidenceLevel, "confidence_level");
}

Result<MonteCarloResult>
runMonteCarlo(const MonteCarloSpec& spec, TrialModelRef model, ProgressSink* progress)
{
    if (auto s = validateMonteCarloSpec(spec); !s) {
        return s.error();
    }
    const std::size_t inputCount = spec.inputs.size();
    const std::size_t outputCount = spec.outputNames.size();
    const std::uint64_t trials = spec.trials;
    const auto n = static_cast<std::size_t>(trials);

    // Output-major storage: output j of trial t at samples[j * n + t], so each output's column can
    // be sorted in place once the pairwise comparisons (which need trial alignment) are done.
    std::vector<double> samples;
    try {
        samples.resize(n * outputCount);
    } catch (const std::bad_alloc&) {
        return invalid("trials",
                       "not enough memory to store " + std::to_string(trials) + " trials");
    }
    std::vector<PreparedDistribution> distributions;
    distributions.reserve(inputCount);
    for (const auto& input : spec.inputs) {
        distributions.emplace_back(input.distribution);
    }
    std::vector<double> draws(inputCount);
    std::vector<double> outputs(outputCount);

    RandomEngine engine(spec.seed);
    for (std::uint64_t t = 0; t < trials; ++t) {
        if (t % kProgressEvery == 0 && progress != nullptr) {
            if (progress->cancelled()) {
                return makeError(Error::Code::Cancelled,
                                 "Monte Carlo run cancelled after " + std::to_string(t) + " of "
                                     + std::to_string(trials) + " trials");
            }
            progress->progress(t, trials);
        }
        for (std::size_t i = 0; i < inputCount; ++i) {
            draws[i] = distributions[i].sample(engine);
        }
        std::fill(outputs.begin(), outputs.end(), std::numeric_limits<double>::quiet_NaN());
        model(draws, outputs);
        for (std::size_t j = 0; j < outputCount; ++j) {
            if (!std::isfinite(outputs[j])) {
                return invalid("outputs." + spec.outputNames[j],
                               "the model gave a non-finite value (or none) in trial "
                                   + std::to_string(t) + " (seed " + std::to_string(spec.seed)
                                   + ")");
            }
            samples[j * n + static_cast<std::size_t>(t)] = outputs[j];
        }
    }
    if (progress != nullptr) {
        progress->progress(trials, trials);
    }

    MonteCarloResult result;
    result.trials = trials;
    result.seed = spec.seed;
    result.confidenceLevel = spec.confidenceLevel;
    for (std::size_t a = 0; a < outputCount; ++a) {
        for (std::size_t b = 0; b < outputCount; ++b) {
            if (a == b) {
                continue;
            }
            const double* colA = samples.data() + a * n;
            const double* colB = samples.data() + b * n;
            std::uint64_t greater = 0;
            for (std::size_t t = 0; t < n; ++t) {
                greater += colA[t] > colB[t] ? 1U : 0U;
            }
            result.pairs.push_back({spec.outputNames[a],
                                    spec.outputNames[b],
                                    static_cast<double>(greater) / static_cast<double>(n)});
        }
    }
    std::vector<double> column(n);
    for (std::size_t j = 0; j < outputCount; ++j) {
        std::copy_n(samples.begin() + static_cast<std::ptrdiff_t>(j * n), n, column.begin());
        auto summary = summarizeSample(column, spec.confidenceLevel, spec.outputNames[j]);
        if (!summary) {
            return summary.error();
        }
        if (spec.keepSamples) {
            summary->sortedSamples = column;
        }
        result.outputs.push_back(std::move(*summary));
    }
    return result;
}

} // namespace cloudcost::pricing
