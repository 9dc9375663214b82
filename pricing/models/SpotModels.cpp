#include "pricing/models/SpotModels.h"

#include "common/Text.h"
#include "pricing/models/Distributions.h"

#include <boost/math/special_functions/gamma.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>

namespace cloudcost::pricing {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSecondsPerHour = 3600.0;
constexpr std::int64_t kSecondsPerDay = 86400;

Error invalid(const std::string& field, const std::string& message)
{
    return makeError(Error::Code::InvalidInput, message, field);
}

std::string num(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool isLeap(std::int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(std::int64_t y, unsigned m)
{
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly n digits at s[pos], advancing pos.
std::optional<int> digits(std::string_view s, std::size_t& pos, std::size_t n)
{
    if (pos + n > s.size()) {
        return std::nullopt;
    }
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        v = v * 10 + (c - '0');
    }
    pos += n;
    return v;
}

Status checkSeries(std::span<const PriceStep> series)
{
    if (series.empty()) {
        return invalid("price series", "no prices to summarise");
    }
    for (std::size_t i = 0; i < series.size(); ++i) {
        const auto& s = series[i];
        if (!std::isfinite(s.hourly) || s.hourly < 0) {
            return invalid("price series[" + std::to_string(i) + "]",
                           "price " + num(s.hourly) + " is not a finite price >= 0");
        }
        if (i > 0 && s.atSeconds < series[i - 1].atSeconds) {
            return invalid("price series[" + std::to_string(i) + "]",
                           "prices are not in time order (" + formatUtcSeconds(s.atSeconds)
                               + " after " + formatUtcSeconds(series[i - 1].atSeconds) + ")");
        }
    }
    return {};
}

// One price level inside the window and how long it held.
struct Segment
{
    double hourly = 0;
    std::int64_t seconds = 0;
};

struct WindowSegments
{
    std::int64_t from = 0;
    std::int64_t to = 0;
    std::vector<Segment> segments; // in time order; zero-length ones kept (duplicates)
    std::size_t changes = 0;
    double lastHourly = 0;
};

Result<WindowSegments>
segmentsInWindow(std::span<const PriceStep> series, std::int64_t from, std::int64_t to)
{
    if (auto st = checkSeries(series); !st) {
        return st.error();
    }
    if (to <= from) {
        return invalid("window",
                       "the window ends (" + formatUtcSeconds(to) + ") at or before it starts ("
                           + formatUtcSeconds(from) + ")");
    }
    // The last step at or before `from` holds at `from`; without one, start at the first step.
    std::size_t start = 0;
    std::int64_t effectiveFrom = from;
    const auto after =
        std::upper_bound(series.begin(),
                         series.end(),
                         from,
                         [](std::int64_t t, const PriceStep& s) { return t < s.atSeconds; });
    if (after == series.begin()) {
        effectiveFrom = series.front().atSeconds;
    } else {
        start = static_cast<std::size_t>(after - series.begin()) - 1;
    }
    if (effectiveFrom >= to) {
        return invalid("window",
                       "no price is known between " + formatUtcSeconds(from) + " and "
                           + formatUtcSeconds(to) + " (the first price is at "
                           + formatUtcSeconds(series.front().atSeconds) + ")");
    }
    WindowSegments w;
    w.from = effectiveFrom;
    w.to = to;
    for (std::size_t i = start; i < series.size() && series[i].atSeconds <= to; ++i) {
        const std::int64_t begin = std::max(series[i].atSeconds, effectiveFrom);
        const std::int64_t end = i + 1 < series.size() ? std::min(series[i + 1].atSeconds, to) : to;
        w.lastHourly = series[i].hourly; // the price in effect at `to` (inclusive)
        if (series[i].atSeconds > effectiveFrom && series[i].atSeconds < to) {
            ++w.changes;
        }
        if (begin < to) {
            w.segments.push_back(Segment{series[i].hourly, std::max<std::int64_t>(0, end - begin)});
        }
    }
    return w;
}

double quantileOfSegments(std::vector<Segment> segments, double p)
{
    std::stable_sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
        return a.hourly < b.hourly;
    });
    double total = 0;
    for (const auto& s : segments) {
        total += static_cast<double>(s.seconds);
    }
    double cumulative = 0;
    double last = 0;
    for (const auto& s : segments) {
        if (s.seconds == 0) {
            continue;
        }
        cumulative += static_cast<double>(s.seconds);
        last = s.hourly;
        if (cumulative >= p * total) {
            return s.hourly;
        }
    }
    return last;
}

// Price in effect at time t (last step at or before t); the series is non-empty and sorted.
double priceAt(std::span<const PriceStep> series, std::int64_t t)
{
    const auto after =
        std::upper_bound(series.begin(), series.end(), t, [](std::int64_t x, const PriceStep& s) {
            return x < s.atSeconds;
        });
    return after == series.begin() ? series.front().hourly : (after - 1)->hourly;
}

bool finiteNonNegative(double v)
{
    return std::isfinite(v) && v >= 0;
}

} // namespace

