#include "pricing/models/Distributions.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace cloudcost::pricing {

namespace {

namespace bm = boost::math;
namespace bp = boost::math::policies;

// Double arithmetic throughout (no promotion to long double, which is 80-bit on x86-64, 128-bit
// on arm64 and 64-bit on MSVC, so would make the streams platform-dependent), and no exceptions:
// parameters are validated before any call, and a tail quantile that overflows is +/-inf.
using Policy = bp::policy<bp::promote_double<false>,
                          bp::promote_float<false>,
                          bp::domain_error<bp::ignore_error>,
                          bp::pole_error<bp::ignore_error>,
                          bp::overflow_error<bp::ignore_error>,
                          bp::evaluation_error<bp::ignore_error>,
                          bp::rounding_error<bp::ignore_error>>;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// PERT's lambda (MODELS.md §4 PERT row): the weight of the mode.
constexpr double kPertLambda = 4.0;

std::string formatNumber(double x)
{
    if (std::isnan(x)) {
        return "NaN";
    }
    if (std::isinf(x)) {
        return x > 0 ? "inf" : "-inf";
    }
    std::array<char, 64> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
    return ec == std::errc() ? std::string(buf.data(), end) : std::string("?");
}

Error invalid(const std::string& where, std::string_view field, std::string message)
{
    std::string context = where;
    if (!field.empty()) {
        context += context.empty() ? "" : ".";
        context += field;
    }
    return makeError(Error::Code::InvalidInput, std::move(message), std::move(context));
}

// Shape parameters of the PERT beta (MODELS.md §4): alpha = 1 + lambda (mode - min) / (max - min).
std::pair<double, double> pertShape(double minValue, double modeValue, double maxValue)
{
    const double range = maxValue - minValue;
    return {1.0 + kPertLambda * (modeValue - minValue) / range,
            1.0 + kPertLambda * (maxValue - modeValue) / range};
}

} // namespace

double standardNormalQuantile(double p)
{
    return bm::quantile(bm::normal_distribution<double, Policy>(0.0, 1.0), p);
}

std::string_view distributionKindName(DistributionKind kind)
{
    switch (kind) {
    case DistributionKind::Constant:
        return "constant";
    case DistributionKind::Uniform:
        return "uniform";
    case DistributionKind::Triangular:
        return "triangular";
    case DistributionKind::Pert:
        return "pert";
    case DistributionKind::Normal:
        return "normal";
    case DistributionKind::Lognormal:
        return "lognormal";
    }
    return "?";
}

Distribution Distribution::constant(double value)
{
    return {DistributionKind::Constant, value, 0.0, 0.0};
}

Distribution Distribution::uniform(double minValue, double maxValue)
{
    return {DistributionKind::Uniform, minValue, maxValue, 0.0};
}

Distribution Distribution::triangular(double minValue, double modeValue, double maxValue)
{
    return {DistributionKind::Triangular, minValue, modeValue, maxValue};
}

Distribution Distribution::pert(double minValue, double modeValue, double maxValue)
{
    return {DistributionKind::Pert, minValue, modeValue, maxValue};
}

Distribution Distribution::normal(double meanValue, double sdValue)
{
    return {DistributionKind::Normal, meanValue, sdValue, 0.0};
}

Distribution Distribution::lognormal(double mu, double sigma)
{
    return {DistributionKind::Lognormal, mu, sigma, 0.0};
}

Result<Distribution>
Distribution::lognormalFromMeanSd(double meanValue, double sdValue, const std::string& where)
{
    if (!std::isfinite(meanValue) || meanValue <= 0) {
        return invalid(where,
                       "mean",
                       "a lognormal's mean must be a finite number above 0, got "
                           + formatNumber(meanValue));
    }
    if (!std::isfinite(sdValue) || sdValue < 0) {
        return invalid(where,
                       "sd",
                       "a standard deviation must be a finite number >= 0, got "
                           + formatNumber(sdValue));
    }
    // MODELS.md §4: sigma^2 = ln(1 + s^2/m^2), mu = ln m - sigma^2/2.
    const double ratio = sdValue / meanValue;
    const double sigma2 = std::log1p(ratio * ratio);
    const Distribution d = lognormal(std::log(meanValue) - sigma2 / 2.0, std::sqrt(sigma2));
    if (auto s = d.validate(where); !s) {
        return s.error();
    }
    return d;
}

