#include "pricing/models/SpotModels.h"

#include "pricing/Workspace.h"
#include "pricing/models/SpotData.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <map>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A workspace in a fresh temp dir with the given shared sample files imported.
struct TempWorkspace
{
    std::filesystem::path dir = testing::makeTempDir("spot-models");
    std::optional<Workspace> ws;

    explicit TempWorkspace(const std::vector<std::string>& samples)
    {
        auto opened = Workspace::open(dir / "w.db");
        REQUIRE(opened);
        ws.emplace(std::move(*opened));
        for (const auto& s : samples) {
            auto report = ws->importFile(testing::sharedData(s));
            INFO(s << ": " << (report ? std::string() : report.error().describe()));
            REQUIRE(report);
        }
    }
    ~TempWorkspace()
    {
        ws.reset();
        std::filesystem::remove_all(dir);
    }
};

const char* const kAwsHistory =
    "aws/spot-price-history/describe-spot-price-history_m5.large_us-east-1_2021-02.json";
const char* const kAwsAdvisor = "aws/spot-advisor/spot-advisor-data_2025-06.json";
const char* const kAlibabaHistory =
    "alibaba/ecs_DescribeSpotPriceHistory_response_doc-example_en.json";
const char* const kAlibabaAdvice = "alibaba/ecs_DescribeSpotAdvice_response_doc-example_en.json";

} // namespace

// ---- Checkpoint intervals ------------------------------------------------------------------

TEST_CASE("Daly's interval matches the optimum intervals published by Daly 2006", "[models][spot]")
{
    // Source: J.T. Daly, "A higher order estimate of the optimum checkpoint interval for restart
    // dumps", Future Generation Computer Systems 22(3) 303-312 (2006), doi:10.1016/
    // j.future.2004.11.016, captions of Figs. 3, 4 and 5 (Ts = 500 h, R = 10 min, delta = 5 min):
    // "The new model predicts tau_opt = 117 min" (M = 24 h), "57 min" (M = 6 h), "9.1 min"
    // (M = 15 min). Also MODELS.md §3.3 [V]. Tolerance: half of the last printed digit.
    struct Row
    {
        double mtbfMinutes;
        double publishedMinutes;
        double tolerance;
        const char* source;
    };
    static const Row rows[] = {
        {24 * 60, 117, 0.5, "Daly 2006 FGCS 22 Fig. 3 caption"},
        {6 * 60, 57, 0.5, "Daly 2006 FGCS 22 Fig. 4 caption"},
        {15, 9.1, 0.05, "Daly 2006 FGCS 22 Fig. 5 caption"},
    };
    for (const auto& row : rows) {
        INFO(row.source << ": M = " << row.mtbfMinutes << " min");
        const double tau = dalyIntervalHours(5.0 / 60, row.mtbfMinutes / 60) * 60;
        CHECK(std::abs(tau - row.publishedMinutes) <= row.tolerance);
    }
    // The arithmetic for M = 24 h: sqrt(2 * 5 * 1440) = 120; d/2M = 5/2880;
    // 120 * (1 + sqrt(5/2880)/3 + (5/2880)/9) - 5 = 116.69 min.
    CHECK(dalyIntervalHours(5.0 / 60, 24.0) * 60
          == Approx(120.0 * (1 + std::sqrt(5.0 / 2880) / 3 + 5.0 / 2880 / 9) - 5).epsilon(1e-12));
    // Young's first-order interval for the same case: sqrt(2 * 5 * 1440) = 120 min.
    CHECK(youngIntervalHours(5.0 / 60, 24.0) * 60 == Approx(120.0).epsilon(1e-12));
}

TEST_CASE("Daly's interval tends to Young's as delta over M tends to zero", "[models][spot]")
{
    // tau_D / tau_Y - 1 = -(2/3) sqrt(x) + x/9 with x = delta/2M: the gap shrinks like sqrt(x).
    double previousGap = kInf;
    for (double ratio : {1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8, 1e-10}) {
        const double mtbf = 1000.0;
        const double delta = ratio * mtbf;
        const double gap =
            std::abs(dalyIntervalHours(delta, mtbf) / youngIntervalHours(delta, mtbf) - 1.0);
        INFO("delta/M = " << ratio);
        CHECK(gap < previousGap);
        const double x = ratio / 2;
        CHECK(gap == Approx(2.0 / 3 * std::sqrt(x) - x / 9).epsilon(1e-6));
        previousGap = gap;
    }
    CHECK(previousGap < 1e-5);
}