std::optional<SourcedValue> spotNoticeSeconds(std::string_view provider)
{
    if (text::iequals(provider, "aws")) {
        return kAwsNoticeSeconds;
    }
    if (text::iequals(provider, "azure")) {
        return kAzureNoticeSeconds;
    }
    if (text::iequals(provider, "gcp")) {
        return kGcpNoticeSeconds;
    }
    return std::nullopt;
}

// ---- Time stamps ----------------------------------------------------------------------------

Result<std::int64_t> parseUtcSeconds(std::string_view timestamp)
{
    const std::string shown = text::printable(timestamp, 40);
    auto bad = [&]() {
        return invalid("time",
                       "'" + shown
                           + "' is not an ISO-8601 time with a zone (expected "
                             "YYYY-MM-DDTHH:MM:SSZ or ...+00:00)");
    };
    std::size_t pos = 0;
    auto year = digits(timestamp, pos, 4);
    if (!year || pos >= timestamp.size() || timestamp[pos++] != '-') {
        return bad();
    }
    auto month = digits(timestamp, pos, 2);
    if (!month || pos >= timestamp.size() || timestamp[pos++] != '-') {
        return bad();
    }
    auto day = digits(timestamp, pos, 2);
    if (!day || pos >= timestamp.size() || (timestamp[pos] != 'T' && timestamp[pos] != 't')) {
        return bad();
    }
    ++pos;
    auto hour = digits(timestamp, pos, 2);
    if (!hour || pos >= timestamp.size() || timestamp[pos++] != ':') {
        return bad();
    }
    auto minute = digits(timestamp, pos, 2);
    if (!minute) {
        return bad();
    }
    int second = 0;
    if (pos < timestamp.size() && timestamp[pos] == ':') {
        ++pos;
        auto s = digits(timestamp, pos, 2);
        if (!s) {
            return bad();
        }
        second = *s;
        if (pos < timestamp.size() && timestamp[pos] == '.') {
            ++pos;
            const std::size_t fractionStart = pos;
            while (pos < timestamp.size() && timestamp[pos] >= '0' && timestamp[pos] <= '9') {
                ++pos;
            }
            if (pos == fractionStart) {
                return bad();
            }
        }
    }
    if (*month < 1 || *month > 12 || *day < 1
        || static_cast<unsigned>(*day) > daysInMonth(*year, static_cast<unsigned>(*month))
        || *hour > 23 || *minute > 59 || second > 60) {
        return invalid("time", "'" + shown + "' is not a valid date and time");
    }
    std::int64_t offsetSeconds = 0;
    if (pos < timestamp.size() && (timestamp[pos] == 'Z' || timestamp[pos] == 'z')) {
        ++pos;
    } else if (pos < timestamp.size() && (timestamp[pos] == '+' || timestamp[pos] == '-')) {
        const int sign = timestamp[pos] == '-' ? -1 : 1;
        ++pos;
        auto oh = digits(timestamp, pos, 2);
        if (!oh) {
            return bad();
        }
        if (pos < timestamp.size() && timestamp[pos] == ':') {
            ++pos;
        }
        auto om = digits(timestamp, pos, 2);
        if (!om || *oh > 23 || *om > 59) {
            return bad();
        }
        offsetSeconds = sign * (*oh * 3600 + *om * 60);
    } else {
        return bad();
    }
    if (pos != timestamp.size()) {
        return bad();
    }
    const std::int64_t days =
        daysFromCivil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    return days * kSecondsPerDay + *hour * 3600 + *minute * 60 + second - offsetSeconds;
}

