#include "pricing/models/Finance.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

// The Microsoft help pages print results rounded to the cent or to 0.1 %; the tolerance is half the
// last printed digit (the QuantLib pattern of MODELS.md §6.1).
constexpr const char* kNpvPage =
    "Microsoft Support, Excel 'NPV function', examples 1 and 2 (MODELS.md §0 Cash-flow timing)";
constexpr const char* kXnpvPage =
    "Microsoft Support, Excel 'XNPV function' example; learn.microsoft.com "
    "office/vba/api/excel.worksheetfunction.xnpv prints 2086.6476 (MODELS.md §1.2 [V])";
constexpr const char* kIrrPage = "Microsoft Support, Excel 'IRR function' example table";
constexpr const char* kXirrPage =
    "Microsoft Support, Excel 'XIRR function' example (0.373362535 or 37.34 %)";
constexpr const char* kPmtPage =
    "Microsoft Support, Excel 'PMT function' examples (MODELS.md §1.2 [V])";
constexpr const char* kSlnPage = "Microsoft Support, Excel 'SLN function' example (MODELS.md §1.2)";

struct NpvExample
{
    double rate;
    double initialFlow; // added outside NPV() as the help page does (0 when there is none)
    std::vector<double> values;
    double expected;
    double tolerance;
    const char* source;
};

std::vector<std::int64_t> days(const std::vector<std::string>& dates)
{
    std::vector<std::int64_t> out;
    for (const auto& d : dates) {
        auto n = dayNumberFromIsoDate(d);
        REQUIRE(n);
        out.push_back(*n);
    }
    return out;
}

// The Excel XNPV/XIRR example schedule (both help pages use it).
const std::vector<double> kDatedValues = {-10000, 2750, 4250, 3250, 2750};
const std::vector<std::string> kDates = {"2008-01-01",
                                         "2008-03-01",
                                         "2008-10-30",
                                         "2009-02-15",
                                         "2009-04-01"};

} // namespace

TEST_CASE("NPV reproduces the Excel help examples with the first value discounted one period",
          "[models][finance]")
{
    static const std::vector<NpvExample> examples = {
        // Example 1: the -10,000 cost falls one year from today, so it is inside NPV().
        {0.10, 0.0, {-10000, 3000, 4200, 6800}, 1188.44, 0.005, kNpvPage},
        // Example 2: =NPV(A2, A4:A8)+A3, the -40,000 at t = 0 kept apart.
        {0.08, -40000, {8000, 9200, 10000, 12000, 14500}, 1922.06, 0.005, kNpvPage},
        // Example 2: =NPV(A2, A4:A8, -9000)+A3, a loss of 9,000 in year 6.
        {0.08, -40000, {8000, 9200, 10000, 12000, 14500, -9000}, -3749.47, 0.005, kNpvPage},
    };
    for (const auto& ex : examples) {
        INFO(ex.source);
        auto v = npvWithInitial(ex.rate, ex.initialFlow, ex.values);
        REQUIRE(v);
        CHECK(std::fabs(*v - ex.expected) <= ex.tolerance);
    }
}

TEST_CASE("NPV discounts the first value while npvFromTimeZero does not", "[models][finance]")
{
    const std::vector<double> flows = {-10000, 3000, 4200, 6800};
    auto excel = npv(0.1, flows);
    auto fromZero = npvFromTimeZero(0.1, flows);
    REQUIRE(excel);
    REQUIRE(fromZero);
    // MODELS.md §0: the numpy_financial convention (first value at t = 0) is (1 + r) times Excel's.
    CHECK(*fromZero == Approx(*excel * 1.1).epsilon(1e-12));
    CHECK(*fromZero == Approx(1307.287753568744).epsilon(1e-12));
}

TEST_CASE("NPV falls as the rate rises for positive flows", "[models][finance][property]")
{
    // MODELS.md §6.1 property 3 "NPV monotone in r": checked over many flow sets and rates.
    std::uint64_t state = 88172645463325252ULL; // xorshift64: a deterministic spread of flows
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<double>(state >> 11) * 0x1.0p-53;
    };
    for (int set = 0; set < 200; ++set) {
        std::vector<double> flows(1 + static_cast<std::size_t>(next() * 30));
        for (auto& f : flows) {
            f = 1.0 + next() * 1e6;
        }
        double previous = std::numeric_limits<double>::infinity();
        for (double rate = -0.5; rate <= 2.0; rate += 0.01) {
            auto v = npv(rate, flows);
            REQUIRE(v);
            CHECK(*v < previous);
            previous = *v;
        }
    }
}

TEST_CASE("XNPV reproduces the Excel help example on a 365-day year", "[models][finance]")
{
    INFO(kXnpvPage);
    auto v = xnpv(0.09, kDatedValues, days(kDates));
    REQUIRE(v);
    CHECK(std::fabs(*v - 2086.6476) <= 0.00005);
}