TEST_CASE("Daly's interval is M when the checkpoint takes at least 2M", "[models][spot]")
{
    // Daly 2006: the higher order estimate holds for delta < 2M; otherwise tau_opt = M.
    CHECK(dalyIntervalHours(2.0, 1.0) == 1.0);
    CHECK(dalyIntervalHours(5.0, 1.0) == 1.0);
    CHECK(dalyIntervalHours(1.9, 1.0) < 1.0 + 1e-9);
    CHECK(std::isinf(dalyIntervalHours(0.1, kInf)));
    CHECK(std::isinf(youngIntervalHours(0.1, kInf)));
}

TEST_CASE("The expected wall time follows Daly's complete model", "[models][spot]")
{
    // T_w = M e^(R/M) (e^((tau+d)/M) - 1) Ts/tau; with Ts = 500 h, M = 24 h, R = 10 min, d = 5
    // min and tau = 117 min (Daly 2006 Fig. 3 case).
    const double m = 24, r = 10.0 / 60, d = 5.0 / 60, tau = 117.0 / 60, ts = 500;
    const double expected = m * std::exp(r / m) * (std::exp((tau + d) / m) - 1) * ts / tau;
    CHECK(dalyExpectedWallHours(ts, tau, d, r, m) == Approx(expected).epsilon(1e-12));
    // No interruptions: only the checkpoints cost time.
    CHECK(dalyExpectedWallHours(ts, tau, d, r, kInf) == Approx(ts * (1 + d / tau)));
    // The notice model: Ts e^(R/M) (1 + N/M).
    CHECK(noticeExpectedWallHours(ts, r, 2.0 / 60, m)
          == Approx(ts * std::exp(r / m) * (1 + 2.0 / 60 / m)).epsilon(1e-12));
}

// ---- Interruption buckets --------------------------------------------------------------------

TEST_CASE("A monthly interruption share becomes an hourly hazard as MODELS.md shows",
          "[models][spot]")
{
    // MODELS.md §3.2: lambda = -ln(1 - f)/730; "f = 5% gives M ~ 14,200 h; f = 20% gives M ~
    // 3,270 h" (printed to 3 significant digits: tolerance half the last digit).
    struct Row
    {
        double share;
        double publishedMtbf;
        double tolerance;
    };
    static const Row rows[] = {{0.05, 14200, 50}, {0.20, 3270, 5}};
    for (const auto& row : rows) {
        const double lambda = hazardFromWindowProbability(row.share, 730);
        CHECK(lambda == Approx(-std::log(1 - row.share) / 730).epsilon(1e-14));
        CHECK(std::abs(1 / lambda - row.publishedMtbf) <= row.tolerance);
        CHECK(probabilityWithin(lambda, 730) == Approx(row.share).epsilon(1e-12));
    }
    CHECK(hazardFromWindowProbability(0, 730) == 0);
    CHECK(std::isinf(hazardFromWindowProbability(1, 730)));
    CHECK(std::isnan(hazardFromWindowProbability(-0.1, 730)));
    CHECK(std::isnan(hazardFromWindowProbability(0.1, 0)));
}

TEST_CASE("Bucket labels parse into ranges and open buckets use their lower edge", "[models][spot]")
{
    auto lt5 = interruptionFromBucket("<5%", BucketPoint::Upper, 730);
    REQUIRE(lt5);
    CHECK(lt5->windowProbability == Approx(0.05));
    CHECK(lt5->mtbfHours == Approx(730 / -std::log(0.95)).epsilon(1e-12));
    CHECK(std::isinf(*lt5->mtbfAtLowHours));
    CHECK(*lt5->midpointProbability == Approx(0.025));

    auto mid = interruptionFromBucket("15-20%", BucketPoint::Midpoint, 730);
    REQUIRE(mid);
    CHECK(mid->windowProbability == Approx(0.175));
    CHECK(mid->point == "midpoint");

    auto open = interruptionFromBucket(">20%", BucketPoint::Upper, 730);
    REQUIRE(open);
    CHECK(open->openEnded);
    CHECK(open->point == "lower");
    CHECK(open->windowProbability == Approx(0.20));
    CHECK_FALSE(open->highProbability);

    auto alibabaTop = parseInterruptionBucket("10-100%");
    REQUIRE(alibabaTop);
    CHECK(alibabaTop->lowerPct == 10);
    CHECK_FALSE(alibabaTop->upperPct);

    const auto [label, why] = GENERATE(table<const char*, const char*>({
        {"", "empty"},
        {"5", "no percent sign"},
        {"abc%", "not a number"},
        {"5-%", "missing upper bound"},
        {"<x%", "bad bound"},
        {"10-5%", "reversed range"},
        {"150%", "no range shape"},
        {">120%", "above 100"},
    }));
    INFO(why);
    auto bad = parseInterruptionBucket(label);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().context == "interruption bucket");
}