std::string formatUtcSeconds(std::int64_t seconds)
{
    // H. Hinnant's civil_from_days.
    std::int64_t days = seconds / kSecondsPerDay;
    std::int64_t rest = seconds % kSecondsPerDay;
    if (rest < 0) {
        rest += kSecondsPerDay;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
    char buf[48];
    std::snprintf(buf,
                  sizeof buf,
                  "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(y),
                  m,
                  d,
                  static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60));
    return buf;
}

// ---- Price history statistics ---------------------------------------------------------------

Result<PriceSeriesStats> timeWeightedStats(std::span<const PriceStep> series,
                                           std::int64_t fromSeconds,
                                           std::int64_t toSeconds,
                                           std::optional<double> referenceHourly)
{
    auto window = segmentsInWindow(series, fromSeconds, toSeconds);
    if (!window) {
        return window.error();
    }
    const auto& segs = window->segments;
    PriceSeriesStats s;
    s.fromSeconds = window->from;
    s.toSeconds = window->to;
    const double totalSeconds = static_cast<double>(window->to - window->from);
    s.coveredHours = totalSeconds / kSecondsPerHour;
    s.changes = window->changes;
    s.lastHourly = window->lastHourly;
    double weighted = 0;
    double minHourly = kInf;
    double maxHourly = -kInf;
    bool first = true;
    for (const auto& seg : segs) {
        if (seg.seconds == 0) {
            continue;
        }
        if (first) {
            s.firstHourly = seg.hourly;
            first = false;
        }
        ++s.levels;
        weighted += seg.hourly * static_cast<double>(seg.seconds);
        minHourly = std::min(minHourly, seg.hourly);
        maxHourly = std::max(maxHourly, seg.hourly);
    }
    s.meanHourly = weighted / totalSeconds;
    s.minHourly = minHourly;
    s.maxHourly = maxHourly;
    double squares = 0;
    double above = 0;
    for (const auto& seg : segs) {
        const double d = seg.hourly - s.meanHourly;
        squares += d * d * static_cast<double>(seg.seconds);
        if (referenceHourly && seg.hourly >= *referenceHourly) {
            above += static_cast<double>(seg.seconds);
        }
    }
    s.sdHourly = std::sqrt(squares / totalSeconds);
    s.coefficientOfVariation = s.meanHourly > 0 ? s.sdHourly / s.meanHourly : 0.0;
    s.p5Hourly = quantileOfSegments(segs, 0.05);
    s.p50Hourly = quantileOfSegments(segs, 0.50);
    s.p95Hourly = quantileOfSegments(segs, 0.95);
    if (referenceHourly) {
        s.shareAtOrAboveReference = above / totalSeconds;
    }
    // Daily log changes of the price sampled every 24 h from the start of the window.
    std::vector<double> changes;
    double previous = priceAt(series, window->from);
    bool positive = previous > 0;
    for (std::int64_t t = window->from + kSecondsPerDay; t <= window->to; t += kSecondsPerDay) {
        const double p = priceAt(series, t);
        positive = positive && p > 0;
        if (positive) {
            changes.push_back(std::log(p / previous));
        }
        previous = p;
    }
    s.dailyChanges = changes.size();
    if (positive && changes.size() >= 2) {
        const double mean = std::accumulate(changes.begin(), changes.end(), 0.0)
                            / static_cast<double>(changes.size());
        double sq = 0;
        for (double c : changes) {
            sq += (c - mean) * (c - mean);
        }
        s.dailyLogChangeSd = std::sqrt(sq / static_cast<double>(changes.size() - 1));
    }
    return s;
}

Result<double> timeWeightedQuantile(std::span<const PriceStep> series,
                                    std::int64_t fromSeconds,
                                    std::int64_t toSeconds,
                                    double p)
{
    if (!(p >= 0 && p <= 1)) {
        return invalid("percentile", "p = " + num(p) + " is not in [0, 1]");
    }
    auto window = segmentsInWindow(series, fromSeconds, toSeconds);
    if (!window) {
        return window.error();
    }
    return quantileOfSegments(window->segments, p);
}

// ---- Interruption hazard --------------------------------------------------------------------

