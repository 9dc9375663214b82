#include "pricing/Workspace.h"

#include "common/AtomicFile.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <limits>

#include "tests/support/TestData.h"

using namespace cloudcost;
using namespace cloudcost::pricing;

namespace {

// A temporary workspace file, removed at the end of the test.
struct TempWorkspace
{
    std::filesystem::path dir = testing::makeTempDir("ws");
    std::filesystem::path db = dir / "w.db";
    Workspace ws = std::move(*Workspace::open(db));
    ~TempWorkspace() { std::filesystem::remove_all(dir); }

    std::filesystem::path write(const std::string& name, const std::string& content) const
    {
        const auto p = dir / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    std::int64_t count(const std::string& table)
    {
        auto q = ws.database().prepare("SELECT COUNT(*) FROM " + table);
        REQUIRE(q);
        REQUIRE(*q->step());
        return q->int64(0);
    }
};

const char* kPriceBook = "# cloudcost price book\n"
                         "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n"
                         "tencent,ap-guangzhou,S5.LARGE8,4,8,0.5,CNY\n"
                         "tencent,ap-guangzhou,S5.2XLARGE16,8,16,1.0,CNY\n";

} // namespace

TEST_CASE("A new workspace has the current schema and WAL", "[pricing][workspace]")
{
    TempWorkspace t;
    auto q = t.ws.database().prepare("SELECT value FROM meta WHERE key='schema_version'");
    REQUIRE(*q->step());
    CHECK(q->text(0) == std::to_string(Workspace::kSchemaVersion));
    // Opening again does not migrate twice.
    auto again = Workspace::open(t.db);
    REQUIRE(again);
}

TEST_CASE("A schema-2 workspace is migrated to the covering and narrow price indexes",
          "[pricing][workspace]")
{
    TempWorkspace t;
    const auto file = t.write("tencent.csv", kPriceBook);
    REQUIRE(t.ws.importFile(file));
    // Put the workspace back to schema 2's indexes, as a previous cloudcost left it.
    REQUIRE(t.ws.database().exec(
        "DROP INDEX offers_region_price; DROP INDEX offers_effective; DROP INDEX offers_os;"
        " DROP INDEX offers_large;"
        " CREATE INDEX offers_region_price ON offers(provider, region, effective_hourly, vcpus,"
        " memory_gib); CREATE INDEX offers_effective ON offers(effective_hourly, vcpus,"
        " memory_gib); UPDATE meta SET value='2' WHERE key='schema_version'"));
    auto columns = [](Workspace& ws, const std::string& index) {
        std::vector<std::string> out;
        auto q = ws.database().prepare("SELECT name FROM pragma_index_info(?) ORDER BY seqno");
        REQUIRE(q);
        q->bind(1, index);
        while (*q->step()) {
            out.push_back(q->text(0));
        }
        return out;
    };
    REQUIRE(columns(t.ws, "offers_effective").size() == 3);
    auto migrated = Workspace::open(t.db);
    REQUIRE(migrated);
    const auto eff = columns(*migrated, "offers_effective");
    CHECK(eff.front() == "effective_hourly");
    for (const char* c :
         {"arch", "os", "purchase_option", "offering_class", "provider", "region"}) {
        CHECK(std::find(eff.begin(), eff.end(), c) != eff.end());
    }
    const auto region = columns(*migrated, "offers_region_price");
    CHECK(std::vector<std::string>(region.begin(), region.begin() + 3)
          == std::vector<std::string>{"provider", "region", "effective_hourly"});
    CHECK(std::find(region.begin(), region.end(), "per_vcpu") != region.end());
    // Migration 4: the narrow OS and large-shape indexes.
    CHECK(columns(*migrated, "offers_os") == std::vector<std::string>{"os", "effective_hourly"});
    CHECK(columns(*migrated, "offers_large").size() == 3);
    // The offers survive the migration and queries still answer.
    pricing::OfferQuery q;
    auto page = migrated->queryOffers(q);
    REQUIRE(page);
    CHECK(page->rows.size() == 2);
}

TEST_CASE("A workspace from a newer cloudcost is refused", "[pricing][workspace][error]")
{
    TempWorkspace t;
    REQUIRE(t.ws.database().exec("UPDATE meta SET value='99' WHERE key='schema_version'"));
    auto again = Workspace::open(t.db);
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message, Catch::Matchers::Contains("newer cloudcost"));
}

