#include "benchmark-runner/ProbeStats.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

using namespace cloudcost::benchmark;
using cloudcost::Error;

TEST_CASE("Student-t intervals match the Boost worked example", "[benchmark][stats]")
{
    // boostorg/math example/students_t_single_sample.cpp, printed output (the Boost.Math tutorial
    // "Calculating confidence intervals on the mean with the Students-t distribution"): NIST heat
    // flow data (n = 195) and the mercury SRM of Miller & Miller (n = 3). Published to 5 decimals.
    using Row =
        std::tuple<double, double, std::size_t, double, double, double, double, const char*>;
    const auto [mean, sd, n, confidence, t, low, high, source] =
        GENERATE(table<double, double, std::size_t, double, double, double, double, const char*>({
            Row{9.26146, 0.02278881, 195, 0.95, 1.972, 9.25824, 9.26468, "Boost heat flow 95 %"},
            Row{9.26146, 0.02278881, 195, 0.99, 2.601, 9.25721, 9.26571, "Boost heat flow 99 %"},
            Row{9.26146, 0.02278881, 195, 0.50, 0.676, 9.26036, 9.26256, "Boost heat flow 50 %"},
            Row{37.8, 0.964365, 3, 0.95, 4.303, 35.40438, 40.19562, "Boost mercury SRM 95 %"},
            Row{37.8, 0.964365, 3, 0.90, 2.920, 36.17422, 39.42578, "Boost mercury SRM 90 %"},
            Row{37.8, 0.964365, 3, 0.99, 9.925, 32.27408, 43.32592, "Boost mercury SRM 99 %"},
        }));
    INFO(source);
    auto ci = studentTInterval(mean, sd, n, confidence);
    REQUIRE(ci);
    CHECK(ci->t == Approx(t).margin(0.0005));
    CHECK(ci->low == Approx(low).margin(0.000006));
    CHECK(ci->high == Approx(high).margin(0.000006));
}

TEST_CASE("Intervals refuse fewer than two values and bad inputs", "[benchmark][stats]")
{
    CHECK_FALSE(studentTInterval(1.0, 0.1, 1, 0.95));
    CHECK_FALSE(studentTInterval(1.0, -0.1, 5, 0.95));
    CHECK_FALSE(studentTInterval(1.0, 0.1, 5, 1.0));
    CHECK_FALSE(studentTInterval(std::numeric_limits<double>::quiet_NaN(), 0.1, 5, 0.95));
}

TEST_CASE("A summary gives median mean CV and interval", "[benchmark][stats]")
{
    auto s = summarize({5, 1, 4, 2, 3});
    REQUIRE(s);
    CHECK(s->count == 5);
    CHECK(s->median == 3);
    CHECK(s->mean == Approx(3));
    CHECK(s->sd == Approx(std::sqrt(2.5)));
    CHECK(s->cv == Approx(std::sqrt(2.5) / 3));
    CHECK(s->min == 1);
    CHECK(s->max == 5);
    REQUIRE(s->ci);
    // t(0.975, 4) = 2.776 (standard table); half-width 2.776 · 1.5811 / √5 = 1.963.
    CHECK(s->ci->t == Approx(2.776).margin(0.0005));
    CHECK(s->ci->low == Approx(3 - 1.963).margin(0.001));
    CHECK(s->ci->high == Approx(3 + 1.963).margin(0.001));

    auto even = summarize({4, 1, 3, 2});
    REQUIRE(even);
    CHECK(even->median == Approx(2.5));

    auto one = summarize({7});
    REQUIRE(one);
    CHECK(one->cv == 0);
    CHECK_FALSE(one->ci);
}

TEST_CASE("A summary refuses empty non-finite and zero-mean input", "[benchmark][stats]")
{
    CHECK_FALSE(summarize({}));
    CHECK_FALSE(summarize({1, std::numeric_limits<double>::infinity()}));
    CHECK_FALSE(summarize({1, std::numeric_limits<double>::quiet_NaN()}));
    CHECK_FALSE(summarize({-1, 1}));
}

namespace {

// A probe that returns scripted values and records what the protocol did with it.
class FakeProbe final : public Probe
{
public:
    explicit FakeProbe(std::vector<double> script, double threshold = 0.05)
        : m_script(std::move(script))
    {
        m_info.name = "fake.probe";
        m_info.metric = "fake.rate";
        m_info.unit = "ops/s";
        m_info.cvThreshold = threshold;
        m_info.parameters["threads"] = "1";
    }
    const ProbeInfo& info() const override { return m_info; }
    cloudcost::Status prepare(ProbeContext&) override
    {
        ++prepares;
        if (failPrepare) {
            return cloudcost::makeError(Error::Code::IoFailed, "no such device");
        }
        return {};
    }
    void beginAttempt() override { ++attempts; }
    void endWarmup() override { ++warmupsEnded; }
    cloudcost::Result<double> repetition(ProbeContext& ctx, double) override
    {
        if (ctx.shouldStop()) {
            return ctx.stopError();
        }
        const double v = m_script.at(m_next % m_script.size());
        ++m_next;
        return v;
    }
    std::vector<Sample> extraSamples() const override
    {
        Sample s;
        s.metric = "fake.latency.p99";
        s.value = 1e-3;
        s.unit = "s";
        return {s};
    }
    std::vector<std::string> warnings() const override { return {"fake warning"}; }
    void finish() override { ++finishes; }

