#include "pricing/models/Distributions.h"

#include "pricing/models/MonteCarlo.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

constexpr const char* kBoostCi =
    "Boost.Math doc/distributions/students_t_examples.qbk 'Calculating confidence intervals on "
    "the mean' (example/students_t_single_sample.cpp)";

// E[X] = integral of quantile(p) over (0, 1), by the midpoint rule: ties mean() to quantile().
double integratedMean(const Distribution& d, int points)
{
    double sum = 0;
    for (int i = 0; i < points; ++i) {
        sum += d.quantile((i + 0.5) / points);
    }
    return sum / points;
}

} // namespace

TEST_CASE("Student t intervals reproduce the Boost confidence interval examples",
          "[models][distributions][boost]")
{
    struct Row
    {
        double mean;
        double sd;
        std::uint64_t n;
        double confidence;
        double t;     // printed to 3 decimals
        double lower; // printed to 5 decimals
        double upper;
        const char* data;
    };
    // Heat flow data (NIST, Zarr 1990): n = 195, mean 9.261460, sd 0.02278881.
    // Mercury by cold-vapour AAS (Hou, Lau & Wong 1983): n = 3, mean 37.8, sd 0.9643650.
    static const std::vector<Row> rows = {
        {9.261460, 0.02278881, 195, 0.50, 0.676, 9.26036, 9.26256, "heat flow"},
        {9.261460, 0.02278881, 195, 0.90, 1.653, 9.25876, 9.26416, "heat flow"},
        {9.261460, 0.02278881, 195, 0.95, 1.972, 9.25824, 9.26468, "heat flow"},
        {9.261460, 0.02278881, 195, 0.99, 2.601, 9.25721, 9.26571, "heat flow"},
        {9.261460, 0.02278881, 195, 0.99999, 4.537, 9.25406, 9.26886, "heat flow"},
        {37.8, 0.9643650, 3, 0.50, 0.816, 37.34539, 38.25461, "mercury"},
        {37.8, 0.9643650, 3, 0.75, 1.604, 36.90717, 38.69283, "mercury"},
        {37.8, 0.9643650, 3, 0.95, 4.303, 35.40438, 40.19562, "mercury"},
        {37.8, 0.9643650, 3, 0.99, 9.925, 32.27408, 43.32592, "mercury"},
        {37.8, 0.9643650, 3, 0.999, 31.599, 20.20639, 55.39361, "mercury"},
        {37.8, 0.9643650, 3, 0.99999, 316.225, -138.26683, 213.86683, "mercury"},
    };
    for (const auto& row : rows) {
        INFO(kBoostCi << ": " << row.data << " at " << row.confidence);
        auto ci = meanConfidenceInterval(row.mean, row.sd, row.n, row.confidence);
        REQUIRE(ci);
        CHECK(std::fabs(ci->tCritical - row.t) <= 0.0005);
        CHECK(std::fabs(ci->low - row.lower) <= 0.000005);
        CHECK(std::fabs(ci->high - row.upper) <= 0.000005);
        CHECK(studentTCritical(row.confidence, static_cast<double>(row.n - 1)) == ci->tCritical);
    }
}