TEST_CASE("An import records provenance and re-importing replaces the source",
          "[pricing][workspace]")
{
    TempWorkspace t;
    const auto file = t.write("tencent.csv", kPriceBook);
    auto first = t.ws.importFile(file);
    REQUIRE(first);
    CHECK(first->source.stats.offersStored == 2);
    CHECK(first->source.sha256.size() == 64);
    CHECK(first->source.format == "cloudcost-pricebook-csv");
    CHECK_FALSE(first->replacedSourceId);
    auto second = t.ws.importFile(file);
    REQUIRE(second);
    REQUIRE(second->replacedSourceId);
    CHECK(*second->replacedSourceId == first->source.id);
    CHECK(t.count("offers") == 2);
    CHECK(t.count("sources") == 1);
}

TEST_CASE("A failing import leaves the workspace exactly as it was", "[pricing][workspace][error]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("good.csv", kPriceBook)));
    const std::string bad = std::string(kPriceBook) + "tencent,ap-guangzhou,S5.X,8,16,-3,CNY\n";
    auto r = t.ws.importFile(t.write("good2.csv", bad));
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("good2.csv"));
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("negative"));
    CHECK(t.count("offers") == 2);
    CHECK(t.count("sources") == 1);
}

TEST_CASE("Missing and odd files are refused with their name", "[pricing][workspace][error]")
{
    TempWorkspace t;
    const auto [name, content, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"empty.json", "", "file is empty"},
        {"spaces.csv", "  \n\n", "file is empty"},
        {"random.txt", "hello world, this is not a price sheet\n", "not a price sheet"},
    }));
    INFO(name);
    auto r = t.ws.importFile(t.write(name, content));
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains(name));
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains(expected));
    auto missing = t.ws.importFile(t.dir / "nope.json");
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().describe(), Catch::Matchers::Contains("no such file"));
    auto dir = t.ws.importFile(t.dir);
    REQUIRE_FALSE(dir);
    CHECK_THAT(dir.error().describe(), Catch::Matchers::Contains("directory"));
    CHECK(t.count("sources") == 0);
}

TEST_CASE("Offers filter and sort by effective price per vCPU", "[pricing][workspace][query]")
{
    TempWorkspace t;
    REQUIRE(
        t.ws.importFile(t.write("book.csv",
                                "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n"
                                "onprem,dc1,big,16,64,1.6,USD\n"
                                "onprem,dc1,small,2,4,0.3,USD\n"
                                "onprem,dc2,mid,8,32,0.4,USD\n")));
    OfferQuery q;
    q.minVcpus = 4;
    q.sort = OfferQuery::Sort::PerVcpu;
    auto page = t.ws.queryOffers(q);
    REQUIRE(page);
    REQUIRE(page->rows.size() == 2);
    CHECK(page->rows[0].offer.instanceType == "mid"); // 0.05 per vCPU
    CHECK(page->rows[1].offer.instanceType == "big"); // 0.10 per vCPU
    q.regions = {"dc1"};
    page = t.ws.queryOffers(q);
    REQUIRE(page->rows.size() == 1);
    q = {};
    q.instanceRegex = "^(big|mid)$";
    q.sort = OfferQuery::Sort::EffectiveHourly;
    q.descending = true;
    page = t.ws.queryOffers(q);
    REQUIRE(page->rows.size() == 2);
    CHECK(page->rows[0].offer.instanceType == "big");
    q.instanceRegex = "([";
    CHECK_FALSE(t.ws.queryOffers(q));
}

