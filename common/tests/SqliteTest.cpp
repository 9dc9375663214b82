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
