#pragma once

#include "benchmark-runner/ProbeStats.h"
#include "benchmark-runner/Sample.h"
#include "benchmark-runner/probes/Probe.h"
#include "common/Progress.h"
#include "common/Result.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Runs the on-host probes of a profile one after the other and hands each probe's samples to a
// sink as soon as the probe ends, so that a crash loses at most the probe in progress.
namespace cloudcost::benchmark {

// quick ≈ 1 minute, full ≈ 5–6 minutes (BENCHMARKS.md §4.2 "quick" and "thorough").
enum class Profile
{
    Quick,
    Full,
};
std::string_view toString(Profile profile); // quick|full

// What to run.
struct RunnerOptions
{
    Profile profile = Profile::Quick;
    // Directory for the storage probes' temporary file; empty = storage probes skipped (or an
    // error when one is asked for by name).
    std::filesystem::path storageDir;
    // Probe names or prefixes ("cpu", "memory.latency", "net.tcp.rr"); empty = all.
    std::vector<std::string> probes;
};

// A probe ready to run with its plan.
struct PlannedProbe
{
    std::unique_ptr<Probe> probe;
    ProbePlan plan;
};

// The probes of options.profile, filtered by options.probes, with their plans. notes receives
// what was left out and why. InvalidInput naming `--probe NAME` when a name matches no probe, or
// when a storage probe is asked for without a directory.
Result<std::vector<PlannedProbe>> planProbes(const RunnerOptions& options,
                                             std::vector<std::string>& notes);

// Every probe name of a profile, in run order (for help and validation).
std::vector<std::string> probeNames(Profile profile);

// Seconds the plans take without re-runs (an estimate to show before starting).
double nominalSeconds(const std::vector<PlannedProbe>& probes);

// The result of one probe, as handed to the sink.
struct ProbeReport
{
    std::string probe; // name
    int index = 0;     // 1-based position in the run
    int total = 0;
    std::vector<Sample> samples; // main sample first, then extras; empty when it failed
    std::vector<std::string> warnings;
    std::optional<Error> error; // the probe failed (the run goes on) — never Cancelled
    int attempts = 0;
    double elapsedSeconds = 0;
};

// Receives each probe's report as soon as it ends; an error stops the run (e.g. the store could
// not commit) and is returned by runProbes.
using ProbeSink = std::function<Status(const ProbeReport&)>;

// What a run did.
struct RunResult
{
    std::vector<ProbeReport> reports;
    std::vector<std::string> notes; // probes left out and why
    bool cancelled = false;         // stopped by the user; reports holds the finished probes
};

// Runs the planned probes in order. progress (may be null) gets (probes done, total) and is
// asked cancelled() between and inside probes. A failing probe is reported and the run goes
// on; cancellation ends the run with cancelled = true after the probe in progress cleaned up.
Result<RunResult> runProbes(std::vector<PlannedProbe> probes,
                            const ProbeSink& sink,
                            ProgressSink* progress = nullptr);

// The version of the probe suite and the compiler that built it (BENCHMARKS.md §4.3 item 10).
std::string probeSuiteVersion();

} // namespace cloudcost::benchmark