TEST_CASE("Independent pools all fail together with the product of their probabilities",
          "[models][spot]")
{
    const double ps[] = {0.05, 0.05, 0.05};
    CHECK(probabilityAllPoolsInterrupted(ps) == Approx(1.25e-4).epsilon(1e-12));
    const double two[] = {0.2, 0.1};
    CHECK(probabilityAllPoolsInterrupted(two) == Approx(0.02).epsilon(1e-12));
}

// ---- Price history statistics ----------------------------------------------------------------

TEST_CASE("Time-weighted statistics of a hand-made step series", "[models][spot]")
{
    // 1.0 from 0 h, 2.0 from 1 h, 0.5 from 4 h; window [0, 6 h]:
    // durations 1 h @ 1.0, 3 h @ 2.0, 2 h @ 0.5 -> mean = (1*1 + 3*2 + 2*0.5) / 6 = 8/6.
    // Time-weighted CDF: 0.5 holds 2/6 of the time, <= 1.0 holds 3/6, <= 2.0 all of it, so
    // p5 = 0.5, p50 = 1.0 (the share 3/6 reaches 0.5), p95 = 2.0.
    // sd^2 = (1*(1 - 4/3)^2 + 3*(2 - 4/3)^2 + 2*(0.5 - 4/3)^2) / 6 = (1/9 + 4/3 + 25/18) / 6.
    const std::vector<PriceStep> series = {{0, 1.0}, {3600, 2.0}, {4 * 3600, 0.5}};
    auto s = timeWeightedStats(series, 0, 6 * 3600, 2.0);
    REQUIRE(s);
    CHECK(s->coveredHours == 6);
    CHECK(s->meanHourly == Approx(8.0 / 6).epsilon(1e-14));
    CHECK(s->minHourly == 0.5);
    CHECK(s->maxHourly == 2.0);
    CHECK(s->p5Hourly == 0.5);
    CHECK(s->p50Hourly == 1.0);
    CHECK(s->p95Hourly == 2.0);
    const double variance = (1.0 / 9 + 4.0 / 3 + 25.0 / 18) / 6;
    CHECK(s->sdHourly == Approx(std::sqrt(variance)).epsilon(1e-12));
    CHECK(s->coefficientOfVariation == Approx(std::sqrt(variance) / (8.0 / 6)).epsilon(1e-12));
    CHECK(s->levels == 3);
    CHECK(s->changes == 2);
    CHECK(s->firstHourly == 1.0);
    CHECK(s->lastHourly == 0.5);
    CHECK(*s->shareAtOrAboveReference == Approx(0.5)); // 3 of 6 hours at 2.0
    CHECK_FALSE(s->dailyLogChangeSd);                  // under one day

    // A window starting inside a step: [0.5 h, 6 h] -> (0.5*1 + 3*2 + 2*0.5) / 5.5.
    auto inside = timeWeightedStats(series, 1800, 6 * 3600);
    REQUIRE(inside);
    CHECK(inside->meanHourly == Approx(7.5 / 5.5).epsilon(1e-14));
    CHECK_FALSE(inside->shareAtOrAboveReference);

    // A window starting before the first price is clipped to it (no price known earlier).
    auto early = timeWeightedStats(series, -7200, 6 * 3600);
    REQUIRE(early);
    CHECK(early->fromSeconds == 0);
    CHECK(early->meanHourly == Approx(8.0 / 6).epsilon(1e-14));

    // A price change exactly at the window end holds for no time but is the price at the end.
    auto atEnd = timeWeightedStats(series, 0, 4 * 3600);
    REQUIRE(atEnd);
    CHECK(atEnd->meanHourly == Approx(7.0 / 4).epsilon(1e-14));
    CHECK(atEnd->maxHourly == 2.0);
    CHECK(atEnd->lastHourly == 0.5);
    CHECK(atEnd->minHourly == 1.0);

    auto q = timeWeightedQuantile(series, 0, 6 * 3600, 1.0 / 3);
    REQUIRE(q);
    CHECK(*q == 0.5);
}