TEST_CASE("Quantiles match the closed forms of each distribution", "[models][distributions]")
{
    const double z975 = 1.959963984540054; // standard normal 97.5 % point
    for (double p : {1e-9, 0.01, 0.1, 0.25, 1.0 / 3.0, 0.5, 0.75, 0.9, 0.99, 1 - 1e-9}) {
        INFO("p = " << p);
        CHECK(Distribution::uniform(2, 6).quantile(p) == Approx(2 + 4 * p).epsilon(1e-14));
        // Triangular(a=1, c=2, b=4): F(c) = 1/3; inverse CDF in two pieces.
        const double tri =
            p < 1.0 / 3.0 ? 1 + std::sqrt(p * 3 * 1) : 4 - std::sqrt((1 - p) * 3 * 2);
        CHECK(Distribution::triangular(1, 2, 4).quantile(p) == Approx(tri).epsilon(1e-12));
        // PERT with mode = min is Beta(1, 5) scaled: F(x) = 1 - (1 - x)^5.
        CHECK(Distribution::pert(0, 0, 10).quantile(p)
              == Approx(10 * (1 - std::pow(1 - p, 0.2))).epsilon(1e-10).margin(1e-12));
        const double z = standardNormalQuantile(p);
        CHECK(Distribution::normal(10, 2).quantile(p) == Approx(10 + 2 * z).epsilon(1e-14));
        CHECK(Distribution::lognormal(1.5, 0.4).quantile(p)
              == Approx(std::exp(1.5 + 0.4 * z)).epsilon(1e-13));
    }
    CHECK(Distribution::normal(10, 2).quantile(0.975) == Approx(10 + 2 * z975).epsilon(1e-15));
    // MODELS.md §4 prints z0.9 = 1.2815516 (7 decimals).
    CHECK(std::fabs(standardNormalQuantile(0.9) - 1.2815516) < 5e-8);
    // Symmetric PERT(0, 0.5, 1) is Beta(3, 3): the median is the mode.
    CHECK(Distribution::pert(0, 0.5, 1).quantile(0.5) == Approx(0.5).epsilon(1e-14));
    CHECK(Distribution::constant(7).quantile(0.3) == 7.0);
    CHECK(Distribution::normal(3, 0).quantile(0.9) == 3.0);
    CHECK(std::isnan(Distribution::uniform(0, 1).quantile(1.5)));
    CHECK(std::isnan(Distribution::uniform(0, 1).quantile(-0.1)));
}

TEST_CASE("Means and standard deviations agree with the integrated quantile functions",
          "[models][distributions]")
{
    const std::vector<Distribution> dists = {
        Distribution::uniform(2, 6),
        Distribution::triangular(1, 2, 4),
        Distribution::triangular(0, 0, 9),
        Distribution::pert(1, 2, 10),
        Distribution::pert(0, 0.5, 1),
        Distribution::normal(10, 2),
        Distribution::lognormal(1.5, 0.4),
        Distribution::constant(3.25),
    };
    for (const auto& d : dists) {
        INFO(d.describe());
        REQUIRE(d.validate("x"));
        CHECK(integratedMean(d, 200000) == Approx(d.mean()).epsilon(1e-4));
        const double m = d.mean();
        double sq = 0;
        const int points = 200000;
        for (int i = 0; i < points; ++i) {
            const double x = d.quantile((i + 0.5) / points) - m;
            sq += x * x;
        }
        CHECK(std::sqrt(sq / points) == Approx(d.sd()).epsilon(1e-3).margin(1e-12));
    }
    // MODELS.md §4: triangular mean (a+b+c)/3 (Boost's doc table misprints it); PERT mean
    // (a + 4m + b)/6.
    CHECK(Distribution::triangular(1, 2, 4).mean() == Approx(7.0 / 3.0));
    CHECK(Distribution::pert(1, 2, 10).mean() == Approx(19.0 / 6.0));
}

TEST_CASE("Lognormal from mean and sd or from P10 and P90 reproduces its inputs",
          "[models][distributions]")
{
    auto bySd = Distribution::lognormalFromMeanSd(10, 2);
    REQUIRE(bySd);
    CHECK(bySd->mean() == Approx(10).epsilon(1e-13));
    CHECK(bySd->sd() == Approx(2).epsilon(1e-12));
    // MODELS.md §4: sigma^2 = ln(1 + s^2/m^2) = ln 1.04; mu = ln 10 - sigma^2/2.
    CHECK(bySd->parameters()[1] == Approx(std::sqrt(std::log(1.04))).epsilon(1e-14));
    CHECK(bySd->parameters()[0] == Approx(std::log(10.0) - std::log(1.04) / 2).epsilon(1e-14));

    auto byPercentiles = Distribution::lognormalFromP10P90(5, 20);
    REQUIRE(byPercentiles);
    CHECK(byPercentiles->quantile(0.1) == Approx(5).epsilon(1e-12));
    CHECK(byPercentiles->quantile(0.9) == Approx(20).epsilon(1e-12));
    CHECK(byPercentiles->quantile(0.5) == Approx(10).epsilon(1e-12)); // sqrt(5 x 20)

    auto reversed = Distribution::lognormalFromP10P90(20, 5, "options[1].cpu_price");
    REQUIRE_FALSE(reversed);
    CHECK(reversed.error().context == "options[1].cpu_price.p10");
    CHECK(reversed.error().message.find("below P90") != std::string::npos);
}