    int prepares = 0;
    int attempts = 0;
    int warmupsEnded = 0;
    int finishes = 0;
    bool failPrepare = false;

private:
    ProbeInfo m_info;
    std::vector<double> m_script;
    std::size_t m_next = 0;
};

// Cancelled once cancelled() has been asked `after` times.
class CancelAfter final : public cloudcost::ProgressSink
{
public:
    explicit CancelAfter(int after)
        : m_after(after)
    {}
    void progress(std::uint64_t, std::uint64_t) override {}
    bool cancelled() const override { return ++m_calls > m_after; }

private:
    int m_after;
    mutable int m_calls = 0;
};

ProbePlan plan(int reps)
{
    ProbePlan p;
    p.warmups = 1;
    p.repetitions = reps;
    p.warmupSeconds = 0;
    p.repetitionSeconds = 0;
    p.timeBoundSeconds = 60;
    return p;
}

} // namespace

TEST_CASE("The warm-up is discarded and a stable probe runs once", "[benchmark][stats]")
{
    // Warm-up 1000 (cold caches), then 100, 101, 99, 100, 100: CV 0.7 % < 5 %.
    FakeProbe probe({1000, 100, 101, 99, 100, 100});
    auto out = measureProbe(probe, plan(5));
    REQUIRE(out);
    CHECK(out->attempts == 1);
    CHECK_FALSE(out->firstCv);
    CHECK(out->sample.rawValues == std::vector<double>{100, 101, 99, 100, 100});
    CHECK(out->sample.value == 100);
    CHECK(*out->sample.mean == Approx(100));
    CHECK_FALSE(out->sample.noisy);
    CHECK(*out->sample.cv == Approx(std::sqrt(0.5) / 100));
    CHECK(*out->sample.ciLow < 100);
    CHECK(*out->sample.ciHigh > 100);
    CHECK(out->sample.metric == "fake.rate");
    CHECK(out->sample.parameters.at("probe") == "fake.probe");
    CHECK(out->sample.parameters.at("repetitions") == "5");
    CHECK(out->sample.parameters.at("threads") == "1");
    REQUIRE(out->extras.size() == 1);
    CHECK(out->extras[0].parameters.at("probe") == "fake.probe");
    CHECK(out->warnings == std::vector<std::string>{"fake warning"});
    CHECK(probe.prepares == 1);
    CHECK(probe.attempts == 1);
    CHECK(probe.warmupsEnded == 1);
    CHECK(probe.finishes == 1);
}

TEST_CASE("A noisy first attempt is re-run once and kept only if the re-run is stable",
          "[benchmark][stats]")
{
    // Attempt 1: warm-up, then 100, 150, 60 (CV ≈ 42 %); attempt 2: warm-up, 100, 100, 101.
    FakeProbe probe({0.5, 100, 150, 60, 0.5, 100, 100, 101});
    auto out = measureProbe(probe, plan(3));
    REQUIRE(out);
    CHECK(out->attempts == 2);
    REQUIRE(out->firstCv);
    CHECK(*out->firstCv > 0.05);
    CHECK(out->sample.rawValues == std::vector<double>{100, 100, 101});
    CHECK_FALSE(out->sample.noisy);
    CHECK(out->sample.parameters.count("rerun_first_cv") == 1);
    CHECK(probe.attempts == 2);
    CHECK(probe.finishes == 1);
}

TEST_CASE("A probe still noisy after its re-run is flagged", "[benchmark][stats]")
{
    FakeProbe probe({1, 100, 150, 60});
    auto out = measureProbe(probe, plan(3));
    REQUIRE(out);
    CHECK(out->attempts == 2);
    CHECK(out->sample.noisy);
    CHECK(*out->sample.cv > 0.05);
    for (const auto& e : out->extras) {
        CHECK(e.noisy);
    }
}

TEST_CASE("A failing prepare names the probe and still cleans up", "[benchmark][stats]")
{
    FakeProbe probe({1, 2, 3});
    probe.failPrepare = true;
    auto out = measureProbe(probe, plan(3));
    REQUIRE_FALSE(out);
    CHECK(out.error().code == Error::Code::IoFailed);
    CHECK(out.error().context == "fake.probe");
    CHECK(probe.finishes == 1);
}

TEST_CASE("Cancellation stops the protocol and still cleans up", "[benchmark][stats]")
{
    FakeProbe probe({100, 100, 100});
    CancelAfter cancel(2);
    auto out = measureProbe(probe, plan(50), &cancel);
    REQUIRE_FALSE(out);
    CHECK(out.error().code == Error::Code::Cancelled);
    CHECK(out.error().message == "cancelled");
    CHECK(probe.finishes == 1);
}

TEST_CASE("A non-positive value is an error naming the probe", "[benchmark][stats]")
{
    FakeProbe probe({1, 100, 0});
    auto out = measureProbe(probe, plan(3));
    REQUIRE_FALSE(out);
    CHECK(out.error().context == "fake.probe");
    CHECK_THAT(out.error().message, Catch::Contains("non-positive"));
}

TEST_CASE("A bound too short for two repetitions is a clear error", "[benchmark][stats]")
{
    // With a zero bound the first repetition runs, the second can never start.
    FakeProbe probe({100, 100, 100});
    auto p = plan(5);
    p.timeBoundSeconds = 0;
    auto out = measureProbe(probe, p);
    REQUIRE_FALSE(out);
    CHECK_THAT(out.error().message, Catch::Contains("time bound"));
    CHECK(probe.finishes == 1);
}
