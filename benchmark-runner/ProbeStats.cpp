#include "benchmark-runner/ProbeStats.h"

#include <boost/math/distributions/students_t.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>

namespace cloudcost::benchmark {

Result<MeanInterval> studentTInterval(double mean, double sd, std::size_t n, double confidence)
{
    if (n < 2) {
        return makeError(Error::Code::InvalidInput,
                         "a confidence interval needs at least 2 values, got " + std::to_string(n));
    }
    if (!std::isfinite(mean) || !std::isfinite(sd) || sd < 0) {
        return makeError(Error::Code::InvalidInput,
                         "mean and standard deviation must be finite, sd >= 0");
    }
    if (!(confidence > 0 && confidence < 1)) {
        return makeError(Error::Code::InvalidInput, "confidence must be between 0 and 1");
    }
    try {
        const boost::math::students_t dist(static_cast<double>(n - 1));
        const double alpha = 1 - confidence;
        const double t = boost::math::quantile(boost::math::complement(dist, alpha / 2));
        const double w = t * sd / std::sqrt(static_cast<double>(n));
        return MeanInterval{mean - w, mean + w, t};
    } catch (const std::exception& e) {
        return makeError(Error::Code::InvalidInput,
                         std::string("Student-t quantile failed: ") + e.what());
    }
}

Result<Summary> summarize(const std::vector<double>& values, double confidence)
{
    if (values.empty()) {
        return makeError(Error::Code::InvalidInput, "no values to summarise");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (!std::isfinite(values[i])) {
            return makeError(Error::Code::InvalidInput,
                             "value " + std::to_string(i) + " is not a finite number");
        }
    }
    Summary s;
    s.count = values.size();
    auto sorted = values;
    std::sort(sorted.begin(), sorted.end());
    s.min = sorted.front();
    s.max = sorted.back();
    const auto mid = sorted.size() / 2;
    s.median = sorted.size() % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(s.count);
    if (s.mean == 0) {
        return makeError(Error::Code::InvalidInput, "the mean is 0: no coefficient of variation");
    }
    if (s.count >= 2) {
        double sq = 0;
        for (double v : values) {
            sq += (v - s.mean) * (v - s.mean);
        }
        s.sd = std::sqrt(sq / static_cast<double>(s.count - 1));
        s.cv = s.sd / std::fabs(s.mean);
        auto ci = studentTInterval(s.mean, s.sd, s.count, confidence);
        if (!ci) {
            return ci.error();
        }
        s.ci = *ci;
    }
    return s;
}

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// finish() on every path.
struct FinishGuard
{
    Probe& probe;
    ~FinishGuard() { probe.finish(); }
};

struct Attempt
{
    std::vector<double> values;
    bool truncated = false;
    double seconds = 0;
};

Error probeError(const Probe& probe, const Error& e)
{
    Error out = e;
    out.context = out.context.empty() ? probe.info().name : probe.info().name + ": " + out.context;
    return out;
}

Result<Attempt> runAttempt(Probe& probe, const ProbePlan& plan, ProbeContext& ctx)
{
    Attempt a;
    const auto start = Clock::now();
    probe.beginAttempt();
    for (int w = 0; w < plan.warmups; ++w) {
        auto r = probe.repetition(ctx, plan.warmupSeconds);
        if (!r) {
            return probeError(probe, ctx.cancelled() ? ctx.stopError() : r.error());
        }
    }
    probe.endWarmup();
    double lastSeconds = 0;
    for (int i = 0; i < plan.repetitions; ++i) {
        if (ctx.cancelled()) {
            return probeError(probe, ctx.stopError());
        }
        // Do not start a repetition that cannot end before the bound.
        if (i > 0 && Clock::now() + std::chrono::duration<double>(lastSeconds) > ctx.deadline()) {
            a.truncated = true;
            break;
        }
        const auto repStart = Clock::now();
        auto r = probe.repetition(ctx, plan.repetitionSeconds);
        if (!r) {
            if (ctx.cancelled()) {
                return probeError(probe, ctx.stopError());
            }
            if (ctx.pastDeadline()) {
                a.truncated = true;
                break;
            }
            return probeError(probe, r.error());
        }
        if (!std::isfinite(*r) || *r <= 0) {
            return probeError(probe,
                              makeError(Error::Code::IoFailed,
                                        "repetition " + std::to_string(i + 1)
                                            + " gave a non-positive or non-finite value"));
        }
        lastSeconds = secondsSince(repStart);
        a.values.push_back(*r);
    }
    a.seconds = secondsSince(start);
    if (a.values.size() < 2) {
        return probeError(probe,
                          makeError(Error::Code::Cancelled,
                                    "time bound reached after " + std::to_string(a.values.size())
                                        + " repetition(s); at least 2 are needed"));
    }
    return a;
}

std::string formatFraction(double v)
{
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.4f", v);
    return buf.data();
}

std::string formatSeconds(double v)
{
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%.0f", v);
    return buf.data();
}

} // namespace