Result<InterruptionBucket> parseInterruptionBucket(std::string_view label)
{
    const std::string shown = text::printable(label, 30);
    auto bad = [&]() {
        return invalid("interruption bucket",
                       "'" + shown
                           + "' is not an interruption bucket (expected \"<5%\", \"5-10%\" or "
                             "\">20%\")");
    };
    auto s = text::trim(label);
    if (!text::endsWith(s, "%")) {
        return bad();
    }
    s.remove_suffix(1);
    s = text::trim(s);
    InterruptionBucket b;
    if (text::startsWith(s, "<")) {
        auto upper = text::parseDouble(s.substr(1));
        if (!upper) {
            return bad();
        }
        b.lowerPct = 0;
        b.upperPct = *upper;
    } else if (text::startsWith(s, ">")) {
        auto lower = text::parseDouble(s.substr(1));
        if (!lower) {
            return bad();
        }
        b.lowerPct = *lower;
    } else {
        const auto dash = s.find('-', 1);
        if (dash == std::string_view::npos) {
            return bad();
        }
        auto lower = text::parseDouble(s.substr(0, dash));
        auto upper = text::parseDouble(text::trim(s.substr(dash + 1)));
        if (!lower || !upper) {
            return bad();
        }
        b.lowerPct = *lower;
        b.upperPct = *upper;
    }
    if (b.lowerPct < 0 || b.lowerPct > 100
        || (b.upperPct && (*b.upperPct < b.lowerPct || *b.upperPct > 100))) {
        return invalid("interruption bucket",
                       "'" + shown + "' is not a range of percentages within 0-100%");
    }
    // A "10-100%" bucket's top is not an estimate anyone can use: treat it as open from 10 %.
    if (b.upperPct && *b.upperPct >= 100) {
        b.upperPct.reset();
    }
    return b;
}

std::string_view bucketPointName(BucketPoint point)
{
    switch (point) {
    case BucketPoint::Lower:
        return "lower";
    case BucketPoint::Midpoint:
        return "midpoint";
    case BucketPoint::Upper:
        return "upper";
    }
    return "upper";
}

