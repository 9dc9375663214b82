#pragma once

#include "benchmark-runner/Sample.h"
#include "benchmark-runner/probes/Probe.h"
#include "common/Progress.h"
#include "common/Result.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

// The statistics of repeated measurements and the protocol every probe runs under: a discarded
// warm-up, repetitions, median, mean with a Student-t confidence interval, coefficient of
// variation, one re-run when the spread is above the probe's threshold, then a noisy flag
// (BENCHMARKS.md §4.3).
namespace cloudcost::benchmark {

// A two-sided confidence interval for the mean and the critical t value it used.
struct MeanInterval
{
    double low = 0;
    double high = 0;
    double t = 0; // upper critical value t(alpha/2, n-1)
};

// mean ± t(alpha/2, n-1)·sd/√n with boost::math::students_t (the Boost.Math tutorial
// "Calculating confidence intervals on the mean with the Students-t distribution").
// InvalidInput when n < 2, sd < 0, confidence outside (0, 1) or a value is not finite.
Result<MeanInterval> studentTInterval(double mean, double sd, std::size_t n, double confidence);

// Summary of repeated measurements.
struct Summary
{
    std::size_t count = 0;
    double median = 0;
    double mean = 0;
    double sd = 0; // sample standard deviation (n - 1)
    double cv = 0; // sd / |mean|; 0 when n == 1
    double min = 0;
    double max = 0;
    std::optional<MeanInterval> ci; // only when count >= 2
};

// Summarises values at the given confidence. InvalidInput when values is empty or holds a
// non-finite number, or when the mean is 0 (no coefficient of variation).
Result<Summary> summarize(const std::vector<double>& values, double confidence = 0.95);

// How a probe is run: repetitions, durations, time bound. Profiles fill it (Runner.h).
struct ProbePlan
{
    int warmups = 1;                // discarded repetitions before the timed ones
    int repetitions = 5;            // timed repetitions per attempt
    double warmupSeconds = 0.2;     // target duration of a warm-up repetition
    double repetitionSeconds = 0.2; // target duration of a timed repetition
    double timeBoundSeconds = 10;   // hard bound for prepare, all attempts and the re-run
    int maxReruns = 1;              // re-runs when the CV is above the threshold
    double confidence = 0.95;       // of the interval on the mean
};

// What one probe gave.
struct ProbeOutcome
{
    Sample sample;              // main sample: median value, mean, CI, CV, noisy, raw values
    std::vector<Sample> extras; // latency percentiles and the like
    std::vector<std::string> warnings;
    int attempts = 1;              // 2 when it was re-run
    std::optional<double> firstCv; // CV of the discarded first attempt when re-run
    double elapsedSeconds = 0;
};

// Runs probe under plan: prepare, then per attempt warm-ups (discarded) and repetitions; when
// the CV is above the probe's threshold, one more attempt if the time bound leaves room for it,
// and the noisy flag if the spread stays above. finish() is called on every path. Cancelled
// when cancel says so; an error naming the probe when it fails or the time bound leaves fewer
// than 2 repetitions.
Result<ProbeOutcome>
measureProbe(Probe& probe, const ProbePlan& plan, const ProgressSink* cancel = nullptr);

} // namespace cloudcost::benchmark
