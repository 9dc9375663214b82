#include "pricing/models/Sensitivity.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace cloudcost;
using namespace cloudcost::pricing;

TEST_CASE("A tornado ranks inputs by the swing they cause", "[models][sensitivity]")
{
    // y = 2a + 10b - c: swings are 2 x range(a), 10 x range(b), range(c).
    const std::vector<TornadoInput> inputs = {
        {"a", 5, 0, 10},    // swing 20
        {"b", 1, 0.5, 1.5}, // swing 10
        {"c", 50, 0, 100},  // swing 100
    };
    auto result = tornado(inputs, 2, 0, [](std::span<const double> in, std::span<double> out) {
        out[0] = 2 * in[0] + 10 * in[1] - in[2];
        out[1] = 0;
    });
    REQUIRE(result);
    CHECK(result->baseOutput == Approx(2 * 5 + 10 * 1 - 50));
    REQUIRE(result->bars.size() == 3);
    CHECK(result->bars[0].inputName == "c");
    CHECK(result->bars[0].swing == Approx(100));
    CHECK(result->bars[0].outputAtLow == Approx(10 + 10 - 0));
    CHECK(result->bars[0].outputAtHigh == Approx(10 + 10 - 100));
    CHECK(result->bars[1].inputName == "a");
    CHECK(result->bars[1].swing == Approx(20));
    CHECK(result->bars[2].inputName == "b");
    CHECK(result->bars[2].swing == Approx(10));
}

TEST_CASE("Tornado ranges come from the P10 and P90 of each distribution", "[models][sensitivity]")
{
    const std::vector<UncertainInput> inputs = {
        {"u", Distribution::uniform(0, 10)},
        {"n", Distribution::normal(100, 10)},
        {"k", Distribution::constant(3)},
    };
    auto ranges = tornadoInputsFromDistributions(inputs, 0.1, 0.9, TornadoBase::Median);
    REQUIRE(ranges);
    REQUIRE(ranges->size() == 3);
    CHECK((*ranges)[0].lowValue == Approx(1.0));
    CHECK((*ranges)[0].highValue == Approx(9.0));
    CHECK((*ranges)[0].baseValue == Approx(5.0));
    CHECK((*ranges)[1].lowValue == Approx(100 - 10 * 1.2815515655446004));
    CHECK((*ranges)[2].lowValue == 3.0);
    CHECK((*ranges)[2].highValue == 3.0);

    const std::vector<UncertainInput> skewed = {{"l", *Distribution::lognormalFromMeanSd(10, 5)}};
    auto byMean = tornadoInputsFromDistributions(skewed, 0.1, 0.9, TornadoBase::Mean);
    auto byMedian = tornadoInputsFromDistributions(skewed, 0.1, 0.9, TornadoBase::Median);
    REQUIRE(byMean);
    REQUIRE(byMedian);
    CHECK((*byMean)[0].baseValue == Approx(10.0));
    CHECK((*byMedian)[0].baseValue < 10.0); // a lognormal's median is below its mean
}

TEST_CASE("Bad tornado input is rejected with the field named", "[models][sensitivity][error]")
{
    const std::vector<UncertainInput> inputs = {{"u", Distribution::uniform(0, 10)}};
    auto outside = tornadoInputsFromDistributions(inputs, -0.1, 0.9, TornadoBase::Median);
    REQUIRE_FALSE(outside);
    CHECK(outside.error().context == "low_probability");
    auto above = tornadoInputsFromDistributions(inputs, 0.1, 1.5, TornadoBase::Median);
    REQUIRE_FALSE(above);
    CHECK(above.error().context == "high_probability");
    auto reversed = tornadoInputsFromDistributions(inputs, 0.9, 0.1, TornadoBase::Median);
    REQUIRE_FALSE(reversed);
    CHECK(reversed.error().context == "low_probability");
    const std::vector<UncertainInput> bad = {{"u", Distribution::triangular(0, 5, 1)}};
    auto invalid = tornadoInputsFromDistributions(bad, 0.1, 0.9, TornadoBase::Median);
    REQUIRE_FALSE(invalid);
    CHECK(invalid.error().context == "inputs[0].mode");

    auto model = [](std::span<const double> in, std::span<double> out) {
        out[0] = 1 / in[0];
    };
    const std::vector<TornadoInput> zeroLow = {{"x", 1, 0, 2}};
    auto divides = tornado(zeroLow, 1, 0, model);
    REQUIRE_FALSE(divides);
    CHECK(divides.error().context == "inputs[0].low");
    auto wrongIndex = tornado(zeroLow, 1, 1, model);
    REQUIRE_FALSE(wrongIndex);
    CHECK(wrongIndex.error().context == "output");
    const std::vector<TornadoInput> nanBase = {
        {"x", std::numeric_limits<double>::quiet_NaN(), 0, 2}};
    auto nan = tornado(nanBase, 1, 0, model);
    REQUIRE_FALSE(nan);
    CHECK(nan.error().context == "inputs[0].base");
}