double hazardFromWindowProbability(double probability, double windowHours)
{
    if (!(probability >= 0 && probability <= 1) || !(windowHours > 0)
        || !std::isfinite(windowHours)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (probability == 1) {
        return kInf;
    }
    return -std::log1p(-probability) / windowHours;
}

double probabilityWithin(double hazardPerHour, double hours)
{
    return -std::expm1(-hazardPerHour * hours);
}

namespace {

InterruptionEstimate estimateAt(double probability, double windowHours)
{
    InterruptionEstimate e;
    e.windowProbability = probability;
    e.windowHours = windowHours;
    e.hazardPerHour = hazardFromWindowProbability(probability, windowHours);
    e.mtbfHours = e.hazardPerHour > 0 ? 1.0 / e.hazardPerHour : kInf;
    return e;
}

double mtbfAt(double probability, double windowHours)
{
    const double h = hazardFromWindowProbability(probability, windowHours);
    return h > 0 ? 1.0 / h : kInf;
}

Status checkWindow(double windowHours)
{
    if (!std::isfinite(windowHours) || windowHours <= 0) {
        return invalid("window hours", num(windowHours) + " is not a positive number of hours");
    }
    return {};
}

} // namespace

Result<InterruptionEstimate>
interruptionFromBucket(std::string_view label, BucketPoint point, double windowHours)
{
    if (auto st = checkWindow(windowHours); !st) {
        return st.error();
    }
    auto bucket = parseInterruptionBucket(label);
    if (!bucket) {
        return bucket.error();
    }
    const double low = bucket->lowerPct / 100.0;
    double chosen = low;
    bool open = false;
    if (!bucket->upperPct) {
        open = true; // only the lower edge is known: the estimate is "at least"
    } else {
        const double high = *bucket->upperPct / 100.0;
        chosen = point == BucketPoint::Lower   ? low
                 : point == BucketPoint::Upper ? high
                                               : (low + high) / 2.0;
    }
    InterruptionEstimate e = estimateAt(chosen, windowHours);
    e.basis = "bucket";
    e.bucket = text::printable(label, 30);
    e.point = open ? "lower" : std::string(bucketPointName(point));
    e.openEnded = open;
    e.lowProbability = low;
    e.mtbfAtLowHours = mtbfAt(low, windowHours);
    if (bucket->upperPct) {
        const double high = *bucket->upperPct / 100.0;
        e.highProbability = high;
        e.mtbfAtHighHours = mtbfAt(high, windowHours);
        e.midpointProbability = (low + high) / 2.0;
        e.mtbfAtMidpointHours = mtbfAt((low + high) / 2.0, windowHours);
    }
    return e;
}

Result<InterruptionEstimate> interruptionFromPercent(double percent,
                                                     double windowHours,
                                                     const std::string& basis,
                                                     const std::string& field)
{
    if (auto st = checkWindow(windowHours); !st) {
        return st.error();
    }
    if (!std::isfinite(percent) || percent < 0 || percent >= 100) {
        return invalid(field,
                       num(percent)
                           + " is not a percentage in [0, 100) (100 % would mean every "
                             "instance is interrupted at once)");
    }
    InterruptionEstimate e = estimateAt(percent / 100.0, windowHours);
    e.basis = basis;
    return e;
}

Result<InterruptionEstimate> interruptionFromMtbf(double mtbfHours, const std::string& field)
{
    if (std::isnan(mtbfHours) || mtbfHours <= 0) {
        return invalid(field, num(mtbfHours) + " is not a positive number of hours");
    }
    InterruptionEstimate e;
    e.basis = "user";
    e.mtbfHours = mtbfHours;
    e.hazardPerHour = std::isinf(mtbfHours) ? 0.0 : 1.0 / mtbfHours;
    e.windowHours = kDefaultHoursPerMonth;
    e.windowProbability = probabilityWithin(e.hazardPerHour, e.windowHours);
    return e;
}

double probabilityAllPoolsInterrupted(std::span<const double> windowProbabilities)
{
    double p = 1;
    for (double q : windowProbabilities) {
        p *= q;
    }
    return p;
}

// ---- Checkpoint intervals -----------------------------------------------------------------------

double youngIntervalHours(double checkpointHours, double mtbfHours)
{
    return std::sqrt(2.0 * checkpointHours * mtbfHours);
}

double dalyIntervalHours(double checkpointHours, double mtbfHours)
{
    if (checkpointHours >= 2.0 * mtbfHours) {
        return mtbfHours; // Daly 2006: outside delta < 2M the optimum is taken as M
    }
    if (std::isinf(mtbfHours)) {
        return kInf;
    }
    const double x = checkpointHours / (2.0 * mtbfHours);
    return std::sqrt(2.0 * checkpointHours * mtbfHours) * (1.0 + std::sqrt(x) / 3.0 + x / 9.0)
           - checkpointHours;
}

double dalyExpectedWallHours(double solveHours,
                             double intervalHours,
                             double checkpointHours,
                             double restartHours,
                             double mtbfHours)
{
    if (std::isinf(mtbfHours)) {
        return std::isinf(intervalHours) ? solveHours
                                         : solveHours * (1.0 + checkpointHours / intervalHours);
    }
    if (std::isinf(intervalHours)) {
        return kInf; // never saved: with interruptions the job never finishes
    }
    return mtbfHours * std::exp(restartHours / mtbfHours)
           * std::expm1((intervalHours + checkpointHours) / mtbfHours) * solveHours / intervalHours;
}

double noticeExpectedWallHours(double solveHours,
                               double restartHours,
                               double noticeHours,
                               double mtbfHours)
{
    if (std::isinf(mtbfHours)) {
        return solveHours;
    }
    return solveHours * std::exp(restartHours / mtbfHours) * (1.0 + noticeHours / mtbfHours);
}

// ---- A job on spot capacity ---------------------------------------------------------------------

std::string_view checkpointStrategyName(CheckpointStrategy s)
{
    return s == CheckpointStrategy::OnNotice ? "on_notice" : "periodic";
}

namespace {

Status validateJob(const SpotJobSpec& j)
{
    auto positiveFinite = [](double v) {
        return std::isfinite(v) && v > 0;
    };
    if (!positiveFinite(j.solveHours)) {
        return invalid("solveHours", num(j.solveHours) + " is not a positive number of hours");
    }
    if (!positiveFinite(j.checkpointHours)) {
        return invalid("checkpointHours",
                       num(j.checkpointHours)
                           + " is not a positive number of hours (a checkpoint takes time)");
    }
    if (!finiteNonNegative(j.restartHours)) {
        return invalid("restartHours", num(j.restartHours) + " is not a number of hours >= 0");
    }
    if (std::isnan(j.mtbfHours) || j.mtbfHours <= 0) {
        return invalid("mtbfHours", num(j.mtbfHours) + " is not a positive number of hours");
    }
    if (j.intervalHours && !positiveFinite(*j.intervalHours)) {
        return invalid("intervalHours",
                       num(*j.intervalHours) + " is not a positive number of hours");
    }
    if (!finiteNonNegative(j.noticeHours)) {
        return invalid("noticeHours", num(j.noticeHours) + " is not a number of hours >= 0");
    }
    if (j.maxInstanceHours
        && (!positiveFinite(*j.maxInstanceHours)
            || *j.maxInstanceHours <= j.restartHours + j.checkpointHours)) {
        return invalid("maxInstanceHours",
                       num(j.maxInstanceHours.value_or(0))
                           + " h leaves no time to compute after a restart and before the final "
                             "checkpoint (it must exceed restart + checkpoint time)");
    }
    if (j.fallbackAfterInterruptions && *j.fallbackAfterInterruptions < 1) {
        return invalid("fallbackAfterInterruptions",
                       std::to_string(*j.fallbackAfterInterruptions) + " is not a count >= 1");
    }
    if (!finiteNonNegative(j.spotHourly)) {
        return invalid("spotHourly", num(j.spotHourly) + " is not a price >= 0");
    }
    if (j.onDemandHourly && !finiteNonNegative(*j.onDemandHourly)) {
        return invalid("onDemandHourly", num(*j.onDemandHourly) + " is not a price >= 0");
    }
    if (j.fallbackAfterInterruptions && !j.onDemandHourly) {
        return invalid("onDemandHourly", "an on-demand price is needed for the on-demand fallback");
    }
    return {};
}

// The plan both the closed form and the simulation follow.
struct JobPlan
{
    CheckpointStrategy strategy = CheckpointStrategy::Periodic;
    double tau = kInf;
    double young = kInf;
    double daly = kInf;
};

JobPlan planJob(const SpotJobSpec& j)
{
    JobPlan p;
    p.young = youngIntervalHours(j.checkpointHours, j.mtbfHours);
    p.daly = dalyIntervalHours(j.checkpointHours, j.mtbfHours);
    if (j.checkpointOnNotice && j.noticeHours > 0 && j.checkpointHours <= j.noticeHours) {
        p.strategy = CheckpointStrategy::OnNotice;
        p.tau = kInf;
    } else {
        p.strategy = CheckpointStrategy::Periodic;
        // A job shorter than the interval is one segment (with its one checkpoint).
        p.tau = std::min(j.intervalHours.value_or(p.daly), j.solveHours);
    }
    return p;
}

} // namespace

Result<SpotJobEstimate> estimateSpotJob(const SpotJobSpec& spec)
{
    if (auto st = validateJob(spec); !st) {
        return st.error();
    }
    const JobPlan plan = planJob(spec);
    const double ts = spec.solveHours;
    const double m = spec.mtbfHours;
    SpotJobEstimate e;
    e.strategy = plan.strategy;
    e.intervalHours = plan.tau;
    e.youngIntervalHours = plan.young;
    e.dalyIntervalHours = plan.daly;
    e.probabilityUninterrupted = std::isinf(m) ? 1.0 : std::exp(-ts / m);
    if (plan.strategy == CheckpointStrategy::OnNotice) {
        e.expectedWallHours = noticeExpectedWallHours(ts, spec.restartHours, spec.noticeHours, m);
        e.expectedInterruptions = std::isinf(m) ? 0.0 : ts / m * std::exp(spec.restartHours / m);
    } else {
        e.expectedWallHours =
            dalyExpectedWallHours(ts, plan.tau, spec.checkpointHours, spec.restartHours, m);
        e.expectedInterruptions = std::isinf(m) ? 0.0 : e.expectedWallHours / m;
        if (ts > plan.tau && std::fmod(ts, plan.tau) != 0) {
            e.approximations.push_back(
                "Daly's expected time counts Ts/tau segments as a continuous number (the job "
                "is not a whole number of intervals)");
        }
    }
    if (spec.maxInstanceHours) {
        // Renewal approximation: instances live min(Exp(M), cap); a share e^(-cap/M) of them
        // reach the cap, each stop costing one planned checkpoint and one restart.
        const double cap = *spec.maxInstanceHours;
        const double meanLife = std::isinf(m) ? cap : -m * std::expm1(-cap / m);
        const double reach = std::isinf(m) ? 1.0 : std::exp(-cap / m);
        const double stops =
            e.expectedWallHours >= cap ? e.expectedWallHours * reach / meanLife : 0.0;
        e.expectedForcedStops = stops;
        e.expectedWallHours += stops * (spec.checkpointHours + spec.restartHours);
        e.approximations.push_back("forced stops at the " + num(cap)
                                   + " h maximum instance age: expected count = wall x e^(-cap/M) "
                                     "/ mean instance life (long-job renewal approximation)");
    }
    e.onDemandCost =
        spec.onDemandHourly ? std::optional<double>(*spec.onDemandHourly * ts) : std::nullopt;
    if (spec.onDemandHourly && spec.spotHourly >= *spec.onDemandHourly) {
        e.spotPriceAtOrAboveOnDemand = true;
        e.probabilityFallback = 1.0;
        e.expectedSpotHours = 0;
        e.expectedOnDemandHours = ts;
        e.expectedCost = *spec.onDemandHourly * ts;
        return e;
    }
    const double wall = e.expectedWallHours;
    if (spec.fallbackAfterInterruptions && !std::isinf(m) && std::isfinite(wall)) {
        // The k-th interruption arrives at spot wall time W_k ~ Gamma(k, M); with progress
        // uniform in wall time the remaining work after it is Ts (T - W_k)^+ / T.
        const double k = *spec.fallbackAfterInterruptions;
        const double gk = boost::math::gamma_p(k, wall / m);
        const double gk1 = boost::math::gamma_p(k + 1, wall / m);
        const double remainingWall = std::max(0.0, wall * gk - k * m * gk1);
        e.probabilityFallback = gk;
        e.expectedSpotHours = wall - remainingWall;
        e.expectedOnDemandHours = gk * spec.restartHours + ts * remainingWall / wall;
        e.approximations.push_back(
            "on-demand fallback: the k-th interruption ~ Gamma(k, M) in spot wall time and "
            "progress uniform in wall time");
    } else {
        e.expectedSpotHours = wall;
    }
    e.expectedCost = spec.spotHourly * e.expectedSpotHours
                     + spec.onDemandHourly.value_or(0) * e.expectedOnDemandHours;
    return e;
}

namespace {

struct TrialOutcome
{
    double wallHours = 0;
    double onDemandHours = 0;
    double interruptions = 0;
    bool fellBack = false;
};

// One run of the job (see docs/SPOT.md, "Monte Carlo"): each new instance draws its lifetime
// Exp(M) by inverse transform; it may also stop at the maximum age (planned, checkpointed).
TrialOutcome runTrial(const SpotJobSpec& j, const JobPlan& plan, RandomEngine& engine)
{
    const double ts = j.solveHours;
    const double delta = j.checkpointHours;
    const double restart = j.restartHours;
    const double cap = j.maxInstanceHours.value_or(kInf);
    const int k = j.fallbackAfterInterruptions.value_or(std::numeric_limits<int>::max());
    const bool onNotice = plan.strategy == CheckpointStrategy::OnNotice;
    const double afterInterruption = onNotice ? j.noticeHours : 0.0;
    const double done = ts * (1 - 1e-12);
    TrialOutcome out;
    double saved = 0;
    int interruptions = 0;
    bool needRestart = false;
    for (;;) {
        // A new instance: its lifetime until a random interruption.
        const double life = j.mtbfHours * -std::log(uniformOpen01(engine));
        double age = 0;
        if (needRestart) {
            if (interruptions >= k) {
                out.onDemandHours = restart + (ts - saved);
                out.fellBack = true;
                break;
            }
            if (life < restart) {
                out.wallHours += life + afterInterruption;
                ++interruptions;
                continue;
            }
            age = restart;
            out.wallHours += restart;
        }
        needRestart = true;
        if (onNotice) {
            const double remaining = ts - saved;
            if (age + remaining <= std::min(life, cap)) {
                out.wallHours += remaining;
                break;
            }
            if (life < cap) {
                // Notice at `life`: everything computed so far is saved inside the notice.
                const double stop = age + remaining <= cap ? life : std::min(life, cap - delta);
                saved += std::max(0.0, stop - age);
                out.wallHours += (life - age) + afterInterruption;
                ++interruptions;
            } else {
                // Planned stop at the cap: compute until cap - delta, then checkpoint.
                saved += cap - delta - age;
                out.wallHours += cap - age;
            }
            continue;
        }
        bool finished = false;
        while (!finished) {
            double segment = std::min(plan.tau, ts - saved);
            bool capped = false;
            if (age + segment + delta > cap) {
                segment = cap - delta - age;
                capped = true;
            }
            if (segment <= 0) {
                break; // too close to the cap for another segment: stop and restart
            }
            const double need = segment + delta;
            if (age + need > life) {
                out.wallHours += life - age;
                ++interruptions;
                break;
            }
            out.wallHours += need;
            age += need;
            saved += segment;
            if (saved >= done) {
                finished = true;
            } else if (capped) {
                break;
            }
        }
        if (finished) {
            break;
        }
    }
    out.interruptions = interruptions;
    return out;
}

} // namespace

Result<SpotJobSimulation> simulateSpotJob(const SpotJobSpec& spec,
                                          std::uint64_t trials,
                                          std::uint64_t seed,
                                          ProgressSink* progress)
{
    if (auto st = validateJob(spec); !st) {
        return st.error();
    }
    constexpr std::uint64_t kMaxTrials = 10'000'000;
    if (trials < 2 || trials > kMaxTrials) {
        return invalid("trials",
                       std::to_string(trials) + " is not between 2 and "
                           + std::to_string(kMaxTrials));
    }
    auto estimate = estimateSpotJob(spec);
    if (!estimate) {
        return estimate.error();
    }
    const JobPlan plan = planJob(spec);
    // Work guard: events a trial simulates ~ segments + interruptions + forced stops.
    const double segments =
        plan.strategy == CheckpointStrategy::Periodic ? spec.solveHours / plan.tau : 1.0;
    const double events =
        segments + estimate->expectedInterruptions + estimate->expectedForcedStops + 1.0;
    constexpr double kMaxEvents = 2e9;
    if (!std::isfinite(events) || events * static_cast<double>(trials) > kMaxEvents) {
        return invalid("trials",
                       "the simulation would step through about " + num(events)
                           + " events per trial (expected wall time "
                           + num(estimate->expectedWallHours)
                           + " h): too many to simulate; the job practically never finishes on "
                             "spot with these inputs, or use fewer trials");
    }
    const std::optional<double> onDemandCost = estimate->onDemandCost;
    std::vector<double> wall;
    std::vector<double> cost;
    std::vector<double> interruptions;
    wall.reserve(trials);
    cost.reserve(trials);
    interruptions.reserve(trials);
    RandomEngine engine(seed);
    double onDemandHours = 0;
    std::uint64_t fellBack = 0;
    std::uint64_t above = 0;
    const bool allOnDemand = estimate->spotPriceAtOrAboveOnDemand;
    for (std::uint64_t t = 0; t < trials; ++t) {
        TrialOutcome o;
        if (allOnDemand) {
            o.onDemandHours = spec.solveHours;
            o.fellBack = true;
        } else {
            o = runTrial(spec, plan, engine);
        }
        const double c =
            spec.spotHourly * o.wallHours + spec.onDemandHourly.value_or(0) * o.onDemandHours;
        wall.push_back(o.wallHours);
        cost.push_back(c);
        interruptions.push_back(o.interruptions);
        onDemandHours += o.onDemandHours;
        fellBack += o.fellBack ? 1 : 0;
        if (onDemandCost && c > *onDemandCost) {
            ++above;
        }
        if (progress && (t + 1) % 4096 == 0) {
            progress->progress(t + 1, trials);
            if (progress->cancelled()) {
                return makeError(Error::Code::Cancelled, "the simulation was cancelled", "spot");
            }
        }
    }
    SpotJobSimulation r;
    r.trials = trials;
    r.seed = seed;
    auto w = summarizeSample(wall, 0.95, "wall_hours");
    auto c = summarizeSample(cost, 0.95, "cost");
    auto n = summarizeSample(interruptions, 0.95, "interruptions");
    for (const auto* s : {&w, &c, &n}) {
        if (!*s) {
            return s->error();
        }
    }
    r.wallHours = std::move(*w);
    r.cost = std::move(*c);
    r.interruptions = std::move(*n);
    r.meanOnDemandHours = onDemandHours / static_cast<double>(trials);
    r.probabilityFallback = static_cast<double>(fellBack) / static_cast<double>(trials);
    if (onDemandCost) {
        r.probabilityCostAboveOnDemand = static_cast<double>(above) / static_cast<double>(trials);
    }
    return r;
}

} // namespace cloudcost::pricing