TEST_CASE("Converting currency needs a dated rate and says which it used",
          "[pricing][workspace][fx]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("tencent.csv", kPriceBook)));
    OfferQuery q;
    q.currency = "USD";
    auto missing = t.ws.queryOffers(q);
    REQUIRE_FALSE(missing);
    CHECK_THAT(missing.error().message,
               Catch::Matchers::Contains("no exchange rate from CNY to USD"));
    REQUIRE(t.ws.setFxRate({"USD", "CNY", 7.0, "2026-11-01", "test rate"}));
    REQUIRE(t.ws.setFxRate({"USD", "CNY", 8.0, "2025-01-01", "older rate"}));
    auto page = t.ws.queryOffers(q);
    REQUIRE(page);
    REQUIRE(page->rows.size() == 2);
    CHECK(page->rows[0].reportHourly == Approx(0.5 / 7.0));
    CHECK(page->rows[0].reportCurrency == "USD");
    CHECK(page->rows[0].offer.currency == "CNY");
    REQUIRE(page->ratesUsed.size() == 1);
    CHECK(page->ratesUsed[0].asOf == "2026-11-01");
    CHECK_FALSE(t.ws.setFxRate({"USD", "XXX", 1.0, "2026-11-01", ""}));
    CHECK_FALSE(t.ws.setFxRate({"USD", "EUR", -1.0, "2026-11-01", ""}));
    CHECK_FALSE(t.ws.setFxRate({"USD", "EUR", 0.9, "1 Nov 2026", ""}));
}

TEST_CASE("Removing a source removes its rows", "[pricing][workspace]")
{
    TempWorkspace t;
    auto r = t.ws.importFile(t.write("tencent.csv", kPriceBook));
    REQUIRE(r);
    REQUIRE(t.ws.removeSource(r->source.id));
    CHECK(t.count("offers") == 0);
    CHECK_FALSE(t.ws.removeSource(r->source.id));
}

TEST_CASE("The built-in catalog loads into a new workspace once", "[pricing][workspace][builtin]")
{
    TempWorkspace t;
    auto loaded = t.ws.ensureBuiltinCatalog();
    REQUIRE(loaded);
    CHECK(*loaded);
    auto sources = t.ws.sources();
    REQUIRE(sources);
    REQUIRE_FALSE(sources->empty());
    for (const auto& s : *sources) {
        CHECK(s.builtin);
        CHECK(s.sha256.size() == 64);
        CHECK_FALSE(s.name.empty());
    }
    CHECK(t.count("offers") > 1000);
    auto again = t.ws.ensureBuiltinCatalog();
    REQUIRE(again);
    CHECK_FALSE(*again);
}

TEST_CASE("A catalog export reads back to the same offers", "[pricing][workspace][catalog]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("tencent.csv", kPriceBook)));
    auto text = t.ws.exportCatalogJson({}, OfferQuery{}, "round trip");
    REQUIRE(text);
    TempWorkspace other;
    auto loaded = other.ws.importCatalogJson(*text, "rt.json", false);
    REQUIRE(loaded);
    REQUIRE(loaded->size() == 1);
    CHECK((*loaded)[0].name == "tencent.csv");
    OfferQuery q;
    auto a = t.ws.queryOffers(q);
    auto b = other.ws.queryOffers(q);
    REQUIRE(a->rows.size() == b->rows.size());
    for (std::size_t i = 0; i < a->rows.size(); ++i) {
        CHECK(a->rows[i].offer.instanceType == b->rows[i].offer.instanceType);
        CHECK(a->rows[i].offer.hourly == b->rows[i].offer.hourly);
        CHECK(a->rows[i].offer.vcpus == b->rows[i].offer.vcpus);
    }
}

