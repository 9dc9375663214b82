#pragma once

#include "benchmark-runner/Sample.h"
#include "common/Result.h"

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::benchmark {

// One benchmark tool's output format.
struct BenchImporterInfo
{
    std::string name;        // stable id, e.g. "fio-json"; accepted by `bench import --as`
    std::string description; // one line for `cloudcost bench import --list-formats`
    // Confidence 0..100 that a file whose first bytes are head (up to 64 KiB) and whose name is
    // fileName has this format. 0 = certainly not.
    std::function<int(std::string_view head, std::string_view fileName)> sniff;
    // Parses the whole output (already read into memory, size-capped by the caller) into a run.
    // displayName names the file in errors ("fio-4k.json: byte 123: expected ..."). The caller
    // fills sourceFile, sourceSha256 and importedAt.
    std::function<Result<BenchmarkRun>(std::string_view content, const std::string& displayName)>
        parse;
};

// Every known format, in detection priority order.
const std::vector<BenchImporterInfo>& benchImporters();
const BenchImporterInfo* findBenchImporter(std::string_view name);
// Reads path (at most 64 MiB), picks the format (or uses formatName when not empty) and parses it.
// Errors name the file and the line or byte offset.
Result<BenchmarkRun> importBenchmarkFile(const std::filesystem::path& path,
                                         const std::string& formatName = {});

// Registration, one function per tool in importers/<Tool>Importer.cpp.
void registerFioImporters(std::vector<BenchImporterInfo>& out);
void registerSysbenchImporters(std::vector<BenchImporterInfo>& out);
void registerIperf3Importers(std::vector<BenchImporterInfo>& out);
void registerStressNgImporters(std::vector<BenchImporterInfo>& out);
void registerPkbImporters(std::vector<BenchImporterInfo>& out);
void registerStreamImporters(std::vector<BenchImporterInfo>& out);
void registerUnixBenchImporters(std::vector<BenchImporterInfo>& out);
void registerGeekbenchImporters(std::vector<BenchImporterInfo>& out);
void registerLmbenchImporters(std::vector<BenchImporterInfo>& out);
void registerPhoronixImporters(std::vector<BenchImporterInfo>& out);

} // namespace cloudcost::benchmark
