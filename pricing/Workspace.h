#pragma once

#include "common/Progress.h"
#include "common/Result.h"
#include "common/Sqlite.h"
#include "pricing/ImportSink.h"
#include "pricing/Offer.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudcost::pricing {

// One imported sheet and what its import did (the provenance every stored row points to).
struct SourceRecord
{
    std::int64_t id = 0;
    std::string name;   // file name as imported
    std::string path;   // full path at import time ("" for built-in)
    std::string sha256; // of the file's bytes
    std::string format; // importer name
    std::string provider;
    std::string publishedAt; // as the sheet gives it
    std::string version;
    std::string key;        // logical identity; same key = replaced on re-import
    std::string importedAt; // UTC ISO-8601
    bool builtin = false;   // came with the built-in catalog
    ImportStats stats;
};

// The stages an import reports through ProgressSink::stage after it has read its file; the
// desktop app matches them to translated text.
inline constexpr std::string_view kImportStageIndexes = "building the offer indexes";
inline constexpr std::string_view kImportStageWriting = "writing to disk";

struct ImportOptions
{
    std::string format;                        // importer name; "" = detect
    std::map<std::string, std::string> params; // request parameters (see ImportRequest)
    ProgressSink* progress = nullptr;
    // After how many stored offers the import drops the offer indexes and builds them at its end;
    // 0 = the measured rule (half the workspace's offers, at least 10,000). Tests set it low.
    std::uint64_t bulkIndexAfter = 0;
};

struct ImportReport
{
    SourceRecord source;
    std::optional<std::int64_t> replacedSourceId; // a source with the same key or hash
    std::vector<std::string> notes;               // derived work done after the import
};

// A dated exchange rate: 1 base = rate quote.
struct FxRate
{
    std::string base;
    std::string quote;
    double rate = 0;
    std::string asOf;   // YYYY-MM-DD
    std::string source; // where the user got it
};

// Filters, order and currency of an offers query. Empty filters match everything.
struct OfferQuery
{
    std::vector<std::string> providers;
    std::vector<std::string> regions;
    std::vector<std::string> instanceTypes;
    std::string instanceRegex; // ECMAScript regex on the instance type
    std::vector<std::string> os;
    std::vector<std::string> archs;
    std::vector<std::string> tenancies;
    std::vector<PurchaseOption> purchaseOptions;
    std::optional<int> termMonths;
    std::optional<PaymentOption> paymentOption;
    std::string licenseModel;
    std::optional<double> minVcpus, maxVcpus, minMemoryGib, maxMemoryGib, minGpus, maxGpus;
    std::string gpuModel; // case-insensitive substring
    // Azure DevTest and low-priority prices are not general prices: excluded unless asked for.
    bool includeSpecialClasses = false;
    std::optional<double> maxEffectiveHourly; // in the report currency
    enum class Sort
    {
        EffectiveHourly,
        PerVcpu,
        PerGib,
        InstanceType,
    };
    Sort sort = Sort::EffectiveHourly;
    bool descending = false;
    std::size_t limit = 50; // 0 = no limit
    // Keep only the cheapest matching offer (by effective hourly) of each provider and region.
    bool cheapestPerRegion = false;
    std::string currency; // report currency; "" = each offer's own
};

struct OfferRow
{
    std::int64_t id = 0;
    Offer offer;
    double effectiveHourly = 0; // native currency: hourly + upfront amortised over the term
    // In the report currency (= native when no currency was asked for).
    double reportHourly = 0;
    double reportUpfront = 0;
    double reportEffectiveHourly = 0;
    std::string reportCurrency;
    std::string sourceName;
    std::string sourcePublishedAt;
    bool builtin = false;
};

struct OfferPage
{
    std::vector<OfferRow> rows;
    std::vector<FxRate> ratesUsed; // every conversion applied
    std::vector<std::string> notes;
};

class ImportBatch;

// The user's workspace: one SQLite file holding sources, offers, specs, spot data, rates and
// exchange rates. Every change is one transaction: an import is all or nothing.
class Workspace
{
public:
    // Opens or creates the workspace at path and migrates its schema (in a transaction).
    static Result<Workspace> open(const std::filesystem::path& path);
    // $XDG_DATA_HOME/cloudcost/workspace.db, else ~/.local/share/cloudcost/workspace.db.
    static std::filesystem::path defaultPath();
    static constexpr int kSchemaVersion = 4;