TEST_CASE("Bits map to the open unit interval and the engine follows the C++ standard",
          "[models][distributions]")
{
    CHECK(uniformFromBits(0) == 0x1.0p-53);
    CHECK(uniformFromBits(~0ULL) == 1.0 - 0x1.0p-53);
    CHECK(uniformFromBits(1ULL << 63) == 0.5 + 0x1.0p-53);
    CHECK(uniformFromBits(~0ULL) < 1.0);
    // Symmetric: the cell midpoints mirror around 1/2, so u and 1 - u are both draws.
    CHECK(uniformFromBits(0) == 1.0 - uniformFromBits(~0ULL));
    // Why not MODELS.md's 53-bit form ((x >> 11) + 0.5) * 2^-53: its top value rounds to 1.0.
    const double naiveTop = (static_cast<double>(~0ULL >> 11) + 0.5) * 0x1.0p-53;
    CHECK(naiveTop == 1.0);
    // [rand.predef]: the 10000th output of a default-constructed mt19937_64.
    RandomEngine engine;
    engine.discard(9999);
    CHECK(engine() == 9981545732273789042ULL);
    // Extreme uniforms give finite quantiles even for unbounded distributions.
    CHECK(std::isfinite(Distribution::normal(0, 1).quantile(uniformFromBits(0))));
    CHECK(std::isfinite(Distribution::lognormal(0, 3).quantile(uniformFromBits(~0ULL))));
}

TEST_CASE("Sampling takes exactly one engine draw per call", "[models][distributions]")
{
    RandomEngine a(42);
    RandomEngine b(42);
    const auto d = Distribution::triangular(1, 2, 4);
    for (int i = 0; i < 100; ++i) {
        const double x = d.sample(a);
        CHECK(x == d.quantile(uniformFromBits(b())));
    }
    const auto c = Distribution::constant(5);
    (void)c.sample(a);
    (void)b();
    CHECK(a() == b());
}

TEST_CASE("Distributions parse from JSON in every documented shape", "[models][distributions]")
{
    using nlohmann::json;
    struct Row
    {
        const char* text;
        Distribution expected;
    };
    const std::vector<Row> rows = {
        {"3.5", Distribution::constant(3.5)},
        {R"({"dist":"constant","value":2})", Distribution::constant(2)},
        {R"({"dist":"uniform","min":1,"max":2})", Distribution::uniform(1, 2)},
        {R"({"dist":"triangular","min":1,"mode":2,"max":4})", Distribution::triangular(1, 2, 4)},
        {R"({"dist":"pert","min":1,"mode":2,"max":4})", Distribution::pert(1, 2, 4)},
        {R"({"dist":"normal","mean":10,"sd":2})", Distribution::normal(10, 2)},
        {R"({"dist":"lognormal","mu":2.3,"sigma":0.2})", Distribution::lognormal(2.3, 0.2)},
        {R"({"dist":"lognormal","mean":10,"sd":2})", *Distribution::lognormalFromMeanSd(10, 2)},
        {R"({"dist":"lognormal","p10":5,"p90":20})", *Distribution::lognormalFromP10P90(5, 20)},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        auto d = distributionFromJson(json::parse(row.text), "x");
        REQUIRE(d);
        CHECK(*d == row.expected);
        auto again = distributionFromJson(distributionToJson(*d), "x");
        REQUIRE(again);
        CHECK(*again == *d);
    }
}

