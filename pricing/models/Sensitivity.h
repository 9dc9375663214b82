#pragma once

#include "common/Result.h"
#include "pricing/models/MonteCarlo.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

// One-at-a-time sensitivity ("tornado" chart): each input moves from its low to its high value
// while every other input stays at its base value; inputs are ranked by the output swing.
namespace cloudcost::pricing {

// One input of a tornado: its base value and the range it is swept over.
struct TornadoInput
{
    std::string name;
    double baseValue = 0;
    double lowValue = 0;
    double highValue = 0;
};

// Where the other inputs sit while one is swept.
enum class TornadoBase
{
    Median, // quantile(0.5) of each distribution
    Mean,   // Distribution::mean()
};

// Tornado inputs from distributions: low = quantile(lowProbability), high =
// quantile(highProbability), base = median or mean. P10/P90 (0.1, 0.9) is the range issue #4 names.
// Errors: invalid distributions (named inputs[i]), probabilities outside (0, 1) or low >= high.
Result<std::vector<TornadoInput>>
tornadoInputsFromDistributions(std::span<const UncertainInput> inputs,
                               double lowProbability,
                               double highProbability,
                               TornadoBase base);

// One bar: the output when this input is at its low and at its high value.
struct TornadoBar
{
    std::string inputName;
    double lowValue = 0;
    double highValue = 0;
    double outputAtLow = 0;
    double outputAtHigh = 0;
    double swing = 0; // |outputAtHigh - outputAtLow|
};

// A tornado for one output; bars sorted by swing, largest first (ties keep input order).
struct TornadoResult
{
    std::size_t outputIndex = 0;
    double baseOutput = 0; // every input at its base value
    std::vector<TornadoBar> bars;
};

// Evaluates the model 1 + 2k times (k inputs) with the same signature as runMonteCarlo's model:
// void(std::span<const double> inputs, std::span<double> outputs) where outputs has outputCount
// elements, and ranks the inputs by the swing of outputs[outputIndex]. Errors: no inputs,
// non-finite values, outputIndex >= outputCount, a NaN/inf output (naming the input and side).
Result<TornadoResult> tornado(std::span<const TornadoInput> inputs,
                              std::size_t outputCount,
                              std::size_t outputIndex,
                              TrialModelRef model);

// Convenience for a lambda/functor model.
template <typename Model>
requires std::is_invocable_v<Model&, std::span<const double>, std::span<double>>
    Result<TornadoResult> tornado(std::span<const TornadoInput> inputs,
                                  std::size_t outputCount,
                                  std::size_t outputIndex,
                                  Model&& model)
{
    auto call = [&model](std::span<const double> in, std::span<double> out) {
        model(in, out);
    };
    return tornado(inputs, outputCount, outputIndex, TrialModelRef(call));
}

} // namespace cloudcost::pricing