TEST_CASE("Every index walk a query can take returns the same cheapest offers",
          "[pricing][workspace][query]")
{
    // 60,000 offers of one provider (above the 50,000-entry probe, so its filter walks the
    // price index), a rare provider and OS (seeks), and large shapes (the partial index). Each
    // limited query must equal a brute-force sort of the same rows.
    TempWorkspace t;
    std::string book = "# cloudcost price book\n"
                       "provider,region,instance_type,vcpus,memory_gib,hourly,currency,os\n";
    struct Row
    {
        std::string provider, os;
        int vcpus;
        double hourly;
        std::string type;
    };
    std::vector<Row> rows;
    for (int i = 0; i < 60000; ++i) {
        // Prices spread without ties (i * a prime, modulo), shapes 1..64 vCPU.
        const double hourly = 0.01 + static_cast<double>((i * 7919) % 60000) / 1000.0;
        const int vcpus = 1 << (i % 7);
        rows.push_back({"bigcloud",
                        i % 50 == 0 ? "windows" : "linux",
                        vcpus,
                        hourly,
                        "t" + std::to_string(i)});
    }
    for (int i = 0; i < 30; ++i) {
        rows.push_back({"smallcloud", "linux", 16, 0.5 + i * 0.01, "s" + std::to_string(i)});
    }
    for (const auto& r : rows) {
        char line[160];
        std::snprintf(line,
                      sizeof line,
                      "%s,r1,%s,%d,%d,%.4f,USD,%s\n",
                      r.provider.c_str(),
                      r.type.c_str(),
                      r.vcpus,
                      r.vcpus * 4,
                      r.hourly,
                      r.os.c_str());
        book += line;
    }
    REQUIRE(t.ws.importFile(t.write("big.csv", book)));

    auto expect = [&](auto keep) {
        std::vector<const Row*> out;
        for (const auto& r : rows) {
            if (keep(r)) {
                out.push_back(&r);
            }
        }
        std::sort(out.begin(), out.end(), [](const Row* a, const Row* b) {
            return a->hourly < b->hourly;
        });
        std::vector<std::string> types;
        for (std::size_t i = 0; i < out.size() && i < 7; ++i) {
            types.push_back(out[i]->type);
        }
        return types;
    };
    auto got = [&](pricing::OfferQuery q) {
        q.limit = 7;
        auto page = t.ws.queryOffers(q);
        REQUIRE(page);
        std::vector<std::string> types;
        for (const auto& r : page->rows) {
            types.push_back(r.offer.instanceType);
        }
        return types;
    };
    pricing::OfferQuery common; // a provider with 60,000 offers: the price-index walk
    common.providers = {"bigcloud"};
    CHECK(got(common) == expect([](const Row& r) { return r.provider == "bigcloud"; }));
    pricing::OfferQuery rare; // 30 offers: SQLite's own plan through the region index
    rare.providers = {"smallcloud"};
    CHECK(got(rare) == expect([](const Row& r) { return r.provider == "smallcloud"; }));
    pricing::OfferQuery windows; // 1,200 offers: the OS index
    windows.os = {"windows"};
    CHECK(got(windows) == expect([](const Row& r) { return r.os == "windows"; }));
    pricing::OfferQuery linux; // common OS: the covering price index
    linux.os = {"linux"};
    CHECK(got(linux) == expect([](const Row& r) { return r.os == "linux"; }));
    pricing::OfferQuery large; // the partial index of 8 vCPUs and more
    large.minVcpus = 16;
    large.providers = {"bigcloud"};
    CHECK(got(large)
          == expect([](const Row& r) { return r.provider == "bigcloud" && r.vcpus >= 16; }));
}