Result<Distribution>
Distribution::lognormalFromP10P90(double p10, double p90, const std::string& where)
{
    if (!std::isfinite(p10) || p10 <= 0) {
        return invalid(where,
                       "p10",
                       "a lognormal's P10 must be a finite number above 0, got "
                           + formatNumber(p10));
    }
    if (!std::isfinite(p90) || p90 <= 0) {
        return invalid(where,
                       "p90",
                       "a lognormal's P90 must be a finite number above 0, got "
                           + formatNumber(p90));
    }
    if (p10 >= p90) {
        return invalid(where,
                       "p10",
                       "P10 (" + formatNumber(p10) + ") must be below P90 (" + formatNumber(p90)
                           + ")");
    }
    // MODELS.md §4: mu = (ln P10 + ln P90)/2, sigma = (ln P90 - ln P10) / (2 z0.9).
    const double z90 = standardNormalQuantile(0.9);
    const double logP10 = std::log(p10);
    const double logP90 = std::log(p90);
    const Distribution d = lognormal((logP10 + logP90) / 2.0, (logP90 - logP10) / (2.0 * z90));
    if (auto s = d.validate(where); !s) {
        return s.error();
    }
    return d;
}

Status Distribution::validate(const std::string& where) const
{
    const auto& p = m_params;
    auto finite = [&](double x, std::string_view field) -> Status {
        if (!std::isfinite(x)) {
            return invalid(where, field, "expected a finite number, got " + formatNumber(x));
        }
        return {};
    };
    auto range = [&](double lo, double hi) -> Status {
        if (!(lo < hi)) {
            return invalid(where,
                           "max",
                           "max (" + formatNumber(hi) + ") must be above min (" + formatNumber(lo)
                               + "); use a constant for a fixed value");
        }
        if (!std::isfinite(hi - lo)) {
            return invalid(where, "max", "max - min overflows a double");
        }
        return {};
    };
    switch (m_kind) {
    case DistributionKind::Constant:
        return finite(p[0], "value");
    case DistributionKind::Uniform:
        if (auto s = finite(p[0], "min"); !s) {
            return s;
        }
        if (auto s = finite(p[1], "max"); !s) {
            return s;
        }
        return range(p[0], p[1]);
    case DistributionKind::Triangular:
    case DistributionKind::Pert:
        if (auto s = finite(p[0], "min"); !s) {
            return s;
        }
        if (auto s = finite(p[1], "mode"); !s) {
            return s;
        }
        if (auto s = finite(p[2], "max"); !s) {
            return s;
        }
        if (auto s = range(p[0], p[2]); !s) {
            return s;
        }
        if (p[1] < p[0] || p[1] > p[2]) {
            return invalid(where,
                           "mode",
                           "mode (" + formatNumber(p[1]) + ") must lie between min ("
                               + formatNumber(p[0]) + ") and max (" + formatNumber(p[2]) + ")");
        }
        return {};
    case DistributionKind::Normal:
        if (auto s = finite(p[0], "mean"); !s) {
            return s;
        }
        if (auto s = finite(p[1], "sd"); !s) {
            return s;
        }
        if (p[1] < 0) {
            return invalid(where,
                           "sd",
                           "a standard deviation must be >= 0, got " + formatNumber(p[1]));
        }
        return {};
    case DistributionKind::Lognormal:
        if (auto s = finite(p[0], "mu"); !s) {
            return s;
        }
        if (auto s = finite(p[1], "sigma"); !s) {
            return s;
        }
        if (p[1] < 0) {
            return invalid(where,
                           "sigma",
                           "sigma (the sd of ln X) must be >= 0, got " + formatNumber(p[1]));
        }
        // exp(mu + sigma^2/2) must be representable, or the mean is meaningless.
        if (!std::isfinite(std::exp(p[0] + p[1] * p[1] / 2.0))) {
            return invalid(where, "mu", "mu and sigma give a mean that overflows a double");
        }
        return {};
    }
    return invalid(where, "dist", "unknown distribution kind");
}

