#include "pricing/models/MonteCarlo.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

// Two cost options over three uncertain inputs, like a TCO comparison.
MonteCarloSpec twoOptionSpec(std::uint64_t seed, std::uint64_t trials)
{
    MonteCarloSpec spec;
    spec.inputs = {{"cpu_hourly_usd", Distribution::triangular(0.08, 0.10, 0.15)},
                   {"utilisation", Distribution::pert(0.2, 0.5, 0.9)},
                   {"power_kw", *Distribution::lognormalFromP10P90(0.3, 0.6)}};
    spec.outputNames = {"cloud", "onprem"};
    spec.trials = trials;
    spec.seed = seed;
    return spec;
}

void twoOptionModel(std::span<const double> in, std::span<double> out)
{
    out[0] = in[0] * 8760.0 * in[1] * 10.0;  // pay per use
    out[1] = 6000.0 + in[2] * 8760.0 * 0.06; // fixed + energy
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool identical(const MonteCarloResult& a, const MonteCarloResult& b)
{
    if (a.outputs.size() != b.outputs.size() || a.pairs.size() != b.pairs.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.outputs.size(); ++i) {
        const auto& x = a.outputs[i];
        const auto& y = b.outputs[i];
        for (auto [p, q] : {std::pair{x.mean, y.mean},
                            {x.sd, y.sd},
                            {x.ciLow, y.ciLow},
                            {x.ciHigh, y.ciHigh},
                            {x.p5, y.p5},
                            {x.p50, y.p50},
                            {x.p95, y.p95},
                            {x.min, y.min},
                            {x.max, y.max}}) {
            if (!sameBits(p, q)) {
                return false;
            }
        }
    }
    for (std::size_t i = 0; i < a.pairs.size(); ++i) {
        if (!sameBits(a.pairs[i].probabilityFirstGreater, b.pairs[i].probabilityFirstGreater)) {
            return false;
        }
    }
    return true;
}

class CancelAfter : public ProgressSink
{
public:
    explicit CancelAfter(int calls)
        : m_calls(calls)
    {}
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        lastDone = done;
        lastTotal = total;
    }
    bool cancelled() const override { return --m_calls < 0; }
    std::uint64_t lastDone = 0;
    std::uint64_t lastTotal = 0;

private:
    mutable int m_calls;
};

} // namespace

TEST_CASE("The same seed gives bit-identical Monte Carlo results", "[models][montecarlo]")
{
    auto a = runMonteCarlo(twoOptionSpec(12345, 20000), twoOptionModel);
    auto b = runMonteCarlo(twoOptionSpec(12345, 20000), twoOptionModel);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(identical(*a, *b));
    CHECK(a->seed == 12345);
    CHECK(a->trials == 20000);
}

TEST_CASE("A different seed gives different Monte Carlo results", "[models][montecarlo]")
{
    auto a = runMonteCarlo(twoOptionSpec(1, 20000), twoOptionModel);
    auto b = runMonteCarlo(twoOptionSpec(2, 20000), twoOptionModel);
    REQUIRE(a);
    REQUIRE(b);
    CHECK_FALSE(identical(*a, *b));
    CHECK(a->outputs[0].mean != b->outputs[0].mean);
    // ...but both estimate the same expectation: E = E[cpu] x 8760 x E[util] x 10 (independent).
    const double expected = Distribution::triangular(0.08, 0.10, 0.15).mean() * 8760.0
                            * Distribution::pert(0.2, 0.5, 0.9).mean() * 10.0;
    for (const auto* r : {&*a, &*b}) {
        const auto& cloud = r->outputs[0];
        const double halfWidth = cloud.ciHigh - cloud.mean;
        CHECK(std::fabs(cloud.mean - expected) < 4 * halfWidth);
    }
}

TEST_CASE("The draws follow the documented order one engine call per input per trial",
          "[models][montecarlo]")
{
    MonteCarloSpec spec;
    spec.inputs = {{"fixed", Distribution::constant(5)}, {"u", Distribution::uniform(0, 1)}};
    spec.outputNames = {"u"};
    spec.trials = 50;
    spec.seed = 777;
    std::vector<double> seen;
    auto result = runMonteCarlo(spec, [&seen](std::span<const double> in, std::span<double> out) {
        CHECK(in[0] == 5.0);
        seen.push_back(in[1]);
        out[0] = in[1];
    });
    REQUIRE(result);
    REQUIRE(seen.size() == 50);
    RandomEngine reference(777);
    for (double u : seen) {
        (void)reference(); // the constant's draw
        CHECK(u == uniformFromBits(reference()));
    }
}