TEST_CASE("The daily log change sd samples the price every 24 hours", "[models][spot]")
{
    // Prices at day 0: 1, day 1: 2, day 2: 1, day 3: 1 -> changes ln2, -ln2, 0; mean 0;
    // sample sd = sqrt((ln2^2 + ln2^2 + 0) / 2) = ln 2.
    const std::int64_t day = 86400;
    const std::vector<PriceStep> series = {{0, 1.0}, {day, 2.0}, {2 * day, 1.0}};
    auto s = timeWeightedStats(series, 0, 3 * day);
    REQUIRE(s);
    REQUIRE(s->dailyLogChangeSd);
    CHECK(s->dailyChanges == 3);
    CHECK(*s->dailyLogChangeSd == Approx(std::log(2.0)).epsilon(1e-12));
}

TEST_CASE("Bad price series and windows are refused with a reason", "[models][spot]")
{
    const std::vector<PriceStep> unsorted = {{100, 1.0}, {50, 2.0}};
    auto a = timeWeightedStats(unsorted, 0, 200);
    REQUIRE_FALSE(a);
    CHECK(a.error().context == "price series[1]");
    const std::vector<PriceStep> nan = {{0, std::nan("")}};
    CHECK_FALSE(timeWeightedStats(nan, 0, 10));
    const std::vector<PriceStep> negative = {{0, -1.0}};
    CHECK_FALSE(timeWeightedStats(negative, 0, 10));
    CHECK_FALSE(timeWeightedStats(std::vector<PriceStep>{}, 0, 10));
    const std::vector<PriceStep> ok = {{100, 1.0}};
    CHECK_FALSE(timeWeightedStats(ok, 10, 10)); // empty window
    CHECK_FALSE(timeWeightedStats(ok, 0, 100)); // ends at the first price: nothing known
    CHECK_FALSE(timeWeightedQuantile(ok, 0, 200, 1.5));
}

TEST_CASE("ISO-8601 times parse to epoch seconds and bad ones are named", "[models][spot]")
{
    // 2021-02-09T01:40:10Z = 1612834810 s (the newest record of the AWS sample).
    CHECK(*parseUtcSeconds("2021-02-09T01:40:10+00:00") == 1612834810);
    CHECK(*parseUtcSeconds("2021-02-09T01:40:10Z") == 1612834810);
    CHECK(*parseUtcSeconds("2021-02-09T01:40:10.000Z") == 1612834810);
    CHECK(*parseUtcSeconds("2021-02-09T03:40:10+02:00") == 1612834810);
    CHECK(*parseUtcSeconds("1970-01-01T00:00Z") == 0);
    CHECK(*parseUtcSeconds("2024-02-29T00:00:00Z") == 1709164800);
    CHECK(formatUtcSeconds(1612834810) == "2021-02-09T01:40:10Z");
    CHECK(formatUtcSeconds(-1) == "1969-12-31T23:59:59Z");
    const auto [text, why] = GENERATE(table<const char*, const char*>({
        {"", "empty"},
        {"2021-02-09T01:40:10", "no zone"},
        {"2021-02-30T00:00:00Z", "no 30 February"},
        {"2023-02-29T00:00:00Z", "not a leap year"},
        {"2021-13-01T00:00:00Z", "month 13"},
        {"2021-02-09 01:40:10Z", "space instead of T"},
        {"2021-02-09T01:40:10Zjunk", "trailing text"},
        {"2021-02-09T25:00:00Z", "hour 25"},
    }));
    INFO(why);
    auto r = parseUtcSeconds(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().context == "time");
}

// ---- Real samples ------------------------------------------------------------------------------

