#include "pricing/Workspace.h"

#include "common/InputFile.h"
#include "common/Sha256.h"
#include "common/Text.h"
#include "data/BuiltinCatalog.h"
#include "pricing/ImportSupport.h"
#include "pricing/Importer.h"
#include "pricing/OfferJson.h"
#include "pricing/OfferSql.h"

#if __has_include("pricing/GcpAssembly.h")
#include "pricing/GcpAssembly.h"
#define CLOUDCOST_HAVE_GCP_ASSEMBLY 1
#endif

#include "common/CsvReader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

namespace cloudcost::pricing {

namespace {

using json = nlohmann::json;

// Schema migrations, applied in order inside one transaction. Never edit a shipped step: add one.
const char* const kMigrations[] = {
    // 1: the catalog.
    R"SQL(
CREATE TABLE sources(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    path TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    format TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    published_at TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    key TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    rows_read INTEGER NOT NULL DEFAULT 0,
    offers INTEGER NOT NULL DEFAULT 0,
    specs INTEGER NOT NULL DEFAULT 0,
    spot_prices INTEGER NOT NULL DEFAULT 0,
    spot_advice INTEGER NOT NULL DEFAULT 0,
    rates INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    skipped_json TEXT NOT NULL DEFAULT '{}',
    params_json TEXT NOT NULL DEFAULT '{}');
CREATE INDEX sources_key ON sources(key);
CREATE INDEX sources_sha ON sources(sha256);
CREATE TABLE offers(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    service TEXT NOT NULL,
    region TEXT NOT NULL,
    zone TEXT NOT NULL,
    instance_type TEXT NOT NULL,
    vcpus REAL,
    memory_gib REAL,
    gpus REAL,
    gpu_model TEXT NOT NULL,
    gpu_memory_gib REAL,
    arch TEXT NOT NULL,
    os TEXT NOT NULL,
    license_model TEXT NOT NULL,
    preinstalled_software TEXT NOT NULL,
    tenancy TEXT NOT NULL,
    purchase_option TEXT NOT NULL,
    term_months INTEGER NOT NULL,
    payment_option TEXT NOT NULL,
    offering_class TEXT NOT NULL,
    hourly REAL NOT NULL,
    upfront REAL NOT NULL,
    effective_hourly REAL NOT NULL,
    per_vcpu REAL,
    per_gib REAL,
    currency TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    sku TEXT NOT NULL);
CREATE INDEX offers_source ON offers(source_id);
CREATE INDEX offers_type ON offers(instance_type);
CREATE INDEX offers_region ON offers(provider, region);
CREATE INDEX offers_effective ON offers(effective_hourly);
CREATE INDEX offers_per_vcpu ON offers(per_vcpu);
CREATE INDEX offers_per_gib ON offers(per_gib);
CREATE INDEX offers_currency ON offers(currency);
CREATE TABLE specs(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    instance_type TEXT NOT NULL,
    family TEXT NOT NULL,
    vcpus REAL,
    physical_cores REAL,
    memory_gib REAL,
    gpus REAL,
    gpu_model TEXT NOT NULL,
    gpu_memory_gib REAL,
    arch TEXT NOT NULL,
    processor TEXT NOT NULL,
    clock_ghz REAL,
    network TEXT NOT NULL,
    network_gbps REAL,
    local_storage TEXT NOT NULL,
    local_storage_gb REAL,
    bare_metal INTEGER,
    shared_cpu INTEGER);
CREATE INDEX specs_type ON specs(provider, instance_type);
CREATE INDEX specs_source ON specs(source_id);
CREATE TABLE spot_prices(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    region TEXT NOT NULL,
    zone TEXT NOT NULL,
    instance_type TEXT NOT NULL,
    os TEXT NOT NULL,
    ts TEXT NOT NULL,
    hourly REAL NOT NULL,
    on_demand_hourly REAL,
    currency TEXT NOT NULL);
CREATE INDEX spot_prices_type ON spot_prices(provider, instance_type, region, ts);
CREATE INDEX spot_prices_source ON spot_prices(source_id);
CREATE TABLE spot_advice(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    region TEXT NOT NULL,
    zone TEXT NOT NULL,
    os TEXT NOT NULL,
    instance_type TEXT NOT NULL,
    savings_pct REAL,
    interruption_pct REAL,
    bucket TEXT NOT NULL,
    bucket_max_pct REAL);
CREATE INDEX spot_advice_type ON spot_advice(provider, instance_type, region);
CREATE INDEX spot_advice_source ON spot_advice(source_id);
CREATE TABLE rates(
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    provider TEXT NOT NULL,
    service TEXT NOT NULL,
    product_family TEXT NOT NULL,
    region TEXT NOT NULL,
    sku TEXT NOT NULL,
    description TEXT NOT NULL,
    usage_type TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_block REAL NOT NULL,
    begin_range REAL NOT NULL,
    end_range REAL,
    price REAL NOT NULL,
    currency TEXT NOT NULL,
    term_type TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    family TEXT NOT NULL,
    resource TEXT NOT NULL);
CREATE INDEX rates_source ON rates(source_id);
CREATE INDEX rates_component ON rates(provider, family, resource);
CREATE TABLE fx_rates(
    base TEXT NOT NULL,
    quote TEXT NOT NULL,
    rate REAL NOT NULL,
    as_of TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY(base, quote, as_of));
)SQL",
    // 2: price indexes that also hold vCPU and memory, so a price-ordered walk tests the spec
    // filters in the index without reading the offer row (docs/PERFORMANCE.md: a spec-filtered,
    // price-sorted query over 5 million offers 5.6 s -> 0.3 s), and compare seeks per region.
    R"SQL(
DROP INDEX offers_region;
CREATE INDEX offers_region_price ON offers(provider, region, effective_hourly, vcpus, memory_gib);
DROP INDEX offers_effective;
CREATE INDEX offers_effective ON offers(effective_hourly, vcpus, memory_gib);
)SQL",
    // 3: the two price indexes cover every common filter (GPU count, architecture, OS, purchase
    // option, tenancy, offering class, provider, region, currency) and the region index the unit
    // prices, so a filtered price-ordered walk never reads an offer row it does not return and a
    // region's per-vCPU or per-GiB order is sorted from the index alone (docs/PERFORMANCE.md:
    // arm64 + spot + max price over 5 million offers 2.1 s -> 0.05 s, compare 5.1 s -> 0.5 s).
    R"SQL(
DROP INDEX offers_region_price;
CREATE INDEX offers_region_price ON offers(provider, region, effective_hourly, vcpus, memory_gib,
    gpus, arch, os, purchase_option, tenancy, offering_class, per_vcpu, per_gib, currency);
DROP INDEX offers_effective;
CREATE INDEX offers_effective ON offers(effective_hourly, vcpus, memory_gib, gpus, arch, os,
    purchase_option, tenancy, offering_class, provider, region, currency);
)SQL",
    // 4: two narrow indexes for the walks the covering price index does badly: a rare OS
    // (seek it, then price order) and large shapes (a partial price index of the offers with 8
    // vCPUs or more). queryOffers hints them only when a probe says they win.
    R"SQL(
CREATE INDEX offers_os ON offers(os, effective_hourly);
CREATE INDEX offers_large ON offers(effective_hourly, vcpus, memory_gib) WHERE vcpus >= 8;
)SQL",
};

// An import switches to building the offer indexes at its end after this many offers (or half
// the workspace's offers, if more). Rebuilding costs about 7.5 us per offer of the whole table,
// inserting into the indexes about 40 us per new offer once they outgrow the cache (generated
// EC2 sheets, docs/PERFORMANCE.md); below 10,000 offers either is quick.
constexpr std::uint64_t kBulkIndexMinOffers = 10000;
// The page cache of an import that inserts into the offer indexes (see importFile).
constexpr const char* kImportCacheSize = "PRAGMA cache_size=-98304";

