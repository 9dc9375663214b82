#pragma once

#include "benchmark-runner/Sample.h"
#include "common/Result.h"
#include "common/Sqlite.h"

#include <cstdint>
#include <vector>

namespace cloudcost::benchmark {

// Benchmark runs and their samples in the workspace file. The benchmark module owns these tables
// (bench_runs, bench_samples) and their migrations, kept apart from the pricing tables and
// versioned by their own key in the meta table.
class BenchmarkStore
{
public:
    // Creates or migrates the benchmark tables in db (one transaction). db must outlive the store.
    static Result<BenchmarkStore> open(sql::Database& db);

    // Stores a run and its samples in one transaction; returns the new run id.
    Result<std::int64_t> addRun(const BenchmarkRun& run);
    // Appends samples to an existing run in one transaction (a probe commits as soon as it ends,
    // so a crash loses at most the probe in progress).
    Status addSamples(std::int64_t runId, const std::vector<Sample>& samples);
    // Sets provider, region and instance type of a run after the fact.
    Status tagRun(std::int64_t runId,
                  const std::string& provider,
                  const std::string& region,
                  const std::string& instanceType);
    Status removeRun(std::int64_t runId);

    // Runs without their samples, newest first.
    Result<std::vector<BenchmarkRun>> runs();
    // One run with its samples; NotFound when there is none.
    Result<BenchmarkRun> run(std::int64_t runId);
    // Every run with its samples, newest first (price-performance, vCPU normalisation).
    Result<std::vector<BenchmarkRun>> runsWithSamples();

private:
    explicit BenchmarkStore(sql::Database& db)
        : m_db(&db)
    {}
    sql::Database* m_db;
};

} // namespace cloudcost::benchmark