Result<ProbeOutcome> measureProbe(Probe& probe, const ProbePlan& plan, const ProgressSink* cancel)
{
    const auto start = Clock::now();
    const auto bound = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(std::max(0.0, plan.timeBoundSeconds)));
    ProbeContext ctx(cancel, start + bound);
    FinishGuard guard{probe};
    const auto& info = probe.info();
    if (plan.repetitions < 2) {
        return probeError(probe,
                          makeError(Error::Code::InvalidInput, "at least 2 repetitions needed"));
    }
    if (auto st = probe.prepare(ctx); !st) {
        if (!ctx.cancelled() && ctx.pastDeadline()) {
            return probeError(probe,
                              makeError(Error::Code::Cancelled,
                                        "time bound of " + formatSeconds(plan.timeBoundSeconds)
                                            + " s reached while preparing"));
        }
        return probeError(probe, ctx.cancelled() ? ctx.stopError() : st.error());
    }

    ProbeOutcome out;
    auto first = runAttempt(probe, plan, ctx);
    if (!first) {
        return first.error();
    }
    Attempt kept = std::move(*first);
    auto summary = summarize(kept.values, plan.confidence);
    if (!summary) {
        return probeError(probe, summary.error());
    }
    if (summary->cv > info.cvThreshold && plan.maxReruns > 0) {
        // Re-run once if the bound leaves room for a whole attempt like the first one.
        if (Clock::now() + std::chrono::duration<double>(kept.seconds) <= ctx.deadline()) {
            out.firstCv = summary->cv;
            auto second = runAttempt(probe, plan, ctx);
            if (!second) {
                return second.error();
            }
            kept = std::move(*second);
            summary = summarize(kept.values, plan.confidence);
            if (!summary) {
                return probeError(probe, summary.error());
            }
            out.attempts = 2;
        } else {
            out.warnings.push_back("spread above the threshold and no time left to re-run");
        }
    }
    if (kept.truncated) {
        out.warnings.push_back("time bound reached: " + std::to_string(kept.values.size()) + " of "
                               + std::to_string(plan.repetitions) + " repetitions");
    }

    Sample& s = out.sample;
    s.metric = info.metric;
    s.unit = info.unit;
    s.higherIsBetter = info.higherIsBetter;
    s.parameters = info.parameters;
    s.parameters["probe"] = info.name;
    s.parameters["repetitions"] = std::to_string(kept.values.size());
    s.parameters["warmups"] = std::to_string(plan.warmups);
    s.parameters["cv_threshold"] = formatFraction(info.cvThreshold);
    if (out.firstCv) {
        s.parameters["rerun_first_cv"] = formatFraction(*out.firstCv);
    }
    s.value = summary->median;
    s.rawValues = kept.values;
    s.mean = summary->mean;
    if (summary->ci) {
        s.ciLow = summary->ci->low;
        s.ciHigh = summary->ci->high;
    }
    s.cv = summary->cv;
    s.noisy = summary->cv > info.cvThreshold;

    out.extras = probe.extraSamples();
    for (auto& e : out.extras) {
        for (const auto& [k, v] : info.parameters) {
            e.parameters.emplace(k, v);
        }
        e.parameters["probe"] = info.name;
        e.noisy = s.noisy;
    }
    auto w = probe.warnings();
    out.warnings.insert(out.warnings.begin(), w.begin(), w.end());
    out.elapsedSeconds = secondsSince(start);
    return out;
}

} // namespace cloudcost::benchmark