// Stores what an importer reads, with prepared statements reused for every row.
class StoreSink : public ImportSink
{
public:
    StoreSink(sql::Database& db, std::int64_t sourceId)
        : m_db(db)
        , m_sourceId(sourceId)
    {}

    Status prepare()
    {
        auto offer = m_db.prepare(
            "INSERT INTO offers(source_id, provider, service, region, zone, instance_type, vcpus,"
            " memory_gib, gpus, gpu_model, gpu_memory_gib, arch, os, license_model,"
            " preinstalled_software, tenancy, purchase_option, term_months, payment_option,"
            " offering_class, hourly, upfront, effective_hourly, per_vcpu, per_gib, currency,"
            " effective_date, sku) VALUES "
            "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        auto spec = m_db.prepare(
            "INSERT INTO specs(source_id, provider, instance_type, family, vcpus, physical_cores,"
            " memory_gib, gpus, gpu_model, gpu_memory_gib, arch, processor, clock_ghz, network,"
            " network_gbps, local_storage, local_storage_gb, bare_metal, shared_cpu)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        auto spot = m_db.prepare(
            "INSERT INTO spot_prices(source_id, provider, region, zone, instance_type, os, ts,"
            " hourly, on_demand_hourly, currency) VALUES (?,?,?,?,?,?,?,?,?,?)");
        auto advice = m_db.prepare(
            "INSERT INTO spot_advice(source_id, provider, region, zone, os, instance_type,"
            " savings_pct, interruption_pct, bucket, bucket_max_pct) VALUES (?,?,?,?,?,?,?,?,?,?)");
        auto rate = m_db.prepare(
            "INSERT INTO rates(source_id, provider, service, product_family, region, sku,"
            " description, usage_type, unit, unit_block, begin_range, end_range, price, currency,"
            " term_type, effective_date, family, resource)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        for (auto* r : {&offer, &spec, &spot, &advice, &rate}) {
            if (!*r) {
                return r->error();
            }
        }
        m_offer = std::move(*offer);
        m_spec = std::move(*spec);
        m_spot = std::move(*spot);
        m_advice = std::move(*advice);
        m_rate = std::move(*rate);
        return {};
    }

    Status addOffer(const Offer& o) override
    {
        if (auto st = validateOffer(o, o.sku); !st) {
            return st;
        }
        // Price sheets often lack specs (Azure, savings plans) or say "64-bit" for every CPU
        // (AWS): fill the gaps from the newest instance-type source of the provider, here rather
        // than by an UPDATE after the import, which rewrote each row and its index entries.
        std::optional<double> vcpus = o.vcpus;
        std::optional<double> memoryGib = o.memoryGib;
        std::optional<double> gpus = o.gpus;
        std::string arch = o.arch.empty() ? inferArch(o.provider, o.instanceType) : o.arch;
        if (!vcpus || !memoryGib || !gpus || arch.empty()) {
            auto fill = specFill(o.provider, o.instanceType);
            if (!fill) {
                return fill.error();
            }
            if (const SpecFill* f = *fill) {
                vcpus = vcpus ? vcpus : f->vcpus;
                memoryGib = memoryGib ? memoryGib : f->memoryGib;
                gpus = gpus ? gpus : f->gpus;
                if (arch.empty()) {
                    arch = f->arch;
                }
            }
        }
        const double eff = effectiveHourly(o);
        std::optional<double> perVcpu;
        std::optional<double> perGib;
        if (vcpus && *vcpus > 0) {
            perVcpu = eff / *vcpus;
        }
        if (memoryGib && *memoryGib > 0) {
            perGib = eff / *memoryGib;
        }
        // Every text outlives run(), so SQLite reads it in place (bindStatic).
        auto& s = m_offer;
        s.bind(1, m_sourceId)
            .bindStatic(2, o.provider)
            .bindStatic(3, o.service)
            .bindStatic(4, o.region)
            .bindStatic(5, o.zone)
            .bindStatic(6, o.instanceType)
            .bind(7, vcpus)
            .bind(8, memoryGib)
            .bind(9, gpus)
            .bindStatic(10, o.gpuModel)
            .bind(11, o.gpuMemoryGib)
            .bindStatic(12, arch)
            .bindStatic(13, o.os)
            .bindStatic(14, o.licenseModel)
            .bindStatic(15, o.preinstalledSoftware)
            .bindStatic(16, o.tenancy)
            .bindStatic(17, toString(o.purchaseOption))
            .bind(18, o.termMonths)
            .bindStatic(19, toString(o.paymentOption))
            .bindStatic(20, o.offeringClass)
            .bind(21, o.hourly)
            .bind(22, o.upfront)
            .bind(23, eff)
            .bind(24, perVcpu)
            .bind(25, perGib)
            .bindStatic(26, o.currency)
            .bindStatic(27, o.effectiveDate)
            .bindStatic(28, o.sku);
        if (auto st = s.run(); !st) {
            return st;
        }
        ++m_stats.offersStored;
        if (m_bulkAfter > 0 && m_stats.offersStored == m_bulkAfter) {
            return dropOfferIndexes();
        }
        return {};
    }

    // A large import inserts into the offer indexes in random key order, page cache misses and
    // all; building them afterwards (CREATE INDEX sorts, then writes each index once) is about
    // 5x cheaper per row (docs/PERFORMANCE.md). After `offers` rows of this import the sink drops
    // every offer index but offers_source (its entries arrive in order, and deleting a replaced
    // source needs it); ImportBatch::commit() builds them (buildOfferIndexes) before the commit.
    // Both run inside the import transaction: a failure rolls the indexes back with everything
    // else, and a file that fails after dropping them brings them back with its savepoint.
    void bulkIndexAfter(std::uint64_t offers) { m_bulkAfter = offers; }
    // The CREATE INDEX text of each index dropped, for buildOfferIndexes().
    std::vector<std::string> takeDroppedIndexes() { return std::move(m_droppedIndexes); }

    Status addSpec(const InstanceSpec& x) override
    {
        if (x.instanceType.empty()) {
            return makeError(Error::Code::InvalidInput, "instance spec without a type name");
        }
        auto optBool = [&](int index, const std::optional<bool>& v) {
            if (v) {
                m_spec.bind(index, *v ? 1 : 0);
            } else {
                m_spec.bindNull(index);
            }
        };
        m_spec.bind(1, m_sourceId)
            .bind(2, x.provider)
            .bind(3, x.instanceType)
            .bind(4, x.family)
            .bind(5, x.vcpus)
            .bind(6, x.physicalCores)
            .bind(7, x.memoryGib)
            .bind(8, x.gpus)
            .bind(9, x.gpuModel)
            .bind(10, x.gpuMemoryGib)
            .bind(11, x.arch)
            .bind(12, x.processor)
            .bind(13, x.clockGhz)
            .bind(14, x.network)
            .bind(15, x.networkGbps)
            .bind(16, x.localStorage)
            .bind(17, x.localStorageGb);
        optBool(18, x.bareMetal);
        optBool(19, x.sharedCpu);
        if (auto st = m_spec.run(); !st) {
            return st;
        }
        ++m_stats.specsStored;
        m_providers.insert(x.provider);
        m_specFill.erase(x.provider); // later offers of this import see the new specs
        return {};
    }

    Status addSpotPrice(const SpotPricePoint& p) override
    {
        if (!isKnownCurrency(p.currency)) {
            return makeError(Error::Code::InvalidInput, "unknown currency '" + p.currency + "'");
        }
        if (auto st = checkPrice(p.hourly, "spot price", p.instanceType); !st) {
            return st;
        }
        m_spot.bind(1, m_sourceId)
            .bind(2, p.provider)
            .bind(3, p.region)
            .bind(4, p.zone)
            .bind(5, p.instanceType)
            .bind(6, p.os)
            .bind(7, p.timestamp)
            .bind(8, p.hourly)
            .bind(9, p.onDemandHourly)
            .bind(10, p.currency);
        if (auto st = m_spot.run(); !st) {
            return st;
        }
        ++m_stats.spotPricesStored;
        return {};
    }

