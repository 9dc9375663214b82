#include "pricing/models/Finance.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace cloudcost::pricing {

namespace {

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

std::string indexed(std::string_view field, std::size_t i)
{
    return std::string(field) + "[" + std::to_string(i) + "]";
}

Error invalid(std::string field, std::string message)
{
    return makeError(Error::Code::InvalidInput, std::move(message), std::move(field));
}

Status checkFinite(double x, std::string field)
{
    if (!std::isfinite(x)) {
        return invalid(std::move(field), "expected a finite number, got " + formatNumber(x));
    }
    return {};
}

// A periodic rate must exceed -100 %: (1 + rate)^-t is undefined at -1 and alternates in sign
// below.
Status checkRate(double rate, std::string field = "rate")
{
    if (!std::isfinite(rate) || rate <= -1.0) {
        return invalid(std::move(field),
                       "expected a finite rate above -1 (-100 %), got " + formatNumber(rate));
    }
    return {};
}

Status checkValues(std::span<const double> values, std::string_view field, bool allowEmpty)
{
    if (values.empty() && !allowEmpty) {
        return invalid(std::string(field), "expected at least one cash flow, got none");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (auto s = checkFinite(values[i], indexed(field, i)); !s) {
            return s;
        }
    }
    return {};
}

Result<double> finiteResult(double x, std::string_view what)
{
    if (!std::isfinite(x)) {
        return makeError(Error::Code::InvalidInput,
                         "the result overflows (" + formatNumber(x)
                             + "); the rate is too close to -1 for this many periods",
                         std::string(what));
    }
    return x;
}

Status checkHasBothSigns(std::span<const double> values)
{
    const bool hasPositive =
        std::any_of(values.begin(), values.end(), [](double v) { return v > 0; });
    const bool hasNegative =
        std::any_of(values.begin(), values.end(), [](double v) { return v < 0; });
    if (!hasPositive || !hasNegative) {
        return invalid("values",
                       "expected at least one positive and one negative cash flow; "
                       "without a sign change no rate makes the NPV zero");
    }
    return {};
}

// f(r) with its derivative and the sum of |terms| (the scale a residual is judged against).
struct RootEval
{
    double value = 0;
    double derivative = 0;
    double scale = 0;
};

// Newton from the guess; on failure (divergence, leaving r > -1, no convergence) scan a fixed grid
// of rates for a sign change and bisect it. The grid spans -99.99 % .. +10^8 % per period.
template <typename F>
Result<double> solveRate(F eval, double guess, std::string_view what)
{
    constexpr double kRelativeStep = 1e-13;
    constexpr double kResidual = 1e-10;
    double r = guess;
    for (int iter = 0; iter < 100; ++iter) {
        const RootEval e = eval(r);
        if (!std::isfinite(e.value) || !std::isfinite(e.derivative) || e.derivative == 0.0) {
            break;
        }
        const double next = r - e.value / e.derivative;
        if (!std::isfinite(next) || next <= -1.0) {
            break;
        }
        const bool small = std::fabs(next - r) <= kRelativeStep * std::max(1.0, std::fabs(next));
        r = next;
        if (small) {
            const RootEval check = eval(r);
            if (std::isfinite(check.value) && std::fabs(check.value) <= kResidual * check.scale) {
                return r;
            }
            break;
        }
    }

    static constexpr std::array<double, 39> kGrid = {
        -0.9999, -0.999, -0.99, -0.95, -0.9, -0.8, -0.7, -0.6,  -0.5,  -0.4, -0.3, -0.2, -0.1,
        -0.05,   -0.02,  0.0,   0.02,  0.05, 0.1,  0.15, 0.2,   0.3,   0.4,  0.5,  0.75, 1.0,
        1.5,     2.0,    3.0,   5.0,   10.0, 20.0, 50.0, 100.0, 300.0, 1e3,  1e4,  1e5,  1e6};
    double lo = std::numeric_limits<double>::quiet_NaN();
    double flo = 0;
    for (double g : kGrid) {
        const double fg = eval(g).value;
        if (!std::isfinite(fg)) {
            continue;
        }
        if (fg == 0.0) {
            return g;
        }
        if (!std::isnan(lo) && (flo < 0) != (fg < 0)) {
            double a = lo;
            double b = g;
            double fa = flo;
            for (int iter = 0; iter < 200 && b - a > 1e-15 * std::max(1.0, std::fabs(a)); ++iter) {
                const double m = a + (b - a) / 2;
                const double fm = eval(m).value;
                if (fm == 0.0) {
                    return m;
                }
                if ((fm < 0) == (fa < 0)) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            return a + (b - a) / 2;
        }
        lo = g;
        flo = fg;
    }
    return makeError(Error::Code::InvalidInput,
                     "no rate between -99.99 % and +10^8 % makes the net present value zero",
                     std::string(what));
}

Result<std::optional<double>> paybackOf(std::span<const double> flows)
{
    double cumulative = flows[0];
    if (cumulative >= 0) {
        return std::optional<double>(0.0);
    }
    for (std::size_t t = 1; t < flows.size(); ++t) {
        const double previous = cumulative;
        cumulative += flows[t];
        if (cumulative >= 0) {
            // previous < 0 <= cumulative, so flows[t] > 0: the year's flow accrues evenly.
            return std::optional<double>(static_cast<double>(t - 1) + (-previous) / flows[t]);
        }
    }
    return std::optional<double>();
}

} // namespace

Result<double> npv(double rate, std::span<const double> values)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (auto s = checkValues(values, "values", false); !s) {
        return s.error();
    }
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        sum += values[i] / std::pow(1.0 + rate, static_cast<double>(i + 1));
    }
    return finiteResult(sum, "npv");
}