double Distribution::quantile(double prob) const
{
    if (!(prob >= 0.0 && prob <= 1.0)) {
        return kNaN;
    }
    const auto& p = m_params;
    switch (m_kind) {
    case DistributionKind::Constant:
        return p[0];
    case DistributionKind::Uniform:
        if (!(p[0] < p[1])) {
            return kNaN;
        }
        return bm::quantile(bm::uniform_distribution<double, Policy>(p[0], p[1]), prob);
    case DistributionKind::Triangular:
        if (!(p[0] < p[2] && p[0] <= p[1] && p[1] <= p[2])) {
            return kNaN;
        }
        return bm::quantile(bm::triangular_distribution<double, Policy>(p[0], p[1], p[2]), prob);
    case DistributionKind::Pert: {
        if (!(p[0] < p[2] && p[0] <= p[1] && p[1] <= p[2])) {
            return kNaN;
        }
        const auto [alpha, beta] = pertShape(p[0], p[1], p[2]);
        const double b = bm::quantile(bm::beta_distribution<double, Policy>(alpha, beta), prob);
        return p[0] + (p[2] - p[0]) * b;
    }
    case DistributionKind::Normal:
        if (!(p[1] >= 0)) {
            return kNaN;
        }
        if (p[1] == 0) {
            return p[0]; // Boost requires sd > 0; sd = 0 is a point mass.
        }
        return bm::quantile(bm::normal_distribution<double, Policy>(p[0], p[1]), prob);
    case DistributionKind::Lognormal:
        if (!(p[1] >= 0)) {
            return kNaN;
        }
        if (p[1] == 0) {
            return std::exp(p[0]);
        }
        return bm::quantile(bm::lognormal_distribution<double, Policy>(p[0], p[1]), prob);
    }
    return kNaN;
}

double Distribution::mean() const
{
    const auto& p = m_params;
    switch (m_kind) {
    case DistributionKind::Constant:
        return p[0];
    case DistributionKind::Uniform:
        return (p[0] + p[1]) / 2.0;
    case DistributionKind::Triangular:
        return (p[0] + p[1] + p[2]) / 3.0; // MODELS.md §4 (the Boost doc table misprints it)
    case DistributionKind::Pert:
        return (p[0] + kPertLambda * p[1] + p[2]) / (kPertLambda + 2.0);
    case DistributionKind::Normal:
        return p[0];
    case DistributionKind::Lognormal:
        return std::exp(p[0] + p[1] * p[1] / 2.0);
    }
    return kNaN;
}

double Distribution::sd() const
{
    const auto& p = m_params;
    switch (m_kind) {
    case DistributionKind::Constant:
        return 0.0;
    case DistributionKind::Uniform:
        return (p[1] - p[0]) / std::sqrt(12.0);
    case DistributionKind::Triangular: {
        const double a = p[0];
        const double c = p[1];
        const double b = p[2];
        return std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    }
    case DistributionKind::Pert: {
        if (!(p[0] < p[2])) {
            return kNaN;
        }
        const auto [alpha, beta] = pertShape(p[0], p[1], p[2]);
        const double sum = alpha + beta;
        return (p[2] - p[0]) * std::sqrt(alpha * beta / (sum * sum * (sum + 1.0)));
    }
    case DistributionKind::Normal:
        return p[1];
    case DistributionKind::Lognormal: {
        const double s2 = p[1] * p[1];
        return std::sqrt(std::expm1(s2) * std::exp(2.0 * p[0] + s2));
    }
    }
    return kNaN;
}

std::string Distribution::describe() const
{
    const auto& p = m_params;
    const std::string name(distributionKindName(m_kind));
    switch (m_kind) {
    case DistributionKind::Constant:
        return name + "(" + formatNumber(p[0]) + ")";
    case DistributionKind::Uniform:
        return name + "(min=" + formatNumber(p[0]) + ", max=" + formatNumber(p[1]) + ")";
    case DistributionKind::Triangular:
    case DistributionKind::Pert:
        return name + "(min=" + formatNumber(p[0]) + ", mode=" + formatNumber(p[1])
               + ", max=" + formatNumber(p[2]) + ")";
    case DistributionKind::Normal:
        return name + "(mean=" + formatNumber(p[0]) + ", sd=" + formatNumber(p[1]) + ")";
    case DistributionKind::Lognormal:
        return name + "(mu=" + formatNumber(p[0]) + ", sigma=" + formatNumber(p[1]) + ")";
    }
    return name;
}

namespace {

// The PERT interpolation range [1/64, 63/64]: outside it the quantile of a beta with a shape
// parameter up to 5 curves too fast (4th derivative ~ p^-3.8) for a cubic on this grid, so Boost
// is called there (3 % of draws).
constexpr double kPertLowP = 1.0 / 64.0;
constexpr double kPertHighP = 63.0 / 64.0;

} // namespace

