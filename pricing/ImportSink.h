#pragma once

#include "common/Result.h"
#include "pricing/Offer.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace cloudcost::pricing {

// What an importer learned about the source as a whole.
struct SourceFacts
{
    std::string format;      // FormatId name, e.g. "aws-offer-json"
    std::string provider;    // main provider of the sheet ("" when mixed)
    std::string publishedAt; // publication date/time as given by the sheet, or ""
    std::string version;     // sheet's own version string, or ""
    // Logical identity of the sheet: importing a source with the same key replaces the old one
    // ("aws-offer:AmazonEC2:us-east-1"). Empty = format + file name.
    std::string key;
};

// Counts of what an import did, with one reason per kind of skipped row.
struct ImportStats
{
    std::uint64_t rowsRead = 0;
    std::uint64_t offersStored = 0;
    std::uint64_t specsStored = 0;
    std::uint64_t spotPricesStored = 0;
    std::uint64_t spotAdviceStored = 0;
    std::uint64_t ratesStored = 0;
    struct Skip
    {
        std::uint64_t count = 0;
        std::string firstWhere; // "file:line" or "file: item 12" of the first occurrence
    };
    std::map<std::string, Skip> skipped; // reason -> count
    std::uint64_t skippedTotal() const;
};

// Where an importer puts what it reads. The workspace implements it inside one transaction; tests
// implement it with vectors. Importers call rowRead() once per input record and skip() with a short
// reason (a sentence fragment, grouped by exact text) for every record they do not store.
class ImportSink
{
public:
    virtual ~ImportSink() = default;
    // Each add returns an error when the record cannot be stored (the import then fails whole).
    virtual Status addOffer(const Offer& offer) = 0;
    virtual Status addSpec(const InstanceSpec& spec) = 0;
    virtual Status addSpotPrice(const SpotPricePoint& point) = 0;
    virtual Status addSpotAdvice(const SpotAdvice& advice) = 0;
    virtual Status addRate(const Rate& rate) = 0;

    void rowRead(std::uint64_t n = 1) { m_stats.rowsRead += n; }
    void skip(const std::string& reason, std::string_view where);
    const ImportStats& stats() const { return m_stats; }

protected:
    ImportStats m_stats;
};

} // namespace cloudcost::pricing