TEST_CASE("Statistics of the real AWS m5.large spot history per zone", "[models][spot][data]")
{
    TempWorkspace t({kAwsHistory});
    auto rows = loadSpotPrices(*t.ws, {"aws", "us-east-1", "", "m5.large", "linux"});
    REQUIRE(rows);
    REQUIRE(rows->size() == 250); // README §6: 250 records
    std::map<std::string, std::vector<PriceStep>> zones;
    std::int64_t latest = 0;
    for (const auto& r : *rows) {
        CHECK(r.point.currency == "USD");
        auto s = parseUtcSeconds(r.point.timestamp);
        REQUIRE(s);
        latest = std::max(latest, *s);
        zones[r.point.zone].push_back({*s, r.point.hourly});
    }
    CHECK(latest == 1612834810); // 2021-02-09T01:40:10Z, the newest record (us-east-1f)
    // Expected values computed independently from the file (Python, same definitions): each zone
    // from its first record to the newest record of any zone.
    struct Row
    {
        const char* zone;
        std::size_t records;
        double hours;
        double mean;
        double minimum;
        double maximum;
        double p5;
        double p50;
        double p95;
        double cv;
        double last;
    };
    static const Row expected[] = {
        {"us-east-1a",
         48,
         747.8130555555556,
         0.041488072702,
         0.0407,
         0.0423,
         0.0408,
         0.0415,
         0.0421,
         0.00846347849921,
         0.0423},
        {"us-east-1b",
         50,
         750.0711111111111,
         0.037992514710,
         0.0367,
         0.0389,
         0.0369,
         0.0382,
         0.0387,
         0.0125254832664,
         0.0389},
        {"us-east-1c",
         49,
         750.4958333333333,
         0.038191442916,
         0.0378,
         0.039,
         0.0378,
         0.0381,
         0.039,
         0.00923372840826,
         0.0381},
        {"us-east-1d",
         43,
         768.5627777777778,
         0.042787244590,
         0.0425,
         0.0431,
         0.0425,
         0.0428,
         0.0431,
         0.00408811742477,
         0.0431},
        // 1f: the newest record (0.0437 at the window end) holds for no time inside the window.
        {"us-east-1f",
         60,
         752.6130555555555,
         0.041337828314,
         0.0402,
         0.0435,
         0.0403,
         0.0411,
         0.0435,
         0.0233205911941,
         0.0437},
    };
    REQUIRE(zones.size() == 5);
    for (const auto& e : expected) {
        INFO(e.zone);
        auto& series = zones.at(e.zone);
        CHECK(series.size() == e.records);
        auto s = timeWeightedStats(series, series.front().atSeconds, latest);
        REQUIRE(s);
        CHECK(s->coveredHours == Approx(e.hours).epsilon(1e-12));
        CHECK(s->meanHourly == Approx(e.mean).epsilon(1e-10));
        CHECK(s->minHourly == Approx(e.minimum).epsilon(1e-12));
        CHECK(s->maxHourly == Approx(e.maximum).epsilon(1e-12));
        CHECK(s->p5Hourly == Approx(e.p5).epsilon(1e-12));
        CHECK(s->p50Hourly == Approx(e.p50).epsilon(1e-12));
        CHECK(s->p95Hourly == Approx(e.p95).epsilon(1e-12));
        CHECK(s->coefficientOfVariation == Approx(e.cv).epsilon(1e-9));
        CHECK(s->lastHourly == Approx(e.last).epsilon(1e-12));
        CHECK(s->dailyLogChangeSd); // 31 whole days in each window
    }
}