PreparedDistribution::PreparedDistribution(const Distribution& d)
    : m_distribution(d)
{
    if (d.kind() != DistributionKind::Pert || !d.validate({})) {
        return;
    }
    const auto& p = d.parameters();
    const auto [alpha, beta] = pertShape(p[0], p[1], p[2]);
    const bm::beta_distribution<double, Policy> standard(alpha, beta);
    m_knotValues.resize(kPertKnots);
    m_knotSlopes.resize(kPertKnots);
    const double step = (kPertHighP - kPertLowP) / static_cast<double>(kPertKnots - 1);
    for (std::size_t k = 0; k < kPertKnots; ++k) {
        const double prob = kPertLowP + step * static_cast<double>(k);
        const double x = bm::quantile(standard, prob);
        m_knotValues[k] = x;
        m_knotSlopes[k] = 1.0 / bm::pdf(standard, x);
    }
}

double PreparedDistribution::quantile(double prob) const
{
    if (m_knotValues.empty() || !(prob >= kPertLowP && prob < kPertHighP)) {
        return m_distribution.quantile(prob);
    }
    const double step = (kPertHighP - kPertLowP) / static_cast<double>(kPertKnots - 1);
    const double t = (prob - kPertLowP) / step;
    const auto k = std::min(static_cast<std::size_t>(t), kPertKnots - 2);
    const double f = t - static_cast<double>(k);
    const double f2 = f * f;
    const double f3 = f2 * f;
    // Cubic Hermite basis on [p_k, p_k+1] with exact end values and slopes.
    const double y =
        (2 * f3 - 3 * f2 + 1) * m_knotValues[k] + (f3 - 2 * f2 + f) * step * m_knotSlopes[k]
        + (-2 * f3 + 3 * f2) * m_knotValues[k + 1] + (f3 - f2) * step * m_knotSlopes[k + 1];
    const auto& p = m_distribution.parameters();
    return p[0] + (p[2] - p[0]) * y;
}

namespace {

using Json = nlohmann::json;

std::string typeName(const Json& j)
{
    return j.type_name();
}

Result<double> numberField(const Json& object, std::string_view key, const std::string& where)
{
    const auto it = object.find(std::string(key));
    if (it == object.end()) {
        return invalid(where, key, "missing required number '" + std::string(key) + "'");
    }
    if (!it->is_number()) {
        return invalid(where, key, "expected a number, got " + typeName(*it));
    }
    const double x = it->get<double>();
    if (!std::isfinite(x)) {
        return invalid(where, key, "expected a finite number, got " + formatNumber(x));
    }
    return x;
}

Status onlyKeys(const Json& object,
                std::initializer_list<std::string_view> allowed,
                const std::string& where,
                std::string_view dist)
{
    for (const auto& item : object.items()) {
        bool known = false;
        for (std::string_view a : allowed) {
            known = known || item.key() == a;
        }
        if (!known) {
            std::string list;
            for (std::string_view a : allowed) {
                list += list.empty() ? "" : ", ";
                list += a;
            }
            return invalid(where,
                           item.key(),
                           "unknown key for a " + std::string(dist) + " distribution; expected "
                               + list);
        }
    }
    return {};
}

// Reads the named numbers of one shape, then builds and validates the distribution.
template <std::size_t N, typename Make>
Result<Distribution> readShape(const Json& j,
                               const std::string& where,
                               const std::array<std::string_view, N>& keys,
                               Make make)
{
    std::array<double, N> values{};
    for (std::size_t i = 0; i < N; ++i) {
        auto v = numberField(j, keys[i], where);
        if (!v) {
            return v.error();
        }
        values[i] = *v;
    }
    Result<Distribution> d = make(values);
    if (!d) {
        return d;
    }
    if (auto s = d->validate(where); !s) {
        return s.error();
    }
    return d;
}

} // namespace