namespace {

// Every stored offer as text, in a fixed order, to compare two workspaces' contents.
std::vector<std::string> offerRows(Workspace& ws)
{
    auto q = ws.database().prepare(
        "SELECT provider, region, instance_type, vcpus, memory_gib, gpus, arch, os, tenancy,"
        " purchase_option, hourly, effective_hourly, per_vcpu, per_gib, currency FROM offers"
        " ORDER BY provider, region, instance_type, hourly");
    REQUIRE(q);
    std::vector<std::string> rows;
    while (*q->step()) {
        std::string row;
        for (int c = 0; c < q->columnCount(); ++c) {
            row += (q->isNull(c) ? std::string("NULL") : q->text(c)) + "|";
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::string> offerIndexSql(Workspace& ws)
{
    auto q = ws.database().prepare("SELECT sql FROM sqlite_master WHERE type='index'"
                                   " AND tbl_name='offers' AND sql IS NOT NULL ORDER BY name");
    REQUIRE(q);
    std::vector<std::string> out;
    while (*q->step()) {
        out.push_back(q->text(0));
    }
    return out;
}

// SQLite's verdict on the whole file: "ok" or the first problem.
std::string integrityCheck(Workspace& ws)
{
    auto q = ws.database().prepare("PRAGMA integrity_check");
    REQUIRE(q);
    REQUIRE(*q->step());
    return q->text(0);
}

// A price book of n offers over a few providers, regions and shapes (prices vary per row).
std::string generatedPriceBook(int n, bool badLast)
{
    std::string text = "# cloudcost price book\n"
                       "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n";
    const char* providers[] = {"tencent", "huawei", "onprem"};
    for (int i = 0; i < n; ++i) {
        const int vcpus = 1 << (i % 6);
        const bool last = i == n - 1;
        text += std::string(providers[i % 3]) + ",region-" + std::to_string(i % 7) + ",type-"
                + std::to_string(i) + "," + std::to_string(vcpus) + "," + std::to_string(vcpus * 4)
                + "," + (badLast && last ? "-1" : std::to_string(0.01 * vcpus + 0.0001 * (i % 97)))
                + ",USD\n";
    }
    return text;
}

} // namespace

TEST_CASE("A large import builds the offer indexes at its end with the same result",
          "[pricing][workspace][bulk]")
{
    const std::string book = generatedPriceBook(400, false);
    TempWorkspace incremental;
    ImportOptions never;
    never.bulkIndexAfter = std::numeric_limits<std::uint64_t>::max();
    auto a = incremental.ws.importFile(incremental.write("book.csv", book), never);
    REQUIRE(a);

    TempWorkspace bulk;
    const auto indexesBefore = offerIndexSql(bulk.ws);
    REQUIRE(indexesBefore.size() >= 9);
    ImportOptions early;
    early.bulkIndexAfter = 50;
    const auto file = bulk.write("book.csv", book);
    auto b = bulk.ws.importFile(file, early);
    REQUIRE(b);
    CHECK(std::find_if(b->notes.begin(),
                       b->notes.end(),
                       [](const std::string& n) { return n.find("built the offer indexes") == 0; })
          != b->notes.end());
    CHECK(b->source.stats.offersStored == 400);
    CHECK(offerRows(bulk.ws) == offerRows(incremental.ws));
    // The same indexes, defined as the schema defines them, and a sound file.
    CHECK(offerIndexSql(bulk.ws) == indexesBefore);
    CHECK(integrityCheck(bulk.ws) == "ok");

    // Re-importing in bulk mode replaces the source (offers_source stays for the delete).
    auto again = bulk.ws.importFile(file, early);
    REQUIRE(again);
    CHECK(again->replacedSourceId);
    CHECK(bulk.count("offers") == 400);
    CHECK(offerIndexSql(bulk.ws) == indexesBefore);

    // A statement the caller left open keeps SQLite from dropping an index: the import then
    // inserts into the indexes as usual instead of failing.
    {
        auto open = bulk.ws.database().prepare("SELECT id FROM sources");
        REQUIRE(open);
        REQUIRE(*open->step());
        auto busy = bulk.ws.importFile(file, early);
        REQUIRE(busy);
        CHECK(std::none_of(busy->notes.begin(), busy->notes.end(), [](const std::string& n) {
            return n.find("built the offer indexes") == 0;
        }));
    }
    CHECK(bulk.count("offers") == 400);
    CHECK(offerIndexSql(bulk.ws) == indexesBefore);

    // A query that walks the rebuilt price index answers as the incremental workspace does.
    OfferQuery q;
    q.minVcpus = 8;
    q.sort = OfferQuery::Sort::PerVcpu;
    q.limit = 10;
    auto fromBulk = bulk.ws.queryOffers(q);
    auto fromIncremental = incremental.ws.queryOffers(q);
    REQUIRE(fromBulk);
    REQUIRE(fromIncremental);
    REQUIRE(fromBulk->rows.size() == 10);
    REQUIRE(fromBulk->rows.size() == fromIncremental->rows.size());
    for (std::size_t i = 0; i < fromBulk->rows.size(); ++i) {
        CHECK(fromBulk->rows[i].offer.instanceType == fromIncremental->rows[i].offer.instanceType);
    }
}

TEST_CASE("A large import that fails after dropping the indexes leaves them as they were",
          "[pricing][workspace][bulk][error]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("good.csv", kPriceBook)));
    const auto indexesBefore = offerIndexSql(t.ws);
    ImportOptions early;
    early.bulkIndexAfter = 50;
    auto r = t.ws.importFile(t.write("bad.csv", generatedPriceBook(300, true)), early);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("bad.csv"));
    CHECK(t.count("offers") == 2);
    CHECK(t.count("sources") == 1);
    CHECK(offerIndexSql(t.ws) == indexesBefore);
}

TEST_CASE("Offers without specs take them from instance types imported before or after",
          "[pricing][workspace][specs]")
{
    const std::string types =
        testing::sharedData("aws/describe-instance-types/describe-instance-types_25_instances.json")
            .string();
    const std::string book = "# cloudcost price book\n"
                             "provider,region,instance_type,vcpus,memory_gib,hourly,currency\n"
                             "aws,us-east-1,c5.large,,,0.085,USD\n"
                             "aws,us-east-1,a1.large,,,0.051,USD\n";
    for (const bool typesFirst : {true, false}) {
        INFO("instance types imported " << (typesFirst ? "before" : "after") << " the prices");
        TempWorkspace t;
        const auto prices = t.write("aws-book.csv", book);
        if (typesFirst) {
            REQUIRE(t.ws.importFile(types));
        }
        REQUIRE(t.ws.importFile(prices));
        if (!typesFirst) {
            REQUIRE(t.ws.importFile(types));
        }
        auto q = t.ws.database().prepare("SELECT instance_type, vcpus, memory_gib, arch, per_vcpu"
                                         " FROM offers ORDER BY instance_type");
        REQUIRE(q);
        REQUIRE(*q->step());
        CHECK(q->text(0) == "a1.large");
        CHECK(q->real(1) == 2);
        CHECK(q->real(2) == 4);
        CHECK(q->text(3) == "arm64");
        CHECK(q->real(4) == Approx(0.0255));
        REQUIRE(*q->step());
        CHECK(q->text(0) == "c5.large");
        CHECK(q->real(1) == 2);
        CHECK(q->real(2) == 4);
        CHECK(q->text(3) == "x86_64");
        CHECK(q->real(4) == Approx(0.0425));
    }
}

namespace {

// Records the stages and the last progress of each; cancels once a given stage begins.
struct StageRecorder : ProgressSink
{
    std::vector<std::string> stages;
    std::uint64_t lastDone = 0, lastTotal = 0;
    std::string cancelAt;
    bool cancel = false;
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        lastDone = done;
        lastTotal = total;
    }
    bool cancelled() const override { return cancel; }
    void stage(std::string_view what) override
    {
        stages.emplace_back(what);
        cancel = cancel || (!cancelAt.empty() && what == cancelAt);
    }
};

} // namespace

TEST_CASE("A large import reports building its indexes and can be cancelled while it does",
          "[pricing][workspace][bulk]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("good.csv", kPriceBook)));
    const auto indexesBefore = offerIndexSql(t.ws);
    const auto file = t.write("book.csv", generatedPriceBook(200, false));
    ImportOptions early;
    early.bulkIndexAfter = 50;

    StageRecorder cancelling;
    cancelling.cancelAt = "building the offer indexes";
    early.progress = &cancelling;
    auto r = t.ws.importFile(file, early);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Error::Code::Cancelled);
    CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("book.csv"));
    CHECK(t.count("offers") == 2);
    CHECK(offerIndexSql(t.ws) == indexesBefore);

    StageRecorder watching;
    early.progress = &watching;
    REQUIRE(t.ws.importFile(file, early));
    CHECK(watching.stages
          == std::vector<std::string>{"building the offer indexes", "writing to disk"});
    CHECK(watching.lastTotal == indexesBefore.size() - 1); // all but offers_source
    CHECK(watching.lastDone == watching.lastTotal);
    CHECK(t.count("offers") == 202);
}