    Status addSpotAdvice(const SpotAdvice& a) override
    {
        m_advice.bind(1, m_sourceId)
            .bind(2, a.provider)
            .bind(3, a.region)
            .bind(4, a.zone)
            .bind(5, a.os)
            .bind(6, a.instanceType)
            .bind(7, a.savingsPct)
            .bind(8, a.interruptionPct)
            .bind(9, a.interruptionBucket)
            .bind(10, a.interruptionMaxPct);
        if (auto st = m_advice.run(); !st) {
            return st;
        }
        ++m_stats.spotAdviceStored;
        return {};
    }

    Status addRate(const Rate& r) override
    {
        if (!isKnownCurrency(r.currency)) {
            return makeError(Error::Code::InvalidInput,
                             "unknown currency '" + r.currency + "'",
                             r.sku);
        }
        if (auto st = checkPrice(r.price, "price", r.sku); !st) {
            return st;
        }
        m_rate.bind(1, m_sourceId)
            .bind(2, r.provider)
            .bind(3, r.service)
            .bind(4, r.productFamily)
            .bind(5, r.region)
            .bind(6, r.sku)
            .bind(7, r.description)
            .bind(8, r.usageType)
            .bind(9, r.unit)
            .bind(10, r.unitBlock)
            .bind(11, r.beginRange)
            .bind(12, r.endRange)
            .bind(13, r.price)
            .bind(14, r.currency)
            .bind(15, r.termType)
            .bind(16, r.effectiveDate)
            .bind(17, r.family)
            .bind(18, r.resource);
        if (auto st = m_rate.run(); !st) {
            return st;
        }
        ++m_stats.ratesStored;
        return {};
    }

    ImportStats& mutableStats() { return m_stats; }
    const std::set<std::string>& specProviders() const { return m_providers; }

private:
    // Specs of one instance type: the newest known value of each field, as the fill before.
    struct SpecFill
    {
        std::optional<double> vcpus, memoryGib, gpus;
        std::string arch;
    };

    Result<const SpecFill*> specFill(const std::string& provider, const std::string& type)
    {
        auto it = m_specFill.find(provider);
        if (it == m_specFill.end()) {
            // Loaded once per provider on its first offer: the specs table is small (thousands).
            auto q = m_db.prepare("SELECT instance_type, vcpus, memory_gib, gpus, arch FROM specs"
                                  " WHERE provider=? ORDER BY id");
            if (!q) {
                return q.error();
            }
            q->bind(1, provider);
            std::unordered_map<std::string, SpecFill> byType;
            for (;;) {
                auto row = q->step();
                if (!row) {
                    return row.error();
                }
                if (!*row) {
                    break;
                }
                SpecFill& f = byType[q->text(0)];
                for (auto [column, field] :
                     {std::pair{1, &f.vcpus}, std::pair{2, &f.memoryGib}, std::pair{3, &f.gpus}}) {
                    if (!q->isNull(column)) {
                        *field = q->real(column);
                    }
                }
                if (auto arch = q->text(4); !arch.empty()) {
                    f.arch = arch;
                }
            }
            it = m_specFill.emplace(provider, std::move(byType)).first;
        }
        const auto found = it->second.find(type);
        return found == it->second.end() ? nullptr : &found->second;
    }

    Status dropOfferIndexes()
    {
        auto q = m_db.prepare("SELECT name, sql FROM sqlite_master WHERE type='index'"
                              " AND tbl_name='offers' AND sql IS NOT NULL"
                              " AND name<>'offers_source' ORDER BY name");
        if (!q) {
            return q.error();
        }
        std::vector<std::pair<std::string, std::string>> indexes;
        for (;;) {
            auto row = q->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            indexes.emplace_back(q->text(0), q->text(1));
        }
        q->reset();
        for (const auto& [name, sqlText] : indexes) {
            // SQLite refuses while another statement of this connection is reading (a caller's
            // query left open): then the import simply goes on inserting into the indexes left.
            if (auto st = m_db.exec("DROP INDEX \"" + name + "\""); !st) {
                break;
            }
            m_droppedIndexes.push_back(sqlText);
        }
        if (m_droppedIndexes.empty()) {
            return {};
        }
        // Without the random-order index inserts the big page cache only costs: the table and
        // offers_source grow at their ends, and CREATE INDEX sorts in memory runs sized by the
        // cache. Fresh memory is slow to touch here: with 4 MiB the 1 GiB sheet imported in
        // 13.3 s against 20.5 s with 64 MiB, peak RSS 57 against 207 MB (docs/PERFORMANCE.md).
        return m_db.exec("PRAGMA cache_size=-4096");
    }

    sql::Database& m_db;
    std::int64_t m_sourceId;
    sql::Statement m_offer, m_spec, m_spot, m_advice, m_rate;
    std::set<std::string> m_providers;
    std::map<std::string, std::unordered_map<std::string, SpecFill>> m_specFill;
    std::uint64_t m_bulkAfter = 0;
    std::vector<std::string> m_droppedIndexes;
};

// Builds the offer indexes a large import dropped (StoreSink::bulkIndexAfter) from their own
// CREATE INDEX text, inside the import's transaction. Reports each index as a step of the stage
// "building the offer indexes", and stops (Error::Code::Cancelled) between indexes when asked:
// the transaction then rolls back.
Status buildOfferIndexes(sql::Database& db,
                         const std::vector<std::string>& indexes,
                         ProgressSink* progress)
{
    if (indexes.empty()) {
        return {};
    }
    // Let SQLite's sorter use the second core while it builds them.
    if (auto st = db.exec("PRAGMA threads=2"); !st) {
        return st;
    }
    const auto total = static_cast<std::uint64_t>(indexes.size());
    if (progress) {
        progress->stage(kImportStageIndexes);
        progress->progress(0, total);
    }
    for (std::uint64_t i = 0; i < total; ++i) {
        Status st;
        if (progress && progress->cancelled()) {
            st = makeError(Error::Code::Cancelled, "import cancelled");
        } else {
            st = db.exec(indexes[i]);
        }
        if (!st) {
            (void)db.exec("PRAGMA threads=0");
            return st;
        }
        if (progress) {
            progress->progress(i + 1, total);
        }
    }
    if (auto st = db.exec("PRAGMA threads=0"); !st) {
        return st;
    }
    return db.exec(kImportCacheSize);
}

json skippedJson(const ImportStats& stats)
{
    json j = json::object();
    for (const auto& [reason, skip] : stats.skipped) {
        j[reason] = {{"count", skip.count}, {"first", skip.firstWhere}};
    }
    return j;
}

Result<std::string> hashFile(const std::filesystem::path& path)
{
    auto file = InputFile::open(path);
    if (!file) {
        return file.error();
    }
    Sha256 h;
    std::string buffer;
    for (;;) {
        if (auto st = file->read(buffer, 4 << 20); !st) {
            return st.error();
        }
        if (buffer.empty()) {
            break;
        }
        h.update(buffer);
    }
    return h.hexDigest();
}

Status
insertSource(sql::Database& db, SourceRecord& s, const std::map<std::string, std::string>& params)
{
    auto st = db.prepare(
        "INSERT INTO sources(name, path, sha256, format, provider, published_at, version, key,"
        " imported_at, builtin, params_json) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) {
        return st.error();
    }
    st->bind(1, s.name)
        .bind(2, s.path)
        .bind(3, s.sha256)
        .bind(4, s.format)
        .bind(5, s.provider)
        .bind(6, s.publishedAt)
        .bind(7, s.version)
        .bind(8, s.key)
        .bind(9, s.importedAt)
        .bind(10, s.builtin ? 1 : 0)
        .bind(11, json(params).dump());
    if (auto r = st->run(); !r) {
        return r;
    }
    s.id = db.lastInsertRowId();
    return {};
}

