#pragma once

#include "common/Result.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// Time value of money: NPV, XNPV, IRR, XIRR, PMT, SLN, equivalent annual cost and payback, with the
// spreadsheet conventions of MODELS.md §0/§1.2 stated on each function. Every function validates
// its input and returns an Error whose message names the offending argument ("rate", "values[3]",
// "dates[2]"); callers that know a JSON path put it in Error::context. Rates are fractions per
// period (0.07 = 7 %); amounts are in one currency, whatever the caller uses.
namespace cloudcost::pricing {

// Excel NPV(rate, value1, ...): sum of values[i] / (1 + rate)^(i + 1), i.e. the FIRST value is
// discounted one full period (Microsoft NPV help; MODELS.md §0 "Cash-flow timing"). A flow at t = 0
// must be kept apart: use npvWithInitial. Errors: rate <= -1 or non-finite, empty or non-finite
// values.
Result<double> npv(double rate, std::span<const double> values);

// initialFlow (at t = 0, not discounted) + npv(rate, laterFlows) (end of periods 1..n): the usual
// "invest now, receive later" form of Microsoft's NPV example 1. laterFlows may be empty.
Result<double> npvWithInitial(double rate, double initialFlow, std::span<const double> laterFlows);

// NPV when flowsFromT0[0] is at t = 0 (numpy_financial.npv convention, MODELS.md §0): sum of
// flowsFromT0[t] / (1 + rate)^t. Equals npvWithInitial(rate, flows[0], flows[1..]).
Result<double> npvFromTimeZero(double rate, std::span<const double> flowsFromT0);

// Days since 1970-01-01 of a proleptic Gregorian date "YYYY-MM-DD" (exactly that shape; the day
// must exist, e.g. no 2023-02-29). Only differences of day numbers matter to xnpv/xirr, so Excel
// serial numbers (which count from 1900) can be used directly instead. Error names `field`.
Result<std::int64_t> dayNumberFromIsoDate(std::string_view isoDate,
                                          std::string_view field = "date");

// Excel XNPV(rate, values, dates): sum of values[i] / (1 + rate)^((days[i] - days[0]) / 365),
// actual days over a 365-day year (Microsoft XNPV help; MODELS.md §1.2). values and days have the
// same length >= 1; no date may precede days[0] (Excel returns #NUM!); rate > -1.
Result<double>
xnpv(double rate, std::span<const double> values, std::span<const std::int64_t> days);

// Excel IRR(values, guess): the rate r > -1 with sum values[t] / (1 + r)^t = 0 and values[0] at
// t = 0 (unlike NPV). Newton from `guess`, falling back to bracketing and bisection, so it does not
// depend on a lucky guess. Errors: fewer than 2 values, no sign change among the values (no IRR
// exists), non-finite input, or no root found in (-0.9999, 1e6]. When several roots exist
// (non-conventional flows), returns the one Newton reaches from `guess` or the lowest bracketed
// one.
Result<double> irr(std::span<const double> values, double guess = 0.1);

// Excel XIRR(values, dates, guess): the rate r with xnpv(r, values, days) = 0; same robustness and
// errors as irr; dates as in xnpv.
Result<double>
xirr(std::span<const double> values, std::span<const std::int64_t> days, double guess = 0.1);

// Whether a payment falls at the end (Excel type 0) or the start (type 1) of each period.
enum class PaymentTiming
{
    EndOfPeriod = 0,
    StartOfPeriod = 1,
};

// Excel PMT(rate, nper, pv, fv, type): the constant payment per period that pays off pv (leaving
// fv), with Excel's sign convention (a positive loan gives a negative payment). rate = 0 gives
// -(pv + fv) / nper. Errors: nper <= 0 or non-finite, rate <= -1, non-finite pv/fv.
Result<double> pmt(double rate,
                   double periods,
                   double presentValue,
                   double futureValue = 0.0,
                   PaymentTiming timing = PaymentTiming::EndOfPeriod);

// Excel SLN(cost, salvage, life): straight-line depreciation per period (cost - salvage) / life
// (MODELS.md §1.2 A = (C - S) / L). Errors: life <= 0 or non-finite input.
Result<double> sln(double cost, double salvage, double life);

// Equivalent annual cost of a present value spread over `years` at `rate` (an annuity):
// EAC = PV * r / (1 - (1 + r)^-n), and PV / n when r = 0 (MODELS.md §1.2 "equivalent annual
// cost"; equals -PMT(r, n, PV)). Positive PV gives positive EAC. Errors: years <= 0, rate <= -1,
// non-finite input.
Result<double> equivalentAnnualCost(double rate, double years, double presentValue);

// Simple payback: flowsFromT0[0] is at t = 0 (usually the negative investment), flowsFromT0[t] at
// the end of year t and assumed to accrue evenly through year t for interpolation. Returns the
// first time (in years, fractional) at which the cumulative flow reaches >= 0: 0 when flows[0] >=
// 0; nullopt when the cumulative never reaches 0 within the flows given. If the cumulative later
// turns negative again (e.g. a hardware refresh), the first crossing is still reported.
Result<std::optional<double>> simplePaybackYears(std::span<const double> flowsFromT0);

// Discounted payback: as simplePaybackYears on flowsFromT0[t] / (1 + rate)^t. Errors as npv.
Result<std::optional<double>> discountedPaybackYears(double rate,
                                                     std::span<const double> flowsFromT0);

} // namespace cloudcost::pricing