Result<double> npvWithInitial(double rate, double initialFlow, std::span<const double> laterFlows)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (auto s = checkFinite(initialFlow, "initial_flow"); !s) {
        return s.error();
    }
    if (laterFlows.empty()) {
        return initialFlow;
    }
    auto later = npv(rate, laterFlows);
    if (!later) {
        return later.error();
    }
    return finiteResult(initialFlow + *later, "npv");
}

Result<double> npvFromTimeZero(double rate, std::span<const double> flowsFromT0)
{
    if (auto s = checkValues(flowsFromT0, "values", false); !s) {
        return s.error();
    }
    return npvWithInitial(rate, flowsFromT0[0], flowsFromT0.subspan(1));
}

Result<std::int64_t> dayNumberFromIsoDate(std::string_view isoDate, std::string_view field)
{
    auto bad = [&] {
        return makeError(Error::Code::InvalidInput,
                         "expected a date YYYY-MM-DD, got '" + std::string(isoDate.substr(0, 40))
                             + "'",
                         std::string(field));
    };
    if (isoDate.size() != 10 || isoDate[4] != '-' || isoDate[7] != '-') {
        return bad();
    }
    auto digits = [&](std::size_t pos, std::size_t len, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (isoDate[i] < '0' || isoDate[i] > '9') {
                return false;
            }
            out = out * 10 + (isoDate[i] - '0');
        }
        return true;
    };
    int y = 0;
    int m = 0;
    int d = 0;
    if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) {
        return bad();
    }
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1
        || d > kDays[static_cast<std::size_t>(m - 1)] + (m == 2 && leap ? 1 : 0)) {
        return makeError(Error::Code::InvalidInput,
                         "'" + std::string(isoDate) + "' is not a calendar date",
                         std::string(field));
    }
    // days_from_civil (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").
    const int yy = y - (m <= 2 ? 1 : 0);
    const int era = yy / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

namespace {

Status checkDated(std::span<const double> values, std::span<const std::int64_t> days)
{
    if (auto s = checkValues(values, "values", false); !s) {
        return s;
    }
    if (days.size() != values.size()) {
        return invalid("dates",
                       "expected one date per value (" + std::to_string(values.size()) + "), got "
                           + std::to_string(days.size()));
    }
    for (std::size_t i = 1; i < days.size(); ++i) {
        if (days[i] < days[0]) {
            return invalid(indexed("dates", i),
                           "precedes the first date dates[0]; the first date starts the schedule");
        }
        // 1e7 days is ~27,000 years: beyond it (1 + r)^(days/365) means nothing.
        if (days[i] - days[0] > 10'000'000) {
            return invalid(indexed("dates", i), "is more than 10 million days after dates[0]");
        }
    }
    return {};
}

} // namespace

Result<double> xnpv(double rate, std::span<const double> values, std::span<const std::int64_t> days)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (auto s = checkDated(values, days); !s) {
        return s.error();
    }
    double sum = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double years = static_cast<double>(days[i] - days[0]) / 365.0;
        sum += values[i] / std::pow(1.0 + rate, years);
    }
    return finiteResult(sum, "xnpv");
}