Status finishSource(sql::Database& db, const SourceRecord& s)
{
    auto st = db.prepare(
        "UPDATE sources SET format=?, provider=?, published_at=?, version=?, key=?, rows_read=?,"
        " offers=?, specs=?, spot_prices=?, spot_advice=?, rates=?, skipped=?, skipped_json=?,"
        " sha256=? WHERE id=?");
    if (!st) {
        return st.error();
    }
    const auto& t = s.stats;
    st->bind(1, s.format)
        .bind(2, s.provider)
        .bind(3, s.publishedAt)
        .bind(4, s.version)
        .bind(5, s.key)
        .bind(6, static_cast<std::int64_t>(t.rowsRead))
        .bind(7, static_cast<std::int64_t>(t.offersStored))
        .bind(8, static_cast<std::int64_t>(t.specsStored))
        .bind(9, static_cast<std::int64_t>(t.spotPricesStored))
        .bind(10, static_cast<std::int64_t>(t.spotAdviceStored))
        .bind(11, static_cast<std::int64_t>(t.ratesStored))
        .bind(12, static_cast<std::int64_t>(t.skippedTotal()))
        .bind(13, skippedJson(t).dump())
        .bind(14, s.sha256)
        .bind(15, s.id);
    return st->run();
}

// Deletes older sources that this one replaces; returns the id of one of them, if any.
Result<std::optional<std::int64_t>> replaceOlder(sql::Database& db, const SourceRecord& s)
{
    auto find = db.prepare("SELECT id FROM sources WHERE id<>? AND (key=? OR sha256=?)");
    if (!find) {
        return find.error();
    }
    find->bind(1, s.id).bind(2, s.key).bind(3, s.sha256);
    std::vector<std::int64_t> ids;
    for (;;) {
        auto row = find->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        ids.push_back(find->int64(0));
    }
    auto del = db.prepare("DELETE FROM sources WHERE id=?");
    if (!del) {
        return del.error();
    }
    for (auto id : ids) {
        if (auto st = del->bind(1, id).run(); !st) {
            return st.error();
        }
    }
    if (ids.empty()) {
        return std::optional<std::int64_t>{};
    }
    return std::optional<std::int64_t>{ids.front()};
}

SourceRecord readSource(sql::Statement& q)
{
    SourceRecord s;
    s.id = q.int64(0);
    s.name = q.text(1);
    s.path = q.text(2);
    s.sha256 = q.text(3);
    s.format = q.text(4);
    s.provider = q.text(5);
    s.publishedAt = q.text(6);
    s.version = q.text(7);
    s.key = q.text(8);
    s.importedAt = q.text(9);
    s.builtin = q.int64(10) != 0;
    s.stats.rowsRead = static_cast<std::uint64_t>(q.int64(11));
    s.stats.offersStored = static_cast<std::uint64_t>(q.int64(12));
    s.stats.specsStored = static_cast<std::uint64_t>(q.int64(13));
    s.stats.spotPricesStored = static_cast<std::uint64_t>(q.int64(14));
    s.stats.spotAdviceStored = static_cast<std::uint64_t>(q.int64(15));
    s.stats.ratesStored = static_cast<std::uint64_t>(q.int64(16));
    const json skipped = json::parse(q.text(17), nullptr, false);
    if (skipped.is_object()) {
        for (const auto& [reason, v] : skipped.items()) {
            ImportStats::Skip skip;
            skip.count = v.value("count", std::uint64_t{0});
            skip.firstWhere = v.value("first", std::string());
            s.stats.skipped[reason] = skip;
        }
    }
    return s;
}

// Reads the spec columns provider, instance_type, family, vcpus, physical_cores, memory_gib, gpus,
// gpu_model, gpu_memory_gib, arch, processor, clock_ghz, network, network_gbps, local_storage,
// local_storage_gb, bare_metal, shared_cpu (in that order) from the current row.
InstanceSpec readSpec(const sql::Statement& q)
{
    InstanceSpec x;
    x.provider = q.text(0);
    x.instanceType = q.text(1);
    x.family = q.text(2);
    x.vcpus = q.optReal(3);
    x.physicalCores = q.optReal(4);
    x.memoryGib = q.optReal(5);
    x.gpus = q.optReal(6);
    x.gpuModel = q.text(7);
    x.gpuMemoryGib = q.optReal(8);
    x.arch = q.text(9);
    x.processor = q.text(10);
    x.clockGhz = q.optReal(11);
    x.network = q.text(12);
    x.networkGbps = q.optReal(13);
    x.localStorage = q.text(14);
    x.localStorageGb = q.optReal(15);
    if (!q.isNull(16)) {
        x.bareMetal = q.int64(16) != 0;
    }
    if (!q.isNull(17)) {
        x.sharedCpu = q.int64(17) != 0;
    }
    return x;
}

// Reads the rate columns provider, service, product_family, region, sku, description,
// usage_type, unit, unit_block, begin_range, end_range, price, currency, term_type,
// effective_date, family, resource (in that order) from the current row.
Rate readRate(const sql::Statement& q)
{
    Rate r;
    r.provider = q.text(0);
    r.service = q.text(1);
    r.productFamily = q.text(2);
    r.region = q.text(3);
    r.sku = q.text(4);
    r.description = q.text(5);
    r.usageType = q.text(6);
    r.unit = q.text(7);
    r.unitBlock = q.real(8);
    r.beginRange = q.real(9);
    r.endRange = q.optReal(10);
    r.price = q.real(11);
    r.currency = q.text(12);
    r.termType = q.text(13);
    r.effectiveDate = q.text(14);
    r.family = q.text(15);
    r.resource = q.text(16);
    return r;
}

// True when a filter list is empty (no filter) or holds value.
bool allowedBy(const std::vector<std::string>& filter, const std::string& value)
{
    return filter.empty() || std::find(filter.begin(), filter.end(), value) != filter.end();
}

constexpr const char* kSourceColumns =
    "id, name, path, sha256, format, provider, published_at, version, key, imported_at, builtin,"
    " rows_read, offers, specs, spot_prices, spot_advice, rates, skipped_json";

} // namespace

std::filesystem::path Workspace::defaultPath()
{
    const char* xdg = std::getenv("XDG_DATA_HOME");
    std::filesystem::path base;
    if (xdg && *xdg) {
        base = xdg;
    } else {
        const char* home = std::getenv("HOME");
        base = std::filesystem::path(home && *home ? home : ".") / ".local" / "share";
    }
    return base / "cloudcost" / "workspace.db";
}

Result<Workspace> Workspace::open(const std::filesystem::path& path)
{
    if (path != ":memory:" && path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            return makeError(Error::Code::IoFailed,
                             "cannot create the workspace directory: " + ec.message(),
                             path.parent_path().string());
        }
    }
    if (std::filesystem::is_directory(path)) {
        return makeError(Error::Code::InvalidInput,
                         "is a directory, not a workspace file",
                         path.string());
    }
    auto db = sql::Database::open(path);
    if (!db) {
        return db.error();
    }
    Workspace ws;
    ws.m_db = std::move(*db);
    ws.m_path = path;
    if (auto st = ws.migrate(); !st) {
        Error e = st.error();
        if (e.context.empty()) {
            e.context = path.string();
        }
        return e;
    }
    return ws;
}

Status Workspace::migrate()
{
    static_assert(std::size(kMigrations) == kSchemaVersion);
    return sql::migrateSchema(m_db, "schema_version", kMigrations, "the workspace's tables");
}

