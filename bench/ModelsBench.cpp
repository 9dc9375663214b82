// Micro-benchmarks of the pricing models (Google Benchmark): Monte Carlo throughput in trial-years
// per second, next to a baseline in the same run (the raw std::mt19937_64 draws the simulation
// cannot avoid), so the figure reads as a ratio that survives a change of machine. See
// docs/PERFORMANCE.md "Monte Carlo" and docs/MONTE-CARLO.md.
#include "pricing/models/Conventions.h"
#include "pricing/models/Distributions.h"
#include "pricing/models/MonteCarlo.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

using namespace cloudcost;
using namespace cloudcost::pricing;

constexpr std::size_t kInputs = 6;

// A representative one-year cost comparison with six uncertain inputs of every family. The
// numbers are benchmark inputs, not defaults; where a constant is a modelling convention it comes
// from MODELS.md: 8,760 h/yr (§0), PUE 1.56 (Uptime 2024 [V], §1.3), 4-year server life (Azure
// Migrate [V], §1.2), $0.09/GB egress tier (AWS list [V3], §1.2).
MonteCarloSpec representativeSpec(std::uint64_t trials)
{
    MonteCarloSpec spec;
    spec.inputs = {
        {"cloud_hourly_usd", Distribution::triangular(0.80, 1.00, 1.40)},
        {"utilisation", Distribution::pert(0.30, 0.55, 0.90)},
        {"egress_tb_per_month", *Distribution::lognormalFromMeanSd(20.0, 8.0)},
        {"server_kw", *Distribution::lognormalFromP10P90(0.35, 0.65)},
        {"electricity_usd_per_kwh", Distribution::uniform(0.055, 0.12)},
        {"admin_hours_per_year", Distribution::normal(400.0, 80.0)},
    };
    spec.outputNames = {"cloud_usd", "onprem_usd"};
    spec.trials = trials;
    spec.seed = 5489;
    return spec;
}

struct RepresentativeModel
{
    void operator()(std::span<const double> in, std::span<double> out) const
    {
        const double hours = kHoursPerYear;
        const double cloud = in[0] * hours * in[1] * 10.0 + in[2] * 1000.0 * 12.0 * 0.09;
        const double capexPerYear = 60000.0 / 4.0;
        const double energy = in[3] * 10.0 * 1.56 * hours * in[4];
        const double admin = in[5] * 75.0;
        out[0] = cloud;
        out[1] = capexPerYear + energy + admin;
    }
};

// Baseline: the engine draws alone (kInputs per trial-year) turned into uniforms and summed.
void BM_BaselineEngineDraws(benchmark::State& state)
{
    RandomEngine engine(5489);
    for (auto _ : state) {
        double sum = 0;
        for (std::size_t i = 0; i < kInputs; ++i) {
            sum += uniformFromBits(engine());
        }
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["trial_years_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BaselineEngineDraws);

// Sampling the six inputs and evaluating the model, no storage or statistics.
void BM_SampleAndModel(benchmark::State& state)
{
    const MonteCarloSpec spec = representativeSpec(2);
    std::vector<PreparedDistribution> prepared;
    for (const auto& input : spec.inputs) {
        prepared.emplace_back(input.distribution);
    }
    RandomEngine engine(5489);
    std::array<double, kInputs> in{};
    std::array<double, 2> out{};
    RepresentativeModel model;
    for (auto _ : state) {
        for (std::size_t i = 0; i < kInputs; ++i) {
            in[i] = prepared[i].sample(engine);
        }
        model(in, out);
        benchmark::DoNotOptimize(out);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["trial_years_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SampleAndModel);

// One draw of each input as the runner does it (PreparedDistribution), to see where the time goes.
void BM_SampleOne(benchmark::State& state)
{
    const MonteCarloSpec spec = representativeSpec(2);
    const PreparedDistribution d(
        spec.inputs[static_cast<std::size_t>(state.range(0))].distribution);
    state.SetLabel(std::string(distributionKindName(d.distribution().kind())));
    RandomEngine engine(5489);
    for (auto _ : state) {
        benchmark::DoNotOptimize(d.sample(engine));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SampleOne)->DenseRange(0, static_cast<int>(kInputs) - 1);

// PERT through Boost's beta quantile (ibeta_inv) on every draw: what the interpolation avoids.
void BM_SamplePertExactBoost(benchmark::State& state)
{
    const auto d = Distribution::pert(0.30, 0.55, 0.90);
    RandomEngine engine(5489);
    for (auto _ : state) {
        benchmark::DoNotOptimize(d.sample(engine));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SamplePertExactBoost);

// The whole runner: draws, model, storage, P(A > B), sort and summaries of two outputs.
void BM_MonteCarloRun(benchmark::State& state)
{
    const auto trials = static_cast<std::uint64_t>(state.range(0));
    const MonteCarloSpec spec = representativeSpec(trials);
    RepresentativeModel model;
    for (auto _ : state) {
        auto result = runMonteCarlo(spec, model);
        if (!result) {
            state.SkipWithError(result.error().describe().c_str());
            return;
        }
        benchmark::DoNotOptimize(result->outputs[0].mean);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * trials));
    state.counters["trial_years_per_s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * trials),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MonteCarloRun)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