Result<double> irr(std::span<const double> values, double guess)
{
    if (auto s = checkValues(values, "values", false); !s) {
        return s.error();
    }
    if (values.size() < 2) {
        return invalid("values", "expected at least two cash flows");
    }
    if (auto s = checkHasBothSigns(values); !s) {
        return s.error();
    }
    if (auto s = checkRate(guess, "guess"); !s) {
        return s.error();
    }
    auto eval = [values](double r) {
        RootEval e;
        const double x = 1.0 / (1.0 + r);
        double power = 1.0; // x^t
        for (std::size_t t = 0; t < values.size(); ++t) {
            const double term = values[t] * power;
            e.value += term;
            e.scale += std::fabs(term);
            e.derivative -= static_cast<double>(t) * term * x;
            power *= x;
        }
        return e;
    };
    return solveRate(eval, guess, "irr");
}

Result<double>
xirr(std::span<const double> values, std::span<const std::int64_t> days, double guess)
{
    if (auto s = checkDated(values, days); !s) {
        return s.error();
    }
    if (auto s = checkHasBothSigns(values); !s) {
        return s.error();
    }
    if (auto s = checkRate(guess, "guess"); !s) {
        return s.error();
    }
    auto eval = [values, days](double r) {
        RootEval e;
        const double logBase = std::log1p(r);
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double years = static_cast<double>(days[i] - days[0]) / 365.0;
            const double term = values[i] * std::exp(-years * logBase);
            e.value += term;
            e.scale += std::fabs(term);
            e.derivative -= years * term / (1.0 + r);
        }
        return e;
    };
    return solveRate(eval, guess, "xirr");
}

Result<double>
pmt(double rate, double periods, double presentValue, double futureValue, PaymentTiming timing)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (!std::isfinite(periods) || periods <= 0) {
        return invalid("periods",
                       "expected a finite number of periods above 0, got " + formatNumber(periods));
    }
    if (auto s = checkFinite(presentValue, "present_value"); !s) {
        return s.error();
    }
    if (auto s = checkFinite(futureValue, "future_value"); !s) {
        return s.error();
    }
    if (rate == 0.0) {
        return -(presentValue + futureValue) / periods;
    }
    // Excel: pmt = -(rate (pv (1+rate)^n + fv)) / ((1 + rate type) ((1+rate)^n - 1)); expm1/log1p
    // keep (1+rate)^n - 1 accurate for small rates.
    const double growthMinusOne = std::expm1(periods * std::log1p(rate));
    const double growth = growthMinusOne + 1.0;
    const double type = timing == PaymentTiming::StartOfPeriod ? 1.0 : 0.0;
    const double payment =
        -(rate * (presentValue * growth + futureValue)) / ((1.0 + rate * type) * growthMinusOne);
    return finiteResult(payment, "pmt");
}

Result<double> sln(double cost, double salvage, double life)
{
    if (auto s = checkFinite(cost, "cost"); !s) {
        return s.error();
    }
    if (auto s = checkFinite(salvage, "salvage"); !s) {
        return s.error();
    }
    if (!std::isfinite(life) || life <= 0) {
        return invalid("life", "expected a finite life above 0, got " + formatNumber(life));
    }
    return (cost - salvage) / life;
}

Result<double> equivalentAnnualCost(double rate, double years, double presentValue)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (!std::isfinite(years) || years <= 0) {
        return invalid("years",
                       "expected a finite number of years above 0, got " + formatNumber(years));
    }
    if (auto s = checkFinite(presentValue, "present_value"); !s) {
        return s.error();
    }
    if (rate == 0.0) {
        return presentValue / years;
    }
    // 1 - (1 + r)^-n = -expm1(-n log1p(r)).
    const double annuityFactor = -std::expm1(-years * std::log1p(rate));
    return finiteResult(presentValue * rate / annuityFactor, "equivalent_annual_cost");
}

Result<std::optional<double>> simplePaybackYears(std::span<const double> flowsFromT0)
{
    if (auto s = checkValues(flowsFromT0, "values", false); !s) {
        return s.error();
    }
    return paybackOf(flowsFromT0);
}

Result<std::optional<double>> discountedPaybackYears(double rate,
                                                     std::span<const double> flowsFromT0)
{
    if (auto s = checkRate(rate); !s) {
        return s.error();
    }
    if (auto s = checkValues(flowsFromT0, "values", false); !s) {
        return s.error();
    }
    std::vector<double> discounted(flowsFromT0.size());
    for (std::size_t t = 0; t < flowsFromT0.size(); ++t) {
        discounted[t] = flowsFromT0[t] / std::pow(1.0 + rate, static_cast<double>(t));
        if (!std::isfinite(discounted[t])) {
            return makeError(Error::Code::InvalidInput,
                             "the discounted flow overflows; the rate is too close to -1",
                             indexed("values", t));
        }
    }
    return paybackOf(discounted);
}

} // namespace cloudcost::pricing
