#pragma once

#include "common/Result.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace cloudcost::sql {

class Statement;

// An open SQLite database (RAII). WAL journal with synchronous=FULL and foreign keys on.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Opens (creating if needed) the file at path; ":memory:" opens a private in-memory database.
    static Result<Database> open(const std::filesystem::path& path, bool readOnly = false);

    // Runs one or more statements without results.
    Status exec(std::string_view sql);
    // Compiles one statement; the error names the SQL on failure.
    Result<Statement> prepare(std::string_view sql);

    std::int64_t lastInsertRowId() const;
    int changes() const;
    std::string errorMessage() const;
    sqlite3* handle() const { return m_db; }
    const std::filesystem::path& path() const { return m_path; }

private:
    sqlite3* m_db = nullptr;
    std::filesystem::path m_path;
};

// A prepared statement (RAII). Bind indexes start at 1, column indexes at 0.
class Statement
{
public:
    Statement() = default;
    Statement(sqlite3_stmt* stmt, sqlite3* db);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value); // copied by SQLite
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value)
    {
        return bind(index, std::string_view(value));
    }
    Statement& bind(int index, std::optional<double> value);
    // Binds text that SQLite reads in place, without its own copy (one malloc and memcpy less
    // per value on the import path): the bytes must stay alive and unchanged until run() or
    // reset(), which clear the bindings.
    Statement& bindStatic(int index, std::string_view value);
    Statement& bindNull(int index);
    int parameterIndex(const char* name) const;

    // Advances: true while a row is available, false when done; an error on failure.
    Result<bool> step();
    // Runs a statement that returns no rows, then resets it for reuse.
    Status run();
    void reset();

    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::optional<double> optReal(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const; // valid until the next step
    int columnCount() const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    sqlite3* m_db = nullptr;
};

// A transaction that rolls back unless commit() is called (RAII).
class Transaction
{
public:
    // IMMEDIATE takes the write lock at once, so a writer never fails half way with SQLITE_BUSY.
    // Inside another transaction it is a savepoint instead: commit() releases it into the outer
    // one, destruction without commit() undoes only its own work (an import batch keeps the
    // files before a bad one).
    static Result<Transaction> begin(Database& db);
    ~Transaction();
    Transaction(Transaction&& other) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Status commit();

private:
    Transaction(Database& db, bool nested)
        : m_db(&db)
        , m_nested(nested)
    {}
    Database* m_db = nullptr;
    bool m_nested = false;
};

// Brings one module's tables to the newest of its numbered migrations (steps[0] makes version 1),
// in one transaction. The version lives under versionKey in the workspace's shared `meta` table,
// so pricing, benchmarks and inventories each migrate only their own tables. A version newer than
// steps knows is refused (Error::Code::Unsupported); `tables` names them in errors ("the
// benchmark tables"). Never edit a shipped step: add one.
Status migrateSchema(Database& db,
                     std::string_view versionKey,
                     std::span<const char* const> steps,
                     std::string_view tables);

} // namespace cloudcost::sql
