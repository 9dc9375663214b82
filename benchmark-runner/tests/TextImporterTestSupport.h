#pragma once

#include "benchmark-runner/BenchImporter.h"
#include "common/InputFile.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/TestData.h"

// Helpers for the tests of the text-like benchmark importers (stress-ng, PKB, STREAM, UnixBench,
// Geekbench, lmbench, Phoronix): call a parser through its register function, read shared sample
// files, write malformed inputs to a temporary directory.
namespace cloudcost::benchmark::testsupport {

// The importer named name among those registerFn registers (REQUIRE fails when it is missing).
template <typename RegisterFn>
BenchImporterInfo importerNamed(RegisterFn registerFn, const std::string& name)
{
    std::vector<BenchImporterInfo> v;
    registerFn(v);
    const auto it = std::find_if(v.begin(), v.end(), [&](const auto& i) { return i.name == name; });
    REQUIRE(it != v.end());
    return *it;
}

// The bytes of a shared sample file ("benchmarks/stream/x.txt").
inline std::string sharedFile(const std::string& relative)
{
    auto content = readWholeFile(cloudcost::testing::sharedData(relative));
    REQUIRE(content.hasValue());
    return *content;
}

// Writes content to dir/name and reads it back (the bytes a user's file would give the parser).
inline std::string roundTripThroughFile(const std::filesystem::path& dir,
                                        const std::string& name,
                                        const std::string& content)
{
    const auto path = dir / name;
    {
        std::ofstream out(path, std::ios::binary);
        out << content;
    }
    auto back = readWholeFile(path);
    REQUIRE(back.hasValue());
    return *back;
}

// The first sample with this metric whose parameters include every pair in wanted.
inline const Sample* findSample(const BenchmarkRun& run,
                                const std::string& metric,
                                const std::map<std::string, std::string>& wanted = {})
{
    for (const auto& s : run.samples) {
        if (s.metric != metric) {
            continue;
        }
        bool all = true;
        for (const auto& [k, v] : wanted) {
            const auto it = s.parameters.find(k);
            all = all && it != s.parameters.end() && it->second == v;
        }
        if (all) {
            return &s;
        }
    }
    return nullptr;
}

// Number of samples with this metric.
inline std::size_t countMetric(const BenchmarkRun& run, const std::string& metric)
{
    return static_cast<std::size_t>(
        std::count_if(run.samples.begin(), run.samples.end(), [&](const Sample& s) {
            return s.metric == metric;
        }));
}

// True when some warning contains needle.
inline bool hasWarning(const BenchmarkRun& run, const std::string& needle)
{
    return std::any_of(run.warnings.begin(), run.warnings.end(), [&](const std::string& w) {
        return w.find(needle) != std::string::npos;
    });
}

} // namespace cloudcost::benchmark::testsupport
