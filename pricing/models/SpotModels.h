#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "pricing/models/Conventions.h"
#include "pricing/models/MonteCarlo.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Spot and preemptible capacity (MODELS.md §3; method, formulas and sources in docs/SPOT.md):
// time-weighted statistics of a spot price history, interruption hazards from provider buckets or
// rates, Young's and Daly's checkpoint intervals, the expected run time and cost of a checkpointed
// job (notice windows, GCP's 24-hour preemptible cap, on-demand fallback), pool diversification,
// and a reproducible Monte Carlo of the job.
namespace cloudcost::pricing {

// ---- Provider facts (each shown to the user with its source) ----------------------------------

// AWS: "a warning that is issued two minutes before Amazon EC2 stops or terminates your Spot
// Instance" (AWS EC2 User Guide, spot-instance-termination-notices; issued "on a best effort
// basis").
inline constexpr SourcedValue kAwsNoticeSeconds{
    120.0,
    "[V]",
    "AWS EC2 User Guide, Spot Instance interruption notices: issued two minutes before EC2 stops "
    "or terminates the instance (best effort)"};
// Azure: Scheduled Events give a Preempt event at least 30 seconds ahead (MicrosoftDocs/azure-docs
// articles/virtual-machines/linux/scheduled-events.md, table of minimum notice per event type).
inline constexpr SourcedValue kAzureNoticeSeconds{
    30.0,
    "[V3]",
    "Azure docs virtual-machines/linux/scheduled-events.md: Preempt event notice 30 seconds "
    "(MODELS.md §3.2)"};
// GCP: "120 seconds between GCE ACPI G2 Soft Off and ACPI G3 Mechanical Off for Standard VMs and
// 30 seconds for Spot VMs" (Compute Engine API, Scheduling.skipGuestOsShutdown field description).
inline constexpr SourcedValue kGcpNoticeSeconds{
    30.0,
    "[V3]",
    "Compute Engine API Scheduling.skipGuestOsShutdown: 30 s from ACPI soft off to hard off for "
    "Spot VMs (MODELS.md §3.2)"};
// GCP: "Preemptible VMs always stop after 24 hours"; Spot VMs "don't have a maximum runtime unless
// you limit the runtime" (docs.cloud.google.com compute/docs/instances/create-use-preemptible).
inline constexpr SourcedValue kGcpPreemptibleMaxHours{
    24.0,
    "[V]",
    "Compute Engine docs, create-use-preemptible: preemptible VMs always stop after 24 hours; Spot "
    "VMs have no maximum runtime"};
// AWS Spot Instance Advisor: "Frequency of interruption represents the rate at which Spot has
// reclaimed capacity during the trailing month" (advisor page text, quoted in grailbio/base
// cloud/spotadvisor README); a month is 730 h (MODELS.md §0, §3.2).
inline constexpr SourcedValue kAwsAdvisorWindowHours{
    730.0,
    "[V3]",
    "AWS Spot Instance Advisor: interruption frequency over the trailing month; month = 730 h "
    "(MODELS.md §0, §3.2)"};
// Alibaba DescribeSpotAdvice: InterruptionRate is the average over the last 30 days
// (data/alibaba/README.md, from Alibaba's API reference) = 720 h.
inline constexpr SourcedValue kAlibabaAdviceWindowHours{
    720.0,
    "[V]",
    "Alibaba ECS DescribeSpotAdvice: InterruptionRate averaged over the last 30 days = 720 h"};

// The notice a provider gives before a spot/preemptible instance stops, or nullopt when no
// notice is documented in a source we hold (alibaba, others): the model then assumes none.
std::optional<SourcedValue> spotNoticeSeconds(std::string_view provider);

// ---- Time stamps ----------------------------------------------------------------------------

// Seconds since 1970-01-01T00:00:00Z of an ISO-8601 time: "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed
// by "Z" or "+HH:MM"/"-HH:MM" (a zone is required). Errors name the text and what was expected.
Result<std::int64_t> parseUtcSeconds(std::string_view timestamp);
// "YYYY-MM-DDTHH:MM:SSZ" of seconds since the epoch (years 0000-9999).
std::string formatUtcSeconds(std::int64_t seconds);

// ---- Price history statistics ---------------------------------------------------------------

// One price-change event: hourly holds from atSeconds until the next step of the same series.
struct PriceStep
{
    std::int64_t atSeconds = 0;
    double hourly = 0;
};

// Time-weighted statistics of a step-function price series over a window. Every statistic weighs
// each price by how long it held inside the window (a price that held 10 days counts 10 times a
// price that held 1 day), so they describe what a long-running instance paid.
struct PriceSeriesStats
{
    std::int64_t fromSeconds = 0; // the window actually covered (clipped to the first step)
    std::int64_t toSeconds = 0;
    double coveredHours = 0;
    std::size_t levels = 0;  // steps that held for some time inside the window
    std::size_t changes = 0; // steps that start strictly inside (from, to)
    double firstHourly = 0;  // in effect at fromSeconds
    double lastHourly = 0;   // in effect at toSeconds
    double meanHourly = 0;   // sum(price_i * duration_i) / sum(duration_i)
    double minHourly = 0;
    double maxHourly = 0;
    double p5Hourly = 0; // time-weighted percentiles (see timeWeightedQuantile)
    double p50Hourly = 0;
    double p95Hourly = 0;
    double sdHourly = 0;               // time-weighted population sd around meanHourly
    double coefficientOfVariation = 0; // sdHourly / meanHourly: the volatility reported
    // Sample sd of ln(p(t+1 day)/p(t)) over whole days from fromSeconds (the daily volatility of a
    // log-price random walk, MODELS.md §3.1); nullopt with fewer than 2 daily changes.
    std::optional<double> dailyLogChangeSd;
    std::size_t dailyChanges = 0;
    // Share of covered time with price >= referenceHourly (e.g. the on-demand price), when given.
    std::optional<double> shareAtOrAboveReference;
};

// Statistics of series (sorted by atSeconds, non-decreasing; prices finite and >= 0) over
// [fromSeconds, toSeconds]. The price at fromSeconds is the last step at or before it; when
// fromSeconds is before the first step, the window starts at the first step (no price is known
// earlier). Errors: empty series, unsorted steps, bad prices, or a window with no covered time.
Result<PriceSeriesStats> timeWeightedStats(std::span<const PriceStep> series,
                                           std::int64_t fromSeconds,
                                           std::int64_t toSeconds,
                                           std::optional<double> referenceHourly = std::nullopt);

// Time-weighted p-quantile (p in [0, 1]) of the price over the window: the smallest price x such
// that the price is <= x for at least a share p of the covered time (the inverse of the
// time-weighted CDF, no interpolation: a step function only takes its own values). p = 0 gives the
// minimum and p = 1 the maximum. Same window rules and errors as timeWeightedStats.
Result<double> timeWeightedQuantile(std::span<const PriceStep> series,
                                    std::int64_t fromSeconds,
                                    std::int64_t toSeconds,
                                    double p);

// ---- Interruption hazard --------------------------------------------------------------------

// A provider's interruption bucket as a range of percentages: "<5%" -> [0, 5], "5-10%" -> [5, 10],
// ">20%" -> [20, open], "0-3%" -> [0, 3]. Errors name the label and the accepted shapes.
struct InterruptionBucket
{
    double lowerPct = 0;
    std::optional<double> upperPct; // nullopt: open-ended (">20%")
};
Result<InterruptionBucket> parseInterruptionBucket(std::string_view label);

// Which point of a bucket stands for it (an assumption shown to the user).
enum class BucketPoint
{
    Lower,
    Midpoint,
    Upper,
};
std::string_view bucketPointName(BucketPoint point); // lower, midpoint, upper

// Hazard rate lambda (per hour) of exponential lifetimes when a share probability of instances is
// interrupted within windowHours: lambda = -ln(1 - p) / T (MODELS.md §3.2). p in [0, 1) gives a
// finite rate; p = 1 gives +inf. NaN for p outside [0, 1] or T <= 0.
double hazardFromWindowProbability(double probability, double windowHours);
// The inverse: the probability of at least one interruption within hours, 1 - exp(-lambda * t).
double probabilityWithin(double hazardPerHour, double hours);

// An interruption rate for the job model, with how it was obtained.
struct InterruptionEstimate
{
    std::string basis;        // "bucket", "rate" (a provider's measured rate) or "user"
    std::string bucket;       // the provider's label, "" when none
    std::string point;        // lower|midpoint|upper for buckets, "" otherwise
    bool openEnded = false;   // the point is the lower edge of an open bucket (">20%"): at least
    double windowProbability; // p, the share interrupted within the window
    double windowHours;
    double hazardPerHour;                      // lambda = -ln(1 - p) / T
    double mtbfHours;                          // M = 1 / lambda; +inf when lambda = 0
    std::optional<double> lowProbability;      // the bucket's edges, for a sensitivity range
    std::optional<double> highProbability;     // (nullopt when open or not a bucket)
    std::optional<double> mtbfAtLowHours;      // M at the low edge (+inf at 0 %)
    std::optional<double> mtbfAtHighHours;     // M at the high edge
    std::optional<double> midpointProbability; // bounded buckets only
    std::optional<double> mtbfAtMidpointHours;
};

// The estimate for a bucket label at the chosen point (the open top bucket always uses its lower
// edge and sets openEnded). windowHours > 0.
Result<InterruptionEstimate>
interruptionFromBucket(std::string_view label, BucketPoint point, double windowHours);
// The estimate for a probability in percent (0 to 100) of interruption within windowHours;
// basis "rate" or "user". Errors name `field` (e.g. "--interruption-pct").
Result<InterruptionEstimate> interruptionFromPercent(double percent,
                                                     double windowHours,
                                                     const std::string& basis,
                                                     const std::string& field);
// The estimate for a mean time between interruptions given directly (hours > 0, +inf allowed).
Result<InterruptionEstimate> interruptionFromMtbf(double mtbfHours, const std::string& field);

// Pool diversification: with k pools whose interruptions are INDEPENDENT (an assumption: real
// pools share demand shocks, MODELS.md §3.3), the probability that every pool is interrupted
// within the same window is the product of the pools' probabilities.
double probabilityAllPoolsInterrupted(std::span<const double> windowProbabilities);

// ---- Checkpoint intervals (all times in hours) -------------------------------------------------

// Young (1974), first order: tau = sqrt(2 delta M). delta > 0, M > 0 (+inf gives +inf).
double youngIntervalHours(double checkpointHours, double mtbfHours);
// Daly (2006, FGCS 22, eq. for the higher order estimate): for delta < 2M,
// tau = sqrt(2 delta M) [1 + (1/3) sqrt(delta / 2M) + (1/9)(delta / 2M)] - delta; otherwise M.
double dalyIntervalHours(double checkpointHours, double mtbfHours);
// Daly's complete model of the expected wall time of a job of solveHours of work, checkpointed
// every intervalHours, with checkpoint time delta, restart time R and exponential interruptions of
// mean M: T_w = M e^(R/M) (e^((tau + delta)/M) - 1) Ts / tau (tends to Ts (1 + delta/tau) as M ->
// inf). Interruptions may also strike during checkpoints and restarts.
double dalyExpectedWallHours(double solveHours,
                             double intervalHours,
                             double checkpointHours,
                             double restartHours,
                             double mtbfHours);
// Expected wall time when every interruption is announced noticeHours ahead and the job writes its
// checkpoint inside the notice (delta <= notice), so no computed work is lost: each interruption
// costs the notice window plus a restart that may itself be interrupted:
// T_w = Ts e^(R/M) (1 + N/M) (derivation in docs/SPOT.md).
double noticeExpectedWallHours(double solveHours,
                               double restartHours,
                               double noticeHours,
                               double mtbfHours);

// ---- A job on spot capacity -----------------------------------------------------------------

// A batch job of solveHours of work run on spot capacity; every time in hours.
struct SpotJobSpec
{
    double solveHours = 0;               // Ts > 0: failure-free compute time
    double checkpointHours = 0;          // delta > 0: time to write one checkpoint
    double restartHours = 0;             // R >= 0: time to get a new instance running from one
    double mtbfHours = 0;                // M > 0, +inf = never interrupted
    std::optional<double> intervalHours; // tau; default Daly's interval
    double noticeHours = 0;              // notice before an interruption (0 = none)
    bool checkpointOnNotice = true;      // write the checkpoint in the notice when delta <= notice
    std::optional<double> maxInstanceHours;        // forced stop at this instance age (GCP 24 h)
    std::optional<int> fallbackAfterInterruptions; // k >= 1: finish on on-demand after k
    double spotHourly = 0;                         // price per instance-hour, >= 0
    std::optional<double> onDemandHourly;          // needed for fallback and the comparison
};

// How the job protects its work.
enum class CheckpointStrategy
{
    OnNotice, // checkpoint written inside the interruption notice: no lost work
    Periodic, // checkpoint every tau (Daly)
};
std::string_view checkpointStrategyName(CheckpointStrategy s); // on_notice, periodic

// The closed-form estimate of a job (approximations are listed in `approximations`).
struct SpotJobEstimate
{
    CheckpointStrategy strategy = CheckpointStrategy::Periodic;
    double intervalHours = 0;            // tau used (+inf for on_notice)
    double youngIntervalHours = 0;       // for reference
    double dalyIntervalHours = 0;        // for reference
    double expectedWallHours = 0;        // on spot, before any fallback (Daly / notice model + cap)
    double expectedInterruptions = 0;    // random interruptions (including during restarts)
    double expectedForcedStops = 0;      // stops at the maximum instance age
    double probabilityUninterrupted = 0; // e^(-Ts/M): an uncheckpointed job never interrupted
    double probabilityFallback = 0;      // P(k interruptions before the end)
    double expectedSpotHours = 0;
    double expectedOnDemandHours = 0;
    double expectedCost = 0; // spotHourly * spot hours + onDemandHourly * on-demand hours
    std::optional<double> onDemandCost;      // onDemandHourly * Ts
    bool spotPriceAtOrAboveOnDemand = false; // then the whole job runs on on-demand
    std::vector<std::string> approximations; // which parts are approximate, in words
};

// Validates spec (errors name the field: "solveHours", ...) and estimates the job.
Result<SpotJobEstimate> estimateSpotJob(const SpotJobSpec& spec);

// A Monte Carlo of the job: exponential interruptions drawn by inverse transform from
// uniformOpen01 (Distributions.h), one RandomEngine seeded with `seed`, trials in order; the same
// spec, trials and seed give identical results.
struct SpotJobSimulation
{
    std::uint64_t trials = 0;
    std::uint64_t seed = 0;
    OutputSummary wallHours; // spot wall hours (MonteCarlo.h definitions: t CI, type 7 P5/P50/P95)
    OutputSummary cost;
    OutputSummary interruptions;
    double meanOnDemandHours = 0;
    double probabilityFallback = 0;
    std::optional<double> probabilityCostAboveOnDemand; // P(cost > onDemandHourly * Ts)
};

// Runs trials (2 to 10,000,000) of spec. Refuses (InvalidInput) a run whose expected number of
// simulated events exceeds 2e9 (a job that would practically never finish), naming the estimate.
Result<SpotJobSimulation> simulateSpotJob(const SpotJobSpec& spec,
                                          std::uint64_t trials,
                                          std::uint64_t seed,
                                          ProgressSink* progress = nullptr);

} // namespace cloudcost::pricing
