#include "benchmark-runner/BenchImporter.h"

#include "common/InputFile.h"
#include "common/Sha256.h"
#include "common/Text.h"

namespace cloudcost::benchmark {

namespace {

// Benchmark outputs are text reports of a few KiB to a few MiB (fio json+ with bins is the
// largest seen, 37 KiB for one job); 64 MiB bounds memory use on a hostile or wrong file.
constexpr std::uint64_t kMaxBenchFileBytes = 64ULL << 20;
// What the sniffers see (BenchImporterInfo::sniff).
constexpr std::size_t kSniffBytes = 64 << 10;

std::string formatNames()
{
    std::string names;
    for (const auto& info : benchImporters()) {
        names += (names.empty() ? "" : ", ") + info.name;
    }
    return names;
}

} // namespace

const std::vector<BenchImporterInfo>& benchImporters()
{
    static const std::vector<BenchImporterInfo> all = [] {
        std::vector<BenchImporterInfo> v;
        registerFioImporters(v);
        registerSysbenchImporters(v);
        registerIperf3Importers(v);
        registerStressNgImporters(v);
        registerPkbImporters(v);
        registerStreamImporters(v);
        registerUnixBenchImporters(v);
        registerGeekbenchImporters(v);
        registerLmbenchImporters(v);
        registerPhoronixImporters(v);
        return v;
    }();
    return all;
}

const BenchImporterInfo* findBenchImporter(std::string_view name)
{
    for (const auto& info : benchImporters()) {
        if (info.name == name) {
            return &info;
        }
    }
    return nullptr;
}

Result<BenchmarkRun> importBenchmarkFile(const std::filesystem::path& path,
                                         const std::string& formatName)
{
    const std::string displayName = path.string();
    const BenchImporterInfo* importer = nullptr;
    if (!formatName.empty()) {
        importer = findBenchImporter(formatName);
        if (!importer) {
            return makeError(Error::Code::InvalidInput,
                             "unknown benchmark format '" + text::printable(formatName)
                                 + "' (known: " + formatNames() + ")");
        }
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return makeError(Error::Code::InvalidInput,
                         "is a directory, not a benchmark output file",
                         displayName);
    }
    auto content = readWholeFile(path, kMaxBenchFileBytes);
    if (!content) {
        Error e = content.error();
        if (e.context.empty()) {
            e.context = displayName;
        }
        return e;
    }
    if (text::trim(*content).empty()) {
        return makeError(Error::Code::InvalidInput,
                         "file is empty (no benchmark output to import)",
                         displayName);
    }
    if (const auto nul = content->find('\0'); nul != std::string::npos) {
        return makeError(Error::Code::InvalidInput,
                         "NUL byte at byte " + std::to_string(nul)
                             + ": not a text benchmark output (a binary file, or UTF-16 text: "
                               "convert it to UTF-8)",
                         displayName);
    }
    if (!importer) {
        std::string_view head(*content);
        head = head.substr(0, kSniffBytes);
        if (text::startsWith(head, "\xEF\xBB\xBF")) {
            head.remove_prefix(3); // UTF-8 byte order mark; parsers skip it themselves
        }
        const std::string fileName = path.filename().string();
        int bestScore = 0;
        for (const auto& info : benchImporters()) {
            const int score = info.sniff ? info.sniff(head, fileName) : 0;
            if (score > bestScore) {
                importer = &info;
                bestScore = score;
            }
        }
        if (!importer) {
            return makeError(Error::Code::Unsupported,
                             "not a benchmark output in any format cloudcost knows (see `cloudcost "
                             "bench import --list-formats`; --as FORMAT overrides detection)",
                             displayName);
        }
    }
    auto run = importer->parse(*content, displayName);
    if (!run) {
        Error e = run.error();
        if (e.context.empty()) {
            e.context = displayName;
        }
        return e;
    }
    if (run->samples.empty()) {
        // A run without numbers would only clutter `bench list`; importers that know why there
        // are none (an iperf3 error document) say so themselves before this point.
        return makeError(Error::Code::ParseFailed,
                         "no benchmark results found in this " + importer->name + " output",
                         displayName);
    }
    run->sourceFile = path.filename().string();
    run->sourceSha256 = Sha256::of(*content);
    run->importedAt = text::nowUtcIso();
    return run;
}

} // namespace cloudcost::benchmark