TEST_CASE("The mean of a uniform input lies within its confidence interval", "[models][montecarlo]")
{
    MonteCarloSpec spec;
    spec.inputs = {{"u", Distribution::uniform(0, 1)}};
    spec.outputNames = {"u"};
    spec.trials = 100000;
    spec.keepSamples = true;
    auto result = runMonteCarlo(spec, [](std::span<const double> in, std::span<double> out) {
        out[0] = in[0];
    });
    REQUIRE(result);
    const auto& u = result->outputs[0];
    CHECK(u.ciLow < 0.5);
    CHECK(u.ciHigh > 0.5);
    // The half-width is t(0.975, n-1) sd / sqrt(n) ~ 1.96 x 0.2887 / 316.2.
    CHECK((u.ciHigh - u.ciLow) / 2
          == Approx(1.96 * std::sqrt(1.0 / 12.0) / std::sqrt(1e5)).epsilon(0.01));
    CHECK(u.sd == Approx(std::sqrt(1.0 / 12.0)).epsilon(0.01));
    CHECK(u.p5 == Approx(0.05).margin(0.005));
    CHECK(u.p50 == Approx(0.50).margin(0.005));
    CHECK(u.p95 == Approx(0.95).margin(0.005));
    CHECK(u.min > 0.0);
    CHECK(u.max < 1.0);
    REQUIRE(u.sortedSamples.size() == 100000);
    CHECK(std::is_sorted(u.sortedSamples.begin(), u.sortedSamples.end()));
    CHECK(u.p50 == percentileSorted(u.sortedSamples, 0.5));
}

TEST_CASE("P(A greater than B) matches known cases", "[models][montecarlo]")
{
    MonteCarloSpec spec;
    spec.inputs = {{"x", Distribution::uniform(0, 1)},
                   {"y", Distribution::uniform(0, 1)},
                   {"a", Distribution::normal(1, 1)},
                   {"b", Distribution::normal(0, 1)}};
    spec.outputNames = {"x_plus_1", "x", "y", "half", "a", "b"};
    spec.trials = 100000;
    spec.seed = 99;
    auto result = runMonteCarlo(spec, [](std::span<const double> in, std::span<double> out) {
        out[0] = in[0] + 1.0;
        out[1] = in[0];
        out[2] = in[1];
        out[3] = 0.5;
        out[4] = in[2];
        out[5] = in[3];
    });
    REQUIRE(result);
    const double n = 100000;
    const double se = std::sqrt(0.25 / n); // worst-case standard error of a proportion
    CHECK(result->probabilityGreater("x_plus_1", "x") == 1.0);
    CHECK(result->probabilityGreater("x", "x_plus_1") == 0.0);
    CHECK(std::fabs(result->probabilityGreater("x", "y") - 0.5) < 4 * se);
    CHECK(std::fabs(result->probabilityGreater("x", "half") - 0.5) < 4 * se);
    // A - B ~ N(1, 2): P(A > B) = Phi(1 / sqrt 2) = 0.7602499389.
    CHECK(std::fabs(result->probabilityGreater("a", "b") - 0.7602499389) < 4 * se);
    CHECK(result->pairs.size() == 6 * 5);
    CHECK(std::isnan(result->probabilityGreater("a", "nope")));
}

TEST_CASE("Percentiles follow Hyndman-Fan type 7 as Excel PERCENTILE.INC does",
          "[models][montecarlo]")
{
    // numpy.percentile([1,2,3,4], q) with the default 'linear' method (= type 7).
    const std::vector<double> sorted = {1, 2, 3, 4};
    CHECK(percentileSorted(sorted, 0.0) == 1.0);
    CHECK(percentileSorted(sorted, 0.05) == Approx(1.15));
    CHECK(percentileSorted(sorted, 0.5) == Approx(2.5));
    CHECK(percentileSorted(sorted, 0.95) == Approx(3.85));
    CHECK(percentileSorted(sorted, 1.0) == 4.0);
    CHECK(percentileSorted(std::vector<double>{7}, 0.3) == 7.0);
    CHECK(std::isnan(percentileSorted(sorted, 1.5)));
}