Result<ImportReport> Workspace::importFile(const std::filesystem::path& path,
                                           const ImportOptions& options)
{
    auto batch = beginImportBatch();
    if (!batch) {
        return batch.error();
    }
    auto report = batch->add(path, options);
    if (!report) {
        return report;
    }
    if (auto st = batch->commit(options.progress); !st) {
        Error e = st.error();
        if (e.context.empty()) {
            e.context = report->source.name;
        }
        return e;
    }
    return report;
}

Result<ImportBatch> Workspace::beginImportBatch()
{
    // A large sheet inserts into seven offer indexes in random key order: with SQLite's default
    // 2 MiB page cache most of those inserts miss the cache and spill to the WAL mid-transaction
    // (strace: ~1.1 M 4 KiB pread/pwrite pairs for a 256 MiB sheet). 96 MiB keeps the hot index
    // pages in memory: 1.4x faster on that sheet (docs/PERFORMANCE.md), peak RSS 108 MB, within
    // the 200 MB goal; pages are only allocated when used.
    if (auto st = m_db.exec(kImportCacheSize); !st) {
        return st.error();
    }
    auto tx = sql::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    auto held = m_db.prepare("SELECT COALESCE(SUM(offers), 0) FROM sources");
    if (!held) {
        return held.error();
    }
    auto row = held->step();
    if (!row) {
        return row.error();
    }
    const auto offers = static_cast<std::uint64_t>(std::max<std::int64_t>(0, held->int64(0)));
    held->reset();
    return ImportBatch(*this, std::move(*tx), offers);
}

ImportBatch::ImportBatch(Workspace& ws, sql::Transaction tx, std::uint64_t offersHeld)
    : m_ws(&ws)
    , m_tx(std::move(tx))
    , m_offersHeld(offersHeld)
{}

ImportBatch::ImportBatch(ImportBatch&& other) noexcept
    : m_ws(std::exchange(other.m_ws, nullptr))
    , m_tx(std::move(other.m_tx))
    , m_offersHeld(other.m_offersHeld)
    , m_offersStored(other.m_offersStored)
    , m_droppedIndexes(std::move(other.m_droppedIndexes))
{
    other.m_tx.reset(); // a moved-from batch has ended
}

ImportBatch::~ImportBatch() = default;

Result<ImportReport> ImportBatch::add(const std::filesystem::path& path,
                                      const ImportOptions& options)
{
    if (!m_tx) {
        return makeError(Error::Code::InvalidInput,
                         "the import batch has ended",
                         path.filename().string());
    }
    auto report = addFile(path, options);
    if (!report && m_droppedIndexes.empty()) {
        // The file's savepoint brought back any indexes it dropped: insert with the big cache.
        (void)m_ws->m_db.exec(kImportCacheSize);
    }
    return report;
}

Status ImportBatch::commit(ProgressSink* progress)
{
    if (!m_tx) {
        return makeError(Error::Code::InvalidInput, "the import batch has ended");
    }
    if (auto st = buildOfferIndexes(m_ws->m_db, m_droppedIndexes, progress); !st) {
        m_tx.reset(); // rolls back
        return st;
    }
    m_droppedIndexes.clear();
    if (progress) {
        progress->stage(kImportStageWriting);
    }
    auto st = m_tx->commit();
    m_tx.reset();
    return st;
}

Result<ImportReport> ImportBatch::addFile(const std::filesystem::path& path,
                                          const ImportOptions& options)
{
    sql::Database& db = m_ws->m_db;
    const ImporterInfo* importer = nullptr;
    if (!options.format.empty()) {
        importer = findImporter(options.format);
        if (!importer) {
            return makeError(Error::Code::InvalidInput,
                             "unknown format '" + options.format
                                 + "' (see `cloudcost import --list-formats`)");
        }
        if (auto f = InputFile::open(path); !f) {
            return f.error();
        }
    } else {
        auto detected = detectImporter(path);
        if (!detected) {
            return detected.error();
        }
        importer = *detected;
    }

    if (importer->name == "cloudcost-catalog") {
        auto text = readWholeFile(path, 1ULL << 30);
        if (!text) {
            return text.error();
        }
        auto loaded = m_ws->importCatalogJson(*text, path.filename().string(), false);
        if (!loaded) {
            return loaded.error();
        }
        ImportReport report;
        for (const auto& s : *loaded) {
            report.source.stats.offersStored += s.stats.offersStored;
            report.source.stats.specsStored += s.stats.specsStored;
            report.source.stats.rowsRead += s.stats.rowsRead;
        }
        report.source.name = path.filename().string();
        report.source.format = importer->name;
        report.notes.push_back("catalog with " + std::to_string(loaded->size()) + " sources");
        m_offersStored += report.source.stats.offersStored;
        return report;
    }

    // Hash on the second core while the importer parses on this one.
    auto hash = std::async(std::launch::async, [path] { return hashFile(path); });

    // A savepoint of the batch: a file that fails stores nothing, and the batch goes on.
    auto savepoint = sql::Transaction::begin(db);
    if (!savepoint) {
        return savepoint.error();
    }
    SourceRecord source;
    source.name = path.filename().string();
    source.path = std::filesystem::absolute(path).string();
    source.sha256 = "pending";
    source.format = importer->name;
    source.key = "pending";
    source.importedAt = text::nowUtcIso();
    if (auto st = insertSource(db, source, options.params); !st) {
        return st.error();
    }
    StoreSink sink(db, source.id);
    if (auto st = sink.prepare(); !st) {
        return st.error();
    }
    // Once this batch has stored half as many offers as the workspace held (at least 10,000), it
    // is large: building the offer indexes afterwards is cheaper than inserting into them. A
    // batch whose indexes are already dropped goes on without them.
    if (m_droppedIndexes.empty()) {
        const std::uint64_t threshold = options.bulkIndexAfter > 0
                                            ? options.bulkIndexAfter
                                            : std::max(kBulkIndexMinOffers, m_offersHeld / 2);
        sink.bulkIndexAfter(threshold > m_offersStored ? threshold - m_offersStored : 1);
    }
    ImportRequest request;
    request.path = path;
    request.displayName = source.name;
    request.params = options.params;
    request.progress = options.progress;
    auto facts = importer->run(request, sink);
    auto digest = hash.get();
    if (!facts) {
        Error e = facts.error();
        if (e.context.empty()) {
            e.context = source.name;
        } else if (!text::startsWith(e.context, source.name)) {
            e.context = source.name + ": " + e.context;
        }
        return e;
    }
    if (!digest) {
        return digest.error();
    }
    source.sha256 = *digest;
    source.format = facts->format.empty() ? importer->name : facts->format;
    source.provider = facts->provider;
    source.publishedAt = facts->publishedAt;
    source.version = facts->version;
    source.key = facts->key.empty() ? source.format + ":" + source.name : facts->key;
    source.stats = sink.stats();
    const std::uint64_t stored = source.stats.offersStored + source.stats.specsStored
                                 + source.stats.spotPricesStored + source.stats.spotAdviceStored
                                 + source.stats.ratesStored;
    if (stored == 0) {
        std::string why =
            "nothing to store: " + std::to_string(source.stats.rowsRead) + " records read";
        if (!source.stats.skipped.empty()) {
            why += ", skipped because " + source.stats.skipped.begin()->first;
        }
        return makeError(Error::Code::InvalidInput, why, source.name);
    }
    ImportReport report;
    auto replaced = replaceOlder(db, source);
    if (!replaced) {
        return replaced.error();
    }
    report.replacedSourceId = *replaced;
    if (auto st = finishSource(db, source); !st) {
        return st.error();
    }
    // The offers of this sheet got their specs as they were stored; new specs fill the gaps of
    // every offer of their provider.
    for (const auto& p : sink.specProviders()) {
        if (auto st = m_ws->fillSpecsFromInstanceTypes(p); !st) {
            return st.error();
        }
    }
    if (source.provider == "gcp") {
        if (auto st = m_ws->reassembleGcp(report.notes); !st) {
            return st.error();
        }
    }
    auto dropped = sink.takeDroppedIndexes();
    if (auto st = savepoint->commit(); !st) {
        return st.error();
    }
    if (!dropped.empty()) {
        report.notes.push_back("built the offer indexes after storing the offers (a large import)");
        m_droppedIndexes = std::move(dropped);
    }
    m_offersStored += source.stats.offersStored;
    report.source = source;
    return report;
}