namespace {

// generatedPriceBook with its own instance type names, so several books are different offers.
std::string namedPriceBook(const std::string& prefix, int n, bool badLast)
{
    std::string text = generatedPriceBook(n, badLast);
    for (auto at = text.find(",type-"); at != std::string::npos; at = text.find(",type-", at)) {
        text.replace(at + 1, 4, prefix);
        at += prefix.size();
    }
    return text;
}

bool hasNote(const ImportReport& r, const std::string& start)
{
    return std::any_of(r.notes.begin(), r.notes.end(), [&](const std::string& n) {
        return n.rfind(start, 0) == 0;
    });
}

} // namespace

TEST_CASE("An import batch keeps each good file, skips a bad one and builds the indexes once",
          "[pricing][workspace][bulk][batch]")
{
    // Two good books around a bad one; the first crosses the threshold and drops the indexes.
    TempWorkspace one; // the same good files one at a time, inserting into the indexes
    ImportOptions never;
    never.bulkIndexAfter = std::numeric_limits<std::uint64_t>::max();
    REQUIRE(one.ws.importFile(one.write("a.csv", namedPriceBook("ta", 300, false)), never));
    REQUIRE(one.ws.importFile(one.write("c.csv", namedPriceBook("tc", 200, false)), never));

    TempWorkspace t;
    const auto indexesBefore = offerIndexSql(t.ws);
    const auto a = t.write("a.csv", namedPriceBook("ta", 300, false));
    const auto b = t.write("b.csv", namedPriceBook("tb", 250, true));
    const auto c = t.write("c.csv", namedPriceBook("tc", 200, false));
    ImportOptions early;
    early.bulkIndexAfter = 100;
    StageRecorder stages;
    {
        auto batch = t.ws.beginImportBatch();
        REQUIRE(batch);
        auto ra = batch->add(a, early);
        REQUIRE(ra);
        CHECK(hasNote(*ra, "built the offer indexes"));
        auto rb = batch->add(b, early);
        REQUIRE_FALSE(rb);
        CHECK_THAT(rb.error().describe(), Catch::Matchers::Contains("b.csv:252"));
        auto rc = batch->add(c, early);
        REQUIRE(rc);
        CHECK_FALSE(hasNote(*rc, "built the offer indexes")); // already dropped by a.csv
        CHECK(batch->offersStored() == 500);
        REQUIRE(batch->commit(&stages));
        CHECK_FALSE(batch->add(a, early)); // the batch has ended
    }
    CHECK(stages.stages
          == std::vector<std::string>{"building the offer indexes", "writing to disk"});
    CHECK(t.count("sources") == one.count("sources"));
    CHECK(offerRows(t.ws) == offerRows(one.ws));
    CHECK(offerIndexSql(t.ws) == indexesBefore);
    CHECK(integrityCheck(t.ws) == "ok");
}