TEST_CASE("The real AWS advisor feed gives m5.large a 15-20% bucket in us-east-1",
          "[models][spot][data]")
{
    TempWorkspace t({kAwsAdvisor});
    auto linuxAdvice = loadSpotAdvice(*t.ws, {"aws", "us-east-1", "", "m5.large", "linux"});
    REQUIRE(linuxAdvice);
    REQUIRE(linuxAdvice->size() == 1);
    const auto& a = linuxAdvice->front().advice;
    // spot-advisor-data_2025-06.json: spot_advisor.us-east-1.Linux.m5.large = {"s": 66, "r": 3},
    // ranges[3].label = "15-20%".
    CHECK(a.interruptionBucket == "15-20%");
    CHECK(*a.savingsPct == 66);
    auto e = interruptionFromBucket(a.interruptionBucket, BucketPoint::Upper, 730);
    REQUIRE(e);
    // lambda = -ln(1 - 0.20)/730 = 3.0567e-4 per hour; M = 3271.4 h.
    CHECK(e->hazardPerHour == Approx(-std::log(0.8) / 730).epsilon(1e-14));
    CHECK(e->mtbfHours == Approx(3271.4).margin(0.05));
    CHECK(*e->mtbfAtLowHours == Approx(730 / -std::log(0.85)).epsilon(1e-12));

    // Windows: {"s": 46, "r": 4}, ranges[4].label = ">20%" (open: at least 20 %).
    auto windows = loadSpotAdvice(*t.ws, {"aws", "us-east-1", "", "m5.large", "windows"});
    REQUIRE(windows);
    REQUIRE(windows->size() == 1);
    CHECK(windows->front().advice.interruptionBucket == ">20%");
    CHECK(*windows->front().advice.savingsPct == 46);
    auto w =
        interruptionFromBucket(windows->front().advice.interruptionBucket, BucketPoint::Upper, 730);
    REQUIRE(w);
    CHECK(w->openEnded);

    auto none = loadSpotAdvice(*t.ws, {"aws", "us-east-1", "", "no.such", "linux"});
    REQUIRE(none);
    CHECK(none->empty());
    auto have = spotDataAvailability(*t.ws, "m5.large");
    REQUIRE(have);
    CHECK(have->size() >= 2);
}

TEST_CASE("Statistics and advice of the real Alibaba samples", "[models][spot][data]")
{
    TempWorkspace t({kAlibabaHistory, kAlibabaAdvice});
    auto rows = loadSpotPrices(*t.ws, {"alibaba", "cn-hangzhou", "", "ecs.g5.large", ""});
    REQUIRE(rows);
    // Two hourly records in cn-hangzhou-g: 0.036 CNY at 06:00 and 07:00 (OriginPrice 0.354).
    REQUIRE(rows->size() == 2);
    std::vector<PriceStep> series;
    for (const auto& r : *rows) {
        CHECK(r.point.zone == "cn-hangzhou-g");
        CHECK(r.point.currency == "CNY");
        CHECK(*r.point.onDemandHourly == Approx(0.354));
        series.push_back({*parseUtcSeconds(r.point.timestamp), r.point.hourly});
    }
    auto s = timeWeightedStats(series, series.front().atSeconds, series.back().atSeconds, 0.354);
    REQUIRE(s);
    CHECK(s->coveredHours == 1);
    CHECK(s->meanHourly == Approx(0.036).epsilon(1e-14));
    CHECK(*s->shareAtOrAboveReference == 0);
    // Saving against the pay-as-you-go price: 1 - 0.036/0.354 = 89.83 %.
    CHECK(1 - s->meanHourly / 0.354 == Approx(0.898305).epsilon(1e-5));

    // DescribeSpotAdvice names no OS: an os filter still keeps its rows.
    auto advice = loadSpotAdvice(*t.ws, {"alibaba", "cn-hangzhou", "", "ecs.c5.large", "linux"});
    REQUIRE(advice);
    REQUIRE(advice->size() == 1);
    const auto& a = advice->front().advice;
    CHECK(a.zone == "cn-hangzhou-i");
    CHECK(a.interruptionBucket == "0-3%");
    REQUIRE(a.interruptionPct);
    CHECK(*a.interruptionPct == 0);
    auto e = interruptionFromPercent(*a.interruptionPct,
                                     kAlibabaAdviceWindowHours.value,
                                     "rate",
                                     "InterruptionRate");
    REQUIRE(e);
    CHECK(std::isinf(e->mtbfHours)); // 0 % measured: no interruption expected
}

// ---- The job model and its Monte Carlo -------------------------------------------------------

namespace {

SpotJobSpec periodicJob()
{
    SpotJobSpec j;
    j.solveHours = 20;
    j.checkpointHours = 0.1;
    j.restartHours = 0.2;
    j.mtbfHours = 5;
    j.intervalHours = 1; // Ts is a whole number of intervals, as Daly's formula counts them
    j.spotHourly = 0.04;
    j.onDemandHourly = 0.096;
    return j;
}

} // namespace