Status Workspace::fillSpecsFromInstanceTypes(const std::string& provider)
{
    // Price sheets often lack specs (Azure, savings plans) or say "64-bit" for every CPU (AWS).
    // Fill the gaps from the newest instance-type source of the same provider.
    static const char* const kFill = R"SQL(
UPDATE offers SET
    vcpus = COALESCE(vcpus, (SELECT s.vcpus FROM specs s WHERE s.provider = offers.provider
        AND s.instance_type = offers.instance_type AND s.vcpus IS NOT NULL ORDER BY s.id DESC LIMIT 1)),
    memory_gib = COALESCE(memory_gib, (SELECT s.memory_gib FROM specs s WHERE s.provider = offers.provider
        AND s.instance_type = offers.instance_type AND s.memory_gib IS NOT NULL ORDER BY s.id DESC LIMIT 1)),
    gpus = COALESCE(gpus, (SELECT s.gpus FROM specs s WHERE s.provider = offers.provider
        AND s.instance_type = offers.instance_type AND s.gpus IS NOT NULL ORDER BY s.id DESC LIMIT 1)),
    arch = CASE WHEN arch <> '' THEN arch ELSE COALESCE((SELECT s.arch FROM specs s
        WHERE s.provider = offers.provider AND s.instance_type = offers.instance_type AND s.arch <> ''
        ORDER BY s.id DESC LIMIT 1), '') END
WHERE provider = ?1 AND (vcpus IS NULL OR memory_gib IS NULL OR arch = '' OR gpus IS NULL)
    AND EXISTS (SELECT 1 FROM specs s WHERE s.provider = offers.provider
        AND s.instance_type = offers.instance_type);
UPDATE offers SET
    per_vcpu = CASE WHEN vcpus > 0 THEN effective_hourly / vcpus END,
    per_gib = CASE WHEN memory_gib > 0 THEN effective_hourly / memory_gib END
WHERE provider = ?1 AND ((per_vcpu IS NULL AND vcpus > 0) OR (per_gib IS NULL AND memory_gib > 0));
)SQL";
    // Two statements: prepare and run each.
    std::string_view all(kFill);
    const auto split = all.find("UPDATE offers SET\n    per_vcpu");
    for (auto part : {all.substr(0, split), all.substr(split)}) {
        auto st = m_db.prepare(part);
        if (!st) {
            return st.error();
        }
        if (auto r = st->bind(1, provider).run(); !r) {
            return r;
        }
    }
    return {};
}

Result<std::vector<SourceRecord>> Workspace::sources()
{
    auto q = m_db.prepare(std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY id");
    if (!q) {
        return q.error();
    }
    std::vector<SourceRecord> out;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            break;
        }
        out.push_back(readSource(*q));
    }
    return out;
}

Status Workspace::removeSource(std::int64_t id)
{
    auto tx = sql::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    std::string provider;
    {
        auto q = m_db.prepare("SELECT provider FROM sources WHERE id=?");
        if (!q) {
            return q.error();
        }
        q->bind(1, id);
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (!*row) {
            return makeError(Error::Code::NotFound,
                             "no source with id " + std::to_string(id)
                                 + " (see `cloudcost sources`)");
        }
        provider = q->text(0);
    }
    auto del = m_db.prepare("DELETE FROM sources WHERE id=?");
    if (!del) {
        return del.error();
    }
    if (auto st = del->bind(1, id).run(); !st) {
        return st;
    }
    if (provider == "gcp") {
        std::vector<std::string> notes;
        if (auto st = reassembleGcp(notes); !st) {
            return st;
        }
    }
    return tx->commit();
}

Result<bool> Workspace::ensureBuiltinCatalog()
{
    {
        auto q = m_db.prepare("SELECT COUNT(*) FROM sources");
        if (!q) {
            return q.error();
        }
        auto row = q->step();
        if (!row) {
            return row.error();
        }
        if (q->int64(0) > 0) {
            return false;
        }
    }
    auto loaded = importCatalogJson(data::builtinCatalogJson(), "built-in catalog", true);
    if (!loaded) {
        return loaded.error();
    }
    return true;
}

Result<std::vector<SourceRecord>>
Workspace::importCatalogJson(std::string_view text, const std::string& name, bool builtin)
{
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        return makeError(Error::Code::ParseFailed,
                         "not valid JSON at byte " + std::to_string(e.byte),
                         name);
    }
    if (!doc.is_object() || doc.value("format", std::string()) != "cloudcost-catalog") {
        return makeError(Error::Code::InvalidInput, "not a cloudcost catalog", name);
    }
    if (doc.value("format_version", 0) != 1) {
        return makeError(Error::Code::Unsupported, "unsupported catalog format_version", name);
    }
    const json& sourcesJson = doc["sources"];
    if (!sourcesJson.is_array()) {
        return makeError(Error::Code::InvalidInput, "catalog has no \"sources\" array", name);
    }
    auto tx = sql::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    std::map<std::int64_t, std::unique_ptr<StoreSink>> sinks;
    std::vector<SourceRecord> records;
    const std::string importedAt = text::nowUtcIso();
    for (std::size_t i = 0; i < sourcesJson.size(); ++i) {
        const json& sj = sourcesJson[i];
        const std::string where = name + ": sources[" + std::to_string(i) + "]";
        if (!sj.is_object() || !sj.contains("id") || !sj["id"].is_number_integer()
            || !sj.contains("name") || !sj["name"].is_string()) {
            return makeError(Error::Code::InvalidInput,
                             "source needs an integer id and a name",
                             where);
        }
        SourceRecord s;
        s.name = sj["name"].get<std::string>();
        s.sha256 = sj.value("sha256", std::string());
        s.format = sj.value("format", std::string());
        s.provider = sj.value("provider", std::string());
        s.publishedAt = sj.value("published_at", std::string());
        s.version = sj.value("version", std::string());
        s.key = sj.value("key", s.format + ":" + s.name);
        s.importedAt = importedAt;
        s.builtin = builtin;
        s.stats.rowsRead = sj.value("rows_read", std::uint64_t{0});
        if (auto st = insertSource(m_db, s, {{"catalog", name}}); !st) {
            return st.error();
        }
        auto sink = std::make_unique<StoreSink>(m_db, s.id);
        if (auto st = sink->prepare(); !st) {
            return st.error();
        }
        const auto catalogId = sj["id"].get<std::int64_t>();
        if (sinks.count(catalogId)) {
            return makeError(Error::Code::InvalidInput, "duplicate source id", where);
        }
        sinks[catalogId] = std::move(sink);
        records.push_back(s);
    }
    auto sinkFor = [&](const json& row, const std::string& where) -> Result<StoreSink*> {
        const auto it = row.find("source");
        if (it == row.end() || !it->is_number_integer() || !sinks.count(it->get<std::int64_t>())) {
            return makeError(Error::Code::InvalidInput, "row names no known source", where);
        }
        return sinks[it->get<std::int64_t>()].get();
    };
    auto load = [&](const char* section, auto parse, auto add) -> Status {
        const auto it = doc.find(section);
        if (it == doc.end()) {
            return {};
        }
        if (!it->is_array()) {
            return makeError(Error::Code::InvalidInput,
                             std::string(section) + " must be an array",
                             name);
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            const std::string where = name + ": " + section + "[" + std::to_string(i) + "]";
            auto sink = sinkFor((*it)[i], where);
            if (!sink) {
                return sink.error();
            }
            auto value = parse((*it)[i], where);
            if (!value) {
                return value.error();
            }
            if (auto st = add(**sink, *value); !st) {
                Error e = st.error();
                e.context = where;
                return e;
            }
        }
        return {};
    };
    if (auto st = load("specs",
                       specFromJson,
                       [](StoreSink& k, const InstanceSpec& v) { return k.addSpec(v); });
        !st) {
        return st.error();
    }
    if (auto st = load("offers",
                       offerFromJson,
                       [](StoreSink& k, const Offer& v) { return k.addOffer(v); });
        !st) {
        return st.error();
    }
    if (auto st = load("spot_advice",
                       spotAdviceFromJson,
                       [](StoreSink& k, const SpotAdvice& v) { return k.addSpotAdvice(v); });
        !st) {
        return st.error();
    }
    if (auto st =
            load("rates", rateFromJson, [](StoreSink& k, const Rate& v) { return k.addRate(v); });
        !st) {
        return st.error();
    }
    std::set<std::string> providers;
    std::size_t index = 0;
    for (auto& [catalogId, sink] : sinks) {
        (void)catalogId;
        auto& s = records[index++];
        const auto rowsRead = s.stats.rowsRead;
        s.stats = sink->stats();
        s.stats.rowsRead = rowsRead;
        if (auto rep = replaceOlder(m_db, s); !rep) {
            return rep.error();
        }
        if (auto st = finishSource(m_db, s); !st) {
            return st.error();
        }
        if (!s.provider.empty()) {
            providers.insert(s.provider);
        }
    }
    for (const auto& p : providers) {
        if (auto st = fillSpecsFromInstanceTypes(p); !st) {
            return st.error();
        }
    }
    if (auto st = tx->commit(); !st) {
        return st.error();
    }
    return records;
}

