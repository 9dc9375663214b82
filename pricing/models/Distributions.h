#pragma once

#include "common/Result.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

// Probability distributions of uncertain model inputs, sampled by inverse transform with Boost.Math
// quantiles (MODELS.md §4) so that a seed gives the same stream on every platform. JSON shape and
// formulas: docs/MONTE-CARLO.md.
namespace cloudcost::pricing {

// The random engine of every Monte Carlo in cloudcost. std::mt19937_64's output sequence is fixed
// by the C++ standard ([rand.predef]: the 10000th output of a default-constructed engine is
// 9981545732273789042), unlike std::uniform_real_distribution, whose algorithm is
// implementation-defined (MODELS.md §4 step 1).
using RandomEngine = std::mt19937_64;

// The 52 high bits of a 64-bit draw mapped to the midpoints of 2^52 equal cells of the OPEN
// interval (0, 1): u = ((bits >> 12) + 0.5) * 2^-52, exactly representable, smallest 2^-53, largest
// 1 - 2^-53, so u is never 0 or 1 and quantile(u) is always finite. (MODELS.md §4 suggests
// ((bits >> 11) + 0.5) * 2^-53, but 2^53 - 0.5 is not a double: the top draw rounds to exactly
// 1.0 and an unbounded quantile to infinity; a test pins this.)
inline double uniformFromBits(std::uint64_t bits)
{
    return (static_cast<double>(bits >> 12) + 0.5) * 0x1.0p-52;
}

// One draw of the engine as a uniform in (0, 1) (see uniformFromBits).
inline double uniformOpen01(RandomEngine& engine)
{
    return uniformFromBits(engine());
}

// P10/P90 z-score: the standard normal quantile at 0.9, 1.2815515655446004 (MODELS.md §4 lognormal
// row gives 1.2815516; computed here with Boost.Math at full precision).
double standardNormalQuantile(double p);

// The families an uncertain input can follow.
enum class DistributionKind
{
    Constant,   // value
    Uniform,    // min, max
    Triangular, // min, mode, max
    Pert,       // min, mode, max; beta with lambda = 4 scaled to [min, max]
    Normal,     // mean, sd
    Lognormal,  // mu, sigma: mean and sd of ln X (Boost location/scale)
};

// "constant", "uniform", "triangular", "pert", "normal", "lognormal" (the JSON "dist" values).
std::string_view distributionKindName(DistributionKind kind);

// A distribution as a small value type: a kind and up to three parameters whose meaning depends on
// the kind (see DistributionKind). Build it with the named factories; call validate() before
// sampling (the factories do not check, so that a parser can report every bad field by name).
// quantile/sample/mean on an invalid distribution return NaN.
class Distribution
{
public:
    Distribution() = default; // constant 0

    static Distribution constant(double value);
    static Distribution uniform(double minValue, double maxValue);
    static Distribution triangular(double minValue, double modeValue, double maxValue);
    // PERT (MODELS.md §4): alpha = 1 + 4(mode - min)/(max - min), beta = 1 + 4(max - mode)/(max -
    // min), X = min + (max - min) * Beta(alpha, beta); mean (min + 4 mode + max) / 6.
    static Distribution pert(double minValue, double modeValue, double maxValue);
    static Distribution normal(double meanValue, double sdValue);
    // Lognormal by the parameters of ln X (Boost lognormal_distribution(location, scale)).
    static Distribution lognormal(double mu, double sigma);
    // Lognormal with the given mean m > 0 and sd s >= 0 of X: sigma^2 = ln(1 + s^2/m^2),
    // mu = ln m - sigma^2/2 (MODELS.md §4). Errors name `where`.mean / `where`.sd.
    static Result<Distribution>
    lognormalFromMeanSd(double meanValue, double sdValue, const std::string& where = "lognormal");
    // Lognormal whose 10th and 90th percentiles are p10 < p90 (both > 0): mu = (ln p10 + ln p90)/2,
    // sigma = (ln p90 - ln p10) / (2 z0.9), z0.9 = 1.2815515655 (MODELS.md §4). P10 >= P90 is
    // rejected naming `where`.p10.
    static Result<Distribution>
    lognormalFromP10P90(double p10, double p90, const std::string& where = "lognormal");