TEST_CASE("The Monte Carlo is identical for the same seed", "[models][spot][montecarlo]")
{
    auto spec = periodicJob();
    auto a = simulateSpotJob(spec, 2000, 42);
    auto b = simulateSpotJob(spec, 2000, 42);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->cost.mean == b->cost.mean);
    CHECK(a->cost.sd == b->cost.sd);
    CHECK(a->cost.p95 == b->cost.p95);
    CHECK(a->wallHours.p50 == b->wallHours.p50);
    CHECK(a->interruptions.mean == b->interruptions.mean);
    CHECK(*a->probabilityCostAboveOnDemand == *b->probabilityCostAboveOnDemand);
    auto c = simulateSpotJob(spec, 2000, 43);
    REQUIRE(c);
    CHECK(c->cost.mean != a->cost.mean);
}

TEST_CASE("The Monte Carlo mean agrees with Daly's closed form", "[models][spot][montecarlo]")
{
    // Under Daly's assumptions (interruptions also during checkpoints and restarts) the closed
    // form is exact, so the simulated mean must lie within 4 standard errors of it.
    auto spec = periodicJob();
    auto est = estimateSpotJob(spec);
    REQUIRE(est);
    CHECK(est->strategy == CheckpointStrategy::Periodic);
    const double daly = 5 * std::exp(0.2 / 5) * std::expm1(1.1 / 5) * 20;
    CHECK(est->expectedWallHours == Approx(daly).epsilon(1e-12));
    CHECK(est->expectedInterruptions == Approx(daly / 5).epsilon(1e-12));
    auto sim = simulateSpotJob(spec, 20000, 7);
    REQUIRE(sim);
    const double se = sim->wallHours.sd / std::sqrt(20000.0);
    CHECK(std::abs(sim->wallHours.mean - daly) < 4 * se);
    const double seN = sim->interruptions.sd / std::sqrt(20000.0);
    CHECK(std::abs(sim->interruptions.mean - daly / 5) < 4 * seN);
    CHECK(sim->cost.mean == Approx(0.04 * sim->wallHours.mean).epsilon(1e-12));
}

TEST_CASE("A checkpoint written inside the notice loses no work", "[models][spot][montecarlo]")
{
    // AWS notice 120 s >= a 1-minute checkpoint: T_w = Ts e^(R/M) (1 + N/M).
    auto spec = periodicJob();
    spec.intervalHours.reset();
    spec.checkpointHours = 1.0 / 60;
    spec.noticeHours = kAwsNoticeSeconds.value / 3600;
    auto est = estimateSpotJob(spec);
    REQUIRE(est);
    CHECK(est->strategy == CheckpointStrategy::OnNotice);
    const double expected = 20 * std::exp(0.2 / 5) * (1 + (120.0 / 3600) / 5);
    CHECK(est->expectedWallHours == Approx(expected).epsilon(1e-12));
    auto sim = simulateSpotJob(spec, 20000, 11);
    REQUIRE(sim);
    CHECK(std::abs(sim->wallHours.mean - expected) < 4 * sim->wallHours.sd / std::sqrt(20000.0));
    // Without the notice the same job checkpoints periodically and takes longer.
    spec.checkpointOnNotice = false;
    auto periodic = estimateSpotJob(spec);
    REQUIRE(periodic);
    CHECK(periodic->strategy == CheckpointStrategy::Periodic);
    CHECK(periodic->expectedWallHours > expected);
}

TEST_CASE("GCP preemptible VMs stop every 24 hours and Spot VMs do not", "[models][spot]")
{
    // Never interrupted at random (M = inf): Ts = 50 h, d = 0.1 h, R = 0.2 h. With the 24 h cap:
    // instance 1 computes 23.9 h + checkpoint (24 h); instance 2 restarts 0.2 h, computes 23.7 h
    // + checkpoint (24 h); instance 3 restarts 0.2 h, computes 2.4 h + checkpoint: 50.7 h.
    SpotJobSpec j;
    j.solveHours = 50;
    j.checkpointHours = 0.1;
    j.restartHours = 0.2;
    j.mtbfHours = kInf;
    j.spotHourly = 1;
    j.maxInstanceHours = kGcpPreemptibleMaxHours.value;
    auto capped = simulateSpotJob(j, 10, 1);
    REQUIRE(capped);
    CHECK(capped->wallHours.mean == Approx(50.7).epsilon(1e-12));
    CHECK(capped->wallHours.sd == Approx(0).margin(1e-9));
    auto est = estimateSpotJob(j);
    REQUIRE(est);
    CHECK(est->expectedForcedStops > 2);
    CHECK(est->expectedWallHours == Approx(50.7).epsilon(0.01)); // renewal approximation
    j.maxInstanceHours.reset(); // a Spot VM: one segment and its checkpoint
    auto spot = simulateSpotJob(j, 10, 1);
    REQUIRE(spot);
    CHECK(spot->wallHours.mean == Approx(50.1).epsilon(1e-12));
}