Result<std::string> Workspace::exportCatalogJson(const std::vector<std::int64_t>& sourceIds,
                                                 const OfferQuery& filter,
                                                 const std::string& description)
{
    auto all = sources();
    if (!all) {
        return all.error();
    }
    json doc = {{"format", "cloudcost-catalog"},
                {"format_version", 1},
                {"generated_at", text::nowUtcIso()},
                {"generator", "cloudcost catalog export"},
                {"description", description}};
    json sourcesJson = json::array();
    json offers = json::array();
    json specsJson = json::array();
    json advice = json::array();
    json rates = json::array();
    auto wanted = [&](std::int64_t id) {
        return sourceIds.empty()
               || std::find(sourceIds.begin(), sourceIds.end(), id) != sourceIds.end();
    };
    const auto where = detail::offerWhere(filter);
    for (const auto& s : *all) {
        if (!wanted(s.id)) {
            continue;
        }
        // Offers of this source matching the filter.
        auto q =
            m_db.prepare("SELECT o.provider, o.service, o.region, o.zone, o.instance_type, "
                         "o.vcpus, o.memory_gib,"
                         " o.gpus, o.gpu_model, o.gpu_memory_gib, o.arch, o.os, o.license_model,"
                         " o.preinstalled_software, o.tenancy, o.purchase_option, o.term_months,"
                         " o.payment_option, o.offering_class, o.hourly, o.upfront, o.currency,"
                         " o.effective_date, o.sku FROM offers o WHERE o.source_id = ? AND "
                         + where.sql + " ORDER BY o.id");
        if (!q) {
            return q.error();
        }
        q->bind(1, s.id);
        detail::bindAll(*q, where.values, 2);
        std::size_t kept = 0;
        std::set<std::string> types;
        for (;;) {
            auto row = q->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            Offer o;
            o.provider = q->text(0);
            o.service = q->text(1);
            o.region = q->text(2);
            o.zone = q->text(3);
            o.instanceType = q->text(4);
            o.vcpus = q->optReal(5);
            o.memoryGib = q->optReal(6);
            o.gpus = q->optReal(7);
            o.gpuModel = q->text(8);
            o.gpuMemoryGib = q->optReal(9);
            o.arch = q->text(10);
            o.os = q->text(11);
            o.licenseModel = q->text(12);
            o.preinstalledSoftware = q->text(13);
            o.tenancy = q->text(14);
            o.purchaseOption =
                parsePurchaseOption(q->textView(15)).value_or(PurchaseOption::OnDemand);
            o.termMonths = static_cast<int>(q->int64(16));
            o.paymentOption = parsePaymentOption(q->textView(17)).value_or(PaymentOption::None);
            o.offeringClass = q->text(18);
            o.hourly = q->real(19);
            o.upfront = q->real(20);
            o.currency = q->text(21);
            o.effectiveDate = q->text(22);
            o.sku = q->text(23);
            types.insert(o.instanceType);
            json j = offerToJson(o);
            j["source"] = s.id;
            offers.push_back(std::move(j));
            ++kept;
        }
        // Specs and spot advice for the instance types kept (or all, for spec-only sources).
        const bool specOnly = s.stats.offersStored == 0;
        auto sq = m_db.prepare(
            "SELECT provider, instance_type, family, vcpus, physical_cores, memory_gib, gpus,"
            " gpu_model, gpu_memory_gib, arch, processor, clock_ghz, network, network_gbps,"
            " local_storage, local_storage_gb, bare_metal, shared_cpu FROM specs WHERE source_id=?"
            " ORDER BY id");
        if (!sq) {
            return sq.error();
        }
        sq->bind(1, s.id);
        std::size_t keptSpecs = 0;
        for (;;) {
            auto row = sq->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            InstanceSpec x = readSpec(*sq);
            if (!specOnly && !types.count(x.instanceType)) {
                continue;
            }
            if (specOnly && !allowedBy(filter.providers, x.provider)) {
                continue;
            }
            json j = specToJson(x);
            j["source"] = s.id;
            specsJson.push_back(std::move(j));
            ++keptSpecs;
        }
        auto aq = m_db.prepare(
            "SELECT provider, region, zone, os, instance_type, savings_pct, interruption_pct,"
            " bucket, bucket_max_pct FROM spot_advice WHERE source_id=? ORDER BY id");
        if (!aq) {
            return aq.error();
        }
        aq->bind(1, s.id);
        std::size_t keptAdvice = 0;
        for (;;) {
            auto row = aq->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            SpotAdvice a;
            a.provider = aq->text(0);
            a.region = aq->text(1);
            if (!allowedBy(filter.regions, a.region)) {
                continue;
            }
            a.zone = aq->text(2);
            a.os = aq->text(3);
            a.instanceType = aq->text(4);
            a.savingsPct = aq->optReal(5);
            a.interruptionPct = aq->optReal(6);
            a.interruptionBucket = aq->text(7);
            a.interruptionMaxPct = aq->optReal(8);
            json j = spotAdviceToJson(a);
            j["source"] = s.id;
            advice.push_back(std::move(j));
            ++keptAdvice;
        }
        auto rq = m_db.prepare(
            "SELECT provider, service, product_family, region, sku, description, usage_type, unit,"
            " unit_block, begin_range, end_range, price, currency, term_type, effective_date,"
            " family, resource FROM rates WHERE source_id=? ORDER BY id");
        if (!rq) {
            return rq.error();
        }
        rq->bind(1, s.id);
        std::size_t keptRates = 0;
        for (;;) {
            auto row = rq->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            Rate x = readRate(*rq);
            if (!allowedBy(filter.regions, x.region)) {
                continue;
            }
            json j = rateToJson(x);
            j["source"] = s.id;
            rates.push_back(std::move(j));
            ++keptRates;
        }
        if (kept == 0 && keptSpecs == 0 && keptAdvice == 0 && keptRates == 0) {
            continue;
        }
        sourcesJson.push_back({{"id", s.id},
                               {"name", s.name},
                               {"sha256", s.sha256},
                               {"format", s.format},
                               {"provider", s.provider},
                               {"published_at", s.publishedAt},
                               {"version", s.version},
                               {"key", s.key},
                               {"imported_at", s.importedAt},
                               {"rows_read", s.stats.rowsRead},
                               {"offers_in_source", s.stats.offersStored},
                               {"offers_kept", kept}});
    }
    doc["sources"] = std::move(sourcesJson);
    doc["offers"] = std::move(offers);
    doc["specs"] = std::move(specsJson);
    doc["spot_advice"] = std::move(advice);
    doc["rates"] = std::move(rates);
    return dumpCatalog(doc);
}