TEST_CASE("IRR reproduces the Excel help examples including the one that needs a guess",
          "[models][finance]")
{
    struct Row
    {
        std::vector<double> values;
        double guess;
        double expected;
        double tolerance;
        const char* source;
    };
    const std::vector<double> all = {-70000, 12000, 15000, 18000, 21000, 26000};
    const std::vector<Row> rows = {
        {{all.begin(), all.begin() + 5}, 0.1, -0.021, 0.0005, kIrrPage},  // =IRR(A2:A6) -2.1 %
        {all, 0.1, 0.087, 0.0005, kIrrPage},                              // =IRR(A2:A7) 8.7 %
        {{all.begin(), all.begin() + 3}, -0.1, -0.444, 0.0005, kIrrPage}, // =IRR(A2:A4,-10%)
        // MODELS.md §1.2 quotes the five-year IRR as 8.66 %.
        {all, 0.1, 0.0866, 0.00005, "MODELS.md §1.2 Discounting: 'IRR ... gives 8.66% [V]'"},
    };
    for (const auto& row : rows) {
        INFO(row.source);
        auto r = irr(row.values, row.guess);
        REQUIRE(r);
        CHECK(std::fabs(*r - row.expected) <= row.tolerance);
        // The root makes the t = 0 NPV zero (Excel: NPV(IRR(A2:A7),A2:A7) is ~0).
        auto residual = npvFromTimeZero(*r, row.values);
        REQUIRE(residual);
        CHECK(std::fabs(*residual) < 1e-6);
    }
}

TEST_CASE("IRR does not depend on a lucky guess", "[models][finance]")
{
    // The two-year example converges from the default 10 % guess too (bracketing fallback), and so
    // do far-away guesses.
    const std::vector<double> twoYears = {-70000, 12000, 15000};
    for (double guess : {0.1, 5.0, -0.9, 100.0}) {
        auto r = irr(twoYears, guess);
        REQUIRE(r);
        CHECK(std::fabs(*r - -0.444) <= 0.0005);
    }
}

TEST_CASE("IRR without a sign change is an error naming the values", "[models][finance][error]")
{
    auto r = irr(std::vector<double>{100, 200, 300});
    REQUIRE_FALSE(r);
    CHECK(r.error().context == "values");
    CHECK(r.error().message.find("sign change") != std::string::npos);
    auto one = irr(std::vector<double>{-5});
    REQUIRE_FALSE(one);
}

TEST_CASE("XIRR reproduces the Excel help example", "[models][finance]")
{
    INFO(kXirrPage);
    auto r = xirr(kDatedValues, days(kDates), 0.1);
    REQUIRE(r);
    // The page prints 9 digits but Excel iterates only "until the result is accurate within
    // 0.000001 percent" (same page); the exact root is 0.37336253352.
    CHECK(std::fabs(*r - 0.373362535) <= 1e-8);
    auto back = xnpv(*r, kDatedValues, days(kDates));
    REQUIRE(back);
    CHECK(std::fabs(*back) < 1e-6);
}

TEST_CASE("PMT reproduces the Excel help examples at the end and the start of each period",
          "[models][finance]")
{
    struct Row
    {
        double rate;
        double periods;
        double pv;
        double fv;
        PaymentTiming timing;
        double expected;
        const char* source;
    };
    const std::vector<Row> rows = {
        {0.08 / 12, 10, 10000, 0, PaymentTiming::EndOfPeriod, -1037.03, kPmtPage},
        {0.08 / 12, 10, 10000, 0, PaymentTiming::StartOfPeriod, -1030.16, kPmtPage},
        // Saving 50,000 over 18 years at 6 % a year: =PMT(A9/12, A10*12, 0, A11).
        {0.06 / 12, 18 * 12, 0, 50000, PaymentTiming::EndOfPeriod, -129.08, kPmtPage},
    };
    for (const auto& row : rows) {
        INFO(row.source);
        auto p = pmt(row.rate, row.periods, row.pv, row.fv, row.timing);
        REQUIRE(p);
        CHECK(std::fabs(*p - row.expected) <= 0.005);
    }
    auto zeroRate = pmt(0.0, 10, 1000);
    REQUIRE(zeroRate);
    CHECK(*zeroRate == Approx(-100.0));
}

TEST_CASE("SLN and equivalent annual cost match the published and closed forms",
          "[models][finance]")
{
    INFO(kSlnPage);
    auto s = sln(30000, 7500, 10);
    REQUIRE(s);
    CHECK(*s == Approx(2250.0).epsilon(1e-15));

    // EAC is -PMT (MODELS.md §1.2 "This is -PMT(r, L, C)").
    auto eac = equivalentAnnualCost(0.08 / 12, 10, 10000);
    auto p = pmt(0.08 / 12, 10, 10000);
    REQUIRE(eac);
    REQUIRE(p);
    CHECK(*eac == Approx(-*p).epsilon(1e-12));
    auto flat = equivalentAnnualCost(0.0, 4, 10000);
    REQUIRE(flat);
    CHECK(*flat == Approx(2500.0));
    // A tiny rate agrees with the zero-rate limit (expm1/log1p keep the digits).
    auto tiny = equivalentAnnualCost(1e-12, 4, 10000);
    REQUIRE(tiny);
    CHECK(*tiny == Approx(2500.0).epsilon(1e-9));
}