TEST_CASE("Bad distribution JSON is rejected with the JSON path of the field",
          "[models][distributions][error]")
{
    using nlohmann::json;
    const auto [text, context, why] = GENERATE(table<const char*, const char*, const char*>({
        {R"({"dist":"triangular","min":3,"mode":2,"max":1})", "in.cpu.max", "max below min"},
        {R"({"dist":"triangular","min":1,"mode":5,"max":4})", "in.cpu.mode", "mode above max"},
        {R"({"dist":"pert","min":1,"mode":1,"max":1})", "in.cpu.max", "zero-width range"},
        {R"({"dist":"lognormal","p10":20,"p90":5})", "in.cpu.p10", "P10 above P90"},
        {R"({"dist":"lognormal","p10":-1,"p90":5})", "in.cpu.p10", "negative P10"},
        {R"({"dist":"lognormal","mean":0,"sd":1})", "in.cpu.mean", "zero lognormal mean"},
        {R"({"dist":"lognormal","mean":1,"sd":1,"p10":1})", "in.cpu", "two lognormal forms"},
        {R"({"dist":"lognormal"})", "in.cpu", "no lognormal form"},
        {R"({"dist":"normal","mean":1,"sd":-1})", "in.cpu.sd", "negative sd"},
        {R"({"dist":"normal","mean":"1","sd":1})", "in.cpu.mean", "string number"},
        {R"({"dist":"normal","mean":1})", "in.cpu.sd", "missing sd"},
        {R"({"dist":"gamma","shape":1})", "in.cpu.dist", "unknown kind"},
        {R"({"dist":5})", "in.cpu.dist", "dist not a string"},
        {R"({"min":1,"max":2})", "in.cpu.dist", "missing dist"},
        {R"({"dist":"uniform","min":1,"max":2,"mode":1.5})", "in.cpu.mode", "unknown key"},
        {R"({"dist":"uniform","min":-1.7e308,"max":1.7e308})", "in.cpu.max", "range overflows"},
        {R"({"dist":"constant","value":null})", "in.cpu.value", "null value"},
        {R"({"dist":"lognormal","mu":800,"sigma":1})", "in.cpu.mu", "mean overflows"},
        {R"("3.5")", "in.cpu", "a string"},
        {R"([1,2])", "in.cpu", "an array"},
        {R"(true)", "in.cpu", "a boolean"},
    }));
    INFO(why << ": " << text);
    const json j = json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    auto d = distributionFromJson(j, "in.cpu");
    REQUIRE_FALSE(d);
    CHECK(d.error().code == Error::Code::InvalidInput);
    CHECK(d.error().context == context);
    CHECK_FALSE(d.error().message.empty());
}

TEST_CASE("Prepared distributions sample exactly like their distribution except PERT's fast path",
          "[models][distributions]")
{
    const std::vector<Distribution> exact = {
        Distribution::constant(2),
        Distribution::uniform(2, 6),
        Distribution::triangular(1, 2, 4),
        Distribution::normal(10, 2),
        Distribution::lognormal(1.5, 0.4),
    };
    for (const auto& d : exact) {
        INFO(d.describe());
        const PreparedDistribution prepared(d);
        for (int i = 1; i < 1000; ++i) {
            const double p = i / 1000.0;
            CHECK(prepared.quantile(p) == d.quantile(p));
        }
    }
}

TEST_CASE("The interpolated PERT quantile stays within 1e-9 of the range of Boost's",
          "[models][distributions]")
{
    // Every shape PERT can take: alpha = 1 + 4s, beta = 5 - 4s for s = (mode - min)/(max - min).
    const std::vector<Distribution> perts = {
        Distribution::pert(0, 0, 1),
        Distribution::pert(0, 0.1, 1),
        Distribution::pert(0, 0.5, 1),
        Distribution::pert(0, 0.93, 1),
        Distribution::pert(0, 1, 1),
        Distribution::pert(100, 250, 1000),
        Distribution::pert(-5, -4.9, 7),
    };
    for (const auto& d : perts) {
        INFO(d.describe());
        const PreparedDistribution prepared(d);
        const double range = d.parameters()[2] - d.parameters()[0];
        double worst = 0;
        double previous = -std::numeric_limits<double>::infinity();
        const int points = 100000;
        for (int i = 0; i < points; ++i) {
            const double p = (i + 0.5) / points;
            const double fast = prepared.quantile(p);
            worst = std::max(worst, std::fabs(fast - d.quantile(p)) / range);
            CHECK(fast >= previous); // still monotone
            previous = fast;
        }
        CHECK(worst <= 1e-9);
        // Outside [1/64, 63/64] the exact Boost quantile is used.
        CHECK(prepared.quantile(0.01) == d.quantile(0.01));
        CHECK(prepared.quantile(0.99) == d.quantile(0.99));
    }
}