TEST_CASE("A bad file that dropped the indexes brings them back; the next large file drops them",
          "[pricing][workspace][bulk][batch][error]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("good.csv", kPriceBook)));
    const auto indexesBefore = offerIndexSql(t.ws);
    ImportOptions early;
    early.bulkIndexAfter = 50;
    auto batch = t.ws.beginImportBatch();
    REQUIRE(batch);
    REQUIRE_FALSE(batch->add(t.write("bad.csv", namedPriceBook("tb", 120, true)), early));
    // Inside the batch, before its commit: the bad file's offers and its drop are undone.
    CHECK(t.count("offers") == 2);
    CHECK(offerIndexSql(t.ws) == indexesBefore);
    auto good = batch->add(t.write("big.csv", namedPriceBook("tg", 120, false)), early);
    REQUIRE(good);
    CHECK(hasNote(*good, "built the offer indexes"));
    REQUIRE(batch->commit());
    CHECK(t.count("offers") == 122);
    CHECK(offerIndexSql(t.ws) == indexesBefore);
}

TEST_CASE("An import batch stores nothing unless it commits", "[pricing][workspace][batch]")
{
    TempWorkspace t;
    REQUIRE(t.ws.importFile(t.write("good.csv", kPriceBook)));
    const auto indexesBefore = offerIndexSql(t.ws);
    const auto file = t.write("big.csv", namedPriceBook("tg", 200, false));
    ImportOptions early;
    early.bulkIndexAfter = 50;
    {
        auto batch = t.ws.beginImportBatch();
        REQUIRE(batch);
        REQUIRE(batch->add(file, early));
    } // dropped without commit
    CHECK(t.count("offers") == 2);
    CHECK(t.count("sources") == 1);
    CHECK(offerIndexSql(t.ws) == indexesBefore);

    // Cancelled while it builds the indexes at commit: nothing of the batch is stored either.
    {
        auto batch = t.ws.beginImportBatch();
        REQUIRE(batch);
        REQUIRE(batch->add(file, early));
        StageRecorder cancelling;
        cancelling.cancelAt = "building the offer indexes";
        auto st = batch->commit(&cancelling);
        REQUIRE_FALSE(st);
        CHECK(st.error().code == Error::Code::Cancelled);
    }
    CHECK(t.count("offers") == 2);
    CHECK(offerIndexSql(t.ws) == indexesBefore);

    // A later import into the same workspace works as usual.
    REQUIRE(t.ws.importFile(file, early));
    CHECK(t.count("offers") == 202);
}