TEST_CASE("Payback interpolates within the year and is empty when never reached",
          "[models][finance]")
{
    // -1000 now, +400 a year: the cumulative is -600, -200, +200, so payback is 2 + 200/400.
    const std::vector<double> flows = {-1000, 400, 400, 400};
    auto simple = simplePaybackYears(flows);
    REQUIRE(simple);
    REQUIRE(simple->has_value());
    CHECK(**simple == Approx(2.5));

    // Discounted at 10 %: 363.64, 330.58, 300.53 -> the cumulative is still -5.26 after year 3,
    // so payback is never reached within the flows given.
    auto discounted = discountedPaybackYears(0.10, flows);
    REQUIRE(discounted);
    CHECK_FALSE(discounted->has_value());

    const std::vector<double> longer = {-1000, 400, 400, 400, 400};
    auto d2 = discountedPaybackYears(0.10, longer);
    REQUIRE(d2);
    REQUIRE(d2->has_value());
    const double afterThree = -1000 + 400 / 1.1 + 400 / 1.21 + 400 / 1.331;
    CHECK(**d2 == Approx(3.0 + -afterThree / (400 / 1.4641)).epsilon(1e-12));

    auto immediate = simplePaybackYears(std::vector<double>{0, 5});
    REQUIRE(immediate);
    CHECK(**immediate == 0.0);
    auto never = simplePaybackYears(std::vector<double>{-1000, 100, 100});
    REQUIRE(never);
    CHECK_FALSE(never->has_value());
}

TEST_CASE("Bad finance input is rejected with the field named", "[models][finance][error]")
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Row
    {
        Result<double> result;
        const char* field;
        const char* why;
    };
    const std::vector<double> ok = {1, 2, 3};
    const std::vector<double> withNan = {1, nan, 3};
    std::vector<Row> rows;
    rows.push_back({npv(-1.0, ok), "rate", "rate of -100 %"});
    rows.push_back({npv(-2.0, ok), "rate", "rate below -100 %"});
    rows.push_back({npv(nan, ok), "rate", "NaN rate"});
    rows.push_back({npv(0.1, std::vector<double>{}), "values", "no flows"});
    rows.push_back({npv(0.1, withNan), "values[1]", "NaN flow"});
    rows.push_back({npvWithInitial(0.1, inf, ok), "initial_flow", "infinite t = 0 flow"});
    rows.push_back({pmt(0.1, 0, 100), "periods", "zero periods"});
    rows.push_back({pmt(0.1, 10, nan), "present_value", "NaN present value"});
    rows.push_back({sln(100, 10, 0), "life", "zero life"});
    rows.push_back({equivalentAnnualCost(0.05, -1, 100), "years", "negative years"});
    rows.push_back({xnpv(0.09, kDatedValues, std::vector<std::int64_t>{0, 1}),
                    "dates",
                    "fewer dates than values"});
    rows.push_back({xnpv(0.09, std::vector<double>{1, 2}, std::vector<std::int64_t>{10, 5}),
                    "dates[1]",
                    "a date before the first"});
    rows.push_back({irr(ok, -1.5), "values", "no sign change is checked before the guess"});
    rows.push_back({irr(std::vector<double>{-1, 2}, -1.5), "guess", "guess below -100 %"});
    for (auto& row : rows) {
        INFO(row.why);
        REQUIRE_FALSE(row.result);
        CHECK(row.result.error().code == Error::Code::InvalidInput);
        CHECK(row.result.error().context == row.field);
    }
}

TEST_CASE("ISO dates become day numbers and impossible dates are rejected", "[models][finance]")
{
    auto epoch = dayNumberFromIsoDate("1970-01-01");
    REQUIRE(epoch);
    CHECK(*epoch == 0);
    // Excel's serial for 2008-01-01 is 39448 (XIRR help); serial 25569 is 1970-01-01.
    auto d2008 = dayNumberFromIsoDate("2008-01-01");
    REQUIRE(d2008);
    CHECK(*d2008 + 25569 == 39448);
    auto leap = dayNumberFromIsoDate("2024-02-29");
    REQUIRE(leap);
    for (const char* bad : {"2023-02-29",
                            "2024-13-01",
                            "2024-1-01",
                            "20240101",
                            "2024-01-00",
                            "",
                            "2024-01-01T00:00",
                            "abcd-ef-gh"}) {
        INFO(bad);
        auto r = dayNumberFromIsoDate(bad, "dates[3]");
        REQUIRE_FALSE(r);
        CHECK(r.error().context == "dates[3]");
    }
}
