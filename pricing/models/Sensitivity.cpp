#include "pricing/models/Sensitivity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cloudcost::pricing {

namespace {

Error invalid(std::string context, std::string message)
{
    return makeError(Error::Code::InvalidInput, std::move(message), std::move(context));
}

} // namespace

Result<std::vector<TornadoInput>>
tornadoInputsFromDistributions(std::span<const UncertainInput> inputs,
                               double lowProbability,
                               double highProbability,
                               TornadoBase base)
{
    if (!(lowProbability > 0.0 && lowProbability < 1.0)) {
        return invalid("low_probability",
                       "expected a probability strictly between 0 and 1, got "
                           + std::to_string(lowProbability));
    }
    if (!(highProbability > 0.0 && highProbability < 1.0)) {
        return invalid("high_probability",
                       "expected a probability strictly between 0 and 1, got "
                           + std::to_string(highProbability));
    }
    if (lowProbability >= highProbability) {
        return invalid("low_probability", "the low probability must be below the high one");
    }
    std::vector<TornadoInput> out;
    out.reserve(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto& input = inputs[i];
        const std::string where = "inputs[" + std::to_string(i) + "]";
        if (auto s = input.distribution.validate(where); !s) {
            return s.error();
        }
        TornadoInput t;
        t.name = input.name;
        t.lowValue = input.distribution.quantile(lowProbability);
        t.highValue = input.distribution.quantile(highProbability);
        t.baseValue = base == TornadoBase::Mean ? input.distribution.mean()
                                                : input.distribution.quantile(0.5);
        out.push_back(std::move(t));
    }
    return out;
}

Result<TornadoResult> tornado(std::span<const TornadoInput> inputs,
                              std::size_t outputCount,
                              std::size_t outputIndex,
                              TrialModelRef model)
{
    if (inputs.empty()) {
        return invalid("inputs", "a tornado needs at least one input");
    }
    if (outputCount == 0 || outputIndex >= outputCount) {
        return invalid("output",
                       "output index " + std::to_string(outputIndex) + " is outside the model's "
                           + std::to_string(outputCount) + " outputs");
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const auto& in = inputs[i];
        const std::string where = "inputs[" + std::to_string(i) + "]";
        if (!std::isfinite(in.baseValue)) {
            return invalid(where + ".base", "expected a finite number");
        }
        if (!std::isfinite(in.lowValue)) {
            return invalid(where + ".low", "expected a finite number");
        }
        if (!std::isfinite(in.highValue)) {
            return invalid(where + ".high", "expected a finite number");
        }
    }

    std::vector<double> values(inputs.size());
    std::vector<double> outputs(outputCount);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        values[i] = inputs[i].baseValue;
    }
    auto evaluate = [&](const std::string& what) -> Result<double> {
        std::fill(outputs.begin(), outputs.end(), std::numeric_limits<double>::quiet_NaN());
        model(values, outputs);
        const double y = outputs[outputIndex];
        if (!std::isfinite(y)) {
            return invalid(what, "the model gave a non-finite output");
        }
        return y;
    };

    TornadoResult result;
    result.outputIndex = outputIndex;
    auto baseOutput = evaluate("base");
    if (!baseOutput) {
        return baseOutput.error();
    }
    result.baseOutput = *baseOutput;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const std::string where = "inputs[" + std::to_string(i) + "]";
        TornadoBar bar;
        bar.inputName = inputs[i].name;
        bar.lowValue = inputs[i].lowValue;
        bar.highValue = inputs[i].highValue;
        values[i] = inputs[i].lowValue;
        auto low = evaluate(where + ".low");
        values[i] = inputs[i].highValue;
        auto high = evaluate(where + ".high");
        values[i] = inputs[i].baseValue;
        if (!low) {
            return low.error();
        }
        if (!high) {
            return high.error();
        }
        bar.outputAtLow = *low;
        bar.outputAtHigh = *high;
        bar.swing = std::fabs(*high - *low);
        result.bars.push_back(std::move(bar));
    }
    std::stable_sort(result.bars.begin(),
                     result.bars.end(),
                     [](const TornadoBar& a, const TornadoBar& b) { return a.swing > b.swing; });
    return result;
}

} // namespace cloudcost::pricing