Result<std::vector<InstanceSpec>> Workspace::specs(const std::vector<std::string>& providers,
                                                   const std::string& instanceRegex)
{
    std::string sql =
        "SELECT provider, instance_type, family, vcpus, physical_cores, memory_gib, gpus,"
        " gpu_model, gpu_memory_gib, arch, processor, clock_ghz, network, network_gbps,"
        " local_storage, local_storage_gb, bare_metal, shared_cpu FROM specs WHERE 1=1";
    std::vector<detail::SqlValue> values;
    if (!providers.empty()) {
        sql += " AND provider IN (";
        for (std::size_t i = 0; i < providers.size(); ++i) {
            sql += i ? ",?" : "?";
            values.emplace_back(providers[i]);
        }
        sql += ")";
    }
    if (!instanceRegex.empty()) {
        sql += " AND regexp(?, instance_type)";
        values.emplace_back(instanceRegex);
    }
    // The newest source wins when several describe the same type.
    sql += " AND id = (SELECT MAX(id) FROM specs t WHERE t.provider = specs.provider"
           " AND t.instance_type = specs.instance_type) ORDER BY provider, instance_type";
    auto q = m_db.prepare(sql);
    if (!q) {
        return q.error();
    }
    detail::bindAll(*q, values);
    std::vector<InstanceSpec> out;
    for (;;) {
        auto row = q->step();
        if (!row) {
            return makeError(Error::Code::InvalidInput, row.error().message);
        }
        if (!*row) {
            break;
        }
        InstanceSpec x = readSpec(*q);
        out.push_back(std::move(x));
    }
    return out;
}

Result<std::size_t> Workspace::importFxCsv(const std::filesystem::path& path)
{
    auto file = InputFile::open(path);
    if (!file) {
        return file.error();
    }
    const std::string name = path.filename().string();
    CsvReader reader(*file, name);
    std::vector<std::string_view> fields;
    auto header = reader.next(fields);
    if (!header) {
        return header.error();
    }
    if (!*header) {
        return makeError(Error::Code::InvalidInput, "file is empty", name);
    }
    std::map<std::string, std::size_t> cols;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        cols[text::toLower(text::trim(fields[i]))] = i;
    }
    for (const char* need : {"date", "base", "quote", "rate"}) {
        if (!cols.count(need)) {
            return makeError(Error::Code::InvalidInput,
                             std::string("header lacks column '") + need
                                 + "' (expected date,base,quote,rate[,source])",
                             name + ":1");
        }
    }
    std::vector<FxRate> rates;
    std::vector<std::string> where; // file:line of each rate, for the errors setFxRate reports
    for (;;) {
        auto r = reader.next(fields);
        if (!r) {
            return r.error();
        }
        if (!*r) {
            break;
        }
        if (fields.size() == 1 && text::trim(fields[0]).empty()) {
            continue;
        }
        auto get = [&](const char* c) -> std::string {
            const auto it = cols.find(c);
            return it != cols.end() && it->second < fields.size()
                       ? std::string(text::trim(fields[it->second]))
                       : std::string();
        };
        FxRate rate;
        rate.asOf = get("date");
        rate.base = get("base");
        rate.quote = get("quote");
        const auto value = text::parseDouble(get("rate"));
        if (!value) {
            return makeError(Error::Code::InvalidInput,
                             "rate '" + text::printable(get("rate")) + "' is not a number",
                             reader.where());
        }
        rate.rate = *value;
        rate.source = get("source");
        if (rate.source.empty()) {
            rate.source = name;
        }
        rates.push_back(rate);
        where.push_back(reader.where());
    }
    if (rates.empty()) {
        return makeError(Error::Code::InvalidInput, "no rates in file", name);
    }
    auto tx = sql::Transaction::begin(m_db);
    if (!tx) {
        return tx.error();
    }
    for (std::size_t i = 0; i < rates.size(); ++i) {
        if (auto st = setFxRate(rates[i]); !st) {
            Error e = st.error();
            e.context = where[i];
            return e;
        }
    }
    if (auto st = tx->commit(); !st) {
        return st.error();
    }
    return rates.size();
}

Status Workspace::reassembleGcp(std::vector<std::string>& notes)
{
#ifdef CLOUDCOST_HAVE_GCP_ASSEMBLY
    // GCP publishes per-core and per-GiB prices; VM prices are assembled from them and the
    // machine-type specs, into one derived source that names its inputs.
    std::vector<Rate> components;
    std::set<std::int64_t> rateSources;
    {
        auto q = m_db.prepare(
            "SELECT r.provider, r.service, r.product_family, r.region, r.sku, r.description,"
            " r.usage_type, r.unit, r.unit_block, r.begin_range, r.end_range, r.price, r.currency,"
            " r.term_type, r.effective_date, r.family, r.resource, r.source_id FROM rates r"
            " WHERE r.provider = 'gcp' AND r.family <> '' AND r.resource <> '' ORDER BY r.id");
        if (!q) {
            return q.error();
        }
        for (;;) {
            auto row = q->step();
            if (!row) {
                return row.error();
            }
            if (!*row) {
                break;
            }
            Rate r = readRate(*q);
            rateSources.insert(q->int64(17));
            components.push_back(std::move(r));
        }
    }
    auto machineTypes = specs({"gcp"}, "");
    if (!machineTypes) {
        return machineTypes.error();
    }
    if (auto st = m_db.exec("DELETE FROM sources WHERE format = 'gcp-assembled'"); !st) {
        return st;
    }
    if (components.empty() || machineTypes->empty()) {
        return {};
    }
    std::vector<std::string> assemblyNotes;
    const auto offers = assembleGcpOffers(components, *machineTypes, &assemblyNotes);
    if (offers.empty()) {
        notes.insert(notes.end(), assemblyNotes.begin(), assemblyNotes.end());
        return {};
    }
    SourceRecord s;
    std::string inputs;
    for (auto id : rateSources) {
        inputs += (inputs.empty() ? "" : ",") + std::to_string(id);
    }
    s.name =
        "GCP VM prices assembled from component SKUs (sources " + inputs + ") and machine types";
    s.sha256 = Sha256::of(inputs + ":" + std::to_string(components.size()) + ":"
                          + std::to_string(machineTypes->size()));
    s.format = "gcp-assembled";
    s.provider = "gcp";
    s.key = "gcp-assembled";
    s.importedAt = text::nowUtcIso();
    if (auto st = insertSource(m_db, s, {{"inputs", inputs}}); !st) {
        return st;
    }
    StoreSink sink(m_db, s.id);
    if (auto st = sink.prepare(); !st) {
        return st;
    }
    for (const auto& o : offers) {
        if (auto st = sink.addOffer(o); !st) {
            return st;
        }
    }
    s.stats = sink.stats();
    s.stats.rowsRead = components.size();
    if (auto st = finishSource(m_db, s); !st) {
        return st;
    }
    notes.push_back("assembled " + std::to_string(offers.size())
                    + " GCP VM offers from component prices and machine types");
    notes.insert(notes.end(), assemblyNotes.begin(), assemblyNotes.end());
    return fillSpecsFromInstanceTypes("gcp");
#else
    (void)notes;
    return {};
#endif
}

} // namespace cloudcost::pricing
