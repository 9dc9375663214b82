// Micro-benchmarks of the catalog's hot paths (Google Benchmark). Each throughput benchmark has a
// baseline over the same bytes in the same run (a memchr scan: the floor for touching the data),
// so results can be read as ratios that survive a change of machine. See docs/PERFORMANCE.md.
#include "common/CsvReader.h"
#include "common/Sha256.h"
#include "pricing/Importer.h"
#include "pricing/Workspace.h"
#include "pricing/importers/AwsOfferGenerator.h"

#include <cstring>
#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>

namespace {

using namespace cloudcost;
using namespace cloudcost::pricing;

const std::filesystem::path kDir = std::filesystem::temp_directory_path() / "cloudcost-microbench";

const std::filesystem::path& awsFile()
{
    static const std::filesystem::path path = [] {
        std::filesystem::create_directories(kDir);
        auto p = kDir / "aws-64mib.json";
        if (!std::filesystem::exists(p)) {
            (void)generateAwsOfferFile(p, 64ULL << 20, false, 7);
        }
        return p;
    }();
    return path;
}

const std::string& awsBytes()
{
    static const std::string bytes = *readWholeFile(awsFile());
    return bytes;
}

class CountingSink : public ImportSink
{
public:
    Status addOffer(const Offer&) override
    {
        ++m_stats.offersStored;
        return {};
    }
    Status addSpec(const InstanceSpec&) override { return {}; }
    Status addSpotPrice(const SpotPricePoint&) override { return {}; }
    Status addSpotAdvice(const SpotAdvice&) override { return {}; }
    Status addRate(const Rate&) override
    {
        ++m_stats.ratesStored;
        return {};
    }
};

void BM_BaselineScan(benchmark::State& state)
{
    const auto& bytes = awsBytes();
    for (auto _ : state) {
        std::size_t n = 0;
        const char* p = bytes.data();
        const char* end = p + bytes.size();
        while ((
            p = static_cast<const char*>(std::memchr(p, '{', static_cast<std::size_t>(end - p))))) {
            ++n;
            ++p;
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_BaselineScan)->Unit(benchmark::kMillisecond);

void BM_Sha256(benchmark::State& state)
{
    const auto& bytes = awsBytes();
    for (auto _ : state) {
        benchmark::DoNotOptimize(Sha256::of(bytes));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_Sha256)->Unit(benchmark::kMillisecond);

// The portable compression function, for the ratio to the CPU's SHA instructions above.
void BM_Sha256Portable(benchmark::State& state)
{
    const auto& bytes = awsBytes();
    for (auto _ : state) {
        Sha256 h(Sha256::Engine::Portable);
        h.update(bytes);
        benchmark::DoNotOptimize(h.hexDigest());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_Sha256Portable)->Unit(benchmark::kMillisecond);

void BM_AwsOfferJsonParse(benchmark::State& state)
{
    const auto* importer = findImporter("aws-offer-json");
    for (auto _ : state) {
        CountingSink sink;
        ImportRequest request;
        request.path = awsFile();
        request.displayName = "aws-64mib.json";
        auto facts = importer->run(request, sink);
        if (!facts) {
            state.SkipWithError(facts.error().describe().c_str());
            return;
        }
        benchmark::DoNotOptimize(sink.stats().offersStored);
    }
    state.SetBytesProcessed(
        static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(awsFile())));
}
BENCHMARK(BM_AwsOfferJsonParse)->Unit(benchmark::kMillisecond);

void BM_CsvReader(benchmark::State& state)
{
    std::string csv;
    for (int i = 0; i < 200000; ++i) {
        csv += "\"JRTCKXETXF\",\"" + std::to_string(i)
               + "\",\"OnDemand\",\"$0.096 per On Demand Linux m5.large Instance "
                 "Hour\",\"2024-05-01\","
                 "\"0\",\"Inf\",\"Hrs\",\"0.0960000000\",\"USD\"\n";
    }
    for (auto _ : state) {
        CsvReader reader(csv, "bench.csv");
        std::vector<std::string_view> fields;
        std::size_t n = 0;
        while (*reader.next(fields)) {
            n += fields.size();
        }
        benchmark::DoNotOptimize(n);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * csv.size()));
}
BENCHMARK(BM_CsvReader)->Unit(benchmark::kMillisecond);

void BM_WorkspaceImportAwsJson(benchmark::State& state)
{
    for (auto _ : state) {
        state.PauseTiming();
        const auto db = kDir / "import.db";
        std::filesystem::remove(db);
        std::filesystem::remove(kDir / "import.db-wal");
        std::filesystem::remove(kDir / "import.db-shm");
        auto ws = Workspace::open(db);
        state.ResumeTiming();
        auto report = ws->importFile(awsFile());
        if (!report) {
            state.SkipWithError(report.error().describe().c_str());
            return;
        }
        benchmark::DoNotOptimize(report->source.stats.offersStored);
    }
    state.SetBytesProcessed(
        static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(awsFile())));
}
BENCHMARK(BM_WorkspaceImportAwsJson)->Unit(benchmark::kMillisecond)->Iterations(2);

} // namespace

BENCHMARK_MAIN();