Result<Distribution> distributionFromJson(const nlohmann::json& j, const std::string& where)
{
    try {
        if (j.is_number()) {
            const Distribution d = Distribution::constant(j.get<double>());
            if (auto s = d.validate(where); !s) {
                return s.error();
            }
            return d;
        }
        if (!j.is_object()) {
            return invalid(where,
                           {},
                           "expected a number or an object like {\"dist\":\"triangular\",...}, "
                           "got "
                               + typeName(j));
        }
        const auto distIt = j.find("dist");
        if (distIt == j.end()) {
            return invalid(where,
                           "dist",
                           "missing 'dist' (one of constant, uniform, triangular, pert, normal, "
                           "lognormal)");
        }
        if (!distIt->is_string()) {
            return invalid(where, "dist", "expected a string, got " + typeName(*distIt));
        }
        const std::string dist = distIt->get<std::string>();
        using A1 = std::array<std::string_view, 1>;
        using A2 = std::array<std::string_view, 2>;
        using A3 = std::array<std::string_view, 3>;
        if (dist == "constant") {
            if (auto s = onlyKeys(j, {"dist", "value"}, where, dist); !s) {
                return s.error();
            }
            return readShape(j, where, A1{"value"}, [](const auto& v) {
                return Result<Distribution>(Distribution::constant(v[0]));
            });
        }
        if (dist == "uniform") {
            if (auto s = onlyKeys(j, {"dist", "min", "max"}, where, dist); !s) {
                return s.error();
            }
            return readShape(j, where, A2{"min", "max"}, [](const auto& v) {
                return Result<Distribution>(Distribution::uniform(v[0], v[1]));
            });
        }
        if (dist == "triangular" || dist == "pert") {
            if (auto s = onlyKeys(j, {"dist", "min", "mode", "max"}, where, dist); !s) {
                return s.error();
            }
            const bool isPert = dist == "pert";
            return readShape(j, where, A3{"min", "mode", "max"}, [isPert](const auto& v) {
                return Result<Distribution>(isPert ? Distribution::pert(v[0], v[1], v[2])
                                                   : Distribution::triangular(v[0], v[1], v[2]));
            });
        }
        if (dist == "normal") {
            if (auto s = onlyKeys(j, {"dist", "mean", "sd"}, where, dist); !s) {
                return s.error();
            }
            return readShape(j, where, A2{"mean", "sd"}, [](const auto& v) {
                return Result<Distribution>(Distribution::normal(v[0], v[1]));
            });
        }
        if (dist == "lognormal") {
            if (auto s =
                    onlyKeys(j, {"dist", "mean", "sd", "p10", "p90", "mu", "sigma"}, where, dist);
                !s) {
                return s.error();
            }
            const int forms = (j.contains("mean") || j.contains("sd") ? 1 : 0)
                              + (j.contains("p10") || j.contains("p90") ? 1 : 0)
                              + (j.contains("mu") || j.contains("sigma") ? 1 : 0);
            if (forms != 1) {
                return invalid(where,
                               {},
                               "a lognormal needs exactly one of: mean and sd; p10 and p90; mu "
                               "and sigma");
            }
            if (j.contains("mean") || j.contains("sd")) {
                return readShape(j, where, A2{"mean", "sd"}, [&where](const auto& v) {
                    return Distribution::lognormalFromMeanSd(v[0], v[1], where);
                });
            }
            if (j.contains("p10") || j.contains("p90")) {
                return readShape(j, where, A2{"p10", "p90"}, [&where](const auto& v) {
                    return Distribution::lognormalFromP10P90(v[0], v[1], where);
                });
            }
            return readShape(j, where, A2{"mu", "sigma"}, [](const auto& v) {
                return Result<Distribution>(Distribution::lognormal(v[0], v[1]));
            });
        }
        return invalid(
            where,
            "dist",
            "unknown distribution '" + dist.substr(0, 40)
                + "'; expected constant, uniform, triangular, pert, normal or lognormal");
    } catch (const nlohmann::json::exception& e) {
        return makeError(Error::Code::ParseFailed, e.what(), where);
    }
}

nlohmann::json distributionToJson(const Distribution& d)
{
    const auto& p = d.parameters();
    Json j;
    j["dist"] = std::string(distributionKindName(d.kind()));
    switch (d.kind()) {
    case DistributionKind::Constant:
        j["value"] = p[0];
        break;
    case DistributionKind::Uniform:
        j["min"] = p[0];
        j["max"] = p[1];
        break;
    case DistributionKind::Triangular:
    case DistributionKind::Pert:
        j["min"] = p[0];
        j["mode"] = p[1];
        j["max"] = p[2];
        break;
    case DistributionKind::Normal:
        j["mean"] = p[0];
        j["sd"] = p[1];
        break;
    case DistributionKind::Lognormal:
        j["mu"] = p[0];
        j["sigma"] = p[1];
        break;
    }
    return j;
}

} // namespace cloudcost::pricing