TEST_CASE("The job runs on on-demand when spot costs at least as much", "[models][spot]")
{
    auto spec = periodicJob();
    spec.spotHourly = 0.2;
    auto est = estimateSpotJob(spec);
    REQUIRE(est);
    CHECK(est->spotPriceAtOrAboveOnDemand);
    CHECK(est->expectedCost == Approx(0.096 * 20).epsilon(1e-12));
    auto sim = simulateSpotJob(spec, 100, 3);
    REQUIRE(sim);
    CHECK(sim->cost.mean == Approx(0.096 * 20).epsilon(1e-12));
    CHECK(sim->probabilityFallback == 1);
}

TEST_CASE("Falling back to on-demand after k interruptions moves hours to on-demand",
          "[models][spot][montecarlo]")
{
    auto spec = periodicJob();
    spec.fallbackAfterInterruptions = 2;
    auto est = estimateSpotJob(spec);
    REQUIRE(est);
    CHECK(est->probabilityFallback > 0.5);
    CHECK(est->probabilityFallback < 1);
    CHECK(est->expectedOnDemandHours > 0);
    auto sim = simulateSpotJob(spec, 5000, 5);
    REQUIRE(sim);
    CHECK(sim->probabilityFallback > 0.5);
    CHECK(sim->meanOnDemandHours > 0);
    CHECK(sim->interruptions.max <= 2);
    // The approximation and the simulation agree on the fallback probability within 0.1.
    CHECK(std::abs(sim->probabilityFallback - est->probabilityFallback) < 0.1);
}

TEST_CASE("Bad job inputs are refused naming the field", "[models][spot]")
{
    const auto [field, why] = GENERATE(table<std::string, const char*>({
        {"solveHours", "NaN job length"},
        {"checkpointHours", "zero checkpoint"},
        {"restartHours", "negative restart"},
        {"mtbfHours", "zero MTBF"},
        {"intervalHours", "infinite interval"},
        {"maxInstanceHours", "cap shorter than restart plus checkpoint"},
        {"fallbackAfterInterruptions", "zero fallback count"},
        {"onDemandHourly", "fallback without an on-demand price"},
        {"spotHourly", "negative spot price"},
    }));
    INFO(why);
    auto spec = periodicJob();
    if (field == "solveHours") {
        spec.solveHours = std::nan("");
    } else if (field == "checkpointHours") {
        spec.checkpointHours = 0;
    } else if (field == "restartHours") {
        spec.restartHours = -1;
    } else if (field == "mtbfHours") {
        spec.mtbfHours = 0;
    } else if (field == "intervalHours") {
        spec.intervalHours = kInf;
    } else if (field == "maxInstanceHours") {
        spec.maxInstanceHours = 0.25;
    } else if (field == "fallbackAfterInterruptions") {
        spec.fallbackAfterInterruptions = 0;
    } else if (field == "onDemandHourly") {
        spec.onDemandHourly.reset();
        spec.fallbackAfterInterruptions = 1;
    } else if (field == "spotHourly") {
        spec.spotHourly = -0.01;
    }
    auto est = estimateSpotJob(spec);
    REQUIRE_FALSE(est);
    CHECK(est.error().context == field);
    CHECK_FALSE(simulateSpotJob(spec, 10, 1));
}

TEST_CASE("A job that would practically never finish is not simulated", "[models][spot]")
{
    auto spec = periodicJob();
    spec.mtbfHours = 0.01; // 1.1 h segments against a 36-second mean life
    auto sim = simulateSpotJob(spec, 1000, 1);
    REQUIRE_FALSE(sim);
    CHECK(sim.error().context == "trials");
    CHECK_FALSE(simulateSpotJob(periodicJob(), 1, 1)); // too few trials
}