    DistributionKind kind() const { return m_kind; }
    // Parameters in the order of DistributionKind's comment (unused ones are 0).
    const std::array<double, 3>& parameters() const { return m_params; }

    // Checks the parameters: all finite; min < max (min <= mode <= max); sd >= 0 (normal),
    // sigma >= 0 (lognormal). Errors name the field as `where`.min, `where`.mode, ... in
    // Error::context, e.g. context "inputs.cpu_price.max", message "max (2) must be above min (3)".
    Status validate(const std::string& where) const;

    // Inverse CDF at p in (0, 1): Boost.Math quantile (closed form for uniform and triangular,
    // beta quantile for PERT, erfc_inv for normal/lognormal). p outside (0, 1) gives NaN; p = 0 or
    // 1 gives the support bound (which may be infinite).
    double quantile(double p) const;
    // One draw: exactly one engine() call, then quantile(uniformFromBits(draw)). Constants consume
    // a draw too, so changing one input's distribution never shifts the other inputs' streams.
    double sample(RandomEngine& engine) const { return quantile(uniformOpen01(engine)); }
    // Expected value (closed forms; for lognormal exp(mu + sigma^2/2)).
    double mean() const;
    // Standard deviation (closed forms).
    double sd() const;
    // "triangular(min=1, mode=2, max=4)": for reports and error messages.
    std::string describe() const;

    friend bool operator==(const Distribution&, const Distribution&) = default;

private:
    Distribution(DistributionKind kind, double p0, double p1, double p2)
        : m_kind(kind)
        , m_params{p0, p1, p2}
    {}

    DistributionKind m_kind = DistributionKind::Constant;
    std::array<double, 3> m_params{0.0, 0.0, 0.0};
};

// A valid Distribution prepared for many draws (MonteCarlo uses one per input). For every family
// but PERT, quantile() and sample() are bit-identical to the Distribution's. PERT's beta quantile
// (Boost ibeta_inv, ~2 us a call) is replaced for p in [1/64, 63/64] by a cubic Hermite
// interpolant of exact Boost quantiles and slopes (1 / pdf) at kPertKnots equally spaced
// probabilities: |error| <= 1e-9 x (max - min), tested; outside that range Boost is called.
// Building a PERT costs kPertKnots Boost quantiles (a few ms).
class PreparedDistribution
{
public:
    static constexpr std::size_t kPertKnots = 4097;

    // d must have passed validate(); an invalid one gives NaN draws.
    explicit PreparedDistribution(const Distribution& d);

    const Distribution& distribution() const { return m_distribution; }
    // The quantile at p in (0, 1), as described above.
    double quantile(double p) const;
    // One draw: exactly one engine() call, like Distribution::sample.
    double sample(RandomEngine& engine) const { return quantile(uniformOpen01(engine)); }

private:
    Distribution m_distribution;
    std::vector<double> m_knotValues; // PERT only: quantile of the standard beta at each knot
    std::vector<double> m_knotSlopes; // PERT only: d quantile / dp = 1 / pdf at each knot
};

// Parses an uncertain value from JSON (docs/MONTE-CARLO.md), validated. Accepted shapes:
//   3.5                                               (a constant)
//   {"dist":"constant","value":3.5}
//   {"dist":"uniform","min":1,"max":2}
//   {"dist":"triangular","min":1,"mode":2,"max":4}
//   {"dist":"pert","min":1,"mode":2,"max":4}
//   {"dist":"normal","mean":10,"sd":2}
//   {"dist":"lognormal","mean":10,"sd":2}   or {"dist":"lognormal","p10":5,"p90":20}
//   or {"dist":"lognormal","mu":2.3,"sigma":0.2}
// Unknown keys are rejected (a typo must not silently become a default). Errors carry the JSON
// path `where` (e.g. "options[1].inputs.cpu_price") extended by the field in Error::context.
Result<Distribution> distributionFromJson(const nlohmann::json& j, const std::string& where);

// The canonical JSON of a distribution (the constant form is {"dist":"constant","value":x};
// lognormal is written as mu/sigma). distributionFromJson(distributionToJson(d)) == d.
nlohmann::json distributionToJson(const Distribution& d);

} // namespace cloudcost::pricing