TEST_CASE("A model that returns NaN fails naming the output and trial",
          "[models][montecarlo][error]")
{
    MonteCarloSpec spec;
    spec.inputs = {{"u", Distribution::uniform(-1, 1)}};
    spec.outputNames = {"cost", "root"};
    spec.trials = 1000;
    auto result = runMonteCarlo(spec, [](std::span<const double> in, std::span<double> out) {
        out[0] = in[0];
        out[1] = std::sqrt(in[0]);
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().context == "outputs.root");
    CHECK(result.error().message.find("trial") != std::string::npos);

    auto forgets = runMonteCarlo(spec, [](std::span<const double>, std::span<double> out) {
        out[0] = 1.0; // never writes "root"
    });
    REQUIRE_FALSE(forgets);
    CHECK(forgets.error().context == "outputs.root");
}

TEST_CASE("A cancelled run stops with a Cancelled error", "[models][montecarlo]")
{
    CancelAfter sink(2);
    auto result = runMonteCarlo(twoOptionSpec(1, 100000), twoOptionModel, &sink);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == Error::Code::Cancelled);
    CHECK(sink.lastDone == 4096);
    CHECK(sink.lastTotal == 100000);

    CancelAfter never(1000);
    auto ok = runMonteCarlo(twoOptionSpec(1, 10000), twoOptionModel, &never);
    REQUIRE(ok);
    CHECK(never.lastDone == 10000);
}

TEST_CASE("An invalid Monte Carlo spec is rejected with the field named",
          "[models][montecarlo][error]")
{
    auto model = [](std::span<const double>, std::span<double> out) {
        out[0] = 1;
    };
    struct Row
    {
        MonteCarloSpec spec;
        const char* context;
        const char* why;
    };
    std::vector<Row> rows;
    auto base = [] {
        MonteCarloSpec s;
        s.inputs = {{"a", Distribution::uniform(0, 1)}};
        s.outputNames = {"y"};
        s.trials = 10;
        return s;
    };
    rows.push_back({base(), "", "valid"});
    rows.back().spec.trials = 1;
    rows.back().context = "trials";
    rows.back().why = "one trial";
    rows.push_back({base(), "trials", "too many trials"});
    rows.back().spec.trials = kMonteCarloMaxValues + 1;
    rows.push_back({base(), "confidence_level", "confidence of 1"});
    rows.back().spec.confidenceLevel = 1.0;
    rows.push_back({base(), "confidence_level", "negative confidence"});
    rows.back().spec.confidenceLevel = -0.5;
    rows.push_back({base(), "confidence_level", "NaN confidence"});
    rows.back().spec.confidenceLevel = std::numeric_limits<double>::quiet_NaN();
    rows.push_back({base(), "inputs[1].name", "duplicate input"});
    rows.back().spec.inputs.push_back({"a", Distribution::constant(1)});
    rows.push_back({base(), "inputs[0].name", "empty input name"});
    rows.back().spec.inputs[0].name.clear();
    rows.push_back({base(), "inputs[0].max", "max below min"});
    rows.back().spec.inputs[0].distribution = Distribution::uniform(2, 1);
    rows.push_back({base(), "outputs", "no outputs"});
    rows.back().spec.outputNames.clear();
    rows.push_back({base(), "outputs[1]", "duplicate output"});
    rows.back().spec.outputNames.push_back("y");
    for (auto& row : rows) {
        INFO(row.why);
        auto r = runMonteCarlo(row.spec, model);
        REQUIRE_FALSE(r);
        CHECK(r.error().context == row.context);
    }
}

TEST_CASE("Summaries of a sample need two finite values", "[models][montecarlo][error]")
{
    std::vector<double> one = {1.0};
    CHECK_FALSE(summarizeSample(one, 0.95, "x"));
    std::vector<double> withInf = {1.0, std::numeric_limits<double>::infinity()};
    CHECK_FALSE(summarizeSample(withInf, 0.95, "x"));
    std::vector<double> fine = {1.0, 2.0, 3.0};
    auto s = summarizeSample(fine, 0.95, "x");
    REQUIRE(s);
    CHECK(s->mean == 2.0);
    CHECK(s->sd == 1.0);
    // t(0.975, 2) = 4.303 (Boost students_t example table, n = 3).
    CHECK(s->ciHigh - s->mean == Approx(4.302652729749464 / std::sqrt(3.0)).epsilon(1e-12));
}
