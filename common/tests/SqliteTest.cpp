#include "common/Sqlite.h"

#include <catch2/catch.hpp>

#include "tests/support/TestData.h"

using namespace cloudcost;

TEST_CASE("An uncommitted transaction rolls back", "[common][sqlite]")
{
    const auto dir = testing::makeTempDir("sqlite");
    auto db = sql::Database::open(dir / "t.db");
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t(x INTEGER)"));
    {
        auto tx = sql::Transaction::begin(*db);
        REQUIRE(tx);
        auto ins = db->prepare("INSERT INTO t(x) VALUES (?)");
        REQUIRE(ins);
        REQUIRE(ins->bind(1, 7).run());
    } // no commit
    {
        auto tx = sql::Transaction::begin(*db);
        REQUIRE(tx);
        auto ins = db->prepare("INSERT INTO t(x) VALUES (?)");
        REQUIRE(ins->bind(1, 8).run());
        REQUIRE(tx->commit());
    }
    auto q = db->prepare("SELECT group_concat(x) FROM t");
    REQUIRE(q);
    REQUIRE(*q->step());
    CHECK(q->text(0) == "8");
    std::filesystem::remove_all(dir);
}

TEST_CASE("A transaction inside another is a savepoint of it", "[common][sqlite]")
{
    const auto dir = testing::makeTempDir("sqlite");
    auto db = sql::Database::open(dir / "t.db");
    REQUIRE(db);
    REQUIRE(db->exec("CREATE TABLE t(x INTEGER)"));
    auto insert = [&](int x) {
        auto ins = db->prepare("INSERT INTO t(x) VALUES (?)");
        REQUIRE(ins);
        REQUIRE(ins->bind(1, x).run());
    };
    auto all = [&] {
        auto q = db->prepare("SELECT COALESCE(group_concat(x), '') FROM t");
        REQUIRE(q);
        REQUIRE(*q->step());
        return q->text(0);
    };
    {
        auto outer = sql::Transaction::begin(*db);
        REQUIRE(outer);
        insert(1);
        {
            auto kept = sql::Transaction::begin(*db);
            REQUIRE(kept);
            insert(2);
            {
                auto undone = sql::Transaction::begin(*db); // two levels deep
                REQUIRE(undone);
                insert(3);
            }
            REQUIRE(kept->commit());
        }
        {
            auto undone = sql::Transaction::begin(*db);
            REQUIRE(undone);
            insert(4);
            REQUIRE(db->exec("CREATE INDEX t_x ON t(x)"));
        } // its rows and its schema change are undone, the outer transaction goes on
        CHECK(all() == "1,2");
        insert(5);
        REQUIRE(outer->commit());
    }
    CHECK(all() == "1,2,5");
    auto idx = db->prepare("SELECT count(*) FROM sqlite_master WHERE name = 't_x'");
    REQUIRE(*idx->step());
    CHECK(idx->int64(0) == 0);
    {
        auto outer = sql::Transaction::begin(*db);
        REQUIRE(outer);
        auto inner = sql::Transaction::begin(*db);
        REQUIRE(inner);
        insert(6);
        REQUIRE(inner->commit());
    } // the outer one not committed: the released savepoint goes with it
    CHECK(all() == "1,2,5");
    std::filesystem::remove_all(dir);
}

TEST_CASE("The workspace database uses WAL with full sync", "[common][sqlite]")
{
    const auto dir = testing::makeTempDir("sqlite");
    auto db = sql::Database::open(dir / "w.db");
    REQUIRE(db);
    auto mode = db->prepare("PRAGMA journal_mode");
    REQUIRE(*mode->step());
    CHECK(mode->text(0) == "wal");
    auto sync = db->prepare("PRAGMA synchronous");
    REQUIRE(*sync->step());
    CHECK(sync->int64(0) == 2); // FULL
    std::filesystem::remove_all(dir);
}

TEST_CASE("A bad statement reports the SQL it could not prepare", "[common][sqlite][error]")
{
    auto db = sql::Database::open(":memory:");
    REQUIRE(db);
    auto st = db->prepare("SELEC nonsense");
    REQUIRE_FALSE(st);
    CHECK_THAT(st.error().message, Catch::Matchers::Contains("SELEC nonsense"));
}

TEST_CASE("Schema migrations run once each, in one transaction, and a newer schema is refused",
          "[common][sqlite]")
{
    const auto dir = testing::makeTempDir("sqlite");
    auto db = sql::Database::open(dir / "m.db");
    REQUIRE(db);
    auto version = [&]() -> std::string {
        auto q = db->prepare("SELECT value FROM meta WHERE key='t_version'");
        REQUIRE(q);
        return *q->step() ? q->text(0) : std::string("none");
    };
    auto tables = [&] {
        auto q = db->prepare("SELECT group_concat(name) FROM (SELECT name FROM sqlite_master"
                             " WHERE type='table' AND name LIKE 't%' ORDER BY name)");
        REQUIRE(q);
        REQUIRE(*q->step());
        return q->isNull(0) ? std::string() : q->text(0);
    };
    const char* const two[] = {"CREATE TABLE t1(x)", "CREATE TABLE t2(x)"};
    REQUIRE(sql::migrateSchema(*db, "t_version", two, "the test tables"));
    CHECK(version() == "2");
    CHECK(tables() == "t1,t2");
    REQUIRE(sql::migrateSchema(*db, "t_version", two, "the test tables")); // nothing to do

    // A failing step undoes the steps before it in the same call.
    const char* const broken[] = {"CREATE TABLE t1(x)",
                                  "CREATE TABLE t2(x)",
                                  "CREATE TABLE t3(x)",
                                  "CREATE TABLE t4(x); SELECT nonsense FROM nowhere"};
    auto st = sql::migrateSchema(*db, "t_version", broken, "the test tables");
    REQUIRE_FALSE(st);
    CHECK(st.error().code == Error::Code::IoFailed);
    CHECK_THAT(st.error().message, Catch::Matchers::Contains("migration 4 of the test tables"));
    CHECK(version() == "2");
    CHECK(tables() == "t1,t2");

    const char* const three[] = {"CREATE TABLE t1(x)", "CREATE TABLE t2(x)", "CREATE TABLE t3(x)"};
    REQUIRE(sql::migrateSchema(*db, "t_version", three, "the test tables"));
    CHECK(version() == "3");
    CHECK(tables() == "t1,t2,t3");

    // An older build (knowing two steps) refuses the newer tables and leaves them alone.
    st = sql::migrateSchema(*db, "t_version", two, "the test tables");
    REQUIRE_FALSE(st);
    CHECK(st.error().code == Error::Code::Unsupported);
    CHECK_THAT(st.error().message, Catch::Matchers::Contains("newer cloudcost"));
    CHECK(version() == "3");

    REQUIRE(db->exec("UPDATE meta SET value='three' WHERE key='t_version'"));
    st = sql::migrateSchema(*db, "t_version", three, "the test tables");
    REQUIRE_FALSE(st);
    CHECK_THAT(st.error().message, Catch::Matchers::Contains("unreadable t_version"));
    std::filesystem::remove_all(dir);
}