TEST_CASE("Exchange rates import from CSV all or nothing, errors at their line",
          "[pricing][workspace][fx][error]")
{
    TempWorkspace t;
    const auto good = t.write("rates.csv",
                              "date,base,quote,rate,source\n"
                              "2026-11-02,USD,CNY,7.12,bank\n"
                              "\n"
                              "2026-11-02,EUR,USD,1.08,\n");
    auto n = t.ws.importFxCsv(good);
    REQUIRE(n);
    CHECK(*n == 2);
    auto rates = t.ws.fxRates();
    REQUIRE(rates);
    REQUIRE(rates->size() == 2);
    CHECK(rates->at(0).base == "EUR");
    CHECK(rates->at(0).source == "rates.csv"); // no source column value: the file
    CHECK(rates->at(1).source == "bank");

    struct Bad
    {
        const char* row;
        const char* message;
    };
    for (const Bad& bad : {Bad{"2026-11-03,USD,XXX,7.1,x", "unknown currency"},
                           Bad{"2026-11-03,USD,JPY,-3,x", "positive"},
                           Bad{"03/11/2026,USD,JPY,150,x", "YYYY-MM-DD"},
                           Bad{"2026-11-03,USD,JPY,abc,x", "not a number"}}) {
        INFO(bad.row);
        const auto file = t.write("bad.csv",
                                  std::string("date,base,quote,rate,source\n"
                                              "2026-11-03,USD,CNY,7.2,ok\n")
                                      + bad.row + "\n");
        auto r = t.ws.importFxCsv(file);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().describe(), Catch::Matchers::Contains("bad.csv:3"));
        CHECK_THAT(r.error().describe(), Catch::Matchers::Contains(bad.message));
        CHECK(t.ws.fxRates()->size() == 2); // the good row before it is not stored either
    }
}

TEST_CASE("A moved import batch carries on; the one moved from has ended",
          "[pricing][workspace][batch]")
{
    TempWorkspace t;
    auto begun = t.ws.beginImportBatch();
    REQUIRE(begun);
    ImportBatch batch = std::move(*begun);
    CHECK_FALSE(begun->add(t.write("a.csv", kPriceBook)));
    CHECK_FALSE(begun->commit());
    REQUIRE(batch.add(t.write("a.csv", kPriceBook)));
    REQUIRE(batch.commit());
    CHECK(t.count("offers") == 2);
}