    // Imports one file (detecting its format unless options.format is set). On any error nothing
    // is stored. A source with the same key or the same bytes is replaced.
    Result<ImportReport> importFile(const std::filesystem::path& path,
                                    const ImportOptions& options = {});
    // Starts importing several files as one unit of work (see ImportBatch). The workspace must
    // outlive the batch, and nothing else may write to it until the batch ends.
    Result<ImportBatch> beginImportBatch();
    // Loads a catalog in cloudcost's own JSON format (e.g. the built-in one).
    Result<std::vector<SourceRecord>>
    importCatalogJson(std::string_view json, const std::string& name, bool builtin);
    // Loads the built-in catalog when the workspace has no sources at all; returns whether it did.
    Result<bool> ensureBuiltinCatalog();

    Result<std::vector<SourceRecord>> sources();
    // Removes a source and everything imported from it.
    Status removeSource(std::int64_t id);

    Result<OfferPage> queryOffers(const OfferQuery& query);
    Result<std::vector<InstanceSpec>> specs(const std::vector<std::string>& providers,
                                            const std::string& instanceRegex);

    Status setFxRate(const FxRate& rate);
    Result<std::vector<FxRate>> fxRates();
    // Imports a CSV of rates (date,base,quote,rate[,source]); all or nothing.
    Result<std::size_t> importFxCsv(const std::filesystem::path& path);
    // The latest rate converting 1 from into to (direct, inverse, or through USD).
    Result<std::vector<FxRate>> conversionPath(const std::string& from, const std::string& to);

    // Writes a catalog in cloudcost's own JSON format from the sources whose ids are given
    // (all when empty), keeping only offers that match filter.
    Result<std::string> exportCatalogJson(const std::vector<std::int64_t>& sourceIds,
                                          const OfferQuery& filter,
                                          const std::string& description);

    sql::Database& database() { return m_db; }
    const std::filesystem::path& path() const { return m_path; }

private:
    friend class ImportBatch;
    Status migrate();
    Status fillSpecsFromInstanceTypes(const std::string& provider);
    Status reassembleGcp(std::vector<std::string>& notes);
    Result<double>
    factorTo(const std::string& from, const std::string& to, std::vector<FxRate>& used);

    sql::Database m_db;
    std::filesystem::path m_path;
};

// Several files imported in one transaction: each file is still all or nothing on its own (a bad
// file stores nothing and the batch goes on with the next), but the offer indexes are dropped and
// built once for the whole batch when it is large, instead of once per file or, worse, by
// inserting each later file's offers into them in random key order (four 271 MB regional EC2
// sheets: docs/PERFORMANCE.md). Nothing is visible to other readers, nor durable, until
// commit(); a batch destroyed without it stores nothing.
class ImportBatch
{
public:
    ImportBatch(ImportBatch&&) noexcept;
    ImportBatch& operator=(ImportBatch&&) = delete;
    ImportBatch(const ImportBatch&) = delete;
    ImportBatch& operator=(const ImportBatch&) = delete;
    ~ImportBatch();

    // Imports one file into the batch; on error that file stores nothing and the batch is intact.
    Result<ImportReport> add(const std::filesystem::path& path, const ImportOptions& options = {});
    // Builds the offer indexes the batch dropped (progress: their stage, one step per index;
    // cancellable between them) and commits. On error nothing of the batch is stored.
    Status commit(ProgressSink* progress = nullptr);
    // Offers stored by the files added so far.
    std::uint64_t offersStored() const { return m_offersStored; }

private:
    friend class Workspace;
    ImportBatch(Workspace& ws, sql::Transaction tx, std::uint64_t offersHeld);
    Result<ImportReport> addFile(const std::filesystem::path& path, const ImportOptions& options);

    Workspace* m_ws = nullptr;
    std::optional<sql::Transaction> m_tx;
    std::uint64_t m_offersHeld = 0;            // by the workspace when the batch began
    std::uint64_t m_offersStored = 0;          // by this batch
    std::vector<std::string> m_droppedIndexes; // CREATE INDEX text of each, to build at commit
};

} // namespace cloudcost::pricing
